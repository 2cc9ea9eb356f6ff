/**
 * Correction limits: the built-in profile, the check of a prescription against a profile, and the
 * comparison of a lab's profile with the built-in one. Profiles are parsed by `parseLimitsText` /
 * `parseLimitsProfile` in src/scan (validation happens at the edge, with the other inputs).
 */

export type {
  ArchRaiseLevels,
  CheckLimitsOptions,
  CheckLimitsResult,
  CouplingRuleName,
  LimitFinding,
  LimitLevels,
  LimitParameterName,
  LimitUnit,
  LimitsProfile,
  Loosening,
  StepLimit,
  StepParameterName,
} from './types.js';
export { LIMIT_PARAMETERS, STEP_PARAMETERS, shellThicknessParameter } from './types.js';
export { DEFAULT_LIMITS } from './defaultLimits.js';
export { checkLimits, fmt as formatLimitValue, heelStackMm } from './checkLimits.js';
export { compareToBuiltIn } from './compareToBuiltIn.js';
