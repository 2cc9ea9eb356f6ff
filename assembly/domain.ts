// The footprint lattice's distances to the outline (buildDomain's step 2), in AssemblyScript,
// compiled to WebAssembly at build time.
//
// Why: a build runs this once, cold: ~40 ms of interpreted JavaScript at 1 mm (nearest-edge queries
// for ~30k lattice nodes), a few ms compiled. The JavaScript (latticeNodesReference in
// src/geometry/domain/latticeNodes.ts, with src/geometry/outline/segmentGrid.ts) stays as the
// reference: the tests require identical distances.
//
// Each function is a line-for-line port of the JavaScript function of the same name, with the same
// arithmetic in the same order, so the two agree bit for bit.
//
// Memory: begin(nb, nx, ny) resets the bump allocator and allocates the inputs; the caller fills
// outline() (f64 xy), ringDepth() (f64 per outline vertex) and radius() (f64 per lattice column),
// calls latticeNodes(...), and reads nodeDist() (f64 per node, -1 outside or too close).

import { f64At, i32At, setF64, setI32, setU16, u16At, zeroed } from './memory';
import { bucketSegments } from './segmentGrid';

let XY: usize = 0; // outline, f64 xy
let N: i32 = 0;
let RING: usize = 0; // f64 per outline vertex
let RADIUS: usize = 0; // f64 per lattice column
let NODE_DIST: usize = 0; // f64 per lattice node
let NX: i32 = 0;
let NY: i32 = 0;

// The segment grid (buildSegmentGrid).
let GX0: f64 = 0, GY0: f64 = 0, CELL: f64 = 0;
let GW: i32 = 0, GH: i32 = 0;
let START: usize = 0, ITEMS: usize = 0, CELL_DISTANCE: usize = 0;
// Candidate lists (nearestEdge).
let FIRST: usize = 0, COUNT: usize = 0, POOL: usize = 0, REACH: usize = 0, STAMP: usize = 0;
let USED: i32 = 0, CAPACITY: i32 = 0;
// listCandidates' edges met in its search and their squared distances (each edge at most once a cell).
let SEEN_EDGE: usize = 0, SEEN_D2: usize = 0;
// nearestEdge's results.
let NEAR_EDGE: i32 = -1;
let NEAR_DISTANCE: f64 = 0;


export function begin(nb: i32, nx: i32, ny: i32): void {
  heap.reset();
  N = nb; NX = nx; NY = ny;
  XY = heap.alloc(<usize>nb * 16);
  RING = heap.alloc(<usize>nb * 8);
  RADIUS = heap.alloc(<usize>nx * 8);
  NODE_DIST = heap.alloc(<usize>nx * ny * 8);
}
export function outline(): usize { return XY; }
export function ringDepth(): usize { return RING; }
export function radius(): usize { return RADIUS; }
export function nodeDist(): usize { return NODE_DIST; }

/**
 * Lattice nodes (ox + ix·h, oy + iy·h) inside the outline whose distance to it exceeds the wall depth
 * of the nearest edge plus the clearance: nodeDist gets the distance (Infinity beyond the column's
 * radius), -1 elsewhere. @returns how many nodes are kept.
 */
