import { modification } from './types.js';

/** The relief's centre: the plantar calcaneal tubercle, `x` × foot length from the heel, `medialOfHeelCentre` heel widths medial of the heel centre (design constants, docs/clinical-basis.md [CB-spur-relief]). */
export const SPUR_RELIEF_RULES = { x: 0.16, medialOfHeelCentre: 0.1 } as const;

/** Heel-spur relief: a shallow round recess under the plantar calcaneal tubercle. */
export const heelSpurRelief = modification<{ depth: number; diameter: number }, 'heelSpurRelief'>({
  key: 'heelSpurRelief',
  label: 'Heel spur relief',
  name: 'heel spur relief',
  description: 'Heel-spur relief: a shallow round recess under the plantar calcaneal tubercle. {} for the default; null or omitted for none.',
  parts: {
    depth: { default: 2, unit: 'mm', description: 'Recess depth, mm.', maximum: 10, exclusiveMinimum: 0 },
    diameter: { default: 22, unit: 'mm', description: 'Recess diameter, mm.', minimum: 8, maximum: 50 },
  },
  defaultSource: 'none; {} gives a 2 mm deep, 22 mm round recess under the calcaneal tubercle (docs/clinical-basis.md [CB-default-recesses], lab practice)',
  recess: true,
  limits: [],
  steps: [],
  design(s, { lm }) {
    const [, hy] = lm.heelCentre;
    const xc = SPUR_RELIEF_RULES.x * lm.footLengthMm, yc = hy + lm.medialSign * SPUR_RELIEF_RULES.medialOfHeelCentre * lm.heelWidthMm, r = s.diameter / 2;
    return { features: [{ kind: 'round', xc, yc, r, depth: s.depth, x0: xc - r, x1: xc + r, y0: yc - r, y1: yc + r }], seatExclusions: [[xc, yc, r + 1]] };
  },
});
