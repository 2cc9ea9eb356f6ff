/**
 * An independent closed-2-manifold checker for triangle soups (what an STL holds).
 *
 * Test-only and deliberately independent of `src/geometry`: a bug in the kernel's own mesh code must
 * not be able to hide itself here. Vertices are welded by exact float equality (as a slicer does),
 * then the mesh must have:
 * - every undirected edge used by exactly two triangles, in opposite directions;
 * - every vertex surrounded by a single fan of triangles (no "pinched" vertices);
 * - Euler characteristic V − E + F = 2 and one connected component (triangles joined by edges);
 * - positive signed volume (normals point outward);
 * - no degenerate triangle (three distinct vertices, area > 1e-10 mm²);
 * - no self-intersection: a uniform-grid broad phase, then exact orientation predicates (a
 *   floating-point filter with an exact BigInt fallback, valid because STL coordinates are float32).
 *   Triangles that share nothing must be disjoint; triangles sharing one vertex may meet only at
 *   it (a fold or a crossing through the shared vertex is reported); triangles sharing an edge may
 *   meet only along it (a coplanar fold-back is reported).
 */
import { AssertionError } from 'node:assert';

export interface MeshCheckResult {
  /** True when `problems` is empty. */
  ok: boolean;
  /** One line per kind of problem, with counts and an example. */
  problems: string[];
  /** Distinct vertices after welding. */
  vertices: number;
  /** Distinct undirected edges. */
  edges: number;
  faces: number;
  /** V − E + F. */
  euler: number;
  /** Signed volume, mm³ (positive when the triangles are counter-clockwise seen from outside). */
  volume: number;
  /** Edges used by one triangle. */
  boundaryEdges: number;
  /** Edges used by more than two triangles. */
  nonManifoldEdges: number;
  /** Edges used by two triangles in the same direction (inconsistent orientation). */
  misorientedEdges: number;
  /** Vertices whose triangles form more than one fan (two sheets touching at a point). */
  nonManifoldVertices: number;
  /** Triangles with a repeated vertex or an area ≤ 1e-10 mm². */
  degenerate: number;
  /** Connected components (triangles joined through shared edges). */
  components: number;
  /** Intersecting triangle pairs found (−1 when the test was skipped). */
  selfIntersections: number;
  /** Up to `maxReported` intersecting pairs, as triangle indices into the input. */
  intersectingPairs: Array<[number, number]>;
}

export interface MeshCheckOptions {
  /** Run the self-intersection test (default true). */
  selfIntersections?: boolean;
  /** How many intersecting pairs to list (default 10). */
  maxReported?: number;
}

const DEGENERATE_AREA_MM2 = 1e-10;

/**
 * Checks that a triangle soup is a closed, consistently oriented, outward-facing 2-manifold of
 * sphere topology without degenerate or intersecting triangles.
 *
 * @param triangles nine floats per triangle (x, y, z of three vertices), mm.
 * @throws RangeError when the length is not a multiple of 9.
 */
