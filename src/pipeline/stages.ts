/**
 * Staged series: a correction delivered over several devices, each a fraction of the way from the
 * patient's present foot (no correction) to the full prescription, with every step between
 * consecutive stages within the limits profile's per-step limits (`steps`). Pure: no meshes here.
 */

import { REGISTRY } from '../modifications/index.js';
import { LimitError, InputError, type Problem } from '../errors.js';
import { DEFAULT_LIMITS, formatLimitValue, type LimitsProfile, type StepLimit, type StepParameterName } from '../limits/index.js';
import { copyPrescription, type Prescription, type ResolvedPrescription, type StagesRequest } from '../scan/index.js';

/** Most stages a series may have (a year of monthly steps is already more than clinics use). */
export const MAX_STAGES = 12;

/** One correction that changes from stage to stage. */
export interface StagedCorrection {
  /** The per-step limit that bounds it. */
  parameter: StepParameterName;
  /** Where it is in a prescription, e.g. `/rearfootPost/angle` (`/archHeight` for the arch raise). */
  pointer: string;
  /** Plain name for plans and messages. */
  label: string;
  unit: 'mm' | 'deg';
  /** The full correction (for the arch: the raise above the scanned arch), in `unit`. */
  full: number;
  /** The per-step limit applied. */
  step: StepLimit;
  /** Fewest evenly spaced stages that keep this correction's steps within `step.maxStep`. */
  stagesNeeded: number;
}

/** The profile's step limit for a parameter, else the built-in one. */
export function stepLimit(profile: LimitsProfile, parameter: StepParameterName): StepLimit {
  const limit = profile.steps?.[parameter] ?? DEFAULT_LIMITS.steps?.[parameter];
  if (!limit) throw new Error(`no built-in step limit for ${parameter}`);
  return limit;
}

const EPS = 1e-9;

/**
 * The corrections of a resolved prescription that a series spreads over its stages: posts, arch
 * raise, and each modification's own (src/modifications: forefoot post, skive, lift, pad, bar, extensions,
 * cuboid pad, flanges). Shell, cup, length, material, cover, fill
 * and recesses (which relieve rather than correct) are the same in every stage.
 * @param applied the prescription as it will be built (after limits)
 * @param scannedArch the scan's measured arch height, mm (the present foot)
 */
export function stagedCorrections(applied: ResolvedPrescription, scannedArch: number, profile: LimitsProfile): StagedCorrection[] {
  const entries: Array<[StepParameterName, string, string, number]> = [
    ['rearfootPost.angle', '/rearfootPost/angle', `${applied.rearfootPost?.wedge ?? ''} rearfoot post`, applied.rearfootPost?.angle ?? 0],
    ['archRaise', '/archHeight', 'arch raise', applied.archHeight - scannedArch],
    // The modifications' (src/modifications): forefoot post, skive, lift, pads, bars, extensions, flanges.
    ...REGISTRY.flatMap((d) => {
      const value = (applied as unknown as Record<string, unknown>)[d.key];
      return d.steps.map((st): [StepParameterName, string, string, number] => [
        st.parameter, `/${d.key}${st.part ? `/${st.part}` : ''}`, value ? st.label?.(value as never) ?? d.name : d.name,
        !value ? 0 : st.part ? (value as Record<string, number>)[st.part]! : (value as number),
      ]);
    }),
  ];
  return entries
    .filter(([, , , full]) => Math.abs(full) > EPS)
    .map(([parameter, pointer, label, full]) => {
      const step = stepLimit(profile, parameter);
      return { parameter, pointer, label: label.trim(), unit: step.unit, full, step, stagesNeeded: Math.max(1, Math.ceil(Math.abs(full) / step.maxStep - EPS)) };
    });
}

/** Fewest evenly spaced stages the corrections need (1 when nothing changes). */
export function stagesNeeded(corrections: readonly StagedCorrection[]): number {
  return corrections.reduce((n, c) => Math.max(n, c.stagesNeeded), 1);
}

/** Evenly spaced fractions k / count, k = 1..count (the last exactly 1). */
export function evenFractions(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 1 === count ? 1 : (i + 1) / count));
}

/**
 * The fractions of a series: the request's own (checked: increasing, the last 1) or evenly spaced.
 * `count` from the command line wins over the prescription's; `auto` picks the fewest stages that
 * keep every step within its limit.
 * @throws InputError fractions that do not increase or do not end at 1, or disagree with count
 */
