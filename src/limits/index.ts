/**
 * Correction limits: the built-in profile, the check of a prescription against a profile, and the
 * comparison of a lab's profile with the built-in one, and reading a lab's profile (`parseLimitsText`,
 * `parseLimitsProfile`: validated at the edge like the other inputs).
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
export { checkLimits, fmt as formatLimitValue, heelStackMm, warningLine } from './checkLimits.js';
export { compareToBuiltIn } from './compareToBuiltIn.js';
export { parseLimitsProfile, parseLimitsText } from './parseLimits.js';
