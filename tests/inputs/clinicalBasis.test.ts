/**
 * The project's clinical basis (docs/clinical-basis.md) is what every limit, default and design
 * rule cites: each `[CB-…]` tag the code, the schemas, the limits profile and the README name is an
 * entry there, and nothing cites a document outside the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOC = readFileSync('docs/clinical-basis.md', 'utf8');
const ENTRIES = new Set([...DOC.matchAll(/^#+ \[(CB-[a-z0-9-]+)\]/gm)].map((m) => m[1]!));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|json|md|mjs)$/.test(name) ? [path] : [];
  });
}
const CITING = [...files('src'), ...files('schemas'), ...files('limits'), ...files('scripts'), 'README.md', 'examples/README.md'];

describe('docs/clinical-basis.md', () => {
  it('has entries, and a reference list', () => {
    expect(ENTRIES.size).toBeGreaterThan(50);
    expect(DOC).toMatch(/^## References/m);
  });

  it.each(CITING)('%s cites only tags it defines, and no document outside the repository', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/ORTHOTICS\.md/);
    for (const [, tag] of text.matchAll(/\[(CB-[a-z0-9-]+)\]/g)) expect(ENTRIES, `${file} cites [${tag}]`).toContain(tag);
  });
});
