import { GeometryError } from '../../errors.js';
import type { SurfaceParams } from '../../wasm/generated/surfaceLayout.js';
import { mthLine, type FootLandmarks } from '../landmarks/index.js';
import { radians } from '../math/index.js';
import { bounds } from '../outline/index.js';
import { edgeProfile } from './edgeProfile.js';
import { designModifications, MODIFICATION_RULES, type DeviceSpec, type Modifications } from './modifications.js';
import { Surface } from './surface.js';

/**
 * Shape rules of the top (foot-contact) surface, as fractions of foot length (FL) unless stated.
 * Sources: docs/clinical-basis.md, Surface and modification design rules (landmarks, cup flare, lab practice); they are design constants, not
 * clinical limits.
 */
export const SURFACE_RULES = {
  /** Cup wall flare from vertical, degrees ([CB-cup-shape]: ~10°). */
  cupFlareDeg: 10,
  /** Cup fillet radius as a fraction of heel width, clamped to [4, 10] mm. */
  cupFilletOfHeelWidth: 0.14,
  /** Cup keeps its full height up to here, then tapers to nothing (× FL). */
  cupTaper: [0.22, 0.45] as const,
  /** Medial arch rises from here to the apex and falls to the end (× FL; [CB-arch-shape], span [CB-navicular]). */
  archStart: 0.16,
  archEnd: 0.64,
  /**
   * Across the foot (0 medial edge, 1 lateral edge), calibrated on the real weight-bearing scans in
   * tests/fixtures/real-scans (their cross-sections 20–55 % of the length, README "3D scans"):
   * the arch height is set (and measured) this far across ...
   */
  archMeasureAcross: 0.06,
  /** ... the sole is on the floor from here across at the apex (real: ~30 mm of a 92–99 mm width) ... */
  archLateralEnd: 0.32,
  /**
   * ... or, for an arch higher than that reach, from as far across (mm) as the arch is high at the
   * station × this (no steeper than 45° on average; real: 1.5), up to archLateralEndMax of the width
   * (engineering choice: a steeper arch thins the shell at its foot) ...
   */
  archReachPerHeight: 1,
  archLateralEndMax: 0.75,
  /** ... and rises toward the medial border as ((end − s) / end)^power (real: 1.4–1.5, convex) ... */
  archAcrossPower: 1.45,
  /** ... its reach narrowing away from the apex to (1 − taper) of it where the arch ends (real: ~18 mm at 25 % FL). */
  archReachTaper: 0.4,
  /** Rearfoot post: full tilt up to here, blended out by here (× FL), toward the arch. */
  postFullUntil: 0.2,
  postGoneBy: 0.36,
} as const;

/** A designed top surface: the surface itself, and what measuring and reporting it need. */
export interface TopSurface {
  /** The surface, as the kernel evaluates it. */
  surface: Surface;
  /** Shell thickness, mm. */
  thicknessMm: number;
  /** The arch apex landmark on the top surface, foot frame mm. */
  apex: [number, number];
  /** The modifications' features, construction and what the measurements skip. */
  mods: Modifications;
  /** Width of the heel cup's wall where it meets the seat, mm (the seat lies farther inside the outline). */
  cupWallWidthMm: number;
}

/**
 * Designs the top surface for a device outline and prescription.
 *
 * @param xy device outline (aligned, trimmed), CCW, foot frame, mm.
 * @throws GeometryError when the heel is too narrow for the cup or the arch would be negative.
 */
