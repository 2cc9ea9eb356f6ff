import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve, dirname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, type Problem } from '../../errors.js';
import { duplicateJsonKey } from '../../scan/index.js';
import { meshFormatOf } from '../../scan3d/index.js';
import { fsError, MAX_INPUT_BYTES, readText } from '../io.js';
import { namedSurfaceFiles } from '../surfaces.js';
import { COLUMN_NAMES, parseRow, type OrderSettings } from './columns.js';
import { unsafeOutputName } from './names.js';

/** One order of a batch: which files, what it asks for, and the name its outputs get. */
export interface Order {
  /** Position in the batch (0-based), for messages and stable ordering. */
  index: number;
  /** One scan (a scan JSON, a pair file or a 3D scan), or a left and a right scan, as `orthotic build` takes them. */
  scans: string[];
  rxPath: string | null;
  /** Output file stem (sanitized): `<out>/<name>.stl` etc. */
  name: string;
  /** What the order's manifest row asks for beyond its files (none for a folder). */
  settings: OrderSettings;
}

/** Files a batch folder's orders are: scan JSON (a scan or a pair file) and 3D scans. */
const isScanFile = (f: string) => !f.startsWith('.') && (f.toLowerCase().endsWith('.json') || meshFormatOf(f) !== null);

/** What a pair or a series puts after an order's name for each device: `left`, `right-stage-2-of-3`, `stage-1-of-3`. */
const DEVICE_SUFFIX = '(?:(?:left|right)(?:-stage-\\d+-of-\\d+)?|stage-\\d+-of-\\d+)';
/** A name another order's device files (`<name>-left`...) or cast trim lines (`<name>.trim`, `<name>.trim-left`...) take; group 1 that order's name. */
const DEVICE_NAME = new RegExp(`^(.+?)-${DEVICE_SUFFIX}$`, 'i');
const TRIM_NAME = new RegExp(`^(.+)\\.trim(?:-${DEVICE_SUFFIX})?$`, 'i');

/**
 * Reads a batch input: a folder (every `*.json` scan or pair file and every 3D scan `*.stl`,
 * `*.obj`, `*.ply` in it, sorted by name, is an order named after the file's stem; a 3D scan that
 * a scan JSON of the folder names as its surface is that scan's, not an order of its own) or a
 * manifest (`.csv` whose first line is the header, or `.jsonl` with one object a line; see COLUMNS:
 * `scan`, or `left` and `right`; `rx`; `output`; and the order's settings; paths relative to the
 * manifest's folder; output defaults to the scan file's stem).
 *
 * @throws UsageError (exit 2) a folder or manifest that may not be read (no permission);
 *   InputError (exit 3) before anything is built: a malformed manifest, a bad
 *   cell, an unsafe output name, or two orders whose output names clash (compared case-insensitively).
 */
export function readOrders(input: string): Order[] {
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new InputError([{ pointer: '', rule: `batch input '${input}' must be a folder of scans or a .csv / .jsonl manifest`, value: 'no such file or folder' }]);
  }
  const orders: Array<Omit<Order, 'index'> & { line: string }> = [];
  if (stat.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(input);
    } catch (err) {
      throw fsError(err, `cannot read batch input folder '${input}'`, 'no such folder'); // EACCES: a usage error (exit 2), as any input that may not be read
    }
    const files = names.filter(isScanFile).sort();
    const owned = surfacesNamed(input, files);
    for (const f of files) {
      if (owned.has(f)) continue;
      orders.push({ scans: [join(input, f)], rxPath: null, name: basename(f, extname(f)), settings: {}, line: `/${f}` });
    }
  } else {
    const base = dirname(resolve(input));
    const at = (p: string) => (isAbsolute(p) ? p : join(base, p));
    const rows = manifestRows(input);
    const problems: Problem[] = [];
    rows.forEach((row, i) => {
      const line = `/orders/${i}`;
      const { files, settings, problems: bad } = parseRow(row);
      problems.push(...bad.map((p): Problem => ({ pointer: `${line}/${p.column}`, rule: p.rule, ...('value' in p ? { value: p.value } : {}) })));
      if (bad.length) return;
      const problem = (column: string, rule: string, value?: unknown) => problems.push({ pointer: `${line}/${column}`, rule, ...(value === undefined ? {} : { value }) });
      const two = files.left !== undefined || files.right !== undefined;
      if (two && files.scan !== undefined) return problem('scan', 'give scan, or left and right, not both');
      if (two && (files.left === undefined || files.right === undefined)) return problem(files.left === undefined ? 'left' : 'right', 'is required with the other foot\'s scan: an order names both feet, or one scan');
      if (!two && files.scan === undefined) return problem('scan', 'is required: the scan file (or left and right)');
      if (two && files.output === undefined) return problem('output', 'is required for an order of two scans (left and right)');
      if (two && settings.mirror) return problem('mirror', 'builds the other foot from one scan: this order names both feet');
      const scans = two ? [files.left!, files.right!] : [files.scan!];
      for (const column of ['id', 'side', 'units', 'impression'] as const) {
        if (settings[column] !== undefined && !scans.every((s) => meshFormatOf(s))) problem(column, 'is for 3D scan files (.stl, .obj, .ply): a scan JSON gives its own');
      }
      if (two && settings.side !== undefined) problem('side', 'names one foot: this order names two scans');
      if (problems.length) return;
      orders.push({ scans: scans.map(at), rxPath: files.rx ? at(files.rx) : null, name: files.output ?? basename(files.scan!, extname(files.scan!)), settings, line });
    });
    if (problems.length) throw new InputError(problems);
  }
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  orders.forEach((o, i) => {
    const why = unsafeOutputName(o.name);
    if (why) problems.push({ pointer: `${o.line}/output`, rule: `output name ${why}`, value: o.name });
    const key = o.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) problems.push({ pointer: `${o.line}/output`, rule: `output name is already used by order ${first + 1}`, value: o.name });
    else seen.set(key, i);
  });
  // A pair or a series names its device files `<name>-left`, `<name>-stage-1-of-3`...; a milled
  // cast's trim line is `<name>.trim.svg` (`<name>.trim-left.svg` for a pair's): another order
  // named so would write over them (its map is `<its name>.svg`).
  orders.forEach((o) => {
    for (const [m, what, why] of [
      [DEVICE_NAME.exec(o.name), 'device files', 'a pair or a series names them NAME-left..., NAME-stage-k-of-N...'],
      [TRIM_NAME.exec(o.name), 'trim line', "a milled cast's trim line is NAME.trim.svg or NAME.trim.dxf"],
    ] as const) {
      const other = m ? seen.get(m[1]!.toLowerCase()) : undefined;
      if (other === undefined) continue;
      const name = orders[other]!.name;
      problems.push({ pointer: `${o.line}/output`, rule: `output name may clash with the ${what} of order ${other + 1} ('${name}': ${why.replaceAll('NAME', name)})`, value: o.name });
    }
  });
  if (problems.length) throw new InputError(problems);
  if (orders.length === 0) {
    throw new InputError([{ pointer: '', rule: stat.isDirectory() ? `batch input '${input}' holds no scans (*.json, *.stl, *.obj, *.ply files)` : `manifest '${input}' holds no orders` }]);
  }
  return orders.map(({ line: _line, ...o }, index) => ({ ...o, index }));
}

