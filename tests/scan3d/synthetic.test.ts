/**
 * Synthetic 3D scans with a known sole (tests/support/footMesh.ts), in every frame, unit and
 * format a scanner writes, and as a foam-box impression: the intake finds the foot, the
 * total-contact device fits the sole, and each modification measures on it as on a parametric
 * device, left and right.
 */
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { prepareBuild } from '../../src/pipeline/index.js';
import { scanFromMesh, type MeshFormat } from '../../src/scan3d/index.js';
import { footScanMesh, impressionMesh, mat4Apply, placeMesh, type FileFrame, type SynthMesh } from '../support/footMesh.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectWatertight } from '../support/meshCheck.js';
import { hasTool, prusaInfo, runAdmesh } from '../support/tools.js';
import { writeObj, writePly, writeStl } from '../support/meshFiles.js';
import { makeProbe } from '../support/probe.js';
import { readStl } from '../support/stl.js';

type Encoding = 'stl' | 'stl-ascii' | 'obj' | 'ply-ascii' | 'ply-le' | 'ply-be';

function encode(mesh: SynthMesh, how: Encoding): { bytes: Uint8Array; format: MeshFormat } {
  const { positions: p, indices: f } = mesh;
  switch (how) {
    case 'stl': return { bytes: writeStl(p, f), format: 'stl' };
    case 'stl-ascii': return { bytes: writeStl(p, f, { ascii: true }), format: 'stl' };
    case 'obj': return { bytes: writeObj(p, f), format: 'obj' };
    case 'ply-ascii': return { bytes: writePly(p, f, { encoding: 'ascii' }), format: 'ply' };
    case 'ply-le': return { bytes: writePly(p, f, { encoding: 'binary_little_endian' }), format: 'ply' };
    case 'ply-be': return { bytes: writePly(p, f, { encoding: 'binary_big_endian' }), format: 'ply' };
  }
}

const FRAMES: Array<[string, FileFrame, Encoding]> = [
  ['Z-up, mm, binary STL', {}, 'stl'],
  ['Y-up, metres, OBJ', { up: 'y', unit: 'm' }, 'obj'],
  ['tilted 3° and 2°, inches, ASCII PLY', { tiltDeg: [3, -2], unit: 'in' }, 'ply-ascii'],
  ['rotated 137°, offset, mm, ASCII STL', { yawDeg: 137, offsetMm: [412, -88, 35] }, 'stl-ascii'],
  ['Y-up, rotated −60°, metres, big-endian PLY', { up: 'y', yawDeg: -60, unit: 'm', offsetMm: [10, 20, 30] }, 'ply-be'],
];

