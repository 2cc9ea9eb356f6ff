/**
 * Previews of built devices: they consume a build's mesh, report and guides and never reach into
 * the geometry kernel's internals.
 */
export { renderViewerHtml, type ViewerDevice } from './renderViewerHtml.js';
export { COLOUR_MODES, VIEW_NAMES, VIEWER_DEFAULTS, type ColourMode, type ViewerHooks, type ViewerOptions, type ViewerState, type ViewName } from './viewerTypes.js';
export { renderMapSvg, MAP_DEFAULTS, SCALE_BAR_MM, type MapOptions } from './map.js';
export { renderMapPng } from './mapPng.js';
export { renderSheetHtml, WEAR_IN_ADVICE } from './sheet.js';
