import type { Mesh } from '../mesh/types.js';

/** A 2D (xy) uniform grid of a range of a mesh's triangles, for vertical-ish ray casts and point location. */
export interface TriangleGrid {
  mesh: Mesh;
  x0: number;
  y0: number;
  cell: number;
  gw: number;
  gh: number;
  start: Int32Array;
  items: Int32Array;
}

/** Buckets triangles [first, last) by their xy bounding boxes. */
export function buildTriangleGrid(mesh: Mesh, first: number, last: number, cell: number): TriangleGrid {
  const { positions: p, indices: ix } = mesh;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let f = first; f < last; f++) {
    for (let k = 0; k < 3; k++) {
      const v = ix[3 * f + k]!;
      x0 = Math.min(x0, p[3 * v]!); x1 = Math.max(x1, p[3 * v]!);
      y0 = Math.min(y0, p[3 * v + 1]!); y1 = Math.max(y1, p[3 * v + 1]!);
    }
  }
  const gw = Math.floor((x1 - x0) / cell) + 1, gh = Math.floor((y1 - y0) / cell) + 1;
  const start = new Int32Array(gw * gh + 1);
  const range = new Int32Array(4);
  const cells = (f: number) => {
    let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
    for (let k = 0; k < 3; k++) {
      const v = ix[3 * f + k]!;
      a = Math.min(a, p[3 * v]!); c = Math.max(c, p[3 * v]!);
      b = Math.min(b, p[3 * v + 1]!); d = Math.max(d, p[3 * v + 1]!);
    }
    range[0] = Math.floor((a - x0) / cell); range[1] = Math.floor((b - y0) / cell);
    range[2] = Math.floor((c - x0) / cell); range[3] = Math.floor((d - y0) / cell);
  };
  for (let f = first; f < last; f++) {
    cells(f);
    for (let cy = range[1]!; cy <= range[3]!; cy++) for (let cx = range[0]!; cx <= range[2]!; cx++) start[cy * gw + cx + 1]!++;
  }
  for (let c = 0; c < gw * gh; c++) start[c + 1]! += start[c]!;
  const items = new Int32Array(start[gw * gh]!);
  const cur = start.slice(0, gw * gh);
  for (let f = first; f < last; f++) {
    cells(f);
    for (let cy = range[1]!; cy <= range[3]!; cy++) for (let cx = range[0]!; cx <= range[2]!; cx++) items[cur[cy * gw + cx]!++] = f;
  }
  return { mesh, x0, y0, cell, gw, gh, start, items };
}

/** Distance along the ray to the nearest triangle in a cell, or Infinity (Möller–Trumbore). */
function hitCell(g: TriangleGrid, c: number, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, best: number): number {
  const { positions: p, indices: ix } = g.mesh;
  for (let a = g.start[c]!, e = g.start[c + 1]!; a < e; a++) {
    const f = g.items[a]!;
    const i0 = 3 * ix[3 * f]!, i1 = 3 * ix[3 * f + 1]!, i2 = 3 * ix[3 * f + 2]!;
    const e1x = p[i1]! - p[i0]!, e1y = p[i1 + 1]! - p[i0 + 1]!, e1z = p[i1 + 2]! - p[i0 + 2]!;
    const e2x = p[i2]! - p[i0]!, e2y = p[i2 + 1]! - p[i0 + 1]!, e2z = p[i2 + 2]! - p[i0 + 2]!;
    const px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (Math.abs(det) < 1e-12) continue;
    const inv = 1 / det;
    const tx = ox - p[i0]!, ty = oy - p[i0 + 1]!, tz = oz - p[i0 + 2]!;
    const u = (tx * px + ty * py + tz * pz) * inv;
    if (u < -1e-6 || u > 1 + 1e-6) continue;
    const qx = ty * e1z - tz * e1y, qy = tz * e1x - tx * e1z, qz = tx * e1y - ty * e1x;
    const v = (dx * qx + dy * qy + dz * qz) * inv;
    if (v < -1e-6 || u + v > 1 + 1e-6) continue;
    const s = (e2x * qx + e2y * qy + e2z * qz) * inv;
    if (s > 1e-9 && s < best) best = s;
  }
  return best;
}

/**
 * Casts a ray (unit direction) through the grid's triangles with a 2D DDA over the cells its xy
 * projection crosses; returns the distance to the first hit within `maxDistance`, or Infinity.
 */
export function castRay(g: TriangleGrid, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number): number {
  let cx = Math.floor((ox - g.x0) / g.cell), cy = Math.floor((oy - g.y0) / g.cell);
  const stepX = dx > 0 ? 1 : -1, stepY = dy > 0 ? 1 : -1;
  const tdx = dx !== 0 ? g.cell / Math.abs(dx) : Infinity, tdy = dy !== 0 ? g.cell / Math.abs(dy) : Infinity;
  let tmx = dx !== 0 ? ((dx > 0 ? cx + 1 : cx) * g.cell + g.x0 - ox) / dx : Infinity;
  let tmy = dy !== 0 ? ((dy > 0 ? cy + 1 : cy) * g.cell + g.y0 - oy) / dy : Infinity;
  let best = Infinity;
  for (;;) {
    if (cx >= 0 && cy >= 0 && cx < g.gw && cy < g.gh) best = hitCell(g, cy * g.gw + cx, ox, oy, oz, dx, dy, dz, best);
    const exit = Math.min(tmx, tmy);
    if (best <= exit || exit > maxDistance) break;
    if (tmx < tmy) { cx += stepX; tmx += tdx; } else { cy += stepY; tmy += tdy; }
    if ((cx < 0 && stepX < 0) || (cy < 0 && stepY < 0) || (cx >= g.gw && stepX > 0) || (cy >= g.gh && stepY > 0)) break;
  }
  return best <= maxDistance ? best : Infinity;
}

/** Height of the grid's surface above (x, y) where a vertical line meets it (highest hit), or NaN. */
export function heightAt(g: TriangleGrid, x: number, y: number): number {
  const h = castRay(g, x, y, 1e4, 0, 0, -1, 2e4);
  return Number.isFinite(h) ? 1e4 - h : NaN;
}
