import { GeometryError } from '../../errors.js';
import { readOutline, untangleOutline, type CleanOutline } from './clean.js';
import { hullChains } from './polygon.js';
import { interpolateClosed, outlineNoise, resampleClosed, smoothClosed } from './resample.js';
import { findSelfIntersection } from './selfIntersection.js';

/**
 * How a scanner's outline is turned into the foot's outline. Engineering choices
 * (docs/clinical-basis.md [CB-outline-sparse], [CB-outline-noise]):
 */
export const OUTLINE_RULES = {
  /**
   * At most this many points, the outline is a smooth curve through them, not a polygon (issue 15:
   * 8 to 40 points). A 40-point foot has a point every ~16 mm: its heel is 6 or 7 straight edges.
   */
  sparsePoints: 40,
  /**
   * Points farther apart than this on average (mm) also make a curve through them: the device's own
   * smoothing (a 2 mm Gaussian, reaching ±6 mm) rounds corners only between points closer than that.
   */
  sparseSpacingMm: 6,
  /** Samples of the curve through a sparse outline, mm apart. */
  curveSpacingMm: 0.5,
  /**
   * Noise (estimated standard deviation, mm; outlineNoise) above which the outline is smoothed before
   * it is aligned and measured. Below it the device's own 2 mm smoothing is enough (measured: with
   * ±0.4 mm of uniform noise, sd 0.23 mm, 80 generated feet of 200–1,500 points all built with the
   * prescribed cup and post, 46 of them from the points as given), and clean outlines (every example
   * reads under 0.005 mm) are used exactly as given.
   */
  noiseMm: 0.25,
  /** The smoothing applied to a noisy outline: a Gaussian along it of this many times the noise, mm ... */
  noiseSigmaPerMm: 6,
  /**
   * ... within these bounds, mm. 2: the device's own smoothing. 4: on clean generated feet (150–390 mm)
   * it moves the outline by 0.7–1.9 mm at most, at the gaps between the toes and a Greek second
   * toe's tip (6 moved it by up to 3 mm); ±1.5 mm of noise still gives the prescribed heel cup.
   */
  noiseSigmaMm: [2, 4] as const,
  /**
   * An outline that ties this many loops of noise is taken for a noisy one too, whatever its noise
   * reads: just under the threshold, a dense outline (thousands of points) still ties hundreds.
   */
  noiseLoops: 3,
  /**
   * An outline whose noise reads at least this much (mm) and that crosses itself in a larger loop is
   * smoothed too before the crossing is refused: dense noise ties loops of several mm² (clean outlines
   * read under 0.005 mm, so a clean figure eight is refused as it is).
   */
  crossingNoiseMm: 0.05,
} as const;

/** The foot's outline, ready to align, and what was done to the scanner's points to get it. */
export interface PreparedOutline {
  /** Flat xy, scanner's frame and winding, mm, last point not repeating the first. */
  xy: Float64Array;
  /** Distinct points given. */
  points: number;
  /** `polygon`: the points as given; `curve`: a smooth curve through sparse points; `smoothed`: a noisy outline smoothed. */
  made: 'polygon' | 'curve' | 'smoothed';
  /** Estimated noise of the points, mm (0 for sparse outlines, where it is not estimated). */
  noiseMm: number;
  /** The Gaussian applied to a noisy outline, mm (0 when none). */
  smoothingMm: number;
  /** Loops of noise cut off where the outline crossed itself, and the largest, mm². */
  loopsRemoved: number;
  largestLoopMm2: number;
  /** One plain sentence per change made, for the report's warnings. */
  notes: string[];
}

/**
 * Turns a scanner's outline into the foot's outline: checks its points (readOutline), then
 * - a sparse outline (OUTLINE_RULES.sparsePoints or fewer points, or far apart): the smooth closed
 *   curve through them (interpolateClosed), not straight segments;
 * - a noisy one (outlineNoise above OUTLINE_RULES.noiseMm): smoothed along its length, which also
 *   undoes the loops noise ties;
 * - otherwise the polygon as given;
 * and in every case cuts off tiny loops of noise and refuses a real crossing (untangleOutline).
 *
 * @param points outline in the scanner's frame, mm, any winding, open or closed.
 * @throws GeometryError naming `/outline` or a point of it, with the rule broken.
 */
