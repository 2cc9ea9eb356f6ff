import { parseLimitsProfile, parseLimitsText } from '../../src/limits/index.js';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import defaultLimitsJson from '../../limits/default.limits.json' with { type: 'json' };
import { LimitError, formatProblem } from '../../src/errors.js';
import {
  DEFAULT_LIMITS,
  LIMIT_PARAMETERS,
  checkLimits,
  compareToBuiltIn,
  type LimitFinding,
  type LimitsProfile,
} from '../../src/limits/index.js';
import { PRESCRIPTION_DEFAULTS, resolvePrescription, type FootScan, type Measurements, type Prescription } from '../../src/scan/index.js';
import { ellipse } from '../support/outlines.js';

function scanWith(measurements: Partial<Measurements> = {}): FootScan {
  return { schemaVersion: 1, id: 'lim-1', side: 'right', units: 'mm', outline: ellipse(), measurements: { archHeight: 16, ...measurements } };
}

interface RunOptions {
  clamp?: boolean;
  heelWidth?: number;
  measurements?: Partial<Measurements>;
  profile?: LimitsProfile;
}

function run(rx: Prescription, o: RunOptions = {}) {
  const scan = scanWith(o.measurements);
  const { asked, resolved } = resolvePrescription(scan, rx);
  return checkLimits(scan, asked, resolved, o.profile ?? DEFAULT_LIMITS, { heelWidth: o.heelWidth ?? 65 }, { clamp: o.clamp ?? false });
}

/** The LimitError that `fn` throws. */
function refusal(fn: () => unknown): LimitError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LimitError);
    return err as LimitError;
  }
  throw new Error('expected a LimitError, nothing was thrown');
}

const P = DEFAULT_LIMITS.parameters;
const CLINICAL_BASIS = readFileSync('docs/clinical-basis.md', 'utf8');
const tail = (name: keyof typeof P): string => ` (${P[name]!.why}; source: ${P[name]!.source})`;
const levels = (findings: LimitFinding[]) => findings.map((f) => [f.parameter, f.level, f.asked, f.limit]);
const loose = (edit: (p: Record<string, any>) => void): LimitsProfile => {
  const profile = structuredClone(defaultLimitsJson) as Record<string, any>;
  edit(profile);
  return parseLimitsProfile(profile);
};

describe('DEFAULT_LIMITS', () => {
  it('is limits/default.limits.json, valid against its schema, and frozen', () => {
    expect(parseLimitsProfile(structuredClone(defaultLimitsJson))).toEqual(DEFAULT_LIMITS);
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_LIMITS.parameters.heelCupDepth)).toBe(true);
    expect(DEFAULT_LIMITS).toMatchObject({ schemaVersion: 1, name: 'orthotic built-in', version: '2.2.0' });
  });

  it('holds the built-in values', () => {
    const pick = (name: keyof typeof P) => {
      const { unit, warnAbove, maxAllowed, warnBelow, minAllowed } = P[name]!;
      return { unit, warnAbove, maxAllowed, warnBelow, minAllowed };
    };
    expect(pick('rearfootPost.medial.angle')).toEqual({ unit: 'deg', warnAbove: 6, maxAllowed: 9 });
    expect(pick('rearfootPost.lateral.angle')).toEqual({ unit: 'deg', warnAbove: 4, maxAllowed: 6 });
    expect(pick('heelCupDepth')).toEqual({ unit: 'mm', warnAbove: 22, maxAllowed: 30 });
    expect(pick('archRaise')).toEqual({ unit: 'mm', warnAbove: 8, maxAllowed: 15 });
    expect(P.archRaise.capAtNavicularDrop).toBe(true);
    expect(pick('shellThickness.pa12')).toEqual({ unit: 'mm', warnBelow: 2, minAllowed: 1.5, warnAbove: 5, maxAllowed: 6 });
    expect(pick('shellThickness.pa11')).toEqual({ unit: 'mm', warnBelow: 2, minAllowed: 1.5, warnAbove: 5, maxAllowed: 6 });
    expect(pick('shellThickness.polypropylene')).toEqual({ unit: 'mm', warnBelow: 3, minAllowed: 2, warnAbove: 5, maxAllowed: 6 });
    expect(pick('heelHeight')).toEqual({ unit: 'mm', warnAbove: 12, maxAllowed: 15 });
    expect(pick('forefootPost.varus.angle')).toEqual({ unit: 'deg', warnAbove: 4, maxAllowed: 5 });
    expect(pick('forefootPost.valgus.angle')).toEqual({ unit: 'deg', warnAbove: 6, maxAllowed: 20 });
    expect(pick('medialHeelSkive.depth')).toEqual({ unit: 'mm', warnAbove: 4, maxAllowed: 6 });
    expect(pick('archFill')).toEqual({ unit: 'mm', maxAllowed: 6.4 });
    expect(pick('heelLift')).toEqual({ unit: 'mm', warnAbove: 6.4, maxAllowed: 9.5 });
    expect(pick('metatarsalPad.height')).toEqual({ unit: 'mm', warnAbove: 8, maxAllowed: 12 });
    expect(pick('metatarsalPad.behindMth')).toEqual({ unit: 'mm', warnBelow: 3, minAllowed: -5 });
    expect(pick('minimumWall')).toEqual({ unit: 'mm', warnBelow: 2, minAllowed: 0.8 });
  });

  it('cites docs/clinical-basis.md and gives a reason for every parameter', () => {
    expect(Object.keys(P).sort()).toEqual([...LIMIT_PARAMETERS].sort());
    for (const name of LIMIT_PARAMETERS) {
      // Every value cites its entry in the project's clinical basis, whose tags exist there.
      expect(P[name]!.source).toMatch(/^docs\/clinical-basis\.md \[CB-[a-z0-9-]+\]/);
      for (const tag of P[name]!.source.match(/CB-[a-z0-9-]+/g)!) expect(CLINICAL_BASIS).toContain(`[${tag}]`);
      expect(P[name]!.why.length).toBeGreaterThan(20);
    }
  });
});

