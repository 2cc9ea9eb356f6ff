/**
 * What the viewer adds for devices built from a 3D scan: the scanned sole where the foot rests on
 * the device (a wire grid, toggled), and the fit colouring (the top against the sole: gap or
 * pressure, on a diverging scale). Only in the page bundle built with ORTHOTIC_SCAN.
 */
import { Box3, BufferAttribute, BufferGeometry, DoubleSide, Group, LineBasicMaterial, LineSegments, Mesh, MeshBasicMaterial } from 'three';
// Directly, not through ../../shared/index.js (see there).
import { cssDivergingGradient, divergingAt } from '../../shared/colourMap.js';
import { fitField, FIT_SCALE_MM, type ValueGrid } from '../fitField.js';
import { COLOUR_MODES, type ViewerHooks, type ViewerPayload, type ViewerState } from '../viewerTypes.js';
import { decodeGrid } from './decodeMesh.js';
import { linear, PLAIN_SRGB } from './deviceGeometry.js';
import { renderLegend } from './renderLegend.js';
import type { ShownDevice } from './startViewer.js';

/** The colour of top vertices outside the fit's region (heel-cup walls, edges, toes), sRGB 0–1: a mid grey, apart from the scale's near-white middle. */
export const NOT_MEASURED_SRGB: [number, number, number] = [0.6, 0.62, 0.65];

/** The sole's wire grid: a line every this many grid nodes, both ways (1.5 mm nodes: every 6 mm). */
const WIRE_EVERY = 4;
/** CSS colour of the sole's wire grid and its faint skin. */
const SOLE_COLOUR = '#14324f';

type ViewerStateCore = Omit<ViewerState, 'legend' | 'devices' | 'frames'>;

/**
 * Sets up the scan layers of a page: each device with a scan gets its fit values (per top vertex)
 * and its sole (a child of its root, shown when `state.sole`); `fit` joins the colour modes; the
 * sole toggle and `hooks.setSole` work.
 *
 * @param refresh repaints, syncs the toolbar and draws (after the sole is shown or hidden).
 */
export function startScanLayers(ctx: { doc: Document; payload: ViewerPayload; devices: ShownDevice[]; state: ViewerStateCore; hooks: ViewerHooks; refresh: () => void }): void {
  const { doc, payload, devices, state, hooks } = ctx;
  state.sole = payload.initial.sole ?? true;
  devices.forEach((d, i) => {
    const scan = payload.devices[i]?.scan;
    if (!scan) return;
    const positions = d.geometry.geometry.getAttribute('position').array as Float32Array;
    const topVertexCount = payload.devices[i]!.topVertexCount;
    d.fit = { values: fitField(decodeGrid(scan.fit), positions, topVertexCount), topVertexCount, worstGapMm: scan.worstGapMm, worstPressureMm: scan.worstPressureMm };
    d.sole = soleLayer(decodeGrid(scan.sole));
    d.soleBox = new Box3();
    for (const part of d.sole.children) {
      const g = (part as Mesh | LineSegments).geometry;
      g.computeBoundingBox();
      d.soleBox.union(g.boundingBox!);
    }
    d.sole.visible = state.sole!;
    d.root.add(d.sole);
  });
  hooks.colourModes = [...COLOUR_MODES, 'fit'];
  const toggle = doc.getElementById('sole-toggle') as HTMLInputElement | null;
  const setSole = (on: boolean) => {
    state.sole = on;
    for (const d of devices) if (d.sole) d.sole.visible = on;
    if (toggle) toggle.checked = on;
    ctx.refresh();
  };
  hooks.setSole = setSole;
  if (toggle) {
    toggle.checked = state.sole;
    toggle.addEventListener('change', () => setSole(toggle.checked));
  }
}

/**
 * Colours every device by its fit: top vertices on the diverging scale over ±FIT_SCALE_MM (the end
 * colours beyond), those outside the fit's region NOT_MEASURED_SRGB; underside and rim, and devices
 * without a scan, the plain colour. Fills the legend.
 *
 * @param shown the devices shown (the legend's worst values are theirs).
 * @returns the legend's state.
 */
export function paintFit(shown: readonly ShownDevice[], devices: readonly ShownDevice[], legendEl: HTMLElement, guides: boolean): NonNullable<ViewerState['legend']> {
  const rgb: [number, number, number] = [0, 0, 0];
  for (const d of devices) {
    const colour = d.geometry.geometry.getAttribute('color') as BufferAttribute;
    const out = colour.array as Float32Array;
    const fit = d.fit;
    // Vertices past the top (the underside, and the rim's own copies past the mesh's vertices) are plain.
    for (let k = 0; k < colour.count; k++) {
      const value = fit && k < fit.topVertexCount ? fit.values[k]! : Number.POSITIVE_INFINITY;
      const c = value === Number.POSITIVE_INFINITY ? PLAIN_SRGB : value === value ? divergingAt(value / FIT_SCALE_MM, rgb) : NOT_MEASURED_SRGB;
      out[3 * k] = linear(c[0]); out[3 * k + 1] = linear(c[1]); out[3 * k + 2] = linear(c[2]);
    }
    colour.needsUpdate = true;
  }
  const measured = shown.filter((d) => d.fit);
  const worst = measured.length ? { gap: Math.max(...measured.map((d) => d.fit!.worstGapMm)), above: Math.max(...measured.map((d) => d.fit!.worstPressureMm)) } : null;
  const ticks = fitLegend(legendEl, guides, worst, measured.length < shown.length);
  return { title: 'fit', lo: -FIT_SCALE_MM, hi: FIT_SCALE_MM, ticks };
}

