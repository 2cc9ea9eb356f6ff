/**
 * Synthetic 3D foot scans with a known plantar surface, for tests of the scan intake and of the fit
 * of the device to the sole.
 *
 * - {@link footModel}: a foot given by its sizes, side and arch (the outline is
 *   src/geometry/outline/footShape's), with its ground truth: the outline, landmarks, and
 *   {@link soleHeight}, the plantar height field (0 on the heel seat, lateral column and forefoot; a
 *   medial arch shaped like the real scans of ../shared/real-scans; the sole curling up into the
 *   foot's side near the outline, vertical at it).
 * - {@link footScanMesh}: the foot standing on a plate as a plate scanner gives it: the plantar
 *   surface, vertical at the silhouette (which is the outline), the sides, the top of the foot and
 *   the leg cut flat at `cutHeightMm`, open there (or closed). Noise, spikes, holes, two feet, a
 *   missing heel on request.
 * - {@link impressionMesh}: a closed foam box with the foot's imprint as a cavity opening upward.
 * - {@link placeMesh}, {@link transformMesh} and the 4×4 helpers: put a mesh in a file's frame
 *   (Z-up or Y-up, tilted, rotated, offset, in mm, m or in) and know the exact matrix back.
 * - {@link envelopeZ}: the mesh seen from below (or above) at given points, a test oracle.
 *
 * Frames: the foot frame is the project's (x heel (0) to toe, y to the foot's left, z up, floor
 * z = 0, mm); a right foot's medial side is +y. Matrices are row-major 4×4 (`m[4 * row + col]`)
 * acting on column vectors: p' = M·[x, y, z, 1]ᵀ.
 *
 * Independent of the kernel under test: it uses the outline generator (src/synth) and delaunator /
 * constrainautor, nothing of src/geometry's meshing. Deterministic: same options, same bytes.
 */
import Delaunator from 'delaunator';
import Constrainautor from '@kninnug/constrainautor';
import { syntheticFootOutline } from '../../src/synth/index.js';
import { rng } from './random.js';

/** Triangle mesh: xyz per vertex (mm unless a frame says otherwise), three indices per triangle, CCW seen from outside. */
export interface SynthMesh {
  positions: Float64Array;
  indices: Uint32Array;
}

/** Row-major 4×4 matrix, p' = M·[x, y, z, 1]ᵀ. */
export type Mat4 = Float64Array;

export type Side = 'left' | 'right';

// ---------------------------------------------------------------------------------------------
// Foot model and plantar height field
// ---------------------------------------------------------------------------------------------

/** Options of {@link footModel}. Lengths in mm. */
export interface FootModelOptions {
  /** Which foot. Right: medial is +y. Default 'right'. */
  side?: Side;
  /** Heel to hallux tip, 150–400 mm. Default 270. */
  footLengthMm?: number;
  /** Ball width. Default 0.376 × foot length. */
  ballWidthMm?: number;
  /** Heel width. Default 0.72 × ball width. */
  heelWidthMm?: number;
  /** Height of the sole 10 mm inside the medial border at the arch apex (the arch height), 0–40 mm; at
   *  least the edge roll's height there (≈ 1.2 mm at 270 mm, 0 below ≈ 200 mm). Default 0.052 × foot
   *  length (14 mm at 270 mm: a synthetic default only; a real arch comes from the scan, not the size). */
  archHeightMm?: number;
  /** Arch apex distance from the heel, fraction of foot length, 0.25–0.5. Default 0.35. */
  archApexFraction?: number;
  /** Depth of the outline's medial hollow, 0..1 (footShape's archConcavity). Default 0.5. */
  archConcavity?: number;
  /** Height of the leg's flat cut (scan mesh), mm. Default 0.33 × foot length within [80, 130]. */
  cutHeightMm?: number;
  /**
   * A foot outline of your own instead of footShape's, xy pairs in the foot frame (heel at x = 0, the
   * long axis along x, medial side as `side` says), either winding, the first point repeated or not;
   * it must be x-monotone (every line x = c in between crosses it twice) and fairly smooth (edges are
   * subdivided to ≤ 1 mm, never smoothed). Foot length and the widths are then measured from it
   * (footLengthMm, ballWidthMm, heelWidthMm and archConcavity are ignored).
   */
  outline?: ArrayLike<number>;
}

/** Defaults of {@link FootModelOptions} (the widths and cut height are ratios of the foot length). */
export const FOOT_MODEL_DEFAULTS = {
  side: 'right' as Side,
  footLengthMm: 270,
  ballWidthPerLength: 0.376,
  heelWidthPerBallWidth: 0.72,
  archHeightPerLength: 0.052,
  archApexFraction: 0.35,
  archConcavity: 0.5,
  cutHeightPerLength: 0.33,
  cutHeightRangeMm: [80, 130] as const,
} as const;

/**
 * The shape constants of the synthetic foot, calibrated on the left foot of the Dupont scans
 * (../shared/real-scans): at the apex, heights above the floor 3/5/8/10/15/20/25 mm inside the
 * medial border of 25/21/16/13/8/4.5/1.5 mm and 0 from ≈ 29 mm; heel and lateral border roll up over
 * ≈ 13–14 mm to ≈ 12 mm where the side turns vertical.
 */
export const FOOT_SHAPE_CONSTANTS = {
  /** Arch reach across the foot from the medial border at the apex, per ball width (30 mm at 105). */
  archWidthPerBallWidth: 0.285,
  /** ... and at least this, mm (a child's foot: the arch height is still taken 10 mm inside the border). */
  archWidthMinMm: 20,
  /** Cross profile of the arch: (1 − d/W)^p, convex, steep toward the border. */
  archExponent: 1.4,
  /** Arch extent along x: from apex − 0.18·FL to apex + 0.30·FL (at most 0.66·FL): 50 % span ≈ 0.29·FL 10 mm inside the border. */
  archProximal: 0.18,
  archDistal: 0.3,
  archDistalEnd: 0.66,
  /** Edge roll (sole curling into the side): width and height per foot length, superellipse exponent. */
  rollWidthPerLength: 0.05,
  rollHeightPerLength: 0.043,
  rollExponent: 1.5,
  /** The roll is at most this fraction of the outline's local convex radius (toes). */
  rollPerRadius: 0.6,
  /** Dorsal shoulder (top of the foot meeting its side): width and height per foot length. */
  shoulderPerLength: 0.025,
  /** Least height of the side wall between the sole's edge and the shoulder, per foot length. */
  wallGapPerLength: 0.015,
  /** Leg cut: an ellipse centred at 0.22·FL, semi-axes 0.17·FL (along x) and 0.42·heel width. */
  legCentre: 0.22,
  legSemiX: 0.17,
  legSemiYPerHeelWidth: 0.42,
} as const;

/** Internal tables of a {@link FootModel} (for the functions of this module). */
export interface FootTables {
  /** Per outline vertex: roll width and height, shoulder width and height, mm. */
  rollR: Float64Array;
  rollA: Float64Array;
  shoulderR: Float64Array;
  shoulderA: Float64Array;
  /** The outline's two x-monotone chains, x increasing: lower (−y side) and upper (+y side). */
  lowX: Float64Array;
  lowY: Float64Array;
  upX: Float64Array;
  upY: Float64Array;
  grid: SegmentGrid;
  /** Arch: peak amplitude, width at the apex, extent [x0, x1] and apex xa, mm. */
  archAmp: number;
  archWidth: number;
  x0: number;
  xa: number;
  x1: number;
  rollNomR: number;
  rollNomA: number;
  shoulderNomA: number;
  wallGap: number;
}

/** A synthetic foot and its ground truth (foot frame, mm). */
export interface FootModel {
  readonly side: Side;
  readonly medialSign: 1 | -1;
  readonly footLengthMm: number;
  readonly ballWidthMm: number;
  readonly heelWidthMm: number;
  /** The outline (= the silhouette seen from below), CCW, xy pairs, ≈ 1 mm apart; heel back at (0, 0), hallux tip at x = footLengthMm. */
  readonly outline: Float64Array;
  readonly archHeightMm: number;
  readonly archApexFraction: number;
  /** The arch apex: where the sole 10 mm inside the medial border (in y) is highest, within ≈ 1 % of foot length of
   *  archApexFraction × FL (the edge roll varies a little along the border); soleHeight there = archHeightMm. */
  readonly archApexX: number;
  readonly archApexY: number;
  /** The arch's reach across the foot from the medial border at the apex (sole on the floor beyond), mm. */
  readonly archWidthMm: number;
  /** Where along x the arch is above the floor: [start, end], mm. */
  readonly archExtentMm: readonly [number, number];
  /** Nominal edge roll: width (from the outline inward) and height at the outline, mm (less at the toes). */
  readonly rollWidthMm: number;
  readonly rollHeightMm: number;
  readonly cutHeightMm: number;
  /** The leg's cut (scan mesh opening): ellipse centre and semi-axes, mm. */
  readonly leg: { readonly cx: number; readonly cy: number; readonly ax: number; readonly ay: number };
  readonly tables: FootTables;
}

/**
 * Builds a synthetic foot (or returns the one already built with the same options: treat it as read-only).
 * @throws RangeError for sizes or arch parameters outside the documented ranges.
 */
export function footModel(opts: FootModelOptions = {}): FootModel {
  if (opts.outline) return buildModel(opts);
  const key = JSON.stringify([opts.side, opts.footLengthMm, opts.ballWidthMm, opts.heelWidthMm, opts.archHeightMm, opts.archApexFraction, opts.archConcavity, opts.cutHeightMm]);
  const cached = MODELS.get(key);
  if (cached) return cached;
  const model = buildModel(opts);
  if (MODELS.size >= 32) MODELS.delete(MODELS.keys().next().value!);
  MODELS.set(key, model);
  return model;
}

/** Models already built (they are immutable): tests build the same foot many times. */
const MODELS = new Map<string, FootModel>();

