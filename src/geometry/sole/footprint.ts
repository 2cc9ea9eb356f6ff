/**
 * Image operations on a footprint: a height field on a regular grid (GridSpec) and the mask of the
 * cells the foot covers. Typed arrays throughout, each pass O(cells).
 */
import type { GridSpec } from './raster.js';

/** 4-connected components of the set cells of `mask`: a label per cell (-1 outside) and each component's size in cells. */
export function components(mask: Uint8Array, g: GridSpec): { labels: Int32Array; sizes: number[] } {
  const { nx, ny } = g;
  const labels = new Int32Array(nx * ny).fill(-1);
  const queue = new Int32Array(nx * ny);
  const sizes: number[] = [];
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || labels[s]! >= 0) continue;
    const label = sizes.length;
    let head = 0, tail = 0;
    queue[tail++] = s;
    labels[s] = label;
    while (head < tail) {
      const k = queue[head++]!;
      const i = k % nx, j = (k - i) / nx;
      if (i > 0 && mask[k - 1] && labels[k - 1]! < 0) { labels[k - 1] = label; queue[tail++] = k - 1; }
      if (i < nx - 1 && mask[k + 1] && labels[k + 1]! < 0) { labels[k + 1] = label; queue[tail++] = k + 1; }
      if (j > 0 && mask[k - nx] && labels[k - nx]! < 0) { labels[k - nx] = label; queue[tail++] = k - nx; }
      if (j < ny - 1 && mask[k + nx] && labels[k + nx]! < 0) { labels[k + nx] = label; queue[tail++] = k + nx; }
    }
    sizes.push(tail);
  }
  return { labels, sizes };
}

/**
 * Fills the holes of a footprint (empty regions that do not reach the grid's edge): sets them in
 * `mask` and gives them heights by relaxing toward their neighbours (a membrane over the hole).
 * @returns the holes' sizes in cells, largest first.
 */
export function fillHoles(h: Float64Array, mask: Uint8Array, g: GridSpec): number[] {
  const { nx, ny } = g;
  const empty = new Uint8Array(mask.length);
  for (let k = 0; k < mask.length; k++) empty[k] = mask[k] ? 0 : 1;
  const { labels, sizes } = components(empty, g);
  const touches = new Uint8Array(sizes.length);
  for (let i = 0; i < nx; i++) { mark(labels[i]!); mark(labels[i + nx * (ny - 1)]!); }
  for (let j = 0; j < ny; j++) { mark(labels[nx * j]!); mark(labels[nx - 1 + nx * j]!); }
  function mark(l: number): void { if (l >= 0) touches[l] = 1; }
  const holes: number[] = [];
  const cells: number[] = [];
  for (let l = 0; l < sizes.length; l++) if (!touches[l]) holes.push(sizes[l]!);
  if (!holes.length) return holes;
  for (let k = 0; k < mask.length; k++) {
    const l = labels[k]!;
    if (l >= 0 && !touches[l]) { cells.push(k); mask[k] = 1; h[k] = NaN; }
  }
  // Seed with the mean of known neighbours, grown inward, then relax (Gauss-Seidel).
  let pending = cells;
  while (pending.length) {
    const next: number[] = [];
    for (const k of pending) {
      let s = 0, n = 0;
      for (const o of [k - 1, k + 1, k - nx, k + nx]) { const v = h[o]!; if (v === v) { s += v; n++; } }
      if (n) h[k] = s / n; else next.push(k);
    }
    if (next.length === pending.length) break;
    pending = next;
  }
  for (let it = 0; it < 200; it++) {
    for (const k of cells) h[k] = 0.25 * (h[k - 1]! + h[k + 1]! + h[k - nx]! + h[k + nx]!);
  }
  return holes.sort((a, b) => b - a);
}

