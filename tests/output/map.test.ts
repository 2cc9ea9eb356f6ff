import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrthotic, type BuiltOrthotic } from '../../src/index.js';
import { LEVEL_SNAP_MM } from '../../src/preview/map/contourTopSurface.js';
import { MAP_DEFAULTS, renderMapPng, renderMapSvg, SCALE_BAR_MM } from '../../src/preview/map/index.js';
import { loadScan } from '../support/build.js';
import { allElements, parseXml, textOf, type XmlElement } from '../support/xml.js';

/**
 * The top-view map, measured: the SVG is parsed (strictly well-formed) and its geometry checked
 * against the mesh it was drawn from, by the test's own point location on the top surface:
 * contour levels, contour points on their iso-height, contours inside the device outline, the
 * plan's transform, the scale bar, the arch apex and post labels, medial/lateral sides for both
 * feet and both post sides. Then the PNG (resvg): signature, size, a non-blank picture, and text
 * drawn when a font is installed. Maps are written to tests/artifacts/ to be looked at.
 */
const ARTIFACTS = 'tests/artifacts';
const RES = { resolutionMm: 2 };
const rx = { rearfootPost: { wedge: 'medial', angle: 4 } };
const CASES = {
  'right, medial post': () => buildOrthotic(loadScan('examples/m271-right-neutral.json'), undefined, RES),
  'right, lateral post': () => buildOrthotic(loadScan('examples/w265-right-lateral-post.json'), undefined, RES),
  'left, lateral post': () => buildOrthotic(loadScan('examples/w232-left-high-arch.json'), undefined, RES),
  'left, medial post': () => buildOrthotic(loadScan('examples/w246-left-neutral.json'), rx, RES),
  'right, three-quarter, 7° medial post': () => buildOrthotic(loadScan('examples/m290-right-flat.json'), undefined, RES),
  'left, sulcus, no post': () => buildOrthotic(loadScan('examples/w246-left-neutral.json'), undefined, RES),
} as const;
type Case = keyof typeof CASES;
const built = new Map<Case, { d: BuiltOrthotic; svg: string; doc: XmlElement }>();
function get(c: Case) {
  if (!built.has(c)) {
    const d = CASES[c]();
    const svg = renderMapSvg(d);
    built.set(c, { d, svg, doc: parseXml(svg) });
  }
  return built.get(c)!;
}
const slug = (c: string) => c.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));

// ---- reading the SVG --------------------------------------------------------------------------
const byId = (doc: XmlElement, id: string): XmlElement | undefined => allElements(doc).find((e) => e.attrs.id === id);
const byClass = (doc: XmlElement, cls: string): XmlElement[] => allElements(doc).filter((e) => (e.attrs.class ?? '').split(' ').includes(cls));
/** Subpaths of path data: point lists (x, y pairs), whether closed. */
function subpaths(d: string): Array<{ pts: Array<[number, number]>; closed: boolean }> {
  return d.split(/(?=M)/).filter(Boolean).map((s) => {
    const nums = (s.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
    const pts: Array<[number, number]> = [];
    for (let k = 0; k + 1 < nums.length; k += 2) pts.push([nums[k]!, nums[k + 1]!]);
    return { pts, closed: /Z\s*$/.test(s) };
  });
}
/** The plan group's matrix(a b c d e f): page u = a x + c y + e, v = b x + d y + f. */
function planMatrix(doc: XmlElement): number[] {
  const m = /^matrix\(([^)]+)\)$/.exec(byId(doc, 'plan')!.attrs.transform ?? '');
  expect(m).not.toBeNull();
  return m![1]!.trim().split(/[\s,]+/).map(Number);
}
const toPage = (m: number[], x: number, y: number): [number, number] => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];

// ---- the test's own view of the top surface ---------------------------------------------------
function topZRange(d: BuiltOrthotic): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let v = 0; v < d.guides.layout.topVertexCount; v++) {
    lo = Math.min(lo, d.mesh.positions[3 * v + 2]!);
    hi = Math.max(hi, d.mesh.positions[3 * v + 2]!);
  }
  return [lo, hi];
}
/**
 * Distance from (x, y) to the exact iso-line z = level of the top surface: the test's own
 * per-triangle linear interpolation over a grid of the top triangles (independent of the map code).
 */