function buildModel(opts: FootModelOptions): FootModel {
  const D = FOOT_MODEL_DEFAULTS;
  const C = FOOT_SHAPE_CONSTANTS;
  const side = opts.side ?? D.side;
  const given = opts.outline ? customOutline(opts.outline) : null;
  const fl = given ? given.footLength : opts.footLengthMm ?? D.footLengthMm;
  const bw = given ? given.ballWidth : opts.ballWidthMm ?? D.ballWidthPerLength * fl;
  const hw = given ? given.heelWidth : opts.heelWidthMm ?? D.heelWidthPerBallWidth * bw;
  const archHeight = opts.archHeightMm ?? Math.round(10 * D.archHeightPerLength * fl) / 10;
  const apexF = opts.archApexFraction ?? D.archApexFraction;
  const cut = opts.cutHeightMm ?? Math.min(D.cutHeightRangeMm[1], Math.max(D.cutHeightRangeMm[0], D.cutHeightPerLength * fl));
  if (side !== 'left' && side !== 'right') throw new RangeError(`side must be 'left' or 'right', got ${String(side)}`);
  if (!(fl >= 150 && fl <= 400)) throw new RangeError(`footLengthMm must be within [150, 400], got ${fl}`);
  if (!(bw > 0.25 * fl && bw < 0.55 * fl)) throw new RangeError(`ballWidthMm must be within (0.25, 0.55) × foot length, got ${bw}`);
  if (!(hw > 0.5 * bw && hw <= bw)) throw new RangeError(`heelWidthMm must be within (0.5, 1] × ball width, got ${hw}`);
  if (!(archHeight >= 0 && archHeight <= 40)) throw new RangeError(`archHeightMm must be within [0, 40], got ${archHeight}`);
  if (!(apexF >= 0.25 && apexF <= 0.5)) throw new RangeError(`archApexFraction must be within [0.25, 0.5], got ${apexF}`);
  const medialSign: 1 | -1 = side === 'right' ? 1 : -1;

  // Dense outline, ≈ 1 mm apart.
  let outline: Float64Array;
  if (given) {
    outline = given.xy;
  } else {
    const pts = syntheticFootOutline({ footLength: fl, ballWidth: bw, heelWidth: hw, side, archConcavity: opts.archConcavity ?? D.archConcavity, points: Math.ceil(2.5 * fl) });
    outline = new Float64Array(2 * pts.length);
    pts.forEach(([x, y], i) => {
      outline[2 * i] = x;
      outline[2 * i + 1] = y;
    });
  }
  const n = outline.length >> 1;

  // x-monotone chains: footShape starts at the heel back (min x) and runs CCW (lower chain first).
  let tip = 0;
  for (let i = 1; i < n; i++) if (outline[2 * i]! > outline[2 * tip]!) tip = i;
  const lowN = tip + 1, upN = n - tip + 1;
  const lowX = new Float64Array(lowN), lowY = new Float64Array(lowN), upX = new Float64Array(upN), upY = new Float64Array(upN);
  for (let k = 0; k < lowN; k++) {
    lowX[k] = outline[2 * k]!;
    lowY[k] = outline[2 * k + 1]!;
  }
  for (let k = 0; k < upN; k++) {
    const i = (n - k) % n; // heel (0), then backwards from the last vertex to the tip
    upX[k] = outline[2 * i]!;
    upY[k] = outline[2 * i + 1]!;
  }
  for (const xs of [lowX, upX]) {
    for (let k = 1; k < xs.length; k++) if (xs[k]! < xs[k - 1]!) throw new RangeError('the outline is not x-monotone (unsupported shape)');
  }

  // Local convex radius per vertex (over ≈ ±3 mm of arc), then the roll and shoulder widths,
  // limited by it and smoothed so they never exceed the local limit.
  const spacing = perimeterOf(outline) / n;
  const win = Math.max(1, Math.round(3 / spacing));
  const limit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (i - win + n) % n, c = (i + win) % n;
    const ux = outline[2 * i]! - outline[2 * a]!, uy = outline[2 * i + 1]! - outline[2 * a + 1]!;
    const vx = outline[2 * c]! - outline[2 * i]!, vy = outline[2 * c + 1]! - outline[2 * i + 1]!;
    const turn = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    limit[i] = turn > 1e-9 ? (C.rollPerRadius * 0.5 * (Math.hypot(ux, uy) + Math.hypot(vx, vy))) / turn : Infinity;
  }
  const rollNomR = C.rollWidthPerLength * fl, rollNomA = C.rollHeightPerLength * fl;
  const shNom = C.shoulderPerLength * fl;
  const smoothWin = Math.max(1, Math.round(rollNomR / spacing));
  const rollR = limitedProfile(limit, rollNomR, smoothWin);
  const shoulderR = limitedProfile(limit, shNom, smoothWin);
  const rollA = rollR.map((r) => (rollNomA * r) / rollNomR);
  const shoulderA = shoulderR.slice();

  const grid = buildSegmentGrid(outline, Math.max(rollNomR, shNom) + 5);
  const xa = apexF * fl;
  const x0 = (apexF - C.archProximal) * fl;
  const x1 = Math.min(apexF + C.archDistal, C.archDistalEnd) * fl;
  const tables: FootTables = {
    rollR, rollA, shoulderR, shoulderA, lowX, lowY, upX, upY, grid,
    archAmp: 0, archWidth: Math.max(C.archWidthMinMm, C.archWidthPerBallWidth * bw), x0, xa, x1,
    rollNomR, rollNomA, shoulderNomA: shNom, wallGap: C.wallGapPerLength * fl,
  };

  // Arch amplitude so that the sole 10 mm inside the medial border is archHeight where it is highest
  // (the apex: at archApexFraction up to the edge roll's small variation along the border).
  const inside10 = (x: number) => (medialSign > 0 ? chainY(upX, upY, x) : chainY(lowX, lowY, x)) - medialSign * 10;
  const scratch = new Float64Array(3);
  const rollAt10 = (x: number) => rollAt(tables, outline, x, inside10(x), scratch);
  const unitArch = (x: number) => {
    tables.archAmp = 1;
    return archAt(tables, medialSign, x, inside10(x), chainY(lowX, lowY, x), chainY(upX, upY, x));
  };
  let apexX = xa;
  for (let pass = 0; pass < 3; pass++) {
    const amp = (archHeight - rollAt10(apexX)) / unitArch(apexX);
    if (amp < 0) throw new RangeError(`archHeightMm must be at least the edge roll 10 mm inside the border (${rollAt10(apexX).toFixed(2)} mm), got ${archHeight}`);
    tables.archAmp = amp;
    const f = (x: number) => rollAt10(x) + archAt(tables, medialSign, x, inside10(x), chainY(lowX, lowY, x), chainY(upX, upY, x));
    let best = apexX, bestZ = f(apexX);
    for (let step = 0.02 * fl; step > 1e-4; step /= 4) {
      const c = best;
      for (let k = -4; k <= 4; k++) {
        const x = c + k * step;
        const z = f(x);
        if (z > bestZ) {
          bestZ = z;
          best = x;
        }
      }
    }
    apexX = best;
  }
  const amp = (archHeight - rollAt10(apexX)) / unitArch(apexX);
  if (amp < 0) throw new RangeError(`archHeightMm must be at least the edge roll 10 mm inside the border (${rollAt10(apexX).toFixed(2)} mm), got ${archHeight}`);
  tables.archAmp = amp;
  const apexY = inside10(apexX);

  // Leg ellipse: inside the shoulder's inner edge with a margin; shrunk until it is.
  const heelMidX = 0.2 * fl;
  const cy = 0.5 * (chainY(lowX, lowY, heelMidX) + chainY(upX, upY, heelMidX));
  let ax = C.legSemiX * fl, ay = C.legSemiYPerHeelWidth * hw;
  const cx = C.legCentre * fl;
  const near = new Float64Array(3);
  for (let attempt = 0; ; attempt++) {
    // Shrink the axis the offending points lie along (the heel is narrower than the leg is long).
    let shrinkX = false, shrinkY = false;
    for (let k = 0; k < 96; k++) {
      const t = (2 * Math.PI * k) / 96;
      const x = cx + ax * Math.cos(t), y = cy + ay * Math.sin(t);
      const inside = y > chainY(lowX, lowY, x) && y < chainY(upX, upY, x);
      nearestOnOutline(tables, outline, x, y, near);
      if (!inside || near[0]! < lerpAt(shoulderR, near) + 0.02 * fl) {
        if (Math.abs(Math.cos(t)) > 0.7) shrinkX = true;
        if (Math.abs(Math.sin(t)) > 0.3) shrinkY = true;
      }
    }
    if (!shrinkX && !shrinkY) break;
    if (attempt > 60) throw new RangeError('cannot fit the leg inside the outline');
    if (shrinkX) ax *= 0.97;
    if (shrinkY) ay *= 0.97;
  }

  const model: FootModel = {
    side, medialSign, footLengthMm: fl, ballWidthMm: bw, heelWidthMm: hw, outline,
    archHeightMm: archHeight, archApexFraction: apexF, archApexX: apexX, archApexY: apexY,
    archWidthMm: tables.archWidth, archExtentMm: [x0, x1], rollWidthMm: rollNomR, rollHeightMm: rollNomA,
    cutHeightMm: cut, leg: { cx, cy, ax, ay }, tables,
  };
  // The cut must clear the top of the foot outside the leg.
  const topMax = fl * dorsumProfile(0.3) + 1;
  if (!(cut > topMax + 5)) throw new RangeError(`cutHeightMm must exceed the top of the foot (${(topMax + 5).toFixed(1)} mm), got ${cut}`);
  return model;
}

/**
 * A caller's outline made ready: CCW, starting at its (first) lowest-x vertex, edges subdivided to
 * ≤ 1 mm; its length (x extent) and widths measured as footShape defines them (y extent of the points
 * within 0–0.3·FL for the heel, 0.6–0.8·FL for the ball).
 */
function customOutline(src: ArrayLike<number>): { xy: Float64Array; footLength: number; ballWidth: number; heelWidth: number } {
  let n = src.length >> 1;
  if (n >= 2 && src[0] === src[2 * n - 2] && src[1] === src[2 * n - 1]) n--;
  if (n < 8 || src.length % 2 !== 0) throw new RangeError('outline must hold at least 8 xy pairs');
  let area = 0, first = 0, minX = Infinity, maxX = -Infinity;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const x = src[2 * i]!, y = src[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError('outline coordinates must be finite');
    area += x * src[2 * j + 1]! - src[2 * j]! * y;
    if (x < minX) [minX, first] = [x, i];
    maxX = Math.max(maxX, x);
  }
  if (Math.abs(minX) > 1e-6) throw new RangeError(`the outline's heel must be at x = 0 (foot frame), got ${minX}`);
  const order = Array.from({ length: n }, (_, k) => (area > 0 ? (first + k) % n : (first - k + n) % n));
  const pts: number[] = [];
  for (let k = 0; k < n; k++) {
    const a = order[k]!, b = order[(k + 1) % n]!;
    const ax = src[2 * a]!, ay = src[2 * a + 1]!, bx = src[2 * b]!, by = src[2 * b + 1]!;
    const parts = Math.max(1, Math.ceil(len2(bx - ax, by - ay)));
    for (let q = 0; q < parts; q++) pts.push(ax + ((bx - ax) * q) / parts, ay + ((by - ay) * q) / parts);
  }
  const xy = Float64Array.from(pts);
  const band = (lo: number, hi: number) => {
    let a = Infinity, b = -Infinity;
    for (let i = 0; i < xy.length; i += 2) {
      if (xy[i]! >= lo && xy[i]! <= hi) {
        a = Math.min(a, xy[i + 1]!);
        b = Math.max(b, xy[i + 1]!);
      }
    }
    return b - a;
  };
  return { xy, footLength: maxX, ballWidth: band(0.6 * maxX, 0.8 * maxX), heelWidth: band(0, 0.3 * maxX) };
}

/** y of the medial border of the outline at x (foot frame, mm); NaN outside [0, FL]. */
export function medialBorderY(x: number, foot: FootModel): number {
  const t = foot.tables;
  return foot.medialSign > 0 ? chainY(t.upX, t.upY, x) : chainY(t.lowX, t.lowY, x);
}

/** Signed distance from (x, y) to the outline, mm: positive inside, negative outside. */
export function footprintDistance(x: number, y: number, foot: FootModel): number {
  const o = foot.outline;
  let best = Infinity;
  for (let i = 0, n = o.length >> 1; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    best = Math.min(best, segDist2(x, y, o[2 * i]!, o[2 * i + 1]!, o[2 * j]!, o[2 * j + 1]!));
  }
  const t = foot.tables;
  const inside = y > chainY(t.lowX, t.lowY, x) && y < chainY(t.upX, t.upY, x);
  return inside ? Math.sqrt(best) : -Math.sqrt(best);
}

const SCRATCH = new Float64Array(3);
/** Points this close outside the outline (rounding of points on it) count as on it, mm. */
const ON_OUTLINE = 1e-9;

/**
 * The plantar surface's height at (x, y), foot frame, mm: 0 on the heel seat, the lateral column and
 * the forefoot; the medial arch (apex at `archApexX`, convex across: steep toward the medial border, on
 * the floor beyond `archWidthMm` from it); plus the edge roll: within `rollWidthMm` of the outline the
 * sole curls up into the foot's side, a superellipse reaching the vertical at the outline
 * (`rollHeightMm` higher there; less at the toes, where the outline is tightly curved).
 * @returns NaN outside the outline.
 */
export function soleHeight(x: number, y: number, foot: FootModel): number {
  const t = foot.tables;
  const ylo = chainY(t.lowX, t.lowY, x), yhi = chainY(t.upX, t.upY, x);
  if (!(y >= ylo - ON_OUTLINE && y <= yhi + ON_OUTLINE)) return NaN;
  return rollAt(t, foot.outline, x, y, SCRATCH) + archAt(foot.tables, foot.medialSign, x, y, ylo, yhi);
}

/**
 * The top of the foot (dorsum and leg) at (x, y), foot frame, mm: the upper surface of the scan
 * mesh, above the sole by at least the side wall's gap at the outline; `cutHeightMm` on the leg's
 * ellipse (and inside it). NaN outside the outline.
 */
export function dorsalHeight(x: number, y: number, foot: FootModel): number {
  const t = foot.tables;
  const ylo = chainY(t.lowX, t.lowY, x), yhi = chainY(t.upX, t.upY, x);
  if (!(y >= ylo - ON_OUTLINE && y <= yhi + ON_OUTLINE)) return NaN;
  nearestOnOutline(t, foot.outline, x, y, SCRATCH);
  const e = SCRATCH[0]!;
  let roll = 0, shoulder = 0;
  if (e < Infinity) {
    const r = lerpAt(t.rollR, SCRATCH), rs = lerpAt(t.shoulderR, SCRATCH);
    if (e < r) roll = lerpAt(t.rollA, SCRATCH) * rollShape(1 - e / r);
    if (e < rs) shoulder = lerpAt(t.shoulderA, SCRATCH) * rollShape(1 - e / rs);
  }
  return dorsalCentre(foot, x, y, ylo, yhi, roll + shoulder) - shoulder;
}

/** The roll's superellipse, u = 1 − e/R: 1 − (1 − u^q)^(1/q), 0 at the roll's inner edge, 1 (vertical) at the outline. */
function rollShape(u: number): number {
  const q = FOOT_SHAPE_CONSTANTS.rollExponent;
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  if (q === 1.5) {
    const w = 1 - u * Math.sqrt(u);
    return 1 - Math.cbrt(w * w); // the same, without Math.pow (the hottest call of a build)
  }
  return 1 - Math.pow(1 - Math.pow(u, q), 1 / q);
}

function rollAt(t: FootTables, outline: Float64Array, x: number, y: number, near: Float64Array): number {
  nearestOnOutline(t, outline, x, y, near);
  const e = near[0]!;
  if (e === Infinity) return 0;
  const r = lerpAt(t.rollR, near);
  return e < r ? lerpAt(t.rollA, near) * rollShape(1 - e / r) : 0;
}

