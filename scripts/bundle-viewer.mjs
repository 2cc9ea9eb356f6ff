// Bundles the 3D viewer's page script (src/preview/viewer/client, with three.js) into one minified
// IIFE that renderViewerHtml inlines into every viewer page. Run by `npm run build` after tsc.
// Deterministic: the same sources and esbuild version give the same bytes (the tests bundle again
// into a temporary file, given as the argument, and compare).
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = resolve(root, process.argv[2] ?? 'dist/src/preview/viewer/client/viewer.bundle.js');
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
});
console.log(`viewer bundle: ${outfile} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`);
