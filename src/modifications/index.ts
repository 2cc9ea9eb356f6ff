/**
 * The modification registry: every modification of the top surface that a prescription can add
 * (forefoot post, skive, heel lift, pads, bar, grooves, reliefs, extensions, cuboid pad, flanges),
 * one descriptor module each. Everything else that
 * knows about them is derived from this list: the prescription schema's fields, the defaults and
 * their sources, the limits profile's parameters and step limits, the limit checks, the staged
 * series, the sheet's and viewer's labels, and the features the surface kernel draws.
 *
 * To add a modification: write its descriptor (see cuboidPad.ts), add it to MODIFICATIONS, run
 * `npm run gen:schemas` (the schemas and the built-in limits profile), and test it.
 */
import type { FeatureContext } from '../geometry/index.js';
import { cuboidPad } from './cuboidPad.js';
import { bunionetteRelief, bunionRelief } from './edgeRelief.js';
import { firstRayCutout } from './firstRayCutout.js';
import { heelSpurRelief } from './heelSpurRelief.js';
import { metatarsalBar } from './metatarsalBar.js';
import { metatarsalPad } from './metatarsalPad.js';
import { lateralFlange, medialFlange } from './flange.js';
import { forefootPost } from './forefootPost.js';
import { heelLift } from './heelLift.js';
import { medialHeelSkive } from './medialHeelSkive.js';
import { plantarFasciaGroove } from './plantarFasciaGroove.js';
import { mortonsExtension, reverseMortonsExtension } from './platformExtension.js';
import type { FeatureDesign, Levels, ModificationDescriptor, NumberDescriptor, ObjectDescriptor } from './types.js';

export { CUBOID_PAD_RULES } from './cuboidPad.js';
export { modification, numberModification, type ChoicePart, type FeatureDesign, type Levels, type LimitSpec, type ModificationDescriptor, type NumberPart, type Part, type StepSpec } from './types.js';

/** Every modification, in the order prescriptions and reports list them. */
export const MODIFICATIONS = [
  forefootPost, medialHeelSkive, heelLift,
  metatarsalPad, metatarsalBar, plantarFasciaGroove, heelSpurRelief, firstRayCutout,
  mortonsExtension, reverseMortonsExtension, bunionRelief, bunionetteRelief, cuboidPad,
  medialFlange, lateralFlange,
] as const;

type Entry = (typeof MODIFICATIONS)[number];
/** The prescription field of a modification. */
export type ModificationKey = Entry['key'];
/** A modification's value with every default filled in: its parts, or its number. */
export type ModificationParts<K extends ModificationKey> =
  Extract<Entry, { key: K }> extends ObjectDescriptor<infer P, K, infer _R> ? P : Extract<Entry, { key: K }> extends NumberDescriptor<K> ? number : never;
/** A modification as a clinician writes it: the required parts, the others optional (`{}` for the defaults); or its number. */
export type ModificationAsked<K extends ModificationKey> =
  Extract<Entry, { key: K }> extends ObjectDescriptor<infer P, K, infer R> ? Pick<P, R> & Partial<Omit<P, R>> : number;
/** Every modification as a clinician writes it: each optional; null (or 0 for a number) for none. */
export type ModificationsAsked = { [K in ModificationKey]?: ModificationParts<K> extends number ? number : ModificationAsked<K> | null };
/** Every modification with its defaults filled in: null (or 0 for a number) for none. */
export type ModificationsResolved = { [K in ModificationKey]: ModificationParts<K> extends number ? number : ModificationParts<K> | null };

/** The registry as plain descriptors (for code that walks every modification alike). */
export const REGISTRY: readonly ModificationDescriptor[] = MODIFICATIONS as unknown as readonly ModificationDescriptor[];

/** Every modification's value when absent (null, or 0 for a number), for the prescription defaults. */
export const MODIFICATION_NONE = Object.freeze(Object.fromEntries(REGISTRY.map((d) => [d.key, d.number ? 0 : null]))) as ModificationsResolved;

/** The parts a clinician may leave out, by field: `"metatarsalPad": {}` is the default pad. */
export const MODIFICATION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number | string>>>> = Object.freeze(Object.fromEntries(REGISTRY.flatMap((d) => (d.parts
  ? [[d.key, Object.freeze(Object.fromEntries(Object.entries(d.parts).flatMap(([k, p]) => (p.default === undefined ? [] : [[k, p.default]]))))]]
  : []))));

