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
  // Edges bucketed by lower vertex (CSR).
  const start = new Int32Array(nv + 1);
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e]!, b = indices[e - (e % 3) + ((e + 1) % 3)]!;
    start[Math.min(a, b) + 1]!++;
  }
  for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
  const other = new Int32Array(indices.length), dir = new Int8Array(indices.length);
  const cur = start.slice(0, nv);
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e]!, b = indices[e - (e % 3) + ((e + 1) % 3)]!;
    const lo = Math.min(a, b);
    const slot = cur[lo]!++;
    other[slot] = Math.max(a, b);
    dir[slot] = a < b ? 1 : -1;
  }
  let edges = 0, boundaryEdges = 0, nonManifoldEdges = 0, misorientedEdges = 0;
  const seen = new Uint8Array(indices.length);
  for (let v = 0; v < nv; v++) {
    for (let i = start[v]!; i < start[v + 1]!; i++) {
      if (seen[i]) continue;
      let count = 0, sum = 0;
      for (let j = i; j < start[v + 1]!; j++) {
        if (other[j] === other[i]) { seen[j] = 1; count++; sum += dir[j]!; }
      }
      edges++;
      if (count === 1) boundaryEdges++;
      else if (count > 2) nonManifoldEdges++;
      else if (sum !== 0) misorientedEdges++;
    }
  }
  // Components by union-find over triangle vertices.
  const parent = new Int32Array(nv);
  for (let v = 0; v < nv; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) { parent[v] = parent[parent[v]!]!; v = parent[v]!; }
    return v;
  };
  const used = new Uint8Array(nv);
  let degenerateTriangles = 0, volume = 0;
  for (let f = 0; f < nf; f++) {
    const a = indices[3 * f]!, b = indices[3 * f + 1]!, c = indices[3 * f + 2]!;
    used[a] = used[b] = used[c] = 1;
    const ra = find(a), rb = find(b), rc = find(c);
    parent[rb] = ra;
    parent[find(rc)] = ra;
    const ax = p[3 * a]!, ay = p[3 * a + 1]!, az = p[3 * a + 2]!;
    const ux = p[3 * b]! - ax, uy = p[3 * b + 1]! - ay, uz = p[3 * b + 2]! - az;
    const vx = p[3 * c]! - ax, vy = p[3 * c + 1]! - ay, vz = p[3 * c + 2]! - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    if (a === b || b === c || a === c || Math.sqrt(nx * nx + ny * ny + nz * nz) / 2 < 1e-9) degenerateTriangles++;
    volume += (ax * nx + ay * ny + az * nz) / 6;
  }
  let components = 0, unusedVertices = 0;
  for (let v = 0; v < nv; v++) {
    if (!used[v]) { unusedVertices++; continue; }
    if (find(v) === v) components++;
  }
  // Coincident vertices: hash the float32 bit patterns.
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  let size = 1;
  while (size < 2 * nv) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  let coincidentVertices = 0;
  for (let v = 0; v < nv; v++) {
    const x = bits[3 * v]!, y = bits[3 * v + 1]!, z = bits[3 * v + 2]!;
    let hsh = mix(mix(mix(0x9e3779b9 ^ x) ^ y) ^ z) & (size - 1);
    for (;;) {
      const w = table[hsh]!;
      if (w < 0) { table[hsh] = v; break; }
      if (p[3 * w] === p[3 * v] && p[3 * w + 1] === p[3 * v + 1] && p[3 * w + 2] === p[3 * v + 2]) { coincidentVertices++; break; }
      hsh = (hsh + 1) & (size - 1);
    }
  }
  return {
    vertices: nv - unusedVertices,
    edges,
    faces: nf,
    euler: nv - unusedVertices - edges + nf,
    boundaryEdges,
    nonManifoldEdges,
    misorientedEdges,
    degenerateTriangles,
    coincidentVertices,
    unusedVertices,
    components,
    volume,
  };
}

/** murmur3's 32-bit finaliser: spreads float bit patterns (which share high bits) over the table. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
