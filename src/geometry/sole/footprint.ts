/**
 * Image operations on a footprint: a height field on a regular grid (GridSpec) and the mask of the
 * cells the foot covers. Typed arrays throughout, each pass O(cells), each in the WebAssembly
 * kernel (assembly/sole.ts, the one implementation; see there for how each works).
 */
import { f64View, i32View, put, results, soleKernel, u8View } from './kernel.js';
import type { GridSpec } from './raster.js';

/** 4-connected components of the set cells of `mask`: a label per cell (-1 outside; in the order a row-by-row scan meets them) and each component's size in cells. */
export function components(mask: Uint8Array, g: GridSpec): { labels: Int32Array; sizes: number[] } {
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const m = put(k, mask), labels = k.alloc(4 * cells), sizes = k.alloc(4 * cells);
  const n = k.components(m, g.nx, g.ny, labels, sizes);
  return { labels: i32View(k, labels, cells).slice(), sizes: Array.from(i32View(k, sizes, n)) };
}

/** The cells whose label is `label` (1), the others (0). */
export function labelMask(labels: Int32Array, label: number): Uint8Array {
  const k = soleKernel();
  const at = put(k, labels), out = k.alloc(labels.length);
  k.keepLabel(at, labels.length, label, out);
  return u8View(k, out, labels.length).slice();
}

/**
 * Fills the holes of a footprint (empty regions that do not reach the grid's edge): sets them in
 * `mask` and gives them heights by relaxing toward their neighbours (a membrane over the hole).
 * @returns the holes' sizes in cells, largest first.
 */
export function fillHoles(h: Float64Array, mask: Uint8Array, g: GridSpec): number[] {
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const hAt = put(k, h), mAt = put(k, mask), sizes = k.alloc(4 * cells);
  const n = k.fillHoles(hAt, mAt, g.nx, g.ny, sizes);
  if (!n) return [];
  h.set(f64View(k, hAt, cells));
  mask.set(u8View(k, mAt, cells));
  return Array.from(i32View(k, sizes, n)).sort((a, b) => b - a);
}

/** Distance (mm) from each footprint cell to the nearest cell outside it (chamfer 3-4); 0 outside. */
export function insideDistance(mask: Uint8Array, g: GridSpec): Float64Array {
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const m = put(k, mask), d = k.alloc(8 * cells);
  k.insideDistance(m, g.nx, g.ny, g.step, d);
  return f64View(k, d, cells).slice();
}

/** The cells where `values` is at least `min` (1), the others (0). */
export function cellsAtLeast(values: Float64Array, min: number): Uint8Array {
  const k = soleKernel();
  const at = put(k, values), out = k.alloc(values.length);
  k.atLeast(at, values.length, min, out);
  return u8View(k, out, values.length).slice();
}

/** Sets `h` to NaN outside the footprint. */
export function clearOutside(h: Float64Array, mask: Uint8Array): void {
  const k = soleKernel();
  const at = put(k, h);
  k.fillOutside(at, put(k, mask), h.length, NaN);
  h.set(f64View(k, at, h.length));
}

/**
 * Raises `h` to 0 where it is below, on the footprint only: with `max`, as Math.max(0, h) (a −0
 * becomes 0); without, only a negative height changes.
 */
export function floorMasked(h: Float64Array, mask: Uint8Array, max: boolean): void {
  const k = soleKernel();
  const at = put(k, h);
  k.floorMasked(at, put(k, mask), h.length, max);
  h.set(f64View(k, at, h.length));
}

/** The RMS of a − b over the cells where `inside` ≥ `min` (0 when there are none). */
export function rmsDifference(a: Float64Array, b: Float64Array, inside: Float64Array, min: number): number {
  const k = soleKernel();
  k.residualSquares(put(k, a), put(k, b), put(k, inside), a.length, min);
  const r = results(k);
  return r[1]! ? Math.sqrt(r[0]! / r[1]!) : 0;
}

/**
 * Heights smoothed with a Gaussian of `sigmaMm` over the footprint only (normalised: cells outside
 * it neither contribute nor are changed). Separable, O(cells · kernel).
 */