/** Where each modification's default comes from. */
export const MODIFICATION_DEFAULT_SOURCES = Object.freeze(Object.fromEntries(REGISTRY.map((d) => [d.key, d.defaultSource]))) as { readonly [K in ModificationKey]: string };

/** The modifications that take material out of the top (each has a `depth`, mm). */
export type RecessKey = { [K in ModificationKey]: ModificationParts<K> extends { depth: number } ? K : never }[ModificationKey];
export const RECESS_FIELDS = Object.freeze(REGISTRY.filter((d) => d.recess).map((d) => d.key)) as readonly RecessKey[];

/** The number a limit or a step bounds: a part, or the modification's own number. */
function numberPart(d: ModificationDescriptor, part: string | undefined): { unit: 'mm' | 'deg'; description: string } {
  const p = part === undefined ? d.number : d.parts?.[part];
  if (!p || !('unit' in p)) throw new Error(`${d.key}: no number ${part ?? ''}`);
  return p;
}

const UNIT_WORDS = { mm: 'mm', deg: 'degrees' } as const;

/** How the limits schema names a part: its label (`behind the MTH line`) or its name; nothing for a number modification. */
function partWords(d: ModificationDescriptor, part: string | undefined): string {
  const p = part === undefined ? undefined : (d.parts?.[part] as { label?: string } | undefined);
  return p?.label ?? part ?? '';
}

/** Every limit parameter the modifications are checked against (each once), with its built-in levels and its schema description. */
export const MODIFICATION_LIMITS: ReadonlyArray<{ parameter: string; levels: Levels; requiredInProfile: boolean; description: string }> = Object.freeze(
  [...new Map(REGISTRY.flatMap((d) => d.limits.map((l) => [l.parameter, {
    parameter: l.parameter, levels: l.levels, requiredInProfile: l.requiredInProfile,
    description: `${l.description ?? `${d.label} ${partWords(d, l.part)}`.trim()}, ${UNIT_WORDS[l.levels.unit]}.`,
  }] as const))).values()],
);

/** Every step limit of a staged series the modifications bring (each once), with its schema description. */
export const MODIFICATION_STEPS: ReadonlyArray<{ parameter: string; unit: 'mm' | 'deg'; maxStep: number; source: string; why: string; description: string }> = Object.freeze(
  [...new Map(REGISTRY.flatMap((d) => d.steps.map((s) => {
    const unit = numberPart(d, s.part).unit;
    const what = s.description ?? (s.part ? `the ${d.name}'s ${partWords(d, s.part)}` : `the ${d.name}`);
    return [s.parameter, { parameter: s.parameter, unit, maxStep: s.maxStep, source: s.source, why: s.why, description: `Change of ${what} between consecutive stages, ${UNIT_WORDS[unit]}.` }] as const;
  }))).values()],
);

/** How the sheet names a limit parameter of a modification (`Metatarsal pad behind the MTH line`), by parameter. */
export const MODIFICATION_LIMIT_LABELS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(
  REGISTRY.flatMap((d) => d.limits.filter((l) => l.part && l.parameter.startsWith(`${d.key}.`)).map((l) => [l.parameter, `${d.label} ${(d.parts?.[l.part!] as { label?: string } | undefined)?.label ?? l.part}`])),
));

/** What every modification a prescription asks for adds to the surface (features, parameters), in registry order. */
export function modificationDesigns(resolved: ModificationsResolved, ctx: FeatureContext): FeatureDesign[] {
  const out: FeatureDesign[] = [];
  for (const d of REGISTRY) {
    const value = (resolved as Readonly<Record<string, unknown>>)[d.key];
    if (value) out.push({ ...(d.design as (v: unknown, c: FeatureContext) => FeatureDesign)(value, ctx), key: d.key });
  }
  return out;
}

/** Every part of every modification by name: its unit and how the sheet names it. */
export const MODIFICATION_PARTS: Readonly<Record<string, { unit: 'mm' | 'deg'; label?: string }>> = Object.freeze(Object.fromEntries(REGISTRY.flatMap((d) => Object.entries(d.parts ?? {}).filter(([, p]) => 'unit' in p)))) as unknown as Record<string, { unit: 'mm' | 'deg'; label?: string }>;
