/**
 * Shoe fit: the device outline trimmed to the shoe's insole, the checks that refuse a device the
 * shoe cannot take, and the heel pitch the underside follows. All in the foot frame, mm.
 */

import { createRequire } from 'node:module';
import type JscadModeling from '@jscad/modeling';
import { GeometryError, type Problem } from '../../errors.js';
import { trimLineX, type DeviceLength, type FootLandmarks } from '../landmarks/index.js';
import { alignOutline, bounds, cleanOutline, counterClockwise, maxWidth, prepareOutline, resampleClosed, signedArea } from '../outline/index.js';
import { footShape } from '../outline/footShape.js';

/** Which foot. */
type Side = 'left' | 'right';

/** The shoe a device must fit (mm): its insole's outline (any frame) or sizes, its heel height and the room under the heel. */
export interface Shoe {
  insoleOutline?: Array<[number, number]>;
  length?: number;
  ballWidth?: number;
  heelWidth?: number;
  /** Heel-to-toe drop: the heel seat above the ball of the insole. */
  heelHeight?: number;
  /** Room for the device under the heel. */
  depth?: number;
}

/**
 * @jscad/modeling, loaded on first use: importing it costs ~180 ms (measured on this VM), which
 * every `orthotic` run would pay at start-up, and only a foot that sticks out of a shoe's insole
 * needs it.
 */
let jscad: typeof JscadModeling | null = null;
function modeling(): typeof JscadModeling {
  jscad ??= createRequire(import.meta.url)('@jscad/modeling') as typeof JscadModeling;
  return jscad;
}

/**
 * Fit rules (engineering choices, docs/clinical-basis.md [CB-shoe-fit]; lab practice: "overall dimensions fit the shoe", "insole outline
 * = foot outline, usually slightly inset or fitted to the shoe's own insole outline").
 */
export const SHOE_RULES = Object.freeze({
  /** Most the device may lose across the ball, mm: more and it no longer carries the foot's edges. */
  maxBallTrimMm: 8,
  /** Most the device may lose across the heel, mm: more and the heel cup no longer holds the heel. */
  maxHeelTrimMm: 6,
  /** The insole must reach this far past the ball (MTP1) line, mm: shorter, the foot does not fit the shoe. */
  pastBallMm: 5,
  /** The heel seat stays level (at the full pitch) to this fraction of the foot length. */
  pitchLevelUntil: 0.18,
  /** Sizes left out of a shoe given by numbers are taken as the foot's plus this, mm (so they do not trim). */
  unboundedMarginMm: 40,
});

/** The heel pitch: the underside raised by `dropMm` under the heel, down to the floor at the ball. */
export interface Pitch {
  dropMm: number;
  /** Level at the full drop up to this x, mm. */
  levelUntilX: number;
  /** On the floor from this x (the ball line), mm. */
  floorFromX: number;
}

export interface ShoeFit {
  /** The outline to build the device from: the foot's, trimmed to the insole where it sticks out. */
  outline: Float64Array;
  /** The insole as fitted (its widths over 0.6-0.8 and 0-0.3 of its length); null when the shoe gives none. */
  insole: { lengthMm: number; ballWidthMm: number; heelWidthMm: number; from: 'outline' | 'sizes' } | null;
  /** Width or length the device lost to the insole, mm (0 when the foot fits inside it there). */
  trimmed: { ballMm: number; heelMm: number; toeMm: number };
  pitch: Pitch | null;
}

/**
 * Fits a device to a shoe.
 * @param foot the aligned foot outline (CCW, foot frame, mm)
 * @param heelStackMm the device's total height under the heel (shell, post rise, skive, lift, cover)
 * @throws GeometryError (exit 3) naming each reason the device cannot fit
 */
