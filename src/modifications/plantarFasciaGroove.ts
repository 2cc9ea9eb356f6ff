import { modification } from './types.js';

/** The groove runs from the medial calcaneal tubercle (`from`: × foot length, and heel widths medial of the heel centre) to the first ray (`to`: × foot length, and across the device) (design constants, docs/clinical-basis.md [CB-groove-shape]). */
export const GROOVE_RULES = { from: { x: 0.15, acrossHeel: 0.15 }, to: { x: 0.6, across: 0.22 } } as const;

/** Plantar-fascia groove: a shallow channel along the medial band of the plantar fascia, heel to arch. */
export const plantarFasciaGroove = modification<{ depth: number; width: number }, 'plantarFasciaGroove'>({
  key: 'plantarFasciaGroove',
  label: 'Plantar fascia groove',
  name: 'plantar fascia groove',
  description: 'Plantar-fascia groove: a shallow channel along the medial band of the plantar fascia, heel to arch. {} for the default; null or omitted for none.',
  parts: {
    depth: { default: 2, unit: 'mm', description: 'Groove depth, mm.', maximum: 10, exclusiveMinimum: 0 },
    width: { default: 10, unit: 'mm', description: 'Groove width, mm.', minimum: 4, maximum: 30 },
  },
  defaultSource: 'none; {} gives a 2 mm deep, 10 mm wide groove (docs/clinical-basis.md [CB-default-groove], lab practice)',
  recess: true,
  limits: [],
  steps: [],
  design(g, { lm, surface }) {
    const fl = lm.footLengthMm, ms = lm.medialSign, [, hy] = lm.heelCentre;
    const ax = GROOVE_RULES.from.x * fl, ay = hy + ms * GROOVE_RULES.from.acrossHeel * lm.heelWidthMm;
    const bx = GROOVE_RULES.to.x * fl;
    const by = surface.medialYAt(bx) - ms * GROOVE_RULES.to.across * surface.widthAt(bx);
    const half = g.width / 2;
    return {
      features: [{ kind: 'groove', ax, ay, bx, by, half, depth: g.depth, x0: Math.min(ax, bx) - half, x1: Math.max(ax, bx) + half, y0: Math.min(ay, by) - half, y1: Math.max(ay, by) + half }],
      seatExclusions: [[ax, ay, half + 2], [ax + 0.1 * (bx - ax), ay + 0.1 * (by - ay), half + 2]],
    };
  },
});
