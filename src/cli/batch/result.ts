/**
 * What became of a batch order, as the worker that built it and the main thread that put its files
 * in place say it (--json lines, batch-report.json).
 */
import { describeError, EXIT } from '../exitCodes.js';
import type { StagedFile } from '../io.js';

/**
 * What became of an order: built (`warned`, `clamped`: built with warnings, at a limit), `skipped`
 * (--resume, unchanged), `invalid` (its input: InputError, GeometryError), `refused` (LimitError),
 * `writeFailed` (its outputs could not be written: a full disk, an I/O error, a read-only folder, no
 * permission, a folder at one of its names, --out removed meanwhile; none of them was put in
 * place), `failed` (anything else: a bug, a crashed worker).
 */
export type OrderStatus = 'built' | 'warned' | 'clamped' | 'skipped' | 'invalid' | 'refused' | 'writeFailed' | 'failed';

/** The status of an order that ended with this exit code (an error's, as describeError maps it). */
const STATUS_OF: Partial<Record<number, OrderStatus>> = { [EXIT.invalid]: 'invalid', [EXIT.refused]: 'refused', [EXIT.notWritten]: 'writeFailed' };

/** One finished order, as printed in --json lines and kept in batch-report.json. */
export interface OrderResult {
  index: number;
  name: string;
  id: string | null;
  status: OrderStatus;
  /** The exit code this order alone would have given. */
  exitCode: number;
  outputs: string[];
  warnings: string[];
  /** One line per problem, as the CLI prints them; null when built. */
  error: string | null;
  ms: number;
}

/**
 * What a worker returns: the order's result and, when built, its files staged (written to their
 * temporary files, or a handed-over STL's still to be written from shared memory; not yet flushed
 * nor in place): the batch's main thread commits them
 * (commitStaged), and only then is the order built.
 */
export interface StagedOrder {
  result: OrderResult;
  staged: StagedFile[] | null;
}

/**
 * The result of an order that failed with `err`: invalid input and refusals are the order's,
 * outputs the storage refused are writeFailed; anything else (a bug) is a failure: none is ever
 * passed off as a problem with the order's input.
 */
export function failedOrder(result: OrderResult, err: unknown): OrderResult {
  const { code, lines } = describeError(err, false);
  const status = STATUS_OF[code] ?? 'failed';
  return { ...result, id: result.id, status, exitCode: status === 'failed' ? EXIT.internal : code, outputs: [], warnings: [], error: lines.filter((l) => !l.startsWith('(run again')).join('\n') };
}

