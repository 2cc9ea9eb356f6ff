/**
 * Orders of more than one device (issue 3: pairs and --mirror; issue 6: staged series), through the
 * library. Every device is re-read from its STL and measured on the test side (tests/support/build.ts),
 * and checked by the independent mesh checker.
 *
 * Tolerances as in examples.test.ts: post angle ±0.25°, heel cup and arch ±0.5 mm.
 */
import { describe, expect, it } from 'vitest';
import { buildOrder, DEFAULT_LIMITS, InputError, LimitError, orderReport, toStl, type FootScanPair, type LimitsProfile, type OrderReport } from '../../src/index.js';
import { compareToBuiltIn } from '../../src/limits/index.js';
import { loadScan, measureBuilt } from '../support/build.js';
import { checkClosedManifold } from '../support/meshCheck.js';

const PAIR = loadScan('examples/w252-pair-neutral.json') as unknown as FootScanPair;
const STAGED = loadScan('examples/m288-right-flat-staged.json');
const RIGHT = loadScan('examples/m271-right-neutral.json');

function closed(triangles: Float32Array): void {
  const r = checkClosedManifold(triangles);
  expect(r.problems).toEqual([]);
  expect(r.euler).toBe(2);
  expect(r.volume).toBeGreaterThan(0);
}

function errorOf(f: () => unknown): InputError | LimitError {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError || err instanceof LimitError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('a pair file (both feet in one scan document)', () => {
  const order = buildOrder(PAIR, undefined, { resolutionMm: 1.5 });

  it('builds both feet, left first, named by side, each its own closed device', () => {
    expect(order.pair).toBe(true);
    expect(order.devices.map((d) => [d.name, d.report.side, d.report.mirroredFrom])).toEqual([['left', 'left', null], ['right', 'right', null]]);
    for (const d of order.devices) closed(measureBuilt(d).m.triangles);
  });

  it("applies the pair's prescription to both feet and a foot's own on top of it", () => {
    const [left, right] = order.devices.map((d) => ({ d, m: measureBuilt(d).m }));
    for (const { d, m } of [left!, right!]) {
      expect(d.report.prescription.applied.rearfootPost).toEqual({ wedge: 'medial', angle: 3 });
      expect(m.postAngleDeg).toBeCloseTo(3, 0);
      expect(Math.abs(m.postAngleDeg - 3)).toBeLessThan(0.25);
      expect(d.report.measured!.postHighSide).toBe('medial');
    }
    // The left foot's arch is its scan's (15 mm); the right foot's own prescription raises its 14 mm arch to 16.
    expect(left!.d.report.prescription.applied.archHeight).toBe(15);
    expect(right!.d.report.prescription.applied.archHeight).toBe(16);
    expect(Math.abs(right!.m.archHeightMm - 16)).toBeLessThan(0.5);
    // Medial is −y on a left foot and +y on a right one: the posts rise toward opposite sides.
    expect(left!.m.postRisesToward).toBe(-1);
    expect(right!.m.postRisesToward).toBe(1);
  });

  it('reports every device of the order', () => {
    const report = orderReport(order) as OrderReport;
    expect(report.devices.map((r) => r.side)).toEqual(['left', 'right']);
    expect(report.series).toEqual([]);
  });

  it('refuses two feet of the same side, naming the field', () => {
    const twoLefts = { ...PAIR, feet: [PAIR.feet[0], { ...PAIR.feet[0] }] };
    const err = errorOf(() => buildOrder(twoLefts));
    expect(err).toBeInstanceOf(InputError);
    expect(err.problems).toEqual([expect.objectContaining({ pointer: '/feet/1/side', rule: 'a pair needs one left and one right foot', value: 'left' })]);
  });

  it("names a foot's invalid field by its pointer in the pair", () => {
    const bad = { ...PAIR, feet: [{ ...PAIR.feet[0], measurements: { archHeight: -3 } }, PAIR.feet[1]] };
    const err = errorOf(() => buildOrder(bad));
    expect(err.problems.map((p) => p.pointer)).toEqual(['/feet/0/measurements/archHeight']);
  });

  it('says which foot a refusal is about', () => {
    const err = errorOf(() => buildOrder(PAIR, { rearfootPost: { wedge: 'medial', angle: 12 } }));
    expect(err).toBeInstanceOf(LimitError);
    expect(err.problems[0]!.subject).toBe('left foot');
  });

  it('refuses --mirror on a file that already has both feet', () => {
    expect(errorOf(() => buildOrder(PAIR, undefined, { mirror: true })).problems[0]!.rule).toMatch(/already has both feet/);
  });
});

describe('--mirror: the other foot from one scan', () => {
  const order = buildOrder(RIGHT, undefined, { mirror: true });
  const [left, right] = order.devices.map((d) => ({ d, ...measureBuilt(d) }));

  it('builds the scanned foot and its mirror image, and the report says which is mirrored', () => {
    expect(order.devices.map((d) => [d.name, d.report.side, d.report.mirroredFrom])).toEqual([['left', 'left', 'right'], ['right', 'right', null]]);
    expect(left!.d.report.inputs.scanSha256).toBe(right!.d.report.inputs.scanSha256);
    closed(left!.m.triangles);
  });

  it('gives the mirrored device the same measured geometry, its post raised on its own medial side', () => {
    const a = left!.m, b = right!.m;
    expect(Math.abs(a.postAngleDeg - b.postAngleDeg)).toBeLessThan(0.1);
    expect(Math.abs(a.heelCupDepthMm - b.heelCupDepthMm)).toBeLessThan(0.2);
    expect(Math.abs(a.archHeightMm - b.archHeightMm)).toBeLessThan(0.2);
    expect(Math.abs(a.maxX - b.maxX)).toBeLessThan(0.2);
    expect(a.postRisesToward).toBe(-b.postRisesToward);
    expect(left!.d.report.measured!.postHighSide).toBe('medial');
    const va = left!.d.report.mesh.volumeMm3, vb = right!.d.report.mesh.volumeMm3;
    expect(Math.abs(va - vb) / vb).toBeLessThan(0.005);
    // A mirror image: the left device's y extent is the right one's reflected.
    const extent = (t: Float32Array) => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 1; i < t.length; i += 3) { lo = Math.min(lo, t[i]!); hi = Math.max(hi, t[i]!); }
      return hi - lo;
    };
    expect(Math.abs(extent(a.triangles) - extent(b.triangles))).toBeLessThan(0.3);
  });
});

