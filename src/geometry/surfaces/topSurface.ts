import { GeometryError } from '../../errors.js';
import type { ResolvedPrescription } from '../../scan/types.js';
import type { FootLandmarks } from '../landmarks/index.js';
import { radians, smootherstep } from '../math/index.js';
import { bounds } from '../outline/index.js';
import { edgeProfile, sampleProfile, type EdgeProfile } from './edgeProfile.js';
import { cupHeight, cupWidth, type CupProfile } from './heelCup.js';

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

/** Cup height at x for a point `d` mm inside the outline. */
export function cupAt(s: TopSurface, x: number, d: number): number {
  if (d < 0 || x >= s.cupTaper[1]) return 0;
  const k = 1 - smootherstep(s.cupTaper[0], s.cupTaper[1], x);
  if (k <= 0) return 0;
  return cupHeight(s.cup, d, s.cup.height * k);
}

/** Cup profile with the taper applied at x (for wall sampling). */
export function cupProfileAt(s: TopSurface, x: number): CupProfile {
  const k = 1 - smootherstep(s.cupTaper[0], s.cupTaper[1], x);
  return { ...s.cup, height: s.cup.height * k };
}

/**
 * Height of the top surface above the floor at (x, y), `d` mm inside the outline (d < 0: unknown
 * and far from the edge), mm.
 */
export function topHeight(s: TopSurface, x: number, y: number, d: number): number {
  return s.thicknessMm + postTilt(s, x, y) + s.arch.amplitude * archFactor(s, x, y) + cupAt(s, x, d);
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
  const cup: CupProfile = { height: rx.heelCupDepth, filletR, flareRad: radians(r.cupFlareDeg) };
  const wallW = cupWidth(cup);
  if (2 * wallW > 0.8 * lm.heelWidthMm) {
    throw new GeometryError([{
      pointer: '/prescription/heelCupDepth',
      rule: `a ${rx.heelCupDepth} mm heel cup needs walls ${wallW.toFixed(1)} mm wide each side, too wide for this ${lm.heelWidthMm.toFixed(1)} mm heel`,
      value: rx.heelCupDepth,
    }]);
  }
  const xApex = lm.archApexX;
  const xStart = Math.min(r.archStart * fl, xApex - 0.08 * fl);
  const xEnd = Math.min(Math.max(r.archEnd * fl, xApex + 0.1 * fl), lm.ballX - 0.02 * fl, xMax - 1);
  const edge = edgeProfile(xy, lm.medialSign, 0, xMax);
  const medApex = sampleProfile(edge, edge.medialY, xApex);
  const wApex = sampleProfile(edge, edge.width, xApex);
  const apex: [number, number] = [xApex, medApex - lm.medialSign * (r.archPlateau / 2) * wApex];

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
  };
  // archHeight is measured from the heel seat (at the heel centre), so cancel the post's tilt there.
  const [hx, hy] = lm.heelCentre;
  const amplitude = (rx.archHeight - postTilt(surface, apex[0], apex[1]) + postTilt(surface, hx, hy)) / archFactor(surface, apex[0], apex[1]);
  if (!(amplitude >= 0)) {
    throw new GeometryError([{ pointer: '/prescription/archHeight', rule: 'is too low for the rearfoot post under the arch apex', value: rx.archHeight }]);
  }
  surface.arch.amplitude = amplitude;
  return surface;
}
