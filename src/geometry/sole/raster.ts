/**
 * A triangle mesh seen from below (or above) on a regular grid: at each cell centre, the lowest
 * (or highest) point of the mesh straight above it. This is how the plantar surface is read off a
 * scan: the sole is the part of a standing foot a plate sees from below; the imprint is the part of
 * a foam box seen from above.
 */

/** A regular grid over the xy plane: cell (i, j) is centred at (x0 + i·step, y0 + j·step), index i + nx·j. */
export interface GridSpec {
  x0: number;
  y0: number;
  step: number;
  nx: number;
  ny: number;
}

/** A grid covering [x0, x1] × [y0, y1] with a margin of `margin` cells. */
export function gridOver(x0: number, y0: number, x1: number, y1: number, step: number, margin = 2): GridSpec {
  const gx = Math.floor(x0 / step) * step - margin * step, gy = Math.floor(y0 / step) * step - margin * step;
  return { x0: gx, y0: gy, step, nx: Math.ceil((x1 - gx) / step) + margin + 1, ny: Math.ceil((y1 - gy) / step) + margin + 1 };
}

/**
 * The lower (`below`) or upper envelope of a mesh whose vertices are `q` (xyz, already in the
 * grid's frame): NaN where no triangle covers a cell's centre.
 */
export function envelope(q: Float64Array, indices: Uint32Array, g: GridSpec, below: boolean): Float64Array {
  const out = new Float64Array(g.nx * g.ny).fill(NaN);
  // Which way the triangle seen at each cell faces (+1 up, -1 down): a closed or open scan seen
  // from outside shows its outer side everywhere; where it shows its inner side, the surface in
  // front is missing (a hole in the sole) and the cell is left empty.
  const facing = new Int8Array(g.nx * g.ny);
  const { x0, y0, step, nx, ny } = g;
  const eps = 1e-9;
  for (let f = 0; f < indices.length; f += 3) {
    const a = 3 * indices[f]!, b = 3 * indices[f + 1]!, c = 3 * indices[f + 2]!;
    const ax = q[a]!, ay = q[a + 1]!, az = q[a + 2]!;
    const bx = q[b]!, by = q[b + 1]!, bz = q[b + 2]!;
    const cx = q[c]!, cy = q[c + 1]!, cz = q[c + 2]!;
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(det) < 1e-12) continue; // seen edge-on: covers nothing
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - x0) / step)), i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx, cx) - x0) / step));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by, cy) - y0) / step)), j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by, cy) - y0) / step));
    const inv = 1 / det;
    for (let j = j0; j <= j1; j++) {
      const py = y0 + j * step;
      for (let i = i0; i <= i1; i++) {
        const px = x0 + i * step;
        // Barycentric coordinates of the cell centre; a small tolerance closes cracks between triangles.
        const u = ((px - ax) * (cy - ay) - (cx - ax) * (py - ay)) * inv;
        const v = ((bx - ax) * (py - ay) - (px - ax) * (by - ay)) * inv;
        if (u < -eps || v < -eps || u + v > 1 + eps) continue;
        const z = az + u * (bz - az) + v * (cz - az);
        const k = i + nx * j;
        const o = out[k]!;
        if (o !== o || (below ? z < o : z > o)) { out[k] = z; facing[k] = det > 0 ? 1 : -1; }
      }
    }
  }
  let up = 0, down = 0;
  for (let k = 0; k < facing.length; k++) if (facing[k]! > 0) up++; else if (facing[k]! < 0) down++;
  const outer = up >= down ? 1 : -1;
  for (let k = 0; k < facing.length; k++) if (facing[k] === -outer) out[k] = NaN;
  return out;
}
