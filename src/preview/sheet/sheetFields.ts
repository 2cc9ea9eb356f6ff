/**
 * How the sign-off sheet names and formats the report's fields. Known fields get a clinician's
 * label and unit; a field this table does not know yet (the prescription and the measurements grow)
 * is still shown, labelled from its key ("forefootPostDeg" → "Forefoot post", °).
 * Every string returned here is plain text: the caller escapes it.
 */
import { MATERIALS, type MaterialId } from '../../materials/index.js';
import { MODIFICATION_LIMIT_LABELS, MODIFICATION_PARTS, REGISTRY } from '../../modifications/index.js';
import { fixed } from '../shared/index.js';

/** A prescription field: its label, and how to print a value of it. */
interface FieldFormat {
  label: string;
  format: (v: unknown) => string;
}

const mm = (v: unknown): string => (typeof v === 'number' ? `${fixed(v)} mm` : generic(v));
const deg = (v: unknown): string => (typeof v === 'number' ? `${fixed(v)}°` : generic(v));

/** Units of the parts of a modification (`metatarsalPad.height`, `forefootPost.angle`, ...). */
const PART_UNITS: Readonly<Record<string, string>> = {
  angle: '°', ...Object.fromEntries(Object.entries(MODIFICATION_PARTS).map(([name, p]) => [name, p.unit === 'deg' ? '°' : 'mm'])),
};
const PART_LABELS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(MODIFICATION_PARTS).flatMap(([name, p]) => (p.label ? [[name, p.label]] : [])));

/** A modification object as `height 5.0 mm, width 18.0 mm, ...`; `none` for null. */
const parts = (v: unknown): string => {
  if (v === null || v === undefined) return 'none';
  if (typeof v !== 'object' || Array.isArray(v)) return generic(v);
  const entries = Object.entries(v as Record<string, unknown>);
  if (!entries.length) return 'yes (defaults)';
  return entries.map(([k, x]) => {
    const unit = PART_UNITS[k];
    const label = PART_LABELS[k] ?? labelFromKey(k).toLowerCase();
    return typeof x === 'number' && unit ? `${label} ${fixed(x)}${unit === '°' ? '°' : ` ${unit}`}` : `${label} ${generic(x)}`;
  }).join(', ');
};
const mmOrNone = (v: unknown): string => (v === 0 ? 'none' : mm(v));

const LENGTHS: Record<string, string> = {
  full: 'full length',
  sulcus: 'sulcus length',
  'three-quarter': 'three-quarter',
};

/** The prescription's known fields, in the order a clinician reads them. */
export const PRESCRIPTION_FIELDS: Readonly<Record<string, FieldFormat>> = {
  length: { label: 'Device length', format: (v) => (typeof v === 'string' && LENGTHS[v]) || generic(v) },
  shellThickness: { label: 'Shell thickness', format: mm },
  heelCupDepth: { label: 'Heel cup depth', format: mm },
  archHeight: { label: 'Arch height (above the heel seat)', format: mm },
  rearfootPost: {
    label: 'Rearfoot post',
    format: (v) => {
      if (v === null || v === undefined) return 'none';
      const p = v as { wedge?: unknown; angle?: unknown };
      return typeof p.wedge === 'string' && typeof p.angle === 'number' ? `${p.wedge} ${fixed(p.angle)}° (${p.wedge} side raised)` : generic(v);
    },
  },
  // The modifications (src/modifications): each by its label, a number in mm, or its parts; the forefoot post in words.
  ...Object.fromEntries(REGISTRY.map((d) => [d.key, { label: d.label, format: d.number ? mmOrNone : parts }])),
  forefootPost: {
    label: 'Forefoot post',
    format: (v) => {
      const p = v as { wedge?: unknown; angle?: unknown; extent?: unknown } | null;
      if (!p) return 'none';
      return typeof p.wedge === 'string' && typeof p.angle === 'number'
        ? `${p.wedge} ${fixed(p.angle)}°${typeof p.extent === 'string' ? `, to the ${p.extent === 'full' ? "device's end" : p.extent}` : ''}`
        : parts(v);
    },
  },
  archFill: { label: 'Arch fill', format: mmOrNone },
  construction: { label: 'Construction', format: (v) => (v === 'shell' ? 'shell (even thickness)' : v === 'filled' ? 'filled (solid under the arch)' : generic(v)) },
  topCover: { label: 'Top cover', format: mmOrNone },
  material: { label: 'Material', format: (v) => (typeof v === 'string' && v in MATERIALS ? MATERIALS[v as MaterialId].name : generic(v)) },
  shoe: { label: 'Shoe', format: (v) => (v === null || v === undefined ? 'none' : typeof v === 'object' ? shoeText(v as Record<string, unknown>) : generic(v)) },
  bodyWeight: { label: 'Body weight', format: (v) => (typeof v === 'number' ? `${fixed(v, 0)} kg` : v === null ? 'not given' : generic(v)) },
};

