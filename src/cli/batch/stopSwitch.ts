/**
 * What lets a batch stop at once (a second signal) without cutting an order's outputs in half: a
 * little shared memory. Whoever renames an order's complete, flushed temporary files into place
 * (the main thread, since the workers only stage them: commitStaged) enters it before the renames
 * and leaves it after; stopping, the main thread first forbids entering, then waits for those inside
 * to leave, and only then terminates the workers. An order is thus either wholly in place or not at
 * all (its temporary files are removed). Shared memory, so that it holds wherever the renames run.
 */
import type { CommitGuard } from '../io.js';

/** Slots of the shared Int32Array. */
const STOP = 0;
const INSIDE = 1;

/** A new switch: shared memory to give each worker's task. */
export function createStopSwitch(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** The commit guard an order's files are put in place with. */
export function commitGuard(buffer: SharedArrayBuffer): CommitGuard {
  const s = new Int32Array(buffer);
  return {
    enter: () => {
      Atomics.add(s, INSIDE, 1);
      if (Atomics.load(s, STOP) === 0) return true;
      leave();
      return false;
    },
    leave,
  };
  function leave(): void {
    Atomics.sub(s, INSIDE, 1);
    Atomics.notify(s, INSIDE);
  }
}

/**
 * Main thread: forbids any further order from putting its files in place and waits (blocking, at
 * most `timeoutMs`) until none is doing so.
 * @returns whether none was left doing so
 */
export function stopCommits(buffer: SharedArrayBuffer, timeoutMs: number): boolean {
  const s = new Int32Array(buffer);
  Atomics.store(s, STOP, 1);
  const until = performance.now() + timeoutMs;
  for (let inside = Atomics.load(s, INSIDE); inside !== 0; inside = Atomics.load(s, INSIDE)) {
    const left = until - performance.now();
    if (left <= 0) return false;
    Atomics.wait(s, INSIDE, inside, Math.min(left, 50));
  }
  return true;
}
