export { soleAt, sampleSole, resampleSole, mirrorSole, smoothSole, type DeviceSole, type SoleGrid } from './soleGrid.js';
export { deviceSole } from './deviceSole.js';
export { envelope, coveredCells, gridOver, pointBounds, scalePoints, toFrame, type GridSpec } from './raster.js';
export { cellsAtLeast, clearOutside, components, despike, extendOutward, fillHoles, floorMasked, insideDistance, labelMask, limitSlope, polygonMask, rmsDifference, smoothMasked, traceBoundary } from './footprint.js';
export { borderCells, footprintMoments, heelCues, riseSide, type FootprintMoments, type HeelCues } from './measures.js';
export { findUp, restingPlane, type Vec3 } from './floor.js';