/**
 * The 3D scans of a folder that its scan JSON files name as their surface (`"surface": {"file":
 * "foot.stl"}`, in a scan or a pair file's feet). Only JSON files that mention `"surface"` are
 * parsed, and only when the folder holds 3D scans at all; a file that cannot be read or parsed
 * names none (its order will say what is wrong with it).
 */
function surfacesNamed(folder: string, files: readonly string[]): Set<string> {
  const owned = new Set<string>();
  const meshes = new Map(files.filter((f) => meshFormatOf(f)).map((f) => [resolve(folder, f), f]));
  if (meshes.size === 0) return owned;
  for (const f of files) {
    if (meshFormatOf(f)) continue;
    let doc: unknown;
    try {
      const st = statSync(join(folder, f));
      if (!st.isFile() || st.size > MAX_INPUT_BYTES) continue; // never block on a FIFO: its order says what it is
      const raw = readFileSync(join(folder, f), 'utf8');
      if (!raw.includes('"surface"')) continue;
      doc = JSON.parse(raw);
    } catch {
      continue;
    }
    for (const file of namedSurfaceFiles(doc, join(folder, f))) {
      const mine = meshes.get(resolve(file));
      if (mine !== undefined) owned.add(mine);
    }
  }
  return owned;
}

/** A manifest's rows, each keyed by column name. */
function manifestRows(input: string): Array<Record<string, unknown>> {
  const text = readText(input, 'batch manifest').text;
  const ext = extname(input).toLowerCase();
  if (ext === '.csv') return csvRows(text);
  if (ext !== '.jsonl' && ext !== '.ndjson') throw new InputError([{ pointer: '', rule: 'batch manifest must end in .csv or .jsonl', value: input }]);
  const rows: Array<Record<string, unknown>> = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v: unknown = JSON.parse(line);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      const twice = duplicateJsonKey(line);
      if (twice) throw new Error(`"${twice.key}" is given twice: which is meant is not known`);
      rows.push(v as Record<string, unknown>);
    } catch (err) {
      problems.push({ pointer: `/line/${i + 1}`, rule: `must be a JSON object {"scan", "rx"?, "output"?, ...} (${(err as Error).message})` });
    }
  });
  if (problems.length) throw new InputError(problems);
  return rows;
}

/**
 * The rows of a CSV manifest, each keyed by the header's column names. The first line must be the
 * header (`scan`, or `left` and `right`, required; the other columns optional, any order): a
 * manifest without one (a single line naming a scan) is refused rather than read as a header with
 * no orders.
 * @throws InputError not CSV, no header, an unknown or repeated column
 */
function csvRows(text: string): Array<Record<string, unknown>> {
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new InputError([{ pointer: '', rule: `manifest must be CSV with a header such as "scan,rx,output": ${(err as Error).message}` }]);
  }
  const [first = [], ...rest] = records;
  const header = first.map((c) => c.toLowerCase());
  const problems: Problem[] = [];
  const hasScan = header.includes('scan') || header.includes('left') || header.includes('right');
  if (!hasScan) {
    problems.push({ pointer: '/header', rule: `the first line must be the header naming the columns: scan (required; or left and right), rx, output, ${COLUMN_NAMES.slice(5).join(', ')}`, value: first.join(',') });
  }
  header.forEach((c, i) => {
    if (hasScan && !(COLUMN_NAMES as string[]).includes(c)) problems.push({ pointer: `/header/${i}`, rule: `is not a manifest column (${COLUMN_NAMES.join(', ')})`, value: first[i] });
    else if (header.indexOf(c) !== i) problems.push({ pointer: `/header/${i}`, rule: 'is named twice', value: first[i] });
  });
  if (problems.length) throw new InputError(problems);
  return rest.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] === '' ? undefined : r[i]])));
}
