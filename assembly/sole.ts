// The sole's grid passes, in AssemblyScript, compiled to WebAssembly at build time: a scan mesh seen
// from below (envelope), the footprint's image operations (components, holes, distances, spikes,
// smoothing, carrying heights outward, the slope limit, its boundary, a polygon's cells), resampling
// a sole into another frame, the floor's search over the mesh's faces, and the intake's measures of a
// footprint (its moments, the heel-or-toes cues, the cut-off heel, the arch's side).
//
// Why: an `orthotic build` from a 3D scan runs each of these once or three times, cold, over grids of
// 30–100k cells. V8 interprets a JavaScript loop until its optimising compiler catches up: the intake
// took ~200 ms cold against ~30 ms warm. WebAssembly is compiled before it runs (Liftoff).
//
// Each function is the one implementation of what it computes (src/geometry/sole/ calls them); the
// arithmetic is the JavaScript's that came before, in the same order, so results did not change a bit.
// Numbers JavaScript and WebAssembly could compute differently (Math.exp, cos, sin) come from the
// caller: the Gaussian's weights, the spike ring's offsets.
//
// Grids: cell (i, j) at index i + nx·j. Masks are u8 (0 / 1), heights and distances f64, labels i32.
// Memory: the caller calls reset(), then alloc() for each input and output and copies its inputs in;
// each call's scratch comes from the same bump allocator (reset() frees everything).

import { f64At, i32At, setF64, setI32, setU8, u8At, zeroed } from './memory';

export function reset(): void { heap.reset(); }
export function alloc(bytes: usize): usize { return heap.alloc(bytes); }

/** Results of the calls that return several numbers (read right after the call). */
const OUT = memory.data(16 * 8);
export function results(): usize { return OUT; }

// ---- raster ----

/**
 * The lower (`below`) or upper envelope of the mesh (q: f64 xyz in the grid's frame, nf triangles
 * at ix) at each cell centre, into out (f64 per cell): NaN where no triangle covers the centre, or
 * where the triangle seen there shows its inner side (a hole in front of it).
 */
export function envelope(q: usize, ix: usize, nf: i32, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, below: bool, out: usize): void {
  const cells = nx * ny;
  for (let k = 0; k < cells; k++) setF64(out, k, NaN);
  const facing = zeroed(<usize>cells);
  const eps = 1e-9;
  for (let f = 0; f < nf; f++) {
    const a = 3 * i32At(ix, 3 * f), b = 3 * i32At(ix, 3 * f + 1), c = 3 * i32At(ix, 3 * f + 2);
    const ax = f64At(q, a), ay = f64At(q, a + 1), az = f64At(q, a + 2);
    const bx = f64At(q, b), by = f64At(q, b + 1), bz = f64At(q, b + 2);
    const cx = f64At(q, c), cy = f64At(q, c + 1), cz = f64At(q, c + 2);
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(det) < 1e-12) continue; // seen edge-on: covers nothing
    const i0 = <i32>Math.max(0, Math.ceil((Math.min(Math.min(ax, bx), cx) - x0) / step)), i1 = <i32>Math.min(<f64>(nx - 1), Math.floor((Math.max(Math.max(ax, bx), cx) - x0) / step));
    const j0 = <i32>Math.max(0, Math.ceil((Math.min(Math.min(ay, by), cy) - y0) / step)), j1 = <i32>Math.min(<f64>(ny - 1), Math.floor((Math.max(Math.max(ay, by), cy) - y0) / step));
    const inv = 1 / det;
    const face: i8 = det > 0 ? 1 : -1;
    for (let j = j0; j <= j1; j++) {
      const py = y0 + <f64>j * step;
      for (let i = i0; i <= i1; i++) {
        const px = x0 + <f64>i * step;
        // Barycentric coordinates of the cell centre; a small tolerance closes cracks between triangles.
        const u = ((px - ax) * (cy - ay) - (cx - ax) * (py - ay)) * inv;
        const v = ((bx - ax) * (py - ay) - (px - ax) * (by - ay)) * inv;
        if (u < -eps || v < -eps || u + v > 1 + eps) continue;
        const z = az + u * (bz - az) + v * (cz - az);
        const k = i + nx * j;
        const o = f64At(out, k);
        if (o != o || (below ? z < o : z > o)) { setF64(out, k, z); store<i8>(facing + <usize>k, face); }
      }
    }
  }
  let up = 0, down = 0;
  for (let k = 0; k < cells; k++) { const s = load<i8>(facing + <usize>k); if (s > 0) up++; else if (s < 0) down++; }
  const inner: i8 = up >= down ? -1 : 1;
  for (let k = 0; k < cells; k++) if (load<i8>(facing + <usize>k) == inner) setF64(out, k, NaN);
}

/** mask (u8 per cell) = 1 where heights (f64) is a number. @returns the cells set. */
export function covered(heights: usize, cells: i32, mask: usize): i32 {
  let n = 0;
  for (let k = 0; k < cells; k++) { const v = f64At(heights, k); const m = v == v ? 1 : 0; setU8(mask, k, m); n += m; }
  return n;
}

// ---- footprint ----

/**
 * 4-connected components of the set cells of mask: labels (i32 per cell, -1 outside; in the order
 * a row-by-row scan meets them) and each component's size (i32 per label) into sizes.
 * @returns how many components.
 */
export function components(mask: usize, nx: i32, ny: i32, labels: usize, sizes: usize): i32 {
  const cells = nx * ny;
  for (let k = 0; k < cells; k++) setI32(labels, k, -1);
  const queue = heap.alloc(<usize>cells << 2);
  let count = 0;
  for (let s = 0; s < cells; s++) {
    if (!u8At(mask, s) || i32At(labels, s) >= 0) continue;
    const label = count;
    let head = 0, tail = 0;
    setI32(queue, tail++, s);
    setI32(labels, s, label);
    while (head < tail) {
      const k = i32At(queue, head++);
      const i = k % nx, j = k / nx;
      if (i > 0 && u8At(mask, k - 1) && i32At(labels, k - 1) < 0) { setI32(labels, k - 1, label); setI32(queue, tail++, k - 1); }
      if (i < nx - 1 && u8At(mask, k + 1) && i32At(labels, k + 1) < 0) { setI32(labels, k + 1, label); setI32(queue, tail++, k + 1); }
      if (j > 0 && u8At(mask, k - nx) && i32At(labels, k - nx) < 0) { setI32(labels, k - nx, label); setI32(queue, tail++, k - nx); }
      if (j < ny - 1 && u8At(mask, k + nx) && i32At(labels, k + nx) < 0) { setI32(labels, k + nx, label); setI32(queue, tail++, k + nx); }
    }
    setI32(sizes, count++, tail);
  }
  return count;
}

