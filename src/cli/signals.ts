import { runInThisContext } from 'node:vm';
import { InterruptedError } from '../errors.js';
import { EXIT } from './exitCodes.js';

/** Turns of the event loop to wait for a signal caught during synchronous code (Node dispatches it on the first or second). */
const DISPATCH_TURNS = 3;

/** The signals a command stops on. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Where a command is: a command's own signal handler leaves a signal that comes while it writes to holdingSignals. */
let phase: 'working' | 'writing' | 'written' = 'working';

/**
 * A command of its own (build, preview, validate, scan), from the start of its action: SIGINT or
 * SIGTERM stops it with exit 130 and one line on standard error (`interrupted: SIGTERM: stopped
 * before writing any file`). Nothing is written yet at any moment it can stop so: its files are
 * written under holdingSignals, which takes the signal over and stops once they are all in place.
 * The signal is taken when the event loop turns: during a long computation, SIGINT at once
 * (computing), SIGTERM when the computation ends. While a read may block (standard input, a FIFO:
 * withDefaultSignals), the signals keep their default action.
 */
export function stopOnSignals(log: (line: string) => void): void {
  const stop = (signal: NodeJS.Signals) => {
    if (phase === 'writing') return;
    log(`interrupted: ${signal}: ${phase === 'written' ? 'stopped once its files were written in full' : 'stopped before writing any file'}`);
    process.exit(EXIT.interrupted);
  };
  for (const s of SIGNALS) process.on(s, stop);
}

/**
 * Runs a synchronous computation so that SIGINT stops it at once (Node's SIGINT watchdog, as the
 * REPL uses: the computation is terminated, not left to finish; nothing it holds is written), and a
 * run of its own stops with exit 130 rather than the signal. SIGTERM has no such watchdog: it is
 * taken when the computation returns (stopOnSignals).
 * @throws InterruptedError SIGINT came; what `work` throws
 */
export function computing<T>(work: () => T): T {
  const key = Symbol.for('orthotic.computing');
  const slot = globalThis as unknown as Record<symbol, (() => T) | undefined>;
  slot[key] = work;
  try {
    return runInThisContext(`globalThis[Symbol.for('orthotic.computing')]()`, { breakOnSigint: true }) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw new InterruptedError('SIGINT: stopped before writing any file');
    throw err;
  } finally {
    slot[key] = undefined;
  }
}

/**
 * Runs `read`, which may block in the system (standard input from a terminal or a pipe, a FIFO
 * waiting for its writer), with SIGINT and SIGTERM at their default action: the listeners cannot
 * run while it blocks, and the signal must still stop the process. Nothing is written meanwhile.
 * The listeners are put back afterwards.
 */
export function withDefaultSignals<T>(read: () => T): T {
  const saved = SIGNALS.map((s) => [s, process.listeners(s)] as const);
  for (const s of SIGNALS) process.removeAllListeners(s);
  try {
    return read();
  } finally {
    for (const [s, listeners] of saved) for (const l of listeners) process.on(s, l as NodeJS.SignalsListener);
  }
}

/**
 * Runs a command's writing of its files with SIGINT and SIGTERM held, so that a signal
 * never stops the process half-way through: the files are all put in place, then the signal is
 * returned for the command to stop with (exit 130). Outside `write`, a command's own handler
 * (stopOnSignals) stops it at once, which is safe before anything is written.
 * @returns the first signal that came while writing, or null
 * @throws what `write` throws
 */
export async function holdingSignals(write: () => Promise<void>): Promise<NodeJS.Signals | null> {
  let caught: NodeJS.Signals | null = null;
  const hold = (signal: NodeJS.Signals) => { caught ??= signal; };
  // A signal that came during the computation before (synchronous: not yet dispatched) stops the
  // command before anything is written, rather than once it is all written.
  for (let i = 0; i < DISPATCH_TURNS; i++) await new Promise((r) => setImmediate(r));
  phase = 'writing';
  for (const s of SIGNALS) process.on(s, hold);
  let written = false;
  try {
    await write();
    written = true;
  } finally {
    // A signal that came during `write` is dispatched on a later turn of the event loop: let it arrive
    // (removing the listeners first would lose it).
    for (let i = 0; i < DISPATCH_TURNS && caught === null; i++) await new Promise((r) => setImmediate(r));
    for (const s of SIGNALS) process.off(s, hold);
    phase = written ? 'written' : 'working';
  }
  return caught;
}
