import { parseLimitsProfile, parseLimitsText } from '../../src/limits/index.js';
import { MODIFICATIONS, type ModificationKey } from '../../src/modifications/index.js';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import footScanSchema from '../../schemas/foot-scan.schema.json' with { type: 'json' };
import prescriptionSchema from '../../schemas/prescription.schema.json' with { type: 'json' };
import limitsSchema from '../../schemas/limits.schema.json' with { type: 'json' };
import pairSchema from '../../schemas/foot-scan-pair.schema.json' with { type: 'json' };
import { readFileSync } from 'node:fs';
import { generateValidators } from '../../scripts/gen-validators.js';
import defaultLimitsJson from '../../limits/default.limits.json' with { type: 'json' };
import { InputError, formatProblem } from '../../src/errors.js';
import {
  CROSS_CHECK_TOLERANCES,
  MAX_PROBLEMS,
  PRESCRIPTION_DEFAULTS,
  PRESCRIPTION_DEFAULT_SOURCES,
  crossCheckMeasurements,
  parsePrescription,
  parsePrescriptionText,
  parseScan,
  parseScanText,
  resolvePrescription,
  type FootScan,
  type FootScanPair,
  type StagesRequest,
  type WearInRequest,
  type Manufacturing,
  type Measurements,
  type Prescription,
  type ResolvedPrescription,
} from '../../src/scan/index.js';
import { ellipse } from '../support/outlines.js';

function validScan(): FootScan {
  return { schemaVersion: 1, id: 'hm-001-R', side: 'right', units: 'mm', outline: ellipse(), measurements: { archHeight: 16 } };
}

/** The one-line messages of the InputError that `fn` throws. */
function lines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map(formatProblem);
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** The messages for a valid scan changed by `edit` (which may mutate the fresh copy). */
function scanLines(edit: (scan: Record<string, any>) => void): string[] {
  const scan = validScan() as unknown as Record<string, any>;
  edit(scan);
  return lines(() => parseScan(scan));
}

describe('parseScan: valid input', () => {
  it('accepts a minimal scan and returns it unchanged', () => {
    const scan = validScan();
    const copy = structuredClone(scan);
    expect(parseScan(scan)).toBe(scan);
    expect(scan).toEqual(copy);
  });

  it('accepts every optional measurement and a full prescription', () => {
    const scan: FootScan = {
      ...validScan(),
      side: 'left',
      measurements: {
        archHeight: 16,
        navicularHeight: 42,
        navicularDrop: 7,
        archApexX: 112,
        ballX: 193,
        footLength: 260,
        ballWidth: 95,
        heelWidth: 68,
      },
      prescription: { shellThickness: 3, heelCupDepth: 14, archHeight: 18, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'three-quarter' },
    };
    expect(parseScan(scan)).toEqual(scan);
    expect(parseScan({ ...scan, prescription: { rearfootPost: null } })).toBeTruthy();
    expect(parseScan({ ...scan, prescription: {} })).toBeTruthy();
  });

  it('accepts clinically excessive but physically possible values (the limits refuse them, not the schema)', () => {
    expect(parseScan({ ...validScan(), prescription: { rearfootPost: { wedge: 'medial', angle: 20 }, heelCupDepth: 40, archHeight: 70 } })).toBeTruthy();
  });

  it('parses text, ignoring a byte-order mark and surrounding whitespace', () => {
    const text = JSON.stringify(validScan(), null, 2);
    expect(parseScanText(text)).toEqual(validScan());
    expect(parseScanText(`\ufeff\n${text}\n\n`)).toEqual(validScan());
  });

  it('accepts a closed outline (last point repeats the first) and 20,000 points', () => {
    const closed = ellipse(8);
    closed.push(closed[0] as [number, number]);
    expect(parseScan({ ...validScan(), outline: closed }).outline).toHaveLength(9);
    expect(parseScan({ ...validScan(), outline: ellipse(20000) }).outline).toHaveLength(20000);
  });

  it('accepts ids up to 64 characters of the allowed set', () => {
    for (const id of ['a', 'A.b_c-9', '0' + 'x'.repeat(63)]) expect(parseScan({ ...validScan(), id }).id).toBe(id);
  });
});

