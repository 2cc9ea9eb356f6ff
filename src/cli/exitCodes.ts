import { GeometryError, InputError, InterruptedError, LimitError, RenderError, UsageError, WriteError, formatProblem, printable } from '../errors.js';

/**
 * Exit codes, documented in the README: 5 (`notWritten`) is an output the storage refused (a full
 * disk, an I/O error, a read-only file system, no permission; a folder at a batch order's name),
 * never invalid input nor a bug; 130
 * (128 + SIGINT, the shell's convention) a run stopped by SIGINT or SIGTERM.
 */
export const EXIT = { ok: 0, internal: 1, usage: 2, invalid: 3, refused: 4, notWritten: 5, interrupted: 130 } as const;

/** Longest usage or internal message printed, characters (a file name can be anything). */
const MAX_MESSAGE = 1000;

/**
 * Maps an error to its exit code and the lines to print on stderr: one per problem, no stack
 * trace unless `debug`. InputError and GeometryError are invalid input (3), LimitError a refusal
 * (4), UsageError a usage error (2), WriteError an output not written (5), InterruptedError a
 * stopped run (130); any other error is internal (1), its message written once.
 */
export function describeError(err: unknown, debug: boolean): { code: number; lines: string[] } {
  const stack = debug && err instanceof Error && err.stack ? [err.stack] : [];
  if (err instanceof InputError || err instanceof GeometryError) {
    return { code: EXIT.invalid, lines: [...err.problems.map((p) => `invalid: ${formatProblem(p)}`), ...stack] };
  }
  if (err instanceof LimitError) {
    return { code: EXIT.refused, lines: [...err.problems.map((p) => `refused: ${formatProblem(p)}`), ...stack] };
  }
  // The only rendering option the command line takes from the user is the sheet's date (`--date`); any other is a bug.
  if (err instanceof UsageError || (err instanceof RenderError && err.option === 'date')) return { code: EXIT.usage, lines: [`usage: ${printable(err.message, MAX_MESSAGE)}`, ...stack] };
  if (err instanceof WriteError) return { code: EXIT.notWritten, lines: [`not written: ${printable(err.message, MAX_MESSAGE)}`, ...stack] };
  if (err instanceof InterruptedError) return { code: EXIT.interrupted, lines: [`interrupted: ${printable(err.message, MAX_MESSAGE)}`] };
  // Anything else is not the user's to fix (a bug): never reported as invalid input.
  const message = printable(err instanceof Error ? err.message : String(err), MAX_MESSAGE);
  return { code: EXIT.internal, lines: [`internal error: ${message}; please report it`, ...(debug ? stack : ['(run again with --debug for details)'])] };
}
