/// <reference lib="dom" />
/**
 * The 3D viewer page (issue 5): the HTML is self-contained, carries the mesh exactly and is
 * deterministic; loaded from file:// in Debian's Chromium (playwright-core, WebGL on SwiftShader)
 * it draws the device from several views, shows the measured values and warnings, and logs no
 * error; the CLI writes it (`orthotic preview`, `build --preview`) all or nothing.
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
import { renderViewerHtml } from '../../src/preview/index.js';
import { legendTicks } from '../../src/preview/shared/index.js';
import { layoutDevices } from '../../src/preview/viewer/layoutDevices.js';
import { scalarField, scaleRange } from '../../src/preview/viewer/scalarField.js';
import { viewDirection } from '../../src/preview/viewer/viewDirection.js';
import type { ViewerHooks, ViewerPayload } from '../../src/preview/viewer/viewerTypes.js';
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

  it('the bundled viewer script is deterministic: bundling again gives the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orthotic-bundle-'));
    try {
      const out = join(dir, 'viewer.bundle.js');
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-viewer.mjs'), out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(join(ROOT, 'dist', 'src', 'preview', 'viewer', 'client', 'viewer.bundle.js')))).toBe(true);
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
    expect(ticks).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(await page.getAttribute('button[data-colour="height"]', 'aria-pressed')).toBe('true');
    const pixels = async () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('#viewport canvas')!.toDataURL());
    const withGuides = await pixels();
    await page.click('#guides-toggle');
    expect(await page.evaluate(() => window.orthoticViewer!.state().guides)).toBe(false);
    expect(await pixels()).not.toBe(withGuides);
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
