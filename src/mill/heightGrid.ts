import type { Mesh } from '../geometry/index.js';

/** Values on a regular grid of the floor plan: node (i, j) at (x0 + i·step, y0 + j·step), row-major in j. */
export interface HeightGrid {
  x0: number;
  y0: number;
  step: number;
  nx: number;
  ny: number;
  /** One value a node (NaN: nothing there). */
  z: Float64Array;
}

/** An empty grid (every node NaN) covering [x0, x1] × [y0, y1]. */
export function gridOver(x0: number, y0: number, x1: number, y1: number, step: number): HeightGrid {
  const nx = Math.floor((x1 - x0) / step + 1e-9) + 1, ny = Math.floor((y1 - y0) / step + 1e-9) + 1;
  return { x0, y0, step, nx, ny, z: new Float64Array(nx * ny).fill(NaN) };
}

/**
 * The mesh seen from above, and what lies under it: for every grid node, the highest point of the
 * mesh on the vertical line through it (`top`), the number of times that line crosses the surface
 * (`crossings`; 2 for a column that is solid from its bottom to its top) and its lowest point
 * (`bottom`). Each triangle's plane is evaluated exactly at the nodes inside its floor plan (a
 * z-buffer); vertical triangles are seen edge-on and skipped.
 */
export function viewFromAbove(mesh: Mesh, grid: Pick<HeightGrid, 'x0' | 'y0' | 'step' | 'nx' | 'ny'>): { top: Float64Array; bottom: Float64Array; crossings: Uint16Array } {
  const { x0, y0, step, nx, ny } = grid;
  const p = mesh.positions, t = mesh.indices;
  const top = new Float64Array(nx * ny).fill(-Infinity);
  const bottom = new Float64Array(nx * ny).fill(Infinity);
  const crossings = new Uint16Array(nx * ny);
  for (let k = 0; k < t.length; k += 3) {
    const a = 3 * t[k]!, b = 3 * t[k + 1]!, c = 3 * t[k + 2]!;
    const ax = p[a]!, ay = p[a + 1]!, az = p[a + 2]!, bx = p[b]!, by = p[b + 1]!, bz = p[b + 2]!, cx = p[c]!, cy = p[c + 1]!, cz = p[c + 2]!;
    const det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (Math.abs(det) < 1e-12) continue;
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - x0) / step)), i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx, cx) - x0) / step));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by, cy) - y0) / step)), j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by, cy) - y0) / step));
    for (let j = j0; j <= j1; j++) {
      const y = y0 + j * step;
      for (let i = i0; i <= i1; i++) {
        const x = x0 + i * step;
        // Barycentric weights; a node on a shared edge is taken by the triangle on its left (top-left rule).
        const wb = ((x - ax) * (cy - ay) - (y - ay) * (cx - ax)) / det;
        const wc = ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / det;
        const wa = 1 - wb - wc;
        if (!(owns(wa, det, cx - bx, cy - by) && owns(wb, det, ax - cx, ay - cy) && owns(wc, det, bx - ax, by - ay))) continue;
        const z = wa * az + wb * bz + wc * cz;
        const n = j * nx + i;
        if (z > top[n]!) top[n] = z;
        if (z < bottom[n]!) bottom[n] = z;
        crossings[n]!++;
      }
    }
  }
  return { top, bottom, crossings };
}

/**
 * Whether a node with barycentric weight w for the vertex opposite edge (ex, ey) belongs to this
 * triangle: inside (w > 0), or on that edge (w = 0) and the edge is a "top" or "left" one of the
 * triangle as oriented, so of two triangles sharing an edge exactly one counts the node.
 */
function owns(w: number, det: number, ex: number, ey: number): boolean {
  if (w > 1e-12) return true;
  if (w < -1e-12) return false;
  const s = det > 0 ? 1 : -1;
  const dx = s * ex, dy = s * ey;
  return dy < 0 || (dy === 0 && dx > 0);
}
