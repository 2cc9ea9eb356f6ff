import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `orthotic batch`, run as a user runs it (the built binary): folders and manifests, bad orders that
 * never stop the rest, exit-code priority, resume, unsafe and clashing output names, a crash
 * injected into one worker, a clean stop on SIGINT, and malformed inputs generated at random.
 */
const cli = resolve('dist/bin/orthotic.js');
const good = ['m271-right-neutral.json', 'w246-left-neutral.json', 'w232-left-high-arch.json'];

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/bin/orthotic.js is missing: run `npm run build` first');
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'orthotic-batch-'));
}

function batch(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, 'batch', ...args, '--resolution', '2'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  const lines = r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; status: string; error: string | null; outputs: string[] });
  return { status: r.status, stderr: r.stderr, lines };
}

function folderWith(files: Record<string, string>): string {
  const dir = tmp();
  const scans = join(dir, 'scans');
  mkdirSync(scans);
  for (const [name, src] of Object.entries(files)) {
    if (src.startsWith('examples/')) copyFileSync(src, join(scans, name));
    else writeFileSync(join(scans, name), src);
  }
  return scans;
}

const fromExamples = (names: string[]) => Object.fromEntries(names.map((n) => [n, `examples/${n}`]));

describe('orthotic batch', () => {
  it('builds a folder of scans, one JSON line per order, outputs and batch-report.json, exit 0', () => {
    const scans = folderWith(fromExamples(good));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--jobs', '2', '--json']);
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.status).sort()).toEqual(['built', 'built', 'built']);
    for (const n of good) for (const ext of ['.stl', '.report.json', '.inputs.sha256']) expect(existsSync(join(out, n.replace('.json', ext)))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ orders: 3, built: 3, failed: 0, invalid: 0, refused: 0 });
    expect(report.exitCode).toBe(0);
    expect(r.stderr).toMatch(/batch: 3 orders .* 3 built/);
  });

  it('goes on past bad orders and exits with the highest-priority code (refused 4 over invalid 3)', () => {
    const scans = folderWith({ ...fromExamples(good), 'bad-json.json': '{"schemaVersion": 1,', 'too-steep.json': 'examples/bad/over-limit.json' });
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--json']);
    expect(r.status).toBe(4);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by['bad-json']!.status).toBe('invalid');
    expect(by['bad-json']!.error).toMatch(/^invalid: \(document\): invalid JSON/);
    expect(by['too-steep']!.status).toBe('refused');
    expect(by['too-steep']!.error).toMatch(/^refused: \/prescription\/rearfootPost\/angle: /);
    expect(r.lines.filter((l) => l.status === 'built')).toHaveLength(3);
    expect(readdirSync(out).filter((f) => f.startsWith('bad-json') || f.startsWith('too-steep'))).toEqual([]);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads CSV and JSON Lines manifests with prescriptions and output names', () => {
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'a.json'));
    copyFileSync('examples/rx/medial-post-4.json', join(dir, 'rx.json'));
    writeFileSync(join(dir, 'orders.csv'), 'scan,rx,output\na.json,rx.json,order-1\na.json,,order-2\n');
    writeFileSync(join(dir, 'orders.jsonl'), '{"scan":"a.json","rx":"rx.json","output":"order-3"}\n\n{"scan":"a.json"}\n');
    const csv = batch([join(dir, 'orders.csv'), '--out', join(dir, 'out-csv'), '--json']);
    expect(csv.status).toBe(0);
    const r1 = JSON.parse(readFileSync(join(dir, 'out-csv', 'order-1.report.json'), 'utf8'));
    expect(r1.prescription.applied.rearfootPost).toEqual({ wedge: 'medial', angle: 4 });
    const r2 = JSON.parse(readFileSync(join(dir, 'out-csv', 'order-2.report.json'), 'utf8'));
    expect(r2.prescription.applied.rearfootPost).toBeNull();
    const jsonl = batch([join(dir, 'orders.jsonl'), '--out', join(dir, 'out-jsonl'), '--json']);
    expect(jsonl.status).toBe(0);
    expect(jsonl.lines.map((l) => l.name).sort()).toEqual(['a', 'order-3']);
    // A key given twice on a line is refused before anything is built (JSON.parse kept the last).
    writeFileSync(join(dir, 'twice.jsonl'), '{"scan":"a.json"}\n{"scan":"a.json","output":"x","output":"y"}\n');
    const twice = batch([join(dir, 'twice.jsonl'), '--out', join(dir, 'out-twice')]);
    expect(twice.status).toBe(3);
    expect(twice.stderr.trim()).toMatch(/^invalid: \/line\/2: must be a JSON object .*\("output" is given twice: which is meant is not known\)/);
    expect(existsSync(join(dir, 'out-twice', 'a.stl'))).toBe(false);
  });

  it('builds a pair file and a staged scan one STL a device, named as build names them, and --resume skips them', () => {
    const scans = folderWith(fromExamples(['w252-pair-neutral.json', 'm288-right-flat-staged.json']));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--json']);
    expect(r.status).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.stl')).sort()).toEqual([
      'm288-right-flat-staged-stage-1-of-3.stl', 'm288-right-flat-staged-stage-2-of-3.stl', 'm288-right-flat-staged-stage-3-of-3.stl',
      'w252-pair-neutral-left.stl', 'w252-pair-neutral-right.stl',
    ]);
    const pair = JSON.parse(readFileSync(join(out, 'w252-pair-neutral.report.json'), 'utf8'));
    expect(pair.devices.map((d: { side: string }) => d.side)).toEqual(['left', 'right']);
    const again = batch([scans, '--out', out, '--resume', '--json']);
    expect(again.lines.map((l) => l.status)).toEqual(['skipped', 'skipped']);
    expect(again.lines.find((l) => l.name === 'w252-pair-neutral')!.outputs.map((p) => p.slice(out.length + 1))).toEqual([
      'w252-pair-neutral-left.stl', 'w252-pair-neutral-right.stl', 'w252-pair-neutral.report.json', 'w252-pair-neutral.inputs.sha256',
    ]);
  });

  it('an order a file names that cannot be read is invalid; an I/O error is failed (exit 1), never invalid', () => {
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'a.json'));
    const rows = existsSync('/proc/self/mem') ? 'a.json,ok\n/proc/self/mem,io\n' : 'a.json,ok\n';
    writeFileSync(join(dir, 'orders.csv'), `scan,output\nmissing.json,gone\n${rows}`);
    const r = batch([join(dir, 'orders.csv'), '--out', join(dir, 'out'), '--json']);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by.gone!.status).toBe('invalid');
    expect(by.gone!.error).toMatch(/^invalid: \(document\): cannot read scan '.*missing\.json': no such file$/);
    expect(by.ok!.status).toBe('built');
    if (!existsSync('/proc/self/mem')) return;
    expect(r.status).toBe(1);
    expect(by.io!.status).toBe('failed');
    expect(by.io!.error).toBe("internal error: cannot read scan '/proc/self/mem': EIO: i/o error, read; please report it");
  });

  it('refuses unsafe and clashing output names before building anything (exit 3)', () => {
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'a.json'));
    for (const [name, rows] of Object.entries({
      traversal: 'scan,output\na.json,../escape\n',
      absolute: 'scan,output\na.json,/etc/passwd\n',
      separator: 'scan,output\na.json,sub/dir\n',
      device: 'scan,output\na.json,CON\n',
      clash: 'scan,output\na.json,Order\na.json,order\n',
    })) {
      writeFileSync(join(dir, `${name}.csv`), rows);
      const out = join(dir, `out-${name}`);
      const r = batch([join(dir, `${name}.csv`), '--out', out]);
      expect(r.status, name).toBe(3);
      expect(r.stderr, name).toMatch(/^invalid: \/orders\/\d+\/output: output name /m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out), name).toBe(false);
    }
  });

  it('--resume skips unchanged orders and rebuilds those whose inputs changed', () => {
    const scans = folderWith(fromExamples(good.slice(0, 2)));
    const out = join(scans, '..', 'out');
    expect(batch([scans, '--out', out, '--json']).status).toBe(0);
    const again = batch([scans, '--out', out, '--resume', '--json']);
    expect(again.lines.map((l) => l.status)).toEqual(['skipped', 'skipped']);
    // The same folders spelled otherwise (relative, from another working folder): still unchanged,
    // the same input hashes.
    const hashes = () => readdirSync(out).filter((f) => f.endsWith('.inputs.sha256')).map((f) => readFileSync(join(out, f), 'utf8'));
    const before = hashes();
    const relative = spawnSync(process.execPath, [cli, 'batch', 'scans', '--out', './out/', '--resume', '--json', '--resolution', '2'], { cwd: join(scans, '..'), encoding: 'utf8', timeout: 120_000 });
    expect(relative.stdout.trim().split('\n').map((l) => JSON.parse(l).status)).toEqual(['skipped', 'skipped']);
    expect(hashes()).toEqual(before);
    const scan = JSON.parse(readFileSync(join(scans, good[0]!), 'utf8'));
    scan.prescription.heelCupDepth = 14;
    writeFileSync(join(scans, good[0]!), JSON.stringify(scan));
    const third = batch([scans, '--out', out, '--resume', '--json']);
    expect(Object.fromEntries(third.lines.map((l) => [l.name, l.status]))).toEqual({ 'm271-right-neutral': 'built', 'w246-left-neutral': 'skipped' });
  });

  it('--resume: a 3D scan\'s path counts as given, as its report records it (surface.file)', () => {
    const scans = folderWith({});
    copyFileSync(LEFT_STL, join(scans, 'foot.stl'));
    const parent = join(scans, '..');
    const run = (args: string[]) => spawnSync(process.execPath, [cli, 'batch', ...args, '--json', '--resolution', '3'], { cwd: parent, encoding: 'utf8', timeout: 120_000 });
    const statuses = (r: ReturnType<typeof run>) => r.stdout.trim().split('\n').map((l) => JSON.parse(l).status);
    expect(statuses(run([scans, '--out', 'out']))).toEqual(['built']);
    expect(statuses(run([scans, '--out', 'out', '--resume']))).toEqual(['skipped']);
    expect(statuses(run(['scans', '--out', 'out', '--resume']))).toEqual(['built']);
    expect(JSON.parse(readFileSync(join(parent, 'out', 'foot.report.json'), 'utf8')).surface.file).toBe(join('scans', 'foot.stl'));
  });

  it('refuses a --limits profile that loosens a ceiling before building, unless --allow-over-limit', () => {
    const scans = folderWith(fromExamples(good.slice(1, 2)));
    const profile = JSON.parse(readFileSync('limits/default.limits.json', 'utf8'));
    profile.parameters['rearfootPost.medial.angle'].maxAllowed = 12;
    const limits = join(scans, '..', 'loose.json');
    writeFileSync(limits, JSON.stringify(profile));
    const refused = batch([scans, '--out', join(scans, '..', 'out'), '--limits', limits]);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/^refused: .*loose\.json: limits \/parameters\/rearfootPost.medial.angle\/maxAllowed: .*--allow-over-limit/m);
    expect(existsSync(join(scans, '..', 'out'))).toBe(false);
    const accepted = batch([scans, '--out', join(scans, '..', 'out'), '--limits', limits, '--allow-over-limit', 'trial', '--json']);
    expect(accepted.status).toBe(0);
    expect(accepted.lines[0]!.status).toBe('warned');
  });

  it('reports a crash injected into one worker for that order only; the others finish (exit 1)', () => {
    const scans = folderWith(fromExamples(good));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--jobs', '2', '--json'], { ORTHOTIC_INJECT_CRASH: 'w246-left-neutral' });
    expect(r.status).toBe(1);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by['w246-left-neutral']!.status).toBe('failed');
    expect(by['w246-left-neutral']!.error).toMatch(/^internal error: the worker building this order crashed/);
    expect(r.lines.filter((l) => l.status === 'built')).toHaveLength(2);
  });

  it('a crash costs no other order running in the same worker pool', () => {
    const scans = folderWith(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`c${i}.json`, `examples/${good[i % 3]}`])));
    const r = batch([scans, '--out', join(scans, '..', 'out'), '--jobs', '1', '--json'], { ORTHOTIC_INJECT_CRASH: 'c2' });
    expect(r.status).toBe(1);
    expect(Object.fromEntries(r.lines.map((l) => [l.name, l.status]))).toEqual({ c0: 'built', c1: 'built', c2: 'failed', c3: 'built', c4: 'built', c5: 'built' });
  });

  it('stops cleanly on SIGINT: finished orders stay, no partial files, the summary says what was not built', async () => {
    const scans = folderWith(Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`o${String(i).padStart(2, '0')}.json`, `examples/${good[i % 3]}`])));
    const out = join(scans, '..', 'out');
    const child = spawn(process.execPath, [cli, 'batch', scans, '--out', out, '--jobs', '1', '--json', '--resolution', '2']);
    let stdout = '', stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((done) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) child.kill('SIGINT');
      });
      child.on('close', done);
    });
    expect(code).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.interrupted).toBe(true);
    expect(report.summary.notBuilt).toBeGreaterThan(0);
    expect(report.summary.built + report.summary.notBuilt).toBe(24);
    expect(stderr).toMatch(/not built \(interrupted\)/);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const o of report.orders.filter((x: { status: string }) => x.status === 'built')) expect(files).toContain(`${o.name}.stl`);
    expect(files.filter((f) => f.endsWith('.stl'))).toHaveLength(report.summary.built);
  }, 120_000);

  it('stops cleanly on SIGTERM too', async () => {
    const scans = folderWith(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t${String(i).padStart(2, '0')}.json`, `examples/${good[i % 3]}`])));
    const out = join(scans, '..', 'out');
    const child = spawn(process.execPath, [cli, 'batch', scans, '--out', out, '--jobs', '1', '--json', '--resolution', '2']);
    let stdout = '';
    const code = await new Promise<number | null>((done) => {
      child.stdout.on('data', (d) => { stdout += d; if (stdout.includes('\n')) child.kill('SIGTERM'); });
      child.on('close', done);
    });
    expect(code).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.summary.notBuilt).toBeGreaterThan(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it.runIf(existsSync('/usr/bin/script'))('shows a progress bar on a terminal', () => {
    const scans = folderWith(fromExamples(good.slice(0, 2)));
    const out = join(scans, '..', 'out');
    // util-linux `script` gives the batch a pseudo-terminal, as a technician's shell would.
    const r = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} batch ${JSON.stringify(scans)} --out ${JSON.stringify(out)} --resolution 2`, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/orthotic batch .*2\/2 \| ok 2 failed 0/);
    expect(r.stdout).not.toMatch(/"status"/); // no JSON lines on a terminal without --json
  }, 120_000);

  it('malformed scans (random) are each reported invalid with a one-line message naming the field, and write nothing', () => {
    const base = JSON.parse(readFileSync('examples/w246-left-neutral.json', 'utf8'));
    const junk = fc.oneof(fc.constant(null), fc.constant('x'), fc.integer(), fc.constant('<1e999>'), fc.constant('<-1e999>'), fc.constant([]), fc.constant({}), fc.constant({ ['__proto__']: { polluted: true } }), fc.double({ noNaN: false }));
    const mutation = fc.oneof(
      fc.record({ field: fc.constantFrom('side', 'id', 'units', 'outline', 'measurements', 'schemaVersion'), value: junk }),
      fc.record({ field: fc.constant('measurements.archHeight'), value: junk }),
      fc.record({ field: fc.constant('prescription.shellThickness'), value: junk }),
      fc.record({ field: fc.constant('extra'), value: junk }),
    );
    const samples = fc.sample(mutation, { numRuns: 12, seed: 7 });
    const files: Record<string, string> = {};
    samples.forEach((m, i) => {
      const scan = structuredClone(base);
      const path = m.field.split('.');
      let at = scan;
      for (const key of path.slice(0, -1)) at = at[key];
      at[path[path.length - 1]!] = m.value;
      // JSON has no Infinity: write the literal that JSON.parse turns into one.
      const text = JSON.stringify(scan).replace(/"<(-?1e999)>"/g, '$1');
      files[`m${i}.json`] = text;
    });
    files['deep.json'] = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    for (const field of ['side', 'outline', 'measurements']) {
      const { [field]: _dropped, ...rest } = base;
      files[`missing-${field}.json`] = JSON.stringify(rest);
    }
    files['duplicate-points.json'] = JSON.stringify({ ...base, outline: Array.from({ length: 40 }, (_, i) => [[0, 0], [100, 0], [100, 40], [0, 40], [0, 0], [0, 0], [0, 40]][i % 7]) });
    files['bow-tie.json'] = JSON.stringify({ ...base, outline: [[0, 0], [50, 20], [100, 40], [150, 60], [200, 80], [200, 40], [200, 0], [150, 20], [100, 40.5], [50, 60], [0, 80], [0, 40]] });
    files['bad-rx.json'] = JSON.stringify({ ...base, prescription: { ...base.prescription, rearfootPost: { wedge: 'sideways', angle: 'steep' } } });
    files['not-utf8.json'] = '';
    const scans = folderWith(files);
    writeFileSync(join(scans, 'not-utf8.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--json']);
    for (const l of r.lines) {
      if (l.status === 'built') continue; // a mutation that happened to stay valid (e.g. the same value)
      expect(l.status, l.name).toBe('invalid');
      expect(l.error, l.name).toMatch(/^invalid: (\/[^\s:]*|\(document\)): /);
      expect(l.error!.split('\n').every((x) => x.startsWith('invalid: ')), l.name).toBe(true);
      expect(l.error).not.toMatch(/\n\s+at /);
      expect(readdirSync(out).filter((f) => f.startsWith(`${l.name}.`)), l.name).toEqual([]);
    }
    expect(r.lines.filter((l) => l.status === 'invalid').length).toBeGreaterThanOrEqual(10);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    for (const name of ['deep', 'not-utf8', 'duplicate-points', 'bow-tie', 'bad-rx', 'missing-side', 'missing-outline', 'missing-measurements']) expect(by[name]?.status, name).toBe('invalid');
    expect(by['missing-side']!.error).toBe('invalid: /side: is required');
    expect(by['duplicate-points']!.error).toMatch(/^invalid: \/outline: must have at least 8 distinct points/);
    expect(by['bow-tie']!.error).toMatch(/^invalid: \/outline: must not intersect itself/);
    expect(by['bad-rx']!.error).toMatch(/\/prescription\/rearfootPost\/(wedge|angle)/);
    expect(r.status).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** Batch orders of one example each, `count` of them named o00, o01, ... */
const manyOrders = (count: number, example = good[0]!) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`o${String(i).padStart(2, '0')}.json`, `examples/${example}`]));

