/**
 * Slow, obvious versions of some of the sole kernel's grid passes (assembly/sole.ts) and of the
 * weld (assembly/weld.ts), which the tests compare them with: every triangle tried at every cell,
 * distances as the closed form of the chamfer metric over every outside cell, a 2D Gaussian summed
 * directly, components by union-find, the point-in-polygon test at every cell, a weld keyed by the
 * coordinates' text. Tests only.
 */
import type { GridSpec } from '../../src/geometry/sole/index.js';

/** The lower or upper envelope (cells in a triangle's bounding box and within 1e-9 of it in barycentric terms), NaN where nothing covers a cell or its triangle shows its inner side. */
export function envelopeOracle(q: Float64Array, indices: Uint32Array, g: GridSpec, below: boolean): Float64Array {
  const out = new Float64Array(g.nx * g.ny).fill(NaN), facing = new Int8Array(g.nx * g.ny);
  for (let j = 0; j < g.ny; j++) for (let i = 0; i < g.nx; i++) {
    const px = g.x0 + i * g.step, py = g.y0 + j * g.step, k = i + g.nx * j;
    for (let f = 0; f < indices.length; f += 3) {
      const [a, b, c] = [3 * indices[f]!, 3 * indices[f + 1]!, 3 * indices[f + 2]!];
      const det = (q[b]! - q[a]!) * (q[c + 1]! - q[a + 1]!) - (q[c]! - q[a]!) * (q[b + 1]! - q[a + 1]!);
      if (Math.abs(det) < 1e-12) continue;
      // Only cells in the triangle's bounding box (the tolerance below must not reach past it).
      if (i < Math.ceil((Math.min(q[a]!, q[b]!, q[c]!) - g.x0) / g.step) || i > Math.floor((Math.max(q[a]!, q[b]!, q[c]!) - g.x0) / g.step)) continue;
      if (j < Math.ceil((Math.min(q[a + 1]!, q[b + 1]!, q[c + 1]!) - g.y0) / g.step) || j > Math.floor((Math.max(q[a + 1]!, q[b + 1]!, q[c + 1]!) - g.y0) / g.step)) continue;
      const inv = 1 / det; // (as the kernel: a cell on a triangle's edge is in or out by the same rounding)
      const u = ((px - q[a]!) * (q[c + 1]! - q[a + 1]!) - (q[c]! - q[a]!) * (py - q[a + 1]!)) * inv;
      const v = ((q[b]! - q[a]!) * (py - q[a + 1]!) - (px - q[a]!) * (q[b + 1]! - q[a + 1]!)) * inv;
      if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) continue;
      const z = q[a + 2]! + u * (q[b + 2]! - q[a + 2]!) + v * (q[c + 2]! - q[a + 2]!);
      if (out[k] !== out[k] || (below ? z < out[k]! : z > out[k]!)) { out[k] = z; facing[k] = det > 0 ? 1 : -1; }
    }
  }
  const up = facing.filter((s) => s > 0).length, down = facing.filter((s) => s < 0).length;
  facing.forEach((s, k) => { if (s === (up >= down ? -1 : 1)) out[k] = NaN; });
  return out;
}

/** Distance from each set cell to the nearest unset cell or the grid's outside, in the chamfer metric (steps of step, diagonals of step·√2). */
export function insideDistanceOracle(mask: Uint8Array, g: GridSpec): Float64Array {
  const { nx, ny, step } = g;
  const chamfer = (di: number, dj: number) => { const lo = Math.min(Math.abs(di), Math.abs(dj)), hi = Math.max(Math.abs(di), Math.abs(dj)); return step * Math.SQRT2 * lo + step * (hi - lo); };
  const d = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!mask[i + nx * j]) continue;
    let best = step * Math.min(i + 1, nx - i, j + 1, ny - j);
    for (let jj = 0; jj < ny; jj++) for (let ii = 0; ii < nx; ii++) if (!mask[ii + nx * jj]) best = Math.min(best, chamfer(i - ii, j - jj));
    d[i + nx * j] = best;
  }
  return d;
}

