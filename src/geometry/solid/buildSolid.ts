import type { Domain2D } from '../domain/index.js';
import type { Mesh } from '../mesh/types.js';
import { Surface } from '../surface/index.js';
import { writeArray } from '../../wasm/kernel.js';

/** Per-vertex data of the solid that later stages (measurement, report) use. */
export interface SolidLayout {
  /** Vertices [0, topCount) are the top surface, [topCount, 2·topCount) the underside, any after them the rim's ring (see assembly/solid.ts assemble()). */
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
 * joining the two along the outline: the shell's edge, then, where the underside lies well below
 * it, straight down to the underside (so the wall keeps its thickness up to its rim). Runs in WebAssembly (assembly/solid.ts: sample() and assemble()).
 *
 * @param plainRim per outline vertex, 1 where the rim stays one straight face down to the underside
 *   (no ring: where a ring crossed the underside, see buildOrthotic)
 * @returns the mesh (float32 positions, CCW-outward triangles), its layout, and whether an
 *   underside offset along the normals folds over itself (the kernel's undersideFolds(); false for
 *   a ball underside, which is a graph and cannot).
 */
export function buildSolid(domain: Domain2D, surface: Surface, plainRim: Uint8Array | null = null): { mesh: Mesh; layout: SolidLayout; folds: boolean } {
  const { xy, distance, triangles, boundaryCount: nb } = domain;
  const nv = distance.length, nt = triangles.length / 3;
  const kernel = surface.use();
  Surface.invalidate(); // the mesh's buffers follow the surface's in the kernel's memory: the next use reloads
  kernel.mesh(nv, nt, nb);
  const { memory } = kernel;
  writeArray(memory, kernel.xy(), xy);
  writeArray(memory, kernel.distance(), distance);
  writeArray(memory, kernel.triangles(), triangles);
  if (plainRim) new Uint8Array(memory.buffer, kernel.plainRim(), nb).set(plainRim.subarray(0, nb));
  kernel.sample();
  const rings = kernel.assemble();
  const folds = !surface.params.ballUnderside && kernel.undersideFolds() !== 0;
  const out = memory.buffer; // read after the kernel's work, should a later version allocate in it
  const positions = new Float32Array(out, kernel.positions(), 3 * (2 * nv + rings)).slice();
  const indices = new Uint32Array(out, kernel.indices(), 3 * (2 * nt + 2 * nb + 2 * rings)).slice();
  return { mesh: { positions, indices }, layout: { topCount: nv, topTriangles: nt, boundaryCount: nb }, folds };
}
