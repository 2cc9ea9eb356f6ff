// The closed-solid check's loops, in AssemblyScript, compiled to WebAssembly at build time.
//
// Why: a build runs the check once, cold. V8 interprets a JavaScript loop until TurboFan has
// compiled it, which for this check cost ~170 ms of a ~560 ms `orthotic build` (warm: ~30 ms).
// WebAssembly is compiled before it runs (Liftoff, in a few ms), so the first check runs at
// compiled speed. This is the check's one implementation; tests/geometry/kernels.test.ts holds it to
// the test-side checker (tests/support/meshCheck.ts): the same verdict and counts on real devices,
// devices broken on purpose and random triangle soups, and the layered path to the general one.
//
// Memory: the caller calls begin(nv, nf), copies positions (f32 xyz) and indices (u32 triples) to
// positions() and indices(), then calls the checks. Every buffer comes from the stub runtime's bump
// allocator; begin() resets it, so memory stays at the high-water mark of the largest mesh.

import { f64At, i32At, setF64, setI32, setU8, u8At, zeroed } from './memory';
import { bucketSegments } from './segmentGrid';

import { IX, NF, NV, P } from './meshBuffers';
export { begin, indices, positions } from './meshBuffers';

/** Results: see the OUT_* slots. */
const OUT = memory.data(16 * 8);
const A = memory.data(9 * 8);
const B = memory.data(9 * 8);

@inline function pos(v: i32): f64 { return <f64>load<f32>(P + (<usize>v << 2)); }
@inline function out(slot: i32, value: f64): void { setF64(OUT, slot, value); }

export function results(): usize { return OUT; }

/** Triangle corners that name no vertex (the other checks assume there are none). */
export function badIndices(): i32 {
  let bad = 0;
  for (let e = 0; e < 3 * NF; e++) if (<u32>i32At(IX, e) >= <u32>NV) bad++;
  return bad;
}

/** Coordinates that are NaN or infinite (the other checks assume there are none). */
export function nonFinite(): i32 {
  let bad = 0;
  for (let i = 0; i < 3 * NV; i++) if (!isFinite(load<f32>(P + (<usize>i << 2)))) bad++;
  return bad;
}

// ---- topology ----

/**
 * OUT[0..8]: undirected edges, boundary, non-manifold, misoriented edges, degenerate triangles,
 * signed volume, components, unused vertices, coincident vertices. OUT[12]: with a two-sheet
 * layout (nt > 0), whether each sheet is bounded by exactly its loop (see countEdges); else 0.
 * OUT[13]: with that layout, whether each sheet projects to the floor the right way round, every
 * triangle of it (bit 1 the top, triangles [0, nt): xy area2 > 1e-12; bit 2 the underside, [nt,
 * 2·nt): −area2 > 1e-12), read off the face pass's cross products; else 0.
 */
export function topology(nt: i32, topCount: i32, nb: i32): void {
  SHEET_FACES = nt > 0 ? nt : 0;
  if (nt <= 0 || !mirroredTopology(nt, topCount, nb)) generalTopology(nt, topCount, nb);
  out(8, <f64>countCoincident(NV));
  out(13, nt > 0 ? <f64>((TOP_PROJECTS ? 1 : 0) | (UNDER_PROJECTS ? 2 : 0)) : 0);
}

/** topology()'s counts for any mesh: every face's edges bucketed by their lower vertex. */
function generalTopology(nt: i32, topCount: i32, nb: i32): void {
  countFaces(NV, 3 * NF, nt, topCount, nb, false);
}

/**
 * The counts of the faces whose corners are [0, n), on vertices [0, nv): one pass over the faces for
 * the pieces and each edge bucket's size (and every face's degenerate test and volume), the buckets
 * filled, their edges counted (countEdges), the pieces counted.
 */
function countFaces(nv: i32, n: i32, nt: i32, topCount: i32, nb: i32, topOnly: bool): void {
  const start = zeroed(<usize>(nv + 1) << 2);
  const parent = heap.alloc(<usize>nv << 2), used = zeroed(<usize>nv);
  unionFaces(parent, used, nv, n, start);
  for (let v = 0; v < nv; v++) setI32(start, v + 1, i32At(start, v + 1) + i32At(start, v));
  const cursor = heap.alloc(<usize>nv << 2);
  memory.copy(cursor, start, <usize>nv << 2);
  const other = heap.alloc(<usize>n << 2), dir = heap.alloc(<usize>n), corner = heap.alloc(<usize>n << 2);
  fillEdgeBuckets(n, cursor, other, dir, corner);
  countEdges(start, other, dir, corner, nv, nt, topCount, nb, topOnly);
  countComponents(parent, used, nv);
}

/**
 * topology()'s counts for a two-sheet solid as assembly/solid.ts assembles one, from its top alone:
 * when the underside is the top's mirror image (triangle nt + f is top triangle f reversed, on
 * vertices topCount + v) and the rim joins the two loops strip by strip as assemble() does
 * (rimAsAssembled: without rings, for i, k = i + 1: (T+i, T+k, k) and (T+i, k, i)), each top edge
 * has its mirror under it and the rim adds its column and diagonal edges, each used twice, once
 * each way. So when the top is one piece using
 * every top vertex, its edges used once are exactly its loop (i → i + 1 over vertices [0, nb)) and
 * the rest twice, once each way, the solid is closed, consistently oriented, one piece, with twice
 * the top's edges plus 2·nb + 3 per ring vertex, each sheet bounded by its loop: the general count's very figures, at
 * half its cost. Degenerate triangles and volume are summed over every face, in face order, as there.
 * @returns false, writing no count, for any other mesh or top: the general count then runs
 */
