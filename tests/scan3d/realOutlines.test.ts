/**
 * Outlines a lab would get of the same two real feet without a 3D scanner: a pen tracing and a
 * pressure-plate (or ink) footprint, made here from the real scans (tests/fixtures/real-scans, MIT,
 * Guy Dupont) by code of this test's own, not the tool's. Each is put in a scanner's frame of its
 * own (rotated, offset), digitised as a tracing or a print would be, given the measurements a lab
 * would carry with it (arch height and apex), and built: it must build closed and as prescribed,
 * and its device's outline must lie where the scan-built device's does on the same foot.
 *
 * How each is made (independent of src/):
 * - tracing: a pen held upright against the foot while it stands on paper draws the foot's
 *   silhouette seen from above, out by the pen's radius (here 1.5 mm: a fine-liner); drawn as a
 *   hand does, a point every ~2.5 mm with ±0.5 mm of wobble.
 * - footprint: where the sole touches the floor (scanned sole within 2 mm of it); the toes'
 *   prints joined to the ball as a plate's software outlines them (a closing of 6 mm), the arch's
 *   hollow left as the print shows it; traced along the cells' edges at 1 mm. A print is smaller
 *   than the foot: on these feet 8.3–8.4 mm inside the silhouette on average (the sole's rounded
 *   edge; the toes' tips curl off the floor, 14 mm of length). The tool builds what it is given, so
 *   the device keeps to the print (within 1 mm) and never reaches outside the foot. (Neither real
 *   print has a waist at its midfoot, so the arch bridge is not needed here; generated footprints
 *   with a waist test it in tests/geometry/outlines.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { prepareBuild } from '../../src/pipeline/index.js';
import { readMesh, scanFromMesh } from '../../src/scan3d/index.js';
import { expectWatertight } from '../support/meshCheck.js';
import { rng } from '../support/random.js';
import { readStl } from '../support/stl.js';

const FEET = {
  left: 'tests/fixtures/real-scans/dupont/left_foot.stl',
  right: 'tests/fixtures/real-scans/dupont/right_foot.stl',
} as const;

type M4 = readonly number[];

/** Applies a row-major affine 4×4 to (x, y, z). */
function apply4(m: M4, x: number, y: number, z: number): [number, number, number] {
  return [m[0]! * x + m[1]! * y + m[2]! * z + m[3]!, m[4]! * x + m[5]! * y + m[6]! * z + m[7]!, m[8]! * x + m[9]! * y + m[10]! * z + m[11]!];
}

