/**
 * Real scans edited for tests: a binary STL with every vertex (a distinct position) moved, as a
 * scanner's noise or a different placement would move it; faces, order and bytes otherwise kept.
 */

/** The binary STL `stl` with every distinct vertex moved by `move` (file units). */
export function movedStl(stl: Uint8Array, move: (v: [number, number, number]) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(stl);
  const view = new DataView(out.buffer), src = new DataView(stl.buffer, stl.byteOffset, stl.byteLength);
  const n = src.getUint32(80, true);
  const moved = new Map<string, [number, number, number]>();
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < 3; k++) {
      const at = 84 + 50 * t + 12 + 12 * k;
      const v: [number, number, number] = [src.getFloat32(at, true), src.getFloat32(at + 4, true), src.getFloat32(at + 8, true)];
      const key = v.join(',');
      if (!moved.has(key)) moved.set(key, move(v));
      const w = moved.get(key)!;
      for (let c = 0; c < 3; c++) view.setFloat32(at + 4 * c, w[c]!, true);
    }
  }
  return out;
}

/** Standard normal numbers, seeded (a linear congruential generator and Box–Muller): the same seed, the same numbers. */
function gaussians(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gaussian noise of `sdMm` on every vertex of a binary STL in metres, seeded (the same seed, the same file). */
export function noisyStl(stl: Uint8Array, sdMm: number, seed: number): Uint8Array {
  const gauss = gaussians(seed);
  return movedStl(stl, ([x, y, z]) => [x + (gauss() * sdMm) / 1000, y + (gauss() * sdMm) / 1000, z + (gauss() * sdMm) / 1000]);
}

/** The binary STL in metres with each triangle's corners moved apart, every corner by its own Gaussian noise of `sdMm` (a "soup": no corner shared), seeded. */
export function soupStl(stl: Uint8Array, sdMm: number, seed: number): Uint8Array {
  const gauss = gaussians(seed);
  const out = new Uint8Array(stl);
  const view = new DataView(out.buffer);
  const n = view.getUint32(80, true);
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < 9; k++) {
      const at = 84 + 50 * t + 12 + 4 * k;
      view.setFloat32(at, view.getFloat32(at, true) + (gauss() * sdMm) / 1000, true);
    }
  }
  return out;
}

/** A mesh's triangles with every corner a point of its own (as some OBJ and PLY exporters list them): xyz per corner, and faces 0 1 2, 3 4 5, ... */
export function cornersApart(mesh: { positions: Float64Array; indices: Uint32Array }): { points: Float64Array; faces: number[] } {
  const points = new Float64Array(3 * mesh.indices.length);
  for (let c = 0; c < mesh.indices.length; c++) for (let k = 0; k < 3; k++) points[3 * c + k] = mesh.positions[3 * mesh.indices[c]! + k]!;
  return { points, faces: Array.from({ length: mesh.indices.length }, (_, i) => i) };
}