/** out (u8 per cell) = 1 where labels (i32 per cell) is label. */
export function keepLabel(labels: usize, cells: i32, label: i32, out: usize): void {
  for (let k = 0; k < cells; k++) setU8(out, k, i32At(labels, k) == label ? 1 : 0);
}

/**
 * Fills the holes of a footprint (empty regions that do not reach the grid's edge): sets them in mask
 * and gives them heights (h) by relaxing toward their neighbours (a membrane over the hole): seeded
 * with the mean of known neighbours, grown inward, then 200 Gauss-Seidel sweeps. Writes the holes'
 * sizes (i32, in label order) to sizes. @returns how many holes.
 */
export function fillHoles(h: usize, mask: usize, nx: i32, ny: i32, sizes: usize): i32 {
  const cells = nx * ny;
  const empty = heap.alloc(<usize>cells);
  for (let k = 0; k < cells; k++) setU8(empty, k, u8At(mask, k) ? 0 : 1);
  const labels = heap.alloc(<usize>cells << 2), all = heap.alloc(<usize>cells << 2);
  const n = components(empty, nx, ny, labels, all);
  const touches = zeroed(<usize>n);
  for (let i = 0; i < nx; i++) { mark(touches, i32At(labels, i)); mark(touches, i32At(labels, i + nx * (ny - 1))); }
  for (let j = 0; j < ny; j++) { mark(touches, i32At(labels, nx * j)); mark(touches, i32At(labels, nx - 1 + nx * j)); }
  let holes = 0;
  for (let l = 0; l < n; l++) if (!u8At(touches, l)) setI32(sizes, holes++, i32At(all, l));
  if (!holes) return 0;
  let nc = 0;
  for (let k = 0; k < cells; k++) { const l = i32At(labels, k); if (l >= 0 && !u8At(touches, l)) nc++; }
  const list = heap.alloc(<usize>nc << 2);
  let pending = heap.alloc(<usize>nc << 2), next = heap.alloc(<usize>nc << 2);
  nc = 0;
  for (let k = 0; k < cells; k++) {
    const l = i32At(labels, k);
    if (l >= 0 && !u8At(touches, l)) { setI32(list, nc++, k); setU8(mask, k, 1); setF64(h, k, NaN); }
  }
  memory.copy(pending, list, <usize>nc << 2);
  let np = nc;
  while (np) {
    let nn = 0;
    for (let p = 0; p < np; p++) {
      const k = i32At(pending, p);
      let s = 0.0, c = 0;
      let v = f64At(h, k - 1); if (v == v) { s += v; c++; }
      v = f64At(h, k + 1); if (v == v) { s += v; c++; }
      v = f64At(h, k - nx); if (v == v) { s += v; c++; }
      v = f64At(h, k + nx); if (v == v) { s += v; c++; }
      if (c) setF64(h, k, s / <f64>c); else setI32(next, nn++, k);
    }
    if (nn == np) break;
    const t = pending; pending = next; next = t;
    np = nn;
  }
  for (let it = 0; it < 200; it++) {
    for (let p = 0; p < nc; p++) {
      const k = i32At(list, p);
      setF64(h, k, 0.25 * (f64At(h, k - 1) + f64At(h, k + 1) + f64At(h, k - nx) + f64At(h, k + nx)));
    }
  }
  return holes;
}

@inline function mark(touches: usize, l: i32): void { if (l >= 0) setU8(touches, l, 1); }

/** Distance (mm) from each set cell of mask to the nearest unset cell (chamfer 3-4) into d (f64 per cell); 0 outside. */
export function insideDistance(mask: usize, nx: i32, ny: i32, step: f64, d: usize): void {
  const a = step, b = step * Math.SQRT2;
  const cells = nx * ny;
  for (let k = 0; k < cells; k++) setF64(d, k, u8At(mask, k) ? Infinity : 0);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = i + nx * j;
    let v = f64At(d, k);
    if (v == 0) continue;
    if (i > 0) v = Math.min(v, f64At(d, k - 1) + a); else v = Math.min(v, a);
    if (j > 0) v = Math.min(v, f64At(d, k - nx) + a); else v = Math.min(v, a);
    if (i > 0 && j > 0) v = Math.min(v, f64At(d, k - nx - 1) + b);
    if (i < nx - 1 && j > 0) v = Math.min(v, f64At(d, k - nx + 1) + b);
    setF64(d, k, v);
  }
  for (let j = ny - 1; j >= 0; j--) for (let i = nx - 1; i >= 0; i--) {
    const k = i + nx * j;
    let v = f64At(d, k);
    if (v == 0) continue;
    if (i < nx - 1) v = Math.min(v, f64At(d, k + 1) + a); else v = Math.min(v, a);
    if (j < ny - 1) v = Math.min(v, f64At(d, k + nx) + a); else v = Math.min(v, a);
    if (i < nx - 1 && j < ny - 1) v = Math.min(v, f64At(d, k + nx + 1) + b);
    if (i > 0 && j < ny - 1) v = Math.min(v, f64At(d, k + nx - 1) + b);
    setF64(d, k, v);
  }
}

/** out (u8 per cell) = 1 where values (f64) ≥ min. */
export function atLeast(values: usize, cells: i32, min: f64, out: usize): void {
  for (let k = 0; k < cells; k++) setU8(out, k, f64At(values, k) >= min ? 1 : 0);
}

/**
 * h (f64 per cell) smoothed over the set cells of mask only, into out (cells outside mask keep h):
 * the separable kernel w (f64, 2·half + 1 weights), normalised by the weights that fall on the mask.
 */
