import Delaunator from 'delaunator';
import Constrainautor from '@kninnug/constrainautor';
import { GeometryError } from '../../errors.js';
import { latticeNodes } from './latticeNodes.js';

/**
 * A triangulation of the device's footprint (2D, foot frame). Vertex order: the outline first
 * (CCW, `boundaryCount` of them), then the extra wall vertices, then the lattice.
 */
export interface Domain2D {
  /** xy per vertex, mm. */
  xy: Float64Array;
  /** The first `boundaryCount` vertices are the outline, in CCW order. */
  boundaryCount: number;
  /** Distance from each vertex to the outline, mm (Infinity where it was not needed). */
  distance: Float64Array;
  /** Three vertex indices per triangle, CCW seen from above. */
  triangles: Uint32Array;
}

export interface DomainOptions {
  /** Lattice spacing, mm (the build resolution). */
  spacing: number;
  /** Insets (mm, increasing) of extra vertices along the inward normal of outline vertex i: the steep cup wall. */
  wallInsets: (i: number) => readonly number[];
  /** Distance from the outline within which the exact distance is needed at x (the cup zone), mm. */
  distanceNeeded: (x: number) => number;
}

/**
 * The convex turning radius of a closed CCW polygon at vertex i, mm (Infinity where it turns the
 * other way or not at all): the mean of its two edges over the angle it turns by.
 */
export function turnRadius(outline: Float64Array, i: number): number {
  const nb = outline.length >> 1;
  const a = (i + nb - 1) % nb, c = (i + 1) % nb;
  const ux = outline[2 * i]! - outline[2 * a]!, uy = outline[2 * i + 1]! - outline[2 * a + 1]!;
  const vx = outline[2 * c]! - outline[2 * i]!, vy = outline[2 * c + 1]! - outline[2 * i + 1]!;
  const turn = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  return turn > 0 ? (0.5 * (Math.hypot(ux, uy) + Math.hypot(vx, vy))) / turn : Infinity;
}

/**
 * The smallest convex turning radius at an outline vertex whose wall vertices reach `depth` mm in,
 * for a lattice of spacing `h`: below it the inset vertices of neighbouring columns would cross.
 */
export function minWallRadius(depth: number, h: number): number {
  return depth + 0.25 * h;
}

/**
 * The constrained Delaunay triangulation of the band's points. Constrainautor can fail to insert a
 * constraint among many nearly collinear points (measured: a footprint's straight bridged medial
 * border, parallel to the lattice's rows, 1 outline in ~3,000 generated ones): then it is retried
 * with the points moved by at most 1e-6 of the spacing (deterministically), which only changes which
 * of the near-degenerate triangulations is taken; the triangles keep their vertices, and their
 * orientation is taken from the true coordinates.
 */
function constrainedDelaunay(coords: Float64Array, edges: [number, number][], h: number): { del: Delaunator<Float64Array>; con: Constrainautor } {
  // A point that is not a number sends constrainautor round a broken fan for ever: a bug upstream, said at once.
  for (let i = 0; i < coords.length; i++) if (!Number.isFinite(coords[i]!)) throw new Error(`buildDomain: band point ${i >> 1} is not finite`);
  let attempt = 0;
  for (;;) {
    let points = coords;
    if (attempt > 0) {
      points = coords.slice();
      let seed = 0x9e3779b9 * attempt;
      for (let i = 0; i < points.length; i++) {
        seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
        points[i] = points[i]! + (((seed >>> 0) / 4294967296) - 0.5) * 2e-6 * h;
      }
    }
    const del = new Delaunator(points);
    try {
      return { del, con: new Constrainautor(del, edges) };
    } catch (err) {
      if (++attempt > CDT_RETRIES) throw err;
    }
  }
}

/** Perturbed retries of a constrained triangulation that failed (constrainedDelaunay). */
const CDT_RETRIES = 3;

/** Clearance between the regular lattice and the outline or wall vertices, in lattice spacings. */
const LATTICE_CLEARANCE = 0.6;

