export { buildDomain, type Domain2D, type DomainOptions } from './buildDomain.js';
export { buildSegmentGrid, nearestEdge, type SegmentGrid, type NearestResult } from './segmentGrid.js';
