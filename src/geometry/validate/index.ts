export { checkSolid, type SolidCheck } from './checkSolid.js';
export { meshTopology, type TopologyReport } from './topology.js';
export { findSelfIntersections } from './selfIntersections.js';
