import { modification } from './types.js';

/** First-ray cut-out: the device lowered under the first metatarsal head so the first ray can plantarflex. */
export const firstRayCutout = modification<{ depth: number }, 'firstRayCutout'>({
  key: 'firstRayCutout',
  label: 'First-ray cut-out',
  name: 'first-ray cut-out',
  description: 'First-ray cut-out: the device lowered under the first metatarsal head so the first ray can plantarflex. {} for the default; null or omitted for none.',
  parts: { depth: { default: 2, unit: 'mm', description: 'Depth under MTH1, mm.', maximum: 10, exclusiveMinimum: 0 } },
  defaultSource: 'none; {} lowers the device 2 mm under MTH1 (docs/clinical-basis.md [CB-default-recesses], lab practice)',
  recess: true,
  limits: [],
  steps: [],
  design(c, { lm, rules }) {
    const half = rules.firstRayHalfLengthMm;
    return { features: [{ kind: 'firstRay', xc: lm.ballX, depth: c.depth, x0: lm.ballX - half, x1: lm.ballX + half }] };
  },
});