/** The arch along x: (1 − |u|³)², u = −1 at the arch's start, 0 at the apex, 1 at its end (C¹, flat-topped: half height at |u| = 0.66). */
function archLong(t: FootTables, x: number): number {
  if (x <= t.x0 || x >= t.x1) return 0;
  const u = x < t.xa ? (t.xa - x) / (t.xa - t.x0) : (x - t.xa) / (t.x1 - t.xa);
  const s = 1 - u * u * u;
  return s * s;
}

function archAt(t: FootTables, medialSign: number, x: number, y: number, ylo: number, yhi: number): number {
  const l = archLong(t, x);
  if (l === 0) return 0;
  const dm = medialSign > 0 ? yhi - y : y - ylo;
  const w = t.archWidth * (0.6 + 0.4 * l);
  return dm < w ? t.archAmp * l * Math.pow(1 - Math.max(0, dm) / w, FOOT_SHAPE_CONSTANTS.archExponent) : 0;
}

/** Height of the top of the foot without its shoulder, as a fraction of foot length, along x/FL (toes 0.08, ball 0.14, instep 0.23 at 0.5, 0.27 at 0.3). */
function dorsumProfile(xn: number): number {
  const u = (xn - 0.3) / 0.45;
  return 0.06 + 0.21 * Math.exp(-u * u);
}

/**
 * The top of the foot before its shoulder is taken off, at (x, y); `edge` is the sole's roll plus the
 * shoulder there (both functions of the distance to the outline), so that the top never comes closer
 * to the sole than the wall gap (a high arch on a small foot, the toes).
 */
function dorsalCentre(foot: FootModel, x: number, y: number, ylo: number, yhi: number, edge: number): number {
  const t = foot.tables;
  const fl = foot.footLengthMm;
  const b = fl * dorsumProfile(Math.min(1, Math.max(0, x / fl)));
  const v = yhi > ylo ? (2 * y - ylo - yhi) / (yhi - ylo) : 0;
  const base = b * (1 - (v * foot.medialSign > 0 ? 0.12 : 0.3) * v * v);
  const { cx, cy, ax, ay } = foot.leg;
  const rho = Math.max(1, len2((x - cx) / ax, (y - cy) / ay));
  const z = base + (foot.cutHeightMm - base) * Math.exp(-(rho - 1) / 0.4);
  return smoothMax(z, edge + t.archAmp * archLong(t, x) + t.wallGap, 6);
}

/** max(a, b), rounded within k of the crease (polynomial smooth max: equal to max when |a − b| ≥ k). */
function smoothMax(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.max(a, b) + (h * h * k) / 4;
}

/** min(limit, nominal) per vertex, made smooth without exceeding the limit anywhere (min-filter, then mean). */
function limitedProfile(limit: Float64Array, nominal: number, w: number): Float64Array {
  const n = limit.length;
  const raw = limit.map((l) => Math.min(l, nominal));
  const mn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = Infinity;
    for (let k = -w; k <= w; k++) m = Math.min(m, raw[(i + k + n) % n]!);
    mn[i] = m;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = -w; k <= w; k++) s += mn[(i + k + n) % n]!;
    out[i] = s / (2 * w + 1);
  }
  return out;
}

/** y of an x-monotone chain at x (linear between vertices); NaN outside its x range. */
function chainY(xs: Float64Array, ys: Float64Array, x: number): number {
  const n = xs.length;
  if (!(x >= xs[0]! && x <= xs[n - 1]!)) return NaN;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid; else hi = mid;
  }
  const dx = xs[hi]! - xs[lo]!;
  return dx > 0 ? ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - xs[lo]!)) / dx : Math.max(ys[lo]!, ys[hi]!);
}

// ---------------------------------------------------------------------------------------------
// Nearest point on the outline (within a radius): a uniform grid of segments
// ---------------------------------------------------------------------------------------------

export interface SegmentGrid {
  ox: number;
  oy: number;
  cell: number;
  nx: number;
  ny: number;
  /** Segments listed per cell (CSR): those within `radius` of some point of the cell. */
  start: Int32Array;
  items: Int32Array;
  /** Per cell, built on first use: only the candidates that can be nearest for some point of the cell. */
  pruned: Array<Int32Array | undefined>;
}

/**
 * Each segment is listed in every cell its bounding box, grown by `radius`, overlaps; a cell's list
 * is pruned on first use to the segments that can be nearest to one of its points (those within
 * the nearest one's distance from the cell centre plus the cell's diagonal). Measured on a 270 mm
 * foot: ≈ 6 candidates per query instead of ≈ 80.
 */
function buildSegmentGrid(o: Float64Array, radius: number): SegmentGrid {
  const n = o.length >> 1;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, o[2 * i]!); maxX = Math.max(maxX, o[2 * i]!);
    minY = Math.min(minY, o[2 * i + 1]!); maxY = Math.max(maxY, o[2 * i + 1]!);
  }
  const cell = 2;
  const ox = minX - radius - cell, oy = minY - radius - cell;
  const nx = Math.ceil((maxX + radius + cell - ox) / cell) + 1, ny = Math.ceil((maxY + radius + cell - oy) / cell) + 1;
  const count = new Int32Array(nx * ny + 1);
  const visit = (f: (c: number, i: number) => void) => {
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const ax = Math.floor((Math.min(o[2 * i]!, o[2 * j]!) - radius - ox) / cell), bx = Math.floor((Math.max(o[2 * i]!, o[2 * j]!) + radius - ox) / cell);
      const ay = Math.floor((Math.min(o[2 * i + 1]!, o[2 * j + 1]!) - radius - oy) / cell), by = Math.floor((Math.max(o[2 * i + 1]!, o[2 * j + 1]!) + radius - oy) / cell);
      for (let cy = ay; cy <= by; cy++) for (let cx = ax; cx <= bx; cx++) f(cy * nx + cx, i);
    }
  };
  visit((c) => count[c + 1]!++);
  for (let c = 0; c < nx * ny; c++) count[c + 1]! += count[c]!;
  const items = new Int32Array(count[nx * ny]!);
  const fill = count.slice(0, nx * ny);
  visit((c, i) => {
    items[fill[c]!++] = i;
  });
  return { ox, oy, cell, nx, ny, start: count, items, pruned: new Array<Int32Array | undefined>(nx * ny) };
}

function cellCandidates(g: SegmentGrid, o: Float64Array, c: number): Int32Array {
  const done = g.pruned[c];
  if (done) return done;
  const n = o.length >> 1;
  const x = g.ox + ((c % g.nx) + 0.5) * g.cell, y = g.oy + (Math.floor(c / g.nx) + 0.5) * g.cell;
  const from = g.start[c]!, to = g.start[c + 1]!;
  const d = new Float64Array(to - from);
  let m = Infinity;
  for (let k = from; k < to; k++) {
    const i = g.items[k]!;
    const j = i + 1 === n ? 0 : i + 1;
    d[k - from] = Math.sqrt(segDist2(x, y, o[2 * i]!, o[2 * i + 1]!, o[2 * j]!, o[2 * j + 1]!));
    m = Math.min(m, d[k - from]!);
  }
  const keep = m + g.cell * Math.SQRT2 + 1e-9;
  let kept = 0;
  for (let k = 0; k < d.length; k++) if (d[k]! <= keep) kept++;
  const out = new Int32Array(kept);
  kept = 0;
  for (let k = 0; k < d.length; k++) if (d[k]! <= keep) out[kept++] = g.items[from + k]!;
  g.pruned[c] = out;
  return out;
}

/** Writes [distance, segment, parameter] of the nearest outline point into `out`; distance Infinity when no segment lies within the grid's radius. */
function nearestOnOutline(t: FootTables, o: Float64Array, x: number, y: number, out: Float64Array): void {
  const g = t.grid;
  out[0] = Infinity;
  out[1] = 0;
  out[2] = 0;
  const cx = Math.floor((x - g.ox) / g.cell), cy = Math.floor((y - g.oy) / g.cell);
  if (cx < 0 || cy < 0 || cx >= g.nx || cy >= g.ny) return;
  const list = cellCandidates(g, o, cy * g.nx + cx);
  const n = o.length >> 1;
  let best = Infinity;
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    const j = i + 1 === n ? 0 : i + 1;
    const ax = o[2 * i]!, ay = o[2 * i + 1]!, dx = o[2 * j]! - ax, dy = o[2 * j + 1]! - ay;
    const l2 = dx * dx + dy * dy;
    const s = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    const ex = ax + s * dx - x, ey = ay + s * dy - y;
    const d2 = ex * ex + ey * ey;
    if (d2 < best) {
      best = d2;
      out[1] = i;
      out[2] = s;
    }
  }
  out[0] = Math.sqrt(best);
}

function lerpAt(a: Float64Array, near: Float64Array): number {
  const i = near[1]!, s = near[2]!;
  const j = i + 1 === a.length ? 0 : i + 1;
  return a[i]! * (1 - s) + a[j]! * s;
}

function segDist2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const s = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
  const ex = ax + s * dx - x, ey = ay + s * dy - y;
  return ex * ex + ey * ey;
}

function perimeterOf(o: Float64Array): number {
  let l = 0;
  for (let i = 0, n = o.length >> 1; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    l += Math.hypot(o[2 * j]! - o[2 * i]!, o[2 * j + 1]! - o[2 * i + 1]!);
  }
  return l;
}

// ---------------------------------------------------------------------------------------------
// Mesh building blocks
// ---------------------------------------------------------------------------------------------

/** Points of the outline every ≈ `h` mm along it, with inward normals and the outline vertex/parameter each lies on. */
interface Columns {
  n: number;
  xy: Float64Array;
  normal: Float64Array;
  /** [distance 0, segment, parameter] per column, for lerpAt. */
  at: Float64Array;
}

function outlineColumns(foot: FootModel, h: number): Columns {
  const o = foot.outline;
  const t = foot.tables;
  const nd = o.length >> 1;
  // Twice as many columns where the sole bends fast along the outline: the medial arch's rise and
  // fall, and where the roll is narrowed by a tight curve of the outline (toes).
  const cost = new Float64Array(nd);
  let total = 0;
  for (let i = 0; i < nd; i++) {
    const j = i + 1 === nd ? 0 : i + 1;
    const x = 0.5 * (o[2 * i]! + o[2 * j]!), y = 0.5 * (o[2 * i + 1]! + o[2 * j + 1]!);
    const mid = 0.5 * (chainY(t.lowX, t.lowY, x) + chainY(t.upX, t.upY, x));
    const arch = foot.medialSign * (y - mid) > 0 && x > t.x0 - 5 && x < t.x1 + 5;
    const tight = t.rollR[i]! < 0.9 * t.rollNomR;
    cost[i] = (len2(o[2 * j]! - o[2 * i]!, o[2 * j + 1]! - o[2 * i + 1]!) * (arch || tight ? 2 : 1)) / h;
    total += cost[i]!;
  }
  const n = Math.max(24, Math.round(total));
  const xy = new Float64Array(2 * n), at = new Float64Array(3 * n), normal = new Float64Array(2 * n);
  let seg = 0, segStart = 0;
  for (let k = 0; k < n; k++) {
    const target = (total * k) / n;
    while (seg < nd - 1 && segStart + cost[seg]! < target) {
      segStart += cost[seg]!;
      seg++;
    }
    const j = seg + 1 === nd ? 0 : seg + 1;
    const f = cost[seg]! > 0 ? Math.min(1, Math.max(0, (target - segStart) / cost[seg]!)) : 0;
    xy[2 * k] = o[2 * seg]! + (o[2 * j]! - o[2 * seg]!) * f;
    xy[2 * k + 1] = o[2 * seg + 1]! + (o[2 * j + 1]! - o[2 * seg + 1]!) * f;
    at[3 * k + 1] = seg;
    at[3 * k + 2] = f;
  }
  for (let k = 0; k < n; k++) {
    const a = (k + n - 1) % n, c = (k + 1) % n;
    const tx = xy[2 * c]! - xy[2 * a]!, ty = xy[2 * c + 1]! - xy[2 * a + 1]!;
    const len = len2(tx, ty);
    normal[2 * k] = -ty / len;
    normal[2 * k + 1] = tx / len;
  }
  return { n, xy, normal, at };
}

const PART_SOLE = 0, PART_WALL = 1, PART_TOP = 2;

/**
 * A profile per column in its (inset e, z) half-plane, given densely as parts (sole: e → z from
 * soleHeight; wall: vertical; top: e → z from dorsalHeight), resampled to `rows` points at equal
 * "cost" (length / local edge length), the same count for every column.
 */
interface Profile {
  /** e, z, part, spacing for each dense point (spacing of the segment ending there). */
  e: number[];
  z: number[];
  part: number[];
  h: number[];
}