function isoDistance(d: BuiltOrthotic): (level: number, x: number, y: number) => number {
  const p = d.mesh.positions, ix = d.mesh.indices, cell = 4;
  const grid = new Map<string, number[]>();
  for (let t = 0; t < d.guides.layout.topTriangleCount; t++) {
    const xs = [0, 1, 2].map((k) => p[3 * ix[3 * t + k]!]!), ys = [0, 1, 2].map((k) => p[3 * ix[3 * t + k]! + 1]!);
    for (let i = Math.floor(Math.min(...xs) / cell); i <= Math.floor(Math.max(...xs) / cell); i++)
      for (let j = Math.floor(Math.min(...ys) / cell); j <= Math.floor(Math.max(...ys) / cell); j++) {
        const key = `${i},${j}`;
        (grid.get(key) ?? grid.set(key, []).get(key)!).push(t);
      }
  }
  return (level, x, y) => {
    let best = Infinity;
    const ci = Math.floor(x / cell), cj = Math.floor(y / cell);
    for (let i = ci - 1; i <= ci + 1; i++) for (let j = cj - 1; j <= cj + 1; j++) for (const t of grid.get(`${i},${j}`) ?? []) {
      const v = [0, 1, 2].map((k) => 3 * ix[3 * t + k]!);
      const cuts: Array<[number, number]> = [];
      for (let e = 0; e < 3; e++) {
        // a height within LEVEL_SNAP_MM of the level counts as at it (as the map documents)
        const snap = (z: number) => (Math.abs(z - level) <= LEVEL_SNAP_MM ? level : z);
        const a = v[e]!, b = v[(e + 1) % 3]!, za = snap(p[a + 2]!), zb = snap(p[b + 2]!);
        if ((za - level) * (zb - level) > 0 || za === zb) continue;
        const s = (level - za) / (zb - za);
        cuts.push([p[a]! + s * (p[b]! - p[a]!), p[a + 1]! + s * (p[b + 1]! - p[a + 1]!)]);
      }
      for (let m = 0; m + 1 < cuts.length; m++) {
        const [ax, ay] = cuts[m]!, [bx, by] = cuts[m + 1]!;
        const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
        const s = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
        best = Math.min(best, Math.hypot(ax + s * dx - x, ay + s * dy - y));
      }
    }
    return best;
  };
}
function inside(poly: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!, [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
function distanceToLoop(poly: ReadonlyArray<readonly [number, number]>, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!, [bx, by] = poly[i]!;
    const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

describe('renderMapSvg', () => {
  it.each(Object.keys(CASES) as Case[])('%s: well-formed, contour levels match the surface, every contour point lies on its iso-height inside the device', (c) => {
    const { d, svg, doc } = get(c);
    writeFileSync(`${ARTIFACTS}/map-${slug(c)}.svg`, svg);
    expect(doc.name).toBe('svg');
    const [zmin, zmax] = topZRange(d);
    const step = Number(doc.attrs['data-contour-step-mm']);
    expect(step).toBe(MAP_DEFAULTS.contourStepMm);
    const contours = byClass(doc, 'contour');
    const levels = contours.map((e) => Number(e.attrs['data-mm']));
    // every whole step strictly above the lowest point and up to the highest, each once
    const expected: number[] = [];
    for (let k = Math.floor(zmin / step) + 1; k * step <= zmax; k++) if (k * step > zmin + 0.01) expected.push(k * step);
    expect(levels).toEqual(expected);
    expect(Math.max(...levels)).toBeLessThanOrEqual(zmax);
    expect(Math.min(...levels)).toBeGreaterThan(zmin);

    const iso = isoDistance(d);
    const outline = d.guides.deviceOutline;
    let points = 0, offLevel = 0;
    for (const path of contours) {
      const level = Number(path.attrs['data-mm']);
      for (const { pts } of subpaths(path.attrs.d!)) {
        expect(pts.length).toBeGreaterThanOrEqual(2);
        for (const [x, y] of pts) {
          points++;
          // inside the device outline (coordinates are rounded to 0.1 mm)
          if (!inside(outline, x, y)) expect(distanceToLoop(outline, x, y)).toBeLessThan(0.1);
          // on the exact iso-line, to the rounding of x and y to 0.1 mm (at most 0.05·√2 away)
          if (iso(level, x, y) > 0.0711) offLevel++;
        }
      }
    }
    expect(points).toBeGreaterThan(100);
    expect(offLevel).toBe(0);
    // the colour bands: one below the first contour, one per contour, and a legend swatch each
    expect(byClass(doc, 'band').length).toBe(levels.length + 1);
    expect(byClass(doc, 'swatch').length).toBeGreaterThanOrEqual(levels.length);
  });

  it.each(Object.keys(CASES) as Case[])('%s: plan transform, scale bar, outlines, arch apex, sides and post drawn where they are', (c) => {
    const { d, doc } = get(c);
    const r = d.report, g = d.guides;
    // The plan is in the foot frame: toes up (v = F - x), and seen from above (u = E - y).
    const m = planMatrix(doc);
    expect(m.slice(0, 4)).toEqual([0, -1, -1, 0]);
    const unitsPerMm = Math.hypot(m[0]!, m[1]!);
    // The scale bar is SCALE_BAR_MM long in the plan's own units.
    const bar = byId(doc, 'scale-bar')!;
    expect(Number(bar.attrs['data-length-mm'])).toBe(SCALE_BAR_MM);
    const barRect = allElements(bar).find((e) => e.attrs.class === 'bar')!;
    expect(Number(barRect.attrs.width)).toBeCloseTo(SCALE_BAR_MM * unitsPerMm, 6);
    // ... and the document's pixel size keeps pxPerMm px to a drawing mm
    const vb = doc.attrs.viewBox!.split(' ').map(Number);
    expect(Number(doc.attrs.width) / vb[2]!).toBeCloseTo(MAP_DEFAULTS.pxPerMm, 1);
    // The device outline drawn is the guide's, to the 0.1 mm rounding.
    const dev = subpaths(byId(doc, 'device-outline')!.attrs.d!)[0]!;
    const gx = g.deviceOutline.map(([x]) => x);
    expect(Math.max(...dev.pts.map(([x]) => x))).toBeCloseTo(Math.max(...gx), 1);
    expect(Math.min(...dev.pts.map(([x]) => x))).toBeCloseTo(Math.min(...gx), 1);
    // Arch apex: marker at the guide's apex, label = the measured arch height.
    const apex = allElements(byId(doc, 'arch-apex')!).find((e) => e.name === 'circle')!;
    const [au, av] = toPage(m, g.archApex[0], g.archApex[1]);
    expect(Math.abs(Number(apex.attrs.cx) - au)).toBeLessThanOrEqual(0.1 + 1e-9); // both rounded to 0.1
    expect(Math.abs(Number(apex.attrs.cy) - av)).toBeLessThanOrEqual(0.1 + 1e-9);
    const archLabel = byId(doc, 'arch-label')!;
    expect(textOf(archLabel)).toBe(`arch apex ${r.measured!.archHeightMm.toFixed(1)} mm`);
    // Medial and lateral: for a right foot (medial +y) medial is drawn on the left.
    const medialU = Number(byId(doc, 'medial-side')!.attrs.x), lateralU = Number(byId(doc, 'lateral-side')!.attrs.x);
    expect(textOf(byId(doc, 'medial-side')!)).toMatch(/MEDIAL/);
    expect(medialU < lateralU).toBe(r.side === 'right');
    expect(toPage(m, 0, 10)[0] < toPage(m, 0, -10)[0]).toBe(true); // +y (the foot's left) to the page's left
    // Rearfoot post: label names the applied side and angle; the arrow points up the slope.
    const post = r.prescription.applied.rearfootPost;
    const label = byId(doc, 'post-label');
    if (!post) {
      expect(label).toBeUndefined();
      expect(byId(doc, 'post-region')).toBeUndefined();
      return;
    }
    expect(textOf(label!)).toBe(`${post.wedge} post ${post.angle}°`);
    expect(r.measured!.postHighSide).toBe(post.wedge);
    const arrow = subpaths(allElements(byId(doc, 'post-arrow')!).find((e) => e.name === 'path')!.attrs.d!)[0]!.pts;
    const raisedY = (post.wedge === 'medial' ? 1 : -1) * g.medialSign; // +1: the raised side is +y
    const [hu] = toPage(m, g.heelCentre[0], g.heelCentre[1]);
    const tipU = arrow[arrow.length - 1]![0];
    expect(Math.sign(tipU - hu)).toBe(-raisedY); // +y is drawn to the left
    // the raised side is also where the measured heel seat is high
    const side = post.wedge === 'medial' ? medialU : lateralU;
    expect(Math.sign(side - hu)).toBe(Math.sign(tipU - hu));
  });

  it('labels the dimensions from the report: foot and device length, ball and heel width', () => {
    for (const c of ['right, medial post', 'right, three-quarter, 7° medial post'] as const) {
      const { d, doc } = get(c);
      const all = allElements(doc).filter((e) => e.name === 'text').map(textOf);
      expect(all).toContain(`foot length ${d.report.foot.footLengthMm.toFixed(1)} mm`);
      expect(all).toContain(`device length ${d.report.measured!.lengthMm.toFixed(1)} mm`);
      expect(all).toContain(`ball width ${d.report.foot.ballWidthMm.toFixed(1)} mm`);
      expect(all).toContain(`heel width ${d.report.foot.heelWidthMm.toFixed(1)} mm`);
      expect(all).toContain(`heel cup ${d.report.prescription.applied.heelCupDepth} mm`);
    }
    // the three-quarter device ends well short of the foot
    const { d } = get('right, three-quarter, 7° medial post');
    expect(d.report.measured!.lengthMm).toBeLessThan(0.8 * d.report.foot.footLengthMm);
  });

  it('is deterministic and compact: same input, same bytes; a 302 mm foot at 1 mm under 1.5 MB', () => {
    const a = renderMapSvg(CASES['right, medial post']());
    expect(renderMapSvg(CASES['right, medial post']())).toBe(a);
    expect(a).toBe(get('right, medial post').svg);
    const big = buildOrthotic(loadScan('examples/m302-right-large.json'), undefined, { resolutionMm: 1 });
    const svg = renderMapSvg(big);
    expect(svg.length).toBeLessThan(1.5e6);
    expect(svg.length).toBeGreaterThan(20e3);
    // path coordinates are rounded to 0.1 mm
    for (const m of svg.matchAll(/ d="([^"]*)"/g)) expect(m[1]).not.toMatch(/\.\d\d/);
    writeFileSync(`${ARTIFACTS}/map-m302-1mm.svg`, svg);
  });

  it('escapes strings from the report and keeps ids unique with a prefix', () => {
    const d = get('right, medial post').d;
    const hostile = { ...d, report: { ...d.report, id: 'x"><script>alert(1)</script>&' } };
    const svg = renderMapSvg(hostile, { idPrefix: 'm1-' });
    const doc = parseXml(svg); // still well-formed
    expect(svg).not.toContain('<script>');
    expect(textOf(byId(doc, 'm1-title')!)).toContain('x"><script>alert(1)</script>&');
    // Control characters and bidirectional overrides never reach the markup (a sheet's address, a note).
    const odd = renderMapSvg({ ...d, report: { ...d.report, id: 'a\u0000b\u0007c\u202ed' } }, { idPrefix: 'm2-' });
    expect(odd).not.toMatch(/[\u0000\u0007\u202e]/);
    expect(textOf(byId(parseXml(odd), 'm2-title')!)).toContain('a\ufffdb\ufffdc\ufffdd');
    const ids = allElements(doc).map((e) => e.attrs.id).filter(Boolean);
    expect(ids.every((id) => id!.startsWith('m1-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...svg.matchAll(/url\(#([^)]+)\)/g)].map((x) => x[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ids).toContain(ref);
    expect(() => renderMapSvg(d, { contourStepMm: 0 })).toThrow(RangeError);
    expect(() => renderMapSvg(d, { idPrefix: 'a b' })).toThrow(RangeError);
  });

  it('draws an unmeasured build with the prescribed arch height', () => {
    const d = buildOrthotic(loadScan('examples/m271-right-neutral.json'), undefined, { ...RES, measure: false });
    expect(d.report.measured).toBeNull();
    const doc = parseXml(renderMapSvg(d));
    expect(textOf(byId(doc, 'arch-label')!)).toBe(`arch apex ${d.report.prescription.applied.archHeight.toFixed(1)} mm`);
    expect(allElements(doc).filter((e) => e.name === 'text').map(textOf).join('\n')).toMatch(/\(prescribed\)/);
  });

  it('draws 2 mm contours when asked', () => {
    const { d } = get('left, lateral post');
    const doc = parseXml(renderMapSvg(d, { contourStepMm: 2 }));
    const levels = byClass(doc, 'contour').map((e) => Number(e.attrs['data-mm']));
    expect(levels.length).toBeGreaterThan(5);
    expect(levels.every((l) => l % 2 === 0)).toBe(true);
  });
});

describe('renderMapPng', () => {
  const pngSize = (png: Uint8Array): [number, number] => {
    const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
    return [v.getUint32(16), v.getUint32(20)];
  };
  /** Fraction of pixels that are not white, and how many distinct colours there are. */
  const inkOf = (svg: string, fonts: boolean) => {
    const img = new Resvg(svg, { background: '#fff', font: { loadSystemFonts: fonts } }).render();
    const px = img.pixels;
    let ink = 0;
    const colours = new Set<number>();
    for (let k = 0; k < px.length; k += 4) {
      if (px[k]! < 245 || px[k + 1]! < 245 || px[k + 2]! < 245) ink++;
      colours.add((px[k]! << 16) | (px[k + 1]! << 8) | px[k + 2]!);
    }
    return { ink: ink / (px.length / 4), colours: colours.size, px };
  };

  it.each(['right, medial post', 'right, lateral post', 'left, lateral post', 'left, medial post', 'right, three-quarter, 7° medial post'] as Case[])('%s: a PNG of the SVG\'s pixel size, with the map drawn', (c) => {
    const { svg, doc } = get(c);
    const png = renderMapPng(svg);
    writeFileSync(`${ARTIFACTS}/map-${slug(c)}.png`, png);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual([Number(doc.attrs.width), Number(doc.attrs.height)]);
    const { ink, colours } = inkOf(svg, false);
    expect(ink).toBeGreaterThan(0.2); // the coloured plan covers a good part of the picture
    expect(colours).toBeGreaterThan(30); // colour bands, contours, outlines
    const half = renderMapPng(svg, { widthPx: 300 });
    expect(pngSize(half)[0]).toBe(300);
  });

  // resvg has no fonts of its own: renderMapPng asks it to load the system's. Without any installed
  // font the PNG is still made (the test above renders with no fonts at all), only without text.
  // Here: when fontconfig knows a font, the text must really be drawn (more ink than without fonts).
  // CI installs chromium, whose fontconfig dependency brings DejaVu, so there it is required.
  const fc = spawnSync('fc-list', [], { encoding: 'utf8' });
  const haveFonts = (fc.status === 0 && fc.stdout.trim().length > 0) || process.env.CI === 'true';
  it.runIf(haveFonts)('draws the text with the installed fonts', () => {
    const { svg } = get('right, medial post');
    const withFonts = inkOf(svg, true), without = inkOf(svg, false);
    let differ = 0;
    for (let k = 0; k < withFonts.px.length; k += 4) if (withFonts.px[k] !== without.px[k]) differ++;
    expect(differ).toBeGreaterThan(5000); // titles, labels, legend and notes: thousands of glyph pixels
    expect(withFonts.ink).toBeGreaterThan(without.ink);
    // and renderMapPng itself loads them (its PNG differs from one made without fonts)
    expect(Buffer.from(renderMapPng(svg)).equals(Buffer.from(renderMapPng(svg, { loadSystemFonts: false })))).toBe(false);
  });
});
