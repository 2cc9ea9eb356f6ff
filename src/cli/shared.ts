import { InvalidArgumentError, Option, type Command } from 'commander';
import { mapProblems, UsageError, withSubject } from '../errors.js';
import { acceptedLoosenings, buildOrder, RESOLUTION_RANGE_MM, type BuiltOrder, type OrderOptions } from '../pipeline/index.js';
import { parseLimitsText } from '../limits/index.js';
import { parseJsonText } from '../scan/index.js';
import type { LimitsProfile } from '../limits/index.js';
import { meshFormatOf, type LoadedSurface } from '../scan3d/index.js';
import { CONFIG_ENV, CONFIG_FILE, type Settled } from './config.js';
import { readText, type PathField } from './io.js';
import { readMeshScan, resolveSurfaceRefs, type SurfaceFlags } from './surfaces.js';

/** Options that `build`, `preview` and `validate` share. */
export interface InputOptions extends SurfaceFlags {
  rx?: string;
  limits?: string;
  clamp?: boolean;
  allowOverLimit?: string;
  /** --config FILE, or false for --no-config (see loadConfig). */
  config?: string | boolean;
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
    .option('--allow-over-limit <reason>', 'accept a --limits profile that loosens a built-in limit; the reason is recorded', parseReason)
    .option('--id <id>', 'order id for a 3D scan file (default: the file name)')
    .addOption(new Option('--side <side>', 'which foot a 3D scan file is (default: told from its arch; checked against it)').choices(['left', 'right']))
    .addOption(new Option('--units <units>', '3D scan units (default: told from the foot\'s size)').choices(['mm', 'm', 'in']))
    .option('--impression', 'the 3D scan is a foam-box impression (the sole\'s negative, opening upward)')
    .addOption(new Option('--surface <mode>', 'with a 3D scan: scan = the top surface is the scanned sole (total contact); parametric = from its outline and measurements alone').choices(['scan', 'parametric']).default('scan'))
    .option('--config <file>', `the lab's configuration JSON (default: $${CONFIG_ENV}, else ./${CONFIG_FILE} when there is one)`)
    .option('--no-config', 'use no lab configuration, not even ./orthotic.config.json');
}

/** What an order is made of: a scan document, and the prescription and limits profile that apply to it. */
export interface OrderInputs {
  /** A scan, or a pair file (two scans given are made into one). Parsed as JSON only: the pipeline validates it. */
  document: unknown;
  rx?: unknown;
  limits?: LimitsProfile;
  /** The two scan files a pair was made of, to name the file a problem is in. */
  files?: readonly [string, string];
  /** The 3D scans read, by the side of the foot. */
  surfaces?: Partial<Record<'left' | 'right', LoadedSurface>>;
  /** Every 3D scan file read (an output must not overwrite one). */
  read: string[];
}

/**
 * Reads the scan(s), prescription and limits profile a command names: one scan or pair file, or a
 * left and a right scan (made into a pair). `-` reads standard input, for one of them at most.
 * @param fields where the paths came from when an input named them (a batch manifest's cells, as
 *   JSON pointers): a path no file can have is reported there
 * @throws UsageError more than two scans, standard input twice, a file that cannot be read;
 *   InputError a file that is too large, not UTF-8 or not JSON
 */
