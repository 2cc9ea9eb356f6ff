import { mkdirSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { fsError } from './io.js';

/**
 * The folders of `path` that do not exist yet, outermost first, after checking that the nearest
 * one that does exist is a folder. No file system call loops: each part of the path is looked at
 * once (Node's own recursive mkdir spins for ever on `/proc/x`, where mkdir says ENOENT although
 * `/proc` exists).
 * @throws UsageError when a part of the path is a file, or cannot be looked at
 */
export function missingFolders(path: string): string[] {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    let st: Stats;
    try {
      st = statSync(at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) {
        missing.unshift(at);
        continue;
      }
      throw fsError(err, `cannot use '${path}' as a folder`, 'no such folder');
    }
    if (st.isDirectory()) return missing;
    throw new UsageError(`cannot use '${path}' as a folder: ${at === resolve(path) ? 'it is a file' : `'${at}' is a file`}`);
  }
}

/**
 * Creates an output folder and the missing folders above it, one at a time.
 * @returns the folders it created, outermost first (for removeFolders)
 * @throws UsageError a part of the path is a file, or the file system allows no folder there
 *   (`/proc/x`); WriteError the storage refused (read-only, full, no permission)
 */
export function makeFolder(path: string): string[] {
  const made: string[] = [];
  for (const dir of missingFolders(path)) {
    try {
      mkdirSync(dir);
      made.push(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue; // made meanwhile
      removeFolders(made);
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`cannot use '${path}' as a folder: '${dir}' is a file`);
      throw fsError(err, `cannot create folder '${dir}'`, 'the file system allows no folder there', true);
    }
  }
  return made;
}

/**
 * Removes folders makeFolder created (outermost first, as it returns them), innermost first, each
 * only while it is empty: a run that fails after making its output folders leaves none behind.
 */
export function removeFolders(made: readonly string[]): void {
  for (let i = made.length - 1; i >= 0; i--) {
    try { rmdirSync(made[i]!); } catch { /* not empty, or gone: left as it is */ }
  }
}