/**
 * The fit legend: a diverging bar over ±FIT_SCALE_MM with round ticks (the ends "≤ −3" and "≥ 3":
 * the scale saturates), what each side means, the worst values of the devices shown, and the guides' key.
 * @returns the ticks drawn.
 */
function fitLegend(el: HTMLElement, guides: boolean, worst: { gap: number; above: number } | null, someWithout: boolean): number[] {
  renderLegend(el, 'plain', 0, 1, 0, guides); // the guides' key, or nothing
  const key = el.firstChild;
  const s = FIT_SCALE_MM;
  const ticks: number[] = [];
  for (let t = -s; t <= s; t++) ticks.push(t);
  const parts: Node[] = [div('title', 'Fit to the scanned sole (mm)')];
  const bar = div('bar inset', '');
  bar.style.background = cssDivergingGradient('to right');
  parts.push(bar);
  const row = div('ticks inset', '');
  for (const t of ticks) {
    const span = document.createElement('span');
    span.textContent = t === -s ? `\u2264 \u2212${s}` : t === s ? `\u2265 ${s}` : t < 0 ? `\u2212${-t}` : String(t);
    span.style.left = `${(100 * (t + s)) / (2 * s)}%`;
    row.append(span);
  }
  parts.push(row);
  const ends = div('ends', '');
  ends.append(div('', '\u25c0 gap: device below the sole'), div('', 'pressure: device above \u25b6'));
  parts.push(ends);
  const notes = [
    `Device top \u2212 sole, registered at the median; beyond \u00b1${s} mm the end colours.`,
    worst ? `Worst: ${worst.gap.toFixed(1)} mm gap, ${worst.above.toFixed(1)} mm pressure.` : '',
    'Grey: not measured (8 mm along the edge, the toes).',
    someWithout ? 'Plain: no 3D scan.' : '',
  ].filter(Boolean);
  parts.push(div('note', notes.join(' ')));
  if (key) (key as HTMLElement).style.marginTop = '6px';
  el.prepend(...parts);
  return ticks;
}

/**
 * The scanned sole as a wire grid: a line every WIRE_EVERY nodes along x and along y, through every
 * node that has a height (the footprint), and a faint skin over the cells whose four corners do.
 */
function soleLayer(g: ValueGrid): Group {
  const { nx, ny, values } = g;
  const at = (i: number, j: number) => values[i + nx * j]!;
  const has = (i: number, j: number) => at(i, j) === at(i, j);
  let segments = 0, cells = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (i + 1 < nx && j % WIRE_EVERY === 0 && has(i, j) && has(i + 1, j)) segments++;
      if (j + 1 < ny && i % WIRE_EVERY === 0 && has(i, j) && has(i, j + 1)) segments++;
      if (i + 1 < nx && j + 1 < ny && has(i, j) && has(i + 1, j) && has(i, j + 1) && has(i + 1, j + 1)) cells++;
    }
  }
  const lines = new Float32Array(6 * segments), skin = new Float32Array(nx * ny * 3), index = new Uint32Array(6 * cells);
  let s = 0, c = 0;
  const put = (i: number, j: number) => {
    lines[s++] = g.x0 + i * g.step; lines[s++] = g.y0 + j * g.step; lines[s++] = at(i, j);
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = i + nx * j;
      skin[3 * k] = g.x0 + i * g.step; skin[3 * k + 1] = g.y0 + j * g.step; skin[3 * k + 2] = has(i, j) ? at(i, j) : 0;
      if (i + 1 < nx && j % WIRE_EVERY === 0 && has(i, j) && has(i + 1, j)) { put(i, j); put(i + 1, j); }
      if (j + 1 < ny && i % WIRE_EVERY === 0 && has(i, j) && has(i, j + 1)) { put(i, j); put(i, j + 1); }
      if (i + 1 < nx && j + 1 < ny && has(i, j) && has(i + 1, j) && has(i, j + 1) && has(i + 1, j + 1)) {
        index[c++] = k; index[c++] = k + 1; index[c++] = k + nx + 1;
        index[c++] = k; index[c++] = k + nx + 1; index[c++] = k + nx;
      }
    }
  }
  const group = new Group();
  group.name = 'sole';
  const wire = new BufferGeometry();
  wire.setAttribute('position', new BufferAttribute(lines, 3));
  group.add(new LineSegments(wire, new LineBasicMaterial({ color: SOLE_COLOUR, transparent: true, opacity: 0.4 })));
  const surface = new BufferGeometry();
  surface.setAttribute('position', new BufferAttribute(skin, 3));
  surface.setIndex(new BufferAttribute(index, 1));
  group.add(new Mesh(surface, new MeshBasicMaterial({ color: SOLE_COLOUR, transparent: true, opacity: 0.08, depthWrite: false, side: DoubleSide })));
  return group;
}

function div(cls: string, text: string): HTMLDivElement {
  const d = document.createElement('div');
  if (cls) d.className = cls;
  d.textContent = text;
  return d;
}
