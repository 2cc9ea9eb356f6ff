import { GeometryError } from '../../errors.js';
import type { ResolvedPrescription } from '../../scan/types.js';
import { mthLineX, mthX, TRIM_RULES, type FootLandmarks, type MthLine } from '../landmarks/index.js';
import { radians, smootherstep } from '../math/index.js';
import { sampleProfile, type EdgeProfile } from './edgeProfile.js';

/**
 * Where each prescription modification sits and how it is shaped, as fractions of foot length
 * (FL) or of the width across the foot (0 at the medial edge, 1 at the lateral edge) unless
 * stated. Sources: ORTHOTICS.md (landmarks, typical sizes) and lab practice; they are design
 * constants, not clinical limits (those are in the limits profile).
 */
export const MODIFICATION_RULES = {
  /** Forefoot post: rises from here to full tilt (× FL), before MTH5 (≈ 0.625 FL). */
  forefootPostRamp: [0.5, 0.6] as const,
  /** A sulcus-length forefoot post blends out over this much of FL beyond the sulcus line. */
  forefootPostFade: 0.05,
  /** Heel lift: full height up to here (× FL), tapered to nothing at the ball. */
  heelLiftFullUntil: 0.25,
  /** Skive: a varus ramp at least this wide (mm), ending where the heel-cup wall begins. */
  skiveMinRampMm: 8,
  /** Metatarsal pad centre across the foot: between MTH2 (≈ 0.25) and MTH3 (≈ 0.45). */
  metPadAcross: 0.35,
  /** Metatarsal bar: distal rounding and plateau lengths, mm. */
  metBarRoundMm: 5,
  metBarPlateauMm: 8,
  /** Plantar-fascia groove: from the medial calcaneal tubercle to the first ray. */
  grooveFrom: { x: 0.15, acrossHeel: 0.15 },
  grooveTo: { x: 0.6, across: 0.22 },
  /** Heel-spur relief centre: the plantar calcaneal tubercle (× FL; medial of the heel centre × heel width). */
  spurRelief: { x: 0.16, medialOfHeelCentre: 0.1 },
  /** The first ray (MTH1, hallux) is the medial part of the forefoot up to here across. */
  firstRayAcross: 0.28,
  /** Across-the-foot blend width of platforms and cut-outs, mm. */
  acrossBlendMm: 6,
  /** Platforms (Morton's) start this far behind the MTH line and rise over `platformRampMm`. */
  platformStartBehindMthMm: 12,
  platformRampMm: 10,
  /** First-ray cut-out: ± this far along x around MTH1, mm. */
  firstRayHalfLengthMm: 18,
  /** Bunion / bunionette relief: reaches this far in from the edge, and ± this far along x, mm. */
  edgeReliefReachMm: 10,
  edgeReliefHalfLengthMm: 16,
  /** Flanges: windows along the foot (× FL) where they rise, hold and fall. */
  medialFlange: [0.16, 0.26, 0.54, 0.66] as const,
  lateralFlange: [0.16, 0.26, 0.48, 0.6] as const,
} as const;

/** A height added to (or, negative, removed from) the top surface only: the underside does not follow. */
export type Feature =
  | { kind: 'dome'; x0: number; x1: number; y0: number; y1: number; xc: number; yc: number; ax: number; ay: number; height: number }
  | { kind: 'bar'; x0: number; x1: number; height: number; behind: number; bevel: number }
  | { kind: 'platform'; x0: number; x1: number; height: number; lateral: boolean; endFade: number }
  | { kind: 'groove'; x0: number; x1: number; y0: number; y1: number; ax: number; ay: number; bx: number; by: number; half: number; depth: number }
  | { kind: 'round'; x0: number; x1: number; y0: number; y1: number; xc: number; yc: number; r: number; depth: number }
  | { kind: 'firstRay'; x0: number; x1: number; xc: number; depth: number }
  | { kind: 'edge'; x0: number; x1: number; xc: number; lateral: boolean; depth: number };

/** Every field of every feature kind after `kind`, in one order (also the WebAssembly record's: surfaceParameters.ts). */
export const FEATURE_FIELDS = ['x0', 'x1', 'y0', 'y1', 'xc', 'yc', 'ax', 'ay', 'bx', 'by', 'height', 'depth', 'behind', 'bevel', 'half', 'r', 'lateral', 'endFade'] as const;

