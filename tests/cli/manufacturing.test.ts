import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The prescription's (and the lab configuration's) `manufacturing` block: precedence flags > order
 * (the --rx file, else the scan's own prescription) > configuration > built-in, recorded in the
 * report; bad blocks refused (exit 3) by build, validate and preview. Runs the built binary.
 */
const scanPath = resolve('examples/w246-left-neutral.json');
const dir = mkdtempSync(join(tmpdir(), 'orthotic-manufacturing-'));
const run = (args: string[]) => runCli(args, dir);
const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value));
const report = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
// A coarse finish and the lab's own blank list: quick, and tells the lab's blanks from an order's.
const milling = { scallopMm: 0.4, stepdownMm: 8, blanks: [{ lengthMm: 400, widthMm: 200, heightMm: 80 }] };
write('lab-mill.json', { schemaVersion: 1, manufacturing: { for: 'mill' }, milling: { ...milling, target: 'device' } });
write('lab-plain.json', { schemaVersion: 1, milling });
write('rx-cast.json', { manufacturing: { for: 'mill', mill: 'cast' } });
write('rx-blank.json', { manufacturing: { for: 'mill', blank: { lengthMm: 280, widthMm: 120, heightMm: 35 } } });
write('rx-print.json', { manufacturing: { for: 'print' } });
const scan = JSON.parse(readFileSync(scanPath, 'utf8'));
write('scan-mill.json', { ...scan, prescription: { ...scan.prescription, manufacturing: { for: 'mill', mill: 'cast' } } });

describe('the manufacturing block: precedence', () => {
  it('the lab configuration\'s block mills every order; its source is recorded, and what it supplied', () => {
    const r = run(['build', scanPath, '-o', 'a.stl', '--report', 'a.json', '--config', 'lab-mill.json']);
    expect(r.code).toBe(0);
    const a = report('a.json');
    expect(a.manufacturing).toEqual({ for: 'mill', mill: 'device', from: { for: 'config', mill: 'config' } });
    expect(a.milling.target).toBe('device');
    expect(a.milling.blank).toEqual(milling.blanks[0]);
    expect(a.config.supplied.manufacturing).toEqual({ for: 'mill', mill: 'device' });
    expect(a.prescription.applied.construction).toBe('filled');
  }, 120_000);

  it('the order\'s block wins over the configuration\'s, field by field; a flag wins over both', () => {
    expect(run(['build', scanPath, '--rx', 'rx-blank.json', '-o', 'b.stl', '--report', 'b.json', '--config', 'lab-mill.json']).code).toBe(0);
    const b = report('b.json');
    // for: the prescription file's (the configuration's too, but the order's comes first); mill: only the configuration gives it.
    expect(b.manufacturing).toEqual({ for: 'mill', mill: 'device', blank: { lengthMm: 280, widthMm: 120, heightMm: 35 }, from: { for: 'rx', mill: 'config', blank: 'rx' } });
    expect(b.milling.blank).toEqual({ lengthMm: 280, widthMm: 120, heightMm: 35 });
    expect(b.config.supplied.manufacturing).toEqual({ mill: 'device' });

    expect(run(['build', scanPath, '--rx', 'rx-blank.json', '--blank', '300x130x40', '-o', 'c.stl', '--report', 'c.json', '--config', 'lab-mill.json']).code).toBe(0);
    const c = report('c.json');
    expect(c.manufacturing.from).toEqual({ for: 'rx', mill: 'config', blank: 'flag' });
    expect(c.milling.blank).toEqual({ lengthMm: 300, widthMm: 130, heightMm: 40 });
  }, 120_000);

  it('an order that says print is printed under a configuration that mills; --for mill wins over an order that says print', () => {
    expect(run(['build', scanPath, '--rx', 'rx-print.json', '-o', 'd.stl', '--report', 'd.json', '--config', 'lab-mill.json']).code).toBe(0);
    const d = report('d.json');
    expect(d.manufacturing).toEqual({ for: 'print', from: { for: 'rx' } });
    expect(d.milling).toBeUndefined();
    expect(d.config.supplied.manufacturing).toBeUndefined();

    expect(run(['build', scanPath, '--rx', 'rx-print.json', '--for', 'mill', '-o', 'e.stl', '--report', 'e.json', '--config', 'lab-plain.json']).code).toBe(0);
    expect(report('e.json').manufacturing).toEqual({ for: 'mill', mill: 'device', from: { for: 'flag', mill: 'built-in' } });
  }, 120_000);

  it('the scan\'s own prescription gives the block when no --rx does; --rx\'s wins over it; --for print over both', () => {
    expect(run(['build', 'scan-mill.json', '-o', 'f.stl', '--report', 'f.json', '--config', 'lab-plain.json']).code).toBe(0);
    expect(report('f.json').manufacturing).toEqual({ for: 'mill', mill: 'cast', from: { for: 'scan', mill: 'scan' } });
    expect(report('f.json').milling.target).toBe('cast');
    expect(run(['build', 'scan-mill.json', '--rx', 'rx-print.json', '-o', 'g.stl', '--report', 'g.json']).code).toBe(0);
    expect(report('g.json').manufacturing).toEqual({ for: 'print', from: { for: 'rx' } });
    expect(run(['build', 'scan-mill.json', '--for', 'print', '-o', 'h.stl', '--report', 'h.json']).code).toBe(0);
    expect(report('h.json').manufacturing).toEqual({ for: 'print', from: { for: 'flag' } });
    expect(report('h.json').milling).toBeUndefined();
  }, 300_000);

  it('nothing chose: a printed report keeps its shape (no manufacturing record)', () => {
    expect(run(['build', scanPath, '-o', 'i.stl', '--report', 'i.json']).code).toBe(0);
    expect('manufacturing' in report('i.json')).toBe(false);
  }, 60_000);

  it('milling flags follow the settled choice: --gcode with an order that mills; --trim needs a cast from wherever; a viewer of an order that mills draws the device as designed', () => {
    const r = run(['build', scanPath, '--rx', 'rx-cast.json', '-o', 'j.stl', '--trim', 'j.svg', '--config', 'lab-plain.json']);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'j.svg'))).toBe(true);
    expect(run(['build', scanPath, '--rx', 'rx-print.json', '-o', 'k.stl', '--gcode', 'k.nc'])).toMatchObject({ code: 2, err: 'usage: --gcode needs --for mill (the prescription file says "for": "print")\n' });
    expect(existsSync(join(dir, 'k.stl'))).toBe(false);
    expect(run(['build', scanPath, '--rx', 'rx-cast.json', '-o', 'k.stl', '--preview', 'k.html', '--config', 'lab-plain.json']).code).toBe(0);
    expect(readFileSync(join(dir, 'k.html'), 'utf8')).toMatch(/data-field="milling">Positive cast milled from a [\d.]+ × [\d.]+ × [\d.]+ mm blank/);
  }, 300_000);
});

