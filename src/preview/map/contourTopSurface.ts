/**
 * Iso-lines and iso-regions of the device's top surface seen from above: the geometry behind the
 * top-view map's contour lines and colour bands. Pure: typed arrays in, plain arrays out.
 */
import type { Mesh } from '../../geometry/index.js';

/** Heights within this of a level count as at it (float32 positions carry ~1e-6 mm of noise). */
export const LEVEL_SNAP_MM = 1e-4;

/** Iso-lines spanning less than this are dropped (a summit at exactly a level). */
export const MIN_CONTOUR_MM = 0.05;

/** The contour of one height, in the foot frame (x heel→toe, y to the foot's left), mm. */
export interface IsoLevel {
  /** Height above the floor, mm. */
  levelMm: number;
  /** Iso-lines z = level, as polylines `[x0, y0, x1, y1, ...]`; a closed one repeats its first point
   *  at the end. Each keeps the higher ground on its left (counter-clockwise around a hill). */
  lines: Float64Array[];
  /** The region z ≥ level as closed loops (first point not repeated): outer loops counter-clockwise,
   *  holes clockwise, so that a nonzero fill paints exactly the region. */
  region: Float64Array[];
}

/** What `contourTopSurface` returns. */
export interface TopSurfaceContours {
  /** The whole top surface's boundary as closed loops (counter-clockwise; normally one). */
  boundary: Float64Array[];
  levels: IsoLevel[];
  /** Lowest and highest top-surface vertex above the floor, mm. */
  zRange: [number, number];
}

/**
 * Contours the top surface (vertices [0, topVertexCount), triangles [0, topTriangleCount) of `mesh`,
 * a graph over the floor whose triangles are counter-clockwise seen from above) at each height of
 * `levelsMm`: exact iso-lines, linearly interpolated along each triangle edge and chained into
 * polylines, and the region above each level as loops for filling.
 *
 * A vertex at a level (within `LEVEL_SNAP_MM`, float32 noise) counts as above it, so every
 * crossing lies on exactly one edge, the chains never branch, and a plateau lying at a level (the
 * forefoot at exactly the shell thickness) draws no noise contours.
 *
 * @param mesh the device mesh (foot frame, mm).
 * @param layout how many of the mesh's first vertices and triangles are the top surface.
 * @param levelsMm the heights to contour, mm above the floor.
 */