describe('a staged series (examples/m288-right-flat-staged.json: medial post 6°, arch raised 6 mm, 3 stages)', () => {
  const order = buildOrder(STAGED);
  const measured = order.devices.map((d) => ({ d, ...measureBuilt(d) }));
  const scanned = STAGED.measurements.archHeight;
  const stepPost = DEFAULT_LIMITS.steps!['rearfootPost.angle']!.maxStep;
  const stepArch = DEFAULT_LIMITS.steps!.archRaise!.maxStep;

  it('builds one device a stage, named stage-k-of-N, each a closed 2-manifold', () => {
    expect(order.devices.map((d) => d.name)).toEqual(['stage-1-of-3', 'stage-2-of-3', 'stage-3-of-3']);
    expect(order.devices.map((d) => d.report.stage?.fraction)).toEqual([0.333333, 0.666667, 1]);
    for (const { m } of measured) closed(m.triangles);
  });

  it('increases the measured correction monotonically to the full prescription, every step within its per-step limit', () => {
    const posts = [0, ...measured.map(({ m }) => m.postAngleDeg)];
    const arches = [scanned, ...measured.map(({ m }) => m.archHeightMm)];
    for (let k = 1; k < posts.length; k++) {
      expect(posts[k]!).toBeGreaterThan(posts[k - 1]! + 1);
      expect(posts[k]! - posts[k - 1]!).toBeLessThanOrEqual(stepPost + 0.25);
      expect(arches[k]!).toBeGreaterThan(arches[k - 1]! + 1);
      expect(arches[k]! - arches[k - 1]!).toBeLessThanOrEqual(stepArch + 0.5);
    }
    expect(Math.abs(posts[3]! - 6)).toBeLessThan(0.25);
    expect(Math.abs(arches[3]! - 14)).toBeLessThan(0.5);
    // Evenly spaced: 2°, 4°, 6° and +2, +4, +6 mm.
    measured.forEach(({ m }, i) => {
      expect(Math.abs(m.postAngleDeg - 2 * (i + 1))).toBeLessThan(0.25);
      expect(Math.abs(m.archHeightMm - (scanned + 2 * (i + 1)))).toBeLessThan(0.5);
    });
  });

  it('keeps what is not a correction the same in every stage', () => {
    for (const { m, d } of measured) {
      expect(Math.abs(m.heelCupDepthMm - 16)).toBeLessThan(0.5);
      expect(d.report.prescription.applied.shellThickness).toBe(3.5);
      expect(m.minThicknessMm).toBeGreaterThan(3.5 - 0.1);
    }
  });

  it('writes a wear-in plan with the clinician\'s numbers and plain instructions', () => {
    const s = order.series[0]!;
    expect(s.count).toBe(3);
    expect(s.stagesNeeded).toBe(3);
    expect(s.wearIn).toMatchObject({ firstDayHours: 2, addHoursPerDay: 1, comfortableDays: 10, setByClinician: ['comfortableDays', 'notes'] });
    expect(s.plan.map((p) => p.delivers)).toEqual([
      'medial rearfoot post 2°, arch raise +2 mm',
      'medial rearfoot post 4°, arch raise +4 mm',
      'medial rearfoot post 6°, arch raise +6 mm',
    ]);
    expect(s.plan[0]!.instructions[0]).toBe('Day 1: wear stage 1 for 2 hours, then take it out.');
    expect(s.plan[0]!.instructions).toContain('Once you have worn it all day (12 hours) without pain for 10 days in a row, move on to stage 2.');
    expect(s.plan[2]!.instructions.join(' ')).toMatch(/This is your full prescription/);
    expect(s.plan.every((p) => p.instructions.some((l) => /stop wearing it and contact the clinic/.test(l)))).toBe(true);
    expect(s.plan.every((p) => p.instructions.at(-1) === 'From your clinician: Wear the orthotics in your trainers for the first week of each stage.')).toBe(true);
    // 2 h on day 1, +1 h a day to 12 h on day 11, then 10 full days: day 20 at the earliest.
    expect(s.plan[0]!.earliestDays).toBe(20);
    expect(s.corrections.map((c) => [c.parameter, c.perStage])).toEqual([['rearfootPost.angle', [2, 4, 6]], ['archRaise', [2, 4, 6]]]);
  });

  it('gives the same bytes twice (deterministic)', () => {
    const again = buildOrder(STAGED, undefined, { stages: 3 });
    // Buffer.equals: vitest's deep equality walks a typed array element by element (tens of seconds).
    expect(Buffer.from(toStl(again.devices[1]!.mesh)).equals(toStl(order.devices[1]!.mesh))).toBe(true);
  });
});

