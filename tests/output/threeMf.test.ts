import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { to3mf } from '../../src/export/index.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { readStl } from '../support/stl.js';
import { unzip } from '../support/unzip.js';
import { hasTool, prusaInfo } from '../support/tools.js';
import { loadScan } from '../support/build.js';

/** 3MF: read back with a test-side unzip and XML scan, and checked by prusa-slicer where installed. */
const right = buildOrthotic(loadScan('examples/m271-right-neutral.json'), undefined, { resolutionMm: 2 });
const left = buildOrthotic(loadScan('examples/w246-left-neutral.json'), undefined, { resolutionMm: 2 });
const pair = () => to3mf(
  [
    { mesh: right.mesh, name: 'm271 (right)', metadata: { id: right.report.id, side: 'right' } },
    { mesh: left.mesh, name: 'w246 (left)', metadata: { id: left.report.id, side: 'left' } },
  ],
  { metadata: { Title: 'pair', Application: 'orthotic test' } },
);

/** The objects of a 3D model file: triangle soups (in object coordinates) and their build y-offsets. */
function objects(model: string): Array<{ name: string; triangles: Float32Array; dy: number }> {
  const out: Array<{ name: string; triangles: Float32Array; dy: number }> = [];
  for (const m of model.matchAll(/<object id="(\d+)"[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/object>/g)) {
    const verts = [...m[3]!.matchAll(/<vertex x="([^"]+)" y="([^"]+)" z="([^"]+)"\/>/g)].map((v) => [Number(v[1]), Number(v[2]), Number(v[3])]);
    const tris = [...m[3]!.matchAll(/<triangle v1="(\d+)" v2="(\d+)" v3="(\d+)"\/>/g)];
    const soup = new Float32Array(9 * tris.length);
    tris.forEach((t, i) => [1, 2, 3].forEach((k, j) => soup.set(verts[Number(t[k])]!, 9 * i + 3 * j)));
    const item = new RegExp(`<item objectid="${m[1]}" transform="([^"]+)"`).exec(model);
    out.push({ name: m[2]!, triangles: soup, dy: Number(item![1]!.split(' ')[10]) });
  }
  return out;
}

describe('3MF', () => {
  it('is a valid package: content types, relationship to the model, units in mm, metadata', () => {
    const files = unzip(pair());
    expect([...files.keys()].sort()).toEqual(['3D/3dmodel.model', '[Content_Types].xml', '_rels/.rels']);
    expect(new TextDecoder().decode(files.get('_rels/.rels'))).toContain('Target="/3D/3dmodel.model"');
    const model = new TextDecoder().decode(files.get('3D/3dmodel.model'));
    expect(model).toMatch(/<model unit="millimeter"/);
    expect(model).toContain('<metadata name="Title">pair</metadata>');
    expect(model).toContain('<metadata name="side">left</metadata>');
  });

  it('holds each device as a closed 2-manifold with the same triangles as its STL', () => {
    const model = new TextDecoder().decode(unzip(pair()).get('3D/3dmodel.model'));
    const [a, b] = objects(model);
    expect(checkClosedManifold(a!.triangles).problems).toEqual([]);
    expect(checkClosedManifold(b!.triangles).problems).toEqual([]);
    const stl = readStl(toStl(right.mesh)).triangles;
    expect(a!.triangles.length).toBe(stl.length);
    let same = 0;
    for (let i = 0; i < stl.length; i++) if (a!.triangles[i] === stl[i]) same++;
    expect(same).toBe(stl.length); // coordinates round-trip float32 exactly
  });

  it('places a pair side by side on the bed without overlap', () => {
    const [a, b] = objects(new TextDecoder().decode(unzip(pair()).get('3D/3dmodel.model')));
    const yr = (o: { triangles: Float32Array; dy: number }) => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 1; i < o.triangles.length; i += 3) { lo = Math.min(lo, o.triangles[i]! + o.dy); hi = Math.max(hi, o.triangles[i]! + o.dy); }
      return [lo, hi] as const;
    };
    const [, aHi] = yr(a!), [bLo] = yr(b!);
    expect(bLo - aHi).toBeCloseTo(10, 3);
  });

  it('is deterministic', () => {
    expect(Buffer.compare(Buffer.from(pair()), Buffer.from(pair()))).toBe(0);
  });

  it('is what `orthotic build -o x.3mf` writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orthotic-3mf-'));
    const r = spawnSync(process.execPath, ['dist/bin/orthotic.js', 'build', 'examples/w246-left-neutral.json', '-o', join(dir, 'x.3mf'), '--resolution', '2'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = unzip(readFileSync(join(dir, 'x.3mf')));
    expect(objects(new TextDecoder().decode(files.get('3D/3dmodel.model')))).toHaveLength(1);
    const bad = spawnSync(process.execPath, ['dist/bin/orthotic.js', 'build', 'examples/w246-left-neutral.json', '-o', join(dir, 'y.3mf'), '--ascii'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });

  it.runIf(hasTool('prusa-slicer') || process.env.CI === 'true')('prusa-slicer --info reads both devices as manifold', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orthotic-3mf-')), 'pair.3mf');
    writeFileSync(path, pair());
    const info = prusaInfo(path);
    expect(info.manifold).toBe(true);
    expect(info.raw.match(/manifold = yes/g)).toHaveLength(2);
  });
});
