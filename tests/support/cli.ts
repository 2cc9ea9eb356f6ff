import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The built command (npm run build first). */
export const CLI = resolve('dist/bin/orthotic.js');

/**
 * `orthotic <args>` run as a user runs it, in `cwd`, with no lab configuration from the environment
 * (ORTHOTIC_CONFIG emptied): its exit code, standard output and standard error.
 */
export function runCli(args: string[], cwd: string, timeoutMs = 300_000): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ORTHOTIC_CONFIG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
