import { modification } from './types.js';

/** The pad's centre across the ball: between MTH2 (≈ 0.25) and MTH3 (≈ 0.45) (design constant, docs/clinical-basis.md [CB-met-pad-shape]). */
export const MET_PAD_RULES = { across: 0.35 } as const;

/**
 * Metatarsal pad: a dome just proximal to the metatarsal heads, centred between MTH 2 and 3, that
 * spreads the heads and offloads them (Morton's neuroma, metatarsalgia).
 */
export const metatarsalPad = modification<{ height: number; width: number; length: number; behindMth: number }, 'metatarsalPad'>({
  key: 'metatarsalPad',
  label: 'Metatarsal pad',
  name: 'metatarsal pad',
  description: 'Metatarsal pad: a dome behind the metatarsal heads, centred behind MTH 2-3. {} for the default pad; null or omitted for none.',
  parts: {
    height: { default: 5, unit: 'mm', description: 'Dome height, mm.', maximum: 30, exclusiveMinimum: 0 },
    width: { default: 18, unit: 'mm', description: 'Across the foot, mm.', minimum: 5, maximum: 60 },
    length: { default: 25, unit: 'mm', description: 'Along the foot, mm.', minimum: 5, maximum: 80 },
    behindMth: { default: 8, unit: 'mm', label: 'behind the MTH line', description: 'Distal edge of the pad behind the metatarsal-head line, mm (negative: distal of it).', minimum: -30, maximum: 60 },
  },
  defaultSource: 'none; {} gives a 5 mm high, 18 mm wide, 25 mm long dome with its distal edge 8 mm behind the MTH line (docs/clinical-basis.md [CB-default-met-pad]; Hsi 2005, Kang 2006)',
  recess: false,
  limits: [
    {
      parameter: 'metatarsalPad.height', part: 'height', requiredInProfile: true,
      levels: { unit: 'mm', warnAbove: 8, maxAllowed: 12, source: 'docs/clinical-basis.md [CB-met-pad]; lab practice (engineering choice): typical 3–5 mm, no published 8 / 12 mm limit; pads load the site under them (Koenraadt 2012)', why: 'a tall pad makes a pressure point under the metatarsal shafts' },
      subject: (p, { mm }) => `metatarsal pad height ${mm(p.height)}`,
    },
    {
      parameter: 'metatarsalPad.behindMth', part: 'behindMth', requiredInProfile: true,
      levels: { unit: 'mm', warnBelow: 3, minAllowed: -5, source: 'docs/clinical-basis.md [CB-met-pad-position]; Hsi 2005 and Kang 2006 (pad just proximal to the heads); Lee 2014, Landorf 2020 (domes up to 5 mm distal studied); 3 mm warn level is lab practice', why: 'a pad under or beyond the metatarsal heads loads the heads it should offload' },
      subject: (p, { mm }) => `metatarsal pad distal edge ${p.behindMth >= 0 ? `${mm(p.behindMth)} behind` : `${mm(-p.behindMth)} distal of`} the metatarsal-head line (behindMth ${mm(p.behindMth)})`,
    },
  ],
  steps: [
    { parameter: 'metatarsalPad.height', part: 'height', maxStep: 3, source: 'docs/clinical-basis.md [CB-step-met-pad]; engineering choice (no published per-step limit): the low end of the typical 3–5 mm pad', why: 'a pad that is too high at first is felt as a stone under the ball of the foot' },
  ],
  design(p, { mth, yAcross }) {
    const yc = yAcross(MET_PAD_RULES.across);
    const xDistal = mth(yc) - p.behindMth;
    const ax = p.length / 2, ay = p.width / 2;
    return { features: [{ kind: 'dome', xc: xDistal - ax, yc, ax, ay, height: p.height, x0: xDistal - 2 * ax, x1: xDistal, y0: yc - ay, y1: yc + ay }] };
  },
});
