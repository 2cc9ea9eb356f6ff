import { InvalidArgumentError, type Command } from 'commander';
import { RESOLUTION_RANGE_MM } from '../pipeline/index.js';
import { parseJsonText, parseLimitsText } from '../scan/index.js';
import type { LimitsProfile } from '../limits/index.js';
import { readText } from './io.js';

/** Options that `build` and `validate` share. */
export interface InputOptions {
  rx?: string;
  limits?: string;
  clamp?: boolean;
  allowOverLimit?: string;
}

/** Adds the input options shared by build and validate. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--rx <file>', 'prescription JSON; wins over the scan\'s own prescription field by field')
    .option('--limits <file>', 'correction-limits profile JSON (default: the built-in profile)')
    .option('--clamp', 'build at a hard limit instead of refusing (recorded in the report)')
    .option('--allow-over-limit <reason>', 'accept a --limits profile that loosens a built-in limit; the reason is recorded');
}

/** Reads the scan, prescription and limits a command names. The scan and prescription are only
 *  parsed as JSON here: buildOrthotic / prepareBuild validate them (once). */
export function readInputs(scanPath: string, opts: InputOptions): { scan: unknown; rx?: unknown; limits?: LimitsProfile } {
  if (scanPath === '-' && opts.rx === '-') throw new InvalidArgumentError('only one input can come from standard input');
  const scan = parseJsonText(readText(scanPath, 'scan').text, 'scan');
  const rx = opts.rx ? parseJsonText(readText(opts.rx, 'prescription').text, 'prescription') : undefined;
  const limits = opts.limits ? parseLimitsText(readText(opts.limits, 'limits profile').text) : undefined;
  return { scan, ...(rx ? { rx } : {}), ...(limits ? { limits } : {}) };
}

/** Commander parser for --resolution: a number of mm within RESOLUTION_RANGE_MM. */
export function parseResolution(value: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v < RESOLUTION_RANGE_MM[0] || v > RESOLUTION_RANGE_MM[1]) {
    throw new InvalidArgumentError(`must be a number of mm from ${RESOLUTION_RANGE_MM[0]} to ${RESOLUTION_RANGE_MM[1]}, got '${value}'`);
  }
  return v;
}
