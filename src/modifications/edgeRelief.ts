import { modification } from './types.js';

/** The edge softened and lowered at MTH1 (bunion relief) or MTH5 (bunionette relief). */
function edgeRelief<K extends 'bunionRelief' | 'bunionetteRelief'>(key: K, lateral: boolean) {
  return modification<{ depth: number }, K>({
    key,
    label: lateral ? 'Bunionette relief' : 'Bunion relief',
    name: lateral ? 'bunionette relief' : 'bunion relief',
    description: lateral
      ? "Bunionette (tailor's bunion) relief: the lateral edge softened and lowered at MTH5. {} for the default; null or omitted for none."
      : 'Bunion relief: the medial edge softened and lowered at MTH1. {} for the default; null or omitted for none.',
    parts: { depth: { default: 2, unit: 'mm', description: 'How far the edge is lowered, mm.', maximum: 10, exclusiveMinimum: 0 } },
    defaultSource: `none; {} lowers the ${lateral ? 'lateral edge 2 mm at MTH5' : 'medial edge 2 mm at MTH1'} (docs/clinical-basis.md [CB-default-recesses], lab practice)`,
    recess: true,
    limits: [],
    steps: [],
    design(p, { lm, mth, rules }) {
      const xc = lateral ? mth(lm.ballLateralY) : lm.ballX;
      const half = rules.edgeReliefHalfLengthMm;
      return { features: [{ kind: 'edge', xc, lateral, depth: p.depth, x0: xc - half, x1: xc + half }] };
    },
  });
}

export const bunionRelief = edgeRelief('bunionRelief', false);
export const bunionetteRelief = edgeRelief('bunionetteRelief', true);
