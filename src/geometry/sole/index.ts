export { soleAt, resampleSole, mirrorSole, smoothSole, type DeviceSole, type SoleGrid } from './soleGrid.js';
export { deviceSole } from './deviceSole.js';
export { envelope, gridOver, type GridSpec } from './raster.js';
export { components, despike, extendOutward, fillHoles, insideDistance, limitSlope, polygonMask, smoothMasked, traceBoundary } from './footprint.js';