export function readOrder(scanPaths: readonly string[], opts: InputOptions, fields?: { scans: readonly string[]; rx?: string }): OrderInputs {
  if (scanPaths.length < 1 || scanPaths.length > 2) throw new UsageError('give one scan, a pair file, or two scans (left and right)');
  if ([...scanPaths, opts.rx, opts.limits].filter((p) => p === '-').length > 1) throw new UsageError('only one input can come from standard input');
  const meshes = scanPaths.filter((p) => meshFormatOf(p));
  if (meshes.length === 0 && (opts.id !== undefined || opts.side !== undefined)) throw new UsageError('--id and --side are for 3D scan files (.stl, .obj, .ply): a JSON scan gives its own');
  if (meshes.length > 1 && opts.id === undefined && opts.side !== undefined) throw new UsageError('--side names one foot: two 3D scans were given');
  const field = (pointer: string | undefined, value: string): PathField | undefined => (pointer === undefined ? undefined : { pointer, value });
  const read = scanPaths.map((path, i) => {
    const named = field(fields?.scans[i], path);
    return meshFormatOf(path) ? readMeshScan(path, opts, named) : resolveSurfaceRefs(parseJsonText(readText(path, 'scan', named).text, 'scan'), path, opts);
  });
  const surfaces: Partial<Record<'left' | 'right', LoadedSurface>> = {};
  for (const r of read) for (const s of r.surfaces) surfaces[s.intake.side] = s;
  const [first, second] = read.map((r) => r.document);
  const rx = opts.rx ? parseJsonText(readText(opts.rx, 'prescription', field(fields?.rx, opts.rx)).text, 'prescription') : undefined;
  const limits = opts.limits ? readLimitsProfile(opts.limits, readText(opts.limits, 'limits profile').text, opts.allowOverLimit) : undefined;
  return {
    document: second === undefined ? first : { schemaVersion: 1, feet: [first, second] },
    ...(rx ? { rx } : {}),
    ...(limits ? { limits } : {}),
    ...(second === undefined ? {} : { files: [scanPaths[0]!, scanPaths[1]!] as const }),
    ...(Object.keys(surfaces).length ? { surfaces } : {}),
    read: read.flatMap((r) => r.files),
  };
}

/**
 * A --limits profile read and checked as the lab configuration's is: a problem with it, or a limit
 * it loosens without --allow-over-limit, names the file (`refused: acme.limits.json: limits
 * /parameters/...`).
 * @throws InputError a bad profile; LimitError a loosening without a reason
 */
export function readLimitsProfile(path: string, text: string, allowOverLimit: string | undefined): LimitsProfile {
  try {
    const profile = parseLimitsText(text);
    acceptedLoosenings(profile, allowOverLimit);
    return profile;
  } catch (err) {
    throw withSubject(err, path === '-' ? 'standard input' : path);
  }
}

/**
 * The pipeline's options from the input options: the limits profile read (--limits, else the lab
 * configuration's), --clamp, --allow-over-limit, the 3D scans, and the configuration in effect.
 */
export function limitOptions(inputs: Pick<OrderInputs, 'limits' | 'surfaces'>, opts: Pick<InputOptions, 'clamp' | 'allowOverLimit' | 'surface'>, settled?: Pick<Settled, 'limits' | 'config'>): OrderOptions {
  const limits = inputs.limits ?? settled?.limits?.profile;
  return {
    clamp: opts.clamp ?? false,
    ...(inputs.surfaces ? { surfaces: inputs.surfaces, surfaceMode: opts.surface ?? 'scan' } : {}),
    ...(limits ? { limits } : {}),
    ...(opts.allowOverLimit ? { allowOverLimit: opts.allowOverLimit } : {}),
    ...(settled?.config ? { config: settled.config } : {}),
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
    throw inOrderFiles(err, inputs);
  }
}

/** An error about an order made of two scan files, each problem naming the file it is in rather than the pair made of them. */
export function inOrderFiles(err: unknown, inputs: Pick<OrderInputs, 'files'>): unknown {
  const files = inputs.files;
  if (!files) return err;
  return mapProblems(err, (p) => {
    const m = /^\/feet\/([01])(\/.*)?$/.exec(p.pointer);
    return m ? { ...p, subject: files[Number(m[1])]!, pointer: m[2] ?? '' } : p;
  });
}

/**
 * A command-line number as a person writes one: plain decimal digits (`0.5`, `12`, `.5`), not
 * whatever else Number() takes (`0x1`, `1e1`, `0b1`, blanks); NaN otherwise. `whole`: digits only.
 */
export function plainNumber(value: string, whole = false): number {
  return (whole ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/).test(value) ? Number(value) : NaN;
}

/** Commander parser for --resolution: a number of mm within RESOLUTION_RANGE_MM. */
export function parseResolution(value: string): number {
  const v = plainNumber(value);
  if (!Number.isFinite(v) || v < RESOLUTION_RANGE_MM[0] || v > RESOLUTION_RANGE_MM[1]) {
    throw new InvalidArgumentError(`must be a number of mm from ${RESOLUTION_RANGE_MM[0]} to ${RESOLUTION_RANGE_MM[1]}, got '${value}'`);
  }
  return v;
}
