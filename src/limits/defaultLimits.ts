/**
 * The built-in correction-limits profile, limits/default.limits.json, validated when loaded.
 */

import profileJson from '../../limits/default.limits.json' with { type: 'json' };
import { parseLimitsProfile } from '../scan/index.js';
import type { LimitsProfile } from './types.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The built-in profile (values and sources from ORTHOTICS.md's prescription table). Frozen. */
export const DEFAULT_LIMITS: LimitsProfile = deepFreeze(parseLimitsProfile(structuredClone(profileJson)));
