/**
 * The fit colouring of the 3D viewer: a device's top against the scanned sole, per vertex, from
 * values on a grid. Pure (typed arrays in and out, no imports): shared by the page writer, the
 * page's script and the tests.
 */

/** The fit colour scale's reach, mm: ±3 mm and beyond show the end colours. */
export const FIT_SCALE_MM = 3;

/** An int16 grid value that means "no value here" (off the footprint, outside the fit's region). */
export const GRID_NONE = -32768;

/** Values on a regular grid over the floor: node (i, j) at (x0 + i·step, y0 + j·step), row-major in j; NaN where there is none. */
export interface ValueGrid {
  x0: number;
  y0: number;
  step: number;
  nx: number;
  ny: number;
  values: ArrayLike<number>;
}

/**
 * The grid's value at (x, y): bilinear between the four nodes around it, the nodes that have a
 * value re-weighted among themselves. NaN when those carry less than half the weight: a node's
 * value reaches about half a step past it (each node stands for its own cell), never farther.
 */
export function gridValueAt(g: ValueGrid, x: number, y: number): number {
  const fx = (x - g.x0) / g.step, fy = (y - g.y0) / g.step;
  const i = Math.floor(fx), j = Math.floor(fy);
  const u = fx - i, v = fy - j;
  let sum = 0, weight = 0;
  for (let k = 0; k < 4; k++) {
    const ii = i + (k & 1), jj = j + (k >> 1);
    if (ii < 0 || jj < 0 || ii >= g.nx || jj >= g.ny) continue;
    const value = g.values[ii + g.nx * jj]!;
    if (value !== value) continue;
    const w = (k & 1 ? u : 1 - u) * (k >> 1 ? v : 1 - v);
    sum += w * value;
    weight += w;
  }
  return weight >= 0.5 ? sum / weight : Number.NaN;
}

/**
 * The fit at every vertex of a device mesh: for each top vertex, the fit grid's value under it
 * (device − sole − offset, mm: > 0 the device presses into the foot, < 0 it leaves a gap); NaN for a
 * top vertex outside the fit's region and for every other vertex (underside, rim).
 *
 * @param positions xyz, mm, foot frame (a heel pitch changes only z, so it does not matter here).
 * @param topVertexCount vertices [0, topVertexCount) are the top surface.
 */
export function fitField(grid: ValueGrid, positions: ArrayLike<number>, topVertexCount: number): Float32Array {
  const nv = Math.floor(positions.length / 3);
  const out = new Float32Array(nv).fill(Number.NaN);
  for (let v = 0; v < Math.min(nv, topVertexCount); v++) out[v] = gridValueAt(grid, positions[3 * v]!, positions[3 * v + 1]!);
  return out;
}
