/**
 * `npm run bench`: builds every example at 0.5 mm and at the default resolution, repeatedly, and
 * prints per build the median and range of kernel time (outline → closed mesh), validation time
 * (closed-solid proof), STL-writing time, triangle count and peak memory; then times the whole
 * `orthotic build` command (process start to exit) at the default resolution. Pair files are built
 * foot by foot (the pair's prescription merged under each foot's, as the CLI does); a staged
 * example at its full prescription; one for a shoe trimmed and pitched (in the kernel time), as
 * buildOrthotic does. Next to m271 (the men's mean, plain: its own 4° medial post),
 * the same scan with every modification of the prescription on at once (EVERY_MODIFICATION), in
 * both tables: the worst case a lab can ask for.
 * Targets (2-core machine): full-length shell with post at 0.5 mm, kernel + STL < 60 ms; whole
 * command at the default resolution < 0.4 s (issue 2); the whole command from a real 3D scan (640 KB
 * STL, total contact, 1 mm) ≤ 0.6 s (issue 14). Results are appended to bench/results/<host>.md.
 * BENCH_CLI_ONLY=1 times only the whole commands.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, cpus, loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { designDevice, prepareBuild, BUILD_DEFAULTS, type PreparedBuild } from '../src/pipeline/index.js';
import { parseScanDocument, type Prescription } from '../src/scan/index.js';
import { applyPitch, checkSolid } from '../src/geometry/index.js';
import { toStl } from '../src/export/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).sort();

/**
 * Every modification of the prescription on at once, within the limits (as in
 * tests/geometry/modifications.test.ts, plus the bar, first-ray cutout, both Morton's extensions and the
 * bunion relief, and the cuboid pad; BENCH_WITHOUT_CUBOID=1 leaves it out, to compare with
 * versions before it): 3° medial post with a 2 mm skive (cup 16 mm, above the 14 mm a skive needs), 1°
 * forefoot varus post, 3 mm heel lift (total under the heel 14.3 mm: warned above 12, under the
 * 15 mm ceiling), metatarsal pad and bar, plantar-fascia groove, heel-spur relief, first-ray cutout,
 * Morton's and reverse Morton's extensions, bunion and bunionette reliefs, 6/4 mm flanges, 2 mm
 * arch fill, 1.5 mm top cover; shell construction, full length. Clinically some of these would not
 * be prescribed together (a Morton's extension with a first-ray cutout); the kernel takes them all,
 * and this is its costliest device. `shoe` (a fit, not a modification) is left out.
 */
const EVERY_MODIFICATION: Prescription = {
  shellThickness: 4, heelCupDepth: 16, length: 'full', construction: 'shell',
  rearfootPost: { wedge: 'medial', angle: 3 }, medialHeelSkive: { depth: 2 }, forefootPost: { wedge: 'varus', angle: 1 }, heelLift: 3,
  metatarsalPad: {}, metatarsalBar: {}, plantarFasciaGroove: {}, heelSpurRelief: { depth: 2 }, firstRayCutout: {},
  mortonsExtension: { height: 2 }, reverseMortonsExtension: {}, bunionRelief: {}, bunionetteRelief: {},
  medialFlange: 6, lateralFlange: 4, archFill: 2, topCover: 1.5,
  ...(process.env.BENCH_WITHOUT_CUBOID ? {} : { cuboidPad: {} }),
};
const ALL_MODS_ON = 'm271-right-neutral.json';

