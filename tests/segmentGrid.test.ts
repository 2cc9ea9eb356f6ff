/**
 * nearestEdge (the exact distance to the outline that the heel cup, flanges and edge reliefs are
 * built from) against a brute-force scan of every edge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSegmentGrid, edgeDistance2, nearestEdge, type NearestResult, type SegmentGrid } from '../src/geometry/outline/index.js';
import { syntheticFootOutline } from '../src/synth/index.js';
import { outlineArbitrary } from './support/outlines.js';

/**
 * The nearest edge within radius by trying them all; ties go to the lower index. Distances come
 * from the kernel's own edgeDistance2 (the formula is not what is tested: the search is), so ties
 * compare exactly.
 */
function bruteForce(grid: SegmentGrid, px: number, py: number, radius: number): NearestResult {
  let best = radius * radius, edge = -1;
  for (let i = 0; i < grid.n; i++) {
    const d2 = edgeDistance2(grid, i, px, py);
    if (d2 < best) { best = d2; edge = i; }
  }
  return { edge, distance: edge < 0 ? Infinity : Math.sqrt(best) };
}

describe('nearestEdge', () => {
  it('finds the same edge and distance as trying every edge, for any point and radius', () => {
    fc.assert(fc.property(
      outlineArbitrary,
      fc.double({ min: 0.5, max: 8, noNaN: true }),
      fc.array(fc.tuple(fc.double({ min: -0.2, max: 1.2, noNaN: true }), fc.double({ min: -0.2, max: 1.2, noNaN: true }), fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), fc.constant(Infinity))), { minLength: 50, maxLength: 200 }),
      (xy, cell, queries) => {
        const grid = buildSegmentGrid(xy, cell);
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (let i = 0; i < xy.length; i += 2) {
          x0 = Math.min(x0, xy[i]!); x1 = Math.max(x1, xy[i]!); y0 = Math.min(y0, xy[i + 1]!); y1 = Math.max(y1, xy[i + 1]!);
        }
        const out: NearestResult = { distance: 0, edge: -1 };
        for (const [u, v, radius] of queries) {
          const px = x0 + u * (x1 - x0), py = y0 + v * (y1 - y0);
          nearestEdge(grid, px, py, radius, out);
          const want = bruteForce(grid, px, py, radius);
          expect(out.distance).toBe(want.distance);
          // Where two edges are equally near (their shared vertex), the lower index wins.
          expect(out.edge).toBe(want.edge);
        }
      },
    ), { numRuns: 150 });
  });

  it('queries a lattice like buildDomain does: every node of a fine grid, column by column', () => {
    const xy = Float64Array.from(syntheticFootOutline({ side: 'right', footLength: 271, ballWidth: 102, heelWidth: 66, rotationDeg: 0, points: 1000 }).flat());
    const grid = buildSegmentGrid(xy, 2);
    const out: NearestResult = { distance: 0, edge: -1 };
    let checked = 0;
    for (let x = -5; x < 280; x += 0.7) {
      for (let y = -60; y < 60; y += 0.7) {
        nearestEdge(grid, x, y, 14, out);
        const want = bruteForce(grid, x, y, 14);
        if (out.edge !== want.edge || out.distance !== want.distance) expect({ x, y, ...out }).toEqual({ x, y, ...want });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60_000);
  });
});
