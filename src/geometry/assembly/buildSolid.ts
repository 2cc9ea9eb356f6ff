import type { Domain2D } from '../domain/index.js';
import type { Mesh } from '../mesh/types.js';
import { baseHeight, FEATURE_RECORD, featureAt, floorBlend, packSurface, type TopSurface } from '../surfaces/index.js';
import { SOLID_WASM } from '../../wasm/generated/solidWasm.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';

/** Per-vertex data of the solid that later stages (measurement, report) use. */
export interface SolidLayout {
  /** Vertices [0, topCount) are the top surface, [topCount, 2·topCount) the underside. */
  topCount: number;
  /** Triangles [0, topTriangles) are the top surface. */
  topTriangles: number;
  /** Outline vertices: the first `boundaryCount` of each surface. */
  boundaryCount: number;
}

/**
 * Builds the closed solid: the top surface as a height field over the footprint, the underside as
 * its offset by the shell thickness along the top's vertex normals (so the shell is exactly that
 * thick along the normal), flattened onto the floor (z = 0) under the rearfoot post, and a rim strip
 * joining the two along the outline. Runs in WebAssembly (assembly/solid.ts: a build samples the
 * surface and assembles the mesh once, cold); buildSolidReference is the same in JavaScript.
 *
 * @returns the mesh (float32 positions, CCW-outward triangles) and its layout.
 */
export function buildSolid(domain: Domain2D, surface: TopSurface): { mesh: Mesh; layout: SolidLayout } {
  const { xy, distance, triangles, boundaryCount: nb } = domain;
  const nv = distance.length, nt = triangles.length / 3;
  const packed = packSurface(surface);
  kernel ??= instantiateKernel<SolidKernel>(SOLID_WASM, 'solid');
  if (kernel.paramCount() !== packed.params.length || kernel.featureFields() !== FEATURE_RECORD) {
    throw new Error(`solid kernel: packSurface writes ${packed.params.length} parameters and ${FEATURE_RECORD} numbers a feature, the kernel reads ${kernel.paramCount()} and ${kernel.featureFields()}`);
  }
  kernel.begin(nv, nt, nb, packed.medialY.length, packed.features.length / FEATURE_RECORD);
  const { memory } = kernel;
  writeArray(memory, kernel.xy(), xy);
  writeArray(memory, kernel.distance(), distance);
  writeArray(memory, kernel.triangles(), triangles);
  writeArray(memory, kernel.params(), packed.params);
  writeArray(memory, kernel.features(), packed.features);
  writeArray(memory, kernel.medialY(), packed.medialY);
  writeArray(memory, kernel.width(), packed.width);
  kernel.sample();
  kernel.assemble(surface.thicknessMm, surface.mods.filled ? 1 : 0);
  const out = memory.buffer; // read after the kernel's work, should a later version allocate in it
  const positions = new Float32Array(out, kernel.positions(), 6 * nv).slice();
  const indices = new Uint32Array(out, kernel.indices(), 3 * (2 * nt + 2 * nb)).slice();
  return { mesh: { positions, indices }, layout: { topCount: nv, topTriangles: nt, boundaryCount: nb } };
}

interface SolidKernel {
  readonly memory: WebAssembly.Memory;
  begin(nv: number, nt: number, nb: number, stations: number, features: number): void;
  xy(): number;
  distance(): number;
  triangles(): number;
  params(): number;
  features(): number;
  medialY(): number;
  width(): number;
  positions(): number;
  indices(): number;
  sample(): void;
  assemble(thicknessMm: number, filled: number): void;
  paramCount(): number;
  featureFields(): number;
}
let kernel: SolidKernel | null = null;

/** buildSolid in JavaScript: the reference the WebAssembly kernel is tested against. */
export function buildSolidReference(domain: Domain2D, surface: TopSurface): { mesh: Mesh; layout: SolidLayout } {
  const { xy, distance, triangles, boundaryCount: nb } = domain;
  const nv = distance.length;
  const nt = triangles.length / 3;
  const t = surface.thicknessMm;
  // z: the base surface the shell follows; the top adds the features (pads, reliefs) to it.
  const z = new Float64Array(nv);
  const feature = new Float64Array(nv);
  for (let v = 0; v < nv; v++) {
    const x = xy[2 * v]!, y = xy[2 * v + 1]!, d = distance[v]!;
    z[v] = baseHeight(surface, x, y, d);
    feature[v] = featureAt(surface, x, y, d);
  }
  const filled = surface.mods.filled;

  // Area-weighted vertex normals of the top surface.
  const normal = new Float64Array(3 * nv);
  for (let f = 0; f < nt; f++) {
    const a = triangles[3 * f]!, b = triangles[3 * f + 1]!, c = triangles[3 * f + 2]!;
    const ux = xy[2 * b]! - xy[2 * a]!, uy = xy[2 * b + 1]! - xy[2 * a + 1]!, uz = z[b]! - z[a]!;
    const vx = xy[2 * c]! - xy[2 * a]!, vy = xy[2 * c + 1]! - xy[2 * a + 1]!, vz = z[c]! - z[a]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    normal[3 * a] = normal[3 * a]! + nx; normal[3 * a + 1] = normal[3 * a + 1]! + ny; normal[3 * a + 2] = normal[3 * a + 2]! + nz;
    normal[3 * b] = normal[3 * b]! + nx; normal[3 * b + 1] = normal[3 * b + 1]! + ny; normal[3 * b + 2] = normal[3 * b + 2]! + nz;
    normal[3 * c] = normal[3 * c]! + nx; normal[3 * c + 1] = normal[3 * c + 1]! + ny; normal[3 * c + 2] = normal[3 * c + 2]! + nz;
  }

  const positions = new Float32Array(6 * nv);
  for (let v = 0; v < nv; v++) {
    const x = xy[2 * v]!, y = xy[2 * v + 1]!;
    const nx = normal[3 * v]!, ny = normal[3 * v + 1]!, nz = normal[3 * v + 2]!;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    positions[3 * v] = x;
    positions[3 * v + 1] = y;
    positions[3 * v + 2] = z[v]! + feature[v]!;
    const o = 3 * (nv + v);
    if (filled) {
      // A filled device stands on a flat underside straight below its top.
      positions[o] = x;
      positions[o + 1] = y;
      positions[o + 2] = 0;
      continue;
    }
    const keep = 1 - floorBlend(surface, x);
    positions[o] = x - (t * nx) / len;
    positions[o + 1] = y - (t * ny) / len;
    // Never below the floor (rounding), and + 0 turns -0 into 0: STL readers weld vertices by their bits.
    positions[o + 2] = Math.max(0, keep * (z[v]! - (t * nz) / len)) + 0;
  }

  const indices = new Uint32Array(3 * (2 * nt + 2 * nb));
  indices.set(triangles, 0);
  let c = 3 * nt;
  for (let f = 0; f < nt; f++) {
    indices[c++] = nv + triangles[3 * f]!;
    indices[c++] = nv + triangles[3 * f + 2]!;
    indices[c++] = nv + triangles[3 * f + 1]!;
  }
  for (let i = 0; i < nb; i++) {
    const k = i + 1 === nb ? 0 : i + 1;
    // Outline is CCW from above, so outward is to the right of i -> k.
    indices[c++] = nv + i; indices[c++] = nv + k; indices[c++] = k;
    indices[c++] = nv + i; indices[c++] = k; indices[c++] = i;
  }
  return { mesh: { positions, indices }, layout: { topCount: nv, topTriangles: nt, boundaryCount: nb } };
}