export function smoothMasked(h: usize, mask: usize, nx: i32, ny: i32, w: usize, half: i32, out: usize): void {
  const cells = nx * ny;
  const num = heap.alloc(<usize>cells << 3), den = heap.alloc(<usize>cells << 3);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let sn = 0.0, sd = 0.0;
    const k1 = min(half, nx - 1 - i);
    for (let k = max(-half, -i); k <= k1; k++) {
      const c = i + k + nx * j;
      if (u8At(mask, c)) { const wk = f64At(w, k + half); sn += wk * f64At(h, c); sd += wk; }
    }
    setF64(num, i + nx * j, sn); setF64(den, i + nx * j, sd);
  }
  memory.copy(out, h, <usize>cells << 3);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = i + nx * j;
    if (!u8At(mask, k)) continue;
    let sn = 0.0, sd = 0.0;
    const m1 = min(half, ny - 1 - j);
    for (let m = max(-half, -j); m <= m1; m++) {
      const c = i + nx * (j + m), wm = f64At(w, m + half);
      sn += wm * f64At(num, c); sd += wm * f64At(den, c);
    }
    setF64(out, k, sn / sd);
  }
}

/** Carries the heights (h) of the set cells of mask outward to every cell: each outside cell takes the mean of its known neighbours, ring by ring. */
export function extendOutward(h: usize, mask: usize, nx: i32, ny: i32): void {
  const cells = nx * ny;
  const known = heap.alloc(<usize>cells);
  memory.copy(known, mask, <usize>cells);
  let front = heap.alloc(<usize>cells << 2), next = heap.alloc(<usize>cells << 2);
  const values = heap.alloc(<usize>cells << 3);
  let nf = 0;
  for (let k = 0; k < cells; k++) {
    if (u8At(known, k)) continue;
    const i = k % nx, j = k / nx;
    if ((i > 0 && u8At(known, k - 1) == 1) || (i < nx - 1 && u8At(known, k + 1) == 1) || (j > 0 && u8At(known, k - nx) == 1) || (j < ny - 1 && u8At(known, k + nx) == 1)) {
      setI32(front, nf++, k); setU8(known, k, 2);
    }
  }
  while (nf) {
    for (let n = 0; n < nf; n++) {
      const k = i32At(front, n), i = k % nx, j = k / nx;
      let s = 0.0, c = 0;
      if (i > 0 && u8At(known, k - 1) == 1) { s += f64At(h, k - 1); c++; }
      if (i < nx - 1 && u8At(known, k + 1) == 1) { s += f64At(h, k + 1); c++; }
      if (j > 0 && u8At(known, k - nx) == 1) { s += f64At(h, k - nx); c++; }
      if (j < ny - 1 && u8At(known, k + nx) == 1) { s += f64At(h, k + nx); c++; }
      setF64(values, n, s / <f64>c);
    }
    for (let n = 0; n < nf; n++) { const k = i32At(front, n); setF64(h, k, f64At(values, n)); setU8(known, k, 1); }
    let nn = 0;
    for (let n = 0; n < nf; n++) {
      const k = i32At(front, n), i = k % nx, j = k / nx;
      if (i > 0 && !u8At(known, k - 1)) { setU8(known, k - 1, 2); setI32(next, nn++, k - 1); }
      if (i < nx - 1 && !u8At(known, k + 1)) { setU8(known, k + 1, 2); setI32(next, nn++, k + 1); }
      if (j > 0 && !u8At(known, k - nx)) { setU8(known, k - nx, 2); setI32(next, nn++, k - nx); }
      if (j < ny - 1 && !u8At(known, k + nx)) { setU8(known, k + nx, 2); setI32(next, nn++, k + nx); }
    }
    const t = front; front = next; next = t;
    nf = nn;
  }
}

/**
 * Lowers h wherever it is steeper than a per cell step and b per diagonal step: two chamfer passes,
 * repeated (up to 8 times) until nothing changes. Only ever lowers.
 */
export function limitSlope(h: usize, nx: i32, ny: i32, a: f64, b: f64): void {
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const k = i + nx * j;
      const hk = f64At(h, k);
      let v = hk;
      if (i > 0) v = Math.min(v, f64At(h, k - 1) + a);
      if (j > 0) {
        v = Math.min(v, f64At(h, k - nx) + a);
        if (i > 0) v = Math.min(v, f64At(h, k - nx - 1) + b);
        if (i < nx - 1) v = Math.min(v, f64At(h, k - nx + 1) + b);
      }
      if (v < hk) { setF64(h, k, v); changed = true; }
    }
    for (let j = ny - 1; j >= 0; j--) for (let i = nx - 1; i >= 0; i--) {
      const k = i + nx * j;
      const hk = f64At(h, k);
      let v = hk;
      if (i < nx - 1) v = Math.min(v, f64At(h, k + 1) + a);
      if (j < ny - 1) {
        v = Math.min(v, f64At(h, k + nx) + a);
        if (i < nx - 1) v = Math.min(v, f64At(h, k + nx + 1) + b);
        if (i > 0) v = Math.min(v, f64At(h, k + nx - 1) + b);
      }
      if (v < hk) { setF64(h, k, v); changed = true; }
    }
    if (!changed) break;
  }
}

/**
 * Replaces spikes in h: cells of inner (u8) further than threshold from the median of h on the ring
 * (16 i32 cell offsets (di, dj) of radius r) take that median, unless their cluster of such cells is
 * over maxCells. @returns how many cells were replaced.
 */
