export { clamp, smootherstep, radians, degrees } from './scalar.js';
