/**
 * Issue 16, class 1's proof: random cases over the whole valid input space (tests/support/validSpace.ts:
 * scans from both generators with noise and shape variety, times prescriptions inside the limits,
 * every modification, length, construction and material) built in-process as `orthotic build` does,
 * counting how each ends: built (exit 0), refused as input (3), refused by a limit (4), internal
 * error (1: anything else, a mesh that is not a closed solid included). The target is no internal error.
 *
 *   npm run fuzz:valid -- --count 5000 --seed 1            # cases 0..4999 of seed 1
 *   npm run fuzz:valid -- --seed 1 --from 1234 --count 1   # one case again (a failure prints this line)
 *   npm run fuzz:valid -- --count 5000 --shard 0/2         # every second case: two processes, one each
 *
 * Case i of seed s is fast-check's first sample of the arbitrary at seed s × 1,000,003 + i, so any
 * case reproduces alone. Failures are printed, and written with their whole input (JSON, one a line)
 * to --failures FILE (default validSpace-failures-<seed>.jsonl in the system's temporary folder).
 */
import fc from 'fast-check';
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { caseJson, runCase, validCaseArbitrary, type OutcomeKind } from '../tests/support/validSpace.js';


function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const count = Number(arg('count', '5000'));
const seed = Number(arg('seed', '1'));
const from = Number(arg('from', '0'));
const [shard, shards] = arg('shard', '0/1').split('/').map(Number) as [number, number];
const failures = arg('failures', join(tmpdir(), `validSpace-failures-${seed}.jsonl`));
const quiet = process.argv.includes('--quiet');

const arbitrary = validCaseArbitrary();
/** Case i of a seed (see the header). */
export const caseSeed = (s: number, i: number): number => (s * 1_000_003 + i) | 0;

const counts: Record<OutcomeKind, number> = { built: 0, input: 0, limits: 0, internal: 0 };
const reasons = new Map<string, number>();
const t0 = Date.now();
let ran = 0;
let devices = 0;
for (let i = from; i < from + count; i++) {
  if (i % shards !== shard) continue;
  const c = fc.sample(arbitrary, { seed: caseSeed(seed, i), numRuns: 1 })[0]!;
  const t = Date.now();
  const out = runCase(c);
  ran++;
  counts[out.kind]++;
  devices += out.order?.devices.length ?? 0;
  if (out.kind === 'input' || out.kind === 'limits') {
    // The rule without its numbers: how often each reason refuses.
    const key = `${out.exit} ${out.message.replace(/-?\d+(\.\d+)?/g, '#').slice(0, 110)}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  if (out.kind === 'internal') {
    console.log(`INTERNAL seed ${seed} case ${i} (npm run fuzz:valid -- --seed ${seed} --from ${i} --count 1; its input in ${failures}): ${out.message.slice(0, 400)}`);
    mkdirSync(dirname(failures), { recursive: true });
    appendFileSync(failures, `${JSON.stringify({ seed, case: i, message: out.message })}\n${caseJson(c)}\n`);
  } else if (!quiet && count <= 20) {
    console.log(`case ${i}: ${out.kind} (${Date.now() - t} ms) ${out.message.slice(0, 300)}`);
  }
  if (ran % 100 === 0) console.log(`${ran} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
}
const seconds = (Date.now() - t0) / 1000;
console.log(`\nseed ${seed}, cases ${from}..${from + count - 1}${shards > 1 ? ` (shard ${shard}/${shards})` : ''}: ${ran} run in ${seconds.toFixed(0)} s (${(seconds / Math.max(1, ran)).toFixed(2)} s a case), ${devices} devices built`);
console.log(`built (exit 0) ${counts.built}, refused input (exit 3) ${counts.input}, refused by a limit (exit 4) ${counts.limits}, internal error (exit 1) ${counts.internal}`);
console.log('refusals by reason:');
for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
process.exitCode = counts.internal > 0 ? 1 : 0;
