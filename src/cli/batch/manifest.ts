import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, type Problem } from '../../errors.js';
import { readText } from '../io.js';
import { unsafeOutputName } from './names.js';

/** One order of a batch: which scan, which prescription, and the name its outputs get. */
export interface Order {
  /** Position in the batch (0-based), for messages and stable ordering. */
  index: number;
  scanPath: string;
  rxPath: string | null;
  /** Output file stem (sanitized): `<out>/<name>.stl` etc. */
  name: string;
}

/**
 * Reads a batch input: a folder (every `*.json` file in it, sorted by name, is a scan; the output
 * name is the file's stem) or a manifest (`.csv` with a header `scan,rx,output`, or `.jsonl` with
 * one `{"scan", "rx"?, "output"?}` object a line; paths relative to the manifest's folder; output
 * defaults to the scan file's stem).
 *
 * @throws InputError (exit 3) before anything is built: an unreadable or malformed manifest, an
 *   unsafe output name, or two orders with the same output name (compared case-insensitively).
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
    const files = readdirSync(input).filter((f) => f.toLowerCase().endsWith('.json') && !f.startsWith('.')).sort();
    for (const f of files) orders.push({ scanPath: join(input, f), rxPath: null, name: basename(f, extname(f)), line: `/${f}` });
  } else {
    const base = dirname(resolve(input));
    const at = (p: string) => (isAbsolute(p) ? p : join(base, p));
    const text = readText(input, 'batch manifest').text;
    const ext = extname(input).toLowerCase();
    let rows: Array<Record<string, unknown>>;
    if (ext === '.csv') {
      rows = csvRows(text);
    } else if (ext === '.jsonl' || ext === '.ndjson') {
      rows = [];
      const problems: Problem[] = [];
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          const v: unknown = JSON.parse(line);
          if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
          rows.push(v as Record<string, unknown>);
        } catch (err) {
          problems.push({ pointer: `/line/${i + 1}`, rule: `must be a JSON object {"scan", "rx"?, "output"?} (${(err as Error).message})` });
        }
      });
      if (problems.length) throw new InputError(problems);
    } else {
      throw new InputError([{ pointer: '', rule: 'batch manifest must end in .csv or .jsonl', value: input }]);
    }
    const problems: Problem[] = [];
    rows.forEach((row, i) => {
      const line = `/orders/${i}`;
      for (const key of Object.keys(row)) {
        if (!['scan', 'rx', 'output'].includes(key)) problems.push({ pointer: `${line}/${key}`, rule: 'is not a manifest column (scan, rx, output)' });
      }
      const scan = row.scan, rx = row.rx, output = row.output;
      if (typeof scan !== 'string' || scan === '') { problems.push({ pointer: `${line}/scan`, rule: 'is required: the scan file', value: scan }); return; }
      if (rx !== undefined && rx !== null && typeof rx !== 'string') { problems.push({ pointer: `${line}/rx`, rule: 'must be a file path', value: rx }); return; }
      if (output !== undefined && output !== null && typeof output !== 'string') { problems.push({ pointer: `${line}/output`, rule: 'must be an output name', value: output }); return; }
      orders.push({ scanPath: at(scan), rxPath: rx ? at(rx) : null, name: output || basename(scan, extname(scan)), line });
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
  if (problems.length) throw new InputError(problems);
  if (orders.length === 0) {
    throw new InputError([{ pointer: '', rule: stat.isDirectory() ? `batch input '${input}' holds no scans (*.json files)` : `manifest '${input}' holds no orders` }]);
  }
  return orders.map(({ line: _line, ...o }, index) => ({ ...o, index }));
}

/** The columns a CSV manifest may have. */
const COLUMNS = ['scan', 'rx', 'output'];

/**
 * The rows of a CSV manifest, each keyed by the header's column names. The first line must be the
 * header (`scan` required, `rx` and `output` optional, any order): a manifest without one (a single
 * line naming a scan) is refused rather than read as a header with no orders.
 * @throws InputError not CSV, no header, an unknown or repeated column
 */
function csvRows(text: string): Array<Record<string, unknown>> {
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new InputError([{ pointer: '', rule: `manifest must be CSV with a header "scan,rx,output": ${(err as Error).message}` }]);
  }
  const [first = [], ...rest] = records;
  const header = first.map((c) => c.toLowerCase());
  const problems: Problem[] = [];
  if (!header.includes('scan')) {
    problems.push({ pointer: '/header', rule: 'the first line must be the header naming the columns: scan (required), rx, output', value: first.join(',') });
  }
  header.forEach((c, i) => {
    if (header.includes('scan') && !COLUMNS.includes(c)) problems.push({ pointer: `/header/${i}`, rule: 'is not a manifest column (scan, rx, output)', value: first[i] });
    else if (header.indexOf(c) !== i) problems.push({ pointer: `/header/${i}`, rule: 'is named twice', value: first[i] });
  });
  if (problems.length) throw new InputError(problems);
  return rest.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] === '' ? undefined : r[i]])));
}