interface Case { label: string; prep: PreparedBuild }
const cases: Case[] = [];
for (const file of examples) {
  const { scans, pair } = parseScanDocument(JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')));
  for (const scan of scans) {
    const label = `${file.replace('.json', '')}${pair ? ` (${scan.side})` : ''}`;
    cases.push({ label, prep: prepareBuild(scan) });
    if (file !== ALL_MODS_ON) continue;
    const prep = prepareBuild(scan, EVERY_MODIFICATION);
    // Every modification must really be in effect (none dropped, clamped to nothing or defaulted off).
    const skip = ['construction', 'material', 'bodyWeight', 'shoe', ...(process.env.BENCH_WITHOUT_CUBOID ? ['cuboidPad'] : [])];
    const off = Object.entries(prep.applied).filter(([k, v]) => !skip.includes(k) && (v === null || v === 0));
    if (off.length) throw new Error(`${label} + every modification: not applied: ${off.map(([k]) => k).join(', ')}`);
    cases.push({ label: `${label} + every modification`, prep });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `${median(xs).toFixed(1)} (${s[0]!.toFixed(1)}–${s[s.length - 1]!.toFixed(1)})`;
}

const lines: string[] = [];
const say = (l: string) => { console.log(l); lines.push(l); };
say(`\n## ${new Date().toISOString().slice(0, 10)} — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${runs} runs, median (min–max) ms`);
const kernelTable = !process.env.BENCH_CLI_ONLY;
if (kernelTable) {
  say('');
  say('| example | resolution | triangles | kernel | kernel + STL | validate | peak RSS MiB |');
  say('|---|---|---|---|---|---|---|');
}
for (const resolutionMm of kernelTable ? [0.5, BUILD_DEFAULTS.resolutionMm] : []) {
  for (const { label, prep } of cases) {
    const kernel: number[] = [], stl: number[] = [], both: number[] = [], validate: number[] = [];
    let triangles = 0, peak = 0;
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      // As buildOrthotic does: a device for a shoe is trimmed to its insole and pitched to its heel.
      const { device: dev, shoe } = designDevice(prep, resolutionMm);
      if (shoe?.pitch) applyPitch(dev.mesh.positions, shoe.pitch);
      const t1 = performance.now();
      const bytes = toStl(dev.mesh);
      const t2 = performance.now();
      const check = checkSolid(dev.mesh, dev.layout);
      const t3 = performance.now();
      if (check.problems.length) throw new Error(`${label}: ${check.problems.join('; ')}`);
      triangles = dev.mesh.indices.length / 3;
      peak = Math.max(peak, process.memoryUsage().rss);
      if (i < 2 || bytes.length === 0) continue; // warm-up
      kernel.push(t1 - t0); stl.push(t2 - t1); both.push(t2 - t0); validate.push(t3 - t2);
    }
    say(`| ${label} | ${resolutionMm} mm | ${triangles} | ${stats(kernel)} | ${stats(both)} | ${stats(validate)} | ${(peak / 2 ** 20).toFixed(0)} |`);
  }
}

say('');
say('| whole `orthotic build` command, default resolution | wall ms, median (min–max) | target |');
say('|---|---|---|');
const cli = join(root, 'dist', 'bin', 'orthotic.js');
const tmp = mkdtempSync(join(tmpdir(), 'orthotic-bench-'));
const everyRx = join(tmp, 'every-modification.json');
writeFileSync(everyRx, JSON.stringify(EVERY_MODIFICATION));
/** Each command, its arguments and its target wall time in ms (issue 2: a JSON scan; issue 14: a 3D scan). */
const commands: Array<[string, string[], number]> = [
  ['m271-right-neutral', [join(root, 'examples', 'm271-right-neutral.json')], 400],
  ['m271-right-neutral + every modification', [join(root, 'examples', 'm271-right-neutral.json'), '--rx', everyRx], 400],
  ['m302-right-large', [join(root, 'examples', 'm302-right-large.json')], 400],
  // A real 3D scan (640 KB binary STL, 12.8 k triangles, metres): read, taken in, built total-contact.
  ['3D scan: real left foot (640 KB STL), total contact', [join(root, 'tests', 'fixtures', 'real-scans', 'dupont', 'left_foot.stl'), '--side', 'left', '--id', 't'], 600],
];
for (const [label, args, target] of commands) {
  const times: number[] = [];
  for (let i = 0; i < Math.max(5, Math.round(runs / 2)); i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'build', ...args, '-o', '/dev/null'], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  }
  say(`| ${label} | ${stats(times)} | ≤ ${target}: ${median(times) <= target ? 'met' : 'not met'} (load ${loadavg()[0]!.toFixed(1)}) |`);
}
rmSync(tmp, { recursive: true, force: true });
const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
appendFileSync(join(dir, `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.md`), `${lines.join('\n')}\n`);
