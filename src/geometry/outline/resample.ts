/** Arc-length resampling, smoothing and offsetting of closed polylines (flat xy arrays, mm). */
import { buildSegmentGrid } from './segmentGrid.js';

/**
 * Resamples a closed polyline to `count` points evenly spaced by arc length, starting at point 0.
 * Linear interpolation along the input edges.
 */
export function resampleClosedCount(xy: Float64Array, count: number): Float64Array {
  const n = xy.length >> 1;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    cum[i + 1] = cum[i]! + Math.hypot(xy[2 * k]! - xy[2 * i]!, xy[2 * k + 1]! - xy[2 * i + 1]!);
  }
  const total = cum[n]!;
  const out = new Float64Array(2 * count);
  let seg = 0;
  for (let s = 0; s < count; s++) {
    const target = (s * total) / count;
    while (seg < n - 1 && cum[seg + 1]! <= target) seg++;
    const len = cum[seg + 1]! - cum[seg]!;
    const t = len > 0 ? (target - cum[seg]!) / len : 0;
    const k = (seg + 1) % n;
    out[2 * s] = xy[2 * seg]! + t * (xy[2 * k]! - xy[2 * seg]!);
    out[2 * s + 1] = xy[2 * seg + 1]! + t * (xy[2 * k + 1]! - xy[2 * seg + 1]!);
  }
  return out;
}

/** Resamples a closed polyline so consecutive points are about `spacing` mm apart (at least 16 points). */
export function resampleClosed(xy: Float64Array, spacing: number): Float64Array {
  const n = xy.length >> 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    total += Math.hypot(xy[2 * k]! - xy[2 * i]!, xy[2 * k + 1]! - xy[2 * i + 1]!);
  }
  return resampleClosedCount(xy, Math.max(16, Math.round(total / spacing)));
}

/**
 * Gaussian smoothing of an evenly spaced closed polyline. `sigmaSamples` is the kernel width in
 * samples, one for every point or one a point (0 leaves the point as is), so smoothing can be
 * stronger near trim corners. (Numbers, not a callback: a callback made afresh each build loses
 * its optimised code when it dies, and is compiled again.)
 */
export function smoothClosed(xy: Float64Array, sigmaSamples: number | Float64Array): Float64Array {
  const n = xy.length >> 1;
  const out = new Float64Array(xy.length);
  const each = typeof sigmaSamples === 'number' ? null : sigmaSamples;
  const all = typeof sigmaSamples === 'number' ? sigmaSamples : 0;
  for (let i = 0; i < n; i++) {
    const sigma = each ? each[i]! : all;
    if (sigma < 0.05) {
      out[2 * i] = xy[2 * i]!;
      out[2 * i + 1] = xy[2 * i + 1]!;
      continue;
    }
    const half = Math.min(Math.ceil(3 * sigma), (n >> 1) - 1);
    let sx = 0, sy = 0, sw = 0;
    for (let k = -half; k <= half; k++) {
      const w = Math.exp((-0.5 * k * k) / (sigma * sigma));
      const j = (((i + k) % n) + n) % n;
      sx += w * xy[2 * j]!;
      sy += w * xy[2 * j + 1]!;
      sw += w;
    }
    out[2 * i] = sx / sw;
    out[2 * i + 1] = sy / sw;
  }
  return out;
}

/**
 * A smooth closed curve through every point of a closed polygon: the centripetal Catmull–Rom
 * spline (knots spaced by the square root of the chord: the only parameterisation of the family
 * that never makes a cusp or a loop within a segment, docs/clinical-basis.md [CB-outline-sparse]),
 * sampled so that no piece is longer than `spacing` mm. Local: each piece depends on four points,
 * so one odd point bends the curve only next to it.
 *
 * @param xy closed polygon, mm, last point not repeating the first (at least 3 points).
 * @returns the curve's samples, starting at point 0; every input point is among them.
 */
export function interpolateClosed(xy: Float64Array, spacing: number): Float64Array {
  const n = xy.length >> 1;
  const out: number[] = [];
  const px = (i: number) => xy[2 * (((i % n) + n) % n)]!;
  const py = (i: number) => xy[2 * (((i % n) + n) % n) + 1]!;
  const knot = (i: number) => Math.sqrt(Math.hypot(px(i + 1) - px(i), py(i + 1) - py(i))) || 1e-9;
  for (let i = 0; i < n; i++) {
    const x0 = px(i - 1), y0 = py(i - 1), x1 = px(i), y1 = py(i), x2 = px(i + 1), y2 = py(i + 1), x3 = px(i + 2), y3 = py(i + 2);
    const t1 = knot(i - 1), t2 = t1 + knot(i), t3 = t2 + knot(i + 1);
    const m = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / spacing));
    out.push(x1, y1);
    for (let k = 1; k < m; k++) {
      const t = t1 + ((t2 - t1) * k) / m;
      // Barry–Goldman pyramid with t0 = 0.
      const a1x = ((t1 - t) * x0 + t * x1) / t1, a1y = ((t1 - t) * y0 + t * y1) / t1;
      const a2x = ((t2 - t) * x1 + (t - t1) * x2) / (t2 - t1), a2y = ((t2 - t) * y1 + (t - t1) * y2) / (t2 - t1);
      const a3x = ((t3 - t) * x2 + (t - t2) * x3) / (t3 - t2), a3y = ((t3 - t) * y2 + (t - t2) * y3) / (t3 - t2);
      const b1x = ((t2 - t) * a1x + t * a2x) / t2, b1y = ((t2 - t) * a1y + t * a2y) / t2;
      const b2x = ((t3 - t) * a2x + (t - t1) * a3x) / (t3 - t1), b2y = ((t3 - t) * a2y + (t - t1) * a3y) / (t3 - t1);
      out.push(((t2 - t) * b1x + (t - t1) * b2x) / (t2 - t1), ((t2 - t) * b1y + (t - t1) * b2y) / (t2 - t1));
    }
  }
  return Float64Array.from(out);
}