export function latticeNodes(ox: f64, oy: f64, h: f64, cellSize: f64, clearance: f64): i32 {
  const nb = N, nx = NX, ny = NY;
  for (let k = 0; k < nx * ny; k++) setF64(NODE_DIST, k, -1);
  buildSegmentGrid(cellSize);
  const crossings = heap.alloc(<usize>(nb + 2) * 8);
  // The edges each column might cross, listed once (edge i runs from vertex i - 1 to i): a column
  // then tests its few edges, not all of them. The margin of a column each side covers rounding;
  // the crossing test itself is the exact one.
  const colStart = zeroed(<usize>(nx + 1) << 2);
  for (let i = 0, j = nb - 1; i < nb; j = i++) {
    const c0 = edgeColumn(f64At(XY, 2 * j), f64At(XY, 2 * i), ox, h, nx, -1), c1 = edgeColumn(f64At(XY, 2 * j), f64At(XY, 2 * i), ox, h, nx, 1);
    for (let c = c0; c <= c1; c++) setI32(colStart, c + 1, i32At(colStart, c + 1) + 1);
  }
  for (let c = 0; c < nx; c++) setI32(colStart, c + 1, i32At(colStart, c + 1) + i32At(colStart, c));
  const colEdges = heap.alloc(<usize>(i32At(colStart, nx) > 0 ? i32At(colStart, nx) : 1) << 2);
  const colCursor = heap.alloc(<usize>(nx > 0 ? nx : 1) << 2);
  memory.copy(colCursor, colStart, <usize>nx << 2);
  for (let i = 0, j = nb - 1; i < nb; j = i++) {
    const c0 = edgeColumn(f64At(XY, 2 * j), f64At(XY, 2 * i), ox, h, nx, -1), c1 = edgeColumn(f64At(XY, 2 * j), f64At(XY, 2 * i), ox, h, nx, 1);
    for (let c = c0; c <= c1; c++) {
      const slot = i32At(colCursor, c);
      setI32(colEdges, slot, i);
      setI32(colCursor, c, slot + 1);
    }
  }
  let count = 0;
  for (let ix = 0; ix < nx; ix++) {
    const x = ox + ix * h;
    let nc = 0;
    for (let a = i32At(colStart, ix), end = i32At(colStart, ix + 1); a < end; a++) {
      const i = i32At(colEdges, a), j = i == 0 ? nb - 1 : i - 1;
      const xa = f64At(XY, 2 * j), xb = f64At(XY, 2 * i);
      if ((xa <= x && xb > x) || (xb <= x && xa > x)) {
        const ya = f64At(XY, 2 * j + 1), yb = f64At(XY, 2 * i + 1);
        setF64(crossings, nc++, ya + ((x - xa) / (xb - xa)) * (yb - ya));
      }
    }
    if (nc < 2) continue;
    sortAscending(crossings, nc);
    const r = f64At(RADIUS, ix);
    for (let k = 0; k + 1 < nc; k += 2) {
      const jy0 = Math.ceil((f64At(crossings, k) - oy) / h), jy1 = Math.floor((f64At(crossings, k + 1) - oy) / h);
      const from = <i32>Math.max(0, jy0), to = <i32>Math.min(<f64>(ny - 1), jy1);
      for (let iy = from; iy <= to; iy++) {
        const y = oy + iy * h;
        nearestEdge(x, y, r);
        if (NEAR_EDGE >= 0) {
          const e2 = NEAR_EDGE + 1 == nb ? 0 : NEAR_EDGE + 1;
          const need = Math.max(f64At(RING, NEAR_EDGE), f64At(RING, e2)) + clearance;
          if (NEAR_DISTANCE <= need) continue;
        }
        setF64(NODE_DIST, iy * nx + ix, NEAR_DISTANCE);
        count++;
      }
    }
  }
  return count;
}

/**
 * The first (side -1) or last (side 1) lattice column an edge from x = xa to x = xb can cross, one
 * column wider each side than its span, clamped to the lattice; an empty range (first > last) when
 * the edge lies beyond it.
 */
function edgeColumn(xa: f64, xb: f64, ox: f64, h: f64, nx: i32, side: i32): i32 {
  if (side < 0) {
    const c = Math.floor(((xa < xb ? xa : xb) - ox) / h) - 1;
    return c < 0 ? 0 : c > <f64>nx ? nx : <i32>c;
  }
  const c = Math.ceil(((xa > xb ? xa : xb) - ox) / h) + 1;
  return c > <f64>(nx - 1) ? nx - 1 : c < -1 ? -1 : <i32>c;
}

/** Insertion sort (a column crosses the outline a handful of times). */
function sortAscending(a: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = f64At(a, i);
    let j = i;
    while (j > 0 && f64At(a, j - 1) > v) { setF64(a, j, f64At(a, j - 1)); j--; }
    setF64(a, j, v);
  }
}

// ---- src/geometry/outline/segmentGrid.ts ----

function buildSegmentGrid(cellSize: f64): void {
  const n = N;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, f64At(XY, 2 * i)); x1 = Math.max(x1, f64At(XY, 2 * i));
    y0 = Math.min(y0, f64At(XY, 2 * i + 1)); y1 = Math.max(y1, f64At(XY, 2 * i + 1));
  }
  const cell = Math.max(Math.max(cellSize, (x1 - x0) / 2048), (y1 - y0) / 2048); // at most ~4M cells
  x0 -= cell; y0 -= cell;
  const gw = <i32>Math.ceil((x1 - x0) / cell) + 2, gh = <i32>Math.ceil((y1 - y0) / cell) + 2;
  GX0 = x0; GY0 = y0; CELL = cell; GW = gw; GH = gh;
  START = zeroed(<usize>(gw * gh + 1) << 2);
  bucketSegments(XY, n, x0, y0, cell, gw, START, 0);
  for (let c = 0; c < gw * gh; c++) setI32(START, c + 1, i32At(START, c + 1) + i32At(START, c));
  ITEMS = heap.alloc(<usize>i32At(START, gw * gh) << 2);
  const cursor = heap.alloc(<usize>(gw * gh) << 2);
  memory.copy(cursor, START, <usize>(gw * gh) << 2);
  bucketSegments(XY, n, x0, y0, cell, gw, cursor, ITEMS);
  chessboardDistance();
  FIRST = heap.alloc(<usize>(gw * gh) << 2);
  memory.fill(FIRST, 0xff, <usize>(gw * gh) << 2); // -1: not listed yet
  COUNT = zeroed(<usize>(gw * gh) << 2);
  CAPACITY = 1024;
  POOL = heap.alloc(<usize>CAPACITY << 2);
  REACH = heap.alloc(<usize>CAPACITY << 3);
  USED = 0;
  STAMP = zeroed(<usize>n << 2);
  SEEN_EDGE = heap.alloc(<usize>(n > 0 ? n : 1) << 2);
  SEEN_D2 = heap.alloc(<usize>(n > 0 ? n : 1) << 3);
}

