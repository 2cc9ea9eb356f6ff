import type { Mesh } from '../mesh/types.js';
import { triangleBoxes } from './triangleBoxes.js';

/**
 * Counts pairs of triangles that intersect although they share no vertex, up to `limit`.
 * Broad phase: a uniform 3D grid (cell ≈ 2 mean edge lengths), each pair tested once in the cell
 * holding the lower corner of the two bounding boxes' overlap. Narrow phase: the separating-axis
 * test (2 face normals, 9 edge-edge cross products, and in-plane axes for coplanar pairs).
 * Pairs sharing a vertex are checked for the edge opposite the shared vertex piercing the other.
 *
 * @param skipWithin optional class per triangle: pairs of triangles of the same non-zero class are
 *   skipped (a caller that has proved a class embedded, e.g. as a graph over the xy plane). Fastest
 *   when each class is a contiguous range of triangle indices.
 * @param cellSize grid cell, mm (default: twice the mean bounding-box extent).
 * @param boxes the triangles' bounding boxes if the caller has them (see triangleBoxes).
 * @returns the number of intersecting pairs found (stops counting at `limit`) and the first pair.
 */
export function findSelfIntersections(mesh: Mesh, limit = 1, skipWithin?: Uint8Array, cellSize?: number, boxes?: Float64Array): { count: number; first: [number, number] | null } {
  const { positions: p, indices: ix } = mesh;
  const nf = ix.length / 3;
  if (nf === 0) return { count: 0, first: null };
  const box = boxes ?? triangleBoxes(mesh);
  let edgeSum = 0;
  let gx0 = Infinity, gy0 = Infinity, gz0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz1 = -Infinity;
  for (let o = 0; o < 6 * nf; o += 6) {
    const x0 = box[o]!, y0 = box[o + 1]!, z0 = box[o + 2]!, x1 = box[o + 3]!, y1 = box[o + 4]!, z1 = box[o + 5]!;
    edgeSum += x1 - x0 + (y1 - y0) + (z1 - z0);
    if (x0 < gx0) gx0 = x0; if (y0 < gy0) gy0 = y0; if (z0 < gz0) gz0 = z0;
    if (x1 > gx1) gx1 = x1; if (y1 > gy1) gy1 = y1; if (z1 > gz1) gz1 = z1;
  }
  let cell = cellSize ?? Math.max(1e-3, (edgeSum / nf / 3) * 2);
  // Keep the grid to a sane number of cells.
  while (((gx1 - gx0) / cell + 1) * ((gy1 - gy0) / cell + 1) * ((gz1 - gz0) / cell + 1) > 8 * nf + 1024) cell *= 1.25;
  const gw = Math.floor((gx1 - gx0) / cell) + 1, gh = Math.floor((gy1 - gy0) / cell) + 1, gd = Math.floor((gz1 - gz0) / cell) + 1;
  const ncell = gw * gh * gd;
  const start = new Int32Array(ncell + 1);
  const items = new Int32Array(bucketTriangles(box, nf, gx0, gy0, gz0, cell, gw, gh, start, null));
  for (let c = 0; c < ncell; c++) start[c + 1]! += start[c]!;
  bucketTriangles(box, nf, gx0, gy0, gz0, cell, gw, gh, start.slice(0, ncell), items);

  let count = 0;
  let first: [number, number] | null = null;
  for (let c = 0; c < ncell && count < limit; c++) {
    const s = start[c]!, e = start[c + 1]!;
    if (e - s < 2) continue;
    const cx = c % gw, cy = ((c / gw) | 0) % gh, cz = (c / (gw * gh)) | 0;
    for (let i = s; i < e; i++) {
      const a = items[i]!;
      // Items sit in triangle order, so a skipped class is a contiguous run: jump past it.
      let j = i + 1;
      if (skipWithin && skipWithin[a] !== 0) while (j < e && skipWithin[items[j]!] === skipWithin[a]) j++;
      for (; j < e; j++) {
        const b = items[j]!;
        if (skipWithin && skipWithin[a] !== 0 && skipWithin[a] === skipWithin[b]) continue;
        // Bounding boxes must overlap; test the pair only in the cell of the overlap's lower corner.
        const ox = Math.max(box[6 * a]!, box[6 * b]!), oy = Math.max(box[6 * a + 1]!, box[6 * b + 1]!), oz = Math.max(box[6 * a + 2]!, box[6 * b + 2]!);
        if (ox > Math.min(box[6 * a + 3]!, box[6 * b + 3]!) || oy > Math.min(box[6 * a + 4]!, box[6 * b + 4]!) || oz > Math.min(box[6 * a + 5]!, box[6 * b + 5]!)) continue;
        if (Math.floor((ox - gx0) / cell) !== cx || Math.floor((oy - gy0) / cell) !== cy || Math.floor((oz - gz0) / cell) !== cz) continue;
        if (trianglesIntersect(p, ix, a, b)) {
          if (!first) first = [a, b];
          if (++count >= limit) break;
        }
      }
      if (count >= limit) break;
    }
  }
  return { count, first };
}

