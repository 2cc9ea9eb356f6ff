import type { Mesh } from '../geometry/index.js';
import { gridOver, viewFromAbove, type HeightGrid } from './heightGrid.js';

/** What a tool from above cannot cut: the nodes whose column is not solid from the floor up to the top. */
export interface Undercut {
  /** Area of the floor plan over air or over a second layer, mm². */
  areaMm2: number;
  /** 1 at an undercut node (grid of the mask). */
  mask: Uint8Array;
  grid: Omit<HeightGrid, 'z'>;
}

/**
 * Checks a solid for undercuts from above, as a 3-axis mill meets it with its base flat on the
 * table: every vertical line through the part must enter it once, at its top, and leave it at the
 * floor (z = 0). Where the line's lowest crossing is above the floor (a flared wall's outer face, a
 * shell's arch over air) or it crosses four times or more (material over a hollow), the tool
 * cannot cut the material under the top.
 *
 * @param stepMm grid spacing, mm
 * @param toleranceMm height above the floor still taken as standing on it, mm
 */
export function undercutFromAbove(mesh: Mesh, stepMm: number, toleranceMm = 0.01): Undercut {
  const p = mesh.positions;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    x0 = Math.min(x0, p[i]!); x1 = Math.max(x1, p[i]!); y0 = Math.min(y0, p[i + 1]!); y1 = Math.max(y1, p[i + 1]!);
  }
  const g = gridOver(Math.floor(x0 / stepMm) * stepMm, Math.floor(y0 / stepMm) * stepMm, x1, y1, stepMm);
  const { bottom, crossings } = viewFromAbove(mesh, g);
  const mask = new Uint8Array(g.nx * g.ny);
  let n = 0;
  for (let k = 0; k < mask.length; k++) {
    if (crossings[k]! === 0) continue;
    if (bottom[k]! > toleranceMm || crossings[k]! >= 4) { mask[k] = 1; n++; }
  }
  const { x0: gx, y0: gy, step, nx, ny } = g;
  return { areaMm2: n * stepMm * stepMm, mask, grid: { x0: gx, y0: gy, step, nx, ny } };
}
