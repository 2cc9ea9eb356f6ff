import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOrthotic } from '../../pipeline/index.js';
import { toStl } from '../../export/index.js';
import { parseJsonText, parseLimitsText } from '../../scan/index.js';
import { TOOL } from '../../version.js';
import { describeError, EXIT } from '../exitCodes.js';
import { readText, writeAtomic } from '../io.js';

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
}

export type OrderStatus = 'built' | 'warned' | 'clamped' | 'skipped' | 'invalid' | 'refused' | 'failed';

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

/** Files an order writes, relative to the output folder. */
export function outputFiles(name: string): { stl: string; report: string; stamp: string } {
  return { stl: `${name}.stl`, report: `${name}.report.json`, stamp: `${name}.inputs.sha256` };
}

/**
 * Builds one order and writes `<name>.stl`, `<name>.report.json` and `<name>.inputs.sha256` (a hash
 * of scan, prescription, limits profile, build options and tool version) atomically, all or none.
 * Never throws for a bad order: the result says what happened.
 */
export function runOrder(task: OrderTask): OrderResult {
  const t0 = performance.now();
  const files = outputFiles(task.name);
  const result = (status: OrderStatus, exitCode: number, rest: Partial<OrderResult> = {}): OrderResult => ({
    index: task.index, name: task.name, id: null, status, exitCode, outputs: [], warnings: [], error: null,
    ms: Math.round(performance.now() - t0), ...rest,
  });
  if (process.env[CRASH_ENV] && process.env[CRASH_ENV] === task.name) process.exit(70); // kills this worker thread only
  try {
    const scanText = readText(task.scanPath, 'scan');
    const rxText = task.rxPath ? readText(task.rxPath, 'prescription') : null;
    const stamp = createHash('sha256')
      .update(JSON.stringify([TOOL.version, task.resolutionMm, task.clamp, task.allowOverLimit]))
      .update('\0').update(scanText.bytes).update('\0').update(rxText?.bytes ?? '').update('\0').update(task.limitsText ?? '')
      .digest('hex');
    const paths = [files.stl, files.report, files.stamp].map((f) => join(task.outDir, f));
    if (task.resume && paths.every((p) => existsSync(p)) && readFileSync(paths[2]!, 'utf8').trim() === stamp) {
      return result('skipped', EXIT.ok, { outputs: paths });
    }
    const scan = parseJsonText(scanText.text, 'scan');
    const rx = rxText ? parseJsonText(rxText.text, 'prescription') : undefined;
    const limits = task.limitsText ? parseLimitsText(task.limitsText) : undefined;
    const { mesh, report } = buildOrthotic(scan, rx, {
      resolutionMm: task.resolutionMm,
      clamp: task.clamp,
      ...(limits ? { limits } : {}),
      ...(task.allowOverLimit ? { allowOverLimit: task.allowOverLimit } : {}),
    });
    const stl = toStl(mesh, { name: `orthotic ${report.tool.version} ${report.id} ${report.side}` });
    writeAtomic(
      { path: paths[0]!, data: stl },
      { path: paths[1]!, data: new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`) },
      { path: paths[2]!, data: new TextEncoder().encode(`${stamp}\n`) },
    );
    const clamped = report.limits.findings.some((f) => f.level === 'clamped');
    const status: OrderStatus = clamped ? 'clamped' : report.warnings.length ? 'warned' : 'built';
    return result(status, EXIT.ok, { id: report.id, outputs: paths, warnings: report.warnings });
  } catch (err) {
    const { code, lines } = describeError(err, false);
    const status: OrderStatus = code === EXIT.refused ? 'refused' : code === EXIT.internal ? 'failed' : 'invalid';
    return result(status, code === EXIT.usage ? EXIT.invalid : code, { error: lines.filter((l) => !l.startsWith('(run again')).join('\n') });
  }
}