export function despike(h: usize, inner: usize, nx: i32, ny: i32, ring: usize, r: i32, threshold: f64, maxCells: f64): i32 {
  const cells = nx * ny;
  const values = heap.alloc(16 << 3);
  const offsets = heap.alloc(16 << 2);
  for (let q = 0; q < 16; q++) setI32(offsets, q, i32At(ring, 2 * q) + nx * i32At(ring, 2 * q + 1));
  const repl = heap.alloc(<usize>cells << 2), vals = heap.alloc(<usize>cells << 3);
  let nr = 0;
  for (let j = r; j < ny - r; j++) for (let i = r; i < nx - r; i++) {
    const k = i + nx * j;
    if (!u8At(inner, k)) continue;
    // Most cells are near the mean of four ring points: only the others need the ring's median.
    const c = f64At(h, k);
    const m4 = (f64At(h, k + r) + f64At(h, k - r) + f64At(h, k + nx * r) + f64At(h, k - nx * r)) / 4;
    if (m4 == m4 && Math.abs(c - m4) < threshold / 2) continue;
    let n = 0;
    for (let q = 0; q < 16; q++) { const v = f64At(h, k + i32At(offsets, q)); if (v == v) setF64(values, n++, v); }
    if (n < 16) continue; // a ring part off the footprint (near its border) is no reference
    const med = median16(values);
    if (Math.abs(c - med) > threshold) { setI32(repl, nr, k); setF64(vals, nr, med); nr++; }
  }
  // A spike is small: a cluster of flagged cells larger than maxCells is the sole's own shape (the
  // gap between two toes, a steep arch) and is kept.
  const flagged = zeroed(<usize>cells);
  for (let n = 0; n < nr; n++) setU8(flagged, i32At(repl, n), 1);
  const labels = heap.alloc(<usize>cells << 2), sizes = heap.alloc(<usize>cells << 2);
  components(flagged, nx, ny, labels, sizes);
  let count = 0;
  for (let n = 0; n < nr; n++) {
    const k = i32At(repl, n);
    if (<f64>i32At(sizes, i32At(labels, k)) <= maxCells) { setF64(h, k, f64At(vals, n)); count++; }
  }
  return count;
}

/** The median of 16 numbers (sorted in place). */
function median16(a: usize): f64 {
  for (let i = 1; i < 16; i++) {
    const v = f64At(a, i);
    let j = i;
    while (j > 0 && f64At(a, j - 1) > v) { setF64(a, j, f64At(a, j - 1)); j--; }
    setF64(a, j, v);
  }
  return 0.5 * (f64At(a, 7) + f64At(a, 8));
}

/**
 * The outer boundary of a footprint (mask: one component, no holes) as a counter-clockwise polygon
 * through the cells' corners, xy pairs (f64) at out, the staircase's collinear corners dropped.
 * out must hold 2·(number of boundary edges) numbers: 4·cells is always enough.
 * @returns the number of points.
 */
export function traceBoundary(mask: usize, nx: i32, ny: i32, x0: f64, y0: f64, step: f64, out: usize): i32 {
  const cw = nx + 1; // corners (i, j), i in [0, nx], j in [0, ny]; corner (i, j) is at the cell's lower-left
  const corners = cw * (ny + 1);
  const next = heap.alloc(<usize>corners << 2), next2 = heap.alloc(<usize>corners << 2);
  for (let c = 0; c < corners; c++) { setI32(next, c, -1); setI32(next2, c, -1); }
  let start = -1;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!at(mask, nx, ny, i, j)) continue;
    const c00 = i + cw * j, c10 = c00 + 1, c11 = c10 + cw, c01 = c00 + cw;
    if (!at(mask, nx, ny, i, j - 1)) { link(next, next2, c00, c10); if (start < 0) start = c00; }
    if (!at(mask, nx, ny, i + 1, j)) link(next, next2, c10, c11);
    if (!at(mask, nx, ny, i, j + 1)) link(next, next2, c11, c01);
    if (!at(mask, nx, ny, i - 1, j)) link(next, next2, c01, c00);
  }
  if (start < 0) return 0;
  // The walk, its corners' xy into out, then the collinear ones dropped in place.
  let n = 0;
  let prev = -1, cur = start;
  const guard = 4 * (nx + 1) * (ny + 1);
  for (let g = 0; g < guard; g++) {
    let to = i32At(next, cur);
    const alt = i32At(next2, cur);
    if (alt >= 0 && prev >= 0) {
      // A pinch (two cells touching at a corner): turn left, keeping the cells apart.
      const dx0 = (cur % cw) - (prev % cw), dy0 = cur / cw - prev / cw;
      if (leftOf(alt, cur, cw, dx0, dy0) > leftOf(to, cur, cw, dx0, dy0)) to = alt;
    }
    const ci = cur % cw, cj = cur / cw;
    setF64(out, 2 * n, x0 + (<f64>ci - 0.5) * step);
    setF64(out, 2 * n + 1, y0 + (<f64>cj - 0.5) * step);
    n++;
    prev = cur;
    cur = to;
    if (cur == start || cur < 0) break;
  }
  const keep = heap.alloc(<usize>n);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const a = (k + n - 1) % n, c = (k + 1) % n;
    const cross = (f64At(out, 2 * k) - f64At(out, 2 * a)) * (f64At(out, 2 * c + 1) - f64At(out, 2 * k + 1)) - (f64At(out, 2 * k + 1) - f64At(out, 2 * a + 1)) * (f64At(out, 2 * c) - f64At(out, 2 * k));
    const on = Math.abs(cross) > 1e-12;
    setU8(keep, k, on ? 1 : 0);
  }
  for (let k = 0; k < n; k++) if (u8At(keep, k)) { setF64(out, 2 * kept, f64At(out, 2 * k)); setF64(out, 2 * kept + 1, f64At(out, 2 * k + 1)); kept++; }
  return kept;
}

@inline function at(mask: usize, nx: i32, ny: i32, i: i32, j: i32): i32 { return i >= 0 && j >= 0 && i < nx && j < ny ? u8At(mask, i + nx * j) : 0; }
@inline function link(next: usize, next2: usize, from: i32, to: i32): void { if (i32At(next, from) < 0) setI32(next, from, to); else setI32(next2, from, to); }
@inline function leftOf(t: i32, cur: i32, cw: i32, dx0: i32, dy0: i32): i32 { const dx = (t % cw) - (cur % cw), dy = t / cw - cur / cw; return dx0 * dy - dy0 * dx; }

