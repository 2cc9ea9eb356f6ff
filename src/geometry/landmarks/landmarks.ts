import { GeometryError } from '../../errors.js';
import { bounds, maxWidth, verticalExtent } from '../outline/index.js';

/**
 * Landmark ratios of foot length (FL), from docs/clinical-basis.md [CB-ball-line], [CB-navicular] (ANSUR II and lab practice). Used only when
 * the scan does not measure the landmark itself.
 */
export const LANDMARK_RATIOS = {
  /** Heel centre (centre of the heel seat), × FL from the heel. */
  heelCentre: 0.1,
  /**
   * Medial arch apex, × FL: where the sole 10 mm inside the medial border is highest on real
   * weight-bearing scans, 0.33–0.41 (tests/fixtures/real-scans and [CB-navicular]); 0.43 put it
   * 6–9 % of the length too far toward the toes.
   */
  archApex: 0.37,
  /** Ball, MTP1 joint, × FL (ANSUR II: 0.741 men, 0.739 women). */
  ball: 0.74,
  /** Heel-width search window, × FL. */
  heelWidthWindow: [0.05, 0.3] as const,
  /** Ball-width search window, × FL. */
  ballWidthWindow: [0.6, 0.85] as const,
  /** MTH5 lies this far (× FL) behind MTH1; MTH2 is the most distal head, ~1/4 of the way across. */
  mth5Behind: 0.115,
} as const;

/** Where each device length ends, relative to the metatarsal-head parabola. */
export const TRIM_RULES = {
  /** Three-quarter: ends this many mm behind the metatarsal heads (≈ 0.70 FL medially). */
  threeQuarterBehindMthMm: 8,
  /** Sulcus: at the base of the toes, this fraction of FL beyond the metatarsal heads. */
  sulcusBeyondMth: 0.07,
} as const;

export interface FootLandmarks {
  /** Heel to longest toe, mm (from the aligned outline). */
  footLengthMm: number;
  /** Widest point of the heel, mm. */
  heelWidthMm: number;
  /** Widest point of the forefoot, mm. */
  ballWidthMm: number;
  /** +1 when medial is +y (right foot), -1 when medial is -y (left foot). */
  medialSign: 1 | -1;
  /** Centre of the heel seat, foot frame, mm. */
  heelCentre: [number, number];
  /** Arch apex distance from the heel, mm. */
  archApexX: number;
  /** MTP1 (ball) distance from the heel, mm. */
  ballX: number;
  /** Medial and lateral edges of the outline at the ball station, mm (y). */
  ballMedialY: number;
  ballLateralY: number;
}

/**
 * Computes the landmarks of an aligned outline.
 *
 * @param xy aligned CCW outline, foot frame, mm.
 * @param side which foot (decides which side is medial).
 * @param measured optional scanner measurements that override the ratio estimates.
 */
export function computeLandmarks(
  xy: Float64Array,
  side: 'left' | 'right',
  measured: { archApexX?: number | undefined; ballX?: number | undefined },
): FootLandmarks {
  const [x0, , x1] = bounds(xy);
  const fl = x1 - x0;
  const medialSign = side === 'right' ? 1 : -1;
  const heelWidthMm = maxWidth(xy, LANDMARK_RATIOS.heelWidthWindow[0] * fl, LANDMARK_RATIOS.heelWidthWindow[1] * fl);
  const ballWidthMm = maxWidth(xy, LANDMARK_RATIOS.ballWidthWindow[0] * fl, LANDMARK_RATIOS.ballWidthWindow[1] * fl);
  const hx = LANDMARK_RATIOS.heelCentre * fl;
  const he = verticalExtent(xy, hx);
  const ballX = measured.ballX ?? LANDMARK_RATIOS.ball * fl;
  const be = verticalExtent(xy, ballX);
  if (!he || !be) {
    throw new GeometryError([{ pointer: '/outline', rule: 'must cover the heel and ball stations', value: `length ${+fl.toFixed(1)} mm` }]);
  }
  return {
    footLengthMm: fl,
    heelWidthMm,
    ballWidthMm,
    medialSign,
    heelCentre: [hx, (he[0] + he[1]) / 2],
    archApexX: measured.archApexX ?? LANDMARK_RATIOS.archApex * fl,
    ballX,
    ballMedialY: medialSign > 0 ? be[1] : be[0],
    ballLateralY: medialSign > 0 ? be[0] : be[1],
  };
}

/** The metatarsal-head parabola's terms: x(s) = ballX + a·s − b·s², s = medialSign·(ballMedialY − y) / width. */
export interface MthLine {
  ballX: number;
  ballMedialY: number;
  medialSign: 1 | -1;
  /** Ball width, mm. */
  width: number;
  a: number;
  b: number;
}

/**
 * The metatarsal-head parabola: MTH1 at `ballX` on the medial edge, MTH2 the most distal (~1/4
 * across), MTH5 `mth5Behind`·FL behind MTH1 on the lateral edge.
 */
export function mthLine(lm: FootLandmarks): MthLine {
  const fl = lm.footLengthMm;
  const b = 2 * LANDMARK_RATIOS.mth5Behind * fl; // x(s) = x1 + a s - b s², vertex at s = 1/4
  return { ballX: lm.ballX, ballMedialY: lm.ballMedialY, medialSign: lm.medialSign, width: Math.abs(lm.ballMedialY - lm.ballLateralY), a: b / 2, b };
}

/** x of the metatarsal heads at y on a metatarsal-head parabola. */
export function mthX(line: MthLine, y: number): number {
  const s = (line.medialSign * (line.ballMedialY - y)) / line.width;
  return line.ballX + line.a * s - line.b * s * s;
}

/**
 * x of the metatarsal-head parabola at y, moved along x by `offset`. A class, its method bound for
 * callers: the method is one long-lived function that keeps its optimised code, where a closure
 * made afresh each build loses it when it dies and is compiled again.
 */
class MthCurve {
  constructor(private readonly line: MthLine, private readonly offset: number) {}
  x(y: number): number {
    return mthX(this.line, y) + this.offset;
  }
}

/** x of the metatarsal heads as a function of y (the parabola of mthLine). */
export function mthLineX(lm: FootLandmarks): (y: number) => number {
  const curve = new MthCurve(mthLine(lm), 0);
  return curve.x.bind(curve);
}

/** Where a device ends: at the toes, the sulcus, or just behind the metatarsal heads. */
export type DeviceLength = 'full' | 'sulcus' | 'three-quarter';

/** The trim curve (x as a function of y) for a device length, or null for full length. */
export function trimLineX(lm: FootLandmarks, length: DeviceLength): ((y: number) => number) | null {
  if (length === 'full') return null;
  const curve = new MthCurve(mthLine(lm), length === 'three-quarter' ? -TRIM_RULES.threeQuarterBehindMthMm : TRIM_RULES.sulcusBeyondMth * lm.footLengthMm);
  return curve.x.bind(curve);
}
