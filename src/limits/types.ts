/**
 * Types of a correction-limits profile (schemas/limits.schema.json) and of what checking a
 * prescription against it reports. Units: mm, degrees and percent, as named by each parameter's `unit`.
 */

import { MODIFICATION_LIMITS, MODIFICATION_STEPS, type Levels } from '../modifications/index.js';
import type { MaterialName, ResolvedPrescription } from '../scan/index.js';

/** The parameters a profile bounds besides the modifications' (src/modifications). */
export const CORE_LIMIT_PARAMETERS = Object.freeze([
  'shellThickness.polypropylene',
  'shellThickness.pa11',
  'shellThickness.pa12',
  'shellThickness.carbon',
  'shellThickness.eva',
  'shellThickness.tpu',
  'heelCupDepth',
  'archRaise',
  'archFill',
  'rearfootPost.medial.angle',
  'rearfootPost.lateral.angle',
  'topCover',
  'minimumWall',
  'heelHeight',
  'combined.antiPronation',
  'combined.antiSupination',
  'loadMargin',
  'shoeHeelHeight',
] as const);

/** The parameters a profile bounds besides the modifications'. */
export type CoreLimitParameterName = (typeof CORE_LIMIT_PARAMETERS)[number];
/** The parameters a profile bounds. Keys of `LimitsProfile.parameters`. */
export type LimitParameterName = CoreLimitParameterName | (string & {});

/** Every parameter a profile bounds: the core ones, then the modifications'. */
export const LIMIT_PARAMETERS: readonly string[] = Object.freeze([...CORE_LIMIT_PARAMETERS, ...MODIFICATION_LIMITS.map((l) => l.parameter)]);

/** The coupling rules (docs/clinical-basis.md) that are not a single parameter's level. */
export type CouplingRuleName = 'coupling.skiveNeedsPostAndCup' | 'coupling.skiveAndInversionCup' | 'coupling.liftNeedsArchFill';

export type LimitUnit = 'mm' | 'deg' | '%';

/** Warn levels and hard limits of one parameter, in its `unit` (the shape the modifications declare theirs in). */
export type LimitLevels<U extends LimitUnit = LimitUnit> = Levels<U>;

/** Limits on the arch raise (prescribed archHeight minus the scanned archHeight), mm. */
export interface ArchRaiseLevels extends Levels<'mm'> {
  /** When true and the scan gives `measurements.navicularDrop`, the raise may not exceed the drop. */
  capAtNavicularDrop: boolean;
}

type Units = {
  [K in CoreLimitParameterName]: K extends `${string}.angle` ? 'deg' : K extends `combined.${string}` ? '%' : 'mm';
};

/** The corrections of the foundation a staged series spreads over its stages (the modifications' are in src/modifications), keys of `LimitsProfile.steps`. */
export const STEP_PARAMETERS = Object.freeze([
  'rearfootPost.angle',
  'archRaise',
] as const);

/** Every correction a staged series spreads: the core ones and the modifications'. */
export type StepParameterName = (typeof STEP_PARAMETERS)[number] | (string & {});
/** Every step limit's parameter, core then the modifications'. */
export const ALL_STEP_PARAMETERS: readonly string[] = Object.freeze([...STEP_PARAMETERS, ...MODIFICATION_STEPS.map((s) => s.parameter)]);

/** The largest change of one correction between consecutive stages of a series. */
export interface StepLimit {
  unit: 'mm' | 'deg';
  /** Largest change between consecutive stages, in `unit`. */
  maxStep: number;
  source: string;
  why: string;
}

/** A correction-limits profile: the built-in one (`DEFAULT_LIMITS`) or a lab's (`--limits FILE`). */
export interface LimitsProfile {
  $schema?: string;
  schemaVersion: 1;
  name: string;
  version: string;
  description?: string;
  parameters: { [K in CoreLimitParameterName]: K extends 'archRaise' ? ArchRaiseLevels : LimitLevels<Units[K]> } & { [parameter: string]: LimitLevels };
  /** Per-step limits of a staged series; those left out are the built-in profile's. */
  steps?: Partial<Record<StepParameterName, StepLimit>>;
}

/** The shell-thickness parameter of a material. */
export const shellThicknessParameter = (material: MaterialName): LimitParameterName => `shellThickness.${material}`;

/** One value of a prescription at or past a warn level or hard limit, or a coupling rule it breaks. */
export interface LimitFinding {
  parameter: LimitParameterName | CouplingRuleName;
  /** JSON pointer of the prescription field at fault, e.g. `/prescription/rearfootPost/angle`. */
  pointer: string;
  /** `warn`: built as asked; `clamped`: built at the limit; `refused`: not built. */
  level: 'warn' | 'clamped' | 'refused';
  /** The parameter's value as asked, in `unit` (for archRaise the raise, for heelHeight the total). */
  asked: number;
  /** The level it crossed, in `unit`. */
  limit: number;
  /** The parameter's value as built, in `unit` (only for `clamped`). */
  applied?: number;
  unit: LimitUnit;
  source: string;
  why: string;
  /** One plain sentence naming the parameter, the value, the limit, why and the source. */
  message: string;
}

/** One hard limit that a profile loosens relative to the built-in profile. */
export interface Loosening {
  parameter: LimitParameterName | `steps.${StepParameterName}`;
  field: 'maxAllowed' | 'minAllowed' | 'capAtNavicularDrop' | 'maxStep';
  /** The built-in value. */
  builtIn: number | boolean;
  /** The profile's value; null when the profile drops the limit. */
  profile: number | boolean | null;
  /** One plain sentence, e.g. `heelCupDepth: ceiling raised from 30 mm to 35 mm`. */
  message: string;
}

export interface CheckLimitsOptions {
  /** Build at the limit instead of refusing a value past a hard limit. */
  clamp: boolean;
  /** Fields whose value is a lab configuration's default (said so in messages), not the built-in one. */
  labDefaults?: ReadonlySet<string>;
}

export interface CheckLimitsResult {
  /** The prescription to build: the resolved one, with clamped values when `clamp` is set. */
  applied: ResolvedPrescription;
  findings: LimitFinding[];
}
