/**
 * Milling benchmark (issue 18): G-code for a full-length device and its cast at the default 0.1 mm
 * scallop target (m271, 271 mm foot): the time to make the part and its toolpaths (median and
 * range of a few runs), the file's size, and the machining time at the programmed feeds.
 * `npm run bench:mill`.
 */
import { readFileSync } from 'node:fs';
import { buildOrthotic } from '../src/index.js';
import { millGcode, millPart, MILL_DEFAULTS, type MillTarget } from '../src/mill/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const scan: unknown = JSON.parse(readFileSync('examples/m271-right-neutral.json', 'utf8'));
const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
console.log(`| part | scallop mm | part s | G-code s | lines | MB | finishing passes (+ added) | machining min |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const target of ['device', 'cast'] as MillTarget[]) {
  const built = buildOrthotic(scan, target === 'device' ? { construction: 'filled' } : undefined, { measure: false });
  const partMs: number[] = [], gcodeMs: number[] = [];
  let stats = null as ReturnType<typeof millGcode>['stats'] | null;
  for (let r = 0; r < RUNS; r++) {
    const options = { ...MILL_DEFAULTS, target };
    let t = performance.now();
    const part = millPart(built, options);
    partMs.push(performance.now() - t);
    t = performance.now();
    stats = millGcode(part.mesh, part.blank, part.window, options, ['bench']).stats;
    gcodeMs.push(performance.now() - t);
  }
  const s = stats!;
  const range = (a: number[]) => `${(median(a) / 1000).toFixed(1)} (${(Math.min(...a) / 1000).toFixed(1)}–${(Math.max(...a) / 1000).toFixed(1)})`;
  console.log(`| m271 ${target} | ${MILL_DEFAULTS.scallopMm} | ${range(partMs)} | ${range(gcodeMs)} | ${s.lines} | ${(s.bytes / 1e6).toFixed(2)} | ${s.finishing.passes} (+ ${s.finishing.infillPasses}) | ${Math.round(s.minutes)} |`);
}
