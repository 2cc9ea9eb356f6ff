import { GeometryError } from '../../errors.js';
import type { ResolvedPrescription } from '../../scan/types.js';
import type { FootLandmarks } from '../landmarks/index.js';
import { radians, smootherstep } from '../math/index.js';
import { bounds } from '../outline/index.js';
import { edgeProfile, sampleProfile, type EdgeProfile } from './edgeProfile.js';
import { cupHeight, cupProfile, cupWidth, type CupProfile } from './heelCup.js';
import { mthLine, type MthLine } from '../landmarks/index.js';
import { across, designModifications, featureHeight, flangeHeight, forefootBlend, forefootTilt, liftBlend, skiveRise, type Modifications } from './modifications.js';

/**
 * Shape rules of the top (foot-contact) surface, as fractions of foot length (FL) unless stated.
 * Sources: ORTHOTICS.md (landmarks, cup flare) and lab practice; they are design constants, not
 * clinical limits.
 */
export const SURFACE_RULES = {
  /** Cup wall flare from vertical, degrees (ORTHOTICS.md: ~10°). */
  cupFlareDeg: 10,
  /** Cup fillet radius as a fraction of heel width, clamped to [4, 10] mm. */
  cupFilletOfHeelWidth: 0.14,
  /** Cup keeps its full height up to here, then tapers to nothing (× FL). */
  cupTaper: [0.22, 0.45] as const,
  /** Medial arch rises from here to the apex and falls to the end (× FL; ORTHOTICS.md 0.15–0.62). */
  archStart: 0.16,
  archEnd: 0.64,
  /** Across the foot (0 medial edge, 1 lateral edge): full arch height up to here ... */
  archPlateau: 0.12,
  /** ... falling to zero here, leaving the lateral column flat. */
  archLateralEnd: 0.75,
  /** Rearfoot post: full tilt up to here, blended out by here (× FL), toward the arch. */
  postFullUntil: 0.2,
  postGoneBy: 0.36,
} as const;

export interface TopSurface {
  thicknessMm: number;
  cup: CupProfile;
  cupTaper: [number, number];
  arch: {
    amplitude: number;
    xStart: number;
    xApex: number;
    xEnd: number;
    sPlateau: number;
    sEnd: number;
    medialSign: 1 | -1;
    edge: EdgeProfile;
  };
  post: { tanAngle: number; upSign: 1 | -1; ref: number; fullUntil: number; goneBy: number } | null;
  /** The arch apex landmark on the top surface, foot frame mm. */
  apex: [number, number];
  /** Forefoot post, skive, lift, flanges, pads, reliefs, construction. */
  mods: Modifications;
  /** The metatarsal-head line (x at y: mthX). */
  mthLine: MthLine;
}

/** Fraction of the rearfoot post (tilt and flat underside) present at x: 1 under the heel, 0 by the arch. */
export function postBlend(s: TopSurface, x: number): number {
  return s.post ? 1 - smootherstep(s.post.fullUntil, s.post.goneBy, x) : 0;
}

/** Height the rearfoot post adds at (x, y), mm. */
export function postTilt(s: TopSurface, x: number, y: number): number {
  const p = s.post;
  if (!p) return 0;
  const b = 1 - smootherstep(p.fullUntil, p.goneBy, x);
  return b === 0 ? 0 : p.tanAngle * (p.upSign * y - p.ref) * b;
}

/** The arch's shape factor at (x, y): 1 on the plateau at the apex, 0 off the arch. */
export function archFactor(s: TopSurface, x: number, y: number): number {
  const a = s.arch;
  if (x <= a.xStart || x >= a.xEnd) return 0;
  const fx = x <= a.xApex ? smootherstep(a.xStart, a.xApex, x) : 1 - smootherstep(a.xApex, a.xEnd, x);
  const med = sampleProfile(a.edge, a.edge.medialY, x);
  const w = sampleProfile(a.edge, a.edge.width, x);
  const across = (a.medialSign * (med - y)) / w;
  return fx * (1 - smootherstep(a.sPlateau, a.sEnd, across));
}

