/**
 * The output folder's lock: one batch at a time writes into a folder. A second batch on the same
 * `--out` is refused at once (exit 2) naming the one that holds it, rather than the two replacing
 * each other's outputs and reports. A lock left by a batch that no longer runs (killed outright) is
 * taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { fsError } from '../io.js';
import { isRunning } from '../tempFiles.js';

/** The lock file, in the output folder (hidden; never an order's output name, which starts with a letter or digit). */
export const LOCK_NAME = '.orthotic-batch.lock';

/** Who holds a lock: written into it as JSON. */
interface Holder {
  pid: number;
  host: string;
  started: string;
}

export interface OutDirLock {
  /** The lock file's path. */
  path: string;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/**
 * Takes the lock of an output folder (which exists).
 * @throws UsageError another batch that is running (on this machine, or on another one sharing the
 *   folder, which cannot be checked) holds it; WriteError the lock cannot be written (full, read-only)
 */
export function lockOutDir(outDir: string): OutDirLock {
  const path = join(outDir, LOCK_NAME);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies Holder);
  const lock: OutDirLock = {
    path,
    release: () => {
      try {
        if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
      } catch { /* already gone */ }
    },
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(err, `cannot lock --out '${outDir}'`, 'no such folder', true);
      fd = -1;
    }
    if (fd >= 0) {
      try {
        writeSync(fd, mine);
      } catch (err) {
        try { unlinkSync(path); } catch { /* gone */ }
        throw fsError(err, `cannot lock --out '${outDir}'`, 'no such folder', true);
      } finally {
        closeSync(fd);
      }
      return lock;
    }
    const text = readOr(path);
    if (text === null) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    if (!holder || holder.host !== hostname() || isRunning(holder.pid)) throw busy(outDir, path, holder, text);
    // The batch that held it is gone. Move its lock aside and check it is the one read (another
    // batch may have taken it over in between): if not, put that one back and say so.
    const aside = `${path}.${process.pid}.stale`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readOr(aside);
    if (moved === text) {
      try { unlinkSync(aside); } catch { /* gone */ }
      continue;
    }
    try { linkSync(aside, path); } catch { /* a third batch took it: it holds it */ }
    try { unlinkSync(aside); } catch { /* gone */ }
    throw busy(outDir, path, moved === null ? null : parseHolder(moved));
  }
  throw busy(outDir, path, null);
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started === 'string' ? (h as Holder) : null;
  } catch {
    return null; // empty: being written by a batch starting this very moment
  }
}

function busy(outDir: string, path: string, holder: Holder | null, text = ''): UsageError {
  // Empty: a batch writing its record this very moment; anything else unreadable is not a batch's record.
  const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.started}` : text.trim() ? 'its lock file holds no batch\'s record' : 'a batch starting now';
  return new UsageError(`--out '${outDir}' is in use by another batch (${who}): wait for it to finish or choose another folder ` +
    `(if no batch is running there, delete '${path}')`);
}
