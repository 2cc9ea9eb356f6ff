/**
 * The sole's WebAssembly kernel (assembly/sole.ts): every grid pass of the sole and the intake runs
 * there, compiled before it runs (a build runs each once or three times, cold). This folder's
 * functions copy their inputs into the kernel's memory, call it and copy the results out; nothing
 * here is kept between calls but the grid soleAt last loaded.
 */
import { SOLE_WASM, type SoleExports } from '../../wasm/generated/soleWasm.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';

let kernel: SoleExports | null = null;
/** The heights soleAt loaded, at `loadedAt` in the kernel's memory (any other call frees them). */
let loaded: Float64Array | null = null;
let loadedAt = 0;

/** The kernel, its memory freed for a new call. */
export function soleKernel(): SoleExports {
  kernel ??= instantiateKernel<SoleExports>(SOLE_WASM, 'sole');
  kernel.reset();
  loaded = null;
  return kernel;
}

/** The address of `heights` in the kernel's memory, copied there unless they are there from the last call of this. */
export function loadHeights(heights: Float64Array): { k: SoleExports; at: number } {
  if (kernel && loaded === heights) return { k: kernel, at: loadedAt };
  const k = soleKernel();
  loadedAt = put(k, heights);
  loaded = heights;
  return { k, at: loadedAt };
}

/** Copies `data` into newly allocated kernel memory: its address. */
export function put(k: SoleExports, data: ArrayBufferView): number {
  const at = k.alloc(data.byteLength);
  writeArray(k.memory, at, data);
  return at;
}

/** n f64 at `at` in the kernel's memory, as a view (valid until the kernel's next allocation). */
export function f64View(k: SoleExports, at: number, n: number): Float64Array {
  return new Float64Array(k.memory.buffer, at, n);
}

/** n u8 at `at`, as a view (valid until the kernel's next allocation). */
export function u8View(k: SoleExports, at: number, n: number): Uint8Array {
  return new Uint8Array(k.memory.buffer, at, n);
}

/** n i32 at `at`, as a view (valid until the kernel's next allocation). */
export function i32View(k: SoleExports, at: number, n: number): Int32Array {
  return new Int32Array(k.memory.buffer, at, n);
}

/** The kernel's result slots after a call that returns several numbers. */
export function results(k: SoleExports): Float64Array {
  return new Float64Array(k.memory.buffer, k.results(), 16);
}
