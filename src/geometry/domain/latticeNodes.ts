import { DOMAIN_WASM, type DomainExports } from '../../wasm/generated/domainWasm.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';

/** The square lattice over the outline's bounding box: node (ix, iy) sits at (ox + ix·h, oy + iy·h). */
export interface Lattice {
  ox: number;
  oy: number;
  /** Spacing, mm. */
  h: number;
  nx: number;
  ny: number;
}

/** What latticeNodes needs besides the lattice. */
export interface LatticeInputs {
  /** CCW outline, foot frame, mm. */
  outline: Float64Array;
  /** Wall depth at each outline vertex, mm: a node must be farther than this (plus clearance) from its nearest edge's ends. */
  ringDepth: Float64Array;
  /** Per lattice column: the distance within which the exact distance to the outline is needed, mm. */
  radius: Float64Array;
  /** The segment grid's cell, mm. */
  cellSize: number;
  /** Clearance between the lattice and the wall vertices, mm. */
  clearance: number;
}

/** Per lattice node (iy·nx + ix): its distance to the outline (Infinity beyond its column's radius), or -1 when outside or too close. */
export interface LatticeNodes {
  nodeDist: Float64Array;
  /** Nodes kept (nodeDist ≥ 0). */
  count: number;
}

let kernel: DomainExports | null = null;

/**
 * The lattice nodes inside the outline with clearance, and their distances to it: buildDomain's
 * step 2, in WebAssembly (assembly/domain.ts; a build runs it once, cold: ~40 → ~5 ms at 1 mm).
 */
export function latticeNodes(inputs: LatticeInputs, lattice: Lattice): LatticeNodes {
  kernel ??= instantiateKernel<DomainExports>(DOMAIN_WASM, 'domain lattice');
  const { outline, ringDepth, radius } = inputs, nb = outline.length >> 1, { nx, ny } = lattice;
  kernel.begin(nb, nx, ny);
  writeArray(kernel.memory, kernel.outline(), outline);
  writeArray(kernel.memory, kernel.ringDepth(), ringDepth);
  writeArray(kernel.memory, kernel.radius(), radius);
  const count = kernel.latticeNodes(lattice.ox, lattice.oy, lattice.h, inputs.cellSize, inputs.clearance);
  return { nodeDist: new Float64Array(kernel.memory.buffer, kernel.nodeDist(), nx * ny).slice(), count };
}
