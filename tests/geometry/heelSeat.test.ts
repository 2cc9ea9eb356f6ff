import { describe, expect, it } from 'vitest';
import { buildOrthotic, GeometryError, type FootScan, type Prescription } from '../../src/index.js';
import { buildAndMeasure, loadScan } from '../support/build.js';

/**
 * The heel seat under a recess as wide as the seat (finding 4): a heel-spur relief of 49–50 mm
 * under a 67 mm heel left none of the seat window's vertices, and the report said NaN (null in
 * JSON) for the cup, the post and the arch. The seat is then measured from the whole seat inside
 * the cup's walls; a recess that leaves no seat at all is refused, naming it.
 */

const W246 = 'examples/w246-left-neutral.json';

describe('a heel-spur relief as wide as the heel seat', () => {
  for (const post of [null, { wedge: 'medial', angle: 4 }] as const) {
    it(`measures the seat around it${post ? ' under a 4° medial post' : ''}: as the same device without the relief, measured independently`, () => {
      const plain = buildAndMeasure(loadScan(W246), { rearfootPost: post });
      for (const diameter of [49, 50]) {
        const { report } = buildOrthotic(loadScan(W246), { rearfootPost: post, heelSpurRelief: { depth: 1, diameter } });
        const m = report.measured!;
        for (const v of [m.heelCupDepthMm, m.postAngleDeg, m.heelSeatPitchDeg, m.archHeightMm]) expect(Number.isFinite(v)).toBe(true);
        // The relief only lowers the top inside its disc: rim, seat and apex are the plain device's.
        expect(Math.abs(m.heelCupDepthMm - plain.m.heelCupDepthMm)).toBeLessThan(0.1);
        expect(Math.abs(m.archHeightMm - plain.m.archHeightMm)).toBeLessThan(0.1);
        expect(Math.abs(m.postAngleDeg - plain.m.postAngleDeg)).toBeLessThan(0.05);
        // And the prescription's (w246: 10 mm cup, 15 mm arch).
        expect(Math.abs(m.heelCupDepthMm - 10)).toBeLessThan(0.2);
        expect(Math.abs(m.archHeightMm - 15)).toBeLessThan(0.2);
        expect(Math.abs(m.postAngleDeg - (post?.angle ?? 0))).toBeLessThan(0.1);
        expect(m.postHighSide).toBe(post ? 'medial' : 'none');
        expect(JSON.stringify(report)).not.toMatch(/NaN|null,"postAngleDeg"|"heelCupDepthMm":null|"archHeightMm":null/);
      }
    });
  }

  it("is refused when it leaves no heel seat, naming the relief, whether or not the device is measured", () => {
    // A child's foot (w246 scaled to 153 mm, a 42 mm heel): a 40 mm relief covers its seat.
    const scan = loadScan(W246) as FootScan & { outline: Array<[number, number]>; measurements: Record<string, number> };
    const k = 0.62;
    scan.outline = scan.outline.map(([x, y]) => [x * k, y * k]);
    for (const f of ['footLength', 'ballWidth', 'heelWidth', 'archApexX', 'ballX', 'archHeight'] as const) if (f in scan.measurements) scan.measurements[f] = +(scan.measurements[f]! * k).toFixed(2);
    delete (scan as { prescription?: unknown }).prescription;
    const rx: Prescription = { heelSpurRelief: { depth: 1, diameter: 40 } };
    for (const measure of [true, false]) {
      let err: unknown;
      try { buildOrthotic(scan, rx, { measure }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(GeometryError);
      const line = (err as GeometryError).message;
      expect(line).toMatch(/^\/prescription\/heelSpurRelief: covers the heel seat: 0 of the top surface's points are left outside it inside the heel cup's 7\.0 mm walls .*engineering choice\): make it smaller, got \{"depth":1,"diameter":40\}$/);
      expect(line).not.toMatch(/NaN|undefined|\[object Object\]|\n/);
    }
    // A relief that leaves a seat builds and measures it.
    const { report } = buildOrthotic(scan, { heelSpurRelief: { depth: 1, diameter: 30 } });
    expect(Math.abs(report.measured!.heelCupDepthMm - 12)).toBeLessThan(0.2);
  });
});
