/**
 * Loading the WebAssembly kernels (assembly/*.ts, compiled and embedded as base64 by
 * scripts/build-wasm.mjs). Each kernel is compiled once per thread, on first use (a few ms), and
 * reused; each call that loads a mesh frees the previous one's buffers.
 */

/** The exports every mesh kernel has: its memory and the mesh buffers begin() allocates in it. */
export interface MeshKernel {
  readonly memory: WebAssembly.Memory;
  begin(vertices: number, triangles: number): void;
  positions(): number;
  indices(): number;
}

/** Compiles and instantiates a kernel from its base64 bytes. */
export function instantiateKernel<T>(base64: string, name: string): T {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const imports = {
    env: {
      // AssemblyScript's allocator calls abort for a single block over 1 GiB; a memory that cannot
      // grow traps instead (a WebAssembly.RuntimeError). Either way the build fails, exit 1.
      abort(): never {
        throw new Error(`${name}: out of WebAssembly memory`);
      },
    },
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as T;
}

/** Copies a mesh (float32 xyz positions, uint32 triangle indices) into a kernel's memory. */
export function loadMesh<T extends MeshKernel>(kernel: T, mesh: { readonly positions: Float32Array; readonly indices: Uint32Array }): T {
  const nv = mesh.positions.length / 3, nf = mesh.indices.length / 3;
  kernel.begin(nv, nf);
  const buffer = kernel.memory.buffer; // after begin: growing the memory replaces the buffer
  new Float32Array(buffer, kernel.positions(), 3 * nv).set(mesh.positions);
  new Uint32Array(buffer, kernel.indices(), 3 * nf).set(mesh.indices);
  return kernel;
}
