/**
 * What a modification is, in one place: its prescription fields with their defaults and sources,
 * its JSON Schema, its limits and per-step limits, its label, and how it shapes the top surface.
 * The registry (index.ts) lists every descriptor; schemas, limit-parameter lists, labels, staging and
 * the surface's features are derived from it.
 */
import type { FeatureContext, FeatureDesign } from '../geometry/index.js';

export type { FeatureDesign };

/** One number of a modification (`metatarsalPad.height`, or `heelLift` itself), as the clinician writes it. */
export interface NumberPart {
  /** Value when the clinician leaves it out (`"metatarsalPad": {}`); none for a part that must be given. */
  default?: number;
  unit: 'mm' | 'deg';
  /** Schema description (` Default N.` is appended). */
  description: string;
  /** How the sheet names it after the value, when not by its own name (`behind the MTH line`). */
  label?: string;
  /** Schema bounds: what can be read as this number at all (clinical limits are in `limits`). */
  minimum?: number;
  exclusiveMinimum?: number;
  maximum: number;
}

/** A choice of a modification (`forefootPost.wedge`). */
export interface ChoicePart<C extends string = string> {
  choices: readonly C[];
  /** Value when the clinician leaves it out; none for a part that must be given. */
  default?: C;
  /** Schema description (` Default X.` is appended). */
  description: string;
}

/** Any part. */
export type Part = NumberPart | ChoicePart;

/** Warn levels and hard limits of one limit parameter, in its `unit` (a limits profile's entry; every level optional). */
export interface Levels<U extends string = 'mm' | 'deg'> {
  unit: U;
  /** Above this: a warning, the build goes ahead. */
  warnAbove?: number;
  /** Hard ceiling: refused above it, or built at it with `clamp`. */
  maxAllowed?: number;
  /** Below this: a warning, the build goes ahead. */
  warnBelow?: number;
  /** Hard floor: refused below it, or built at it with `clamp`. */
  minAllowed?: number;
  /** Where the values come from: a tag of docs/clinical-basis.md and the short citation. */
  source: string;
  /** The clinical reason, shown when a value is refused. */
  why: string;
}

/** A limit the modification is checked against. Parameters may be shared (`extensionHeight`). */
export interface LimitSpec<V> {
  /** The limits profile's parameter name. */
  parameter: string;
  /** The part it bounds; none for a modification that is one number (`heelLift`). */
  part?: string;
  /** Only when this holds (a forefoot post's varus or valgus limit). */
  when?(value: V): boolean;
  /** Appended to a finding's sentence after the limit (` for a varus post`). */
  context?(value: V): string;
  levels: Levels;
  /** How a finding names the value, e.g. `metatarsal pad height 5 mm` (`mm` and `deg` format a value). */
  subject(value: V, format: { mm(v: number): string; deg(v: number): string }): string;
  /** Whether a lab's profile must give it (false: the built-in levels apply when it does not). */
  requiredInProfile: boolean;
  /** How the limits schema describes the parameter, when not `<label> <part>` (a shared or chosen parameter). */
  description?: string;
}

/** How a staged series spreads the modification: the part that grows stage by stage, and its largest step. */
export interface StepSpec<V> {
  parameter: string;
  /** The part that grows; none for a modification that is one number. */
  part?: string;
  /** How the stage table names it, when not by the modification's name (`varus forefoot post`). */
  label?(value: V): string;
  maxStep: number;
  source: string;
  why: string;
  /** What changes, in the limits schema's words, when not `a <name>'s <part>` (`the height of a Morton's or reverse Morton's extension`). */
  description?: string;
}

interface DescriptorBase<V, K extends string> {
  /** The prescription field. */
  key: K;
  /** How the sheet and the viewer title it (`Metatarsal pad`). */
  label: string;
  /** How messages and the stage table name it in a sentence (`metatarsal pad`). */
  name: string;
  /** Schema description of the whole modification. */
  description: string;
  /** Where the default comes from (the report's and README's list of defaults). */
  defaultSource: string;
  /** It takes material out of the top: its `depth` counts against the minimum wall. */
  recess: boolean;
  limits: ReadonlyArray<LimitSpec<V>>;
  steps: ReadonlyArray<StepSpec<V>>;
  /**
   * Prescription to surface: the features the kernel draws and the parameters it sets (posts,
   * skive, lift, flanges). @throws GeometryError naming the field when it does not fit the device
   */
  design(value: V, ctx: FeatureContext): FeatureDesign;
}

/** A modification written as an object of parts (`"metatarsalPad": { "height": 5 }`, `{}` for the defaults, null for none). */
export interface ObjectDescriptor<P extends Record<string, number | string>, K extends string, R extends keyof P = never> extends DescriptorBase<P, K> {
  parts: { readonly [N in keyof P]-?: P[N] extends number ? NumberPart : ChoicePart<P[N] & string> };
  /** The parts the clinician must give (no default). */
  required?: readonly R[];
  number?: undefined;
}

/** A modification that is one number (`"heelLift": 6`; 0 for none). */
export interface NumberDescriptor<K extends string> extends DescriptorBase<number, K> {
  number: NumberPart & { default: 0 };
  parts?: undefined;
}

/** Any descriptor (for code that walks every modification alike). */
export type ModificationDescriptor = ObjectDescriptor<Record<string, number | string>, string, string> | NumberDescriptor<string>;

/** Declares a descriptor of a modification written as an object, its parts checked against `P`, its field `K`, its required parts `R`. */
export function modification<P extends Record<string, number | string>, K extends string, R extends keyof P = never>(d: ObjectDescriptor<P, K, R>): ObjectDescriptor<P, K, R> {
  return d;
}

/** Declares a descriptor of a modification that is one number. */
export function numberModification<K extends string>(d: NumberDescriptor<K>): NumberDescriptor<K> {
  return d;
}
