import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InterruptedError, UsageError } from '../../errors.js';
import { deviceName, type BuildReport, type OrderReport } from '../../pipeline/index.js';
import { parseLimitsText } from '../../limits/index.js';
import { parseJsonText } from '../../scan/index.js';
import { TOOL } from '../../version.js';
import { describeError, EXIT } from '../exitCodes.js';
import { readText } from '../io.js';
import { devicePath, needsMeasure, planOutputs, resolveRequest, writePlan, type ResolvedRequest } from '../plan.js';
import { limitOptions, runPipeline, type OrderInputs } from '../shared.js';
import { commitGuard } from './stopSwitch.js';

/** What a worker needs to build one order (structured-cloneable). */
export interface OrderTask {
  index: number;
  scanPath: string;
  rxPath: string | null;
  name: string;
  outDir: string;
  limitsText: string | null;
  clamp: boolean;
  allowOverLimit: string | null;
  resolutionMm: number;
  resume: boolean;
  /** The batch's stop switch (stopSwitch.ts): shared memory, the same for every task. */
  stopSwitch: SharedArrayBuffer;
}

/**
 * What became of an order: built (`warned`, `clamped`: built with warnings, at a limit), `skipped`
 * (--resume, unchanged), `invalid` (its input: InputError, GeometryError), `refused` (LimitError),
 * `writeFailed` (built, but the storage refused its outputs: a full disk, an I/O error, a read-only
 * folder, no permission; none of them was put in place), `failed` (anything else: a bug, a crashed
 * worker).
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

/** Test-only fault injection: an order whose output name equals this crashes its worker. */
export const CRASH_ENV = 'ORTHOTIC_INJECT_CRASH';

/**
 * Builds one order through the order pipeline and writes what the output planner names for it:
 * `<name>.stl` (one a device for a pair or a series: `<name>-left.stl`, `<name>-stage-1-of-3.stl`),
 * `<name>.report.json` and `<name>.inputs.sha256` (a hash of scan, prescription, limits profile,
 * build options and tool version), atomically, all or none.
 * Never throws for a bad order: the result says what happened.
 */
export async function runOrder(task: OrderTask): Promise<OrderResult> {
  const t0 = performance.now();
  const result = (status: OrderStatus, exitCode: number, rest: Partial<OrderResult> = {}): OrderResult => ({
    index: task.index, name: task.name, id: null, status, exitCode, outputs: [], warnings: [], error: null,
    ms: Math.round(performance.now() - t0), ...rest,
  });
  if (process.env[CRASH_ENV] && process.env[CRASH_ENV] === task.name) process.exit(70); // kills this worker thread only
  try {
    const scanText = readOrderFile(task.scanPath, 'scan');
    const rxText = task.rxPath ? readOrderFile(task.rxPath, 'prescription') : null;
    const stamp = createHash('sha256')
      .update(JSON.stringify([TOOL.version, task.resolutionMm, task.clamp, task.allowOverLimit]))
      .update('\0').update(scanText.bytes).update('\0').update(rxText?.bytes ?? '').update('\0').update(task.limitsText ?? '')
      .digest('hex');
    const request = resolveRequest({ output: join(task.outDir, `${task.name}.stl`), report: join(task.outDir, `${task.name}.report.json`) });
    const stampPath = join(task.outDir, `${task.name}.inputs.sha256`);
    const previous = task.resume ? writtenBefore(request, stampPath, stamp) : null;
    if (previous) return result('skipped', EXIT.ok, { outputs: previous });

    const inputs: OrderInputs = {
      document: parseJsonText(scanText.text, 'scan'),
      ...(rxText ? { rx: parseJsonText(rxText.text, 'prescription') } : {}),
      ...(task.limitsText ? { limits: parseLimitsText(task.limitsText) } : {}),
    };
    const order = runPipeline(inputs, {
      ...limitOptions(inputs, { clamp: task.clamp, allowOverLimit: task.allowOverLimit ?? undefined }),
      resolutionMm: task.resolutionMm,
      measure: needsMeasure(request),
    });
    const plan = await planOutputs(order, request);
    // The hash goes last, and the old one goes first: an order whose files were only partly replaced
    // (a run killed outright between two renames) has no hash, so --resume builds it again.
    plan.files.push({ path: stampPath, data: new TextEncoder().encode(`${stamp}\n`) });
    rmSync(stampPath, { force: true });
    await writePlan(plan, () => {}, { guard: commitGuard(task.stopSwitch) }); // the batch reports each order on its own
    const clamped = order.devices.some((d) => d.report.limits.findings.some((f) => f.level === 'clamped'));
    const status: OrderStatus = clamped ? 'clamped' : plan.warnings.length ? 'warned' : 'built';
    const id = [...new Set(order.devices.map((d) => d.report.id))].join(' / ');
    return result(status, EXIT.ok, { id, outputs: plan.files.map((f) => f.path), warnings: plan.warnings });
  } catch (err) {
    // The batch is stopping at once (a second signal): the order's files were not put in place.
    if (err instanceof InterruptedError) throw err;
    // Invalid input and refusals are the order's, outputs the storage refused are writeFailed; anything
    // else (a bug) is a failure: none is ever passed off as a problem with the order's input.
    const { code, lines } = describeError(err, false);
    const status = STATUS_OF[code] ?? 'failed';
    return result(status, status === 'failed' ? EXIT.internal : code, { error: lines.filter((l) => !l.startsWith('(run again')).join('\n') });
  }
}

/**
 * A file an order names (its scan or prescription). One that cannot be read makes the order
 * invalid: the manifest or folder named it, not the command line.
 */
function readOrderFile(path: string, what: string): ReturnType<typeof readText> {
  try {
    return readText(path, what);
  } catch (err) {
    if (err instanceof UsageError) throw new InputError([{ pointer: '', rule: err.message }]);
    throw err;
  }
}

/**
 * The files an earlier run wrote for these very inputs, when they are all still there (--resume):
 * the stamp matches, and the report and every device file it records exist. Null otherwise.
 */
function writtenBefore(request: ResolvedRequest, stampPath: string, stamp: string): string[] | null {
  try {
    if (readFileSync(stampPath, 'utf8').trim() !== stamp) return null;
    const report = JSON.parse(readFileSync(request.report!, 'utf8')) as BuildReport | OrderReport;
    const devices = 'devices' in report ? report.devices : [report];
    const pair = new Set(devices.map((d) => d.side)).size > 1;
    const stls = devices.map((d) => devicePath(request.output!, { report: d }, deviceName(d, pair), 'stl'));
    return stls.every((p) => existsSync(p)) ? [...stls, request.report!, stampPath] : null;
  } catch {
    return null; // no stamp or report yet, or not readable: build
  }
}
