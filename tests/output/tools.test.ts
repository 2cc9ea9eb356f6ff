import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { hasTool, prusaInfo, runAdmesh } from '../support/tools.js';
import { loadScan } from '../support/build.js';
import { readStl } from '../support/stl.js';

/**
 * The examples' STLs through the tools a lab uses: admesh (Debian) must find no disconnected or
 * degenerate facets, one part, nothing to repair; prusa-slicer --info must say manifold = yes, and
 * the examples must slice to G-code. CI installs both tools, so there they are required.
 */
const required = process.env.CI === 'true';
/** Every top-level example (not bad/ or rx/), listed at run time so new examples are covered. */
const allExamples = readdirSync('examples').filter((f) => f.endsWith('.json')).sort();
/**
 * The one-scan examples, for the library-level checks below (buildOrthotic takes one scan). Pair
 * files (a top-level "feet" array) are left out here; they, like the staged examples, go through
 * the CLI in the slicing test at the end, which builds every example.
 */
const examples = allExamples.filter((f) => !('feet' in (JSON.parse(readFileSync(`examples/${f}`, 'utf8')) as object)));
const dir = mkdtempSync(join(tmpdir(), 'orthotic-tools-'));
const built = new Map<string, { path: string; volume: number; size: [number, number, number] }>();
function stlOf(file: string, ascii = false) {
  const key = `${file}:${ascii}`;
  if (!built.has(key)) {
    const { mesh, report } = buildOrthotic(loadScan(`examples/${file}`));
    const path = join(dir, `${file.replace(/\.json$/, '')}${ascii ? '-ascii' : ''}.stl`);
    writeFileSync(path, toStl(mesh, { ascii }));
    const o = report.measured!.overall;
    // `measured` is of the device level, as prescribed; a device pitched for a shoe's heel is taller as
    // written: its height is that of the mesh itself (tests/geometry/shoe.test.ts checks the pitch).
    let zMin = Infinity, zMax = -Infinity;
    for (let i = 2; i < mesh.positions.length; i += 3) { zMin = Math.min(zMin, mesh.positions[i]!); zMax = Math.max(zMax, mesh.positions[i]!); }
    built.set(key, { path, volume: report.measured!.volumeMm3, size: [o.lengthMm, o.widthMm, report.shoe?.pitch ? zMax - zMin : o.heightMm] });
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
});

/**
 * Every example, built by the CLI (`orthotic build <example> -o <folder>/ --report`) and sliced by
 * `prusa-slicer --export-gcode` on a bed sized to the device. Building into a folder handles pair
 * files (one STL per foot) and staged series (one STL per stage) alike, so none is skipped: every
 * STL the CLI writes is sliced, and matched to its device in the report by the `-left`/`-right` and
 * `-stage-k-of-N` parts of its name.
 *
 * Slicing is most of the cost (about 7 s for m302 at 1 mm on 2 cores, 4 s at 1.5 mm; 18 devices
 * in all), so these builds use --resolution 1.5: the surface is within ~0.07 mm of the design, far
 * below a 0.3 mm layer, and the 1 mm builds are already checked by --info above.
 */
