import { InvalidArgumentError, type Command } from 'commander';
import { mapProblems, UsageError } from '../errors.js';
import { buildOrder, RESOLUTION_RANGE_MM, type BuiltOrder, type OrderOptions } from '../pipeline/index.js';
import { parseLimitsText } from '../limits/index.js';
import { parseJsonText } from '../scan/index.js';
import type { LimitsProfile } from '../limits/index.js';
import { readText } from './io.js';

/** Options that `build`, `preview` and `validate` share. */
export interface InputOptions {
  rx?: string;
  limits?: string;
  clamp?: boolean;
  allowOverLimit?: string;
}

/** Commander's parser of `--allow-over-limit`: a blank reason is no reason. */
export function parseReason(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('needs a reason (it is recorded in the report), got a blank one');
  return value;
}

/** Adds the input options shared by build, preview and validate. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--rx <file>', 'prescription JSON; wins over the scan\'s own prescription field by field')
    .option('--limits <file>', 'correction-limits profile JSON (default: the built-in profile)')
    .option('--clamp', 'build at a hard limit instead of refusing (recorded in the report)')
    .option('--allow-over-limit <reason>', 'accept a --limits profile that loosens a built-in limit; the reason is recorded', parseReason);
}

/** What an order is made of: a scan document, and the prescription and limits profile that apply to it. */
export interface OrderInputs {
  /** A scan, or a pair file (two scans given are made into one). Parsed as JSON only: the pipeline validates it. */
  document: unknown;
  rx?: unknown;
  limits?: LimitsProfile;
  /** The two scan files a pair was made of, to name the file a problem is in. */
  files?: readonly [string, string];
}

/**
 * Reads the scan(s), prescription and limits profile a command names: one scan or pair file, or a
 * left and a right scan (made into a pair). `-` reads standard input, for one of them at most.
 * @throws UsageError more than two scans, standard input twice, a file that cannot be read;
 *   InputError a file that is too large, not UTF-8 or not JSON
 */
export function readOrder(scanPaths: readonly string[], opts: InputOptions): OrderInputs {
  if (scanPaths.length < 1 || scanPaths.length > 2) throw new UsageError('give one scan, a pair file, or two scans (left and right)');
  if ([...scanPaths, opts.rx, opts.limits].filter((p) => p === '-').length > 1) throw new UsageError('only one input can come from standard input');
  const [first, second] = scanPaths.map((path) => parseJsonText(readText(path, 'scan').text, 'scan'));
  const rx = opts.rx ? parseJsonText(readText(opts.rx, 'prescription').text, 'prescription') : undefined;
  const limits = opts.limits ? parseLimitsText(readText(opts.limits, 'limits profile').text) : undefined;
  return {
    document: second === undefined ? first : { schemaVersion: 1, feet: [first, second] },
    ...(rx ? { rx } : {}),
    ...(limits ? { limits } : {}),
    ...(second === undefined ? {} : { files: [scanPaths[0]!, scanPaths[1]!] as const }),
  };
}

/** The pipeline's options from the input options: the limits profile read, --clamp, --allow-over-limit. */
export function limitOptions(inputs: Pick<OrderInputs, 'limits'>, opts: Pick<InputOptions, 'clamp' | 'allowOverLimit'>): OrderOptions {
  return {
    clamp: opts.clamp ?? false,
    ...(inputs.limits ? { limits: inputs.limits } : {}),
    ...(opts.allowOverLimit ? { allowOverLimit: opts.allowOverLimit } : {}),
  };
}

/**
 * Runs the order pipeline (buildOrder) on an order's inputs. When the order is two scan files, a
 * problem names the file it is in rather than the pair made of them.
 * @throws as buildOrder
 */
export function runPipeline(inputs: OrderInputs, options: OrderOptions): BuiltOrder {
  try {
    return buildOrder(inputs.document, inputs.rx, options);
  } catch (err) {
    const files = inputs.files;
    if (!files) throw err;
    throw mapProblems(err, (p) => {
      const m = /^\/feet\/([01])(\/.*)?$/.exec(p.pointer);
      return m ? { ...p, subject: files[Number(m[1])]!, pointer: m[2] ?? '' } : p;
    });
  }
}

/** Commander parser for --resolution: a number of mm within RESOLUTION_RANGE_MM. */
export function parseResolution(value: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v < RESOLUTION_RANGE_MM[0] || v > RESOLUTION_RANGE_MM[1]) {
    throw new InvalidArgumentError(`must be a number of mm from ${RESOLUTION_RANGE_MM[0]} to ${RESOLUTION_RANGE_MM[1]}, got '${value}'`);
  }
  return v;
}
