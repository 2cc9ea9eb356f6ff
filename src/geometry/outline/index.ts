export { signedArea, perimeter, bounds, verticalExtent, maxWidth, counterClockwise } from './polygon.js';
export { findSelfIntersection } from './selfIntersection.js';
export { resampleClosed, resampleClosedCount, smoothClosed } from './resample.js';
export { cleanOutline, MIN_OUTLINE_AREA_MM2, MIN_OUTLINE_POINTS } from './clean.js';
export { alignOutline, type AlignTransform } from './align.js';
export { trimOutline } from './trim.js';
export { buildSegmentGrid, type SegmentGrid } from './segmentGrid.js';
