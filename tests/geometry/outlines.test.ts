/**
 * Any outline a scanner gives (issue 15): generated outlines with the variety real ones have
 * (src/synth/plausibleFoot.ts: toe shapes, hallux valgus, heel shapes, flat to cavus footprints, pen
 * tracings; 150–400 mm; 8 to 20,000 points; noise; any frame, winding, open or closed) all build a
 * closed device as prescribed (post angle, heel-cup depth, length, measured on the mesh); shapes with
 * no heel are refused with a message that says how to give the heel, and built when it is given.
 * Regression fixtures: the kinds of outline issue 15 found refused, and issue 16's internal errors.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, GeometryError, prepareBuild, toStl, type BuildReport } from '../../src/index.js';
import { HEEL_ROUNDING, LANDMARK_RATIOS, TRIM_RULES } from '../../src/geometry/index.js';
import { plausibleFootOutline, random, type PlausibleFootOptions } from '../../src/synth/index.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { ellipse, ISSUE_15_FEET, plausibleFootArbitrary, rectangle, stadium } from '../support/outlines.js';
import { readStl } from '../support/stl.js';
import { RECESS_FIELDS } from '../../src/scan/index.js';
import { refusal } from '../support/refusal.js';

type Rx = { rearfootPost?: { wedge: 'medial' | 'lateral'; angle: number } | null; heelCupDepth?: number; length?: 'full' | 'sulcus' | 'three-quarter'; shellThickness?: number };

function scanOf(outline: ReadonlyArray<readonly number[]>, side: 'left' | 'right', extra: Record<string, unknown> = {}) {
  return { schemaVersion: 1, id: 'outline-1', side, units: 'mm', outline, measurements: { archHeight: 12 }, ...extra };
}

/**
 * Builds, re-reads the STL and checks the device is a closed 2-manifold without self-intersections
 * that is as prescribed (as applied, when `clamp` builds it at a limit): post angle ±0.25°, cup depth
 * ±0.5 mm (±0.6 mm at 2 mm), shell at least as thick as asked, and
 * its length where the chosen length puts it (the rule of tests/geometry/examples.test.ts, ±1 mm at
 * 1 mm resolution, ±1.5 mm at 2 mm).
 */
function expectBuiltAsPrescribed(scan: unknown, rx: Rx, resolutionMm = 2, clamp = false): BuildReport {
  const { mesh, report } = buildOrthotic(scan, rx, { resolutionMm, clamp });
  const closed = checkClosedManifold(readStl(toStl(mesh)).triangles);
  expect(closed.problems).toEqual([]);
  const m = report.measured!, applied = report.prescription.applied;
  expect(Math.abs(m.postAngleDeg - (applied.rearfootPost?.angle ?? 0))).toBeLessThanOrEqual(0.25);
  if (applied.rearfootPost && applied.rearfootPost.angle >= 0.5) {
    expect(m.postHighSide).toBe(applied.rearfootPost.wedge);
  }
  // ±0.5 mm at 1 mm, as the examples; at 2 mm the rim and seat are sampled more coarsely (measured: a
  // child's 8-point heel read 0.35 mm shallow at 1 mm and 0.51 mm at 2 mm).
  expect(Math.abs(m.heelCupDepthMm - applied.heelCupDepth)).toBeLessThanOrEqual(Math.max(0.5, 0.3 * resolutionMm));
  const recess = Math.max(0, ...RECESS_FIELDS.map((k) => applied[k]?.depth ?? 0));
  expect(m.minThicknessMm).toBeGreaterThanOrEqual(applied.shellThickness - recess - 0.1);
  const fl = report.foot.footLengthMm;
  const parabolaTip = report.foot.landmarks.ballX + (LANDMARK_RATIOS.mth5Behind / 2) * fl * 0.25;
  const want = applied.length === 'full' ? fl : applied.length === 'three-quarter' ? parabolaTip - TRIM_RULES.threeQuarterBehindMthMm : parabolaTip + TRIM_RULES.sulcusBeyondMth * fl;
  // ±1 mm at 1 mm, as the examples; a coarser mesh chords a narrow toe's tip a little more.
  expect(Math.abs(m.lengthMm - want)).toBeLessThanOrEqual(Math.max(1, 0.75 * resolutionMm));
  return report;
}