/** The cells whose centres lie inside the polygon xy (n points, f64 pairs; even-odd rule) into mask (u8 per cell). */
export function polygonMask(xy: usize, n: i32, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, mask: usize): void {
  memory.fill(mask, 0, <usize>(nx * ny));
  const xs = heap.alloc(<usize>(n + 1) << 3);
  for (let j = 0; j < ny; j++) {
    const y = y0 + <f64>j * step;
    let m = 0;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const ya = f64At(xy, 2 * a + 1), yb = f64At(xy, 2 * b + 1);
      if ((ya > y) == (yb > y)) continue;
      const x = f64At(xy, 2 * a) + ((y - ya) / (yb - ya)) * (f64At(xy, 2 * b) - f64At(xy, 2 * a));
      let s = m++;
      while (s > 0 && f64At(xs, s - 1) > x) { setF64(xs, s, f64At(xs, s - 1)); s--; }
      setF64(xs, s, x);
    }
    for (let k = 0; k + 1 < m; k += 2) {
      const i0 = <i32>Math.max(0, Math.ceil((f64At(xs, k) - x0) / step)), i1 = <i32>Math.min(<f64>(nx - 1), Math.floor((f64At(xs, k + 1) - x0) / step));
      for (let i = i0; i <= i1; i++) setU8(mask, i + nx * j, 1);
    }
  }
}

// ---- the sole as a height field ----

/** The height of the sole grid h at (x, y): bilinear between the four nearest cells, clamped to the grid's edge. */
@inline function bilinear(h: usize, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, x: f64, y: f64): f64 {
  const fx = Math.min(<f64>nx - 1.000001, Math.max(0, (x - x0) / step));
  const fy = Math.min(<f64>ny - 1.000001, Math.max(0, (y - y0) / step));
  const fi = Math.floor(fx), fj = Math.floor(fy);
  const u = fx - fi, v = fy - fj;
  const k = <i32>fi + nx * <i32>fj;
  return (1 - v) * ((1 - u) * f64At(h, k) + u * f64At(h, k + 1)) + v * ((1 - u) * f64At(h, k + nx) + u * f64At(h, k + nx + 1));
}

/** The sole grid h's heights at n points (xy, f64 pairs) into out (f64 per point). */
export function sampleSole(h: usize, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, xy: usize, n: i32, out: usize): void {
  for (let p = 0; p < n; p++) setF64(out, p, bilinear(h, x0, y0, step, nx, ny, f64At(xy, 2 * p), f64At(xy, 2 * p + 1)));
}

/**
 * The sole grid h in another frame, on the grid (bx0 + i·s, by0 + j·s), i < mx, j < my, into out:
 * the new frame's point p' is R·p + t (a rigid motion, rows (a, b) and (c, d)), so each cell is
 * sampled at R^T (p' − t).
 */
export function resampleSole(h: usize, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, a: f64, b: f64, tx: f64, c: f64, d: f64, ty: f64, bx0: f64, by0: f64, s: f64, mx: i32, my: i32, out: usize): void {
  for (let j = 0; j < my; j++) {
    const yq = by0 + <f64>j * s - ty;
    for (let i = 0; i < mx; i++) {
      const xq = bx0 + <f64>i * s - tx;
      setF64(out, i + mx * j, bilinear(h, x0, y0, step, nx, ny, a * xq + c * yq, b * xq + d * yq));
    }
  }
}

// ---- small per-cell steps ----

/** Where mask (u8) is unset, h (f64) = value. */
export function fillOutside(h: usize, mask: usize, cells: i32, value: f64): void {
  for (let k = 0; k < cells; k++) if (!u8At(mask, k)) setF64(h, k, value);
}

/**
 * Where mask (u8) is set, h (f64) no lower than 0: with `max`, h = max(0, h) (a −0 becomes 0);
 * without, a negative h becomes 0.
 */
export function floorMasked(h: usize, mask: usize, cells: i32, max: bool): void {
  if (max) { for (let k = 0; k < cells; k++) if (u8At(mask, k)) setF64(h, k, Math.max(0, f64At(h, k))); }
  else for (let k = 0; k < cells; k++) if (u8At(mask, k) && f64At(h, k) < 0) setF64(h, k, 0);
}

/** Over the cells where inside (f64) ≥ min: the sum of (a − b)² and how many, into results 0 and 1. */
export function residualSquares(a: usize, b: usize, inside: usize, cells: i32, min: f64): void {
  let ss = 0.0, n = 0;
  for (let k = 0; k < cells; k++) if (f64At(inside, k) >= min) { const r = f64At(a, k) - f64At(b, k); ss += r * r; n++; }
  setF64(OUT, 0, ss); setF64(OUT, 1, <f64>n);
}

// ---- the intake's measures of a footprint ----

/**
 * The set cells of mask: results 0–4 = how many, the lowest and highest column i, the lowest and
 * highest row j; 5–7 = the second moments about their centroid in cells (Σ (i − ī)², Σ (j − j̄)²,
 * Σ (i − ī)(j − j̄)).
 */
export function maskMoments(mask: usize, nx: i32, ny: i32): void {
  let n = 0, sx = 0.0, sy = 0.0, i0 = nx, i1 = -1, j0 = ny, j1 = -1;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!u8At(mask, i + nx * j)) continue;
    sx += <f64>i; sy += <f64>j; n++;
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
  }
  const mx = sx / <f64>n, my = sy / <f64>n;
  let cxx = 0.0, cyy = 0.0, cxy = 0.0;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!u8At(mask, i + nx * j)) continue;
    const di = <f64>i - mx, dj = <f64>j - my;
    cxx += di * di; cyy += dj * dj; cxy += di * dj;
  }
  setF64(OUT, 0, <f64>n); setF64(OUT, 1, <f64>i0); setF64(OUT, 2, <f64>i1); setF64(OUT, 3, <f64>j0); setF64(OUT, 4, <f64>j1);
  setF64(OUT, 5, cxx); setF64(OUT, 6, cyy); setF64(OUT, 7, cxy);
}

/**
 * The heel-or-toes cues of a footprint along the unit axis (ax, ay), t = position along it:
 * results 0, 1 = the cells' lowest and highest t; 2, 3 = Σ of the relative position (t − t0)/(t1 − t0)
 * of the mesh's vertices (q, f64 xyz, nv) above `legAbove` (the leg), and how many; 4, 5 = the same
 * over the cells at least `archInside` mm inside the footprint (inside) and higher than `archRise`
 * (the arch); 6, 7 = the footprint's greatest width across the axis in its 2nd–5th and its 14th–17th
 * twentieths along it.
 */
