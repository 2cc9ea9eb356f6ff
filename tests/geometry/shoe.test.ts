/**
 * Shoe fit (issue 3): the device trimmed to the shoe's insole, its underside following the heel
 * pitch, a warning above a 38 mm heel, and a refusal (with the reason) when it cannot fit. Measured
 * on the STL read back (tests/support), checked by the independent mesh checker.
 */
import { describe, expect, it } from 'vitest';
import { buildOrthotic, GeometryError, toStl } from '../../src/index.js';
import { syntheticFootOutline } from '../../src/synth/index.js';
import { loadScan, measureBuilt } from '../support/build.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { readStl } from '../support/stl.js';

const RIGHT = loadScan('examples/m271-right-neutral.json');
const LEFT = loadScan('examples/w246-left-neutral.json');

/** Widest y extent of the vertices in any 1 mm slice of x within [x0, x1], and the largest x. */
function extent(tri: Float32Array, x0: number, x1: number): { width: number; maxX: number } {
  const lo = new Map<number, number>(), hi = new Map<number, number>();
  let maxX = -Infinity;
  for (let i = 0; i < tri.length; i += 3) {
    const x = tri[i]!, y = tri[i + 1]!;
    maxX = Math.max(maxX, x);
    if (x < x0 || x > x1) continue;
    const k = Math.floor(x);
    lo.set(k, Math.min(lo.get(k) ?? Infinity, y));
    hi.set(k, Math.max(hi.get(k) ?? -Infinity, y));
  }
  let width = 0;
  for (const [k, l] of lo) width = Math.max(width, hi.get(k)! - l);
  return { width, maxX };
}

/** Lowest z of the mesh within a band of x. */
function lowest(tri: Float32Array, x0: number, x1: number): number {
  let z = Infinity;
  for (let i = 0; i < tri.length; i += 3) if (tri[i]! >= x0 && tri[i]! <= x1) z = Math.min(z, tri[i + 2]!);
  return z;
}

function geometryError(f: () => unknown): GeometryError {
  try {
    f();
  } catch (err) {
    if (err instanceof GeometryError) return err;
    throw err;
  }
  throw new Error('expected a GeometryError');
}

