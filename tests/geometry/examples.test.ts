import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClosedManifold } from '../support/meshCheck.js';
import { buildAndMeasure, loadScan } from '../support/build.js';
import { LANDMARK_RATIOS, TRIM_RULES } from '../../src/geometry/index.js';
import { parseScanDocument, RECESS_FIELDS } from '../../src/scan/index.js';

/**
 * Every example, built at the default resolution, re-read from its STL and measured on the test
 * side. Tolerances (issue 2): post angle ±0.25°, heel cup depth ±0.5 mm, arch height ±0.5 mm,
 * minimum thickness ≥ shell − 0.1 mm, post underside flat on z = 0, length as chosen (±1 mm).
 */
const examples = readdirSync('examples').filter((f) => f.endsWith('.json')).sort()
  // A pair file is both feet: each is tested as a scan of its own (with the pair's prescription under its own).
  .flatMap((file) => {
    const { scans, pair } = parseScanDocument(loadScan(`examples/${file}`));
    return scans.map((scan) => ({ name: pair ? `${file} (${scan.side})` : file, scan }));
  });

describe.each(examples)('example $name', ({ scan }) => {
  const { report, m } = buildAndMeasure(scan);
  const rx = report.prescription.applied;
  const fl = report.foot.footLengthMm;

  it('is a closed, outward-oriented 2-manifold with no self-intersections (independent check of the STL)', () => {
    const r = checkClosedManifold(m.triangles);
    expect(r.problems).toEqual([]);
    expect(r.euler).toBe(2);
    expect(r.components).toBe(1);
    expect(r.volume).toBeGreaterThan(0);
    expect(r.volume).toBeCloseTo(report.measured!.volumeMm3, 0);
  });

  it('aligns the outline into the foot frame with a rigid transform (heel at x = 0)', () => {
    const [a, b, tx, c, d, ty] = report.alignment.matrix;
    expect(a * d - b * c).toBeCloseTo(1, 5);
    expect(a * a + c * c).toBeCloseTo(1, 5);
    const xs = scan.outline.map(([x, y]) => a * x + b * y + tx);
    expect(Math.min(...xs)).toBeCloseTo(0, 3);
    expect(Math.max(...xs)).toBeCloseTo(fl, 3);
    const ys = scan.outline.map(([x, y]) => c * x + d * y + ty);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(0.5 * fl);
  });

  it('has the prescribed rearfoot post angle on the prescribed side (±0.25°)', () => {
    const want = rx.rearfootPost?.angle ?? 0;
    expect(Math.abs(m.postAngleDeg - want)).toBeLessThanOrEqual(0.25);
    if (rx.rearfootPost && want > 0) {
      const medialSign = scan.side === 'right' ? 1 : -1;
      const upSign = rx.rearfootPost.wedge === 'medial' ? medialSign : -medialSign;
      expect(m.postRisesToward).toBe(upSign);
    }
  });

  it('has the prescribed heel cup depth (±0.5 mm) and arch height (±0.5 mm)', () => {
    // A top cover deepens the shell's cup by its thickness; arch fill lowers the apex by its own.
    expect(Math.abs(m.heelCupDepthMm - rx.heelCupDepth - rx.topCover)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.archHeightMm - rx.archHeight + rx.archFill)).toBeLessThanOrEqual(0.5);
    expect(report.foot.landmarks.archApex[0]).toBeCloseTo(scan.measurements.archApexX ?? LANDMARK_RATIOS.archApex * fl, 6);
  });

  it('is at least the shell thickness (less any recess) everywhere and exactly it where it is a plain shell (±0.1 mm)', () => {
    const recess = Math.max(0, ...RECESS_FIELDS.map((k) => rx[k]?.depth ?? 0));
    expect(m.minThicknessMm).toBeGreaterThanOrEqual(rx.shellThickness - recess - 0.1);
    expect(report.measured!.minThicknessMm).toBeGreaterThanOrEqual(rx.shellThickness - recess - 0.1);
    const thickened = rx.construction === 'filled' || rx.forefootPost || rx.heelLift > 0 || rx.metatarsalPad || rx.metatarsalBar || rx.mortonsExtension || rx.reverseMortonsExtension;
    if (!thickened) expect(m.maxShellThicknessMm).toBeLessThanOrEqual(rx.shellThickness + 0.1);
  });

  it('stands on the floor: nothing below z = 0, and the post underside flat at z = 0', () => {
    expect(m.probe.bounds[2]).toBeGreaterThanOrEqual(0);
    if (rx.rearfootPost) expect(m.postUndersideMaxZ).toBeLessThan(1e-4);
  });

  it('ends where the chosen length says (±1 mm)', () => {
    const ballX = scan.measurements.ballX ?? LANDMARK_RATIOS.ball * fl;
    const parabolaTip = ballX + (LANDMARK_RATIOS.mth5Behind / 2) * fl * 0.25; // vertex of the MTH parabola
    const want = rx.length === 'full' ? fl : rx.length === 'three-quarter' ? parabolaTip - TRIM_RULES.threeQuarterBehindMthMm : parabolaTip + TRIM_RULES.sulcusBeyondMth * fl;
    expect(Math.abs(m.maxX - want)).toBeLessThanOrEqual(1);
    if (rx.length === 'three-quarter') {
      // just behind the metatarsal heads: nothing under MTH1
      const medialY = scan.side === 'right' ? m.probe.bounds[4] - 6 : m.probe.bounds[1] + 6;
      expect(m.probe.hits(ballX, medialY)).toEqual([]);
    }
  });

  it('agrees with the kernel\'s own measurements in the report', () => {
    expect(report.measured!.postAngleDeg).toBeCloseTo(m.postAngleDeg, 1);
    expect(report.measured!.heelCupDepthMm).toBeCloseTo(m.heelCupDepthMm, 1);
    expect(report.measured!.archHeightMm).toBeCloseTo(m.archHeightMm, 1);
  });
});