const SLICE_RESOLUTION_MM = '1.5';
const cli = resolve('dist/bin/orthotic.js');
interface DeviceReport {
  side: 'left' | 'right';
  stage: { index: number; count: number } | null;
  measured: { overall: { lengthMm: number; widthMm: number; heightMm: number }; volumeMm3: number };
  shoe: { pitch: unknown } | null;
}
describe.runIf(hasTool('prusa-slicer') || required)('prusa-slicer slices every example built by the CLI', () => {
  it.each(allExamples)('%s: every device slices to G-code; --info size and volume match the build', (file) => {
    if (!existsSync(cli)) throw new Error('dist/bin/orthotic.js is missing: run `npm run build` first');
    const name = file.replace(/\.json$/, '');
    const out = join(dir, 'cli', name);
    mkdirSync(out, { recursive: true });
    const reportPath = join(dir, 'cli', `${name}.report.json`);
    const b = spawnSync(process.execPath, [cli, 'build', `examples/${file}`, '-o', `${out}/`, '--report', reportPath, '--resolution', SLICE_RESOLUTION_MM], { encoding: 'utf8', timeout: 120_000 });
    expect(b.status, b.stderr + b.stdout).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as DeviceReport | { devices: DeviceReport[] };
    const devices = 'devices' in report ? report.devices : [report];
    const stls = readdirSync(out).filter((f) => f.endsWith('.stl')).sort();
    expect(stls.length, `STLs written: ${stls.join(', ')}`).toBe(devices.length);
    for (const stl of stls) {
      const path = join(out, stl);
      const side = /-(left|right)(?=[-.])/.exec(stl)?.[1];
      const stage = /-stage-(\d+)-of-\d+\./.exec(stl)?.[1];
      const matches = devices.filter((d) => (!side || d.side === side) && (!stage || d.stage?.index === Number(stage)));
      expect(matches.length, `${stl}: devices in the report that it could be`).toBe(1);
      const dev = matches[0]!;
      // The STL as written (float32) against prusa-slicer's reading of it and the CLI's own report.
      const { triangles } = readStl(readFileSync(path));
      const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < triangles.length; i++) {
        lo[i % 3] = Math.min(lo[i % 3]!, triangles[i]!);
        hi[i % 3] = Math.max(hi[i % 3]!, triangles[i]!);
      }
      const bbox = [0, 1, 2].map((k) => hi[k]! - lo[k]!);
      const o = dev.measured.overall;
      const info = prusaInfo(path);
      expect(info.manifold, `${stl}: manifold`).toBe(true);
      expect(info.parts, `${stl}: parts`).toBe(1);
      for (const k of [0, 1, 2]) {
        expect(Math.abs(info.size[k]! - bbox[k]!), `${stl}: --info size[${k}] ${info.size[k]} vs the STL's bounding box ${bbox[k]}`).toBeLessThan(0.5);
        // The report measures a device level; one pitched for a shoe's heel is taller as written.
        if (k === 2 && dev.shoe?.pitch) continue;
        expect(Math.abs(info.size[k]! - [o.lengthMm, o.widthMm, o.heightMm][k]!), `${stl}: --info size[${k}] ${info.size[k]} vs the report's overall size`).toBeLessThan(0.5);
      }
      expect(Math.abs(info.volume - dev.measured.volumeMm3) / dev.measured.volumeMm3, `${stl}: --info volume ${info.volume} vs the report's ${dev.measured.volumeMm3}`).toBeLessThan(1e-3);
      // A bed 20 mm larger than the device each way, the device centred on it.
      const w = Math.ceil(info.size[0] + 20), d = Math.ceil(info.size[1] + 20);
      const gcode = join(dir, 'cli', stl.replace(/\.stl$/, '.gcode'));
      const r = spawnSync('prusa-slicer', ['--export-gcode', '--bed-shape', `0x0,${w}x0,${w}x${d},0x${d}`, '--center', `${w / 2},${d / 2}`, path, '--output', gcode], { encoding: 'utf8', timeout: 300_000 });
      expect(r.status, `${stl}: ${r.stderr}${r.stdout}`).toBe(0);
      expect(existsSync(gcode) && statSync(gcode).size, `${stl}: G-code written`).toBeGreaterThan(0);
      // The slices reach the top of the device (its rim, or the arch's crest at the medial border),
      // so nothing was cut off or dropped: the last layer is sliced (at its mid-height) no higher
      // than the device, and within two and a half layer heights of its top (a crest narrower than
      // an extrusion line leaves no island in the layer through its tip).
      const text = readFileSync(gcode, 'utf8');
      const layers = [...text.matchAll(/^;Z:([\d.]+)$/gm)].map((m) => Number(m[1]));
      const layerHeight = Number(/^; layer_height = ([\d.]+)$/m.exec(text)?.[1]);
      expect(layers.length, `${stl}: layers in the G-code`).toBeGreaterThan(10);
      expect(/^G1 .*E[\d.]+/m.test(text), `${stl}: extrusion moves in the G-code`).toBe(true);
      const top = Math.max(...layers);
      expect(top - layerHeight / 2, `${stl}: top layer ${top} vs device height ${info.size[2]}`).toBeLessThanOrEqual(info.size[2]);
      expect(top, `${stl}: top layer ${top} vs device height ${info.size[2]}`).toBeGreaterThan(info.size[2] - 2.5 * layerHeight);
    }
  }, 600_000);
});
