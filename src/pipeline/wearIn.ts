/**
 * The wear-in plan of a staged series: for each stage, a wearing schedule written as plain
 * instructions a patient can follow, from the clinician's numbers or the defaults below.
 */

import type { WearInRequest } from '../scan/index.js';
import { correctionAt, type StagedCorrection } from './stages.js';

/** The plan's numbers when the clinician gives none. */
export const WEAR_IN_DEFAULTS = Object.freeze({ firstDayHours: 2, addHoursPerDay: 1, fullDayHours: 12, comfortableDays: 7 });

/** Where each default comes from. */
export const WEAR_IN_SOURCES: Readonly<Record<keyof typeof WEAR_IN_DEFAULTS, string>> = Object.freeze({
  firstDayHours: 'docs/clinical-basis.md [CB-wear-in]: clinic break-in handouts, 1-2 hours on the first day',
  addHoursPerDay: 'docs/clinical-basis.md [CB-wear-in]: about an hour a day more while pain-free (clinic handouts)',
  fullDayHours: 'engineering choice: a waking day in shoes',
  comfortableDays: 'engineering choice: a week of pain-free full days before the next change, so that a delayed reaction shows before the correction grows',
});

/** The plan's numbers as used (the clinician's where given). */
export interface WearIn {
  firstDayHours: number;
  addHoursPerDay: number;
  fullDayHours: number;
  comfortableDays: number;
  notes: string | null;
  /** Which numbers the clinician set (the rest are defaults). */
  setByClinician: string[];
}

/** One stage of the plan. */
export interface WearInStage {
  stage: number;
  of: number;
  /** Fraction of the full correction (0-1). */
  fraction: number;
  /** The corrections this stage delivers, e.g. `medial rearfoot post 2°, arch raise 2 mm`. */
  delivers: string;
  /** Earliest day (counting from the first day of this stage) the patient may move on, when every day is pain-free. */
  earliestDays: number;
  /** The schedule, one plain sentence each. */
  instructions: string[];
}

/** Fills in the clinician's numbers over the defaults. */
export function resolveWearIn(request: WearInRequest | undefined): WearIn {
  const r = request ?? {};
  const set = (Object.keys(WEAR_IN_DEFAULTS) as Array<keyof typeof WEAR_IN_DEFAULTS>).filter((k) => r[k] !== undefined);
  return {
    firstDayHours: r.firstDayHours ?? WEAR_IN_DEFAULTS.firstDayHours,
    addHoursPerDay: r.addHoursPerDay ?? WEAR_IN_DEFAULTS.addHoursPerDay,
    fullDayHours: r.fullDayHours ?? WEAR_IN_DEFAULTS.fullDayHours,
    comfortableDays: r.comfortableDays ?? WEAR_IN_DEFAULTS.comfortableDays,
    notes: r.notes ?? null,
    setByClinician: r.notes !== undefined ? [...set, 'notes'] : set,
  };
}

const hours = (h: number): string => `${+h.toFixed(2)} hour${h === 1 ? '' : 's'}`;

/**
 * The plan, one entry per stage.
 * @param corrections what changes from stage to stage
 * @param fractions each stage's fraction of the correction, increasing, the last 1
 */
export function wearInPlan(corrections: readonly StagedCorrection[], fractions: readonly number[], wearIn: WearIn): WearInStage[] {
  const n = fractions.length;
  const rampDays = Math.max(1, Math.ceil((wearIn.fullDayHours - wearIn.firstDayHours) / wearIn.addHoursPerDay) + 1);
  return fractions.map((fraction, i) => {
    const k = i + 1;
    const delivers = corrections.length
      ? corrections.map((c) => {
        const v = correctionAt(c, fraction);
        return `${c.label} ${c.unit === 'deg' ? `${+v.toFixed(2)}°` : `${v > 0 && c.parameter === 'archRaise' ? '+' : ''}${+v.toFixed(2)} mm`}`;
      }).join(', ')
      : 'no correction that changes between stages';
    const instructions = [
      k === 1
        ? `Day 1: wear stage 1 for ${hours(wearIn.firstDayHours)}, then take it out.`
        : `Day 1: wear stage ${k} for ${hours(wearIn.firstDayHours)}; wear stage ${k - 1} for the rest of the day if you like.`,
      `Each day after, wear it ${hours(wearIn.addHoursPerDay)} longer than the day before, but only if the day before was pain-free.`,
      'If it aches, go back to the hours of your last pain-free day and stay there for two days before adding time again.',
      'If the pain is sharp, or still there the next morning, stop wearing it and contact the clinic.',
      k < n
        ? `Once you have worn it all day (${hours(wearIn.fullDayHours)}) without pain for ${wearIn.comfortableDays} days in a row, move on to stage ${k + 1}.`
        : `This is your full prescription: once you wear it all day (${hours(wearIn.fullDayHours)}) without pain, keep wearing it every day and come back for your review.`,
      ...(wearIn.notes ? [`From your clinician: ${wearIn.notes}`] : []),
    ];
    return { stage: k, of: n, fraction, delivers, earliestDays: rampDays + wearIn.comfortableDays - 1, instructions };
  });
}