/**
 * Lattice node `node`'s index among the Delaunay band's points, adding it (its vertex to `band`)
 * the first time. A module function, not a closure: a closure made afresh each build loses its
 * optimised code when it dies, and is compiled again.
 */
function bandIndex(node: number, bandOf: Int32Array, band: number[], nodeVertex: Int32Array): number {
  if (bandOf[node]! < 0) {
    bandOf[node] = band.length;
    band.push(nodeVertex[node]!);
  }
  return bandOf[node]!;
}

/**
 * Triangulates a simple CCW outline: a regular square lattice (two triangles per cell, indexed
 * directly) fills the inside; columns of wall vertices along the outline's inward normals are
 * joined column to column (indexed directly); a constrained Delaunay triangulation (delaunator +
 * constrainautor) fills only the thin band between the innermost wall vertices and the lattice.
 * Measured at 0.5 mm on m271: with the wall vertices in the Delaunay band the kernel took ~48 ms,
 * with the columns joined directly ~28 ms (bench/results).
 *
 * @param outline CCW outline, foot frame, mm, evenly spaced about `spacing`.
 * @throws GeometryError when the outline is too sharply curved for the wall vertices.
 */
export function buildDomain(outline: Float64Array, opts: DomainOptions): Domain2D {
  const h = opts.spacing;
  const nb = outline.length >> 1;

  // 1. Wall vertices along inward normals.
  const wallCounts = new Int32Array(nb);
  const ringDepth = new Float64Array(nb);
  let wallTotal = 0;
  let maxDepth = 0;
  for (let i = 0; i < nb; i++) {
    const ins = opts.wallInsets(i);
    wallCounts[i] = ins.length;
    wallTotal += ins.length;
    const depth = ins.length ? ins[ins.length - 1]! : 0;
    ringDepth[i] = depth;
    if (depth > maxDepth) maxDepth = depth;
  }
  const normals = new Float64Array(2 * nb);
  for (let i = 0; i < nb; i++) {
    const a = (i + nb - 1) % nb, c = (i + 1) % nb;
    const tx = outline[2 * c]! - outline[2 * a]!, ty = outline[2 * c + 1]! - outline[2 * a + 1]!;
    const len = Math.hypot(tx, ty) || 1;
    normals[2 * i] = -ty / len;
    normals[2 * i + 1] = tx / len;
    if (ringDepth[i]! > 0) {
      const radius = turnRadius(outline, i);
      if (radius < minWallRadius(ringDepth[i]!, h)) {
        throw new GeometryError([{
          pointer: '/outline',
          rule: `the heel outline must be rounder: its radius of ${radius.toFixed(1)} mm near (${outline[2 * i]!.toFixed(1)}, ${outline[2 * i + 1]!.toFixed(1)}) in the foot frame is too tight for the heel-cup wall`,
          value: `${radius.toFixed(1)} mm`,
        }]);
      }
    }
  }

  // 2. Lattice nodes inside the outline with clearance.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < nb; i++) {
    minX = Math.min(minX, outline[2 * i]!); maxX = Math.max(maxX, outline[2 * i]!);
    minY = Math.min(minY, outline[2 * i + 1]!); maxY = Math.max(maxY, outline[2 * i + 1]!);
  }
  const ox = Math.floor(minX / h) * h, oy = Math.floor(minY / h) * h;
  const nx = Math.ceil((maxX - ox) / h) + 1, ny = Math.ceil((maxY - oy) / h) + 1;
  const clearance = LATTICE_CLEARANCE * h;
  const radius = new Float64Array(nx);
  for (let ix = 0; ix < nx; ix++) radius[ix] = Math.max(opts.distanceNeeded(ox + ix * h), maxDepth + clearance);
  const { nodeDist, count: latticeCount } = latticeNodes({ outline, ringDepth, radius, cellSize: Math.max(2, 2 * h), clearance }, { ox, oy, h, nx, ny });

  // 3. Vertex arrays: outline, wall, lattice.
  const total = nb + wallTotal + latticeCount;
  const xy = new Float64Array(2 * total);
  const distance = new Float64Array(total);
  xy.set(outline, 0);
  let v = nb;
  const wallStart = new Int32Array(nb); // index of outline vertex i's first wall vertex
  for (let i = 0; i < nb; i++) {
    wallStart[i] = v;
    const ins = wallCounts[i]! ? opts.wallInsets(i) : [];
    for (let k = 0; k < ins.length; k++) {
      xy[2 * v] = outline[2 * i]! + normals[2 * i]! * ins[k]!;
      xy[2 * v + 1] = outline[2 * i + 1]! + normals[2 * i + 1]! * ins[k]!;
      distance[v] = ins[k]!;
      v++;
    }
  }
  const nodeVertex = new Int32Array(nx * ny).fill(-1);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const d = nodeDist[iy * nx + ix]!;
      if (d < 0) continue;
      xy[2 * v] = ox + ix * h;
      xy[2 * v + 1] = oy + iy * h;
      distance[v] = d;
      nodeVertex[iy * nx + ix] = v++;
    }
  }

  // 4. Full lattice cells -> two triangles each; their union's border -> constraint edges.
  // `full` has a ring of empty cells around the lattice's (nx - 1) × (ny - 1): cell (ix, iy) is at
  // (iy + 1) · fw + ix + 1, so its neighbours need no bounds tests.
  const fw = nx + 1;
  const full = new Uint8Array(fw * (ny + 1));
  let fullCount = 0;
  for (let iy = 0; iy + 1 < ny; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      const a = iy * nx + ix;
      if (nodeVertex[a]! >= 0 && nodeVertex[a + 1]! >= 0 && nodeVertex[a + nx]! >= 0 && nodeVertex[a + nx + 1]! >= 0) {
        full[(iy + 1) * fw + ix + 1] = 1;
        fullCount++;
      }
    }
  }
  const borderLocal = new Int32Array(nx * ny).fill(-1);
  // The wall columns are joined column to column (a zipper by inset), so only the innermost vertex of
  // each column (the outline vertex itself where there is no wall) joins the Delaunay band.
  const cdtGlobal: number[] = [];
  for (let i = 0; i < nb; i++) cdtGlobal.push(wallCounts[i]! ? wallStart[i]! + wallCounts[i]! - 1 : i);
  const edges: [number, number][] = [];
  for (let i = 0; i < nb; i++) edges.push([i, (i + 1) % nb]);
  // Lattice nodes that belong to no full cell join the band as free points. Node (ix, iy) is a
  // corner of cells (ix - 1 .. ix, iy - 1 .. iy), at c and its neighbours below and to the left.
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const node = iy * nx + ix, c = (iy + 1) * fw + ix + 1;
      if (nodeVertex[node]! >= 0 && !full[c] && !full[c - 1] && !full[c - fw] && !full[c - fw - 1]) bandIndex(node, borderLocal, cdtGlobal, nodeVertex);
    }
  }
  for (let iy = 0; iy + 1 < ny; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      const c = (iy + 1) * fw + ix + 1;
      if (!full[c]) continue;
      const a = iy * nx + ix;
      const b = borderLocal, g = cdtGlobal, v = nodeVertex;
      if (!full[c - fw]) edges.push([bandIndex(a, b, g, v), bandIndex(a + 1, b, g, v)]);
      if (!full[c + 1]) edges.push([bandIndex(a + 1, b, g, v), bandIndex(a + nx + 1, b, g, v)]);
      if (!full[c + fw]) edges.push([bandIndex(a + nx + 1, b, g, v), bandIndex(a + nx, b, g, v)]);
      if (!full[c - 1]) edges.push([bandIndex(a + nx, b, g, v), bandIndex(a, b, g, v)]);
    }
  }

  // 5. Constrained Delaunay of the band points; keep triangles between the outline and the lattice.
  const m = cdtGlobal.length;
  const coords = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    coords[2 * i] = xy[2 * cdtGlobal[i]!]!;
    coords[2 * i + 1] = xy[2 * cdtGlobal[i]! + 1]!;
  }
  const { del, con } = constrainedDelaunay(coords, edges, h);
  const tri = del.triangles, half = del.halfedges;
  const nt = tri.length / 3;
  const depth = new Int32Array(nt).fill(-1);
  const queue = new Int32Array(2 * nt + 2);
  let qh = nt + 1, qt = nt + 1; // 0-1 BFS deque in the middle of the buffer
  for (let e = 0; e < tri.length; e++) {
    if (half[e] !== -1) continue;
    const t = (e / 3) | 0;
    const d = con.isConstrained(e) ? 1 : 0;
    if (depth[t] === -1 || d < depth[t]!) {
      depth[t] = d;
      if (d === 0) queue[--qh] = t; else queue[qt++] = t;
    }
  }
  while (qh < qt) {
    const t = queue[qh++]!;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + k;
      const o = half[e]!;
      if (o < 0) continue;
      const u = (o / 3) | 0;
      const d = depth[t]! + (con.isConstrained(e) ? 1 : 0);
      if (depth[u] === -1 || d < depth[u]!) {
        depth[u] = d;
        if (d === depth[t]) queue[--qh] = u; else queue[qt++] = u;
      }
    }
  }
  let bandCount = 0;
  for (let t = 0; t < nt; t++) if (depth[t] === 1) bandCount++;
  const stripCount = 2 * wallTotal; // each wall vertex advances one zipper, adding one triangle to each of its two strips
  const triangles = new Uint32Array(3 * (bandCount + 2 * fullCount + stripCount));
  let c = 0;
  // Wall strips: between the columns of outline vertices i and j = i + 1, advance up whichever
  // column's next vertex lies shallower. Outline CCW, inward to the left: (Pi, Pj, next) is CCW.
  const insetOf = (w: number) => distance[w]!;
  for (let i = 0; i < nb; i++) {
    const j = i + 1 === nb ? 0 : i + 1;
    const ki = wallCounts[i]!, kj = wallCounts[j]!;
    let a = 0, b = 0;
    let pa = i, pb = j;
    while (a < ki || b < kj) {
      const nextA = a < ki ? wallStart[i]! + a : -1, nextB = b < kj ? wallStart[j]! + b : -1;
      if (nextB < 0 || (nextA >= 0 && insetOf(nextA) <= insetOf(nextB))) {
        triangles[c++] = pa; triangles[c++] = pb; triangles[c++] = nextA;
        pa = nextA; a++;
      } else {
        triangles[c++] = pa; triangles[c++] = pb; triangles[c++] = nextB;
        pb = nextB; b++;
      }
    }
  }
  for (let t = 0; t < nt; t++) {
    if (depth[t] !== 1) continue;
    const a = cdtGlobal[tri[3 * t]!]!, b = cdtGlobal[tri[3 * t + 1]!]!, d = cdtGlobal[tri[3 * t + 2]!]!;
    const area2 = (xy[2 * b]! - xy[2 * a]!) * (xy[2 * d + 1]! - xy[2 * a + 1]!) - (xy[2 * b + 1]! - xy[2 * a + 1]!) * (xy[2 * d]! - xy[2 * a]!);
    triangles[c++] = a;
    if (area2 > 0) { triangles[c++] = b; triangles[c++] = d; } else { triangles[c++] = d; triangles[c++] = b; }
  }
  for (let iy = 0; iy + 1 < ny; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      if (!full[(iy + 1) * fw + ix + 1]) continue;
      const a = iy * nx + ix;
      const p = nodeVertex[a]!, q = nodeVertex[a + 1]!, r = nodeVertex[a + nx + 1]!, s = nodeVertex[a + nx]!;
      triangles[c++] = p; triangles[c++] = q; triangles[c++] = r;
      triangles[c++] = p; triangles[c++] = r; triangles[c++] = s;
    }
  }
  return { xy, boundaryCount: nb, distance, triangles };
}
