// Bundles the command line (dist/src/cli/main.js, compiled by tsc) into dist/bin/: the `orthotic`
// binary and the batch worker, with the modules they share split into chunks. Run by `npm run
// build` after tsc.
//
// Why: Node resolves, reads and compiles each ES module on its own; the ~90 modules of a build cost
// ~50 ms of a ~450 ms `orthotic build` that a single file does not (measured: `--version` 211 →
// 157 ms). Lazily loaded parts (batch, preview) stay lazy: each is a chunk loaded by its import().
//
// Kept outside the bundle: piscina (it starts its own worker file by path) and @resvg/resvg-js (a
// native addon). @jscad/modeling is loaded with require() when a shoe is fitted, from node_modules.
// Deterministic: the same sources and esbuild version give the same bytes.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // batch/run.js starts `./worker.js` beside itself: its chunk and the worker share this folder.
  entryPoints: { orthotic: 'dist/src/cli/main.js', worker: 'dist/src/cli/batch/worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['piscina', '@resvg/resvg-js'],
  // CommonJS dependencies (ajv, commander, cli-progress) call require() for Node's own modules.
  banner: { js: "import { createRequire as __orthoticRequire } from 'node:module'; const require = __orthoticRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`cli bundle: ${outdir}`);
