import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl, type BuildReport, type DeviceGuides, type Prescription } from '../../src/index.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { readStl } from '../support/stl.js';
import { makeProbe, type Probe } from '../support/probe.js';
import { buildAndMeasure, loadScan } from '../support/build.js';
import { edgesAt } from '../support/guides.js';

/**
 * Every modification of the full prescription (issue 3), measured on the output mesh as re-read
 * from its STL: the device with the modification against the same device without it, probed with
 * vertical lines on the test side. Left and right feet. Tolerances: heights and depths ±0.15 mm,
 * angles ±0.25°, positions along the foot ±1.5 mm (the lattice is 1 mm).
 */

interface Built { report: BuildReport; guides: DeviceGuides; probe: Probe; triangles: Float32Array }

function build(file: string, rx: Prescription): Built {
  const { mesh, report, guides } = buildOrthotic(loadScan(file), rx);
  const { triangles } = readStl(toStl(mesh));
  return { report, guides, probe: makeProbe(triangles), triangles };
}

const feet = [
  { file: 'examples/m271-right-neutral.json', side: 'right' },
  { file: 'examples/w246-left-neutral.json', side: 'left' },
] as const;

/** y at a fraction `s` across the foot at x (0 medial edge, 1 lateral edge). */
const across = (g: DeviceGuides, x: number, s: number) => {
  const e = edgesAt(g, x);
  return e.medial - g.medialSign * s * e.width;
};

/** x of the metatarsal-head line at y (from the guides' polyline). */
function mthAt(g: DeviceGuides, y: number): number {
  const l = g.mthLine;
  for (let i = 0; i + 1 < l.length; i++) {
    const [xa, ya] = l[i]!, [xb, yb] = l[i + 1]!;
    if ((ya - y) * (yb - y) <= 0 && ya !== yb) return xa + ((y - ya) / (yb - ya)) * (xb - xa);
  }
  throw new Error(`y ${y} is off the MTH line`);
}

/** Top-surface height difference (with − without) at (x, y). */
const diff = (a: Built, b: Built, x: number, y: number) => a.probe.top(x, y)!.z - b.probe.top(x, y)!.z;