export function heelCues(q: usize, nv: i32, h: usize, mask: usize, inside: usize, nx: i32, ny: i32, x0: f64, y0: f64, step: f64, ax: f64, ay: f64, legAbove: f64, archInside: f64, archRise: f64): void {
  const cells = nx * ny;
  const ts = heap.alloc(<usize>cells << 3);
  let t0 = Infinity, t1 = -Infinity;
  for (let k = 0; k < cells; k++) {
    if (!u8At(mask, k)) continue;
    const i = k % nx, j = k / nx;
    const t = (x0 + <f64>i * step) * ax + (y0 + <f64>j * step) * ay;
    setF64(ts, k, t);
    t0 = Math.min(t0, t); t1 = Math.max(t1, t);
  }
  const len = t1 - t0;
  let s = 0.0, n = 0;
  for (let v = 0; v < nv; v++) if (f64At(q, 3 * v + 2) > legAbove) { s += (f64At(q, 3 * v) * ax + f64At(q, 3 * v + 1) * ay - t0) / len; n++; }
  let sa = 0.0, na = 0;
  for (let k = 0; k < cells; k++) if (u8At(mask, k) && f64At(inside, k) >= archInside && f64At(h, k) > archRise) { sa += (f64At(ts, k) - t0) / len; na++; }
  const bins = 20;
  const wmin = heap.alloc(bins << 3), wmax = heap.alloc(bins << 3);
  for (let b = 0; b < bins; b++) { setF64(wmin, b, Infinity); setF64(wmax, b, -Infinity); }
  for (let k = 0; k < cells; k++) {
    if (!u8At(mask, k)) continue;
    const i = k % nx, j = k / nx;
    const b = <i32>Math.min(<f64>(bins - 1), Math.floor(((f64At(ts, k) - t0) / len) * <f64>bins));
    const w = -(x0 + <f64>i * step) * ay + (y0 + <f64>j * step) * ax;
    setF64(wmin, b, Math.min(f64At(wmin, b), w)); setF64(wmax, b, Math.max(f64At(wmax, b), w));
  }
  let wa = 0.0, wb = 0.0;
  for (let b = 2; b < 6; b++) wa = Math.max(wa, f64At(wmax, b) - f64At(wmin, b));
  for (let b = 14; b < 18; b++) wb = Math.max(wb, f64At(wmax, b) - f64At(wmin, b));
  setF64(OUT, 0, t0); setF64(OUT, 1, t1); setF64(OUT, 2, s); setF64(OUT, 3, <f64>n);
  setF64(OUT, 4, sa); setF64(OUT, 5, <f64>na); setF64(OUT, 6, wa); setF64(OUT, 7, wb);
}

/**
 * The cells of mask within `insideMax` of its border (inside) with x = x0 + i·step in [xa, xb]:
 * results 0 = how many, 1 = how many of them lower than `low` (h).
 */
export function borderCells(h: usize, mask: usize, inside: usize, nx: i32, ny: i32, x0: f64, step: f64, xa: f64, xb: f64, insideMax: f64, low: f64): void {
  let all = 0, lows = 0;
  for (let k = 0; k < nx * ny; k++) {
    if (!u8At(mask, k) || f64At(inside, k) > insideMax) continue;
    const x = x0 + <f64>(k % nx) * step;
    if (x < xa || x > xb) continue;
    all++;
    if (f64At(h, k) < low) lows++;
  }
  setF64(OUT, 0, <f64>all); setF64(OUT, 1, <f64>lows);
}

/**
 * Which side of the footprint the sole rises on, over the columns x = x0 + i·step in [xa, xb]: per
 * column the footprint's middle, then over its cells at least `insideMin` inside (inside) and at
 * least `hMin` high, results 0 = Σ h · sign(y − middle), 1 = Σ h.
 */
export function riseSide(h: usize, mask: usize, inside: usize, nx: i32, ny: i32, x0: f64, y0: f64, step: f64, xa: f64, xb: f64, insideMin: f64, hMin: f64): void {
  let s = 0.0, w = 0.0;
  for (let i = 0; i < nx; i++) {
    const x = x0 + <f64>i * step;
    if (x < xa || x > xb) continue;
    let ya = Infinity, yb = -Infinity;
    for (let j = 0; j < ny; j++) if (u8At(mask, i + nx * j)) { const y = y0 + <f64>j * step; ya = Math.min(ya, y); yb = Math.max(yb, y); }
    if (!(yb > ya)) continue;
    const mid = (ya + yb) / 2;
    for (let j = 0; j < ny; j++) {
      const k = i + nx * j;
      const hk = f64At(h, k);
      if (!u8At(mask, k) || f64At(inside, k) < insideMin || hk < hMin) continue;
      s += hk * Math.sign(y0 + <f64>j * step - mid);
      w += hk;
    }
  }
  setF64(OUT, 0, s); setF64(OUT, 1, w);
}

// ---- the floor ----

/** Octahedral mapping of a unit vector to a bin of a BINS × BINS histogram. */
const BINS = 64;
@inline function signOr1(u: f64): f64 { return u < 0 ? -1 : 1; }
function bin(x: f64, y: f64, z: f64): i32 {
  const s = Math.abs(x) + Math.abs(y) + Math.abs(z);
  let u = x / s, v = y / s;
  if (z < 0) { const uu = (1 - Math.abs(v)) * signOr1(u), vv = (1 - Math.abs(u)) * signOr1(v); u = uu; v = vv; }
  const i = <i32>Math.min(<f64>(BINS - 1), Math.floor(((u + 1) / 2) * <f64>BINS)), j = <i32>Math.min(<f64>(BINS - 1), Math.floor(((v + 1) / 2) * <f64>BINS));
  return i + BINS * j;
}

/**
 * Each face's unit normal (normals, f64 xyz; 0 for a degenerate face) and area (areas, f64) of the
 * mesh p (f64 xyz, mm) with nf triangles at ix, and the normals' area histogram over both signs
 * (hist, BINS² f64, octahedral bins); then the histogram's peaks (its 3×3 sums), the `top` best
 * (ties to the lower bin) as i32 bins into peaks.
 */
