import { realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { LOCK_NAME } from './lock.js';
import type { Order } from './manifest.js';

/** The batch's own report, in the output folder. */
export const BATCH_REPORT = 'batch-report.json';

/** The files an order may write into the output folder besides its devices' own (`<name>-<device>.stl`, `.svg`, `.png`). */
const orderFiles = (name: string): string[] => ['.report.json', '.inputs.sha256', '.stl', '.3mf', '.preview.html', '.sheet.html', '.svg', '.png'].map((e) => `${name}${e}`);

/**
 * Checks an output folder against the batch's inputs before anything is made or built: it must not
 * be the input folder itself (every `*.json` there is read as a scan, so the batch's reports would be
 * read as scans on the next run; a folder inside the input folder is fine, as it is not read), and
 * no order may write over an input (a scan, a prescription, the manifest, the limits profile, the
 * lab configuration; a 3D scan a scan JSON names is checked as the order is built).
 * @param input the folder of scans or the manifest
 * @param inputs every other file the batch reads (the limits profile, the configuration)
 * @throws UsageError naming the folder or the file
 */
export function checkOutDir(input: string, outDir: string, orders: readonly Order[], inputs: readonly string[] = []): void {
  const real = (path: string) => { try { return realpathSync(path); } catch { return resolve(path); } };
  const out = real(outDir);
  if (statSync(input, { throwIfNoEntry: false })?.isDirectory() && real(input) === out) {
    throw new UsageError(`--out '${outDir}' is the input folder: its reports would be read as scans; choose another folder (a folder inside it is fine)`);
  }
  const read = new Map([input, ...inputs, ...orders.flatMap((o) => [...o.scans, ...(o.rxPath ? [o.rxPath] : [])])].map((p) => [real(p), p]));
  for (const name of [BATCH_REPORT, LOCK_NAME, ...orders.flatMap((o) => orderFiles(o.name))]) {
    const overwritten = read.get(join(out, name));
    if (overwritten !== undefined) throw new UsageError(`--out '${outDir}': '${overwritten}' is an input of this batch, and the batch would write ${name} over it; choose another folder`);
  }
}
