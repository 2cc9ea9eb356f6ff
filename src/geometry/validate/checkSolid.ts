import type { Mesh } from '../mesh/types.js';
import { crossSurfaceCandidates } from './crossSurfaceCandidates.js';
import { isGraphOverXY } from './graphProof.js';
import { findSelfIntersections } from './selfIntersections.js';
import { loadSolidCheckKernel, kernelResults } from './solidCheckKernel.js';
import { triangleBoxes } from './triangleBoxes.js';
import { meshTopology, type TopologyReport } from './topology.js';

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
  /** One line per failed rule; empty when the mesh is a valid closed solid. */
  problems: string[];
}

/**
 * Checks that a mesh is a closed, consistently oriented 2-manifold solid with outward normals,
 * positive volume, no degenerate triangles, no coincident vertices, one piece, Euler
 * characteristic 2 and no self-intersections. Runs in WebAssembly (assembly/solidCheck.ts): a build
 * checks once, cold, and compiled code spares it V8's interpreter (~170 → ~25 ms at 1 mm).
 * checkSolidReference is the same check in JavaScript; the tests require identical reports.
 *
 * @param layout optional: lets the check prove the top and underside embedded in O(n) and test
 *   only the pairs between surfaces; without it every nearby pair is tested.
 */
export function checkSolid(mesh: Mesh, layout?: SurfaceLayout): SolidCheck {
  const shape = shapeProblems(mesh);
  if (shape.length) return unreadableReport(mesh, shape);
  const k = loadSolidCheckKernel(mesh);
  const unreadable = unreadableProblems(k.badIndices(), k.nonFinite());
  if (unreadable.length) return unreadableReport(mesh, unreadable);
  k.topology();
  let r = kernelResults(k);
  const nv = mesh.positions.length / 3, nf = mesh.indices.length / 3;
  const t: TopologyReport = {
    vertices: nv - r[7]!, edges: r[0]!, faces: nf, euler: nv - r[7]! - r[0]! + nf,
    boundaryEdges: r[1]!, nonManifoldEdges: r[2]!, misorientedEdges: r[3]!, degenerateTriangles: r[4]!,
    coincidentVertices: r[8]!, unusedVertices: r[7]!, components: r[6]!, volume: r[5]!,
  };
  let count: number;
  const L = layout && layoutFits(mesh, layout) ? layout : null;
  if (
    L &&
    k.sheetBoundaries(L.topTriangles, L.topCount, L.boundaryCount) === 3 &&
    k.projectsOriented(0, L.topTriangles, 1) && k.projectsOriented(L.topTriangles, 2 * L.topTriangles, -1) &&
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

/** checkSolid in JavaScript: the reference the WebAssembly kernel is tested against. */
export function checkSolidReference(mesh: Mesh, layout?: SurfaceLayout): SolidCheck {
  const shape = shapeProblems(mesh);
  if (shape.length) return unreadableReport(mesh, shape);
  const vertexCount = mesh.positions.length / 3;
  let badIndices = 0, nonFinite = 0;
  for (const v of mesh.indices) if (v >= vertexCount) badIndices++;
  for (const x of mesh.positions) if (!Number.isFinite(x)) nonFinite++;
  const unreadable = unreadableProblems(badIndices, nonFinite);
  if (unreadable.length) return unreadableReport(mesh, unreadable);
  const t = meshTopology(mesh);
  // Where the top and underside are each proved embedded as graphs over the floor, only triangles
  // near the other sheet or the rim need the pairwise test, and never two of the same sheet.
  let si: { count: number; first: [number, number] | null } | null = null;
  if (layout && layoutFits(mesh, layout)) {
    const { topCount: nv, topTriangles: nt, boundaryCount: nb } = layout;
    const topLoop = new Uint32Array(nb), bottomLoop = new Uint32Array(nb);
    for (let i = 0; i < nb; i++) { topLoop[i] = i; bottomLoop[i] = nv + i; }
    if (
      sheetBoundaries(mesh, nt, nv, nb) === 3 &&
      isGraphOverXY(mesh, 0, nt, 1, topLoop) && isGraphOverXY(mesh, nt, 2 * nt, -1, bottomLoop)
    ) {
      const boxes = triangleBoxes(mesh);
      const keep = crossSurfaceCandidates(mesh, nt, 2, boxes);
      const sub = new Uint32Array(3 * keep.length);
      const subBoxes = new Float64Array(6 * keep.length);
      const cls = new Uint8Array(keep.length);
      for (let i = 0; i < keep.length; i++) {
        const f = keep[i]!;
        sub[3 * i] = mesh.indices[3 * f]!; sub[3 * i + 1] = mesh.indices[3 * f + 1]!; sub[3 * i + 2] = mesh.indices[3 * f + 2]!;
        for (let k = 0; k < 6; k++) subBoxes[6 * i + k] = boxes[6 * f + k]!; // no subarray view a triangle
        cls[i] = f < nt ? 1 : f < 2 * nt ? 2 : 0;
      }
      // Cell from the sheets' own triangles: the rim's tall ones would make it coarse.
      const r = findSelfIntersections({ positions: mesh.positions, indices: sub }, SELF_INTERSECTION_LIMIT, cls, 2 * meanExtent(boxes, nt), subBoxes);
      si = { count: r.count, first: r.first ? [keep[r.first[0]]!, keep[r.first[1]]!] : null };
    }
  }
  si ??= findSelfIntersections(mesh, SELF_INTERSECTION_LIMIT);
  return withProblems(t, si);
}

/** Intersecting pairs are counted up to this many. */
const SELF_INTERSECTION_LIMIT = 10;

/**
 * Whether a layout can describe this mesh at all: whole numbers, two sheets of topCount vertices and
 * topTriangles triangles each, boundary loops of at least 3 vertices within them. (Whether each sheet
 * really is bounded by its loop is checked by sheetBoundaries; a layout that fails either check
 * is ignored, and every nearby pair of triangles is tested.)
 */
function layoutFits(mesh: Mesh, layout: SurfaceLayout): boolean {
  const { topCount: nv, topTriangles: nt, boundaryCount: nb } = layout;
  const vertices = mesh.positions.length / 3, triangles = mesh.indices.length / 3;
  return [nv, nt, nb].every(Number.isInteger) && nb >= 3 && nb <= nv && 2 * nv <= vertices && nt >= 1 && 2 * nt <= triangles;
}

/** The kernel's sheetBoundaries in JavaScript (see assembly/solidCheck.ts): bit 1 the top, bit 2 the underside. */
function sheetBoundaries(mesh: Mesh, nt: number, topCount: number, nb: number): number {
  const ix = mesh.indices, nv = mesh.positions.length / 3;
  const uses = new Map<number, number[]>(); // undirected edge -> its directed edges (3·triangle + corner)
  for (let e = 0; e < ix.length; e++) {
    const a = ix[e]!, b = ix[e - (e % 3) + ((e + 1) % 3)]!;
    const key = Math.min(a, b) * nv + Math.max(a, b);
    const list = uses.get(key);
    if (list) list.push(e); else uses.set(key, [e]);
  }
  const next = (e: number) => ix[e - (e % 3) + ((e + 1) % 3)]!;
  let topOk = true, bottomOk = true, topEdges = 0, bottomEdges = 0;
  for (const list of uses.values()) {
    const top = list.filter((e) => Math.floor(e / 3) < nt), bottom = list.filter((e) => Math.floor(e / 3) >= nt && Math.floor(e / 3) < 2 * nt);
    if (top.length) {
      if (list.length !== 2) topOk = false;
      else if (top.length === 1) {
        const from = ix[top[0]!]!, to = next(top[0]!);
        if (from >= nb || to !== (from + 1) % nb) topOk = false;
        topEdges++;
      }
    }
    if (bottom.length) {
      if (list.length !== 2) bottomOk = false;
      else if (bottom.length === 1) {
        const from = next(bottom[0]!) - topCount, to = ix[bottom[0]!]! - topCount;
        if (from < 0 || from >= nb || to !== (from + 1) % nb) bottomOk = false;
        bottomEdges++;
      }
    }
  }
  return (topOk && topEdges === nb ? 1 : 0) | (bottomOk && bottomEdges === nb ? 2 : 0);
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
    selfIntersections: 0, problems,
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
  return { ...t, selfIntersections: si.count, problems };
}

/** Mean bounding-box extent (average of x, y, z) of triangles [0, count), mm. */
function meanExtent(box: Float64Array, count: number): number {
  let sum = 0;
  for (let o = 0; o < 6 * count; o += 6) sum += box[o + 3]! - box[o]! + (box[o + 4]! - box[o + 1]!) + (box[o + 5]! - box[o + 2]!);
  return Math.max(1e-3, sum / (3 * Math.max(1, count)));
}
