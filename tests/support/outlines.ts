import fc from 'fast-check';
import { syntheticFootOutline } from '../../src/synth/index.js';

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