function mirroredTopology(nt: i32, topCount: i32, nb: i32): bool {
  const T = topCount, rings = NV - 2 * T;
  if (nb < 3 || nb > T || rings < 0 || rings > nb || NF != 2 * nt + 2 * nb + 2 * rings) return false;
  for (let f = 0; f < nt; f++) {
    const a = i32At(IX, 3 * f), b = i32At(IX, 3 * f + 1), c = i32At(IX, 3 * f + 2);
    if (<u32>a >= <u32>T || <u32>b >= <u32>T || <u32>c >= <u32>T) return false;
    const g = 3 * (nt + f);
    if (i32At(IX, g) != T + a || i32At(IX, g + 1) != T + c || i32At(IX, g + 2) != T + b) return false;
  }
  if (!rimAsAssembled(6 * nt, T, nb, rings, false) && !rimAsAssembled(6 * nt, T, nb, rings, true)) return false;
  countFaces(T, 3 * nt, nt, T, nb, true);
  const clean = f64At(OUT, 1) == <f64>nb && f64At(OUT, 2) == 0 && f64At(OUT, 3) == 0 && f64At(OUT, 12) == 1 &&
    f64At(OUT, 6) == 1 && f64At(OUT, 7) == 0;
  if (!clean) return false;
  out(0, 2 * f64At(OUT, 0) + 2 * nb + 3 * rings); out(1, 0); out(12, 3);
  return true;
}

/**
 * Whether the rim, from corner g on, is the strips assembly/solid.ts assemble() writes: between
 * outline vertices i and k = i + 1, the columns (T+i, its ring if any, i) and (T+k, ring, k) zipped
 * ring level first, k's column first. Outline vertex v's ring, if it has one, is vertex 2·T + the
 * number of rings before v, so every ring is used and each strip's are known from the ones before:
 * k has one where the strip's first triangle reaches the next unused ring; vertex 0's is the
 * guess `firstHasRing` (tried both ways). Each strip is closed by its columns and its loop edges,
 * its diagonals used twice, once each way: the rim adds a column edge per outline vertex and per
 * ring, and a diagonal per strip triangle but one (2·nb + 3·rings edges in all).
 */
function rimAsAssembled(g: i32, T: i32, nb: i32, rings: i32, firstHasRing: bool): bool {
  const ring0 = firstHasRing ? 2 * T : -1;
  let next = firstHasRing ? 2 * T + 1 : 2 * T, ri = ring0;
  for (let i = 0; i < nb; i++) {
    const k = i + 1 == nb ? 0 : i + 1;
    let rk = -1;
    if (k == 0) rk = ring0;
    else if (i32At(IX, g) == T + i && i32At(IX, g + 1) == T + k && i32At(IX, g + 2) == next && next < 2 * T + rings) rk = next++;
    let ci = T + i, ck = T + k;
    if (rk >= 0) { if (!corner(g, ci, ck, rk)) return false; g += 3; ck = rk; }
    if (ri >= 0) { if (!corner(g, ci, ck, ri)) return false; g += 3; ci = ri; }
    if (!corner(g, ci, ck, k) || !corner(g + 3, ci, k, i)) return false;
    g += 6;
    ri = rk;
  }
  return next == 2 * T + rings;
}

@inline function corner(g: i32, a: i32, b: i32, c: i32): bool {
  return i32At(IX, g) == a && i32At(IX, g + 1) == b && i32At(IX, g + 2) == c;
}

/** Files half-edge `e` (from a to b) in the bucket of its lower vertex. */
@inline function fileEdge(e: i32, a: i32, b: i32, cursor: usize, other: usize, dir: usize, corner: usize): void {
  const lo = a < b ? a : b;
  const slot = i32At(cursor, lo);
  setI32(cursor, lo, slot + 1);
  setI32(other, slot, a < b ? b : a);
  store<i8>(dir + <usize>slot, a < b ? 1 : -1);
  setI32(corner, slot, e);
}

function fillEdgeBuckets(n: i32, cursor: usize, other: usize, dir: usize, corner: usize): void {
  for (let e = 0; e < n; e += 3) {
    const a = i32At(IX, e), b = i32At(IX, e + 1), c = i32At(IX, e + 2);
    fileEdge(e, a, b, cursor, other, dir, corner);
    fileEdge(e + 1, b, c, cursor, other, dir, corner);
    fileEdge(e + 2, c, a, cursor, other, dir, corner);
  }
}

/**
 * Counts the undirected edges (each bucket's slots grouped by their upper vertex): boundary (used
 * once), non-manifold (more than twice), misoriented (twice the same way). With a layout (nt > 0),
 * in the same pass, whether each sheet of the two-sheet layout is bounded by exactly its loop:
 * OUT[12] bit 1 the top (triangles [0, nt), loop i → i+1 over vertices [0, nb)), bit 2 the
 * underside (triangles [nt, 2·nt), loop topCount + i + 1 → topCount + i). A boundary edge of a
 * sheet is one used twice in the mesh, once inside the sheet; an edge of the sheet used other than
 * twice fails it. The graph proof of an embedded sheet needs its true boundary, not the one a
 * layout claims. `topOnly`: the buckets hold the top's faces alone (mirroredTopology), so the top's
 * loop edges are the ones used once, and bit 1 says they are exactly its loop.
 */
function countEdges(start: usize, other: usize, dir: usize, corner: usize, nv: i32, nt: i32, topCount: i32, nb: i32, topOnly: bool): void {
  let total = 0, boundary = 0, nonManifold = 0, misoriented = 0;
  let topOk = true, bottomOk = true, topEdges = 0, bottomEdges = 0;
  const sheetUses = topOnly ? 1 : 2; // how many faces use a sheet's loop edge in these buckets
  for (let v = 0; v < nv; v++) {
    const end = i32At(start, v + 1);
    for (let i = i32At(start, v); i < end; i++) {
      const oi = i32At(other, i);
      if (oi < 0) continue; // counted with an earlier slot of its edge
      let count = 0, sum = 0, inTop = 0, inBottom = 0, topCorner = -1, bottomCorner = -1;
      for (let j = i; j < end; j++) {
        if (i32At(other, j) != oi) continue;
        setI32(other, j, -1); // counted (other is not read after this)
        count++;
        sum += <i32>load<i8>(dir + <usize>j);
        if (nt > 0) {
          const e = i32At(corner, j); // corner e is in triangle e / 3: the top's below 3·nt, the underside's below 6·nt
          if (e < 3 * nt) { inTop++; topCorner = e; } else if (e < 6 * nt) { inBottom++; bottomCorner = e; }
        }
      }
      total++;
      if (count == 1) boundary++;
      else if (count > 2) nonManifold++;
      else if (sum != 0) misoriented++;
      if (inTop > 0) {
        if (count != 2 && !(topOnly && count == 1)) topOk = false;
        else if (inTop == 1) {
          const from = i32At(IX, topCorner), to = i32At(IX, topCorner - (topCorner % 3) + ((topCorner + 1) % 3));
          if (from < 0 || from >= nb || to != (from + 1) % nb) topOk = false;
          topEdges++;
        }
      }
      if (inBottom > 0) {
        if (count != sheetUses) bottomOk = false;
        else if (inBottom == 1) {
          const from = i32At(IX, bottomCorner - (bottomCorner % 3) + ((bottomCorner + 1) % 3)) - topCount, to = i32At(IX, bottomCorner) - topCount;
          if (from < 0 || from >= nb || to != (from + 1) % nb) bottomOk = false;
          bottomEdges++;
        }
      }
    }
  }
  out(0, total); out(1, boundary); out(2, nonManifold); out(3, misoriented);
  out(12, nt > 0 ? <f64>((topOk && topEdges == nb ? 1 : 0) | (bottomOk && bottomEdges == nb ? 2 : 0)) : 0);
}