/**
 * The feature with every field of every kind, in one order: all features then share one hidden
 * class, so the per-vertex loop in featureHeight reads them monomorphically (measured, m271 with
 * every modification at 1 mm: kernel 22.4 -> 14.7 ms median, with `across` sampled once a vertex).
 */
function uniformShape(f: Feature): Feature {
  const shape: Record<string, unknown> = { kind: f.kind };
  for (const name of FEATURE_FIELDS) shape[name] = name === 'lateral' ? false : 0;
  return Object.assign(shape, f) as Feature;
}

/** Modifications of the top surface beyond the foundation's post, arch and cup. */
export interface Modifications {
  /** Foot length, mm. */
  fl: number;
  forefootPost: { tanAngle: number; upSign: 1 | -1; ref: number; x0: number; x1: number; fade0: number; fade1: number } | null;
  skive: { depth: number; hy: number; medialSign: 1 | -1; u0: number; u1: number; x0: number; x1: number } | null;
  lift: { height: number; x0: number; x1: number } | null;
  /** Flange heights (mm) along the medial and lateral edges. */
  flanges: { medial: number; lateral: number };
  features: Feature[];
  /** `filled`: the underside is the floor everywhere. */
  filled: boolean;
  /** Deepest recess below the base surface, mm. */
  maxRecessMm: number;
  /** Discs (x, y, r) where the top is recessed near the heel seat: seat measurements skip them. */
  seatExclusions: Array<[number, number, number]>;
}

/**
 * Across-the-foot coordinate at (x, y): 0 at the medial edge, 1 at the lateral edge.
 * @param width the device's width at x, when the caller has sampled it already.
 */
export function across(edge: EdgeProfile, medialSign: 1 | -1, x: number, y: number, width = sampleProfile(edge, edge.width, x)): number {
  return (medialSign * (sampleProfile(edge, edge.medialY, x) - y)) / width;
}

/** Height the forefoot post adds at (x, y), mm. */
export function forefootTilt(m: Modifications, x: number, y: number): number {
  const f = m.forefootPost;
  if (!f || x <= f.x0 || x >= f.fade1) return 0;
  return f.tanAngle * (f.upSign * y - f.ref) * forefootBlend(m, x);
}

/** Fraction of the forefoot post present at x. */
export function forefootBlend(m: Modifications, x: number): number {
  const f = m.forefootPost;
  if (!f) return 0;
  return smootherstep(f.x0, f.x1, x) * (1 - smootherstep(f.fade0, f.fade1, x));
}

/** Height the skive adds at (x, y), mm. */
export function skiveRise(m: Modifications, x: number, y: number): number {
  const s = m.skive;
  if (!s || x >= s.x1) return 0;
  const u = s.medialSign * (y - s.hy);
  if (u <= s.u0) return 0;
  return s.depth * smootherstep(s.u0, s.u1, u) * (1 - smootherstep(s.x0, s.x1, x));
}

/** Fraction of the heel lift present at x. */
export function liftBlend(m: Modifications, x: number): number {
  return m.lift ? 1 - smootherstep(m.lift.x0, m.lift.x1, x) : 0;
}

/** Flange height at x on the given side, mm. */
export function flangeHeight(m: Modifications, x: number, lateral: boolean): number {
  const h = lateral ? m.flanges.lateral : m.flanges.medial;
  if (h <= 0) return 0;
  const [a, b, c, d] = lateral ? MODIFICATION_RULES.lateralFlange : MODIFICATION_RULES.medialFlange;
  return h * smootherstep(a * m.fl, b * m.fl, x) * (1 - smootherstep(c * m.fl, d * m.fl, x));
}

/**
 * Height of the top-only features at (x, y), `d` mm inside the outline (d < 0: far from it): the
 * highest addition plus the deepest recess (overlapping pads do not stack, nor do reliefs dig deeper
 * together than the deepest alone).
 */