/** Length of (a, b) (Math.hypot is several times slower in V8). */
function len2(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

/** Largest distance between a sole segment and the curve it stands for (the rows' chords), mm. */
const CHORD_TOLERANCE_MM = 0.02;

/**
 * Cumulative cost along the profile: length / edge length, plus, on the sole, length × √(κ / 8·tol)
 * (κ the curvature at the segment's ends), so rows crowd where the roll bends and every chord stays
 * within CHORD_TOLERANCE_MM of the surface.
 */
function profileCosts(p: Profile): Float64Array {
  const m = p.e.length;
  const len = new Float64Array(m), kappa = new Float64Array(m);
  for (let k = 1; k < m; k++) len[k] = len2(p.e[k]! - p.e[k - 1]!, p.z[k]! - p.z[k - 1]!);
  for (let k = 1; k + 1 < m; k++) {
    const ax = p.e[k]! - p.e[k - 1]!, az = p.z[k]! - p.z[k - 1]!, bx = p.e[k + 1]! - p.e[k]!, bz = p.z[k + 1]! - p.z[k]!;
    const turn = Math.abs(Math.atan2(ax * bz - az * bx, ax * bx + az * bz));
    const l = 0.5 * (len[k]! + len[k + 1]!);
    kappa[k] = l > 0 ? turn / l : 0;
  }
  const cum = new Float64Array(m);
  for (let k = 1; k < m; k++) {
    let c = len[k]! / p.h[k]!;
    // weighted by how level the segment is: seen from below, a steep chord's error hardly matters
    if (p.part[k] === PART_SOLE && len[k]! > 0) c += Math.abs(p.e[k]! - p.e[k - 1]!) * Math.sqrt(Math.max(kappa[k - 1]!, kappa[k]!) / (8 * CHORD_TOLERANCE_MM));
    cum[k] = cum[k - 1]! + c;
  }
  return cum;
}

/**
 * Where a column's rows fall along its profile, in cost units: every part (sole, wall, top) gets
 * ⌈its cost⌉ segments (at least one), its ends are rows, so the outline point is always a vertex
 * twice over (the sole's edge and the wall's foot: the wall is vertical there). `dense` holds the
 * dense point a row is exactly (its ends and the junctions), or −1.
 */
function profileRows(p: Profile): { at: Float64Array; dense: Int32Array; cum: Float64Array } {
  const m = p.e.length;
  const cum = profileCosts(p);
  const at: number[] = [0], dense: number[] = [0];
  let k = 1;
  while (k < m) {
    let end = k;
    while (end + 1 < m && p.part[end + 1] === p.part[k]) end++;
    const c0 = cum[k - 1]!, c = cum[end]! - c0;
    const r = Math.max(1, Math.ceil(c - 1e-9));
    for (let i = 1; i < r; i++) {
      at.push(c0 + (c * i) / r);
      dense.push(-1);
    }
    at.push(cum[end]!);
    dense.push(end);
    k = end + 1;
  }
  return { at: Float64Array.from(at), dense: Int32Array.from(dense), cum };
}

/**
 * Fills the column's rows from index `first` in `out` (xyz): the dense points where a row is one of
 * them, else the point at that cost along the profile, on the sole or top surface (z from `zFromPart`
 * at the row's xy) or on the vertical wall (z linear).
 */
function resampleProfile(p: Profile, rows: { at: Float64Array; dense: Int32Array; cum: Float64Array }, px: number, py: number, nx: number, ny: number, out: Float64Array, first: number, zFromPart: (part: number, x: number, y: number) => number): void {
  const m = p.e.length;
  const cum = rows.cum;
  let seg = 1;
  for (let r = 0; r < rows.at.length; r++) {
    const v = 3 * (first + r);
    const k = rows.dense[r]!;
    if (k >= 0) {
      out[v] = px + nx * p.e[k]!;
      out[v + 1] = py + ny * p.e[k]!;
      out[v + 2] = p.z[k]!;
      continue;
    }
    const target = rows.at[r]!;
    while (seg < m - 1 && cum[seg]! < target) seg++;
    const span = cum[seg]! - cum[seg - 1]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (target - cum[seg - 1]!) / span)) : 1;
    const e = p.e[seg - 1]! + (p.e[seg]! - p.e[seg - 1]!) * t;
    const x = px + nx * e, y = py + ny * e;
    out[v] = x;
    out[v + 1] = y;
    out[v + 2] = p.part[seg] === PART_WALL ? p.z[seg - 1]! + (p.z[seg]! - p.z[seg - 1]!) * t : zFromPart(p.part[seg]!, x, y);
  }
}

/** The columns' vertices: column i holds vertices start[i] .. start[i + 1] − 1, from its profile's first point to its last. */
interface ColumnBand {
  positions: Float64Array;
  start: Int32Array;
}

/** Resamples each column's profile with its own rows (profileRows). */
function columnBand(cols: Columns, profiles: readonly Profile[], zOf: (part: number, x: number, y: number) => number): ColumnBand {
  const n = cols.n;
  const start = new Int32Array(n + 1);
  const rows = profiles.map(profileRows);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + rows[i]!.at.length;
  const positions = new Float64Array(3 * start[n]!);
  for (let i = 0; i < n; i++) {
    resampleProfile(profiles[i]!, rows[i]!, cols.xy[2 * i]!, cols.xy[2 * i + 1]!, cols.normal[2 * i]!, cols.normal[2 * i + 1]!, positions, start[i]!, zOf);
  }
  return { positions, start };
}

/** The band's first (or last) vertex of every column, xy pairs: the ring the lattice inside it is stitched to. */
function bandRing(b: ColumnBand, last: boolean): Float64Array {
  const n = b.start.length - 1;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const v = last ? b.start[i + 1]! - 1 : b.start[i]!;
    xy[2 * i] = b.positions[3 * v]!;
    xy[2 * i + 1] = b.positions[3 * v + 1]!;
  }
  return xy;
}

function bandTriangleCount(b: ColumnBand): number {
  const n = b.start.length - 1;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    c += b.start[i + 1]! - b.start[i]! - 1 + (b.start[j + 1]! - b.start[j]! - 1);
  }
  return c;
}

/**
 * Joins each column to the next by a strip, advancing along whichever column's next vertex comes
 * first in its own fraction of the profile. Seen with columns running CCW (from above) and rows
 * from first to last, (a_k, b_k, b_k+1) faces out on the sole side; `reversed` flips every triangle.
 * @returns the new cursor in `out` (indices offset by `base`).
 */
function zipBand(b: ColumnBand, base: number, out: Uint32Array, cursor: number, reversed: boolean): number {
  const n = b.start.length - 1;
  let c = cursor;
  const tri = (p: number, q: number, r: number) => {
    out[c++] = base + p;
    out[c++] = base + (reversed ? r : q);
    out[c++] = base + (reversed ? q : r);
  };
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const a0 = b.start[i]!, ra = b.start[i + 1]! - a0, b0 = b.start[j]!, rb = b.start[j + 1]! - b0;
    let ka = 0, kb = 0;
    while (ka < ra - 1 || kb < rb - 1) {
      const advanceA = kb === rb - 1 || (ka < ra - 1 && (ka + 1) / (ra - 1) <= (kb + 1) / (rb - 1));
      if (advanceA) {
        tri(a0 + ka, b0 + kb, a0 + ka + 1);
        ka++;
      } else {
        tri(a0 + ka, b0 + kb, b0 + kb + 1);
        kb++;
      }
    }
  }
  return c;
}

/** Dense samples of a roll (or shoulder) along a column, k = 0 .. DENSE: e from r (k = 0) to 0, even in the superellipse's angle. */
const DENSE = 24;
const DENSE_FRACTION = Float64Array.from({ length: DENSE + 1 }, (_, k) => 1 - Math.pow(Math.sin((Math.PI / 2) * (k / DENSE)), 2 / FOOT_SHAPE_CONSTANTS.rollExponent));
function denseRollE(r: number, k: number): number {
  return r * DENSE_FRACTION[k]!;
}

/** Points of a triangular lattice (rows dy = h·√3/2 apart, odd rows shifted by h/2) kept by a predicate. */
interface Lattice {
  /** xy of the kept nodes, in row order. */
  xy: Float64Array;
  minX: number;
  minY: number;
  h: number;
  nx: number;
  ny: number;
  /** Per lattice position (j·nx + i): the kept node's index, or −1. */
  node: Int32Array;
}

function lattice(minX: number, minY: number, maxX: number, maxY: number, h: number, keep: (x: number, y: number) => boolean): Lattice {
  const dy = (h * Math.sqrt(3)) / 2;
  const ny = Math.floor((maxY - minY) / dy) + 1, nx = Math.floor((maxX - minX) / h) + 2;
  const node = new Int32Array(nx * ny).fill(-1);
  let count = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = minX + (i + (j & 1) * 0.5) * h;
      if (x <= maxX && keep(x, minY + j * dy)) node[j * nx + i] = count++;
    }
  }
  const xy = new Float64Array(2 * count);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = node[j * nx + i]!;
      if (k < 0) continue;
      xy[2 * k] = minX + (i + (j & 1) * 0.5) * h;
      xy[2 * k + 1] = minY + j * dy;
    }
  }
  return { xy, minX, minY, h, nx, ny, node };
}

/** Whether a kept node of the lattice lies within r (≤ h) of (x, y). */
function latticeNodeNear(lat: Lattice, x: number, y: number, r: number): boolean {
  const dy = (lat.h * Math.sqrt(3)) / 2;
  const j0 = Math.round((y - lat.minY) / dy);
  for (let j = j0 - 1; j <= j0 + 1; j++) {
    if (j < 0 || j >= lat.ny) continue;
    const i0 = Math.round((x - lat.minX) / lat.h - (j & 1) * 0.5);
    for (let i = i0 - 1; i <= i0 + 1; i++) {
      if (i < 0 || i >= lat.nx || lat.node[j * lat.nx + i]! < 0) continue;
      if (len2(lat.minX + (i + (j & 1) * 0.5) * lat.h - x, lat.minY + j * dy - y) < r) return true;
    }
  }
  return false;
}

/**
 * Triangulates the region inside ring `outer` (CCW) and outside ring `hole` (if any) using the
 * lattice's nodes, which must lie inside it with some clearance: lattice triangles whose three nodes
 * were kept are indexed directly; a constrained Delaunay triangulation (delaunator +
 * constrainautor) of the rings and the lattice region's border nodes fills the band between them,
 * its triangles classified by the parity of constrained edges crossed from the hull. (A Delaunay
 * triangulation of the whole lattice took ≈ 25 ms for 6 k nodes here: a regular lattice is
 * degenerate, cocircular everywhere; the band is a few hundred points.)
 * `extra` points (inside, away from the lattice's nodes) join the band as free points: a finer
 * triangulation where the lattice's nodes were left out.
 * @returns local indices (outer ring first, then the hole, then the lattice's nodes, then `extra`), CCW seen from +z.
 */