export function fitShoe(foot: Float64Array, lm: FootLandmarks, shoe: Shoe, side: Side, length: DeviceLength, heelStackMm: number): ShoeFit {
  const fl = lm.footLengthMm;
  const problems: Problem[] = [];
  const sized = !shoe.insoleOutline && (shoe.length !== undefined || shoe.ballWidth !== undefined || shoe.heelWidth !== undefined);
  const insoleXY = shoe.insoleOutline ? alignedInsole(shoe.insoleOutline, side) : sized ? sizedInsole(shoe, foot, lm, side) : null;
  let outline = foot;
  let insole: ShoeFit['insole'] = null;
  let trimmed = { ballMm: 0, heelMm: 0, toeMm: 0 };
  if (insoleXY) {
    const il = bounds(insoleXY)[2];
    const band = (xy: Float64Array, len: number, a: number, b: number) => maxWidth(xy, a * len, b * len);
    const fitted = { lengthMm: il, ballWidthMm: band(insoleXY, il, 0.6, 0.8), heelWidthMm: band(insoleXY, il, 0, 0.3), from: shoe.insoleOutline ? 'outline' as const : 'sizes' as const };
    insole = fitted;
    const trim = trimLineX(lm, length);
    const deviceEnd = trim ? Math.min(fl, trim(0)) : fl;
    trimmed = {
      ballMm: Math.max(0, band(foot, fl, 0.6, 0.8) - fitted.ballWidthMm),
      heelMm: Math.max(0, band(foot, fl, 0, 0.3) - fitted.heelWidthMm),
      toeMm: Math.max(0, deviceEnd - il),
    };
    const where = shoe.insoleOutline ? '/prescription/shoe/insoleOutline' : undefined;
    const mm = (v: number) => `${+v.toFixed(1)} mm`;
    if (il < lm.ballX + SHOE_RULES.pastBallMm) {
      problems.push({ pointer: where ?? '/prescription/shoe/length', value: +il.toFixed(1), rule: `the shoe's insole must reach ${SHOE_RULES.pastBallMm} mm past the ball line (${mm(lm.ballX)} from the heel): this foot does not fit this shoe` });
    }
    if (trimmed.ballMm > SHOE_RULES.maxBallTrimMm) {
      problems.push({ pointer: where ?? '/prescription/shoe/ballWidth', value: +fitted.ballWidthMm.toFixed(1), rule: `the insole is ${mm(trimmed.ballMm)} narrower than the foot at the ball (${mm(trimmed.ballMm + fitted.ballWidthMm)}); a device may lose at most ${SHOE_RULES.maxBallTrimMm} mm there and still carry the foot's edges` });
    }
    if (trimmed.heelMm > SHOE_RULES.maxHeelTrimMm) {
      const heelPointer = shoe.heelWidth !== undefined || shoe.ballWidth === undefined ? '/prescription/shoe/heelWidth' : '/prescription/shoe/ballWidth';
      problems.push({ pointer: where ?? heelPointer, value: +fitted.heelWidthMm.toFixed(1), rule: `the insole is ${mm(trimmed.heelMm)} narrower than the foot at the heel (${mm(trimmed.heelMm + fitted.heelWidthMm)}); a device may lose at most ${SHOE_RULES.maxHeelTrimMm} mm there and still hold the heel in its cup` });
    }
    if (!problems.length && !inside(foot, insoleXY)) outline = clip(foot, insoleXY);
  }
  if (shoe.depth !== undefined && heelStackMm > shoe.depth + 1e-9) {
    problems.push({ pointer: '/prescription/shoe/depth', value: shoe.depth, rule: `the device is ${+heelStackMm.toFixed(2)} mm thick under the heel (shell, post, skive, lift and cover) and the shoe has room for ${shoe.depth} mm` });
  }
  if (problems.length) throw new GeometryError(problems);
  const pitch = shoe.heelHeight ? { dropMm: shoe.heelHeight, levelUntilX: SHOE_RULES.pitchLevelUntil * fl, floorFromX: lm.ballX } : null;
  return { outline, insole, trimmed, pitch };
}

/** A given insole outline in the foot frame (aligned like a scan); its problems name the shoe's field. */
function alignedInsole(points: ReadonlyArray<readonly number[]>, side: Side): Float64Array {
  try {
    return alignOutline(prepareOutline(points).xy, { side, noHeelAdvice: 'give an insole outline with a heel, or the insole\'s length and widths instead' }).xy;
  } catch (err) {
    if (err instanceof GeometryError) {
      throw new GeometryError(err.problems.map((p) => ({ ...p, pointer: `/prescription/shoe/insoleOutline${p.pointer.replace(/^\/outline/, '')}` })));
    }
    throw err;
  }
}

/**
 * An insole of the given sizes, foot-shaped (footShape), placed under the
 * foot: heel at x = 0, its area centroid on the foot's (so a uniform excess trims both sides alike).
 */
function sizedInsole(shoe: Shoe, foot: Float64Array, lm: FootLandmarks, side: Side): Float64Array {
  const fl = lm.footLengthMm;
  const points = footShape({
    footLength: shoe.length ?? fl + SHOE_RULES.unboundedMarginMm,
    // A width left out follows the other one in the foot's own proportion (or clears the foot).
    ballWidth: shoe.ballWidth ?? (shoe.heelWidth !== undefined ? (shoe.heelWidth * lm.ballWidthMm) / lm.heelWidthMm : lm.ballWidthMm + SHOE_RULES.unboundedMarginMm),
    heelWidth: shoe.heelWidth ?? (shoe.ballWidth !== undefined ? (shoe.ballWidth * lm.heelWidthMm) / lm.ballWidthMm : lm.heelWidthMm + SHOE_RULES.unboundedMarginMm),
    side,
    points: 400,
  });
  const xy = counterClockwise(cleanOutline(points).xy);
  const x0 = bounds(xy)[0];
  const dy = centroidY(foot) - centroidY(xy);
  for (let i = 0; i < xy.length; i += 2) { xy[i] = xy[i]! - x0; xy[i + 1] = xy[i + 1]! + dy; }
  return xy;
}

