export { signedArea, perimeter, bounds, verticalExtent, maxWidth, counterClockwise, hullChains, chainY } from './polygon.js';
export { findSelfIntersection } from './selfIntersection.js';
export { resampleClosed, resampleClosedCount, smoothClosed, interpolateClosed, outlineNoise } from './resample.js';
export { cleanOutline, readOutline, untangleOutline, MIN_OUTLINE_AREA_MM2, MIN_OUTLINE_POINTS, MAX_NOISE_LOOP_MM2, type CleanOutline } from './clean.js';
export { prepareOutline, OUTLINE_RULES, type PreparedOutline } from './prepareOutline.js';
export { alignOutline, heelToeCues, HEEL_TOE_WEIGHTS, MIN_HEEL_TOE_MARGIN, ORIENTATION_RULES, type AlignTransform, type AlignOptions, type Orientation, type HeelToeCues, type HeelToeDecision } from './align.js';
export { trimOutline } from './trim.js';
export { buildSegmentGrid, type SegmentGrid } from './segmentGrid.js';
export { bridgeFootprintArch, FOOTPRINT_RULES, type ArchBridge } from './bridgeArch.js';
