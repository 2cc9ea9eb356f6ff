import type { Mesh } from '../geometry/index.js';
import { micron } from './gcodeWriter.js';
import { viewFromAbove } from './heightGrid.js';

/** One finishing raster pass along x at `y`: the ball's tip height at each sample (NaN where the pass does not go). */
export interface FinishPass {
  y: number;
  z: Float64Array;
  /** Added between the stepover's passes. */
  infill: boolean;
}

/** Rows of the judging grid, mm (engineering choice: half the proof's 0.25 mm, so a cusp between its rows is seen). */
const ROW_MM = 0.125;
/** Columns of the judging grid, mm: the drop's sample spacing along a pass (the cusps run along x, between passes). */
const COLUMN_MM = 0.25;
/** Surfaces steeper than this are left to the spacing rule (the scallop is promised up to 60°). */
const MAX_SLOPE = Math.tan((60 * Math.PI) / 180);
/** A pass is added where it would lower the cut by at least this much, mm (engineering choice: less chases the micron rounding). */
const GAIN_MM = 0.01;
/**
 * A node is held to the target where some ball position (dropped on a 0.25 mm lattice around it)
 * leaves within this of the design, mm (engineering choice: where the best ball leaves more, the
 * ball cannot reach and a stepover cannot help: a groove narrower than the ball, the wall's fillet).
 */
const REACH_MM = 0.05;
/** Rounds of adding passes (each halves the gaps it touches: 1.5 mm down to 0.01 mm in 7; more is a groove the ball cannot fill). */
const MAX_ROUNDS = 10;

/**
 * Adds finishing passes until the cut they leave stands within `limitMm` of the design wherever the
 * ball can reach and a pass would still lower it. The cut is simulated on a grid (columns every
 * 0.25 mm, rows every 0.125 mm, on multiples of those in the blank's frame) from the passes' dropped
 * heights, each sample's ball stamped `liftMm` higher (the moves merged above it); the design is
 * the mesh seen from above (the table, z = 0, where there is none). The cusp is measured along the
 * normal with the lesser of two central-difference slopes (over ±0.125 and ±0.25 mm): at a crease
 * the normal is not defined, and the lesser slope measures nearer the vertical (the stricter).
 * A node over the limit is held to it if a ball can reach it (within REACH_MM: a ball on a lattice
 * around it, else a ball tangent to the design at the node along one of six normals its neighbours
 * give); then each gap between two passes whose middle is within the ball's radius is tried, the
 * ball dropped at its middle at the nearest sample (a cusp between passes), else at every sample
 * within reach (a flank the ball meets off its axis, as where a rim crosses the passes); the one
 * cutting lowest, if it gains at least GAIN_MM, gets a pass at its middle over that sample and a
 * ball's radius either side. Rounds repeat until no node gets one. Slopes over 60° are not judged
 * (the caller spaces passes there by the distance between their ball centres).
 *
 * @param passes sorted by y; passes are added and the array re-sorted in place
 * @param xs the samples along every pass, blank frame, mm
 * @param window where the ball's axis goes, blank frame, mm
 * @param drop the ball's tip height at (x, y), mm, rounded up to the micron
 * @returns the number of passes added
 */
