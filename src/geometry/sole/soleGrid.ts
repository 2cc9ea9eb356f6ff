import { f64View, loadHeights, put, soleKernel } from './kernel.js';

/**
 * A scanned plantar surface as a height field: the sole's height above the floor on a regular grid
 * over the floor plane. Cell (i, j) holds the height at (x0 + i·step, y0 + j·step), row-major in j
 * (index i + nx·j). Heights are finite everywhere on the grid: cells outside the footprint carry
 * the nearest footprint height outward (so a surface sampled on its own outline never meets a
 * hole).
 */
export interface SoleGrid {
  x0: number;
  y0: number;
  /** Cell spacing, mm. */
  step: number;
  nx: number;
  ny: number;
  /** Heights above the floor, mm (nx·ny). */
  heights: Float64Array;
}

/**
 * The sole's height at (x, y): bilinear between the four nearest cells, clamped to the grid's edge.
 * The grid's heights are copied into the kernel once for a run of calls on the same grid (until
 * another kernel call): do not change them in place between calls.
 */
export function soleAt(g: SoleGrid, x: number, y: number): number {
  const { k, at } = loadHeights(g.heights);
  return k.soleAt(at, g.x0, g.y0, g.step, g.nx, g.ny, x, y);
}

/** The sole's heights at points (xy pairs), as soleAt gives them. */
export function sampleSole(g: SoleGrid, xy: Float64Array): Float64Array {
  const k = soleKernel();
  const n = xy.length >> 1;
  const h = put(k, g.heights), at = put(k, xy), out = k.alloc(8 * n);
  k.sampleSole(h, g.x0, g.y0, g.step, g.nx, g.ny, at, n, out);
  return f64View(k, out, n).slice();
}

/**
 * The same sole in another frame: `matrix` (row-major 3×3, [x', y', 1] = M·[x, y, 1], a rigid
 * motion) takes the grid's frame to the new one; the new grid covers [x0, x1] × [y0, y1] at `step`,
 * each cell the sole's height (soleAt) where the inverse motion takes it.
 */
export function resampleSole(g: SoleGrid, matrix: readonly number[], box: readonly [number, number, number, number], step: number): SoleGrid {
  const [bx0, by0, bx1, by1] = box;
  const nx = Math.max(2, Math.ceil((bx1 - bx0) / step) + 1), ny = Math.max(2, Math.ceil((by1 - by0) / step) + 1);
  const [a, b, tx, c, d, ty] = matrix as [number, number, number, number, number, number];
  const k = soleKernel();
  const h = put(k, g.heights), out = k.alloc(8 * nx * ny);
  k.resampleSole(h, g.x0, g.y0, g.step, g.nx, g.ny, a, b, tx, c, d, ty, bx0, by0, step, nx, ny, out);
  return { x0: bx0, y0: by0, step, nx, ny, heights: f64View(k, out, nx * ny).slice() };
}

/** The sole reflected in the y axis (x → −x), as mirrorScan reflects the outline: the other foot's. */
export function mirrorSole(g: SoleGrid): SoleGrid {
  const heights = new Float64Array(g.heights.length);
  for (let j = 0; j < g.ny; j++) for (let i = 0; i < g.nx; i++) heights[g.nx - 1 - i + g.nx * j] = g.heights[i + g.nx * j]!;
  return { ...g, x0: -(g.x0 + (g.nx - 1) * g.step), heights };
}

/** The sole smoothed with a Gaussian of `sigmaMm` (separable; the grid's edge cells repeat outward). */
export function smoothSole(g: SoleGrid, sigmaMm: number): SoleGrid {
  const { nx, ny, step } = g;
  const s = sigmaMm / step;
  const half = Math.max(1, Math.ceil(3 * s));
  const w = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let k = -half; k <= half; k++) sum += w[k + half] = Math.exp((-0.5 * k * k) / (s * s));
  for (let k = 0; k < w.length; k++) w[k] = w[k]! / sum;
  const a = g.heights, b = new Float64Array(a.length), out = new Float64Array(a.length);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let v = 0;
    for (let k = -half; k <= half; k++) v += w[k + half]! * a[Math.min(nx - 1, Math.max(0, i + k)) + nx * j]!;
    b[i + nx * j] = v;
  }
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let v = 0;
    for (let k = -half; k <= half; k++) v += w[k + half]! * b[i + nx * Math.min(ny - 1, Math.max(0, j + k))]!;
    out[i + nx * j] = v;
  }
  return { ...g, heights: out };
}

/** A sole as the device follows it: the heights, and a cap on each (the sole's height a little inside, carried to the border). */
export interface DeviceSole extends SoleGrid {
  caps: Float64Array;
  /** The scan's arch height as measured (the scan's measurements.archHeight): arch raises and fills are made from it. */
  archHeightMm: number;
}