export function faceNormals(p: usize, ix: usize, nf: i32, normals: usize, areas: usize, hist: usize, top: i32, peaks: usize): void {
  memory.fill(hist, 0, BINS * BINS * 8);
  for (let f = 0; f < nf; f++) {
    const a = 3 * i32At(ix, 3 * f), b = 3 * i32At(ix, 3 * f + 1), c = 3 * i32At(ix, 3 * f + 2);
    const ux = f64At(p, b) - f64At(p, a), uy = f64At(p, b + 1) - f64At(p, a + 1), uz = f64At(p, b + 2) - f64At(p, a + 2);
    const vx = f64At(p, c) - f64At(p, a), vy = f64At(p, c + 1) - f64At(p, a + 1), vz = f64At(p, c + 2) - f64At(p, a + 2);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(len > 0)) { setF64(normals, 3 * f, 0); setF64(normals, 3 * f + 1, 0); setF64(normals, 3 * f + 2, 0); setF64(areas, f, 0); continue; }
    setF64(normals, 3 * f, nx / len); setF64(normals, 3 * f + 1, ny / len); setF64(normals, 3 * f + 2, nz / len);
    setF64(areas, f, len / 2);
    const b1 = bin(nx / len, ny / len, nz / len), b2 = bin(-nx / len, -ny / len, -nz / len);
    setF64(hist, b1, f64At(hist, b1) + len / 2);
    setF64(hist, b2, f64At(hist, b2) + len / 2);
  }
  const sums = heap.alloc(BINS * BINS * 8);
  for (let j = 0; j < BINS; j++) for (let i = 0; i < BINS; i++) {
    let s = 0.0;
    for (let m = -1; m <= 1; m++) for (let l = -1; l <= 1; l++) {
      const ii = i + l, jj = j + m;
      if (ii >= 0 && jj >= 0 && ii < BINS && jj < BINS) s += f64At(hist, ii + BINS * jj);
    }
    setF64(sums, i + BINS * j, s);
  }
  // The best `top`, in order: the highest sum, ties to the lower bin (each taken is marked -1: sums are ≥ 0).
  for (let t = 0; t < top; t++) {
    let best = -1;
    for (let k = 0; k < BINS * BINS; k++) if (best < 0 ? f64At(sums, k) >= 0 : f64At(sums, k) > f64At(sums, best)) best = k;
    setI32(peaks, t, best);
    if (best >= 0) setF64(sums, best, -1);
  }
}

/**
 * Vertices `p` (nv xyz) smoothed by `iterations` umbrella steps into out (which may be p): each
 * step moves every vertex half-way to the mean of its neighbours across the faces' edges (an edge
 * shared by two faces counts twice), all from the step before. A vertex no face uses stays put.
 */
export function smoothVertices(p: usize, nv: i32, ix: usize, nf: i32, iterations: i32, out: usize): void {
  const sum = heap.alloc(<usize>nv * 24), count = heap.alloc(<usize>nv << 2);
  memory.copy(out, p, <usize>nv * 24);
  for (let it = 0; it < iterations; it++) {
    memory.fill(sum, 0, <usize>nv * 24);
    memory.fill(count, 0, <usize>nv << 2);
    for (let f = 0; f < nf; f++) {
      for (let e = 0; e < 3; e++) {
        const a = i32At(ix, 3 * f + e), b = i32At(ix, 3 * f + (e == 2 ? 0 : e + 1));
        for (let c = 0; c < 3; c++) {
          setF64(sum, 3 * a + c, f64At(sum, 3 * a + c) + f64At(out, 3 * b + c));
          setF64(sum, 3 * b + c, f64At(sum, 3 * b + c) + f64At(out, 3 * a + c));
        }
        setI32(count, a, i32At(count, a) + 1);
        setI32(count, b, i32At(count, b) + 1);
      }
    }
    for (let v = 0; v < nv; v++) {
      const n = i32At(count, v);
      if (n == 0) continue;
      for (let c = 0; c < 3; c++) setF64(out, 3 * v + c, 0.5 * f64At(out, 3 * v + c) + 0.5 * (f64At(sum, 3 * v + c) / <f64>n));
    }
  }
}

/** The faces whose normals lie within acos(minDot) of (cx, cy, cz) either way, results 0–2 = Σ ±area · normal (+ for those along it). */
export function coneSum(normals: usize, areas: usize, nf: i32, cx: f64, cy: f64, cz: f64, minDot: f64): void {
  let sx = 0.0, sy = 0.0, sz = 0.0;
  for (let f = 0; f < nf; f++) {
    const d = f64At(normals, 3 * f) * cx + f64At(normals, 3 * f + 1) * cy + f64At(normals, 3 * f + 2) * cz;
    if (Math.abs(d) < minDot) continue;
    const s = d > 0 ? f64At(areas, f) : -f64At(areas, f);
    sx += s * f64At(normals, 3 * f); sy += s * f64At(normals, 3 * f + 1); sz += s * f64At(normals, 3 * f + 2);
  }
  setF64(OUT, 0, sx); setF64(OUT, 1, sy); setF64(OUT, 2, sz);
}

/**
 * Area of the faces within `band` of the mesh's lowest plane across (ux, uy, uz) and facing along
 * it or against it (|cos| > 0.9), results 0; and the same across (−ux, −uy, −uz), results 1 (one
 * pass for both: the heights across −u are exactly the negated heights across u). The lowest level
 * is robust: the (nv/2000 + 3)-th lowest vertex, so a few spikes below the sole do not set it.
 */
