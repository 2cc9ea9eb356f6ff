export { checkSolid, checkSolidReference, type SolidCheck, type SurfaceLayout } from './checkSolid.js';
export { meshTopology, type TopologyReport } from './topology.js';
export { findSelfIntersections } from './selfIntersections.js';
export { isGraphOverXY } from './graphProof.js';
