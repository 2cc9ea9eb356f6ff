/**
 * What the previews (viewer, map, sheet) share: the colour scale, and escaping and number
 * formatting for markup. The viewer's browser script (viewer/client/) alone imports colourMap.js
 * itself: through this door esbuild's minifier names the bundle's symbols differently, and the
 * bundle is inlined byte for byte into every viewer page.
 */
export { colourAt, cssDivergingGradient, cssGradient, DIVERGING, divergingAt, legendTicks, VIRIDIS } from './colourMap.js';
export { escapeXml, fixed, fmt, madeBy } from './markup.js';
