/** Synthetic inputs (foot outlines) for examples, tests and benchmarks. */
export { syntheticFootOutline, SYNTHETIC_FOOT_OUTLINE_DEFAULTS } from './footOutline.js';
export type { SyntheticFootOutlineOptions } from './footOutline.js';
export { plausibleFootOutline, PLAUSIBLE_FOOT_DEFAULTS, random } from './plausibleFoot.js';
export type { PlausibleFootOptions, ToeShape, OutlineKind } from './plausibleFoot.js';