export function prepareOutline(points: ReadonlyArray<readonly number[]>): PreparedOutline {
  const R = OUTLINE_RULES;
  const read = readOutline(points);
  const n = read.xy.length >> 1;
  // The spacing the points would have along the foot: the convex hull's perimeter is not inflated
  // by noise the way the polygon's is (a foot's own perimeter is within ~10 % of its hull's).
  const { lower, upper } = hullChains(read.xy);
  const hullLength = chainLength(lower) + chainLength(upper);
  const spacing = hullLength / n;
  const notes: string[] = [];
  if (n <= R.sparsePoints || spacing > R.sparseSpacingMm) {
    const clean = untangleOutline(read.xy, (i) => read.source[i]!);
    const curve = interpolateClosed(clean.xy, R.curveSpacingMm);
    const hit = findSelfIntersection(curve);
    if (hit) {
      const [px, py] = [curve[2 * hit[0]]!, curve[2 * hit[0] + 1]!];
      throw new GeometryError([{ pointer: '/outline', rule: `must be a foot outline: a smooth curve through its ${n} points crosses itself near (${+px.toFixed(1)}, ${+py.toFixed(1)}): give more points there`, value: `${n} points` }]);
    }
    notes.push(`the outline has ${n} points, ${+spacing.toFixed(1)} mm apart: the device follows a smooth curve through them, not straight lines between them [CB-outline-sparse]`);
    loopNote(clean, notes);
    return { xy: curve, points: n, made: 'curve', noiseMm: 0, smoothingMm: 0, loopsRemoved: clean.loopsRemoved, largestLoopMm2: clean.largestLoopMm2, notes };
  }
  const noise = outlineNoise(read.xy, spacing);
  let polygon: CleanOutline | null = null;
  let crossing: unknown = null;
  if (noise <= R.noiseMm) {
    try {
      polygon = untangleOutline(read.xy, (i) => read.source[i]!);
    } catch (err) {
      // A crossing on an outline with some noise may be the noise's: smoothed first, refused if it stays.
      if (!(err instanceof GeometryError) || noise < R.crossingNoiseMm) throw err;
      crossing = err;
    }
  }
  if (polygon && polygon.loopsRemoved < R.noiseLoops) {
    loopNote(polygon, notes);
    return { xy: polygon.xy, points: n, made: 'polygon', noiseMm: noise, smoothingMm: 0, loopsRemoved: polygon.loopsRemoved, largestLoopMm2: polygon.largestLoopMm2, notes };
  }
  const sigma = Math.min(R.noiseSigmaMm[1], Math.max(R.noiseSigmaMm[0], R.noiseSigmaPerMm * noise));
  let xy = read.xy;
  // Points closer together than their noise: average neighbours first, so that length along the
  // outline means length along the foot before smoothing by it.
  if (noise > 0.5 * spacing) xy = smoothClosed(xy, noise / spacing);
  for (let pass = 0; pass < 2; pass++) {
    xy = resampleClosed(xy, R.curveSpacingMm);
    xy = smoothClosed(xy, sigma / Math.SQRT2 / R.curveSpacingMm);
  }
  const smooth = xy;
  let clean: CleanOutline;
  try {
    clean = untangleOutline(smooth, (i) => nearestPoint(read.xy, read.source, smooth[2 * i]!, smooth[2 * i + 1]!));
  } catch (err) {
    throw crossing ?? err; // a crossing smoothing does not undo is named as in the points given
  }
  const tied = polygon ? ` and tied ${polygon.loopsRemoved} loops` : crossing ? ' and crossed itself' : '';
  notes.push(`the outline is noisy (about ±${+(noise * Math.sqrt(3)).toFixed(1)} mm from point to point${tied}): smoothed along its length with a ${+sigma.toFixed(1)} mm Gaussian before use [CB-outline-noise]`);
  loopNote(clean, notes);
  return { xy: clean.xy, points: n, made: 'smoothed', noiseMm: noise, smoothingMm: sigma, loopsRemoved: clean.loopsRemoved, largestLoopMm2: clean.largestLoopMm2, notes };
}

function loopNote(clean: { loopsRemoved: number; largestLoopMm2: number }, notes: string[]): void {
  if (clean.loopsRemoved) {
    notes.push(`the outline crossed itself in ${clean.loopsRemoved} tiny loop${clean.loopsRemoved > 1 ? 's' : ''} of noise (the largest ${+clean.largestLoopMm2.toFixed(2)} mm²): cut off [CB-outline-loops]`);
  }
}

function chainLength(chain: Float64Array): number {
  let l = 0;
  for (let i = 2; i < chain.length; i += 2) l += Math.hypot(chain[i]! - chain[i - 2]!, chain[i + 1]! - chain[i - 1]!);
  return l;
}

/** The input index of the given point nearest to (x, y). */
function nearestPoint(xy: Float64Array, source: readonly number[], x: number, y: number): number {
  let best = 0, bd = Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const d = (xy[i]! - x) ** 2 + (xy[i + 1]! - y) ** 2;
    if (d < bd) { bd = d; best = i >> 1; }
  }
  return source[best]!;
}
