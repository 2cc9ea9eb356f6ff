import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../src/index.js';
import { hasTool, prusaInfo, runAdmesh } from './support/tools.js';
import { loadScan } from './support/build.js';

/**
 * The examples' STLs through the tools a lab uses: admesh (Debian) must find no disconnected or
 * degenerate facets, one part, nothing to repair; prusa-slicer --info must say manifold = yes, and
 * the examples must slice to G-code. CI installs both tools, so there they are required.
 */
const required = process.env.CI === 'true';
const examples = readdirSync('examples').filter((f) => f.endsWith('.json')).sort();
const dir = mkdtempSync(join(tmpdir(), 'orthotic-tools-'));
const built = new Map<string, { path: string; volume: number; size: [number, number, number] }>();
function stlOf(file: string, ascii = false) {
  const key = `${file}:${ascii}`;
  if (!built.has(key)) {
    const { mesh, report } = buildOrthotic(loadScan(`examples/${file}`));
    const path = join(dir, `${file.replace(/\.json$/, '')}${ascii ? '-ascii' : ''}.stl`);
    writeFileSync(path, toStl(mesh, { ascii }));
    const o = report.measured!.overall;
    built.set(key, { path, volume: report.measured!.volumeMm3, size: [o.lengthMm, o.widthMm, o.heightMm] });
  }
  return built.get(key)!;
}

describe.runIf(hasTool('admesh') || required)('admesh', () => {
  it.each(examples)('%s: no disconnected or degenerate facets, one part, nothing repaired', (file) => {
    const { path, volume } = stlOf(file);
    const a = runAdmesh(path);
    expect(a.disconnectedFacets).toBe(0);
    expect(a.degenerateFacets).toBe(0);
    expect(a.parts).toBe(1);
    expect([a.edgesFixed, a.facetsRemoved, a.facetsAdded, a.facetsReversed, a.backwardsEdges, a.normalsFixed]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Math.abs(a.volume - volume) / volume).toBeLessThan(1e-3); // admesh sums in float32
  });
  it('reads the ASCII STL the same way', () => {
    const a = runAdmesh(stlOf(examples[0]!, true).path);
    expect(a.disconnectedFacets).toBe(0);
    expect(a.parts).toBe(1);
  });
});

describe.runIf(hasTool('prusa-slicer') || required)('prusa-slicer', () => {
  it.each(examples)('%s: --info reports manifold = yes and the device size', (file) => {
    const { path, size } = stlOf(file);
    const info = prusaInfo(path);
    expect(info.manifold).toBe(true);
    expect(info.size[0]).toBeCloseTo(size[0], 1);
    expect(info.size[1]).toBeCloseTo(size[1], 1);
    expect(info.size[2]).toBeCloseTo(size[2], 1);
  });
  it('slices an example to G-code on a bed large enough for it', () => {
    const { path } = stlOf('m271-right-neutral.json');
    const out = join(dir, 'm271.gcode');
    const r = spawnSync('prusa-slicer', ['--export-gcode', '--bed-shape', '0x0,350x0,350x350,0x350', '--center', '175,175', path, '--output', out], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(readdirSync(dir)).toContain('m271.gcode');
  }, 300_000);
});