describe('checkLimits: a typical prescription', () => {
  it('passes without findings and applies the prescription as resolved', () => {
    const { applied, findings } = run({ rearfootPost: { wedge: 'medial', angle: 4 }, heelCupDepth: 14 });
    expect(findings).toEqual([]);
    expect(applied).toEqual({ ...PRESCRIPTION_DEFAULTS, shellThickness: 3, heelCupDepth: 14, archHeight: 16, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'full' });
  });

  it('treats a value exactly at a level as within it', () => {
    expect(run({ heelCupDepth: 22, shellThickness: 2 }).findings).toEqual([]);
    expect(levels(run({ rearfootPost: { wedge: 'medial', angle: 9 } }, { heelWidth: 40 }).findings)).toEqual([['rearfootPost.medial.angle', 'warn', 9, 6]]);
  });

  it('does not mutate its inputs; applied is a new object', () => {
    const scan = Object.freeze(scanWith());
    const { asked, resolved } = resolvePrescription(scan, { rearfootPost: { wedge: 'medial', angle: 12 } });
    Object.freeze(resolved.rearfootPost);
    Object.freeze(resolved);
    const { applied } = checkLimits(scan, asked, resolved, DEFAULT_LIMITS, { heelWidth: 65 }, { clamp: true });
    expect(resolved.rearfootPost?.angle).toBe(12);
    expect(applied.rearfootPost?.angle).toBe(9);
    expect(applied).not.toBe(resolved);
  });
});

