import { mkdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** What naming an output needs of a device. */
interface Named {
  report: { id: string };
}

function isFolder(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where one device's file goes. A folder (an existing one, or a name ending in `/`: see makeFolder)
 * takes `<id>[-<name>].<ext>`; otherwise `-<name>` goes before the extension of `path`
 * (`device.stl` → `device-left-stage-1-of-3.stl`), and a lone device (`name` '') is written to
 * `path` itself. `-` (standard output) stays `-`.
 */
export function devicePath(path: string, device: Named, name: string, ext: string): string {
  if (path === '-') return path;
  if (isFolder(path)) return join(path, `${device.report.id}${name ? `-${name}` : ''}.${ext}`);
  if (!name) return path;
  const e = extname(path);
  return `${path.slice(0, path.length - e.length)}-${name}${e}`;
}

/** Creates an output folder (and its parents) if missing. @throws UsageError when it cannot. */
export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create folder '${path}': ${(err as Error).message}`);
  }
}

/**
 * The sign-off sheet's date: the one given, else the day of SOURCE_DATE_EPOCH (reproducible
 * builds), else today in local time.
 */
export function sheetDate(given: string | undefined, now: Date = new Date()): string {
  if (given !== undefined) return given;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