function fillRegion(outer: Float64Array, hole: Float64Array | null, lat: Lattice, extra: Float64Array | null = null): Uint32Array {
  const no = outer.length >> 1, nh = hole ? hole.length >> 1 : 0, nl = lat.xy.length >> 1, ne = extra ? extra.length >> 1 : 0;
  const { nx, ny, node } = lat;
  // Full lattice triangles (CCW), two per cell of two consecutive rows.
  const full: number[] = [];
  for (let j = 0; j + 1 < ny; j++) {
    const r0 = j * nx, r1 = (j + 1) * nx;
    for (let i = 0; i + 1 < nx; i++) {
      const a = node[r0 + i]!, b = node[r0 + i + 1]!, c = node[r1 + i]!, d = node[r1 + i + 1]!;
      if ((j & 1) === 0) {
        if (a >= 0 && b >= 0 && c >= 0) full.push(a, b, c);
        if (b >= 0 && d >= 0 && c >= 0) full.push(b, d, c);
      } else {
        if (a >= 0 && d >= 0 && c >= 0) full.push(a, d, c);
        if (a >= 0 && b >= 0 && d >= 0) full.push(a, b, d);
      }
    }
  }
  // Border of the full triangles' union: edges used once.
  const uses = new Map<number, number>();
  for (let k = 0; k < full.length; k += 3) {
    for (let e = 0; e < 3; e++) {
      const u = full[k + e]!, v = full[k + ((e + 1) % 3)]!;
      const key = u < v ? u * nl + v : v * nl + u;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  const inFull = new Uint8Array(nl);
  for (const v of full) inFull[v] = 1;
  const cdtOf = new Int32Array(nl).fill(-1);
  const cdtLocal: number[] = []; // CDT point -> local index (rings map to themselves)
  for (let k = 0; k < no + nh; k++) cdtLocal.push(k);
  const addNode = (v: number) => {
    if (cdtOf[v]! < 0) {
      cdtOf[v] = cdtLocal.length;
      cdtLocal.push(no + nh + v);
    }
    return cdtOf[v]!;
  };
  const edges: [number, number][] = [];
  for (let i = 0; i < no; i++) edges.push([i, (i + 1) % no]);
  for (let i = 0; i < nh; i++) edges.push([no + i, no + ((i + 1) % nh)]);
  for (const [key, count] of uses) {
    if (count !== 1) continue;
    edges.push([addNode(Math.floor(key / nl)), addNode(key % nl)]);
  }
  for (let v = 0; v < nl; v++) if (!inFull[v]) addNode(v);
  for (let v = 0; v < ne; v++) cdtLocal.push(no + nh + nl + v);
  const m = cdtLocal.length;
  const coords = new Float64Array(2 * m);
  const xyOf = (l: number, c: 0 | 1) => (l < no ? outer[2 * l + c]! : l < no + nh ? hole![2 * (l - no) + c]! : l < no + nh + nl ? lat.xy[2 * (l - no - nh) + c]! : extra![2 * (l - no - nh - nl) + c]!);
  for (let k = 0; k < m; k++) {
    coords[2 * k] = xyOf(cdtLocal[k]!, 0);
    coords[2 * k + 1] = xyOf(cdtLocal[k]!, 1);
  }
  const del = new Delaunator(coords);
  const con = new Constrainautor(del, edges);
  const tri = del.triangles, half = del.halfedges;
  const nt = tri.length / 3;
  const depth = new Int32Array(nt).fill(-1);
  const queue = new Int32Array(2 * nt + 2);
  let qh = nt + 1, qt = nt + 1; // 0-1 BFS deque in the middle of the buffer
  for (let e = 0; e < tri.length; e++) {
    if (half[e] !== -1) continue;
    const t = (e / 3) | 0;
    const d = con.isConstrained(e) ? 1 : 0;
    if (depth[t] === -1 || d < depth[t]!) {
      depth[t] = d;
      if (d === 0) queue[--qh] = t; else queue[qt++] = t;
    }
  }
  while (qh < qt) {
    const t = queue[qh++]!;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + k;
      const o = half[e]!;
      if (o < 0) continue;
      const u = (o / 3) | 0;
      const d = depth[t]! + (con.isConstrained(e) ? 1 : 0);
      if (depth[u] === -1 || d < depth[u]!) {
        depth[u] = d;
        if (d === depth[t]) queue[--qh] = u; else queue[qt++] = u;
      }
    }
  }
  // Odd depth: between the outer ring and the lattice, or between the lattice and the hole.
  let band = 0;
  for (let t = 0; t < nt; t++) if (depth[t]! & 1) band++;
  const out = new Uint32Array(3 * band + full.length);
  let c = 0;
  for (let t = 0; t < nt; t++) {
    if (!(depth[t]! & 1)) continue;
    const a = tri[3 * t]!, b = tri[3 * t + 1]!, d = tri[3 * t + 2]!;
    const area = (coords[2 * b]! - coords[2 * a]!) * (coords[2 * d + 1]! - coords[2 * a + 1]!) - (coords[2 * b + 1]! - coords[2 * a + 1]!) * (coords[2 * d]! - coords[2 * a]!);
    out[c++] = cdtLocal[a]!;
    out[c++] = cdtLocal[area > 0 ? b : d]!;
    out[c++] = cdtLocal[area > 0 ? d : b]!;
  }
  for (const v of full) out[c++] = no + nh + v;
  return out;
}

/** Area-weighted vertex normals (unit). */
function vertexNormals(m: SynthMesh): Float64Array {
  const p = m.positions, ix = m.indices;
  const nrm = new Float64Array(p.length);
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t]!, b = 3 * ix[t + 1]!, c = 3 * ix[t + 2]!;
    const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (let k = 0; k < 3; k++) {
      const v = k === 0 ? a : k === 1 ? b : c;
      nrm[v] = nrm[v]! + nx;
      nrm[v + 1] = nrm[v + 1]! + ny;
      nrm[v + 2] = nrm[v + 2]! + nz;
    }
  }
  for (let v = 0; v < nrm.length; v += 3) {
    const l = Math.sqrt(nrm[v]! * nrm[v]! + nrm[v + 1]! * nrm[v + 1]! + nrm[v + 2]! * nrm[v + 2]!) || 1;
    nrm[v] = nrm[v]! / l;
    nrm[v + 1] = nrm[v + 1]! / l;
    nrm[v + 2] = nrm[v + 2]! / l;
  }
  return nrm;
}

/** Keeps the triangles for which `keep(t)` holds and drops the vertices no longer used (order kept). */
function filterTriangles(m: SynthMesh, keep: (t: number) => boolean): { mesh: SynthMesh; vertexMap: Int32Array } {
  const nt = m.indices.length / 3;
  const flags = new Uint8Array(nt);
  let kt = 0;
  for (let t = 0; t < nt; t++) if (keep(t)) {
    flags[t] = 1;
    kt++;
  }
  const nv = m.positions.length / 3;
  const map = new Int32Array(nv).fill(-1);
  for (let t = 0; t < nt; t++) if (flags[t]) for (let k = 0; k < 3; k++) map[m.indices[3 * t + k]!] = 0;
  let kv = 0;
  for (let v = 0; v < nv; v++) if (map[v] === 0) map[v] = kv++;
  const positions = new Float64Array(3 * kv);
  for (let v = 0; v < nv; v++) {
    const w = map[v]!;
    if (w < 0) continue;
    positions[3 * w] = m.positions[3 * v]!;
    positions[3 * w + 1] = m.positions[3 * v + 1]!;
    positions[3 * w + 2] = m.positions[3 * v + 2]!;
  }
  const indices = new Uint32Array(3 * kt);
  let c = 0;
  for (let t = 0; t < nt; t++) if (flags[t]) for (let k = 0; k < 3; k++) indices[c++] = map[m.indices[3 * t + k]!]!;
  return { mesh: { positions, indices }, vertexMap: map };
}

/** Per-vertex flags carried over to the vertices a filter kept. */
function remapFlags(flags: Uint8Array, map: Int32Array, mesh: SynthMesh): Uint8Array {
  const out = new Uint8Array(mesh.positions.length / 3);
  for (let v = 0; v < map.length; v++) if (map[v]! >= 0) out[map[v]!] = flags[v]!;
  return out;
}

/** Concatenates meshes. */
export function mergeMeshes(parts: readonly SynthMesh[]): SynthMesh {
  let nv = 0, ni = 0;
  for (const p of parts) {
    nv += p.positions.length;
    ni += p.indices.length;
  }
  const positions = new Float64Array(nv), indices = new Uint32Array(ni);
  let ov = 0, oi = 0;
  for (const p of parts) {
    positions.set(p.positions, ov);
    for (let k = 0; k < p.indices.length; k++) indices[oi + k] = p.indices[k]! + ov / 3;
    ov += p.positions.length;
    oi += p.indices.length;
  }
  return { positions, indices };
}

// ---------------------------------------------------------------------------------------------
// Scan mesh
// ---------------------------------------------------------------------------------------------

/** Options of {@link footScanMesh} (plus the foot's, {@link FootModelOptions}). */
export interface FootScanOptions extends FootModelOptions {
  /** Edge length on the sole, mm, 0.5–5 (≈ 1–3 useful); the side wall's rows are 3× apart, the shoulder and top 2×. Default 2. */
  edgeMm?: number;
  /** Close the leg's cut with a flat cap (a closed solid) instead of leaving it open. Default false. */
  closed?: boolean;
  /** Noise on every vertex along its normal, uniform in ±noiseMm. Default 0. */
  noiseMm?: number;
  /** Seed of the noise, spikes and holes. Default 1. */
  seed?: number;
  /** Number of plantar vertices pulled out far along their (downward) normal. Default 0. */
  spikes?: number;
  /** How far the spikes reach, mm (each 0.5–1× this). Default 20. */
  spikeLengthMm?: number;
  /** Number of holes (missing triangles) in the flat part of the sole. Default 0. */
  holes?: number;
  /** Radius of each hole, mm. Default 6. */
  holeRadiusMm?: number;
  /** Both feet side by side: the given side at the identity, the other mirrored across a midline on its medial side. Default false. */
  twoFeet?: boolean;
  /** Least gap between the two feet, mm. Default 60. */
  feetGapMm?: number;
  /** Angle between the two feet's long axes (toes out), degrees. Default 14. */
  feetAngleDeg?: number;
  /** Drop everything with x < truncateMm (foot frame): a scan missing its heel. Default 0 (whole foot). */
  truncateMm?: number;
}

/** The scan options' own fields, all given. */
export type FootScanSettings = Required<Omit<FootScanOptions, keyof FootModelOptions>>;

/** Edge lengths per sole edge length: along the (flat, vertical) side wall, and on the shoulder and the top of the foot. */
export const WALL_EDGE_FACTOR = 3;
export const TOP_EDGE_FACTOR = 2;

export const FOOT_SCAN_DEFAULTS: Readonly<FootScanSettings> = {
  edgeMm: 2,
  closed: false,
  noiseMm: 0,
  seed: 1,
  spikes: 0,
  spikeLengthMm: 20,
  holes: 0,
  holeRadiusMm: 6,
  twoFeet: false,
  feetGapMm: 60,
  feetAngleDeg: 14,
  truncateMm: 0,
};

/** One foot of a scan: its model and where its foot frame sits in the mesh's frame. */
export interface ScanFoot {
  foot: FootModel;
  /** Foot frame → mesh frame (identity for the first foot). */
  footToMesh: Mat4;
  meshToFoot: Mat4;
}

export interface FootScan {
  /** In the first foot's frame, mm. */
  mesh: SynthMesh;
  /** The first (or only) foot. */
  foot: FootModel;
  feet: ScanFoot[];
  /** Vertices moved by the spikes (mesh indices). */
  spikeVertices: Uint32Array;
  /** Hole centres, xy pairs in the mesh frame (each hole: the sole triangles whose centroid lies within holeRadiusMm). */
  holeCentres: Float64Array;
  /** Triangle counts of the parts of one foot before holes and truncation: sole, sides (roll, wall, shoulder), top, cap. */
  parts: { sole: number; sides: number; top: number; cap: number };
}

/**
 * A foot standing on a plate as a plate scanner gives it (foot frame, mm): the plantar surface
 * (soleHeight over the footprint, vertices exactly on it) curling up at the border into the side,
 * vertical at the outline (the silhouette seen from below is the outline); a vertical side wall; a
 * rounded shoulder into the top of the foot (dorsalHeight), which rises into the leg, cut flat at
 * `cutHeightMm` on an ellipse. Open there (the only boundary, a disc: V − E + F = 1) or, with
 * `closed`, capped (a closed solid). Triangles CCW seen from outside.
 */