describe.each(feet)('modifications on $side foot ($file)', ({ file }) => {
  const base = build(file, {});
  const g = base.guides;
  const fl = base.report.foot.footLengthMm;
  const ms = g.medialSign;
  const [hx, hy] = g.heelCentre;
  const ballX = base.report.foot.landmarks.ballX;
  const closed = (b: Built) => {
    const r = checkClosedManifold(b.triangles);
    expect(r.problems).toEqual([]);
    expect(r.euler).toBe(2);
  };

  it('forefoot post: the forefoot plane tilts by the angle, the prescribed side up, flat on the floor', () => {
    for (const [wedge, angle, up] of [['varus', 4, ms], ['valgus', 3, -ms]] as const) {
      const b = build(file, { rearfootPost: null, forefootPost: { wedge, angle } });
      closed(b);
      const x = 0.68 * fl;
      const pts: Array<[number, number]> = [];
      for (let s = 0.2; s <= 0.8; s += 0.05) {
        const y = across(g, x, s);
        pts.push([y, b.probe.top(x, y)!.z]);
      }
      const n = pts.length, my = pts.reduce((a, p) => a + p[0], 0) / n, mz = pts.reduce((a, p) => a + p[1], 0) / n;
      const slope = pts.reduce((a, p) => a + (p[0] - my) * (p[1] - mz), 0) / pts.reduce((a, p) => a + (p[0] - my) ** 2, 0);
      expect(Math.abs((Math.atan(Math.abs(slope)) * 180) / Math.PI - angle)).toBeLessThanOrEqual(0.25);
      expect(Math.sign(slope)).toBe(up);
      const under = b.probe.hits(x, across(g, x, 0.5));
      expect(under[under.length - 1]).toBeCloseTo(0, 3);
    }
  });

  it('forefoot post to the sulcus or full length: the full one tilts the toes too, the sulcus one leaves them level', () => {
    const slopeDeg = (b: Built, x: number) => {
      const pts: Array<[number, number]> = [];
      for (let s = 0.25; s <= 0.75; s += 0.05) {
        const y = across(b.guides, x, s); // this device's own outline: it runs to the toes
        pts.push([y, b.probe.top(x, y)!.z]);
      }
      const n = pts.length, my = pts.reduce((a, p) => a + p[0], 0) / n, mz = pts.reduce((a, p) => a + p[1], 0) / n;
      const slope = pts.reduce((a, p) => a + (p[0] - my) * (p[1] - mz), 0) / pts.reduce((a, p) => a + (p[0] - my) ** 2, 0);
      return Math.sign(slope) * (Math.atan(Math.abs(slope)) * 180) / Math.PI;
    };
    const toes = 0.86 * fl;
    const full = build(file, { rearfootPost: null, length: 'full', forefootPost: { wedge: 'varus', angle: 3, extent: 'full' } });
    closed(full);
    expect(Math.abs(slopeDeg(full, 0.68 * fl) - 3 * ms)).toBeLessThanOrEqual(0.25);
    expect(Math.abs(slopeDeg(full, toes) - 3 * ms)).toBeLessThanOrEqual(0.25);
    const sulcus = build(file, { rearfootPost: null, length: 'full', forefootPost: { wedge: 'varus', angle: 3, extent: 'sulcus' } });
    expect(Math.abs(slopeDeg(sulcus, toes))).toBeLessThanOrEqual(0.25);
  });

  it('medial heel skive: raises the medial heel seat by its depth, the lateral side not at all', () => {
    const rx: Prescription = { rearfootPost: { wedge: 'medial', angle: 3 }, heelCupDepth: 16 };
    const without = build(file, rx);
    const b = build(file, { ...rx, medialHeelSkive: { depth: 3 } });
    closed(b);
    const hw = base.report.foot.heelWidthMm;
    let peak = 0, lateral = 0;
    for (let u = 0; u < hw / 2 - 2; u += 0.5) {
      peak = Math.max(peak, diff(b, without, hx, hy + ms * u));
      lateral = Math.max(lateral, Math.abs(diff(b, without, hx, hy - ms * u)));
    }
    expect(Math.abs(peak - 3)).toBeLessThanOrEqual(0.15);
    expect(lateral).toBeLessThan(0.01);
  });

  it('heel lift: raises the heel by its height, tapered to nothing at the ball, standing on the floor', () => {
    const b = build(file, { heelLift: 6 });
    closed(b);
    expect(Math.abs(diff(b, base, hx, hy) - 6)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(diff(b, base, ballX + 5, across(g, ballX + 5, 0.5)))).toBeLessThan(0.01);
    const under = b.probe.hits(hx, hy);
    expect(under[under.length - 1]).toBeCloseTo(0, 3);
  });

  it('metatarsal pad: a dome of the prescribed height with its distal edge the prescribed distance behind the MTH line', () => {
    const b = build(file, { metatarsalPad: { height: 5, behindMth: 8 } });
    closed(b);
    let peak = -Infinity, px = 0, py = 0;
    for (let x = 0.5 * fl; x < 0.8 * fl; x += 0.5) {
      for (let s = 0.1; s <= 0.7; s += 0.02) {
        const y = across(g, x, s);
        const d = diff(b, base, x, y);
        if (d > peak) { peak = d; px = x; py = y; }
      }
    }
    expect(Math.abs(peak - 5)).toBeLessThanOrEqual(0.15);
    let edge = px;
    while (diff(b, base, edge + 0.25, py) > 0.02) edge += 0.25;
    expect(Math.abs(mthAt(g, py) - edge - 8)).toBeLessThanOrEqual(1.5);
    // Centred between MTH2 and MTH3 (0.25-0.45 of the way across).
    const s = (ms * (edgesAt(g, px).medial - py)) / edgesAt(g, px).width;
    expect(s).toBeGreaterThan(0.25);
    expect(s).toBeLessThan(0.45);
  });

  it('metatarsal bar: a ridge of the prescribed height across the foot, behind the MTH line', () => {
    const b = build(file, { metatarsalBar: { height: 4, behindMth: 6 } });
    closed(b);
    for (const s of [0.2, 0.5, 0.8]) {
      let peak = -Infinity, px = 0;
      for (let x = 0.45 * fl; x < 0.8 * fl; x += 0.5) {
        const d = diff(b, base, x, across(g, x, s));
        if (d > peak) { peak = d; px = x; }
      }
      expect(Math.abs(peak - 4)).toBeLessThanOrEqual(0.15);
      const y = across(g, px, s);
      let edge = px;
      while (diff(b, base, edge + 0.25, y) > 0.02) edge += 0.25;
      expect(Math.abs(mthAt(g, y) - edge - 6)).toBeLessThanOrEqual(1.5);
    }
  });

  it('plantar-fascia groove and heel-spur relief: recesses of the prescribed depth, medial of the heel centre line', () => {
    for (const rx of [{ plantarFasciaGroove: { depth: 2 } }, { heelSpurRelief: { depth: 2.5 } }] as Prescription[]) {
      const want = rx.plantarFasciaGroove ? 2 : 2.5;
      const b = build(file, { ...rx, shellThickness: 4.5 });
      const without = build(file, { shellThickness: 4.5 });
      closed(b);
      let low = 0, ly = 0;
      for (let x = 0.1 * fl; x < 0.6 * fl; x += 1) {
        for (let s = 0.05; s <= 0.95; s += 0.03) {
          const y = across(g, x, s);
          const d = diff(b, without, x, y);
          if (d < low) { low = d; ly = y; }
        }
      }
      expect(Math.abs(-low - want)).toBeLessThanOrEqual(0.15);
      expect(ms * (ly - hy)).toBeGreaterThan(0);
    }
  });

  it('first-ray cut-out, bunion and bunionette relief: lowered under MTH1, at the medial edge at MTH1, at the lateral edge at MTH5', () => {
    const without = build(file, { shellThickness: 4 });
    const cut = build(file, { shellThickness: 4, firstRayCutout: { depth: 2 } });
    closed(cut);
    expect(Math.abs(-diff(cut, without, ballX, across(g, ballX, 0.1)) - 2)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(diff(cut, without, ballX, across(g, ballX, 0.7)))).toBeLessThan(0.01);

    const bunion = build(file, { shellThickness: 4, bunionRelief: { depth: 2 } });
    closed(bunion);
    const e = edgesAt(g, ballX);
    expect(Math.abs(-diff(bunion, without, ballX, e.medial - ms * 0.3) - 2)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(diff(bunion, without, ballX, e.lateral + ms * 0.3))).toBeLessThan(0.01);

    const tailor = build(file, { shellThickness: 4, bunionetteRelief: { depth: 1.5 } });
    closed(tailor);
    const x5 = mthAt(g, g.mthLine[g.mthLine.length - 1]![1]);
    const e5 = edgesAt(g, x5);
    expect(Math.abs(-diff(tailor, without, x5, e5.lateral + ms * 0.3) - 1.5)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(diff(tailor, without, x5, e5.medial - ms * 0.3))).toBeLessThan(0.01);
  });

  it("Morton's and reverse Morton's extensions: platforms under the first ray or under MTH 2-5", () => {
    const x = ballX + 0.08 * fl;
    const m = build(file, { mortonsExtension: { height: 3 } });
    const r = build(file, { reverseMortonsExtension: { height: 2.5 } });
    closed(m);
    closed(r);
    expect(Math.abs(diff(m, base, x, across(g, x, 0.1)) - 3)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(diff(m, base, x, across(g, x, 0.7)))).toBeLessThan(0.01);
    expect(Math.abs(diff(r, base, x, across(g, x, 0.7)) - 2.5)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(diff(r, base, x, across(g, x, 0.1)))).toBeLessThan(0.01);
  });

  it('flanges: the medial and lateral edges raised by the prescribed height', () => {
    const b = build(file, { medialFlange: 8, lateralFlange: 5 });
    closed(b);
    // The rim: the highest top-surface point at each edge at mid-arch (the outline's own vertices),
    // against the surface the flange stands on there.
    const x = 0.4 * fl;
    const e = edgesAt(g, x);
    const t = base.report.prescription.applied.shellThickness;
    const edgeTop = (d: Built, edgeY: number) => {
      let best = -Infinity;
      for (let i = 0; i < d.triangles.length; i += 3) {
        if (Math.abs(d.triangles[i]! - x) > 0.6 || Math.abs(d.triangles[i + 1]! - edgeY) > 1) continue;
        best = Math.max(best, d.triangles[i + 2]!);
      }
      return best;
    };
    // Medial: the arch rises to the edge, so the flange stands on the device's own arch surface at
    // the edge, which the device without flanges shows (what the arch leaves of the heel cup there
    // is nothing: 0.4 FL is past most of the cup's taper and the arch at the border is higher).
    // But the medial flange covers the station where the arch height is set, which moves just inside
    // its wall: the arch's amplitude changes, its shape (the factor at each point) does not. So the
    // surface under the flange is the plain device's arch scaled by the ratio of the two amplitudes,
    // read 14 mm inside the medial edge, past both walls (an 8 mm flange's wall is under 10 mm
    // wide): the top minus the shell there is each amplitude × the same factor.
    const inside = e.medial - ms * 14;
    const ratio = (b.probe.top(x, inside)!.z - t) / (base.probe.top(x, inside)!.z - t);
    expect(ratio).toBeGreaterThan(1);
    const medial = edgeTop(b, e.medial) - (t + ratio * (edgeTop(base, e.medial) - t));
    expect(Math.abs(medial - 8)).toBeLessThanOrEqual(0.3);
    // Lateral: no arch at the lateral edge, and the lateral column flat; a direct difference with the
    // surface 13 mm inside (past the flange's wall).
    const lateral = edgeTop(b, e.lateral) - b.probe.top(x, e.lateral + ms * 13)!.z;
    expect(Math.abs(lateral - 5)).toBeLessThanOrEqual(0.3);
  });

  it('arch fill lowers the apex by its amount; a top cover deepens the shell cup by its thickness', () => {
    const scan = loadScan(file);
    const plain = buildAndMeasure(scan, {});
    const fill = buildAndMeasure(scan, { archFill: 3 });
    expect(Math.abs(plain.m.archHeightMm - fill.m.archHeightMm - 3)).toBeLessThanOrEqual(0.2);
    const cover = buildAndMeasure(scan, { topCover: 2 });
    expect(Math.abs(cover.m.heelCupDepthMm - plain.m.heelCupDepthMm - 2)).toBeLessThanOrEqual(0.2);
  });

  it('filled construction: a flat underside on the floor everywhere, the top unchanged', () => {
    const b = build(file, { construction: 'filled' });
    closed(b);
    const end = Math.max(...g.deviceOutline.map((p) => p[0]));
    for (let x = 0.05 * fl; x < end - 5; x += 0.05 * fl) {
      for (const s of [0.2, 0.5, 0.8]) {
        const y = across(g, x, s);
        const h = b.probe.hits(x, y);
        expect(h.length, `hits at ${x}, ${y}`).toBe(2);
        expect(h[1]).toBeCloseTo(0, 4);
        expect(Math.abs(diff(b, base, x, y))).toBeLessThan(1e-3);
      }
    }
  });

  it('everything at once stays a closed 2-manifold, with each modification still where it was', () => {
    const rx: Prescription = {
      shellThickness: 4, heelCupDepth: 16, rearfootPost: { wedge: 'medial', angle: 3 }, medialHeelSkive: { depth: 2 },
      forefootPost: { wedge: 'varus', angle: 1 }, heelLift: 3, archFill: 2, metatarsalPad: {}, mortonsExtension: { height: 2 },
      plantarFasciaGroove: {}, heelSpurRelief: { depth: 2 }, bunionetteRelief: {}, medialFlange: 6, lateralFlange: 4, topCover: 1.5,
    };
    const b = build(file, rx);
    closed(b);
    // Only the total height under the heel (4 shell + post + 2 skive + 3 lift + 1.5 cover) is past a warn level.
    expect(b.report.warnings.map((w) => w.split(' of ')[0])).toEqual(['total height under the heel']);
    const noLift = build(file, { ...rx, heelLift: 0 });
    expect(Math.abs(diff(b, noLift, hx, hy) - 3)).toBeLessThanOrEqual(0.05);
    expect(b.report.measured!.heelCupDepthMm).toBeCloseTo(17.5, 1);
  });

  it('refuses a forefoot post or a Morton\'s extension on a device too short for it, naming the field', () => {
    const problems = (rx: Prescription) => {
      try {
        buildOrthotic(loadScan(file), rx, { resolutionMm: 2 });
      } catch (err) {
        return (err as { problems: Array<{ pointer: string; rule: string }> }).problems;
      }
      throw new Error('expected a refusal');
    };
    expect(problems({ length: 'three-quarter', forefootPost: { wedge: 'varus', angle: 2 } })[0]).toMatchObject({ pointer: '/prescription/forefootPost', rule: expect.stringContaining('needs a sulcus or full-length device, not three-quarter') });
    expect(problems({ length: 'sulcus', forefootPost: { wedge: 'varus', angle: 2, extent: 'full' } })[0]?.rule).toContain("needs a full-length device, not sulcus");
    expect(problems({ length: 'three-quarter', mortonsExtension: {} })[0]).toMatchObject({ pointer: '/prescription/mortonsExtension' });
  });
});
