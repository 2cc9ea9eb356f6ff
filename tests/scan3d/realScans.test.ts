/**
 * Real 3D scans of real feet (tests/fixtures/real-scans, MIT, Guy Dupont): taken in, measured, and
 * built total-contact, each device measured against the scanned sole.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { prepareBuild } from '../../src/pipeline/index.js';
import { readMesh, scanFromMesh } from '../../src/scan3d/index.js';
import { expectWatertight } from '../support/meshCheck.js';
import { readStl } from '../support/stl.js';
import { hasTool, prusaInfo, runAdmesh } from '../support/tools.js';

const FEET = {
  left: 'tests/fixtures/real-scans/dupont/left_foot.stl',
  right: 'tests/fixtures/real-scans/dupont/right_foot.stl',
} as const;

function load(side: keyof typeof FEET) {
  const bytes = new Uint8Array(readFileSync(FEET[side]));
  return { bytes, ...scanFromMesh(bytes, FEET[side], 'stl', { id: `dupont-${side}` }) };
}

describe.each(['left', 'right'] as const)('the real %s foot', (side) => {
  const { bytes, scan, surface } = load(side);
  const intake = surface.intake;

  it('is taken in as the source measured it: metres, its own side by its arch, 275 mm long, ball 105–110 mm', () => {
    expect(intake.units).toBe('m');
    expect(intake.unitsDetected).toBe(true);
    expect(intake.side).toBe(side);
    expect(intake.sideFrom).toBe('arch');
    expect(scan.side).toBe(side);
    // The source: left 275.8, right 274.2 along the outline's long axis; ball 105–107 mm.
    expect(scan.measurements.footLength).toBeGreaterThan(273);
    expect(scan.measurements.footLength).toBeLessThan(277.5);
    expect(scan.measurements.ballWidth).toBeGreaterThan(103);
    expect(scan.measurements.ballWidth).toBeLessThan(111);
    // A clean scan: no repairs, little noise.
    expect(intake.repairs).toEqual([]);
    expect(intake.noiseMm).toBeLessThan(0.1);
  });

  it('finds the arch where real arches are: the apex 10 mm inside the medial border at 33–45 % of the length, 15–25 mm high', () => {
    const fl = scan.measurements.footLength!;
    const apex = scan.measurements.archApexX! / fl;
    expect(apex).toBeGreaterThan(0.33);
    expect(apex).toBeLessThan(0.45);
    expect(scan.measurements.archHeight).toBeGreaterThan(15);
    expect(scan.measurements.archHeight).toBeLessThan(25);
  });

  it('reports the 4×4 that lays the file on the foot frame: the scan\'s lowest points land on the floor, heel at x = 0', () => {
    const prep = prepareBuild(scan, undefined, { surface });
    const m = prep.matrix4;
    expect(m.slice(12)).toEqual([0, 0, 0, 1]);
    const mesh = readMesh(bytes, 'stl');
    const p = mesh.positions;
    let minZ = Infinity, minX = Infinity, maxX = -Infinity;
    for (let v = 0; v < p.length; v += 3) {
      const x = m[0]! * p[v]! + m[1]! * p[v + 1]! + m[2]! * p[v + 2]! + m[3]!;
      const z = m[8]! * p[v]! + m[9]! * p[v + 1]! + m[10]! * p[v + 2]! + m[11]!;
      minZ = Math.min(minZ, z); minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    }
    expect(Math.abs(minZ)).toBeLessThan(0.5);
    expect(Math.abs(minX)).toBeLessThan(1.5);
    expect(Math.abs(maxX - scan.measurements.footLength!)).toBeLessThan(1.5);
    // A rotation (scaled by 1000: metres to mm), not a reflection.
    const det = m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
    expect(det / 1e9).toBeCloseTo(1, 6);
  });

  it('builds a closed total-contact device that fits the scanned sole: p95 ≤ 0.5 mm, worst gap or pressure ≤ 1.5 mm', () => {
    const built = buildOrthotic(scan, undefined, { surface });
    const fit = built.report.fit!;
    expect(fit.samples).toBeGreaterThan(3000);
    expect(fit.p95Mm).toBeLessThanOrEqual(0.5);
    expect(fit.maxGapMm).toBeLessThanOrEqual(1.5);
    expect(fit.maxAboveMm).toBeLessThanOrEqual(1.5);
    expect(built.report.surface).toMatchObject({ format: 'stl', encoding: 'binary', units: 'm', mode: 'scan', triangles: readMesh(bytes, 'stl').indices.length / 3 });
    expect(built.report.inputs.surfaceSha256).toMatch(/^[0-9a-f]{64}$/);
    const m = built.report.measured!;
    expect(m.heelCupDepthMm).toBeGreaterThan(11.5);
    expect(m.heelCupDepthMm).toBeLessThan(12.5);
    expect(m.minThicknessMm).toBeGreaterThan(0.9 * 3);
    const stl = toStl(built.mesh);
    expectWatertight(readStl(stl).triangles, `${side} total contact`);
    if (hasTool('admesh') || process.env.CI) {
      const dir = mkdtempSync(join(tmpdir(), 'orthotic-real-'));
      const path = join(dir, `${side}.stl`);
      writeFileSync(path, stl);
      const a = runAdmesh(path);
      expect(a.disconnectedFacets).toBe(0);
      expect(a.degenerateFacets).toBe(0);
      expect(a.parts).toBe(1);
      if (hasTool('prusa-slicer') || process.env.CI) expect(prusaInfo(path).manifold).toBe(true);
    }
  });

  it('built from its outline and measurements alone (--surface parametric), the calibrated arch fits the real sole: p95 ≤ 3 mm, worst pressure ≤ 4 mm', () => {
    const built = buildOrthotic(scan, undefined, { surface, surfaceMode: 'parametric' });
    expect(built.report.surface!.mode).toBe('parametric');
    const fit = built.report.fit!;
    expect(fit.p95Mm).toBeLessThanOrEqual(3);
    expect(fit.maxAboveMm).toBeLessThanOrEqual(4);
    // ... and with no apex measured (the default apex station), still within the target.
    const { archApexX: _apex, ...rest } = scan.measurements;
    const fallback = buildOrthotic({ ...scan, measurements: rest }, undefined, { surface, surfaceMode: 'parametric' }).report.fit!;
    expect(fallback.p95Mm).toBeLessThanOrEqual(3);
    expect(fallback.maxAboveMm).toBeLessThanOrEqual(4);
    process.stdout.write(`${side} parametric fit: p95 ${fit.p95Mm} worst ${fit.maxAboveMm}; default apex: p95 ${fallback.p95Mm} worst ${fallback.maxAboveMm}\n`);
  });
});
