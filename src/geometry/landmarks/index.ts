export { computeLandmarks, mthLine, mthLineX, mthX, type MthLine, trimLineX, type DeviceLength, LANDMARK_RATIOS, TRIM_RULES, type FootLandmarks } from './landmarks.js';
