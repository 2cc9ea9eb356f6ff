/** Decodes a device's mesh from the page's payload. */
import type { PayloadDevice } from '../viewerTypes.js';

/**
 * The device's positions (float32 xyz, mm, foot frame) and triangle indices, from the base64 of
 * their little-endian bytes.
 * @throws Error when the lengths disagree with the counts the payload states.
 */
export function decodeMesh(d: PayloadDevice): { positions: Float32Array; indices: Uint16Array | Uint32Array } {
  const pos = bytes(d.positions), ix = bytes(d.indices);
  const positions = new Float32Array(pos.buffer, 0, pos.byteLength / 4);
  const indices = d.indexType === 'uint16' ? new Uint16Array(ix.buffer, 0, ix.byteLength / 2) : new Uint32Array(ix.buffer, 0, ix.byteLength / 4);
  if (positions.length !== 3 * d.vertexCount || indices.length !== 3 * d.triangleCount) {
    throw new Error(`device ${d.id}: the embedded mesh does not match its counts (${positions.length / 3} vertices, ${indices.length / 3} triangles)`);
  }
  return { positions, indices };
}

function bytes(base64: string): Uint8Array {
  const s = atob(base64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
