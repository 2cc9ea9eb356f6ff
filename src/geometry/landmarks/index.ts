export { computeLandmarks, mthLine, mthLineX, mthX, type MthLine, trimLineX, LANDMARK_RATIOS, TRIM_RULES, type FootLandmarks } from './landmarks.js';