describe('a staged series built with --clamp', () => {
  it('records and says the clamp on every stage (each stage\'s own check sees the clamped value as asked)', () => {
    // A 12° medial post: over the 9° ceiling, and the heel height ceiling then takes it to ~8.4°.
    const rx = { ...STAGED.prescription, rearfootPost: { wedge: 'medial', angle: 12 } };
    const order = buildOrder(STAGED, rx, { stages: 'auto', clamp: true, resolutionMm: 3 });
    expect(order.devices.length).toBeGreaterThan(1);
    const full = order.devices.at(-1)!.report.prescription.applied.rearfootPost!.angle;
    expect(full).toBeLessThan(9);
    for (const d of order.devices) {
      const clamps = d.report.limits.findings.filter((f) => f.level === 'clamped');
      expect(clamps.map((f) => [f.pointer, f.asked]), d.name).toContainEqual(['/prescription/rearfootPost/angle', 12]);
      for (const f of clamps) expect(d.report.warnings, d.name).toContain(f.message);
    }
    // Without --clamp the same order is refused, as a single device would be.
    expect(errorOf(() => buildOrder(STAGED, rx, { stages: 'auto', resolutionMm: 3 }))).toBeInstanceOf(LimitError);
  });
});

describe('how many stages', () => {
  it('refuses too few stages, naming the correction, the step, the limit and how many are needed', () => {
    const err = errorOf(() => buildOrder(STAGED, undefined, { stages: 2, resolutionMm: 3 }));
    expect(err).toBeInstanceOf(LimitError);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.pointer).toBe('--stages');
    expect(err.problems[0]!.rule).toMatch(/^the medial rearfoot post \(6° in all\) would change by 3° in one step, more than the 2° a step allows \(steps\.rearfootPost\.angle: .*\); this prescription needs 3 evenly spaced stages \(--auto-stages picks that\)$/);
  });

  it('picks the fewest stages with auto', () => {
    expect(buildOrder(STAGED, { stages: {} }, { stages: 'auto', resolutionMm: 3 }).devices).toHaveLength(3);
    // 4° and +4 mm: two steps of 2° / 2 mm.
    expect(buildOrder(RIGHT, { archHeight: 20 }, { stages: 'auto', resolutionMm: 3 }).devices.map((d) => d.report.prescription.applied.archHeight)).toEqual([18, 20]);
  });

  it("takes the clinician's fractions when every step is within its limit", () => {
    const order = buildOrder(STAGED, { stages: { fractions: [0.25, 0.5, 0.8, 1] } }, { resolutionMm: 3 });
    expect(order.devices.map((d) => d.report.prescription.applied.rearfootPost!.angle)).toEqual([1.5, 3, 4.8, 6]);
    expect(order.devices.map((d) => d.name)).toEqual(['stage-1-of-4', 'stage-2-of-4', 'stage-3-of-4', 'stage-4-of-4']);
    const err = errorOf(() => buildOrder(STAGED, { stages: { fractions: [0.2, 0.6, 1] } }, { resolutionMm: 3 }));
    expect(err.problems[0]).toMatchObject({ pointer: '/stages/fractions', source: 'prescription', value: [0.2, 0.6, 1] });
    expect(err.problems[0]!.rule).toMatch(/would change by 2\.4° in one step/);
  });

  it('refuses fractions that do not increase or do not end at the full prescription', () => {
    const err = errorOf(() => buildOrder(STAGED, { stages: { fractions: [0.5, 0.4, 0.9], count: 2 } }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.problems.map((p) => p.pointer)).toEqual(['/stages/fractions/1', '/stages/fractions/2', '/stages/count']);
  });

  it("uses a lab profile's own step limits, and a looser one needs --allow-over-limit", () => {
    const strict = structuredClone(DEFAULT_LIMITS) as LimitsProfile;
    strict.steps!['rearfootPost.angle']!.maxStep = 1;
    expect(compareToBuiltIn(strict)).toEqual([]);
    expect(errorOf(() => buildOrder(STAGED, undefined, { limits: strict, resolutionMm: 3 })).problems[0]!.rule).toMatch(/needs 6 evenly spaced stages/);
    // A step so small no series of 12 can keep it: said so, not "--auto-stages picks that".
    strict.steps!['rearfootPost.angle']!.maxStep = 0.25;
    for (const stages of [undefined, 'auto' as const]) {
      expect(errorOf(() => buildOrder(STAGED, undefined, { limits: strict, resolutionMm: 3, ...(stages ? { stages } : {}) })).problems[0]!.rule)
        .toMatch(/would need 24 evenly spaced stages, more than the 12 a series may have: prescribe less of it, or a larger step in the limits profile$/);
    }
    strict.steps!['rearfootPost.angle']!.maxStep = 1;
    const loose = structuredClone(DEFAULT_LIMITS) as LimitsProfile;
    loose.steps!['rearfootPost.angle']!.maxStep = 3;
    expect(compareToBuiltIn(loose).map((l) => l.message)).toEqual(['steps.rearfootPost.angle: largest step raised from 2° to 3°']);
    expect(errorOf(() => buildOrder(STAGED, undefined, { limits: loose, stages: 2 })).problems[0]!.pointer).toBe('/steps/rearfootPost.angle/maxStep');
    expect(buildOrder(STAGED, undefined, { limits: loose, allowOverLimit: 'trial protocol', stages: 2, resolutionMm: 3 }).devices).toHaveLength(2);
  });

  it('a profile without steps uses the built-in step limits', () => {
    const { steps: _steps, ...old } = structuredClone(DEFAULT_LIMITS) as LimitsProfile;
    expect(buildOrder(STAGED, undefined, { limits: old, stages: 'auto', resolutionMm: 3 }).devices).toHaveLength(3);
  });
});
