import type { Mesh } from '../geometry/index.js';

/**
 * A mesh's triangles binned by their xy bounding boxes on a square grid (compressed rows: `start`
 * indexes `items`), for queries that look at a small disc of the floor plan (drop-cutter, rasters).
 * Beside each item, its triangle's bounding box and highest z, and beside each bin the vertices that
 * lie in it, so a query streams through typed arrays and reads the mesh only for the triangles
 * that can matter.
 */
export interface TriangleBins {
  mesh: Mesh;
  x0: number;
  y0: number;
  cell: number;
  nx: number;
  ny: number;
  /** Bin b holds items[start[b] .. start[b+1]). */
  start: Uint32Array;
  items: Uint32Array;
  /** Per item: its triangle's xy bounding box (min x, max x, min y, max y) and its highest z, five a item, mm. */
  itemBox: Float32Array;
  /** Bin b holds the vertices vertexXyz[3·vstart[b] .. 3·vstart[b+1]) (x, y, z, mm): each vertex in the one bin it lies in. */
  vstart: Uint32Array;
  vertexXyz: Float32Array;
}

/**
 * Bins a mesh's triangles and vertices (counted first, then filled: two passes, no per-triangle allocation).
 * @param cell bin size, mm (about the tool's radius: for a 3 mm ball, 1.5 and 2 mm bins measured no faster)
 */
export function binTriangles(mesh: Mesh, cell: number): TriangleBins {
  const p = mesh.positions, t = mesh.indices, nt = t.length / 3, nv = p.length / 3;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    if (p[i]! < x0) x0 = p[i]!;
    if (p[i]! > x1) x1 = p[i]!;
    if (p[i + 1]! < y0) y0 = p[i + 1]!;
    if (p[i + 1]! > y1) y1 = p[i + 1]!;
  }
  const nx = Math.max(1, Math.ceil((x1 - x0) / cell) + 1), ny = Math.max(1, Math.ceil((y1 - y0) / cell) + 1);
  // Per triangle: its box and top (kept while binning, copied beside each item).
  const box = new Float32Array(5 * nt);
  for (let tri = 0; tri < nt; tri++) {
    const a = 3 * t[3 * tri]!, b = 3 * t[3 * tri + 1]!, c = 3 * t[3 * tri + 2]!;
    box[5 * tri] = Math.min(p[a]!, p[b]!, p[c]!);
    box[5 * tri + 1] = Math.max(p[a]!, p[b]!, p[c]!);
    box[5 * tri + 2] = Math.min(p[a + 1]!, p[b + 1]!, p[c + 1]!);
    box[5 * tri + 3] = Math.max(p[a + 1]!, p[b + 1]!, p[c + 1]!);
    box[5 * tri + 4] = Math.max(p[a + 2]!, p[b + 2]!, p[c + 2]!);
  }
  const bx = (v: number) => Math.floor((v - x0) / cell), by = (v: number) => Math.floor((v - y0) / cell);
  const count = new Uint32Array(nx * ny + 1);
  for (let tri = 0; tri < nt; tri++) {
    const i0 = bx(box[5 * tri]!), i1 = bx(box[5 * tri + 1]!), j0 = by(box[5 * tri + 2]!), j1 = by(box[5 * tri + 3]!);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) count[j * nx + i + 1]!++;
  }
  for (let b = 0; b < nx * ny; b++) count[b + 1]! += count[b]!;
  const start = count.slice();
  const items = new Uint32Array(count[nx * ny]!);
  const itemBox = new Float32Array(5 * items.length);
  const cursor = count.subarray(0, nx * ny).slice();
  for (let tri = 0; tri < nt; tri++) {
    const i0 = bx(box[5 * tri]!), i1 = bx(box[5 * tri + 1]!), j0 = by(box[5 * tri + 2]!), j1 = by(box[5 * tri + 3]!);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const k = cursor[j * nx + i]!++;
      items[k] = tri;
      itemBox.set(box.subarray(5 * tri, 5 * tri + 5), 5 * k);
    }
  }
  // The vertices triangles use (an unused one is no contact), each in its bin.
  const used = new Uint8Array(nv);
  for (let k = 0; k < t.length; k++) used[t[k]!] = 1;
  const vcount = new Uint32Array(nx * ny + 1);
  for (let v = 0; v < nv; v++) if (used[v]) vcount[by(p[3 * v + 1]!) * nx + bx(p[3 * v]!) + 1]!++;
  for (let b = 0; b < nx * ny; b++) vcount[b + 1]! += vcount[b]!;
  const vstart = vcount.slice();
  const vertexXyz = new Float32Array(3 * vcount[nx * ny]!);
  const vcursor = vcount.subarray(0, nx * ny).slice();
  for (let v = 0; v < nv; v++) {
    if (!used[v]) continue;
    const k = vcursor[by(p[3 * v + 1]!) * nx + bx(p[3 * v]!)]!++;
    vertexXyz[3 * k] = p[3 * v]!; vertexXyz[3 * k + 1] = p[3 * v + 1]!; vertexXyz[3 * k + 2] = p[3 * v + 2]!;
  }
  return { mesh, x0, y0, cell, nx, ny, start, items, itemBox, vstart, vertexXyz };
}
