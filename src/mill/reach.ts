import type { Mesh } from '../geometry/index.js';
import { dropCutter } from './dropCutter.js';
import { viewFromAbove, type HeightGrid } from './heightGrid.js';
import { binTriangles } from './triangleBins.js';

/** Where a ball-end tool cannot reach the design. */
export interface Reach {
  /** Area of the floor plan where the best the ball can do stands more than the tolerance above the design, mm². */
  areaMm2: number;
  /** 1 at a node the ball cannot reach (only where `inside` is 1). */
  mask: Uint8Array;
  grid: Omit<HeightGrid, 'z'>;
  /** The most material the ball must leave there, mm. */
  deepestMm: number;
  /** The ball judged, mm. */
  ballDiameterMm: number;
}

/**
 * The concave features narrower than a ball-end tool: on a grid, the lowest surface any position
 * of the ball can cut (the envelope of its drop-cutter positions: every node's ball, dropped
 * exactly on the mesh, leaves z = tip + R − √(R² − r²) at distance r from its axis) compared with
 * the design seen from above. Where the envelope stands above the design by more than `toleranceMm`,
 * no stepover reaches it: a groove narrower than the ball, a fillet tighter than its radius.
 *
 * @param mesh the part, mm; region: the grid and the nodes to judge (1) in it
 */
export function ballReach(mesh: Mesh, grid: Omit<HeightGrid, 'z'>, inside: Uint8Array, diameterMm: number, toleranceMm: number): Reach {
  const { x0, y0, step, nx, ny } = grid;
  const R = diameterMm / 2;
  const bins = binTriangles(mesh, Math.max(1, R));
  const design = viewFromAbove(mesh, grid).top;
  const cl = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) cl[j * nx + i] = dropCutter(bins, 'ball', R, x0 + i * step, y0 + j * step, 0);
  const k = Math.floor(R / step);
  const mask = new Uint8Array(nx * ny);
  let n = 0, deepest = 0;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const node = j * nx + i;
    if (!inside[node]) continue;
    let env = Infinity;
    for (let dj = -k; dj <= k; dj++) {
      const jj = j + dj;
      if (jj < 0 || jj >= ny) continue;
      for (let di = -k; di <= k; di++) {
        const ii = i + di;
        if (ii < 0 || ii >= nx) continue;
        const r2 = (di * di + dj * dj) * step * step;
        if (r2 > R * R) continue;
        const z = cl[jj * nx + ii]! + R - Math.sqrt(R * R - r2);
        if (z < env) env = z;
      }
    }
    const d = design[node]!;
    const left = env - (d === -Infinity ? 0 : d);
    if (left > toleranceMm) { mask[node] = 1; n++; deepest = Math.max(deepest, left); }
  }
  return { areaMm2: n * step * step, mask, grid, deepestMm: deepest, ballDiameterMm: diameterMm };
}

/** Marks the nodes of a grid inside a closed polygon (even-odd, by rows). */
export function polygonMask(xy: Float64Array, grid: Omit<HeightGrid, 'z'>): Uint8Array {
  const { x0, y0, step, nx, ny } = grid;
  const n = xy.length >> 1;
  const mask = new Uint8Array(nx * ny);
  const cross: number[] = [];
  for (let j = 0; j < ny; j++) {
    const y = y0 + j * step;
    cross.length = 0;
    for (let a = 0; a < n; a++) {
      const b = (a + 1) % n;
      const ya = xy[2 * a + 1]!, yb = xy[2 * b + 1]!;
      if ((ya <= y) !== (yb <= y)) cross.push(xy[2 * a]! + ((y - ya) / (yb - ya)) * (xy[2 * b]! - xy[2 * a]!));
    }
    cross.sort((p, q) => p - q);
    for (let c = 0; c + 1 < cross.length; c += 2) {
      const i0 = Math.max(0, Math.ceil((cross[c]! - x0) / step)), i1 = Math.min(nx - 1, Math.floor((cross[c + 1]! - x0) / step));
      for (let i = i0; i <= i1; i++) mask[j * nx + i] = 1;
    }
  }
  return mask;
}

