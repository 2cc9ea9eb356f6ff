import type { DeviceSole } from '../sole/index.js';
import { GeometryError } from '../../errors.js';
import type { SurfaceParams } from '../../wasm/generated/surfaceLayout.js';
import { mthLineX, TRIM_RULES, type DeviceLength, type FootLandmarks } from '../landmarks/index.js';
import type { Surface } from './surface.js';

/**
 * How the surface kernel draws the modifications' shapes (its own parameter slots), as fractions of
 * foot length (FL) or of the width across the foot (0 at the medial edge, 1 at the lateral edge)
 * unless stated. Where each modification sits is its descriptor's (src/modifications). Sources:
 * docs/clinical-basis.md, Surface and modification design rules (landmarks, typical sizes, lab
 * practice); they are design constants, not clinical limits (those are in the limits profile).
 */
export const MODIFICATION_RULES = {
  /** Metatarsal bar: distal rounding and plateau lengths, mm. */
  metBarRoundMm: 5,
  metBarPlateauMm: 8,
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

/** What a modification's design needs to know of the device (see src/modifications). */
export interface FeatureContext {
  lm: FootLandmarks;
  /** The device outline (aligned, trimmed), CCW, foot frame, mm. */
  outline: Float64Array;
  /** x of the sulcus line (the base of the toes), mm. */
  sulcusX: number;
  /** Width of the heel cup's wall where it meets the seat, mm. */
  cupWallWidth: number;
  /** Where the rearfoot post starts to fade and is gone, mm from the heel. */
  postFade: readonly [number, number];
  /** The foundation's surface: the device outline's medial edge and width along x. */
  surface: Surface;
  /** The device's distal end, mm. */
  xMax: number;
  length: DeviceLength;
  /** x of the metatarsal-head line at y. */
  mth(y: number): number;
  /** y at a fraction across the ball (0 medial, 1 lateral). */
  yAcross(s: number): number;
  rules: typeof MODIFICATION_RULES;
}

/** What one modification adds: the features the kernel draws, the parameters it sets, and recesses the seat measurements skip. */
export interface FeatureDesign {
  features: Feature[];
  params?: Partial<ModificationParams>;
  seatExclusions?: Array<[number, number, number]>;
  /** The prescription field it comes from (`heelSpurRelief`), for messages. */
  key?: string;
}

/** The device to build: the foundation's and posts' numbers, and the modifications' features (mm, degrees). */
export interface DeviceSpec {
  length: DeviceLength;
  shellThickness: number;
  heelCupDepth: number;
  /** Top surface at the arch apex above the heel seat. */
  archHeight: number;
  archFill: number;
  topCover: number;
  rearfootPost: { wedge: 'medial' | 'lateral'; angle: number } | null;
  construction: 'shell' | 'filled';
  /**
   * The scanned sole the top surface follows (total contact), foot frame; null or omitted for a
   * parametric surface. `archHeight` is then reached by raising (or filling) the scanned arch.
   */
  sole?: DeviceSole | null;
  /** The prescription's modifications on this device: features and parameters (src/modifications designs them). */
  modifications(ctx: FeatureContext): FeatureDesign[];
}

/** What the modifications add to the top surface: their parameters, features and what the measurements must skip. */
export interface Modifications {
  /** The kernel's parameters of the posts, skive, lift, flanges and construction. */
  params: ModificationParams;
  features: Feature[];
  /** `filled`: the underside is the floor everywhere. */
  filled: boolean;
  /** Deepest recess below the base surface, mm. */
  maxRecessMm: number;
  /** Discs (x, y, r) where the top is recessed near the heel seat: seat measurements skip them. */
  seatExclusions: Array<[number, number, number]>;
  /** The prescription fields those discs come from. */
  seatExcludedBy: string[];
}

/** The parameter slots the modifications fill. */
export type ModificationParams = Pick<SurfaceParams,
  | 'forefootPost' | 'forefootTan' | 'forefootUp' | 'forefootRef' | 'forefootRamp' | 'forefootFade'
  | 'skive' | 'skiveDepth' | 'skiveHeelY' | 'skiveSign' | 'skiveRamp' | 'skiveFade'
  | 'lift' | 'liftHeight' | 'liftFade' | 'flangeMedial' | 'flangeLateral' | 'filled'>;

/**
 * Lays out the modifications of a prescription on a device outline.
 *
 * @param xy device outline (aligned, trimmed), CCW, foot frame, mm.
 * @param xMax the device's distal end, mm.
 * @param surface the foundation's surface (for the outline's medial edge and width along x).
 * @param postFade where the rearfoot post starts to fade and is gone (mm from the heel): the skive fades with it.
 * @throws GeometryError when a modification does not fit this device.
 */
export function designModifications(xy: Float64Array, lm: FootLandmarks, rx: DeviceSpec, surface: Surface, xMax: number, cupWallWidth: number, postFade: readonly [number, number]): Modifications {
  const ms = lm.medialSign;
  const ballW = Math.abs(lm.ballMedialY - lm.ballLateralY);
  const ctx: FeatureContext = {
    lm, outline: xy, surface, xMax, length: rx.length, cupWallWidth, postFade, rules: MODIFICATION_RULES,
    sulcusX: lm.ballX + TRIM_RULES.sulcusBeyondMth * lm.footLengthMm,
    mth: mthLineX(lm), yAcross: (s) => lm.ballMedialY - ms * s * ballW,
  };
  const params: ModificationParams = {
    forefootPost: 0, forefootTan: 0, forefootUp: 0, forefootRef: 0, forefootRamp: [0, 0], forefootFade: [0, 0],
    skive: 0, skiveDepth: 0, skiveHeelY: 0, skiveSign: 0, skiveRamp: [0, 0], skiveFade: [0, 0],
    lift: 0, liftHeight: 0, liftFade: [0, 0], flangeMedial: 0, flangeLateral: 0,
    filled: rx.construction === 'filled' ? 1 : 0,
  };
  const features: Feature[] = [];
  const seatExclusions: Array<[number, number, number]> = [];
  const seatExcludedBy: string[] = [];
  for (const design of rx.modifications(ctx)) {
    Object.assign(params, design.params);
    features.push(...design.features);
    if (design.seatExclusions?.length) {
      seatExclusions.push(...design.seatExclusions);
      if (design.key) seatExcludedBy.push(design.key);
    }
  }
  let maxRecessMm = 0;
  for (const f of features) if ('depth' in f) maxRecessMm = Math.max(maxRecessMm, f.depth);
  if (maxRecessMm > rx.shellThickness - 0.5) {
    throw new GeometryError([{ pointer: '/prescription/shellThickness', rule: `a ${maxRecessMm} mm recess needs a shell at least ${maxRecessMm + 0.5} mm thick`, value: rx.shellThickness }]);
  }
  return { params, features, filled: rx.construction === 'filled', maxRecessMm, seatExclusions, seatExcludedBy };
}
