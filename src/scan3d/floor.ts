/**
 * Where the floor is in a scan, in any frame: first the direction of "up" (the normal of the
 * largest flat region the mesh rests on), then the exact floor plane (the plane the sole would
 * stand on).
 */
import type { GridSpec } from '../geometry/sole/index.js';

/** A unit vector. */
export type Vec3 = [number, number, number];

const BINS = 64;

/**
 * The direction of up for a mesh (mm): the candidate flat directions are the peaks of the face
 * normals' area histogram (both signs, so the mesh's winding does not matter); each is scored by the
 * area of the faces lying within `bandMm` of the mesh's extreme plane across it (what a plate, or a
 * box's base, touches), and the best wins. @returns up, pointing from that plane into the mesh.
 */
export function findUp(p: Float64Array, indices: Uint32Array, bandMm = 2): { up: Vec3; contactMm2: number } {
  const nf = indices.length / 3;
  const normals = new Float64Array(3 * nf), areas = new Float64Array(nf);
  const hist = new Float64Array(BINS * BINS);
  for (let f = 0; f < nf; f++) {
    const a = 3 * indices[3 * f]!, b = 3 * indices[3 * f + 1]!, c = 3 * indices[3 * f + 2]!;
    const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(len > 0)) continue;
    normals[3 * f] = nx / len; normals[3 * f + 1] = ny / len; normals[3 * f + 2] = nz / len;
    areas[f] = len / 2;
    const b1 = bin(nx / len, ny / len, nz / len), b2 = bin(-nx / len, -ny / len, -nz / len);
    hist[b1] = hist[b1]! + len / 2;
    hist[b2] = hist[b2]! + len / 2;
  }
  // Peaks of the histogram (3×3 sums), best first.
  const peaks: Array<[number, number]> = [];
  for (let j = 0; j < BINS; j++) for (let i = 0; i < BINS; i++) {
    let s = 0;
    for (let m = -1; m <= 1; m++) for (let l = -1; l <= 1; l++) {
      const ii = i + l, jj = j + m;
      if (ii >= 0 && jj >= 0 && ii < BINS && jj < BINS) s += hist[ii + BINS * jj]!;
    }
    peaks.push([s, i + BINS * j]);
  }
  peaks.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  let best: Vec3 = [0, 0, 1], bestScore = -1;
  const tried: Vec3[] = [];
  for (const [, k] of peaks.slice(0, 40)) {
    const centre = unbin(k);
    if (tried.some((t) => dot(t, centre) > Math.cos((12 * Math.PI) / 180))) continue;
    tried.push(centre);
    if (tried.length > 8) break;
    // The faces whose normals lie near this bin (either sign), averaged with the bin's sign.
    let sx = 0, sy = 0, sz = 0;
    for (let f = 0; f < nf; f++) {
      const d = normals[3 * f]! * centre[0] + normals[3 * f + 1]! * centre[1] + normals[3 * f + 2]! * centre[2];
      if (Math.abs(d) < 0.985) continue;
      const s = d > 0 ? areas[f]! : -areas[f]!;
      sx += s * normals[3 * f]!; sy += s * normals[3 * f + 1]!; sz += s * normals[3 * f + 2]!;
    }
    const len = Math.hypot(sx, sy, sz);
    const dir: Vec3 = len > 0 ? [sx / len, sy / len, sz / len] : centre;
    for (const up of [dir, [-dir[0], -dir[1], -dir[2]] as Vec3]) {
      const score = contactArea(p, indices, normals, areas, up, bandMm);
      if (score > bestScore) { bestScore = score; best = up; }
    }
  }
  return { up: best, contactMm2: bestScore };
}