describe('parseScanText: empty and malformed input', () => {
  it('rejects empty and whitespace-only input', () => {
    expect(lines(() => parseScanText(''))).toEqual(['(document): input is empty']);
    expect(lines(() => parseScanText(' \n\t\r\n '))).toEqual(['(document): input is empty']);
    expect(lines(() => parseScanText('\ufeff'))).toEqual(['(document): input is empty']);
  });

  it.each([
    ['{"id": }', "invalid JSON: expected a value, found '}' (line 1, column 8)"],
    ['{\n  "id": "a",\n}', "invalid JSON: trailing comma before '}' (line 3, column 1)"],
    ['[1, 2', "invalid JSON: expected ',' or ']' after an array item, found the end of the input (line 1, column 6)"],
    ['{}\n\n  x', "invalid JSON: unexpected 'x' after the JSON value (line 3, column 3)"],
    ['{"id": "ab', 'invalid JSON: unterminated string (line 1, column 8)'],
    ['{"id": "\\q"}', "invalid JSON: invalid escape '\\q' in a string (line 1, column 9)"],
    ["{'id': 1}", 'invalid JSON: expected a property name in double quotes, found "\'" (line 1, column 2)'],
    ['{"id" 1}', "invalid JSON: expected ':' after the property name, found '1' (line 1, column 7)"],
    ['{"a": 01}', "invalid JSON: expected ',' or '}' after a property value, found '1' (line 1, column 8)"],
    ['{"a": 1.}', 'invalid JSON: invalid number (line 1, column 7)'],
    ['{"a": "\u0001"}', 'invalid JSON: control character U+0001 in a string (escape it) (line 1, column 8)'],
    ['{"a": NaN}', "invalid JSON: expected a value, found 'N' (line 1, column 7)"],
    ['[\n1,\n,2]', "invalid JSON: expected a value, found ',' (line 3, column 1)"],
  ])('%j → one problem with line and column', (text, rule) => {
    expect(lines(() => parseScanText(text))).toEqual([`(document): ${rule}`]);
  });

  it('refuses a key given twice in one object, naming it and where (JSON.parse kept the last: "side": "right", "side": "left" built a left foot)', () => {
    const scan = JSON.stringify(validScan()).replace('{', '{"side": "right", ');
    expect(lines(() => parseScanText(scan))).toEqual([
      `/side: is given twice in one object (line 1, column ${scan.indexOf('"side"', 2) + 1}): a JSON reader keeps only the last, so which is meant is not known; give it once, got "side"`,
    ]);
    expect(lines(() => parseScanText('{"measurements": {"archHeight": 1, "a\\/b": 2, "a\\u002fb": 3}}'))).toEqual([
      '/measurements/a~1b: is given twice in one object (line 1, column 47): a JSON reader keeps only the last, so which is meant is not known; give it once, got "a/b"',
    ]);
    expect(lines(() => parseScanText('{"outline": [[1, 2], {"x": 1, "x": 2}]}'))[0]).toMatch(/^\/outline\/1\/x: is given twice/);
    // The same key in different objects, and a key's text inside a string value, are fine.
    expect(lines(() => parseScanText('{"a": {"k": 1}, "b": {"k": 2}, "c": "\\"k\\": 1, \\"k\\""}'))[0]).not.toMatch(/twice/);
  });

  it('locates errors in deeply nested input without overflowing the stack', () => {
    const depth = 100_000;
    expect(lines(() => parseScanText('['.repeat(depth) + ']'.repeat(depth - 1)))).toEqual([
      `(document): invalid JSON: expected ',' or ']' after an array item, found the end of the input (line 1, column ${2 * depth})`,
    ]);
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    expect(lines(() => parseScanText(deep))).toEqual(['(document): must be an object, got "(an array too deeply nested to show)"']);
  });
});