function chessboardDistance(): void {
  const gw = GW, gh = GH;
  const d = heap.alloc(<usize>(gw * gh) << 1);
  CELL_DISTANCE = d;
  for (let c = 0; c < gw * gh; c++) setU16(d, c, i32At(START, c + 1) > i32At(START, c) ? 0 : 65535);
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const c = y * gw + x;
      let v = u16At(d, c);
      if (x > 0) v = min(v, u16At(d, c - 1) + 1);
      if (y > 0) {
        v = min(v, u16At(d, c - gw) + 1);
        if (x > 0) v = min(v, u16At(d, c - gw - 1) + 1);
        if (x + 1 < gw) v = min(v, u16At(d, c - gw + 1) + 1);
      }
      setU16(d, c, v);
    }
  }
  for (let y = gh - 1; y >= 0; y--) {
    for (let x = gw - 1; x >= 0; x--) {
      const c = y * gw + x;
      let v = u16At(d, c);
      if (x + 1 < gw) v = min(v, u16At(d, c + 1) + 1);
      if (y + 1 < gh) {
        v = min(v, u16At(d, c + gw) + 1);
        if (x + 1 < gw) v = min(v, u16At(d, c + gw + 1) + 1);
        if (x > 0) v = min(v, u16At(d, c + gw - 1) + 1);
      }
      setU16(d, c, v);
    }
  }
}

function edgeDistance2(i: i32, px: f64, py: f64): f64 {
  const k = i + 1 == N ? 0 : i + 1;
  const ax = f64At(XY, 2 * i), ay = f64At(XY, 2 * i + 1);
  const ex = f64At(XY, 2 * k) - ax, ey = f64At(XY, 2 * k + 1) - ay;
  const len2 = ex * ex + ey * ey;
  let t = len2 > 0 ? ((px - ax) * ex + (py - ay) * ey) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = ax + t * ex - px, dy = ay + t * ey - py;
  return dx * dx + dy * dy;
}

function nearestEdge(px: f64, py: f64, radius: f64): void {
  const qxf = Math.floor((px - GX0) / CELL), qyf = Math.floor((py - GY0) / CELL);
  if (!(qxf >= 0 && qyf >= 0 && qxf < <f64>GW && qyf < <f64>GH)) {
    searchNearest(px, py, radius);
    return;
  }
  const qx = <i32>qxf, qy = <i32>qyf;
  const c = qy * GW + qx;
  if (<f64>(u16At(CELL_DISTANCE, c) - 1) * CELL > radius) {
    NEAR_EDGE = -1;
    NEAR_DISTANCE = Infinity;
    return;
  }
  if (i32At(FIRST, c) < 0) listCandidates(c, qx, qy);
  let best = radius * radius, bestEdge = -1;
  for (let a = i32At(FIRST, c), end = a + i32At(COUNT, c); a < end; a++) {
    const reach = f64At(REACH, a);
    if (reach > 0 && reach * reach > best) break;
    const i = i32At(POOL, a);
    const d2 = edgeDistance2(i, px, py);
    if (d2 < best || (d2 == best && i < bestEdge)) { best = d2; bestEdge = i; }
  }
  NEAR_EDGE = bestEdge;
  NEAR_DISTANCE = bestEdge < 0 ? Infinity : Math.sqrt(best);
}

/**
 * Cell c's candidate list: the edges within r = d + 2·half of its centre, d the centre's distance to
 * the outline and half the cell's half-diagonal (no point of the cell is nearer than d − half to its
 * nearest edge, nor is any edge beyond r nearer than that), sorted by the least distance from the cell
 * (`reach`). One search in chessboard rings outward from the cell: each edge's distance to the centre
 * computed once (STAMP), the rings stopped where even their nearest point lies beyond r. (Among edges
 * of equal reach the order differs from a row-by-row scan; nearestEdge's result does not depend on it.)
 */
