import type { Mesh } from '../mesh/types.js';
import { isGraphOverXY } from './graphProof.js';
import { findSelfIntersections } from './selfIntersections.js';
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
  // Where the top and underside are each proved embedded as graphs over the floor, only pairs that
  // straddle two surfaces (or touch the rim strip) need the pairwise test.
  let skip: Uint8Array | undefined;
  if (layout) {
    const { topCount: nv, topTriangles: nt, boundaryCount: nb } = layout;
    const topLoop = new Uint32Array(nb), bottomLoop = new Uint32Array(nb);
    for (let i = 0; i < nb; i++) { topLoop[i] = i; bottomLoop[i] = nv + i; }
    const topOk = isGraphOverXY(mesh, 0, nt, 1, topLoop);
    const bottomOk = isGraphOverXY(mesh, nt, 2 * nt, -1, bottomLoop);
    if (topOk || bottomOk) {
      skip = new Uint8Array(mesh.indices.length / 3);
      if (topOk) skip.fill(1, 0, nt);
      if (bottomOk) skip.fill(2, nt, 2 * nt);
    }
  }
  const si = findSelfIntersections(mesh, 10, skip);
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
