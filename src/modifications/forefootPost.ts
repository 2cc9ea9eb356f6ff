import { GeometryError } from '../errors.js';
import { modification } from './types.js';

/** Where the post runs (design constants, docs/clinical-basis.md [CB-forefoot-post-shape]): it rises from `ramp[0]` to full tilt at `ramp[1]` (× foot length, before MTH5 at ≈ 0.625), and a sulcus-length post blends out over `fade` × foot length beyond the sulcus line. */
export const FOREFOOT_POST_RULES = { ramp: [0.5, 0.6] as const, fade: 0.05 } as const;

/**
 * Forefoot post: the forefoot plane tilted in the frontal plane under the metatarsal heads (varus:
 * medial side up), the underside flat on the floor; to the sulcus (then blended out) or the device's end.
 */
export const forefootPost = modification<{ wedge: 'varus' | 'valgus'; angle: number; extent: 'sulcus' | 'full' }, 'forefootPost', 'wedge' | 'angle'>({
  key: 'forefootPost',
  label: 'Forefoot post',
  name: 'forefoot post',
  description: 'Forefoot post: the forefoot plane tilted in the frontal plane under the metatarsal heads, underside flat on the floor. null or omitted for none.',
  parts: {
    wedge: { choices: ['varus', 'valgus'], description: 'Which side the post raises (no unit): varus (medial side up) or valgus (lateral side up).' },
    angle: { unit: 'deg', description: 'Frontal-plane tilt of the forefoot, degrees.', minimum: 0, maximum: 45 },
    extent: { choices: ['sulcus', 'full'], default: 'sulcus', description: "How far the post runs (no unit): sulcus (to the base of the toes, then blends out) or full (to the device's end). Needs a sulcus or full-length device." },
  },
  required: ['wedge', 'angle'],
  defaultSource: 'none; when given, extent sulcus (the usual forefoot extension)',
  recess: false,
  limits: (['varus', 'valgus'] as const).map((wedge) => ({
    parameter: `forefootPost.${wedge}.angle`, part: 'angle', requiredInProfile: true, description: `Angle of a ${wedge} forefoot post`,
    when: (p: { wedge: string }) => p.wedge === wedge,
    context: (p: { wedge: string }) => ` for a ${p.wedge} post`,
    levels: wedge === 'varus'
      ? { unit: 'deg' as const, warnAbove: 4, maxAllowed: 5, source: 'docs/clinical-basis.md [CB-forefoot-varus]; 5° varus limit of classic Root balancing (KevinRoot Medical; method of Root 1977); 4° warn level is lab practice', why: 'a steep varus forefoot post inverts the forefoot and overloads the first ray and the lateral knee' }
      : { unit: 'deg' as const, warnAbove: 6, maxAllowed: 20, source: 'docs/clinical-basis.md [CB-forefoot-valgus]; 20° valgus limit of classic Root balancing (KevinRoot Medical; method of Root 1977); 6° warn level is lab practice', why: 'a steep valgus forefoot post everts the forefoot and overloads the lateral column' },
    subject: (p: { angle: number }, { deg }: { deg(v: number): string }) => `forefoot post ${deg(p.angle)}`,
  })),
  steps: [
    { parameter: 'forefootPost.angle', part: 'angle', label: (p) => `${p.wedge} forefoot post`, maxStep: 2, source: 'docs/clinical-basis.md [CB-step-forefoot]; engineering choice (no published per-step limit): half the 4° varus warn level', why: 'a forefoot post changes how the forefoot loads at push-off; introduced in steps it is tolerated better' },
  ],
  design(f, { lm, outline, xMax, length, sulcusX }) {
    if (length === 'three-quarter' || (f.extent === 'full' && length !== 'full')) {
      throw new GeometryError([{
        pointer: '/prescription/forefootPost',
        rule: `runs under the forefoot to the ${f.extent === 'full' ? "device's end, so it needs a full-length device" : 'sulcus, so it needs a sulcus or full-length device'}, not ${length}`,
        value: length,
      }]);
    }
    if (!(f.angle > 0)) return { features: [] };
    const fl = lm.footLengthMm;
    const upSign = f.wedge === 'varus' ? lm.medialSign : -lm.medialSign;
    const x0 = FOREFOOT_POST_RULES.ramp[0] * fl, x1 = FOREFOOT_POST_RULES.ramp[1] * fl;
    // A full-length post fades past the device's end: never, on the device.
    const [fade0, fade1] = f.extent === 'full' ? [xMax + 1, xMax + 2] : [sulcusX, sulcusX + FOREFOOT_POST_RULES.fade * fl];
    // The low side stays at shell thickness: reference the lowest outline point under the post.
    let ref = Infinity;
    for (let i = 0; i < outline.length; i += 2) if (outline[i]! > x0 && outline[i]! < fade1) ref = Math.min(ref, upSign * outline[i + 1]!);
    return {
      features: [],
      params: { forefootPost: 1, forefootTan: Math.tan((f.angle * Math.PI) / 180), forefootUp: upSign, forefootRef: ref, forefootRamp: [x0, x1], forefootFade: [fade0, fade1] },
    };
  },
});
