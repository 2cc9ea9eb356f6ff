/**
 * `npm run bench`: builds every example at 0.5 mm and at the default resolution, repeatedly, and
 * prints per build the median and range of kernel time (outline → closed mesh), validation time
 * (closed-solid proof), STL-writing time, triangle count and peak memory; then times the whole
 * `orthotic build` command (process start to exit) at the default resolution.
 * Targets (issue 2, 2-core machine): full-length shell with post at 0.5 mm, kernel + STL < 60 ms;
 * whole command at the default resolution < 0.4 s. Results are appended to bench/results/<host>.md.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBuild, BUILD_DEFAULTS } from '../src/build/index.js';
import { buildDevice, checkSolid } from '../src/geometry/index.js';
import { toStl } from '../src/export/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).sort();

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return `${med.toFixed(1)} (${s[0]!.toFixed(1)}–${s[s.length - 1]!.toFixed(1)})`;
}

const lines: string[] = [];
const say = (l: string) => { console.log(l); lines.push(l); };
say(`\n## ${new Date().toISOString().slice(0, 10)} — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${runs} runs, median (min–max) ms`);
say('');
say('| example | resolution | triangles | kernel | kernel + STL | validate | peak RSS MiB |');
say('|---|---|---|---|---|---|---|');
for (const resolutionMm of [0.5, BUILD_DEFAULTS.resolutionMm]) {
  for (const file of examples) {
    const prep = prepareBuild(JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')));
    const kernel: number[] = [], stl: number[] = [], both: number[] = [], validate: number[] = [];
    let triangles = 0, peak = 0;
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const dev = buildDevice(prep.outline, prep.landmarks, prep.applied, { resolutionMm });
      const t1 = performance.now();
      const bytes = toStl(dev.mesh);
      const t2 = performance.now();
      const check = checkSolid(dev.mesh, dev.layout);
      const t3 = performance.now();
      if (check.problems.length) throw new Error(`${file}: ${check.problems.join('; ')}`);
      triangles = dev.mesh.indices.length / 3;
      peak = Math.max(peak, process.memoryUsage().rss);
      if (i < 2 || bytes.length === 0) continue; // warm-up
      kernel.push(t1 - t0); stl.push(t2 - t1); both.push(t2 - t0); validate.push(t3 - t2);
    }
    say(`| ${file.replace('.json', '')} | ${resolutionMm} mm | ${triangles} | ${stats(kernel)} | ${stats(both)} | ${stats(validate)} | ${(peak / 2 ** 20).toFixed(0)} |`);
  }
}

say('');
say('| whole `orthotic build` command, default resolution | wall ms, median (min–max) |');
say('|---|---|');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
for (const file of ['m271-right-neutral.json', 'm302-right-large.json']) {
  const times: number[] = [];
  for (let i = 0; i < Math.max(5, Math.round(runs / 2)); i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'build', join(root, 'examples', file), '-o', '/dev/null'], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  say(`| ${file.replace('.json', '')} | ${stats(times)} |`);
}
const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
appendFileSync(join(dir, `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.md`), `${lines.join('\n')}\n`);
