/**
 * Parsing and validation of the JSON inputs at the edge: a foot scan, a prescription file and a
 * limits profile, with validators compiled ahead of time from `schemas/`; every ajv error
 * becomes one `Problem` (JSON pointer, rule in plain words, offending value). Checks a schema
 * cannot say but that need no geometry (non-finite numbers, distinct outline points, a limits
 * profile whose levels are out of order) are made here too. Geometric checks (self-intersection,
 * area, foot length from the outline) belong to the geometry code.
 */

import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from './generated/validators.js';
import { InputError, type Problem } from '../errors.js';
import type { FootScan, FootScanPair, Prescription } from './types.js';
import { manufacturingProblems } from './manufacturing.js';

type Source = NonNullable<Problem['source']>;

/** At most this many problems are reported for one input; a last line says how many more there were. */
export const MAX_PROBLEMS = 20;

/** Fewest distinct points an outline may have. */
export const MIN_DISTINCT_OUTLINE_POINTS = 8;

// Compiled ahead of time from schemas/*.json by scripts/gen-validators.ts (ajv standalone): no
// schema compiler is loaded at run time. tests/inputs/scan.test.ts checks the file is up to date.
const validatePrescriptionValue = generated.validatePrescription as ValidateFunction<Prescription>;
const validateScanValue = generated.validateScan as ValidateFunction<FootScan>;
const validatePairValue = generated.validatePair as ValidateFunction<FootScanPair>;

/** Plain words for the schemas' patterns, keyed by the pattern itself. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$':
    'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

/**
 * Parses the text of a foot-scan file and validates it.
 * @param text the file's contents (a leading byte-order mark is ignored)
 * @returns the scan, exactly as parsed (mm, scanner frame)
 * @throws InputError empty input, malformed JSON (with line and column), or one problem per
 *   schema violation, non-finite number or too few distinct outline points
 */
export function parseScanText(text: string): FootScan {
  return parseScan(parseJsonText(text, 'scan'));
}

/**
 * Validates an already-parsed foot scan against schemas/foot-scan.schema.json, rejects non-finite
 * numbers anywhere and outlines with fewer than 8 distinct points.
 * @param value any value, e.g. the result of JSON.parse; not modified
 * @returns the same value, typed
 * @throws InputError one problem per violation (source 'scan'), at most MAX_PROBLEMS plus a count
 */
export function parseScan(value: unknown): FootScan {
  return validateInput(value, validateScanValue, 'scan', (scan) => [...outlineProblems(scan), ...ownManufacturingProblems(scan, '')]);
}

/** A scan's (or a pair's) own prescription's manufacturing block, checked (see manufacturingProblems). */
function ownManufacturingProblems(doc: unknown, pointer: string): Problem[] {
  const rx: unknown = isRecord(doc) ? doc.prescription : undefined;
  return isRecord(rx) ? manufacturingProblems(rx.manufacturing, `${pointer}/prescription/manufacturing`, 'scan') : [];
}

/**
 * Validates an already-parsed pair file against schemas/foot-scan-pair.schema.json: two complete
 * scans, one left and one right, and an optional prescription for both.
 * @returns the same value, typed
 * @throws InputError one problem per violation, pointers into the pair document (`/feet/1/side`)
 */
