export { acceptedLoosenings, buildOrthotic, designDevice, prepareBuild, BUILD_DEFAULTS, MAX_TRIANGLES, FOOT_LENGTH_RANGE_MM, RESOLUTION_RANGE_MM, type BuildOptions, type BuiltOrthotic, type ConfigInEffect, type ConfigRecord, type PreparedBuild, type PreparedSurface, type SurfaceMode } from './buildOrthotic.js';
export type { FitReport, SurfaceReport } from './report.js';
export { type BuildReport, type StageInfo, roundDeep } from './report.js';
export { askedStages, buildOrder, deviceName, orderReport, planSeries, type AskedStages, type BuiltOrder, type OrderDevice, type OrderOptions, type OrderReport, type SeriesReport } from './order.js';
export { checkSteps, evenFractions, MAX_STAGES, seriesFractions, stagedCorrections, stagePrescription, stagesNeeded, stepLimit, type StagedCorrection } from './stages.js';
export { resolveWearIn, WEAR_IN_DEFAULTS, WEAR_IN_SOURCES, wearInPlan, type WearIn, type WearInStage } from './wearIn.js';
export { canonicalJson, sha256Of } from './hash.js';
export { deviceGuides, type DeviceGuides } from './guides.js';