/** Distance (mm) from each footprint cell to the nearest cell outside it (chamfer 3-4); 0 outside. */
export function insideDistance(mask: Uint8Array, g: GridSpec): Float64Array {
  const { nx, ny, step } = g;
  const d = new Float64Array(nx * ny);
  const a = step, b = step * Math.SQRT2;
  for (let k = 0; k < d.length; k++) d[k] = mask[k] ? Infinity : 0;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = i + nx * j;
    if (!d[k]) continue;
    let v = d[k]!;
    if (i > 0) v = Math.min(v, d[k - 1]! + a); else v = Math.min(v, a);
    if (j > 0) v = Math.min(v, d[k - nx]! + a); else v = Math.min(v, a);
    if (i > 0 && j > 0) v = Math.min(v, d[k - nx - 1]! + b);
    if (i < nx - 1 && j > 0) v = Math.min(v, d[k - nx + 1]! + b);
    d[k] = v;
  }
  for (let j = ny - 1; j >= 0; j--) for (let i = nx - 1; i >= 0; i--) {
    const k = i + nx * j;
    if (!d[k]) continue;
    let v = d[k]!;
    if (i < nx - 1) v = Math.min(v, d[k + 1]! + a); else v = Math.min(v, a);
    if (j < ny - 1) v = Math.min(v, d[k + nx]! + a); else v = Math.min(v, a);
    if (i < nx - 1 && j < ny - 1) v = Math.min(v, d[k + nx + 1]! + b);
    if (i > 0 && j < ny - 1) v = Math.min(v, d[k + nx - 1]! + b);
    d[k] = v;
  }
  return d;
}

/**
 * Heights smoothed with a Gaussian of `sigmaMm` over the footprint only (normalised: cells outside
 * it neither contribute nor are changed). Separable, O(cells · kernel).
 */
export function smoothMasked(h: Float64Array, mask: Uint8Array, g: GridSpec, sigmaMm: number): Float64Array {
  const { nx, ny, step } = g;
  const s = sigmaMm / step;
  const half = Math.max(1, Math.ceil(3 * s));
  const w = new Float64Array(2 * half + 1);
  for (let k = -half; k <= half; k++) w[k + half] = Math.exp((-0.5 * k * k) / (s * s));
  const num = new Float64Array(nx * ny), den = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let sn = 0, sd = 0;
    for (let k = Math.max(-half, -i); k <= Math.min(half, nx - 1 - i); k++) {
      const c = i + k + nx * j;
      if (mask[c]) { sn += w[k + half]! * h[c]!; sd += w[k + half]!; }
    }
    num[i + nx * j] = sn; den[i + nx * j] = sd;
  }
  const out = h.slice();
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = i + nx * j;
    if (!mask[k]) continue;
    let sn = 0, sd = 0;
    for (let m = Math.max(-half, -j); m <= Math.min(half, ny - 1 - j); m++) {
      const c = i + nx * (j + m);
      sn += w[m + half]! * num[c]!; sd += w[m + half]! * den[c]!;
    }
    out[k] = sn / sd;
  }
  return out;
}

/** Carries the footprint's heights outward to every cell of the grid (each outside cell takes the mean of its known neighbours, ring by ring). */
export function extendOutward(h: Float64Array, mask: Uint8Array, g: GridSpec): void {
  const { nx, ny } = g;
  const known = mask.slice();
  let front = new Int32Array(h.length), next = new Int32Array(h.length);
  const values = new Float64Array(h.length);
  let nf = 0;
  const touches = (k: number, i: number, j: number) =>
    (i > 0 && known[k - 1] === 1) || (i < nx - 1 && known[k + 1] === 1) || (j > 0 && known[k - nx] === 1) || (j < ny - 1 && known[k + nx] === 1);
  for (let k = 0; k < known.length; k++) {
    if (known[k]) continue;
    const i = k % nx, j = (k - i) / nx;
    if (touches(k, i, j)) { front[nf++] = k; known[k] = 2; }
  }
  while (nf) {
    for (let n = 0; n < nf; n++) {
      const k = front[n]!, i = k % nx, j = (k - i) / nx;
      let s = 0, c = 0;
      if (i > 0 && known[k - 1] === 1) { s += h[k - 1]!; c++; }
      if (i < nx - 1 && known[k + 1] === 1) { s += h[k + 1]!; c++; }
      if (j > 0 && known[k - nx] === 1) { s += h[k - nx]!; c++; }
      if (j < ny - 1 && known[k + nx] === 1) { s += h[k + nx]!; c++; }
      values[n] = s / c;
    }
    for (let n = 0; n < nf; n++) { const k = front[n]!; h[k] = values[n]!; known[k] = 1; }
    let nn = 0;
    for (let n = 0; n < nf; n++) {
      const k = front[n]!, i = k % nx, j = (k - i) / nx;
      if (i > 0 && !known[k - 1]) { known[k - 1] = 2; next[nn++] = k - 1; }
      if (i < nx - 1 && !known[k + 1]) { known[k + 1] = 2; next[nn++] = k + 1; }
      if (j > 0 && !known[k - nx]) { known[k - nx] = 2; next[nn++] = k - nx; }
      if (j < ny - 1 && !known[k + nx]) { known[k + nx] = 2; next[nn++] = k + nx; }
    }
    [front, next] = [next, front];
    nf = nn;
  }
}