export function parsePair(value: unknown): FootScanPair {
  return validateInput(value, validatePairValue, 'scan', (pair) => {
    const feet: unknown = isRecord(pair) ? pair.feet : undefined;
    if (!Array.isArray(feet)) return [];
    const problems = feet.flatMap((foot, i) => outlineProblems(foot as FootScan).map((p) => ({ ...p, pointer: `/feet/${i}${p.pointer}` })));
    problems.push(...ownManufacturingProblems(pair, ''), ...feet.flatMap((foot, i) => ownManufacturingProblems(foot, `/feet/${i}`)));
    // An order is printed or milled as one: the feet's blocks (each over the pair's) must agree.
    const blocks = feet.map((foot) => {
      const own: unknown = isRecord(foot) && isRecord(foot.prescription) ? foot.prescription.manufacturing : undefined;
      return own ?? (isRecord(pair.prescription) ? pair.prescription.manufacturing : undefined);
    });
    if (feet.length === 2 && JSON.stringify(blocks[0]) !== JSON.stringify(blocks[1])) {
      problems.push({ pointer: '/feet/1/prescription/manufacturing', rule: `must be the same as /feet/0's: a pair is printed or milled as one order (/feet/0's is ${JSON.stringify(blocks[0] ?? null)})`, value: blocks[1] ?? null, source: 'scan' });
    }
    const sides = feet.map((foot) => (isRecord(foot) ? foot.side : undefined));
    if (feet.length === 2 && sides[0] === sides[1] && (sides[0] === 'left' || sides[0] === 'right')) {
      problems.push({ pointer: '/feet/1/side', rule: 'a pair needs one left and one right foot', value: sides[1], source: 'scan' });
    }
    return problems;
  });
}

/**
 * Validates a scan document that is either one foot scan or a pair file (an object with `feet`).
 * For a pair, the pair's prescription is merged under each foot's own (the foot's wins field by
 * field), so each returned scan stands alone.
 * @returns one scan, or two (left first)
 * @throws InputError as parseScan / parsePair
 */
export function parseScanDocument(value: unknown): { scans: FootScan[]; pair: boolean } {
  if (!(isRecord(value) && Object.hasOwn(value, 'feet'))) return { scans: [parseScan(value)], pair: false };
  const pair = parsePair(value);
  const scans = pair.feet.map((foot): FootScan => {
    const rx = pair.prescription || foot.prescription ? { ...pair.prescription, ...foot.prescription } : undefined;
    const { prescription: _own, ...rest } = foot;
    return rx ? { ...rest, prescription: rx } : rest;
  });
  scans.sort((a, b) => (a.side === b.side ? 0 : a.side === 'left' ? -1 : 1));
  return { scans, pair: true };
}

/**
 * Parses the text of a prescription file (`--rx FILE`) and validates it.
 * @throws InputError as parseScanText, with source 'prescription'
 */
export function parsePrescriptionText(text: string): Prescription {
  return parsePrescription(parseJsonText(text, 'prescription'));
}

/**
 * Validates an already-parsed prescription against schemas/prescription.schema.json.
 * @param value any value; not modified
 * @returns the same value, typed (mm and degrees)
 * @throws InputError one problem per violation, pointers relative to the prescription document,
 *   source 'prescription'
 */
export function parsePrescription(value: unknown): Prescription {
  return validateInput(value, validatePrescriptionValue, 'prescription', (rx) => (isRecord(rx) ? manufacturingProblems(rx.manufacturing, '/manufacturing', 'prescription') : []));
}

// ---------------------------------------------------------------------------------------------
// JSON text

/**
 * Parses JSON text only (no schema): empty input and malformed JSON (with line and column) become
 * an InputError. For callers that hand the value to a validating API such as buildOrthotic.
 */
export function parseJsonText(text: string, source: Source): unknown {
  if (text.trim() === '') throw new InputError([{ pointer: '', rule: 'input is empty', source }]);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    // V8's messages differ between Node versions and often carry no position: locate it ourselves.
    const found = findJsonError(body);
    const rule = found
      ? `invalid JSON: ${found.reason} (${lineColumn(body, found.index)})`
      : `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
    throw new InputError([{ pointer: '', rule, source }]);
  }
  const twice = duplicateJsonKey(body);
  if (twice) {
    throw new InputError([{ pointer: twice.pointer, rule: `is given twice in one object (${lineColumn(body, twice.index)}): a JSON reader keeps only the last, so which is meant is not known; give it once`, value: twice.key, source }]);
  }
  return value;
}

/**
 * The first key that an object of `text` (valid JSON) holds twice, with its JSON pointer and where
 * the second one starts; null when none does. JSON.parse keeps the last silently
 * (`"side": "right", "side": "left"` would build a left foot).
 */
export function duplicateJsonKey(text: string): { key: string; pointer: string; index: number } | null {
  // One frame per open object or array: the keys seen (an object's) or the element's index (an array's).
  const frames: Array<{ keys: Set<string> | null; at: number; key: string }> = [];
  let expectKey = false;
  const pointer = (last: string) => frames.slice(0, -1).map((f) => `/${f.keys ? escapePointer(f.key) : f.at}`).join('') + `/${escapePointer(last)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: find its end
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) { i++; escaped = true; }
      const top = frames[frames.length - 1];
      if (top?.keys && expectKey) {
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (top.keys.has(key)) return { key, pointer: pointer(key), index: start };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
    } else if (c === 0x7b) { frames.push({ keys: new Set(), at: 0, key: '' }); expectKey = true; }
    else if (c === 0x5b) { frames.push({ keys: null, at: 0, key: '' }); }
    else if (c === 0x7d || c === 0x5d) { frames.pop(); }
    else if (c === 0x2c) { const top = frames[frames.length - 1]; if (top?.keys) expectKey = true; else if (top) top.at++; }
  }
  return null;
}

function lineColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

function describeAt(text: string, i: number): string {
  if (i >= text.length) return 'the end of the input';
  const cp = text.codePointAt(i) ?? 0;
  if (cp < 0x20 || cp === 0x7f || cp === 0xfeff) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(cp);
  return ch === "'" ? `"'"` : `'${ch}'`;
}

/**
 * Finds the first place where `text` is not RFC 8259 JSON, with a reason in plain words.
 * Iterative (an explicit stack), so deeply nested input cannot overflow the call stack.
 * Returns undefined when the text is valid JSON.
 */
function findJsonError(text: string): { index: number; reason: string } | undefined {
  const n = text.length;
  const containers: Array<0x5b | 0x7b> = []; // '[' or '{'
  let i = 0;
  let expectValue = true;
  const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const skipWs = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const expected = (what: string) => ({ index: i, reason: `expected ${what}, found ${describeAt(text, i)}` });
  const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

  // Scans a string starting at the opening quote; returns an error or undefined.
  const scanString = (): { index: number; reason: string } | undefined => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return { index: start, reason: 'unterminated string' };
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return { index: i, reason: `control character ${describeAt(text, i)} in a string (escape it)` };
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { index: i, reason: 'invalid \\u escape in a string' };
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return { index: i, reason: `invalid escape ${e === undefined ? '\\' : `'\\${e}'`} in a string` };
        }
        continue;
      }
      i++;
    }
  };

  const scanNumber = (): { index: number; reason: string } | undefined => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++;
    if (text.charCodeAt(i) === 0x30) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return { index: start, reason: 'invalid number' };
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return { index: start, reason: 'invalid number' };
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
      i++;
      if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) return { index: start, reason: 'invalid number' };
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return undefined;
  };

  // After '{' or ',' inside an object: a key, then ':'.
  const scanKey = (): { index: number; reason: string } | undefined => {
    skipWs();
    if (text.charCodeAt(i) !== 0x22) return expected('a property name in double quotes');
    const err = scanString();
    if (err) return err;
    skipWs();
    if (text.charCodeAt(i) !== 0x3a) return expected("':' after the property name");
    i++;
    return undefined;
  };

  for (;;) {
    skipWs();
    if (expectValue) {
      const c = text.charCodeAt(i);
      if (i >= n) return expected('a value');
      if (c === 0x7b) {
        i++;
        skipWs();
        if (text.charCodeAt(i) === 0x7d) {
          i++;
          expectValue = false;
          continue;
        }
        containers.push(0x7b);
        const err = scanKey();
        if (err) return err;
        continue;
      }
      if (c === 0x5b) {
        i++;
        skipWs();
        if (text.charCodeAt(i) === 0x5d) {
          i++;
          expectValue = false;
          continue;
        }
        containers.push(0x5b);
        continue;
      }
      let err: { index: number; reason: string } | undefined;
      if (c === 0x22) err = scanString();
      else if (c === 0x2d || isDigit(c)) err = scanNumber();
      else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return expected('a value');
        i += word.length;
      }
      if (err) return err;
      expectValue = false;
      continue;
    }
    const top = containers[containers.length - 1];
    if (top === undefined) return i < n ? { index: i, reason: `unexpected ${describeAt(text, i)} after the JSON value` } : undefined;
    const c = text.charCodeAt(i);
    const close = top === 0x5b ? 0x5d : 0x7d;
    if (c === close) {
      containers.pop();
      i++;
      continue;
    }
    if (c !== 0x2c) return expected(top === 0x5b ? "',' or ']' after an array item" : "',' or '}' after a property value");
    i++;
    skipWs();
    if (text.charCodeAt(i) === close) return { index: i, reason: `trailing comma before ${describeAt(text, i)}` };
    if (top === 0x7b) {
      const err = scanKey();
      if (err) return err;
    }
    expectValue = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A problem plus the ajv keyword that produced it (internal). */
