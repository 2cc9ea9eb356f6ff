import { GeometryError } from '../errors.js';
import type { Mesh } from '../geometry/index.js';

/** The parts of a built device's mesh the mill uses (the pipeline's SolidLayout). */
export interface DeviceLayout {
  /** Vertices [0, topCount) are the top surface, [topCount, 2·topCount) the underside. */
  topCount: number;
  /** Triangles [0, topTriangles) are the top surface. */
  topTriangles: number;
  /** The first boundaryCount vertices of each surface are its outline, in order (CCW seen from above). */
  boundaryCount: number;
}

/**
 * The device to mill from a block: a filled device (its top surface, every modification and the
 * heel cup as built; its underside flat on the floor) whose outer wall is given a draft, so that
 * a tool from above cuts all of it. The underside's outline moves outward from the top's by the
 * wall's height × tan(draft) along the outline's normal; the top is untouched. Inputs are not mutated.
 *
 * @param mesh a filled device's mesh, foot frame, mm (its rim joins the top's outline straight down
 *   to the underside's)
 * @param draftDeg the wall's lean from vertical, degrees (0–15)
 * @throws GeometryError when the device's underside is not flat on the floor (a shoe's heel pitch)
 */
export function draftedDevice(mesh: Mesh, layout: DeviceLayout, draftDeg: number): Mesh {
  const { topCount: nv, boundaryCount: nb } = layout;
  const p = mesh.positions;
  for (let i = nv; i < 2 * nv; i++) {
    if (p[3 * i + 2] !== 0) {
      // prepareBuild refuses a shoe's heel pitch for a milled device; this guards the mill's own input.
      throw new GeometryError([{ pointer: '', rule: 'a device milled from a block must lie flat on the floor (its underside at z = 0)', value: `${+p[3 * i + 2]!.toFixed(2)} mm above it` }]);
    }
  }
  const out = p.slice();
  const tan = Math.tan((draftDeg * Math.PI) / 180);
  for (let i = 0; i < nb; i++) {
    const a = (i + nb - 1) % nb, b = (i + 1) % nb;
    const tx = p[3 * b]! - p[3 * a]!, ty = p[3 * b + 1]! - p[3 * a + 1]!;
    const len = Math.hypot(tx, ty);
    if (!(len > 0)) continue;
    const h = p[3 * i + 2]! * tan; // the top's rim height above the floor
    const u = 3 * (nv + i);
    out[u] = p[u]! + (h * ty) / len; // outward normal of a CCW loop: (ty, −tx)
    out[u + 1] = p[u + 1]! - (h * tx) / len;
  }
  return { positions: out, indices: mesh.indices };
}
