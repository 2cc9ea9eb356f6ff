/**
 * Temporary files of atomic writes: hidden, beside their target, named with the id of the process
 * that writes them, so a later run can tell a dead process's leftovers (a run killed outright, by
 * SIGKILL or a power cut) from the temporary files of a run still going (another batch, a build
 * into the same folder), and removes only the former.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `.<name>.<pid>.<8 hex>.tmp`: the pid is the writer's (worker threads share their process's). */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A fresh temporary path for writing `path`: in the same folder (a rename never crosses file systems). */
export function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** The id of the process that made a temporary file, from its name; null for any other name. */
export function tempOwner(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false; // 0 and negative ids name process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files in `dir` whose process no longer runs, or (`own`) this process's own
 * (once its workers have been stopped, so none is being written). Never another running process's.
 * @returns how many were removed
 */
export function removeTemps(dir: string, which: 'stale' | 'own'): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = tempOwner(name);
    if (pid === null) continue;
    if (which === 'own' ? pid !== process.pid : pid === process.pid || isRunning(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch { /* already gone */ }
  }
  return removed;
}
