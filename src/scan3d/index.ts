/**
 * 3D foot-scan meshes at the edge: STL, OBJ and PLY files read from their bytes into an indexed
 * triangle mesh in the file's units and frame. Pure (no file system, no process).
 */
export { MESH_LIMITS, meshFormatOf, readMesh, type MeshFormat, type MeshLimits, type ScanMesh } from './readMesh.js';
