/**
 * The per-vertex values the 3D viewer colours a device by, and the range its legend spans.
 * Pure: typed arrays in and out; shared by the page writer and the page.
 */
import type { ColourMode } from './viewerTypes.js';

/**
 * The value of `mode` at every vertex of a device mesh, mm.
 *
 * - `thickness`: for top vertex v, its distance to underside vertex v + topVertexCount (the offset
 *   along the top's normal, longer under a rearfoot post, where the underside is flattened onto the
 *   floor); each underside vertex takes its top vertex's value.
 * - `height`: z, the height above the floor.
 * - `plain`: 0.
 *
 * @param positions xyz, mm, foot frame (vertices [0, T) top, [T, 2T) underside, T = topVertexCount).
 * @returns one value a vertex; NaN for a vertex outside both surfaces (none in today's meshes).
 */
export function scalarField(positions: ArrayLike<number>, topVertexCount: number, mode: ColourMode): Float32Array {
  const nv = Math.floor(positions.length / 3);
  const out = new Float32Array(nv);
  if (mode === 'plain') return out;
  if (mode === 'height') {
    for (let v = 0; v < nv; v++) out[v] = positions[3 * v + 2]!;
    return out;
  }
  const t = topVertexCount;
  out.fill(Number.NaN);
  for (let v = 0; v < t && v + t < nv; v++) {
    const dx = positions[3 * v]! - positions[3 * (v + t)]!;
    const dy = positions[3 * v + 1]! - positions[3 * (v + t) + 1]!;
    const dz = positions[3 * v + 2]! - positions[3 * (v + t) + 2]!;
    out[v] = out[v + t] = Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return out;
}

/** Thickness the colour scale saturates at, mm: above it is solid post material under the heel cup. */
export const THICKNESS_SCALE_CAP_MM = 10;

/**
 * The range the colour scale spans for `mode`, given the largest value shown, mm. Both start at 0
 * so that one colour always means one value. Thickness spans at least 6 mm (the thickest shell the
 * limits allow, so a plain 3 mm shell sits mid-scale) and at most THICKNESS_SCALE_CAP_MM (the heel
 * cup's wall over a rearfoot post is solid down to the floor, ~20 mm, and would squash every shell
 * thickness into one colour); height spans up to the next 5 mm.
 */
export function scaleRange(mode: ColourMode, maxMm: number): [number, number] {
  const max = Number.isFinite(maxMm) ? maxMm : 0;
  if (mode === 'thickness') return [0, Math.min(THICKNESS_SCALE_CAP_MM, Math.max(6, Math.ceil(max - 1e-6)))];
  if (mode === 'height') return [0, Math.max(5, 5 * Math.ceil(max / 5 - 1e-6))];
  return [0, 1];
}
