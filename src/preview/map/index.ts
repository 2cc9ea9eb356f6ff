/**
 * The top-view map of a device: an SVG (renderMapSvg), and that SVG as a PNG (renderMapPng).
 */
export { renderMapSvg, MAP_DEFAULTS, SCALE_BAR_MM, type MapOptions } from './renderMapSvg.js';
export { renderMapPng, type MapPngOptions } from './renderMapPng.js';
