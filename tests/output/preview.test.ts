/// <reference lib="dom" />
/**
 * The 3D viewer page (issue 5): the HTML is self-contained, carries the mesh exactly and is
 * deterministic; loaded from file:// in Debian's Chromium (playwright-core, WebGL on SwiftShader)
 * it draws the device from several views, shows the measured values and warnings, and logs no
 * error; the CLI writes it (`orthotic preview`, `build --preview`) all or nothing. A device built
 * from a 3D scan (Dupont's real left foot) adds the scanned sole and the fit colouring: only then,
 * placed and coloured as the fit measured them (the parametric device red in the medial arch, the
 * total-contact one near neutral), pitched with the device, deterministic, ~50 KB of page.
 *
 * Screenshots and the pages they come from are kept in tests/artifacts/ (gitignored) to look at.
 * CI installs chromium, so there the browser tests are required; elsewhere they are skipped when
 * /usr/bin/chromium is absent.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrthotic, type BuiltOrthotic } from '../../src/index.js';
import { pitchAt, soleAt } from '../../src/geometry/index.js';
import { renderViewerHtml } from '../../src/preview/index.js';
import { legendTicks } from '../../src/preview/shared/index.js';
import { FIT_SCALE_MM, fitField, GRID_NONE, type ValueGrid } from '../../src/preview/viewer/fitField.js';
import { layoutDevices } from '../../src/preview/viewer/layoutDevices.js';
import { SOLE_PREVIEW_MAX_SLOPE_DEG, SOLE_PREVIEW_STEP_MM } from '../../src/preview/viewer/scanPayload.js';
import { scanFromMesh } from '../../src/scan3d/index.js';
import { scalarField, scaleRange } from '../../src/preview/viewer/scalarField.js';
import { viewDirection } from '../../src/preview/viewer/viewDirection.js';
import type { EncodedGrid, ViewerHooks, ViewerPayload } from '../../src/preview/viewer/viewerTypes.js';
import { hasChromium, launchChromium } from '../support/chromium.js';
import { loadScan } from '../support/build.js';

declare global {
  interface Window { orthoticViewer?: ViewerHooks }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'orthotic.js');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const FAST = { resolutionMm: 2 };

/** Right foot, 4° medial post, full length (measured: heel cup, post, arch). */
const RIGHT = 'examples/m271-right-neutral.json';
/** Left foot, no post, sulcus length. */
const LEFT = 'examples/w246-left-neutral.json';

const cache = new Map<string, BuiltOrthotic>();
function built(file: string, rx?: unknown, options: { measure?: boolean; clamp?: boolean } = {}): BuiltOrthotic {
  const key = JSON.stringify([file, rx, options]);
  if (!cache.has(key)) cache.set(key, buildOrthotic(loadScan(file), rx, { ...FAST, ...options }));
  return cache.get(key)!;
}
/** Dupont's real left foot (tests/fixtures/real-scans), MIT. */
const REAL_LEFT = 'tests/fixtures/real-scans/dupont/left_foot.stl';
/** The real left foot built total-contact (`scan`) or from its outline and measurements alone (`parametric`: up to 17 mm above the sole in the arch). */
function fromScan(mode: 'scan' | 'parametric', rx?: unknown): BuiltOrthotic {
  const key = JSON.stringify([REAL_LEFT, mode, rx]);
  if (!cache.has(key)) {
    const { scan, surface } = scanFromMesh(new Uint8Array(readFileSync(join(ROOT, REAL_LEFT))), 'left_foot.stl', 'stl', { id: 'dupont-left' });
    cache.set(key, buildOrthotic(scan, rx, { ...FAST, surface, surfaceMode: mode }));
  }
  return cache.get(key)!;
}
/** The real left foot's arch raised 6 mm above what its scan measures (19.1 mm there). */
const RAISED_RX = { archHeight: 25 };
/** A shoe with a 30 mm heel: the device is pitched. */
const SHOE_RX = { length: 'three-quarter', shoe: { length: 290, ballWidth: 104, heelWidth: 90, heelHeight: 30, depth: 12 } };

/** A page grid decoded test-side: mm, NaN where there is none. */
function decodeGrid(g: EncodedGrid): ValueGrid {
  const b = Buffer.from(g.values, 'base64');
  const q = new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  expect(q.length).toBe(g.nx * g.ny);
  return { x0: g.x0, y0: g.y0, step: g.stepMm, nx: g.nx, ny: g.ny, values: Float64Array.from(q, (v) => (v === GRID_NONE ? Number.NaN : v / 100)) };
}

/** A 12° medial post, clamped to the 9° ceiling: a clamp and a heel-height warning. */
const clampedRight = () => built(RIGHT, { rearfootPost: { wedge: 'medial', angle: 12 } }, { clamp: true });

function payloadOf(html: string): ViewerPayload {
  const m = /<script type="application\/json" id="orthotic-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page embeds its data').not.toBeNull();
  return JSON.parse(m![1]!) as ViewerPayload;
}

