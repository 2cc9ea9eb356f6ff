// Typed access to the kernels' linear memory: element i of an array of the given type at `base`.
// Inlined at every use (no call in the hot loops), shared by the kernels in this folder.

@inline export function f64At(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline export function setF64(base: usize, i: i32, value: f64): void { store<f64>(base + (<usize>i << 3), value); }
@inline export function setF32(base: usize, i: i32, value: f64): void { store<f32>(base + (<usize>i << 2), <f32>value); }
@inline export function i32At(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
@inline export function setI32(base: usize, i: i32, value: i32): void { store<i32>(base + (<usize>i << 2), value); }
@inline export function u16At(base: usize, i: i32): i32 { return <i32>load<u16>(base + (<usize>i << 1)); }
@inline export function setU16(base: usize, i: i32, value: i32): void { store<u16>(base + (<usize>i << 1), <u16>value); }
@inline export function u8At(base: usize, i: i32): i32 { return <i32>load<u8>(base + <usize>i); }
@inline export function setU8(base: usize, i: i32, value: i32): void { store<u8>(base + <usize>i, <u8>value); }

/** `bytes` of zeroed memory from the bump allocator (freed by the kernel's next begin()). */
export function zeroed(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}
