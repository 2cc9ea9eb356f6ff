import { hullChains, verticalExtent } from './polygon.js';

/**
 * The heel of a curve through sparse points: engineering choice, docs/clinical-basis.md
 * [CB-outline-sparse].
 */
export const SPARSE_HEEL_RULES = {
  /** How far along the foot (× length) the heel region reaches: convex in every foot. */
  region: 0.22,
  /** Samples of the round back, degrees apart. */
  stepDeg: 5,
} as const;

/**
 * Gives a curve through sparse points a heel's round back: the heel region (the back
 * SPARSE_HEEL_RULES.region of the foot) becomes the convex hull of the curve there and of a half
 * circle as wide as the heel where the region ends, on its centre line, touching x = 0. Every given
 * point stays on or inside the outline; the curve only grows where it cut across the heel between
 * the one to three points that drew it (a pointed heel left the cup's walls no seat between them,
 * and tilted it by up to 0.6°).
 *
 * @param xy aligned CCW outline, foot frame (heel at x = 0), mm.
 * @returns the outline and the largest distance it moved, mm (the same array and 0 when the heel was round already).
 */
export function roundSparseHeel(xy: Float64Array): { xy: Float64Array; movedMm: number } {
  const n = xy.length >> 1;
  let fl = 0;
  for (let i = 0; i < xy.length; i += 2) fl = Math.max(fl, xy[i]!);
  const xr = SPARSE_HEEL_RULES.region * fl;
  // The circle as wide as the heel where the region ends, on its centre: the hull then meets the rest
  // of the outline there without a notch.
  const end = verticalExtent(xy, xr);
  if (!end) return { xy, movedMm: 0 };
  const r = Math.min((end[1] - end[0]) / 2, xr);
  const yc = (end[0] + end[1]) / 2;
  // The crossings of x = xr: the edges entering and leaving the heel region.
  let down = -1, up = -1; // edge indices: lower side leaves the region (x rising), upper side enters it
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    const a = xy[2 * i]! <= xr, b = xy[2 * k]! <= xr;
    if (a && !b) down = i;
    if (!a && b) up = i;
  }
  if (down < 0 || up < 0) return { xy, movedMm: 0 };
  const cross = (i: number): [number, number] => {
    const k = (i + 1) % n;
    const t = (xr - xy[2 * i]!) / (xy[2 * k]! - xy[2 * i]!);
    return [xr, xy[2 * i + 1]! + t * (xy[2 * k + 1]! - xy[2 * i + 1]!)];
  };
  const lowX = cross(down), upX = cross(up);
  // The heel region's points, its two crossings and the half circle: their convex hull.
  const pts: number[] = [...lowX, ...upX];
  for (let i = (up + 1) % n; ; i = (i + 1) % n) {
    pts.push(xy[2 * i]!, xy[2 * i + 1]!);
    if (i === down) break;
  }
  const before = Float64Array.from(pts);
  for (let deg = 90; deg <= 270; deg += SPARSE_HEEL_RULES.stepDeg) {
    const a = (deg * Math.PI) / 180;
    pts.push(r + r * Math.cos(a), yc + r * Math.sin(a));
  }
  const { lower, upper } = hullChains(Float64Array.from(pts));
  // Moved: how far the hull's corners (the circle's, where it shows) lie from the heel's curve.
  let moved = 0;
  for (const chain of [lower, upper]) {
    for (let i = 0; i < chain.length; i += 2) moved = Math.max(moved, distanceToPolyline(before, chain[i]!, chain[i + 1]!));
  }
  if (moved < 0.05) return { xy, movedMm: 0 };
  // The rest of the outline from the lower crossing round the toes to the upper one, then the hull
  // back from the upper crossing to the heel and forward along the lower side.
  const out: number[] = [...lowX];
  for (let i = (down + 1) % n; ; i = (i + 1) % n) {
    out.push(xy[2 * i]!, xy[2 * i + 1]!);
    if (i === up) break;
  }
  out.push(...upX);
  for (let i = upper.length - 4; i >= 0; i -= 2) out.push(upper[i]!, upper[i + 1]!); // skips the crossing itself
  for (let i = 2; i < lower.length - 4; i += 2) out.push(lower[i]!, lower[i + 1]!); // skips the back point (shared) and both crossings (the lower one starts the ring)
  return { xy: Float64Array.from(out), movedMm: moved };
}

/** Distance from (x, y) to an open polyline, mm. */
function distanceToPolyline(line: Float64Array, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 3 < line.length; i += 2) {
    const ax = line[i]!, ay = line[i + 1]!, vx = line[i + 2]! - ax, vy = line[i + 3]! - ay;
    const l2 = vx * vx + vy * vy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / l2)) : 0;
    best = Math.min(best, Math.hypot(x - ax - t * vx, y - ay - t * vy));
  }
  return best;
}
