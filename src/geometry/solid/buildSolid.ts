import type { Domain2D } from '../domain/index.js';
import type { Mesh } from '../mesh/types.js';
import { Surface } from '../surface/index.js';
import { writeArray } from '../../wasm/kernel.js';

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
 * joining the two along the outline. Runs in WebAssembly (assembly/solid.ts: sample() and assemble()).
 *
 * @returns the mesh (float32 positions, CCW-outward triangles) and its layout.
 */
export function buildSolid(domain: Domain2D, surface: Surface): { mesh: Mesh; layout: SolidLayout } {
  const { xy, distance, triangles, boundaryCount: nb } = domain;
  const nv = distance.length, nt = triangles.length / 3;
  const kernel = surface.use();
  Surface.invalidate(); // the mesh's buffers follow the surface's in the kernel's memory: the next use reloads
  kernel.mesh(nv, nt, nb);
  const { memory } = kernel;
  writeArray(memory, kernel.xy(), xy);
  writeArray(memory, kernel.distance(), distance);
  writeArray(memory, kernel.triangles(), triangles);
  kernel.sample();
  kernel.assemble();
  const out = memory.buffer; // read after the kernel's work, should a later version allocate in it
  const positions = new Float32Array(out, kernel.positions(), 6 * nv).slice();
  const indices = new Uint32Array(out, kernel.indices(), 3 * (2 * nt + 2 * nb)).slice();
  return { mesh: { positions, indices }, layout: { topCount: nv, topTriangles: nt, boundaryCount: nb } };
}

/**
 * Whether the underside, offset from the top along its normals, folds over itself: some underside
 * triangle faces the other way from the top triangle it was offset from. An offset by t folds where
 * the top bends over (a ridge) more tightly than t: a high arch's crest at the medial border, the
 * end of an arch squeezed before an early ball, under a thick shell (measured: a 34.7 mm arch under
 * a 7.25 mm TPU shell, and a 15 mm arch ending 8 mm before the ball under 7.25 mm of EVA, made meshes
 * that were not closed solids: 2 and 18 triangles turned over). A fold always turns triangles over
 * (the swallowtail of an offset surface); triangles flattened onto the floor or collapsed only lose
 * their area, which this does not count.
 */
export function undersideFolds(mesh: Mesh, layout: SolidLayout): boolean {
  const p = mesh.positions, ix = mesh.indices, nt = layout.topTriangles;
  const normal = (a: number, b: number, c: number, out: Float64Array) => {
    const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
    const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
    out[0] = uy * vz - uz * vy; out[1] = uz * vx - ux * vz; out[2] = ux * vy - uy * vx;
  };
  const top = new Float64Array(3), under = new Float64Array(3);
  for (let f = 0; f < nt; f++) {
    normal(ix[3 * f]!, ix[3 * f + 1]!, ix[3 * f + 2]!, top);
    // The underside's copy of triangle f is triangle nt + f, wound the other way (a, c, b).
    const g = 3 * (nt + f);
    normal(ix[g]!, ix[g + 2]!, ix[g + 1]!, under);
    const dot = top[0]! * under[0]! + top[1]! * under[1]! + top[2]! * under[2]!;
    if (dot < -1e-6 * Math.hypot(top[0]!, top[1]!, top[2]!) * Math.hypot(under[0]!, under[1]!, under[2]!)) return true;
  }
  return false;
}
