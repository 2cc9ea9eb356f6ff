// A mesh copied into a kernel's memory, shared by the kernels that read one (solidCheck.ts,
// measure.ts): begin(nv, nf) resets the bump allocator and allocates the positions (f32 xyz) and
// indices (u32 triples), which the caller copies to positions() and indices(). Each kernel is its
// own WebAssembly module, so each has its own copy of these globals.

export let P: usize = 0; // positions, f32 xyz
export let IX: usize = 0; // indices, three per triangle
export let NV: i32 = 0;
export let NF: i32 = 0;

/** Starts on a mesh of nv vertices and nf triangles: frees the last one's buffers. */
export function begin(nv: i32, nf: i32): void {
  heap.reset();
  NV = nv;
  NF = nf;
  P = heap.alloc(<usize>nv * 12);
  IX = heap.alloc(<usize>nf * 12);
}
export function positions(): usize { return P; }
export function indices(): usize { return IX; }