describe('parseScan: schema problems, one line each', () => {
  it('names the issue example exactly', () => {
    expect(scanLines((s) => (s.measurements.archHeight = -5))).toEqual(['/measurements/archHeight: must be >= 0, got -5']);
  });

  it('rejects a document that is not an object', () => {
    expect(lines(() => parseScan([]))).toEqual(['(document): must be an object, got []']);
    expect(lines(() => parseScan(null))).toEqual(['(document): must be an object, got null']);
    expect(lines(() => parseScanText('42'))).toEqual(['(document): must be an object, got 42']);
    expect(lines(() => parseScan(undefined))).toEqual(['(document): must be an object, got nothing']);
  });

  it('reports missing required fields at their own pointer, without a value', () => {
    expect(scanLines((s) => delete s.measurements)).toEqual(['/measurements: is required']);
    expect(scanLines((s) => (s.measurements = {}))).toEqual(['/measurements/archHeight: is required']);
    // Without a surface (a 3D scan), side, units, outline and measurements are required too.
    expect(lines(() => parseScan({})).sort()).toEqual(
      ['schemaVersion', 'id', 'side', 'units', 'outline', 'measurements'].map((f) => `/${f}: is required`).sort(),
    );
    expect(lines(() => parseScan({ schemaVersion: 1, id: 'a', surface: { file: 'f.stl' }, outline: [] }))).toContain('/outline: is not allowed with a surface (a 3D scan): it comes from the scan');
  });

  it('rejects unknown fields at every level, naming the field', () => {
    expect(scanLines((s) => (s.patient = 'Jane'))).toEqual(['/patient: is not an allowed field, got "Jane"']);
    expect(
      scanLines((s) => {
        s.measurements = { archHieght: 16 };
      }),
    ).toEqual(['/measurements/archHeight: is required', '/measurements/archHieght: is not an allowed field, got 16']);
    expect(scanLines((s) => (s.prescription = { shellThicknes: 3 }))).toEqual([
      '/prescription/shellThicknes: is not an allowed field, got 3',
    ]);
    expect(scanLines((s) => (s.prescription = { rearfootPost: { wedge: 'medial', angle: 4, side: 'x' } }))).toEqual([
      '/prescription/rearfootPost/side: is not an allowed field, got "x"',
    ]);
    expect(scanLines((s) => (s['a/b~c'] = 1))).toEqual(['/a~1b~0c: is not an allowed field, got 1']);
  });

  it.each<[string, (s: Record<string, any>) => void, string]>([
    ['schemaVersion', (s) => (s.schemaVersion = 2), '/schemaVersion: must be 1, got 2'],
    ['units', (s) => (s.units = 'in'), '/units: must be "mm", got "in"'],
    ['side', (s) => (s.side = 'up'), '/side: must be one of "left", "right", got "up"'],
    ['id type', (s) => (s.id = 7), '/id: must be a string, got 7'],
    ['outline type', (s) => (s.outline = 'oval'), '/outline: must be an array, got "oval"'],
    ['point type', (s) => (s.outline[3] = { x: 1, y: 2 }), '/outline/3: must be an array, got {"x":1,"y":2}'],
    ['point size', (s) => (s.outline[3] = [1]), '/outline/3: must have at least 2 items, got 1'],
    ['point 3d', (s) => (s.outline[3] = [1, 2, 3]), '/outline/3: must have at most 2 items, got 3'],
    ['coordinate type', (s) => (s.outline[2][1] = '4'), '/outline/2/1: must be a number, got "4"'],
    ['coordinate bound', (s) => (s.outline[2][0] = 20000), '/outline/2/0: must be <= 10000, got 20000'],
    ['measurements type', (s) => (s.measurements = [16]), '/measurements: must be an object, got [16]'],
    ['archHeight type', (s) => (s.measurements.archHeight = '16'), '/measurements/archHeight: must be a number, got "16"'],
    ['archHeight max', (s) => (s.measurements.archHeight = 61), '/measurements/archHeight: must be <= 60, got 61'],
    ['navicularHeight', (s) => (s.measurements.navicularHeight = 121), '/measurements/navicularHeight: must be <= 120, got 121'],
    ['navicularDrop', (s) => (s.measurements.navicularDrop = -1), '/measurements/navicularDrop: must be >= 0, got -1'],
    ['archApexX', (s) => (s.measurements.archApexX = 451), '/measurements/archApexX: must be <= 450, got 451'],
    ['ballX', (s) => (s.measurements.ballX = -3), '/measurements/ballX: must be >= 0, got -3'],
    ['footLength low', (s) => (s.measurements.footLength = 50), '/measurements/footLength: must be >= 100, got 50'],
    ['footLength high', (s) => (s.measurements.footLength = 401), '/measurements/footLength: must be <= 400, got 401'],
    ['ballWidth', (s) => (s.measurements.ballWidth = 19), '/measurements/ballWidth: must be >= 20, got 19'],
    ['heelWidth', (s) => (s.measurements.heelWidth = 201), '/measurements/heelWidth: must be <= 200, got 201'],
    ['prescription type', (s) => (s.prescription = 'strong'), '/prescription: must be an object, got "strong"'],
    ['shellThickness', (s) => (s.prescription = { shellThickness: 0.2 }), '/prescription/shellThickness: must be >= 0.5, got 0.2'],
    ['shellThickness max', (s) => (s.prescription = { shellThickness: 21 }), '/prescription/shellThickness: must be <= 20, got 21'],
    ['heelCupDepth', (s) => (s.prescription = { heelCupDepth: 61 }), '/prescription/heelCupDepth: must be <= 60, got 61'],
    ['rx archHeight', (s) => (s.prescription = { archHeight: 81 }), '/prescription/archHeight: must be <= 80, got 81'],
    ['length', (s) => (s.prescription = { length: 'half' }), '/prescription/length: must be one of "full", "sulcus", "three-quarter", got "half"'],
    ['post type', (s) => (s.prescription = { rearfootPost: 'medial' }), '/prescription/rearfootPost: must be an object or null, got "medial"'],
    ['post wedge', (s) => (s.prescription = { rearfootPost: { wedge: 'inner', angle: 4 } }), '/prescription/rearfootPost/wedge: must be one of "medial", "lateral", got "inner"'],
    ['post angle', (s) => (s.prescription = { rearfootPost: { wedge: 'medial', angle: 46 } }), '/prescription/rearfootPost/angle: must be <= 45, got 46'],
    ['post angle sign', (s) => (s.prescription = { rearfootPost: { wedge: 'lateral', angle: -4 } }), '/prescription/rearfootPost/angle: must be >= 0, got -4'],
    ['post incomplete', (s) => (s.prescription = { rearfootPost: { wedge: 'medial' } }), '/prescription/rearfootPost/angle: is required'],
  ])('%s', (_name, edit, line) => {
    expect(scanLines(edit)).toEqual([line]);
  });

  it.each(['', '../etc/passwd', 'a/b', '.hidden', 'C:\\scan', 'a b', 'é', '-x', 'x'.repeat(65)])('rejects the id %j', (id) => {
    expect(scanLines((s) => (s.id = id))).toEqual([
      `/id: must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit, got ${JSON.stringify(id)}`,
    ]);
  });

  it('reports several problems at once, in one line each', () => {
    expect(
      scanLines((s) => {
        s.side = 'both';
        s.measurements.archHeight = -1;
        s.extra = true;
      }),
    ).toEqual(['/extra: is not an allowed field, got true', '/side: must be one of "left", "right", got "both"', '/measurements/archHeight: must be >= 0, got -1']);
  });

  it(`caps the list at ${MAX_PROBLEMS} problems plus a line with the rest's count`, () => {
    const got = scanLines((s) => (s.outline = Array.from({ length: 30 }, () => ['a', 'b'])));
    expect(got).toHaveLength(MAX_PROBLEMS + 1);
    expect(got[0]).toBe('/outline/0/0: must be a number, got "a"');
    expect(got[MAX_PROBLEMS]).toBe('(document): 40 more problems not shown');
  });
});

