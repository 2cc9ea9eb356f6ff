/**
 * Cross-check of the scanner's measurements against what the outline itself gives.
 */

import type { Problem } from '../errors.js';
import type { Measurements } from './types.js';

/**
 * How far a stated measurement may differ from the same quantity measured on the aligned outline,
 * mm. Foot length: a scanner's heel and toe picks vary by a few mm, and a full-length
 * device allowance is 5-10 mm. Widths: soft tissue at the widest points is the least repeatable
 * part of a plantar outline.
 */
export const CROSS_CHECK_TOLERANCES: Readonly<{ footLength: number; ballWidth: number; heelWidth: number }> =
  Object.freeze({ footLength: 6, ballWidth: 8, heelWidth: 8 });

/**
 * Where a landmark may lie along the foot, as a fraction of the outline's length from the heel.
 * Arch apex (navicular): ≈ 0.43 FL, the medial arch spans ≈ 0.15–0.62 FL; ball (MTP1): ≈ 0.74 FL
 * (ANSUR II 0.741 ± 0.015); docs/clinical-basis.md [CB-ball-line], [CB-navicular].
 */
export const LANDMARK_RANGES: Readonly<{ archApexX: readonly [number, number]; ballX: readonly [number, number] }> =
  Object.freeze({ archApexX: Object.freeze([0.25, 0.6] as const), ballX: Object.freeze([0.6, 0.85] as const) });

/**
 * How far behind the ball the arch apex must lie, as a fraction of the outline's length. Engineering
 * choice, the design's own arch (src/geometry/surface/topSurface.ts): it falls over 0.1 FL from its
 * apex and ends 0.02 FL behind the ball, so an apex closer to the ball leaves it no room to fall.
 * Real feet keep ~0.3 FL between them (apex ≈ 0.43, ball ≈ 0.74 FL: [CB-navicular], [CB-ball-line]).
 */
export const APEX_BEHIND_BALL = 0.12;

const mm = (v: number): string => `${+v.toFixed(1)} mm`;

/**
 * Compares the measurements the outline also gives with the outline's own values.
 * @param m the scan's measurements (mm; positions from the heel along the long axis)
 * @param outline foot length, ball width and heel width measured on the aligned outline, mm
 * @returns one problem per disagreement (pointer into the scan, naming both values); empty when
 *   everything agrees. Does not throw.
 */
export function crossCheckMeasurements(
  m: Measurements,
  outline: { footLength: number; ballWidth: number; heelWidth: number },
): Problem[] {
  const problems: Problem[] = [];
  const compare = (field: 'footLength' | 'ballWidth' | 'heelWidth', what: string): void => {
    const stated = m[field];
    const measured = outline[field];
    const tol = CROSS_CHECK_TOLERANCES[field];
    if (stated === undefined || Math.abs(stated - measured) <= tol) return;
    problems.push({
      pointer: `/measurements/${field}`,
      rule: `must agree with the outline's ${what} ${mm(measured)} within ±${tol} mm`,
      value: stated,
      source: 'scan',
    });
  };
  compare('footLength', 'length');
  compare('ballWidth', 'ball width');
  compare('heelWidth', 'heel width');

  const FL = outline.footLength;
  const place = (field: 'archApexX' | 'ballX', what: string): void => {
    const stated = m[field];
    const [lo, hi] = LANDMARK_RANGES[field];
    if (stated === undefined || (stated >= lo * FL && stated <= hi * FL)) return;
    problems.push({
      pointer: `/measurements/${field}`,
      rule: `must be between ${+(lo * FL).toFixed(1)} and ${mm(hi * FL)} from the heel for the ${what} (${lo}–${hi} of the outline's length ${mm(FL)})`,
      value: stated,
      source: 'scan',
    });
  };
  place('archApexX', 'arch apex');
  place('ballX', 'ball (MTP1)');
  const { archApexX: apex, ballX: ball } = m;
  if (apex !== undefined && ball !== undefined && !problems.length && ball - apex < APEX_BEHIND_BALL * FL) {
    problems.push({
      pointer: '/measurements/archApexX',
      rule: `must lie at least ${mm(APEX_BEHIND_BALL * FL)} behind the ball at ballX ${mm(ball)} (${APEX_BEHIND_BALL} of the outline's length ${mm(FL)}): the arch falls to the floor between them`,
      value: apex,
      source: 'scan',
    });
  }
  return problems;
}