export function designTopSurface(xy: Float64Array, lm: FootLandmarks, rx: DeviceSpec): TopSurface {
  const fl = lm.footLengthMm;
  const r = SURFACE_RULES, R = MODIFICATION_RULES;
  const [, , xMax] = bounds(xy);
  const filletR = Math.min(10, Math.max(4, r.cupFilletOfHeelWidth * lm.heelWidthMm));
  // A top cover sits in the heel seat: the shell's cup is deeper by its thickness, so the foot keeps the prescribed cup.
  const cupHeight = rx.heelCupDepth + rx.topCover;
  const flare = radians(r.cupFlareDeg);
  const xApex = lm.archApexX;
  const xStart = Math.min(r.archStart * fl, xApex - 0.08 * fl);
  const xEnd = Math.min(Math.max(r.archEnd * fl, xApex + 0.1 * fl), lm.ballX - 0.02 * fl, xMax - 1);
  // The arch must fall somewhere: an apex at or past its end would divide by a zero factor (NaN
  // through the whole surface). Validation keeps the apex 0.12 FL behind the ball (crossCheck.ts);
  // this guards the library's own callers, and a device ending at its apex.
  if (!(xEnd - xApex >= 0.02 * fl)) {
    throw new GeometryError([{
      pointer: '/measurements/archApexX',
      rule: `leaves the arch no room to fall: it must lie at least ${(0.02 * fl).toFixed(1)} mm before where the arch ends (${xEnd.toFixed(1)} mm from the heel: 0.02 of the foot's length before the ball at ${lm.ballX.toFixed(1)} mm, and inside the device)`,
      value: +xApex.toFixed(1),
    }]);
  }
  const edge = edgeProfile(xy, lm.medialSign, 0, xMax);
  let post: { tanAngle: number; upSign: 1 | -1; ref: number } | null = null;
  if (rx.rearfootPost) {
    const upSign = (rx.rearfootPost.wedge === 'medial' ? lm.medialSign : -lm.medialSign) as 1 | -1;
    const goneBy = r.postGoneBy * fl;
    // The low side of the heel seat stays at shell thickness: reference the lowest outline point in reach.
    let ref = Infinity;
    for (let i = 0; i < xy.length; i += 2) if (xy[i]! < goneBy) ref = Math.min(ref, upSign * xy[i + 1]!);
    post = { tanAngle: Math.tan(radians(rx.rearfootPost.angle)), upSign, ref };
  }
  const line = mthLine(lm);
  const sole = rx.sole ?? null;
  const foundation: SurfaceParams = {
    thickness: rx.shellThickness,
    cupHeight, filletR, sinFlare: Math.sin(flare), cosFlare: Math.cos(flare), tanFlare: Math.tan(flare),
    cupTaper: [r.cupTaper[0] * fl, r.cupTaper[1] * fl],
    archAmplitude: 0, archXStart: xStart, archXApex: xApex, archXEnd: xEnd, archSMeasure: r.archMeasureAcross, archSEnd: r.archLateralEnd, archPower: r.archAcrossPower, archTaper: r.archReachTaper,
    medialSign: lm.medialSign, edgeX0: edge.x0, edgeStep: edge.step,
    post: post ? 1 : 0, postTan: post?.tanAngle ?? 0, postUp: post?.upSign ?? 0, postRef: post?.ref ?? 0,
    postFullUntil: post ? r.postFullUntil * fl : 0, postGoneBy: post ? r.postGoneBy * fl : 0,
    footLength: fl,
    forefootPost: 0, forefootTan: 0, forefootUp: 0, forefootRef: 0, forefootRamp: [0, 0], forefootFade: [0, 0],
    skive: 0, skiveDepth: 0, skiveHeelY: 0, skiveSign: 0, skiveRamp: [0, 0], skiveFade: [0, 0],
    lift: 0, liftHeight: 0, liftFade: [0, 0], flangeMedial: 0, flangeLateral: 0,
    medialFlangeWindow: R.medialFlange, lateralFlangeWindow: R.lateralFlange,
    filled: 0,
    mthBallX: line.ballX, mthBallMedialY: line.ballMedialY, mthSign: line.medialSign, mthWidth: line.width, mthA: line.a, mthB: line.b,
    metBarRound: R.metBarRoundMm, metBarPlateau: R.metBarPlateauMm, platformStartBehindMth: R.platformStartBehindMthMm,
    acrossBlend: R.acrossBlendMm, firstRayAcross: R.firstRayAcross, platformRamp: R.platformRampMm,
    firstRayHalfLength: R.firstRayHalfLengthMm, edgeReliefReach: R.edgeReliefReachMm, edgeReliefHalfLength: R.edgeReliefHalfLengthMm,
    sole: sole ? 1 : 0, soleX0: sole?.x0 ?? 0, soleY0: sole?.y0 ?? 0, soleStep: sole?.step ?? 1, soleNx: sole?.nx ?? 0, soleNy: sole?.ny ?? 0,
    // A shell offset along the normals folds where the top bends tighter than the shell is thick:
    // a scanned sole can, and so does a heel cup whose fillet is thinner than the shell (thick EVA).
    ballUnderside: sole || rx.shellThickness > filletR ? 1 : 0,
  };
  const base = new Surface(foundation, [], edge, sole);
  const wallW = base.cupWidth(cupHeight);
  if (2 * wallW > 0.8 * lm.heelWidthMm) {
    throw new GeometryError([{
      pointer: '/prescription/heelCupDepth',
      rule: `a ${cupHeight} mm heel cup needs walls ${wallW.toFixed(1)} mm wide each side, too wide for this ${lm.heelWidthMm.toFixed(1)} mm heel`,
      value: rx.heelCupDepth,
    }]);
  }
  const medApex = base.medialYAt(xApex);
  const wApex = base.widthAt(xApex);
  const mods = designModifications(xy, lm, rx, base, xMax, wallW, [r.postFullUntil * fl, r.postGoneBy * fl]);
  // archHeight is measured from the heel seat (at the heel centre), so cancel the posts', skive's and
  // lift's heights there; arch fill lowers the apex by its own amount. On a scanned sole, the arch
  // is raised (or lowered) from the scanned arch's height there.
  const [hx, hy] = lm.heelCentre;
  const target = rx.archHeight - rx.archFill;
  // The raise is what is asked above the scan's own measured arch (so none when nothing is asked).
  const scanned = sole ? sole.archHeightMm : 0;
  let flat = new Surface({ ...foundation, ...mods.params }, mods.features, edge, sole);
  const rise = (at: readonly [number, number]) => target - scanned - flat.plinth(at[0], at[1]) + flat.plinth(hx, hy);
  // The arch height is set (and measured) at the station: archMeasureAcross of the width inside the
  // medial border at the apex, where the arch's factor is 1.
  const station: [number, number] = [xApex, medApex - lm.medialSign * r.archMeasureAcross * wApex];
  // Its reach across: as calibrated, or wider for an arch higher than that reach (no steeper than
  // archReachPerHeight on average), within archLateralEndMax of the width.
  const reach = Math.min(r.archLateralEndMax, Math.max(r.archLateralEnd, (r.archReachPerHeight * Math.max(0, rise(station))) / wApex));
  flat = flat.with({ archSEnd: reach });
  let apex = station;
  let amplitude = rise(station) / flat.archFactor(station[0], station[1]);
  // A wall rising at the medial border there (a medial flange; what the arch leaves of a heel cup
  // still tapering at the apex) covers the station: the height is set (and measured) just inside it.
  const wall = Number.isFinite(amplitude) ? flat.with({ archAmplitude: Math.max(0, amplitude) }).wallRise(xApex, medApex) : 0;
  const inset = wall > 0 ? flat.cupWidth(wall) + 1 : 0;
  if (inset > r.archMeasureAcross * wApex) {
    apex = [xApex, medApex - lm.medialSign * inset];
    amplitude = rise(apex) / flat.archFactor(apex[0], apex[1]);
  }
  if (sole && Number.isFinite(amplitude)) return { surface: flat.with({ archAmplitude: amplitude }), thicknessMm: rx.shellThickness, apex, mods, cupWallWidthMm: wallW };
  if (!(amplitude >= 0)) {
    // The least arch height that builds: the posts' and lift's own height at the apex (an arch of
    // nothing), plus the fill.
    const least = rx.archHeight - rise(apex), plinth = least - rx.archFill;
    const there = `${Math.abs(plinth).toFixed(1)} mm ${plinth >= 0 ? 'above' : 'below'} the heel seat`;
    throw new GeometryError([{ pointer: '/prescription/archHeight', rule: `is too low for the posts and lift under the arch apex (${target.toFixed(1)} mm asked after arch fill): they alone put the surface there ${there}, so the arch height must be at least ${least.toFixed(1)} mm${rx.archFill ? ` with ${rx.archFill} mm of arch fill` : ''}`, value: rx.archHeight }]);
  }
  return { surface: flat.with({ archAmplitude: amplitude }), thicknessMm: rx.shellThickness, apex, mods, cupWallWidthMm: wallW };
}
