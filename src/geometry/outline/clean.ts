import { GeometryError } from '../../errors.js';
import { signedArea } from './polygon.js';
import { findSelfIntersection } from './selfIntersection.js';

/** Smallest outline area accepted, mm² (a 100 mm foot still covers ~2,500 mm²). */
export const MIN_OUTLINE_AREA_MM2 = 500;
/** Fewest distinct outline points accepted. */
export const MIN_OUTLINE_POINTS = 8;

/**
 * Turns the scanner's outline into a clean closed polygon: drops a repeated closing point and
 * consecutive duplicates, then rejects non-finite coordinates, too few points, a zero or tiny area,
 * spikes that double back, and self-intersections.
 *
 * @param points outline in the scanner's frame, mm, any winding, open or closed.
 * @returns flat xy array in the same frame and winding, last point not repeating the first.
 * @throws GeometryError naming `/outline` (or the offending point) and the rule.
 */
export function cleanOutline(points: ReadonlyArray<readonly number[]>): Float64Array {
  const out: number[] = [];
  const source: number[] = []; // input index of each kept point, for messages
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const x = p[0], y = p[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new GeometryError([{ pointer: `/outline/${i}`, rule: 'must be a pair of finite numbers (mm)', value: p }]);
    }
    const m = out.length;
    if (m >= 2 && out[m - 2] === x && out[m - 1] === y) continue;
    out.push(x, y);
    source.push(i);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) {
    out.length -= 2;
    source.length -= 1;
  }
  const xy = Float64Array.from(out);
  const n = xy.length >> 1;
  if (n < MIN_OUTLINE_POINTS) {
    throw new GeometryError([{ pointer: '/outline', rule: `must have at least ${MIN_OUTLINE_POINTS} distinct points`, value: `${n} distinct points` }]);
  }
  // All points on one line: no area at all (say so before the spike and crossing checks, which would also fire).
  let far = 1, farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (xy[2 * i]! - xy[0]!) ** 2 + (xy[2 * i + 1]! - xy[1]!) ** 2;
    if (d > farD) { farD = d; far = i; }
  }
  const dx = xy[2 * far]! - xy[0]!, dy = xy[2 * far + 1]! - xy[1]!;
  let offLine = 0;
  for (let i = 0; i < n; i++) offLine = Math.max(offLine, Math.abs(dx * (xy[2 * i + 1]! - xy[1]!) - dy * (xy[2 * i]! - xy[0]!)));
  if (offLine <= 1e-9 * farD) {
    throw new GeometryError([{ pointer: '/outline', rule: 'must enclose an area (all its points lie on one line)', value: '0 mm²' }]);
  }
  for (let i = 0; i < n; i++) {
    const a = (i + n - 1) % n, c = (i + 1) % n;
    const ux = xy[2 * i]! - xy[2 * a]!, uy = xy[2 * i + 1]! - xy[2 * a + 1]!;
    const vx = xy[2 * c]! - xy[2 * i]!, vy = xy[2 * c + 1]! - xy[2 * i + 1]!;
    if (ux * vy - uy * vx === 0 && ux * vx + uy * vy < 0) {
      throw new GeometryError([{ pointer: `/outline/${source[i]}`, rule: 'must not double back on itself (a spike)', value: [xy[2 * i], xy[2 * i + 1]] }]);
    }
  }
  const hit = findSelfIntersection(xy);
  if (hit) {
    const [i, j] = hit;
    throw new GeometryError([{
      pointer: '/outline',
      rule: `must not intersect itself (the edge after point ${source[i]} crosses or touches the edge after point ${source[j]})`,
      value: [[xy[2 * i], xy[2 * i + 1]], [xy[2 * j], xy[2 * j + 1]]],
    }]);
  }
  return xy;
}