describe.each([['right', RIGHT], ['left', LEFT]] as const)('shoe fit, %s foot', (_side, scan) => {
  const fl = scan.measurements.footLength!;
  const ball = scan.measurements.ballWidth!;
  const heel = scan.measurements.heelWidth!;

  it('trims the device to an insole a little smaller than the foot, keeping the prescription', () => {
    const shoe = { length: fl - 3, ballWidth: ball - 4, heelWidth: heel - 3 };
    const built = buildOrthotic(scan, { shoe, length: 'full' });
    const { report, m } = measureBuilt(built);
    const s = report.shoe!;
    expect(s.insole!.from).toBe('sizes');
    expect(s.trimmed.toeMm).toBeGreaterThan(2);
    expect(s.trimmed.ballMm).toBeGreaterThan(2);
    const r = checkClosedManifold(m.triangles);
    expect(r.problems).toEqual([]);
    expect(r.euler).toBe(2);
    // Within the insole: length (±0.5 mm), and the widest 1 mm slice over the ball band (±1 mm: a
    // slice of a slanted edge is wider than the edge's width at one x). At the heel the trim is of
    // the outline the device stands on; the heel cup's walls rise from it, flared outward like the
    // shoe's own heel counter, so there the outline is what is compared.
    expect(extent(m.triangles, 0, fl).maxX).toBeLessThanOrEqual(s.insole!.lengthMm + 0.5);
    const il = s.insole!.lengthMm;
    expect(extent(m.triangles, 0.6 * il, 0.8 * il).width).toBeLessThanOrEqual(s.insole!.ballWidthMm + 1);
    const outline = built.guides.deviceOutline;
    const flat = Float32Array.from(outline.flatMap(([x, y]) => [x, y, 0]));
    expect(extent(flat, 0.05 * il, 0.3 * il).width).toBeLessThanOrEqual(s.insole!.heelWidthMm + 1);
    // The prescription still holds on the trimmed device.
    const rx = report.prescription.applied;
    expect(Math.abs(m.heelCupDepthMm - rx.heelCupDepth)).toBeLessThan(0.5);
    expect(Math.abs(m.archHeightMm - rx.archHeight)).toBeLessThan(0.5);
    expect(Math.abs(m.postAngleDeg - (rx.rearfootPost?.angle ?? 0))).toBeLessThan(0.25);
    expect(m.minThicknessMm).toBeGreaterThan(rx.shellThickness - 0.1);
  });

  it('takes the insole as an outline in any frame', () => {
    const insoleOutline = syntheticFootOutline({ footLength: fl - 4, ballWidth: ball - 3, heelWidth: heel - 2, side: scan.side, rotationDeg: 37, offset: [120, -40], points: 300 })
      .map(([x, y]): [number, number] => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
    const { report, m } = measureBuilt(buildOrthotic(scan, { shoe: { insoleOutline } }, { resolutionMm: 1.5 }));
    expect(report.shoe!.insole!.from).toBe('outline');
    expect(Math.abs(report.shoe!.insole!.lengthMm - (fl - 4))).toBeLessThan(1);
    expect(extent(m.triangles, 0, fl).maxX).toBeLessThanOrEqual(report.shoe!.insole!.lengthMm + 0.5);
    expect(checkClosedManifold(m.triangles).problems).toEqual([]);
  });

  it('pitches the underside to the heel height: the heel seat raised by the drop, the forefoot on the floor', () => {
    const flat = buildOrthotic(scan, {}, { resolutionMm: 1.5 });
    const built = buildOrthotic(scan, { shoe: { heelHeight: 25 } }, { resolutionMm: 1.5 });
    const p = built.report.shoe!.pitch!;
    expect(p.dropMm).toBe(25);
    const tri = readStl(toStl(built.mesh)).triangles;
    const r = checkClosedManifold(tri);
    expect(r.problems).toEqual([]);
    expect(r.euler).toBe(2);
    // A vertical shear: every vertex raised by the pitch at its x, nothing else changed.
    const a = flat.mesh.positions, b = built.mesh.positions;
    expect(b.length).toBe(a.length);
    let worst = 0, movedInPlan = 0;
    for (let i = 0; i < a.length; i += 3) {
      const x = a[i]!;
      const want = x <= p.levelUntilX ? 25 : x >= p.floorFromX ? 0 : null;
      if (want !== null) worst = Math.max(worst, Math.abs(b[i + 2]! - a[i + 2]! - want));
      if (b[i] !== a[i] || b[i + 1] !== a[i + 1]) movedInPlan++;
    }
    expect(worst).toBeLessThan(1e-4);
    expect(movedInPlan).toBe(0);
    expect(Math.abs(lowest(tri, 5, p.levelUntilX) - (lowest(readStl(toStl(flat.mesh)).triangles, 5, p.levelUntilX) + 25))).toBeLessThan(0.01);
    expect(lowest(tri, p.floorFromX + 1, 1000)).toBeCloseTo(0, 5);
    expect(Math.abs(built.report.mesh.volumeMm3 - flat.report.mesh.volumeMm3) / flat.report.mesh.volumeMm3).toBeLessThan(1e-4);
  });
});

describe('shoe fit: limits and refusals', () => {
  it('warns for a heel over 38 mm', () => {
    const { report } = buildOrthotic(RIGHT, { shoe: { heelHeight: 45 } }, { resolutionMm: 3 });
    expect(report.warnings.some((w) => w.startsWith('a shoe heel height of 45 mm is above the warning level of 38 mm'))).toBe(true);
    expect(buildOrthotic(RIGHT, { shoe: { heelHeight: 38 } }, { resolutionMm: 3 }).report.warnings).toEqual([]);
  });

  it('refuses a shoe too short, too narrow or too shallow, one reason each', () => {
    const short = geometryError(() => buildOrthotic(RIGHT, { shoe: { length: 200 } }));
    expect(short.problems).toEqual([expect.objectContaining({ pointer: '/prescription/shoe/length', value: 200 })]);
    expect(short.problems[0]!.rule).toMatch(/must reach 5 mm past the ball line .*this foot does not fit this shoe/);
    const narrow = geometryError(() => buildOrthotic(RIGHT, { shoe: { ballWidth: 90, heelWidth: 72 } }));
    expect(narrow.problems.map((p) => p.pointer)).toEqual(['/prescription/shoe/ballWidth']);
    expect(narrow.problems[0]!.rule).toMatch(/narrower than the foot at the ball .* at most 8 mm/);
    const shallow = geometryError(() => buildOrthotic(RIGHT, { shoe: { depth: 5 } }));
    expect(shallow.problems).toEqual([expect.objectContaining({ pointer: '/prescription/shoe/depth', value: 5 })]);
    expect(shallow.problems[0]!.rule).toMatch(/^the device is 8\.07 mm thick under the heel .* room for 5 mm$/);
  });

  it('records no shoe when none is prescribed', () => {
    expect(buildOrthotic(RIGHT, undefined, { resolutionMm: 3 }).report.shoe).toBeNull();
  });
});
