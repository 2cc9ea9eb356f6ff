import { DOMAIN_WASM } from '../../wasm/generated/domainWasm.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';
import { buildSegmentGrid, nearestEdge, type NearestResult } from '../outline/index.js';

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

interface DomainKernel {
  readonly memory: WebAssembly.Memory;
  begin(nb: number, nx: number, ny: number): void;
  outline(): number;
  ringDepth(): number;
  radius(): number;
  nodeDist(): number;
  latticeNodes(ox: number, oy: number, h: number, cellSize: number, clearance: number): number;
}
let kernel: DomainKernel | null = null;

/**
 * The lattice nodes inside the outline with clearance, and their distances to it: buildDomain's
 * step 2, in WebAssembly (assembly/domain.ts; a build runs it once, cold: ~40 → ~5 ms at 1 mm).
 * latticeNodesReference is the same in JavaScript; the tests require identical results.
 */
export function latticeNodes(inputs: LatticeInputs, lattice: Lattice): LatticeNodes {
  kernel ??= instantiateKernel<DomainKernel>(DOMAIN_WASM, 'domain lattice');
  const { outline, ringDepth, radius } = inputs, nb = outline.length >> 1, { nx, ny } = lattice;
  kernel.begin(nb, nx, ny);
  writeArray(kernel.memory, kernel.outline(), outline);
  writeArray(kernel.memory, kernel.ringDepth(), ringDepth);
  writeArray(kernel.memory, kernel.radius(), radius);
  const count = kernel.latticeNodes(lattice.ox, lattice.oy, lattice.h, inputs.cellSize, inputs.clearance);
  return { nodeDist: new Float64Array(kernel.memory.buffer, kernel.nodeDist(), nx * ny).slice(), count };
}

/** latticeNodes in JavaScript: the reference the WebAssembly kernel is tested against. */
export function latticeNodesReference(inputs: LatticeInputs, lattice: Lattice): LatticeNodes {
  const { outline, ringDepth, radius: radiusAt, clearance } = inputs;
  const { ox, oy, h, nx, ny } = lattice;
  const nb = outline.length >> 1;
  const grid = buildSegmentGrid(outline, inputs.cellSize);
  const nodeDist = new Float64Array(nx * ny).fill(-1); // -1: outside or too close
  const near: NearestResult = { distance: 0, edge: -1 };
  const crossings = new Float64Array(nb + 2);
  let count = 0;
  for (let ix = 0; ix < nx; ix++) {
    const x = ox + ix * h;
    let nc = 0;
    for (let i = 0, j = nb - 1; i < nb; j = i++) {
      const xa = outline[2 * j]!, xb = outline[2 * i]!;
      if ((xa <= x && xb > x) || (xb <= x && xa > x)) {
        const ya = outline[2 * j + 1]!, yb = outline[2 * i + 1]!;
        crossings[nc++] = ya + ((x - xa) / (xb - xa)) * (yb - ya);
      }
    }
    if (nc < 2) continue;
    const cs = crossings.subarray(0, nc).sort();
    const radius = radiusAt[ix]!;
    for (let k = 0; k + 1 < nc; k += 2) {
      const jy0 = Math.ceil((cs[k]! - oy) / h), jy1 = Math.floor((cs[k + 1]! - oy) / h);
      for (let iy = Math.max(0, jy0); iy <= Math.min(ny - 1, jy1); iy++) {
        const y = oy + iy * h;
        nearestEdge(grid, x, y, radius, near);
        if (near.edge >= 0) {
          const e2 = near.edge + 1 === nb ? 0 : near.edge + 1;
          const need = Math.max(ringDepth[near.edge]!, ringDepth[e2]!) + clearance;
          if (near.distance <= need) continue;
        }
        nodeDist[iy * nx + ix] = near.distance;
        count++;
      }
    }
  }
  return { nodeDist, count };
}
