import { modification } from './types.js';

/**
 * Where the pad sits (engineering choices, docs/clinical-basis.md [CB-cuboid-pad]: no source gives
 * the cuboid's place as a fraction of foot length). The fifth metatarsal base (styloid) is taken
 * `met5BaseBehindMth5` × FL behind MTH5 (a fifth metatarsal about a quarter of the foot long); the
 * pad's distal edge sits `behindMet5Base` mm behind that, centred `across` the device's width
 * (0 medial, 1 lateral) on the lateral column, clear of the lateral edge.
 */
export const CUBOID_PAD_RULES = { met5BaseBehindMth5: 0.24, across: 0.74 } as const;

/**
 * Cuboid pad: a low dome under the cuboid on the lateral midfoot, just proximal to the fifth
 * metatarsal base, for cuboid syndrome and lateral column pain.
 */
export const cuboidPad = modification<{ height: number; width: number; length: number; behindMet5Base: number }, 'cuboidPad'>({
  key: 'cuboidPad',
  label: 'Cuboid pad',
  name: 'cuboid pad',
  description: 'Cuboid pad: a low dome under the cuboid on the lateral midfoot, just proximal to the fifth metatarsal base (cuboid syndrome, lateral column pain). {} for the default pad; null or omitted for none.',
  parts: {
    height: { default: 3, unit: 'mm', description: 'Dome height, mm.', maximum: 20, exclusiveMinimum: 0 },
    width: { default: 20, unit: 'mm', description: 'Across the foot, mm.', minimum: 8, maximum: 40 },
    length: { default: 28, unit: 'mm', description: 'Along the foot, mm.', minimum: 10, maximum: 60 },
    behindMet5Base: { default: 3, unit: 'mm', label: 'behind the fifth metatarsal base', description: 'Distal edge of the pad behind the fifth metatarsal base, mm (negative: distal of it).', minimum: -20, maximum: 40 },
  },
  defaultSource: 'none; {} gives a 3 mm high, 20 mm wide, 28 mm long dome with its distal edge 3 mm behind the fifth metatarsal base (docs/clinical-basis.md [CB-cuboid-pad]: lab practice, BioCorrect; placement an engineering choice)',
  recess: false,
  limits: [
    {
      parameter: 'cuboidPad.height', part: 'height', requiredInProfile: false,
      levels: { unit: 'mm', warnAbove: 6, maxAllowed: 10, source: 'docs/clinical-basis.md [CB-cuboid-pad]; warn level: the top of the 2–6 mm range a maker describes (BioCorrect), lab practice; ceiling: engineering choice, below the metatarsal pad\'s 12 mm as the lateral column bears weight flat', why: 'a tall cuboid pad presses into the weight-bearing lateral column and makes a pressure point under the cuboid' },
      subject: (p, { mm }) => `cuboid pad height ${mm(p.height)}`,
    },
  ],
  steps: [
    { parameter: 'cuboidPad.height', part: 'height', maxStep: 2, source: 'docs/clinical-basis.md [CB-cuboid-pad]; engineering choice (no published per-step limit), as the metatarsal bar', why: 'a pad under the lateral column is felt at once; introduced gradually' },
  ],
  design(p, { lm, mth, surface }) {
    const ms = lm.medialSign;
    const met5Base = mth(lm.ballLateralY) - CUBOID_PAD_RULES.met5BaseBehindMth5 * lm.footLengthMm;
    const ax = p.length / 2, ay = p.width / 2;
    const xc = met5Base - p.behindMet5Base - ax;
    const yc = surface.medialYAt(xc) - ms * CUBOID_PAD_RULES.across * surface.widthAt(xc);
    return { features: [{ kind: 'dome', xc, yc, ax, ay, height: p.height, x0: xc - ax, x1: xc + ax, y0: yc - ay, y1: yc + ay }] };
  },
});
