/**
 * A triangle mesh seen from below (or above) on a regular grid: at each cell centre, the lowest
 * (or highest) point of the mesh straight above it. This is how the plantar surface is read off a
 * scan: the sole is the part of a standing foot a plate sees from below; the imprint is the part of
 * a foam box seen from above.
 */
import { f64View, put, results, soleKernel, u8View } from './kernel.js';

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
 * grid's frame): NaN where no triangle covers a cell's centre. Which way the triangle seen at each
 * cell faces is kept: a closed or open scan seen from outside shows its outer side everywhere; where
 * it shows its inner side, the surface in front is missing (a hole in the sole) and the cell is NaN.
 */
export function envelope(q: Float64Array, indices: Uint32Array, g: GridSpec, below: boolean): Float64Array {
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const qAt = put(k, q), ixAt = put(k, indices), out = k.alloc(8 * cells);
  k.envelope(qAt, ixAt, indices.length / 3, g.x0, g.y0, g.step, g.nx, g.ny, below, out);
  return f64View(k, out, cells).slice();
}

/** The cells where `h` is a number (1), NaN (0). */
export function coveredCells(h: Float64Array): Uint8Array {
  const k = soleKernel();
  const at = put(k, h), out = k.alloc(h.length);
  k.covered(at, h.length, out);
  return u8View(k, out, h.length).slice();
}

/** xyz points in mm times `scale` (a file's units to mm). */
export function scalePoints(p: Float64Array, scale: number): Float64Array {
  const k = soleKernel();
  const at = put(k, p), out = k.alloc(8 * p.length);
  k.scale(at, p.length, scale, out);
  return f64View(k, out, p.length).slice();
}

type Axis = readonly [number, number, number];

/** xyz points in a frame: q = F·(p − origin), F's rows the frame's axes. */
export function toFrame(p: Float64Array, frame: readonly [Axis, Axis, Axis], origin: Axis): Float64Array {
  const k = soleKernel();
  const [f0, f1, f2] = frame;
  const at = put(k, p), out = k.alloc(8 * p.length);
  k.toFrame(at, p.length / 3, f0[0], f0[1], f0[2], f1[0], f1[1], f1[2], f2[0], f2[1], f2[2], origin[0], origin[1], origin[2], out);
  return f64View(k, out, p.length).slice();
}

/** The bounding box of xyz points: [x0, y0, z0, x1, y1, z1]. */
export function pointBounds(p: Float64Array): [number, number, number, number, number, number] {
  const k = soleKernel();
  k.bounds(put(k, p), p.length / 3);
  const r = results(k);
  return [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!];
}