function find(parent: usize, v: i32): i32 {
  while (i32At(parent, v) != v) {
    setI32(parent, v, i32At(parent, i32At(parent, v)));
    v = i32At(parent, v);
  }
  return v;
}

/**
 * Per face of the first n / 3 (half-edges [0, n)): its vertices joined into one piece (union-find
 * over vertices [0, nv)) and marked used, and one more half-edge in the bucket of each edge's lower
 * vertex (counts at bucket[v + 1], for the prefix sum that follows). Per face of all: the degenerate
 * count and the signed volume (OUT[4], OUT[5]), summed in face order.
 */
function unionFaces(parent: usize, used: usize, nv: i32, n: i32, bucket: usize): void {
  for (let v = 0; v < nv; v++) setI32(parent, v, v);
  DEGENERATE = 0;
  TOP_PROJECTS = true; UNDER_PROJECTS = true;
  let volume = 0.0;
  for (let f = 0; f < n; f += 3) {
    const a = i32At(IX, f), b = i32At(IX, f + 1), c = i32At(IX, f + 2);
    const k0 = (a < b ? a : b) + 1, k1 = (b < c ? b : c) + 1, k2 = (c < a ? c : a) + 1;
    setI32(bucket, k0, i32At(bucket, k0) + 1);
    setI32(bucket, k1, i32At(bucket, k1) + 1);
    setI32(bucket, k2, i32At(bucket, k2) + 1);
    setU8(used, a, 1); setU8(used, b, 1); setU8(used, c, 1);
    const ra = find(parent, a);
    setI32(parent, find(parent, b), ra);
    setI32(parent, find(parent, c), ra);
    volume += faceVolume(a, b, c);
    projects(f);
  }
  for (let f = n; f < 3 * NF; f += 3) {
    volume += faceVolume(i32At(IX, f), i32At(IX, f + 1), i32At(IX, f + 2));
    projects(f);
  }
  out(4, DEGENERATE); out(5, volume);
}

/** Degenerate faces unionFaces has met (faceVolume counts them). */
let DEGENERATE: i32 = 0;
/** The last face's xy area2 ((b − a) × (c − a), z), as faceVolume computed it. */
let AREA2: f64 = 0;
/** Triangles in each sheet of the layout topology() was given (0: none); whether every one of each sheet projects the right way round so far. */
let SHEET_FACES: i32 = 0;
let TOP_PROJECTS = true, UNDER_PROJECTS = true;

/** Notes whether the face at corner f (faceVolume's last) projects to the floor as its sheet must: the top's with area2 > 1e-12, the underside's with −area2 > 1e-12. */
@inline function projects(f: i32): void {
  if (f < 3 * SHEET_FACES) { if (!(AREA2 > 1e-12)) TOP_PROJECTS = false; }
  else if (f < 6 * SHEET_FACES) { if (!(-AREA2 > 1e-12)) UNDER_PROJECTS = false; }
}

/** A face's term of the signed volume; a degenerate face (a repeated vertex, area < 1e-9 mm²) counted in DEGENERATE. */
@inline function faceVolume(a: i32, b: i32, c: i32): f64 {
  const ax = pos(3 * a), ay = pos(3 * a + 1), az = pos(3 * a + 2);
  const ux = pos(3 * b) - ax, uy = pos(3 * b + 1) - ay, uz = pos(3 * b + 2) - az;
  const vx = pos(3 * c) - ax, vy = pos(3 * c + 1) - ay, vz = pos(3 * c + 2) - az;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  AREA2 = nz;
  const n2 = nx * nx + ny * ny + nz * nz;
  // The square root only near the threshold (area 1e-9 mm², n2 = 4e-18): beyond it, the comparison cannot change.
  if (a == b || b == c || a == c || (n2 < 1e-17 && Math.sqrt(n2) / 2 < 1e-9)) DEGENERATE++;
  return (ax * nx + ay * ny + az * nz) / 6;
}

function countComponents(parent: usize, used: usize, nv: i32): void {
  let components = 0, unused = 0;
  for (let v = 0; v < nv; v++) {
    if (!u8At(used, v)) { unused++; continue; }
    if (find(parent, v) == v) components++;
  }
  out(6, components); out(7, unused);
}

function countCoincident(nv: i32): i32 {
  let size = 1;
  while (size < 2 * nv) size <<= 1;
  const table = heap.alloc(<usize>size << 2);
  memory.fill(table, 0xff, <usize>size << 2); // -1: empty
  let coincident = 0;
  for (let v = 0; v < nv; v++) {
    const x = load<u32>(P + (<usize>(3 * v) << 2)), y = load<u32>(P + (<usize>(3 * v + 1) << 2)), z = load<u32>(P + (<usize>(3 * v + 2) << 2));
    let h = <i32>(mix(mix(mix(0x9e3779b9 ^ x) ^ y) ^ z) & <u32>(size - 1));
    for (;;) {
      const w = i32At(table, h);
      if (w < 0) { setI32(table, h, v); break; }
      if (pos(3 * w) == pos(3 * v) && pos(3 * w + 1) == pos(3 * v + 1) && pos(3 * w + 2) == pos(3 * v + 2)) { coincident++; break; }
      h = (h + 1) & (size - 1);
    }
  }
  return coincident;
}