/** Height of the wall (heel cup, or a flange) at (x, y) for a point `d` mm inside the outline. */
export function cupAt(s: TopSurface, x: number, y: number, d: number): number {
  if (d < 0) return 0;
  const h = wallHeight(s, x, y);
  return h > 0 ? cupHeight(s.cup, d, h) : 0;
}

/** Rim height of the wall at (x, y): the tapered heel cup or a flange, whichever is higher, mm. */
export function wallHeight(s: TopSurface, x: number, y: number): number {
  const cup = x >= s.cupTaper[1] ? 0 : s.cup.height * (1 - smootherstep(s.cupTaper[0], s.cupTaper[1], x));
  const f = s.mods.flanges;
  if (f.medial <= 0 && f.lateral <= 0) return cup;
  const lateral = across(s.arch.edge, s.arch.medialSign, x, y) > 0.5;
  return Math.max(cup, flangeHeight(s.mods, x, lateral));
}

/** The highest wall rim anywhere across the device at x, mm. */
export function maxWallHeight(s: TopSurface, x: number): number {
  const cup = x >= s.cupTaper[1] ? 0 : s.cup.height * (1 - smootherstep(s.cupTaper[0], s.cupTaper[1], x));
  return Math.max(cup, flangeHeight(s.mods, x, false), flangeHeight(s.mods, x, true));
}

/** The wall profile at (x, y) (for wall sampling). */
export function cupProfileAt(s: TopSurface, x: number, y: number): CupProfile {
  return cupProfile(wallHeight(s, x, y), s.cup.filletR, s.cup.flareRad);
}

/** Height of the base surface without the arch and the walls: shell, posts, skive and lift, mm. */
function plinth(s: TopSurface, x: number, y: number): number {
  const m = s.mods;
  return s.thicknessMm + postTilt(s, x, y) + forefootTilt(m, x, y) + skiveRise(m, x, y) + (m.lift ? m.lift.height * liftBlend(m, x) : 0);
}

/**
 * Height of the base surface (what the shell follows) above the floor at (x, y), `d` mm inside the
 * outline (d < 0: unknown and far from the edge), mm.
 */
export function baseHeight(s: TopSurface, x: number, y: number, d: number): number {
  return plinth(s, x, y) + s.arch.amplitude * archFactor(s, x, y) + cupAt(s, x, y, d);
}

/** Height the top-only features (pads, bars, platforms, grooves, reliefs) add at (x, y), mm. */
export function featureAt(s: TopSurface, x: number, y: number, d: number): number {
  return s.mods.features.length ? featureHeight(s.mods, s.arch.edge, s.arch.medialSign, s.mthLine, x, y, d) : 0;
}

/** Height of the top (foot-contact) surface above the floor at (x, y), mm. */
export function topHeight(s: TopSurface, x: number, y: number, d: number): number {
  return baseHeight(s, x, y, d) + featureAt(s, x, y, d);
}

/** Fraction of the underside pushed down onto the floor at x: under posts and lifts, or everywhere when filled. */
export function floorBlend(s: TopSurface, x: number): number {
  const m = s.mods;
  if (m.filled) return 1;
  let b = postBlend(s, x);
  if (m.forefootPost) b = Math.max(b, forefootBlend(m, x));
  if (m.lift) b = Math.max(b, liftBlend(m, x));
  return b;
}

/**
 * Designs the top surface for a device outline and prescription.
 *
 * @param xy device outline (aligned, trimmed), CCW, foot frame, mm.
 * @throws GeometryError when the heel is too narrow for the cup or the arch would be negative.
 */
