/**
 * A lab's configuration on the command line (issue 17): found by --config, ORTHOTIC_CONFIG or
 * ./orthotic.config.json; precedence flags > order > configuration > built-in; its hash and what
 * it supplied in every report; read by build, preview, validate and batch; a bad one refused
 * naming the field (exit 3); one whose limits profile loosens a limit needs --allow-over-limit.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/pipeline/index.js';

const cli = resolve('dist/bin/orthotic.js');
const example = JSON.parse(readFileSync('examples/m271-right-neutral.json', 'utf8'));
const { prescription: _rx, ...plainScan } = example;

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orthotic-config-'));
  writeFileSync(join(dir, 'plain.json'), JSON.stringify(plainScan)); // no prescription of its own
  copyFileSync('examples/m271-right-neutral.json', join(dir, 'own.json')); // shell 3, cup 12
});

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, ORTHOTIC_CONFIG: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: e, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, value: unknown) => {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
};
const report = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

const LAB = {
  schemaVersion: 1,
  lab: { name: 'Acme Orthotics', address: ['1 High Street', 'Leeds LS1 1AA'] },
  prescription: { material: 'pa11', shellThickness: 2.5, heelCupDepth: 14 },
  resolutionMm: 2.5,
  previewResolutionMm: 3,
  outputs: { format: '3mf', map: 'png' },
};

describe('lab configuration', () => {
  it('precedence: flags over the order over the configuration over the built-in defaults', () => {
    write('orthotic.config.json', LAB);
    // The configuration's defaults where the order says nothing; its resolution.
    expect(run(['build', 'plain.json', '-o', 'a.stl', '--report', 'a.json']).status).toBe(0);
    expect(report('a.json').prescription.applied).toMatchObject({ material: 'pa11', shellThickness: 2.5, heelCupDepth: 14 });
    expect(report('a.json').build.resolutionMm).toBe(2.5);
    // The scan's own prescription wins over it field by field, an --rx file over both, flags over the resolution.
    write('rx.json', { heelCupDepth: 10 });
    expect(run(['build', 'own.json', '--rx', 'rx.json', '-o', 'b.stl', '--report', 'b.json', '--resolution', '2']).status).toBe(0);
    expect(report('b.json').prescription.applied).toMatchObject({ material: 'pa11', shellThickness: 3, heelCupDepth: 10 });
    expect(report('b.json').build.resolutionMm).toBe(2);
    expect(report('b.json').config.supplied).toEqual({ prescription: { material: 'pa11' } });
    // Output format: a folder takes the configuration's; a named .stl or --format wins.
    expect(run(['build', 'plain.json', '-o', 'out/', '--map', 'maps/']).status).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['m271-right-neutral.3mf']);
    expect(readdirSync(join(dir, 'maps'))).toEqual(['m271-right-neutral.png']);
    expect(run(['build', 'plain.json', '-o', 'out2/', '--format', 'stl']).status).toBe(0);
    expect(readdirSync(join(dir, 'out2'))).toEqual(['m271-right-neutral.stl']);
    // Built-in defaults without a configuration (--no-config), the same bytes as before configurations existed.
    expect(run(['build', 'plain.json', '-o', 'c.stl', '--report', 'c.json', '--no-config', '--resolution', '2.5']).status).toBe(0);
    expect(report('c.json').prescription.applied).toMatchObject({ material: 'pa12', shellThickness: 3, heelCupDepth: 12 });
    expect(report('c.json')).not.toHaveProperty('config');
  });

  it('is found by --config, else ORTHOTIC_CONFIG, else ./orthotic.config.json', () => {
    write('orthotic.config.json', { schemaVersion: 1, prescription: { heelCupDepth: 14 } });
    write('env.json', { schemaVersion: 1, prescription: { heelCupDepth: 16 } });
    write('flag.json', { schemaVersion: 1, prescription: { heelCupDepth: 18 } });
    const cup = (args: string[], env: Record<string, string> = {}) => {
      expect(run(['validate', 'plain.json', '--json', ...args], env).status).toBe(0);
      return JSON.parse(run(['validate', 'plain.json', '--json', ...args], env).stdout).applied.heelCupDepth;
    };
    expect(cup([])).toBe(14);
    expect(cup([], { ORTHOTIC_CONFIG: 'env.json' })).toBe(16);
    expect(cup(['--config', 'flag.json'], { ORTHOTIC_CONFIG: 'env.json' })).toBe(18);
    expect(cup(['--no-config'])).toBe(12);
    const missing = run(['validate', 'plain.json', '--config', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe("usage: cannot read configuration 'nope.json': no such file");
  });

  it('records its hash and every value it supplied in the report', () => {
    write('lab.json', LAB);
    expect(run(['build', 'plain.json', '-o', 'out/', '--report', 'r.json', '--sheet', 's.html', '--date', '2026-12-01', '--config', 'lab.json']).status).toBe(0);
    const r = report('r.json');
    expect(r.config).toEqual({
      sha256: sha256Of(LAB),
      supplied: { prescription: { shellThickness: 2.5, heelCupDepth: 14, material: 'pa11' }, resolutionMm: 2.5, outputs: { format: '3mf' }, lab: LAB.lab },
    });
    expect(r.prescription.defaulted).not.toContain('material');
    // The lab on the sign-off sheet.
    const sheet = readFileSync(join(dir, 's.html'), 'utf8');
    expect(sheet).toContain('Acme Orthotics · Custom foot orthotic · sign-off sheet');
    expect(sheet).toContain('released it for manufacture at Acme Orthotics, 1 High Street, Leeds LS1 1AA');
  });

  it('a bad configuration is invalid (exit 3), one line per problem naming the file and the field, nothing written', () => {
    write('orthotic.config.json', { schemaVersion: 1, prescription: { shellThickness: -1 }, outputs: { format: 'obj' } });
    for (const cmd of [['build', 'plain.json', '-o', 'x.stl'], ['preview', 'plain.json', '-o', 'x.html'], ['validate', 'plain.json']]) {
      const r = run(cmd);
      expect(r.status, cmd[0]).toBe(3);
      expect(r.stderr.trim().split('\n').sort(), cmd[0]).toEqual([
        'invalid: orthotic.config.json: config /outputs/format: must be one of "stl", "3mf", got "obj"',
        'invalid: orthotic.config.json: config /prescription/shellThickness: must be >= 0.5, got -1',
      ]);
    }
    write('orthotic.config.json', '{"schemaVersion": 1,');
    expect(run(['build', 'plain.json', '-o', 'x.stl']).stderr.trim()).toMatch(/^invalid: orthotic\.config\.json: config \(document\): invalid JSON/);
    write('orthotic.config.json', { schemaVersion: 1, limits: 'lab.limits.json' });
    write('lab.limits.json', { schemaVersion: 1 });
    expect(run(['build', 'plain.json', '-o', 'x.stl']).stderr.trim().split('\n')[0]).toBe('invalid: lab.limits.json: limits /name: is required');
    expect(existsSync(join(dir, 'x.stl'))).toBe(false);
    // A value it supplies past a hard limit is refused naming the configuration.
    write('orthotic.config.json', { schemaVersion: 1, prescription: { shellThickness: 9 } });
    const refused = run(['build', 'plain.json', '-o', 'x.stl']);
    expect(refused.status).toBe(4);
    expect(refused.stderr.trim()).toMatch(/^refused: orthotic\.config\.json: config \/prescription\/shellThickness: shell thickness 9 mm \(the lab's default\)/);
  });

  it('a NUL character in its limits path is invalid (exit 3) naming the field, never an internal error', () => {
    write('config-nul.json', { schemaVersion: 1, limits: 'a\u0000b.json' });
    for (const cmd of [['validate', 'plain.json'], ['build', 'plain.json', '-o', 'x.stl']]) {
      const r = run([...cmd, '--config', 'config-nul.json']);
      expect(r.status, cmd[0]).toBe(3);
      expect(r.stderr, cmd[0]).toBe('invalid: config-nul.json: config /limits: must not contain a NUL character: no file name can, got "a\\u0000b.json"\n');
    }
    expect(existsSync(join(dir, 'x.stl'))).toBe(false);
  });

  it('its limits profile is used unless --limits is given; one that loosens a limit needs --allow-over-limit (build, preview, validate, batch)', () => {
    const profile = JSON.parse(readFileSync('limits/default.limits.json', 'utf8'));
    profile.name = 'acme';
    write('acme.limits.json', profile);
    write('orthotic.config.json', { schemaVersion: 1, limits: 'acme.limits.json', resolutionMm: 2.5 });
    expect(run(['build', 'own.json', '-o', 'a.stl', '--report', 'a.json']).status).toBe(0);
    expect(report('a.json').inputs.limitsProfile).toMatch(/^acme@/);
    expect(report('a.json').config.supplied).toEqual({ resolutionMm: 2.5, limits: 'acme.limits.json' });
    copyFileSync('limits/default.limits.json', join(dir, 'builtin.json'));
    expect(run(['build', 'own.json', '-o', 'b.stl', '--report', 'b.json', '--limits', 'builtin.json']).status).toBe(0);
    expect(report('b.json').inputs.limitsProfile).not.toMatch(/^acme@/);
    expect(report('b.json').config.supplied).toEqual({ resolutionMm: 2.5 });
    profile.parameters['rearfootPost.medial.angle'].maxAllowed = 12;
    write('acme.limits.json', profile);
    write('scans/own.json', readFileSync(join(dir, 'own.json'), 'utf8'));
    for (const cmd of [['build', 'own.json', '-o', 'c.stl'], ['preview', 'own.json', '-o', 'c.html'], ['validate', 'own.json'], ['batch', 'scans', '--out', 'batch-out']]) {
      const r = run(cmd);
      expect(r.status, cmd[0]).toBe(4);
      expect(r.stderr.trim(), cmd[0]).toMatch(/^refused: acme\.limits\.json: limits \/parameters\/rearfootPost\.medial\.angle\/maxAllowed: .*needs --allow-over-limit/);
      expect(run([...cmd, '--allow-over-limit', 'trial of steeper posts']).status, cmd[0]).toBe(0);
    }
    expect(existsSync(join(dir, 'c.stl'))).toBe(true);
  });

  it('preview takes its own resolution from it; batch its outputs, lab and defaults, recorded in each order\'s report', () => {
    write('orthotic.config.json', { ...LAB, outputs: { format: '3mf', sheet: true } });
    const p = run(['preview', 'plain.json', '-o', 'v.html']);
    expect(p.status).toBe(0);
    const coarse = run(['preview', 'plain.json', '-o', 'w.html', '--resolution', '3']);
    const builtIn = run(['preview', 'plain.json', '-o', 'w.html', '--resolution', '1.5']);
    expect(p.stderr.match(/\d+ triangles/)![0]).toBe(coarse.stderr.match(/\d+ triangles/)![0]);
    expect(p.stderr.match(/\d+ triangles/)![0]).not.toBe(builtIn.stderr.match(/\d+ triangles/)![0]);
    write('scans/a.json', plainScan);
    write('scans/b.json', example);
    const b = run(['batch', 'scans', '--out', 'built', '--json', '--date', '2026-12-01']);
    expect(b.status, b.stderr).toBe(0);
    expect(readdirSync(join(dir, 'built')).filter((f) => !f.startsWith('batch') && !f.endsWith('.sha256')).sort()).toEqual(['a.3mf', 'a.report.json', 'a.sheet.html', 'b.3mf', 'b.report.json', 'b.sheet.html']);
    const a = report('built/a.report.json');
    expect(a.prescription.applied).toMatchObject({ material: 'pa11', shellThickness: 2.5 });
    expect(a.config).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), supplied: { prescription: LAB.prescription, resolutionMm: 2.5, outputs: { format: '3mf', sheet: true }, lab: LAB.lab } });
    expect(readFileSync(join(dir, 'built', 'a.sheet.html'), 'utf8')).toContain('Acme Orthotics');
    // The batch's flags win over the configuration: STL, no sheet.
    const flags = run(['batch', 'scans', '--out', 'built2', '--json', '--format', 'stl', '--no-sheet']);
    expect(flags.status).toBe(0);
    expect(readdirSync(join(dir, 'built2')).filter((f) => !f.startsWith('batch') && !f.endsWith('.sha256')).sort()).toEqual(['a.report.json', 'a.stl', 'b.report.json', 'b.stl']);
    expect(report('built2/a.report.json').config.supplied).toEqual({ prescription: LAB.prescription, resolutionMm: 2.5 });
    // The same order built by build with the same configuration and outputs: the same report, byte for byte.
    expect(run(['build', 'scans/a.json', '-o', 'a.stl', '--report', 'a-build.json']).status).toBe(0);
    expect(readFileSync(join(dir, 'a-build.json'), 'utf8')).toBe(readFileSync(join(dir, 'built2', 'a.report.json'), 'utf8'));
  });
});
