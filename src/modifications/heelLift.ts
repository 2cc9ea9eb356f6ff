import { numberModification } from './types.js';

/** The lift keeps its full height up to `fullUntil` × foot length, tapering to nothing at the ball (design constant, docs/clinical-basis.md [CB-lift-shape]). */
export const HEEL_LIFT_RULES = { fullUntil: 0.25 } as const;

/**
 * Heel lift for a leg-length difference: the whole heel raised, tapered to nothing at the ball,
 * the underside on the floor. Its share of the height under the heel and its coupling with arch fill
 * are src/limits' own rules.
 */
export const heelLift = numberModification({
  key: 'heelLift',
  label: 'Heel lift',
  name: 'heel lift',
  description: 'Heel lift for a leg-length difference, mm: raises the whole heel, tapered to nothing at the ball.',
  number: { default: 0, unit: 'mm', description: 'Heel lift for a leg-length difference, mm: raises the whole heel, tapered to nothing at the ball.', minimum: 0, maximum: 40 },
  defaultSource: '0 mm: a lift is prescribed for a measured leg-length difference only',
  recess: false,
  limits: [{
    parameter: 'heelLift', requiredInProfile: true,
    levels: { unit: 'mm', warnAbove: 6.4, maxAllowed: 9.5, source: 'docs/clinical-basis.md [CB-heel-lift]; Pearce (Nolaro24 lab): about 1/4 in on the device, 3/8 in as a separate lift, more on the shoe; Brady 2003, Gurney 2002', why: "a higher lift inside the shoe lifts the heel out of the heel counter; the rest of a leg-length difference belongs on the shoe's sole" },
    subject: (v, { mm }) => `heel lift ${mm(v)}`,
  }],
  steps: [
    { parameter: 'heelLift', maxStep: 3, source: 'docs/clinical-basis.md [CB-step-lift]; engineering choice (no published per-step limit): half the typical 6 mm lift', why: 'a lift tilts the pelvis; a leg-length correction is introduced gradually' },
  ],
  design(height, { lm }) {
    return { features: [], params: { lift: 1, liftHeight: height, liftFade: [HEEL_LIFT_RULES.fullUntil * lm.footLengthMm, lm.ballX] } };
  },
});