/** First pass (items null): counts triangles per cell into start[c + 1]. Second pass: fills items at cursor[c]. */
function bucketTriangles(box: Float64Array, nf: number, gx0: number, gy0: number, gz0: number, cell: number, gw: number, gh: number, counter: Int32Array, items: Int32Array | null): number {
  let total = 0;
  for (let f = 0; f < nf; f++) {
    const cx0 = Math.floor((box[6 * f]! - gx0) / cell), cx1 = Math.floor((box[6 * f + 3]! - gx0) / cell);
    const cy0 = Math.floor((box[6 * f + 1]! - gy0) / cell), cy1 = Math.floor((box[6 * f + 4]! - gy0) / cell);
    const cz0 = Math.floor((box[6 * f + 2]! - gz0) / cell), cz1 = Math.floor((box[6 * f + 5]! - gz0) / cell);
    for (let cz = cz0; cz <= cz1; cz++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = (cz * gh + cy) * gw + cx;
          if (items) items[counter[c]!++] = f; else counter[c + 1]!++;
          total++;
        }
      }
    }
  }
  return total;
}

const A = new Float64Array(9), B = new Float64Array(9), axis = new Float64Array(3);

function load(p: Float32Array, ix: Uint32Array, f: number, out: Float64Array): void {
  for (let k = 0; k < 3; k++) {
    const v = ix[3 * f + k]!;
    out[3 * k] = p[3 * v]!; out[3 * k + 1] = p[3 * v + 1]!; out[3 * k + 2] = p[3 * v + 2]!;
  }
}

function separated(ax: number, ay: number, az: number): boolean {
  const len = Math.abs(ax) + Math.abs(ay) + Math.abs(az);
  if (len < 1e-14) return false; // degenerate axis: no information
  let amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
  for (let k = 0; k < 3; k++) {
    const da = A[3 * k]! * ax + A[3 * k + 1]! * ay + A[3 * k + 2]! * az;
    const db = B[3 * k]! * ax + B[3 * k + 1]! * ay + B[3 * k + 2]! * az;
    if (da < amin) amin = da; if (da > amax) amax = da;
    if (db < bmin) bmin = db; if (db > bmax) bmax = db;
  }
  const tol = 1e-9 * len;
  return amax < bmin - tol || bmax < amin - tol;
}

function normalOf(T: Float64Array, out: Float64Array): void {
  const ux = T[3]! - T[0]!, uy = T[4]! - T[1]!, uz = T[5]! - T[2]!;
  const vx = T[6]! - T[0]!, vy = T[7]! - T[1]!, vz = T[8]! - T[2]!;
  out[0] = uy * vz - uz * vy; out[1] = uz * vx - ux * vz; out[2] = ux * vy - uy * vx;
}

const nA = new Float64Array(3), nB = new Float64Array(3);

