/**
 * The 3D viewer's page script: the client (`client/`) with three.js, bundled and minified by
 * `scripts/bundle-viewer.mjs` at build time, in two builds of the same sources: `base` for pages
 * without a 3D scan, `scan` (the scanned sole and the fit colouring) for pages with one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Which bundle: the one every page without a 3D scan carries, or the one with the scan layers. */
export type ViewerBundleKind = 'base' | 'scan';

const FILES: Record<ViewerBundleKind, string> = { base: 'viewer.bundle.js', scan: 'viewer-scan.bundle.js' };

/**
 * Where the bundles are: beside the compiled module in dist/src/preview/viewer/, or found from the
 * package root when run from the CLI bundle in dist/bin/ (two folders below it) or from the sources
 * in src/preview/viewer/ (tests; three folders below it).
 */
const FOLDERS = ['./client/', '../../dist/src/preview/viewer/client/', '../../../dist/src/preview/viewer/client/'];

const cached: Partial<Record<ViewerBundleKind, string>> = {};

/**
 * The viewer's script, read once from the package.
 * @throws Error when the bundle is missing (the package was not built: `npm run build`).
 */
export function viewerBundle(kind: ViewerBundleKind = 'base'): string {
  const hit = cached[kind];
  if (hit !== undefined) return hit;
  for (const folder of FOLDERS) {
    try {
      return (cached[kind] = readFileSync(new URL(folder + FILES[kind], import.meta.url), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`the 3D viewer's script is missing (${fileURLToPath(new URL(FOLDERS[0]! + FILES[kind], import.meta.url))}): build the package first (npm run build)`);
}
