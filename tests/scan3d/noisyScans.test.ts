/**
 * The real scans (tests/fixtures/real-scans, MIT, Guy Dupont) with a scanner's noise added: Gaussian,
 * 1 mm on every vertex (about what a hand-held or phone scanner leaves; the source's own scans carry
 * 0.04 mm by the intake's estimate). Such a scan is read as the clean one is, within what the noise
 * can move: the floor and up (a wrong up turned the foot on its side: 'heel cannot be told from its
 * toes'), the side by its arch, the lengths, the ball at the first metatarsal head (not the big
 * toe's joint, which bulges nearly as far medially on the right foot), the arch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, formatProblem, InputError, toStl } from '../../src/index.js';
import { findUp, scalePoints } from '../../src/geometry/sole/index.js';
import { readMesh, scanFromMesh } from '../../src/scan3d/index.js';
import { expectWatertight } from '../support/meshCheck.js';
import { rng } from '../support/random.js';
import { cornersApart, noisyStl, soupStl } from '../support/scanEdits.js';
import { writeObj } from '../support/meshFiles.js';
import { readStl } from '../support/stl.js';

const FEET = {
  left: readFileSync('tests/fixtures/real-scans/dupont/left_foot.stl'),
  right: readFileSync('tests/fixtures/real-scans/dupont/right_foot.stl'),
} as const;

const SEEDS = [1, 2, 3];

const angleDeg = (a: readonly number[], b: readonly number[]) => (Math.acos(Math.min(1, a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!)) * 180) / Math.PI;

describe.each(['left', 'right'] as const)('the real %s foot with 1 mm of noise on every vertex', (side) => {
  const clean = scanFromMesh(FEET[side], `${side}.stl`, 'stl', { id: side });
  const noisy = SEEDS.map((seed) => ({ seed, bytes: noisyStl(FEET[side], 1, seed) }));

  it('stands on the same floor: up within 1° of the clean scan\'s, the floor\'s normal within 2°', () => {
    const upOf = (bytes: Uint8Array) => { const m = readMesh(bytes, 'stl'); return findUp(scalePoints(m.positions, 1000), m.indices).up; };
    // The floor's normal in the file's frame: the 4×4's third row (file to foot frame), normalised.
    const floorOf = (m: number[]) => { const l = Math.hypot(m[8]!, m[9]!, m[10]!); return [m[8]! / l, m[9]! / l, m[10]! / l]; };
    const up = upOf(FEET[side]), floor = floorOf(clean.surface.intake.matrix4);
    for (const { seed, bytes } of noisy) {
      expect(angleDeg(upOf(bytes), up)).toBeLessThan(1);
      const { surface } = scanFromMesh(bytes, `${side}-${seed}.stl`, 'stl', { id: `${side}-${seed}` });
      expect(angleDeg(floorOf(surface.intake.matrix4), floor)).toBeLessThan(2);
    }
  });

  it('is read as the clean scan, within what the noise moves: its side by the arch, length and widths within 3 mm (1 mm on average: the outline drawn in for the noise), ball ±8 mm, arch apex ±6 mm, arch height ±3 mm', () => {
    const c = clean.scan.measurements;
    const LENGTHS = ['footLength', 'ballWidth', 'heelWidth'] as const;
    const drift = { footLength: 0, ballWidth: 0, heelWidth: 0 };
    for (const { seed, bytes } of noisy) {
      const { scan, surface } = scanFromMesh(bytes, `${side}-${seed}.stl`, 'stl', { id: `${side}-${seed}` });
      const m = scan.measurements;
      expect(surface.intake.side).toBe(side);
      expect(surface.intake.sideFrom).toBe('arch');
      expect(surface.intake.noiseMm).toBeGreaterThan(4 * clean.surface.intake.noiseMm); // seen, and smoothed for
      for (const k of LENGTHS) {
        expect(Math.abs(m[k]! - c[k]!)).toBeLessThan(3);
        drift[k] += (m[k]! - c[k]!) / noisy.length;
      }
      expect(Math.abs(m.ballX! - c.ballX!)).toBeLessThan(8);
      expect(Math.abs(m.archApexX! - c.archApexX!)).toBeLessThan(6);
      expect(Math.abs(m.archHeight! - c.archHeight!)).toBeLessThan(3);
    }
    // Without the outline drawn in, the noise made the left foot's 1.2–2.4 mm larger on average.
    for (const k of LENGTHS) expect(Math.abs(drift[k])).toBeLessThan(1);
  });

  it('builds a closed total-contact device', () => {
    const { scan, surface } = scanFromMesh(noisy[0]!.bytes, `${side}.stl`, 'stl', { id: side });
    const built = buildOrthotic(scan, undefined, { surface, resolutionMm: 2 });
    expectWatertight(readStl(toStl(built.mesh)).triangles, `${side}, noisy`);
  });
});

describe('a scan whose triangles share no corners', () => {
  it('is refused in one line saying so (a "soup": the real left foot, each corner moved apart by 0.5 mm); the same triangles listed apart but at shared points (an OBJ, with stray points besides) are read as the STL', () => {
    let problems: string[] = [];
    try { scanFromMesh(soupStl(FEET.left, 0.5, 1), 'soup.stl', 'stl', { id: 'soup' }); } catch (err) { problems = (err as InputError).problems.map(formatProblem); }
    expect(problems).toEqual(['(document): is not a connected surface: its 12772 triangles have 38316 distinct corners, more than 2 a triangle (a scan\'s triangles share their corners, about half a corner a triangle); export the scan with shared (welded) vertices']);
    const m = readMesh(FEET.left, 'stl');
    const { points: corners, faces } = cornersApart(m);
    // ... and with as many distinct points again that no triangle uses, within the foot's box: not counted.
    const random = rng(7);
    const points = new Float64Array(2 * corners.length);
    points.set(corners);
    for (let i = corners.length; i < points.length; i++) points[i] = corners[i % 3]! + (random() - 0.5) * 0.05;
    const apart = scanFromMesh(writeObj(points, faces), 'apart.obj', 'obj', { id: 'apart' }).scan.measurements;
    const clean = scanFromMesh(FEET.left, 'left.stl', 'stl', { id: 'left' }).scan.measurements;
    for (const k of ['footLength', 'ballWidth', 'heelWidth', 'archHeight', 'ballX', 'archApexX'] as const) expect(Math.abs(apart[k]! - clean[k]!), k).toBeLessThan(0.5);
  });

  it('listed apart (an OBJ with every triangle\'s corners of its own), a noisy scan is read exactly as its STL: welded first', () => {
    for (const side of ['left', 'right'] as const) {
      for (const seed of SEEDS) {
        const stl = noisyStl(FEET[side], 1, seed);
        const m = readMesh(stl, 'stl');
        const { points, faces } = cornersApart(m);
        const apart = scanFromMesh(writeObj(points, faces), 'apart.obj', 'obj', { id: 'apart' }).scan.measurements;
        expect(apart).toEqual(scanFromMesh(stl, 'apart.stl', 'stl', { id: 'apart' }).scan.measurements);
      }
    }
  });
});
