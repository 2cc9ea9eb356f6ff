/**
 * Reading a lab's limits profile (`--limits FILE`): validated at the edge like every input, with
 * the schema compiled ahead of time (src/scan/generated) and the levels checked for order.
 */
import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { escapePointer, isRecord, parseJsonText, validateInput } from '../scan/index.js';
import { validateLimits } from '../scan/generated/validators.js';
import type { LimitsProfile } from './types.js';

/**
 * Parses the text of a limits profile (`--limits FILE`) and validates it.
 * @throws InputError as parseScanText, with source 'limits'
 */
export function parseLimitsText(text: string): LimitsProfile {
  return parseLimitsProfile(parseJsonText(text, 'limits'));
}

/**
 * Validates an already-parsed limits profile against schemas/limits.schema.json and checks that
 * each parameter's levels are in order (minAllowed <= warnBelow <= warnAbove <= maxAllowed).
 * @param value any value; not modified
 * @returns the same value, typed
 * @throws InputError one problem per violation, source 'limits'
 */
export function parseLimitsProfile(value: unknown): LimitsProfile {
  return validateInput(value, validateLimits as ValidateFunction<LimitsProfile>, 'limits', levelOrderProblems);
}

const LEVEL_ORDER = [
  ['minAllowed', 'warnBelow'],
  ['warnBelow', 'warnAbove'],
  ['warnAbove', 'maxAllowed'],
  ['minAllowed', 'maxAllowed'],
] as const;

/** Levels out of order, e.g. a warn level above the ceiling (only once the schema holds). */
function levelOrderProblems(profile: LimitsProfile): Problem[] {
  const out: Problem[] = [];
  if (!isRecord(profile) || !isRecord(profile.parameters)) return out;
  for (const [name, levels] of Object.entries(profile.parameters)) {
    if (!isRecord(levels)) continue;
    for (const [lo, hi] of LEVEL_ORDER) {
      const a = levels[lo];
      const b = levels[hi];
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        out.push({ pointer: `/parameters/${escapePointer(name)}/${lo}`, rule: `must be <= ${hi} (${b})`, value: a, source: 'limits' });
      }
    }
  }
  return out;
}
