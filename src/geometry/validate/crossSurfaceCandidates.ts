import type { Mesh } from '../mesh/types.js';

/**
 * Narrows the self-intersection test of a two-sheet solid (a top sheet above an underside, joined by
 * a rim strip) to the triangles that could take part in an intersection once each sheet is known
 * to be embedded. A raster over the floor keeps, per cell, the highest z of any underside or rim
 * triangle whose bounding box covers the cell; a top triangle lying wholly above the highest of
 * those under its own bounding box cannot meet any of them. What remains: the top triangles
 * that fail that test, every rim triangle, and the underside triangles sharing a cell with either.
 *
 * @param topTriangles triangles [0, topTriangles) are the top sheet, the next topTriangles the
 *   underside, the rest the rim.
 * @param box every triangle's bounding box (see triangleBoxes).
 * @returns indices of the candidate triangles, in increasing order (so each class stays a run).
 */
export function crossSurfaceCandidates(mesh: Mesh, topTriangles: number, cell: number, box: Float64Array): Uint32Array {
  const nf = mesh.indices.length / 3;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let o = 0; o < 6 * nf; o += 6) {
    if (box[o]! < x0) x0 = box[o]!; if (box[o + 3]! > x1) x1 = box[o + 3]!;
    if (box[o + 1]! < y0) y0 = box[o + 1]!; if (box[o + 4]! > y1) y1 = box[o + 4]!;
  }
  const gw = Math.floor((x1 - x0) / cell) + 1, gh = Math.floor((y1 - y0) / cell) + 1;
  const maxUnder = new Float64Array(gw * gh).fill(-Infinity);
  const marked = new Uint8Array(gw * gh);
  const range = new Float64Array(6);
  const bbox = (f: number): void => {
    const o = 6 * f;
    range[0] = Math.floor((box[o]! - x0) / cell);
    range[1] = Math.floor((box[o + 1]! - y0) / cell);
    range[2] = Math.floor((box[o + 3]! - x0) / cell);
    range[3] = Math.floor((box[o + 4]! - y0) / cell);
    range[4] = box[o + 2]!;
    range[5] = box[o + 5]!;
  };
  for (let f = topTriangles; f < nf; f++) {
    bbox(f);
    const zmax = range[5]!;
    for (let cy = range[1]!; cy <= range[3]!; cy++) {
      for (let cx = range[0]!; cx <= range[2]!; cx++) {
        const k = cy * gw + cx;
        if (zmax > maxUnder[k]!) maxUnder[k] = zmax;
        if (f >= 2 * topTriangles) marked[k] = 1; // rim: its neighbourhood is tested in full
      }
    }
  }
  const keep = new Uint8Array(nf);
  for (let f = 0; f < topTriangles; f++) {
    bbox(f);
    let highest = -Infinity;
    for (let cy = range[1]!; cy <= range[3]!; cy++) for (let cx = range[0]!; cx <= range[2]!; cx++) highest = Math.max(highest, maxUnder[cy * gw + cx]!);
    if (range[4]! > highest) continue;
    keep[f] = 1;
    for (let cy = range[1]!; cy <= range[3]!; cy++) for (let cx = range[0]!; cx <= range[2]!; cx++) marked[cy * gw + cx] = 1;
  }
  let count = 0;
  for (let f = topTriangles; f < nf; f++) {
    if (f >= 2 * topTriangles) { keep[f] = 1; count++; continue; }
    bbox(f);
    search: for (let cy = range[1]!; cy <= range[3]!; cy++) {
      for (let cx = range[0]!; cx <= range[2]!; cx++) {
        if (marked[cy * gw + cx]) { keep[f] = 1; break search; }
      }
    }
  }
  for (let f = 0; f < 2 * topTriangles; f++) if (keep[f]) count++;
  const out = new Uint32Array(count);
  let c = 0;
  for (let f = 0; f < nf; f++) if (keep[f]) out[c++] = f;
  return out;
}
