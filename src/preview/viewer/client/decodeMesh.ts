/** Decodes a device's mesh, and the grids of a 3D scan, from the page's payload. */
import { GRID_NONE, type ValueGrid } from '../fitField.js';
import type { EncodedGrid, PayloadDevice } from '../viewerTypes.js';

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

/** A grid's values in mm (NaN where GRID_NONE), from the base64 of its little-endian int16 hundredths. */
export function decodeGrid(g: EncodedGrid): ValueGrid {
  const raw = bytes(g.values);
  const q = new Int16Array(raw.buffer, 0, raw.byteLength / 2);
  if (q.length !== g.nx * g.ny) throw new Error(`a grid of ${g.nx} × ${g.ny} nodes carries ${q.length} values`);
  const values = new Float32Array(q.length);
  for (let k = 0; k < q.length; k++) values[k] = q[k] === GRID_NONE ? Number.NaN : q[k]! / 100;
  return { x0: g.x0, y0: g.y0, step: g.stepMm, nx: g.nx, ny: g.ny, values };
}

function bytes(base64: string): Uint8Array {
  const s = atob(base64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