const POST: Rx = { rearfootPost: { wedge: 'medial', angle: 4 } };

describe('the kinds of outline issue 15 found refused now build as prescribed', () => {
  it.each(Object.entries(ISSUE_15_FEET))('%s', (_, o) => {
    const report = expectBuiltAsPrescribed(scanOf(plausibleFootOutline(o), o.side), POST, 1.5);
    // The heel found: the foot's back at x = 0 (the generator draws the heel's back at its origin).
    const [a, b, c, d, e, f] = report.alignment.matrix;
    const [ox, oy] = o.offset ?? [0, 0];
    expect(Math.abs(a * ox + b * oy + c)).toBeLessThan(0.1 * o.footLength);
    expect(Math.abs(d * ox + e * oy + f)).toBeLessThan(0.25 * o.footLength);
    expect(report.warnings.filter((w) => /looks like a (left|right) foot/.test(w))).toEqual([]);
  });

  it('notes a curve through a sparse outline, and smoothing of a noisy one, in the report', () => {
    const sparse = expectBuiltAsPrescribed(scanOf(plausibleFootOutline(ISSUE_15_FEET['12 points']!), 'left'), POST);
    expect(sparse.warnings).toEqual([
      expect.stringMatching(/^the outline has 12 points, [\d.]+ mm apart: the device follows a smooth curve through them, not straight lines between them \[CB-outline-sparse\]$/),
      expect.stringMatching(/^the heel, drawn by only a few of those points, is given a heel's round back as wide as the heel, moving the outline out by up to [\d.]+ mm \[CB-outline-sparse\]$/),
    ]);
    const noisy = expectBuiltAsPrescribed(scanOf(plausibleFootOutline(ISSUE_15_FEET['±1 mm noise (350 points)']!), 'right'), POST);
    expect(noisy.warnings).toEqual([expect.stringMatching(/^the outline is noisy \(about ±[\d.]+ mm from point to point\): smoothed along its length with a [\d.]+ mm Gaussian before use \[CB-outline-noise\]$/)]);
  });

  it('rounds a heel traced against a box for its cup, saying by how much, and refuses beyond the bound', () => {
    const traced = plausibleFootOutline({ footLength: 262, side: 'right', kind: 'tracing', penOffsetMm: 2, boxCutMm: 40, points: 600 });
    const report = expectBuiltAsPrescribed(scanOf(traced, 'right'), { heelCupDepth: 16 }, 1);
    const note = report.warnings.find((w) => w.includes('[CB-outline-heel]'));
    expect(note).toMatch(/^the heel outline turned too tightly for the heel cup's wall .*: rounded, moving the outline by up to ([\d.]+) mm \(at most 4 mm allowed\)/);
    const moved = Number(/by up to ([\d.]+) mm/.exec(note!)![1]);
    expect(moved).toBeGreaterThan(0.5);
    expect(moved).toBeLessThanOrEqual(HEEL_ROUNDING.maxChangeMm);
    // A 30 mm cup needs its corners rounded by more than the bound.
    expect(refusal(() => buildOrthotic(scanOf(traced, 'right'), { heelCupDepth: 30 }, { resolutionMm: 1 }))).toEqual([
      expect.stringMatching(/^\/outline: the heel outline must be rounder: .* rounding it enough would move the outline by [\d.]+ mm, more than the 4 mm allowed \[CB-outline-heel\]/),
    ]);
  });

  it('a notch in the heel under the cup wall is rounded too (it made a mesh that was not a closed solid)', () => {
    const foot = plausibleFootOutline({ footLength: 260, side: 'right', points: 1200 });
    const notched = foot.map(([x, y]): [number, number] => [x < 15 ? x + 3 * Math.exp(-(y * y) / 2) : x, y]);
    const report = expectBuiltAsPrescribed(scanOf(notched, 'right'), { heelCupDepth: 16, shellThickness: 4 }, 1);
    expect(report.warnings).toEqual([expect.stringContaining('[CB-outline-heel]')]);
  });
});

describe('found by the property test', () => {
  it('a 375 mm cavus print of 38 noisy points, its arch bridged by a straight border along the lattice rows, builds (the constrained triangulation failed: exit 1)', () => {
    const o: PlausibleFootOptions = {
      footLength: 375.16091734982547, side: 'right', ballRatio: 0.4068115277177273, heelRatio: 0.6000000000000011, toes: 'square', halluxValgusDeg: 7.887419783654975e-94,
      arch: 0.9999999999999983, heelSquareness: 1.210689893746596, kind: 'footprint', boxCutMm: 0, penOffsetMm: 4.4e-323, toeNotchMm: 1.3344904643256382e-60, wobbleMm: 3e-323,
      points: 38, unevenness: 1.539191906108787e-243, noiseMm: 1.48, rotationDeg: 1.975260300961371e-43, offset: [9.933749864324141e-75, 5.41387409828858e-45],
      clockwise: true, closed: true, startAt: 0.999999999999998, seed: 243952,
    };
    const report = expectBuiltAsPrescribed(scanOf(plausibleFootOutline(o), 'right'), { rearfootPost: null, heelCupDepth: 15.425988462303245, length: 'sulcus', shellThickness: 3.2464654683202583 }, 2);
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringContaining('[CB-outline-footprint]')]));
  });
});

