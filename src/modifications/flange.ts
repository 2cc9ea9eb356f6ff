import { numberModification, type Levels } from './types.js';

/** Shared by both flanges: one limit parameter and one step limit for the height. */
const HEIGHT_LEVELS: Levels = {
  unit: 'mm', warnAbove: 12, maxAllowed: 22,
  source: "docs/clinical-basis.md [CB-flange]; engineering choice: a flange is a wall like the heel cup's; ceiling = the cup's 22 mm warn level, warn level = the sport-cup range",
  why: 'a high flange presses on the navicular or the fifth metatarsal base and does not fit the shoe',
};
const HEIGHT_STEP = { maxStep: 4, source: 'docs/clinical-basis.md [CB-step-flange]; engineering choice (no published per-step limit): half of an 8 mm flange, the height the kernel tests use', why: 'a flange presses on the side of the arch or the lateral column' };

/** A raised edge (a wall like the heel cup's) along the medial arch or the lateral column, mm above the surface at the edge. */
function flange<K extends 'medialFlange' | 'lateralFlange'>(key: K, lateral: boolean) {
  const name = lateral ? 'lateral flange' : 'medial flange';
  const description = lateral
    ? 'Lateral flange: a raised edge along the lateral column, mm above the surface at the edge.'
    : 'Medial flange: a raised edge along the medial arch, mm above the surface at the edge.';
  return numberModification({
    key,
    label: lateral ? 'Lateral flange' : 'Medial flange',
    name,
    description,
    number: { default: 0, unit: 'mm', description, minimum: 0, maximum: 30 },
    defaultSource: '0 mm: no flange',
    recess: false,
    limits: [{ parameter: 'flangeHeight', requiredInProfile: true, when: (v) => v > 0, levels: HEIGHT_LEVELS, description: 'Height of a medial or lateral flange', subject: (v, { mm }) => `${name} ${mm(v)}` }],
    steps: [{ parameter: 'flangeHeight', description: 'the height of a medial or lateral flange', ...HEIGHT_STEP }],
    design: (height) => ({ features: [], params: lateral ? { flangeLateral: height } : { flangeMedial: height } }),
  });
}

export const medialFlange = flange('medialFlange', false);
export const lateralFlange = flange('lateralFlange', true);