/** The inverse of an affine 4×4 (row-major). */
function invert4(m: M4): number[] {
  const [a, b, c, d, e, f, g, h, i] = [m[0]!, m[1]!, m[2]!, m[4]!, m[5]!, m[6]!, m[8]!, m[9]!, m[10]!];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const r = [
    (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
    (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
    (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
  ];
  const t = [m[3]!, m[7]!, m[11]!];
  return [
    r[0]!, r[1]!, r[2]!, -(r[0]! * t[0]! + r[1]! * t[1]! + r[2]! * t[2]!),
    r[3]!, r[4]!, r[5]!, -(r[3]! * t[0]! + r[4]! * t[1]! + r[5]! * t[2]!),
    r[6]!, r[7]!, r[8]!, -(r[6]! * t[0]! + r[7]! * t[1]! + r[8]! * t[2]!),
    0, 0, 0, 1,
  ];
}

/** A 1 mm grid of cells over a box, with the cells a test marks. */
interface Cells { x0: number; y0: number; nx: number; ny: number; on: Uint8Array }

function cellsOver(x0: number, y0: number, x1: number, y1: number): Cells {
  const nx = Math.ceil(x1 - x0) + 1, ny = Math.ceil(y1 - y0) + 1;
  return { x0, y0, nx, ny, on: new Uint8Array(nx * ny) };
}

/** Cells within `r` mm of a marked one (r < 0: cells with every cell within −r marked). */
function grow(c: Cells, r: number): Cells {
  const rr = Math.abs(r), R = Math.ceil(rr);
  const out = new Uint8Array(c.on.length);
  for (let j = 0; j < c.ny; j++) for (let i = 0; i < c.nx; i++) {
    let any = false, all = true;
    for (let dj = -R; dj <= R; dj++) for (let di = -R; di <= R; di++) {
      if (di * di + dj * dj > rr * rr) continue;
      const ii = i + di, jj = j + dj;
      const v = ii >= 0 && jj >= 0 && ii < c.nx && jj < c.ny ? c.on[ii + c.nx * jj]! : 0;
      if (v) any = true; else all = false;
    }
    out[i + c.nx * j] = (r >= 0 ? any : all) ? 1 : 0;
  }
  return { ...c, on: out };
}

/** The largest 4-connected piece. */
function largest(c: Cells): Cells {
  const label = new Int32Array(c.on.length).fill(-1);
  let best = -1, bestSize = 0, next = 0;
  const stack: number[] = [];
  for (let k = 0; k < c.on.length; k++) {
    if (!c.on[k] || label[k]! >= 0) continue;
    let size = 0;
    label[k] = next; stack.push(k);
    while (stack.length) {
      const q = stack.pop()!; size++;
      const i = q % c.nx, j = (q - i) / c.nx;
      for (const [ii, jj] of [[i - 1, j], [i + 1, j], [i, j - 1], [i, j + 1]] as const) {
        if (ii < 0 || jj < 0 || ii >= c.nx || jj >= c.ny) continue;
        const n = ii + c.nx * jj;
        if (c.on[n] && label[n]! < 0) { label[n] = next; stack.push(n); }
      }
    }
    if (size > bestSize) { bestSize = size; best = next; }
    next++;
  }
  const on = new Uint8Array(c.on.length);
  for (let k = 0; k < on.length; k++) on[k] = label[k] === best ? 1 : 0;
  return { ...c, on };
}

/**
 * The marked cells' outline, column by column along x (a foot on its own frame is one span a
 * column): the cells' outer edges up one side and back along the other, `every` mm apart.
 */
function columnOutline(c: Cells, every: number): Array<[number, number]> {
  const lo: Array<[number, number]> = [], hi: Array<[number, number]> = [];
  for (let t = 0; t < c.nx; t += every) {
    const i = Math.round(t);
    let j0 = -1, j1 = -1;
    for (let j = 0; j < c.ny; j++) if (c.on[i + c.nx * j]) { if (j0 < 0) j0 = j; j1 = j; }
    if (j0 < 0) continue;
    const x = c.x0 + i;
    lo.push([x, c.y0 + j0 - 0.5]);
    hi.push([x, c.y0 + j1 + 0.5]);
  }
  return [...lo, ...hi.reverse()];
}

/** Points of the foot frame `I` put in a scanner's frame: turned by `deg`, moved by (dx, dy). */
function toScanner(points: Array<[number, number]>, deg: number, dx: number, dy: number): Array<[number, number]> {
  const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180);
  return points.map(([x, y]) => [+(c * x - s * y + dx).toFixed(2), +(s * x + c * y + dy).toFixed(2)]);
}

/** Distance from a point to a closed polyline. */
function distanceTo(px: number, py: number, poly: Float64Array): number {
  let best = Infinity;
  const n = poly.length >> 1;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const ax = poly[2 * b]!, ay = poly[2 * b + 1]!, bx = poly[2 * a]!, by = poly[2 * a + 1]!;
    const ex = bx - ax, ey = by - ay, l2 = ex * ex + ey * ey;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * ex + (py - ay) * ey) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * ex - px, ay + t * ey - py));
  }
  return best;
}

/** Whether a point lies inside a closed polygon (even-odd). */
function inside(px: number, py: number, poly: Float64Array): boolean {
  let odd = false;
  const n = poly.length >> 1;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const ay = poly[2 * a + 1]!, by = poly[2 * b + 1]!;
    if ((ay > py) !== (by > py) && px < poly[2 * a]! + ((py - ay) / (by - ay)) * (poly[2 * b]! - poly[2 * a]!)) odd = !odd;
  }
  return odd;
}

/** Signed area (positive counter-clockwise). */
function area(poly: Float64Array): number {
  let s = 0;
  const n = poly.length >> 1;
  for (let a = 0, b = n - 1; a < n; b = a++) s += poly[2 * b]! * poly[2 * a + 1]! - poly[2 * a]! * poly[2 * b + 1]!;
  return s / 2;
}

