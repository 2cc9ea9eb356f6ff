// Binary STL records, in AssemblyScript, compiled to WebAssembly at build time.
//
// Why: a build writes its STL once, cold; V8 interprets the JavaScript writer's loop until it is
// compiled (~18 ms for 91k triangles at 1 mm, ~3 ms warm). WebAssembly runs compiled from the start.
// The JavaScript writer in src/export/stl.ts stays as the reference: the tests require identical bytes.
//
// Same arithmetic as the JavaScript facetNormal: f32 positions widened to f64, the normal rounded
// to f32 at the end. WebAssembly memory is little-endian, as STL is.
//
// Memory: begin(nv, nf) resets the bump allocator and returns nothing; the caller copies positions
// (f32 xyz) and indices (u32 triples) to positions() and indices(), calls write(), and copies the
// 84 + 50·nf bytes at output() (the 80-byte header is the caller's).

let P: usize = 0;
let IX: usize = 0;
let OUTPUT: usize = 0;
let NF: i32 = 0;
let NV: i32 = 0;

export function begin(nv: i32, nf: i32): void {
  heap.reset();
  NF = nf;
  NV = nv;
  P = heap.alloc(<usize>nv * 12);
  IX = heap.alloc(<usize>nf * 12);
  // On a page of its own (4 KiB): a batch writes it with direct I/O, which needs an aligned buffer (src/cli/io.ts).
  OUTPUT = (heap.alloc(84 + <usize>nf * 50 + 4095) + 4095) & ~(<usize>4095);
}
export function positions(): usize { return P; }
export function indices(): usize { return IX; }
export function output(): usize { return OUTPUT; }

/** Triangle corners that name no vertex (write() must not be called while there are any). */
export function badIndices(): i32 {
  let bad = 0;
  for (let e = 0; e < 3 * NF; e++) if (load<u32>(IX + (<usize>e << 2)) >= <u32>NV) bad++;
  return bad;
}

/** Fills the triangle count and the records after the (caller's) 80-byte header. */
export function write(): void {
  store<u32>(OUTPUT + 80, <u32>NF);
  let o = OUTPUT + 84;
  for (let f = 0; f < NF; f++, o += 50) {
    const a = P + <usize>load<u32>(IX + (<usize>f * 12)) * 12;
    const b = P + <usize>load<u32>(IX + (<usize>f * 12), 4) * 12;
    const c = P + <usize>load<u32>(IX + (<usize>f * 12), 8) * 12;
    const ax = <f64>load<f32>(a), ay = <f64>load<f32>(a, 4), az = <f64>load<f32>(a, 8);
    const ux = <f64>load<f32>(b) - ax, uy = <f64>load<f32>(b, 4) - ay, uz = <f64>load<f32>(b, 8) - az;
    const vx = <f64>load<f32>(c) - ax, vy = <f64>load<f32>(c, 4) - ay, vz = <f64>load<f32>(c, 8) - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    let len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len == 0 || isNaN(len)) len = 1; // as JavaScript's `|| 1`
    store<f32>(o, <f32>(nx / len)); store<f32>(o, <f32>(ny / len), 4); store<f32>(o, <f32>(nz / len), 8);
    // Vertices: the float32 positions' bytes as they are.
    store<u64>(o + 12, load<u64>(a)); store<u32>(o + 20, load<u32>(a, 8));
    store<u64>(o + 24, load<u64>(b)); store<u32>(o + 32, load<u32>(b, 8));
    store<u64>(o + 36, load<u64>(c)); store<u32>(o + 44, load<u32>(c, 8));
    store<u16>(o + 48, 0);
  }
}
