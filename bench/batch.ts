/**
 * `npm run bench:batch`: generates realistic scans (ANSUR II sizes, both sides, random rotations,
 * mixed prescriptions), builds them with `orthotic batch --jobs 1` and `--jobs 2` at the default
 * resolution, and prints orders per second, the speed-up of two jobs over one and peak memory for
 * 100 and 1,000 orders.
 *
 * The machine is shared: each configuration runs BENCH_REPEATS times (default 3), interleaved (one
 * job, two jobs, then again), so slow and fast spells of the machine fall on both alike; the
 * table gives the median and range, the speed-up as the median of each round's ratio, the CPU
 * time of the whole batch process an order (every thread: main, workers, V8's helpers; less
 * sensitive to other processes than the wall clock), and the load average (1 min) seen at the runs. BENCH_BASELINE=<path to another dist/bin/orthotic.js>
 * interleaves that version too, for an A/B. Other settings: BENCH_ORDERS (default 100,1000),
 * BENCH_JOBS (default 1,2).
 * Targets (issue 17, this 2-core VM): two jobs >= 1.85x one job, >= 50 orders/s with --jobs 2 for
 * 1,000 orders, peak memory flat from 100 to 1,000 orders.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticFootOutline } from '../src/synth/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const versions: Array<[string, string]> = [
  ...(process.env.BENCH_BASELINE ? [['baseline', process.env.BENCH_BASELINE] as [string, string]] : []),
  ['this', join(root, 'dist', 'bin', 'orthotic.js')],
];
const sizes = (process.env.BENCH_ORDERS ?? '100,1000').split(',').map(Number);
const jobsList = (process.env.BENCH_JOBS ?? '1,2').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeScans(dir: string, n: number): void {
  const r = rng(4);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  for (let i = 0; i < n; i++) {
    const men = r() < 0.5;
    const fl = Math.min(320, Math.max(200, men ? 271 + 13 * normal() : 246 + 12 * normal()));
    const ball = fl * (men ? 102 / 271 : 93 / 246) * (1 + 0.03 * normal());
    const side = r() < 0.5 ? 'left' : 'right';
    const arch = 6 + 20 * r();
    const post = r() < 0.6 ? { wedge: r() < 0.85 ? 'medial' : 'lateral', angle: Math.round(r() * 5) } : null;
    const id = `bench-${String(i).padStart(4, '0')}-${side === 'left' ? 'L' : 'R'}`;
    const scan = {
      schemaVersion: 1, id, side, units: 'mm',
      outline: syntheticFootOutline({ footLength: fl, ballWidth: ball, heelWidth: ball * 0.71, side, archConcavity: r(), points: 400, rotationDeg: 360 * r() - 180, offset: [500 * r(), 500 * r()] })
        .map(([x, y]) => [+x.toFixed(3), +y.toFixed(3)]),
      measurements: { archHeight: +arch.toFixed(1) },
      prescription: { shellThickness: 3, heelCupDepth: [10, 12, 14][i % 3], archHeight: +(arch + 2 * r()).toFixed(1), rearfootPost: post, length: (['full', 'sulcus', 'three-quarter'] as const)[i % 3] },
    };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(scan));
  }
}

interface Run { seconds: number; ordersPerSecond: number; peakRssMiB: number; exit: number | null; load: number; cpuMsPerOrder: number }

/**
 * CPU time (user + system, ms) of this process's children that have ended, every thread of them
 * (Linux: /proc/self/stat's cutime and cstime, in clock ticks of 10 ms); NaN elsewhere.
 */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: number[], digits = 1) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const lines: string[] = [];
const say = (l: string) => { console.log(l); lines.push(l); };
say(`\n## batch ${new Date().toISOString().slice(0, 10)} — node ${process.version}, ${repeats} interleaved runs each, median (min–max)`);
say('');
say('| orders | version | jobs | orders/s | seconds | CPU ms an order (all threads) | peak RSS MiB | two jobs / one (per round) | load avg (1 min) | exit |');
say('|---|---|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const base = mkdtempSync(join(tmpdir(), 'orthotic-bench-'));
  const scans = join(base, 'scans');
  mkdirSync(scans);
  makeScans(scans, n);
  const runs = new Map<string, Run[]>();
  for (let round = 0; round < repeats; round++) {
    for (const [name, cli] of versions) {
      for (const jobs of jobsList) {
        const out = join(base, 'out');
        rmSync(out, { recursive: true, force: true });
        const load = loadavg()[0]!;
        const cpu0 = childrenCpuMs();
        const r = spawnSync(process.execPath, [cli, 'batch', scans, '--out', out, '--jobs', String(jobs), '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8')) as { summary: { seconds: number; ordersPerSecond: number; peakRssMiB: number } };
        const key = `${name} ${jobs}`;
        const cpuMsPerOrder = (childrenCpuMs() - cpu0) / n;
        runs.set(key, [...(runs.get(key) ?? []), { ...report.summary, exit: r.status, load: Math.max(load, loadavg()[0]!), cpuMsPerOrder }]);
        console.error(`  ${n} orders, ${name}, --jobs ${jobs}, round ${round + 1}: ${report.summary.ordersPerSecond} orders/s, ${cpuMsPerOrder.toFixed(1)} ms CPU an order, ${report.summary.peakRssMiB} MiB, load ${load.toFixed(2)}`);
      }
    }
  }
  for (const [name] of versions) {
    for (const jobs of jobsList) {
      const rs = runs.get(`${name} ${jobs}`)!;
      const one = runs.get(`${name} ${jobsList[0]}`)!;
      const ratio = jobs === jobsList[0] ? '' : range(rs.map((r, i) => r.ordersPerSecond / one[i]!.ordersPerSecond), 2);
      say(`| ${n} | ${name} | ${jobs} | ${range(rs.map((r) => r.ordersPerSecond))} | ${range(rs.map((r) => r.seconds))} | ${range(rs.map((r) => r.cpuMsPerOrder))} | ${range(rs.map((r) => r.peakRssMiB), 0)} | ${ratio} | ${Math.min(...rs.map((r) => r.load)).toFixed(1)}–${Math.max(...rs.map((r) => r.load)).toFixed(1)} | ${[...new Set(rs.map((r) => r.exit))].join(',')} |`);
    }
  }
  rmSync(base, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
appendFileSync(join(root, 'bench', 'results', `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.md`), `${lines.join('\n')}\n`);
