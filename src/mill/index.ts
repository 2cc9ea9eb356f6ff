/**
 * Milling (issue 18): the device milled from a block, or its positive cast, placed in a blank,
 * checked from above (undercuts, the ball's reach), and the G-code to cut it. A pure library: no
 * file system, no process; it uses the geometry kernel and nothing uses it but the pipeline's callers.
 */
export { MILL_DEFAULTS, ballStepover, type Blank, type MillOptions, type MillTarget, type MillTool } from './types.js';
export { millPart, chooseBlank, CHECK_STEP_MM, type MilledPart } from './millPart.js';
export { millGcode, toolName, type MillWindow, type ToolpathStats } from './millGcode.js';
export { draftedDevice, type DeviceLayout } from './millDevice.js';
export { castSolid, type Cast } from './castSolid.js';
export { undercutFromAbove, type Undercut } from './undercut.js';
export { ballReach, polygonMask, type Reach } from './reach.js';
export { dropCutter } from './dropCutter.js';
export { binTriangles, type TriangleBins } from './triangleBins.js';
export { viewFromAbove, gridOver, type HeightGrid } from './heightGrid.js';
export { heightFieldBlock } from './heightFieldBlock.js';
export { trimLineDxf, trimLineSvg } from './trimLine.js';