export function checkClosedManifold(triangles: Float32Array, options: MeshCheckOptions = {}): MeshCheckResult {
  if (triangles.length % 9 !== 0) throw new RangeError(`triangle array length ${triangles.length} is not a multiple of 9`);
  const nf = triangles.length / 9;
  const problems: string[] = [];
  const result: MeshCheckResult = {
    ok: false,
    problems,
    vertices: 0,
    edges: 0,
    faces: nf,
    euler: 0,
    volume: 0,
    boundaryEdges: 0,
    nonManifoldEdges: 0,
    misorientedEdges: 0,
    nonManifoldVertices: 0,
    degenerate: 0,
    components: 0,
    selfIntersections: -1,
    intersectingPairs: [],
  };
  if (nf === 0) {
    problems.push('no triangles');
    return result;
  }
  for (let i = 0; i < triangles.length; i++) {
    if (!Number.isFinite(triangles[i]!)) {
      problems.push(`non-finite coordinate in triangle ${Math.floor(i / 9)}`);
      return result;
    }
  }

  // --- weld by exact value (bit pattern, with -0 folded into +0) ---
  const nc = nf * 3;
  const bits = new Uint32Array(triangles.buffer, triangles.byteOffset, triangles.length);
  const vcap = pow2AtLeast(nc * 2);
  const vtable = new Int32Array(vcap).fill(-1);
  const vbits = new Uint32Array(nc * 3);
  const vid = new Int32Array(nc); // welded vertex of each corner
  let nv = 0;
  for (let c = 0; c < nc; c++) {
    let b0 = bits[3 * c]!, b1 = bits[3 * c + 1]!, b2 = bits[3 * c + 2]!;
    if (b0 === 0x80000000) b0 = 0;
    if (b1 === 0x80000000) b1 = 0;
    if (b2 === 0x80000000) b2 = 0;
    let h = (Math.imul(b0, 0x9e3779b1) ^ Math.imul(b1 ^ 0x5bd1e995, 0x85ebca77) ^ Math.imul(b2 ^ 0x27d4eb2f, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 15)) & (vcap - 1);
    for (;;) {
      const v = vtable[h]!;
      if (v === -1) {
        vtable[h] = nv;
        vbits[3 * nv] = b0;
        vbits[3 * nv + 1] = b1;
        vbits[3 * nv + 2] = b2;
        vid[c] = nv++;
        break;
      }
      if (vbits[3 * v] === b0 && vbits[3 * v + 1] === b1 && vbits[3 * v + 2] === b2) {
        vid[c] = v;
        break;
      }
      h = (h + 1) & (vcap - 1);
    }
  }
  const P = new Float64Array(nv * 3);
  {
    const f = new Float32Array(vbits.buffer, 0, nv * 3);
    for (let i = 0; i < nv * 3; i++) P[i] = f[i]!;
  }
  result.vertices = nv;

  // --- degenerate triangles and volume ---
  const degenerate = new Uint8Array(nf);
  let firstDegenerate = -1;
  let vol = 0;
  const rx = P[0]!, ry = P[1]!, rz = P[2]!;
  for (let f = 0; f < nf; f++) {
    const i0 = vid[3 * f]!, i1 = vid[3 * f + 1]!, i2 = vid[3 * f + 2]!;
    const ax = P[3 * i0]! - rx, ay = P[3 * i0 + 1]! - ry, az = P[3 * i0 + 2]! - rz;
    const bx = P[3 * i1]! - rx, by = P[3 * i1 + 1]! - ry, bz = P[3 * i1 + 2]! - rz;
    const cx = P[3 * i2]! - rx, cy = P[3 * i2 + 1]! - ry, cz = P[3 * i2 + 2]! - rz;
    vol += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
    const ux = bx - ax, uy = by - ay, uz = bz - az, wx = cx - ax, wy = cy - ay, wz = cz - az;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    const area = 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (i0 === i1 || i1 === i2 || i0 === i2 || !(area > DEGENERATE_AREA_MM2)) {
      degenerate[f] = 1;
      result.degenerate++;
      if (firstDegenerate < 0) firstDegenerate = f;
    }
  }
  result.volume = vol / 6;

  // --- edges: a hash of undirected edges, counting uses and directions ---
  const ecap = pow2AtLeast(nc * 2);
  const ekA = new Int32Array(ecap).fill(-1);
  const ekB = new Int32Array(ecap);
  const eCount = new Int32Array(ecap);
  const eFwd = new Int32Array(ecap);
  const eH1 = new Int32Array(ecap);
  const eH2 = new Int32Array(ecap);
  const faceParent = identity(nf);
  for (let h = 0; h < nc; h++) {
    const f = (h / 3) | 0;
    const u = vid[h]!;
    const w = vid[f * 3 + ((h + 1) % 3)]!;
    if (u === w) continue;
    const a = u < w ? u : w, b = u < w ? w : u;
    let s = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
    s = (s ^ (s >>> 13)) & (ecap - 1);
    while (ekA[s] !== -1 && (ekA[s] !== a || ekB[s] !== b)) s = (s + 1) & (ecap - 1);
    if (ekA[s] === -1) {
      ekA[s] = a;
      ekB[s] = b;
      eH1[s] = h;
    } else {
      if (eCount[s] === 1) eH2[s] = h;
      union(faceParent, f, (eH1[s]! / 3) | 0);
    }
    eCount[s]!++;
    if (u < w) eFwd[s]!++;
  }
  const cornerParent = identity(nc);
  const next = (h: number): number => h - (h % 3) + ((h + 1) % 3);
  let exampleBoundary = -1, exampleNonManifold = -1, exampleMisoriented = -1;
  for (let s = 0; s < ecap; s++) {
    if (ekA[s] === -1) continue;
    result.edges++;
    const count = eCount[s]!;
    if (count === 1) {
      result.boundaryEdges++;
      if (exampleBoundary < 0) exampleBoundary = s;
    } else if (count > 2) {
      result.nonManifoldEdges++;
      if (exampleNonManifold < 0) exampleNonManifold = s;
    } else {
      const h1 = eH1[s]!, h2 = eH2[s]!;
      if (eFwd[s] !== 1) {
        result.misorientedEdges++;
        if (exampleMisoriented < 0) exampleMisoriented = s;
        union(cornerParent, h1, h2);
        union(cornerParent, next(h1), next(h2));
      } else {
        union(cornerParent, h1, next(h2));
        union(cornerParent, next(h1), h2);
      }
    }
  }
  const fans = new Int32Array(nv);
  for (let c = 0; c < nc; c++) if (find(cornerParent, c) === c) fans[vid[c]!]!++;
  let exampleVertex = -1;
  for (let v = 0; v < nv; v++) {
    if (fans[v]! > 1) {
      result.nonManifoldVertices++;
      if (exampleVertex < 0) exampleVertex = v;
    }
  }
  for (let f = 0; f < nf; f++) if (find(faceParent, f) === f) result.components++;
  result.euler = nv - result.edges + nf;

  const pt = (v: number): string => `(${P[3 * v]}, ${P[3 * v + 1]}, ${P[3 * v + 2]})`;
  const edge = (s: number): string => `${pt(ekA[s]!)}–${pt(ekB[s]!)}`;
  if (result.boundaryEdges > 0) {
    problems.push(`${result.boundaryEdges} boundary edges (used by one triangle: the mesh has holes), e.g. ${edge(exampleBoundary)}`);
  }
  if (result.nonManifoldEdges > 0) {
    problems.push(`${result.nonManifoldEdges} non-manifold edges (used by more than two triangles), e.g. ${edge(exampleNonManifold)}`);
  }
  if (result.misorientedEdges > 0) {
    problems.push(`${result.misorientedEdges} misoriented edges (two triangles traverse them in the same direction), e.g. ${edge(exampleMisoriented)}`);
  }
  if (result.nonManifoldVertices > 0) {
    problems.push(`${result.nonManifoldVertices} non-manifold vertices (more than one fan of triangles), e.g. ${pt(exampleVertex)}`);
  }
  if (result.euler !== 2) problems.push(`Euler characteristic V − E + F = ${nv} − ${result.edges} + ${nf} = ${result.euler}, expected 2`);
  if (result.components !== 1) problems.push(`${result.components} connected components, expected 1`);
  if (!(result.volume > 0)) problems.push(`signed volume ${result.volume} mm³ is not positive (normals point inward)`);
  if (result.degenerate > 0) problems.push(`${result.degenerate} degenerate triangles (repeated vertex or area ≤ ${DEGENERATE_AREA_MM2} mm²), e.g. triangle ${firstDegenerate}`);

  if (options.selfIntersections ?? true) {
    const max = options.maxReported ?? 10;
    result.selfIntersections = findSelfIntersections(P, vid, degenerate, max, result.intersectingPairs);
    if (result.selfIntersections > 0) {
      const [i, j] = result.intersectingPairs[0]!;
      problems.push(`${result.selfIntersections} intersecting triangle pairs, e.g. triangles ${i} and ${j}`);
    }
  }
  result.ok = problems.length === 0;
  return result;
}