/** The device's outline (a prepared build's, in its foot frame) carried back to the frame `I` by `toI`. */
function outlineIn(outline: Float64Array, toI: M4): Float64Array {
  const out = new Float64Array(outline.length);
  for (let k = 0; k < outline.length; k += 2) {
    const [x, y] = apply4(toI, outline[k]!, outline[k + 1]!, 0);
    out[k] = x; out[k + 1] = y;
  }
  return out;
}

/** How far one outline lies from another: mean and largest distance, both ways. */
function compare(a: Float64Array, b: Float64Array): { meanMm: number; maxMm: number } {
  let s = 0, n = 0, max = 0;
  for (const [p, q] of [[a, b], [b, a]] as const) {
    for (let k = 0; k < p.length; k += 2) {
      const d = distanceTo(p[k]!, p[k + 1]!, q);
      s += d; n++; max = Math.max(max, d);
    }
  }
  return { meanMm: s / n, maxMm: max };
}

describe.each(['left', 'right'] as const)('outlines of the real %s foot made without a 3D scanner', (side) => {
  const bytes = new Uint8Array(readFileSync(FEET[side]));
  const { scan, surface } = scanFromMesh(bytes, FEET[side], 'stl', { id: `dupont-${side}` });
  const intake = surface.intake;
  // The frame I: the intake's foot frame (floor z = 0, mm). The scan-built device's outline in it.
  const toI = intake.matrix4;
  const prep0 = prepareBuild(scan, undefined, { surface });
  const scanBuilt = outlineIn(prep0.outline, (() => {
    // D0 → file → I
    const back = invert4(prep0.matrix4);
    const m: number[] = [];
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v += toI[4 * r + k]! * back[4 * k + c]!;
      m.push(v);
    }
    return m;
  })());
  const { archHeight, archApexX } = scan.measurements;
  const r = rng(side === 'left' ? 11 : 12);

  /** Builds a JSON scan of `points` (frame I) put in a scanner's frame; its device's outline back in I. */
  function buildFrom(points: Array<[number, number]>, kind: string) {
    const deg = 360 * r() - 180, dx = 400 * r() - 200, dy = 400 * r() - 200;
    const json = {
      schemaVersion: 1, id: `dupont-${side}-${kind}`, side, units: 'mm',
      outline: toScanner(points, deg, dx, dy),
      measurements: { archHeight, archApexX },
      prescription: { heelCupDepth: 14, rearfootPost: { wedge: 'medial', angle: 4 } },
    };
    const built = buildOrthotic(json, undefined, { resolutionMm: 1 });
    const prep = prepareBuild(json, undefined, {});
    // D → scanner frame → I (undo the turn and the move).
    const back = invert4(prep.matrix4);
    const c = Math.cos((-deg * Math.PI) / 180), s = Math.sin((-deg * Math.PI) / 180);
    const unturn = [c, -s, 0, -(c * dx - s * dy), s, c, 0, -(s * dx + c * dy), 0, 0, 1, 0, 0, 0, 0, 1];
    const m: number[] = [];
    for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v += unturn[4 * row + k]! * back[4 * k + col]!;
      m.push(v);
    }
    return { built, json, outline: outlineIn(prep.outline, m) };
  }

  function expectBuiltAsPrescribed(built: ReturnType<typeof buildOrthotic>, label: string): void {
    expect(built.report.mesh.closed).toBe(true);
    const m = built.report.measured!;
    expect(m.heelCupDepthMm, label).toBeGreaterThan(13.5);
    expect(m.heelCupDepthMm, label).toBeLessThan(14.5);
    expect(Math.abs(m.postAngleDeg - 4), label).toBeLessThan(0.3);
    expect(m.postHighSide, label).toBe('medial');
    expect(Math.abs(m.lengthMm - built.report.foot.footLengthMm), label).toBeLessThan(2);
    expectWatertight(readStl(toStl(built.mesh)).triangles, label);
  }

  it('a pen tracing (silhouette + 1.5 mm pen, a point every 2.5 mm, ±0.5 mm wobble) builds closed, as prescribed, on the scan-built device\'s outline (mean ≤ 2.5 mm, worst ≤ 6 mm)', () => {
    const mesh = readMesh(bytes, 'stl');
    const pos = mesh.positions;
    const pts: Array<[number, number]> = [];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let v = 0; v < pos.length; v += 3) {
      const [x, y, z] = apply4(toI, pos[v]!, pos[v + 1]!, pos[v + 2]!);
      if (z > 80) continue; // the leg above the ankle: not what a pen on the paper touches
      pts.push([x, y]);
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    let cells = cellsOver(Math.floor(x0) - 8, Math.floor(y0) - 8, x1 + 8, y1 + 8);
    for (const [x, y] of pts) cells.on[Math.round(x - cells.x0) + cells.nx * Math.round(y - cells.y0)] = 1;
    // The scan's vertices are ~3 mm apart: close the gaps (4 mm), then back to the silhouette plus the pen.
    cells = largest(grow(grow(cells, 4), -(4 - 1.5)));
    const wobble = rng(side === 'left' ? 21 : 22);
    const tracing = columnOutline(cells, 2.5).map(([x, y]) => [x + (wobble() - 0.5), y + (wobble() - 0.5)] as [number, number]);
    const { built, outline } = buildFrom(tracing, 'tracing');
    expectBuiltAsPrescribed(built, `${side} tracing`);
    const d = compare(outline, scanBuilt);
    const areaRatio = area(outline) / area(scanBuilt);
    process.stdout.write(`${side} tracing: ${tracing.length} points; device outline vs scan-built: mean ${d.meanMm.toFixed(2)} mm, worst ${d.maxMm.toFixed(2)} mm, area ${areaRatio.toFixed(3)}×, length ${built.report.foot.footLengthMm.toFixed(1)} vs ${prep0.landmarks.footLengthMm.toFixed(1)} mm\n`);
    expect(d.meanMm).toBeLessThanOrEqual(2.5);
    expect(d.maxMm).toBeLessThanOrEqual(6);
    expect(areaRatio).toBeGreaterThan(0.97);
    expect(areaRatio).toBeLessThan(1.1);
  });

  it('a pressure-plate footprint (contact within 2 mm, toes joined) builds closed and as prescribed, as the print is: inside the foot\'s outline, by the print\'s own inset', () => {
    const g = intake.scanned;
    expect(g.step).toBe(1);
    let cells = cellsOver(g.x0, g.y0, g.x0 + (g.nx - 1) * g.step, g.y0 + (g.ny - 1) * g.step);
    for (let k = 0; k < g.heights.length; k++) {
      const h = g.heights[k]!;
      if (h === h && h <= 2) cells.on[k] = 1;
    }
    cells = largest(grow(grow(cells, 6), -6));
    const print = columnOutline(cells, 1);
    const { built, outline } = buildFrom(print, 'footprint');
    expectBuiltAsPrescribed(built, `${side} footprint`);
    // A print shows where the loaded sole touches: inside the foot's silhouette by the sole's
    // rounded edge (and the toes' tips, which curl off the floor). The device keeps to the print:
    // nowhere outside the foot, and as far inside it as the print itself is.
    const printed = Float64Array.from(print.flat());
    const asPrinted = compare(printed, scanBuilt), device = compare(outline, scanBuilt), toPrint = compare(outline, printed);
    let outside = 0;
    for (let k = 0; k < outline.length; k += 2) if (!inside(outline[k]!, outline[k + 1]!, scanBuilt)) outside = Math.max(outside, distanceTo(outline[k]!, outline[k + 1]!, scanBuilt));
    process.stdout.write(`${side} footprint: ${print.length} points; print vs scan-built outline: mean ${asPrinted.meanMm.toFixed(2)} mm, worst ${asPrinted.maxMm.toFixed(2)} mm; device vs scan-built: mean ${device.meanMm.toFixed(2)}, worst ${device.maxMm.toFixed(2)}; device vs print: mean ${toPrint.meanMm.toFixed(2)}, worst ${toPrint.maxMm.toFixed(2)}; outside the foot by ${outside.toFixed(2)} mm; length ${built.report.foot.footLengthMm.toFixed(1)} vs ${prep0.landmarks.footLengthMm.toFixed(1)} mm\n`);
    expect(outside).toBeLessThanOrEqual(1);
    expect(toPrint.meanMm).toBeLessThanOrEqual(1);
    expect(toPrint.maxMm).toBeLessThanOrEqual(3);
    expect(Math.abs(device.meanMm - asPrinted.meanMm)).toBeLessThanOrEqual(1);
  });
});
