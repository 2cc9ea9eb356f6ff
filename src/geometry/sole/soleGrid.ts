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

/** The sole's height at (x, y): bilinear between the four nearest cells, clamped to the grid's edge. */
export function soleAt(g: SoleGrid, x: number, y: number): number {
  const fx = Math.min(g.nx - 1.000001, Math.max(0, (x - g.x0) / g.step));
  const fy = Math.min(g.ny - 1.000001, Math.max(0, (y - g.y0) / g.step));
  const i = Math.floor(fx), j = Math.floor(fy);
  const u = fx - i, v = fy - j;
  const h = g.heights, k = i + g.nx * j;
  return (1 - v) * ((1 - u) * h[k]! + u * h[k + 1]!) + v * ((1 - u) * h[k + g.nx]! + u * h[k + g.nx + 1]!);
}

/**
 * The same sole in another frame: `matrix` (row-major 3×3, [x', y', 1] = M·[x, y, 1], a rigid
 * motion) takes the grid's frame to the new one; the new grid covers [x0, x1] × [y0, y1] at `step`.
 */
export function resampleSole(g: SoleGrid, matrix: readonly number[], box: readonly [number, number, number, number], step: number): SoleGrid {
  const [bx0, by0, bx1, by1] = box;
  const nx = Math.max(2, Math.ceil((bx1 - bx0) / step) + 1), ny = Math.max(2, Math.ceil((by1 - by0) / step) + 1);
  const heights = new Float64Array(nx * ny);
  // Inverse of a rigid motion: R^T (p' - t).
  const [a, b, tx, c, d, ty] = matrix as [number, number, number, number, number, number];
  for (let j = 0; j < ny; j++) {
    const yq = by0 + j * step - ty;
    for (let i = 0; i < nx; i++) {
      const xq = bx0 + i * step - tx;
      heights[i + nx * j] = soleAt(g, a * xq + c * yq, b * xq + d * yq);
    }
  }
  return { x0: bx0, y0: by0, step, nx, ny, heights };
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
