export { computeLandmarks, mthLineX, trimLineX, LANDMARK_RATIOS, TRIM_RULES, type FootLandmarks } from './landmarks.js';