export function footScanMesh(opts: FootScanOptions = {}): FootScan {
  const o: FootScanSettings = { ...FOOT_SCAN_DEFAULTS, ...definedOnly(opts) };
  if (!(o.edgeMm >= 0.5 && o.edgeMm <= 5)) throw new RangeError(`edgeMm must be within [0.5, 5], got ${o.edgeMm}`);
  const foot = footModel(opts);
  const one = buildFoot(foot, o, o.seed);
  if (!o.twoFeet) {
    return { mesh: one.mesh, foot, feet: [{ foot, footToMesh: mat4Identity(), meshToFoot: mat4Identity() }], spikeVertices: one.spikes, holeCentres: one.holes, parts: one.parts };
  }
  const other = footModel({ ...opts, side: foot.side === 'right' ? 'left' : 'right' });
  const m2 = buildFoot(other, o, o.seed + 7919);
  const toMesh = mirrorPlacement(foot, o.feetGapMm, o.feetAngleDeg);
  const placed = transformMesh(m2.mesh, toMesh);
  const mesh = mergeMeshes([one.mesh, placed]);
  const nv1 = one.mesh.positions.length / 3;
  const spikes = new Uint32Array(one.spikes.length + m2.spikes.length);
  spikes.set(one.spikes, 0);
  m2.spikes.forEach((v, k) => (spikes[one.spikes.length + k] = v + nv1));
  const holes = new Float64Array(one.holes.length + m2.holes.length);
  holes.set(one.holes, 0);
  for (let k = 0; k < m2.holes.length; k += 2) {
    holes[one.holes.length + k] = toMesh[0]! * m2.holes[k]! + toMesh[1]! * m2.holes[k + 1]! + toMesh[3]!;
    holes[one.holes.length + k + 1] = toMesh[4]! * m2.holes[k]! + toMesh[5]! * m2.holes[k + 1]! + toMesh[7]!;
  }
  return {
    mesh, foot,
    feet: [{ foot, footToMesh: mat4Identity(), meshToFoot: mat4Identity() }, { foot: other, footToMesh: toMesh, meshToFoot: mat4Invert(toMesh) }],
    spikeVertices: spikes, holeCentres: holes, parts: one.parts,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The other foot's placement: the mirror image of `foot` across a midline on its medial side, turned by `angleDeg` (toes apart), `gap` mm from it at the closest. */
function mirrorPlacement(foot: FootModel, gap: number, angleDeg: number): Mat4 {
  const ms = foot.medialSign;
  const a = (ms * angleDeg * Math.PI) / 360;
  const dx = Math.cos(a), dy = Math.sin(a);
  const nx = -dy, ny = dx; // left normal of the midline
  let maxD = -Infinity;
  const ol = foot.outline;
  for (let i = 0; i < ol.length; i += 2) maxD = Math.max(maxD, ms * (ol[i]! * nx + ol[i + 1]! * ny));
  const y0 = (ms * (gap / 2 + maxD)) / dx; // midline through (0, y0)
  // The other foot's model is this one mirrored in y (Sy = diag(1, −1)); reflect it across the
  // midline: p' = R·(Sy·p − M0) + M0 with R = [[c2, s2], [s2, −c2]], M0 = (0, y0). R·Sy is a rotation.
  const c2 = dx * dx - dy * dy, s2 = 2 * dx * dy;
  return Float64Array.from([
    c2, -s2, 0, -s2 * y0,
    s2, c2, 0, y0 + c2 * y0,
    0, 0, 1, 0,
    0, 0, 0, 1,
  ]);
}

/**
 * Nodes of the plantar surface inside the roll's inner edge: a lattice of spacing h, and along the
 * foot of the arch (sharp: ≈ 1.5 mm rise over its last 4 mm, as on the real scans) points of half the
 * spacing instead, so the chords stay within ≈ 0.02 mm there too. The fine points keep 0.6·h from
 * every lattice node, so none lies inside a lattice triangle (whose points are within h/√3 of a corner).
 */
function plantarLattice(foot: FootModel, h: number): { lat: Lattice; fine: Float64Array } {
  const t = foot.tables;
  const near = new Float64Array(3);
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < foot.outline.length; i += 2) {
    minY = Math.min(minY, foot.outline[i]!);
    maxY = Math.max(maxY, foot.outline[i]!);
  }
  const clear = (x: number, y: number) => {
    if (!(y > chainY(t.lowX, t.lowY, x) && y < chainY(t.upX, t.upY, x))) return false;
    nearestOnOutline(t, foot.outline, x, y, near);
    return near[0]! === Infinity || near[0]! >= lerpAt(t.rollR, near) + 0.5 * h;
  };
  const zone = archFootZone(foot, h);
  const lat = lattice(0, minY, foot.footLengthMm, maxY, h, (x, y) => clear(x, y) && !zone(x, y, 0));
  const fine = lattice(t.x0, minY, t.x1, maxY, h / 2, (x, y) => clear(x, y) && zone(x, y, 0.3 * h) && !latticeNodeNear(lat, x, y, 0.6 * h)).xy;
  return { lat, fine };
}

/**
 * The strip along the foot of the arch where its curvature exceeds what a lattice of spacing h
 * follows within CHORD_TOLERANCE_MM (8·tol/h²), widened by h; `inset` shrinks it on both sides.
 */
function archFootZone(foot: FootModel, h: number): (x: number, y: number, inset: number) => boolean {
  const t = foot.tables;
  const p = FOOT_SHAPE_CONSTANTS.archExponent;
  const kLim = (8 * CHORD_TOLERANCE_MM) / (h * h);
  return (x, y, inset) => {
    const l = archLong(t, x);
    if (l < 0.02) return false;
    const ym = foot.medialSign > 0 ? chainY(t.upX, t.upY, x) : chainY(t.lowX, t.lowY, x);
    const dm = foot.medialSign * (ym - y);
    const w = t.archWidth * (0.6 + 0.4 * l);
    // curvature (amp·l/w²)·p(p−1)·u^(p−2) exceeds kLim for u < uc
    const uc = Math.min(1, Math.pow((t.archAmp * l * p * (p - 1)) / (w * w * kLim), 1 / (2 - p)));
    return dm > w * (1 - uc) - h + inset && dm < w + h - inset;
  };
}

function buildFoot(foot: FootModel, o: FootScanSettings, seed: number): { mesh: SynthMesh; spikes: Uint32Array; holes: Float64Array; parts: FootScan['parts'] } {
  const t = foot.tables;
  const h = o.edgeMm, hs = o.edgeMm * TOP_EDGE_FACTOR, hw = o.edgeMm * WALL_EDGE_FACTOR;
  const cols = outlineColumns(foot, h);
  const n = cols.n;
  const near = new Float64Array(3);

  // 1. Column profiles: sole roll (inner edge → outline), wall, shoulder (outline → inner edge of the top).
  const profiles: Profile[] = [];
  for (let i = 0; i < n; i++) {
    const px = cols.xy[2 * i]!, py = cols.xy[2 * i + 1]!, nx = cols.normal[2 * i]!, ny = cols.normal[2 * i + 1]!;
    near[1] = cols.at[3 * i + 1]!;
    near[2] = cols.at[3 * i + 2]!;
    const r = lerpAt(t.rollR, near), rs = lerpAt(t.shoulderR, near);
    const ra = lerpAt(t.rollA, near), rsa = lerpAt(t.shoulderA, near);
    // Dense samples only place the rows: the distance to the outline is taken as e (exact at the
    // ends, which are evaluated exactly, as every row's z is in resampleProfile).
    const approx = (e: number, top: boolean) => {
      const x = px + nx * e, y = py + ny * e;
      const ylo = chainY(t.lowX, t.lowY, x), yhi = chainY(t.upX, t.upY, x);
      const roll = ra * rollShape(1 - e / r), shoulder = rsa * rollShape(1 - e / rs);
      return top ? dorsalCentre(foot, x, y, ylo, yhi, roll + shoulder) - shoulder : roll + archAt(foot.tables, foot.medialSign, x, y, ylo, yhi);
    };
    const p: Profile = { e: [], z: [], part: [], h: [] };
    for (let k = 0; k <= DENSE; k++) {
      const e = denseRollE(r, k);
      p.e.push(e);
      p.z.push(k === 0 ? soleHeight(px + nx * e, py + ny * e, foot) : approx(e, false));
      p.part.push(PART_SOLE);
      p.h.push(h);
    }
    p.e[DENSE] = 0;
    const zs = soleHeight(px, py, foot), zd = dorsalHeight(px, py, foot);
    p.z[DENSE] = zs;
    if (!(zd > zs + 1)) throw new RangeError(`the top of the foot meets the sole at (${px.toFixed(1)}, ${py.toFixed(1)})`);
    p.e.push(0);
    p.z.push(zd);
    p.part.push(PART_WALL);
    p.h.push(hw);
    for (let k = DENSE - 1; k >= 0; k--) {
      const e = denseRollE(rs, k);
      p.e.push(e);
      p.z.push(k === 0 ? dorsalHeight(px + nx * e, py + ny * e, foot) : approx(e, true));
      p.part.push(PART_TOP);
      p.h.push(hs);
    }
    profiles.push(p);
  }
  const band = columnBand(cols, profiles, (part, x, y) => (part === PART_SOLE ? soleHeight(x, y, foot) : dorsalHeight(x, y, foot)));

  // 2. Sole: lattice inside the roll's inner edge; top: lattice inside the shoulder's inner edge, outside the leg.
  const soleRing = bandRing(band, false), topRing = bandRing(band, true);
  const fl = foot.footLengthMm;
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < foot.outline.length; i += 2) {
    minY = Math.min(minY, foot.outline[i]!);
    maxY = Math.max(maxY, foot.outline[i]!);
  }
  const inside = (x: number, y: number) => y > chainY(t.lowX, t.lowY, x) && y < chainY(t.upX, t.upY, x);
  const clearOf = (arr: Float64Array, x: number, y: number, c: number) => {
    nearestOnOutline(t, foot.outline, x, y, near);
    return near[0]! === Infinity || near[0]! >= lerpAt(arr, near) + c;
  };
  const { lat: soleLat, fine: soleFine } = plantarLattice(foot, h);
  const { cx, cy, ax, ay } = foot.leg;
  const rhoOf = (x: number, y: number) => len2((x - cx) / ax, (y - cy) / ay);
  const legClear = (x: number, y: number, c: number) => (rhoOf(x, y) - 1) * Math.min(ax, ay) >= c;
  const topLat = lattice(0, minY, fl, maxY, hs, (x, y) => inside(x, y) && clearOf(t.shoulderR, x, y, 0.5 * hs) && legClear(x, y, 0.5 * hs));
  const legN = Math.max(24, Math.round((Math.PI * (3 * (ax + ay) - Math.sqrt((3 * ax + ay) * (ax + 3 * ay)))) / hs));
  const legRing = new Float64Array(2 * legN);
  for (let k = 0; k < legN; k++) {
    const a = (2 * Math.PI * k) / legN;
    legRing[2 * k] = cx + ax * Math.cos(a);
    legRing[2 * k + 1] = cy + ay * Math.sin(a);
  }
  const capLat = o.closed ? lattice(cx - ax, cy - ay, cx + ax, cy + ay, hs, (x, y) => (1 - rhoOf(x, y)) * Math.min(ax, ay) >= 0.5 * hs) : null;

  const soleTri = fillRegion(soleRing, null, soleLat, soleFine);
  const topTri = fillRegion(topRing, legRing, topLat);
  const capTri = capLat ? fillRegion(legRing, null, capLat) : new Uint32Array(0);

  // 3. Assemble: [columns][sole lattice][leg ring][top lattice][cap lattice].
  const nSoleCoarse = soleLat.xy.length >> 1, nSole = nSoleCoarse + (soleFine.length >> 1), nLeg = legN, nTop = topLat.xy.length >> 1, nCap = capLat ? capLat.xy.length >> 1 : 0;
  const vCols = band.start[n]!, vSole = vCols, vLeg = vSole + nSole, vTop = vLeg + nLeg, vCap = vTop + nTop, nv = vCap + nCap;
  const positions = new Float64Array(3 * nv);
  positions.set(band.positions, 0);
  const put = (v: number, x: number, y: number, z: number) => {
    positions[3 * v] = x;
    positions[3 * v + 1] = y;
    positions[3 * v + 2] = z;
  };
  for (let k = 0; k < nSole; k++) {
    const src = k < nSoleCoarse ? soleLat.xy : soleFine, q = k < nSoleCoarse ? k : k - nSoleCoarse;
    put(vSole + k, src[2 * q]!, src[2 * q + 1]!, soleHeight(src[2 * q]!, src[2 * q + 1]!, foot));
  }
  for (let k = 0; k < nLeg; k++) put(vLeg + k, legRing[2 * k]!, legRing[2 * k + 1]!, foot.cutHeightMm);
  for (let k = 0; k < nTop; k++) put(vTop + k, topLat.xy[2 * k]!, topLat.xy[2 * k + 1]!, dorsalHeight(topLat.xy[2 * k]!, topLat.xy[2 * k + 1]!, foot));
  for (let k = 0; k < nCap; k++) put(vCap + k, capLat!.xy[2 * k]!, capLat!.xy[2 * k + 1]!, foot.cutHeightMm);

  const nBand = bandTriangleCount(band);
  const indices = new Uint32Array(3 * (nBand + soleTri.length / 3 + topTri.length / 3 + capTri.length / 3));
  let c = zipBand(band, 0, indices, 0, false);
  const soleStart = c / 3;
  // Sole faces down: reverse the CCW-from-above triangles. Local index: ring (column row 0) then lattice.
  const soleIdx = (l: number) => (l < n ? band.start[l]! : vSole + l - n);
  for (let k = 0; k < soleTri.length; k += 3) {
    indices[c++] = soleIdx(soleTri[k]!);
    indices[c++] = soleIdx(soleTri[k + 2]!);
    indices[c++] = soleIdx(soleTri[k + 1]!);
  }
  const soleEnd = c / 3;
  const topIdx = (l: number) => (l < n ? band.start[l + 1]! - 1 : l < n + nLeg ? vLeg + l - n : vTop + l - n - nLeg);
  for (let k = 0; k < topTri.length; k++) indices[c++] = topIdx(topTri[k]!);
  const capIdx = (l: number) => (l < nLeg ? vLeg + l : vCap + l - nLeg);
  for (let k = 0; k < capTri.length; k++) indices[c++] = capIdx(capTri[k]!);
  const parts = { sole: soleEnd - soleStart, sides: nBand, top: topTri.length / 3, cap: capTri.length / 3 };

  let mesh: SynthMesh = { positions, indices };
  const random = rng(seed);

  // 4. Holes in the flat sole (lattice triangles whose centroid lies within the radius).
  // The sole lattice's vertices (spike candidates), followed through the filters below.
  let plantar: Uint8Array = new Uint8Array(nv);
  plantar.fill(1, vSole, vLeg);
  const holeList: number[] = [];
  if (o.holes > 0) {
    const r = o.holeRadiusMm;
    for (let attempt = 0; attempt < 500 && holeList.length < 2 * o.holes; attempt++) {
      const k = Math.floor(random() * nSoleCoarse);
      const x = soleLat.xy[2 * k]!, y = soleLat.xy[2 * k + 1]!;
      nearestOnOutline(t, foot.outline, x, y, near);
      if (near[0]! < t.rollNomR + r + 2 * h) continue;
      let far = true;
      for (let q = 0; q < holeList.length; q += 2) if (Math.hypot(holeList[q]! - x, holeList[q + 1]! - y) < 2 * r + 4 * h) far = false;
      if (far) holeList.push(x, y);
    }
    const p = mesh.positions, ix = mesh.indices;
    const res = filterTriangles(mesh, (tr) => {
      if (tr < soleStart || tr >= soleEnd) return true;
      const gx = (p[3 * ix[3 * tr]!]! + p[3 * ix[3 * tr + 1]!]! + p[3 * ix[3 * tr + 2]!]!) / 3;
      const gy = (p[3 * ix[3 * tr]! + 1]! + p[3 * ix[3 * tr + 1]! + 1]! + p[3 * ix[3 * tr + 2]! + 1]!) / 3;
      for (let q = 0; q < holeList.length; q += 2) if (Math.hypot(gx - holeList[q]!, gy - holeList[q + 1]!) < r) return false;
      return true;
    });
    mesh = res.mesh;
    plantar = remapFlags(plantar, res.vertexMap, mesh);
  }

  // 5. Truncation: drop every triangle with a vertex behind x = truncateMm.
  if (o.truncateMm > 0) {
    const p = mesh.positions, ix = mesh.indices, cut = o.truncateMm;
    const res = filterTriangles(mesh, (tr) => p[3 * ix[3 * tr]!]! >= cut && p[3 * ix[3 * tr + 1]!]! >= cut && p[3 * ix[3 * tr + 2]!]! >= cut);
    mesh = res.mesh;
    plantar = remapFlags(plantar, res.vertexMap, mesh);
  }

  // 6. Spikes and noise, along the clean mesh's vertex normals.
  const normals = o.noiseMm > 0 || o.spikes > 0 ? vertexNormals(mesh) : new Float64Array(0);
  const nvm = mesh.positions.length / 3;
  const spikeList: number[] = [];
  if (o.spikes > 0) {
    const candidates: number[] = [];
    for (let v = 0; v < nvm; v++) if (plantar[v]) candidates.push(v);
    for (let attempt = 0; attempt < 1000 && spikeList.length < o.spikes && candidates.length > 0; attempt++) {
      const v = candidates[Math.floor(random() * candidates.length)]!;
      if (!spikeList.includes(v)) spikeList.push(v);
    }
    spikeList.sort((a, b) => a - b);
  }
  if (o.noiseMm > 0 || spikeList.length > 0) {
    const p = mesh.positions.slice();
    if (o.noiseMm > 0) {
      for (let v = 0; v < nvm; v++) {
        const d = (2 * random() - 1) * o.noiseMm;
        p[3 * v] = p[3 * v]! + normals[3 * v]! * d;
        p[3 * v + 1] = p[3 * v + 1]! + normals[3 * v + 1]! * d;
        p[3 * v + 2] = p[3 * v + 2]! + normals[3 * v + 2]! * d;
      }
    }
    for (const v of spikeList) {
      const d = o.spikeLengthMm * (0.5 + 0.5 * random());
      p[3 * v] = p[3 * v]! + normals[3 * v]! * d;
      p[3 * v + 1] = p[3 * v + 1]! + normals[3 * v + 1]! * d;
      p[3 * v + 2] = p[3 * v + 2]! + normals[3 * v + 2]! * d;
    }
    mesh = { positions: p, indices: mesh.indices };
  }
  return { mesh, spikes: Uint32Array.from(spikeList), holes: Float64Array.from(holeList), parts };
}

