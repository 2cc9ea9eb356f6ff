import type { Mesh } from '../mesh/types.js';
import { crossSurfaceCandidates } from './crossSurfaceCandidates.js';
import { isGraphOverXY } from './graphProof.js';
import { findSelfIntersections } from './selfIntersections.js';
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
 * characteristic 2 and no self-intersections.
 *
 * @param layout optional: lets the check prove the top and underside embedded in O(n) and test
 *   only the pairs between surfaces; without it every nearby pair is tested.
 */
export function checkSolid(mesh: Mesh, layout?: SurfaceLayout): SolidCheck {
  const t = meshTopology(mesh);
  // Where the top and underside are each proved embedded as graphs over the floor, only triangles
  // near the other sheet or the rim need the pairwise test, and never two of the same sheet.
  let si: { count: number; first: [number, number] | null } | null = null;
  if (layout) {
    const { topCount: nv, topTriangles: nt, boundaryCount: nb } = layout;
    const topLoop = new Uint32Array(nb), bottomLoop = new Uint32Array(nb);
    for (let i = 0; i < nb; i++) { topLoop[i] = i; bottomLoop[i] = nv + i; }
    if (isGraphOverXY(mesh, 0, nt, 1, topLoop) && isGraphOverXY(mesh, nt, 2 * nt, -1, bottomLoop)) {
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
      const r = findSelfIntersections({ positions: mesh.positions, indices: sub }, 10, cls, 2 * meanExtent(boxes, nt), subBoxes);
      si = { count: r.count, first: r.first ? [keep[r.first[0]]!, keep[r.first[1]]!] : null };
    }
  }
  si ??= findSelfIntersections(mesh, 10);
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
  if (si.count) problems.push(`${si.count}${si.count >= 10 ? '+' : ''} pairs of triangles intersect (first: ${si.first?.join(' and ')})`);
  return { ...t, selfIntersections: si.count, problems };
}

/** Mean bounding-box extent (average of x, y, z) of triangles [0, count), mm. */
function meanExtent(box: Float64Array, count: number): number {
  let sum = 0;
  for (let o = 0; o < 6 * count; o += 6) sum += box[o + 3]! - box[o]! + (box[o + 4]! - box[o + 1]!) + (box[o + 5]! - box[o + 2]!);
  return Math.max(1e-3, sum / (3 * Math.max(1, count)));
}