@inline function mix(h: u32): u32 {
  h = (h ^ (h >>> 16)) * 0x85ebca6b;
  h = (h ^ (h >>> 13)) * 0xc2b2ae35;
  return h ^ (h >>> 16);
}

// ---- graph proof: each sheet projects to the floor as an embedded disc ----

/**
 * Whether vertices [first, first + count), in order, project to a simple polygon in the xy plane:
 * findSelfIntersection (src/geometry/outline/selfIntersection.ts) with its segment grid. (The
 * JavaScript sizes the grid's cells with Math.hypot, this with a square root: the cells only decide
 * which pairs are tested, and two segments that touch share a cell whatever its size.)
 */
export function loopSimple(first: i32, count: i32): bool {
  const n = count;
  if (n < 4) return true;
  const xy = heap.alloc(<usize>n * 16);
  for (let i = 0; i < n; i++) {
    setF64(xy, 2 * i, pos(3 * (first + i)));
    setF64(xy, 2 * i + 1, pos(3 * (first + i) + 1));
  }
  let total = 0.0;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    const dx = f64At(xy, 2 * k) - f64At(xy, 2 * i), dy = f64At(xy, 2 * k + 1) - f64At(xy, 2 * i + 1);
    total += Math.sqrt(dx * dx + dy * dy);
    x0 = Math.min(x0, f64At(xy, 2 * i)); x1 = Math.max(x1, f64At(xy, 2 * i));
    y0 = Math.min(y0, f64At(xy, 2 * i + 1)); y1 = Math.max(y1, f64At(xy, 2 * i + 1));
  }
  // buildSegmentGrid (src/geometry/outline/segmentGrid.ts).
  const cell = Math.max(Math.max(Math.max(total / n, 1e-9) * 2, (x1 - x0) / 2048), (y1 - y0) / 2048);
  x0 -= cell; y0 -= cell;
  const gw = <i32>Math.ceil((x1 - x0) / cell) + 2, gh = <i32>Math.ceil((y1 - y0) / cell) + 2;
  const start = zeroed(<usize>(gw * gh + 1) << 2);
  bucketSegments(xy, n, x0, y0, cell, gw, start, 0);
  for (let c = 0; c < gw * gh; c++) setI32(start, c + 1, i32At(start, c + 1) + i32At(start, c));
  const items = heap.alloc(<usize>i32At(start, gw * gh) << 2);
  const cursor = heap.alloc(<usize>(gw * gh) << 2);
  memory.copy(cursor, start, <usize>(gw * gh) << 2);
  bucketSegments(xy, n, x0, y0, cell, gw, cursor, items);
  for (let c = 0; c < gw * gh; c++) {
    const end = i32At(start, c + 1);
    for (let a = i32At(start, c); a < end; a++) {
      const i = i32At(items, a);
      for (let b = a + 1; b < end; b++) {
        const j = i32At(items, b);
        const d = i > j ? i - j : j - i;
        if (d <= 1 || d == n - 1) continue; // neighbours share an endpoint by construction
        const i2 = (i + 1) % n, j2 = (j + 1) % n;
        if (segmentsTouch(f64At(xy, 2 * i), f64At(xy, 2 * i + 1), f64At(xy, 2 * i2), f64At(xy, 2 * i2 + 1), f64At(xy, 2 * j), f64At(xy, 2 * j + 1), f64At(xy, 2 * j2), f64At(xy, 2 * j2 + 1))) return false;
      }
    }
  }
  return true;
}