describe('parseScan: outline points', () => {
  it('rejects fewer than 8 points and more than 20,000', () => {
    expect(scanLines((s) => (s.outline = ellipse(7)))).toEqual(['/outline: must have at least 8 items, got 7']);
    expect(scanLines((s) => (s.outline = ellipse(20001)))).toEqual(['/outline: must have at most 20000 items, got 20001']);
  });

  it('rejects fewer than 8 distinct points, however many are listed', () => {
    const five = ellipse(5);
    const outline = [...five, ...five, ...five, [0, -0]];
    expect(scanLines((s) => (s.outline = outline))).toEqual(['/outline: must have at least 8 distinct points, got 6']);
    const closed7 = ellipse(7);
    closed7.push(closed7[0] as [number, number]);
    expect(scanLines((s) => (s.outline = closed7))).toEqual(['/outline: must have at least 8 distinct points, got 7']);
    expect(scanLines((s) => (s.outline = Array.from({ length: 50 }, () => [1, 1])))).toEqual([
      '/outline: must have at least 8 distinct points, got 1',
    ]);
  });
});

describe('parseScan: non-finite numbers', () => {
  it('rejects 1e999 (Infinity after JSON.parse) with one problem naming the pointer', () => {
    const text = JSON.stringify(validScan()).replace('"archHeight":16', '"archHeight":1e999');
    expect(lines(() => parseScanText(text))).toEqual(['/measurements/archHeight: must be a finite number, got Infinity']);
  });

  it('rejects -1e999 in an outline point', () => {
    const scan = validScan();
    const text = JSON.stringify(scan).replace(`[${scan.outline[4]?.join(',')}]`, '[-1e999,0]');
    expect(lines(() => parseScanText(text))).toEqual(['/outline/4/0: must be a finite number, got -Infinity']);
  });

  it('rejects NaN and Infinity handed in by a JavaScript caller, anywhere', () => {
    expect(scanLines((s) => (s.measurements.navicularDrop = Number.NaN))).toEqual(['/measurements/navicularDrop: must be a finite number, got NaN']);
    expect(scanLines((s) => (s.prescription = { rearfootPost: { wedge: 'medial', angle: Infinity } }))).toEqual([
      '/prescription/rearfootPost/angle: must be a finite number, got Infinity',
    ]);
    // In an unknown field: both the field and the number are named.
    expect(scanLines((s) => (s.junk = { deep: [1, Infinity] }))).toEqual(['/junk/deep/1: must be a finite number, got Infinity', '/junk: is not an allowed field, got {"deep":[1,null]}']);
  });
});