describe('viewer page: self-contained, exact, deterministic', () => {
  it('references nothing outside itself and a Content-Security-Policy forbids any request', () => {
    const html = renderViewerHtml([built(RIGHT)]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // No element loads anything: no external script, style sheet, image, frame or font.
    expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|source|video|audio)\b/i);
    expect(html).not.toMatch(/\b(src|href|action|poster)\s*=\s*["']?\s*(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import/i);
    // No script fetches anything either.
    for (const api of ['fetch(', 'XMLHttpRequest', 'import(', 'WebSocket', 'EventSource', 'sendBeacon', 'importScripts']) {
      expect(html.includes(api), api).toBe(false);
    }
    // The only URLs in the page are XML namespace names (never fetched).
    const urls = [...new Set(html.match(/https?:\/\/[^\s"'`)<>]+/g) ?? [])];
    for (const url of urls) expect(url).toMatch(/^http:\/\/www\.w3\.org\//);
    // The policy allows exactly the inline script, by its hash.
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(scripts[0]!, 'utf8').digest('base64')}'`);
    expect(scripts[0]!.length).toBeGreaterThan(300_000); // three.js is in there
  });

  it('embeds the mesh exactly: it decodes to the same vertices and triangles, bit for bit', () => {
    for (const file of [RIGHT, LEFT]) {
      const b = built(file);
      const [d] = payloadOf(renderViewerHtml([b])).devices;
      const pos = Buffer.from(d!.positions, 'base64'), ix = Buffer.from(d!.indices, 'base64');
      const positions = new Float32Array(pos.buffer, pos.byteOffset, pos.byteLength / 4);
      const indices = d!.indexType === 'uint16' ? new Uint16Array(ix.buffer.slice(ix.byteOffset, ix.byteOffset + ix.byteLength)) : new Uint32Array(ix.buffer.slice(ix.byteOffset, ix.byteOffset + ix.byteLength));
      expect(positions.length / 3).toBe(b.report.mesh.vertices);
      expect(indices.length / 3).toBe(b.report.mesh.triangles);
      expect(d!.vertexCount).toBe(b.report.mesh.vertices);
      expect(d!.triangleCount).toBe(b.report.mesh.triangles);
      expect(Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength).equals(Buffer.from(b.mesh.positions.buffer, b.mesh.positions.byteOffset, b.mesh.positions.byteLength))).toBe(true);
      expect(Array.from(indices)).toEqual(Array.from(b.mesh.indices));
      expect(d!.topVertexCount).toBe(b.guides.layout.topVertexCount);
      expect(d!.offsetYMm).toBe(0);
    }
  });

  it('is byte-identical for the same inputs (two builds, two renders)', () => {
    const a = renderViewerHtml([buildOrthotic(loadScan(RIGHT), undefined, FAST)]);
    const b = renderViewerHtml([buildOrthotic(loadScan(RIGHT), undefined, FAST)]);
    expect(a === b).toBe(true);
    expect(a).not.toMatch(/\b20\d\d-\d\d-\d\d/); // no date
  });

  it('the bundled viewer scripts are deterministic: bundling again gives the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orthotic-bundle-'));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-viewer.mjs'), dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      for (const name of ['viewer.bundle.js', 'viewer-scan.bundle.js']) {
        expect(readFileSync(join(dir, name)).equals(readFileSync(join(ROOT, 'dist', 'src', 'preview', 'viewer', 'client', name))), name).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drapes the guides on the top surface, and on the floor where the foot passes a sulcus device', () => {
    const b = built(LEFT); // sulcus: the toes are past the device
    const [d] = payloadOf(renderViewerHtml([b])).devices;
    const g = d!.guides;
    let topMax = 0;
    for (let v = 0; v < b.guides.layout.topVertexCount; v++) topMax = Math.max(topMax, b.mesh.positions[3 * v + 2]!);
    const zs = g.footOutline.filter((_, i) => i % 3 === 2);
    expect(zs.length).toBe(b.guides.footOutline.length + 1); // closed
    expect(Math.min(...zs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...zs)).toBeLessThanOrEqual(topMax + 0.5);
    const beyond = g.footOutline.filter((_, i) => i % 3 === 0).filter((x) => x > b.report.measured!.lengthMm + 5).length;
    expect(beyond).toBeGreaterThan(0);
    expect(Math.min(...zs)).toBeLessThan(1); // those lie on the floor
    // Landmarks sit on the seat and the arch: the arch apex is the prescribed arch height above the heel centre.
    expect(g.archApex[2] - g.heelCentre[2]).toBeCloseTo(b.report.measured!.archHeightMm, 0);
  });

  it('lists the prescription (asked and applied) and the measured values in the side panel', () => {
    const b = built(RIGHT);
    const html = renderViewerHtml([b]);
    const m = b.report.measured!;
    expect(html).toContain(`<td data-field="measured.heelCupDepthMm">${m.heelCupDepthMm.toFixed(1)} mm</td>`);
    expect(html).toContain(`<td data-field="measured.archHeightMm">${m.archHeightMm.toFixed(1)} mm</td>`);
    expect(html).toContain(`<td data-field="measured.postAngleDeg">${m.postAngleDeg.toFixed(1)}°, medial side high</td>`);
    expect(html).toContain('<td data-field="applied.rearfootPost">4° medial</td>');
    expect(html).not.toContain('id="warnings"');
    const unmeasured = renderViewerHtml([built(RIGHT, undefined, { measure: false })]);
    expect(unmeasured).toContain('<p class="not-measured" data-field="measured">not measured</p>');
  });

  it('shows a warning banner listing every warning, clamps marked', () => {
    const b = clampedRight();
    expect(b.report.warnings.length).toBe(2);
    const html = renderViewerHtml([b]);
    const banner = /<div id="warnings"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(banner).toContain('2 warnings');
    expect(banner.match(/<li>/g)).toHaveLength(2);
    expect(banner).toContain('<span class="tag tag-clamp">clamped</span> rearfoot post 12°');
    expect(html).toMatch(/<td data-field="applied.rearfootPost" class="changed">9° medial <span class="tag tag-clamp">clamped<\/span><\/td>/);
  });

  it('places a pair apart along y, the left foot at +y (on the left seen from above, toes up), in either input order', () => {
    for (const input of [[built(RIGHT), built(LEFT)], [built(LEFT), built(RIGHT)]]) {
      const p = payloadOf(renderViewerHtml(input));
      expect(p.devices.map((d) => d.side)).toEqual(['left', 'right']);
      const [left, right] = p.devices;
      const yRange = (b: BuiltOrthotic, dy: number) => {
        let lo = Infinity, hi = -Infinity;
        for (let i = 1; i < b.mesh.positions.length; i += 3) { lo = Math.min(lo, b.mesh.positions[i]! + dy); hi = Math.max(hi, b.mesh.positions[i]! + dy); }
        return [lo, hi] as const;
      };
      const l = yRange(built(LEFT), left!.offsetYMm), r = yRange(built(RIGHT), right!.offsetYMm);
      expect(l[0] - r[1]).toBeCloseTo(30, 1); // the default gap
      expect(left!.offsetYMm).toBe(0);
    }
    expect(layoutDevices([{ side: 'right', yMinMm: -50, yMaxMm: 50 }, { side: 'right', yMinMm: -40, yMaxMm: 40 }], 10)).toEqual({ order: [0, 1], offsetYMm: [0, -100] });
  });

  it('colour scales: thickness is the top-to-underside distance, legends start at 0 with round ticks', () => {
    const b = built(LEFT); // no post: a plain 3 mm shell everywhere
    const t = scalarField(b.mesh.positions, b.guides.layout.topVertexCount, 'thickness');
    const n = b.guides.layout.topVertexCount;
    for (let v = 0; v < n; v += 97) {
      expect(t[v]).toBeCloseTo(3, 3);
      expect(t[v + n]).toBe(t[v]);
    }
    expect(scaleRange('thickness', 3)).toEqual([0, 6]);
    expect(scaleRange('thickness', 22)).toEqual([0, 10]);
    expect(scaleRange('height', 23.7)).toEqual([0, 25]);
    expect(legendTicks(0, 25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(legendTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(legendTicks(0, 6)).toEqual([0, 2, 4, 6]);
  });

  it('medial and lateral views look from the side medial is on', () => {
    expect(viewDirection('medial', 1)[1]).toBeGreaterThan(0.9); // right foot: medial is +y
    expect(viewDirection('medial', -1)[1]).toBeLessThan(-0.9);
    expect(viewDirection('lateral', 1)[1]).toBeLessThan(-0.9);
    expect(viewDirection('posterior', 1)[0]).toBeLessThan(-0.9);
    expect(viewDirection('top', 1)[2]).toBeGreaterThan(0.99);
    expect(viewDirection('plantar', 1)[2]).toBeLessThan(-0.99);
  });

  it('refuses no devices and unknown options', () => {
    expect(() => renderViewerHtml([])).toThrow(/at least one device/);
    expect(() => renderViewerHtml([built(RIGHT)], { view: 'front' as never })).toThrow(/unknown view/);
    expect(() => renderViewerHtml([built(RIGHT)], { colour: 'rainbow' as never })).toThrow(/unknown colour/);
  });
});

describe('viewer page of a device built from a 3D scan: the scanned sole and the fit colouring', () => {
  it('offers them only with a scan: a JSON scan\'s page has no fit button, no sole toggle, no scan data, the plain bundle', () => {
    const json = renderViewerHtml([built(RIGHT)]);
    expect(json).not.toContain('data-colour="fit"');
    expect(json).not.toContain('sole-toggle');
    const p = payloadOf(json);
    expect(p.initial).toEqual({ view: 'home', colour: 'thickness', guides: true });
    expect(p.devices[0]!).not.toHaveProperty('scan');
    expect(() => renderViewerHtml([built(RIGHT)], { colour: 'fit' })).toThrow(/unknown colour 'fit'.*fit needs a device built from a 3D scan/);

    const b = fromScan('scan');
    const html = renderViewerHtml([b]);
    expect(html).toContain('<button type="button" data-colour="fit"');
    expect(html).toContain('<input type="checkbox" id="sole-toggle"> Scanned sole');
    expect(payloadOf(html).initial).toEqual({ view: 'home', colour: 'thickness', guides: true, sole: true });
    // Another script (the scan bundle), allowed by its own hash.
    const script = (h: string) => [...h.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)[0]!;
    expect(script(html)).not.toBe(script(json));
    expect(html).toContain(`script-src 'sha256-${createHash('sha256').update(script(html), 'utf8').digest('base64')}'`);
    // The same device without its scan is an ordinary page; built unmeasured, there is no fit to show.
    expect(renderViewerHtml([{ ...b, scan: null }])).not.toContain('data-colour="fit"');
    expect(renderViewerHtml([{ ...b, report: { ...b.report, fit: null } }])).not.toContain('sole-toggle');
  });

  it('adds ~50 KB to the page (the sole and the fit every 2 mm), and the same inputs give the same bytes', () => {
    const b = fromScan('scan');
    const html = renderViewerHtml([b]);
    const added = Buffer.byteLength(html) - Buffer.byteLength(renderViewerHtml([{ ...b, scan: null }]));
    expect(added).toBeGreaterThan(20_000);
    expect(added).toBeLessThan(70_000);
    const again = buildOrthotic(...(() => {
      const { scan, surface } = scanFromMesh(new Uint8Array(readFileSync(join(ROOT, REAL_LEFT))), 'left_foot.stl', 'stl', { id: 'dupont-left' });
      return [scan, undefined, { ...FAST, surface }] as const;
    })());
    expect(renderViewerHtml([again]) === html).toBe(true);
  });

  it('places the sole where the foot rests on the device: the scanned sole + the fit\'s offset, its plantar part, every 2 mm', () => {
    const b = fromScan('scan');
    const scan = payloadOf(renderViewerHtml([b])).devices[0]!.scan!;
    const sole = decodeGrid(scan.sole);
    expect(sole.step).toBe(SOLE_PREVIEW_STEP_MM);
    const offset = b.report.fit!.offsetMm;
    const limit = Math.tan((SOLE_PREVIEW_MAX_SLOPE_DEG * Math.PI) / 180) * sole.step + 0.02;
    let nodes = 0;
    for (let j = 0; j < sole.ny; j++) {
      for (let i = 0; i < sole.nx; i++) {
        const z = sole.values[i + sole.nx * j]!;
        if (z !== z) continue;
        nodes++;
        const x = sole.x0 + i * sole.step, y = sole.y0 + j * sole.step;
        // (soleAt reads NaN beside the footprint's last cells, where the page still has the node's own value.)
        const at = soleAt(b.scan!.sole, x, y);
        if (at === at) expect(Math.abs(z - offset - at)).toBeLessThan(0.01);
        // No steep wire: the foot's side climbing over the device's edge is left out.
        const right = i + 1 < sole.nx ? sole.values[i + 1 + sole.nx * j]! : Number.NaN;
        const up = j + 1 < sole.ny ? sole.values[i + sole.nx * (j + 1)]! : Number.NaN;
        if (right === right) expect(Math.abs(right - z)).toBeLessThan(limit);
        if (up === up) expect(Math.abs(up - z)).toBeLessThan(limit);
      }
    }
    expect(nodes * sole.step * sole.step).toBeGreaterThan(18_000); // ~190 cm² of sole
    // It covers the region the fit was measured on.
    const d = b.scan!.deviations;
    let covered = 0;
    for (let k = 0; k < d.length; k += 3) {
      const i = Math.round((d[k]! - sole.x0) / sole.step), j = Math.round((d[k + 1]! - sole.y0) / sole.step);
      if (i >= 0 && j >= 0 && i < sole.nx && j < sole.ny && sole.values[i + sole.nx * j]! === sole.values[i + sole.nx * j]!) covered++;
    }
    expect(covered / (d.length / 3)).toBeGreaterThan(0.95);
  });

  it('pitches the sole as the device is pitched for a shoe\'s heel', () => {
    const b = fromScan('scan', SHOE_RX);
    const pitch = b.report.shoe!.pitch!;
    expect(pitch.dropMm).toBe(30);
    const sole = decodeGrid(payloadOf(renderViewerHtml([b])).devices[0]!.scan!.sole);
    let checked = 0, raised = 0;
    for (let k = 0; k < sole.values.length; k += 7) {
      const z = sole.values[k]!;
      if (z !== z) continue;
      const x = sole.x0 + (k % sole.nx) * sole.step, y = sole.y0 + Math.floor(k / sole.nx) * sole.step;
      const at = soleAt(b.scan!.sole, x, y);
      if (at !== at) continue; // beside the footprint's last cells (see above)
      expect(Math.abs(z - pitchAt(pitch, x) - b.report.fit!.offsetMm - at)).toBeLessThan(0.01);
      checked++;
      if (pitchAt(pitch, x) > 20) raised++;
    }
    expect(checked).toBeGreaterThan(500);
    expect(raised).toBeGreaterThan(50); // the heel, up 20–30 mm
  });

  it('carries the fit\'s samples on a grid: each node the value of a sample within 1.42 mm', () => {
    const b = fromScan('parametric');
    const scan = payloadOf(renderViewerHtml([b])).devices[0]!.scan!;
    const grid = decodeGrid(scan.fit);
    const d = b.scan!.deviations;
    let nodes = 0;
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        const v = grid.values[i + grid.nx * j]!;
        if (v !== v) continue;
        nodes++;
        const x = grid.x0 + i * grid.step, y = grid.y0 + j * grid.step;
        let best = Infinity, value = Number.NaN;
        for (let k = 0; k < d.length; k += 3) {
          const d2 = (d[k]! - x) ** 2 + (d[k + 1]! - y) ** 2;
          if (d2 < best) { best = d2; value = d[k + 2]!; }
        }
        expect(Math.sqrt(best)).toBeLessThan(1.42);
        expect(Math.abs(v - value)).toBeLessThan(0.006);
      }
    }
    expect(nodes / (d.length / 3)).toBeGreaterThan(0.95);
    expect(scan.worstGapMm).toBeCloseTo(b.report.fit!.maxGapMm, 2);
    expect(scan.worstPressureMm).toBeCloseTo(b.report.fit!.maxAboveMm, 2);
  });

  it('colours the top as measured: the parametric device presses (> 3 mm) around the arch apex, the total-contact one is within ±0.5 mm', () => {
    const near = (b: BuiltOrthotic, radius: number) => {
      const grid = decodeGrid(payloadOf(renderViewerHtml([b])).devices[0]!.scan!.fit);
      const t = b.guides.layout.topVertexCount;
      const field = fitField(grid, b.mesh.positions, t);
      const [ax, ay] = b.report.foot.landmarks.archApex;
      const around: number[] = [], all: number[] = [];
      for (let v = 0; v < field.length; v++) {
        const f = field[v]!;
        if (v >= t) expect(f).toBeNaN(); // underside: no fit
        if (f !== f) continue;
        all.push(f);
        if (Math.hypot(b.mesh.positions[3 * v]! - ax, b.mesh.positions[3 * v + 1]! - ay) < radius) around.push(f);
      }
      const sorted = (a: number[]) => [...a].sort((p, q) => p - q);
      return { around: sorted(around), all: sorted(all), t };
    };
    // A parametric device with its arch raised 6 mm above the scan's presses into the sole around the apex.
    const parametric = near(fromScan('parametric', RAISED_RX), 15);
    expect(parametric.around.length).toBeGreaterThan(20);
    expect(parametric.around[Math.floor(parametric.around.length / 2)]!).toBeGreaterThan(FIT_SCALE_MM); // saturated red
    const contact = near(fromScan('scan'), 15);
    expect(contact.all.length).toBeGreaterThan(0.3 * contact.t);
    expect(contact.all[Math.floor(0.95 * contact.all.length)]!).toBeLessThan(0.5);
    expect(contact.all[Math.floor(0.05 * contact.all.length)]!).toBeGreaterThan(-0.5);
  });

  it('shows a pair with one 3D scan: the fit is offered, the JSON scan\'s device has no scan data; its fit in the panel', () => {
    const html = renderViewerHtml([fromScan('scan'), built(RIGHT)]);
    const p = payloadOf(html);
    expect(p.devices.map((d) => Boolean(d.scan))).toEqual([true, false]);
    expect(html).toContain('data-colour="fit"');
    const f = fromScan('scan').report.fit!;
    expect(html).toContain(`<td data-field="fit.p95Mm">${f.p95Mm.toFixed(2)} mm</td>`);
    expect(html).toContain(`<td data-field="fit.maxAboveMm">${f.maxAboveMm.toFixed(2)} mm</td>`);
    expect(html).toContain('<td data-field="surface">left_foot.stl, STL, m (detected), total contact</td>');
    expect(html.match(/data-field="fit\.medianMm"/g)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// In a real browser.

const required = process.env.CI === 'true';

/** What the page's canvas shows, measured in the page from its pixels. */
interface CanvasStats {
  width: number;
  height: number;
  /** Pixels that differ clearly from the background (any channel by more than 40 of 255). */
  device: number;
  /** Their bounding box, CSS pixels. */
  box: { left: number; top: number; right: number; bottom: number };
  /** Mean HSV saturation of those pixels, 0–1. */
  saturation: number;
  /** A 32 × 20 grid of 0/1: whether each cell holds device pixels (to compare views). */
  cells: number[];
}

/** Reads the WebGL canvas back (the viewer keeps its drawing buffer) and measures it. */
async function canvasStats(page: Page): Promise<CanvasStats> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#viewport canvas')!;
    const w = canvas.width, h = canvas.height;
    const c2 = document.createElement('canvas');
    c2.width = w; c2.height = h;
    const ctx = c2.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, w, h).data;
    const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    let device = 0, sat = 0, left = w, top = h, right = -1, bottom = -1;
    const cells = new Array<number>(32 * 20).fill(0);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = 4 * (y * w + x);
        const r = px[i]!, g = px[i + 1]!, b = px[i + 2]!;
        if (Math.max(Math.abs(r - bg[0]!), Math.abs(g - bg[1]!), Math.abs(b - bg[2]!)) <= 40) continue;
        device++;
        const mx = Math.max(r, g, b), mn = Math.min(r, g, b);
        sat += mx ? (mx - mn) / mx : 0;
        left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
        cells[Math.floor((y * 20) / h) * 32 + Math.floor((x * 32) / w)] = 1;
      }
    }
    const k = w / canvas.clientWidth;
    return { width: w / k, height: h / k, device, box: { left: left / k, top: top / k, right: right / k, bottom: bottom / k }, saturation: device ? sat / device : 0, cells };
  });
}

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

describe.runIf(hasChromium() || required)('viewer page in Chromium', () => {
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Writes the page into tests/artifacts/, opens it from file:// and waits for its first frame. */
  async function open(name: string, html: string): Promise<Loaded> {
    const path = join(ARTIFACTS, `${name}.html`);
    writeFileSync(path, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pages.push(page);
    const errors: string[] = [], requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href);
    await page.waitForFunction(() => window.orthoticViewer?.ready === true || window.orthoticViewer?.error, null, { timeout: 30_000 });
    expect(await page.evaluate(() => window.orthoticViewer!.error)).toBeNull();
    return { page, errors, requests };
  }

  async function shoot(page: Page, name: string): Promise<CanvasStats> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    return canvasStats(page);
  }

  /** Share of grid cells where one view has the device and the other does not. */
  const cellDifference = (a: CanvasStats, b: CanvasStats) => a.cells.filter((c, i) => c !== b.cells[i]).length / a.cells.length;

  it('draws one device from the medial, plantar, top and 3/4 views, shows its measured values, logs no error, requests nothing', async () => {
    const b = built(RIGHT);
    const { page, errors, requests } = await open('viewer-right', renderViewerHtml([b]));
    const stats: Record<string, CanvasStats> = {};
    for (const view of ['home', 'medial', 'plantar', 'top'] as const) {
      await page.evaluate((v) => window.orthoticViewer!.setView(v), view);
      stats[view] = await shoot(page, `viewer-right-${view}`);
      const s = stats[view]!;
      expect(s.device / (s.width * s.height), `${view}: share of the canvas the device covers`).toBeGreaterThan(0.04);
      expect(s.saturation, `${view}: coloured by thickness`).toBeGreaterThan(0.25);
    }
    const box = (s: CanvasStats) => ({ w: s.box.right - s.box.left, h: s.box.bottom - s.box.top });
    // Side view: long and low; top and plantar: toes up the screen, so tall and narrow.
    expect(box(stats.medial!).w).toBeGreaterThan(3 * box(stats.medial!).h);
    expect(box(stats.top!).h).toBeGreaterThan(1.8 * box(stats.top!).w);
    expect(box(stats.plantar!).h).toBeGreaterThan(1.8 * box(stats.plantar!).w);
    // The device fills the view it is framed in (not a speck, not cropped).
    expect(box(stats.top!).h / stats.top!.height).toBeGreaterThan(0.6);
    expect(box(stats.top!).h / stats.top!.height).toBeLessThan(0.98);
    expect(cellDifference(stats.medial!, stats.plantar!)).toBeGreaterThan(0.15);
    expect(cellDifference(stats.medial!, stats.home!)).toBeGreaterThan(0.1);

    // The panel shows the values measured on this mesh.
    const m = b.report.measured!;
    const text = async (field: string) => (await page.textContent(`[data-field="${field}"]`))?.trim();
    expect(await text('measured.heelCupDepthMm')).toBe(`${m.heelCupDepthMm.toFixed(1)} mm`);
    expect(await text('measured.archHeightMm')).toBe(`${m.archHeightMm.toFixed(1)} mm`);
    expect(await text('measured.minThicknessMm')).toBe(`${m.minThicknessMm.toFixed(2)} mm`);
    expect(await page.isVisible('#panel')).toBe(true);
    expect(await page.$('#warnings')).toBeNull();

    const state = await page.evaluate(() => window.orthoticViewer!.state());
    expect(state.devices).toEqual([{ id: b.report.id, side: 'right', vertexCount: b.report.mesh.vertices, triangleCount: b.report.mesh.triangles }]);
    expect(state.legend).toMatchObject({ title: 'thickness', lo: 0, hi: 10 });
    expect(await page.textContent('#legend .title')).toBe('Shell thickness (mm)');

    expect(errors).toEqual([]);
    expect(requests).toEqual([page.url()]); // the page itself, nothing else
  });

  it('colours by height with its own legend; the guides toggle and plain colour change the picture', async () => {
    const { page, errors } = await open('viewer-right-colours', renderViewerHtml([built(RIGHT)], { view: 'top' }));
    const thickness = await canvasStats(page);
    await page.click('button[data-colour="height"]');
    const height = await shoot(page, 'viewer-right-top-height');
    expect(await page.textContent('#legend .title')).toBe('Height above the floor (mm)');
    const ticks = await page.$$eval('#legend .ticks span', (s) => s.map((e) => e.textContent));
    expect(ticks).toEqual(['0', '10', '20', '30']);
    expect(await page.getAttribute('button[data-colour="height"]', 'aria-pressed')).toBe('true');
    const pixels = async () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('#viewport canvas')!.toDataURL());
    const withGuides = await pixels();
    await page.click('#guides-toggle');
    expect(await page.evaluate(() => window.orthoticViewer!.state().guides)).toBe(false);
    expect(await pixels()).not.toBe(withGuides);
    // No 3D scan: no fit colouring offered, no sole toggle.
    expect(await page.evaluate(() => window.orthoticViewer!.colourModes)).toEqual(['thickness', 'height', 'plain']);
    expect(await page.$('button[data-colour="fit"]')).toBeNull();
    expect(await page.$('#sole-toggle')).toBeNull();
    expect(await page.evaluate(() => { try { window.orthoticViewer!.setColour('fit'); return 'set'; } catch (e) { return (e as Error).message; } })).toMatch(/unknown colour mode 'fit'/);
    await page.evaluate(() => window.orthoticViewer!.setColour('plain'));
    const plain = await shoot(page, 'viewer-right-top-plain');
    expect(plain.saturation).toBeLessThan(height.saturation);
    expect(plain.saturation).toBeLessThan(thickness.saturation);
    expect(await page.textContent('#legend')).toBe('');
    expect(errors).toEqual([]);
  });

  it('shows a pair side by side, the left foot on the left from above, and one device alone for the medial view', async () => {
    const { page, errors } = await open('viewer-pair', renderViewerHtml([built(RIGHT), built(LEFT)]));
    await page.evaluate(() => window.orthoticViewer!.setView('top'));
    const top = await shoot(page, 'viewer-pair-top');
    const boxes = await page.evaluate(() => window.orthoticViewer!.screenBoxes());
    expect(boxes.map((b) => b.side)).toEqual(['left', 'right']);
    expect(boxes[0]!.right).toBeLessThan(boxes[1]!.left);
    // Both devices are drawn: device pixels in the left and in the right half of the pair's span.
    const mid = (boxes[0]!.right + boxes[1]!.left) / 2;
    const columns = await page.evaluate((midX) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#viewport canvas')!;
      const k = canvas.width / canvas.clientWidth;
      const c2 = document.createElement('canvas');
      c2.width = canvas.width; c2.height = canvas.height;
      const ctx = c2.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const px = ctx.getImageData(0, 0, c2.width, c2.height).data;
      let left = 0, right = 0;
      for (let i = 0; i < px.length; i += 4) {
        const sat = Math.max(px[i]!, px[i + 1]!, px[i + 2]!) - Math.min(px[i]!, px[i + 1]!, px[i + 2]!);
        if (sat < 60) continue; // the viridis-coloured devices, not the grey grid
        if (((i / 4) % c2.width) / k < midX) left++; else right++;
      }
      return { left, right };
    }, mid);
    expect(columns.left).toBeGreaterThan(5000);
    expect(columns.right).toBeGreaterThan(5000);
    expect(top.device).toBeGreaterThan(0);
    expect((await page.$$('#panel section.device')).length).toBe(2);
    expect(await page.textContent('#panel section.device[data-device="0"] .id')).toBe(built(LEFT).report.id);

    await page.evaluate(() => window.orthoticViewer!.setView('medial'));
    const medial = await shoot(page, 'viewer-pair-medial-left');
    const state = await page.evaluate(() => window.orthoticViewer!.state());
    expect(state.shown).toBe(0);
    expect(await page.evaluate(() => window.orthoticViewer!.screenBoxes().map((b) => b.side))).toEqual(['left']);
    expect(medial.box.right - medial.box.left).toBeGreaterThan(3 * (medial.box.bottom - medial.box.top));
    await page.click('button[data-show="all"]');
    expect(await page.evaluate(() => window.orthoticViewer!.state().shown)).toBe('all');
    await page.evaluate(() => window.orthoticViewer!.setView('home'));
    await shoot(page, 'viewer-pair-home');
    expect(errors).toEqual([]);
  });

  it('shows the warning banner with the clamp when a build was clamped', async () => {
    const b = clampedRight();
    const { page, errors } = await open('viewer-clamped', renderViewerHtml([b], { colour: 'height' }));
    await shoot(page, 'viewer-clamped-home');
    expect(await page.isVisible('#warnings')).toBe(true);
    const items = await page.$$eval('#warnings li', (li) => li.map((e) => e.textContent ?? ''));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^clamped rearfoot post 12° exceeds the ceiling of 9°/);
    expect(await page.textContent('[data-field="measured.postAngleDeg"]')).toBe(`${b.report.measured!.postAngleDeg.toFixed(1)}°, medial side high`);
    expect(errors).toEqual([]);
  });

  /**
   * The fit colours inside a device's box on the canvas: pixels clearly red (pressure) or blue (a
   * gap), and where the red ones are, as fractions of the box (0 left / top, 1 right / bottom).
   */
  async function fitPixels(page: Page): Promise<{ device: number; red: number; blue: number; redX: number; redY: number }> {
    const [box] = await page.evaluate(() => window.orthoticViewer!.screenBoxes());
    return page.evaluate((b) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#viewport canvas')!;
      const k = canvas.width / canvas.clientWidth;
      const c2 = document.createElement('canvas');
      c2.width = canvas.width; c2.height = canvas.height;
      const ctx = c2.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const x0 = Math.max(0, Math.floor(b.left * k)), x1 = Math.min(c2.width, Math.ceil(b.right * k));
      const y0 = Math.max(0, Math.floor(b.top * k)), y1 = Math.min(c2.height, Math.ceil(b.bottom * k));
      const px = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data;
      const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
      let device = 0, red = 0, blue = 0, sx = 0, sy = 0;
      for (let i = 0; i < px.length; i += 4) {
        const r = px[i]!, g = px[i + 1]!, bl = px[i + 2]!;
        if (Math.max(Math.abs(r - bg[0]!), Math.abs(g - bg[1]!), Math.abs(bl - bg[2]!)) <= 40) continue;
        device++;
        if (r > g + 70 && r > bl + 70) {
          red++;
          sx += ((i / 4) % (x1 - x0)) / (x1 - x0);
          sy += Math.floor(i / 4 / (x1 - x0)) / (y1 - y0);
        } else if (bl > r + 50 && bl > g + 10) blue++;
      }
      return { device, red, blue, redX: red ? sx / red : Number.NaN, redY: red ? sy / red : Number.NaN };
    }, box!);
  }

  it('a total-contact device from a 3D scan: the fit colouring with its legend, near neutral; the scanned sole toggles', async () => {
    const b = fromScan('scan');
    const { page, errors, requests } = await open('viewer-scan', renderViewerHtml([b], { view: 'top' }));
    expect(await page.evaluate(() => window.orthoticViewer!.colourModes)).toEqual(['thickness', 'height', 'plain', 'fit']);
    expect(await page.evaluate(() => window.orthoticViewer!.state().sole)).toBe(true);
    await page.click('button[data-colour="fit"]');
    expect(await page.getAttribute('button[data-colour="fit"]', 'aria-pressed')).toBe('true');
    await page.click('button[data-view="top"]'); // framed again: the fit legend is taller
    const shot = await shoot(page, 'viewer-scan-fit');
    expect(shot.device / (shot.width * shot.height)).toBeGreaterThan(0.04);
    // The legend: a diverging bar over ±3 mm, saturating beyond (the ends say so), what each side means, the worst values.
    expect(await page.textContent('#legend .title')).toBe('Fit to the scanned sole (mm)');
    expect(await page.$$eval('#legend .ticks span', (e) => e.map((x) => x.textContent))).toEqual(['\u2264 \u22123', '\u22122', '\u22121', '0', '1', '2', '\u2265 3']);
    const legend = (await page.textContent('#legend')) ?? '';
    expect(legend).toContain('gap: device below the sole');
    expect(legend).toContain('pressure: device above');
    expect(legend).toContain('beyond \u00b13 mm the end colours');
    expect(legend).toContain(`Worst: ${b.report.fit!.maxGapMm.toFixed(1)} mm gap, ${b.report.fit!.maxAboveMm.toFixed(1)} mm pressure`);
    expect(await page.evaluate(() => window.orthoticViewer!.state().legend)).toEqual({ title: 'fit', lo: -3, hi: 3, ticks: [-3, -2, -1, 0, 1, 2, 3] });
    // Total contact (p95 0.2 mm): hardly a clearly red or blue pixel (the outline, orange-red, hidden).
    await page.evaluate(() => window.orthoticViewer!.setGuides(false));
    const fit = await fitPixels(page);
    expect(fit.device).toBeGreaterThan(20_000);
    expect(fit.red / fit.device).toBeLessThan(0.01);
    expect(fit.blue / fit.device).toBeLessThan(0.01);

    // The scanned sole: hidden and shown again, the picture changes and comes back.
    const pixels = async () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('#viewport canvas')!.toDataURL());
    const withSole = await pixels();
    await page.click('#sole-toggle');
    expect(await page.evaluate(() => window.orthoticViewer!.state().sole)).toBe(false);
    expect(await page.isChecked('#sole-toggle')).toBe(false);
    const without = await pixels();
    expect(without).not.toBe(withSole);
    await page.evaluate(() => window.orthoticViewer!.setSole!(true));
    expect(await page.isChecked('#sole-toggle')).toBe(true);
    expect(await pixels()).toBe(withSole);
    // Back to the thickness colouring: the legend is the thickness one again.
    await page.click('button[data-colour="thickness"]');
    expect(await page.textContent('#legend .title')).toBe('Shell thickness (mm)');
    await page.evaluate(() => window.orthoticViewer!.setView('home'));
    await shoot(page, 'viewer-scan-home');
    expect(errors).toEqual([]);
    expect(requests).toEqual([page.url()]);
  });

  it('the parametric device of the same scan with its arch raised 6 mm, opened in the fit colouring: red (pressure) in the medial arch, where it stands above the sole', async () => {
    const b = fromScan('parametric', RAISED_RX);
    expect(b.report.fit!.maxAboveMm).toBeGreaterThan(4);
    const { page, errors } = await open('viewer-scan-parametric', renderViewerHtml([b], { view: 'top', colour: 'fit' }));
    expect(await page.evaluate(() => window.orthoticViewer!.state().colour)).toBe('fit');
    await shoot(page, 'viewer-scan-parametric-fit');
    await page.evaluate(() => window.orthoticViewer!.setGuides(false));
    const fit = await fitPixels(page);
    expect(fit.red / fit.device).toBeGreaterThan(0.03); // the medial arch, where the raise presses
    // Seen from above, toes up, a left foot's medial side is on the right; the arch is mid-foot.
    expect(fit.redX).toBeGreaterThan(0.5);
    expect(fit.redY).toBeGreaterThan(0.35);
    expect(fit.redY).toBeLessThan(0.8);
    await page.evaluate(() => { window.orthoticViewer!.setGuides(true); window.orthoticViewer!.setView('medial'); });
    await shoot(page, 'viewer-scan-parametric-medial');
    expect(errors).toEqual([]);
  });

  it('a device pitched for a shoe\'s heel, with its pitched sole, draws without error (tests/artifacts/viewer-scan-shoe-lateral.png)', async () => {
    const { page, errors } = await open('viewer-scan-shoe', renderViewerHtml([fromScan('scan', SHOE_RX)], { view: 'lateral', colour: 'fit', guides: false }));
    await shoot(page, 'viewer-scan-shoe-lateral');
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI.

describe('orthotic preview and build --preview', () => {
  let dir = '';
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    return r;
  };
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npm run build)`);
    dir = mkdtempSync(join(tmpdir(), 'orthotic-preview-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('orthotic preview writes the page, measured; the same inputs give the same bytes', () => {
    const r = run(['preview', join(ROOT, RIGHT), '-o', 'right.html', '--resolution', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^preview of m271-right-neutral \(right, \d+ triangles\): [\d.]+ MiB -> right\.html$/m);
    const html = readFileSync(join(dir, 'right.html'), 'utf8');
    expect(html).toContain('data-field="measured.heelCupDepthMm"');
    expect(payloadOf(html).devices[0]!.triangleCount).toBe(built(RIGHT).report.mesh.triangles);
    expect(html).toBe(renderViewerHtml([built(RIGHT)]));
    const again = run(['preview', join(ROOT, RIGHT), '-o', '-', '--resolution', '2']);
    expect(again.stdout).toBe(html);
  });

  it('orthotic preview of two scans shows the pair', () => {
    const r = run(['preview', join(ROOT, RIGHT), join(ROOT, LEFT), '-o', 'pair.html', '--resolution', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(payloadOf(readFileSync(join(dir, 'pair.html'), 'utf8')).devices.map((d) => d.id)).toEqual([built(LEFT).report.id, built(RIGHT).report.id]);
  });

  it('build --preview writes the STL and the page of the same mesh', () => {
    const r = run(['build', join(ROOT, RIGHT), '-o', 'b.stl', '--preview', 'b.html', '--resolution', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/measured .* -> b\.stl\npreview -> b\.html/);
    const stl = readFileSync(join(dir, 'b.stl'));
    const [d] = payloadOf(readFileSync(join(dir, 'b.html'), 'utf8')).devices;
    expect(stl.readUInt32LE(80)).toBe(d!.triangleCount);
    expect(readFileSync(join(dir, 'b.html'), 'utf8')).toContain('data-field="measured.archHeightMm"');
  });

  it('a failing build or preview writes no page and no temporary file', () => {
    const before = readdirSync(dir).sort();
    const refused = run(['build', join(ROOT, RIGHT), '--rx', join(ROOT, 'examples/rx/over-limit-post.json'), '-o', 'x.stl', '--preview', 'x.html', '--resolution', '2']);
    expect(refused.status).toBe(4);
    const invalid = run(['preview', join(ROOT, 'examples/bad/self-intersecting.json'), '-o', 'y.html']);
    expect(invalid.status).toBe(3);
    // One good scan and one bad: nothing is written.
    const pair = run(['preview', join(ROOT, RIGHT), join(ROOT, 'examples/bad/tiny-foot.json'), '-o', 'z.html', '--resolution', '2']);
    expect(pair.status).toBe(3);
    const missingFolder = run(['preview', join(ROOT, RIGHT), '-o', 'no/such/folder/p.html', '--resolution', '2']);
    expect(missingFolder.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('usage errors: two outputs on standard output, the same file twice', () => {
    const both = run(['build', join(ROOT, RIGHT), '-o', '-', '--preview', '-']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/only one of -o -, --report -, --preview - and --json can use standard output/);
    const same = run(['build', join(ROOT, RIGHT), '-o', 'same.out', '--preview', 'same.out']);
    expect(same.status).toBe(2);
    expect(existsSync(join(dir, 'same.out'))).toBe(false);
  });
});
