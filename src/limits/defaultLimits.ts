/**
 * The built-in correction-limits profile, limits/default.limits.json.
 */

import profileJson from '../../limits/default.limits.json' with { type: 'json' };
import type { LimitsProfile } from './types.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The built-in profile (values and their sources: docs/clinical-basis.md). Frozen.
 * Not validated at load (compiling the limits schema costs ~20 ms at every start):
 * tests/inputs/limits.test.ts checks it against schemas/limits.schema.json with parseLimitsProfile.
 */
export const DEFAULT_LIMITS: LimitsProfile = deepFreeze(structuredClone(profileJson) as LimitsProfile);

/**
 * A profile's levels for every parameter: a lab's profile may leave out the optional ones (such as
 * `shoeHeelHeight`), which then take the built-in levels.
 */
export function withBuiltInLevels(profile: LimitsProfile): LimitsProfile['parameters'] {
  return { ...DEFAULT_LIMITS.parameters, ...profile.parameters };
}
