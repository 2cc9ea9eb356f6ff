/**
 * The boundaries the folder tree shows (README, Architecture): modules import each other one way
 * only, production code never reaches the synthetic feet of the examples and tests, and the
 * geometry kernel stays a pure library (no file system, process, CLI, schema validator or renderer).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file of the library (not generated code, not the viewer's browser script). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated' || name === 'client') return [];
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The module a file belongs to: a folder of src (a subfolder of src/geometry), or a file at the top. */
const moduleOf = (file: string) => {
  const parts = file.split('/');
  return parts[1] === 'geometry' && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.length > 2 ? parts.slice(0, 2).join('/') : file;
};

const FILES = sources('src');
/** Imports of each file: relative ones resolved to files, others as written. */
const IMPORTS = new Map(FILES.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(/(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)]
  .map((m) => m[1] ?? m[2]!)
  .map((spec) => (spec.startsWith('.') ? normalize(join(dirname(f), spec)).replace(/\.js$/, '.ts') : spec))]));

describe('architecture', () => {
  it('modules depend on each other one way: no cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of IMPORTS) {
      for (const t of targets) {
        if (!t.startsWith('src/')) continue;
        const [a, b] = [moduleOf(file), moduleOf(t)];
        if (a !== b) (edges.get(a) ?? edges.set(a, new Set()).get(a)!).add(b);
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else visit(next, [...path, next]);
      }
    };
    for (const node of edges.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
  });

  it('production code never imports the synthetic feet (src/synth is for examples, tests and benchmarks)', () => {
    const offenders = [...IMPORTS].filter(([f, ts]) => !f.startsWith('src/synth/') && ts.some((t) => t.startsWith('src/synth/'))).map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  it('the geometry kernel imports no file system, process, CLI, schema validator, renderer or input document', () => {
    const forbidden = /^(node:fs|node:process|fs|commander|ajv|three|@resvg\/resvg-js|src\/(scan|limits|pipeline|cli|preview|modifications|synth)\/)/;
    const offenders = [...IMPORTS].filter(([f]) => f.startsWith('src/geometry/')).flatMap(([f, ts]) => ts.filter((t) => forbidden.test(t)).map((t) => `${f} -> ${t}`));
    expect(offenders).toEqual([]);
  });

  it('rendering never throws the command line\'s usage error', () => {
    const offenders = FILES.filter((f) => f.startsWith('src/preview/') && /\bUsageError\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