describe('preview and validate see the device as it will be made', () => {
  it('an order the lab mills from a block is previewed as the filled design build mills; validate checks that design', () => {
    write('rx-filled.json', { construction: 'filled' });
    const payload = (f: string) => JSON.parse(/<script type="application\/json" id="orthotic-data">(.*?)<\/script>/s.exec(readFileSync(join(dir, f), 'utf8'))![1]!).devices[0];
    expect(run(['preview', scanPath, '-o', 'pv-mill.html', '--config', 'lab-mill.json']).code).toBe(0);
    expect(run(['preview', scanPath, '--rx', 'rx-filled.json', '-o', 'pv-filled.html']).code).toBe(0);
    expect(run(['preview', scanPath, '-o', 'pv-shell.html']).code).toBe(0);
    expect(payload('pv-mill.html')).toEqual(payload('pv-filled.html'));
    expect(payload('pv-mill.html').positions).not.toBe(payload('pv-shell.html').positions);
    // A cast is milled for the shell as prescribed.
    expect(run(['preview', 'scan-mill.json', '-o', 'pv-cast.html']).code).toBe(0);
    expect(payload('pv-cast.html').positions).toBe(payload('pv-shell.html').positions);
    const v = run(['validate', scanPath, '--config', 'lab-mill.json', '--json']);
    expect(v.code, v.err).toBe(0);
    expect(JSON.parse(v.out).applied.construction).toBe('filled');
    expect(JSON.parse(run(['validate', scanPath, '--json']).out).applied.construction).toBe('shell');
  }, 300_000);

  it('a shoe\'s heel pitch on a device milled from a block: build, validate and preview refuse it alike, quoting the height asked (exit 3)', () => {
    const dress = resolve('examples/w244-left-dress-shoe.json'); // shoe.heelHeight 30
    write('rx-mill.json', { manufacturing: { for: 'mill' } });
    const line = 'invalid: /prescription/shoe/heelHeight: a device milled from a block stands on a flat base: leave out the shoe\'s heel pitch (the device then flexes into the shoe), got 30';
    const coarse = ['--resolution', '3'];
    for (const args of [['build', dress, '--for', 'mill', '-o', 'pitch.stl', ...coarse], ['build', dress, '--rx', 'rx-mill.json', '-o', 'pitch.stl', ...coarse], ['validate', dress, '--rx', 'rx-mill.json'], ['preview', dress, '--rx', 'rx-mill.json', '-o', 'pitch.html', ...coarse]]) {
      const r = run(args);
      expect([r.code, r.err.trim()], args.join(' ')).toEqual([3, line]);
    }
    expect(existsSync(join(dir, 'pitch.stl')) || existsSync(join(dir, 'pitch.html'))).toBe(false);
    // A cast is milled for a shell formed over it: the pitch is the formed shell's, as printed.
    write('rx-cast.json', { manufacturing: { for: 'mill', mill: 'cast' } });
    expect(run(['validate', dress, '--rx', 'rx-cast.json']).code).toBe(0);
  });
});

