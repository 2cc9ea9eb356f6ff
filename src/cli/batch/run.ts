import { readdirSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import cliProgress from 'cli-progress';
import { TOOL } from '../../version.js';
import { EXIT } from '../exitCodes.js';
import { writeAtomic } from '../io.js';
import { makeFolder } from '../plan.js';
import { readOrders } from './manifest.js';
import type { OrderResult, OrderStatus, OrderTask } from './order.js';

export interface BatchOptions {
  input: string;
  outDir: string;
  /** Worker threads (default: one per core). */
  jobs?: number;
  resume: boolean;
  /** One JSON line per finished order on stdout instead of a progress bar. */
  json: boolean;
  limitsText: string | null;
  clamp: boolean;
  allowOverLimit: string | null;
  resolutionMm: number;
  /** Standard error and output writers, and whether stderr is a terminal. */
  log: (line: string) => void;
  out: (line: string) => void;
  tty: boolean;
}

/** Exit code when a batch is interrupted by SIGINT or SIGTERM (128 + SIGINT, the shell convention). */
export const EXIT_INTERRUPTED = 130;

/** Batch exit codes in priority order: the first that any order reached wins. */
export const BATCH_EXIT_PRIORITY = [EXIT.internal, EXIT.refused, EXIT.invalid] as const;

export interface BatchReport {
  tool: { name: string; version: string };
  input: string;
  outDir: string;
  jobs: number;
  summary: Record<OrderStatus | 'notBuilt', number> & { orders: number; seconds: number; ordersPerSecond: number; peakRssMiB: number };
  interrupted: boolean;
  exitCode: number;
  orders: Array<OrderResult | { index: number; name: string; status: 'notBuilt' }>;
}

/**
 * Runs a batch: reads the orders (all checked before anything is built), builds them on a pool of
 * worker threads, reports each as it finishes, and writes `batch-report.json` into the output
 * folder. One bad order never stops the others; SIGINT/SIGTERM stop scheduling, let running
 * orders finish their (atomic) writes and report what was not built.
 */
export async function runBatch(o: BatchOptions): Promise<BatchReport> {
  const orders = readOrders(o.input);
  makeFolder(o.outDir);
  // Temporary files of an earlier run that was killed outright (a clean stop leaves none).
  for (const f of readdirSync(o.outDir)) if (/^\..+\.tmp$/.test(f)) try { unlinkSync(join(o.outDir, f)); } catch { /* gone */ }
  const jobs = Math.max(1, Math.min(o.jobs ?? availableParallelism(), 64));
  const pool = new Piscina<OrderTask, OrderResult>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: Math.min(jobs, orders.length || 1),
    maxThreads: jobs,
    idleTimeout: 1000,
    // One order per worker at a time. Measured: two per worker, overlapping one's writes with the
    // other's build, fell from 26.9 to 23.2 orders/s at --jobs 2 (the cores are already busy).
    concurrentTasksPerWorker: 1,
  });
  // A worker that crashes takes down the order it holds. That order is run once more, alone, on
  // this single-order pool: a crash caused by something else in the worker (memory, a neighbour)
  // does not cost the order; one that crashes on its own is reported failed.
  let isolation: Piscina<OrderTask, OrderResult> | null = null;
  const runAlone = (task: OrderTask, signal: AbortSignal) => {
    isolation ??= new Piscina<OrderTask, OrderResult>({ filename: new URL('./worker.js', import.meta.url).href, minThreads: 0, maxThreads: 1, concurrentTasksPerWorker: 1, idleTimeout: 1000 });
    return isolation.run(task, { signal });
  };
  const abort = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED); // second signal: outputs are atomic, nothing partial is left
    interrupted = true;
    abort.abort();
    o.log('interrupted: finishing the orders in progress, building no more (signal again to stop at once)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const t0 = performance.now();
  const results: Array<BatchReport['orders'][number] | undefined> = new Array(orders.length);
  const counts: Record<OrderStatus | 'notBuilt', number> = { built: 0, warned: 0, clamped: 0, skipped: 0, invalid: 0, refused: 0, failed: 0, notBuilt: 0 };
  const bar = !o.json && o.tty
    ? new cliProgress.SingleBar({
      format: 'orthotic batch {bar} {value}/{total} | ok {ok} failed {bad} | {rate}/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(orders.length, 0, { ok: 0, bad: 0, rate: '0.0' });
  const finish = (r: OrderResult) => {
    results[r.index] = r;
    counts[r.status]++;
    if (bar) {
      const done = orders.length - counts.notBuilt;
      const ok = counts.built + counts.warned + counts.clamped + counts.skipped;
      bar.increment(1, { ok, bad: done - ok, rate: (done / ((performance.now() - t0) / 1000)).toFixed(1) });
    } else {
      o.out(JSON.stringify({ id: r.id, name: r.name, status: r.status, outputs: r.outputs, warnings: r.warnings, error: r.error, ms: r.ms }));
    }
  };
  await Promise.all(orders.map(async (order) => {
    const task: OrderTask = {
      index: order.index, scanPath: order.scanPath, rxPath: order.rxPath, name: order.name, outDir: o.outDir,
      limitsText: o.limitsText, clamp: o.clamp, allowOverLimit: o.allowOverLimit, resolutionMm: o.resolutionMm, resume: o.resume,
    };
    try {
      try {
        finish(await pool.run(task, { signal: abort.signal }));
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err;
        finish(await runAlone(task, abort.signal));
      }
    } catch (err) {
      if (abort.signal.aborted && (err as Error).name === 'AbortError') {
        results[order.index] = { index: order.index, name: order.name, status: 'notBuilt' };
        counts.notBuilt++;
        return;
      }
      // The worker itself died (a crash in the kernel): report this order, the pool replaces the thread.
      finish({
        index: order.index, name: order.name, id: null, status: 'failed', exitCode: EXIT.internal, outputs: [], warnings: [],
        error: `internal error: the worker building this order crashed (${(err as Error).message}); please report it`, ms: 0,
      });
    }
  }));
  bar?.stop();
  await pool.destroy();
  await (isolation as Piscina<OrderTask, OrderResult> | null)?.destroy();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const seconds = (performance.now() - t0) / 1000;
  const built = counts.built + counts.warned + counts.clamped + counts.skipped;
  const codes = new Set(results.map((r) => (r && 'exitCode' in r ? r.exitCode : EXIT.ok)));
  const exitCode = interrupted ? EXIT_INTERRUPTED : (BATCH_EXIT_PRIORITY.find((c) => codes.has(c)) ?? EXIT.ok);
  const report: BatchReport = {
    tool: { ...TOOL },
    input: o.input,
    outDir: o.outDir,
    jobs,
    summary: {
      orders: orders.length, ...counts, seconds: +seconds.toFixed(3), ordersPerSecond: +(built / Math.max(seconds, 1e-9)).toFixed(2),
      peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    },
    interrupted,
    exitCode,
    orders: results.map((r, i) => r ?? { index: i, name: orders[i]!.name, status: 'notBuilt' as const }),
  };
  writeAtomic({ path: join(o.outDir, 'batch-report.json'), data: new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`) });
  o.log(`batch: ${orders.length} orders in ${seconds.toFixed(1)} s: ${counts.built} built, ${counts.warned} warned, ${counts.clamped} clamped, ` +
    `${counts.skipped} unchanged (skipped), ${counts.refused} refused, ${counts.invalid} invalid, ${counts.failed} failed` +
    `${counts.notBuilt ? `, ${counts.notBuilt} not built (interrupted)` : ''} -> ${join(o.outDir, 'batch-report.json')}`);
  return report;
}