// ---------------------------------------------------------------------------------------------
// Foam-box impression
// ---------------------------------------------------------------------------------------------

/** Options of {@link impressionMesh} (plus the foot's). */
export interface ImpressionOptions extends FootModelOptions {
  /** Box size x, y, z, mm. Default [max(320, FL + 50), max(140, ⌈ball width + 35⌉), 100]. */
  boxMm?: readonly [number, number, number];
  /** How deep the lowest points of the sole (heel, ball) sit below the foam top, mm. Default 25. */
  depthMm?: number;
  /** Edge length in the cavity, mm (the box's faces are coarser). Default 2. */
  edgeMm?: number;
  /** Noise on every vertex along its normal, ±mm. Default 0. */
  noiseMm?: number;
  seed?: number;
}

export const IMPRESSION_DEFAULTS = { depthMm: 25, edgeMm: 2, noiseMm: 0, seed: 1, boxHeightMm: 100 } as const;

export interface Impression {
  /** The foam box, a closed solid, mm: x ∈ [0, box x], y ∈ [0, box y], z ∈ [0, box z]. */
  mesh: SynthMesh;
  foot: FootModel;
  boxMm: readonly [number, number, number];
  depthMm: number;
  /** Foot frame → mesh frame: the cavity's surface is z = (box z − depth) + soleHeight, a translation. */
  footToMesh: Mat4;
  meshToFoot: Mat4;
}

/**
 * A foam box (a closed solid, CCW outward) with the foot's imprint as a cavity opening upward: the
 * cavity's floor is the plantar surface (soleHeight, the foot's own frame translated: heel and ball
 * deepest, `depthMm` below the foam top), rising with the edge roll into walls that are vertical at
 * the outline up to the foam top. Where the sole near the medial border rises above the foam top (a
 * high arch), the opening follows the contour soleHeight = depth instead of the outline.
 * @throws RangeError when the box does not hold the foot, or the arch is higher than the depth away from the border.
 */
export function impressionMesh(opts: ImpressionOptions = {}): Impression {
  const foot = footModel(opts);
  const d = opts.depthMm ?? IMPRESSION_DEFAULTS.depthMm;
  const h = opts.edgeMm ?? IMPRESSION_DEFAULTS.edgeMm;
  const fl = foot.footLengthMm;
  const box: [number, number, number] = opts.boxMm ? [opts.boxMm[0], opts.boxMm[1], opts.boxMm[2]] : [Math.max(320, fl + 50), Math.max(140, Math.ceil(foot.ballWidthMm + 35)), IMPRESSION_DEFAULTS.boxHeightMm];
  const [bx, by, bz] = box;
  if (!(h >= 0.5 && h <= 5)) throw new RangeError(`edgeMm must be within [0.5, 5], got ${h}`);
  if (!(d > 5 && d < bz - 10)) throw new RangeError(`depthMm must be within (5, box height − 10), got ${d}`);
  const t = foot.tables;
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < foot.outline.length; i += 2) {
    minY = Math.min(minY, foot.outline[i]!);
    maxY = Math.max(maxY, foot.outline[i]!);
  }
  const ox = (bx - fl) / 2, oy = by / 2 - (minY + maxY) / 2, oz = bz - d;
  if (!(ox >= 10 && by - (maxY - minY) >= 20)) throw new RangeError(`boxMm ${box.join('×')} does not hold the foot with 10 mm around it`);
  const footToMesh = mat4Translate(ox, oy, oz);
  const meshToFoot = mat4Translate(-ox, -oy, -oz);

  // Cavity columns, in the foot frame: sole roll, then the wall to the foam top or, where the sole
  // rises above it first, the contour soleHeight = d.
  const cols = outlineColumns(foot, h);
  const n = cols.n;
  const near = new Float64Array(3);
  const profiles: Profile[] = [];
  for (let i = 0; i < n; i++) {
    const px = cols.xy[2 * i]!, py = cols.xy[2 * i + 1]!, nx = cols.normal[2 * i]!, ny = cols.normal[2 * i + 1]!;
    near[1] = cols.at[3 * i + 1]!;
    near[2] = cols.at[3 * i + 2]!;
    const r = lerpAt(t.rollR, near);
    const p: Profile = { e: [], z: [], part: [], h: [] };
    const zAt = (e: number) => soleHeight(px + nx * e, py + ny * e, foot);
    if (!(zAt(r) < d - 1)) throw new RangeError(`depthMm ${d} is too shallow: the sole is ${zAt(r).toFixed(1)} mm high ${r.toFixed(1)} mm inside the outline at (${px.toFixed(0)}, ${py.toFixed(0)})`);
    let crossed = false;
    for (let k = 0; k <= DENSE && !crossed; k++) {
      let e = k === DENSE ? 0 : denseRollE(r, k);
      let z = zAt(e);
      if (z >= d) {
        // bisect between the previous sample (below d) and this one
        let lo = p.e[p.e.length - 1]!, hi = e;
        for (let it = 0; it < 60; it++) {
          const mid = 0.5 * (lo + hi);
          if (zAt(mid) < d) lo = mid; else hi = mid;
        }
        e = 0.5 * (lo + hi);
        z = d;
        crossed = true;
      }
      p.e.push(e);
      p.z.push(z);
      p.part.push(PART_SOLE);
      p.h.push(h);
    }
    if (!crossed) {
      p.e.push(0);
      p.z.push(d);
      p.part.push(PART_WALL);
      p.h.push(h);
    }
    profiles.push(p);
  }
  const band = columnBand(cols, profiles, (_part, x, y) => soleHeight(x, y, foot));
  const floorRing = bandRing(band, false);
  const inside = (x: number, y: number) => y > chainY(t.lowX, t.lowY, x) && y < chainY(t.upX, t.upY, x);
  const { lat: floorLat, fine: floorFine } = plantarLattice(foot, h);
  const floorTri = fillRegion(floorRing, null, floorLat, floorFine);

  // Box faces, in the mesh frame: the rectangle's border every ≈ hb mm, shared by top, sides and bottom.
  const hb = Math.max(6, 3 * h);
  const nbx = Math.max(2, Math.round(bx / hb)), nby = Math.max(2, Math.round(by / hb));
  const nRect = 2 * (nbx + nby);
  const rect = new Float64Array(2 * nRect);
  for (let k = 0; k < nRect; k++) {
    let x: number, y: number;
    if (k < nbx) [x, y] = [(bx * k) / nbx, 0];
    else if (k < nbx + nby) [x, y] = [bx, (by * (k - nbx)) / nby];
    else if (k < 2 * nbx + nby) [x, y] = [bx - (bx * (k - nbx - nby)) / nbx, by];
    else [x, y] = [0, by - (by * (k - 2 * nbx - nby)) / nby];
    rect[2 * k] = x;
    rect[2 * k + 1] = y;
  }
  const holeRing = bandRing(band, true);
  for (let i = 0; i < n; i++) {
    holeRing[2 * i] = holeRing[2 * i]! + ox;
    holeRing[2 * i + 1] = holeRing[2 * i + 1]! + oy;
  }
  const topLat = lattice(0.5 * hb, 0.5 * hb, bx - 0.5 * hb, by - 0.5 * hb, hb, (x, y) => {
    const fx = x - ox, fy = y - oy;
    if (inside(fx, fy)) return false;
    nearestOnOutline(t, foot.outline, fx, fy, near);
    return near[0]! >= 0.5 * hb;
  });
  const bottomLat = lattice(0.5 * hb, 0.5 * hb, bx - 0.5 * hb, by - 0.5 * hb, hb, () => true);
  const topTri = fillRegion(rect, holeRing, topLat);
  const bottomTri = fillRegion(rect, null, bottomLat);

  // Assemble: [cavity columns][cavity floor lattice][top rect ring][top lattice][bottom rect ring][bottom lattice].
  const nFloorCoarse = floorLat.xy.length >> 1, nFloor = nFloorCoarse + (floorFine.length >> 1), nTop = topLat.xy.length >> 1, nBot = bottomLat.xy.length >> 1;
  const nBandV = band.start[n]!;
  const vFloor = nBandV, vTopRect = vFloor + nFloor, vTop = vTopRect + nRect, vBotRect = vTop + nTop, vBot = vBotRect + nRect, nv = vBot + nBot;
  const positions = new Float64Array(3 * nv);
  for (let v = 0; v < nBandV; v++) {
    positions[3 * v] = band.positions[3 * v]! + ox;
    positions[3 * v + 1] = band.positions[3 * v + 1]! + oy;
    positions[3 * v + 2] = band.positions[3 * v + 2]! + oz;
  }
  // The cavity's rim sits exactly on the foam top.
  for (let i = 0; i < n; i++) positions[3 * (band.start[i + 1]! - 1) + 2] = bz;
  const put = (v: number, x: number, y: number, z: number) => {
    positions[3 * v] = x;
    positions[3 * v + 1] = y;
    positions[3 * v + 2] = z;
  };
  for (let k = 0; k < nFloor; k++) {
    const src = k < nFloorCoarse ? floorLat.xy : floorFine, q = k < nFloorCoarse ? k : k - nFloorCoarse;
    put(vFloor + k, src[2 * q]! + ox, src[2 * q + 1]! + oy, oz + soleHeight(src[2 * q]!, src[2 * q + 1]!, foot));
  }
  for (let k = 0; k < nRect; k++) {
    put(vTopRect + k, rect[2 * k]!, rect[2 * k + 1]!, bz);
    put(vBotRect + k, rect[2 * k]!, rect[2 * k + 1]!, 0);
  }
  for (let k = 0; k < nTop; k++) put(vTop + k, topLat.xy[2 * k]!, topLat.xy[2 * k + 1]!, bz);
  for (let k = 0; k < nBot; k++) put(vBot + k, bottomLat.xy[2 * k]!, bottomLat.xy[2 * k + 1]!, 0);

  const nTri = bandTriangleCount(band) + floorTri.length / 3 + topTri.length / 3 + 2 * nRect + bottomTri.length / 3;
  const indices = new Uint32Array(3 * nTri);
  // Cavity walls face into the cavity (out of the foam): reversed relative to the scan's columns.
  let c = zipBand(band, 0, indices, 0, true);
  const floorIdx = (l: number) => (l < n ? band.start[l]! : vFloor + l - n);
  for (let k = 0; k < floorTri.length; k++) indices[c++] = floorIdx(floorTri[k]!); // faces up
  const topIdx = (l: number) => (l < nRect ? vTopRect + l : l < nRect + n ? band.start[l - nRect + 1]! - 1 : vTop + l - nRect - n);
  for (let k = 0; k < topTri.length; k++) indices[c++] = topIdx(topTri[k]!);
  for (let k = 0; k < nRect; k++) {
    const k1 = (k + 1) % nRect;
    const b0 = vBotRect + k, b1 = vBotRect + k1, t0 = vTopRect + k, t1 = vTopRect + k1;
    indices[c++] = b0; indices[c++] = b1; indices[c++] = t1;
    indices[c++] = b0; indices[c++] = t1; indices[c++] = t0;
  }
  const botIdx = (l: number) => (l < nRect ? vBotRect + l : vBot + l - nRect);
  for (let k = 0; k < bottomTri.length; k += 3) {
    indices[c++] = botIdx(bottomTri[k]!);
    indices[c++] = botIdx(bottomTri[k + 2]!);
    indices[c++] = botIdx(bottomTri[k + 1]!);
  }
  let mesh: SynthMesh = { positions, indices };
  const noise = opts.noiseMm ?? IMPRESSION_DEFAULTS.noiseMm;
  if (noise > 0) {
    const random = rng(opts.seed ?? IMPRESSION_DEFAULTS.seed);
    const nrm = vertexNormals(mesh);
    const p = positions.slice();
    for (let v = 0; v < nv; v++) {
      const dd = (2 * random() - 1) * noise;
      p[3 * v] = p[3 * v]! + nrm[3 * v]! * dd;
      p[3 * v + 1] = p[3 * v + 1]! + nrm[3 * v + 1]! * dd;
      p[3 * v + 2] = p[3 * v + 2]! + nrm[3 * v + 2]! * dd;
    }
    mesh = { positions: p, indices };
  }
  return { mesh, foot, boxMm: box, depthMm: d, footToMesh, meshToFoot };
}

