import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticFootOutline } from '../../src/synth/index.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { buildAndMeasure } from '../support/build.js';

/**
 * Property: any valid scan (feet 150–330 mm, either side, any rotation, winding, point count, open
 * or closed) with any prescription inside the limits gives a closed 2-manifold, re-read from its
 * STL, whose measured geometry is the prescription's.
 */
const scanArb = fc.record({
  footLength: fc.double({ min: 150, max: 330, noNaN: true }),
  ballRatio: fc.double({ min: 0.35, max: 0.4, noNaN: true }),
  heelRatio: fc.double({ min: 0.66, max: 0.76, noNaN: true }),
  side: fc.constantFrom('left' as const, 'right' as const),
  archConcavity: fc.double({ min: 0, max: 1, noNaN: true }),
  points: fc.integer({ min: 40, max: 3000 }),
  rotationDeg: fc.double({ min: -180, max: 180, noNaN: true }),
  offset: fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })),
  clockwise: fc.boolean(),
  closed: fc.boolean(),
  archHeight: fc.double({ min: 3, max: 30, noNaN: true }),
  raise: fc.double({ min: 0, max: 6, noNaN: true }),
  shellThickness: fc.double({ min: 2, max: 5, noNaN: true }),
  heelCupDepth: fc.double({ min: 0, max: 20, noNaN: true }),
  post: fc.option(fc.record({ wedge: fc.constantFrom('medial' as const, 'lateral' as const), angle: fc.double({ min: 0, max: 5, noNaN: true }) }), { nil: null }),
  length: fc.constantFrom('full' as const, 'sulcus' as const, 'three-quarter' as const),
});

describe('random valid scans', () => {
  it('always give a closed 2-manifold with the prescribed geometry', () => {
    fc.assert(
      fc.property(scanArb, (s) => {
        const ballWidth = s.ballRatio * s.footLength;
        const outline = syntheticFootOutline({
          footLength: s.footLength, ballWidth, heelWidth: s.heelRatio * ballWidth, side: s.side, archConcavity: s.archConcavity,
          points: s.points, rotationDeg: s.rotationDeg, offset: s.offset, clockwise: s.clockwise, closed: s.closed,
        });
        const scan = {
          schemaVersion: 1, id: 'prop-1', side: s.side, units: 'mm', outline,
          measurements: { archHeight: s.archHeight },
          prescription: {
            shellThickness: s.shellThickness, heelCupDepth: s.heelCupDepth, archHeight: s.archHeight + s.raise,
            rearfootPost: s.post, length: s.length,
          },
        };
        const { report, m } = buildAndMeasure(scan, undefined, 1.5);
        const r = checkClosedManifold(m.triangles);
        expect(r.problems).toEqual([]);
        const rx = report.prescription.applied;
        expect(Math.abs(m.postAngleDeg - (rx.rearfootPost?.angle ?? 0))).toBeLessThanOrEqual(0.25);
        expect(Math.abs(m.heelCupDepthMm - rx.heelCupDepth)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(m.archHeightMm - rx.archHeight)).toBeLessThanOrEqual(0.5);
        expect(m.minThicknessMm).toBeGreaterThanOrEqual(rx.shellThickness - 0.1);
        // The report's own thickness, from every top vertex inside the outline, rim included (tests/geometry/rim.test.ts).
        expect(report.measured!.minThicknessMm).toBeGreaterThanOrEqual(rx.shellThickness - 0.1);
        expect(m.probe.bounds[2]).toBeGreaterThanOrEqual(0);
        if (rx.rearfootPost) expect(m.postUndersideMaxZ).toBeLessThan(1e-4);
      }),
      { numRuns: Number(process.env.ORTHOTIC_PROPERTY_RUNS ?? (process.env.CI ? 40 : 25)), seed: Number(process.env.ORTHOTIC_PROPERTY_SEED ?? 20261121), endOnFailure: true },
    );
  });
});
