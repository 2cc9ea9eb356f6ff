/**
 * A batch manifest's columns: what each may hold, parsed from a CSV cell (text) or a JSON Lines
 * value (text, number or boolean). One table, so the CSV header, the JSON keys and the messages
 * never disagree.
 */
import type { SurfaceMode } from '../../pipeline/index.js';
import { MAX_STAGES } from '../../pipeline/index.js';
import type { ScanUnits } from '../../scan3d/index.js';
import type { Blank } from '../../mill/index.js';
import { parseBlank } from '../mill.js';

/** What one order asks for beyond its files: each absent field is the batch's (its flags, the lab configuration, the built-in default). */
export interface OrderSettings {
  /** Also build the other foot from this one scan, mirrored (build --mirror). */
  mirror?: boolean;
  /** A staged series of this many devices, or `auto` (build --stages / --auto-stages); wins over the prescription's `stages`. */
  stages?: number | 'auto';
  /** A 3D scan's order id (default: the file name) and side (default: told from its arch). */
  id?: string;
  side?: 'left' | 'right';
  units?: ScanUnits;
  impression?: boolean;
  surface?: SurfaceMode;
  /** The device file's format. */
  format?: 'stl' | '3mf';
  /** Whether to write the 3D viewer page, the top-view map (and its format), the sign-off sheet. */
  preview?: boolean;
  map?: 'svg' | 'png' | 'none';
  sheet?: boolean;
  /** How the order is made (build --for, --mill, --blank): over the batch's flags, the order's manufacturing block, the configuration's. */
  for?: 'print' | 'mill';
  mill?: 'device' | 'cast';
  blank?: Blank;
  /** A milled order: whether to write its G-code, `<name>.nc` (build --gcode); a cast's trim line, `<name>.trim.svg` or `.dxf` (build --trim). */
  gcode?: boolean;
  trim?: 'svg' | 'dxf' | 'none';
}

/** The files an order names. */
export interface OrderFiles {
  scan?: string;
  left?: string;
  right?: string;
  rx?: string;
  output?: string;
}

type Parsed = { value: unknown } | { rule: string };
type Parser = (v: unknown) => Parsed;

const text = (rule: string): Parser => (v) => (typeof v === 'string' && v !== '' ? { value: v } : { rule });
const oneOf = (...allowed: string[]): Parser => (v) => (typeof v === 'string' && allowed.includes(v.toLowerCase()) ? { value: v.toLowerCase() } : { rule: `must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}` });
const TRUE = ['true', 'yes', 'y', '1'], FALSE = ['false', 'no', 'n', '0'];
const yesNo: Parser = (v) => {
  if (typeof v === 'boolean') return { value: v };
  const s = typeof v === 'string' || typeof v === 'number' ? String(v).toLowerCase() : '';
  return TRUE.includes(s) ? { value: true } : FALSE.includes(s) ? { value: false } : { rule: 'must be yes or no (true/false, 1/0)' };
};
const stages: Parser = (v) => {
  if (typeof v === 'string' && v.toLowerCase() === 'auto') return { value: 'auto' };
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_STAGES ? { value: n } : { rule: `must be a whole number from 1 to ${MAX_STAGES}, or auto` };
};
const blank: Parser = (v) => {
  try {
    return { value: parseBlank(String(v)) };
  } catch (err) {
    return { rule: (err as Error).message.replace(/, got '.*'$/, '') };
  }
};
const id: Parser = (v) => (typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? { value: v } : { rule: 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' });

/** Every column: the files an order names, then its settings. */
export const COLUMNS = {
  scan: text('must be a file: a scan JSON, a pair file or a 3D scan (.stl, .obj, .ply)'),
  left: text('must be the left foot\'s scan file'),
  right: text('must be the right foot\'s scan file'),
  rx: text('must be a prescription file'),
  output: text('must be an output name'),
  mirror: yesNo,
  stages,
  id,
  side: oneOf('left', 'right'),
  units: oneOf('mm', 'm', 'in'),
  impression: yesNo,
  surface: oneOf('scan', 'parametric'),
  format: oneOf('stl', '3mf'),
  preview: yesNo,
  map: oneOf('svg', 'png', 'none'),
  sheet: yesNo,
  for: oneOf('print', 'mill'),
  mill: oneOf('device', 'cast'),
  blank,
  gcode: yesNo,
  trim: oneOf('svg', 'dxf', 'none'),
} as const satisfies Record<string, Parser>;

export type Column = keyof typeof COLUMNS;
export const COLUMN_NAMES = Object.keys(COLUMNS) as Column[];
const FILE_COLUMNS: ReadonlyArray<keyof OrderFiles> = ['scan', 'left', 'right', 'rx', 'output'];

/**
 * One manifest row read: its files and settings, or the problems with it (pointers relative to
 * the row: `/mirror`). Empty cells and JSON nulls are absent.
 */
export function parseRow(row: Readonly<Record<string, unknown>>): { files: OrderFiles; settings: OrderSettings; problems: Array<{ column: string; rule: string; value?: unknown }> } {
  const files: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  const problems: Array<{ column: string; rule: string; value?: unknown }> = [];
  for (const [column, raw] of Object.entries(row)) {
    if (!Object.hasOwn(COLUMNS, column)) {
      problems.push({ column, rule: `is not a manifest column (${COLUMN_NAMES.join(', ')})` });
      continue;
    }
    if (raw === undefined || raw === null || raw === '') continue;
    const parsed = COLUMNS[column as Column](raw);
    if ('rule' in parsed) problems.push({ column, rule: parsed.rule, value: raw });
    else if ((FILE_COLUMNS as readonly string[]).includes(column)) files[column] = parsed.value;
    else settings[column] = parsed.value;
  }
  return { files: files as OrderFiles, settings: settings as OrderSettings, problems };
}
