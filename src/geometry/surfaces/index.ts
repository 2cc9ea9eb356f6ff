export { cupHeight, cupWidth, cupSlope, wallInsets, type CupProfile } from './heelCup.js';
export { edgeProfile, sampleProfile, type EdgeProfile } from './edgeProfile.js';
export { designTopSurface, topHeight, baseHeight, featureAt, floorBlend, wallHeight, maxWallHeight, postBlend, postTilt, archFactor, cupAt, cupProfileAt, SURFACE_RULES, type TopSurface } from './topSurface.js';
export { MODIFICATION_RULES, modificationReach, type Modifications, type Feature } from './modifications.js';
export { FEATURE_RECORD, packSurface, type PackedSurface } from './surfaceParameters.js';
