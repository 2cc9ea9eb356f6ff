export { computeLandmarks, mthLine, mthLineX, type MthLine, trimLineX, LANDMARK_RATIOS, TRIM_RULES, type FootLandmarks } from './landmarks.js';
