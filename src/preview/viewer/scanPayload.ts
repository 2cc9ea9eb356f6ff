/**
 * What the 3D viewer's page carries of a device built from a 3D scan: the scanned sole where the
 * foot rests on the device, and the fit's samples, both on grids.
 */
import { FIT_RULES, pitchAt, type Pitch } from '../../geometry/index.js';
import type { BuiltOrthotic } from '../../pipeline/index.js';
import { GRID_NONE, gridValueAt, type ValueGrid } from './fitField.js';
import type { EncodedGrid, PayloadScan } from './viewerTypes.js';

/**
 * The sole's grid step in the page, mm. The scan's sole (1 mm) is sampled every second node: 2 mm
 * is finer than a screen shows of a foot's sole, and the page carries a quarter of the nodes.
 */
export const SOLE_PREVIEW_STEP_MM = 2;

/**
 * The steepest the shown sole gets, degrees. Past the plantar surface the scanned sole climbs the
 * foot's side (to ~40 mm beside the arch, over the device's edge: hairs of wire sticking up from the
 * rim); the page shows the part of the sole reached from its largest flat part without crossing a
 * slope steeper than this. On Dupont's feet the plantar surface stays under ~45° (the heel's and
 * the arch's curves), the sides climb at 50–80°; at 60° short hairs were still left along the rim.
 */
export const SOLE_PREVIEW_MAX_SLOPE_DEG = 45;

/** What scanPayload reads of a build. */
type ScanDevice = Pick<BuiltOrthotic, 'report'> & Partial<Pick<BuiltOrthotic, 'scan'>>;

/**
 * The page's data for a device built from a 3D scan and measured against it: the scanned sole
 * raised by the fit's offset (where the foot rests on the device) and pitched as the device is
 * (the shoe's heel pitch is a vertical shear: it moves the sole and the device alike, so the fit
 * is the same), sampled every SOLE_PREVIEW_STEP_MM, its plantar part only (SOLE_PREVIEW_MAX_SLOPE_DEG);
 * and the fit's samples (device − sole − offset)
 * on a grid of the fit's own step, each node taking the nearest sample within half a cell's
 * diagonal. Undefined for any other device (no scan, not measured, no sample).
 */
export function scanPayload(d: ScanDevice): PayloadScan | undefined {
  const fit = d.report.fit;
  if (!d.scan || !fit || !d.scan.deviations.length || !Number.isFinite(fit.offsetMm)) return undefined;
  const pitch = d.report.shoe?.pitch ?? null;
  const { sole: s, deviations } = d.scan;
  return {
    sole: encodeGrid(pitched(plantar(decimate({ x0: s.x0, y0: s.y0, step: s.step, nx: s.nx, ny: s.ny, values: s.heights }, SOLE_PREVIEW_STEP_MM, fit.offsetMm), SOLE_PREVIEW_MAX_SLOPE_DEG), pitch)),
    fit: encodeGrid(gridSamples(deviations, FIT_RULES.stepMm)),
    worstGapMm: r2(fit.maxGapMm),
    worstPressureMm: r2(fit.maxAboveMm),
  };
}

/** The grid sampled every `step` from its first node, + offset. */
function decimate(g: ValueGrid, step: number, offsetMm: number): ValueGrid {
  const nx = Math.floor(((g.nx - 1) * g.step) / step + 1e-9) + 1, ny = Math.floor(((g.ny - 1) * g.step) / step + 1e-9) + 1;
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = g.y0 + j * step;
    for (let i = 0; i < nx; i++) {
      const x = g.x0 + i * step;
      values[i + nx * j] = gridValueAt(g, x, y) + offsetMm;
    }
  }
  return { x0: g.x0, y0: g.y0, step, nx, ny, values };
}

/** The grid raised by the heel pitch at each node's x, as applyPitch raises the device. */
function pitched(g: ValueGrid, pitch: Pitch | null): ValueGrid {
  if (!pitch) return g;
  const values = new Float64Array(g.nx * g.ny);
  for (let k = 0; k < values.length; k++) values[k] = g.values[k]! + pitchAt(pitch, g.x0 + (k % g.nx) * g.step);
  return { ...g, values };
}

/**
 * The grid's plantar surface: nodes where the surface is no steeper than `maxSlopeDeg` (to any of
 * the four neighbours; level, before the pitch), and of those only the largest 4-connected piece
 * (the first found among equals); NaN elsewhere; cropped to that piece.
 */
