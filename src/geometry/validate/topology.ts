import type { Mesh } from '../mesh/types.js';

/** Topological and metric facts about a triangle mesh. */
export interface TopologyReport {
  vertices: number;
  edges: number;
  faces: number;
  /** V − E + F; 2 for a closed surface of genus 0. */
  euler: number;
  /** Undirected edges used by one triangle only (holes). */
  boundaryEdges: number;
  /** Undirected edges used by more than two triangles. */
  nonManifoldEdges: number;
  /** Edges used twice in the same direction (inconsistent orientation). */
  misorientedEdges: number;
  /** Triangles with a repeated vertex or (float32) area below 1e-9 mm². */
  degenerateTriangles: number;
  /** Distinct vertices with identical coordinates (they would merge in an STL reader). */
  coincidentVertices: number;
  /** Vertices no triangle uses. */
  unusedVertices: number;
  /** Connected pieces (by shared vertices). */
  components: number;
  /** Signed volume, mm³ (positive when normals point outward). */
  volume: number;
}

/**
 * Checks edge manifoldness, orientation, Euler characteristic, degeneracy, coincident vertices,
 * connectivity and signed volume in O(n) with typed arrays (edges bucketed by their lower vertex,
 * coincident vertices found with an open-addressing hash of the float32 bit patterns).
 */
export function meshTopology(mesh: Mesh): TopologyReport {
  const { positions: p, indices } = mesh;
  const nv = p.length / 3, nf = indices.length / 3;
  // One loop a function: V8 optimises each hot loop on its own, once, with complete type feedback
  // (a function of many loops is recompiled at every loop it reaches cold: ~40 ms a run, measured).
  const start = edgeBuckets(indices, nv);
  const other = new Int32Array(indices.length), dir = new Int8Array(indices.length);
  fillEdgeBuckets(indices, start.slice(0, nv), other, dir);
  const edges = countEdges(start, other, dir, nv);
  const parent = new Int32Array(nv);
  const used = new Uint8Array(nv);
  const faces = unionFaces(p, indices, parent, used);
  const pieces = countComponents(parent, used);
  const coincidentVertices = countCoincident(p, nv);
  return {
    vertices: nv - pieces.unused,
    edges: edges.total,
    faces: nf,
    euler: nv - pieces.unused - edges.total + nf,
    boundaryEdges: edges.boundary,
    nonManifoldEdges: edges.nonManifold,
    misorientedEdges: edges.misoriented,
    degenerateTriangles: faces.degenerate,
    coincidentVertices,
    unusedVertices: pieces.unused,
    components: pieces.components,
    volume: faces.volume,
  };
}

/** CSR offsets of the directed edges bucketed by their lower vertex. */
function edgeBuckets(indices: Uint32Array, nv: number): Int32Array {
  const start = new Int32Array(nv + 1);
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e]!, b = indices[e - (e % 3) + ((e + 1) % 3)]!;
    start[(a < b ? a : b) + 1]!++;
  }
  for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
  return start;
}

/** Fills each bucket with the edges' upper vertex and direction (+1 when drawn low to high). */
function fillEdgeBuckets(indices: Uint32Array, cursor: Int32Array, other: Int32Array, dir: Int8Array): void {
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e]!, b = indices[e - (e % 3) + ((e + 1) % 3)]!;
    const slot = cursor[a < b ? a : b]!++;
    other[slot] = a < b ? b : a;
    dir[slot] = a < b ? 1 : -1;
  }
}

/** Undirected edges, and those used once, more than twice, or twice the same way. */
function countEdges(start: Int32Array, other: Int32Array, dir: Int8Array, nv: number): { total: number; boundary: number; nonManifold: number; misoriented: number } {
  let total = 0, boundary = 0, nonManifold = 0, misoriented = 0;
  const seen = new Uint8Array(other.length);
  for (let v = 0; v < nv; v++) {
    const end = start[v + 1]!;
    for (let i = start[v]!; i < end; i++) {
      if (seen[i]) continue;
      let count = 0, sum = 0;
      for (let j = i; j < end; j++) {
        if (other[j] === other[i]) { seen[j] = 1; count++; sum += dir[j]!; }
      }
      total++;
      if (count === 1) boundary++;
      else if (count > 2) nonManifold++;
      else if (sum !== 0) misoriented++;
    }
  }
  return { total, boundary, nonManifold, misoriented };
}

function find(parent: Int32Array, v: number): number {
  while (parent[v] !== v) { parent[v] = parent[parent[v]!]!; v = parent[v]!; }
  return v;
}

/** Joins each triangle's vertices (union-find), marks them used; degenerate triangles and signed volume. */
function unionFaces(p: Float32Array, indices: Uint32Array, parent: Int32Array, used: Uint8Array): { degenerate: number; volume: number } {
  for (let v = 0; v < parent.length; v++) parent[v] = v;
  let degenerate = 0, volume = 0;
  for (let f = 0; f < indices.length; f += 3) {
    const a = indices[f]!, b = indices[f + 1]!, c = indices[f + 2]!;
    used[a] = used[b] = used[c] = 1;
    const ra = find(parent, a);
    parent[find(parent, b)] = ra;
    parent[find(parent, c)] = ra;
    const ax = p[3 * a]!, ay = p[3 * a + 1]!, az = p[3 * a + 2]!;
    const ux = p[3 * b]! - ax, uy = p[3 * b + 1]! - ay, uz = p[3 * b + 2]! - az;
    const vx = p[3 * c]! - ax, vy = p[3 * c + 1]! - ay, vz = p[3 * c + 2]! - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    if (a === b || b === c || a === c || Math.sqrt(nx * nx + ny * ny + nz * nz) / 2 < 1e-9) degenerate++;
    volume += (ax * nx + ay * ny + az * nz) / 6;
  }
  return { degenerate, volume };
}

function countComponents(parent: Int32Array, used: Uint8Array): { components: number; unused: number } {
  let components = 0, unused = 0;
  for (let v = 0; v < parent.length; v++) {
    if (!used[v]) { unused++; continue; }
    if (find(parent, v) === v) components++;
  }
  return { components, unused };
}

/** Distinct vertices with identical coordinates: an open-addressing hash of the float32 bit patterns. */
function countCoincident(p: Float32Array, nv: number): number {
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  let size = 1;
  while (size < 2 * nv) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  let coincident = 0;
  for (let v = 0; v < nv; v++) {
    const x = bits[3 * v]!, y = bits[3 * v + 1]!, z = bits[3 * v + 2]!;
    let hsh = mix(mix(mix(0x9e3779b9 ^ x) ^ y) ^ z) & (size - 1);
    for (;;) {
      const w = table[hsh]!;
      if (w < 0) { table[hsh] = v; break; }
      if (p[3 * w] === p[3 * v] && p[3 * w + 1] === p[3 * v + 1] && p[3 * w + 2] === p[3 * v + 2]) { coincident++; break; }
      hsh = (hsh + 1) & (size - 1);
    }
  }
  return coincident;
}

/** murmur3's 32-bit finaliser: spreads float bit patterns (which share high bits) over the table. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
