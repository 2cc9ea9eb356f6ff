import { GeometryError } from '../../errors.js';
import { degrees } from '../math/index.js';
import { bounds, chainY, counterClockwise, hullChains, verticalExtent, verticalExtents } from './polygon.js';

/** The rigid transform that took the outline from the scanner's frame into the foot frame. */
export interface AlignTransform {
  /** Rotation applied about the scanner origin, degrees, counter-clockwise positive, in (-180, 180]. */
  rotationDeg: number;
  /** Translation applied after the rotation, mm. */
  translationMm: [number, number];
  /** Row-major 3×3 homogeneous matrix: [x', y', 1] = M · [x, y, 1]. */
  matrix: [number, number, number, number, number, number, number, number, number];
  /** Whether the scanner's winding was clockwise (the aligned outline is always counter-clockwise). */
  inputClockwise: boolean;
}

/** Where the heel (and optionally the toes) are, given in the scanner's frame, mm. */
export interface Orientation {
  heel: readonly [number, number];
  toe?: readonly [number, number] | undefined;
}

/** Options of {@link alignOutline}. */
export interface AlignOptions {
  /** Which foot: lets the medial arch and the toe line's slant count as cues (left out: they do not). */
  side?: 'left' | 'right' | undefined;
  /** The heel's (and toes') position given with the scan: used instead of the outline's shape. */
  orientation?: Orientation | undefined;
  /** JSON pointer of the orientation, for messages (default `/orientation`). */
  orientationPointer?: string;
  /** What to tell the user when the shape cannot tell the heel from the toes (default: how to give `orientation` in the scan). */
  noHeelAdvice?: string;
}

/**
 * The cues to which end is the heel, each in [-1, 1]: positive when it says the end placed at
 * x = 0 is the heel, 0 when it cannot tell.
 */
export interface HeelToeCues {
  /** The foot is widest at the ball, in its front half. */
  ball: number;
  /** The heel ends in a round cap centred on the long axis; the toe line is broad, slanted or off-centre. */
  heelCap: number;
  /** The medial arch's hollow lies on the side the stated foot has it (0 without a side). */
  arch: number;
  /** The toe line slants back from the big toe (medial) to the little toe (0 without a side). */
  toeLine: number;
}

/** How the heel was told from the toes. */
export interface HeelToeDecision {
  /** `shape`: the cues of the outline; `orientation`: the heel (and toe) points given with the scan. */
  by: 'shape' | 'orientation';
  /** The cues, for the end taken as the heel. */
  cues: HeelToeCues;
  /** Weighted sum of the cues (HEEL_TOE_WEIGHTS), in [-1, 1]: how surely the outline's shape puts the heel there. */
  margin: number;
  /** The cue that weighed most in the decision. */
  decidedBy: keyof HeelToeCues | 'orientation';
}

/**
 * Weights of the cues in the heel-or-toes decision (sum 1). Engineering choice (docs/clinical-basis.md
 * [CB-heel-toe]), tuned on generated outlines (src/synth/plausibleFoot.ts: 150–400 mm, toe shapes,
 * hallux valgus, heel shapes, flat to cavus prints, pen tracings): the two cues that do not depend
 * on the stated side carry most, so a scan whose side is wrong (mirrored) still aligns and is warned about.
 */
export const HEEL_TOE_WEIGHTS: Readonly<HeelToeCues> = { ball: 0.4, heelCap: 0.3, arch: 0.15, toeLine: 0.15 };

/**
 * Smallest margin at which the outline's shape decides where the heel is. Engineering choice
 * (docs/clinical-basis.md [CB-heel-toe]): generated foot outlines decide with margins from 0.15
 * (8-point ones) up, shapes with no heel (ellipses, rectangles, stadiums) stay under 0.03 whatever
 * their sampling.
 */
export const MIN_HEEL_TOE_MARGIN = 0.1;

/**
 * Aligns an outline into the foot frame: x along the long axis, the heel at x = 0, toes toward +x,
 * the heel's centre line at y = 0, counter-clockwise.
 *
 * The long axis is the principal axis of the outline's area, or the line from the heel point to the
 * toe point when both are given. Which end is the heel: the given heel point when there is one;
 * otherwise the outline's shape, from several cues (HeelToeCues) weighed into one margin.
 *
 * @param xy clean closed outline in the scanner's frame (see prepareOutline), mm.
 * @returns the aligned outline, the transform applied and how the heel was found.
 * @throws GeometryError when the shape cannot tell the heel from the toes and no orientation is
 *   given (the message says how to give it), or when a given orientation does not fit the outline.
 */
