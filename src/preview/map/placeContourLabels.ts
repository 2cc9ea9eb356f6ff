/**
 * Placing contour labels on the top-view map: on straight stretches of each iso-line, clear of the
 * device's rim, of other labels and markers, and of the neighbouring contours, greedily in a fixed
 * order (deterministic). Page coordinates, mm of the drawing.
 */

/** A label to draw: its text centred at (u, v), rotated `angleDeg` (kept upright). */
export interface PlacedLabel {
  text: string;
  u: number;
  v: number;
  angleDeg: number;
}

/** Something labels keep clear of: a disc on the page. */
export interface Obstacle {
  u: number;
  v: number;
  r: number;
}

/** One contour level's polylines in page coordinates. */
export interface PageContour {
  levelMm: number;
  text: string;
  lines: Float64Array[];
  /** An index contour (every fifth): labelled first, and allowed to cover bits of its neighbours. */
  index: boolean;
}

export interface LabelOptions {
  /** Text size, mm. */
  fontMm: number;
  /** Distance from (u, v) to the device's rim, mm (labels need room before the rim). */
  rimDistance: (u: number, v: number) => number;
  /** Labels on one level at least this far apart, mm. */
  spacingMm: number;
  /** Most labels on one level. */
  perLevel: number;
}

const CELL = 4;
/** Labels are drawn along their line, but never tilted more than this from horizontal. */
const MAX_TILT_DEG = 55;

/**
 * Chooses where to label contours. Lines shorter than four label widths, bends under a label,
 * stretches steeper than `MAX_TILT_DEG`, spots near the rim, other labels, obstacles or a
 * neighbouring contour are skipped.
 */
export function placeContourLabels(contours: readonly PageContour[], obstacles: readonly Obstacle[], o: LabelOptions): PlacedLabel[] {
  // A grid of every contour vertex, to keep labels off the neighbouring lines.
  const grid = new Map<number, number[]>(); // cell → [u, v, levelIndex, ...]
  const cellKey = (i: number, j: number): number => i * 100_003 + j;
  contours.forEach((c, li) => {
    for (const line of c.lines) {
      for (let k = 0; k + 1 < line.length; k += 2) {
        const key = cellKey(Math.floor(line[k]! / CELL), Math.floor(line[k + 1]! / CELL));
        const list = grid.get(key);
        if (list) list.push(line[k]!, line[k + 1]!, li);
        else grid.set(key, [line[k]!, line[k + 1]!, li]);
      }
    }
  });
  const nearestOther = (u: number, v: number, li: number, r: number): number => {
    let best = Infinity;
    for (let i = Math.floor((u - r) / CELL); i <= Math.floor((u + r) / CELL); i++) {
      for (let j = Math.floor((v - r) / CELL); j <= Math.floor((v + r) / CELL); j++) {
        const list = grid.get(cellKey(i, j));
        if (!list) continue;
        for (let k = 0; k < list.length; k += 3) {
          if (list[k + 2] === li) continue;
          best = Math.min(best, Math.hypot(list[k]! - u, list[k + 1]! - v));
        }
      }
    }
    return best;
  };

  const placed: PlacedLabel[] = [];
  const taken: Obstacle[] = [...obstacles];
  const order = contours.map((c, li) => ({ c, li })).sort((a, b) => Number(b.c.index) - Number(a.c.index) || a.li - b.li);
  for (const { c, li } of order) {
    const halfW = (c.text.length * 0.62 * o.fontMm) / 2 + 0.6;
    const halfH = 0.5 * o.fontMm;
    const mine: Array<[number, number]> = [];
    const lines = [...c.lines].sort((a, b) => arcLength(b) - arcLength(a)); // stable: longest first
    for (const line of lines) {
      if (mine.length >= o.perLevel) break;
      const cum = cumulative(line);
      const total = cum[cum.length - 1]!;
      if (total < 8 * halfW) continue;
      // candidates from the middle outward
      for (let step = 0; step * 10 < total / 2; step++) {
        if (mine.length >= o.perLevel) break;
        for (const s of step === 0 ? [total / 2] : [total / 2 - 10 * step, total / 2 + 10 * step]) {
          if (s < 2 * halfW || s > total - 2 * halfW) continue;
          const [u, v] = at(line, cum, s);
          const [ua, va] = at(line, cum, s - halfW - 0.5), [ub, vb] = at(line, cum, s + halfW + 0.5);
          if (bend(line, cum, s - halfW - 0.5, s + halfW + 0.5, ua, va, ub, vb) > 0.5) continue;
          if (o.rimDistance(u, v) < halfW + 1.5) continue;
          if (!c.index && nearestOther(u, v, li, halfH + 0.6) < halfH + 0.4) continue;
          if (taken.some((t) => Math.hypot(t.u - u, t.v - v) < t.r + halfW)) continue;
          if (mine.some(([mu, mv]) => Math.hypot(mu - u, mv - v) < o.spacingMm)) continue;
          let angle = (Math.atan2(vb - va, ub - ua) * 180) / Math.PI;
          if (angle > 90) angle -= 180;
          if (angle <= -90) angle += 180;
          if (Math.abs(angle) > MAX_TILT_DEG) continue; // a steep "6" reads as "9"
          placed.push({ text: c.text, u, v, angleDeg: angle });
          taken.push({ u, v, r: halfW });
          mine.push([u, v]);
          break;
        }
      }
    }
  }
  return placed;
}

function arcLength(xy: Float64Array): number {
  let s = 0;
  for (let k = 2; k + 1 < xy.length; k += 2) s += Math.hypot(xy[k]! - xy[k - 2]!, xy[k + 1]! - xy[k - 1]!);
  return s;
}

function cumulative(xy: Float64Array): Float64Array {
  const n = xy.length >> 1;
  const cum = new Float64Array(n);
  for (let k = 1; k < n; k++) cum[k] = cum[k - 1]! + Math.hypot(xy[2 * k]! - xy[2 * k - 2]!, xy[2 * k + 1]! - xy[2 * k - 1]!);
  return cum;
}

/** The point at arc length `s` along a polyline. */
function at(xy: Float64Array, cum: Float64Array, s: number): [number, number] {
  let lo = 0, hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! <= s) lo = mid;
    else hi = mid;
  }
  const span = cum[hi]! - cum[lo]!;
  const t = span > 0 ? Math.min(1, Math.max(0, (s - cum[lo]!) / span)) : 0;
  return [xy[2 * lo]! + t * (xy[2 * hi]! - xy[2 * lo]!), xy[2 * lo + 1]! + t * (xy[2 * hi + 1]! - xy[2 * lo + 1]!)];
}

/** How far the polyline between arc lengths s0 and s1 strays from the chord (ua, va)–(ub, vb). */
function bend(xy: Float64Array, cum: Float64Array, s0: number, s1: number, ua: number, va: number, ub: number, vb: number): number {
  const du = ub - ua, dv = vb - va, len = Math.hypot(du, dv);
  if (len < 1e-9) return Infinity;
  let worst = 0;
  for (let k = 0; k < cum.length; k++) {
    if (cum[k]! < s0 || cum[k]! > s1) continue;
    worst = Math.max(worst, Math.abs((xy[2 * k]! - ua) * dv - (xy[2 * k + 1]! - va) * du) / len);
  }
  return worst;
}
