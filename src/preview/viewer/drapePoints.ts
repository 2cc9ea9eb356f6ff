/**
 * Heights of points on the device's top surface, for drawing guides on it.
 */
import type { Mesh } from '../../geometry/index.js';

/** How far outside the top surface a point still takes the nearest top vertex's height, mm. */
export const DRAPE_SNAP_MM = 3;

/**
 * The height of the top surface above each point (x, y), mm. The top surface is a graph over the
 * floor, so a point inside it lies over exactly one top triangle (interpolated there). A point just
 * outside (within DRAPE_SNAP_MM: the scanned outline wanders around the smoothed device outline)
 * takes the height of the nearest top vertex; a point farther out (the toes past a sulcus or
 * three-quarter device) lies on the floor, z = 0.
 *
 * @param mesh the device (foot frame, mm); vertices [0, topVertexCount) and triangles
 *   [0, topTriangleCount) are its top surface.
 * @param points (x, y) in the foot frame, mm.
 */
export function drapePoints(mesh: Mesh, layout: { topVertexCount: number; topTriangleCount: number }, points: ReadonlyArray<readonly [number, number]>): Float64Array {
  const p = mesh.positions, ix = mesh.indices;
  const nv = layout.topVertexCount, nt = layout.topTriangleCount;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let v = 0; v < nv; v++) {
    const x = p[3 * v]!, y = p[3 * v + 1]!;
    if (x < x0) x0 = x; if (x > x1) x1 = x;
    if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  // A uniform grid over the top surface: triangles by their bounding boxes, vertices by position
  // (counted first, then filled: compressed rows).
  const cell = 4;
  const cols = Math.max(1, Math.ceil((x1 - x0) / cell) + 1), rows = Math.max(1, Math.ceil((y1 - y0) / cell) + 1);
  const ci = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - x0) / cell)));
  const cj = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - y0) / cell)));
  const triStart = new Uint32Array(cols * rows + 1), vertStart = new Uint32Array(cols * rows + 1);
  const triBox = (f: number, visit: (c: number) => void) => {
    const a = ix[3 * f]!, b = ix[3 * f + 1]!, c = ix[3 * f + 2]!;
    const i0 = ci(Math.min(p[3 * a]!, p[3 * b]!, p[3 * c]!)), i1 = ci(Math.max(p[3 * a]!, p[3 * b]!, p[3 * c]!));
    const j0 = cj(Math.min(p[3 * a + 1]!, p[3 * b + 1]!, p[3 * c + 1]!)), j1 = cj(Math.max(p[3 * a + 1]!, p[3 * b + 1]!, p[3 * c + 1]!));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) visit(j * cols + i);
  };
  for (let f = 0; f < nt; f++) triBox(f, (c) => { triStart[c + 1]!++; });
  for (let v = 0; v < nv; v++) vertStart[cj(p[3 * v + 1]!) * cols + ci(p[3 * v]!) + 1]!++;
  for (let c = 0; c < cols * rows; c++) {
    triStart[c + 1]! += triStart[c]!;
    vertStart[c + 1]! += vertStart[c]!;
  }
  const tris = new Uint32Array(triStart[cols * rows]!), verts = new Uint32Array(nv);
  const triFill = triStart.slice(0, -1), vertFill = vertStart.slice(0, -1);
  for (let f = 0; f < nt; f++) triBox(f, (c) => { tris[triFill[c]!++] = f; });
  for (let v = 0; v < nv; v++) verts[vertFill[cj(p[3 * v + 1]!) * cols + ci(p[3 * v]!)]!++] = v;

  const out = new Float64Array(points.length);
  const reach = Math.ceil(DRAPE_SNAP_MM / cell);
  points.forEach(([x, y], k) => {
    if (x >= x0 - DRAPE_SNAP_MM && x <= x1 + DRAPE_SNAP_MM && y >= y0 - DRAPE_SNAP_MM && y <= y1 + DRAPE_SNAP_MM) {
      const c = cj(y) * cols + ci(x);
      for (let s = triStart[c]!; s < triStart[c + 1]!; s++) {
        const f = tris[s]!;
        const a = 3 * ix[3 * f]!, b = 3 * ix[3 * f + 1]!, d = 3 * ix[3 * f + 2]!;
        const ax = p[a]!, ay = p[a + 1]!, bx = p[b]!, by = p[b + 1]!, dx = p[d]!, dy = p[d + 1]!;
        const area = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
        if (area === 0) continue;
        const wa = ((bx - x) * (dy - y) - (by - y) * (dx - x)) / area;
        const wb = ((dx - x) * (ay - y) - (dy - y) * (ax - x)) / area;
        const wd = 1 - wa - wb;
        const eps = -1e-9;
        if (wa >= eps && wb >= eps && wd >= eps) {
          out[k] = wa * p[a + 2]! + wb * p[b + 2]! + wd * p[d + 2]!;
          return;
        }
      }
      let best = DRAPE_SNAP_MM * DRAPE_SNAP_MM, z = 0;
      const i = ci(x), j = cj(y);
      for (let jj = Math.max(0, j - reach); jj <= Math.min(rows - 1, j + reach); jj++) {
        for (let ii = Math.max(0, i - reach); ii <= Math.min(cols - 1, i + reach); ii++) {
          const cc = jj * cols + ii;
          for (let s = vertStart[cc]!; s < vertStart[cc + 1]!; s++) {
            const v = verts[s]!;
            const d2 = (p[3 * v]! - x) ** 2 + (p[3 * v + 1]! - y) ** 2;
            if (d2 <= best) { best = d2; z = p[3 * v + 2]!; }
          }
        }
      }
      out[k] = z;
    }
  });
  return out;
}