describe('checkLimits: rearfoot post', () => {
  it('warns above 6° medial and builds', () => {
    const { applied, findings } = run({ rearfootPost: { wedge: 'medial', angle: 7 } });
    expect(applied.rearfootPost).toEqual({ wedge: 'medial', angle: 7 });
    expect(findings).toEqual([
      {
        parameter: 'rearfootPost.medial.angle',
        pointer: '/prescription/rearfootPost/angle',
        level: 'warn',
        asked: 7,
        limit: 6,
        unit: 'deg',
        source: P['rearfootPost.medial.angle'].source,
        why: P['rearfootPost.medial.angle'].why,
        message: `rearfoot post 7° is above the warning level of 6° for a medial post${tail('rearfootPost.medial.angle')}`,
      },
    ]);
  });

  it('refuses above the 9° medial ceiling, one line naming value, ceiling and why', () => {
    const err = refusal(() => run({ rearfootPost: { wedge: 'medial', angle: 12 } }, { heelWidth: 40 }));
    expect(err.problems.map(formatProblem)).toEqual([
      `/prescription/rearfootPost/angle: rearfoot post 12° exceeds the ceiling of 9° for a medial post${tail('rearfootPost.medial.angle')}, got 12`,
    ]);
    expect(err.problems[0]?.rule).toMatch(/^rearfoot post 12° exceeds the ceiling of 9° for a medial post \(over-correction forces the knee and hip into a new rotation/);
    expect(err.problems[0]?.value).toBe(12);
  });

  it('shows a value that rounds to its limit in full (9.0000001° read "9° exceeds the ceiling of 9°")', () => {
    const err = refusal(() => run({ rearfootPost: { wedge: 'medial', angle: 9.0000001 } }, { heelWidth: 40 }));
    expect(err.problems[0]?.rule).toMatch(/^rearfoot post 9° exceeds the ceiling of 9° \(9\.0000001 asked\) for a medial post/);
  });

  it('clamps a medial post to 9° and records it', () => {
    const { applied, findings } = run({ rearfootPost: { wedge: 'medial', angle: 12 } }, { clamp: true, heelWidth: 40 });
    expect(applied.rearfootPost).toEqual({ wedge: 'medial', angle: 9 });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ parameter: 'rearfootPost.medial.angle', level: 'clamped', asked: 12, limit: 9, applied: 9 });
    expect(findings[0]?.message).toBe(`rearfoot post 12° exceeds the ceiling of 9° for a medial post, so it is built at 9°${tail('rearfootPost.medial.angle')}`);
  });

  it('uses the lateral levels for a lateral post: warn above 4°, refuse above 6°, clamp to 6°', () => {
    expect(levels(run({ rearfootPost: { wedge: 'lateral', angle: 5 } }).findings)).toEqual([['rearfootPost.lateral.angle', 'warn', 5, 4]]);
    const err = refusal(() => run({ rearfootPost: { wedge: 'lateral', angle: 7 } }));
    expect(err.problems.map(formatProblem)).toEqual([
      `/prescription/rearfootPost/angle: rearfoot post 7° exceeds the ceiling of 6° for a lateral post${tail('rearfootPost.lateral.angle')}, got 7`,
    ]);
    const { applied, findings } = run({ rearfootPost: { wedge: 'lateral', angle: 7 } }, { clamp: true });
    expect(applied.rearfootPost).toEqual({ wedge: 'lateral', angle: 6 });
    expect(levels(findings)).toEqual([['rearfootPost.lateral.angle', 'clamped', 7, 6]]);
    // 7° is only a warning for a medial post.
    expect(levels(run({ rearfootPost: { wedge: 'medial', angle: 7 } }).findings)).toEqual([['rearfootPost.medial.angle', 'warn', 7, 6]]);
  });
});

describe('checkLimits: heel cup depth', () => {
  it('warns above 22 mm, refuses above 30 mm, clamps to 30 mm', () => {
    expect(levels(run({ heelCupDepth: 25 }).findings)).toEqual([['heelCupDepth', 'warn', 25, 22]]);
    expect(run({ heelCupDepth: 25 }).applied.heelCupDepth).toBe(25);
    expect(refusal(() => run({ heelCupDepth: 32 })).problems.map(formatProblem)).toEqual([
      `/prescription/heelCupDepth: heel cup depth 32 mm exceeds the ceiling of 30 mm${tail('heelCupDepth')}, got 32`,
    ]);
    const { applied, findings } = run({ heelCupDepth: 32 }, { clamp: true });
    expect(applied.heelCupDepth).toBe(30);
    expect(findings[0]?.message).toBe(`heel cup depth 32 mm exceeds the ceiling of 30 mm, so it is built at 30 mm${tail('heelCupDepth')}`);
  });
});

