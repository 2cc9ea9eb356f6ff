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
  kernel.begin(mesh.positions.length / 3, mesh.indices.length / 3);
  writeArray(kernel.memory, kernel.positions(), mesh.positions);
  writeArray(kernel.memory, kernel.indices(), mesh.indices);
  return kernel;
}

/**
 * Copies a typed array into a kernel's memory at `pointer` (from the kernel, after the begin() that
 * allocated it: growing the memory replaces its buffer, so the buffer is read here, each time).
 */
export function writeArray(memory: WebAssembly.Memory, pointer: number, data: ArrayBufferView): void {
  new Uint8Array(memory.buffer, pointer, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
