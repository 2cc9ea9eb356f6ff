/**
 * Where a batch worker hands its printed order's STL over to the main thread, to be written there
 * (io.ts, OutputFile.deferred): a few slots of memory shared by the two threads. Why: writing an
 * STL (~3.7 MB at 1 mm) took the worker 1–1.3 s of a 1,000-order batch waiting for the disk (direct
 * I/O), its core idle; handed over (one copy, ~0.2 ms), the main thread writes it on libuv's thread
 * pool while the worker builds its next order (README, Performance: "Eighth look").
 *
 * The memory is a shared WebAssembly memory only because such memory starts on a page, as direct
 * I/O needs (a SharedArrayBuffer's start is the allocator's). It is taken once a worker, at its
 * first handover, and reused: fresh memory an order costs page faults on this VM (README).
 * A slot is busy from the copy until the main thread has written it (release). With every slot
 * busy (a disk slower than the builds), the worker writes the STL itself, as before: it never waits.
 */

/** Slots a worker has: one being written while the next order fills the other. */
export const SLOTS = 2;

/** A slot's size (engineering choice: a large foot at 1 mm is ~5 MB; a larger STL is written by the worker itself). */
export const SLOT_BYTES = 8 * 1024 * 1024;

/** The first WebAssembly page holds the slots' states (0 free, 1 busy); slots start on pages after it. */
const HEADER = 64 * 1024;

/** The slots' memory, once taken; false when it could not be (then every STL is the worker's to write). */
let memory: SharedArrayBuffer | null | false = null;

/**
 * Copies `data` into a free slot and marks it busy.
 * @returns the copy (a view of shared memory, starting on a page), or null when none is free or
 *   the bytes do not fit a slot: the caller writes them itself
 */
export function handOver(data: Uint8Array): Uint8Array | null {
  if (data.length > SLOT_BYTES || memory === false) return null;
  if (memory === null) {
    try {
      const pages = (HEADER + SLOTS * SLOT_BYTES) / 65536;
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer as unknown as SharedArrayBuffer;
    } catch {
      memory = false; // no memory for it (a limit on the address space): the worker writes its STLs itself
      return null;
    }
  }
  const state = new Int32Array(memory, 0, SLOTS);
  for (let i = 0; i < SLOTS; i++) {
    if (Atomics.compareExchange(state, i, 0, 1) !== 0) continue;
    const slot = new Uint8Array(memory, HEADER + i * SLOT_BYTES, data.length);
    slot.set(data);
    return slot;
  }
  return null;
}

/**
 * Frees the slot a handed-over view is in (main thread, once its bytes are written or the write
 * failed). Nothing for bytes that are not in a slot.
 */
export function release(view: Uint8Array): void {
  if (!(view.buffer instanceof SharedArrayBuffer) || view.byteOffset < HEADER) return;
  const i = Math.floor((view.byteOffset - HEADER) / SLOT_BYTES);
  if (i < SLOTS) Atomics.store(new Int32Array(view.buffer, 0, SLOTS), i, 0);
}
