/**
 * Measures of a footprint that the intake of a 3D scan reads its cues from (its extent and axis,
 * which end is the heel, whether the heel was cut off, which side the arch is on), each one pass of
 * the WebAssembly kernel (assembly/sole.ts). What the numbers mean is the intake's to decide.
 */
import { put, results, soleKernel } from './kernel.js';
import type { GridSpec } from './raster.js';

/** A footprint's cells: how many, their column and row ranges, and their second moments about their centroid (in cells²). */
export interface FootprintMoments {
  cells: number;
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  cxx: number;
  cyy: number;
  cxy: number;
}

/** The moments of the set cells of `mask`. */
export function footprintMoments(mask: Uint8Array, g: GridSpec): FootprintMoments {
  const k = soleKernel();
  k.maskMoments(put(k, mask), g.nx, g.ny);
  const r = results(k);
  return { cells: r[0]!, i0: r[1]!, i1: r[2]!, j0: r[3]!, j1: r[4]!, cxx: r[5]!, cyy: r[6]!, cxy: r[7]! };
}

/** What tells a footprint's heel from its toes along an axis (t: position along it, mm). */
export interface HeelCues {
  /** The footprint's extent along the axis. */
  t0: number;
  t1: number;
  /** Σ and count of the relative position (t − t0)/(t1 − t0) of the mesh's vertices above `legAboveMm`. */
  legSum: number;
  legCount: number;
  /** The same over the cells at least `archInsideMm` inside the footprint and higher than `archRiseMm`. */
  archSum: number;
  archCount: number;
  /** The footprint's greatest width across the axis in its 2nd–5th and in its 14th–17th twentieths along it, mm. */
  lowEndWidth: number;
  highEndWidth: number;
}

/**
 * The heel-or-toes cues of a footprint (`mask`, heights `h`, distances inside it `inside`) along the
 * unit axis (ax, ay), with the mesh `q` (xyz, mm, the grid's frame) for the leg above it.
 */
export function heelCues(q: Float64Array, h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec, axis: readonly [number, number], legAboveMm: number, archInsideMm: number, archRiseMm: number): HeelCues {
  const k = soleKernel();
  k.heelCues(put(k, q), q.length / 3, put(k, h), put(k, mask), put(k, inside), g.nx, g.ny, g.x0, g.y0, g.step, axis[0], axis[1], legAboveMm, archInsideMm, archRiseMm);
  const r = results(k);
  return { t0: r[0]!, t1: r[1]!, legSum: r[2]!, legCount: r[3]!, archSum: r[4]!, archCount: r[5]!, lowEndWidth: r[6]!, highEndWidth: r[7]! };
}

/**
 * The footprint's cells within `insideMaxMm` of its border with x in [xa, xb]: how many, and how
 * many of them are lower than `lowMm`.
 */
export function borderCells(h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec, xa: number, xb: number, insideMaxMm: number, lowMm: number): { all: number; low: number } {
  const k = soleKernel();
  k.borderCells(put(k, h), put(k, mask), put(k, inside), g.nx, g.ny, g.x0, g.step, xa, xb, insideMaxMm, lowMm);
  const r = results(k);
  return { all: r[0]!, low: r[1]! };
}

/**
 * Which side of the footprint the sole rises on between x = xa and xb: per column, the footprint's
 * middle; over the cells at least `insideMinMm` inside it and `minMm` high, Σ h · sign(y − middle)
 * (`sum`: positive when the sole rises toward +y) and Σ h (`weight`).
 */
export function riseSide(h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec, xa: number, xb: number, insideMinMm: number, minMm: number): { sum: number; weight: number } {
  const k = soleKernel();
  k.riseSide(put(k, h), put(k, mask), put(k, inside), g.nx, g.ny, g.x0, g.y0, g.step, xa, xb, insideMinMm, minMm);
  const r = results(k);
  return { sum: r[0]!, weight: r[1]! };
}
