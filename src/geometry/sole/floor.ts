/**
 * Where the floor is in a scan, in any frame: first the direction of "up" (the normal of the
 * largest flat region the mesh rests on), then the exact floor plane (the plane the sole would
 * stand on). The passes over the mesh's faces and the height field's cells run in the WebAssembly
 * kernel (assembly/sole.ts); the choice between candidates is made here.
 */
import { i32View, put, results, soleKernel } from './kernel.js';
import type { GridSpec } from './raster.js';

/** A unit vector. */
export type Vec3 = [number, number, number];

/** The normals' histogram is BINS × BINS, octahedral (assembly/sole.ts bins them). */
const BINS = 64;
/** Umbrella smoothing steps before up is looked for (engineering choice: see findUp; 1 mm noise needs 3). */
const UP_SMOOTHING_STEPS = 3;
/** Histogram peaks looked at, best first (of which at most 9 directions 12° apart are tried). */
const PEAKS = 40;

/**
 * The direction of up for a mesh (mm): the candidate flat directions are the peaks of the face
 * normals' area histogram (both signs, so the mesh's winding does not matter); each is scored by the
 * area of the faces lying within `bandMm` of the mesh's extreme plane across it (what a plate, or a
 * box's base, touches), and the best wins; all of it on the mesh smoothed by UP_SMOOTHING_STEPS
 * umbrella steps, so that a scanner's noise does not scatter the peaks.
 * @returns up, pointing from that plane into the mesh.
 */
export function findUp(p: Float64Array, indices: Uint32Array, bandMm = 2): { up: Vec3; contactMm2: number } {
  const nf = indices.length / 3, nv = p.length / 3;
  const k = soleKernel();
  const ixAt = put(k, indices);
  // Judged on the mesh smoothed (in place): a scanner's noise tilts each small face of a flat sole
  // a little (1 mm on faces 4 mm across: ~20°), enough to scatter the normals' peak and to sink the
  // lowest vertices below the band; three steps take out most of it and leave a flat sole flat.
  // (Across shared vertices: the intake welds an OBJ or PLY that lists a point more than once.)
  const pAt = put(k, p);
  k.smoothVertices(pAt, nv, ixAt, nf, UP_SMOOTHING_STEPS, pAt);
  const normals = k.alloc(24 * nf), areas = k.alloc(8 * nf), hist = k.alloc(8 * BINS * BINS), peaks = k.alloc(4 * PEAKS);
  // Each face's normal and area, their histogram, and its peaks (3×3 sums), best first.
  k.faceNormals(pAt, ixAt, nf, normals, areas, hist, PEAKS, peaks);
  const bins = Array.from(i32View(k, peaks, PEAKS));
  let best: Vec3 = [0, 0, 1], bestScore = -1;
  const tried: Vec3[] = [];
  for (const bin of bins) {
    const centre = unbin(bin);
    if (tried.some((t) => dot(t, centre) > Math.cos((12 * Math.PI) / 180))) continue;
    tried.push(centre);
    if (tried.length > 8) break;
    // The faces whose normals lie near this bin (either sign), averaged with the bin's sign.
    k.coneSum(normals, areas, nf, centre[0], centre[1], centre[2], 0.985);
    const r = results(k);
    const sx = r[0]!, sy = r[1]!, sz = r[2]!;
    const len = Math.hypot(sx, sy, sz);
    const dir: Vec3 = len > 0 ? [sx / len, sy / len, sz / len] : centre;
    // The area of the faces within the band of the mesh's lowest plane across dir and across −dir.
    k.contactAreas(pAt, nv, ixAt, nf, normals, areas, dir[0], dir[1], dir[2], bandMm);
    const scores = results(k);
    const along = scores[0]!, against = scores[1]!;
    if (along > bestScore) { bestScore = along; best = dir; }
    if (against > bestScore) { bestScore = against; best = [-dir[0], -dir[1], -dir[2]]; }
  }
  return { up: best, contactMm2: bestScore };
}

function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/** The direction at the centre of a histogram bin (the inverse of the kernel's octahedral mapping). */
function unbin(k: number): Vec3 {
  const i = k % BINS, j = (k - i) / BINS;
  let u = ((i + 0.5) / BINS) * 2 - 1, v = ((j + 0.5) / BINS) * 2 - 1;
  const z = 1 - Math.abs(u) - Math.abs(v);
  if (z < 0) { const uu = (1 - Math.abs(v)) * Math.sign(u || 1), vv = (1 - Math.abs(u)) * Math.sign(v || 1); u = uu; v = vv; }
  const len = Math.hypot(u, v, z);
  return [u / len, v / len, z / len];
}

/**
 * The floor a height field stands on: the plane z = a·x + b·y + c below every cell (sampled about
 * 2 mm apart) that is highest under the footprint's centre (the facet of the field's lower convex
 * hull there), which is where a rigid sole would come to rest. Found by maximising that concave
 * function of (a, b) with a pattern search; tilts up to ±`maxTilt` (rise over run).
 */
export function restingPlane(h: Float64Array, mask: Uint8Array, g: GridSpec, maxTilt = 0.3): { a: number; b: number; c: number } {
  const stride = Math.max(1, Math.round(2 / g.step));
  const k = soleKernel();
  k.restingPlane(put(k, h), put(k, mask), g.nx, g.ny, g.x0, g.y0, g.step, stride, maxTilt);
  const r = results(k);
  return { a: r[0]!, b: r[1]!, c: r[2]! };
}