// ---------------------------------------------------------------------------------------------
// Frames, units and 4×4 matrices
// ---------------------------------------------------------------------------------------------

export function mat4Identity(): Mat4 {
  return Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
}

export function mat4Translate(x: number, y: number, z: number): Mat4 {
  return Float64Array.from([1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z, 0, 0, 0, 1]);
}

export function mat4Scale(s: number): Mat4 {
  return Float64Array.from([s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, 0, 0, 0, 1]);
}

/** Rotation by `deg` degrees about the x, y or z axis (right-handed, counter-clockwise looking down the axis). */
export function mat4Rotate(axis: 'x' | 'y' | 'z', deg: number): Mat4 {
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  if (axis === 'x') return Float64Array.from([1, 0, 0, 0, 0, c, -s, 0, 0, s, c, 0, 0, 0, 0, 1]);
  if (axis === 'y') return Float64Array.from([c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 0, 0, 0, 0, 1]);
  return Float64Array.from([c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
}

/** a·b (apply b first). */
export function mat4Multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[4 * r + k]! * b[4 * k + c]!;
    out[4 * r + c] = s;
  }
  return out;
}

/** Product of several matrices, left to right (the last applies first). */
export function mat4Chain(...ms: Mat4[]): Mat4 {
  return ms.reduce((acc, m) => mat4Multiply(acc, m), mat4Identity());
}

/** Inverse of an affine 4×4 (last row 0 0 0 1). @throws RangeError when singular. */
export function mat4Invert(m: Mat4): Mat4 {
  const [a, b, c, d, e, f, g, hh, i, j, k, l] = [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!, m[9]!, m[10]!, m[11]!];
  const A = f * k - g * j, B = g * i - e * k, Cc = e * j - f * i;
  const det = a * A + b * B + c * Cc;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) throw new RangeError('singular matrix');
  const inv = [
    A / det, (c * j - b * k) / det, (b * g - c * f) / det,
    B / det, (a * k - c * i) / det, (c * e - a * g) / det,
    Cc / det, (b * i - a * j) / det, (a * f - b * e) / det,
  ];
  const tx = -(inv[0]! * d + inv[1]! * hh + inv[2]! * l);
  const ty = -(inv[3]! * d + inv[4]! * hh + inv[5]! * l);
  const tz = -(inv[6]! * d + inv[7]! * hh + inv[8]! * l);
  return Float64Array.from([inv[0]!, inv[1]!, inv[2]!, tx, inv[3]!, inv[4]!, inv[5]!, ty, inv[6]!, inv[7]!, inv[8]!, tz, 0, 0, 0, 1]);
}

/** Applies `m` to a point. */
export function mat4Apply(m: Mat4, x: number, y: number, z: number): [number, number, number] {
  return [m[0]! * x + m[1]! * y + m[2]! * z + m[3]!, m[4]! * x + m[5]! * y + m[6]! * z + m[7]!, m[8]! * x + m[9]! * y + m[10]! * z + m[11]!];
}

/** A new mesh with every vertex mapped by `m` (affine); the winding is reversed when `m` mirrors, so it stays CCW outward. */
export function transformMesh(mesh: SynthMesh, m: Mat4): SynthMesh {
  const p = mesh.positions;
  const out = new Float64Array(p.length);
  for (let v = 0; v < p.length; v += 3) {
    const x = p[v]!, y = p[v + 1]!, z = p[v + 2]!;
    out[v] = m[0]! * x + m[1]! * y + m[2]! * z + m[3]!;
    out[v + 1] = m[4]! * x + m[5]! * y + m[6]! * z + m[7]!;
    out[v + 2] = m[8]! * x + m[9]! * y + m[10]! * z + m[11]!;
  }
  const det = m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
  let indices = mesh.indices.slice();
  if (det < 0) {
    for (let t = 0; t < indices.length; t += 3) {
      const b = indices[t + 1]!;
      indices[t + 1] = indices[t + 2]!;
      indices[t + 2] = b;
    }
  }
  return { positions: out, indices };
}

/** How a file holds the scan: which axis is up, its unit, and how the foot sits in it. */
export interface FileFrame {
  /** Vertical axis of the file: 'z' (foot frame as is) or 'y' (x, y, z) → (x, z, −y). Default 'z'. */
  up?: 'z' | 'y';
  /** Unit of the file's numbers. Default 'mm'. */
  unit?: 'mm' | 'm' | 'in';
  /** Tilt about the foot's x axis then its y axis, degrees (the plate not level). Default [0, 0]. */
  tiltDeg?: readonly [number, number];
  /** Rotation about the vertical, degrees, after the tilt. Default 0. */
  yawDeg?: number;
  /** Translation after the rotations, mm, in the Z-up world. Default [0, 0, 0]. */
  offsetMm?: readonly [number, number, number];
}

export const UNIT_SCALE = { mm: 1, m: 0.001, in: 1 / 25.4 } as const;

/**
 * The matrices between the foot frame (mm, Z up) and a file's frame: file = U·A·T·Rz(yaw)·Ry(tiltY)·Rx(tiltX)·foot,
 * U the unit scale, A the axis swap for Y-up. The inverse is composed from the exact inverses of the
 * factors (transposed rotations, the reciprocal scale), not by numerical inversion.
 */
export function fileFrameMatrices(frame: FileFrame = {}): { footToFile: Mat4; fileToFoot: Mat4 } {
  const [tx, ty] = frame.tiltDeg ?? [0, 0];
  const yaw = frame.yawDeg ?? 0;
  const [ox, oy, oz] = frame.offsetMm ?? [0, 0, 0];
  const unit = frame.unit ?? 'mm';
  const s = UNIT_SCALE[unit];
  const inverseScale = unit === 'mm' ? 1 : unit === 'm' ? 1000 : 25.4;
  const yUp = (frame.up ?? 'z') === 'y';
  const axis = yUp ? Float64Array.from([1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1]) : mat4Identity();
  const axisT = yUp ? Float64Array.from([1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1]) : mat4Identity();
  const footToFile = mat4Chain(mat4Scale(s), axis, mat4Translate(ox, oy, oz), mat4Rotate('z', yaw), mat4Rotate('y', ty), mat4Rotate('x', tx));
  const fileToFoot = mat4Chain(mat4Rotate('x', -tx), mat4Rotate('y', -ty), mat4Rotate('z', -yaw), mat4Translate(-ox, -oy, -oz), axisT, mat4Scale(inverseScale));
  return { footToFile, fileToFoot };
}

/**
 * Puts a mesh given in the foot frame (or any mm, Z-up frame) into a file's frame.
 * @returns the mesh in the file's frame and the matrices both ways (`fileToFoot` is what an intake's alignment should report).
 */
export function placeMesh(mesh: SynthMesh, frame: FileFrame = {}): { mesh: SynthMesh; footToFile: Mat4; fileToFoot: Mat4 } {
  const { footToFile, fileToFoot } = fileFrameMatrices(frame);
  return { mesh: transformMesh(mesh, footToFile), footToFile, fileToFoot };
}

// ---------------------------------------------------------------------------------------------
// Oracle: the mesh seen from below or above
// ---------------------------------------------------------------------------------------------

/**
 * The lowest (or highest) z of the mesh's triangles above each query point (xy pairs), NaN where no
 * triangle covers it; vertical triangles are ignored. A brute-force oracle with a bucket grid.
 */
export function envelopeZ(mesh: SynthMesh, xy: Float64Array, mode: 'lower' | 'upper' = 'lower'): Float64Array {
  const p = mesh.positions, ix = mesh.indices;
  const nt = ix.length / 3;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let v = 0; v < p.length; v += 3) {
    minX = Math.min(minX, p[v]!); maxX = Math.max(maxX, p[v]!);
    minY = Math.min(minY, p[v + 1]!); maxY = Math.max(maxY, p[v + 1]!);
  }
  const cell = 5;
  const nx = Math.ceil((maxX - minX) / cell) + 1, ny = Math.ceil((maxY - minY) / cell) + 1;
  const lists: number[][] = Array.from({ length: nx * ny }, () => []);
  for (let t = 0; t < nt; t++) {
    const a = 3 * ix[3 * t]!, b = 3 * ix[3 * t + 1]!, c = 3 * ix[3 * t + 2]!;
    const x0 = Math.floor((Math.min(p[a]!, p[b]!, p[c]!) - minX) / cell), x1 = Math.floor((Math.max(p[a]!, p[b]!, p[c]!) - minX) / cell);
    const y0 = Math.floor((Math.min(p[a + 1]!, p[b + 1]!, p[c + 1]!) - minY) / cell), y1 = Math.floor((Math.max(p[a + 1]!, p[b + 1]!, p[c + 1]!) - minY) / cell);
    for (let j = y0; j <= y1; j++) for (let i = x0; i <= x1; i++) lists[j * nx + i]!.push(t);
  }
  const out = new Float64Array(xy.length / 2).fill(NaN);
  for (let q = 0; q < out.length; q++) {
    const x = xy[2 * q]!, y = xy[2 * q + 1]!;
    const i = Math.floor((x - minX) / cell), j = Math.floor((y - minY) / cell);
    if (i < 0 || j < 0 || i >= nx || j >= ny) continue;
    let best = NaN;
    for (const t of lists[j * nx + i]!) {
      const a = 3 * ix[3 * t]!, b = 3 * ix[3 * t + 1]!, c = 3 * ix[3 * t + 2]!;
      const d = (p[b + 1]! - p[c + 1]!) * (p[a]! - p[c]!) + (p[c]! - p[b]!) * (p[a + 1]! - p[c + 1]!);
      if (Math.abs(d) < 1e-12) continue;
      const l1 = ((p[b + 1]! - p[c + 1]!) * (x - p[c]!) + (p[c]! - p[b]!) * (y - p[c + 1]!)) / d;
      const l2 = ((p[c + 1]! - p[a + 1]!) * (x - p[c]!) + (p[a]! - p[c]!) * (y - p[c + 1]!)) / d;
      const l3 = 1 - l1 - l2;
      const eps = -1e-9;
      if (l1 < eps || l2 < eps || l3 < eps) continue;
      const z = l1 * p[a + 2]! + l2 * p[b + 2]! + l3 * p[c + 2]!;
      if (Number.isNaN(best) || (mode === 'lower' ? z < best : z > best)) best = z;
    }
    out[q] = best;
  }
  return out;
}
