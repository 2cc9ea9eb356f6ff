/**
 * Closed polygons stored as flat xy arrays (`[x0, y0, x1, y1, ...]`, mm), the last point NOT
 * repeating the first. Pure functions; none mutate their input.
 */

/** Signed area, mm² (positive when counter-clockwise in a y-up frame). */
export function signedArea(xy: Float64Array): number {
  const n = xy.length >> 1;
  let a = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    a += xy[2 * j]! * xy[2 * i + 1]! - xy[2 * i]! * xy[2 * j + 1]!;
  }
  return a / 2;
}

/** Perimeter, mm. */
export function perimeter(xy: Float64Array): number {
  const n = xy.length >> 1;
  let p = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    p += Math.hypot(xy[2 * i]! - xy[2 * j]!, xy[2 * i + 1]! - xy[2 * j + 1]!);
  }
  return p;
}

/** Returns a copy with the point order reversed (flips the winding). */
export function reversed(xy: Float64Array): Float64Array {
  const n = xy.length >> 1;
  const out = new Float64Array(xy.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = xy[2 * (n - 1 - i)]!;
    out[2 * i + 1] = xy[2 * (n - 1 - i) + 1]!;
  }
  return out;
}

/** Returns a counter-clockwise copy (or the input itself when it already is). */
export function counterClockwise(xy: Float64Array): Float64Array {
  return signedArea(xy) < 0 ? reversed(xy) : xy;
}

/** Bounding box [minX, minY, maxX, maxY]. */
export function bounds(xy: Float64Array): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i]!, y = xy[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/**
 * The y-interval the polygon covers on the vertical line at `x` (outermost crossings), or null when
 * the line misses it. Used for widths and medial/lateral edges; a notch between toes is bridged.
 */
export function verticalExtent(xy: Float64Array, x: number): [number, number] | null {
  const n = xy.length >> 1;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xa = xy[2 * j]!, ya = xy[2 * j + 1]!, xb = xy[2 * i]!, yb = xy[2 * i + 1]!;
    if ((xa <= x && xb > x) || (xb <= x && xa > x)) {
      const y = ya + ((x - xa) / (xb - xa)) * (yb - ya);
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * verticalExtent at many stations at once: lo[k] and hi[k] get the outermost crossings of the
 * vertical line at xs[k] (lo[k] > hi[k], Infinity and -Infinity, where it misses the polygon). The
 * stations must be ascending; each edge finds its own by bisection, with verticalExtent's crossing
 * test and arithmetic, so the values are the same as station by station, in O(edges · log stations
 * + crossings) instead of O(edges · stations).
 */
export function verticalExtents(xy: Float64Array, xs: Float64Array, count: number, lo: Float64Array, hi: Float64Array): void {
  lo.fill(Infinity, 0, count);
  hi.fill(-Infinity, 0, count);
  const n = xy.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xa = xy[2 * j]!, ya = xy[2 * j + 1]!, xb = xy[2 * i]!, yb = xy[2 * i + 1]!;
    // verticalExtent's test, (xa <= x < xb) or (xb <= x < xa), is left <= x < right.
    const left = xa < xb ? xa : xb, right = xa < xb ? xb : xa;
    if (!(left < right)) continue;
    let a = 0, b = count;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (xs[mid]! < left) a = mid + 1; else b = mid;
    }
    for (let k = a; k < count && xs[k]! < right; k++) {
      const x = xs[k]!;
      const y = ya + ((x - xa) / (xb - xa)) * (yb - ya);
      if (y < lo[k]!) lo[k] = y;
      if (y > hi[k]!) hi[k] = y;
    }
  }
}

/** Scratch for maxWidth's stations and their extents, grown as needed (a build calls it a few times). */
let stationX = new Float64Array(256), stationLo = new Float64Array(256), stationHi = new Float64Array(256);

/** Largest width (y extent) of the polygon over stations x in [x0, x1], sampled every `step` mm. */
export function maxWidth(xy: Float64Array, x0: number, x1: number, step = 0.5): number {
  let m = 0;
  for (let x = x0; x <= x1 + 1e-9; x += step) {
    if (m === stationX.length) {
      stationX = grown(stationX); stationLo = new Float64Array(stationX.length); stationHi = new Float64Array(stationX.length);
    }
    stationX[m++] = x;
  }
  verticalExtents(xy, stationX, m, stationLo, stationHi);
  let best = 0;
  for (let k = 0; k < m; k++) if (stationLo[k]! <= stationHi[k]! && stationHi[k]! - stationLo[k]! > best) best = stationHi[k]! - stationLo[k]!;
  return best;
}

/** A copy of `a` twice as long. */
function grown(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(2 * a.length);
  b.set(a);
  return b;
}

const EMPTY = new Float64Array(0);
let sortXY: Float64Array = EMPTY;
function byXY(a: number, b: number): number {
  return sortXY[2 * a]! - sortXY[2 * b]! || sortXY[2 * a + 1]! - sortXY[2 * b + 1]!;
}

/**
 * The convex hull's lower and upper chains (Andrew's monotone chain), each sorted by x from the
 * leftmost to the rightmost point: flat xy arrays.
 */
export function hullChains(xy: Float64Array): { lower: Float64Array; upper: Float64Array } {
  const n = xy.length >> 1;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Sorted by x, then y, stably, with a module-level comparator reading sortXY: a comparator closure
  // made afresh each call loses its optimised code when it dies, and is compiled again.
  sortXY = xy;
  order.sort(byXY);
  sortXY = EMPTY;
  return { lower: hullChain(xy, order, 1), upper: hullChain(xy, order, -1) };
}

/**
 * One chain of hullChains: the points in x order, each turning by `sign` (1 lower, -1 upper).
 * A function of the module, not a closure: V8 compiled each call's fresh closure anew.
 */
function hullChain(xy: Float64Array, order: readonly number[], sign: number): Float64Array {
  const h: number[] = [];
  for (const i of order) {
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    while (h.length >= 4) {
      const ax = h[h.length - 4]!, ay = h[h.length - 3]!, bx = h[h.length - 2]!, by = h[h.length - 1]!;
      if (sign * ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) > 0) break;
      h.length -= 2;
    }
    h.push(x, y);
  }
  return Float64Array.from(h);
}

/** y of an x-sorted chain (see hullChains) at x, linearly interpolated (clamped at its ends). */
export function chainY(chain: Float64Array, x: number): number {
  const m = chain.length >> 1;
  if (x <= chain[0]!) return chain[1]!;
  for (let i = 1; i < m; i++) {
    const bx = chain[2 * i]!;
    if (x <= bx) {
      const ax = chain[2 * i - 2]!, ay = chain[2 * i - 1]!, by = chain[2 * i + 1]!;
      return bx > ax ? ay + ((x - ax) / (bx - ax)) * (by - ay) : by;
    }
  }
  return chain[2 * m - 1]!;
}
