import fc from 'fast-check';
import { syntheticFootOutline, type PlausibleFootOptions } from '../../src/synth/index.js';

/** A scan's outline: an ellipse of `n` points, `length` × `width` mm, heel at x = 0, coordinates rounded to 0.001 mm. */
export function ellipse(n = 16, length = 260, width = 95): Array<[number, number]> {
  return Array.from({ length: n }, (_, i): [number, number] => {
    const t = (2 * Math.PI * i) / n;
    return [+((length / 2) * (1 + Math.cos(t))).toFixed(3), +((width / 2) * Math.sin(t)).toFixed(3)];
  });
}

/** A star-like closed polygon (radius 40 ± 35 mm) of `points` vertices, shaped by `seed`. */
export function star(points: number, seed: number): Float64Array {
  const xy = new Float64Array(2 * points);
  for (let i = 0; i < points; i++) {
    const a = (2 * Math.PI * i) / points;
    const r = 40 + 25 * Math.sin(seed + 3 * a) + 10 * Math.cos(seed * 1.7 + 7 * a);
    xy[2 * i] = r * Math.cos(a);
    xy[2 * i + 1] = r * Math.sin(a);
  }
  return xy;
}

/** Closed outlines as flat xy: synthetic feet (either side, 150–330 mm, any rotation, 12–600 points) and stars. */
export const outlineArbitrary = fc.oneof(
  fc.record({ side: fc.constantFrom('left' as const, 'right' as const), footLength: fc.double({ min: 150, max: 330, noNaN: true }), rotationDeg: fc.double({ min: 0, max: 360, noNaN: true }), points: fc.integer({ min: 12, max: 600 }) })
    .map((o) => Float64Array.from(syntheticFootOutline({ side: o.side, footLength: o.footLength, ballWidth: o.footLength * 0.38, heelWidth: o.footLength * 0.25, rotationDeg: o.rotationDeg, points: o.points }).flat())),
  fc.record({ points: fc.integer({ min: 8, max: 400 }), seed: fc.double({ min: 0, max: 10, noNaN: true }) }).map((o) => star(o.points, o.seed)),
);

/** A rectangle of about `n` points, `length` × `width` mm, corner at the origin. */
export function rectangle(n = 16, length = 260, width = 95): Array<[number, number]> {
  const m = Math.max(2, Math.round(n / 4));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < m; i++) out.push([(i * length) / m, 0]);
  for (let i = 0; i < m; i++) out.push([length, (i * width) / m]);
  for (let i = 0; i < m; i++) out.push([length - (i * length) / m, width]);
  for (let i = 0; i < m; i++) out.push([0, width - (i * width) / m]);
  return out;
}

/** A stadium (a rectangle with round ends) of `n` points, `length` × `width` mm, centred on the origin. */
export function stadium(n = 64, length = 260, width = 95): Array<[number, number]> {
  return Array.from({ length: n }, (_, i): [number, number] => {
    const t = (2 * Math.PI * i) / n;
    return [((length - width) / 2) * Math.sign(Math.cos(t)) + (width / 2) * Math.cos(t), (width / 2) * Math.sin(t)];
  });
}

/**
 * Options of plausibleFootOutline with the variety scanners and people hand over: 150–392 mm (the
 * tool takes up to 400: noise on a sparse outline's ends can add 4 mm), either
 * foot, narrow to wide, Egyptian, Greek and square toes, hallux valgus, wide and narrow heels, round
 * to square heels, flat to cavus, silhouettes, pressure-plate footprints (toe notches) and pen
 * tracings (pen offset, hand wobble, the heel cut flat against a box); 8 to 20,000 points, even or
 * not, with up to ±1.5 mm of noise, in any frame, either winding, open or closed, starting anywhere.
 */