function listCandidates(c: i32, qx: i32, qy: i32): void {
  const x0 = GX0, y0 = GY0, cell = CELL, gw = GW, gh = GH;
  const cx = x0 + (qx + 0.5) * cell, cy = y0 + (qy + 0.5) * cell;
  const half = cell * Math.SQRT1_2;
  const tag = c + 1;
  let best = Infinity, seen = 0;
  // Rings nearer than the cell's chessboard distance to an occupied cell are empty: start there.
  for (let k = u16At(CELL_DISTANCE, c); ; k++) {
    if (k > 0) {
      // Ring k's cells lie at least (k − 0.5) cells from the centre on one axis (less a hair for rounding).
      const inner = (k - 0.5) * cell * (1 - 1e-9) - 1e-9;
      const r = Math.sqrt(best) + 2 * half;
      if (inner > 0 && inner * inner > r * r * (1 + 1e-9) + 1e-12) break;
      if (qx - k < 0 && qy - k < 0 && qx + k >= gw && qy + k >= gh) break; // beyond the grid on every side
    }
    const ya = qy - k, yb = qy + k, xa = qx - k, xb = qx + k;
    for (let y = ya; y <= yb; y++) {
      if (y < 0 || y >= gh) continue;
      const edge = y == ya || y == yb; // a whole row of the ring, else its two ends
      for (let x = xa; x <= xb; x += edge || k == 0 ? 1 : xb - xa) {
        if (x < 0 || x >= gw) continue;
        const cellIndex = y * gw + x;
        for (let a = i32At(START, cellIndex), end = i32At(START, cellIndex + 1); a < end; a++) {
          const i = i32At(ITEMS, a);
          if (i32At(STAMP, i) == tag) continue;
          setI32(STAMP, i, tag);
          const d2 = edgeDistance2(i, cx, cy);
          setI32(SEEN_EDGE, seen, i);
          setF64(SEEN_D2, seen, d2);
          seen++;
          if (d2 < best) best = d2;
        }
      }
    }
  }
  const r = Math.sqrt(best) + 2 * half;
  const r2 = r * r * (1 + 1e-9) + 1e-12;
  const first = USED;
  setI32(FIRST, c, first);
  for (let s = 0; s < seen; s++) {
    const d2 = f64At(SEEN_D2, s);
    if (d2 > r2) continue;
    if (USED == CAPACITY) grow();
    const key = Math.sqrt(d2) - half - 1e-9;
    let slot = USED++;
    while (slot > first && f64At(REACH, slot - 1) > key) {
      setF64(REACH, slot, f64At(REACH, slot - 1));
      setI32(POOL, slot, i32At(POOL, slot - 1));
      slot--;
    }
    setF64(REACH, slot, key);
    setI32(POOL, slot, i32At(SEEN_EDGE, s));
  }
  setI32(COUNT, c, USED - first);
}

/** Doubles the candidate pool (the old blocks stay in the bump allocator until the next begin). */
function grow(): void {
  const capacity = 2 * CAPACITY;
  const pool = heap.alloc(<usize>capacity << 2), reach = heap.alloc(<usize>capacity << 3);
  memory.copy(pool, POOL, <usize>CAPACITY << 2);
  memory.copy(reach, REACH, <usize>CAPACITY << 3);
  POOL = pool; REACH = reach; CAPACITY = capacity;
}

function searchNearest(px: f64, py: f64, radius: f64): void {
  const x0 = GX0, y0 = GY0, cell = CELL, gw = GW, gh = GH;
  const cx0 = <i32>Math.max(0, Math.floor((px - radius - x0) / cell)), cx1 = <i32>Math.min(<f64>(gw - 1), Math.floor((px + radius - x0) / cell));
  const cy0 = <i32>Math.max(0, Math.floor((py - radius - y0) / cell)), cy1 = <i32>Math.min(<f64>(gh - 1), Math.floor((py + radius - y0) / cell));
  let best = radius * radius, bestEdge = -1;
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * gw + cx;
      for (let a = i32At(START, c), end = i32At(START, c + 1); a < end; a++) {
        const i = i32At(ITEMS, a);
        const d2 = edgeDistance2(i, px, py);
        if (d2 < best || (d2 == best && i < bestEdge)) { best = d2; bestEdge = i; }
      }
    }
  }
  NEAR_EDGE = bestEdge;
  NEAR_DISTANCE = bestEdge < 0 ? Infinity : Math.sqrt(best);
}
