/**
 * `npm run bench:batch`: generates realistic scans (ANSUR II sizes, both sides, random rotations,
 * mixed prescriptions), builds them with `orthotic batch --jobs 1` and `--jobs 2` at the default
 * resolution, and prints orders per second and peak memory for 100 and 1,000 orders.
 * Target (issue 4, 2 cores): >= 25 orders/s end to end with --jobs 2, near-linear speed-up from 1
 * to 2 jobs, peak memory independent of the number of orders.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticFootOutline } from '../src/synth/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'bin', 'orthotic.js');
const sizes = (process.env.BENCH_ORDERS ?? '100,1000').split(',').map(Number);

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

const lines: string[] = [];
const say = (l: string) => { console.log(l); lines.push(l); };
say(`\n## batch ${new Date().toISOString().slice(0, 10)} — node ${process.version}`);
say('');
say('| orders | jobs | seconds | orders/s | peak RSS MiB | exit |');
say('|---|---|---|---|---|---|');
for (const n of sizes) {
  const base = mkdtempSync(join(tmpdir(), 'orthotic-bench-'));
  const scans = join(base, 'scans');
  mkdirSync(scans);
  makeScans(scans, n);
  for (const jobs of [1, 2]) {
    const out = join(base, `out-${jobs}`);
    const r = spawnSync(process.execPath, [cli, 'batch', scans, '--out', out, '--jobs', String(jobs), '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8')) as { summary: { seconds: number; ordersPerSecond: number; peakRssMiB: number } };
    say(`| ${n} | ${jobs} | ${report.summary.seconds.toFixed(1)} | ${report.summary.ordersPerSecond.toFixed(1)} | ${report.summary.peakRssMiB} | ${r.status} |`);
  }
  rmSync(base, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
appendFileSync(join(root, 'bench', 'results', `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.md`), `${lines.join('\n')}\n`);
