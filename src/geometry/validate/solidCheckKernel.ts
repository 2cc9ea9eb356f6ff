import { instantiateKernel, loadMesh } from '../../wasm/kernel.js';
import { SOLID_CHECK_WASM, type SolidCheckExports } from '../../wasm/generated/solidCheckWasm.js';
import type { Mesh } from '../mesh/types.js';

/** The exports of assembly/solidCheck.ts (see there for what each computes). */
export type SolidCheckKernel = SolidCheckExports;

let kernel: SolidCheckKernel | null = null;

/** The solid-check kernel with `mesh` loaded into its memory, ready for its checks. */
export function loadSolidCheckKernel(mesh: Mesh): SolidCheckKernel {
  kernel ??= instantiateKernel<SolidCheckKernel>(SOLID_CHECK_WASM, 'solid check');
  return loadMesh(kernel, mesh);
}

/** The kernel's result slots (valid until its next call). */
export function kernelResults(k: SolidCheckKernel): Float64Array {
  return new Float64Array(k.memory.buffer, k.results(), 16);
}