export function designTopSurface(xy: Float64Array, lm: FootLandmarks, rx: ResolvedPrescription): TopSurface {
  const fl = lm.footLengthMm;
  const r = SURFACE_RULES;
  const [, , xMax] = bounds(xy);
  const filletR = Math.min(10, Math.max(4, r.cupFilletOfHeelWidth * lm.heelWidthMm));
  // A top cover sits in the heel seat: the shell's cup is deeper by its thickness, so the foot keeps the prescribed cup.
  const cup = cupProfile(rx.heelCupDepth + rx.topCover, filletR, radians(r.cupFlareDeg));
  const wallW = cupWidth(cup);
  if (2 * wallW > 0.8 * lm.heelWidthMm) {
    throw new GeometryError([{
      pointer: '/prescription/heelCupDepth',
      rule: `a ${cup.height} mm heel cup needs walls ${wallW.toFixed(1)} mm wide each side, too wide for this ${lm.heelWidthMm.toFixed(1)} mm heel`,
      value: rx.heelCupDepth,
    }]);
  }
  const xApex = lm.archApexX;
  const xStart = Math.min(r.archStart * fl, xApex - 0.08 * fl);
  const xEnd = Math.min(Math.max(r.archEnd * fl, xApex + 0.1 * fl), lm.ballX - 0.02 * fl, xMax - 1);
  const edge = edgeProfile(xy, lm.medialSign, 0, xMax);
  const medApex = sampleProfile(edge, edge.medialY, xApex);
  const wApex = sampleProfile(edge, edge.width, xApex);
  // The arch height is set on the middle of the arch plateau; the apex landmark (where it is
  // measured) moves inside a medial flange's wall, still on the plateau's level.
  const onPlateau: [number, number] = [xApex, medApex - lm.medialSign * (r.archPlateau / 2) * wApex];
  const flangeWall = rx.medialFlange > 0 ? cupWidth(cup, rx.medialFlange) + 1 : 0;
  const apex: [number, number] = [xApex, medApex - lm.medialSign * Math.max((r.archPlateau / 2) * wApex, flangeWall)];

  let post: TopSurface['post'] = null;
  if (rx.rearfootPost) {
    const upSign = (rx.rearfootPost.wedge === 'medial' ? lm.medialSign : -lm.medialSign) as 1 | -1;
    const goneBy = r.postGoneBy * fl;
    // The low side of the heel seat stays at shell thickness: reference the lowest outline point in reach.
    let ref = Infinity;
    for (let i = 0; i < xy.length; i += 2) if (xy[i]! < goneBy) ref = Math.min(ref, upSign * xy[i + 1]!);
    post = { tanAngle: Math.tan(radians(rx.rearfootPost.angle)), upSign, ref, fullUntil: r.postFullUntil * fl, goneBy };
  }
  const surface: TopSurface = {
    thicknessMm: rx.shellThickness,
    cup,
    cupTaper: [r.cupTaper[0] * fl, r.cupTaper[1] * fl],
    arch: { amplitude: 0, xStart, xApex, xEnd, sPlateau: r.archPlateau, sEnd: r.archLateralEnd, medialSign: lm.medialSign, edge },
    post,
    apex,
    mods: designModifications(xy, lm, rx, edge, xMax, wallW, [r.postFullUntil * fl, r.postGoneBy * fl]),
    mthLine: mthLine(lm),
  };
  // archHeight is measured from the heel seat (at the heel centre), so cancel the posts', skive's and
  // lift's heights there; arch fill lowers the apex by its own amount.
  const [hx, hy] = lm.heelCentre;
  const target = rx.archHeight - rx.archFill;
  const amplitude = (target - plinth(surface, onPlateau[0], onPlateau[1]) + plinth(surface, hx, hy)) / archFactor(surface, onPlateau[0], onPlateau[1]);
  if (!(amplitude >= 0)) {
    throw new GeometryError([{ pointer: '/prescription/archHeight', rule: `is too low for the posts and lift under the arch apex (${target.toFixed(1)} mm asked after arch fill)`, value: rx.archHeight }]);
  }
  surface.arch.amplitude = amplitude;
  return surface;
}