export function alignOutline(xy: Float64Array, options: AlignOptions = {}): { xy: Float64Array; transform: AlignTransform; decision: HeelToeDecision } {
  const n = xy.length >> 1;
  // Centre on the vertex mean first so the moment sums stay well conditioned far from the origin.
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xy[2 * i]!; my += xy[2 * i + 1]!; }
  mx /= n; my /= n;
  let a2 = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const x0 = xy[2 * j]! - mx, y0 = xy[2 * j + 1]! - my, x1 = xy[2 * i]! - mx, y1 = xy[2 * i + 1]! - my;
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
    sxx += (x0 * x0 + x0 * x1 + x1 * x1) * c;
    syy += (y0 * y0 + y0 * y1 + y1 * y1) * c;
    sxy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c;
  }
  const area = a2 / 2;
  const cx = sx / (6 * area), cy = sy / (6 * area);
  const cxx = sxx / (12 * area) - cx * cx;
  const cyy = syy / (12 * area) - cy * cy;
  const cxy = sxy / (24 * area) - cx * cy;
  const ox = mx + cx, oy = my + cy; // the area centroid, scanner frame
  let phi = 0.5 * Math.atan2(2 * cxy, cxx - cyy); // direction of the major axis
  const rotate = (angle: number): Float64Array => rotatedAbout(xy, n, mx, cx, my, cy, angle);
  const sideSign = options.side === 'right' ? 1 : options.side === 'left' ? -1 : 0;
  let r: Float64Array;
  let decision: HeelToeDecision;
  const given = options.orientation;
  if (given) {
    const pointer = options.orientationPointer ?? '/orientation';
    if (given.toe) {
      const dx = given.toe[0] - given.heel[0], dy = given.toe[1] - given.heel[1];
      phi = Math.atan2(dy, dx);
    }
    // Along the long axis (direction phi) from the centroid, mm.
    const along = (p: readonly [number, number]) => Math.cos(phi) * (p[0] - ox) + Math.sin(phi) * (p[1] - oy);
    r = rotate(phi);
    const [x0, , x1] = bounds(r);
    const len = x1 - x0;
    if (given.toe) {
      const span = along(given.toe) - along(given.heel);
      if (!(span >= ORIENTATION_RULES.minHeelToToe * len)) {
        throw new GeometryError([{ pointer: `${pointer}/toe`, rule: `must lie toward the toes, at least ${ORIENTATION_RULES.minHeelToToe} of the outline's length (${mm(len)}) from the heel point along the foot`, value: given.toe }]);
      }
    } else if (along(given.heel) > 0) {
      phi += Math.PI;
      r = rotate(phi);
    }
    const heelFromEnd = along(given.heel) - bounds(r)[0];
    if (!(Math.abs(heelFromEnd) <= ORIENTATION_RULES.heelWithin * len)) {
      throw new GeometryError([{ pointer: `${pointer}/heel`, rule: `must lie at the heel end of the outline, within ${ORIENTATION_RULES.heelWithin} of its length (${mm(len)}) of that end along the foot (it is ${mm(heelFromEnd)} from it)`, value: given.heel }]);
    }
    const cues = heelToeCues(r, sideSign);
    decision = { by: 'orientation', cues, margin: weigh(cues), decidedBy: 'orientation' };
  } else {
    r = rotate(phi);
    const cues = heelToeCues(r, sideSign);
    const margin = weigh(cues);
    if (Math.abs(margin) < MIN_HEEL_TOE_MARGIN) {
      // The cues that lean on the stated side pulling against the others: the side may be wrong.
      const W = HEEL_TOE_WEIGHTS;
      const sided = W.arch * cues.arch + W.toeLine * cues.toeLine, unsided = W.ball * cues.ball + W.heelCap * cues.heelCap;
      const sideHint = sideSign && sided * unsided < 0 && Math.abs(unsided) >= MIN_HEEL_TOE_MARGIN
        ? `; its arch and toe line look like a ${options.side === 'right' ? 'left' : 'right'} foot's: check that "side" is right`
        : '';
      throw new GeometryError([{
        pointer: '/outline',
        rule: `must be a foot outline: its shape does not tell the heel from the toes (the cues to which end is the heel leave a margin of ${Math.abs(margin).toFixed(2)}; ${MIN_HEEL_TOE_MARGIN} is needed)${sideHint}; `
          + (options.noHeelAdvice ?? NO_HEEL_ADVICE),
        value: `${n} points, ${mm(bounds(r)[2] - bounds(r)[0])} long`,
      }]);
    }
    const flip = margin < 0;
    if (flip) {
      phi += Math.PI;
      r = rotate(phi);
    }
    const sign = flip ? -1 : 1;
    const taken: HeelToeCues = { ball: sign * cues.ball, heelCap: sign * cues.heelCap, arch: sign * cues.arch, toeLine: sign * cues.toeLine };
    let decidedBy: keyof HeelToeCues = 'ball';
    for (const k of Object.keys(taken) as Array<keyof HeelToeCues>) if (HEEL_TOE_WEIGHTS[k] * taken[k] > HEEL_TOE_WEIGHTS[decidedBy] * taken[decidedBy]) decidedBy = k;
    decision = { by: 'shape', cues: taken, margin: Math.abs(margin), decidedBy };
  }
  const [x0, , x1] = bounds(r);
  const centre = verticalExtent(r, x0 + 0.1 * (x1 - x0));
  const y0 = centre ? (centre[0] + centre[1]) / 2 : 0;
  const tx = -x0, ty = -y0;
  for (let i = 0; i < n; i++) {
    r[2 * i] = r[2 * i]! + tx;
    r[2 * i + 1] = r[2 * i + 1]! + ty;
  }
  // Compose: p' = R (p - o) + t  =>  M = [R | t - R o].
  const c = Math.cos(-phi), s = Math.sin(-phi);
  const transform: AlignTransform = {
    rotationDeg: normaliseDeg(degrees(-phi)),
    translationMm: [tx - (c * ox - s * oy), ty - (s * ox + c * oy)],
    matrix: [c, -s, tx - (c * ox - s * oy), s, c, ty - (s * ox + c * oy), 0, 0, 1],
    inputClockwise: area < 0,
  };
  return { xy: counterClockwise(r), transform, decision };
}