/**
 * Lowers the field wherever it is steeper than `slope` (rise over run): h(p) ≤ h(q) + slope·|p − q|
 * for all cells, by two chamfer passes repeated until nothing changes. Only ever lowers.
 */
export function limitSlope(h: Float64Array, g: GridSpec, slope: number): void {
  const { nx, ny, step } = g;
  const a = slope * step, b = slope * step * Math.SQRT2;
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const k = i + nx * j;
      let v = h[k]!;
      if (i > 0) v = Math.min(v, h[k - 1]! + a);
      if (j > 0) {
        v = Math.min(v, h[k - nx]! + a);
        if (i > 0) v = Math.min(v, h[k - nx - 1]! + b);
        if (i < nx - 1) v = Math.min(v, h[k - nx + 1]! + b);
      }
      if (v < h[k]!) { h[k] = v; changed = true; }
    }
    for (let j = ny - 1; j >= 0; j--) for (let i = nx - 1; i >= 0; i--) {
      const k = i + nx * j;
      let v = h[k]!;
      if (i < nx - 1) v = Math.min(v, h[k + 1]! + a);
      if (j < ny - 1) {
        v = Math.min(v, h[k + nx]! + a);
        if (i < nx - 1) v = Math.min(v, h[k + nx + 1]! + b);
        if (i > 0) v = Math.min(v, h[k + nx - 1]! + b);
      }
      if (v < h[k]!) { h[k] = v; changed = true; }
    }
    if (!changed) break;
  }
}

/**
 * Replaces spikes: cells of `inner` further than `thresholdMm` from the median of the sole on a
 * ring `radiusMm` around them take that median. The ring is wider than a spike's footprint (a scan
 * spike pulls one vertex, so it spans one ring of triangles), and on a smooth sole the ring's median
 * is the centre's height (exactly, on a plane). Only clusters up to `maxAreaMm2` are spikes.
 * @returns how many cells were replaced.
 */
export function despike(h: Float64Array, inner: Uint8Array, g: GridSpec, thresholdMm: number, radiusMm = 3, maxAreaMm2 = 40): number {
  const { nx, ny } = g;
  const r = Math.max(2, Math.round(radiusMm / g.step));
  const ring: number[] = [];
  for (let k = 0; k < 16; k++) {
    const a = (k * Math.PI) / 8;
    ring.push(Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a)));
  }
  const values = new Float64Array(16);
  const repl: number[] = [];
  const vals: number[] = [];
  for (let j = r; j < ny - r; j++) for (let i = r; i < nx - r; i++) {
    const k = i + nx * j;
    if (!inner[k]) continue;
    // Most cells are near the mean of four ring points: only the others need the ring's median.
    const c = h[k]!;
    const m4 = (h[k + r]! + h[k - r]! + h[k + nx * r]! + h[k - nx * r]!) / 4;
    if (m4 === m4 && Math.abs(c - m4) < thresholdMm / 2) continue;
    let n = 0;
    for (let q = 0; q < 16; q++) { const v = h[k + ring[2 * q]! + nx * ring[2 * q + 1]!]!; if (v === v) values[n++] = v; }
    if (n < 16) continue; // a ring part off the footprint (near its border) is no reference
    const med = median(values, n);
    if (Math.abs(c - med) > thresholdMm) { repl.push(k); vals.push(med); }
  }
  // A spike is small: a cluster of flagged cells larger than `maxAreaMm2` is the sole's own shape
  // (the gap between two toes, a steep arch) and is kept.
  const flagged = new Uint8Array(h.length);
  for (const k of repl) flagged[k] = 1;
  const { labels, sizes } = components(flagged, g);
  const maxCells = maxAreaMm2 / (g.step * g.step);
  let count = 0;
  repl.forEach((k, n) => { if (sizes[labels[k]!]! <= maxCells) { h[k] = vals[n]!; count++; } });
  return count;
}

