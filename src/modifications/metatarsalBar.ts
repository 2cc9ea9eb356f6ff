import { modification } from './types.js';

/** Metatarsal bar: a ridge across MTH 1-5 just behind the heads, rounded distally, bevelled proximally. */
export const metatarsalBar = modification<{ height: number; behindMth: number; bevel: number }, 'metatarsalBar'>({
  key: 'metatarsalBar',
  label: 'Metatarsal bar',
  name: 'metatarsal bar',
  description: 'Metatarsal bar: a ridge across MTH 1-5 just behind the heads, rounded distally and bevelled proximally. {} for the default bar; null or omitted for none.',
  parts: {
    height: { default: 4, unit: 'mm', description: 'Bar height, mm.', maximum: 30, exclusiveMinimum: 0 },
    behindMth: { default: 6, unit: 'mm', label: 'behind the MTH line', description: 'Distal edge behind the metatarsal-head line, mm.', minimum: -30, maximum: 60 },
    bevel: { default: 25, unit: 'mm', description: 'Length of the proximal bevel, mm.', minimum: 5, maximum: 80 },
  },
  defaultSource: 'none; {} gives a 4 mm bar, 6 mm behind the MTH line, with a 25 mm proximal bevel (docs/clinical-basis.md [CB-default-met-bar]; Lee 2014)',
  recess: false,
  limits: [
    {
      parameter: 'metatarsalBar.height', part: 'height', requiredInProfile: true,
      levels: { unit: 'mm', warnAbove: 8, maxAllowed: 12, source: "docs/clinical-basis.md [CB-met-bar]; engineering choice: the metatarsal pad's limits applied to a bar across MTH 1-5 [CB-met-pad]", why: 'a tall bar makes a ridge under the metatarsal shafts' },
      subject: (p, { mm }) => `metatarsal bar height ${mm(p.height)}`,
    },
    {
      parameter: 'metatarsalBar.behindMth', part: 'behindMth', requiredInProfile: true,
      levels: { unit: 'mm', warnBelow: 3, minAllowed: -5, source: 'docs/clinical-basis.md [CB-met-bar]; as the pad [CB-met-pad-position]: a bar sits just proximal to the heads (Lee 2014)', why: 'a bar under or beyond the metatarsal heads loads the heads it should offload' },
      subject: (p, { mm }) => `metatarsal bar distal edge ${p.behindMth >= 0 ? `${mm(p.behindMth)} behind` : `${mm(-p.behindMth)} distal of`} the metatarsal-head line (behindMth ${mm(p.behindMth)})`,
    },
  ],
  steps: [
    { parameter: 'metatarsalBar.height', part: 'height', maxStep: 2, source: 'docs/clinical-basis.md [CB-step-met-bar]; engineering choice (no published per-step limit): half the 4 mm default bar', why: 'a bar loads the whole forefoot behind the heads: introduced gradually' },
  ],
  design(b, { mth, yAcross, rules }) {
    const xs: number[] = [];
    for (let i = 0; i <= 20; i++) xs.push(mth(yAcross(i / 20)));
    return { features: [{ kind: 'bar', height: b.height, behind: b.behindMth, bevel: b.bevel, x0: Math.min(...xs) - b.behindMth - rules.metBarRoundMm - rules.metBarPlateauMm - b.bevel - 1, x1: Math.max(...xs) - b.behindMth + 1 }] };
  },
});