/**
 * Rules for a given orientation. Engineering choices ([CB-heel-toe]): a heel point farther in than a quarter of the
 * foot is not at the heel (the heel seat's centre lies at about 0.1 of the length, LANDMARK_RATIOS);
 * a toe point closer to the heel than half the length cannot set the long axis to a degree.
 */
export const ORIENTATION_RULES = { heelWithin: 0.25, minHeelToToe: 0.5 } as const;

const mm = (v: number) => `${+v.toFixed(1)} mm`;

/** What a refusal for an outline with no heel tells the user to do. */
const NO_HEEL_ADVICE = 'if it is a foot, give the heel\'s position in the scan\'s frame: "orientation": {"heel": [x, y]}, or {"heel": [x, y], "toe": [x, y]} to set the long axis too';

function weigh(c: HeelToeCues): number {
  const w = HEEL_TOE_WEIGHTS;
  return w.ball * c.ball + w.heelCap * c.heelCap + w.arch * c.arch + w.toeLine * c.toeLine;
}

const clamp1 = (v: number) => Math.max(-1, Math.min(1, v));

/** Stations along the long axis at which the outline's cross-section is taken. */
const STATIONS = 200;

/** The station nearest fraction t of the length. */
function stationAt(t: number): number {
  return Math.min(STATIONS - 1, Math.max(0, Math.round(t * STATIONS - 0.5)));
}

/**
 * The largest of the widths `w` at the stations from fraction t0 to t1 of the length. (Functions of
 * the module, not closures in heelToeCues: V8 compiled each call's fresh closures anew.)
 */
function widestAt(w: Float64Array, t0: number, t1: number): number {
  let m = 0;
  for (let k = stationAt(t0); k <= stationAt(t1); k++) m = Math.max(m, w[k]!);
  return m;
}

/**
 * The cues of an outline in its principal frame (x the long axis): positive when they say the
 * low-x end is the heel. `sideSign` +1 right foot (medial +y when the heel is at low x), -1 left, 0 unknown.
 */
