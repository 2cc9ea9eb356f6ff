export { acceptedLoosenings, buildOrthotic, prepareBuild, BUILD_DEFAULTS, MAX_TRIANGLES, FOOT_LENGTH_RANGE_MM, RESOLUTION_RANGE_MM, type BuildOptions, type BuiltOrthotic, type PreparedBuild } from './buildOrthotic.js';
export { type BuildReport, roundDeep } from './report.js';
export { canonicalJson, sha256Of } from './hash.js';
export { deviceGuides, type DeviceGuides } from './guides.js';
