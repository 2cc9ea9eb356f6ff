// The closed solid's assembly from its sampled top surface (buildSolid's loops: vertex normals,
// the offset underside, the triangles), in AssemblyScript, compiled to WebAssembly at build time.
//
// Why: a build runs these loops once, cold (~25 ms interpreted at 1 mm, a few compiled). The
// JavaScript (assembleSolidReference in src/geometry/assembly/buildSolid.ts) stays as the reference:
// the tests require identical meshes. Same arithmetic in the same order, so the two agree bit for bit.
//
// Memory: begin(nv, nt, nb) resets the bump allocator and allocates inputs and outputs; the caller
// fills xy() (f64 xy), z(), feature() and keep() (f64 per vertex) and triangles() (u32 triples),
// calls assemble(t, filled), and copies positions() (f32, 6·nv) and indices() (u32, 3·(2·nt + 2·nb)).

let NV: i32 = 0, NT: i32 = 0, NB: i32 = 0;
let XY: usize = 0, Z: usize = 0, FEATURE: usize = 0, KEEP: usize = 0, TRIANGLES: usize = 0;
let NORMAL: usize = 0, POSITIONS: usize = 0, INDICES: usize = 0;

@inline function f64At(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline function setF64(base: usize, i: i32, value: f64): void { store<f64>(base + (<usize>i << 3), value); }
@inline function i32At(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
@inline function setI32(base: usize, i: i32, value: i32): void { store<i32>(base + (<usize>i << 2), value); }
@inline function setF32(base: usize, i: i32, value: f64): void { store<f32>(base + (<usize>i << 2), <f32>value); }

export function begin(nv: i32, nt: i32, nb: i32): void {
  heap.reset();
  NV = nv; NT = nt; NB = nb;
  XY = heap.alloc(<usize>nv * 16);
  Z = heap.alloc(<usize>nv * 8);
  FEATURE = heap.alloc(<usize>nv * 8);
  KEEP = heap.alloc(<usize>nv * 8);
  TRIANGLES = heap.alloc(<usize>nt * 12);
  NORMAL = heap.alloc(<usize>nv * 24);
  POSITIONS = heap.alloc(<usize>nv * 24);
  INDICES = heap.alloc(<usize>(2 * nt + 2 * nb) * 12);
}
export function xy(): usize { return XY; }
export function z(): usize { return Z; }
export function feature(): usize { return FEATURE; }
export function keep(): usize { return KEEP; }
export function triangles(): usize { return TRIANGLES; }
export function positions(): usize { return POSITIONS; }
export function indices(): usize { return INDICES; }

/** Fills positions() and indices(); t is the shell thickness (mm), filled a flat underside on the floor. */
export function assemble(t: f64, filled: bool): void {
  const nv = NV, nt = NT, nb = NB;
  // Area-weighted vertex normals of the top surface.
  memory.fill(NORMAL, 0, <usize>nv * 24);
  for (let f = 0; f < nt; f++) {
    const a = i32At(TRIANGLES, 3 * f), b = i32At(TRIANGLES, 3 * f + 1), c = i32At(TRIANGLES, 3 * f + 2);
    const ux = f64At(XY, 2 * b) - f64At(XY, 2 * a), uy = f64At(XY, 2 * b + 1) - f64At(XY, 2 * a + 1), uz = f64At(Z, b) - f64At(Z, a);
    const vx = f64At(XY, 2 * c) - f64At(XY, 2 * a), vy = f64At(XY, 2 * c + 1) - f64At(XY, 2 * a + 1), vz = f64At(Z, c) - f64At(Z, a);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    addNormal(a, nx, ny, nz);
    addNormal(b, nx, ny, nz);
    addNormal(c, nx, ny, nz);
  }
  for (let v = 0; v < nv; v++) {
    const x = f64At(XY, 2 * v), y = f64At(XY, 2 * v + 1);
    const nx = f64At(NORMAL, 3 * v), ny = f64At(NORMAL, 3 * v + 1), nz = f64At(NORMAL, 3 * v + 2);
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    setF32(POSITIONS, 3 * v, x);
    setF32(POSITIONS, 3 * v + 1, y);
    setF32(POSITIONS, 3 * v + 2, f64At(Z, v) + f64At(FEATURE, v));
    const o = 3 * (nv + v);
    if (filled) {
      setF32(POSITIONS, o, x);
      setF32(POSITIONS, o + 1, y);
      setF32(POSITIONS, o + 2, 0);
      continue;
    }
    const keep = f64At(KEEP, v);
    setF32(POSITIONS, o, x - (t * nx) / len);
    setF32(POSITIONS, o + 1, y - (t * ny) / len);
    setF32(POSITIONS, o + 2, Math.max(0, keep * (f64At(Z, v) - (t * nz) / len)) + 0);
  }
  memory.copy(INDICES, TRIANGLES, <usize>nt * 12);
  let c = 3 * nt;
  for (let f = 0; f < nt; f++) {
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 2));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 1));
  }
  for (let i = 0; i < nb; i++) {
    const k = i + 1 == nb ? 0 : i + 1;
    // Outline is CCW from above, so outward is to the right of i -> k.
    setI32(INDICES, c++, nv + i); setI32(INDICES, c++, nv + k); setI32(INDICES, c++, k);
    setI32(INDICES, c++, nv + i); setI32(INDICES, c++, k); setI32(INDICES, c++, i);
  }
}

@inline function addNormal(v: i32, nx: f64, ny: f64, nz: f64): void {
  setF64(NORMAL, 3 * v, f64At(NORMAL, 3 * v) + nx);
  setF64(NORMAL, 3 * v + 1, f64At(NORMAL, 3 * v + 1) + ny);
  setF64(NORMAL, 3 * v + 2, f64At(NORMAL, 3 * v + 2) + nz);
}
