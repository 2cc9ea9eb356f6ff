import { verticalExtents } from '../outline/index.js';

/**
 * The device outline's medial edge and width as smooth functions of x (foot frame), sampled at
 * stations; the kernel interpolates them with Catmull-Rom cubics (Surface.medialYAt, widthAt), so
 * surfaces built on them are C1.
 */
export interface EdgeProfile {
  x0: number;
  step: number;
  /** y of the medial edge at each station, mm. */
  medialY: Float64Array;
  /** Width (medial to lateral) at each station, mm. */
  width: Float64Array;
}

/** Samples and smooths the medial edge and width of an outline every `step` mm. */
export function edgeProfile(xy: Float64Array, medialSign: 1 | -1, x0: number, x1: number, step = 2, sigmaMm = 5): EdgeProfile {
  const count = Math.max(4, Math.ceil((x1 - x0) / step) + 1);
  const med = new Float64Array(count), wid = new Float64Array(count);
  const xs = new Float64Array(count), lo = new Float64Array(count), hi = new Float64Array(count);
  for (let j = 0; j < count; j++) xs[j] = Math.min(x1 - 1e-6, Math.max(x0 + 1e-6, x0 + j * step));
  verticalExtents(xy, xs, count, lo, hi);
  let lastLo: number | null = null; // the last station that met the outline
  const missing: number[] = [];
  for (let j = 0; j < count; j++) {
    if (lo[j]! > hi[j]!) { missing.push(j); continue; }
    lastLo = lo[j]!;
    med[j] = medialSign > 0 ? hi[j]! : lo[j]!;
    wid[j] = Math.max(hi[j]! - lo[j]!, 1e-3);
  }
  // Stations that missed the outline (its very tips) copy their nearest neighbour.
  for (const j of missing) {
    let k = 1;
    while (missing.includes(j - k) && missing.includes(j + k)) k++;
    const src = !missing.includes(j - k) && j - k >= 0 ? j - k : j + k;
    med[j] = med[src] ?? lastLo ?? 0;
    wid[j] = wid[src] ?? 1;
  }
  // Smooth along x (open sequence: reflect at the ends by padding).
  const sig = sigmaMm / step;
  return { x0, step, medialY: smoothOpen(med, sig), width: smoothOpen(wid, sig) };
}

/**
 * A Gaussian of `sig` samples along an open sequence, the ends repeated. (A module function, not a
 * closure: a closure made afresh each build loses its optimised code when it dies.)
 */
function smoothOpen(a: Float64Array, sig: number): Float64Array {
  const out = new Float64Array(a.length);
  const half = Math.ceil(3 * sig);
  for (let j = 0; j < a.length; j++) {
    let s = 0, w = 0;
    for (let k = -half; k <= half; k++) {
      const i = Math.min(a.length - 1, Math.max(0, j + k));
      const g = Math.exp((-0.5 * k * k) / (sig * sig));
      s += g * a[i]!;
      w += g;
    }
    out[j] = s / w;
  }
  return out;
}