/** Whether a prescription value means "nothing of this" (null, 0, empty). */
export function isNone(v: unknown): boolean {
  return v === null || v === undefined || v === 0 || v === false;
}

/** A measured quantity: label, unit, decimals, and which prescription value it checks (if any). */
interface MeasuredFormat {
  label: string;
  format: (v: unknown) => string;
  /** The prescription value this measurement answers to, shown beside it for the reader to compare
   *  (no verdict: modifications such as a lift or a top cover legitimately move the numbers). */
  prescribed?: (applied: Record<string, unknown>) => number | string | null;
}

const post = (applied: Record<string, unknown>): { wedge: string; angle: number } | null => {
  const p = applied.rearfootPost as { wedge?: unknown; angle?: unknown } | null | undefined;
  return p && typeof p.wedge === 'string' && typeof p.angle === 'number' ? { wedge: p.wedge, angle: p.angle } : null;
};
const num = (key: string) => (applied: Record<string, unknown>): number | null => (typeof applied[key] === 'number' ? (applied[key] as number) : null);

/** Measured fields the sheet shows elsewhere (volume with the mass, triangles in the build record). */
export const MEASURED_SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(['volumeMm3', 'triangleCount']);

/** The measured geometry's known fields, in order. */
export const MEASURED_FIELDS: Readonly<Record<string, MeasuredFormat>> = {
  lengthMm: { label: 'Top-surface length', format: mm },
  overall: {
    label: 'Overall L × W × H',
    format: (v) => {
      const o = v as { lengthMm?: unknown; widthMm?: unknown; heightMm?: unknown } | null;
      return o && typeof o.lengthMm === 'number' && typeof o.widthMm === 'number' && typeof o.heightMm === 'number'
        ? `${fixed(o.lengthMm)} × ${fixed(o.widthMm)} × ${fixed(o.heightMm)} mm`
        : generic(v);
    },
  },
  archHeightMm: { label: 'Arch apex above the heel seat', format: mm, prescribed: num('archHeight') },
  heelCupDepthMm: { label: 'Heel cup depth', format: mm, prescribed: num('heelCupDepth') },
  postAngleDeg: { label: 'Heel seat tilt (post)', format: deg, prescribed: (a) => post(a)?.angle ?? 0 },
  postHighSide: { label: 'Raised side', format: generic, prescribed: (a) => post(a)?.wedge ?? 'none' },
  heelSeatPitchDeg: { label: 'Heel seat pitch', format: deg },
  minThicknessMm: { label: 'Thinnest wall', format: mm, prescribed: num('shellThickness') },
  maxShellThicknessMm: { label: 'Thickest wall, no post', format: mm },
  postUndersideMaxZMm: { label: 'Underside lift under post', format: mm },
  volumeMm3: { label: 'Volume', format: (v) => (typeof v === 'number' ? `${fixed(v / 1000, 1)} cm³` : generic(v)) },
  triangleCount: { label: 'Triangles', format: (v) => (typeof v === 'number' ? v.toLocaleString('en-GB') : generic(v)) },
};