describe.each(['left', 'right'] as const)('a synthetic %s foot', (side) => {
  const scan = footScanMesh({ side, edgeMm: 2.5, footLengthMm: 265 });

  it.each(FRAMES)('%s: taken in (units, side, frame) and built total-contact within 0.5 mm p95, 1.5 mm worst', (_, frame, how) => {
    const placed = placeMesh(scan.mesh, frame);
    const { bytes, format } = encode(placed.mesh, how);
    const { scan: json, surface } = scanFromMesh(bytes, `foot.${format}`, format, { id: 'synthetic' });
    expect(surface.intake.units).toBe(frame.unit ?? 'mm');
    expect(json.side).toBe(side);
    expect(surface.intake.sideFrom).toBe('arch');
    expect(Math.abs(json.measurements.footLength! - scan.foot.footLengthMm)).toBeLessThan(1.5);
    // The reported 4×4 takes the file to the foot frame: the model's heel-seat and toe points land
    // where the model's own frame puts them (up to the foot frame's origin across the foot).
    const prep = prepareBuild(json, undefined, { surface });
    const m = prep.matrix4;
    const apply = (x: number, y: number, z: number) => [0, 1, 2].map((r) => m[4 * r]! * x + m[4 * r + 1]! * y + m[4 * r + 2]! * z + m[4 * r + 3]!);
    const heel = apply(...mat4Apply(placed.footToFile, 30, 0, 0));
    const toe = apply(...mat4Apply(placed.footToFile, 230, 0, 0));
    expect(Math.abs(heel[2]!)).toBeLessThan(0.3);
    expect(Math.abs(toe[2]!)).toBeLessThan(0.3);
    expect(Math.abs(toe[0]! - heel[0]! - 200)).toBeLessThan(0.5);
    expect(Math.abs(toe[1]! - heel[1]!)).toBeLessThan(5); // the long axes agree within ~1.5°
    const built = buildOrthotic(json, undefined, { surface, resolutionMm: 1.5 });
    const fit = built.report.fit!;
    expect(fit.p95Mm).toBeLessThanOrEqual(0.5);
    expect(Math.max(fit.maxGapMm, fit.maxAboveMm)).toBeLessThanOrEqual(1.5);
    const stl = toStl(built.mesh);
    expectWatertight(readStl(stl).triangles, `${side} ${_}`);
    if (hasTool('admesh') || process.env.CI) {
      const path = join(mkdtempSync(join(tmpdir(), 'orthotic-synth-')), 'device.stl');
      writeFileSync(path, stl);
      const a = runAdmesh(path);
      expect([a.disconnectedFacets, a.degenerateFacets, a.parts]).toEqual([0, 0, 1]);
      if (hasTool('prusa-slicer') || process.env.CI) expect(prusaInfo(path).manifold).toBe(true);
    }
  });

  it('from a foam-box impression (--impression): the cavity read as the sole, the same fit', () => {
    const imp = impressionMesh({ side, edgeMm: 2.5, footLengthMm: 265 });
    const placed = placeMesh(imp.mesh, { yawDeg: 20, unit: 'mm' });
    const { scan: json, surface } = scanFromMesh(writeStl(placed.mesh.positions, placed.mesh.indices), 'box.stl', 'stl', { id: 'box', impression: true });
    expect(json.side).toBe(side);
    expect(surface.intake.impression).toBe(true);
    expect(Math.abs(json.measurements.footLength! - imp.foot.footLengthMm)).toBeLessThan(3);
    const built = buildOrthotic(json, undefined, { surface, resolutionMm: 1.5 });
    expect(built.report.fit!.p95Mm).toBeLessThanOrEqual(0.5);
    expect(Math.max(built.report.fit!.maxGapMm, built.report.fit!.maxAboveMm)).toBeLessThanOrEqual(1.5);
    expect(built.report.surface!.impression).toBe(true);
  });

  it('repairs spikes and small holes and says so; the fit holds', () => {
    const flawed = footScanMesh({ side, edgeMm: 2.5, footLengthMm: 265, spikes: 4, holes: 2, holeRadiusMm: 5 });
    const { scan: json, surface } = scanFromMesh(writeStl(flawed.mesh.positions, flawed.mesh.indices), 'f.stl', 'stl', { id: 'flawed' });
    const repairs = surface.intake.repairs.join(' | ');
    expect(repairs).toMatch(/filled 2 holes in the sole/);
    expect(repairs).toMatch(/removed \d+ spikes?/);
    const built = buildOrthotic(json, undefined, { surface, resolutionMm: 1.5 });
    expect(built.report.warnings.filter((w) => w.startsWith('scan repaired:'))).toHaveLength(surface.intake.repairs.length);
    expect(built.report.fit!.p95Mm).toBeLessThanOrEqual(0.5);
  });

  it('ignores points no triangle uses (an OBJ\'s or PLY\'s strays): the same scan, units and device as without them', () => {
    const { positions, indices } = scan.mesh;
    const plain = scanFromMesh(writeObj(positions, indices), 'p.obj', 'obj', { id: 'strays' });
    // Two stray points 2 m apart: counted, they would make the scan 2,000 "mm" across (no foot's size in any unit).
    const strays = Float64Array.from([...positions, 5, 5, 5, -1000, 5, 1000]);
    const withStrays = scanFromMesh(writeObj(strays, indices), 'p.obj', 'obj', { id: 'strays' });
    expect(withStrays.surface.intake.units).toBe('mm');
    expect(withStrays.scan).toEqual(plain.scan);
    const stl = (s: typeof plain) => toStl(buildOrthotic(s.scan, undefined, { surface: s.surface, resolutionMm: 2 }).mesh);
    expect(Buffer.from(stl(withStrays)).equals(Buffer.from(stl(plain)))).toBe(true);
  });

  it('smooths a noisy scan (±0.3 mm) as much as its noise needs, and reports both', () => {
    const noisy = footScanMesh({ side, edgeMm: 2.5, footLengthMm: 265, noiseMm: 0.3 });
    const { surface } = scanFromMesh(writeStl(noisy.mesh.positions, noisy.mesh.indices), 'n.stl', 'stl', { id: 'noisy' });
    expect(surface.intake.noiseMm).toBeGreaterThan(0.05);
    expect(surface.intake.smoothingMm).toBeGreaterThan(0.6);
  });

  it('refuses two feet and a scan missing its heel, saying which', () => {
    const two = footScanMesh({ side, edgeMm: 3, twoFeet: true });
    expect(() => scanFromMesh(writeStl(two.mesh.positions, two.mesh.indices), 't.stl', 'stl', { id: 't' })).toThrow(/two feet/);
    const cut = footScanMesh({ side, edgeMm: 3, truncateMm: 40 });
    expect(() => scanFromMesh(writeStl(cut.mesh.positions, cut.mesh.indices), 'c.stl', 'stl', { id: 'c' })).toThrow(/cut off at the heel/);
  });
});

