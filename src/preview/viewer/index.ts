/**
 * The 3D viewer page: one self-contained HTML page showing devices in 3D (`client/` is the page's
 * own script, bundled at build time).
 */
export { renderViewerHtml, type ViewerDevice } from './renderViewerHtml.js';
export { COLOUR_MODES, VIEW_NAMES, VIEWER_DEFAULTS, type ColourMode, type ViewerColour, type ViewerHooks, type ViewerOptions, type ViewerState, type ViewName } from './viewerTypes.js';
export { FIT_SCALE_MM } from './fitField.js';
