/**
 * The 3D viewer's page script: the client (`client/`) with three.js, bundled and minified by
 * `scripts/bundle-viewer.mjs` at build time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundle is: beside the compiled module in dist/src/preview/viewer/, or found from the
 * package root when run from the CLI bundle in dist/bin/ (two folders below it) or from the sources
 * in src/preview/viewer/ (tests; three folders below it).
 */
const CANDIDATES = [
  new URL('./client/viewer.bundle.js', import.meta.url),
  new URL('../../dist/src/preview/viewer/client/viewer.bundle.js', import.meta.url),
  new URL('../../../dist/src/preview/viewer/client/viewer.bundle.js', import.meta.url),
];

let cached: string | null = null;

/**
 * The viewer's script, read once from the package.
 * @throws Error when the bundle is missing (the package was not built: `npm run build`).
 */
export function viewerBundle(): string {
  if (cached !== null) return cached;
  for (const url of CANDIDATES) {
    try {
      cached = readFileSync(url, 'utf8');
      return cached;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`the 3D viewer's script is missing (${fileURLToPath(CANDIDATES[0]!)}): build the package first (npm run build)`);
}
