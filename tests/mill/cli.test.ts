import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readStl } from '../support/stl.js';
import { expectWatertight } from '../support/meshCheck.js';
import { drawnCells } from './mapOverlay.js';

/** `orthotic build --for mill`, run as the built binary (npm run build first). */
const scan = resolve('examples/w246-left-neutral.json');
const dir = mkdtempSync(join(tmpdir(), 'orthotic-mill-cli-'));
const run = (args: string[]) => runCli(args, dir);
// A coarse finish keeps the test quick: the toolpaths themselves are proven in mill.test.ts.
writeFileSync(join(dir, 'lab.json'), JSON.stringify({ schemaVersion: 1, milling: { scallopMm: 0.4, stepdownMm: 8, blanks: [{ lengthMm: 280, widthMm: 120, heightMm: 35 }, { lengthMm: 400, widthMm: 200, heightMm: 80 }], finishing: { diameterMm: 8 } } }));

describe('build --for mill', () => {
  it('writes the milled device, its G-code and a report of the milling, in the lab\'s smallest blank that fits', () => {
    const r = run(['build', scan, '--for', 'mill', '-o', 'dev.stl', '--gcode', 'dev.nc', '--report', 'dev.json', '--config', 'lab.json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\nG-code w246-left-neutral left: \d+ lines, [\d.]+ MB, about \d+ min at the feeds -> dev.nc\n$/);
    expectWatertight(readStl(readFileSync(join(dir, 'dev.stl'))).triangles, 'milled device');
    const report = JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8'));
    expect(report.milling.target).toBe('device');
    expect(report.milling.blank).toEqual({ lengthMm: 280, widthMm: 120, heightMm: 35 });
    expect(report.milling.undercutMm2.milledMm2).toBe(0);
    expect(report.milling.tools.finishing.diameterMm).toBe(8);
    expect(report.prescription.applied.construction).toBe('filled');
    expect(report.config.supplied.milling.scallopMm).toBe(0.4);
    const nc = readFileSync(join(dir, 'dev.nc'), 'utf8');
    expect(nc).toMatch(/^\(orthotic .*milled device of order w246/);
    expect(nc).toMatch(/\nG21 G90 G17\n/);
    expect(nc).toMatch(/\nM3 S12000\n/);
    expect(nc.trimEnd().endsWith('M30')).toBe(true);
    // Nothing outside the plain dialect: G0, G1, M0/M3/M5/M30, T, S, F, comments.
    for (const line of nc.split('\n')) if (line && !line.startsWith('(')) expect(line).toMatch(/^(G[01]|G21 G90 G17|M[035]|M30|M3 S\d+|T\d+|X|Y|Z)[\d. XYZF-]*$/);
  }, 300_000);

  it('a cast with its trim line (DXF and SVG), byte for byte the same twice', () => {
    const args = (o: string) => ['build', scan, '--for', 'mill', '--mill', 'cast', '-o', `${o}.stl`, '--trim', `${o}.dxf`, '--config', 'lab.json'];
    const a = run(args('a'));
    expect(a.code).toBe(0);
    // The line says the cast's triangles (the file's), not the design's.
    const cast = readStl(readFileSync(join(dir, 'a.stl'))).triangles.length / 9;
    expect(a.err).toMatch(new RegExp(`^built w246-left-neutral \\(left, sulcus\\): ${cast} triangles \\(the milled cast\\), `, 'm'));
    expect(run(args('b')).code).toBe(0);
    expect(readFileSync(join(dir, 'a.stl')).equals(readFileSync(join(dir, 'b.stl')))).toBe(true);
    const dxf = readFileSync(join(dir, 'a.dxf'), 'utf8');
    expect(dxf).toMatch(/POLYLINE\n8\nTRIM/);
    expect(dxf.trimEnd().endsWith('EOF')).toBe(true);
    expect(run(['build', scan, '--for', 'mill', '--mill', 'cast', '-o', 'c.stl', '--trim', 'c.svg', '--config', 'lab.json']).code).toBe(0);
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toMatch(/<polygon id="trim-line" points="[\d., ]+"/);
  }, 300_000);

  it('refuses a blank too small (exit 3, the sizes named), and writes nothing', () => {
    const r = run(['build', scan, '--for', 'mill', '--blank', '200x100x30', '-o', 'small.stl', '--gcode', 'small.nc', '--config', 'lab.json']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^invalid: \/milling\/blanks: the milled device is [\d.]+ × [\d.]+ × [\d.]+ mm and needs a blank of at least .*: no blank fits, got "200 × 100 × 30 mm"\n$/);
    expect(existsSync(join(dir, 'small.stl')) || existsSync(join(dir, 'small.nc'))).toBe(false);
  }, 120_000);

  it('milling flags need --for mill; --trim needs a cast (exit 2)', () => {
    expect(run(['build', scan, '--gcode', 'x.nc', '-o', 'x.stl'])).toMatchObject({ code: 2, err: 'usage: --gcode needs --for mill\n' });
    expect(run(['build', scan, '--for', 'mill', '--trim', 'x.svg', '-o', 'x.stl'])).toMatchObject({ code: 2 });
    expect(run(['build', scan, '--for', 'mill', '--blank', '300x', '-o', 'x.stl']).code).toBe(2);
    expect(existsSync(join(dir, 'x.stl'))).toBe(false);
  });

  it('--preview and --sheet draw the device as designed (the printed design\'s mesh, in the foot frame) and say how it is milled', () => {
    const sheetArgs = ['--date', '2026-12-07', '--config', 'lab.json'];
    for (const target of ['device', 'cast'] as const) {
      const r = run(['build', scan, '--for', 'mill', '--mill', target, '-o', `v-${target}.stl`, '--report', `v-${target}.json`, '--preview', `v-${target}.html`, '--sheet', `v-${target}.sheet.html`, ...sheetArgs]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(new RegExp(`\\npreview -> v-${target}.html, sheet -> v-${target}.sheet.html \\(the device as designed\\)\\n$`));
      // The sheet's build record: where the milled part departs from the design, as the report has it.
      const milling = JSON.parse(readFileSync(join(dir, `v-${target}.json`), 'utf8')).milling;
      const sheet = readFileSync(join(dir, `v-${target}.sheet.html`), 'utf8');
      expect(sheet).toContain(`data-unreached-mm2="${Math.round(milling.unreachedByBallMm2 * 100) / 100}"`);
      expect(sheet).toContain(`<dt>${target === 'cast' ? 'Cast milled' : 'Part milled'}</dt><dd>${milling.mesh.triangles.toLocaleString('en-GB')} triangles, ${(milling.mesh.volumeMm3 / 1000).toFixed(1)} cm³`);
      expect(sheet).toContain('solid material, the volume as designed');
    }
    // The designs: a device milled from a block is the filled design; a cast's device is the shell as prescribed.
    writeFileSync(join(dir, 'rx-filled.json'), JSON.stringify({ construction: 'filled' }));
    for (const [name, rx] of [['v-filled', ['--rx', 'rx-filled.json']], ['v-shell', []]] as const) {
      const printed = run(['build', scan, ...rx, '-o', `${name}.stl`, '--preview', `${name}.html`, '--sheet', `${name}.sheet.html`, ...sheetArgs]);
      expect(printed.code, printed.err).toBe(0);
    }
    type Shown = { positions: string; indices: string; id: string };
    const shown = (f: string) => (JSON.parse(/<script type="application\/json" id="orthotic-data">(.*?)<\/script>/s.exec(readFileSync(join(dir, f), 'utf8'))![1]!) as { devices: Shown[] }).devices[0]!;
    const milledDevice = shown('v-device.html'), milledCast = shown('v-cast.html'), filled = shown('v-filled.html'), shell = shown('v-shell.html');
    expect(milledDevice.positions.length).toBeGreaterThan(1000);
    expect(milledDevice).toEqual(filled);
    expect(milledCast).toEqual(shell);
    expect(filled.positions).not.toBe(shell.positions);
    // Not the milled part: the STL written is in its blank's frame, the drawing in the foot frame.
    const lowestX = (xyz: ArrayLike<number>) => { let lo = Infinity; for (let i = 0; i < xyz.length; i += 3) lo = Math.min(lo, xyz[i]!); return lo; };
    const drawn = Buffer.from(milledDevice.positions, 'base64');
    const drawnX = lowestX(new Float32Array(drawn.buffer, drawn.byteOffset, drawn.length / 4));
    const stlX = lowestX(readStl(readFileSync(join(dir, 'v-device.stl'))).triangles);
    expect(drawnX).toBeLessThan(1); // the foot frame: the heel at x = 0
    expect(stlX).toBeGreaterThan(drawnX + 1); // the blank's frame: the part stands in from the blank's corner
    // How it is made, with the blank the report records (the lab's smallest that fits).
    expect(readFileSync(join(dir, 'v-device.html'), 'utf8')).toContain('data-field="milling">Milled from a 280 × 120 × 35 mm blank; shown here as designed, in the foot frame</p>');
    expect(readFileSync(join(dir, 'v-device.sheet.html'), 'utf8')).toContain('<dt>Made by</dt><dd>Milled from a 280 × 120 × 35 mm blank</dd>');
    expect(readFileSync(join(dir, 'v-cast.sheet.html'), 'utf8')).toMatch(/<dt>Made by<\/dt><dd>Positive cast milled from a [\d.]+ × [\d.]+ × [\d.]+ mm blank, the device vacuum-formed over it<\/dd>/);
    expect(readFileSync(join(dir, 'v-shell.sheet.html'), 'utf8')).not.toContain('Made by');
    expect(readFileSync(join(dir, 'v-shell.html'), 'utf8')).not.toContain('data-field="milling"');
  }, 300_000);

  it('a device milled from a block is filled as applied, never as asked: the prescription and its hash stay the clinician\'s; a shell asked for is built filled with a warning', () => {
    writeFileSync(join(dir, 'rx-shell.json'), JSON.stringify({ construction: 'shell' }));
    const r = run(['build', scan, '--for', 'mill', '-o', 'f1.stl', '--report', 'f1.json', '--config', 'lab.json']);
    expect(r.code, r.err).toBe(0);
    const printed = run(['build', scan, '-o', 'f0.stl', '--report', 'f0.json']);
    expect(printed.code, printed.err).toBe(0);
    const milled = JSON.parse(readFileSync(join(dir, 'f1.json'), 'utf8')), asPrinted = JSON.parse(readFileSync(join(dir, 'f0.json'), 'utf8'));
    expect(milled.prescription.applied.construction).toBe('filled');
    expect(milled.prescription.asked).toEqual(asPrinted.prescription.asked);
    expect('construction' in milled.prescription.asked).toBe(false);
    // Filled by its making, not by default: the sheet says so.
    expect(asPrinted.prescription.defaulted).toContain('construction');
    expect(milled.prescription.defaulted).not.toContain('construction');
    expect(milled.inputs.prescriptionSha256).toBe(asPrinted.inputs.prescriptionSha256);
    // Its warnings are the printed device's, and that its material (the default PA12, printed) is not milled ([CB-material-making]).
    const making = /^material: pa12 \(Nylon PA12 \(MJF\/SLS\)\) is not one milled from a block, .*\(polypropylene, eva\) \[CB-material-making\]$/;
    expect(milled.warnings.filter((w: string) => !making.test(w))).toEqual(asPrinted.warnings);
    expect(milled.warnings.filter((w: string) => making.test(w))).toHaveLength(1);
    expect(r.err).toMatch(/^warning: material: pa12 .*\[CB-material-making\]$/m);
    const shell = run(['build', scan, '--rx', 'rx-shell.json', '--for', 'mill', '-o', 'f2.stl', '--report', 'f2.json', '--config', 'lab.json']);
    expect(shell.code, shell.err).toBe(0);
    expect(shell.err).toContain('warning: construction: shell asked, built filled: a device milled from a block is filled, with a flat base under it all');
    const report = JSON.parse(readFileSync(join(dir, 'f2.json'), 'utf8'));
    expect(report.prescription.asked.construction).toBe('shell');
    expect(report.prescription.applied.construction).toBe('filled');
    // The same device as milled without asking for a shell.
    expect(readFileSync(join(dir, 'f2.stl')).subarray(80).equals(readFileSync(join(dir, 'f1.stl')).subarray(80))).toBe(true);
    // A staged series milled from a block: every stage says the shell asked was built filled.
    writeFileSync(join(dir, 'rx-shell-staged.json'), JSON.stringify({ construction: 'shell', stages: { count: 2 } }));
    const staged = run(['build', scan, '--rx', 'rx-shell-staged.json', '--for', 'mill', '-o', 'st/', '--report', 'st.json', '--config', 'lab.json']);
    expect(staged.code, staged.err).toBe(0);
    const series = JSON.parse(readFileSync(join(dir, 'st.json'), 'utf8'));
    expect(series.devices.length).toBe(2);
    for (const d of series.devices) expect(d.warnings).toContain('construction: shell asked, built filled: a device milled from a block is filled, with a flat base under it all (a cast, mill: cast, is milled for a shell to be vacuum-formed over)');
    expect(staged.err.match(/warning: [^\n]*construction: shell asked/g)?.length).toBe(2);
    // A lab whose default is a shell supplied nothing to a device milled from a block.
    writeFileSync(join(dir, 'lab-shell.json'), JSON.stringify({ schemaVersion: 1, prescription: { construction: 'shell' }, milling: { scallopMm: 0.4, stepdownMm: 8 } }));
    const lab = run(['build', scan, '--for', 'mill', '-o', 'f3.stl', '--report', 'f3.json', '--sheet', 'f3.sheet.html', '--date', '2026-12-07', '--config', 'lab-shell.json']);
    expect(lab.code, lab.err).toBe(0);
    expect(lab.err).not.toContain('warning: construction');
    const f3 = JSON.parse(readFileSync(join(dir, 'f3.json'), 'utf8'));
    expect(f3.config.supplied.prescription?.construction).toBeUndefined();
    expect(f3.prescription.defaulted).not.toContain('construction');
    expect(readFileSync(join(dir, 'f3.sheet.html'), 'utf8')).toMatch(/<tr data-field="construction" class="defaulted"><th>Construction<\/th><td>—<\/td><td><strong>filled[^<]*<\/strong><span class="tag changed">milled<\/span><span class="note">a device milled from a block is filled, a flat base under it all<\/span>/);
  }, 300_000);

  it('--map draws the part in its blank with the regions the ball cannot reach: the area drawn is the report\'s', () => {
    for (const target of ['device', 'cast'] as const) {
      const r = run(['build', scan, '--for', 'mill', '--mill', target, '-o', `m-${target}.stl`, '--report', `m-${target}.json`, '--map', `m-${target}.svg`, '--config', 'lab.json']);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(new RegExp(`\nmap of the milled ${target} -> m-${target}.svg\n$`));
      const report = JSON.parse(readFileSync(join(dir, `m-${target}.json`), 'utf8'));
      const svg = readFileSync(join(dir, `m-${target}.svg`), 'utf8');
      expect(svg).toContain(`data-target="${target}"`);
      const drawn = drawnCells(svg, 'unreached');
      expect(report.milling.unreachedByBallMm2).toBeGreaterThan(10);
      // The report rounds to 0.001 mm²; the cells are whole grid squares (0.25 mm² each).
      expect(Math.abs(drawn.areaMm2 - report.milling.unreachedByBallMm2)).toBeLessThan(0.001);
      expect(drawnCells(svg, 'undercut').areaMm2).toBe(report.milling.undercutMm2.milledMm2);
    }
  }, 300_000);

  it('--map of a part the ball reaches everywhere draws no region; a PNG is the same bytes twice', () => {
    // A 3 mm ball judged at a 1 mm cusp reaches all of w246's device.
    writeFileSync(join(dir, 'fine.json'), JSON.stringify({ schemaVersion: 1, milling: { scallopMm: 1, finishing: { diameterMm: 3 } } }));
    const args = (o: string) => ['build', scan, '--for', 'mill', '-o', `${o}.stl`, '--report', `${o}.json`, '--map', `${o}.png`, '--config', 'fine.json'];
    expect(run(args('f1')).code).toBe(0);
    expect(run(args('f2')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'f1.json'), 'utf8')).milling.unreachedByBallMm2).toBe(0);
    const png = readFileSync(join(dir, 'f1.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.equals(readFileSync(join(dir, 'f2.png')))).toBe(true);
    expect(run(['build', scan, '--for', 'mill', '-o', 'f3.stl', '--map', 'f3.svg', '--config', 'fine.json']).code).toBe(0);
    const svg = readFileSync(join(dir, 'f3.svg'), 'utf8');
    expect(drawnCells(svg, 'unreached').cells).toEqual([]);
    expect(svg.includes('class="region"')).toBe(false);
  }, 300_000);
});
