import { GeometryError } from '../../errors.js';

/**
 * Cuts a closed CCW outline across the forefoot, keeping the heel side: the part where
 * x <= cutX(y). The cut edge follows the curve, sampled every `spacing` mm.
 *
 * @param xy evenly resampled CCW outline in the foot frame, mm.
 * @param cutX the trim curve: x of the cut as a function of y (foot frame, mm).
 * @returns the trimmed CCW outline and the indices of its two cut corners.
 * @throws GeometryError when the curve does not cross the outline exactly twice.
 */
export function trimOutline(
  xy: Float64Array,
  cutX: (y: number) => number,
  spacing: number,
  pointer: string,
): { xy: Float64Array; corners: [number, number] } {
  const n = xy.length >> 1;
  // Module functions, not closures, on the per-point paths: a closure made afresh each build loses
  // its optimised code when it dies, and is compiled again.
  const f = (i: number) => beyondCut(xy, i, cutX);
  const crossings: number[] = [];
  for (let i = 0; i < n; i++) if ((beyondCut(xy, i, cutX) <= 0) !== (beyondCut(xy, (i + 1) % n, cutX) <= 0)) crossings.push(i);
  if (crossings.length !== 2) {
    throw new GeometryError([{ pointer, rule: 'the trim line must cross the outline exactly twice (once medially, once laterally)', value: `${crossings.length} crossings` }]);
  }
  // Walk from the exit crossing (inside -> outside) around the kept part back to it.
  const exitEdge = crossings.find((i) => f(i) <= 0)!;
  const entryEdge = crossings.find((i) => f(i) > 0)!;
  const cross = (i: number): [number, number] => {
    const k = (i + 1) % n;
    const fa = f(i), fb = f(k);
    let t = fa / (fa - fb);
    const px = (s: number) => xy[2 * i]! + s * (xy[2 * k]! - xy[2 * i]!);
    const py = (s: number) => xy[2 * i + 1]! + s * (xy[2 * k + 1]! - xy[2 * i + 1]!);
    // Two secant refinements: the curve is smooth, the edge short.
    for (let it = 0; it < 2; it++) {
      const g = px(t) - cutX(py(t));
      const h = 1e-4;
      const dg = (px(t + h) - cutX(py(t + h)) - g) / h;
      if (dg !== 0) t = Math.min(1, Math.max(0, t - g / dg));
    }
    return [px(t), py(t)];
  };
  const out: number[] = [];
  // Kept points: from just after the entry edge to the exit edge.
  const entry = cross(entryEdge);
  const exit = cross(exitEdge);
  out.push(entry[0], entry[1]);
  for (let i = (entryEdge + 1) % n; ; i = (i + 1) % n) {
    const dx = xy[2 * i]! - out[out.length - 2]!, dy = xy[2 * i + 1]! - out[out.length - 1]!;
    if (dx * dx + dy * dy > 1e-6) out.push(xy[2 * i]!, xy[2 * i + 1]!);
    if (i === exitEdge) break;
  }
  const cornerA = out.length / 2;
  out.push(exit[0], exit[1]);
  // The cut edge, from exit back to entry along the curve, parametrised by y.
  const steps = Math.max(1, Math.round(Math.abs(entry[1] - exit[1]) / spacing));
  for (let k = 1; k < steps; k++) {
    const y = exit[1] + ((entry[1] - exit[1]) * k) / steps;
    out.push(cutX(y), y);
  }
  return { xy: Float64Array.from(out), corners: [cornerA, 0] };
}

/** How far outline point i lies beyond the cut (x past the curve at its y; ≤ 0: kept). */
function beyondCut(xy: Float64Array, i: number, cutX: (y: number) => number): number {
  return xy[2 * i]! - cutX(xy[2 * i + 1]!);
}
