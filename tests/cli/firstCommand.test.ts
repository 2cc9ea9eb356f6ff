/**
 * Issue 16, class 9: the README's first command sets the tool up once and builds. `npm ci` runs the
 * `prepare` script (the one build); the command then runs the built binary directly: never `npx
 * orthotic` or `npm exec`, which make npm install the project into its own cache and build it a
 * second time. The command's build step is run here as the README gives it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The shell lines of the README's "Two commands" section, in order. */
function twoCommands(): string[] {
  const section = README.slice(README.indexOf('## Two commands'), README.indexOf('\n## ', README.indexOf('## Two commands') + 3));
  return [...section.matchAll(/```sh\n([^`]+?)\n```/g)].map((m) => m[1]!.trim());
}

describe('the README\'s first command', () => {
  const [first, second] = twoCommands();

  it('installs with npm ci (whose prepare script is the one build) and runs the built binary, not npx', () => {
    expect(first).toMatch(/^npm ci && node dist\/bin\/orthotic\.js build /);
    expect(first).not.toMatch(/\bnpx\b|\bnpm exec\b/);
    expect(PACKAGE.scripts.prepare).toBe('npm run build');
    expect(PACKAGE.bin.orthotic).toBe('dist/bin/orthotic.js');
    expect(second).toBe('npm ci && npm test');
  });

  it('builds the example it names: an STL and its report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orthotic-first-'));
    try {
      const argv = first!.replace(/^npm ci && node dist\/bin\/orthotic\.js /, '').split(/\s+/).map((a) => (a.startsWith('examples/') ? join(ROOT, a) : /\.(stl|json)$/.test(a) ? join(dir, a) : a));
      const r = spawnSync(process.execPath, [join(ROOT, PACKAGE.bin.orthotic), ...argv], { encoding: 'utf8', cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'right.json'), 'utf8'));
      expect(report.mesh.closed).toBe(true);
      expect(readFileSync(join(dir, 'right.stl')).length).toBe(84 + 50 * report.mesh.triangles);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
