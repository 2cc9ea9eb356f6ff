/**
 * The 3D viewer page's script (bundled with three.js into one minified IIFE by
 * scripts/bundle-viewer.mjs and inlined into the page by renderViewerHtml).
 */
import { startViewer } from './startViewer.js';

startViewer(document, window);