describe.each(['left', 'right'] as const)('modifications on a scan-driven %s device measure as on a parametric one', (side) => {
  const synth = footScanMesh({ side, edgeMm: 2.5, footLengthMm: 265 });
  const { scan, surface } = scanFromMesh(writeStl(synth.mesh.positions, synth.mesh.indices), 'm.stl', 'stl', { id: 'mods' });
  const build = (rx: object, mode: 'scan' | 'parametric') => {
    const b = buildOrthotic(scan, rx, { surface, surfaceMode: mode, resolutionMm: 1.5 });
    return { ...b, probe: makeProbe(readStl(toStl(b.mesh)).triangles) };
  };
  const top = (b: ReturnType<typeof build>, x: number, y: number) => b.probe.top(x, y)!.z;

  it('rearfoot post angle, heel cup depth and heel lift', () => {
    for (const mode of ['scan', 'parametric'] as const) {
      const post = build({ rearfootPost: { wedge: 'medial', angle: 4 }, heelCupDepth: 16 }, mode);
      expect(Math.abs(post.report.measured!.postAngleDeg - 4), mode).toBeLessThanOrEqual(0.3);
      expect(Math.abs(post.report.measured!.heelCupDepthMm - 16), mode).toBeLessThanOrEqual(0.5);
      const base = build({}, mode);
      const lift = build({ heelLift: 6 }, mode);
      const [hx, hy] = base.report.foot.landmarks.heelCentre;
      expect(Math.abs(top(lift, hx, hy) - top(base, hx, hy) - 6), mode).toBeLessThanOrEqual(0.1);
    }
  });

  it('metatarsal pad height', () => {
    for (const mode of ['scan', 'parametric'] as const) {
      const base = build({}, mode);
      const pad = build({ metatarsalPad: { height: 5 } }, mode);
      const fl = base.report.foot.footLengthMm;
      let peak = -Infinity;
      for (let x = 0.5 * fl; x < 0.8 * fl; x += 1) for (let y = -60; y <= 60; y += 1) {
        const a = pad.probe.top(x, y), b = base.probe.top(x, y);
        if (a && b) peak = Math.max(peak, a.z - b.z);
      }
      expect(Math.abs(peak - 5), mode).toBeLessThanOrEqual(0.15);
    }
  });

  it('arch raise: the arch rises by what is asked above the scanned one', () => {
    const base = build({}, 'scan');
    const raised = build({ archHeight: scan.measurements.archHeight + 4 }, 'scan');
    const [ax, ay] = base.report.foot.landmarks.archApex;
    expect(Math.abs(top(raised, ax, ay) - top(base, ax, ay) - 4)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(raised.report.measured!.archHeightMm - (scan.measurements.archHeight + 4))).toBeLessThanOrEqual(0.3);
  });
});