describe('a bad manufacturing block', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['bad-for.json', { manufacturing: { for: 'laser' } }, /^invalid: prescription \/manufacturing\/for: must be one of "print", "mill", got "laser"\n$/],
    ['bad-print-mill.json', { manufacturing: { for: 'print', mill: 'cast' } }, /^invalid: prescription \/manufacturing\/mill: applies to milling only: this block says "for": "print" \(give "for": "mill", or leave mill out\), got "cast"\n$/],
    ['bad-blank.json', { manufacturing: { for: 'mill', blank: { lengthMm: 5, widthMm: 120, heightMm: 35 } } }, /^invalid: prescription \/manufacturing\/blank\/lengthMm: must be >= 10, got 5\n$/],
    // No "for" in the block, and nothing else mills the order: a mill or a blank is how to mill what is printed (as --mill without --for mill).
    ['no-for-mill.json', { manufacturing: { mill: 'cast' } }, /^invalid: prescription \/manufacturing\/mill: applies to milling only: its block gives no "for", and nothing else mills the order \(give "for": "mill", or leave mill out\), got "cast"\n$/],
    ['no-for-blank.json', { manufacturing: { blank: { lengthMm: 300, widthMm: 130, heightMm: 40 } } }, /^invalid: prescription \/manufacturing\/blank: applies to milling only: its block gives no "for", and nothing else mills the order \(give "for": "mill", or leave blank out\), got \{"lengthMm":300,"widthMm":130,"heightMm":40\}\n$/],
  ];
  it.each(bad)('%s: build, validate and preview refuse it (exit 3, one line naming the field, the value and the rule), and write nothing', (name, value, message) => {
    write(name, value);
    const b = run(['build', scanPath, '--rx', name, '-o', `${name}.stl`]);
    expect(b.code).toBe(3);
    expect(b.err).toMatch(message);
    expect(existsSync(join(dir, `${name}.stl`))).toBe(false);
    const v = run(['validate', scanPath, '--rx', name]);
    expect(v.code).toBe(3);
    expect(v.err).toMatch(message);
    expect(run(['preview', scanPath, '--rx', name, '-o', `${name}.html`]).code).toBe(3);
  }, 120_000);

  it('a block with a mill but no "for": milled when the lab mills or --for mill says so, printed by --for print, refused as the lab\'s print', () => {
    write('rx-no-for.json', { manufacturing: { mill: 'cast' } });
    write('lab-print.json', { schemaVersion: 1, manufacturing: { for: 'print' } });
    expect(run(['validate', scanPath, '--rx', 'rx-no-for.json', '--config', 'lab-mill.json']).code).toBe(0);
    expect(run(['build', scanPath, '--rx', 'rx-no-for.json', '--for', 'print', '-o', 'nf.stl', '--resolution', '3']).code).toBe(0);
    const r = run(['validate', scanPath, '--rx', 'rx-no-for.json', '--config', 'lab-print.json']);
    expect([r.code, r.err.trim()]).toEqual([3, 'invalid: prescription /manufacturing/mill: applies to milling only: the lab configuration says "for": "print" (give "for": "mill", or leave mill out), got "cast"']);
  }, 120_000);

  it('in a scan\'s own prescription, and a pair whose feet disagree', () => {
    write('scan-bad.json', { ...scan, prescription: { manufacturing: { for: 'print', blank: { lengthMm: 300, widthMm: 130, heightMm: 40 } } } });
    const r = run(['validate', 'scan-bad.json']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^invalid: \/prescription\/manufacturing\/blank: applies to milling only: this block says "for": "print" \(give "for": "mill", or leave blank out\), got \{"lengthMm":300,"widthMm":130,"heightMm":40\}\n$/);
    const pair = JSON.parse(readFileSync(resolve('examples/w252-pair-neutral.json'), 'utf8'));
    pair.feet[1].prescription = { ...pair.feet[1].prescription, manufacturing: { for: 'mill' } };
    write('pair-bad.json', pair);
    const p = run(['build', 'pair-bad.json', '-o', 'pair/']);
    expect(p.code).toBe(3);
    expect(p.err).toMatch(/^invalid: \/feet\/1\/prescription\/manufacturing: must be the same as \/feet\/0's: a pair is printed or milled as one order/);
  }, 120_000);

  it('a configuration whose manufacturing.mill and milling.target disagree', () => {
    write('lab-bad.json', { schemaVersion: 1, manufacturing: { mill: 'cast' }, milling: { target: 'device' } });
    const r = run(['build', scanPath, '-o', 'l.stl', '--config', 'lab-bad.json']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/\/manufacturing\/mill: must agree with \/milling\/target \("device"\): give one of them, got "cast"\n$/);
  });

  it('validate says how a good block has the order made', () => {
    const r = run(['validate', scanPath, '--rx', 'rx-cast.json']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n {2}manufacturing: milled \(positive cast\), from the prescription file\n$/);
    const j = run(['validate', scanPath, '--rx', 'rx-blank.json', '--json', '--config', 'lab-mill.json']);
    expect(JSON.parse(j.out).manufacturing).toEqual({ for: 'mill', mill: 'device', blank: { lengthMm: 280, widthMm: 120, heightMm: 35 }, from: { for: 'rx', mill: 'config', blank: 'rx' } });
  });
});
