/**
 * Golden outputs: every example built through the CLI at 0.5, 1 and 2.5 mm, and the SHA-256 of
 * every file it writes (STL, 3MF, report; at 1 mm also the top-view map and the sign-off sheet)
 * compared with `tests/golden/outputs.json`. A refactor proves itself by leaving them untouched; a
 * change that means to move the output regenerates them on purpose and says why in its commit:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/output/golden.test.ts
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'orthotic.js');
const GOLDEN = join(ROOT, 'tests', 'golden', 'outputs.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RESOLUTIONS = ['0.5', '1', '2.5'] as const;
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).sort();

type Hashes = Record<string, string>;
const golden: Record<string, Hashes> = UPDATE ? {} : (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Hashes>);
const work = mkdtempSync(join(tmpdir(), 'orthotic-golden-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(Object.entries(golden).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
});

/** Runs the CLI in a fresh folder and returns the SHA-256 of every file it wrote, by name. */
function run(args: string[]): Hashes {
  const dir = mkdtempSync(join(work, 'run-'));
  const r = spawnSync(process.execPath, [BIN, 'build', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1764979200' } });
  if (r.status !== 0) throw new Error(`orthotic ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const out: Hashes = {};
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (name.isDirectory()) walk(join(folder, name.name), `${prefix}${name.name}/`);
      else out[`${prefix}${name.name}`] = createHash('sha256').update(readFileSync(join(folder, name.name))).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

describe.each(EXAMPLES)('golden outputs of %s', (example) => {
  const scan = join(ROOT, 'examples', example);
  it.each(RESOLUTIONS)('at %s mm: STL, 3MF and report byte-identical', (resolution) => {
    const key = `${example} @ ${resolution} mm`;
    const extras = resolution === '1' ? ['--map', 'map/', '--sheet', 'sheet.html', '--date', '2026-12-01', '--preview', 'viewer.html'] : [];
    const hashes = {
      ...run([scan, '-o', 'stl/', '--report', 'report.json', '--resolution', resolution, ...extras]),
      ...run([scan, '-o', 'device.3mf', '--resolution', resolution]),
    };
    if (UPDATE) golden[key] = hashes;
    else expect(hashes).toEqual(golden[key]);
  });
});