/**
 * Asserts that a triangle soup is watertight (see {@link checkClosedManifold}).
 * @throws AssertionError listing every problem, prefixed by `label`.
 */
export function expectWatertight(triangles: Float32Array, label = 'mesh', options: MeshCheckOptions = {}): MeshCheckResult {
  const r = checkClosedManifold(triangles, options);
  if (!r.ok) {
    throw new AssertionError({
      message: `${label} is not a closed 2-manifold (${r.faces} triangles):\n  ${r.problems.join('\n  ')}`,
      actual: r.problems,
      expected: [],
      operator: 'expectWatertight',
    });
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Union-find

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function find(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[i] !== r) {
    const n = parent[i]!;
    parent[i] = r;
    i = n;
  }
  return r;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a), rb = find(parent, b);
  if (ra !== rb) parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Self-intersections: uniform grid broad phase

/**
 * Counts intersecting pairs of non-degenerate triangles. Each triangle goes into every grid cell
 * its bounding box overlaps; a pair is tested only in the cell holding the low corner of the
 * intersection of the two boxes, so once. Cell size: the mean triangle box extent, grown until the
 * grid has at most ~4 cells per triangle and ~16 entries per triangle.
 */
function findSelfIntersections(
  P: Float64Array,
  vid: Int32Array,
  degenerate: Uint8Array,
  maxReported: number,
  out: Array<[number, number]>,
): number {
  const nf = vid.length / 3;
  const box = new Float64Array(nf * 6);
  let gx0 = Infinity, gy0 = Infinity, gz0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz1 = -Infinity;
  let extentSum = 0;
  for (let f = 0; f < nf; f++) {
    let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
    for (let k = 0; k < 3; k++) {
      const v = vid[3 * f + k]!;
      const x = P[3 * v]!, y = P[3 * v + 1]!, z = P[3 * v + 2]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    }
    box[6 * f] = x0;
    box[6 * f + 1] = y0;
    box[6 * f + 2] = z0;
    box[6 * f + 3] = x1;
    box[6 * f + 4] = y1;
    box[6 * f + 5] = z1;
    if (x0 < gx0) gx0 = x0;
    if (y0 < gy0) gy0 = y0;
    if (z0 < gz0) gz0 = z0;
    if (x1 > gx1) gx1 = x1;
    if (y1 > gy1) gy1 = y1;
    if (z1 > gz1) gz1 = z1;
    extentSum += Math.max(x1 - x0, y1 - y0, z1 - z0);
  }
  let cell = Math.max(extentSum / nf, 1e-6 * Math.max(gx1 - gx0, gy1 - gy0, gz1 - gz0, 1e-9));
  let nx = 0, ny = 0, nz = 0, entries = 0;
  for (;;) {
    nx = Math.floor((gx1 - gx0) / cell) + 1;
    ny = Math.floor((gy1 - gy0) / cell) + 1;
    nz = Math.floor((gz1 - gz0) / cell) + 1;
    if (nx * ny * nz > 4 * nf + 64) {
      cell *= 1.25;
      continue;
    }
    entries = 0;
    for (let f = 0; f < nf; f++) {
      entries +=
        (Math.floor((box[6 * f + 3]! - gx0) / cell) - Math.floor((box[6 * f]! - gx0) / cell) + 1) *
        (Math.floor((box[6 * f + 4]! - gy0) / cell) - Math.floor((box[6 * f + 1]! - gy0) / cell) + 1) *
        (Math.floor((box[6 * f + 5]! - gz0) / cell) - Math.floor((box[6 * f + 2]! - gz0) / cell) + 1);
    }
    if (entries > 16 * nf + 64) {
      cell *= 1.25;
      continue;
    }
    break;
  }
  const ncell = nx * ny * nz;
  const lo = new Int32Array(nf * 3); // low cell coordinates of each box
  const start = new Int32Array(ncell + 1);
  const cellOf = (v: number, g0: number): number => Math.floor((v - g0) / cell);
  for (let f = 0; f < nf; f++) {
    const ix0 = cellOf(box[6 * f]!, gx0), iy0 = cellOf(box[6 * f + 1]!, gy0), iz0 = cellOf(box[6 * f + 2]!, gz0);
    const ix1 = cellOf(box[6 * f + 3]!, gx0), iy1 = cellOf(box[6 * f + 4]!, gy0), iz1 = cellOf(box[6 * f + 5]!, gz0);
    lo[3 * f] = ix0;
    lo[3 * f + 1] = iy0;
    lo[3 * f + 2] = iz0;
    if (degenerate[f]) continue;
    for (let iz = iz0; iz <= iz1; iz++) for (let iy = iy0; iy <= iy1; iy++) for (let ix = ix0; ix <= ix1; ix++) start[ix + nx * (iy + ny * iz) + 1]!++;
  }
  for (let c = 0; c < ncell; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, ncell);
  const items = new Int32Array(start[ncell]!);
  for (let f = 0; f < nf; f++) {
    if (degenerate[f]) continue;
    const ix0 = lo[3 * f]!, iy0 = lo[3 * f + 1]!, iz0 = lo[3 * f + 2]!;
    const ix1 = cellOf(box[6 * f + 3]!, gx0), iy1 = cellOf(box[6 * f + 4]!, gy0), iz1 = cellOf(box[6 * f + 5]!, gz0);
    for (let iz = iz0; iz <= iz1; iz++) for (let iy = iy0; iy <= iy1; iy++) for (let ix = ix0; ix <= ix1; ix++) items[fill[ix + nx * (iy + ny * iz)]!++] = f;
  }

  let found = 0;
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const c = ix + nx * (iy + ny * iz);
        const s0 = start[c]!, s1 = start[c + 1]!;
        for (let p = s0; p < s1; p++) {
          const f = items[p]!;
          for (let q = p + 1; q < s1; q++) {
            const g = items[q]!;
            // boxes overlap?
            if (
              box[6 * f]! > box[6 * g + 3]! || box[6 * g]! > box[6 * f + 3]! ||
              box[6 * f + 1]! > box[6 * g + 4]! || box[6 * g + 1]! > box[6 * f + 4]! ||
              box[6 * f + 2]! > box[6 * g + 5]! || box[6 * g + 2]! > box[6 * f + 5]!
            ) continue;
            // only in the cell of the overlap's low corner
            if (
              Math.max(lo[3 * f]!, lo[3 * g]!) !== ix ||
              Math.max(lo[3 * f + 1]!, lo[3 * g + 1]!) !== iy ||
              Math.max(lo[3 * f + 2]!, lo[3 * g + 2]!) !== iz
            ) continue;
            if (trianglesIntersect(P, vid, f, g)) {
              if (out.length < maxReported) out.push(f < g ? [f, g] : [g, f]);
              found++;
            }
          }
        }
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Narrow phase

/** Whether triangles f and g intersect other than where their shared vertices/edge allow. */
function trianglesIntersect(P: Float64Array, vid: Int32Array, f: number, g: number): boolean {
  const a0 = vid[3 * f]!, a1 = vid[3 * f + 1]!, a2 = vid[3 * f + 2]!;
  const b0 = vid[3 * g]!, b1 = vid[3 * g + 1]!, b2 = vid[3 * g + 2]!;
  // which vertices of f are also in g
  const s0 = a0 === b0 || a0 === b1 || a0 === b2;
  const s1 = a1 === b0 || a1 === b1 || a1 === b2;
  const s2 = a2 === b0 || a2 === b1 || a2 === b2;
  const shared = +s0 + +s1 + +s2;
  if (shared === 0) return triTri(P, a0, a1, a2, b0, b1, b2);
  if (shared === 1) {
    // rotate both so the shared vertex v comes first: (v, a, b) and (v, c, d)
    const v = s0 ? a0 : s1 ? a1 : a2;
    const [a, b] = s0 ? [a1, a2] : s1 ? [a2, a0] : [a0, a1];
    const [c, d] = v === b0 ? [b1, b2] : v === b1 ? [b2, b0] : [b0, b1];
    return sharedVertexOverlap(P, v, a, b, c, d);
  }
  if (shared === 2) {
    // shared edge uw; o is f's other vertex, q is g's. They may meet only along uw, unless g folds
    // back onto f: coplanar with q on o's side of uw.
    const [o, u, w] = !s0 ? [a0, a1, a2] : !s1 ? [a1, a2, a0] : [a2, a0, a1];
    const q = b0 !== u && b0 !== w ? b0 : b1 !== u && b1 !== w ? b1 : b2;
    if (orient3d(P, u, w, o, q) !== 0) return false;
    const [i, j] = dropAxis(P, u, w, o);
    return orient2d(P, i, j, u, w, o) * orient2d(P, i, j, u, w, q) > 0;
  }
  return false; // the same three vertices: reported as non-manifold edges
}

/** General case: closed triangles abc and def with no vertex in common. */
function triTri(P: Float64Array, a: number, b: number, c: number, d: number, e: number, f: number): boolean {
  const sa = orient3d(P, d, e, f, a), sb = orient3d(P, d, e, f, b), sc = orient3d(P, d, e, f, c);
  if ((sa > 0 && sb > 0 && sc > 0) || (sa < 0 && sb < 0 && sc < 0)) return false;
  const sd = orient3d(P, a, b, c, d), se = orient3d(P, a, b, c, e), sf = orient3d(P, a, b, c, f);
  if ((sd > 0 && se > 0 && sf > 0) || (sd < 0 && se < 0 && sf < 0)) return false;
  if (sa === 0 && sb === 0 && sc === 0) {
    const [i, j] = dropAxis(P, a, b, c);
    return triTri2d(P, i, j, a, b, c, d, e, f);
  }
  // Not coplanar: the intersection (if any) is a segment whose ends lie on edges of one or the other.
  return (
    segTri(P, a, b, d, e, f, sa, sb) || segTri(P, b, c, d, e, f, sb, sc) || segTri(P, c, a, d, e, f, sc, sa) ||
    segTri(P, d, e, a, b, c, sd, se) || segTri(P, e, f, a, b, c, se, sf) || segTri(P, f, d, a, b, c, sf, sd)
  );
}

/**
 * Triangles (v, a, b) and (v, c, d) share only v: do they meet anywhere else? Not coplanar: the
 * planes meet in a line through v and each triangle covers a segment of it from v; those overlap
 * beyond v exactly when edge ab meets triangle vcd or edge cd meets triangle vab. Coplanar: when
 * their angular sectors at v overlap.
 */
function sharedVertexOverlap(P: Float64Array, v: number, a: number, b: number, c: number, d: number): boolean {
  const sa = orient3d(P, v, c, d, a), sb = orient3d(P, v, c, d, b);
  if ((sa > 0 && sb > 0) || (sa < 0 && sb < 0)) return false;
  const sc = orient3d(P, v, a, b, c), sd = orient3d(P, v, a, b, d);
  if ((sc > 0 && sd > 0) || (sc < 0 && sd < 0)) return false;
  if (sa === 0 && sb === 0) {
    const [i, j] = dropAxis(P, v, a, b);
    return inSector(P, i, j, v, a, b, c) || inSector(P, i, j, v, a, b, d) || inSector(P, i, j, v, c, d, a) || inSector(P, i, j, v, c, d, b);
  }
  return segTri(P, a, b, v, c, d, sa, sb) || segTri(P, c, d, v, a, b, sc, sd);
}

/** Whether x lies in the closed sector at v spanned by a and b (2D, coplanar points), x ≠ v. */
function inSector(P: Float64Array, i: number, j: number, v: number, a: number, b: number, x: number): boolean {
  const o = orient2d(P, i, j, v, a, b);
  return orient2d(P, i, j, v, a, x) * o >= 0 && orient2d(P, i, j, v, x, b) * o >= 0;
}

/**
 * Whether closed segment pq meets closed triangle abc, given sp, sq: the orientations of p and q
 * against the triangle's plane.
 */
function segTri(P: Float64Array, p: number, q: number, a: number, b: number, c: number, sp: number, sq: number): boolean {
  if ((sp > 0 && sq > 0) || (sp < 0 && sq < 0)) return false;
  if (sp === 0 && sq === 0) {
    const [i, j] = dropAxis(P, a, b, c);
    return segTri2d(P, i, j, p, q, a, b, c);
  }
  // The line pq crosses the plane within the segment; it passes through the triangle when the three
  // orientations against its edges agree (zeros allowed: through an edge or a vertex).
  const o1 = orient3d(P, p, q, a, b), o2 = orient3d(P, p, q, b, c), o3 = orient3d(P, p, q, c, a);
  return !((o1 > 0 || o2 > 0 || o3 > 0) && (o1 < 0 || o2 < 0 || o3 < 0));
}

/** The two coordinate axes to keep when projecting the plane of abc (drops its normal's largest component). */
function dropAxis(P: Float64Array, a: number, b: number, c: number): [number, number] {
  const ux = P[3 * b]! - P[3 * a]!, uy = P[3 * b + 1]! - P[3 * a + 1]!, uz = P[3 * b + 2]! - P[3 * a + 2]!;
  const wx = P[3 * c]! - P[3 * a]!, wy = P[3 * c + 1]! - P[3 * a + 1]!, wz = P[3 * c + 2]! - P[3 * a + 2]!;
  const nx = Math.abs(uy * wz - uz * wy), ny = Math.abs(uz * wx - ux * wz), nz = Math.abs(ux * wy - uy * wx);
  if (nx >= ny && nx >= nz) return [1, 2];
  if (ny >= nz) return [2, 0];
  return [0, 1];
}

function triTri2d(P: Float64Array, i: number, j: number, a: number, b: number, c: number, d: number, e: number, f: number): boolean {
  const t1 = [a, b, c], t2 = [d, e, f];
  for (let k = 0; k < 3; k++) {
    for (let l = 0; l < 3; l++) {
      if (segSeg2d(P, i, j, t1[k]!, t1[(k + 1) % 3]!, t2[l]!, t2[(l + 1) % 3]!)) return true;
    }
  }
  return pointInTri2d(P, i, j, a, d, e, f) || pointInTri2d(P, i, j, d, a, b, c);
}

function segTri2d(P: Float64Array, i: number, j: number, p: number, q: number, a: number, b: number, c: number): boolean {
  return (
    pointInTri2d(P, i, j, p, a, b, c) ||
    segSeg2d(P, i, j, p, q, a, b) || segSeg2d(P, i, j, p, q, b, c) || segSeg2d(P, i, j, p, q, c, a)
  );
}

function pointInTri2d(P: Float64Array, i: number, j: number, p: number, a: number, b: number, c: number): boolean {
  const o1 = orient2d(P, i, j, a, b, p), o2 = orient2d(P, i, j, b, c, p), o3 = orient2d(P, i, j, c, a, p);
  return !((o1 > 0 || o2 > 0 || o3 > 0) && (o1 < 0 || o2 < 0 || o3 < 0));
}

/** Closed segments pq and rs (2D) meet? */
function segSeg2d(P: Float64Array, i: number, j: number, p: number, q: number, r: number, s: number): boolean {
  const d1 = orient2d(P, i, j, p, q, r), d2 = orient2d(P, i, j, p, q, s);
  const d3 = orient2d(P, i, j, r, s, p), d4 = orient2d(P, i, j, r, s, q);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && onSegment(P, i, j, p, q, r)) || (d2 === 0 && onSegment(P, i, j, p, q, s)) ||
    (d3 === 0 && onSegment(P, i, j, r, s, p)) || (d4 === 0 && onSegment(P, i, j, r, s, q))
  );
}

