import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildOrthotic, GeometryError, InputError, formatProblem, measureDevice, prepareBuild } from '../../src/index.js';
import { syntheticFootOutline } from '../../src/synth/index.js';

/** Impossible or inconsistent geometry: each case gets its own one-line message naming the field. */
function scan(overrides: Record<string, unknown> = {}, size = { footLength: 262, ballWidth: 99, heelWidth: 71 }, side: 'left' | 'right' = 'right') {
  return {
    schemaVersion: 1, id: 'geo-1', side, units: 'mm',
    outline: syntheticFootOutline({ ...size, side, points: 300 }),
    measurements: { archHeight: 15 },
    ...overrides,
  };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof GeometryError || err instanceof InputError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected an error');
}

describe('geometry that cannot be built', () => {
  it('refuses a foot longer than 400 mm', () => {
    expect(problemsOf(() => prepareBuild(scan({}, { footLength: 480, ballWidth: 180, heelWidth: 128 })))).toEqual(['/outline: must be a foot 100–400 mm long, got "480 mm"']);
  });

  it('a length just outside the range is shown as finely as it takes not to look inside it (99.99 mm was "got 100 mm")', () => {
    // A foot scaled to 99.99 mm of box diagonal (as a fuzzer made it): caught by the diagonal, which must not read as 100.
    const outline = syntheticFootOutline({ footLength: 262, ballWidth: 99, heelWidth: 71, side: 'right', points: 300 });
    const xs = outline.map((p) => p[0]!), ys = outline.map((p) => p[1]!);
    const diagonal = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    const k = 99.996 / diagonal;
    const lines = problemsOf(() => prepareBuild(scan({ outline: outline.map(([x, y]) => [x! * k, y! * k]), measurements: { archHeight: 15 } })));
    expect(lines).toEqual([expect.stringMatching(/^\/outline: must be a foot 100–400 mm long, got "99\.99\d* mm"$/)]);
  });

  it('refuses a foot far too small by its length, not by its heel (an outline scaled by 1e-12 was "does not tell the heel from the toes")', () => {
    const tiny = syntheticFootOutline({ footLength: 262, ballWidth: 99, heelWidth: 71, side: 'right', points: 300 }).map(([x, y]) => [x! * 1e-12, y! * 1e-12]);
    expect(problemsOf(() => prepareBuild(scan({ outline: tiny, measurements: { archHeight: 15 } })))).toEqual([expect.stringMatching(/^\/outline: must be a foot 100–400 mm long, got "2\.\d+e-10 mm"$/)]);
  });

  it('refuses an outline with no heel (its ends alike), saying how to give the heel', () => {
    const rect: number[][] = [];
    for (let i = 0; i <= 20; i++) rect.push([i * 13, 0]);
    for (let i = 20; i >= 0; i--) rect.push([i * 13, 90]);
    const lines = problemsOf(() => prepareBuild(scan({ outline: rect })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/outline: must be a foot outline: its shape does not tell the heel from the toes .*"orientation": \{"heel": \[x, y\]\}/);
  });

  it('names both values when a measurement disagrees with the outline', () => {
    const lines = problemsOf(() => prepareBuild(scan({ measurements: { archHeight: 15, footLength: 240 } })));
    expect(lines).toEqual([expect.stringMatching(/^\/measurements\/footLength: must agree with the outline's length 262 mm within ±6 mm, got 240$/)]);
  });

  it('refuses a heel cup too deep for a narrow heel, naming the prescription field', () => {
    const narrow = { footLength: 150, ballWidth: 56, heelWidth: 20 }; // an extreme heel: walls of a 30 mm cup need ~17 mm
    const lines = problemsOf(() => buildOrthotic(scan({ prescription: { heelCupDepth: 30 } }, narrow), undefined, { resolutionMm: 2 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/prescription\/heelCupDepth: a 30 mm heel cup needs walls .* too wide for this .* heel, got 30$/);
  });

  it('warns when the outline looks like the other foot', () => {
    const mirrored = scan({ outline: syntheticFootOutline({ footLength: 262, ballWidth: 99, heelWidth: 71, side: 'left', points: 300 }) });
    expect(prepareBuild(mirrored).warnings).toEqual([expect.stringMatching(/looks like a left foot \(its arch and toe line lie on the lateral side of a right foot\)/)]);
    expect(prepareBuild(scan()).warnings).toEqual([]);
  });
});

describe('resource limits', () => {
  it('refuses a resolution that would make more triangles than allowed, before building', () => {
    const big = { footLength: 390, ballWidth: 147, heelWidth: 104 };
    const lines = problemsOf(() => buildOrthotic(scan({ measurements: { archHeight: 15 } }, big), undefined, { resolutionMm: 0.25 }));
    expect(lines).toEqual([expect.stringMatching(/^\(document\): resolution 0.25 mm would make about \d+ triangles for this foot, more than the 2500000 allowed: use a coarser resolution, got 0.25$/)]);
  });
});

describe('measuring a mesh that is not a solid', () => {
  it('measureDevice refuses non-finite coordinates at once (its probes would never end)', () => {
    const { mesh, report } = buildOrthotic(JSON.parse(readFileSync('examples/w246-left-neutral.json', 'utf8')), undefined, { resolutionMm: 3 });
    const positions = mesh.positions.slice();
    positions[10] = NaN;
    // Only topCount is read before the coordinates are checked.
    const windows = { topCount: positions.length / 6, archApex: [report.foot.landmarks.archApexX, 0] } as unknown as Parameters<typeof measureDevice>[1];
    expect(() => measureDevice({ positions, indices: mesh.indices }, windows)).toThrow(/not finite numbers/);
  });
});

describe('scanner noise', () => {
  it('smooths ±1 mm of jitter on a 300-point outline and still builds the prescription exactly', () => {
    let seed = 1;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
    const outline = syntheticFootOutline({ footLength: 265, ballWidth: 100, heelWidth: 71, side: 'left', points: 300, rotationDeg: 20 })
      .map(([x, y]) => [x + 2 * rnd(), y + 2 * rnd()]);
    const { report } = buildOrthotic(scan({ outline, prescription: { rearfootPost: { wedge: 'medial', angle: 4 } } }, undefined, 'left'));
    const m = report.measured!;
    expect(Math.abs(m.postAngleDeg - 4)).toBeLessThan(0.25);
    expect(Math.abs(m.heelCupDepthMm - 12)).toBeLessThan(0.5);
    expect(Math.abs(m.archHeightMm - 15)).toBeLessThan(0.5);
    expect(m.minThicknessMm).toBeGreaterThan(2.9);
  });

  it('says plainly when a heel is too sharp for the cup wall and rounding it would move it too far', () => {
    // A heel cut square across (traced against a box) under a 30 mm cup: its corners need 4.6 mm of rounding.
    const square = syntheticFootOutline({ footLength: 262, ballWidth: 99, heelWidth: 71, side: 'right', points: 600 }).map(([x, y]) => [Math.max(x, 30), y]);
    const lines = problemsOf(() => buildOrthotic(scan({ outline: square, prescription: { heelCupDepth: 30 } })));
    expect(lines).toEqual([expect.stringMatching(/^\/outline: the heel outline must be rounder: its radius of [\d.]+ mm near .* is too tight for the heel-cup wall, and rounding it enough would move the outline by [\d.]+ mm, more than the 4 mm allowed \[CB-outline-heel\]/)]);
  });
});
