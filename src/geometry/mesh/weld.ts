/**
 * Welds a triangle soup (STL) into an indexed mesh: corners with identical coordinates become one
 * vertex, in order of first use. Identical means the same float bits (after -0 is folded into +0):
 * no tolerance, so two points a scanner wrote apart stay apart, as a slicer would keep them.
 *
 * In the WebAssembly kernel (assembly/weld.ts: an open-addressing hash table over the corners'
 * 32-bit words, as glTF-Transform's `weld`), fed the soup in chunks so a large file is never copied
 * whole. A build reads its scan once, cold: the JavaScript weld and decoding before it took ~15–20 ms
 * of a 12.8k-triangle scan's build (about 1 ms warm). Measured before that (2-core VM under load,
 * medians): the hash table about 1.1 ms warm on that scan, against 18 ms for a `Map` keyed by the
 * coordinates' text (tests/support/shapes.ts `weld`); on 1M triangles 165–275 ms, against 200–290 ms
 * when each lookup compared with the vertex's first corner in place.
 */
import { WELD_WASM, type WeldExports } from '../../wasm/generated/weldWasm.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';

export interface Welded {
  /** xyz of each distinct point, in order of first use. */
  positions: Float64Array;
  /** The vertex of each corner of the soup (three per triangle). */
  indices: Uint32Array;
}

let kernel: WeldExports | null = null;
/** Bytes of the soup copied into the kernel at a time. */
const CHUNK_BYTES = 1 << 20;

/** A kernel whose memory grew past this is let go after its weld (a huge scan's ~200 MB not kept for the next). */
const KEEP_BYTES = 64 << 20;

function results(k: WeldExports, corners: number): Welded {
  const n = k.vertices();
  const welded = {
    positions: new Float64Array(k.memory.buffer, k.positions(), 3 * n).slice(),
    indices: new Uint32Array(k.memory.buffer, k.indices(), corners).slice(),
  };
  if (k.memory.buffer.byteLength > KEEP_BYTES) kernel = null;
  return welded;
}

/** Welds `soup` (xyz per corner, three corners per triangle, all finite). */
export function weld(soup: Float32Array | Float64Array): Welded {
  kernel ??= instantiateKernel<WeldExports>(WELD_WASM, 'weld');
  const k = kernel, corners = soup.length / 3, size = 3 * soup.BYTES_PER_ELEMENT;
  const per = Math.floor(CHUNK_BYTES / size);
  const chunk = k.begin(corners, size / 4, per * size);
  for (let c = 0; c < corners; c += per) {
    const n = Math.min(per, corners - c);
    writeArray(k.memory, chunk, soup.subarray(3 * c, 3 * (c + n)));
    k.corners(n);
  }
  return results(k, corners);
}

/**
 * Welds `count` triangles stored as records of `recordBytes` bytes, each with its three corners'
 * nine little-endian float32 at `offset` (a binary STL: 50 and 12).
 * @returns the welded mesh, or the index (9·triangle + k) of the first number that is not finite.
 */
export function weldFloat32Records(bytes: Uint8Array, count: number, recordBytes: number, offset: number): Welded | { notFinite: number } {
  kernel ??= instantiateKernel<WeldExports>(WELD_WASM, 'weld');
  const k = kernel, per = Math.max(1, Math.floor(CHUNK_BYTES / recordBytes));
  const chunk = k.begin(3 * count, 3, per * recordBytes);
  for (let t = 0; t < count; t += per) {
    const n = Math.min(per, count - t);
    writeArray(k.memory, chunk, bytes.subarray(t * recordBytes, (t + n) * recordBytes));
    const bad = k.records(n, recordBytes, offset);
    if (bad >= 0) {
      if (k.memory.buffer.byteLength > KEEP_BYTES) kernel = null;
      return { notFinite: 9 * t + bad };
    }
  }
  return results(k, 3 * count);
}
