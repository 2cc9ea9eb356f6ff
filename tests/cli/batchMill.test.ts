import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `orthotic batch` with milling: the batch's --for/--mill/--blank/--gcode/--trim and a manifest's
 * for/mill/blank/gcode/trim columns write exactly what `build --for mill` writes for the same order
 * (its viewer and sheet too: the device as designed);
 * --resume takes a milled order as done only when every file it writes is there.
 */
const cli = resolve('dist/bin/orthotic.js');
const env = { ...process.env, ORTHOTIC_CONFIG: '' };
function orthotic(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args, '--resolution', '2'], { encoding: 'utf8', env, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function batch(args: string[]) {
  const r = orthotic(['batch', ...args, '--json']);
  const lines = r.out.trim() === '' ? [] : r.out.trim().split('\n').map((l) => JSON.parse(l) as { name: string; status: string; error: string | null });
  return { ...r, status: Object.fromEntries(lines.map((l) => [l.name, l.status])), errors: Object.fromEntries(lines.map((l) => [l.name, l.error])) };
}
/** Every file of a folder but the batch's own, by name, as bytes. */
function files(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f !== 'batch-report.json' && !f.endsWith('.inputs.sha256')).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

const dir = mkdtempSync(join(tmpdir(), 'orthotic-batch-mill-'));
for (const f of ['w246-left-neutral.json', 'w232-left-high-arch.json']) copyFileSync(`examples/${f}`, join(dir, f));
// A coarse finish keeps the G-code quick; the lab's one blank list.
writeFileSync(join(dir, 'lab.json'), JSON.stringify({ schemaVersion: 1, milling: { scallopMm: 0.4, stepdownMm: 8, blanks: [{ lengthMm: 280, widthMm: 120, heightMm: 35 }, { lengthMm: 400, widthMm: 200, heightMm: 80 }] } }));
// Polypropylene, formed over the cast: built; the milled device keeps the default PA12, a printing material: warned ([CB-material-making]).
writeFileSync(join(dir, 'rx-cast.json'), JSON.stringify({ material: 'polypropylene', manufacturing: { for: 'mill', mill: 'cast' } }));
writeFileSync(join(dir, 'orders.csv'), [
  'scan,rx,output,for,mill,blank,gcode,trim,map,preview,sheet',
  'w246-left-neutral.json,,dev,mill,,300x130x40,yes,,svg,yes,yes', // milled device: G-code, the map, the viewer and sheet; its blank from the column
  'w232-left-high-arch.json,rx-cast.json,cast,,,,no,svg,,,yes', // the prescription mills a cast: its trim line (the batch's --trim), its sheet, no G-code
  'w246-left-neutral.json,,printed,print,,,,,,,', // printed, whatever the batch's flags say
].join('\n'));

describe('orthotic batch with milling', () => {
  it('each milled order writes exactly the files build --for mill writes for it, byte-identical; a printed row is printed', () => {
    const out = join(dir, 'out');
    const r = batch([join(dir, 'orders.csv'), '--out', out, '--jobs', '2', '--gcode', '--trim', 'dxf', '--config', join(dir, 'lab.json'), '--date', '2026-12-07']);
    expect(r.code, r.err).toBe(0);
    expect(r.status).toEqual({ dev: 'warned', cast: 'built', printed: 'built' });
    const ref = join(dir, 'ref');
    mkdirSync(ref);
    const lab = ['--config', join(dir, 'lab.json'), '--date', '2026-12-07'];
    const at = (name: string, suffix: string) => join(ref, `${name}${suffix}`);
    const build = (args: string[]) => { const b = orthotic(['build', ...args, ...lab]); expect(b.code, b.err).toBe(0); };
    build([join(dir, 'w246-left-neutral.json'), '--for', 'mill', '--blank', '300x130x40', '-o', at('dev', '.stl'), '--report', at('dev', '.report.json'), '--gcode', at('dev', '.nc'), '--map', at('dev', '.svg'), '--preview', at('dev', '.preview.html'), '--sheet', at('dev', '.sheet.html')]);
    // The trim column (svg) wins over the batch's --trim dxf; the gcode column (no) over its --gcode.
    build([join(dir, 'w232-left-high-arch.json'), '--rx', join(dir, 'rx-cast.json'), '-o', at('cast', '.stl'), '--report', at('cast', '.report.json'), '--trim', at('cast', '.trim.svg'), '--sheet', at('cast', '.sheet.html')]);
    build([join(dir, 'w246-left-neutral.json'), '--for', 'print', '-o', at('printed', '.stl'), '--report', at('printed', '.report.json')]);
    const got = files(out), want = files(ref);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(Object.keys(got)).toEqual(['cast.report.json', 'cast.sheet.html', 'cast.stl', 'cast.trim.svg', 'dev.nc', 'dev.preview.html', 'dev.report.json', 'dev.sheet.html', 'dev.stl', 'dev.svg', 'printed.report.json', 'printed.stl']);
    for (const f of Object.keys(want)) expect(got[f]!.equals(want[f]!), f).toBe(true);
    const dev = JSON.parse(got['dev.report.json']!.toString('utf8'));
    expect(dev.manufacturing).toEqual({ for: 'mill', mill: 'device', blank: { lengthMm: 300, widthMm: 130, heightMm: 40 }, from: { for: 'flag', mill: 'built-in', blank: 'flag' } });
    expect(JSON.parse(got['cast.report.json']!.toString('utf8')).manufacturing.from).toEqual({ for: 'rx', mill: 'rx' });
    expect(JSON.parse(got['printed.report.json']!.toString('utf8')).manufacturing).toEqual({ for: 'print', from: { for: 'flag' } });

    // --resume: all done; an order missing one of its milled files (its G-code, a cast's trim line) is built again, alone.
    const again = () => batch([join(dir, 'orders.csv'), '--out', out, '--jobs', '2', '--gcode', '--trim', 'dxf', '--config', join(dir, 'lab.json'), '--date', '2026-12-07', '--resume']);
    expect(again().status).toEqual({ dev: 'skipped', cast: 'skipped', printed: 'skipped' });
    rmSync(join(out, 'dev.nc'));
    expect(again().status).toEqual({ dev: 'warned', cast: 'skipped', printed: 'skipped' });
    expect(readFileSync(join(out, 'dev.nc')).equals(want['dev.nc']!)).toBe(true);
    rmSync(join(out, 'cast.trim.svg'));
    expect(again().status).toEqual({ dev: 'skipped', cast: 'built', printed: 'skipped' });
    rmSync(join(out, 'dev.svg'));
    expect(again().status).toEqual({ dev: 'warned', cast: 'skipped', printed: 'skipped' });
    expect(existsSync(join(out, 'dev.svg'))).toBe(true);
    rmSync(join(out, 'cast.sheet.html'));
    expect(again().status).toEqual({ dev: 'skipped', cast: 'built', printed: 'skipped' });
    expect(readFileSync(join(out, 'cast.sheet.html')).equals(want['cast.sheet.html']!)).toBe(true);
  }, 600_000);

  it('a milling column on a printed order, a trim column on a milled device: the order is invalid, the rest built (a viewer of a milled one is written)', () => {
    writeFileSync(join(dir, 'bad.csv'), [
      'scan,output,for,mill,gcode,trim,preview',
      'w246-left-neutral.json,a,print,cast,,,',
      'w246-left-neutral.json,b,,,yes,,',
      'w246-left-neutral.json,c,mill,,,,yes',
      'w246-left-neutral.json,d,mill,device,,svg,',
      'w246-left-neutral.json,e,mill,,,,',
    ].join('\n'));
    const r = batch([join(dir, 'bad.csv'), '--out', join(dir, 'bad'), '--config', join(dir, 'lab.json')]);
    expect(r.code).toBe(3);
    expect(r.status).toEqual({ a: 'invalid', b: 'invalid', c: 'warned', d: 'invalid', e: 'warned' }); // PA12 milled: [CB-material-making]
    expect(r.errors.a).toBe('invalid: /mill: applies to a milled order: this order is printed ("for": "print" from the command line; a for column of mill mills it), got "cast"');
    expect(r.errors.b).toBe('invalid: /gcode: applies to a milled order: this order is printed ("for": "print" from the built-in default; a for column of mill mills it), got "yes"');
    expect(r.errors.d).toBe('invalid: /trim: writes a cast\'s trim line: this order mills the device (its mill: device, from the command line), got "svg"');
    expect(readdirSync(join(dir, 'bad')).sort()).toEqual(['batch-report.json', 'c.inputs.sha256', 'c.preview.html', 'c.report.json', 'c.stl', 'e.inputs.sha256', 'e.report.json', 'e.stl']);
  }, 300_000);

  it('a bad milling column is refused before anything is built (exit 3, naming the row, column and value)', () => {
    writeFileSync(join(dir, 'badcol.csv'), 'scan,output,for,blank\nw246-left-neutral.json,a,mill,300x130\n');
    const r = batch([join(dir, 'badcol.csv'), '--out', join(dir, 'badcol')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/\/orders\/0\/blank: must be length x width x height in mm \(each 10-1000\), e\.g\. 300x130x40, got "300x130"/);
  });
});
