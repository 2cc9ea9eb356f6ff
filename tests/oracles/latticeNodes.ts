/**
 * The footprint lattice's nodes and their distances to the outline, by brute force (every edge for
 * every node): the oracle the domain kernel (assembly/domain.ts, with its segment grid and candidate
 * lists) is compared with, node for node. Slow; tests only.
 */
import type { Lattice, LatticeInputs, LatticeNodes } from '../../src/geometry/domain/index.js';

/** Squared distance from (px, py) to edge i of the closed outline xy (n points), mm². */
function edgeDistance2(xy: Float64Array, n: number, i: number, px: number, py: number): number {
  const k = i + 1 === n ? 0 : i + 1;
  const ax = xy[2 * i]!, ay = xy[2 * i + 1]!;
  const ex = xy[2 * k]! - ax, ey = xy[2 * k + 1]! - ay;
  const len2 = ex * ex + ey * ey;
  let t = len2 > 0 ? ((px - ax) * ex + (py - ay) * ey) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = ax + t * ex - px, dy = ay + t * ey - py;
  return dx * dx + dy * dy;
}

/** The nearest edge closer than `radius` (ties to the lower index) and its distance; -1 and Infinity when none. */
function nearestEdge(xy: Float64Array, px: number, py: number, radius: number): { edge: number; distance: number } {
  const n = xy.length >> 1;
  let best = radius * radius, edge = -1;
  for (let i = 0; i < n; i++) {
    const d2 = edgeDistance2(xy, n, i, px, py);
    if (d2 < best) { best = d2; edge = i; }
  }
  return { edge, distance: edge < 0 ? Infinity : Math.sqrt(best) };
}

/** latticeNodes by brute force: the same contract (see src/geometry/domain/latticeNodes.ts). */
export function latticeNodesOracle(inputs: LatticeInputs, lattice: Lattice): LatticeNodes {
  const { outline, ringDepth, radius, clearance } = inputs;
  const { ox, oy, h, nx, ny } = lattice;
  const nb = outline.length >> 1;
  const nodeDist = new Float64Array(nx * ny).fill(-1);
  let count = 0;
  for (let ix = 0; ix < nx; ix++) {
    const x = ox + ix * h;
    const crossings: number[] = [];
    for (let i = 0, j = nb - 1; i < nb; j = i++) {
      const xa = outline[2 * j]!, xb = outline[2 * i]!;
      if ((xa <= x && xb > x) || (xb <= x && xa > x)) {
        const ya = outline[2 * j + 1]!, yb = outline[2 * i + 1]!;
        crossings.push(ya + ((x - xa) / (xb - xa)) * (yb - ya));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const jy0 = Math.ceil((crossings[k]! - oy) / h), jy1 = Math.floor((crossings[k + 1]! - oy) / h);
      for (let iy = Math.max(0, jy0); iy <= Math.min(ny - 1, jy1); iy++) {
        const near = nearestEdge(outline, x, oy + iy * h, radius[ix]!);
        if (near.edge >= 0) {
          const e2 = near.edge + 1 === nb ? 0 : near.edge + 1;
          if (near.distance <= Math.max(ringDepth[near.edge]!, ringDepth[e2]!) + clearance) continue;
        }
        nodeDist[iy * nx + ix] = near.distance;
        count++;
      }
    }
  }
  return { nodeDist, count };
}
