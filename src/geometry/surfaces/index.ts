export { cupHeight, cupWidth, cupSlope, wallInsets, type CupProfile } from './heelCup.js';
export { edgeProfile, sampleProfile, type EdgeProfile } from './edgeProfile.js';
export { designTopSurface, topHeight, postBlend, postTilt, archFactor, cupAt, cupProfileAt, SURFACE_RULES, type TopSurface } from './topSurface.js';