/** 4-connected components by union-find, labelled in the order a row-by-row scan meets them. */
export function componentsOracle(mask: Uint8Array, g: GridSpec): { labels: Int32Array; sizes: number[] } {
  const parent = Array.from(mask, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    if (k % g.nx > 0 && mask[k - 1]) parent[find(k)] = find(k - 1);
    if (k >= g.nx && mask[k - g.nx]) parent[find(k)] = find(k - g.nx);
  }
  const labelOf = new Map<number, number>(), labels = new Int32Array(mask.length).fill(-1), sizes: number[] = [];
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    const root = find(k);
    if (!labelOf.has(root)) { labelOf.set(root, sizes.length); sizes.push(0); }
    labels[k] = labelOf.get(root)!;
    sizes[labels[k]!]!++;
  }
  return { labels, sizes };
}

/** The Gaussian of sigmaMm summed directly over the mask (normalised by the weights that fall on it); cells off the mask keep h. */
export function smoothMaskedOracle(h: Float64Array, mask: Uint8Array, g: GridSpec, sigmaMm: number): Float64Array {
  const s = sigmaMm / g.step, half = Math.max(1, Math.ceil(3 * s)), out = h.slice();
  for (let j = 0; j < g.ny; j++) for (let i = 0; i < g.nx; i++) {
    if (!mask[i + g.nx * j]) continue;
    let sn = 0, sd = 0;
    for (let m = -half; m <= half; m++) for (let l = -half; l <= half; l++) {
      const ii = i + l, jj = j + m;
      if (ii < 0 || jj < 0 || ii >= g.nx || jj >= g.ny || !mask[ii + g.nx * jj]) continue;
      const w = Math.exp((-0.5 * l * l) / (s * s)) * Math.exp((-0.5 * m * m) / (s * s));
      sn += w * h[ii + g.nx * jj]!; sd += w;
    }
    out[i + g.nx * j] = sn / sd;
  }
  return out;
}

/** The cells whose centres are inside the polygon (even-odd), each tested against every edge. */
export function polygonMaskOracle(xy: Float64Array, g: GridSpec): Uint8Array {
  const mask = new Uint8Array(g.nx * g.ny), n = xy.length >> 1;
  for (let j = 0; j < g.ny; j++) for (let i = 0; i < g.nx; i++) {
    const x = g.x0 + i * g.step, y = g.y0 + j * g.step;
    let inside = false;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const ya = xy[2 * a + 1]!, yb = xy[2 * b + 1]!;
      if ((ya > y) !== (yb > y) && x <= xy[2 * a]! + ((y - ya) / (yb - ya)) * (xy[2 * b]! - xy[2 * a]!)) inside = !inside;
    }
    mask[i + g.nx * j] = inside ? 1 : 0;
  }
  return mask;
}

/** The sole's height at (x, y), bilinear, clamped to the grid's edge. */
export function soleAtOracle(heights: Float64Array, g: GridSpec, x: number, y: number): number {
  const fx = Math.min(g.nx - 1.000001, Math.max(0, (x - g.x0) / g.step)), fy = Math.min(g.ny - 1.000001, Math.max(0, (y - g.y0) / g.step));
  const i = Math.floor(fx), j = Math.floor(fy), u = fx - i, v = fy - j, k = i + g.nx * j;
  return (1 - v) * ((1 - u) * heights[k]! + u * heights[k + 1]!) + v * ((1 - u) * heights[k + g.nx]! + u * heights[k + g.nx + 1]!);
}

/** A triangle soup welded by the coordinates' text (-0 as 0), vertices in order of first use. */
export function weldOracle(soup: ArrayLike<number>): { positions: Float64Array; indices: Uint32Array } {
  const ids = new Map<string, number>(), positions: number[] = [], indices = new Uint32Array(soup.length / 3);
  for (let c = 0; c < soup.length / 3; c++) {
    const p = [0, 1, 2].map((k) => soup[3 * c + k]! + 0); // -0 + 0 is 0
    const key = p.join(' ');
    if (!ids.has(key)) { ids.set(key, positions.length / 3); positions.push(...p); }
    indices[c] = ids.get(key)!;
  }
  return { positions: Float64Array.from(positions), indices };
}
