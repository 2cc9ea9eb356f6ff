/**
 * Wrappers around the external mesh checkers a lab would use (Debian packages `admesh` and
 * `prusa-slicer`). Tests call `hasTool` first and skip when a tool is absent; CI installs both.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = new Map<string, boolean>();

/** Whether an executable called `name` is on the PATH (cached). */
export function hasTool(name: string): boolean {
  const cached = found.get(name);
  if (cached !== undefined) return cached;
  let ok = false;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) {
        ok = true;
        break;
      }
    } catch {
      // not here
    }
  }
  found.set(name, ok);
  return ok;
}

/** What admesh reports about an STL (the "Original" column: before its own repairs). */
export interface AdmeshReport {
  facets: number;
  /** Facets with 1, 2 or 3 disconnected edges, summed: 0 for a closed mesh. */
  disconnectedFacets: number;
  degenerateFacets: number;
  /** Connected parts (counted while admesh checks normal directions). */
  parts: number;
  /** mm³, after admesh's repairs (equal to the original for a clean mesh). */
  volume: number;
  /** Repairs admesh had to make: all 0 for a clean, consistently oriented mesh. */
  edgesFixed: number;
  facetsRemoved: number;
  facetsAdded: number;
  facetsReversed: number;
  backwardsEdges: number;
  normalsFixed: number;
  /** admesh's stdout, for failure messages. */
  raw: string;
}

/**
 * Runs `admesh FILE` (its default checks and in-memory repairs; nothing is written) and parses
 * its report.
 * @throws Error when admesh is missing, fails, or prints a report this parser does not recognise.
 */
export function runAdmesh(path: string): AdmeshReport {
  const out = run('admesh', [path]);
  const row = (label: string): [number, number] => {
    const m = new RegExp(`^${escape(label)}\\s*:\\s*(-?\\d+)\\s+(-?\\d+)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`admesh: no "${label}" row in its output:\n${out}`);
    return [Number(m[1]), Number(m[2])];
  };
  const stat = (label: string): number => {
    const m = new RegExp(`${escape(label)}\\s*:\\s*(-?[\\d.]+(?:e[+-]?\\d+)?)`, 'm').exec(out);
    if (!m) throw new Error(`admesh: no "${label}" in its output:\n${out}`);
    return Number(m[1]);
  };
  return {
    facets: row('Number of facets')[0],
    disconnectedFacets:
      row('Facets with 1 disconnected edge')[0] + row('Facets with 2 disconnected edges')[0] + row('Facets with 3 disconnected edges')[0],
    degenerateFacets: stat('Degenerate facets'),
    parts: stat('Number of parts'),
    volume: stat('Volume'),
    edgesFixed: stat('Edges fixed'),
    facetsRemoved: stat('Facets removed'),
    facetsAdded: stat('Facets added'),
    facetsReversed: stat('Facets reversed'),
    backwardsEdges: stat('Backwards edges'),
    normalsFixed: stat('Normals fixed'),
    raw: out,
  };
}

/** What `prusa-slicer --info` reports about an STL. */
export interface PrusaInfo {
  manifold: boolean;
  /** Bounding-box size x, y, z, mm. */
  size: [number, number, number];
  /** mm³. */
  volume: number;
  facets: number;
  parts: number;
  /** Present when not manifold. */
  openEdges?: number;
  raw: string;
}

/**
 * Runs `prusa-slicer --info FILE` and parses its `key = value` lines.
 * @throws Error when prusa-slicer is missing, fails, or its output lacks a key.
 */
export function prusaInfo(path: string): PrusaInfo {
  const out = run('prusa-slicer', ['--info', path]);
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\s*([a-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) kv.set(m[1]!, m[2]!);
  }
  const get = (k: string): string => {
    const v = kv.get(k);
    if (v === undefined) throw new Error(`prusa-slicer --info: no "${k}" in its output:\n${out}`);
    return v;
  };
  const num = (k: string): number => {
    const v = Number(get(k));
    if (!Number.isFinite(v)) throw new Error(`prusa-slicer --info: "${k}" is not a number: ${get(k)}`);
    return v;
  };
  const manifold = get('manifold');
  if (manifold !== 'yes' && manifold !== 'no') throw new Error(`prusa-slicer --info: manifold = ${manifold}`);
  return {
    manifold: manifold === 'yes',
    size: [num('size_x'), num('size_y'), num('size_z')],
    volume: num('volume'),
    facets: num('number_of_facets'),
    parts: num('number_of_parts'),
    ...(kv.has('open_edges') ? { openEdges: num('open_edges') } : {}),
    raw: out,
  };
}

function run(tool: string, args: string[]): string {
  if (!hasTool(tool)) throw new Error(`${tool} is not installed (not on the PATH)`);
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${tool} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
