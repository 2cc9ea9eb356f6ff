/**
 * A lab's configuration read and validated at the edge (schemas/lab-config.schema.json): the
 * schema's own rules, its fields against the TypeScript types, one line per problem naming the
 * field; and its prescription defaults under the order's prescription.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import configSchema from '../../schemas/lab-config.schema.json' with { type: 'json' };
import prescriptionSchema from '../../schemas/prescription.schema.json' with { type: 'json' };
import { parseConfig, parseConfigText, type LabConfig, type LabIdentity, type LabMilling, type LabMillTool, type LabOutputs, type LabPrescriptionDefaults } from '../../src/config/index.js';
import { formatProblem, InputError } from '../../src/errors.js';
import { buildOrthotic } from '../../src/pipeline/index.js';
import { labSupplied, resolvePrescription, type FootScan } from '../../src/scan/index.js';

const problems = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.problems.map(formatProblem);
    throw err;
  }
  return [];
};

describe('lab configuration schema', () => {
  it('is valid 2020-12, compiles in strict mode, and names the same fields as the TypeScript types', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateSchema: true });
    ajv.addSchema(prescriptionSchema);
    expect(ajv.validateSchema(configSchema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(configSchema)).not.toThrow();
    expect(configSchema.$id).toBe('https://orthotic.dev/schemas/lab-config.schema.json');
    const top: Record<keyof LabConfig, true> = { $schema: true, schemaVersion: true, lab: true, prescription: true, resolutionMm: true, previewResolutionMm: true, limits: true, outputs: true, manufacturing: true, milling: true };
    const lab: Record<keyof LabIdentity, true> = { name: true, address: true };
    const rx: Record<keyof LabPrescriptionDefaults, true> = { material: true, shellThickness: true, heelCupDepth: true, length: true, construction: true, topCover: true, archFill: true };
    const outputs: Record<keyof LabOutputs, true> = { format: true, map: true, preview: true, sheet: true };
    expect(Object.keys(configSchema.properties).sort()).toEqual(Object.keys(top).sort());
    expect(Object.keys(configSchema.properties.lab.properties).sort()).toEqual(Object.keys(lab).sort());
    expect(Object.keys(configSchema.properties.prescription.properties).sort()).toEqual(Object.keys(rx).sort());
    expect(Object.keys(configSchema.properties.outputs.properties).sort()).toEqual(Object.keys(outputs).sort());
    const milling: Record<keyof LabMilling, true> = { target: true, blanks: true, draftDeg: true, castMarginMm: true, castBaseMm: true, blankClearanceMm: true, stepdownMm: true, stockMm: true, scallopMm: true, safeHeightMm: true, roughing: true, finishing: true };
    const tool: Record<keyof LabMillTool, true> = { number: true, diameterMm: true, spindleRpm: true, feedMmMin: true, plungeMmMin: true };
    expect(Object.keys(configSchema.properties.milling.properties).sort()).toEqual(Object.keys(milling).sort());
    expect(Object.keys(configSchema.properties.milling.properties.roughing.properties).sort()).toEqual(Object.keys(tool).sort());
    // The prescription defaults are the prescription's own fields, validated by its schema.
    for (const [k, v] of Object.entries(configSchema.properties.prescription.properties)) expect(v.$ref).toBe(`prescription.schema.json#/properties/${k}`);
  });

  it('accepts a full configuration and the smallest one', () => {
    const full = { $schema: 'x', schemaVersion: 1, lab: { name: 'Acme', address: ['1 High St'] }, prescription: { material: 'pa11', shellThickness: 2.5 }, resolutionMm: 1.5, previewResolutionMm: 2, limits: 'lab.json', outputs: { format: '3mf', map: 'png', preview: true, sheet: false } };
    expect(parseConfig(full)).toBe(full);
    expect(parseConfigText('{"schemaVersion": 1}')).toEqual({ schemaVersion: 1 });
  });

  it('refuses a bad configuration with one line per problem, naming the field (source config)', () => {
    expect(problems(() => parseConfigText('{"schemaVersion": 1, "prescription": {"material": "wood", "archHeight": 20}, "resolutionMm": 9, "outputs": {"format": "obj"}, "colour": "red"}')).sort()).toEqual([
      'config /colour: is not an allowed field, got "red"',
      'config /outputs/format: must be one of "stl", "3mf", got "obj"',
      'config /prescription/archHeight: is not an allowed field, got 20',
      'config /prescription/material: must be one of "polypropylene", "pa11", "pa12", "carbon", "eva", "tpu", got "wood"',
      'config /resolutionMm: must be <= 3, got 9',
    ]);
    expect(problems(() => parseConfigText('{"lab": {}}')).sort()).toEqual(['config /lab/name: is required', 'config /schemaVersion: is required']);
    expect(problems(() => parseConfigText('{"schemaVersion": 1,'))[0]).toMatch(/^config \(document\): invalid JSON/);
  });
});

describe('the lab\'s prescription defaults', () => {
  const scan = JSON.parse(readFileSync('examples/m271-right-neutral.json', 'utf8')) as FootScan;
  const { prescription: _own, ...plain } = scan;

  it('fill the fields the order leaves out, under the scan\'s prescription and the --rx file', () => {
    const lab = { shellThickness: 2.5, heelCupDepth: 14, material: 'pa11' as const };
    const open = resolvePrescription(plain as FootScan, undefined, lab);
    expect(open.resolved).toMatchObject({ shellThickness: 2.5, heelCupDepth: 14, material: 'pa11' });
    expect(open.asked).toEqual({});
    expect(labSupplied(open.asked, lab)).toEqual(lab);
    const own = resolvePrescription(scan, { heelCupDepth: 10 }, lab);
    expect(own.resolved).toMatchObject({ shellThickness: scan.prescription!.shellThickness, heelCupDepth: 10, material: 'pa11' });
    expect(labSupplied(own.asked, lab)).toEqual({ material: 'pa11' });
  });

  it('are recorded in the report with the configuration\'s hash; a value past a limit is refused naming the configuration', () => {
    const built = buildOrthotic(plain, undefined, { resolutionMm: 2.5, measure: false, config: { sha256: 'abc', prescription: { shellThickness: 2.5 }, supplied: { resolutionMm: 2.5 } } });
    expect(built.report.config).toEqual({ sha256: 'abc', supplied: { prescription: { shellThickness: 2.5 }, resolutionMm: 2.5 } });
    expect(built.report.prescription.defaulted).not.toContain('shellThickness');
    expect(Object.keys(built.report).indexOf('config')).toBe(Object.keys(built.report).indexOf('inputs') + 1);
    expect(buildOrthotic(plain, undefined, { resolutionMm: 2.5, measure: false }).report).not.toHaveProperty('config');
    let message = '';
    try {
      buildOrthotic(plain, undefined, { resolutionMm: 2.5, measure: false, config: { sha256: 'abc', prescription: { shellThickness: 9 }, name: 'lab.json' } });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^lab\.json: config \/prescription\/shellThickness: shell thickness 9 mm \(the lab's default\) for .*, got 9$/);
  });
});
