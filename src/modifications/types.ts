/**
 * What a modification is, in one place: its prescription fields with their defaults and sources,
 * its JSON Schema, its limits and per-step limits, its label, and how it shapes the top surface.
 * The registry (index.ts) lists every descriptor; schemas, limit-parameter lists, labels, staging and
 * the surface's features are derived from it.
 */
import type { FeatureContext, FeatureDesign } from '../geometry/index.js';

export type { FeatureDesign };

/** One number of a modification (`metatarsalPad.height`), as the clinician writes it. */
export interface Part {
  /** Value when the clinician leaves it out (`"metatarsalPad": {}`). */
  default: number;
  unit: 'mm' | 'deg';
  /** Schema description (the default is appended). */
  description: string;
  /** How the sheet names it after the value, when not by its own name (`behind the MTH line`). */
  label?: string;
  /** Schema bounds: what can be read as this number at all (clinical limits are in `limits`). */
  minimum?: number;
  exclusiveMinimum?: number;
  maximum: number;
}

/** Warn levels and hard limits of one limit parameter (the shape of a limits profile's entry). */
export interface Levels {
  unit: 'mm' | 'deg';
  warnAbove?: number;
  maxAllowed?: number;
  warnBelow?: number;
  minAllowed?: number;
  /** Where the values come from: a tag of docs/clinical-basis.md and the short citation. */
  source: string;
  /** The clinical reason, shown when a value is refused. */
  why: string;
}

/** A limit the modification is checked against. Parameters may be shared (`extensionHeight`). */
export interface LimitSpec<P> {
  /** The limits profile's parameter name. */
  parameter: string;
  /** The part it bounds. */
  part: keyof P & string;
  levels: Levels;
  /** How a finding names the value, e.g. `metatarsal pad height 5 mm` (`mm` formats a length). */
  subject(value: P, mm: (v: number) => string): string;
  /** Whether a lab's profile must give it (false: the built-in levels apply when it does not). */
  requiredInProfile: boolean;
}

/** How a staged series spreads the modification: the part that grows stage by stage, and its largest step. */
export interface StepSpec<P> {
  parameter: string;
  part: keyof P & string;
  maxStep: number;
  source: string;
  why: string;
}

export interface ModificationDescriptor<P extends Record<string, number> = Record<string, number>, K extends string = string> {
  /** The prescription field. */
  key: K;
  /** How the sheet and the viewer title it (`Metatarsal pad`). */
  label: string;
  /** How messages and the stage table name it in a sentence (`metatarsal pad`). */
  name: string;
  /** Schema description of the whole modification. */
  description: string;
  parts: { readonly [K in keyof P]: Part };
  /** Where the default comes from (the report's and README's list of defaults). */
  defaultSource: string;
  /** It takes material out of the top: its `depth` counts against the minimum wall. */
  recess: boolean;
  limits: ReadonlyArray<LimitSpec<P>>;
  steps: ReadonlyArray<StepSpec<P>>;
  /** Prescription to surface: the features the kernel draws. @throws GeometryError when it does not fit */
  design(value: P, ctx: FeatureContext): FeatureDesign;
}

/** Declares a descriptor with its part names checked against `P`, and its field name `K`. */
export function modification<P extends Record<string, number>, K extends string>(d: ModificationDescriptor<P, K>): ModificationDescriptor<P, K> {
  return d;
}