type Raw = Problem & { keyword?: string };

/**
 * Validates a parsed input with one of the compiled validators: non-finite numbers and schema
 * violations become one problem each (capped), plus what `extra` finds once the schema holds.
 * @throws InputError naming every problem, with `source`
 */
export function validateInput<T>(value: unknown, validate: ValidateFunction<T>, source: Source, extra?: (value: T) => Problem[]): T {
  const nonFinite = nonFiniteProblems(value, source);
  const problems: Raw[] = [...nonFinite];
  if (!validate(value)) {
    for (const p of ajvProblems(validate.errors ?? [], value, source)) {
      // A non-finite number already has its own problem; "must be <= 60, got Infinity" adds nothing.
      const isNonFinite = typeof p.value === 'number' && !Number.isFinite(p.value);
      if (isNonFinite && p.keyword !== 'additionalProperties' && p.keyword !== 'required') continue;
      problems.push(p);
    }
  }
  if (extra) problems.push(...extra(value as T));
  if (problems.length > 0) throw new InputError(finish(problems, source));
  return value as T;
}

/** Deduplicates, drops the internal keyword, caps at MAX_PROBLEMS plus a line with the rest's count. */
function finish(raw: readonly Raw[], source: Source): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const { keyword: _keyword, ...p } of raw) {
    const key = `${p.pointer}\u0000${p.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  if (out.length <= MAX_PROBLEMS) return out;
  const more = out.length - MAX_PROBLEMS;
  return [...out.slice(0, MAX_PROBLEMS), { pointer: '', rule: `${more} more problem${more === 1 ? '' : 's'} not shown`, source }];
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a JSON pointer, following own properties only. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let v: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Every number that is not finite (JSON.parse turns 1e999 into Infinity), anywhere in the value. */
function nonFiniteProblems(root: unknown, source: Source): Problem[] {
  // Pointers are built only for the numbers reported: built for every node, they would cost
  // O(depth²) on deeply nested input. Numbers get no node of their own (an outline has 40,000).
  interface Node {
    v: unknown;
    parent: Node | undefined;
    key: string | number;
  }
  const pointerOf = (parent: Node | undefined, key: string | number): string => {
    const keys: string[] = [];
    if (parent) keys.push(escapePointer(String(key)));
    for (let n: Node | undefined = parent; n?.parent; n = n.parent) keys.push(escapePointer(String(n.key)));
    return keys.length === 0 ? '' : `/${keys.reverse().join('/')}`;
  };
  const out: Problem[] = [];
  const report = (v: unknown, parent: Node | undefined, key: string | number): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) out.push({ pointer: pointerOf(parent, key), rule: 'must be a finite number', value: v, source });
  };
  const isContainer = (v: unknown): boolean => typeof v === 'object' && v !== null;
  report(root, undefined, '');
  const seen = new Set<object>(); // values from JS callers may share or cycle
  const stack: Node[] = [{ v: root, parent: undefined, key: '' }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const v = node.v;
    if (!isContainer(v) || seen.has(v as object)) continue;
    seen.add(v as object);
    // Numbers first, in order; containers pushed in reverse so they are visited in order.
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) report(v[i], node, i);
      for (let i = v.length - 1; i >= 0; i--) if (isContainer(v[i])) stack.push({ v: v[i], parent: node, key: i });
    } else {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      for (const key of keys) report(o[key], node, key);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        if (isContainer(o[key])) stack.push({ v: o[key], parent: node, key });
      }
    }
  }
  return out;
}

/**
 * The offending value as a problem carries it, unless it cannot be shown (nested too deeply for
 * JSON.stringify, or holding a BigInt): then a short description, so that formatting the problem
 * never throws.
 */
function showable(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  try {
    JSON.stringify(v);
    return v;
  } catch {
    return Array.isArray(v) ? '(an array too deeply nested to show)' : '(an object too deeply nested to show)';
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function ajvProblems(errors: readonly ErrorObject[], root: unknown, source: Source): Raw[] {
  const out: Raw[] = [];
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    let rule: string;
    let withValue = true;
    let value: unknown;
    switch (e.keyword) {
      case 'if':
        continue; // its branch's own errors say what is wrong
      case 'not':
        rule = 'is not allowed with a surface (a 3D scan): it comes from the scan';
        withValue = false;
        break;
      case 'required':
        pointer += `/${escapePointer(String(params.missingProperty))}`;
        rule = 'is required';
        withValue = false;
        break;
      case 'additionalProperties':
        pointer += `/${escapePointer(String(params.additionalProperty))}`;
        rule = 'is not an allowed field';
        break;
      case 'type':
        rule = `must be ${String(params.type)
          .split(',')
          .map((t) => TYPE_WORDS[t] ?? t)
          .join(' or ')}`;
        break;
      case 'minimum':
        rule = `must be >= ${String(params.limit)}`;
        break;
      case 'maximum':
        rule = `must be <= ${String(params.limit)}`;
        break;
      case 'exclusiveMinimum':
        rule = `must be > ${String(params.limit)}`;
        break;
      case 'exclusiveMaximum':
        rule = `must be < ${String(params.limit)}`;
        break;
      case 'enum':
        rule = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        rule = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'pattern':
        rule = PATTERN_WORDS[String(params.pattern)] ?? `must match the pattern ${String(params.pattern)}`;
        break;
      case 'minItems':
      case 'maxItems': {
        const items = valueAt(root, pointer);
        rule = `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items`;
        value = Array.isArray(items) ? items.length : showable(items); // the count, not 20,000 points
        out.push({ pointer, rule, value, source, keyword: e.keyword });
        continue;
      }
      case 'minLength':
        rule = `must be at least ${String(params.limit)} characters long`;
        break;
      case 'maxLength':
        rule = `must be at most ${String(params.limit)} characters long`;
        break;
      default:
        rule = e.message ?? `fails the ${e.keyword} rule`;
    }
    if (withValue) value = showable(valueAt(root, pointer));
    out.push(withValue ? { pointer, rule, value, source, keyword: e.keyword } : { pointer, rule, source, keyword: e.keyword });
  }
  return out;
}

/** Fewer than 8 distinct points (only once the outline is otherwise well formed). */
function outlineProblems(scan: FootScan): Problem[] {
  const outline: unknown = isRecord(scan) && Object.hasOwn(scan, 'outline') ? scan.outline : undefined;
  if (!Array.isArray(outline) || outline.length < MIN_DISTINCT_OUTLINE_POINTS) return [];
  // Stops at the 8th distinct point, so a 20,000-point outline costs a few comparisons.
  const xs: number[] = [];
  const ys: number[] = [];
  for (const pt of outline as unknown[]) {
    if (!Array.isArray(pt) || pt.length !== 2) return [];
    const [x, y] = pt as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return [];
    let known = false;
    for (let i = 0; i < xs.length && !known; i++) known = xs[i] === x && ys[i] === y; // -0 === 0
    if (known) continue;
    xs.push(x);
    ys.push(y);
    if (xs.length >= MIN_DISTINCT_OUTLINE_POINTS) return [];
  }
  return [
    {
      pointer: '/outline',
      rule: `must have at least ${MIN_DISTINCT_OUTLINE_POINTS} distinct points`,
      value: xs.length,
      source: 'scan',
    },
  ];
}