describe('loops and crossings', () => {
  const base = () => plausibleFootOutline({ footLength: 255, side: 'right', points: 500, seed: 21 });

  it('cuts off a tiny loop of noise (under 1 mm²) and says so', () => {
    const outline = base();
    // Between points 200 and 201: on 1 mm along the outline, 0.6 mm out, then back across it.
    const [a, b] = [outline[200]!, outline[201]!];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const t = [(b[0] - a[0]) / len, (b[1] - a[1]) / len], n = [-t[1]!, t[0]!];
    const at = (along: number, out: number): [number, number] => [a[0] + along * t[0]! + out * n[0]!, a[1] + along * t[1]! + out * n[1]!];
    outline.splice(201, 0, at(1, 0), at(1, 0.6), at(0.5, -0.3));
    const prep = prepareBuild(scanOf(outline, 'right'));
    expect(prep.warnings).toEqual([expect.stringMatching(/^the outline crossed itself in 1 tiny loop of noise \(the largest 0\.\d+ mm²\): cut off \[CB-outline-loops\]$/)]);
  });

  it('still refuses a real crossing, naming the edges', () => {
    const outline = base();
    // The toes folded back across the forefoot: a figure eight.
    const crossed = outline.map(([x, y]): [number, number] => (x > 200 ? [400 - x, -y] : [x, y]));
    expect(refusal(() => prepareBuild(scanOf(crossed, 'right')))).toEqual([expect.stringMatching(/^\/outline: must not intersect itself \(the edge after point \d+ crosses or touches the edge after point \d+\)/)]);
  });
});