export const plausibleFootArbitrary: fc.Arbitrary<PlausibleFootOptions> = fc.record({
  footLength: fc.double({ min: 150, max: 392, noNaN: true }),
  side: fc.constantFrom('left' as const, 'right' as const),
  ballRatio: fc.double({ min: 0.34, max: 0.43, noNaN: true }),
  heelRatio: fc.double({ min: 0.6, max: 0.88, noNaN: true }),
  toes: fc.constantFrom('egyptian' as const, 'greek' as const, 'square' as const),
  halluxValgusDeg: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 15, max: 40, noNaN: true })),
  arch: fc.double({ min: 0, max: 1, noNaN: true }),
  heelSquareness: fc.double({ min: 1, max: 2.2, noNaN: true }),
  kind: fc.constantFrom('silhouette' as const, 'footprint' as const, 'tracing' as const),
  boxCutMm: fc.oneof(fc.constant(0), fc.double({ min: 2, max: 20, noNaN: true })),
  penOffsetMm: fc.double({ min: 0, max: 4, noNaN: true }),
  toeNotchMm: fc.double({ min: 0, max: 4, noNaN: true }),
  wobbleMm: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  points: fc.oneof(fc.integer({ min: 8, max: 40 }), fc.integer({ min: 41, max: 1000 }), fc.integer({ min: 1001, max: 20000 })),
  unevenness: fc.double({ min: 0, max: 1, noNaN: true }),
  // Even over the range (fast-check's doubles favour the ends and tiny values).
  noiseMm: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 150 }).map((v) => v / 100)),
  rotationDeg: fc.double({ min: -180, max: 180, noNaN: true }),
  offset: fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })),
  clockwise: fc.boolean(),
  closed: fc.boolean(),
  startAt: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
}).map((o) => ({
  ...o,
  footLength: o.kind === 'tracing' ? Math.min(o.footLength, 392 - 2 * o.penOffsetMm) : o.footLength, // a tracing is the pen's offset longer
  points: o.closed ? Math.min(o.points, 19_999) : o.points, // a closed ring repeats its first point: 20,000 items at most
}));


/**
 * The kinds of outline issue 15 found refused (a new user's feet, drawn by no part of this project's
 * own foot shape): named regression fixtures for tests/geometry/outlines.test.ts.
 */
export const ISSUE_15_FEET: Record<string, PlausibleFootOptions> = {
  "men's foot, rotated 37°": { footLength: 271, side: 'right', points: 400, rotationDeg: 37, offset: [140, -60], seed: 1 },
  "women's foot, clockwise closed ring": { footLength: 246, side: 'left', points: 360, clockwise: true, closed: true, rotationDeg: -120, seed: 2 },
  "child's foot": { footLength: 165, side: 'right', ballRatio: 0.4, heelRatio: 0.75, points: 300, rotationDeg: 90, seed: 3 },
  'full heel, tapering toe line': { footLength: 262, side: 'right', heelRatio: 0.86, toes: 'egyptian', points: 500, rotationDeg: 180, seed: 4 },
  'dense and noisy (6,000 points, ±1 mm)': { footLength: 240, side: 'left', points: 6000, noiseMm: 1, rotationDeg: 12, seed: 5 },
  '14 points': { footLength: 268, side: 'right', points: 14, rotationDeg: 200, seed: 6 },
  '12 points': { footLength: 250, side: 'left', points: 12, rotationDeg: 45, seed: 7 },
  '8 points': { footLength: 275, side: 'right', points: 8, startAt: 0.03, seed: 8 },
  '±1 mm noise (350 points)': { footLength: 255, side: 'right', points: 350, noiseMm: 1, rotationDeg: -30, seed: 9 },
  'hallux valgus 35°': { footLength: 272, side: 'right', halluxValgusDeg: 35, points: 450, rotationDeg: 160, seed: 10 },
  'hallux valgus 25°, wide heel': { footLength: 240, side: 'left', halluxValgusDeg: 25, heelRatio: 0.84, points: 420, seed: 11 },
  'Greek toes': { footLength: 258, side: 'right', toes: 'greek', points: 500, rotationDeg: 75, seed: 12 },
  'square toes, narrow heel': { footLength: 245, side: 'left', toes: 'square', heelRatio: 0.62, points: 500, rotationDeg: -75, seed: 13 },
  'flat footprint': { footLength: 280, side: 'right', kind: 'footprint', arch: 0, points: 800, seed: 14 },
  'cavus footprint, toe notches': { footLength: 252, side: 'left', kind: 'footprint', arch: 1, toeNotchMm: 3, points: 800, rotationDeg: 210, seed: 15 },
  'pen tracing, the heel against the box edge': { footLength: 262, side: 'right', kind: 'tracing', penOffsetMm: 3, boxCutMm: 12, wobbleMm: 0.8, points: 700, unevenness: 0.6, rotationDeg: 90, seed: 16 },
  'large foot (390 mm), 40 points': { footLength: 390, side: 'right', ballRatio: 0.37, points: 40, rotationDeg: 5, seed: 17 },
};