export function contourTopSurface(mesh: Mesh, layout: { topVertexCount: number; topTriangleCount: number }, levelsMm: readonly number[]): TopSurfaceContours {
  const p = mesh.positions, ix = mesh.indices;
  const nv = layout.topVertexCount, nt = layout.topTriangleCount;
  let zmin = Infinity, zmax = -Infinity;
  for (let v = 0; v < nv; v++) {
    const z = p[3 * v + 2]!;
    if (z < zmin) zmin = z;
    if (z > zmax) zmax = z;
  }

  // Boundary edges of the top surface: directed edges (in their triangle's CCW order) whose reverse
  // no top triangle uses. Each vertex's outgoing edges in CSR arrays (count, allocate once, fill);
  // measured 10× faster at 0.25 mm than a Set of numeric edge keys.
  const start = new Uint32Array(nv + 1);
  for (let k = 0; k < 3 * nt; k++) start[ix[k]! + 1]!++;
  for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, nv);
  const to = new Uint32Array(3 * nt);
  for (let k = 0; k < 3 * nt; k += 3) {
    const a = ix[k]!, b = ix[k + 1]!, c = ix[k + 2]!;
    to[fill[a]!++] = b; to[fill[b]!++] = c; to[fill[c]!++] = a;
  }
  const hasEdge = (a: number, b: number): boolean => {
    for (let e = start[a]!; e < start[a + 1]!; e++) if (to[e] === b) return true;
    return false;
  };
  const boundaryEdges: number[] = []; // pairs a, b
  for (let k = 0; k < 3 * nt; k += 3) {
    const a = ix[k]!, b = ix[k + 1]!, c = ix[k + 2]!;
    if (!hasEdge(b, a)) boundaryEdges.push(a, b);
    if (!hasEdge(c, b)) boundaryEdges.push(b, c);
    if (!hasEdge(a, c)) boundaryEdges.push(c, a);
  }

  const xyOfVertex = (v: number): [number, number] => [p[3 * v]!, p[3 * v + 1]!];
  const boundaryNext = new Map<number, number>();
  for (let i = 0; i < boundaryEdges.length; i += 2) boundaryNext.set(boundaryEdges[i]!, boundaryEdges[i + 1]!);
  const boundary = chainLoops(boundaryNext, xyOfVertex);

  const levels: IsoLevel[] = [];
  for (const level of levelsMm) {
    // Point keys: a vertex v is v; the crossing on edge {a, b} (a < b) is nv + a·nv + b.
    const crossing = (a: number, b: number): number => (a < b ? nv + a * nv + b : nv + b * nv + a);
    const pointXY = (key: number): [number, number] => {
      if (key < nv) return xyOfVertex(key);
      const e = key - nv, a = Math.floor(e / nv), b = e - a * nv;
      const za = p[3 * a + 2]!, zb = p[3 * b + 2]!;
      const t = Math.min(1, Math.max(0, (level - za) / (zb - za)));
      return [p[3 * a]! + t * (p[3 * b]! - p[3 * a]!), p[3 * a + 1]! + t * (p[3 * b + 1]! - p[3 * a + 1]!)];
    };
    const cut = level - LEVEL_SNAP_MM;
    const isoNext = new Map<number, number>();
    for (let k = 0; k < 3 * nt; k += 3) {
      const v0 = ix[k]!, v1 = ix[k + 1]!, v2 = ix[k + 2]!;
      const mask = (p[3 * v0 + 2]! >= cut ? 1 : 0) | (p[3 * v1 + 2]! >= cut ? 2 : 0) | (p[3 * v2 + 2]! >= cut ? 4 : 0);
      if (mask === 0 || mask === 7) continue;
      // Walking the triangle CCW, the crossing where we leave the region above ("exit", edge j→j+1)
      // and the one where we come back ("entry", edge i-1→i); the iso segment runs exit → entry,
      // which keeps the region above on its left.
      const v = [v0, v1, v2] as const;
      let exit = -1, entry = -1;
      for (let j = 0; j < 3; j++) {
        const here = (mask >> j) & 1, next = (mask >> ((j + 1) % 3)) & 1;
        if (here && !next) exit = crossing(v[j]!, v[(j + 1) % 3]!);
        if (!here && next) entry = crossing(v[j]!, v[(j + 1) % 3]!);
      }
      isoNext.set(exit, entry);
    }
    // A summit lying exactly at the level leaves a loop of zero size around one vertex: not a contour.
    const lines = chainLines(isoNext, pointXY).filter((xy) => extent(xy) >= MIN_CONTOUR_MM);

    // The region above: the iso segments plus the parts of the boundary at or above the level.
    const regionNext = new Map(isoNext);
    for (let i = 0; i < boundaryEdges.length; i += 2) {
      const a = boundaryEdges[i]!, b = boundaryEdges[i + 1]!;
      const aUp = p[3 * a + 2]! >= cut, bUp = p[3 * b + 2]! >= cut;
      if (aUp && bUp) regionNext.set(a, b);
      else if (aUp) regionNext.set(a, crossing(a, b));
      else if (bUp) regionNext.set(crossing(a, b), b);
    }
    levels.push({ levelMm: level, lines, region: chainLoops(regionNext, pointXY) });
  }
  return { boundary, levels, zRange: [zmin, zmax] };
}

/** Chains `next` (start key → end key) into polylines: open chains first (from their free ends),
 *  then closed ones (first point repeated). Order follows the map's insertion order. */
function chainLines(next: Map<number, number>, xy: (key: number) => [number, number]): Float64Array[] {
  const isEnd = new Set(next.values());
  const used = new Set<number>();
  const out: Float64Array[] = [];
  const walk = (start: number): void => {
    const pts: number[] = [];
    let k: number | undefined = start;
    while (k !== undefined) {
      const [x, y] = xy(k);
      pts.push(x, y);
      if (used.has(k)) break; // back at the start of a loop
      used.add(k);
      k = next.get(k);
    }
    out.push(Float64Array.from(pts));
  };
  for (const k of next.keys()) if (!isEnd.has(k) && !used.has(k)) walk(k);
  for (const k of next.keys()) if (!used.has(k)) walk(k);
  return out;
}

/** The larger side of a polyline's bounding box. */
function extent(xy: Float64Array): number {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k + 1 < xy.length; k += 2) {
    x0 = Math.min(x0, xy[k]!); x1 = Math.max(x1, xy[k]!); y0 = Math.min(y0, xy[k + 1]!); y1 = Math.max(y1, xy[k + 1]!);
  }
  return Math.max(x1 - x0, y1 - y0);
}

/** Chains `next` into closed loops (first point not repeated). */
function chainLoops(next: Map<number, number>, xy: (key: number) => [number, number]): Float64Array[] {
  const used = new Set<number>();
  const out: Float64Array[] = [];
  for (const start of next.keys()) {
    if (used.has(start)) continue;
    const pts: number[] = [];
    let k: number | undefined = start;
    while (k !== undefined && !used.has(k)) {
      used.add(k);
      const [x, y] = xy(k);
      pts.push(x, y);
      k = next.get(k);
    }
    if (pts.length >= 6) out.push(Float64Array.from(pts));
  }
  return out;
}
