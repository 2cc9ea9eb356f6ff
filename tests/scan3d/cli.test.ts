/**
 * 3D scans on the command line, as a lab would use them: build, validate and preview take a mesh
 * file, `orthotic scan` writes the JSON scan it amounts to, a scan JSON may name its mesh; bad
 * meshes are refused with exit 3, one line, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScan } from '../../src/scan/index.js';
import { readMesh } from '../../src/scan3d/index.js';
import { prepareBuild } from '../../src/pipeline/index.js';
import { scanFromMesh } from '../../src/scan3d/index.js';
import { footScanMesh } from '../support/footMesh.js';
import { concat, writeObj, writePly, writeStl } from '../support/meshFiles.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'orthotic.js');
const LEFT = join(ROOT, 'tests/fixtures/real-scans/dupont/left_foot.stl');
const FAST = ['--resolution', '2'];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'orthotic-scan3d-'));
  copyFileSync(LEFT, join(dir, 'left_foot.stl'));
});
afterAll(() => { if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true }); });

function run(args: readonly string[]): { code: number | null; stdout: string; lines: string[] } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout.toString(), lines: r.stderr.toString().split('\n').filter((l) => l.trim()) };
}
const p = (name: string) => join(dir, name);

/** The left scan's mesh in the foot frame, mm (its own matrix4 applied). */
function footFrameMesh(): { positions: Float64Array; indices: Uint32Array } {
  const bytes = new Uint8Array(readFileSync(LEFT));
  const { scan, surface } = scanFromMesh(bytes, LEFT, 'stl', { id: 'x' });
  const m = prepareBuild(scan, undefined, { surface }).matrix4;
  const mesh = readMesh(bytes, 'stl');
  const q = new Float64Array(mesh.positions.length);
  for (let v = 0; v < q.length; v += 3) {
    const [x, y, z] = [mesh.positions[v]!, mesh.positions[v + 1]!, mesh.positions[v + 2]!];
    for (let r = 0; r < 3; r++) q[v + r] = m[4 * r]! * x + m[4 * r + 1]! * y + m[4 * r + 2]! * z + m[4 * r + 3]!;
  }
  return { positions: q, indices: mesh.indices };
}

