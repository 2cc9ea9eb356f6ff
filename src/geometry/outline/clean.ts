import { GeometryError } from '../../errors.js';
import { findSelfIntersection, segmentsTouch } from './selfIntersection.js';

/** Smallest outline area accepted, mm² (a 100 mm foot still covers ~2,500 mm²). */
export const MIN_OUTLINE_AREA_MM2 = 500;
/** Fewest distinct outline points accepted. */
export const MIN_OUTLINE_POINTS = 8;
/**
 * Largest loop an outline may make where it crosses itself and still be taken for scanner noise, mm²:
 * such a loop is cut off at the crossing; a larger one is a real crossing and refused. The figure of
 * issue 15 (engineering choice, docs/clinical-basis.md [CB-outline-loops]): a loop of noise is a few
 * tenths of a millimetre across, a crossing a person draws or a scanner mislabels encloses square
 * centimetres.
 */
export const MAX_NOISE_LOOP_MM2 = 1;

/** A clean outline and what cleaning it changed. */
export interface CleanOutline {
  /** Flat xy array in the scanner's frame and winding, last point not repeating the first. */
  xy: Float64Array;
  /** Loops of noise (< MAX_NOISE_LOOP_MM2) cut off where the outline crossed itself. */
  loopsRemoved: number;
  /** The largest of them, mm² (0 when none). */
  largestLoopMm2: number;
}

/**
 * Turns the scanner's outline into a clean closed polygon: drops a repeated closing point and
 * consecutive duplicates, cuts off the tiny loops noise makes where the outline crosses itself, then
 * rejects non-finite coordinates, too few points, a zero or tiny area, spikes that double back, and
 * self-intersections (a crossing whose loop is larger than MAX_NOISE_LOOP_MM2).
 *
 * @param points outline in the scanner's frame, mm, any winding, open or closed.
 * @returns the outline in the same frame and winding, and the loops removed.
 * @throws GeometryError naming `/outline` (or the offending point) and the rule.
 */
export function cleanOutline(points: ReadonlyArray<readonly number[]>): CleanOutline {
  const { xy, source } = readOutline(points);
  return untangleOutline(xy, (i) => source[i]!);
}

/**
 * The outline's points as a polygon, checked point by point: drops a repeated closing point and
 * consecutive duplicates; rejects non-finite coordinates, too few points, no area and spikes that
 * double back. Crossings are not looked for (see untangleOutline).
 *
 * @returns the polygon and, for each of its points, the index of the input point it came from.
 * @throws GeometryError naming `/outline` or the offending point.
 */
export function readOutline(points: ReadonlyArray<readonly number[]>): { xy: Float64Array; source: number[] } {
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
  const spike = findSpike(xy);
  if (spike) {
    const { at, length, points: k } = spike;
    throw new GeometryError([{
      pointer: `/outline/${source[at]}`,
      rule: `must not be an outlier: the outline runs ${+length.toFixed(1)} mm out to ${k > 1 ? `it and the next ${k - 1} point${k > 2 ? 's' : ''}` : 'it'} and straight back (a spike, as from a misread point): correct or remove ${k > 1 ? 'them' : 'it'}`,
      value: [xy[2 * at], xy[2 * at + 1]],
    }]);
  }
  return { xy, source };
}

/**
 * What makes an excursion of the outline a spike (a misread point, not a toe): engineering choice,
 * docs/clinical-basis.md [CB-outline-loops]. At most `maxPoints` points go out at least `minMm` mm
 * and `ratio` times farther than the gap between the points on either side of them, and that gap is
 * at most `ratio` median edges (so a sparse outline's far-apart points never count).
 */
export const SPIKE_RULES = { maxPoints: 3, minMm: 20, ratio: 5 } as const;

/** The first spike of a polygon (SPIKE_RULES): its first point, how far out it reaches, and how many points it has. */
function findSpike(xy: Float64Array): { at: number; length: number; points: number } | null {
  const n = xy.length >> 1;
  const edges = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    edges[i] = Math.hypot(xy[2 * k]! - xy[2 * i]!, xy[2 * k + 1]! - xy[2 * i + 1]!);
  }
  const median = Float64Array.from(edges).sort()[n >> 1]!;
  const R = SPIKE_RULES;
  for (let k = 1; k <= R.maxPoints && k < n - 2; k++) {
    for (let i = 0; i < n; i++) {
      const a = (i + n - 1) % n, b = (i + k) % n; // the points either side of points i .. i+k-1
      const ax = xy[2 * a]!, ay = xy[2 * a + 1]!, bx = xy[2 * b]!, by = xy[2 * b + 1]!;
      const gap = Math.hypot(bx - ax, by - ay);
      if (gap > R.ratio * median) continue;
      let reach = 0;
      for (let j = 0; j < k; j++) {
        const p = (i + j) % n;
        reach = Math.max(reach, Math.min(Math.hypot(xy[2 * p]! - ax, xy[2 * p + 1]! - ay), Math.hypot(xy[2 * p]! - bx, xy[2 * p + 1]! - by)));
      }
      if (reach >= R.minMm && reach >= R.ratio * Math.max(gap, median)) return { at: i, length: reach, points: k };
    }
  }
  return null;
}