describe('shapes with no heel', () => {
  const shapes: Array<[string, Array<[number, number]>]> = [
    ['ellipse, 16 points', ellipse(16)],
    ['ellipse, 400 points', ellipse(400, 240, 90)],
    ['ellipse, 8 points', ellipse(8, 200, 80)],
    ['rectangle, 12 points', rectangle(12)],
    ['rectangle, 800 points', rectangle(800, 300, 110)],
    ['stadium, 120 points', stadium(120)],
  ];

  it.each(shapes)('%s: refused, saying how to give the heel', (_, outline) => {
    expect(refusal(() => prepareBuild(scanOf(outline, 'right')))).toEqual([
      expect.stringMatching(/^\/outline: must be a foot outline: its shape does not tell the heel from the toes \(the cues to which end is the heel leave a margin of 0\.0\d; 0\.1 is needed\); if it is a foot, give the heel's position in the scan's frame: "orientation": \{"heel": \[x, y\]\}, or \{"heel": \[x, y\], "toe": \[x, y\]\} to set the long axis too/),
    ]);
  });

  it.each(shapes)('%s: built as prescribed once the heel (and toe) are given', (_, outline) => {
    let lo = 0, hi = 0;
    outline.forEach(([x], i) => { if (x < outline[lo]![0]) lo = i; if (x > outline[hi]![0]) hi = i; });
    const heel = outline[hi]!, toe = outline[lo]!; // the far end is the heel
    const byHeel = expectBuiltAsPrescribed(scanOf(outline, 'left', { orientation: { heel: [heel[0] - 5, heel[1]] } }), POST);
    expect(Math.abs(Math.abs(byHeel.alignment.rotationDeg) - 180)).toBeLessThan(1);
    const both = expectBuiltAsPrescribed(scanOf(outline, 'right', { orientation: { heel, toe: [toe[0], toe[1] + 10] } }), { ...POST, length: 'three-quarter' });
    expect(Math.abs(Math.abs(both.alignment.rotationDeg) - 180)).toBeGreaterThan(0.5); // the axis follows heel -> toe, not the principal axis
  });

  it('a given orientation that does not fit the outline is refused, naming the field', () => {
    const outline = ellipse(64, 260, 95);
    expect(refusal(() => prepareBuild(scanOf(outline, 'right', { orientation: { heel: [130, 0] } })))).toEqual([expect.stringMatching(/^\/orientation\/heel: must lie at the heel end of the outline/)]);
    expect(refusal(() => prepareBuild(scanOf(outline, 'right', { orientation: { heel: [0, 0], toe: [40, 0] } })))).toEqual([expect.stringMatching(/^\/orientation\/toe: must lie toward the toes/)]);
  });

  it('a mirrored scan keeps its orientation on its own foot', () => {
    const o: PlausibleFootOptions = { footLength: 250, side: 'right', points: 300, rotationDeg: 30, offset: [50, 20] };
    const scan = scanOf(plausibleFootOutline(o), 'right', { orientation: { heel: [50, 20] } });
    const { report } = buildOrthotic(scan, POST, { resolutionMm: 2, mirror: true });
    expect(report.mirroredFrom).toBe('right');
    expect(report.warnings).toEqual([]);
  });

  it('the command line refuses an ellipse with exit 3 and the message', () => {
    const bin = join(process.cwd(), 'dist', 'bin', 'orthotic.js');
    const dir = mkdtempSync(join(tmpdir(), 'orthotic-outline-'));
    try {
      writeFileSync(join(dir, 'ellipse.json'), JSON.stringify(scanOf(ellipse(40), 'right')));
      const r = spawnSync(process.execPath, [bin, 'build', 'ellipse.json', '-o', 'out.stl', '--resolution', '2.5'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/\/outline: must be a foot outline: its shape does not tell the heel from the toes .*"orientation"/);
      writeFileSync(join(dir, 'given.json'), JSON.stringify(scanOf(ellipse(40), 'right', { orientation: { heel: [0, 0] } })));
      const ok = spawnSync(process.execPath, [bin, 'build', 'given.json', '-o', 'out.stl', '--resolution', '2.5'], { cwd: dir, encoding: 'utf8' });
      expect(ok.stderr).not.toMatch(/invalid|error/);
      expect(ok.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 16, class 1: outlines that made internal errors', () => {
  const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.json`, 'utf8')) as { outline: number[][]; side: 'left' | 'right' };

  it.each([[98, -1], [105, -1], [371, 1], [385, 1], [200, 1]] as const)('m271 with point %i moved 300 mm sideways (%i): refused, naming the point (exit 3)', (index, dir) => {
    const scan = example('m271-right-neutral');
    const p = scan.outline[index]!;
    p[1] = p[1]! + 300 * dir;
    expect(refusal(() => buildOrthotic(scan, undefined, { resolutionMm: 1 }))).toEqual([
      expect.stringMatching(new RegExp(`^/outline/${index}: must not be an outlier: the outline runs [\\d.]+ mm out to it and straight back`)),
    ]);
  });

  it.each(['m285-right-pronation', 'w251-left-plantar-fasciitis', 'w265-right-lateral-post'])('%s with ±1 mm and Gaussian 0.5 mm jitter on its points: builds as prescribed', (name) => {
    for (const [model, seed] of [['uniform', 1], ['gauss', 10], ['gauss', 11]] as const) {
      const scan = example(name);
      const rnd = random(seed * 977 + 6);
      const g = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
      scan.outline = scan.outline.map(([x, y]) => (model === 'uniform' ? [x! + 2 * rnd() - 1, y! + 2 * rnd() - 1] : [x! + 0.5 * g(), y! + 0.5 * g()]));
      expectBuiltAsPrescribed(scan, {}, 1);
    }
  });
});

describe('random plausible outlines', () => {
  const rxArb = fc.record({
    post: fc.option(fc.record({ wedge: fc.constantFrom('medial' as const, 'lateral' as const), angle: fc.double({ min: 0, max: 5, noNaN: true }) }), { nil: null }),
    heelCupDepth: fc.double({ min: 4, max: 16, noNaN: true }),
    length: fc.constantFrom('full' as const, 'sulcus' as const, 'three-quarter' as const),
    shellThickness: fc.double({ min: 2, max: 4.5, noNaN: true }),
  });

  it('every one builds a closed device as prescribed (post, cup, length)', () => {
    const runs = Number(process.env.ORTHOTIC_OUTLINE_RUNS ?? 100);
    const seen = { sparse: 0, noisy: 0, rounded: 0, footprints: 0, askedForHeel: 0 };
    fc.assert(
      fc.property(plausibleFootArbitrary, rxArb, (o, r) => {
        const rx: Rx = { rearfootPost: r.post, heelCupDepth: r.heelCupDepth, length: r.length, shellThickness: r.shellThickness };
        const outline = plausibleFootOutline(o);
        let report: BuildReport;
        try {
          // Clamped: a 5° post under a 140 mm heel is over the height limit (exit 4, rightly); built at it here.
          report = expectBuiltAsPrescribed(scanOf(outline, o.side), rx, 2, true);
        } catch (err) {
          // A heel drawn by one or two points of an 8–12-point outline can look like a toe line: then
          // the tool asks for the heel instead of guessing (never builds the wrong end), and builds
          // once it is given.
          if (!(err instanceof GeometryError) || o.points! > 12 || !/does not tell the heel from the toes .*"orientation"/.test(err.message)) throw err;
          seen.askedForHeel++;
          report = expectBuiltAsPrescribed(scanOf(outline, o.side, { orientation: { heel: o.offset ?? [0, 0] } }), rx, 2, true);
        }
        // The heel found at the end the generator drew it (its back at the origin before the
        // scanner's frame, or a box's cut in front of it): the wrong end would put the origin ~1 FL away.
        const [a, b, c] = report.alignment.matrix;
        const [ox, oy] = o.offset ?? [0, 0];
        expect(Math.abs(a * ox + b * oy + c)).toBeLessThan(0.3 * o.footLength);
        seen.sparse += report.warnings.some((w) => w.includes('[CB-outline-sparse]')) ? 1 : 0;
        seen.noisy += report.warnings.some((w) => w.includes('[CB-outline-noise]')) ? 1 : 0;
        seen.rounded += report.warnings.some((w) => w.includes('[CB-outline-heel]')) ? 1 : 0;
        seen.footprints += report.warnings.some((w) => w.includes('[CB-outline-footprint]')) ? 1 : 0;
      }),
      // ~0.25 s a run: 100 keep the file under a minute. ORTHOTIC_OUTLINE_RUNS and ORTHOTIC_OUTLINE_SEED
      // run a larger sample (measured: 1,000 runs for each of seeds 1-5, all built as prescribed; 3 of
      // the 5,000, of 8-12 points, once their heel was given).
      { numRuns: runs, seed: Number(process.env.ORTHOTIC_OUTLINE_SEED ?? 15_2026), endOnFailure: true },
    );
    if (process.env.ORTHOTIC_OUTLINE_RUNS) console.log('outline property sample:', seen);
    // The sample reaches the paths it is meant to.
    expect(seen.sparse).toBeGreaterThan(0);
    expect(seen.noisy).toBeGreaterThan(0);
    expect(seen.footprints).toBeGreaterThan(0);
    expect(seen.askedForHeel).toBeLessThanOrEqual(Math.ceil(0.01 * runs));
  }, Math.max(120_000, 1_000 * Number(process.env.ORTHOTIC_OUTLINE_RUNS ?? 0)));
});