function satIntersect(): boolean {
  normalOf(A, nA);
  normalOf(B, nB);
  if (separated(nA[0]!, nA[1]!, nA[2]!) || separated(nB[0]!, nB[1]!, nB[2]!)) return false;
  for (let i = 0; i < 3; i++) {
    const i2 = (i + 1) % 3;
    const ex = A[3 * i2]! - A[3 * i]!, ey = A[3 * i2 + 1]! - A[3 * i + 1]!, ez = A[3 * i2 + 2]! - A[3 * i + 2]!;
    for (let j = 0; j < 3; j++) {
      const j2 = (j + 1) % 3;
      const fx = B[3 * j2]! - B[3 * j]!, fy = B[3 * j2 + 1]! - B[3 * j + 1]!, fz = B[3 * j2 + 2]! - B[3 * j + 2]!;
      if (separated(ey * fz - ez * fy, ez * fx - ex * fz, ex * fy - ey * fx)) return false;
    }
  }
  // Axes in A's plane perpendicular to each edge: they separate coplanar or nearly coplanar pairs,
  // which the 11 axes above cannot (any axis that separates the projections is a valid proof).
  if (inPlaneSeparated(A) || inPlaneSeparated(B)) return false;
  return true;
}

/** Whether one of T's in-plane edge normals (in A's plane) separates A and B. */
function inPlaneSeparated(T: Float64Array): boolean {
  for (let i = 0; i < 3; i++) {
    const i2 = (i + 1) % 3;
    const ex = T[3 * i2]! - T[3 * i]!, ey = T[3 * i2 + 1]! - T[3 * i + 1]!, ez = T[3 * i2 + 2]! - T[3 * i + 2]!;
    axis[0] = nA[1]! * ez - nA[2]! * ey; axis[1] = nA[2]! * ex - nA[0]! * ez; axis[2] = nA[0]! * ey - nA[1]! * ex;
    if (separated(axis[0]!, axis[1]!, axis[2]!)) return true;
  }
  return false;
}

/** Segment pq crosses the interior of triangle T (strictly, by signed volumes). */
function segmentPierces(px: number, py: number, pz: number, qx: number, qy: number, qz: number, T: Float64Array): boolean {
  const vol = (ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number, dx: number, dy: number, dz: number) => {
    const ux = bx - ax, uy = by - ay, uz = bz - az, vx = cx - ax, vy = cy - ay, vz = cz - az, wx = dx - ax, wy = dy - ay, wz = dz - az;
    return ux * (vy * wz - vz * wy) - uy * (vx * wz - vz * wx) + uz * (vx * wy - vy * wx);
  };
  const s1 = vol(T[0]!, T[1]!, T[2]!, T[3]!, T[4]!, T[5]!, T[6]!, T[7]!, T[8]!, px, py, pz);
  const s2 = vol(T[0]!, T[1]!, T[2]!, T[3]!, T[4]!, T[5]!, T[6]!, T[7]!, T[8]!, qx, qy, qz);
  if (s1 === 0 || s2 === 0 || (s1 > 0) === (s2 > 0)) return false;
  const e1 = vol(px, py, pz, qx, qy, qz, T[0]!, T[1]!, T[2]!, T[3]!, T[4]!, T[5]!);
  const e2 = vol(px, py, pz, qx, qy, qz, T[3]!, T[4]!, T[5]!, T[6]!, T[7]!, T[8]!);
  const e3 = vol(px, py, pz, qx, qy, qz, T[6]!, T[7]!, T[8]!, T[0]!, T[1]!, T[2]!);
  return (e1 > 0 && e2 > 0 && e3 > 0) || (e1 < 0 && e2 < 0 && e3 < 0);
}

function trianglesIntersect(p: Float32Array, ix: Uint32Array, a: number, b: number): boolean {
  let shared = 0, sa = -1, sb = -1;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (ix[3 * a + i] === ix[3 * b + j]) { shared++; sa = i; sb = j; }
  if (shared >= 2) return false; // neighbours across an edge
  load(p, ix, a, A);
  load(p, ix, b, B);
  if (shared === 0) return satIntersect();
  // One shared vertex: the edge opposite it in either triangle must not pierce the other.
  const a1 = (sa + 1) % 3, a2 = (sa + 2) % 3, b1 = (sb + 1) % 3, b2 = (sb + 2) % 3;
  return (
    segmentPierces(A[3 * a1]!, A[3 * a1 + 1]!, A[3 * a1 + 2]!, A[3 * a2]!, A[3 * a2 + 1]!, A[3 * a2 + 2]!, B) ||
    segmentPierces(B[3 * b1]!, B[3 * b1 + 1]!, B[3 * b1 + 2]!, B[3 * b2]!, B[3 * b2 + 1]!, B[3 * b2 + 2]!, A)
  );
}
