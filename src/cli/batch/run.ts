import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { InterruptedError } from '../../errors.js';
import { TOOL } from '../../version.js';
import { EXIT } from '../exitCodes.js';
import { makeFolder } from '../folders.js';
import { sheetDate } from '../plan.js';
import { asNotWritten, commitStaged, writeAtomic } from '../io.js';
import { removeTemps } from '../tempFiles.js';
import { lockOutDir, type OutDirLock } from './lock.js';
import { readOrders, type Order } from './manifest.js';
import type { BatchSettings, OrderTask } from './order.js';
import { failedOrder, type OrderResult, type StagedOrder } from './result.js';
import { BATCH_REPORT, checkOutDir } from './outDir.js';
import { builtCount, noCounts, progress, type StatusCounts } from './progress.js';
import { commitGuard, createStopSwitch, stopCommits } from './stopSwitch.js';
import { release } from './stlSlots.js';

export interface BatchOptions {
  input: string;
  outDir: string;
  /** Worker threads (default: one per core). */
  jobs?: number;
  resume: boolean;
  /** One JSON line per finished order on stdout instead of a progress bar. */
  json: boolean;
  /** What every order shares (its stop switch is the run's own). */
  settings: Omit<BatchSettings, 'outDir' | 'resume' | 'stopSwitch' | 'date'>;
  /** The sheets' date as given (--date), settled once when any order writes a sheet. */
  date?: string;
  /** Files the batch reads besides its orders' (the limits profile, the lab configuration), so that no order writes over them. */
  inputs: string[];
  /** Standard error and output writers, and whether stderr is a terminal. */
  log: (line: string) => void;
  out: (line: string) => void;
  tty: boolean;
}

/** Batch exit codes in priority order: the first that any order reached wins. */
export const BATCH_EXIT_PRIORITY = [EXIT.internal, EXIT.notWritten, EXIT.refused, EXIT.invalid] as const;

/** Longest wait, on a second signal, for orders putting their files in place (renames: microseconds each). */
const COMMIT_WAIT_MS = 5000;

/**
 * Longest wait, on a second signal, for the workers to stop. A worker blocked in the system (a read
 * that never returns) cannot be stopped, and Node's exit waits for it: past this, the batch writes
 * its report, releases its lock and ends by the signal itself (exitBySignal).
 */
const WORKERS_STOP_MS = 2000;

export interface BatchReport {
  tool: { name: string; version: string };
  input: string;
  outDir: string;
  jobs: number;
  summary: StatusCounts & { orders: number; seconds: number; ordersPerSecond: number; peakRssMiB: number };
  interrupted: boolean;
  exitCode: number;
  orders: Array<OrderResult | { index: number; name: string; status: 'notBuilt' }>;
}

/**
 * Runs a batch: reads the orders (all checked before anything is built), takes the output folder's
 * lock (one batch a folder), builds the orders on a pool of worker threads, reports each as it
 * finishes, and writes `batch-report.json` into the output folder. One bad order never stops the
 * others. A first SIGINT/SIGTERM starts no new order and lets those in progress finish; a second
 * stops at once, no order half in place and no temporary file left.
 * @throws InputError a bad manifest or folder (exit 3); UsageError a bad --out, or one another
 *   batch is using (exit 2); WriteError the output folder or the batch report cannot be written (exit 5)
 */
export async function runBatch(o: BatchOptions): Promise<BatchReport> {
  // Signals are watched from the start: one before any order starts builds none (exit 130).
  const signals = watchSignals(o.log);
  let lock: OutDirLock | null = null;
  signals.onStopNow(async () => {
    lock?.release();
    process.exit(EXIT.interrupted);
  });
  try {
    const orders = readOrders(o.input);
    checkOutDir(o.input, o.outDir, orders, o.inputs);
    // The sheets' date (and SOURCE_DATE_EPOCH) is settled once, and only when a sheet is written.
    const sheets = o.settings.outputs.sheet ?? o.settings.configOutputs?.sheet ?? false;
    // A bad --date is said at once (exit 2), not by every order.
    const date = sheets || orders.some((x) => x.settings.sheet) ? (await import('../../preview/index.js')).checkSheetDate(sheetDate(o.date)) : null;
    makeFolder(o.outDir);
    lock = lockOutDir(o.outDir);
    // Temporary files of an earlier run killed outright; never those of a process still running.
    removeTemps(o.outDir, 'stale');
    return await buildAll(orders, o, date, lock, signals);
  } finally {
    signals.dispose();
    lock?.release();
  }
}

