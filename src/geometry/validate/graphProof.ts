import type { Mesh } from '../mesh/types.js';
import { findSelfIntersection } from '../outline/index.js';

/**
 * Proves that a disk-shaped patch of a mesh is embedded (cannot intersect itself) by showing it is
 * a graph over the xy plane: every triangle's projection has the same orientation (and non-zero
 * area), and the patch's boundary loop projects to a simple polygon. Then the projection is a
 * covering of degree one, i.e. one-to-one. O(n), against O(n log n)+ for pairwise tests.
 *
 * @param first,last triangle range of the patch
 * @param sign +1 when the patch's triangles should be CCW seen from above, -1 when CW
 * @param boundary vertex indices of the patch's boundary loop, in order
 */
export function isGraphOverXY(mesh: Mesh, first: number, last: number, sign: 1 | -1, boundary: ArrayLike<number>): boolean {
  const { positions: p, indices: ix } = mesh;
  for (let f = first; f < last; f++) {
    const a = 3 * ix[3 * f]!, b = 3 * ix[3 * f + 1]!, c = 3 * ix[3 * f + 2]!;
    const area2 = (p[b]! - p[a]!) * (p[c + 1]! - p[a + 1]!) - (p[b + 1]! - p[a + 1]!) * (p[c]! - p[a]!);
    if (!(area2 * sign > 1e-12)) return false;
  }
  const loop = new Float64Array(2 * boundary.length);
  for (let i = 0; i < boundary.length; i++) {
    loop[2 * i] = p[3 * boundary[i]!]!;
    loop[2 * i + 1] = p[3 * boundary[i]! + 1]!;
  }
  return findSelfIntersection(loop) === null;
}
