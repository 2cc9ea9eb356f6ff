import { GeometryError } from '../errors.js';
import { modification } from './types.js';

/** The skive's varus ramp is at least `minRampMm` wide, ending where the heel-cup wall begins (design constant, docs/clinical-basis.md [CB-skive-shape]). */
export const SKIVE_RULES = { minRampMm: 8 } as const;

/**
 * Medial heel (Kirby) skive: the medial heel seat raised by a varus-angled plane, a ramp ending
 * where the heel-cup wall begins, fading out with the rearfoot post. The coupling rules it is
 * part of (it needs a post and a 14 mm cup; with the post's inversion it may need a deeper cup)
 * are src/limits' own.
 */
export const medialHeelSkive = modification<{ depth: number; angle: number }, 'medialHeelSkive', 'depth'>({
  key: 'medialHeelSkive',
  label: 'Medial heel skive',
  name: 'medial heel skive',
  description: 'Medial heel (Kirby) skive: the medial heel seat raised by a varus-angled plane. Needs an extrinsic rearfoot post and a heel cup of at least 14 mm. null or omitted for none.',
  parts: {
    depth: { unit: 'mm', description: 'Rise at the medial side of the heel seat, mm.', maximum: 20, exclusiveMinimum: 0 },
    angle: { default: 20, unit: 'deg', description: 'Angle of the skive plane, degrees.', minimum: 5, maximum: 45 },
  },
  required: ['depth'],
  defaultSource: 'none; when given, a 20° skive plane (Kirby skives are cut at 15-25°)',
  recess: false,
  limits: [{
    parameter: 'medialHeelSkive.depth', part: 'depth', requiredInProfile: true,
    levels: { unit: 'mm', warnAbove: 4, maxAllowed: 6, source: 'docs/clinical-basis.md [CB-skive]; Kirby 1992 (technique); Kirby 2024 (2–6 mm, 8 in extreme cases); Bonanno 2012 (medial heel peak pressure +15% at 4 mm, +29% at 6 mm)', why: 'a deep skive inverts the heel hard: inversion sprains and lateral ankle pain' },
    subject: (p, { mm }) => `medial heel skive ${mm(p.depth)}`,
  }],
  steps: [
    { parameter: 'medialHeelSkive.depth', part: 'depth', maxStep: 2, source: 'docs/clinical-basis.md [CB-step-skive]; engineering choice (no published per-step limit): the low end of the typical 2–4 mm skive (no pressure change at 2 mm, Bonanno 2012)', why: 'a skive adds inversion force at the heel on top of the post' },
  ],
  design(s, { lm, cupWallWidth, postFade }) {
    const u1 = lm.heelWidthMm / 2 - cupWallWidth;
    const ramp = Math.max(SKIVE_RULES.minRampMm, s.depth / Math.tan((s.angle * Math.PI) / 180));
    const room = u1 - 0.15 * lm.heelWidthMm; // the ramp starts at least 0.15 heel widths medial of the centre
    if (ramp > room) {
      // Say what to change: the angle (or depth) when the slope sets the ramp, the cup when even the narrowest ramp does not fit.
      const why = ramp > SKIVE_RULES.minRampMm
        ? `a ${s.depth} mm skive at ${s.angle}° needs a ${ramp.toFixed(1)} mm ramp, and this heel seat has ${Math.max(0, room).toFixed(1)} mm for it medial of the heel's centre: use a steeper angle or a shallower skive`
        : `a skive's ramp needs at least ${SKIVE_RULES.minRampMm} mm of heel seat medial of the heel's centre, and this ${lm.heelWidthMm.toFixed(1)} mm heel has ${Math.max(0, room).toFixed(1)} mm inside its heel cup's ${cupWallWidth.toFixed(1)} mm walls: use a shallower heel cup`;
      throw new GeometryError([{ pointer: '/prescription/medialHeelSkive', rule: why, value: s.depth }]);
    }
    return {
      features: [],
      params: { skive: 1, skiveDepth: s.depth, skiveHeelY: lm.heelCentre[1], skiveSign: lm.medialSign, skiveRamp: [u1 - ramp, u1], skiveFade: [postFade[0], postFade[1]] },
    };
  },
});
