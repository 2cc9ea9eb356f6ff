/**
 * A binary STL writer as plain as it gets (DataView, one float at a time): the oracle toStl's
 * WebAssembly writer (assembly/stl.ts) is compared with, byte for byte. Slow; tests only.
 */
import type { Mesh } from '../../src/index.js';

/** Unit normal of triangle abc from the float32 corners, in double precision (a zero-length normal stays (0, 0, 0)). */
function facetNormal(p: Float32Array, a: number, b: number, c: number): [number, number, number] {
  const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
  return [nx / len, ny / len, nz / len];
}

/** The binary STL of a mesh: an 80-byte header (`binary STL <name>`, never starting with "solid"), the count, 50-byte records. */
export function binaryStlOracle(mesh: Mesh, name = 'orthotic'): Uint8Array {
  const { positions: p, indices } = mesh;
  const nf = indices.length / 3;
  const buf = new Uint8Array(84 + 50 * nf);
  buf.set(new TextEncoder().encode(`binary STL ${name}`.replace(/^solid/i, '')).subarray(0, 80), 0);
  const view = new DataView(buf.buffer);
  view.setUint32(80, nf, true);
  for (let f = 0, o = 84; f < nf; f++, o += 50) {
    const corners = [indices[3 * f]!, indices[3 * f + 1]!, indices[3 * f + 2]!] as const;
    facetNormal(p, ...corners).forEach((v, k) => view.setFloat32(o + 4 * k, v, true));
    corners.forEach((v, j) => { for (let k = 0; k < 3; k++) view.setFloat32(o + 12 + 12 * j + 4 * k, p[3 * v + k]!, true); });
  }
  return buf;
}
