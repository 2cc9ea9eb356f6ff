import type { Mesh } from '../geometry/index.js';
import type { HeightGrid } from './heightGrid.js';

/**
 * A closed block whose top is a height field: the grid's nodes joined two triangles a cell, four
 * vertical walls down to z = 0, and a flat bottom of strips across the block (its vertices only
 * the walls' foot, so no T-junction). Counted, then filled; CCW seen from outside.
 *
 * @param grid heights, mm; every node must be finite and above 0; at least 4 × 2 nodes
 * @returns the mesh in the grid's frame
 */
export function heightFieldBlock(grid: HeightGrid): Mesh {
  const { x0, y0, step, nx, ny, z } = grid;
  const ring = 2 * (nx + ny) - 4;
  const nvTop = nx * ny;
  const positions = new Float32Array(3 * (nvTop + ring));
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = 3 * (j * nx + i);
    positions[v] = x0 + i * step; positions[v + 1] = y0 + j * step; positions[v + 2] = z[j * nx + i]!;
  }
  // The ring of perimeter nodes, CCW seen from above from (0, 0): along j = 0, up i = nx − 1, back along j = ny − 1, down i = 0.
  const ringTop = new Uint32Array(ring);
  let r = 0;
  for (let i = 0; i < nx - 1; i++) ringTop[r++] = i;
  for (let j = 0; j < ny - 1; j++) ringTop[r++] = j * nx + nx - 1;
  for (let i = nx - 1; i > 0; i--) ringTop[r++] = (ny - 1) * nx + i;
  for (let j = ny - 1; j > 0; j--) ringTop[r++] = j * nx;
  for (let k = 0; k < ring; k++) {
    const s = 3 * ringTop[k]!, d = 3 * (nvTop + k);
    positions[d] = positions[s]!; positions[d + 1] = positions[s + 1]!; positions[d + 2] = 0;
  }
  // Bottom vertex of top node (i, j) on the perimeter.
  const bottomOf = (i: number, j: number): number => {
    if (j === 0) return nvTop + i;
    if (i === nx - 1) return nvTop + (nx - 1) + j;
    if (j === ny - 1) return nvTop + (nx - 1) + (ny - 1) + (nx - 1 - i);
    return nvTop + 2 * (nx - 1) + (ny - 1) + (ny - 1 - j);
  };
  const topTris = 2 * (nx - 1) * (ny - 1), wallTris = 2 * ring;
  const bottomTris = 2 * (nx - 3) + 2 * ny; // middle columns two each; each end column a fan of ny
  const indices = new Uint32Array(3 * (topTris + wallTris + bottomTris));
  let c = 0;
  const tri = (a: number, b: number, d: number) => { indices[c++] = a; indices[c++] = b; indices[c++] = d; };
  for (let j = 0; j < ny - 1; j++) for (let i = 0; i < nx - 1; i++) {
    const a = j * nx + i, b = a + 1, d = a + nx, e = d + 1;
    // Split each cell along the diagonal nearer in height: follows ridges and valleys better.
    if (Math.abs(z[a]! - z[e]!) <= Math.abs(z[b]! - z[d]!)) { tri(a, b, e); tri(a, e, d); } else { tri(a, b, d); tri(b, e, d); }
  }
  for (let k = 0; k < ring; k++) {
    const u = ringTop[k]!, v = ringTop[(k + 1) % ring]!, ub = nvTop + k, vb = nvTop + ((k + 1) % ring);
    tri(u, ub, vb); tri(u, vb, v);
  }
  // Bottom (seen from below, so clockwise from above): end columns as fans, the rest as strips j = 0 to j = ny − 1.
  const top = ny - 1;
  for (let j = 0; j < top; j++) tri(bottomOf(1, 0), bottomOf(0, j), bottomOf(0, j + 1)); // left: fan from (1, 0)
  tri(bottomOf(1, 0), bottomOf(0, top), bottomOf(1, top));
  for (let i = 1; i < nx - 2; i++) { tri(bottomOf(i, 0), bottomOf(i + 1, top), bottomOf(i + 1, 0)); tri(bottomOf(i, 0), bottomOf(i, top), bottomOf(i + 1, top)); }
  for (let j = 0; j < top; j++) tri(bottomOf(nx - 2, top), bottomOf(nx - 1, j + 1), bottomOf(nx - 1, j)); // right: fan from (nx − 2, top)
  tri(bottomOf(nx - 2, top), bottomOf(nx - 1, 0), bottomOf(nx - 2, 0));
  return { positions, indices: c === indices.length ? indices : indices.subarray(0, c) };
}
