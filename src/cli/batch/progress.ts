import cliProgress from 'cli-progress';
import type { OrderResult, OrderStatus } from './result.js';

/** Orders counted by status (`notBuilt`: not started, or stopped, when the batch was interrupted). */
export type StatusCounts = Record<OrderStatus | 'notBuilt', number>;

/** Counts with every status at 0. */
export function noCounts(): StatusCounts {
  return { built: 0, warned: 0, clamped: 0, skipped: 0, invalid: 0, refused: 0, writeFailed: 0, failed: 0, notBuilt: 0 };
}

/** Orders whose outputs are in place (built, with or without warnings, or unchanged). */
export function builtCount(c: StatusCounts): number {
  return c.built + c.warned + c.clamped + c.skipped;
}

/**
 * How a batch shows its progress: a bar on a terminal (done / failed / remaining, rate, ETA), else
 * one JSON line per finished order on standard output.
 */
export function progress(total: number, o: { json: boolean; tty: boolean; out: (line: string) => void }) {
  const t0 = performance.now();
  const bar = !o.json && o.tty
    ? new cliProgress.SingleBar({
      format: 'orthotic batch {bar} {value}/{total} | ok {ok} failed {bad} | {rate}/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(total, 0, { ok: 0, bad: 0, rate: '0.0' });
  let done = 0, ok = 0;
  return {
    /** One more order finished. */
    finished(r: OrderResult): void {
      done++;
      if (['built', 'warned', 'clamped', 'skipped'].includes(r.status)) ok++;
      if (bar) bar.increment(1, { ok, bad: done - ok, rate: (done / ((performance.now() - t0) / 1000)).toFixed(1) });
      else o.out(JSON.stringify({ id: r.id, name: r.name, status: r.status, outputs: r.outputs, warnings: r.warnings, error: r.error, ms: r.ms }));
    },
    stop(): void {
      bar?.stop();
    },
  };
}