/** A batch started in the background, its output collected. */
function startBatch(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, 'batch', ...args, '--resolution', '2'], { env: { ...process.env, ...env } });
  const run = { child, stdout: '', stderr: '', done: null as unknown as Promise<{ code: number | null; signal: NodeJS.Signals | null }> };
  child.stdout.on('data', (d) => { run.stdout += d; });
  child.stderr.on('data', (d) => { run.stderr += d; });
  run.done = new Promise((done) => child.on('close', (code, signal) => done({ code, signal })));
  return run;
}

/** Waits until `ready()` holds (polling every 10 ms). */
async function until(ready: () => boolean, ms = 60_000): Promise<void> {
  for (const t0 = Date.now(); !ready(); await sleep(10)) if (Date.now() - t0 > ms) throw new Error('timed out waiting');
}

const temps = (out: string) => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.tmp')) : []);

/** Every order's three files are all there or none is: no order half in place. */
function ordersWhole(out: string, names: readonly string[]): { whole: string[]; absent: string[] } {
  const whole: string[] = [], absent: string[] = [];
  for (const n of names) {
    const have = ['.stl', '.report.json', '.inputs.sha256'].map((e) => existsSync(join(out, `${n}${e}`)));
    expect(new Set(have).size, `${n}: ${have}`).toBe(1);
    (have[0] ? whole : absent).push(n);
  }
  return { whole, absent };
}

