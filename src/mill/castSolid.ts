import type { Mesh } from '../geometry/index.js';
import type { DeviceLayout } from './millDevice.js';
import { heightFieldBlock } from './heightFieldBlock.js';
import { gridOver, viewFromAbove, type HeightGrid } from './heightGrid.js';

/** Slope of the cast's surface beyond the trim line, down and away from it (rise over run). */
const CAST_RUNOUT_SLOPE = 1;

export interface Cast {
  /** The cast: a closed block, its top the foot's positive; in the cast's frame, mm. */
  mesh: Mesh;
  /** Its height field (the mesh's top), cast frame. */
  grid: HeightGrid;
  /** The trim line (the device's outline) in the cast's frame, CCW seen from above, mm. */
  trimLine: Float64Array;
  /** The cast's frame from the foot frame: x' = x − x0, y' = y1 − y, z' = zTop + base − z (a half turn about the long axis, then moved). */
  frame: { x0: number; y1: number; zTopMm: number; baseMm: number };
  /** Size of the block, mm. */
  sizeMm: [number, number, number];
}

/**
 * The positive cast a sheet is vacuum-formed over: the foot's side of the device (its top surface,
 * every modification and the heel cup) turned plantar side up, as the foot's positive lies on a
 * mill's table, carried beyond the device's outline to the block's rectangle `rect` (centred on the
 * outline; falling away at 45°, for the sheet to wrap the edge before it is trimmed there) and
 * standing on `baseMm` of material under its lowest point. A height field, so a tool from above reaches all of it: the heel cup's walls, which flare
 * outward on the device, lean inward going up on the cast.
 *
 * @param mesh the built device, foot frame, mm; layout: its top surface and outline
 * @param stepMm spacing of the cast's height grid, mm
 */
export function castSolid(mesh: Mesh, layout: DeviceLayout, rect: { lengthMm: number; widthMm: number }, baseMm: number, stepMm: number): Cast {
  const p = mesh.positions, nb = layout.boundaryCount;
  let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity, zTop = -Infinity;
  for (let i = 0; i < nb; i++) {
    bx0 = Math.min(bx0, p[3 * i]!); bx1 = Math.max(bx1, p[3 * i]!);
    by0 = Math.min(by0, p[3 * i + 1]!); by1 = Math.max(by1, p[3 * i + 1]!);
  }
  for (let i = 0; i < layout.topCount; i++) zTop = Math.max(zTop, p[3 * i + 2]!);
  // The block's rectangle, centred on the outline.
  const x0 = (bx0 + bx1 - rect.lengthMm) / 2, y0 = (by0 + by1 - rect.widthMm) / 2;
  const g = gridOver(x0, y0, x0 + rect.lengthMm, y0 + rect.widthMm, stepMm);
  const y1 = y0 + (g.ny - 1) * stepMm;
  const top = { positions: p, indices: mesh.indices.subarray(0, 3 * layout.topTriangles) };
  const seen = viewFromAbove(top, g).top;
  // The cast's grid: node (i, j') is the foot frame's (x0 + i·step, y1 − j'·step).
  const cast = new Float64Array(g.nx * g.ny);
  for (let j = 0; j < g.ny; j++) {
    const y = y0 + j * stepMm, row = (g.ny - 1 - j) * g.nx;
    for (let i = 0; i < g.nx; i++) {
      const x = x0 + i * stepMm;
      let z = seen[j * g.nx + i]!;
      if (z === -Infinity) {
        // Beyond the outline: the nearest outline point's height, rising away from it on the device
        // (falling on the cast). Nearest by the outline's vertices, resampled at the build's resolution.
        let best = Infinity, zb = 0;
        for (let k = 0; k < nb; k++) {
          const d2 = (p[3 * k]! - x) ** 2 + (p[3 * k + 1]! - y) ** 2;
          if (d2 < best) { best = d2; zb = p[3 * k + 2]!; }
        }
        z = zb + CAST_RUNOUT_SLOPE * Math.sqrt(best);
      }
      cast[row + i] = baseMm + Math.max(0, zTop - z);
    }
  }
  const grid: HeightGrid = { x0: 0, y0: 0, step: stepMm, nx: g.nx, ny: g.ny, z: cast };
  const trimLine = new Float64Array(2 * nb);
  // A half turn reverses a CCW loop: walk it backwards to keep it CCW.
  for (let k = 0; k < nb; k++) {
    const s = nb - 1 - k;
    trimLine[2 * k] = p[3 * s]! - x0;
    trimLine[2 * k + 1] = y1 - p[3 * s + 1]!;
  }
  let zMax = 0;
  for (let k = 0; k < cast.length; k++) zMax = Math.max(zMax, cast[k]!);
  return {
    mesh: heightFieldBlock(grid),
    grid,
    trimLine,
    frame: { x0, y1, zTopMm: zTop, baseMm },
    sizeMm: [(g.nx - 1) * stepMm, (g.ny - 1) * stepMm, zMax],
  };
}