/** Limit parameters and coupling rules as a clinician names them (others: `limitLabel`'s fallback). */
export const LIMIT_LABELS: Readonly<Record<string, string>> = {
  ...MODIFICATION_LIMIT_LABELS,
  'rearfootPost.medial.angle': 'Rearfoot post, medial',
  'rearfootPost.lateral.angle': 'Rearfoot post, lateral',
  'forefootPost.varus.angle': 'Forefoot post, varus',
  'forefootPost.valgus.angle': 'Forefoot post, valgus',
  'medialHeelSkive.depth': 'Medial heel skive',
  heelCupDepth: 'Heel cup depth',
  archRaise: 'Arch raised above the scanned arch',
  heelHeight: 'Total height under the heel',
  minimumWall: 'Minimum wall',
  'combined.antiPronation': 'Combined anti-pronation correction',
  'combined.antiSupination': 'Combined anti-supination correction',
  'coupling.skiveNeedsPostAndCup': 'Skive needs a post and a 14 mm cup',
  'coupling.skiveAndInversionCup': 'Skive + inversion needs a deeper cup',
  'coupling.liftNeedsArchFill': 'Heel lift needs arch fill',
};

/** A limit parameter's label: known ones from LIMIT_LABELS, `shellThickness.pa12` as "Shell thickness (pa12)", others from the key. */
export function limitLabel(parameter: string): string {
  const known = LIMIT_LABELS[parameter];
  if (known) return known;
  const [head, ...rest] = parameter.split('.');
  return `${labelFromKey(head ?? parameter)}${rest.length ? ` (${rest.join(', ')})` : ''}`;
}

/** "forefootPostDeg" → "Forefoot post"; the unit suffix (Mm, Deg, Mm3) is dropped from the label. */
export function labelFromKey(key: string): string {
  const base = key.replace(/(Mm3|Mm|Deg|Gcm3)$/, '') || key;
  const words = base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[._-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value of a field this table does not know, with the unit its key names. */
export function formatByKey(key: string, v: unknown): string {
  if (typeof v === 'number') {
    if (/Mm3$/.test(key)) return `${fixed(v / 1000, 1)} cm³`;
    if (/Mm$/.test(key)) return `${fixed(v)} mm`;
    if (/Deg$/.test(key)) return `${fixed(v)}°`;
  }
  return generic(v);
}

/** Any JSON value as short text: numbers to 2 decimals at most, objects as `key: value; ...`. */
export function generic(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 100) / 100 + 0) : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(generic).join(', ');
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${labelFromKey(k).toLowerCase()}: ${formatByKey(k, x)}`).join('; ');
  return String(v);
}

/** Formats a prescription value of `key` (known or not). */
export function formatPrescription(key: string, v: unknown): string {
  const known = PRESCRIPTION_FIELDS[key];
  return known ? known.format(v) : formatByKey(key, v);
}

/** Formats a measured value of `key` (known or not). */
export function formatMeasured(key: string, v: unknown): string {
  const known = MEASURED_FIELDS[key];
  return known ? known.format(v) : formatByKey(key, v);
}

/** Keys of an object in display order: the known ones in `order`'s order, then the rest as they come. */
export function orderedKeys(order: Readonly<Record<string, unknown>>, ...objects: ReadonlyArray<object | null | undefined>): string[] {
  const present = new Set<string>();
  for (const o of objects) if (o) for (const k of Object.keys(o)) present.add(k);
  return [...Object.keys(order).filter((k) => present.has(k)), ...[...present].filter((k) => !(k in order))];
}

/** A shoe in a few words: insole (outline or sizes), heel height, depth. */
function shoeText(s: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(s.insoleOutline)) parts.push(`insole outline (${s.insoleOutline.length} points)`);
  for (const [k, label] of [['length', 'insole'], ['ballWidth', 'ball'], ['heelWidth', 'heel'], ['heelHeight', 'heel height'], ['depth', 'depth']] as const) {
    if (typeof s[k] === 'number') parts.push(`${label} ${fixed(s[k] as number)} mm`);
  }
  return parts.join(', ');
}
