// Welding a triangle soup (an STL's corners) into an indexed mesh, in AssemblyScript, compiled to
// WebAssembly at build time: corners with identical coordinates become one vertex, in order of first
// use. Identical means the same float bits (after -0 is folded into +0): no tolerance, so two points
// a scanner wrote apart stay apart, as a slicer would keep them.
//
// Why: a build from a 3D scan reads its file once, cold; in JavaScript the decoding and the weld's
// loop ran interpreted (~15–20 ms for a 12.8k-triangle scan, ~1 ms warm).
//
// An open-addressing hash table over the corners' 32-bit words (as glTF-Transform's `weld`): the
// table is sized for a closed mesh (about one vertex per six corners) and doubles when fuller than
// half. The soup comes in chunks (a binary STL's records, or float64 corners), so the file is never
// copied whole: the kernel holds the chunk, each vertex's words once, the table and the indices.
//
// Memory: begin(corners, w, chunkBytes) resets the bump allocator and returns the chunk buffer; the
// caller copies each chunk there and calls records() or corners(); then vertices() and the results
// at positions() (f64 xyz per vertex) and indices() (u32 per corner).

let W: i32 = 3; // 32-bit words per corner: 3 (float32) or 6 (float64)
let CHUNK: usize = 0;
let IDX: usize = 0; // u32 per corner
let NC: i32 = 0; // corners welded so far
let TABLE: usize = 0; // i32 per slot: a vertex, or -1
let CAP: i32 = 0;
let VW: usize = 0; // the vertices' words, W per vertex
let VCAP: i32 = 0;
let NV: i32 = 0;
let POS: usize = 0;

/** Starts a weld of `corners` corners of `w` words each; @returns the chunk buffer (chunkBytes). */
export function begin(corners: i32, w: i32, chunkBytes: usize): usize {
  heap.reset();
  W = w; NC = 0; NV = 0;
  CHUNK = heap.alloc(chunkBytes);
  IDX = heap.alloc(<usize>corners << 2);
  CAP = 64;
  while (<f64>CAP < <f64>corners / 2) CAP *= 2; // a closed mesh fills a third of it
  TABLE = heap.alloc(<usize>CAP << 2);
  memory.fill(TABLE, 0xff, <usize>CAP << 2);
  VCAP = 64 + corners / 6 + corners / 50; // a closed mesh has one vertex per six corners; an open scan's border a few more
  VW = heap.alloc(<usize>VCAP * <usize>(w << 2));
  return CHUNK;
}

/**
 * Welds `count` records of the chunk, each `stride` bytes with its three corners' nine
 * little-endian float32 at `offset` (a binary STL's triangles: stride 50, offset 12).
 * @returns -1, or the index (9·record + k) in this chunk of the first number that is not finite (nothing of that record is welded).
 */
export function records(count: i32, stride: i32, offset: i32): i32 {
  const word = CHUNK + <usize>offset;
  const corner = memory.data(12);
  for (let t = 0; t < count; t++) {
    const at = word + <usize>t * <usize>stride;
    for (let k = 0; k < 9; k++) if (!isFinite(load<f32>(at + (<usize>k << 2)))) return 9 * t + k;
    for (let c = 0; c < 3; c++) {
      for (let k = 0; k < 3; k++) {
        let bits = load<u32>(at + <usize>(12 * c + 4 * k));
        if (bits == 0x80000000) bits = 0; // -0 → +0: same point
        store<u32>(corner + (<usize>k << 2), bits);
      }
      weldCorner(corner);
    }
  }
  return -1;
}

/** Welds `count` corners of the chunk, W words each (all finite). */
export function corners(count: i32): void {
  const size = <usize>(W << 2);
  for (let c = 0; c < count; c++) {
    const at = CHUNK + <usize>c * size;
    if (W == 6) { if (load<u64>(at) == 0x8000000000000000) store<u64>(at, 0); if (load<u64>(at, 8) == 0x8000000000000000) store<u64>(at, 0, 8); if (load<u64>(at, 16) == 0x8000000000000000) store<u64>(at, 0, 16); }
    else for (let k = 0; k < 3; k++) if (load<u32>(at + (<usize>k << 2)) == 0x80000000) store<u32>(at + (<usize>k << 2), 0);
    weldCorner(at);
  }
}

/** How many vertices; their positions (f64 xyz) at positions(). */
export function vertices(): i32 {
  POS = heap.alloc(<usize>NV * 24);
  for (let v = 0; v < NV; v++) {
    const at = VW + <usize>v * <usize>(W << 2);
    for (let k = 0; k < 3; k++) store<f64>(POS + <usize>(24 * v + 8 * k), W == 6 ? load<f64>(at + (<usize>k << 3)) : <f64>load<f32>(at + (<usize>k << 2)));
  }
  return NV;
}
export function positions(): usize { return POS; }
export function indices(): usize { return IDX; }

function weldCorner(words: usize): void {
  const size = <usize>(W << 2);
  let slot = hash(words) & (CAP - 1);
  for (;;) {
    const v = load<i32>(TABLE + (<usize>slot << 2));
    if (v == -1) {
      if (NV == VCAP) growVertices();
      memory.copy(VW + <usize>NV * size, words, size);
      store<i32>(TABLE + (<usize>slot << 2), NV);
      store<u32>(IDX + (<usize>NC << 2), NV);
      NC++; NV++;
      if (2 * NV > CAP) rehash(CAP * 2);
      return;
    }
    if (memory.compare(VW + <usize>v * size, words, size) == 0) {
      store<u32>(IDX + (<usize>NC << 2), v);
      NC++;
      return;
    }
    slot = (slot + 1) & (CAP - 1);
  }
}

function hash(words: usize): i32 {
  let h: u32 = 0x811c9dc5;
  for (let k = 0; k < W; k++) h = ((h ^ load<u32>(words + (<usize>k << 2))) * 0x01000193) ^ (h >>> 15);
  h = (h ^ (h >>> 16)) * 0x85ebca6b;
  return <i32>(h ^ (h >>> 13));
}

/** A table of `capacity` slots holding the vertices so far (the old one stays in the bump allocator until the next begin). */
function rehash(capacity: i32): void {
  const table = heap.alloc(<usize>capacity << 2);
  memory.fill(table, 0xff, <usize>capacity << 2);
  const size = <usize>(W << 2);
  for (let v = 0; v < NV; v++) {
    let slot = hash(VW + <usize>v * size) & (capacity - 1);
    while (load<i32>(table + (<usize>slot << 2)) != -1) slot = (slot + 1) & (capacity - 1);
    store<i32>(table + (<usize>slot << 2), v);
  }
  TABLE = table; CAP = capacity;
}

/** Doubles the vertices' store (the old one stays in the bump allocator until the next begin). */
function growVertices(): void {
  const size = <usize>(W << 2);
  const store2 = heap.alloc(<usize>(2 * VCAP) * size);
  memory.copy(store2, VW, <usize>NV * size);
  VW = store2; VCAP *= 2;
}
