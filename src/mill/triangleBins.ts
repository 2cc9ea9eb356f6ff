import type { Mesh } from '../geometry/index.js';

/**
 * A mesh's triangles binned by their xy bounding boxes on a square grid (compressed rows: `start`
 * indexes `items`), for queries that look at a small disc of the floor plan (drop-cutter, rasters).
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
  /** One stamp a triangle, so a query visits each triangle once. */
  stamp: Uint32Array;
  /** The current query's stamp (dropCutter visits each triangle once a sweep by it). */
  query: { n: number };
}

/**
 * Bins a mesh's triangles (counted first, then filled: two passes, no per-triangle allocation).
 * @param cell bin size, mm (about the tool's radius is a good choice)
 */
export function binTriangles(mesh: Mesh, cell: number): TriangleBins {
  const p = mesh.positions, t = mesh.indices, nt = t.length / 3;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    if (p[i]! < x0) x0 = p[i]!;
    if (p[i]! > x1) x1 = p[i]!;
    if (p[i + 1]! < y0) y0 = p[i + 1]!;
    if (p[i + 1]! > y1) y1 = p[i + 1]!;
  }
  const nx = Math.max(1, Math.ceil((x1 - x0) / cell) + 1), ny = Math.max(1, Math.ceil((y1 - y0) / cell) + 1);
  const count = new Uint32Array(nx * ny + 1);
  const range = (tri: number, out: Int32Array) => {
    let ax = Infinity, ay = Infinity, bx = -Infinity, by = -Infinity;
    for (let k = 0; k < 3; k++) {
      const v = 3 * t[3 * tri + k]!;
      ax = Math.min(ax, p[v]!); bx = Math.max(bx, p[v]!);
      ay = Math.min(ay, p[v + 1]!); by = Math.max(by, p[v + 1]!);
    }
    out[0] = Math.floor((ax - x0) / cell); out[1] = Math.floor((bx - x0) / cell);
    out[2] = Math.floor((ay - y0) / cell); out[3] = Math.floor((by - y0) / cell);
  };
  const r = new Int32Array(4);
  for (let tri = 0; tri < nt; tri++) {
    range(tri, r);
    for (let j = r[2]!; j <= r[3]!; j++) for (let i = r[0]!; i <= r[1]!; i++) count[j * nx + i + 1]!++;
  }
  for (let b = 0; b < nx * ny; b++) count[b + 1]! += count[b]!;
  const start = count.slice();
  const items = new Uint32Array(count[nx * ny]!);
  const cursor = count.subarray(0, nx * ny).slice();
  for (let tri = 0; tri < nt; tri++) {
    range(tri, r);
    for (let j = r[2]!; j <= r[3]!; j++) for (let i = r[0]!; i <= r[1]!; i++) items[cursor[j * nx + i]!++] = tri;
  }
  return { mesh, x0, y0, cell, nx, ny, start, items, stamp: new Uint32Array(nt), query: { n: 0 } };
}