export function contactAreas(p: usize, nv: i32, ix: usize, nf: i32, normals: usize, areas: usize, ux: f64, uy: f64, uz: f64, band: f64): void {
  const k = min(nv - 1, 3 + nv / 2000);
  const lowest = heap.alloc(<usize>(k + 1) << 3), highest = heap.alloc(<usize>(k + 1) << 3), h = heap.alloc(<usize>nv << 3);
  for (let m = 0; m <= k; m++) { setF64(lowest, m, Infinity); setF64(highest, m, -Infinity); }
  for (let v = 0; v < nv; v++) {
    const z = f64At(p, 3 * v) * ux + f64At(p, 3 * v + 1) * uy + f64At(p, 3 * v + 2) * uz;
    setF64(h, v, z);
    if (z < f64At(lowest, k)) {
      let m = k;
      while (m > 0 && f64At(lowest, m - 1) > z) { setF64(lowest, m, f64At(lowest, m - 1)); m--; }
      setF64(lowest, m, z);
    }
    if (z > f64At(highest, k)) {
      let m = k;
      while (m > 0 && f64At(highest, m - 1) < z) { setF64(highest, m, f64At(highest, m - 1)); m--; }
      setF64(highest, m, z);
    }
  }
  const floor = f64At(lowest, k), ceiling = f64At(highest, k);
  let area = 0.0, other = 0.0;
  for (let f = 0; f < nf; f++) {
    const a = f64At(h, i32At(ix, 3 * f)), b = f64At(h, i32At(ix, 3 * f + 1)), c = f64At(h, i32At(ix, 3 * f + 2));
    const near = !(a - floor > band || b - floor > band || c - floor > band);
    const far = !(ceiling - a > band || ceiling - b > band || ceiling - c > band);
    if (!near && !far) continue;
    const d = f64At(normals, 3 * f) * ux + f64At(normals, 3 * f + 1) * uy + f64At(normals, 3 * f + 2) * uz;
    if (Math.abs(d) > 0.9) {
      if (near) area += f64At(areas, f);
      if (far) other += f64At(areas, f);
    }
  }
  setF64(OUT, 0, area); setF64(OUT, 1, other);
}

/**
 * The floor a height field stands on: the plane z = a·x + b·y + c below every sampled cell (every
 * `stride`-th cell of mask each way) that is highest under the samples' centre, found by a pattern
 * search over tilts up to ±maxTilt. Results 0–2 = a, b, c.
 */
export function restingPlane(h: usize, mask: usize, nx: i32, ny: i32, x0: f64, y0: f64, step: f64, stride: i32, maxTilt: f64): void {
  let n = 0;
  for (let j = 0; j < ny; j += stride) for (let i = 0; i < nx; i += stride) if (u8At(mask, i + nx * j)) n++;
  const X = heap.alloc(<usize>n << 3), Y = heap.alloc(<usize>n << 3), Z = heap.alloc(<usize>n << 3);
  let cx = 0.0, cy = 0.0, m = 0;
  for (let j = 0; j < ny; j += stride) for (let i = 0; i < nx; i += stride) {
    const k = i + nx * j;
    if (!u8At(mask, k)) continue;
    const x = x0 + <f64>i * step, y = y0 + <f64>j * step;
    setF64(X, m, x); setF64(Y, m, y); setF64(Z, m, f64At(h, k));
    cx += x; cy += y; m++;
  }
  cx /= <f64>n; cy /= <f64>n;
  for (let k = 0; k < n; k++) { setF64(X, k, f64At(X, k) - cx); setF64(Y, k, f64At(Y, k) - cy); }
  let a = 0.0, b = 0.0, best = planeValue(X, Y, Z, n, 0, 0);
  for (let s = 0.05; s > 1e-6; ) {
    let moved = false;
    for (let d = 0; d < 8; d++) {
      const da = d == 0 || d == 4 || d == 6 ? s : d == 1 || d == 5 || d == 7 ? -s : 0.0;
      const db = d == 2 || d == 4 || d == 7 ? s : d == 3 || d == 5 || d == 6 ? -s : 0.0;
      const na = a + da, nb = b + db;
      if (Math.abs(na) > maxTilt || Math.abs(nb) > maxTilt) continue;
      const v = planeValue(X, Y, Z, n, na, nb);
      if (v > best + 1e-12) { best = v; a = na; b = nb; moved = true; break; }
    }
    if (!moved) s /= 2;
  }
  setF64(OUT, 0, a); setF64(OUT, 1, b); setF64(OUT, 2, best - a * cx - b * cy);
}

/** The highest plane of tilt (a, b) under every sample: its height at the centre. */
function planeValue(X: usize, Y: usize, Z: usize, n: i32, a: f64, b: f64): f64 {
  let m = Infinity;
  for (let k = 0; k < n; k++) { const r = f64At(Z, k) - a * f64At(X, k) - b * f64At(Y, k); if (r < m) m = r; }
  return m;
}

/** The sole grid h's height at (x, y). */
export function soleAt(h: usize, x0: f64, y0: f64, step: f64, nx: i32, ny: i32, x: f64, y: f64): f64 {
  return bilinear(h, x0, y0, step, nx, ny, x, y);
}

// ---- points ----

/** out = p · s, n numbers (f64). */
export function scale(p: usize, n: i32, s: f64, out: usize): void {
  for (let k = 0; k < n; k++) setF64(out, k, f64At(p, k) * s);
}

/** Points p (nv, f64 xyz) in a frame: out = F·(p − o), F's rows (f0, f1, f2), each f64 ×3. */
export function toFrame(p: usize, nv: i32, f00: f64, f01: f64, f02: f64, f10: f64, f11: f64, f12: f64, f20: f64, f21: f64, f22: f64, ox: f64, oy: f64, oz: f64, out: usize): void {
  for (let v = 0; v < 3 * nv; v += 3) {
    const x = f64At(p, v) - ox, y = f64At(p, v + 1) - oy, z = f64At(p, v + 2) - oz;
    setF64(out, v, f00 * x + f01 * y + f02 * z);
    setF64(out, v + 1, f10 * x + f11 * y + f12 * z);
    setF64(out, v + 2, f20 * x + f21 * y + f22 * z);
  }
}

/** The bounding box of nv points (f64 xyz): results 0–2 the lowest x, y, z, 3–5 the highest. */
export function bounds(p: usize, nv: i32): void {
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (let v = 0; v < 3 * nv; v += 3) {
    const x = f64At(p, v), y = f64At(p, v + 1), z = f64At(p, v + 2);
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    z0 = Math.min(z0, z); z1 = Math.max(z1, z);
  }
  setF64(OUT, 0, x0); setF64(OUT, 1, y0); setF64(OUT, 2, z0); setF64(OUT, 3, x1); setF64(OUT, 4, y1); setF64(OUT, 5, z1);
}