export function featureHeight(m: Modifications, edge: EdgeProfile, medialSign: 1 | -1, mth: MthLine, x: number, y: number, d: number): number {
  let up = 0, down = 0;
  // Where across the device (0 medial, 1 lateral) and how wide it is at x: sampled once, when first
  // needed (inline, not in closures: two closures a vertex were ~7% of the every-modification kernel).
  let sAcross = NaN, width = NaN;
  for (const f of m.features) {
    let z = 0;
    if (x <= f.x0 || x >= f.x1) continue;
    switch (f.kind) {
      case 'dome': {
        if (y <= f.y0 || y >= f.y1) break;
        const u = (x - f.xc) / f.ax, v = (y - f.yc) / f.ay;
        const r = Math.sqrt(u * u + v * v);
        if (r < 1) z += f.height * (1 - smootherstep(0, 1, r));
        break;
      }
      case 'bar': {
        const u = mthX(mth, y) - f.behind - x; // mm behind the bar's distal edge
        const { metBarRoundMm: rd, metBarPlateauMm: pl } = MODIFICATION_RULES;
        if (u <= 0 || u >= rd + pl + f.bevel) break;
        z += f.height * (u < rd ? smootherstep(0, rd, u) : 1 - smootherstep(rd + pl, rd + pl + f.bevel, u));
        break;
      }
      case 'platform': {
        const u = x - (mthX(mth, y) - MODIFICATION_RULES.platformStartBehindMthMm);
        if (u <= 0) break;
        if (Number.isNaN(width)) { width = sampleProfile(edge, edge.width, x); sAcross = across(edge, medialSign, x, y, width); }
        const s = sAcross, w = width;
        const b = MODIFICATION_RULES.acrossBlendMm / w;
        const split = MODIFICATION_RULES.firstRayAcross;
        const side = f.lateral ? smootherstep(split - b / 2, split + b / 2, s) : 1 - smootherstep(split - b / 2, split + b / 2, s);
        z += f.height * side * smootherstep(0, MODIFICATION_RULES.platformRampMm, u) * (1 - smootherstep(f.endFade, f.x1, x));
        break;
      }
      case 'groove': {
        if (y <= f.y0 || y >= f.y1) break;
        const vx = f.bx - f.ax, vy = f.by - f.ay;
        const len2 = vx * vx + vy * vy;
        const t = Math.min(1, Math.max(0, ((x - f.ax) * vx + (y - f.ay) * vy) / len2));
        const dist = Math.hypot(x - (f.ax + t * vx), y - (f.ay + t * vy));
        if (dist >= f.half) break;
        const ends = smootherstep(0, 0.15, t) * (1 - smootherstep(0.85, 1, t));
        z -= f.depth * (1 - smootherstep(0, f.half, dist)) * ends;
        break;
      }
      case 'round': {
        if (y <= f.y0 || y >= f.y1) break;
        const r = Math.hypot(x - f.xc, y - f.yc);
        if (r < f.r) z -= f.depth * (1 - smootherstep(0.4 * f.r, f.r, r));
        break;
      }
      case 'firstRay': {
        if (Number.isNaN(width)) { width = sampleProfile(edge, edge.width, x); sAcross = across(edge, medialSign, x, y, width); }
        const s = sAcross, w = width;
        const b = MODIFICATION_RULES.acrossBlendMm / w;
        const split = MODIFICATION_RULES.firstRayAcross;
        const side = 1 - smootherstep(split - b, split, s);
        const half = MODIFICATION_RULES.firstRayHalfLengthMm;
        z -= f.depth * side * (1 - smootherstep(0.5 * half, half, Math.abs(x - f.xc)));
        break;
      }
      case 'edge': {
        const reach = MODIFICATION_RULES.edgeReliefReachMm;
        if (d < 0 || d >= reach) break;
        if (Number.isNaN(width)) { width = sampleProfile(edge, edge.width, x); sAcross = across(edge, medialSign, x, y, width); }
        const s = sAcross;
        if (f.lateral ? s < 0.5 : s > 0.5) break;
        const half = MODIFICATION_RULES.edgeReliefHalfLengthMm;
        z -= f.depth * (1 - smootherstep(0, reach, d)) * (1 - smootherstep(0.4 * half, half, Math.abs(x - f.xc)));
        break;
      }
    }
    if (z > up) up = z;
    else if (z < down) down = z;
  }
  return up + down;
}