describe('build, validate and scan on a 3D scan file', () => {
  it('builds the total-contact device from a mesh (id from the file name, side from the arch) and records how the scan was read', () => {
    const r = run(['build', 'left_foot.stl', '-o', 'left.stl', '--report', 'left.json', ...FAST]);
    expect(r.code, r.lines.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(p('left.json'), 'utf8'));
    expect(report.id).toBe('left_foot');
    expect(report.side).toBe('left');
    expect(report.surface).toMatchObject({ file: 'left_foot.stl', units: 'm', unitsDetected: true, mode: 'scan', sideFrom: 'arch' });
    expect(report.fit.p95Mm).toBeLessThanOrEqual(0.5);
    expect(report.alignment.matrix4).toHaveLength(16);
  });

  it('`orthotic scan` writes a valid JSON scan, which builds byte for byte what the mesh builds with --surface parametric', () => {
    expect(run(['scan', 'left_foot.stl', '-o', 'foot.json', '--id', 'dupont-left']).code).toBe(0);
    const json = JSON.parse(readFileSync(p('foot.json'), 'utf8'));
    expect(() => parseScan(json)).not.toThrow();
    expect(json).toMatchObject({ id: 'dupont-left', side: 'left', units: 'mm' });
    for (const k of ['archHeight', 'archApexX', 'ballX', 'footLength', 'ballWidth', 'heelWidth']) expect(typeof json.measurements[k]).toBe('number');
    expect(run(['build', 'foot.json', '-o', 'from-json.stl', ...FAST]).code).toBe(0);
    expect(run(['build', 'left_foot.stl', '--id', 'dupont-left', '--surface', 'parametric', '-o', 'parametric.stl', ...FAST]).code).toBe(0);
    expect(readFileSync(p('from-json.stl')).equals(readFileSync(p('parametric.stl')))).toBe(true);
  });

  it('a scan JSON naming its mesh ("surface": {"file"}, relative to the JSON) builds what the mesh builds, with the JSON\'s prescription', () => {
    writeFileSync(p('order.json'), JSON.stringify({ schemaVersion: 1, id: 'order-7', side: 'left', surface: { file: 'left_foot.stl' }, prescription: { heelCupDepth: 14 } }));
    expect(run(['build', 'order.json', '-o', 'order.stl', '--report', 'order-report.json', ...FAST]).code).toBe(0);
    expect(run(['build', 'left_foot.stl', '--id', 'order-7', '--rx', 'rx14.json', '-o', 'direct.stl', ...FAST]).code).toBe(2); // no such rx yet
    writeFileSync(p('rx14.json'), JSON.stringify({ heelCupDepth: 14 }));
    expect(run(['build', 'left_foot.stl', '--id', 'order-7', '--rx', 'rx14.json', '-o', 'direct.stl', ...FAST]).code).toBe(0);
    expect(readFileSync(p('order.stl')).equals(readFileSync(p('direct.stl')))).toBe(true);
    const report = JSON.parse(readFileSync(p('order-report.json'), 'utf8'));
    expect(report.prescription.applied.heelCupDepth).toBe(14);
    expect(report.surface.file).toBe('left_foot.stl');
  });

  it('a scan JSON naming a mesh and giving an outline as well is refused (exit 3) naming the field', () => {
    writeFileSync(p('both.json'), JSON.stringify({ schemaVersion: 1, id: 'x', side: 'left', surface: { file: 'left_foot.stl' }, outline: [[0, 0], [1, 0], [0, 1]] }));
    const r = run(['build', 'both.json', '-o', 'both.stl']);
    expect(r.code).toBe(3);
    expect(r.lines.join('\n')).toMatch(/\/outline: comes from the surface file/);
    expect(existsSync(p('both.stl'))).toBe(false);
  });

  it('validate reads a mesh and says how', () => {
    const r = run(['validate', 'left_foot.stl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok left_foot: left foot 27\d(\.\d)? mm long/);
    expect(r.stdout).toMatch(/3D scan left_foot\.stl: units m \(told from the foot's size\), side from arch/);
  });

  it('a side the arch contradicts is an error naming both (exit 3)', () => {
    const r = run(['build', 'left_foot.stl', '--side', 'right', '-o', 'wrong.stl']);
    expect(r.code).toBe(3);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/is a left foot by its arch .* but the side given is right/);
    expect(existsSync(p('wrong.stl'))).toBe(false);
  });

  it('--units given wins, and a wrong one is refused with the size it would make', () => {
    expect(run(['validate', 'left_foot.stl', '--units', 'm']).code).toBe(0);
    const r = run(['validate', 'left_foot.stl', '--units', 'mm']);
    expect(r.code).toBe(3);
    expect(r.lines[0]).toMatch(/is not a foot in mm: its largest extent would be 0\.\d+ mm/);
  });

  it('reads the same foot from OBJ and PLY (ASCII and binary) and builds the same device', () => {
    const mesh = readMesh(new Uint8Array(readFileSync(LEFT)), 'stl');
    writeFileSync(p('foot.obj'), writeObj(mesh.positions, mesh.indices));
    writeFileSync(p('foot-a.ply'), writePly(mesh.positions, mesh.indices, { encoding: 'ascii' }));
    writeFileSync(p('foot-b.ply'), writePly(mesh.positions, mesh.indices, { encoding: 'binary_big_endian' }));
    const fits: number[] = [];
    for (const f of ['foot.obj', 'foot-a.ply', 'foot-b.ply']) {
      const r = run(['build', f, '--id', 'same', '-o', `${f}.stl`, '--report', `${f}.json`, ...FAST]);
      expect(r.code, r.lines.join('\n')).toBe(0);
      fits.push(JSON.parse(readFileSync(p(`${f}.json`), 'utf8')).fit.p95Mm);
    }
    expect(readFileSync(p('foot-a.ply.stl')).equals(readFileSync(p('foot-b.ply.stl')))).toBe(true);
    for (const f of fits) expect(f).toBeLessThanOrEqual(0.5);
  });
});

describe('bad meshes: exit 3, one line saying what is wrong, nothing written', () => {
  const foot = footFrameMesh();
  const cases: Array<[string, string, () => Uint8Array, RegExp]> = [
    ['empty', 'empty.stl', () => new Uint8Array(0), /empty/i],
    ['truncated', 'cut.stl', () => new Uint8Array(readFileSync(LEFT)).subarray(0, 300_000), /truncated|bytes/i],
    ['NaN vertices', 'nan.obj', () => new TextEncoder().encode('v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n'), /finite|NaN/i],
    ['a 2 m object', 'big.stl', () => writeStl(Float64Array.from(foot.positions, (v) => v * 8), foot.indices), /no foot's size/],
    ['too few triangles to be a scan (a 12-triangle cube)', 'cube.stl', () => writeStl(cube(200), cubeFaces()), /at least 100 triangles/],
    ['not a foot (a ball, 180 mm)', 'ball.stl', () => { const b = ball(90, 24); return writeStl(b.positions, b.indices); }, /heel cannot be told from its toes|no footprint/],
    ['two feet', 'two.stl', () => {
      const shifted = Float64Array.from(foot.positions, (v, i) => (i % 3 === 1 ? v + 130 : v));
      return writeStl(Float64Array.from([...foot.positions, ...shifted]), Uint32Array.from([...foot.indices, ...Array.from(foot.indices, (i) => i + foot.positions.length / 3)]));
    }, /two feet/],
    ['the heel cut off', 'noheel.stl', () => keepWhere(foot, (x) => x > 45), /cut off at the heel|heel/],
    ['a large part of the sole missing (a hole of 20 mm radius)', 'hole.stl', () => { const s = footScanMesh({ holes: 1, holeRadiusMm: 20, edgeMm: 2.5 }); return writeStl(s.mesh.positions, s.mesh.indices); }, /hole of \d+ mm²/],
    ['50 MB', 'huge.stl', () => concat(new Uint8Array(readFileSync(LEFT)), new Uint8Array(50 << 20)), /at most 32 MiB/],
  ];
  it.each(cases)('%s', (_, name, make, message) => {
    writeFileSync(p(name), make());
    const r = run(['build', name, '--id', 'bad', '-o', `${name}.out.stl`, '--report', `${name}.json`]);
    expect(r.code, r.lines.join('\n')).toBe(3);
    expect(r.lines, r.lines.join('\n')).toHaveLength(1);
    expect(r.lines[0]).toMatch(message);
    expect(r.lines[0]).not.toMatch(/^\s+at /);
    expect(existsSync(p(`${name}.out.stl`)) || existsSync(p(`${name}.json`))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

/** A closed UV sphere of radius r (mm) standing on z = 0, n bands. */
function ball(r: number, n: number): { positions: Float64Array; indices: Uint32Array } {
  const p: number[] = [], f: number[] = [];
  for (let i = 0; i <= n; i++) for (let j = 0; j < 2 * n; j++) {
    const t = (Math.PI * i) / n, u = (Math.PI * j) / n;
    p.push(r * Math.sin(t) * Math.cos(u), r * Math.sin(t) * Math.sin(u), r - r * Math.cos(t));
  }
  const at = (i: number, j: number) => i * 2 * n + (j % (2 * n));
  for (let i = 0; i < n; i++) for (let j = 0; j < 2 * n; j++) {
    if (i > 0) f.push(at(i, j), at(i + 1, j), at(i, j + 1));
    if (i < n - 1) f.push(at(i, j + 1), at(i + 1, j), at(i + 1, j + 1));
  }
  return { positions: Float64Array.from(p), indices: Uint32Array.from(f) };
}

function cube(s: number): Float64Array {
  const out: number[] = [];
  for (let k = 0; k < 8; k++) out.push(k & 1 ? s : 0, k & 2 ? s : 0, k & 4 ? s : 0);
  return Float64Array.from(out);
}
function cubeFaces(): Uint32Array {
  // Subdivided enough to pass the triangle count: 12 faces, each used 10 times is not a mesh; use the 12 and let the count rule speak.
  return Uint32Array.from([0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5]);
}

/** The mesh keeping only the triangles whose every vertex passes `keep` (foot frame, mm). */
function keepWhere(mesh: { positions: Float64Array; indices: Uint32Array }, keep: (x: number, y: number, z: number) => boolean): Uint8Array {
  const p = mesh.positions;
  const ok = (v: number) => keep(p[3 * v]!, p[3 * v + 1]!, p[3 * v + 2]!);
  const kept: number[] = [];
  for (let f = 0; f < mesh.indices.length; f += 3) {
    const a = mesh.indices[f]!, b = mesh.indices[f + 1]!, c = mesh.indices[f + 2]!;
    if (ok(a) && ok(b) && ok(c)) kept.push(a, b, c);
  }
  return writeStl(p, Uint32Array.from(kept));
}
