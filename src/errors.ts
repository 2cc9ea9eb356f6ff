/**
 * Error types, one per boundary. Each carries a list of problems; each problem names the field
 * (a JSON pointer into the input), the value found and the rule it broke. The CLI maps the error
 * type to an exit code and prints one line per problem; nothing below the CLI exits. The command
 * line's own: UsageError (2), WriteError (5, the storage refused an output), InterruptedError (130).
 * Any other error (MeshValidationError, a plain Error) is internal: exit 1, never reported as
 * invalid input.
 */

/** One thing wrong with an input, reported as `pointer: rule, got value`. */
export interface Problem {
  /** JSON pointer into the input document, e.g. `/measurements/archHeight` ("" for the whole document). */
  pointer: string;
  /** What the rule requires, e.g. `must be >= 0`. */
  rule: string;
  /** The offending value (omitted when there is none to show). */
  value?: unknown;
  /** Which input the pointer refers to: `scan`, `prescription` (an --rx file), `limits` or `config` (the lab's configuration). */
  source?: 'scan' | 'prescription' | 'limits' | 'config';
  /** Which of several things the problem is about, e.g. `left foot` in a pair or a file name. */
  subject?: string;
}

/** Renders a value for a one-line message: short, JSON-like, never multi-line. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Number.isFinite(value) ? String(+value.toFixed(4)) : String(value);
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Formats a problem as the single line the CLI prints. */
export function formatProblem(p: Problem): string {
  const where = p.pointer === '' ? '(document)' : printable(p.pointer, MAX_ECHOED);
  const prefix = `${p.subject ? `${printable(p.subject, MAX_ECHOED)}: ` : ''}${p.source && p.source !== 'scan' ? `${p.source} ` : ''}`;
  return printable('value' in p ? `${prefix}${where}: ${p.rule}, got ${formatValue(p.value)}` : `${prefix}${where}: ${p.rule}`, Infinity);
}

/** Longest field name or file name a message echoes, characters (a longer one is cut, with …). */
const MAX_ECHOED = 120;

/**
 * Text from the user as a message may echo it: control characters escaped (a newline, carriage
 * return or terminal escape in a field name must not start a new line or reach the terminal), and
 * cut to `max` characters.
 */
export function printable(text: string, max: number): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

abstract class ProblemError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}

/**
 * The same error with each problem rewritten by `fn` (other errors are returned as they are): for
 * naming which of several inputs or devices a problem is about.
 */
export function mapProblems(err: unknown, fn: (p: Problem) => Problem): unknown {
  if (!(err instanceof ProblemError)) return err;
  const problems = err.problems.map(fn);
  return err instanceof LimitError ? new LimitError(problems) : err instanceof GeometryError ? new GeometryError(problems) : new InputError(problems);
}

/** The same error with every problem not yet labelled labelled by `subject`, e.g. `left foot`. */
export function withSubject(err: unknown, subject: string): unknown {
  return mapProblems(err, (p) => ({ ...p, subject: p.subject ?? subject }));
}

/** The input is not a valid scan, prescription or limits profile (JSON, schema or geometry). CLI exit 3. */
export class InputError extends ProblemError {
  override readonly name = 'InputError';
}

/** The prescription exceeds a hard ceiling of the limits profile. CLI exit 4. */
export class LimitError extends ProblemError {
  override readonly name = 'LimitError';
}

/** The geometry kernel could not build a valid device from valid-looking input (e.g. the outline
 *  is too small for the prescribed heel cup). Pointer names the input field at fault. CLI exit 3. */
export class GeometryError extends ProblemError {
  override readonly name = 'GeometryError';
}

/** The command line itself is wrong (unknown option, missing argument, bad flag value). CLI exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * An output could not be written because the storage refused it: a full disk (ENOSPC, EDQUOT), an
 * I/O error, a read-only file system, no permission; or a folder stands at its name where nobody's
 * command line named it (a batch order's names; a folder made while the run wrote: EISDIR).
 * Nothing of the run's outputs was put in place.
 * Not the input's fault and not a bug. CLI exit 5; a batch order's status `writeFailed`.
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  /** The system's error code, e.g. `ENOSPC`. */
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/** The command was stopped by a signal (SIGINT, SIGTERM) after its outputs were in place or before any was. CLI exit 130. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * A preview (the sign-off sheet) was asked for with options it cannot render: no device, a date
 * that is not a calendar day, an unknown material. `option` names the option at fault and `value`
 * is what was given. Not the CLI's UsageError, though the CLI treats it alike (exit 2, `usage: `):
 * the only such options it passes come from its own flags (`--date`).
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  /** The option at fault, e.g. `date`, `material`, `devices`. */
  readonly option: string;
  /** The value given for it. */
  readonly value: unknown;
  constructor(message: string, option: string, value: unknown) {
    super(message);
    this.option = option;
    this.value = value;
  }
}

/** The kernel produced a mesh that failed its own closed-solid check: a bug, never the user's fault. CLI exit 1. */
export class MeshValidationError extends Error {
  override readonly name = 'MeshValidationError';
}