/** Distance from the outline within which the features and flanges need the exact distance at x, mm. */
export function modificationReach(m: Modifications, x: number): number {
  let r = 0;
  for (const f of m.features) if (f.kind === 'edge' && x > f.x0 && x < f.x1) r = MODIFICATION_RULES.edgeReliefReachMm;
  return r;
}

/**
 * Lays out the modifications of a prescription on a device outline.
 *
 * @param xy device outline (aligned, trimmed), CCW, foot frame, mm.
 * @param xMax the device's distal end, mm.
 * @param edge the outline's medial edge and width along x.
 * @param postFade where the rearfoot post starts to fade and is gone (mm from the heel): the skive fades with it.
 * @throws GeometryError when a modification does not fit this device.
 */
export function designModifications(xy: Float64Array, lm: FootLandmarks, rx: ResolvedPrescription, edge: EdgeProfile, xMax: number, cupWallWidth: number, postFade: readonly [number, number]): Modifications {
  const fl = lm.footLengthMm;
  const R = MODIFICATION_RULES;
  const ms = lm.medialSign;
  const mth = mthLineX(lm);
  const ballW = Math.abs(lm.ballMedialY - lm.ballLateralY);
  const yAcross = (s: number) => lm.ballMedialY - ms * s * ballW;
  const features: Feature[] = [];
  const seatExclusions: Array<[number, number, number]> = [];
  const [hx, hy] = lm.heelCentre;

  let forefootPost: Modifications['forefootPost'] = null;
  if (rx.forefootPost && (rx.length === 'three-quarter' || (rx.forefootPost.extent === 'full' && rx.length !== 'full'))) {
    throw new GeometryError([{
      pointer: '/prescription/forefootPost',
      rule: `runs under the forefoot to the ${rx.forefootPost.extent === 'full' ? "device's end, so it needs a full-length device" : 'sulcus, so it needs a sulcus or full-length device'}, not ${rx.length}`,
      value: rx.length,
    }]);
  }
  if (rx.forefootPost && rx.forefootPost.angle > 0) {
    const upSign = (rx.forefootPost.wedge === 'varus' ? ms : -ms) as 1 | -1;
    const x0 = R.forefootPostRamp[0] * fl, x1 = R.forefootPostRamp[1] * fl;
    const sulcus = lm.ballX + TRIM_RULES.sulcusBeyondMth * fl;
    // A full-length post fades past the device's end: never, on the device.
    const [fade0, fade1] = rx.forefootPost.extent === 'full' ? [xMax + 1, xMax + 2] : [sulcus, sulcus + R.forefootPostFade * fl];
    let ref = Infinity;
    for (let i = 0; i < xy.length; i += 2) if (xy[i]! > x0 && xy[i]! < fade1) ref = Math.min(ref, upSign * xy[i + 1]!);
    forefootPost = { tanAngle: Math.tan(radians(rx.forefootPost.angle)), upSign, ref, x0, x1, fade0, fade1 };
  }

  let skive: Modifications['skive'] = null;
  if (rx.medialHeelSkive) {
    const u1 = lm.heelWidthMm / 2 - cupWallWidth;
    const ramp = Math.max(R.skiveMinRampMm, rx.medialHeelSkive.depth / Math.tan(radians(rx.medialHeelSkive.angle)));
    if (u1 - ramp < 0.15 * lm.heelWidthMm) {
      throw new GeometryError([{ pointer: '/prescription/medialHeelSkive', rule: `a ${rx.medialHeelSkive.depth} mm skive at ${rx.medialHeelSkive.angle}° needs a ${ramp.toFixed(1)} mm ramp, wider than this heel seat allows: use a steeper angle or a shallower skive`, value: rx.medialHeelSkive.depth }]);
    }
    skive = { depth: rx.medialHeelSkive.depth, hy, medialSign: ms, u0: u1 - ramp, u1, x0: postFade[0], x1: postFade[1] };
  }

  const lift = rx.heelLift > 0 ? { height: rx.heelLift, x0: R.heelLiftFullUntil * fl, x1: lm.ballX } : null;

  if (rx.metatarsalPad) {
    const p = rx.metatarsalPad;
    const yc = yAcross(R.metPadAcross);
    const xDistal = mth(yc) - p.behindMth;
    const ax = p.length / 2, ay = p.width / 2;
    features.push({ kind: 'dome', xc: xDistal - ax, yc, ax, ay, height: p.height, x0: xDistal - 2 * ax, x1: xDistal, y0: yc - ay, y1: yc + ay });
  }
  if (rx.metatarsalBar) {
    const b = rx.metatarsalBar;
    const xs: number[] = [];
    for (let i = 0; i <= 20; i++) xs.push(mth(yAcross(i / 20)));
    features.push({ kind: 'bar', height: b.height, behind: b.behindMth, bevel: b.bevel, x0: Math.min(...xs) - b.behindMth - R.metBarRoundMm - R.metBarPlateauMm - b.bevel - 1, x1: Math.max(...xs) - b.behindMth + 1 });
  }
  for (const [key, lateral] of [['mortonsExtension', false], ['reverseMortonsExtension', true]] as const) {
    const p = rx[key];
    if (!p) continue;
    if (rx.length === 'three-quarter') {
      throw new GeometryError([{ pointer: `/prescription/${key}`, rule: 'runs under the toes, so it needs a sulcus or full-length device, not three-quarter', value: rx.length }]);
    }
    const x0 = Math.min(mth(lm.ballMedialY), mth(lm.ballLateralY)) - R.platformStartBehindMthMm;
    features.push({ kind: 'platform', height: p.height, lateral, x0, x1: xMax + 1, endFade: xMax + 1 });
  }
  if (rx.plantarFasciaGroove) {
    const g = rx.plantarFasciaGroove;
    const ax = R.grooveFrom.x * fl, ay = hy + ms * R.grooveFrom.acrossHeel * lm.heelWidthMm;
    const bx = R.grooveTo.x * fl;
    const by = sampleProfile(edge, edge.medialY, bx) - ms * R.grooveTo.across * sampleProfile(edge, edge.width, bx);
    const half = g.width / 2;
    features.push({ kind: 'groove', ax, ay, bx, by, half, depth: g.depth, x0: Math.min(ax, bx) - half, x1: Math.max(ax, bx) + half, y0: Math.min(ay, by) - half, y1: Math.max(ay, by) + half });
    seatExclusions.push([ax, ay, half + 2], [ax + 0.1 * (bx - ax), ay + 0.1 * (by - ay), half + 2]);
  }
  if (rx.heelSpurRelief) {
    const s = rx.heelSpurRelief;
    const xc = R.spurRelief.x * fl, yc = hy + ms * R.spurRelief.medialOfHeelCentre * lm.heelWidthMm, r = s.diameter / 2;
    features.push({ kind: 'round', xc, yc, r, depth: s.depth, x0: xc - r, x1: xc + r, y0: yc - r, y1: yc + r });
    seatExclusions.push([xc, yc, r + 1]);
  }
  if (rx.firstRayCutout) {
    const half = R.firstRayHalfLengthMm;
    features.push({ kind: 'firstRay', xc: lm.ballX, depth: rx.firstRayCutout.depth, x0: lm.ballX - half, x1: lm.ballX + half });
  }
  for (const [key, lateral] of [['bunionRelief', false], ['bunionetteRelief', true]] as const) {
    const p = rx[key];
    if (!p) continue;
    const xc = lateral ? mth(lm.ballLateralY) : lm.ballX;
    const half = R.edgeReliefHalfLengthMm;
    features.push({ kind: 'edge', xc, lateral, depth: p.depth, x0: xc - half, x1: xc + half });
  }
  let maxRecessMm = 0;
  for (const f of features) if ('depth' in f) maxRecessMm = Math.max(maxRecessMm, f.depth);
  if (maxRecessMm > rx.shellThickness - 0.5) {
    throw new GeometryError([{ pointer: '/prescription/shellThickness', rule: `a ${maxRecessMm} mm recess needs a shell at least ${maxRecessMm + 0.5} mm thick`, value: rx.shellThickness }]);
  }
  return {
    fl,
    forefootPost,
    skive,
    lift,
    flanges: { medial: rx.medialFlange, lateral: rx.lateralFlange },
    features: features.map(uniformShape),
    filled: rx.construction === 'filled',
    maxRecessMm,
    seatExclusions,
  };
}
