export { checkSolid, type SolidCheck, type SurfaceLayout, type TopologyReport } from './checkSolid.js';
