export { edgeProfile, type EdgeProfile } from './edgeProfile.js';
export { Surface, wallInsets } from './surface.js';
export { designTopSurface, SURFACE_RULES, type TopSurface } from './topSurface.js';
export { MODIFICATION_RULES, type DeviceSpec, type FeatureContext, type FeatureDesign, type Modifications, type ModificationParams, type Feature } from './modifications.js';
