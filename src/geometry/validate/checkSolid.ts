import type { Mesh } from '../mesh/types.js';
import { loadSolidCheckKernel, kernelResults } from './solidCheckKernel.js';

/** The topology and volume of a mesh, as the check counts them. */
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

/** Which parts of a mesh are its top surface, underside and rim (see assembly's SolidLayout). */
export interface SurfaceLayout {
  /** Vertices [0, topCount) are the top, [topCount, 2·topCount) the underside. */
  topCount: number;
  /** Triangles [0, topTriangles) are the top, the next topTriangles the underside, the rest the rim. */
  topTriangles: number;
  /** The first boundaryCount vertices of each surface are its outline, in order. */
  boundaryCount: number;
}

export interface SolidCheck extends TopologyReport {
  /** Pairs of triangles that intersect without sharing an edge (counted up to 10). */
  selfIntersections: number;
  /** The first such pair's triangles, or null. */
  firstIntersection: [number, number] | null;
  /** One line per failed rule; empty when the mesh is a valid closed solid. */
  problems: string[];
}

/**
 * Checks that a mesh is a closed, consistently oriented 2-manifold solid with outward normals,
 * positive volume, no degenerate triangles, no coincident vertices, one piece, Euler
 * characteristic 2 and no self-intersections. Runs in WebAssembly (assembly/solidCheck.ts): a build
 * checks once, cold, and compiled code spares it V8's interpreter (~170 → ~25 ms at 1 mm).
 *
 * @param layout optional: lets the check prove the top and underside embedded in O(n) and test
 *   only the pairs between surfaces, and count the edges of the top alone when the underside and
 *   rim are the top's mirror and band as the solid kernel makes them (the same counts, checked
 *   against the general count in tests); without it every nearby pair is tested.
 */
export function checkSolid(mesh: Mesh, layout?: SurfaceLayout): SolidCheck {
  const shape = shapeProblems(mesh);
  if (shape.length) return unreadableReport(mesh, shape);
  const k = loadSolidCheckKernel(mesh);
  const unreadable = unreadableProblems(k.badIndices(), k.nonFinite());
  if (unreadable.length) return unreadableReport(mesh, unreadable);
  const L = layout && layoutFits(mesh, layout) ? layout : null;
  k.topology(L ? L.topTriangles : 0, L ? L.topCount : 0, L ? L.boundaryCount : 0);
  let r = kernelResults(k);
  const nv = mesh.positions.length / 3, nf = mesh.indices.length / 3;
  const t: TopologyReport = {
    vertices: nv - r[7]!, edges: r[0]!, faces: nf, euler: nv - r[7]! - r[0]! + nf,
    boundaryEdges: r[1]!, nonManifoldEdges: r[2]!, misorientedEdges: r[3]!, degenerateTriangles: r[4]!,
    coincidentVertices: r[8]!, unusedVertices: r[7]!, components: r[6]!, volume: r[5]!,
  };
  let count: number;
  if (
    L &&
    r[12] === 3 && // each sheet bounded by exactly its loop
    r[13] === 3 && // every triangle of the top, and of the underside, projects to the floor the right way round
    k.loopSimple(0, L.boundaryCount) && k.loopSimple(L.topCount, L.boundaryCount)
  ) {
    count = k.layeredIntersections(L.topTriangles, SELF_INTERSECTION_LIMIT);
  } else {
    count = k.allIntersections(SELF_INTERSECTION_LIMIT);
  }
  r = kernelResults(k); // anew: the checks may have grown the kernel's memory, which replaces its buffer
  const first: [number, number] | null = r[10]! >= 0 ? [r[10]!, r[11]!] : null;
  return withProblems(t, { count, first });
}

/** Intersecting pairs are counted up to this many. */
const SELF_INTERSECTION_LIMIT = 10;

/**
 * Whether a layout can describe this mesh at all: whole numbers, two sheets of topCount vertices and
 * topTriangles triangles each, boundary loops of at least 3 vertices within them. (Whether each sheet
 * really is bounded by its loop is checked with the topology (the kernel's countEdges); a layout that fails either check
 * is ignored, and every nearby pair of triangles is tested.)
 */
function layoutFits(mesh: Mesh, layout: SurfaceLayout): boolean {
  const { topCount: nv, topTriangles: nt, boundaryCount: nb } = layout;
  const vertices = mesh.positions.length / 3, triangles = mesh.indices.length / 3;
  return [nv, nt, nb].every(Number.isInteger) && nb >= 3 && nb <= nv && 2 * nv <= vertices && nt >= 1 && 2 * nt <= triangles;
}

/** Meshes whose arrays cannot hold triangles: lengths not multiples of 3, or no triangle at all. */
function shapeProblems(mesh: Mesh): string[] {
  const problems: string[] = [];
  if (mesh.positions.length % 3) problems.push(`${mesh.positions.length} coordinates are not whole xyz triples`);
  if (mesh.indices.length % 3) problems.push(`${mesh.indices.length} indices are not whole triangles`);
  else if (mesh.indices.length === 0) problems.push('no triangles');
  return problems;
}

function unreadableProblems(badIndices: number, nonFinite: number): string[] {
  const problems: string[] = [];
  if (badIndices) problems.push(`${badIndices} triangle corners name no vertex`);
  if (nonFinite) problems.push(`${nonFinite} coordinates are not finite numbers`);
  return problems;
}

/** The report of a mesh the checks cannot read: nothing counted, the problems say why. */
function unreadableReport(mesh: Mesh, problems: string[]): SolidCheck {
  return {
    vertices: Math.floor(mesh.positions.length / 3), edges: 0, faces: Math.floor(mesh.indices.length / 3), euler: NaN,
    boundaryEdges: 0, nonManifoldEdges: 0, misorientedEdges: 0, degenerateTriangles: 0,
    coincidentVertices: 0, unusedVertices: 0, components: 0, volume: NaN,
    selfIntersections: 0, firstIntersection: null, problems,
  };
}

function withProblems(t: TopologyReport, si: { count: number; first: [number, number] | null }): SolidCheck {
  const problems: string[] = [];
  if (t.boundaryEdges) problems.push(`${t.boundaryEdges} edges bound a hole (used by one triangle)`);
  if (t.nonManifoldEdges) problems.push(`${t.nonManifoldEdges} edges are shared by more than two triangles`);
  if (t.misorientedEdges) problems.push(`${t.misorientedEdges} edges are used twice in the same direction`);
  if (t.degenerateTriangles) problems.push(`${t.degenerateTriangles} degenerate triangles`);
  if (t.coincidentVertices) problems.push(`${t.coincidentVertices} vertices coincide with another`);
  if (t.unusedVertices) problems.push(`${t.unusedVertices} unused vertices`);
  if (t.components !== 1) problems.push(`${t.components} separate pieces`);
  if (t.euler !== 2) problems.push(`Euler characteristic ${t.euler}, expected 2`);
  if (!(t.volume > 0)) problems.push(`volume ${t.volume} mm³ is not positive (normals point inward)`);
  if (si.count) problems.push(`${si.count}${si.count >= SELF_INTERSECTION_LIMIT ? '+' : ''} pairs of triangles intersect (first: ${si.first?.join(' and ')})`);
  return { ...t, selfIntersections: si.count, firstIntersection: si.count ? si.first : null, problems };
}
