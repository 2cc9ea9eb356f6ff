import type { MillTool } from './types.js';
import type { TriangleBins } from './triangleBins.js';

/**
 * Drop-cutter: the lowest height of a cutter's tip on the vertical line through (x, y) at which it
 * touches the mesh without cutting into it. Exact for a ball-end and a flat end mill against
 * triangles: each triangle's facet, edge and vertex contacts are solved in closed form (the
 * standard method, as OpenCAMLib's drop-cutter does it), and the highest contact wins.
 *
 * @param bins the mesh's triangles, binned (binTriangles)
 * @param x,y the tool's axis, mm, in the mesh's frame
 * @param floorZ returned when no triangle is under the tool (the table)
 * @returns the tip's z, mm
 */
export function dropCutter(bins: TriangleBins, kind: MillTool['kind'], radiusMm: number, x: number, y: number, floorZ: number): number {
  const p = bins.mesh.positions, t = bins.mesh.indices;
  const R = radiusMm, R2 = R * R, ball = kind === 'ball';
  const { x0, y0, cell, nx, ny, start, items, itemBox, vstart, vertexXyz } = bins;
  const i0 = Math.max(0, Math.floor((x - R - x0) / cell)), i1 = Math.min(nx - 1, Math.floor((x + R - x0) / cell));
  const j0 = Math.max(0, Math.floor((y - R - y0) / cell)), j1 = Math.min(ny - 1, Math.floor((y + R - y0) / cell));
  let best = floorZ;
  if (i0 > i1 || j0 > j1) return best;
  // A bin farther than R from the axis holds nothing the tool touches (a triangle's nearest point
  // to the axis lies in a bin it is filed under); 1e-6 mm of slack for the bins' rounding.
  const reach2 = (R + 1e-6) * (R + 1e-6);
  // Two sweeps: the vertices first (each once, from its bin: their contacts bound the answer from
  // below, so the second sweep skips most triangles), then the edges and facet of each triangle
  // that could beat it (by its box and top, stored beside it). A triangle filed under several bins
  // may be solved more than once: the highest contact is the same.
  const lift = ball ? Math.sqrt(R2) : 0;
  // The bins within reach, once for both sweeps (into a buffer kept between drops).
  const near = nearBins(bins, x, y, reach2, i0, i1, j0, j1);
  const count = nearCount;
  for (let n = 0; n < count; n++) {
    const b = near[n]!;
    for (let k = 3 * vstart[b]!, e = 3 * vstart[b + 1]!; k < e; k += 3) {
      const dx = vertexXyz[k]! - x, dy = vertexXyz[k + 1]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > R2) continue;
      const z = ball ? vertexXyz[k + 2]! + Math.sqrt(R2 - d2) - lift : vertexXyz[k + 2]!;
      if (z > best) best = z;
    }
  }
  for (let n = 0; n < count; n++) {
    const b = near[n]!;
    for (let k = start[b]!, e = start[b + 1]!; k < e; k++) {
      const o = 5 * k;
      const top = itemBox[o + 4]!;
      if (top <= best) continue;
      // The triangle's nearest horizontal distance to the axis, by its bounding box.
      const ex = Math.max(itemBox[o]! - x, 0, x - itemBox[o + 1]!);
      const ey = Math.max(itemBox[o + 2]! - y, 0, y - itemBox[o + 3]!);
      const d2 = ex * ex + ey * ey;
      if (d2 > R2) continue;
      if (ball && top - (R - Math.sqrt(R2 - d2)) <= best) continue;
      const tri = items[k]!;
      const a = 3 * t[3 * tri]!, bb = 3 * t[3 * tri + 1]!, c = 3 * t[3 * tri + 2]!;
      const ax = p[a]!, ay = p[a + 1]!, az = p[a + 2]!;
      const bx = p[bb]!, by = p[bb + 1]!, bz = p[bb + 2]!;
      const cx = p[c]!, cy = p[c + 1]!, cz = p[c + 2]!;
      best = edge(kind, R, x, y, ax, ay, az, bx, by, bz, best);
      best = edge(kind, R, x, y, bx, by, bz, cx, cy, cz, best);
      best = edge(kind, R, x, y, cx, cy, cz, ax, ay, az, best);
      best = facet(kind, R, x, y, ax, ay, az, bx, by, bz, cx, cy, cz, best);
    }
  }
  return best;
}