function plantar(g: ValueGrid, maxSlopeDeg: number): ValueGrid {
  const { nx, ny, values: z } = g;
  const limit = Math.tan((maxSlopeDeg * Math.PI) / 180) * g.step;
  const flat = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = i + nx * j, h = z[k]!;
      if (h !== h) continue;
      const steep = (ii: number, jj: number) => ii >= 0 && jj >= 0 && ii < nx && jj < ny && Math.abs(z[ii + nx * jj]! - h) > limit;
      flat[k] = steep(i - 1, j) || steep(i + 1, j) || steep(i, j - 1) || steep(i, j + 1) ? 0 : 1;
    }
  }
  // Label the flat pieces (an explicit stack, no recursion) and keep the largest.
  const piece = new Int32Array(nx * ny).fill(-1);
  const stack = new Int32Array(nx * ny);
  let best = -1, bestSize = 0, label = 0;
  for (let start = 0; start < nx * ny; start++) {
    if (!flat[start] || piece[start]! >= 0) continue;
    let top = 0, size = 0;
    stack[top++] = start;
    piece[start] = label;
    while (top) {
      const k = stack[--top]!;
      size++;
      const i = k % nx, j = (k - i) / nx;
      for (const n of [i > 0 ? k - 1 : -1, i + 1 < nx ? k + 1 : -1, j > 0 ? k - nx : -1, j + 1 < ny ? k + nx : -1]) {
        if (n >= 0 && flat[n] && piece[n]! < 0) { piece[n] = label; stack[top++] = n; }
      }
    }
    if (size > bestSize) { best = label; bestSize = size; }
    label++;
  }
  // Cropped to the piece kept.
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1;
  for (let k = 0; k < nx * ny; k++) {
    if (piece[k] !== best || best < 0) continue;
    const i = k % nx, j = (k - i) / nx;
    i0 = Math.min(i0, i); i1 = Math.max(i1, i); j0 = Math.min(j0, j); j1 = Math.max(j1, j);
  }
  if (i1 < 0) return { ...g, nx: 1, ny: 1, values: [Number.NaN] };
  const cx = i1 - i0 + 1, cy = j1 - j0 + 1;
  const values = new Float64Array(cx * cy);
  for (let j = 0; j < cy; j++) for (let i = 0; i < cx; i++) {
    const k = i0 + i + nx * (j0 + j);
    values[i + cx * j] = piece[k] === best ? z[k]! : Number.NaN;
  }
  return { x0: g.x0 + i0 * g.step, y0: g.y0 + j0 * g.step, step: g.step, nx: cx, ny: cy, values };
}

/** Scattered (x, y, value) triples on a grid over their extent: each node the nearest sample within step·√2/2, else NaN. */
function gridSamples(xyd: Float64Array, step: number): ValueGrid {
  const m = xyd.length / 3;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < m; k++) {
    x0 = Math.min(x0, xyd[3 * k]!); x1 = Math.max(x1, xyd[3 * k]!);
    y0 = Math.min(y0, xyd[3 * k + 1]!); y1 = Math.max(y1, xyd[3 * k + 1]!);
  }
  const nx = Math.ceil((x1 - x0) / step - 1e-6) + 1, ny = Math.ceil((y1 - y0) / step - 1e-6) + 1;
  const values = new Float64Array(nx * ny).fill(Number.NaN);
  const best = new Float64Array(nx * ny).fill((step * step) / 2 + 1e-9);
  // Each sample offers itself to the nodes of its cell and the cells around it; the nearest wins
  // (ties: the sample first in the list), so the grid does not depend on anything but the samples.
  for (let k = 0; k < m; k++) {
    const x = xyd[3 * k]!, y = xyd[3 * k + 1]!;
    const ic = Math.round((x - x0) / step), jc = Math.round((y - y0) / step);
    for (let j = Math.max(0, jc - 1); j <= Math.min(ny - 1, jc + 1); j++) {
      for (let i = Math.max(0, ic - 1); i <= Math.min(nx - 1, ic + 1); i++) {
        const d2 = (x0 + i * step - x) ** 2 + (y0 + j * step - y) ** 2;
        if (d2 < best[i + nx * j]!) {
          best[i + nx * j] = d2;
          values[i + nx * j] = xyd[3 * k + 2]!;
        }
      }
    }
  }
  return { x0, y0, step, nx, ny, values };
}

/** A grid as the page carries it: int16 hundredths of a mm, little-endian, base64; GRID_NONE for NaN. */
function encodeGrid(g: ValueGrid): EncodedGrid {
  const q = new Int16Array(g.nx * g.ny);
  for (let k = 0; k < q.length; k++) {
    const v = g.values[k]!;
    q[k] = v === v ? Math.max(-32767, Math.min(32767, Math.round(v * 100))) : GRID_NONE;
  }
  return { x0: r3(g.x0), y0: r3(g.y0), stepMm: g.step, nx: g.nx, ny: g.ny, values: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64') };
}

const r2 = (v: number): number => Math.round(v * 100) / 100 + 0;
const r3 = (v: number): number => Math.round(v * 1000) / 1000 + 0;
