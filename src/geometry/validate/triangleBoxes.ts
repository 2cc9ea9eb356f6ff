import type { Mesh } from '../mesh/types.js';

/**
 * Axis-aligned bounding box of every triangle: [minX, minY, minZ, maxX, maxY, maxZ] per triangle.
 * Computed once per check and shared by the broad phases that need it.
 */
export function triangleBoxes(mesh: Mesh): Float64Array {
  const { positions: p, indices: ix } = mesh;
  const nf = ix.length / 3;
  const box = new Float64Array(6 * nf);
  for (let f = 0; f < nf; f++) {
    const a = 3 * ix[3 * f]!, b = 3 * ix[3 * f + 1]!, c = 3 * ix[3 * f + 2]!;
    const o = 6 * f;
    for (let k = 0; k < 3; k++) {
      const u = p[a + k]!, v = p[b + k]!, w = p[c + k]!;
      box[o + k] = u < v ? (u < w ? u : w) : v < w ? v : w;
      box[o + 3 + k] = u > v ? (u > w ? u : w) : v > w ? v : w;
    }
  }
  return box;
}
