// Bundles the 3D viewer's page script (src/preview/viewer/client, with three.js) into one minified
// IIFE that renderViewerHtml inlines into every viewer page. Run by `npm run build` after tsc.
// Two bundles from the same sources: viewer.bundle.js for pages without a 3D scan, and
// viewer-scan.bundle.js, with ORTHOTIC_SCAN on (the scanned sole and the fit colouring), for pages
// showing a device built from one (client/buildFlags.d.ts says why the first keeps its bytes).
// Deterministic: the same sources and esbuild version give the same bytes (the tests bundle again
// into a temporary folder, given as the argument, and compare).
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(root, process.argv[2] ?? 'dist/src/preview/viewer/client');
for (const [name, scan] of [['viewer.bundle.js', false], ['viewer-scan.bundle.js', true]]) {
  const outfile = resolve(outdir, name);
  await build({
    absWorkingDir: root,
    entryPoints: ['src/preview/viewer/client/main.ts'],
    tsconfig: 'src/preview/viewer/client/tsconfig.json',
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Browsers with WebGL 2 and the JavaScript three.js needs (2021 onward).
    target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
    minify: true,
    legalComments: 'eof', // three.js's MIT licence notice stays in the page
    charset: 'ascii',
    sourcemap: false,
    logLevel: 'warning',
    define: { ORTHOTIC_SCAN: String(scan) },
  });
  console.log(`viewer bundle: ${outfile} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`);
}
