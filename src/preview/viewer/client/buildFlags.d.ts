/**
 * Build-time constants of the viewer's script (esbuild `define`, scripts/bundle-viewer.mjs).
 *
 * ORTHOTIC_SCAN: true in the bundle of pages showing a device built from a 3D scan (the scanned
 * sole and the fit colouring, client/scanLayers.ts), false in the bundle of every other page. The
 * minifier drops the code it guards, and the pages without a scan keep their bytes, as long as
 * each guarded piece declares nothing (no const, let, function or arrow parameter): a declaration
 * in dead code still takes a name and shifts the minified names of everything after it.
 */
declare const ORTHOTIC_SCAN: boolean;
