/**
 * The top-view map of a device: an SVG (renderMapSvg), and that SVG as a PNG (renderMapPng); the
 * map of a milled part in its blank, with what the ball cannot reach (renderMillMapSvg).
 */
export { renderMapSvg, MAP_DEFAULTS, SCALE_BAR_MM, type MapOptions } from './renderMapSvg.js';
export { renderMapPng, type MapPngOptions } from './renderMapPng.js';
export { renderMillMapSvg, MILL_MAP_DEFAULTS, type MillMapOptions, type MillMapPart } from './renderMillMapSvg.js';
