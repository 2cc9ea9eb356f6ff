/**
 * Previews of built devices: they consume a build's mesh, report and guides and never reach into
 * the geometry kernel's internals. Three products, each behind its own door: the 3D viewer page
 * (viewer/), the top-view map (map/) and the sign-off sheet (sheet/); shared/ holds what they share.
 */
export { renderViewerHtml, COLOUR_MODES, FIT_SCALE_MM, VIEW_NAMES, VIEWER_DEFAULTS, type ColourMode, type ViewerColour, type ViewerDevice, type ViewerHooks, type ViewerOptions, type ViewerState, type ViewName } from './viewer/index.js';
export { renderMapSvg, renderMapPng, renderMillMapSvg, MAP_DEFAULTS, MILL_MAP_DEFAULTS, SCALE_BAR_MM, type MapOptions, type MillMapOptions, type MillMapPart } from './map/index.js';
export { checkSheetDate, renderSheetHtml, WEAR_IN_ADVICE } from './sheet/index.js';
