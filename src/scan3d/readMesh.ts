/**
 * Reads a 3D foot-scan mesh file (STL, OBJ or PLY) from its bytes: the entry point of the scan3d
 * readers. Pure: bytes in, mesh out, no file system; the caller reads the file and picks the
 * format (`meshFormatOf` its name). Each format's reader cites its spec: `stl.ts` (3D Systems'
 * StereoLithography Interface Specification), `obj.ts` (Wavefront's Object Files appendix),
 * `ply.ts` (the PLY format as published by Paul Bourke).
 */
import { refuse } from './problems.js';
import { readObj } from './obj.js';
import { readPly } from './ply.js';
import { MESH_LIMITS, type MeshFormat, type MeshLimits, type ScanMesh } from './scanMesh.js';
import { readStl } from './stl.js';

export { MESH_LIMITS, type MeshFormat, type MeshLimits, type ScanMesh } from './scanMesh.js';

const FORMATS: ReadonlyMap<string, MeshFormat> = new Map([['stl', 'stl'], ['obj', 'obj'], ['ply', 'ply']]);

/**
 * The mesh format a file name's extension says, any case (`.stl`, `.obj`, `.ply`), or null.
 * @param path a file name or path (either slash); only its last extension counts
 */
export function meshFormatOf(path: string): MeshFormat | null {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? FORMATS.get(name.slice(dot + 1).toLowerCase()) ?? null : null;
}

/**
 * Reads a scan mesh from a file's bytes. STL triangles are welded into shared vertices (identical
 * coordinates); OBJ and PLY keep their own vertices and indices. Triangles that use a vertex twice
 * are dropped and counted; the order of vertices and triangles is the file's (deterministic).
 * @param bytes the whole file; never modified
 * @param format which reader to use (see meshFormatOf)
 * @param limits the largest mesh accepted (default MESH_LIMITS), checked before the mesh is allocated
 * @returns the mesh in the file's units and frame
 * @throws InputError with one problem saying plainly what is wrong with the file (empty, not this
 *   format, truncated, a non-finite vertex, a face index out of range, too many triangles, an
 *   unsupported PLY format or type, no triangles)
 * @throws TypeError when `format` is not one of 'stl', 'obj', 'ply' (a caller's bug, not the file's)
 */
export function readMesh(bytes: Uint8Array, format: MeshFormat, limits: Readonly<MeshLimits> = MESH_LIMITS): ScanMesh {
  if (format !== 'stl' && format !== 'obj' && format !== 'ply') throw new TypeError(`readMesh: unknown mesh format ${String(format)}`);
  if (bytes.length === 0) refuse(`the ${format.toUpperCase()} file is empty`);
  return format === 'stl' ? readStl(bytes, limits) : format === 'obj' ? readObj(bytes, limits) : readPly(bytes, limits);
}