export function smoothMasked(h: Float64Array, mask: Uint8Array, g: GridSpec, sigmaMm: number): Float64Array {
  const s = sigmaMm / g.step;
  const half = Math.max(1, Math.ceil(3 * s));
  const w = new Float64Array(2 * half + 1);
  for (let k = -half; k <= half; k++) w[k + half] = Math.exp((-0.5 * k * k) / (s * s));
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const hAt = put(k, h), mAt = put(k, mask), wAt = put(k, w), out = k.alloc(8 * cells);
  k.smoothMasked(hAt, mAt, g.nx, g.ny, wAt, half, out);
  return f64View(k, out, cells).slice();
}

/** Carries the footprint's heights outward to every cell of the grid (each outside cell takes the mean of its known neighbours, ring by ring). */
export function extendOutward(h: Float64Array, mask: Uint8Array, g: GridSpec): void {
  const k = soleKernel();
  const hAt = put(k, h);
  k.extendOutward(hAt, put(k, mask), g.nx, g.ny);
  h.set(f64View(k, hAt, h.length));
}

/**
 * Lowers the field wherever it is steeper than `slope` (rise over run): h(p) ≤ h(q) + slope·|p − q|
 * for all cells, by two chamfer passes repeated until nothing changes. Only ever lowers.
 */
export function limitSlope(h: Float64Array, g: GridSpec, slope: number): void {
  const k = soleKernel();
  const hAt = put(k, h);
  k.limitSlope(hAt, g.nx, g.ny, slope * g.step, slope * g.step * Math.SQRT2);
  h.set(f64View(k, hAt, h.length));
}

/**
 * Replaces spikes: cells of `inner` further than `thresholdMm` from the median of the sole on a
 * ring `radiusMm` around them take that median. The ring is wider than a spike's footprint (a scan
 * spike pulls one vertex, so it spans one ring of triangles), and on a smooth sole the ring's median
 * is the centre's height (exactly, on a plane). Only clusters up to `maxAreaMm2` are spikes.
 * @returns how many cells were replaced.
 */
export function despike(h: Float64Array, inner: Uint8Array, g: GridSpec, thresholdMm: number, radiusMm = 3, maxAreaMm2 = 40): number {
  const r = Math.max(2, Math.round(radiusMm / g.step));
  const ring = new Int32Array(32);
  for (let q = 0; q < 16; q++) {
    const a = (q * Math.PI) / 8;
    ring[2 * q] = Math.round(r * Math.cos(a));
    ring[2 * q + 1] = Math.round(r * Math.sin(a));
  }
  const k = soleKernel();
  const hAt = put(k, h);
  const count = k.despike(hAt, put(k, inner), g.nx, g.ny, put(k, ring), r, thresholdMm, maxAreaMm2 / (g.step * g.step));
  if (count) h.set(f64View(k, hAt, h.length));
  return count;
}

/**
 * The outer boundary of a footprint (one component, no holes) as a counter-clockwise polygon
 * through the cells' corners (a staircase at the grid's spacing, its collinear corners dropped),
 * xy pairs in mm.
 */
export function traceBoundary(mask: Uint8Array, g: GridSpec): Float64Array {
  const k = soleKernel();
  const m = put(k, mask), out = k.alloc(8 * 8 * (g.nx + 1) * (g.ny + 1));
  const n = k.traceBoundary(m, g.nx, g.ny, g.x0, g.y0, g.step, out);
  return f64View(k, out, 2 * n).slice();
}

/** The cells of a grid whose centres lie inside a polygon (even-odd rule, scanline by scanline). */
export function polygonMask(xy: Float64Array, g: GridSpec): Uint8Array {
  const k = soleKernel();
  const cells = g.nx * g.ny;
  const at = put(k, xy), out = k.alloc(cells);
  k.polygonMask(at, xy.length >> 1, g.x0, g.y0, g.step, g.nx, g.ny, out);
  return u8View(k, out, cells).slice();
}
