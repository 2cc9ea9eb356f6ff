import type { Mesh } from '../mesh/types.js';
import { verticalExtent } from '../outline/polygon.js';
import type { SoleGrid } from '../sole/index.js';
import { loadMeasureKernel } from './measureKernel.js';

/** Where the fit is measured: the footprint away from the walls (engineering choices, stated in the README). */
export const FIT_RULES = {
  /** At least this far inside the device outline, mm (clear of the heel cup's and flanges' walls). */
  insetMm: 8,
  /** From the heel to this fraction of foot length (the toes bend; devices end before them). */
  toFraction: 0.85,
  /** Sample spacing, mm. */
  stepMm: 2,
} as const;

/** How the device's top meets the scanned sole (the foot resting on it), mm. */
export interface Fit {
  /** Median and 95th percentile of |device − sole|. */
  medianMm: number;
  p95Mm: number;
  /** Largest gap: the device below the sole (no support there). */
  maxGapMm: number;
  /** Largest pressure: the device above the sole (it pushes into the foot there). */
  maxAboveMm: number;
  /** The vertical offset that registers the sole on the device (the median of device − sole), mm. */
  offsetMm: number;
  /** Points measured. */
  samples: number;
  /** The deviation (device − sole − offset) at each sample: x, y, d triples (for maps). */
  deviations: Float64Array;
}

/**
 * Measures the device's top surface against a scanned sole: at sample points of the footprint
 * `FIT_RULES.insetMm` inside the device outline, heel to `toFraction` of the foot's length, the top's
 * height (a vertical ray on the mesh) minus the sole's height. The sole is registered where the foot
 * rests on the device: shifted by the median difference (the shell's thickness under a total-contact
 * device), so a device with no correction reads zero.
 *
 * @param mesh the device, foot frame; triangles [0, topTriangles) are its top.
 * @param sole the sole as scanned, foot frame (NaN off the footprint).
 * @param outline the device outline, CCW, foot frame.
 */
export function fitToSole(mesh: Mesh, topTriangles: number, sole: SoleGrid, outline: Float64Array, footLengthMm: number): Fit {
  const k = loadMeasureKernel(mesh);
  k.grid(0, topTriangles, 2); // the top's triangles in 2 mm cells, for its heights (k.heightAt)
  const n = outline.length >> 1;
  const pts: number[] = [];
  const diffs: number[] = [];
  const inset = FIT_RULES.insetMm, step = FIT_RULES.stepMm;
  for (let x = step / 2; x <= FIT_RULES.toFraction * footLengthMm; x += step) {
    const e = verticalExtent(outline, x);
    if (!e) continue;
    for (let y = e[0] + inset; y <= e[1] - inset; y += step) {
      // The distance to the outline, exactly (the extent says only across).
      let d2 = Infinity;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ax = outline[2 * j]!, ay = outline[2 * j + 1]!, bx = outline[2 * i]!, by = outline[2 * i + 1]!;
        const vx = bx - ax, vy = by - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy || 1)));
        const dx = x - ax - t * vx, dy = y - ay - t * vy;
        d2 = Math.min(d2, dx * dx + dy * dy);
      }
      if (d2 < inset * inset) continue;
      const s = soleHere(sole, x, y);
      const top = k.heightAt(x, y);
      if (s !== s || top !== top) continue;
      pts.push(x, y);
      diffs.push(top - s);
    }
  }
  const m = diffs.length;
  if (!m) return { medianMm: NaN, p95Mm: NaN, maxGapMm: NaN, maxAboveMm: NaN, offsetMm: NaN, samples: 0, deviations: new Float64Array(0) };
  const sorted = Float64Array.from(diffs).sort();
  const offset = quantile(sorted, 0.5);
  const dev = new Float64Array(3 * m);
  const abs = new Float64Array(m);
  let gap = 0, above = 0;
  for (let k = 0; k < m; k++) {
    const d = diffs[k]! - offset;
    dev[3 * k] = pts[2 * k]!; dev[3 * k + 1] = pts[2 * k + 1]!; dev[3 * k + 2] = d;
    abs[k] = Math.abs(d);
    gap = Math.max(gap, -d); above = Math.max(above, d);
  }
  abs.sort();
  return { medianMm: quantile(abs, 0.5), p95Mm: quantile(abs, 0.95), maxGapMm: gap, maxAboveMm: above, offsetMm: offset, samples: m, deviations: dev };
}

/** The sole's height at (x, y), bilinear; NaN where any of the four cells is off the footprint. */
function soleHere(g: SoleGrid, x: number, y: number): number {
  const fx = (x - g.x0) / g.step, fy = (y - g.y0) / g.step;
  const i = Math.floor(fx), j = Math.floor(fy);
  if (i < 0 || j < 0 || i >= g.nx - 1 || j >= g.ny - 1) return NaN;
  const u = fx - i, v = fy - j, h = g.heights, k = i + g.nx * j;
  return (1 - v) * ((1 - u) * h[k]! + u * h[k + 1]!) + v * ((1 - u) * h[k + g.nx]! + u * h[k + g.nx + 1]!);
}

function quantile(sorted: Float64Array, q: number): number {
  const f = q * (sorted.length - 1), i = Math.floor(f), t = f - i;
  return i + 1 < sorted.length ? sorted[i]! * (1 - t) + sorted[i + 1]! * t : sorted[i]!;
}