/** x collinear with pq: within its bounding box? */
function onSegment(P: Float64Array, i: number, j: number, p: number, q: number, x: number): boolean {
  const xi = P[3 * x + i]!, xj = P[3 * x + j]!;
  return (
    xi >= Math.min(P[3 * p + i]!, P[3 * q + i]!) && xi <= Math.max(P[3 * p + i]!, P[3 * q + i]!) &&
    xj >= Math.min(P[3 * p + j]!, P[3 * q + j]!) && xj <= Math.max(P[3 * p + j]!, P[3 * q + j]!)
  );
}

// ---------------------------------------------------------------------------------------------
// Exact orientation predicates for float32 coordinates (stored as float64): Shewchuk's static
// error bound filters the common case; undecided cases are evaluated exactly with BigInt, every
// float32 value being an integer multiple of 2^-149.

const EPS = 2 ** -53;
const O3D_ERRBOUND = (7 + 56 * EPS) * EPS;
const O2D_ERRBOUND = (3 + 16 * EPS) * EPS;
const FLOAT32_SCALE = 2 ** 149;

/** Sign of det[a − d, b − d, c − d]: +1, −1 or 0 (exactly). */
export function orient3d(P: Float64Array, a: number, b: number, c: number, d: number): number {
  const dx = P[3 * d]!, dy = P[3 * d + 1]!, dz = P[3 * d + 2]!;
  const adx = P[3 * a]! - dx, ady = P[3 * a + 1]! - dy, adz = P[3 * a + 2]! - dz;
  const bdx = P[3 * b]! - dx, bdy = P[3 * b + 1]! - dy, bdz = P[3 * b + 2]! - dz;
  const cdx = P[3 * c]! - dx, cdy = P[3 * c + 1]! - dy, cdz = P[3 * c + 2]! - dz;
  const bdxcdy = bdx * cdy, cdxbdy = cdx * bdy;
  const cdxady = cdx * ady, adxcdy = adx * cdy;
  const adxbdy = adx * bdy, bdxady = bdx * ady;
  const det = adz * (bdxcdy - cdxbdy) + bdz * (cdxady - adxcdy) + cdz * (adxbdy - bdxady);
  const permanent =
    (Math.abs(bdxcdy) + Math.abs(cdxbdy)) * Math.abs(adz) +
    (Math.abs(cdxady) + Math.abs(adxcdy)) * Math.abs(bdz) +
    (Math.abs(adxbdy) + Math.abs(bdxady)) * Math.abs(cdz);
  const bound = O3D_ERRBOUND * permanent;
  if (det > bound) return 1;
  if (-det > bound) return -1;
  if (permanent === 0) return 0; // every term is exactly zero
  return orient3dExact(P, a, b, c, d);
}