/** y of a polygon's area centroid. */
function centroidY(xy: Float64Array): number {
  const n = xy.length >> 1;
  let a = 0, cy = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const cross = xy[2 * j]! * xy[2 * i + 1]! - xy[2 * i]! * xy[2 * j + 1]!;
    a += cross;
    cy += (xy[2 * j + 1]! + xy[2 * i + 1]!) * cross;
  }
  return cy / (3 * a);
}

/** Height of the shoe's insole above the floor at `x`: the drop under the heel, smoothly down to 0 at the ball. */
export function pitchAt(p: Pitch, x: number): number {
  if (x <= p.levelUntilX) return p.dropMm;
  if (x >= p.floorFromX) return 0;
  const s = (x - p.levelUntilX) / (p.floorFromX - p.levelUntilX);
  return p.dropMm * (1 - s * s * (3 - 2 * s));
}

/**
 * Raises every vertex by the pitch at its x (a vertical shear: it keeps the solid closed, embedded
 * and its volume, and vertical distances). In place.
 */
export function applyPitch(positions: Float32Array, p: Pitch): void {
  for (let i = 0; i < positions.length; i += 3) positions[i + 2] = positions[i + 2]! + pitchAt(p, positions[i]!);
}

/** True when every vertex of `a` is inside `b` (even-odd rule). */
function inside(a: Float64Array, b: Float64Array): boolean {
  const n = b.length >> 1;
  for (let i = 0; i < a.length; i += 2) {
    const x = a[i]!, y = a[i + 1]!;
    let c = false;
    for (let j = 0, k = n - 1; j < n; k = j++) {
      const yj = b[2 * j + 1]!, yk = b[2 * k + 1]!;
      if (yj > y !== yk > y && x < ((b[2 * k]! - b[2 * j]!) * (y - yj)) / (yk - yj) + b[2 * j]!) c = !c;
    }
    if (!c) return false;
  }
  return true;
}

/**
 * Spacings the outlines are resampled at for the clip when @jscad/modeling's 2D boolean cannot
 * clip them as given, mm, tried in turn. The boolean is not robust where the two outlines touch or
 * run along each other (jscad/OpenJSCAD.org issue 1311) or where edges are much shorter than its
 * snapping allows: it then leaves a result it cannot close ("geometry is not closed at vertex ...").
 * A sized insole is drawn on the foot's own shape, so it touches the foot at the back of the heel
 * and runs along it wherever it is as wide. Measured on the feet in shoes of the valid-space bench
 * (npm run fuzz:valid): as given (a dense scan's edges of 0.01-0.14 mm) 4 of about 200 failed;
 * resampled evenly, one of them still failed at 0.25 and 0.5 mm and was clipped at 0.4, 0.6, 0.75,
 * 1 and 1.5 mm. The device follows the clipped outline at its own resolution (0.25 mm or more),
 * smoothed by 2 mm; 1 mm chords miss a 5 mm toe's curve by 0.025 mm.
 */
const CLIP_RETRY_SPACINGS_MM = [0.5, 0.6, 0.4, 0.75, 1] as const;

/** The foot outline clipped to the insole (@jscad/modeling's 2D boolean), the largest piece, CCW. */
function clip(foot: Float64Array, insole: Float64Array): Float64Array {
  const { geometries: { geom2 }, booleans: { intersect } } = modeling();
  const pts = (xy: Float64Array) => Array.from({ length: xy.length >> 1 }, (_, i): [number, number] => [xy[2 * i]!, xy[2 * i + 1]!]);
  const poly = (xy: Float64Array, h: number) => geom2.fromPoints(pts(h ? resampleClosed(counterClockwise(xy), h) : counterClockwise(xy)));
  let pieces: Array<Array<[number, number]>> = [];
  const spacings = [0, ...CLIP_RETRY_SPACINGS_MM]; // 0: the outlines as given
  for (let k = 0; k < spacings.length; k++) {
    try {
      pieces = geom2.toOutlines(intersect(poly(foot, spacings[k]!), poly(insole, spacings[k]!))) as Array<Array<[number, number]>>;
      break;
    } catch (err) {
      if (k === spacings.length - 1 || !(err instanceof Error) || !/not closed/.test(err.message)) throw err;
    }
  }
  let best: Float64Array | null = null;
  for (const piece of pieces) {
    const xy = Float64Array.from(piece.flat());
    if (!best || Math.abs(signedArea(xy)) > Math.abs(signedArea(best))) best = xy;
  }
  if (!best) throw new GeometryError([{ pointer: '/prescription/shoe', rule: 'the foot and the shoe\'s insole do not overlap' }]);
  return counterClockwise(best);
}