/**
 * A small file system (tmpfs) mounted on a fresh folder, for a full or read-only disk. Needs root
 * and a kernel that lets this process mount; null where it cannot (the tests that need it are skipped).
 */
function smallDisk(size: string, readOnly = false): { dir: string; unmount: () => void } | null {
  const dir = tmp();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return { dir, unmount: () => { spawnSync('umount', [dir]); } };
}
const canMount = (() => {
  const disk = smallDisk('64k');
  disk?.unmount();
  return disk !== null;
})();

describe('orthotic batch under faults (issue 16)', () => {
  it('refuses a bad --out at once (exit 2): a file, a path below a file, /proc/x, the input folder itself', () => {
    const scans = folderWith(fromExamples(good.slice(0, 1)));
    const file = join(scans, '..', 'a-file');
    writeFileSync(file, 'x');
    const cases: Array<[string, RegExp]> = [
      [file, /^usage: cannot use '.*a-file' as a folder: it is a file$/],
      [join(file, 'sub', 'deeper'), /^usage: cannot use '.*deeper' as a folder: '.*a-file' is a file$/],
      [scans, /^usage: --out '.*scans' is the input folder: its reports would be read as scans; choose another folder/],
    ];
    if (existsSync('/proc/self')) cases.push(['/proc/x', /^usage: cannot create folder '\/proc\/x': the file system allows no folder there$/]);
    for (const [out, message] of cases) {
      const t0 = Date.now();
      const r = batch([scans, '--out', out]);
      expect(r.status, out).toBe(2);
      expect(Date.now() - t0, out).toBeLessThan(10_000); // /proc/x spun at 100 % CPU for ever
      expect(r.stderr.trim().split('\n'), out).toHaveLength(1);
      expect(r.stderr.trim(), out).toMatch(message);
    }
    expect(readdirSync(scans)).toEqual([good[0]]);
    // A date that is not one is refused at once, sheets or not (it was taken silently without --sheet).
    const out = join(scans, '..', 'dated');
    const r = batch([scans, '--out', out, '--date', '2024-02-30']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('usage: date must be a calendar date written YYYY-MM-DD, got "2024-02-30"');
    expect(existsSync(out)).toBe(false);
  });

  it('a folder inside the input folder is fine, its reports never read as scans; an order writing over an input is refused', () => {
    const scans = folderWith(fromExamples(good.slice(0, 2)));
    const out = join(scans, 'out');
    expect(batch([scans, '--out', out, '--json']).status).toBe(0);
    const again = batch([scans, '--out', out, '--json', '--resume']);
    expect(again.status).toBe(0);
    expect(again.lines.map((l) => l.status)).toEqual(['skipped', 'skipped']);
    // A manifest whose order `b` would write b.report.json over the scan of that name.
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'b.report.json'));
    writeFileSync(join(dir, 'orders.csv'), 'scan,output\nb.report.json,b\n');
    const r = batch([join(dir, 'orders.csv'), '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^usage: --out '.*': '.*b\.report\.json' is an input of this batch, and the batch would write b\.report\.json over it/);
    expect(readdirSync(dir).sort()).toEqual(['b.report.json', 'orders.csv']);
  });

  it('a CSV manifest without a header, a header alone and an empty folder are invalid (exit 3), never an empty success', () => {
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'a.json'));
    writeFileSync(join(dir, 'one-line.csv'), 'a.json\n');
    writeFileSync(join(dir, 'header-only.csv'), 'scan,rx,output\n');
    writeFileSync(join(dir, 'odd-column.csv'), 'scan,patient\na.json,x\n');
    mkdirSync(join(dir, 'empty'));
    const expected: Record<string, RegExp> = {
      'one-line.csv': /^invalid: \/header: the first line must be the header naming the columns: scan \(required; or left and right\), rx, output, mirror, .*, sheet, for, mill, blank, gcode, trim, got "a\.json"$/,
      'header-only.csv': /^invalid: \(document\): manifest '.*header-only\.csv' holds no orders$/,
      'odd-column.csv': /^invalid: \/header\/1: is not a manifest column \(scan, left, right, rx, output, mirror, .*\), got "patient"$/,
      empty: /^invalid: \(document\): batch input '.*empty' holds no scans \(\*\.json, \*\.stl, \*\.obj, \*\.ply files\)$/,
    };
    for (const [input, message] of Object.entries(expected)) {
      const out = join(dir, `out-${input}`);
      const r = batch([join(dir, input), '--out', out]);
      expect(r.status, input).toBe(3);
      expect(r.stderr.trim(), input).toMatch(message);
      expect(existsSync(out), input).toBe(false);
    }
  });

  it('builds more than 10 orders without MaxListenersExceededWarning, and goes on when its reader closes standard output', async () => {
    const scans = folderWith(manyOrders(14, good[1]));
    const out = join(scans, '..', 'out');
    const run = startBatch([scans, '--out', out, '--jobs', '2', '--json']);
    await until(() => run.stdout.includes('\n'));
    run.child.stdout.destroy(); // `| head -1`
    const { code } = await run.done;
    expect(run.stderr).not.toMatch(/Warning|EPIPE|\n\s+at /);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ orders: 14, built: 14 });
  }, 120_000);

  it('two batches on one --out: the second is refused at once naming the first, which builds every order', async () => {
    const scans = folderWith(manyOrders(6));
    const out = join(scans, '..', 'out');
    // The first batch pauses in every write, so that it is surely still running when the second starts.
    const first = startBatch([scans, '--out', out, '--jobs', '1', '--json'], { ORTHOTIC_INJECT_WRITE_PAUSE_MS: '300' });
    await until(() => existsSync(join(out, '.orthotic-batch.lock')));
    const second = batch([scans, '--out', out, '--json']);
    expect(second.status).toBe(2);
    expect(second.stderr.trim()).toMatch(new RegExp(`^usage: --out '.*out' is in use by another batch \\(process ${first.child.pid} on .*\\): wait for it to finish or choose another folder`));
    expect(second.lines).toEqual([]);
    const { code } = await first.done;
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ orders: 6, built: 6, invalid: 0, failed: 0 });
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]); // no lock, no temporary file
  }, 120_000);

  it("takes over the lock of a batch killed outright and removes its temporary files, never a running process's", () => {
    const scans = folderWith(fromExamples(good.slice(0, 1)));
    const out = join(scans, '..', 'out');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(join(out, '.orthotic-batch.lock'), JSON.stringify({ pid: deadPid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    writeFileSync(join(out, `.x.stl.${deadPid}.0badc0de.tmp`), 'half');
    writeFileSync(join(out, `.y.stl.${process.pid}.0badc0de.tmp`), 'being written by a running process');
    const r = batch([scans, '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([`.y.stl.${process.pid}.0badc0de.tmp`]);
    // A lock holding no batch's record is not "a batch starting now" (that is an empty one): said, and left for a person.
    writeFileSync(join(out, '.orthotic-batch.lock'), 'junk');
    const junk = batch([scans, '--out', out]);
    expect(junk.status).toBe(2);
    expect(junk.stderr).toMatch(/^usage: --out '.*out' is in use by another batch \(its lock file holds no batch's record\): .*delete '.*\.orthotic-batch\.lock'/);
  });

  it('a write failure is writeFailed with exit 5, never invalid; 5 ranks above a refusal; nothing of that order is left', () => {
    const scans = folderWith({ ...manyOrders(3, good[1]), 'too-steep.json': 'examples/bad/over-limit.json' });
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--json'], { ORTHOTIC_INJECT_WRITE_ERROR: 'EIO:o01' });
    expect(r.status).toBe(5);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by.o01!.status).toBe('writeFailed');
    // The first of its files to fail: the report, written by the worker, or the STL, handed over to the main thread (stlSlots.ts) and written there after it.
    expect(by.o01!.error).toMatch(/^not written: cannot write '.*o01\.(report\.json|stl)': input\/output error \(EIO\)$/);
    expect(by['too-steep']!.status).toBe('refused');
    expect([by.o00!.status, by.o02!.status]).toEqual(['built', 'built']);
    expect(ordersWhole(out, ['o00', 'o01', 'o02'])).toEqual({ whole: ['o00', 'o02'], absent: ['o01'] });
    expect(temps(out)).toEqual([]);
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ built: 2, writeFailed: 1, refused: 1 });
    expect(report.exitCode).toBe(5);
    expect(r.stderr).toMatch(/1 not written/);
    // --resume builds it again once the disk is well.
    const again = batch([scans, '--out', out, '--json', '--resume']);
    expect(Object.fromEntries(again.lines.map((l) => [l.name, l.status]))).toMatchObject({ o00: 'skipped', o01: 'built', o02: 'skipped' });
  });

  it('a path an order\'s files cannot take (its --out removed or changed while the batch runs) is writeFailed (exit 5), never failed', () => {
    const scans = folderWith(manyOrders(3, good[1]));
    // Staged by the worker (the report: ENOENT, the folder gone), and written at the commit by the main thread (the STL: ENOTDIR).
    for (const [fault, message] of [['ENOENT:o01', /^not written: cannot write '.*o01\.report\.json': no such folder \(ENOENT\)$/], ['ENOTDIR:o01.stl', /^not written: cannot write '.*o01\.stl': a folder on the way is a file \(ENOTDIR\)$/]] as const) {
      const out = join(scans, '..', `out-${fault.replace(':', '-')}`);
      const r = batch([scans, '--out', out, '--json', '--jobs', '1'], { ORTHOTIC_INJECT_WRITE_ERROR: fault });
      expect(r.status, fault).toBe(5);
      const o01 = r.lines.find((l) => l.name === 'o01')!;
      expect([o01.status, o01.error], fault).toEqual(['writeFailed', expect.stringMatching(message)]);
      expect(ordersWhole(out, ['o00', 'o01', 'o02']), fault).toEqual({ whole: ['o00', 'o02'], absent: ['o01'] });
      expect(temps(out), fault).toEqual([]);
    }
    // The batch's own report likewise: every order built, the report not written (exit 5, not 2).
    const out = join(scans, '..', 'out-report');
    const r = batch([scans, '--out', out, '--json', '--jobs', '1'], { ORTHOTIC_INJECT_WRITE_ERROR: 'ENOENT:batch-report' });
    expect(r.status).toBe(5);
    expect(r.lines.map((l) => l.status)).toEqual(['built', 'built', 'built']);
    expect(r.stderr).toMatch(/\nnot written: cannot write '.*batch-report\.json': no such folder \(ENOENT\)\n$/);
  });

  it('an STL the main thread cannot write (handed over by its worker): writeFailed, nothing of it left, the orders after it built', () => {
    const scans = folderWith(manyOrders(5, good[1]));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--json', '--jobs', '1'], { ORTHOTIC_INJECT_WRITE_ERROR: 'ENOSPC:o01.stl' });
    expect(r.status).toBe(5);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by.o01!.status).toBe('writeFailed');
    expect(by.o01!.error).toMatch(/^not written: cannot write '.*o01\.stl': no space left on the device \(ENOSPC\)$/);
    expect(ordersWhole(out, ['o00', 'o01', 'o02', 'o03', 'o04'])).toEqual({ whole: ['o00', 'o02', 'o03', 'o04'], absent: ['o01'] });
    expect(temps(out)).toEqual([]);
  });

  it.runIf(canMount)('a full disk (a small tmpfs): orders that do not fit are writeFailed (exit 5), each order whole or absent, no temporary file', () => {
    const disk = smallDisk('2500k')!; // one STL at 2 mm is ~1.1 MB: room for about two orders
    try {
      const scans = folderWith(manyOrders(5));
      const out = join(disk.dir, 'out');
      const r = batch([scans, '--out', out, '--jobs', '1', '--json']);
      expect(r.status, r.stderr).toBe(5);
      const statuses = r.lines.map((l) => l.status);
      expect(statuses.filter((s) => s === 'built').length).toBeGreaterThanOrEqual(1);
      expect(statuses.filter((s) => s === 'writeFailed').length).toBeGreaterThanOrEqual(1);
      expect(new Set(statuses)).toEqual(new Set(['built', 'writeFailed']));
      for (const l of r.lines.filter((x) => x.status === 'writeFailed')) expect(l.error).toMatch(/^not written: cannot write '.*': no space left on the device \(ENOSPC\)$/);
      const { whole } = ordersWhole(out, r.lines.map((l) => l.name));
      expect(whole.sort()).toEqual(r.lines.filter((l) => l.status === 'built').map((l) => l.name).sort());
      expect(temps(out)).toEqual([]);
      expect(existsSync(join(out, '.orthotic-batch.lock'))).toBe(false);
    } finally {
      disk.unmount();
    }
  });

  it.runIf(canMount)('--out on a read-only file system: exit 5 naming EROFS, at once', () => {
    const disk = smallDisk('64k', true)!;
    try {
      const r = batch([folderWith(fromExamples(good.slice(0, 1))), '--out', join(disk.dir, 'out')]);
      expect(r.status).toBe(5);
      expect(r.stderr.trim()).toMatch(/^not written: cannot create folder '.*out': read-only file system \(EROFS\)$/);
    } finally {
      disk.unmount();
    }
  });

  describe('signals at several moments', () => {
    it('as the batch starts: the orders already handed out finish, the rest are notBuilt, exit 130', async () => {
      const scans = folderWith(manyOrders(12));
      const out = join(scans, '..', 'out');
      const run = startBatch([scans, '--out', out, '--jobs', '2', '--json']);
      await until(() => existsSync(join(out, '.orthotic-batch.lock')));
      run.child.kill('SIGINT');
      const { code } = await run.done;
      expect(code).toBe(130);
      const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
      expect(report.interrupted).toBe(true);
      expect(report.summary.built).toBeLessThanOrEqual(4); // two orders a worker at most (one building, one writing)
      expect(report.summary.built + report.summary.notBuilt).toBe(12);
      expect(ordersWhole(out, Object.keys(manyOrders(12)).map((f) => f.replace('.json', ''))).whole).toHaveLength(report.summary.built);
      expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    }, 120_000);

    it('while orders write their files: those orders are put in place whole, no other starts', async () => {
      const scans = folderWith(manyOrders(8));
      const out = join(scans, '..', 'out');
      const run = startBatch([scans, '--out', out, '--jobs', '2', '--json'], { ORTHOTIC_INJECT_WRITE_PAUSE_MS: '800' });
      await until(() => temps(out).length > 0); // an order's temporary files are complete, not yet renamed
      run.child.kill('SIGTERM');
      const { code } = await run.done;
      expect(code).toBe(130);
      const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
      expect(report.summary.built).toBeGreaterThanOrEqual(1);
      expect(report.summary.built).toBeLessThanOrEqual(4); // two orders a worker at most
      expect(ordersWhole(out, Object.keys(manyOrders(8)).map((f) => f.replace('.json', ''))).whole).toHaveLength(report.summary.built);
      expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
      expect(run.stderr).toMatch(/^interrupted: finishing the orders in progress/m);
    }, 120_000);

    it('a second signal stops at once: the orders writing are not put in place, no temporary file, the report written', async () => {
      const scans = folderWith(manyOrders(8));
      const out = join(scans, '..', 'out');
      const run = startBatch([scans, '--out', out, '--jobs', '2', '--json'], { ORTHOTIC_INJECT_WRITE_PAUSE_MS: '1500' });
      await until(() => temps(out).length > 0);
      run.child.kill('SIGINT');
      await until(() => run.stderr.includes('interrupted: finishing'));
      run.child.kill('SIGINT');
      const { code } = await run.done;
      expect(code).toBe(130);
      expect(run.stderr).toMatch(/^interrupted again: stopping now/m);
      const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'));
      expect(report.interrupted).toBe(true);
      expect(report.summary).toMatchObject({ built: 0, notBuilt: 8 });
      expect(ordersWhole(out, Object.keys(manyOrders(8)).map((f) => f.replace('.json', ''))).whole).toEqual([]);
      expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    }, 120_000);
  });
});

/** `orthotic build`, run as a user runs it; throws unless it exits 0. */
function build(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, 'build', ...args, '--resolution', '2'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`build ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

/** The outputs of `orthotic build` for one order, named as a batch names them (`<dir>/<name>...`). */
function buildAsBatch(scans: string[], dir: string, name: string, extra: string[] = [], outputs = { preview: true, map: 'svg', sheet: true, format: 'stl' }) {
  const at = (suffix: string) => join(dir, `${name}${suffix}`);
  build([...scans, '-o', at(`.${outputs.format}`), '--report', at('.report.json'),
    ...(outputs.preview ? ['--preview', at('.preview.html')] : []), ...(outputs.map !== 'none' ? ['--map', at(`.${outputs.map}`)] : []),
    ...(outputs.sheet ? ['--sheet', at('.sheet.html'), '--date', '2026-12-01'] : []), ...extra]);
}

/** Every file of a batch's output folder but its own (batch-report.json, input hashes), by name, as bytes. */
function orderFiles(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f !== 'batch-report.json' && !f.endsWith('.inputs.sha256')).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

const LEFT_STL = resolve('tests/fixtures/real-scans/dupont/left_foot.stl');

describe('orthotic batch builds every order kind build knows (issue 17)', () => {
  it('a folder of a single scan, a pair file, a staged series and a 3D scan writes exactly the files the equivalent builds write, byte-identical; nothing but the summary on stderr', () => {
    const scans = folderWith(fromExamples(['m271-right-neutral.json', 'w252-pair-neutral.json', 'm288-right-flat-staged.json']));
    copyFileSync(LEFT_STL, join(scans, 'left_foot.stl'));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--jobs', '2', '--json', '--preview', '--map', 'svg', '--sheet', '--date', '2026-12-01']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^batch: 4 orders in [\d.]+ s: 4 built, 0 warned, .* -> .*batch-report\.json$/)]);
    expect(Object.fromEntries(r.lines.map((l) => [l.name, l.status]))).toEqual({ 'm271-right-neutral': 'built', 'w252-pair-neutral': 'built', 'm288-right-flat-staged': 'built', left_foot: 'built' });
    const ref = join(scans, '..', 'ref');
    mkdirSync(ref);
    for (const f of readdirSync(scans)) buildAsBatch([join(scans, f)], ref, f.replace(/\.(json|stl)$/, ''));
    const got = orderFiles(out), want = orderFiles(ref);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(Object.keys(got)).toEqual(expect.arrayContaining([
      'm288-right-flat-staged-stage-3-of-3.stl', 'm288-right-flat-staged-stage-3-of-3.svg', 'w252-pair-neutral-left.stl', 'w252-pair-neutral-right.svg',
      'left_foot.stl', 'left_foot.preview.html', 'left_foot.sheet.html', 'm271-right-neutral.report.json',
    ]));
    for (const f of Object.keys(want)) expect(got[f]!.equals(want[f]!), f).toBe(true);
    const scan3d = JSON.parse(readFileSync(join(out, 'left_foot.report.json'), 'utf8'));
    expect(scan3d).toMatchObject({ id: 'left_foot', side: 'left', surface: { mode: 'scan', sideFrom: 'arch' } });
  }, 240_000);

  it('a manifest naming a mirrored order, two scans in one order, a stages column, a 3MF and a scan JSON naming its 3D scan writes what the equivalent builds write; --resume skips them all', () => {
    const dir = tmp();
    for (const f of ['m271-right-neutral.json', 'w252-pair-neutral.json']) copyFileSync(`examples/${f}`, join(dir, f));
    copyFileSync('examples/rx/medial-post-4.json', join(dir, 'rx.json'));
    const pair = JSON.parse(readFileSync('examples/w252-pair-neutral.json', 'utf8'));
    for (const foot of pair.feet) writeFileSync(join(dir, `w252-${foot.side}.json`), JSON.stringify({ ...foot, prescription: { ...pair.prescription, ...foot.prescription } }));
    mkdirSync(join(dir, 'meshes'));
    copyFileSync(LEFT_STL, join(dir, 'meshes', 'foot.stl'));
    writeFileSync(join(dir, 'dupont.json'), JSON.stringify({ schemaVersion: 1, id: 'dupont-7', side: 'left', surface: { file: 'meshes/foot.stl' }, prescription: { heelCupDepth: 14 } }));
    writeFileSync(join(dir, 'orders.csv'), [
      'scan,left,right,rx,output,mirror,stages,format,preview,map,sheet',
      'm271-right-neutral.json,,,,mirrored,yes,,,yes,svg,yes',
      ',w252-left.json,w252-right.json,,two-scans,,,3mf,,png,',
      'm271-right-neutral.json,,,rx.json,staged,,3,,,,yes',
      'w252-pair-neutral.json,,,,pair-3mf,,,3mf,,,',
      'dupont.json,,,,dupont,,,,,svg,',
    ].join('\n'));
    const out = join(dir, 'out');
    const r = batch([join(dir, 'orders.csv'), '--out', out, '--jobs', '2', '--json', '--date', '2026-12-01']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const ref = join(dir, 'ref');
    mkdirSync(ref);
    const none = { preview: false, map: 'none', sheet: false, format: 'stl' };
    buildAsBatch([join(dir, 'm271-right-neutral.json')], ref, 'mirrored', ['--mirror'], { ...none, preview: true, map: 'svg', sheet: true });
    buildAsBatch([join(dir, 'w252-left.json'), join(dir, 'w252-right.json')], ref, 'two-scans', [], { ...none, format: '3mf', map: 'png' });
    buildAsBatch([join(dir, 'm271-right-neutral.json')], ref, 'staged', ['--rx', join(dir, 'rx.json'), '--stages', '3'], { ...none, sheet: true });
    buildAsBatch([join(dir, 'w252-pair-neutral.json')], ref, 'pair-3mf', [], { ...none, format: '3mf' });
    buildAsBatch([join(dir, 'dupont.json')], ref, 'dupont', [], { ...none, map: 'svg' });
    const got = orderFiles(out), want = orderFiles(ref);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(Object.keys(got)).toEqual(expect.arrayContaining(['mirrored-left.stl', 'mirrored-right.svg', 'two-scans.3mf', 'two-scans-left.png', 'staged-stage-2-of-3.stl', 'staged.sheet.html', 'pair-3mf.3mf', 'dupont.svg']));
    for (const f of Object.keys(want)) expect(got[f]!.equals(want[f]!), f).toBe(true);
    const mirrored = JSON.parse(readFileSync(join(out, 'mirrored.report.json'), 'utf8'));
    expect(mirrored.devices.map((d: { side: string; mirroredFrom: string | null }) => [d.side, d.mirroredFrom])).toEqual([['left', 'right'], ['right', null]]);
    expect(JSON.parse(readFileSync(join(out, 'dupont.report.json'), 'utf8'))).toMatchObject({ id: 'dupont-7', surface: { file: 'meshes/foot.stl' }, prescription: { applied: { heelCupDepth: 14 } } });
    const again = batch([join(dir, 'orders.csv'), '--out', out, '--json', '--resume', '--date', '2026-12-01']);
    expect(again.status).toBe(0);
    expect(again.lines.map((l) => l.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    // A scan JSON's 3D scan changed: that order alone is built again.
    writeFileSync(join(dir, 'meshes', 'foot.stl'), readFileSync(join(dir, 'meshes', 'foot.stl')).fill(0x20, 0, 10)); // its header: the same foot
    const third = batch([join(dir, 'orders.csv'), '--out', out, '--json', '--resume', '--date', '2026-12-01']);
    expect(Object.fromEntries(third.lines.map((l) => [l.name, l.status]))).toEqual({ mirrored: 'skipped', 'two-scans': 'skipped', staged: 'skipped', 'pair-3mf': 'skipped', dupont: 'built' });
  }, 240_000);

  it('in a folder, a 3D scan that a scan JSON names is that scan\'s, not an order of its own', () => {
    const scans = folderWith({ 'a.json': JSON.stringify({ schemaVersion: 1, id: 'a', surface: { file: 'left_foot.stl' } }) });
    copyFileSync(LEFT_STL, join(scans, 'left_foot.stl'));
    const r = batch([scans, '--out', join(scans, '..', 'out'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines.map((l) => [l.name, l.status])).toEqual([['a', 'built']]);
  }, 120_000);

  it('--resume after a kill finishes a half-built series: the stages in place are not trusted, the series is built whole', async () => {
    const scans = folderWith(fromExamples(['m288-right-flat-staged.json']));
    const out = join(scans, '..', 'out');
    // Each rename waits: the batch is killed outright with the first stage in place and the others not.
    const run = startBatch([scans, '--out', out, '--jobs', '1', '--json'], { ORTHOTIC_INJECT_RENAME_PAUSE_MS: '3000' });
    await until(() => existsSync(join(out, 'm288-right-flat-staged-stage-1-of-3.stl')));
    run.child.kill('SIGKILL');
    await run.done;
    const stages = () => [1, 2, 3].map((k) => existsSync(join(out, `m288-right-flat-staged-stage-${k}-of-3.stl`)));
    expect(stages()).toEqual([true, false, false]);
    expect(existsSync(join(out, 'm288-right-flat-staged.inputs.sha256'))).toBe(false);
    const resumed = batch([scans, '--out', out, '--json', '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.lines.map((l) => l.status)).toEqual(['built']);
    expect(stages()).toEqual([true, true, true]);
    expect(temps(out)).toEqual([]);
    const ref = join(scans, '..', 'ref');
    mkdirSync(ref);
    buildAsBatch([join(scans, 'm288-right-flat-staged.json')], ref, 'm288-right-flat-staged', [], { preview: false, map: 'none', sheet: false, format: 'stl' });
    const got = orderFiles(out), want = orderFiles(ref);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const f of Object.keys(want)) expect(got[f]!.equals(want[f]!), f).toBe(true);
    // A stage deleted later: the series is not done, and is built again.
    rmSync(join(out, 'm288-right-flat-staged-stage-3-of-3.stl'));
    expect(batch([scans, '--out', out, '--json', '--resume']).lines.map((l) => l.status)).toEqual(['built']);
    expect(batch([scans, '--out', out, '--json', '--resume']).lines.map((l) => l.status)).toEqual(['skipped']);
  }, 120_000);

  it('a bad --date for the sheets is a usage error at once (exit 2), not a failure of every order', () => {
    const scans = folderWith(fromExamples(good.slice(1, 2)));
    const out = join(scans, '..', 'out');
    const r = batch([scans, '--out', out, '--sheet', '--date', '2026-02-30']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('usage: date must be a calendar date written YYYY-MM-DD, got "2026-02-30"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad manifest cells before building, naming the row and column (exit 3)', () => {
    const dir = tmp();
    copyFileSync('examples/w246-left-neutral.json', join(dir, 'a.json'));
    const cases: Record<string, [string, RegExp]> = {
      'mirror.csv': ['scan,mirror\na.json,maybe\n', /^invalid: \/orders\/0\/mirror: must be yes or no \(true\/false, 1\/0\), got "maybe"$/],
      'stages.csv': ['scan,stages\na.json,13\n', /^invalid: \/orders\/0\/stages: must be a whole number from 1 to 12, or auto, got "13"$/],
      'half.csv': ['left,right,output\na.json,,x\n', /^invalid: \/orders\/0\/right: is required with the other foot's scan/],
      'both.csv': ['scan,left,right,output\na.json,a.json,a.json,x\n', /^invalid: \/orders\/0\/scan: give scan, or left and right, not both$/],
      'unnamed.csv': ['left,right\na.json,a.json\n', /^invalid: \/orders\/0\/output: is required for an order of two scans/],
      'id.csv': ['scan,id\na.json,x1\n', /^invalid: \/orders\/0\/id: is for 3D scan files \(\.stl, \.obj, \.ply\)/],
      'format.jsonl': ['{"scan":"a.json","format":"obj"}\n', /^invalid: \/orders\/0\/format: must be stl or 3mf, got "obj"$/],
      'clash.csv': ['scan,output\na.json,smith\na.json,smith-left\n', /^invalid: \/orders\/1\/output: output name may clash with the device files of order 1 \('smith'/],
      // A milled cast's trim line is <name>.trim.svg: an order named <name>.trim maps to the same file.
      'trim.jsonl': ['{"scan":"a.json","output":"x","for":"mill","mill":"cast","trim":"svg"}\n{"scan":"a.json","output":"x.trim","map":"svg"}\n{"scan":"a.json","output":"x.trim-left"}\n',
        /^invalid: \/orders\/1\/output: output name may clash with the trim line of order 1 \('x': a milled cast's trim line is x\.trim\.svg or x\.trim\.dxf\), got "x\.trim"\n[^]*^invalid: \/orders\/2\/output: output name may clash with the trim line of order 1 \('x'/m],
    };
    for (const [file, [text, message]] of Object.entries(cases)) {
      writeFileSync(join(dir, file), text);
      const out = join(dir, `out-${file}`);
      const r = batch([join(dir, file), '--out', out]);
      expect(r.status, file).toBe(3);
      expect(r.stderr.trim(), file).toMatch(message);
      expect(existsSync(out), file).toBe(false);
    }
  });
});

describe('orthotic batch: hostile inputs (findings 1, 2, 3, 7)', () => {
  it('a folder (or a link to one) at an order\'s output name: that order is not written (exit 5), none of its files replaced nor put in the folder; the others built', () => {
    const scans = folderWith({ ...manyOrders(4, good[1]), 'pair.json': 'examples/w252-pair-neutral.json' });
    const out = join(scans, '..', 'out');
    const elsewhere = join(scans, '..', 'elsewhere');
    mkdirSync(out);
    mkdirSync(elsewhere);
    writeFileSync(join(out, 'o00.stl'), 'GOOD');
    mkdirSync(join(out, 'o00.report.json')); // the report's name
    mkdirSync(join(out, 'o01.stl')); // the device's: build -o would write into it
    symlinkSync(elsewhere, join(out, 'o02.inputs.sha256')); // the input hash's, a link to a folder outside --out
    mkdirSync(join(out, 'pair-left.stl')); // a pair's device file, named from the order's
    const r = batch([scans, '--out', out, '--json']);
    expect(r.status).toBe(5);
    const by = Object.fromEntries(r.lines.map((l) => [l.name, l]));
    expect(by.o00!.error).toBe(`not written: cannot write '${join(out, 'o00.report.json')}': it is a folder (EISDIR)`);
    expect(by.o01!.error).toBe(`not written: cannot write '${join(out, 'o01.stl')}': it is a folder (EISDIR)`);
    expect(by.o02!.error).toBe(`not written: cannot write '${join(out, 'o02.inputs.sha256')}': it is a folder (EISDIR)`);
    expect(by.pair!.error).toBe(`not written: cannot write '${join(out, 'pair-left.stl')}': it is a folder (EISDIR)`);
    expect(Object.fromEntries(r.lines.map((l) => [l.name, l.status]))).toEqual({ o00: 'writeFailed', o01: 'writeFailed', o02: 'writeFailed', o03: 'built', pair: 'writeFailed' });
    expect(readFileSync(join(out, 'o00.stl'), 'utf8')).toBe('GOOD');
    expect(readdirSync(out).filter((f) => /^(o0[012]|pair)/.test(f)).sort()).toEqual(['o00.report.json', 'o00.stl', 'o01.stl', 'o02.inputs.sha256', 'pair-left.stl']);
    for (const f of ['o00.report.json', 'o01.stl', 'pair-left.stl']) expect(readdirSync(join(out, f)), f).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(temps(out)).toEqual([]);
    // --resume: a built order whose viewer is now a folder is not "unchanged"; it is not written either.
    const viewed = batch([scans, '--out', join(scans, '..', 'out2'), '--preview', '--json']);
    expect(viewed.lines.find((l) => l.name === 'o03')!.status).toBe('built');
    rmSync(join(scans, '..', 'out2', 'o03.preview.html'));
    mkdirSync(join(scans, '..', 'out2', 'o03.preview.html'));
    const resumed = batch([scans, '--out', join(scans, '..', 'out2'), '--preview', '--json', '--resume']);
    expect(Object.fromEntries(resumed.lines.map((l) => [l.name, l.status]))).toMatchObject({ o00: 'skipped', o03: 'writeFailed' });
  });

  it('a NUL in a manifest\'s scan or rx cell makes that order invalid, naming the cell; the others are built (exit 3)', () => {
    const dir = tmp();
    copyFileSync(`examples/${good[1]}`, join(dir, 'a.json'));
    writeFileSync(join(dir, 'orders.csv'), 'scan,rx,output\na.json,,ok\n"a.json\0",,nulscan\na.json,"rx.json\0",nulrx\n');
    const csv = batch([join(dir, 'orders.csv'), '--out', join(dir, 'out-csv'), '--json']);
    expect(csv.status).toBe(3);
    const by = Object.fromEntries(csv.lines.map((l) => [l.name, l]));
    expect(by.ok!.status).toBe('built');
    expect(by.nulscan!.status).toBe('invalid');
    expect(by.nulscan!.error).toBe(`invalid: /orders/1/scan: must not contain a NUL character: no file name can, got "${join(dir, 'a.json')}\\u0000"`);
    expect(by.nulrx!.status).toBe('invalid');
    expect(by.nulrx!.error).toMatch(/^invalid: \/orders\/2\/rx: must not contain a NUL character/);
    writeFileSync(join(dir, 'orders.jsonl'), `${JSON.stringify({ left: 'a.json\u0000', right: 'a.json', output: 'pair' })}\n${JSON.stringify({ scan: 'a.json', output: 'fine' })}\n`);
    const jsonl = batch([join(dir, 'orders.jsonl'), '--out', join(dir, 'out-jsonl'), '--json']);
    expect(jsonl.status).toBe(3);
    expect(Object.fromEntries(jsonl.lines.map((l) => [l.name, l.status]))).toEqual({ pair: 'invalid', fine: 'built' });
    expect(jsonl.lines[0]!.error).toMatch(/^invalid: \/orders\/0\/left: must not contain a NUL character/);
  });

  it.runIf(existsSync('/usr/bin/mkfifo'))('a FIFO named *.json in a batch folder is that order\'s invalid input, never opened; the batch ends (exit 3)', () => {
    const scans = folderWith(fromExamples(good.slice(1, 2)));
    expect(spawnSync('mkfifo', [join(scans, 'fifo.json')]).status).toBe(0);
    const out = join(scans, '..', 'out');
    // Before the fix the worker blocked opening the FIFO for ever: the timeout makes that a failure.
    const r = spawnSync(process.execPath, [cli, 'batch', scans, '--out', out, '--json', '--resolution', '2'], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(r.status, r.stderr).toBe(3);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; status: string; error: string | null });
    const by = Object.fromEntries(lines.map((l) => [l.name, l]));
    expect(by.fifo!.status).toBe('invalid');
    expect(by.fifo!.error).toMatch(/^invalid: \(document\): cannot read scan '.*fifo\.json': it is a FIFO \(named pipe\), and a batch reads regular files only$/);
    expect(by['w246-left-neutral']!.status).toBe('built');
    expect(existsSync(join(out, 'batch-report.json'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]); // no lock, no temporary file
  });

  it('refuses an empty --out (exit 2) rather than building into the working folder', () => {
    const scans = folderWith(fromExamples(good.slice(1, 2)));
    const cwd = join(scans, '..', 'cwd');
    mkdirSync(cwd);
    const r = spawnSync(process.execPath, [cli, 'batch', scans, '--out', '', '--resolution', '2'], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out <dir>.* must name the output folder, got an empty name/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
  it.runIf(asNobody)('an input folder that may not be read is a usage error (exit 2) naming it, in one line', () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const orders = join(dir, 'orders');
    mkdirSync(orders, { mode: 0o700 });
    copyFileSync(`examples/${good[1]}`, join(orders, 'a.json'));
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, 'batch', orders, '--out', join(dir, 'out')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`usage: cannot read batch input folder '${orders}': permission denied\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
