/**
 * The mesh a 3D foot-scan file holds, as read (file units, file frame), and the limits a reader
 * accepts. Shared by the STL, OBJ and PLY readers; `readMesh.ts` re-exports all of it.
 */

/** The scan-file formats read: STL (binary or ASCII), Wavefront OBJ, PLY (ASCII or binary). */
export type MeshFormat = 'stl' | 'obj' | 'ply';

/**
 * An indexed triangle mesh exactly as a scan file stores it: the file's units (often metres for a
 * scanner, mm for CAD) and the file's frame; nothing is scaled, moved or reoriented.
 */
export interface ScanMesh {
  /**
   * xyz triples, in the file's units and frame. STL: one per distinct point (corners with the same
   * coordinates welded into one vertex, -0 taken as 0), in order of first use. OBJ and PLY: every
   * vertex of the file, in file order, used by a face or not.
   */
  readonly positions: Float64Array;
  /**
   * Three vertex indices (0-based, into `positions`) per triangle, in file order, with the file's
   * winding. Polygons are fan-triangulated (v0 v1 v2, v0 v2 v3, ...). Triangles that use one vertex
   * twice are dropped (see `droppedTriangles`).
   */
  readonly indices: Uint32Array;
  /** The format read. */
  readonly format: MeshFormat;
  /** How the file stores its numbers: OBJ is always `ascii`; PLY binary is either byte order. */
  readonly encoding: 'ascii' | 'binary';
  /**
   * Triangles dropped because they use the same vertex twice (in STL: two corners with identical
   * coordinates; in OBJ and PLY: a repeated index, or a fan triangle of a polygon that repeats one).
   */
  readonly droppedTriangles: number;
}

/** The largest mesh a reader accepts. */
export interface MeshLimits {
  /** Most triangles a file may hold (after polygons are fan-triangulated). */
  maxTriangles: number;
  /** Most vertices a file may hold (OBJ `v` lines, PLY `element vertex`, STL after welding). */
  maxVertices: number;
}

/**
 * The default limits (readMesh's `limits`), checked before the mesh is allocated. A foot scan holds
 * about 10k to 2M triangles; the limits are twice the densest, so no real foot scan is refused,
 * while a corrupt or hostile header cannot make a reader allocate gigabytes. At the limits a read
 * holds about 250 MB besides the file itself (a 4M-triangle binary STL is 200 MB; the weld kernel,
 * fed 1 MiB of it at a time, holds the indices 48 MB, its table 32 MB, the vertices' words ~25 MB and
 * their positions 48 MB for its ~2M vertices, then the mesh is copied out: 96 MB; measured peak RSS
 * 486 MiB with the file); a 2M-triangle scan takes half that.
 * `maxVertices` equals `maxTriangles`: a closed mesh has about half as many vertices as triangles,
 * so this leaves room for texture seams and unused points.
 */
export const MESH_LIMITS: Readonly<MeshLimits> = Object.freeze({ maxTriangles: 4_000_000, maxVertices: 4_000_000 });

