import type { Mesh } from '../mesh/types.js';
import { SOLID_CHECK_WASM } from './generated/solidCheckWasm.js';

/** The exports of assembly/solidCheck.ts (see there for what each computes). */
export interface SolidCheckKernel {
  readonly memory: WebAssembly.Memory;
  begin(vertices: number, triangles: number): void;
  positions(): number;
  indices(): number;
  results(): number;
  badIndices(): number;
  nonFinite(): number;
  topology(): void;
  projectsOriented(first: number, last: number, sign: number): number;
  layeredIntersections(topTriangles: number, limit: number): number;
  allIntersections(limit: number): number;
}

let kernel: SolidCheckKernel | null = null;

/**
 * The WebAssembly solid-check kernel with `mesh` loaded into its memory, ready for its checks.
 * Compiled once per thread (a few ms; ~8 KB) and reused: each call frees the previous mesh's buffers.
 */
export function loadSolidCheckKernel(mesh: Mesh): SolidCheckKernel {
  kernel ??= instantiate();
  const nv = mesh.positions.length / 3, nf = mesh.indices.length / 3;
  kernel.begin(nv, nf);
  const buffer = kernel.memory.buffer; // after begin: growing the memory replaces the buffer
  new Float32Array(buffer, kernel.positions(), 3 * nv).set(mesh.positions);
  new Uint32Array(buffer, kernel.indices(), 3 * nf).set(mesh.indices);
  return kernel;
}

/** The kernel's result slots (valid until its next call). */
export function kernelResults(k: SolidCheckKernel): Float64Array {
  return new Float64Array(k.memory.buffer, k.results(), 16);
}

function instantiate(): SolidCheckKernel {
  const bytes = Uint8Array.from(atob(SOLID_CHECK_WASM), (c) => c.charCodeAt(0));
  const imports = {
    env: {
      // AssemblyScript calls abort only when its allocator cannot grow the memory.
      abort(): never {
        throw new Error('solid check: out of WebAssembly memory');
      },
    },
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as SolidCheckKernel;
}