function median(a: Float64Array, n: number): number {
  const s = a.subarray(0, n).sort();
  return n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/**
 * The outer boundary of a footprint (one component, no holes) as a counter-clockwise polygon
 * through the cells' corners (a staircase at the grid's spacing), xy pairs in mm.
 */
export function traceBoundary(mask: Uint8Array, g: GridSpec): Float64Array {
  const { nx, ny, step, x0, y0 } = g;
  const cw = nx + 1; // corners (i, j), i in [0, nx], j in [0, ny]; corner (i, j) is at the cell's lower-left
  const next = new Int32Array(cw * (ny + 1)).fill(-1);
  const next2 = new Int32Array(cw * (ny + 1)).fill(-1);
  const at = (i: number, j: number) => (i >= 0 && j >= 0 && i < nx && j < ny ? mask[i + nx * j]! : 0);
  const link = (from: number, to: number) => { if (next[from]! < 0) next[from] = to; else next2[from] = to; };
  let start = -1;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!at(i, j)) continue;
    const c00 = i + cw * j, c10 = c00 + 1, c11 = c10 + cw, c01 = c00 + cw;
    if (!at(i, j - 1)) { link(c00, c10); if (start < 0) start = c00; }
    if (!at(i + 1, j)) link(c10, c11);
    if (!at(i, j + 1)) link(c11, c01);
    if (!at(i - 1, j)) link(c01, c00);
  }
  if (start < 0) return new Float64Array(0);
  const pts: number[] = [];
  let prev = -1, cur = start;
  for (let guard = 0; guard < 4 * (nx + 1) * (ny + 1); guard++) {
    let to = next[cur]!;
    const alt = next2[cur]!;
    if (alt >= 0 && prev >= 0) {
      // A pinch (two cells touching at a corner): turn left, keeping the cells apart.
      const dx0 = (cur % cw) - (prev % cw), dy0 = Math.floor(cur / cw) - Math.floor(prev / cw);
      const left = (t: number) => { const dx = (t % cw) - (cur % cw), dy = Math.floor(t / cw) - Math.floor(cur / cw); return dx0 * dy - dy0 * dx; };
      if (left(alt) > left(to)) to = alt;
    }
    const ci = cur % cw, cj = (cur - ci) / cw;
    pts.push(x0 + (ci - 0.5) * step, y0 + (cj - 0.5) * step);
    prev = cur;
    cur = to;
    if (cur === start || cur < 0) break;
  }
  // Drop the staircase's collinear corners.
  const out: number[] = [];
  const n = pts.length >> 1;
  for (let k = 0; k < n; k++) {
    const a = (k + n - 1) % n, c = (k + 1) % n;
    const cross = (pts[2 * k]! - pts[2 * a]!) * (pts[2 * c + 1]! - pts[2 * k + 1]!) - (pts[2 * k + 1]! - pts[2 * a + 1]!) * (pts[2 * c]! - pts[2 * k]!);
    if (Math.abs(cross) > 1e-12) out.push(pts[2 * k]!, pts[2 * k + 1]!);
  }
  return Float64Array.from(out);
}

/** The cells of a grid whose centres lie inside a polygon (even-odd rule, scanline by scanline). */
export function polygonMask(xy: Float64Array, g: GridSpec): Uint8Array {
  const { nx, ny, x0, y0, step } = g;
  const mask = new Uint8Array(nx * ny);
  const n = xy.length >> 1;
  const xs: number[] = [];
  for (let j = 0; j < ny; j++) {
    const y = y0 + j * step;
    xs.length = 0;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const ya = xy[2 * a + 1]!, yb = xy[2 * b + 1]!;
      if ((ya > y) === (yb > y)) continue;
      xs.push(xy[2 * a]! + ((y - ya) / (yb - ya)) * (xy[2 * b]! - xy[2 * a]!));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const i0 = Math.max(0, Math.ceil((xs[k]! - x0) / step)), i1 = Math.min(nx - 1, Math.floor((xs[k + 1]! - x0) / step));
      for (let i = i0; i <= i1; i++) mask[i + nx * j] = 1;
    }
  }
  return mask;
}