/**
 * Cuts off the tiny loops of noise (under MAX_NOISE_LOOP_MM2) where a polygon crosses itself and
 * refuses any other crossing.
 *
 * @param sourceOf the input point that point i stands for (named in messages).
 * @throws GeometryError naming `/outline` and the two edges that cross.
 */
export function untangleOutline(xy: Float64Array, sourceOf: (i: number) => number): CleanOutline {
  const loops = removeNoiseLoops(xy);
  const hit = findSelfIntersection(loops.xy);
  if (hit) {
    const [i, j] = hit;
    const at = loops.xy, from = loops.source;
    throw new GeometryError([{
      pointer: '/outline',
      rule: `must not intersect itself (the edge after point ${sourceOf(from[i]!)} crosses or touches the edge after point ${sourceOf(from[j]!)})`,
      value: [[at[2 * i], at[2 * i + 1]], [at[2 * j], at[2 * j + 1]]],
    }]);
  }
  return { xy: loops.xy, loopsRemoved: loops.removed, largestLoopMm2: loops.largest };
}

/** Edges looked back along the outline for a crossing that closes a loop of noise. */
const LOOP_LOOKBACK = 48;

/**
 * Cuts off every loop smaller than MAX_NOISE_LOOP_MM2 that the outline makes where it crosses
 * itself within LOOP_LOOKBACK edges: the loop's points are replaced by the crossing point. One pass
 * keeps a stack of kept points; a second pass, started half-way round, catches loops that straddle
 * the first point. Larger loops are left for findSelfIntersection to refuse.
 */
function removeNoiseLoops(xy: Float64Array): { xy: Float64Array; source: number[]; removed: number; largest: number } {
  let removed = 0, largest = 0;
  let pts = xy, src: number[] = [];
  for (let i = 0; i < xy.length >> 1; i++) src.push(i);
  for (let pass = 0; pass < 2; pass++) {
    const n = pts.length >> 1;
    const start = pass === 0 ? 0 : n >> 1;
    const ox: number[] = [], oy: number[] = [], os: number[] = [];
    for (let step = 0; step <= n; step++) {
      const k = (start + step) % n;
      const px = pts[2 * k]!, py = pts[2 * k + 1]!;
      for (;;) {
        const top = ox.length - 1;
        if (top < 1) break;
        const qx = ox[top]!, qy = oy[top]!;
        let cut = false;
        // Edge (m, m+1) against the new edge q -> p; edge (top-1, top) shares q, and the closing edge shares point 0.
        const lowest = Math.max(step === n ? 1 : 0, top - 1 - LOOP_LOOKBACK);
        // Segments that touch have overlapping boxes: most edges are ruled out by that alone.
        const x0 = Math.min(qx, px), x1 = Math.max(qx, px), y0 = Math.min(qy, py), y1 = Math.max(qy, py);
        for (let m = top - 2; m >= lowest; m--) {
          const ax = ox[m]!, ay = oy[m]!, bx = ox[m + 1]!, by = oy[m + 1]!;
          if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
          if (!segmentsTouch(ax, ay, bx, by, qx, qy, px, py)) continue;
          const [cx, cy] = crossing(ax, ay, bx, by, qx, qy, px, py);
          // The loop: the crossing point, kept points m+1..top, back to the crossing.
          let a2 = 0;
          let lx = cx, ly = cy;
          for (let t = m + 1; t <= top; t++) { a2 += lx * oy[t]! - ox[t]! * ly; lx = ox[t]!; ly = oy[t]!; }
          a2 += lx * cy - cx * ly;
          const area = Math.abs(a2) / 2;
          if (area >= MAX_NOISE_LOOP_MM2) break;
          removed++;
          largest = Math.max(largest, area);
          ox.length = oy.length = os.length = m + 1;
          if (cx !== ax || cy !== ay) { ox.push(cx); oy.push(cy); os.push(os[m]!); }
          cut = true;
          break;
        }
        if (!cut) break;
      }
      if (step < n) {
        const top = ox.length - 1;
        if (top < 0 || ox[top] !== px || oy[top] !== py) { ox.push(px); oy.push(py); os.push(src[k]!); }
      }
    }
    // A cut at the very end may leave the last kept point on the first.
    while (ox.length > 1 && ox[ox.length - 1] === ox[0] && oy[oy.length - 1] === oy[0]) { ox.pop(); oy.pop(); os.pop(); }
    const out = new Float64Array(2 * ox.length);
    for (let i = 0; i < ox.length; i++) { out[2 * i] = ox[i]!; out[2 * i + 1] = oy[i]!; }
    if (!removed) return { xy, source: src, removed, largest }; // nothing crossed within the look-back
    pts = out;
    src = os;
  }
  return { xy: pts, source: src, removed, largest };
}

/** The point where segments ab and cd meet (an endpoint on the other segment when they are parallel). */
function crossing(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] {
  const rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den !== 0) {
    const t = Math.min(1, Math.max(0, ((cx - ax) * sy - (cy - ay) * sx) / den));
    return [ax + t * rx, ay + t * ry];
  }
  // Collinear and touching: the first endpoint of cd that lies on ab, else b.
  const on = (px: number, py: number) => Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
  if (on(cx, cy)) return [cx, cy];
  if (on(dx, dy)) return [dx, dy];
  return [bx, by];
}
