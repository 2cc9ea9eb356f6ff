/** Arc-length resampling and smoothing of closed polylines (flat xy arrays, mm). */

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
 * Gaussian smoothing of an evenly spaced closed polyline. `sigmaSamples(i)` gives the kernel width
 * at point i in samples (0 leaves the point as is), so smoothing can be stronger near trim corners.
 */
export function smoothClosed(xy: Float64Array, sigmaSamples: (i: number) => number): Float64Array {
  const n = xy.length >> 1;
  const out = new Float64Array(xy.length);
  for (let i = 0; i < n; i++) {
    const sigma = sigmaSamples(i);
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
