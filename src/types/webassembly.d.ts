// The part of the WebAssembly JavaScript API the kernels use. Node and browsers have it, but
// TypeScript declares it only in lib.dom, which a Node library should not pull in.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    /** Sizes in pages of 64 KiB; `shared`: the buffer is a SharedArrayBuffer (src/cli/batch/stlSlots.ts). */
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
  }
}
type BufferSource = ArrayBufferView | ArrayBuffer;