/**
 * How noisy a closed outline is, mm: an estimate of the standard deviation of independent noise on
 * its points, from how much each point's offset from its neighbours' chord differs from its
 * neighbours' offsets (a smooth curve's offsets change slowly along it; noise's alternate). The
 * median keeps the toes' and corners' true bends out of it. Points closer together than
 * NOISE_SPACING_MM (along the foot: `spacingMm`) are read every k-th, k phases averaged, so that
 * the neighbours' chords are not themselves mostly noise. Calibrated on uniform noise: ±a mm on
 * each coordinate (sd a/√3) reads within 10 % of a/√3 from 300 to 20,000 points.
 *
 * @param spacingMm the points' spacing along the foot, mm (noise inflates the polygon's own).
 */
export function outlineNoise(xy: Float64Array, spacingMm: number): number {
  const n = xy.length >> 1;
  const k = Math.max(1, Math.min(Math.floor(n / 64), Math.ceil(NOISE_SPACING_MM / Math.max(spacingMm, 1e-9))));
  const phases = Math.min(k, 4);
  let sum = 0;
  for (let phase = 0; phase < phases; phase++) {
    const m = Math.floor((n - phase) / k);
    if (m < 8) return 0;
    const at = (j: number) => 2 * (phase + k * (((j % m) + m) % m));
    const e = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const a = at(j - 1), i = at(j), c = at(j + 1);
      const ax = xy[a]!, ay = xy[a + 1]!, cx = xy[c]!, cy = xy[c + 1]!;
      const l = Math.hypot(cx - ax, cy - ay);
      e[j] = l > 0 ? ((cx - ax) * (xy[i + 1]! - ay) - (cy - ay) * (xy[i]! - ax)) / l : 0;
    }
    const d = new Float64Array(m);
    for (let j = 0; j < m; j++) d[j] = Math.abs(e[j]! - (e[(j + m - 1) % m]! + e[(j + 1) % m]!) / 2);
    d.sort();
    sum += d[m >> 1]!;
  }
  return (NOISE_CALIBRATION * sum) / phases;
}

/** Points closer than this along the foot are read every k-th for the noise (outlineNoise), mm. */
const NOISE_SPACING_MM = 2;

/**
 * 1 / (median |second difference of chord offsets| of independent noise of unit standard deviation),
 * measured on generated outlines read at about 2 mm apart: uniform noise reads 1.47 sd (a Gaussian
 * model gives 1.41).
 */
const NOISE_CALIBRATION = 0.68;

/**
 * A closed counter-clockwise polyline offset by `d` mm: every point moved along its normal (the
 * chord of its neighbours turned right: outward for d > 0, inward for d < 0), less the points that
 * land closer than 0.98·|d| to the polyline (where a neck or a gap is narrower than 2|d|, the naive
 * offset ties a loop; dropping them bridges it instead, as a pen of that radius would).
 */
export function offsetClosed(xy: Float64Array, d: number): Float64Array {
  const n = xy.length >> 1;
  if (n === 0) return new Float64Array(0);
  const moved = new Float64Array(xy.length);
  for (let i = 0; i < n; i++) {
    const a = (i + n - 1) % n, c = (i + 1) % n;
    const tx = xy[2 * c]! - xy[2 * a]!, ty = xy[2 * c + 1]! - xy[2 * a + 1]!;
    const len = Math.hypot(tx, ty) || 1;
    moved[2 * i] = xy[2 * i]! + (d * ty) / len;
    moved[2 * i + 1] = xy[2 * i + 1]! - (d * tx) / len;
  }
  const reach = 0.98 * Math.abs(d);
  // Each moved point against the edges in the grid cells around it (cells at least `reach` wide,
  // and 2 mm: a few edges each at an outline's spacing).
  const grid = buildSegmentGrid(xy, Math.max(reach, 2));
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const qx = moved[2 * i]!, qy = moved[2 * i + 1]!;
    const cx = Math.floor((qx - grid.x0) / grid.cell), cy = Math.floor((qy - grid.y0) / grid.cell);
    let clear = true;
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(grid.gh - 1, cy + 1) && clear; gy++) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(grid.gw - 1, cx + 1) && clear; gx++) {
        const c = gy * grid.gw + gx;
        for (let e = grid.start[c]!; e < grid.start[c + 1]! && clear; e++) {
          const k = grid.items[e]!, ax = xy[2 * k]!, ay = xy[2 * k + 1]!, b = (k + 1) % n;
          const vx = xy[2 * b]! - ax, vy = xy[2 * b + 1]! - ay, l2 = vx * vx + vy * vy;
          const t = l2 > 0 ? Math.max(0, Math.min(1, ((qx - ax) * vx + (qy - ay) * vy) / l2)) : 0;
          if (Math.hypot(qx - ax - t * vx, qy - ay - t * vy) < reach) clear = false;
        }
      }
    }
    if (clear) kept.push(qx, qy);
  }
  return Float64Array.from(kept);
}