export function seriesFractions(request: StagesRequest, override: number | 'auto' | undefined, corrections: readonly StagedCorrection[]): number[] {
  const problems: Problem[] = [];
  if (override === 'auto') return evenFractions(Math.min(MAX_STAGES, stagesNeeded(corrections)));
  if (override !== undefined) return evenFractions(override);
  const { fractions, count } = request;
  if (fractions) {
    fractions.forEach((f, i) => {
      if (i > 0 && !(f > fractions[i - 1]!)) problems.push({ pointer: `/stages/fractions/${i}`, rule: 'fractions must increase from stage to stage', value: f, source: 'prescription' });
    });
    if (fractions.at(-1) !== 1) problems.push({ pointer: `/stages/fractions/${fractions.length - 1}`, rule: 'the last stage must be the full prescription (fraction 1)', value: fractions.at(-1), source: 'prescription' });
    if (count !== undefined && count !== fractions.length) problems.push({ pointer: '/stages/count', rule: `must equal the number of fractions (${fractions.length})`, value: count, source: 'prescription' });
    if (problems.length) throw new InputError(problems);
    return [...fractions];
  }
  return evenFractions(count ?? 1);
}

/**
 * Checks every step of a series against its per-step limit, the first step counting from the
 * present foot.
 * @param pointer where the stages were asked for: `/stages/count`, `/stages/fractions` or an option
 *   such as `--stages`
 * @throws LimitError (exit 4) one problem per correction whose steps are too large, saying how many
 *   evenly spaced stages it needs
 */
export function checkSteps(corrections: readonly StagedCorrection[], fractions: readonly number[], pointer: string): void {
  const problems: Problem[] = [];
  const needed = stagesNeeded(corrections);
  for (const c of corrections) {
    let worst = 0;
    fractions.forEach((f, i) => { worst = Math.max(worst, Math.abs(c.full) * (f - (i > 0 ? fractions[i - 1]! : 0))); });
    if (worst <= c.step.maxStep + EPS) continue;
    const u = (v: number) => formatLimitValue(v, c.unit);
    problems.push({
      pointer,
      rule: `the ${c.label} (${u(Math.abs(c.full))} in all) would change by ${u(worst)} in one step, more than the ${u(c.step.maxStep)} a step allows (steps.${c.parameter}: ${c.step.why}); ` +
        (needed > MAX_STAGES
          ? `this prescription would need ${needed} evenly spaced stages, more than the ${MAX_STAGES} a series may have: prescribe less of it, or a larger step in the limits profile`
          : `this prescription needs ${needed} evenly spaced stages (--auto-stages picks that)`),
      value: pointer.endsWith('/fractions') ? fractions : fractions.length,
      // A JSON pointer is into the prescription; anything else names a command-line option.
      ...(pointer.startsWith('/') ? { source: 'prescription' as const } : {}),
    });
  }
  if (problems.length) throw new LimitError(problems);
}

const round = (v: number): number => Math.round(v * 1000) / 1000 + 0;

/**
 * The prescription of one stage: every field of the applied prescription, with each staged
 * correction at `fraction` of its full value (the arch at the scanned arch plus that fraction of
 * the raise). Fraction 1 gives the applied prescription itself.
 */
export function stagePrescription(applied: ResolvedPrescription, scannedArch: number, corrections: readonly StagedCorrection[], fraction: number): Prescription {
  const rx = copyPrescription(applied) as unknown as Record<string, unknown>;
  if (rx.bodyWeight === null) delete rx.bodyWeight;
  if (fraction === 1) return rx as Prescription;
  for (const c of corrections) {
    const [field, sub] = c.pointer.slice(1).split('/') as [string, string | undefined];
    if (field === 'archHeight') rx.archHeight = round(scannedArch + c.full * fraction);
    else if (sub) (rx[field] as Record<string, number>)[sub] = round(c.full * fraction);
    else rx[field] = round(c.full * fraction);
  }
  return rx as Prescription;
}

/** The value of a correction at a stage, in its unit. */
export function correctionAt(c: StagedCorrection, fraction: number): number {
  return fraction === 1 ? c.full : round(c.full * fraction);
}