export function heelToeCues(r: Float64Array, sideSign: number): HeelToeCues {
  const [x0, , x1] = bounds(r);
  const len = x1 - x0;
  const xs = new Float64Array(STATIONS), lo = new Float64Array(STATIONS), hi = new Float64Array(STATIONS), w = new Float64Array(STATIONS);
  for (let k = 0; k < STATIONS; k++) xs[k] = x0 + ((k + 0.5) / STATIONS) * len;
  verticalExtents(r, xs, STATIONS, lo, hi);
  for (let k = 0; k < STATIONS; k++) {
    if (lo[k]! > hi[k]!) { lo[k] = 0; hi[k] = 0; } // the line misses the outline
    w[k] = hi[k]! - lo[k]!;
  }
  const widest = Math.max(widestAt(w, 0, 1), 1e-9);

  // Ball: the widest cross-section of the back band (heel) against the front band (ball).
  const back = widestAt(w, 0.05, 0.4), front = widestAt(w, 0.6, 0.95);
  const ball = clamp1((front - back) / (CUE_SCALES.ball * widest));

  // Heel cap: the end within 0.12 of the length, its area's centre against the axis of the
  // cross-section behind it (off-centre: a slanted toe line), and how full it is (a heel's cap is
  // rounder and fuller than a toe line tapering to the big toe; a square toe line is full but off-centre or flat).
  const endShape = (fromBack: boolean) => {
    const ref = stationAt(fromBack ? 0.12 : 0.88);
    const mid = (lo[ref]! + hi[ref]!) / 2, width = Math.max(w[ref]!, 1e-9);
    let area = 0, moment = 0, count = 0;
    for (let t = 0; t < 0.12 * STATIONS - 0.5; t++) {
      const k = fromBack ? t : STATIONS - 1 - t;
      area += w[k]!;
      moment += w[k]! * ((lo[k]! + hi[k]!) / 2 - mid);
      count++;
    }
    return { offCentre: area > 0 ? moment / area / width : 0, fullness: area / (count * width) };
  };
  const eb = endShape(true), ef = endShape(false);
  const heelCap = clamp1((Math.abs(ef.offCentre) - Math.abs(eb.offCentre)) / CUE_SCALES.offCentre + (eb.fullness - ef.fullness) / CUE_SCALES.fullness);

  // Arch: the deepest hollow of each border under the convex hull in the midfoot; with the heel at
  // low x, medial is +y for a right foot.
  const { lower, upper } = hullChains(r);
  let dUp = 0, dDown = 0;
  for (let k = stationAt(0.25); k <= stationAt(0.75); k++) {
    const x = x0 + ((k + 0.5) / STATIONS) * len;
    dUp = Math.max(dUp, chainY(upper, x) - hi[k]!);
    dDown = Math.max(dDown, lo[k]! - chainY(lower, x));
  }
  const arch = clamp1((sideSign * (dUp - dDown)) / (CUE_SCALES.arch * widest));

  // Toe line: the toes' end leans to the big toe, medial: with the heel at low x (right foot), the
  // front end's area lies toward +y; were the heel at high x, the back end's would lie toward -y.
  const toeLine = clamp1((sideSign * (ef.offCentre + eb.offCentre)) / CUE_SCALES.toeLine);
  return { ball, heelCap, arch, toeLine };
}

/** What each cue's raw measure is divided by before clamping to [-1, 1] (engineering choice, see HEEL_TOE_WEIGHTS). */
const CUE_SCALES = {
  /** Width difference of the ball and heel bands, × the widest cross-section. */
  ball: 0.15,
  /** Off-centre of an end's area, × the cross-section's width. */
  offCentre: 0.15,
  /** Difference of the two ends' fullness. */
  fullness: 0.2,
  /** Difference of the medial and lateral hollows, × the widest cross-section. */
  arch: 0.06,
  /** Medial lean of the toes' end, × the cross-section's width. */
  toeLine: 0.1,
} as const;

function normaliseDeg(d: number): number {
  let v = d % 360;
  if (v <= -180) v += 360;
  if (v > 180) v -= 360;
  return v;
}

/**
 * The n points of xy about (mx + cx, my + cy), turned by −angle. (A module function: a closure made
 * afresh each build loses its optimised code when it dies, and its loop is compiled again.)
 */
function rotatedAbout(xy: Float64Array, n: number, mx: number, cx: number, my: number, cy: number, angle: number): Float64Array {
  const c = Math.cos(-angle), s = Math.sin(-angle);
  const out = new Float64Array(xy.length);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]! - mx - cx, y = xy[2 * i + 1]! - my - cy;
    out[2 * i] = c * x - s * y;
    out[2 * i + 1] = s * x + c * y;
  }
  return out;
}
