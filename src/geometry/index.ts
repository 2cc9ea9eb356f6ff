/**
 * The geometry kernel: pure functions over typed arrays. It never touches the file system, the
 * process, the CLI or JSON Schema; it can run in a worker or a browser.
 *
 * Stages (dependencies run one way): math ← mesh ← outline ← landmarks ← surfaces ← domain ←
 * assembly ← validate ← measure; shoe (fit to an insole, heel pitch) uses outline and landmarks.
 */
export { type Mesh, vertexCount, triangleCount } from './mesh/index.js';
export { bridgeFootprintArch, FOOTPRINT_RULES, roundSparseHeel, cleanOutline, footFrameOutline, prepareOutline, OUTLINE_RULES, MIN_HEEL_TOE_MARGIN, HEEL_TOE_WEIGHTS, type PreparedOutline, alignOutline, type AlignTransform, type Orientation, type HeelToeDecision, type HeelToeCues, maxWidth, signedArea, bounds } from './outline/index.js';
export { computeLandmarks, mthLine, mthLineX, mthX, type MthLine, trimLineX, type DeviceLength, LANDMARK_RATIOS, TRIM_RULES, type FootLandmarks } from './landmarks/index.js';
export { MODIFICATION_RULES, SURFACE_RULES, type DeviceSpec, type Feature, type FeatureContext, type FeatureDesign, type TopSurface } from './surface/index.js';
export { buildDevice, DEVICE_DEFAULTS, HEEL_ROUNDING, smoothOutline, type Device, type DeviceOptions, type Underside } from './solid/index.js';
export { edgeProfile, type EdgeProfile } from './surface/index.js';
export { checkSolid, type SolidCheck } from './validate/index.js';
export { measureDevice, fitToSole, FIT_RULES, type Fit, type MeasuredGeometry } from './measure/index.js';
export { deviceSole, smoothSole, soleAt, resampleSole, mirrorSole, type DeviceSole, type SoleGrid } from './sole/index.js';
export { applyPitch, fitShoe, pitchAt, SHOE_RULES, type Pitch, type ShoeFit } from './shoe/fitShoe.js';