describe('parseScan: __proto__ and other prototype keys', () => {
  it('rejects a __proto__ key as an unknown field and never pollutes Object.prototype', () => {
    const text = JSON.stringify(validScan()).replace('{', '{"__proto__": {"polluted": true, "archHeight": 1},');
    expect(lines(() => parseScanText(text))).toEqual(['/__proto__: is not an allowed field, got {"polluted":true,"archHeight":1}']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects __proto__ inside measurements and prescription, and constructor / toString keys', () => {
    const scan = validScan();
    const text = JSON.stringify(scan)
      .replace('"measurements":{', '"measurements":{"__proto__":{"navicularDrop":5},')
      .replace('"side"', '"prescription":{"__proto__":{"archHeight":99},"constructor":1},"side"');
    expect(lines(() => parseScanText(text))).toEqual([
      '/measurements/__proto__: is not an allowed field, got {"navicularDrop":5}',
      '/prescription/__proto__: is not an allowed field, got {"archHeight":99}',
      '/prescription/constructor: is not an allowed field, got 1',
    ]);
    expect(({} as Record<string, unknown>).navicularDrop).toBeUndefined();
  });

  it('does not take required fields from a prototype', () => {
    const measurements = Object.create({ archHeight: 16 }) as Measurements;
    expect(scanLines((s) => (s.measurements = measurements))).toEqual(['/measurements/archHeight: is required']);
  });
});

describe('parsePrescription and parseLimitsProfile: problems name their source', () => {
  it('validates a prescription file with pointers relative to it', () => {
    const rx: Prescription = { shellThickness: 3, rearfootPost: null, length: 'sulcus' };
    expect(parsePrescription(rx)).toBe(rx);
    expect(parsePrescriptionText('{}')).toEqual({});
    expect(lines(() => parsePrescriptionText('{"shellThickness": -1, "colour": "red"}'))).toEqual([
      'prescription /colour: is not an allowed field, got "red"',
      'prescription /shellThickness: must be >= 0.5, got -1',
    ]);
    expect(lines(() => parsePrescriptionText(''))).toEqual(['prescription (document): input is empty']);
    expect(lines(() => parsePrescriptionText('{"archHeight": 1e999}'))).toEqual(['prescription /archHeight: must be a finite number, got Infinity']);
    expect(lines(() => parsePrescriptionText('{"archHeight": 16,}'))).toEqual([
      "prescription (document): invalid JSON: trailing comma before '}' (line 1, column 19)",
    ]);
  });

  it('validates a limits profile, including the order of its levels', () => {
    expect(parseLimitsText(JSON.stringify(defaultLimitsJson)).name).toBe('orthotic built-in');
    const profile = structuredClone(defaultLimitsJson) as Record<string, any>;
    profile.parameters.heelCupDepth.warnAbove = 35;
    profile.parameters['shellThickness.pa12'].minAllowed = 2.5;
    profile.parameters.heelHeight.unit = 'in';
    expect(lines(() => parseLimitsProfile(profile))).toEqual([
      'limits /parameters/heelHeight/unit: must be "mm", got "in"',
      'limits /parameters/heelCupDepth/warnAbove: must be <= maxAllowed (30), got 35',
      'limits /parameters/shellThickness.pa12/minAllowed: must be <= warnBelow (2), got 2.5',
    ]);
    expect(lines(() => parseLimitsText('[}'))).toEqual(["limits (document): invalid JSON: expected a value, found '}' (line 1, column 2)"]);
  });
});

describe('property: random input never throws anything but InputError', () => {
  const onlyInputError = (fn: () => unknown): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      expect(err.problems.length).toBeGreaterThan(0);
      expect(err.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
      for (const p of err.problems) expect(formatProblem(p)).not.toContain('\n');
    }
  };

  it('for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        onlyInputError(() => parseScan(v));
        onlyInputError(() => parsePrescription(v));
        onlyInputError(() => parseLimitsProfile(v));
      }),
      { numRuns: 500 },
    );
  });

  it('for any text, and any JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (text) => {
        onlyInputError(() => parseScanText(text));
        onlyInputError(() => parsePrescriptionText(text));
      }),
      { numRuns: 500 },
    );
  });

  it('for a valid scan with one field replaced by a random value', () => {
    const paths: string[][] = [
      ['id'], ['side'], ['units'], ['schemaVersion'], ['outline'], ['outline', '0'], ['outline', '3', '1'],
      ['measurements'], ['measurements', 'archHeight'], ['measurements', 'navicularDrop'], ['prescription'],
      ['prescription', 'rearfootPost'], ['prescription', 'rearfootPost', 'angle'], ['__proto__'], ['measurements', '__proto__'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, v) => {
        const scan = validScan() as unknown as Record<string, any>;
        scan.prescription = { rearfootPost: { wedge: 'medial', angle: 4 } };
        let node: Record<string, any> = scan;
        for (const key of path.slice(0, -1)) node = node[key];
        Object.defineProperty(node, path[path.length - 1] as string, { value: v, enumerable: true, writable: true, configurable: true });
        onlyInputError(() => parseScan(scan));
        onlyInputError(() => parseScanText(JSON.stringify(scan)));
      }),
      { numRuns: 500 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('resolvePrescription', () => {
  const scanWith = (prescription?: Prescription): FootScan => ({ ...validScan(), ...(prescription ? { prescription } : {}) });

  it('fills every default, the arch from the scan', () => {
    expect(resolvePrescription(validScan())).toEqual({
      asked: {},
      resolved: { ...PRESCRIPTION_DEFAULTS, archHeight: 16 },
    });
    expect(PRESCRIPTION_DEFAULTS).toMatchObject({ shellThickness: 3, heelCupDepth: 12, rearfootPost: null, length: 'full', heelLift: 0, construction: 'shell', material: 'pa12', bodyWeight: null });
    expect(Object.isFrozen(PRESCRIPTION_DEFAULTS)).toBe(true);
    // `stages` describes a series, not a device: it has no default and is never resolved.
    expect(Object.keys(PRESCRIPTION_DEFAULT_SOURCES).sort()).toEqual(Object.keys(prescriptionSchema.properties).filter((k) => k !== 'stages' && k !== 'manufacturing').sort());
    expect(PRESCRIPTION_DEFAULT_SOURCES.shellThickness).toMatch(/PA11\/PA12.*CB-default-shell/);
  });

  it("uses the scan's prescription", () => {
    const { asked, resolved } = resolvePrescription(scanWith({ heelCupDepth: 14, rearfootPost: { wedge: 'medial', angle: 4 } }));
    expect(asked).toEqual({ heelCupDepth: 14, rearfootPost: { wedge: 'medial', angle: 4 } });
    expect(resolved).toEqual({ ...PRESCRIPTION_DEFAULTS, shellThickness: 3, heelCupDepth: 14, archHeight: 16, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'full' });
  });

  it('merges an --rx prescription field by field, the rx winning', () => {
    const scan = scanWith({ shellThickness: 4, heelCupDepth: 14, archHeight: 18, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'sulcus' });
    const { asked, resolved } = resolvePrescription(scan, { heelCupDepth: 10, rearfootPost: { wedge: 'lateral', angle: 3 } });
    expect(asked).toEqual({ shellThickness: 4, heelCupDepth: 10, archHeight: 18, rearfootPost: { wedge: 'lateral', angle: 3 }, length: 'sulcus' });
    expect(resolved).toEqual<ResolvedPrescription>({ ...PRESCRIPTION_DEFAULTS, shellThickness: 4, heelCupDepth: 10, archHeight: 18, rearfootPost: { wedge: 'lateral', angle: 3 }, length: 'sulcus' });
  });

  it("lets rx rearfootPost: null remove the scan's post; an omitted or undefined rx field keeps it", () => {
    const scan = scanWith({ rearfootPost: { wedge: 'medial', angle: 4 } });
    expect(resolvePrescription(scan, { rearfootPost: null })).toEqual({
      asked: { rearfootPost: null },
      resolved: { ...PRESCRIPTION_DEFAULTS, archHeight: 16 },
    });
    expect(resolvePrescription(scan, {}).resolved.rearfootPost).toEqual({ wedge: 'medial', angle: 4 });
    expect(resolvePrescription(scan, { rearfootPost: undefined }).resolved.rearfootPost).toEqual({ wedge: 'medial', angle: 4 });
  });

  it('uses the rx alone when the scan has no prescription', () => {
    expect(resolvePrescription(validScan(), { archHeight: 20, length: 'three-quarter' })).toEqual({
      asked: { archHeight: 20, length: 'three-quarter' },
      resolved: { ...PRESCRIPTION_DEFAULTS, archHeight: 20, length: 'three-quarter' },
    });
  });

  it('does not mutate or alias its inputs', () => {
    const deepFreeze = <T>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        Object.values(v).forEach(deepFreeze);
        Object.freeze(v);
      }
      return v;
    };
    const scan = deepFreeze(scanWith({ rearfootPost: { wedge: 'medial', angle: 4 } }));
    const rx = deepFreeze<Prescription>({ rearfootPost: { wedge: 'lateral', angle: 2 } });
    const { asked, resolved } = resolvePrescription(scan, rx);
    expect(asked.rearfootPost).not.toBe(rx.rearfootPost);
    expect(resolved.rearfootPost).not.toBe(rx.rearfootPost);
    expect(resolved.rearfootPost).not.toBe(asked.rearfootPost);
    resolved.rearfootPost!.angle = 9;
    expect(rx.rearfootPost?.angle).toBe(2);
    expect(scan.prescription?.rearfootPost?.angle).toBe(4);
  });
});

describe('crossCheckMeasurements', () => {
  const outline = { footLength: 262.4, ballWidth: 97, heelWidth: 68 };

  it('states its tolerances', () => {
    expect(CROSS_CHECK_TOLERANCES).toEqual({ footLength: 6, ballWidth: 8, heelWidth: 8 });
  });

  it('accepts measurements that agree, up to the tolerance, and absent ones', () => {
    expect(crossCheckMeasurements({ archHeight: 16 }, outline)).toEqual([]);
    expect(
      crossCheckMeasurements({ archHeight: 16, footLength: 268.4, ballWidth: 89, heelWidth: 76, archApexX: 112.8, ballX: 194.2 }, outline),
    ).toEqual([]);
  });

  it('names both values when a measurement disagrees with the outline', () => {
    const got = crossCheckMeasurements({ archHeight: 16, footLength: 240, ballWidth: 110, heelWidth: 55 }, outline).map(formatProblem);
    expect(got).toEqual([
      "/measurements/footLength: must agree with the outline's length 262.4 mm within ±6 mm, got 240",
      "/measurements/ballWidth: must agree with the outline's ball width 97 mm within ±8 mm, got 110",
      "/measurements/heelWidth: must agree with the outline's heel width 68 mm within ±8 mm, got 55",
    ]);
  });

  it('checks landmark positions against the outline length', () => {
    const m: Measurements = { archHeight: 16, archApexX: 200, ballX: 120 };
    expect(crossCheckMeasurements(m, outline).map(formatProblem)).toEqual([
      "/measurements/archApexX: must be between 65.6 and 157.4 mm from the heel for the arch apex (0.25–0.6 of the outline's length 262.4 mm), got 200",
      "/measurements/ballX: must be between 157.4 and 223 mm from the heel for the ball (MTP1) (0.6–0.85 of the outline's length 262.4 mm), got 120",
    ]);
    expect(crossCheckMeasurements({ archHeight: 16, archApexX: 0.25 * 262.4, ballX: 0.85 * 262.4 }, outline)).toEqual([]);
  });

  it('keeps the arch apex 0.12 of the length behind the ball, both in their ranges (an apex beside the ball hung the build: the arch had nowhere to fall)', () => {
    const FL = 262.4;
    expect(crossCheckMeasurements({ archHeight: 16, archApexX: 157, ballX: 160 }, outline).map(formatProblem)).toEqual([
      "/measurements/archApexX: must lie at least 31.5 mm behind the ball at ballX 160 mm (0.12 of the outline's length 262.4 mm): the arch falls to the floor between them, got 157",
    ]);
    expect(crossCheckMeasurements({ archHeight: 16, archApexX: 0.479 * FL, ballX: 0.6 * FL }, outline)).toEqual([]);
    expect(crossCheckMeasurements({ archHeight: 16, archApexX: 0.481 * FL, ballX: 0.6 * FL }, outline)).toHaveLength(1);
  });

  it('does not require navicularHeight >= archHeight (different landmarks)', () => {
    expect(crossCheckMeasurements({ archHeight: 30, navicularHeight: 20 }, outline)).toEqual([]);
  });
});

describe('schemas', () => {
  it('are compiled into src/scan/generated/validators.ts, which is up to date (npm run gen:validators)', () => {
    expect(readFileSync('src/scan/generated/validators.ts', 'utf8')).toBe(generateValidators('.'));
  });

  type Schema = Record<string, any>;
  /** Every entry of every `properties` object, with its path. */
  function properties(schema: Schema, path = ''): Array<[string, Schema]> {
    const out: Array<[string, Schema]> = [];
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties') for (const [name, sub] of Object.entries(v as Schema)) out.push([`${path}/${name}`, sub as Schema], ...properties(sub as Schema, `${path}/${name}`));
      // if/then/else restate fields `properties` defines (which a surface makes optional or forbids): not definitions.
      else if (typeof v === 'object' && v !== null && !['if', 'then', 'else'].includes(k)) out.push(...properties(v as Schema, `${path}/${k}`));
    }
    return out;
  }

  it('are valid against the 2020-12 meta-schema and compile in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateSchema: true });
    for (const schema of [prescriptionSchema, footScanSchema, pairSchema, limitsSchema]) {
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      ajv.addSchema(schema);
    }
    expect(() => ajv.compile(footScanSchema)).not.toThrow();
    expect(() => ajv.compile(limitsSchema)).not.toThrow();
  });

  it('have 2020-12 $schema and orthotic.dev $ids; the scan $refs the prescription', () => {
    for (const [s, file] of [[footScanSchema, 'foot-scan'], [prescriptionSchema, 'prescription'], [pairSchema, 'foot-scan-pair'], [limitsSchema, 'limits']] as const) {
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toBe(`https://orthotic.dev/schemas/${file}.schema.json`);
    }
    expect(footScanSchema.properties.prescription.$ref).toBe('prescription.schema.json');
    expect(pairSchema.properties.feet.items.$ref).toBe('foot-scan.schema.json');
  });

  it('describe every property (with its unit) and forbid unknown fields in every object', () => {
    for (const schema of [footScanSchema, prescriptionSchema, pairSchema, limitsSchema] as Schema[]) {
      for (const [path, sub] of properties(schema)) {
        expect(typeof sub.description === 'string' || typeof sub.$ref === 'string', path).toBe(true);
        if (typeof sub.description === 'string' && (sub.type === 'number' || sub.items?.type === 'number')) {
          expect(sub.description, path).toMatch(/\bmm\b|degrees|\bkg\b|percent|\bhours\b|\bdays\b|no unit/i);
        }
        if (sub.type === 'object' || (Array.isArray(sub.type) && sub.type.includes('object'))) expect(sub.additionalProperties, path).toBe(false);
      }
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it('name the same fields as the TypeScript types', () => {
    const scanKeys: Record<keyof FootScan, true> = { schemaVersion: true, id: true, side: true, units: true, outline: true, orientation: true, measurements: true, prescription: true, surface: true };
    const measurementKeys: Record<keyof Measurements, true> = {
      archHeight: true, navicularHeight: true, navicularDrop: true, archApexX: true, ballX: true, footLength: true, ballWidth: true, heelWidth: true,
    };
    // The modifications' fields come from the registry, which the schema is generated from (src/modifications).
    const rxKeys: Record<Exclude<keyof Prescription, ModificationKey>, true> & Record<ModificationKey, true> = {
      shellThickness: true, heelCupDepth: true, archHeight: true, rearfootPost: true, length: true,
      archFill: true, construction: true, topCover: true, material: true, bodyWeight: true, shoe: true, stages: true, manufacturing: true,
      ...(Object.fromEntries(MODIFICATIONS.map((d) => [d.key, true])) as Record<ModificationKey, true>),
    };
    expect(Object.keys(footScanSchema.properties).sort()).toEqual(Object.keys(scanKeys).sort());
    expect(Object.keys(footScanSchema.properties.measurements.properties).sort()).toEqual(Object.keys(measurementKeys).sort());
    expect(Object.keys(prescriptionSchema.properties).sort()).toEqual(Object.keys(rxKeys).sort());
    const manufacturingKeys: Record<keyof Manufacturing, true> = { for: true, mill: true, blank: true };
    expect(Object.keys(prescriptionSchema.properties.manufacturing.properties).sort()).toEqual(Object.keys(manufacturingKeys).sort());
    const stagesKeys: Record<keyof StagesRequest, true> = { count: true, fractions: true, wearIn: true };
    const wearInKeys: Record<keyof WearInRequest, true> = { firstDayHours: true, addHoursPerDay: true, fullDayHours: true, comfortableDays: true, notes: true };
    expect(Object.keys(prescriptionSchema.properties.stages.properties).sort()).toEqual(Object.keys(stagesKeys).sort());
    expect(Object.keys(prescriptionSchema.properties.stages.properties.wearIn.properties).sort()).toEqual(Object.keys(wearInKeys).sort());
    const pairKeys: Record<keyof FootScanPair, true> = { schemaVersion: true, feet: true, prescription: true };
    expect(Object.keys(pairSchema.properties).sort()).toEqual(Object.keys(pairKeys).sort());
  });
});
