/**
 * The one mesh type every kernel stage takes and returns.
 *
 * - `positions`: xyz triples in mm, in the foot frame (x heel→toe, y to the foot's left, z up, floor z = 0).
 *   Float32 because that is what STL and 3MF store: the kernel validates exactly the numbers that are written.
 * - `indices`: three vertex indices per triangle, counter-clockwise when seen from outside the solid.
 */
export interface Mesh {
  readonly positions: Float32Array;
  readonly indices: Uint32Array;
}

/** Number of vertices in a mesh. */
export function vertexCount(mesh: Mesh): number {
  return mesh.positions.length / 3;
}

/** Number of triangles in a mesh. */
export function triangleCount(mesh: Mesh): number {
  return mesh.indices.length / 3;
}
