import { instantiateKernel, loadMesh } from '../../wasm/kernel.js';
import { MEASURE_WASM, type MeasureExports } from '../../wasm/generated/measureWasm.js';
import type { Mesh } from '../mesh/types.js';

/** The exports of assembly/measure.ts (see there for what each computes). */
export type MeasureKernel = MeasureExports;

let kernel: MeasureKernel | null = null;

/** The measuring kernel with `mesh` loaded into its memory (compiled once per thread, on first use). */
export function loadMeasureKernel(mesh: Mesh): MeasureKernel {
  kernel ??= instantiateKernel<MeasureKernel>(MEASURE_WASM, 'measure');
  return loadMesh(kernel, mesh);
}

/** The kernel's result slots (valid until its next call: a call may grow its memory). */
export function measureResults(k: MeasureKernel): Float64Array {
  return new Float64Array(k.memory.buffer, k.results(), 24);
}