@inline function orient(ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64): f64 {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

@inline function onSegment(ax: f64, ay: f64, bx: f64, by: f64, px: f64, py: f64): bool {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** True when closed segments ab and cd share at least one point (segmentsTouch in selfIntersection.ts). */
function segmentsTouch(ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64, dx: f64, dy: f64): bool {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  if (o1 == 0 && onSegment(ax, ay, bx, by, cx, cy)) return true;
  if (o2 == 0 && onSegment(ax, ay, bx, by, dx, dy)) return true;
  if (o3 == 0 && onSegment(cx, cy, dx, dy, ax, ay)) return true;
  if (o4 == 0 && onSegment(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

// ---- bounding boxes ----

/** Each triangle's box [x0, y0, z0, x1, y1, z1], f64. */
function triangleBoxes(ix: usize, nf: i32): usize {
  const box = heap.alloc(<usize>nf * 48);
  for (let f = 0; f < nf; f++) {
    const a = 3 * i32At(ix, 3 * f), b = 3 * i32At(ix, 3 * f + 1), c = 3 * i32At(ix, 3 * f + 2);
    const o = 6 * f;
    for (let k = 0; k < 3; k++) {
      const u = pos(a + k), v = pos(b + k), w = pos(c + k);
      setF64(box, o + k, u < v ? (u < w ? u : w) : v < w ? v : w);
      setF64(box, o + 3 + k, u > v ? (u > w ? u : w) : v > w ? v : w);
    }
  }
  return box;
}

// ---- self-intersections of a two-sheet solid (checkSolid.ts) ----

/**
 * Side of the candidate filter's xy cells, mm. Engineering choice: about the lattice's edge at the
 * default 1 mm, so a steep wall's triangles see the other sheet's wall only when it is that close
 * (2 mm cells kept ~25 % more triangles as candidates, for the same pairs found).
 */
const CANDIDATE_CELL_MM: f64 = 1;

/**
 * The layered test: candidates near the other sheet or the rim, then the pairwise test skipping
 * pairs within one sheet. Call only after both sheets are proved graphs over the floor.
 * @returns pairs found (up to limit); OUT[10], OUT[11]: the first pair's triangles, or -1.
 */
export function layeredIntersections(topTriangles: i32, limit: i32): i32 {
  const nt = topTriangles;
  const keep = heap.alloc(<usize>NF << 2);
  const count = crossSurfaceCandidates(NF, nt, CANDIDATE_CELL_MM, keep);
  const sub = heap.alloc(<usize>count * 12), cls = heap.alloc(<usize>count);
  for (let i = 0; i < count; i++) {
    const f = i32At(keep, i);
    setI32(sub, 3 * i, i32At(IX, 3 * f)); setI32(sub, 3 * i + 1, i32At(IX, 3 * f + 1)); setI32(sub, 3 * i + 2, i32At(IX, 3 * f + 2));
    setU8(cls, i, f < nt ? 1 : f < 2 * nt ? 2 : 0);
  }
  const found = findSelfIntersections(sub, count, limit, cls, 2 * MEAN_EXTENT, triangleBoxes(sub, count));
  if (f64At(OUT, 10) >= 0) {
    out(10, i32At(keep, <i32>f64At(OUT, 10)));
    out(11, i32At(keep, <i32>f64At(OUT, 11)));
  }
  return found;
}

/** Every nearby pair tested (a mesh without a known layout). OUT[10], OUT[11] as above. */
export function allIntersections(limit: i32): i32 {
  if (NF == 0) { out(10, -1); out(11, -1); return 0; }
  return findSelfIntersections(IX, NF, limit, 0, NaN, triangleBoxes(IX, NF));
}

/** The top's mean box extent (x + y + z) / 3, at least 1 µm: crossSurfaceCandidates sets it (it sizes the pairwise test's cells). */
let MEAN_EXTENT: f64 = 0;

/**
 * Fills keep with the candidate triangles in increasing order; returns how many. A top triangle is
 * a candidate where it reaches down to the highest underside or rim triangle in the xy cells its box
 * covers; an underside triangle where it shares a cell with a candidate or the rim; the rim always.
 * (Two triangles that meet share a point, so a cell, and there the lower one's top is at least as
 * high as the upper one's bottom.) Boxes are read off the vertices as they are needed.
 */
function crossSurfaceCandidates(nf: i32, topTriangles: i32, cell: f64, keepList: usize): i32 {
  // The grid covers every vertex (a vertex no triangle uses only widens it).
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let v = 0; v < NV; v++) {
    const x = pos(3 * v), y = pos(3 * v + 1);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const inv = 1 / cell; // cells by a product: monotonic, so a point shared by two boxes falls in one cell of both
  const gw = <i32>Math.floor((x1 - x0) * inv) + 1, gh = <i32>Math.floor((y1 - y0) * inv) + 1;
  const maxUnder = heap.alloc(<usize>(gw * gh) << 3);
  for (let k = 0; k < gw * gh; k++) setF64(maxUnder, k, -Infinity);
  const marked = zeroed(<usize>(gw * gh));
  const keep = zeroed(<usize>nf);
  // Underside and rim: the highest point over each cell, and each underside triangle's cells.
  const ranges = heap.alloc(<usize>(topTriangles > 0 ? topTriangles : 1) << 4);
  for (let f = topTriangles; f < nf; f++) {
    const a = 3 * i32At(IX, 3 * f), b = 3 * i32At(IX, 3 * f + 1), c = 3 * i32At(IX, 3 * f + 2);
    const ax = pos(a), bx = pos(b), cx = pos(c), ay = pos(a + 1), by = pos(b + 1), cy = pos(c + 1), az = pos(a + 2), bz = pos(b + 2), cz = pos(c + 2);
    const rx0 = <i32>Math.floor(((ax < bx ? (ax < cx ? ax : cx) : bx < cx ? bx : cx) - x0) * inv);
    const rx1 = <i32>Math.floor(((ax > bx ? (ax > cx ? ax : cx) : bx > cx ? bx : cx) - x0) * inv);
    const ry0 = <i32>Math.floor(((ay < by ? (ay < cy ? ay : cy) : by < cy ? by : cy) - y0) * inv);
    const ry1 = <i32>Math.floor(((ay > by ? (ay > cy ? ay : cy) : by > cy ? by : cy) - y0) * inv);
    const zmax = az > bz ? (az > cz ? az : cz) : bz > cz ? bz : cz;
    const rim = f >= 2 * topTriangles;
    if (rim) setU8(keep, f, 1);
    else {
      const o = (<usize>(f - topTriangles)) << 4;
      store<i32>(ranges + o, rx0); store<i32>(ranges + o, rx1, 4); store<i32>(ranges + o, ry0, 8); store<i32>(ranges + o, ry1, 12);
    }
    for (let qy = ry0; qy <= ry1; qy++) {
      for (let qx = rx0; qx <= rx1; qx++) {
        const k = qy * gw + qx;
        if (zmax > f64At(maxUnder, k)) setF64(maxUnder, k, zmax);
        if (rim) setU8(marked, k, 1); // rim: its neighbourhood is tested in full
      }
    }
  }
  // Top: a candidate where its lowest point is not above everything under it; its cells marked.
  let extent = 0.0;
  for (let f = 0; f < topTriangles; f++) {
    const a = 3 * i32At(IX, 3 * f), b = 3 * i32At(IX, 3 * f + 1), c = 3 * i32At(IX, 3 * f + 2);
    const ax = pos(a), bx = pos(b), cx = pos(c), ay = pos(a + 1), by = pos(b + 1), cy = pos(c + 1), az = pos(a + 2), bz = pos(b + 2), cz = pos(c + 2);
    const lx = ax < bx ? (ax < cx ? ax : cx) : bx < cx ? bx : cx, hx = ax > bx ? (ax > cx ? ax : cx) : bx > cx ? bx : cx;
    const ly = ay < by ? (ay < cy ? ay : cy) : by < cy ? by : cy, hy = ay > by ? (ay > cy ? ay : cy) : by > cy ? by : cy;
    const lz = az < bz ? (az < cz ? az : cz) : bz < cz ? bz : cz, hz = az > bz ? (az > cz ? az : cz) : bz > cz ? bz : cz;
    extent += hx - lx + (hy - ly) + (hz - lz);
    const rx0 = <i32>Math.floor((lx - x0) * inv), rx1 = <i32>Math.floor((hx - x0) * inv);
    const ry0 = <i32>Math.floor((ly - y0) * inv), ry1 = <i32>Math.floor((hy - y0) * inv);
    let highest = -Infinity;
    for (let qy = ry0; qy <= ry1; qy++) for (let qx = rx0; qx <= rx1; qx++) highest = Math.max(highest, f64At(maxUnder, qy * gw + qx));
    if (lz > highest) continue;
    setU8(keep, f, 1);
    for (let qy = ry0; qy <= ry1; qy++) for (let qx = rx0; qx <= rx1; qx++) setU8(marked, qy * gw + qx, 1);
  }
  MEAN_EXTENT = Math.max(1e-3, extent / (3 * Math.max(1, <f64>topTriangles)));
  // Underside: a candidate where it shares a cell with a top candidate or the rim.
  for (let f = topTriangles; f < 2 * topTriangles; f++) {
    const o = (<usize>(f - topTriangles)) << 4;
    const rx0 = load<i32>(ranges + o), rx1 = load<i32>(ranges + o, 4), ry0 = load<i32>(ranges + o, 8), ry1 = load<i32>(ranges + o, 12);
    let hit = false;
    for (let qy = ry0; qy <= ry1 && !hit; qy++) {
      for (let qx = rx0; qx <= rx1; qx++) {
        if (u8At(marked, qy * gw + qx)) { hit = true; break; }
      }
    }
    if (hit) setU8(keep, f, 1);
  }
  let n = 0;
  for (let f = 0; f < nf; f++) if (u8At(keep, f)) setI32(keepList, n++, f);
  return n;
}

// ---- pairwise test ----

function findSelfIntersections(ix: usize, nf: i32, limit: i32, skipWithin: usize, cellSize: f64, box: usize): i32 {
  out(10, -1); out(11, -1);
  if (nf == 0) return 0;
  let edgeSum = 0.0;
  let gx0 = Infinity, gy0 = Infinity, gz0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz1 = -Infinity;
  for (let o = 0; o < 6 * nf; o += 6) {
    const x0 = f64At(box, o), y0 = f64At(box, o + 1), z0 = f64At(box, o + 2), x1 = f64At(box, o + 3), y1 = f64At(box, o + 4), z1 = f64At(box, o + 5);
    edgeSum += x1 - x0 + (y1 - y0) + (z1 - z0);
    if (x0 < gx0) gx0 = x0; if (y0 < gy0) gy0 = y0; if (z0 < gz0) gz0 = z0;
    if (x1 > gx1) gx1 = x1; if (y1 > gy1) gy1 = y1; if (z1 > gz1) gz1 = z1;
  }
  let cell = isNaN(cellSize) ? Math.max(1e-3, (edgeSum / nf / 3) * 2) : cellSize;
  // Keep the grid to a sane number of cells.
  while (((gx1 - gx0) / cell + 1) * ((gy1 - gy0) / cell + 1) * ((gz1 - gz0) / cell + 1) > <f64>(8 * nf + 1024)) cell *= 1.25;
  const gw = <i32>Math.floor((gx1 - gx0) / cell) + 1, gh = <i32>Math.floor((gy1 - gy0) / cell) + 1, gd = <i32>Math.floor((gz1 - gz0) / cell) + 1;
  const ncell = gw * gh * gd;
  const start = zeroed(<usize>(ncell + 1) << 2);
  const ranges = heap.alloc(<usize>nf * 24);
  const total = cellRanges(box, nf, gx0, gy0, gz0, cell, gw, gh, ranges, start);
  const items = heap.alloc(<usize>total << 2);
  for (let c = 0; c < ncell; c++) setI32(start, c + 1, i32At(start, c + 1) + i32At(start, c));
  const cursor = heap.alloc(<usize>ncell << 2);
  memory.copy(cursor, start, <usize>ncell << 2);
  bucketTriangles(nf, gw, gh, ranges, cursor, items);

  let count = 0;
  for (let c = 0; c < ncell && count < limit; c++) {
    const s = i32At(start, c), e = i32At(start, c + 1);
    if (e - s < 2) continue;
    const cx = c % gw, cy = (c / gw) % gh, cz = c / (gw * gh);
    for (let i = s; i < e; i++) {
      const a = i32At(items, i);
      const ka = skipWithin ? u8At(skipWithin, a) : 0;
      const ra = ranges + (<usize>a * 24), ba = box + (<usize>a * 48);
      const acx = load<i32>(ra), acy = load<i32>(ra, 8), acz = load<i32>(ra, 16);
      const ax0 = load<f64>(ba), ay0 = load<f64>(ba, 8), az0 = load<f64>(ba, 16), ax1 = load<f64>(ba, 24), ay1 = load<f64>(ba, 32), az1 = load<f64>(ba, 40);
      // Items sit in triangle order, so a skipped class is a contiguous run: jump past it.
      let j = i + 1;
      if (ka != 0) while (j < e && u8At(skipWithin, i32At(items, j)) == ka) j++;
      for (; j < e; j++) {
        const b = i32At(items, j);
        if (ka != 0 && ka == u8At(skipWithin, b)) continue;
        // Test the pair only in the cell of the lower corner of their boxes' overlap: the larger of
        // their first cells on each axis (the floor of the larger coordinate, as the cells are
        // monotonic in it), compared first, in integers, as most pairs meet in several cells.
        const rb = ranges + (<usize>b * 24);
        if (max(acx, load<i32>(rb)) != cx || max(acy, load<i32>(rb, 8)) != cy || max(acz, load<i32>(rb, 16)) != cz) continue;
        // Bounding boxes must overlap.
        const bb = box + (<usize>b * 48);
        if (Math.max(ax0, load<f64>(bb)) > Math.min(ax1, load<f64>(bb, 24)) || Math.max(ay0, load<f64>(bb, 8)) > Math.min(ay1, load<f64>(bb, 32)) || Math.max(az0, load<f64>(bb, 16)) > Math.min(az1, load<f64>(bb, 40))) continue;
        if (trianglesIntersect(ix, a, b)) {
          if (f64At(OUT, 10) < 0) { out(10, a); out(11, b); }
          if (++count >= limit) break;
        }
      }
      if (count >= limit) break;
    }
  }
  return count;
}

/**
 * Each triangle's range of cells, [cx0, cx1, cy0, cy1, cz0, cz1] into ranges, and its count in
 * each cell into counter[c + 1]; returns the total of the counts.
 */
function cellRanges(box: usize, nf: i32, gx0: f64, gy0: f64, gz0: f64, cell: f64, gw: i32, gh: i32, ranges: usize, counter: usize): i32 {
  let total = 0;
  for (let f = 0; f < nf; f++) {
    const cx0 = <i32>Math.floor((f64At(box, 6 * f) - gx0) / cell), cx1 = <i32>Math.floor((f64At(box, 6 * f + 3) - gx0) / cell);
    const cy0 = <i32>Math.floor((f64At(box, 6 * f + 1) - gy0) / cell), cy1 = <i32>Math.floor((f64At(box, 6 * f + 4) - gy0) / cell);
    const cz0 = <i32>Math.floor((f64At(box, 6 * f + 2) - gz0) / cell), cz1 = <i32>Math.floor((f64At(box, 6 * f + 5) - gz0) / cell);
    setI32(ranges, 6 * f, cx0); setI32(ranges, 6 * f + 1, cx1);
    setI32(ranges, 6 * f + 2, cy0); setI32(ranges, 6 * f + 3, cy1);
    setI32(ranges, 6 * f + 4, cz0); setI32(ranges, 6 * f + 5, cz1);
    for (let cz = cz0; cz <= cz1; cz++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = (cz * gh + cy) * gw + cx;
          setI32(counter, c + 1, i32At(counter, c + 1) + 1);
          total++;
        }
      }
    }
  }
  return total;
}

/** Fills items at counter[c] (advancing it) with each triangle in each cell of its range. */
function bucketTriangles(nf: i32, gw: i32, gh: i32, ranges: usize, counter: usize, items: usize): void {
  for (let f = 0; f < nf; f++) {
    const cx0 = i32At(ranges, 6 * f), cx1 = i32At(ranges, 6 * f + 1);
    const cy0 = i32At(ranges, 6 * f + 2), cy1 = i32At(ranges, 6 * f + 3);
    const cz0 = i32At(ranges, 6 * f + 4), cz1 = i32At(ranges, 6 * f + 5);
    for (let cz = cz0; cz <= cz1; cz++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = (cz * gh + cy) * gw + cx;
          const slot = i32At(counter, c);
          setI32(items, slot, f);
          setI32(counter, c, slot + 1);
        }
      }
    }
  }
}

function loadTriangle(ix: usize, f: i32, dst: usize): void {
  for (let k = 0; k < 3; k++) {
    const v = i32At(ix, 3 * f + k);
    setF64(dst, 3 * k, pos(3 * v)); setF64(dst, 3 * k + 1, pos(3 * v + 1)); setF64(dst, 3 * k + 2, pos(3 * v + 2));
  }
}

/**
 * Whether the axis (ax, ay, az) separates triangle A (a0, a1, a2) from triangle B (b0, b1, b2): their
 * projections on it apart by more than 1e-9 of the axis's length (|x| + |y| + |z|). A degenerate
 * axis (length below 1e-14) separates nothing. Inlined with every coordinate a local: the test
 * below calls it up to seventeen times a pair.
 */
@inline function separated(
  ax: f64, ay: f64, az: f64,
  a0x: f64, a0y: f64, a0z: f64, a1x: f64, a1y: f64, a1z: f64, a2x: f64, a2y: f64, a2z: f64,
  b0x: f64, b0y: f64, b0z: f64, b1x: f64, b1y: f64, b1z: f64, b2x: f64, b2y: f64, b2z: f64,
): bool {
  const len = Math.abs(ax) + Math.abs(ay) + Math.abs(az);
  if (len < 1e-14) return false; // degenerate axis: no information
  const da0 = a0x * ax + a0y * ay + a0z * az, da1 = a1x * ax + a1y * ay + a1z * az, da2 = a2x * ax + a2y * ay + a2z * az;
  const db0 = b0x * ax + b0y * ay + b0z * az, db1 = b1x * ax + b1y * ay + b1z * az, db2 = b2x * ax + b2y * ay + b2z * az;
  const amin = Math.min(Math.min(da0, da1), da2), amax = Math.max(Math.max(da0, da1), da2);
  const bmin = Math.min(Math.min(db0, db1), db2), bmax = Math.max(Math.max(db0, db1), db2);
  const tol = 1e-9 * len;
  return amax < bmin - tol || bmax < amin - tol;
}

/**
 * The separating-axis test of two triangles that share no vertex: the two face normals, the nine
 * cross products of their edges, then each edge of either crossed with A's normal (coplanar pairs).
 * Intersecting (touching included, within the tolerance of separated) when no axis separates them.
 */
function satIntersect(ix: usize, a: i32, b: i32): bool {
  const va = 3 * i32At(ix, 3 * a), vb = 3 * i32At(ix, 3 * a + 1), vc = 3 * i32At(ix, 3 * a + 2);
  const a0x = pos(va), a0y = pos(va + 1), a0z = pos(va + 2), a1x = pos(vb), a1y = pos(vb + 1), a1z = pos(vb + 2), a2x = pos(vc), a2y = pos(vc + 1), a2z = pos(vc + 2);
  const wa = 3 * i32At(ix, 3 * b), wb = 3 * i32At(ix, 3 * b + 1), wc = 3 * i32At(ix, 3 * b + 2);
  const b0x = pos(wa), b0y = pos(wa + 1), b0z = pos(wa + 2), b1x = pos(wb), b1y = pos(wb + 1), b1z = pos(wb + 2), b2x = pos(wc), b2y = pos(wc + 1), b2z = pos(wc + 2);
  // Edges: A's from vertex 0 to 1, 1 to 2, 2 to 0; B's likewise.
  const e0x = a1x - a0x, e0y = a1y - a0y, e0z = a1z - a0z, e1x = a2x - a1x, e1y = a2y - a1y, e1z = a2z - a1z, e2x = a0x - a2x, e2y = a0y - a2y, e2z = a0z - a2z;
  const f0x = b1x - b0x, f0y = b1y - b0y, f0z = b1z - b0z, f1x = b2x - b1x, f1y = b2y - b1y, f1z = b2z - b1z, f2x = b0x - b2x, f2y = b0y - b2y, f2z = b0z - b2z;
  // Normals as (v1 - v0) × (v2 - v0).
  const ux = a1x - a0x, uy = a1y - a0y, uz = a1z - a0z, vx = a2x - a0x, vy = a2y - a0y, vz = a2z - a0z;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const px = b1x - b0x, py = b1y - b0y, pz = b1z - b0z, qx = b2x - b0x, qy = b2y - b0y, qz = b2z - b0z;
  const mx = py * qz - pz * qy, my = pz * qx - px * qz, mz = px * qy - py * qx;
  if (separated(nx, ny, nz, a0x, a0y, a0z, a1x, a1y, a1z, a2x, a2y, a2z, b0x, b0y, b0z, b1x, b1y, b1z, b2x, b2y, b2z)) return false;
  if (separated(mx, my, mz, a0x, a0y, a0z, a1x, a1y, a1z, a2x, a2y, a2z, b0x, b0y, b0z, b1x, b1y, b1z, b2x, b2y, b2z)) return false;
  for (let i = 0; i < 3; i++) {
    const ex = i == 0 ? e0x : i == 1 ? e1x : e2x, ey = i == 0 ? e0y : i == 1 ? e1y : e2y, ez = i == 0 ? e0z : i == 1 ? e1z : e2z;
    for (let j = 0; j < 3; j++) {
      const fx = j == 0 ? f0x : j == 1 ? f1x : f2x, fy = j == 0 ? f0y : j == 1 ? f1y : f2y, fz = j == 0 ? f0z : j == 1 ? f1z : f2z;
      if (separated(ey * fz - ez * fy, ez * fx - ex * fz, ex * fy - ey * fx, a0x, a0y, a0z, a1x, a1y, a1z, a2x, a2y, a2z, b0x, b0y, b0z, b1x, b1y, b1z, b2x, b2y, b2z)) return false;
    }
  }
  // Coplanar pairs: each edge of A, then of B, crossed with A's normal.
  for (let i = 0; i < 6; i++) {
    const ex = i == 0 ? e0x : i == 1 ? e1x : i == 2 ? e2x : i == 3 ? f0x : i == 4 ? f1x : f2x;
    const ey = i == 0 ? e0y : i == 1 ? e1y : i == 2 ? e2y : i == 3 ? f0y : i == 4 ? f1y : f2y;
    const ez = i == 0 ? e0z : i == 1 ? e1z : i == 2 ? e2z : i == 3 ? f0z : i == 4 ? f1z : f2z;
    if (separated(ny * ez - nz * ey, nz * ex - nx * ez, nx * ey - ny * ex, a0x, a0y, a0z, a1x, a1y, a1z, a2x, a2y, a2z, b0x, b0y, b0z, b1x, b1y, b1z, b2x, b2y, b2z)) return false;
  }
  return true;
}

function vol(ax: f64, ay: f64, az: f64, bx: f64, by: f64, bz: f64, cx: f64, cy: f64, cz: f64, dx: f64, dy: f64, dz: f64): f64 {
  const ux = bx - ax, uy = by - ay, uz = bz - az, vx = cx - ax, vy = cy - ay, vz = cz - az, wx = dx - ax, wy = dy - ay, wz = dz - az;
  return ux * (vy * wz - vz * wy) - uy * (vx * wz - vz * wx) + uz * (vx * wy - vy * wx);
}

function segmentPierces(px: f64, py: f64, pz: f64, qx: f64, qy: f64, qz: f64, T: usize): bool {
  const t0 = f64At(T, 0), t1 = f64At(T, 1), t2 = f64At(T, 2), t3 = f64At(T, 3), t4 = f64At(T, 4), t5 = f64At(T, 5), t6 = f64At(T, 6), t7 = f64At(T, 7), t8 = f64At(T, 8);
  const s1 = vol(t0, t1, t2, t3, t4, t5, t6, t7, t8, px, py, pz);
  const s2 = vol(t0, t1, t2, t3, t4, t5, t6, t7, t8, qx, qy, qz);
  if (s1 == 0 || s2 == 0 || (s1 > 0) == (s2 > 0)) return false;
  const e1 = vol(px, py, pz, qx, qy, qz, t0, t1, t2, t3, t4, t5);
  const e2 = vol(px, py, pz, qx, qy, qz, t3, t4, t5, t6, t7, t8);
  const e3 = vol(px, py, pz, qx, qy, qz, t6, t7, t8, t0, t1, t2);
  return (e1 > 0 && e2 > 0 && e3 > 0) || (e1 < 0 && e2 < 0 && e3 < 0);
}

function trianglesIntersect(ix: usize, a: i32, b: i32): bool {
  let shared = 0, sa = -1, sb = -1;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i32At(ix, 3 * a + i) == i32At(ix, 3 * b + j)) { shared++; sa = i; sb = j; }
  if (shared >= 2) return false; // neighbours across an edge
  if (shared == 0) return satIntersect(ix, a, b);
  loadTriangle(ix, a, A);
  loadTriangle(ix, b, B);
  // One shared vertex: the edge opposite it in either triangle must not pierce the other.
  const a1 = (sa + 1) % 3, a2 = (sa + 2) % 3, b1 = (sb + 1) % 3, b2 = (sb + 2) % 3;
  return (
    segmentPierces(f64At(A, 3 * a1), f64At(A, 3 * a1 + 1), f64At(A, 3 * a1 + 2), f64At(A, 3 * a2), f64At(A, 3 * a2 + 1), f64At(A, 3 * a2 + 2), B) ||
    segmentPierces(f64At(B, 3 * b1), f64At(B, 3 * b1 + 1), f64At(B, 3 * b1 + 2), f64At(B, 3 * b2), f64At(B, 3 * b2 + 1), f64At(B, 3 * b2 + 2), A)
  );
}
