/**
 * A scan made from a 3D scan is checked by the rules build checks every scan by (findings 9, 10):
 * `orthotic scan` wrote, and build refused, scans with an arch apex at 20–25 % of the length, a
 * 428 mm foot, a path for an id, an outline 1 km from the origin (one line per point); what the
 * mesh gave is said to be measured from the 3D scan. The dupont left foot (metres), transformed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, formatProblem } from '../../src/index.js';
import { crossCheckMeasurements, LANDMARK_RANGES, parseScan } from '../../src/scan/index.js';
import { scanFromMesh } from '../../src/scan3d/index.js';
import { movedStl, noisyStl } from '../support/scanEdits.js';

const DUPONT = readFileSync('tests/fixtures/real-scans/dupont/left_foot.stl');

const transformed = (move: (v: [number, number, number]) => [number, number, number]) => movedStl(DUPONT, move);
const noisy = (sdMm: number, seed: number) => noisyStl(DUPONT, sdMm, seed);

function problemsOf(f: () => unknown): string[] {
  try { f(); } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map(formatProblem);
  }
  return [];
}

const make = (bytes: Uint8Array, id = 'foot') => scanFromMesh(bytes, 'foot.stl', 'stl', { id }).scan;

describe('a scan made from a 3D scan', () => {
  it('is refused, or made as validation accepts it: a noisy scan never gives an arch apex outside 25–60 % of its length', () => {
    for (const [sd, seed] of [[0.5, 1], [1, 1], [0.5, 2]] as const) {
      const bytes = noisy(sd, seed);
      const lines = problemsOf(() => {
        const scan = make(bytes);
        parseScan(scan);
        const m = scan.measurements;
        const [lo, hi] = LANDMARK_RANGES.archApexX;
        expect(m.archApexX! / m.footLength!).toBeGreaterThanOrEqual(lo);
        expect(m.archApexX! / m.footLength!).toBeLessThanOrEqual(hi);
        expect(crossCheckMeasurements(m, { footLength: m.footLength!, ballWidth: m.ballWidth!, heelWidth: m.heelWidth! })).toEqual([]);
      });
      for (const line of lines) expect(line).toMatch(/^\/measurements\/archApexX: was measured from the 3D scan, and /);
    }
  });

  it('of a 428 mm foot is refused by the schema\'s rule, saying the length was measured from the scan', () => {
    const lines = problemsOf(() => make(transformed(([x, y, z]) => [x * 1.56, y * 1.56, z * 1.56])));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/measurements\/footLength: was measured from the 3D scan, and must be <= 400, got 42\d\.\d+$/);
  });

  it('with a path for an id is refused as build refuses it', () => {
    expect(problemsOf(() => make(DUPONT, '../../etc/passwd'))).toEqual(['/id: must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit, got "../../etc/passwd"']);
  });

  it('of a foot 1 km from the origin is refused in one line', () => {
    const lines = problemsOf(() => make(transformed(([x, y, z]) => [x + 1000, y + 1000, z])));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/outline: was measured from the 3D scan, and its points must lie within the scan's coordinate range \(\/outline\/\d+\/[01]: must be <= 10000\): .*move it near the origin.*, got 10\d{5}\.\d+$/);
  });

  it('of the foot as scanned is made and valid', () => {
    const scan = make(DUPONT);
    expect(() => parseScan(scan)).not.toThrow();
    expect(scan.measurements.archApexX! / scan.measurements.footLength!).toBeGreaterThan(0.33);
  });
});