export function refineCusps(
  mesh: Mesh,
  passes: FinishPass[],
  xs: Float64Array,
  window: { x0: number; y0: number; x1: number; y1: number },
  radiusMm: number,
  limitMm: number,
  liftMm: number,
  drop: (x: number, y: number) => number,
): number {
  const R = radiusMm, R2 = R * R;
  // The judging grid: rows every ROW_MM; its columns every COLUMN_MM (every other design column).
  const j0 = Math.ceil(window.y0 / ROW_MM - 1e-9), j1 = Math.floor(window.y1 / ROW_MM + 1e-9);
  const c0 = Math.ceil(window.x0 / COLUMN_MM - 1e-9), c1 = Math.floor(window.x1 / COLUMN_MM + 1e-9);
  const ny = j1 - j0 + 1, nc = c1 - c0 + 1, dnx = 2 * nc - 1;
  if (ny < 5 || nc < 3) return 0;
  const gy0 = j0 * ROW_MM, gx0 = c0 * COLUMN_MM;
  const design = viewFromAbove(mesh, { x0: gx0, y0: gy0, step: ROW_MM, nx: dnx, ny }).top;
  for (let k = 0; k < design.length; k++) if (design[k] === -Infinity) design[k] = 0;
  // Per judged node (row j, column c), the factor from the vertical to the normal; 0 where not judged.
  const cosAt = new Float64Array(ny * nc);
  const h1 = 2 * ROW_MM, h2 = 4 * ROW_MM;
  for (let j = 2; j < ny - 2; j++) for (let c = 1; c < nc - 1; c++) {
    const k = j * dnx + 2 * c;
    const s1 = Math.hypot((design[k + 1]! - design[k - 1]!) / h1, (design[k + dnx]! - design[k - dnx]!) / h1);
    const s2 = Math.hypot((design[k + 2]! - design[k - 2]!) / h2, (design[k + 2 * dnx]! - design[k - 2 * dnx]!) / h2);
    const s = Math.min(s1, s2);
    if (s <= MAX_SLOPE) cosAt[j * nc + c] = 1 / Math.sqrt(1 + s * s);
  }
  const cut = new Float64Array(ny * nc).fill(Infinity);
  const stamp = (pass: FinishPass, from: number, to: number) => {
    const y = pass.y;
    const ja = Math.max(0, Math.ceil((y - R - gy0) / ROW_MM)), jb = Math.min(ny - 1, Math.floor((y + R - gy0) / ROW_MM));
    for (let j = ja; j <= jb; j++) {
      const dy = gy0 + j * ROW_MM - y, rr = R2 - dy * dy;
      if (rr < 0) continue;
      const w = Math.sqrt(rr);
      for (let i = from; i <= to; i++) {
        const z = pass.z[i]!;
        if (Number.isNaN(z)) continue;
        const x = xs[i]!, tip = z + liftMm + R;
        const ca = Math.max(0, Math.ceil((x - w - gx0) / COLUMN_MM)), cb = Math.min(nc - 1, Math.floor((x + w - gx0) / COLUMN_MM));
        const row = j * nc;
        for (let c = ca; c <= cb; c++) {
          const dx = gx0 + c * COLUMN_MM - x;
          const h = tip - Math.sqrt(Math.max(0, rr - dx * dx));
          if (h < cut[row + c]!) cut[row + c] = h;
        }
      }
    }
  };
  for (const p of passes) stamp(p, 0, xs.length - 1);

  const byY = new Map<number, FinishPass>();
  for (const p of passes) byY.set(Math.round(p.y * 1000), p);
  const n = xs.length;
  const span = xs[n - 1]! - xs[0]!;
  const nearest = (x: number) => Math.min(n - 1, Math.max(0, Math.round(((x - xs[0]!) / (span || 1)) * (n - 1))));
  const maxGap = passes.reduce((m, p, k) => (k ? Math.max(m, p.y - passes[k - 1]!.y) : m), 0);
  const pad = Math.ceil(R / COLUMN_MM);
  const hopeless = new Uint8Array(ny * nc);
  const near: FinishPass[] = [];
  // Whether a ball can reach a node: the ball's tips on a lattice (rows every other judging row, the
  // pass samples), dropped only where the design under the axis (a lower bound of the tip) allows it.
  const reach = new Uint8Array(ny * nc); // 0 unknown, 1 reached, 2 not
  const tips = new Float64Array(ny * n).fill(NaN);
  const rowsR = 2 * Math.floor(R / (2 * ROW_MM));
  const ballAt = (cx: number, cy: number, x: number, y: number, d: number): boolean => {
    const r2 = (cx - x) * (cx - x) + (cy - y) * (cy - y);
    if (r2 >= R2) return false;
    const rise = R - Math.sqrt(R2 - r2);
    const col = Math.min(dnx - 1, Math.max(0, Math.round((cx - gx0) / ROW_MM))), row = Math.min(ny - 1, Math.max(0, Math.round((cy - gy0) / ROW_MM)));
    if (design[row * dnx + col]! - 0.001 - (R - Math.sqrt(Math.max(0, R2 - 0.0079))) + rise - d > REACH_MM) return false; // the node nearest the axis, at most 0.089 mm off
    return drop(cx, cy) + rise - d <= REACH_MM;
  };
  const reachable = (x: number, y: number, j: number, i: number, d: number): boolean => {
    // A ball on the lattice first (its tips are shared by the nodes around), then the ball tangent
    // to the design at the node along the normals its neighbours give (central over ±0.125 and
    // ±0.25 mm, one-sided each way): at a crease one of them is the side's own.
    for (let jj = Math.max(0, j - rowsR); jj <= Math.min(ny - 1, j + rowsR); jj += 2) {
      const yy = gy0 + jj * ROW_MM, dy2 = (yy - y) * (yy - y);
      for (let ii = Math.max(0, i - pad); ii <= Math.min(n - 1, i + pad); ii++) {
        const r2 = dy2 + (xs[ii]! - x) * (xs[ii]! - x);
        if (r2 >= R2) continue;
        const rise = R - Math.sqrt(R2 - r2);
        const col = Math.min(dnx - 1, Math.max(0, Math.round((xs[ii]! - gx0) / ROW_MM)));
        if (design[jj * dnx + col]! - 0.001 + rise - d > REACH_MM) continue;
        const t = jj * n + ii;
        let tip = tips[t]!;
        if (Number.isNaN(tip)) tips[t] = tip = drop(xs[ii]!, yy);
        if (tip + rise - d <= REACH_MM) return true;
      }
    }
    const k = j * dnx + 2 * (Math.round((x - gx0) / COLUMN_MM));
    const dz = (a: number, b: number, h: number) => (design[k + a]! - design[k + b]!) / h;
    for (let s = 0; s < 6; s++) {
      const gx = s === 0 ? dz(1, -1, h1) : s === 1 ? dz(2, -2, h2) : s & 1 ? dz(1, 0, ROW_MM) : dz(0, -1, ROW_MM);
      const gy = s === 0 ? dz(dnx, -dnx, h1) : s === 1 ? dz(2 * dnx, -2 * dnx, h2) : s < 4 ? dz(dnx, 0, ROW_MM) : dz(0, -dnx, ROW_MM);
      const len = Math.hypot(gx, gy, 1);
      if (Math.hypot(gx, gy) < 0.05) continue; // about level: the lattice had it
      if (ballAt(x - (R * gx) / len, y - (R * gy) / len, x, y, d)) return true;
    }
    return false;
  };
  // The gap whose ball, dropped at its middle at sample ii, cuts node (x, y) lowest: among `near`
  // (the passes around y), into best, bestKey (its middle's y in microns) and bestI; the tips
  // tried are kept for the round.
  const tried = new Map<number, number>();
  let best = Infinity, bestKey = -1, bestI = -1;
  const tryGaps = (x: number, y: number, ii: number) => {
    const ddx = x - xs[ii]!;
    let prev: FinishPass | null = null;
    for (const q of near) {
      if (Number.isNaN(q.z[ii]!)) continue;
      const a = prev;
      prev = q;
      if (!a) continue;
      const my = micron((a.y + q.y) / 2);
      if (my === a.y || my === q.y) continue;
      const r2 = (y - my) * (y - my) + ddx * ddx;
      if (r2 >= R2) continue;
      const key = Math.round(my * 1000);
      const tk = key * n + ii;
      let tip = tried.get(tk);
      if (tip === undefined) { tip = drop(xs[ii]!, my); tried.set(tk, tip); }
      const v = tip + liftMm + R - Math.sqrt(R2 - r2);
      if (v < best) { best = v; bestKey = key; bestI = ii; }
    }
  };
  let added = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Gaps to fill this round, by their middle's y in microns: the samples that need them.
    const marks = new Map<number, Uint8Array>();
    tried.clear();
    for (let j = 2; j < ny - 2; j++) for (let c = 1; c < nc - 1; c++) {
      const k = j * nc + c;
      const cos = cosAt[k]!;
      if (!cos || hopeless[k]) continue;
      const d = design[j * dnx + 2 * c]!;
      if ((cut[k]! - d) * cos <= limitMm) continue;
      const x = gx0 + c * COLUMN_MM, y = gy0 + j * ROW_MM;
      const i = nearest(x);
      if (!reach[k]) reach[k] = reachable(x, y, j, i, d) ? 1 : 2;
      if (reach[k] === 2) continue;
      // The passes near y, in order (binary search for the first within reach).
      let lo = 0, hi = passes.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (passes[m]!.y < y - R - maxGap) lo = m + 1; else hi = m; }
      near.length = 0;
      for (let p = lo; p < passes.length && passes[p]!.y <= y + R + maxGap; p++) near.push(passes[p]!);
      // First the ball at the nearest sample (a cusp between passes), then at every sample within
      // the ball's reach (a flank the ball meets off its axis, as it climbs a ridge across the passes).
      best = Infinity; bestKey = -1; bestI = -1;
      tryGaps(x, y, i);
      if (bestKey < 0 || best > cut[k]! - GAIN_MM) {
        for (let ii = Math.max(0, i - pad); ii <= Math.min(n - 1, i + pad); ii++) if (ii !== i) tryGaps(x, y, ii);
      }
      if (bestKey < 0 || best > cut[k]! - GAIN_MM) { hopeless[k] = 1; continue; }
      let need = marks.get(bestKey);
      if (!need) { need = new Uint8Array(n); marks.set(bestKey, need); }
      need[bestI] = 1;
    }
    if (!marks.size) break;
    for (const [key, need] of marks) {
      let pass = byY.get(key);
      if (!pass) {
        pass = { y: key / 1000, z: new Float64Array(n).fill(NaN), infill: true };
        byY.set(key, pass);
        passes.push(pass);
        added++;
      }
      let from = n, to = -1;
      for (let i = 0; i < n; i++) {
        if (!need[i]) continue;
        for (let q = Math.max(0, i - pad); q <= Math.min(n - 1, i + pad); q++) {
          if (!Number.isNaN(pass.z[q]!)) continue;
          pass.z[q] = tried.get(key * n + q) ?? drop(xs[q]!, pass.y);
          from = Math.min(from, q); to = Math.max(to, q);
        }
      }
      if (to >= from) stamp(pass, from, to);
    }
    passes.sort((p, q) => p.y - q.y);
  }
  return added;
}