function big(x: number): bigint {
  return BigInt(x * FLOAT32_SCALE);
}

function orient3dExact(P: Float64Array, a: number, b: number, c: number, d: number): number {
  const dx = big(P[3 * d]!), dy = big(P[3 * d + 1]!), dz = big(P[3 * d + 2]!);
  const adx = big(P[3 * a]!) - dx, ady = big(P[3 * a + 1]!) - dy, adz = big(P[3 * a + 2]!) - dz;
  const bdx = big(P[3 * b]!) - dx, bdy = big(P[3 * b + 1]!) - dy, bdz = big(P[3 * b + 2]!) - dz;
  const cdx = big(P[3 * c]!) - dx, cdy = big(P[3 * c + 1]!) - dy, cdz = big(P[3 * c + 2]!) - dz;
  const det = adz * (bdx * cdy - cdx * bdy) + bdz * (cdx * ady - adx * cdy) + cdz * (adx * bdy - bdx * ady);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** Sign of the 2D orientation of (a, b, c) using coordinates i and j: +1, −1 or 0 (exactly). */
export function orient2d(P: Float64Array, i: number, j: number, a: number, b: number, c: number): number {
  const acx = P[3 * a + i]! - P[3 * c + i]!, bcx = P[3 * b + i]! - P[3 * c + i]!;
  const acy = P[3 * a + j]! - P[3 * c + j]!, bcy = P[3 * b + j]! - P[3 * c + j]!;
  const left = acx * bcy, right = acy * bcx;
  const det = left - right;
  const bound = O2D_ERRBOUND * (Math.abs(left) + Math.abs(right));
  if (det > bound) return 1;
  if (-det > bound) return -1;
  if (left === 0 && right === 0) return 0;
  const cx = big(P[3 * c + i]!), cy = big(P[3 * c + j]!);
  const e = (big(P[3 * a + i]!) - cx) * (big(P[3 * b + j]!) - cy) - (big(P[3 * a + j]!) - cy) * (big(P[3 * b + i]!) - cx);
  return e > 0n ? 1 : e < 0n ? -1 : 0;
}
