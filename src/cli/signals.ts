/** Turns of the event loop to wait for a signal caught during synchronous code (Node dispatches it on the first or second). */
const DISPATCH_TURNS = 3;

/**
 * Runs a command's writing of its files with SIGINT and SIGTERM held, so that a signal
 * never stops the process half-way through: the files are all put in place, then the signal is
 * returned for the command to stop with (exit 130). Outside `write` the signals keep their default
 * action: they stop the process at once, which is safe before anything is written, and a command
 * blocked on a terminal, a pipe or a FIFO still stops on Ctrl-C.
 * @returns the first signal that came while writing, or null
 * @throws what `write` throws
 */
export async function holdingSignals(write: () => Promise<void>): Promise<NodeJS.Signals | null> {
  let caught: NodeJS.Signals | null = null;
  const hold = (signal: NodeJS.Signals) => { caught ??= signal; };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    await write();
  } finally {
    // A signal that came during `write` is dispatched on a later turn of the event loop: let it arrive
    // (removing the listeners first would lose it).
    for (let i = 0; i < DISPATCH_TURNS && caught === null; i++) await new Promise((r) => setImmediate(r));
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
  return caught;
}
