/**
 * The mesh as the 3D viewer's page carries it: base64 of its typed arrays.
 */
import type { Mesh } from '../../geometry/index.js';

/**
 * Encodes a mesh for the page: positions as base64 of their float32 bytes (the mesh's own numbers,
 * bit for bit), indices as base64 of uint16 when every index fits (a third less page for meshes under
 * 65,536 vertices), else uint32. Little-endian, as every browser and Node platform stores them.
 */
export function encodeMesh(mesh: Mesh): { positions: string; indices: string; indexType: 'uint16' | 'uint32' } {
  const nv = mesh.positions.length / 3;
  const small = nv <= 0xffff;
  const indices = small ? Uint16Array.from(mesh.indices) : mesh.indices;
  return {
    positions: base64(mesh.positions),
    indices: base64(indices),
    indexType: small ? 'uint16' : 'uint32',
  };
}

function base64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}