async function buildAll(orders: readonly Order[], o: BatchOptions, date: string | null, lock: OutDirLock, signals: SignalWatch): Promise<BatchReport> {
  const jobs = Math.max(1, Math.min(o.jobs ?? availableParallelism(), 64));
  const pools = workerPools(jobs, orders.length);
  const batch: BatchSettings = { ...o.settings, outDir: o.outDir, resume: o.resume, date, stopSwitch: createStopSwitch() };
  const t0 = performance.now();
  const results: Array<OrderResult | undefined> = new Array(orders.length);
  const shown = progress(orders.length, o);

  const finish = async (): Promise<BatchReport> => {
    const report = batchReport(orders, results, o, jobs, (performance.now() - t0) / 1000, signals.interrupted);
    const s = report.summary;
    o.log(`batch: ${s.orders} orders in ${s.seconds.toFixed(1)} s: ${s.built} built, ${s.warned} warned, ${s.clamped} clamped, ` +
      `${s.skipped} unchanged (skipped), ${s.refused} refused, ${s.invalid} invalid, ${s.writeFailed} not written, ${s.failed} failed` +
      `${s.notBuilt ? `, ${s.notBuilt} not built (interrupted)` : ''} -> ${join(o.outDir, BATCH_REPORT)}`);
    try {
      await writeAtomic([{ path: join(o.outDir, BATCH_REPORT), data: new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`) }]);
    } catch (err) {
      throw asNotWritten(err); // --out removed or changed while the batch ran: not written (exit 5), as its orders were
    }
    return report;
  };
  signals.onStopNow(async (signal) => {
    shown.stop();
    o.log('interrupted again: stopping now; the orders in progress are not put in place');
    stopCommits(batch.stopSwitch, COMMIT_WAIT_MS); // no order is left half renamed into place
    // Terminates the workers; one blocked in the system never stops, and is waited for no longer.
    const stopped = await Promise.race([pools.destroy().then(() => true), new Promise<false>((r) => setTimeout(r, WORKERS_STOP_MS, false))]);
    removeTemps(o.outDir, 'own'); // their temporary files (a stuck worker has none being written: it stages only after reading)
    try {
      await finish();
    } catch (err) {
      o.log(`not written: ${(err as Error).message}`);
    }
    lock.release();
    if (!stopped) exitBySignal(signal);
    process.exit(EXIT.interrupted);
  });

  // Orders are handed to the pool one per free worker, and none once a signal came. (They were all
  // queued in the pool with one AbortSignal: a listener per order on it, MaxListenersExceededWarning
  // past 10, and aborting killed the orders in progress.)
  // A worker stages an order's files and takes its next order at once; this thread flushes them on
  // libuv's thread pool and puts them in place (all or none), and only then reports the order.
  let next = 0;
  const guard = commitGuard(batch.stopSwitch);
  const commits = new Set<Promise<void>>();
  const commit = async (order: Order, { result, staged }: StagedOrder): Promise<void> => {
    let final: OrderResult | null = result;
    if (staged) {
      try {
        await commitStaged(staged, guard);
      } catch (err) {
        // Stopping at once (a second signal): the order's files were not put in place; it is notBuilt.
        // A path its files cannot take (--out removed or changed meanwhile) is not written, as a full disk.
        final = err instanceof InterruptedError ? null : failedOrder(result, asNotWritten(err));
      } finally {
        for (const { body } of staged) if (body) release(body.data); // written (or failed): the worker may reuse its slot
      }
    }
    if (!final) return;
    results[order.index] = final;
    shown.finished(final);
  };
  const worker = async (): Promise<void> => {
    while (!signals.interrupted && next < orders.length) {
      // A disk slower than the builds: wait for it rather than pile up staged orders.
      while (commits.size >= PENDING_COMMITS_PER_JOB * jobs) await Promise.race(commits);
      if (signals.interrupted || next >= orders.length) break;
      const order = orders[next++]!;
      const r = await pools.build({ order, batch }, () => signals.stoppingNow);
      if (!r) return;
      const done = commit(order, r);
      commits.add(done);
      void done.then(() => commits.delete(done));
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, orders.length) }, worker));
  await Promise.all(commits);
  await signals.stopped(); // when stopping now, the process exits there
  signals.finishing();
  shown.stop();
  await pools.destroy();
  return await finish();
}

/**
 * Ends the process by `signal` itself, its default action restored: for when a worker is blocked in
 * the system, as Node's exit would wait for that worker for ever. The shell sees 128 + the signal
 * (130 for SIGINT, 143 for SIGTERM).
 */
function exitBySignal(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // The signal is delivered at once; should it not be, nothing else may run.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

/** What SIGINT and SIGTERM have asked a batch for (see watchSignals). */
interface SignalWatch {
  /** A signal came while orders were being built: start no new one. */
  readonly interrupted: boolean;
  /** A second signal came: the batch is stopping now. */
  readonly stoppingNow: boolean;
  /** What to do on a second signal (the latest given wins), given that signal. */
  onStopNow(stop: (signal: NodeJS.Signals) => Promise<never>): void;
  /** Waits for a stop now under way, if any (it exits the process). */
  stopped(): Promise<void>;
  /** Every order is done: signals change nothing any more (the report is written either way). */
  finishing(): void;
  dispose(): void;
}

/**
 * Watches SIGINT and SIGTERM for a batch: the first starts no new order and lets those in progress
 * finish; the second runs the `onStopNow` action once.
 */
function watchSignals(log: (line: string) => void): SignalWatch {
  let interrupted = false;
  let done = false;
  let stopNow: (signal: NodeJS.Signals) => Promise<never> = () => process.exit(EXIT.interrupted);
  let stopping: Promise<never> | null = null;
  const on = (signal: NodeJS.Signals) => {
    if (done) return;
    if (!interrupted) {
      interrupted = true;
      log('interrupted: finishing the orders in progress, starting no more (signal again to stop at once)');
    } else {
      stopping ??= stopNow(signal);
    }
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    get interrupted() { return interrupted; },
    get stoppingNow() { return stopping !== null; },
    onStopNow: (stop) => { stopNow = stop; },
    stopped: async () => { if (stopping) await stopping; },
    finishing: () => { done = true; },
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/** Orders built and waiting for their files to be flushed and put in place, per job, at most. */
const PENDING_COMMITS_PER_JOB = 2;

/**
 * A worker's young generation, MiB. An order's objects die young (its big arrays live outside the
 * JavaScript heap), so V8's default (48 MiB here) only holds garbage longer: measured, 8 MiB took
 * 22–31 MiB off a worker's peak memory for the same CPU time (200 orders, interleaved runs).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * The worker pool, one order per worker at a time (a worker never waits for the disk: it only
 * stages its files). Measured: two per worker, overlapping one's writes with the other's build,
 * fell from 26.9 to 23.2 orders/s with the writes synchronous; with them flushed asynchronously in
 * the worker, it yielded mid-order and V8 started far more major collections, whose helper threads
 * then competed with the workers.
 * A worker that crashes takes down the order it holds: that order is run once more, alone, on a
 * single-order pool, so a crash caused by something else in the worker (memory, a neighbour) does
 * not cost the order; one that crashes on its own is reported failed.
 */
function workerPools(jobs: number, orders: number) {
  const filename = new URL('./worker.js', import.meta.url).href;
  const pool = new Piscina<OrderTask, StagedOrder>({ filename, minThreads: Math.min(jobs, orders || 1), maxThreads: jobs, idleTimeout: 1000, concurrentTasksPerWorker: 1, resourceLimits: WORKER_LIMITS });
  let isolation: Piscina<OrderTask, StagedOrder> | null = null;
  // One order at a time on it: two workers may crash at once, and a single-thread pool whose worker
  // crashes with another order queued behind it starts no new worker for that one (it waited for
  // ever, and the batch ended with exit 13, its last promise unsettled).
  let isolated: Promise<unknown> = Promise.resolve();
  return {
    /** Builds an order; null when the batch is stopping now (`stopping()`) and the order was cut short. */
    async build(task: OrderTask, stopping: () => boolean): Promise<StagedOrder | null> {
      try {
        return await pool.run(task);
      } catch {
        if (stopping()) return null;
      }
      try {
        isolation ??= new Piscina<OrderTask, StagedOrder>({ filename, minThreads: 0, maxThreads: 1, concurrentTasksPerWorker: 1, idleTimeout: 1000, resourceLimits: WORKER_LIMITS });
        const alone = isolation;
        const run = isolated.then(() => alone.run(task));
        isolated = run.catch(() => {});
        return await run;
      } catch (err) {
        if (stopping()) return null;
        return {
          result: {
            index: task.order.index, name: task.order.name, id: null, status: 'failed', exitCode: EXIT.internal, outputs: [], warnings: [],
            error: `internal error: the worker building this order crashed (${(err as Error).message}); please report it`, ms: 0,
          },
          staged: null,
        };
      }
    },
    async destroy(): Promise<void> {
      await Promise.all([pool.destroy(), isolation?.destroy()]);
    },
  };
}

/** The batch report: every order's result, or `notBuilt`; the summary; the exit code. */
function batchReport(orders: readonly Order[], results: ReadonlyArray<OrderResult | undefined>, o: BatchOptions, jobs: number, seconds: number, signalled: boolean): BatchReport {
  const counts = noCounts();
  const all = orders.map((order, i) => {
    const r = results[i];
    counts[r?.status ?? 'notBuilt']++;
    return r ?? { index: i, name: order.name, status: 'notBuilt' as const };
  });
  const codes = new Set(results.map((r) => r?.exitCode ?? EXIT.ok));
  // Interrupted: a signal kept orders from being built (one during the last order changes nothing).
  const interrupted = signalled && counts.notBuilt > 0;
  return {
    tool: { ...TOOL },
    input: o.input,
    outDir: o.outDir,
    jobs,
    summary: {
      orders: orders.length, ...counts, seconds: +seconds.toFixed(3), ordersPerSecond: +(builtCount(counts) / Math.max(seconds, 1e-9)).toFixed(2),
      peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    },
    interrupted,
    exitCode: interrupted ? EXIT.interrupted : (BATCH_EXIT_PRIORITY.find((c) => codes.has(c)) ?? EXIT.ok),
    orders: all,
  };
}

