import type { Mesh } from '../mesh/types.js';
import { findSelfIntersections } from './selfIntersections.js';
import { meshTopology, type TopologyReport } from './topology.js';

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
 */
export function checkSolid(mesh: Mesh): SolidCheck {
  const t = meshTopology(mesh);
  const si = findSelfIntersections(mesh, 10);
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
