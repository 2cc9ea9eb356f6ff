import { GeometryError } from '../errors.js';
import { modification, type Levels } from './types.js';

/** Shared by both extensions: one limit parameter and one step limit for the platform's height. */
const HEIGHT_LEVELS: Levels = {
  unit: 'mm', warnAbove: 4, maxAllowed: 8,
  source: 'docs/clinical-basis.md [CB-extension]; engineering choice: 4 mm across a 90 mm forefoot tilts it about as much as the 4° forefoot warn level, 8 mm about the 5° varus ceiling',
  why: 'a tall extension tilts the forefoot as much as an over-steep forefoot post',
};
const HEIGHT_STEP = { maxStep: 2, source: 'docs/clinical-basis.md [CB-step-extension]; engineering choice (no published per-step limit): two thirds of the 3 mm default extension', why: 'an extension changes how the first or lesser rays load at push-off' };

/**
 * A platform under the first ray (Morton's extension: MTH1 and the hallux) or the lesser rays
 * (reverse Morton's: MTH 2-5 and the lesser toes), from behind the heads to the device's end.
 */
function platformExtension<K extends 'mortonsExtension' | 'reverseMortonsExtension'>(key: K, lateral: boolean) {
  const name = lateral ? "reverse Morton's extension" : "Morton's extension";
  return modification<{ height: number }, K>({
    key,
    label: lateral ? "Reverse Morton's extension" : "Morton's extension",
    name,
    description: lateral
      ? "Reverse Morton's extension: a platform under MTH 2-5 and the lesser toes. Needs a sulcus or full-length device. {} for the default; null or omitted for none."
      : "Morton's extension: a platform under MTH1 and the hallux. Needs a sulcus or full-length device. {} for the default; null or omitted for none.",
    parts: { height: { default: 3, unit: 'mm', description: 'Platform height, mm.', maximum: 15, exclusiveMinimum: 0 } },
    defaultSource: `none; {} gives a 3 mm platform under ${lateral ? 'MTH 2-5' : 'MTH1 and the hallux'} (docs/clinical-basis.md [CB-default-morton], lab practice)`,
    recess: false,
      limits: [{ parameter: 'extensionHeight', part: 'height', requiredInProfile: true, levels: HEIGHT_LEVELS, description: "Height of a Morton's or reverse Morton's extension", subject: (p, { mm }) => `${name} ${mm(p.height)}` }],
    steps: [{ parameter: 'extensionHeight', part: 'height', description: "the height of a Morton's or reverse Morton's extension", ...HEIGHT_STEP }],
    design(p, { lm, mth, xMax, rules, length }) {
      if (length === 'three-quarter') {
        throw new GeometryError([{ pointer: `/prescription/${key}`, rule: 'runs under the toes, so it needs a sulcus or full-length device, not three-quarter', value: length }]);
      }
      const x0 = Math.min(mth(lm.ballMedialY), mth(lm.ballLateralY)) - rules.platformStartBehindMthMm;
      return { features: [{ kind: 'platform', height: p.height, lateral, x0, x1: xMax + 1, endFade: xMax + 1 }] };
    },
  });
}

export const mortonsExtension = platformExtension('mortonsExtension', false);
export const reverseMortonsExtension = platformExtension('reverseMortonsExtension', true);
