/**
 * The cuboid pad, the modification added through the registry (src/modifications/cuboidPad.ts):
 * measured on the re-read STL against the same device without it, on both feet; closed; limited
 * (warn, refuse, clamp); staged; labelled on the sheet and in the viewer. Tolerances as for every
 * modification (tests/geometry/modifications.test.ts): height ±0.15 mm, position along the foot ±1.5 mm.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildOrder, buildOrthotic, LimitError, renderSheetHtml, renderViewerHtml, toStl, type DeviceGuides, type Prescription } from '../../src/index.js';
import { CUBOID_PAD_RULES } from '../../src/modifications/index.js';
import { loadScan } from '../support/build.js';
import { edgesAt } from '../support/guides.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { makeProbe, type Probe } from '../support/probe.js';
import { readStl } from '../support/stl.js';

function build(file: string, rx: Prescription): { probe: Probe; triangles: Float32Array; guides: DeviceGuides; warnings: string[]; fl: number } {
  const { mesh, report, guides } = buildOrthotic(loadScan(file), rx);
  const { triangles } = readStl(toStl(mesh));
  return { probe: makeProbe(triangles), triangles, guides, warnings: report.warnings, fl: report.foot.footLengthMm };
}

const feet = ['examples/m271-right-neutral.json', 'examples/w246-left-neutral.json'];

describe.each(feet)('cuboid pad on %s', (file) => {
  const base = build(file, {});
  const g = base.guides;
  const fl = base.fl;
  const rise = (b: ReturnType<typeof build>, x: number, y: number) => b.probe.top(x, y)!.z - base.probe.top(x, y)!.z;

  it('is a dome of the prescribed height on the lateral column, its distal edge the prescribed distance behind the fifth metatarsal base', () => {
    const b = build(file, { cuboidPad: { height: 4, behindMet5Base: 5 } });
    const r = checkClosedManifold(b.triangles);
    expect(r.problems).toEqual([]);
    expect(r.euler).toBe(2);
    let peak = -Infinity, px = 0, py = 0, ps = 0;
    for (let x = 0.15 * fl; x < 0.6 * fl; x += 0.5) {
      const e = edgesAt(g, x);
      for (let s = 0.02; s <= 0.98; s += 0.02) {
        const y = e.medial - g.medialSign * s * e.width;
        const d = rise(b, x, y);
        if (d > peak) { peak = d; px = x; py = y; ps = s; }
      }
    }
    expect(Math.abs(peak - 4)).toBeLessThanOrEqual(0.15);
    expect(ps).toBeGreaterThan(0.6); // the lateral column, clear of the arch
    expect(ps).toBeLessThan(0.9);
    let edge = px;
    while (rise(b, edge + 0.25, py) > 0.02) edge += 0.25;
    const mth5 = g.mthLine[g.mthLine.length - 1]![0];
    const met5Base = mth5 - CUBOID_PAD_RULES.met5BaseBehindMth5 * fl;
    expect(Math.abs(met5Base - edge - 5)).toBeLessThanOrEqual(1.5);
    // Nothing else moves: the arch apex, the heel seat and the forefoot are where they were.
    for (const [x, y] of [g.archApex, g.heelCentre, [0.8 * fl, edgesAt(g, 0.8 * fl).medial - g.medialSign * 0.5 * edgesAt(g, 0.8 * fl).width]] as Array<[number, number]>) {
      expect(Math.abs(rise(b, x, y))).toBeLessThan(1e-3);
    }
  });

  it('warns above 6 mm, refuses above 10 mm naming the field, and --clamp builds it at 10 mm', () => {
    expect(build(file, { cuboidPad: { height: 7 } }).warnings.join('\n')).toMatch(/cuboid pad height 7 mm is above the warning level of 6 mm.*CB-cuboid-pad/);
    let err: unknown;
    try { buildOrthotic(loadScan(file), { cuboidPad: { height: 12 } }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).problems[0]!.pointer).toBe('/prescription/cuboidPad/height');
    const clamped = buildOrthotic(loadScan(file), { cuboidPad: { height: 12 } }, { clamp: true });
    expect(clamped.report.prescription.applied.cuboidPad).toMatchObject({ height: 10 });
  });
});

describe('cuboid pad in a staged series, on the sheet and in the viewer', () => {
  const order = buildOrder(loadScan('examples/m271-right-neutral.json'), { cuboidPad: { height: 4 } }, { stages: 2, resolutionMm: 2 });

  it('grows by stages within its step limit (2 mm)', () => {
    expect(order.devices.map((d) => d.report.prescription.applied.cuboidPad?.height)).toEqual([2, 4]);
    expect(order.series[0]!.corrections.map((c) => c.label)).toContain('cuboid pad');
    expect(() => buildOrder(loadScan('examples/m271-right-neutral.json'), { cuboidPad: { height: 6 } }, { stages: 2, resolutionMm: 2 })).toThrow(LimitError);
  });

  it('is labelled on the sign-off sheet and in the viewer panel', () => {
    // Each stage's prescription row, every part named (the limits table lists the pad whatever the prescription).
    const rows = [...renderSheetHtml(order.devices, { date: '2026-12-06', series: order.series }).matchAll(/<tr data-field="cuboidPad"><th>Cuboid pad<\/th><td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual([2, 4].map((h) => `height ${h}.0 mm, width 20.0 mm, length 28.0 mm, behind the fifth metatarsal base 3.0 mm`));
    expect(renderViewerHtml(order.devices.slice(1))).toContain('<th>Cuboid pad</th><td data-field="asked.cuboidPad">4 mm high, 20 mm wide, 28 mm long, 3 mm behind the fifth metatarsal base</td>');
  });
});

describe('the registry-owned parts of the committed schemas and built-in limits', () => {
  it('are fresh (npm run gen:schemas)', () => {
    const r = spawnSync(process.execPath, ['dist/scripts/gen-schemas.js', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