describe('checkLimits: arch raise', () => {
  it('allows the scanned arch (the default) and a small raise', () => {
    expect(run({}).findings).toEqual([]);
    expect(run({ archHeight: 24 }).findings).toEqual([]);
  });

  it('warns above 8 mm of raise', () => {
    const { findings, applied } = run({ archHeight: 26 });
    expect(applied.archHeight).toBe(26);
    expect(findings.map((f) => [f.parameter, f.pointer, f.level, f.asked, f.limit])).toEqual([['archRaise', '/prescription/archHeight', 'warn', 10, 8]]);
    expect(findings[0]?.message).toBe(`arch raise of 10 mm (arch height 26 mm over the scanned 16 mm) is above the warning level of 8 mm${tail('archRaise')}`);
  });

  it('refuses more than 15 mm of raise, the problem naming the arch height asked', () => {
    expect(refusal(() => run({ archHeight: 35 })).problems.map(formatProblem)).toEqual([
      `/prescription/archHeight: arch raise of 19 mm (arch height 35 mm over the scanned 16 mm) exceeds the ceiling of 15 mm${tail('archRaise')}, got 35`,
    ]);
  });

  it('clamps the arch to the scanned arch + 15 mm', () => {
    const { applied, findings } = run({ archHeight: 35 }, { clamp: true });
    expect(applied.archHeight).toBe(31);
    expect(findings).toMatchObject([{ parameter: 'archRaise', level: 'clamped', asked: 19, limit: 15, applied: 15 }]);
    expect(findings[0]?.message).toContain(', so it is built with an arch height of 31 mm (');
  });

  describe('navicular cap', () => {
    it('refuses an arch above the scanned arch + navicular drop', () => {
      expect(refusal(() => run({ archHeight: 25 }, { measurements: { navicularDrop: 6 } })).problems.map(formatProblem)).toEqual([
        `/prescription/archHeight: arch raise of 9 mm (arch height 25 mm over the scanned 16 mm) exceeds the navicular drop of 6 mm${tail('archRaise')}, got 25`,
      ]);
      // Below the 8 mm warn level, yet above the drop: refused all the same.
      expect(refusal(() => run({ archHeight: 21 }, { measurements: { navicularDrop: 4 } })).problems).toHaveLength(1);
      expect(run({ archHeight: 22 }, { measurements: { navicularDrop: 6 } }).findings).toEqual([]);
    });

    it('clamps the arch to the scanned arch + drop', () => {
      const { applied, findings } = run({ archHeight: 25 }, { measurements: { navicularDrop: 6 }, clamp: true });
      expect(applied.archHeight).toBe(22);
      expect(levels(findings)).toEqual([['archRaise', 'clamped', 9, 6]]);
      expect(findings[0]?.message).toMatch(/^arch raise of 9 mm \(arch height 25 mm over the scanned 16 mm\) exceeds the navicular drop of 6 mm, so it is built with an arch height of 22 mm \(/);
    });

    it('yields to the 15 mm ceiling when the drop is larger', () => {
      expect(levels(run({ archHeight: 40 }, { measurements: { navicularDrop: 20 }, clamp: true }).findings)).toEqual([['archRaise', 'clamped', 24, 15]]);
    });

    it('does not apply without a drop, or when the profile turns it off', () => {
      expect(levels(run({ archHeight: 25 }).findings)).toEqual([['archRaise', 'warn', 9, 8]]);
      const profile = loose((p) => (p.parameters.archRaise.capAtNavicularDrop = false));
      expect(levels(run({ archHeight: 25 }, { measurements: { navicularDrop: 6 }, profile }).findings)).toEqual([['archRaise', 'warn', 9, 8]]);
    });
  });
});

describe('checkLimits: shell thickness', () => {
  it('warns below 2 mm and above 5 mm', () => {
    expect(levels(run({ shellThickness: 1.8 }).findings)).toEqual([['shellThickness.pa12', 'warn', 1.8, 2]]);
    expect(run({ shellThickness: 1.8 }).findings[0]?.message).toBe(`shell thickness 1.8 mm for Nylon PA12 (MJF/SLS), the default material, is below the warning level of 2 mm${tail('shellThickness.pa12')}`);
    expect(levels(run({ shellThickness: 5.5 }).findings)).toEqual([['shellThickness.pa12', 'warn', 5.5, 5]]);
  });

  it('refuses below the 1.5 mm floor and above the 6 mm ceiling', () => {
    expect(refusal(() => run({ shellThickness: 1.2 })).problems.map(formatProblem)).toEqual([
      `/prescription/shellThickness: shell thickness 1.2 mm for Nylon PA12 (MJF/SLS), the default material, is below the floor of 1.5 mm${tail('shellThickness.pa12')}, got 1.2`,
    ]);
    expect(refusal(() => run({ shellThickness: 7 })).problems.map(formatProblem)).toEqual([
      `/prescription/shellThickness: shell thickness 7 mm for Nylon PA12 (MJF/SLS), the default material, exceeds the ceiling of 6 mm${tail('shellThickness.pa12')}, got 7`,
    ]);
  });

  it('clamps to the floor or the ceiling', () => {
    expect(run({ shellThickness: 1.2 }, { clamp: true }).applied.shellThickness).toBe(1.5);
    expect(levels(run({ shellThickness: 1.2 }, { clamp: true }).findings)).toEqual([['shellThickness.pa12', 'clamped', 1.2, 1.5]]);
    expect(run({ shellThickness: 7 }, { clamp: true }).applied.shellThickness).toBe(6);
  });

  it('says when the value refused is the default', () => {
    const profile = loose((p) => {
      p.parameters['shellThickness.pa12'].minAllowed = 3.5;
      p.parameters['shellThickness.pa12'].warnBelow = 3.5;
    });
    expect(refusal(() => run({}, { profile })).problems[0]?.rule).toMatch(/^shell thickness 3 mm \(default\) for Nylon PA12 \(MJF\/SLS\), the default material, is below the floor of 3\.5 mm/);
  });
});

describe('checkLimits: total height under the heel', () => {
  const tan = (deg: number) => Math.tan((deg * Math.PI) / 180);

  it('warns above 12 mm: shell + heel width · tan(angle)', () => {
    // 3 + 65 · tan 9° = 13.29 mm
    const { findings } = run({ rearfootPost: { wedge: 'medial', angle: 9 } });
    expect(findings.map((f) => f.parameter)).toEqual(['rearfootPost.medial.angle', 'heelHeight']);
    const heel = findings[1]!;
    expect(heel).toMatchObject({ level: 'warn', limit: 12, pointer: '/prescription/rearfootPost/angle', unit: 'mm' });
    expect(heel.asked).toBeCloseTo(3 + 65 * tan(9), 9);
    expect(heel.message).toBe(`total height under the heel of 13.29 mm (3 mm shell + 10.29 mm from a 9° medial post across a 65 mm heel) is above the warning level of 12 mm${tail('heelHeight')}`);
  });

  it('refuses above 15 mm even when the angle itself is allowed', () => {
    // 3 + 87 · tan 9° = 16.78 mm
    const err = refusal(() => run({ rearfootPost: { wedge: 'medial', angle: 9 } }, { heelWidth: 87 }));
    expect(err.problems.map(formatProblem)).toEqual([
      `/prescription/rearfootPost/angle: total height under the heel of 16.78 mm (3 mm shell + 13.78 mm from a 9° medial post across a 87 mm heel) exceeds the ceiling of 15 mm${tail('heelHeight')}, got 9`,
    ]);
  });

  it('clamps by reducing the post angle until the total is 15 mm', () => {
    const { applied, findings } = run({ rearfootPost: { wedge: 'medial', angle: 9 }, shellThickness: 3 }, { heelWidth: 87, clamp: true });
    const angle = applied.rearfootPost!.angle;
    expect(angle).toBeCloseTo((Math.atan(12 / 87) * 180) / Math.PI, 9);
    expect(3 + 87 * tan(angle)).toBeCloseTo(15, 9);
    expect(applied.shellThickness).toBe(3);
    const heel = findings.find((f) => f.parameter === 'heelHeight')!;
    expect(heel).toMatchObject({ level: 'clamped', limit: 15 });
    expect(heel.applied).toBeCloseTo(15, 9);
    expect(heel.message).toContain(', so it is built with the post reduced to 7.85° (');
  });

  it('clamps the post ceiling first, then the height with the clamped post', () => {
    const { applied, findings } = run({ rearfootPost: { wedge: 'medial', angle: 14 }, shellThickness: 5 }, { heelWidth: 80, clamp: true });
    expect(findings.map((f) => [f.parameter, f.level])).toEqual([
      ['rearfootPost.medial.angle', 'clamped'],
      ['heelHeight', 'clamped'],
    ]);
    expect(findings[1]?.asked).toBeCloseTo(5 + 80 * tan(9), 9);
    expect(5 + 80 * tan(applied.rearfootPost!.angle)).toBeCloseTo(15, 9);
  });

  it('reports every refused parameter, one problem each', () => {
    const err = refusal(() => run({ rearfootPost: { wedge: 'medial', angle: 12 }, heelCupDepth: 35, archHeight: 40 }, { heelWidth: 87 }));
    expect(err.problems.map((p) => p.pointer)).toEqual([
      '/prescription/heelCupDepth',
      '/prescription/archHeight',
      '/prescription/rearfootPost/angle',
      '/prescription/rearfootPost/angle',
    ]);
    expect(err.problems.map((p) => p.value)).toEqual([35, 40, 12, 12]);
    expect(err.problems[3]?.rule).toMatch(/^total height under the heel of 21\.49 mm/);
  });

  it('counts only the shell without a post', () => {
    const profile = loose((p) => {
      p.parameters.heelHeight.warnAbove = 3;
      p.parameters.heelHeight.maxAllowed = 4;
    });
    expect(refusal(() => run({ shellThickness: 5 }, { profile })).problems.map(formatProblem)[0]).toMatch(
      /^\/prescription\/shellThickness: total height under the heel of 5 mm \(5 mm shell, no post\) exceeds the ceiling of 4 mm/,
    );
    expect(run({ shellThickness: 5 }, { profile, clamp: true }).applied.shellThickness).toBe(4);
  });
});

describe('compareToBuiltIn', () => {
  it('finds nothing in the built-in profile or a stricter one', () => {
    expect(compareToBuiltIn(DEFAULT_LIMITS)).toEqual([]);
    const strict = loose((p) => {
      p.parameters['rearfootPost.medial.angle'].maxAllowed = 7;
      p.parameters['shellThickness.pa12'].minAllowed = 2;
      p.parameters.heelCupDepth.warnAbove = 10;
      p.parameters.heelCupDepth.minAllowed = 5; // a floor the built-in does not have: stricter
    });
    expect(compareToBuiltIn(strict)).toEqual([]);
  });

  it('ignores looser warn levels (they are not hard limits)', () => {
    expect(compareToBuiltIn(loose((p) => (p.parameters['rearfootPost.medial.angle'].warnAbove = 8)))).toEqual([]);
  });

  it('lists every loosened ceiling and floor, a removed ceiling and the navicular cap turned off', () => {
    const lab = loose((p) => {
      p.name = 'Lab X';
      p.parameters['rearfootPost.medial.angle'].maxAllowed = 12;
      p.parameters['shellThickness.pa12'].minAllowed = 1;
      delete p.parameters.heelHeight.maxAllowed;
      p.parameters.archRaise.capAtNavicularDrop = false;
    });
    expect(compareToBuiltIn(lab)).toEqual([
      { parameter: 'shellThickness.pa12', field: 'minAllowed', builtIn: 1.5, profile: 1, message: 'shellThickness.pa12: floor lowered from 1.5 mm to 1 mm' },
      { parameter: 'rearfootPost.medial.angle', field: 'maxAllowed', builtIn: 9, profile: 12, message: 'rearfootPost.medial.angle: ceiling raised from 9° to 12°' },
      { parameter: 'heelHeight', field: 'maxAllowed', builtIn: 15, profile: null, message: 'heelHeight: ceiling removed (built-in 15 mm)' },
      {
        parameter: 'archRaise',
        field: 'capAtNavicularDrop',
        builtIn: true,
        profile: false,
        message: 'archRaise: navicular-drop cap turned off (built-in: the arch may not rise above the scanned arch + navicular drop)',
      },
    ]);
  });

  it('lets a loosened profile through checkLimits (the CLI decides whether to accept it)', () => {
    const lab = loose((p) => (p.parameters['rearfootPost.medial.angle'].maxAllowed = 12));
    expect(levels(run({ rearfootPost: { wedge: 'medial', angle: 11 } }, { profile: lab, heelWidth: 40 }).findings)).toEqual([
      ['rearfootPost.medial.angle', 'warn', 11, 6],
    ]);
  });
});

describe('checkLimits: the full prescription (issue 3)', () => {
  const messages = (fn: () => unknown) => refusal(fn).problems.map(formatProblem);

  it('gives every new parameter its own warn level and ceiling', () => {
    expect(levels(run({ forefootPost: { wedge: 'varus', angle: 4.5 } }).findings)).toEqual([['forefootPost.varus.angle', 'warn', 4.5, 4]]);
    expect(messages(() => run({ forefootPost: { wedge: 'varus', angle: 6 } }))[0]).toMatch(/^\/prescription\/forefootPost\/angle: forefoot post 6° exceeds the ceiling of 5° for a varus post/);
    expect(levels(run({ forefootPost: { wedge: 'valgus', angle: 8 } }).findings)).toEqual([['forefootPost.valgus.angle', 'warn', 8, 6]]);
    expect(levels(run({ heelLift: 7 }).findings)).toEqual([['heelLift', 'warn', 7, 6.4]]);
    expect(messages(() => run({ heelLift: 10 }))[0]).toMatch(/^\/prescription\/heelLift: heel lift 10 mm exceeds the ceiling of 9\.5 mm/);
    expect(messages(() => run({ archFill: 7 }))[0]).toMatch(/^\/prescription\/archFill: arch fill 7 mm exceeds the ceiling of 6\.4 mm/);
    expect(levels(run({ metatarsalPad: { height: 9 } }).findings)).toEqual([['metatarsalPad.height', 'warn', 9, 8]]);
    expect(levels(run({ metatarsalBar: { height: 13 } }, { clamp: true }).findings)).toEqual([['metatarsalBar.height', 'clamped', 13, 12]]);
    expect(levels(run({ mortonsExtension: { height: 5 } }).findings)).toEqual([['extensionHeight', 'warn', 5, 4]]);
    expect(levels(run({ medialFlange: 14 }).findings)).toEqual([['flangeHeight', 'warn', 14, 12]]);
    expect(levels(run({ topCover: 4 }).findings)).toEqual([['topCover', 'warn', 4, 3]]);
  });

  it('warns for a metatarsal pad within 3 mm of the MTH line and refuses one more than 5 mm distal of it', () => {
    expect(levels(run({ metatarsalPad: { behindMth: 1 } }).findings)).toEqual([['metatarsalPad.behindMth', 'warn', 1, 3]]);
    expect(run({ metatarsalPad: { behindMth: -4 } }).findings[0]?.message).toMatch(/^metatarsal pad distal edge 4 mm distal of the metatarsal-head line/);
    expect(messages(() => run({ metatarsalPad: { behindMth: -6 } }))[0]).toMatch(
      /^\/prescription\/metatarsalPad\/behindMth: metatarsal pad distal edge 6 mm distal of the metatarsal-head line \(behindMth -6 mm\) is below the floor of -5 mm \(a pad under or beyond the metatarsal heads loads the heads it should offload/,
    );
    expect(run({ metatarsalPad: { behindMth: -6 } }, { clamp: true }).applied.metatarsalPad!.behindMth).toBe(-5);
  });

  it('uses the material\'s own thickness range', () => {
    expect(levels(run({ material: 'polypropylene', shellThickness: 2.5 }).findings)).toEqual([['shellThickness.polypropylene', 'warn', 2.5, 3]]);
    expect(messages(() => run({ material: 'polypropylene', shellThickness: 1.8 }))[0]).toMatch(/^\/prescription\/shellThickness: shell thickness 1\.8 mm for Polypropylene \(milled or vacuum-formed\) is below the floor of 2 mm/);
    expect(run({ material: 'carbon', shellThickness: 1.5 }).findings).toEqual([]);
    expect(levels(run({ material: 'carbon', shellThickness: 3 }).findings)).toEqual([['shellThickness.carbon', 'warn', 3, 2.5]]);
    expect(levels(run({ material: 'eva', shellThickness: 3.5 }).findings)).toEqual([['shellThickness.eva', 'warn', 3.5, 4]]);
  });

  it('warns when the shell is too thin for the body weight (coupling rule 5), never for a filled device', () => {
    // 4 mm polypropylene: rigid for 60 kg, flimsy for 115 kg.
    expect(run({ material: 'polypropylene', shellThickness: 4, bodyWeight: 60 }).findings).toEqual([]);
    const heavy = run({ material: 'polypropylene', shellThickness: 4, bodyWeight: 115 }).findings;
    expect(levels(heavy).map((l) => l.slice(0, 2))).toEqual([['loadMargin', 'warn']]);
    expect(heavy[0]!.message).toMatch(/^a 4 mm Polypropylene \(milled or vacuum-formed\) shell for 115 kg \(about 4\.5\d* mm needed\)/);
    expect(run({ material: 'polypropylene', shellThickness: 4, bodyWeight: 115, construction: 'filled' }).findings).toEqual([]);
    expect(run({ material: 'carbon', shellThickness: 1.5, bodyWeight: 100 }).findings).toEqual([]);
  });

  it('refuses a recess that leaves less than 0.8 mm of material, warns below 2 mm, and clamps the recess', () => {
    expect(levels(run({ plantarFasciaGroove: { depth: 2 } }).findings)).toEqual([['minimumWall', 'warn', 1, 2]]);
    expect(messages(() => run({ heelSpurRelief: { depth: 2.5 } }))[0]).toMatch(/^\/prescription\/heelSpurRelief\/depth: 0\.5 mm of material under a 2\.5 mm recess in a 3 mm shell is below the floor of 0\.8 mm/);
    const { applied } = run({ heelSpurRelief: { depth: 2.5 }, plantarFasciaGroove: { depth: 2.4 } }, { clamp: true });
    expect(applied.heelSpurRelief!.depth).toBeCloseTo(2.2, 9);
    expect(applied.plantarFasciaGroove!.depth).toBeCloseTo(2.2, 9);
    expect(run({ plantarFasciaGroove: { depth: 2 }, shellThickness: 4 }).findings).toEqual([]);
  });

  it('counts the skive, lift and top cover toward the total height under the heel, and clamps the lift first', () => {
    const over = messages(() => run({ shellThickness: 4, heelLift: 6, topCover: 2, rearfootPost: { wedge: 'medial', angle: 2 }, medialHeelSkive: { depth: 2 }, heelCupDepth: 20 }));
    expect(over[0]).toMatch(/^\/prescription\/rearfootPost\/angle: total height under the heel of 16\.27 mm \(4 mm shell \+ 2\.27 mm from a 2° medial post across a 65 mm heel \+ 2 mm skive \+ 6 mm lift \+ 2 mm top cover\) exceeds the ceiling of 15 mm/);
    const { applied, findings } = run({ shellThickness: 4, heelLift: 6, topCover: 2, rearfootPost: { wedge: 'medial', angle: 2 }, medialHeelSkive: { depth: 2 }, heelCupDepth: 20 }, { clamp: true });
    expect(applied.heelLift).toBeCloseTo(6 - 1.27, 1);
    expect(applied.rearfootPost!.angle).toBe(2);
    expect(findings.find((f) => f.parameter === 'heelHeight')!.message).toContain('so it is built with the lift reduced to 4.73 mm (');
  });

  it('combines the corrections: warns above 100% of one ceiling, refuses above 150%, scales them all down with --clamp', () => {
    // 4° medial rearfoot (44%) + 3° varus forefoot (60%) = 104%: a warning.
    const w = run({ rearfootPost: { wedge: 'medial', angle: 4 }, forefootPost: { wedge: 'varus', angle: 3 } }).findings;
    expect(levels(w).map((l) => l.slice(0, 2))).toEqual([['combined.antiPronation', 'warn']]);
    expect(w[0]!.message).toMatch(/^combined anti-pronation correction of 104\.4% \(medial rearfoot post 44\.4% of its ceiling \+ varus forefoot post 60% of its ceiling\) is above the warning level of 100%/);
    // A maximal rearfoot post + a maximal forefoot post + a skive: refused, though each alone is allowed.
    const rx: Prescription = { rearfootPost: { wedge: 'medial', angle: 9 }, forefootPost: { wedge: 'varus', angle: 5 }, medialHeelSkive: { depth: 2 }, heelCupDepth: 22 };
    expect(messages(() => run(rx, { heelWidth: 40 })).some((m) => /combined anti-pronation correction of 233\.3% .* exceeds the ceiling of 150%.*, got "233\.3%"$/.test(m))).toBe(true);
    const clamped = run(rx, { heelWidth: 40, clamp: true }).applied;
    const share = (100 * clamped.rearfootPost!.angle) / 9 + (100 * clamped.forefootPost!.angle) / 5 + (100 * clamped.medialHeelSkive!.depth) / 6;
    expect(share).toBeCloseTo(150, 6);
    // A lab profile may allow it (a loosening, which needs --allow-over-limit at the build).
    const profile = loose((p) => (p.parameters['combined.antiPronation'].maxAllowed = 300));
    expect(run(rx, { heelWidth: 40, profile }).findings.map((f) => f.level)).not.toContain('refused');
    expect(levels(run({ rearfootPost: { wedge: 'lateral', angle: 5 }, forefootPost: { wedge: 'valgus', angle: 10 } }).findings).map((l) => l.slice(0, 2))).toContainEqual(['combined.antiSupination', 'warn']);
  });

  it('enforces the coupling rules, each with its own message', () => {
    expect(messages(() => run({ medialHeelSkive: { depth: 3 }, heelCupDepth: 16 }))).toEqual([
      expect.stringMatching(/^\/prescription\/medialHeelSkive: a medial heel skive needs an extrinsic rearfoot post, and none is prescribed \(rule 1/),
    ]);
    expect(messages(() => run({ medialHeelSkive: { depth: 3 }, rearfootPost: { wedge: 'medial', angle: 2 } }))).toEqual([
      expect.stringMatching(/^\/prescription\/heelCupDepth: a medial heel skive needs a heel cup of at least 14 mm, and the cup is 12 mm \(default\) \(rule 1/),
    ]);
    const rule2 = run({ medialHeelSkive: { depth: 3 }, rearfootPost: { wedge: 'medial', angle: 3 }, heelCupDepth: 16 }).findings;
    expect(rule2.map((f) => [f.parameter, f.level])).toEqual([['coupling.skiveAndInversionCup', 'warn']]);
    expect(rule2[0]!.message).toMatch(/^skive 3 mm \+ inversion 3° = 6 is over 5, and the heel cup of 16 mm is below the 20 mm-22 mm it should be/);
    expect(run({ medialHeelSkive: { depth: 3 }, rearfootPost: { wedge: 'medial', angle: 3 }, heelCupDepth: 20 }).findings).toEqual([]);
    // Rule 3 needs a profile that allows a lift over 10 mm at all.
    const profile = loose((p) => {
      p.parameters.heelLift.maxAllowed = 20;
      p.parameters.heelHeight.maxAllowed = 30;
    });
    expect(messages(() => run({ heelLift: 11 }, { profile }))).toEqual([
      expect.stringMatching(/^\/prescription\/archFill: a heel lift of 11 mm \(over 10 mm\) needs arch fill, and none is prescribed \(rule 3/),
    ]);
    expect(run({ heelLift: 11, archFill: 3 }, { profile }).findings.map((f) => f.parameter)).not.toContain('coupling.liftNeedsArchFill');
    // Coupling rules are not clamped away.
    expect(() => run({ medialHeelSkive: { depth: 3 } }, { clamp: true })).toThrow(LimitError);
  });
});
