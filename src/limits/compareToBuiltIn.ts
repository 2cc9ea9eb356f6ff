/**
 * Which hard limits of a lab's profile are looser than the built-in profile's.
 */

import { DEFAULT_LIMITS, withBuiltInLevels } from './defaultLimits.js';
import { ALL_STEP_PARAMETERS, LIMIT_PARAMETERS, type LimitsProfile, type LimitUnit, type Loosening } from './types.js';

const fmt = (v: number, unit: LimitUnit): string => (unit === 'deg' ? `${v}°` : unit === '%' ? `${v}%` : `${v} mm`);

/**
 * Lists every hard limit that `profile` loosens relative to DEFAULT_LIMITS: a larger maxAllowed,
 * a smaller minAllowed, a ceiling or floor removed, or the navicular-drop cap turned off.
 * Warn levels are not hard limits and are not compared. The CLI refuses a loosening profile
 * unless `--allow-over-limit "<reason>"` is given; this function only reports.
 * @param profile a validated limits profile
 * @returns one entry per loosened limit, in the built-in profile's parameter order; empty when
 *   the profile is as strict as the built-in one or stricter
 */
export function compareToBuiltIn(profile: LimitsProfile): Loosening[] {
  const out: Loosening[] = [];
  const levels = withBuiltInLevels(profile);
  for (const parameter of LIMIT_PARAMETERS) {
    const builtIn = DEFAULT_LIMITS.parameters[parameter]!, lab = levels[parameter]!;
    const unit = builtIn.unit;
    if (builtIn.maxAllowed !== undefined) {
      if (lab.maxAllowed === undefined) {
        out.push({ parameter, field: 'maxAllowed', builtIn: builtIn.maxAllowed, profile: null, message: `${parameter}: ceiling removed (built-in ${fmt(builtIn.maxAllowed, unit)})` });
      } else if (lab.maxAllowed > builtIn.maxAllowed) {
        out.push({ parameter, field: 'maxAllowed', builtIn: builtIn.maxAllowed, profile: lab.maxAllowed, message: `${parameter}: ceiling raised from ${fmt(builtIn.maxAllowed, unit)} to ${fmt(lab.maxAllowed, unit)}` });
      }
    }
    if (builtIn.minAllowed !== undefined) {
      if (lab.minAllowed === undefined) {
        out.push({ parameter, field: 'minAllowed', builtIn: builtIn.minAllowed, profile: null, message: `${parameter}: floor removed (built-in ${fmt(builtIn.minAllowed, unit)})` });
      } else if (lab.minAllowed < builtIn.minAllowed) {
        out.push({ parameter, field: 'minAllowed', builtIn: builtIn.minAllowed, profile: lab.minAllowed, message: `${parameter}: floor lowered from ${fmt(builtIn.minAllowed, unit)} to ${fmt(lab.minAllowed, unit)}` });
      }
    }
  }
  for (const step of ALL_STEP_PARAMETERS) {
    const builtIn = DEFAULT_LIMITS.steps?.[step];
    const lab = profile.steps?.[step];
    if (builtIn && lab && lab.maxStep > builtIn.maxStep) {
      out.push({ parameter: `steps.${step}`, field: 'maxStep', builtIn: builtIn.maxStep, profile: lab.maxStep, message: `steps.${step}: largest step raised from ${fmt(builtIn.maxStep, builtIn.unit)} to ${fmt(lab.maxStep, lab.unit)}` });
    }
  }
  if (DEFAULT_LIMITS.parameters.archRaise.capAtNavicularDrop && !profile.parameters.archRaise.capAtNavicularDrop) {
    out.push({ parameter: 'archRaise', field: 'capAtNavicularDrop', builtIn: true, profile: false, message: 'archRaise: navicular-drop cap turned off (built-in: the arch may not rise above the scanned arch + navicular drop)' });
  }
  return out;
}