/** Area of the faces within `band` of the mesh's lowest plane across `up` and facing along it. */
function contactArea(p: Float64Array, indices: Uint32Array, normals: Float64Array, areas: Float64Array, up: Vec3, band: number): number {
  const nv = p.length / 3;
  // A robust lowest level: the (n/2000 + 3)-th lowest vertex, so a few spikes below the sole do not set it.
  const k = Math.min(nv - 1, 3 + Math.floor(nv / 2000));
  const lowest = new Float64Array(k + 1).fill(Infinity);
  const h = new Float64Array(nv);
  for (let v = 0; v < nv; v++) {
    const z = p[3 * v]! * up[0] + p[3 * v + 1]! * up[1] + p[3 * v + 2]! * up[2];
    h[v] = z;
    if (z < lowest[k]!) {
      let m = k;
      while (m > 0 && lowest[m - 1]! > z) { lowest[m] = lowest[m - 1]!; m--; }
      lowest[m] = z;
    }
  }
  const floor = lowest[k]!;
  let area = 0;
  for (let f = 0; f < areas.length; f++) {
    const a = indices[3 * f]!, b = indices[3 * f + 1]!, c = indices[3 * f + 2]!;
    if (h[a]! - floor > band || h[b]! - floor > band || h[c]! - floor > band) continue;
    const d = normals[3 * f]! * up[0] + normals[3 * f + 1]! * up[1] + normals[3 * f + 2]! * up[2];
    if (Math.abs(d) > 0.9) area += areas[f]!;
  }
  return area;
}

function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/** Octahedral mapping of a unit vector to a histogram bin. */
function bin(x: number, y: number, z: number): number {
  const s = Math.abs(x) + Math.abs(y) + Math.abs(z);
  let u = x / s, v = y / s;
  if (z < 0) { const uu = (1 - Math.abs(v)) * Math.sign(u || 1), vv = (1 - Math.abs(u)) * Math.sign(v || 1); u = uu; v = vv; }
  const i = Math.min(BINS - 1, Math.floor(((u + 1) / 2) * BINS)), j = Math.min(BINS - 1, Math.floor(((v + 1) / 2) * BINS));
  return i + BINS * j;
}

function unbin(k: number): Vec3 {
  const i = k % BINS, j = (k - i) / BINS;
  let u = ((i + 0.5) / BINS) * 2 - 1, v = ((j + 0.5) / BINS) * 2 - 1;
  const z = 1 - Math.abs(u) - Math.abs(v);
  if (z < 0) { const uu = (1 - Math.abs(v)) * Math.sign(u || 1), vv = (1 - Math.abs(u)) * Math.sign(v || 1); u = uu; v = vv; }
  const len = Math.hypot(u, v, z);
  return [u / len, v / len, z / len];
}

/**
 * The floor a height field stands on: the plane z = a·x + b·y + c below every cell that is highest
 * under the footprint's centre (the facet of the field's lower convex hull there), which is where
 * a rigid sole would come to rest. Found by maximising that concave function of (a, b) with a
 * pattern search; tilts up to ±`maxTilt` (rise over run).
 */
export function restingPlane(h: Float64Array, mask: Uint8Array, g: GridSpec, maxTilt = 0.3): { a: number; b: number; c: number } {
  const xs: number[] = [], ys: number[] = [], zs: number[] = [];
  let cx = 0, cy = 0;
  const stride = Math.max(1, Math.round(2 / g.step)); // about 2 mm apart
  for (let j = 0; j < g.ny; j += stride) for (let i = 0; i < g.nx; i += stride) {
    const k = i + g.nx * j;
    if (!mask[k]) continue;
    const x = g.x0 + i * g.step, y = g.y0 + j * g.step;
    xs.push(x); ys.push(y); zs.push(h[k]!);
    cx += x; cy += y;
  }
  const n = xs.length;
  cx /= n; cy /= n;
  const X = Float64Array.from(xs, (x) => x - cx), Y = Float64Array.from(ys, (y) => y - cy), Z = Float64Array.from(zs);
  const value = (a: number, b: number): number => {
    let m = Infinity;
    for (let k = 0; k < n; k++) { const r = Z[k]! - a * X[k]! - b * Y[k]!; if (r < m) m = r; }
    return m; // the plane's height at the centre
  };
  let a = 0, b = 0, best = value(0, 0);
  for (let step = 0.05; step > 1e-6; ) {
    let moved = false;
    for (const [da, db] of [[step, 0], [-step, 0], [0, step], [0, -step], [step, step], [-step, -step], [step, -step], [-step, step]] as const) {
      const na = a + da, nb = b + db;
      if (Math.abs(na) > maxTilt || Math.abs(nb) > maxTilt) continue;
      const v = value(na, nb);
      if (v > best + 1e-12) { best = v; a = na; b = nb; moved = true; break; }
    }
    if (!moved) step /= 2;
  }
  return { a, b, c: best - a * cx - b * cy };
}