function facet(kind: MillTool['kind'], R: number, x: number, y: number, ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number, best: number): number {
  let nx = (by - ay) * (cz - az) - (bz - az) * (cy - ay);
  let ny = (bz - az) * (cx - ax) - (bx - ax) * (cz - az);
  let nz = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
  if (!(len > 0)) return best;
  nx /= len; ny /= len; nz /= len;
  if (nz < 0) { nx = -nx; ny = -ny; nz = -nz; } // the side a tool from above meets
  if (nz < 1e-9) return best; // vertical: edges and vertices say it all
  let qx: number, qy: number, z: number;
  if (kind === 'ball') {
    // Centre at distance R from the plane; the contact point is the centre less R·n.
    qx = x - R * nx; qy = y - R * ny;
    z = az + (R - nx * (x - ax) - ny * (y - ay)) / nz - R;
  } else {
    const h = Math.hypot(nx, ny);
    if (h < 1e-12) { qx = x; qy = y; } else { qx = x - (R * nx) / h; qy = y - (R * ny) / h; } // the disc's uphill rim point
    z = az - (nx * (qx - ax) + ny * (qy - ay)) / nz;
  }
  return z > best && inTriangle(qx, qy, ax, ay, bx, by, cx, cy) ? z : best;
}

function edge(kind: MillTool['kind'], R: number, x: number, y: number, ax: number, ay: number, az: number, bx: number, by: number, bz: number, best: number): number {
  const ex = bx - ax, ey = by - ay, ez = bz - az;
  if (kind === 'ball') {
    // Bound: the edge's higher end at its box's nearest distance to the axis (1e-9 mm spare, so the
    // rounding of the solve below cannot make a skipped edge the answer).
    const dx = Math.max(Math.min(ax, bx) - x, 0, x - Math.max(ax, bx)), dy = Math.max(Math.min(ay, by) - y, 0, y - Math.max(ay, by));
    const d2 = dx * dx + dy * dy;
    if (d2 > R * R || Math.max(az, bz) + Math.sqrt(R * R - d2) - R + 1e-9 <= best) return best;
    const L = Math.sqrt(ex * ex + ey * ey + ez * ez);
    if (!(L > 0)) return best;
    const ux = ex / L, uy = ey / L, uz = ez / L;
    const A = 1 - uz * uz;
    if (A < 1e-12) return best; // vertical edge: its end points are the contacts
    const wx = x - ax, wy = y - ay, wz = -az; // from a to (x, y, 0); the centre is (x, y, t)
    const wu = wx * ux + wy * uy + wz * uz;
    const B = wz - wu * uz;
    const C = wx * wx + wy * wy + wz * wz - wu * wu - R * R;
    const disc = B * B - A * C;
    if (disc < 0) return best;
    const t = (-B + Math.sqrt(disc)) / A; // the higher centre
    const s = wu + t * uz; // along the edge from a
    if (s < 0 || s > L) return best;
    const z = t - R;
    return z > best ? z : best;
  }
  // Flat: the highest point of the segment within horizontal distance R; z is linear along it.
  const L2 = ex * ex + ey * ey;
  if (L2 < 1e-18) return best;
  const fx = ax - x, fy = ay - y;
  const b = fx * ex + fy * ey, c = fx * fx + fy * fy - R * R;
  const disc = b * b - L2 * c;
  if (disc < 0) return best;
  const sq = Math.sqrt(disc);
  const s0 = Math.max(0, (-b - sq) / L2), s1 = Math.min(1, (-b + sq) / L2);
  if (s0 > s1) return best;
  const z = Math.max(az + s0 * ez, az + s1 * ez);
  return z > best ? z : best;
}

/** Whether (x, y) lies in the triangle's floor plan (either winding; edges count). */
export function inTriangle(x: number, y: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const d2 = (cx - bx) * (y - by) - (cy - by) * (x - bx);
  const d3 = (ax - cx) * (y - cy) - (ay - cy) * (x - cx);
  const neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

/** The bins dropCutter's tool can reach, as indices into nearBuffer[0, nearCount): kept between drops, no allocation a point. */
let nearBuffer = new Int32Array(64);
let nearCount = 0;

/**
 * Bins (i0..i1, j0..j1) within reach of the axis (x, y): a bin farther than √reach2 holds nothing
 * the tool touches. Fills nearBuffer (grown as needed) and nearCount; returns the buffer.
 */
function nearBins(bins: TriangleBins, x: number, y: number, reach2: number, i0: number, i1: number, j0: number, j1: number): Int32Array {
  const { x0, y0, cell, nx } = bins;
  const most = (i1 - i0 + 1) * (j1 - j0 + 1);
  if (nearBuffer.length < most) nearBuffer = new Int32Array(most);
  let n = 0;
  for (let j = j0; j <= j1; j++) {
    const cy0 = y0 + j * cell, gy = Math.max(cy0 - y, 0, y - cy0 - cell);
    for (let i = i0; i <= i1; i++) {
      const cx0 = x0 + i * cell, gx = Math.max(cx0 - x, 0, x - cx0 - cell);
      if (gx * gx + gy * gy > reach2) continue;
      nearBuffer[n++] = j * nx + i;
    }
  }
  nearCount = n;
  return nearBuffer;
}
