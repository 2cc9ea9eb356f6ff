import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrder, buildOrthotic, RenderError, type BuiltOrthotic } from '../../src/index.js';
import { DEFAULT_MATERIAL, MATERIALS } from '../../src/materials/index.js';
import { renderSheetHtml, WEAR_IN_ADVICE } from '../../src/preview/sheet/index.js';
import { scanFromMesh } from '../../src/scan3d/index.js';
import { loadScan } from '../support/build.js';
import { missingPdfTools, pdfInfo, pdfText, pdfToPngs, printPdfs } from '../support/pdf.js';
import { parseXml } from '../support/xml.js';

/**
 * The sign-off sheet: what it must say (id, side, date, every applied prescription field with the
 * defaulted ones marked, limit findings and warnings, measured values, material, density and mass,
 * tool version and hashes, wear-in advice, signature lines; for a device built from a 3D scan, its
 * fit to the scanned sole and the scan it came from), that it is self-contained,
 * deterministic and escapes what it quotes; then printed by Debian's Chromium to an A4 PDF (1–2
 * pages for one device), read back with poppler (page count, page size, text) and rendered to PNG
 * pages in tests/artifacts/ to be looked at.
 */
const ARTIFACTS = 'tests/artifacts';
const DATE = '2026-11-21';
const RES = { resolutionMm: 2 };
const cache = new Map<string, BuiltOrthotic>();
const build = (name: string, rx?: unknown): BuiltOrthotic => {
  const key = `${name}:${JSON.stringify(rx ?? null)}`;
  if (!cache.has(key)) cache.set(key, buildOrthotic(loadScan(`examples/${name}.json`), rx, RES));
  return cache.get(key)!;
};
/** Dupont's real left foot (tests/fixtures/real-scans, MIT), built total-contact or parametric. */
const fromScan = (mode: 'scan' | 'parametric'): BuiltOrthotic => {
  const key = `dupont-left:${mode}`;
  if (!cache.has(key)) {
    const path = 'tests/fixtures/real-scans/dupont/left_foot.stl';
    const { scan, surface } = scanFromMesh(new Uint8Array(readFileSync(path)), path, 'stl', { id: 'dupont-left' });
    cache.set(key, buildOrthotic(scan, undefined, { ...RES, surface, surfaceMode: mode }));
  }
  return cache.get(key)!;
};
/** HTML-escaped, as the sheet writes text. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** The `<tr>` of a field (by data-field), as HTML. */
const row = (html: string, field: string): string => {
  const m = new RegExp(`<tr data-field="${field}"[^>]*>(.*?)</tr>`).exec(html);
  expect(m, `row ${field}`).not.toBeNull();
  return m![1]!;
};
/** Text with tags removed and entities decoded (enough for what the sheet writes). */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));

describe('renderSheetHtml', () => {
  it.each([
    ['m290-right-flat', 'three-quarter, 7° medial post: two warnings'],
    ['w251-left-plantar-fasciitis', 'left, modifications, material and weight asked'],
    ['w265-right-lateral-post', 'lateral post, arch from the scan (defaulted)'],
  ])('%s (%s): says who, what, when, and every field of the prescription asked and applied', (name) => {
    const d = build(name);
    const r = d.report;
    const html = renderSheetHtml(d, { date: DATE });
    writeFileSync(`${ARTIFACTS}/sheet-${name}.html`, html);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`<h1>${esc(r.id)}</h1>`);
    expect(html).toContain(`<dt>Side</dt><dd>${r.side === 'left' ? 'Left' : 'Right'}</dd>`);
    expect(html).toContain(`<dt>Date</dt><dd>${DATE}</dd>`);
    expect(html).toContain('size: A4');

    const asked = r.prescription.asked as Record<string, unknown>;
    const applied = r.prescription.applied as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(applied)) {
      const wasAsked = key in asked && !r.prescription.defaulted.includes(key);
      const none = value === null || value === 0;
      if (!wasAsked && none) {
        // listed once, in the "Not prescribed" row
        expect(row(html, 'none')).toContain(`data-field="${key}"`);
        continue;
      }
      const cells = row(html, key);
      if (typeof value === 'number') expect(text(cells)).toMatch(new RegExp(`\\b(${value.toFixed(1)}|${value}) (mm|kg)|${value.toFixed(1)}°`));
      if (typeof value === 'string' && key !== 'material') expect(text(cells)).toContain(value);
      if (key === 'material') expect(text(cells)).toContain(MATERIALS[value as keyof typeof MATERIALS].name);
      if (key === 'rearfootPost' && value) {
        const post = value as { wedge: string; angle: number };
        expect(text(cells)).toContain(`${post.wedge} ${post.angle.toFixed(1)}°`);
      }
      if (value && typeof value === 'object' && key !== 'rearfootPost' && key !== 'forefootPost') {
        for (const part of Object.values(value)) if (typeof part === 'number') expect(text(cells)).toContain(part.toFixed(1));
      }
      // defaulted fields are marked as such, asked ones are not
      expect(cells.includes('tag default')).toBe(!wasAsked);
    }
    for (const key of r.prescription.defaulted) expect(html).toContain(`data-field="${key}"`);
  });

  it('reports the limits that warned, with why, and every warning in full', () => {
    const d = build('m290-right-flat');
    const html = renderSheetHtml(d, { date: DATE });
    expect(d.report.warnings.length).toBeGreaterThanOrEqual(2);
    for (const w of d.report.warnings) expect(html).toContain(`<li>${esc(w)}</li>`);
    for (const f of d.report.limits.findings) {
      const cells = new RegExp(`<tr data-parameter="${f.parameter.replace(/\./g, '\\.')}">(.*?)</tr>`).exec(html)![1]!;
      expect(cells).toContain(esc(f.why));
      expect(text(cells)).toContain(f.asked.toFixed(1));
      expect(text(cells)).toContain(f.limit.toFixed(1));
      expect(text(cells)).toContain(f.level === 'warn' ? 'warning' : 'clamped');
    }
    // a clean build says so
    expect(renderSheetHtml(build('m271-right-neutral'), { date: DATE })).toContain('No limit was reached');
  });

  it('shows a clamped value as clamped: asked 12°, built at the 9° ceiling', () => {
    const d = buildOrthotic(loadScan('examples/m271-right-neutral.json'), { rearfootPost: { wedge: 'medial', angle: 12 } }, { ...RES, clamp: true });
    const html = renderSheetHtml(d, { date: DATE });
    const cells = row(html, 'rearfootPost');
    expect(text(cells)).toContain('medial 12.0°');
    expect(text(cells)).toContain('medial 9.0°');
    expect(cells).toContain('tag clamped');
  });

  it('lists the measured geometry, the material with its density and source, and a mass = volume × density', () => {
    const d = build('m271-right-neutral');
    const html = renderSheetHtml(d, { date: DATE });
    const m = d.report.measured as unknown as Record<string, unknown>;
    for (const [key, v] of Object.entries(m)) {
      if (key === 'volumeMm3') expect(html).toContain(`${(Number(v) / 1000).toFixed(1)} cm³`);
      else if (key === 'triangleCount') expect(html).toContain(Number(v).toLocaleString('en-GB'));
      else if (typeof v === 'number') expect(text(row(html, key))).toContain(v.toFixed(1));
      else if (typeof v === 'string') expect(text(row(html, key))).toContain(v);
      else expect(text(row(html, key))).toContain(`${(v as { lengthMm: number }).lengthMm.toFixed(1)} ×`);
    }
    const massOf = (h: string) => {
      const g = Number(/data-mass-g="([\d.]+)"/.exec(h)![1]);
      const vol = Number(/data-volume-mm3="([\d.]+)"/.exec(h)![1]);
      const rho = Number(/data-density="([\d.]+)"/.exec(h)![1]);
      return { g, vol, rho };
    };
    // the prescription's material (pa12 by default)
    const a = massOf(html);
    const material = d.report.prescription.applied.material;
    expect(a.rho).toBe(MATERIALS[material].densityGcm3);
    expect(a.vol).toBeCloseTo(d.report.mesh.volumeMm3, -1);
    expect(Math.abs(a.g - (d.report.mesh.volumeMm3 / 1000) * a.rho)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(html).toContain(esc(MATERIALS[material].source));
    // a material chosen for the sheet wins
    const eva = massOf(renderSheetHtml(d, { date: DATE, material: 'eva' }));
    expect(eva.rho).toBe(0.25);
    expect(Math.abs(eva.g - (d.report.mesh.volumeMm3 / 1000) * 0.25)).toBeLessThanOrEqual(0.05 + 1e-9);
    // a prescription without a (known) material falls back to DEFAULT_MATERIAL
    const bare = { ...d, report: { ...d.report, prescription: { ...d.report.prescription, applied: { ...d.report.prescription.applied, material: 'unobtainium' as never } } } };
    expect(massOf(renderSheetHtml(bare, { date: DATE })).rho).toBe(MATERIALS[DEFAULT_MATERIAL].densityGcm3);
  });

  it('records the tool version and the input hashes, gives the wear-in advice, and has signature lines', () => {
    const d = build('m290-right-flat');
    const html = renderSheetHtml(d, { date: DATE });
    expect(html).toContain(`${d.report.tool.name} ${d.report.tool.version}`);
    expect(html).toContain(d.report.inputs.scanSha256);
    expect(html).toContain(d.report.inputs.limitsSha256);
    for (const line of WEAR_IN_ADVICE) expect(html).toContain(esc(line));
    expect(text(html)).toMatch(/1–2 hours a day/);
    expect(text(html)).toMatch(/only while it stays pain-free/);
    expect(text(html)).toMatch(/pain is sharp or persists/);
    expect(html).toMatch(/<h3>Clinician<\/h3>.*Signature.*Date/);
    expect(html).toMatch(/<h3>Technician<\/h3>.*Signature.*Date/);
  });

  it('is self-contained and deterministic given the date', () => {
    const d = build('w251-left-plantar-fasciitis');
    const a = renderSheetHtml(d, { date: DATE });
    expect(renderSheetHtml(build('w251-left-plantar-fasciitis'), { date: DATE })).toBe(a);
    const b = renderSheetHtml(d, { date: '2027-01-02' });
    expect(b).not.toBe(a);
    expect(b.replaceAll('2027-01-02', DATE)).toBe(a);
    expect(a).not.toMatch(/<script|<link|<img|<iframe|@import|\b(?:src|href)\s*=/i);
    expect(a).not.toMatch(/url\((?!#)/); // only references inside the inline SVG
    // the inline map is the well-formed SVG of renderMapSvg
    const svg = /<svg[\s\S]*?<\/svg>/.exec(a)![0];
    expect(parseXml(svg).name).toBe('svg');
  });

  it('escapes every string it quotes: ids, warnings, findings, unknown fields, in the HTML and in the CSS footer', () => {
    const d = build('m290-right-flat');
    const evil = '<script>alert("x")</script> & \'</style>';
    const r = d.report;
    const hostile = {
      ...d,
      report: {
        ...r,
        id: `id${evil}`,
        warnings: [...r.warnings, `warning ${evil}`],
        limits: { ...r.limits, findings: r.limits.findings.map((f) => ({ ...f, why: `${f.why} ${evil}` })) },
        prescription: { ...r.prescription, applied: { ...r.prescription.applied, [`odd${evil}`]: evil } as never },
      },
    };
    const html = renderSheetHtml(hostile, { date: DATE });
    expect(html).not.toContain('<script>');
    expect(html.split('</style>').length).toBe(2); // only the real end of the style sheet
    expect(html).toContain(esc(`warning ${evil}`));
    expect(html).toContain(`<h1>${esc(`id${evil}`)}</h1>`);
    expect((html.match(/&lt;script&gt;/g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('labels fields it does not know yet, with units from their names', () => {
    const d = build('m271-right-neutral');
    const applied = { ...d.report.prescription.applied, forefootWidgetDeg: 3.5, calcanealPad: { heightMm: 2 } } as never;
    const html = renderSheetHtml({ ...d, report: { ...d.report, prescription: { ...d.report.prescription, applied, asked: { ...d.report.prescription.asked, forefootWidgetDeg: 3.5 } as never } } }, { date: DATE });
    expect(text(row(html, 'forefootWidgetDeg'))).toContain('Forefoot widget 3.5° 3.5°');
    expect(text(row(html, 'calcanealPad'))).toContain('Calcaneal pad');
    expect(text(row(html, 'calcanealPad'))).toContain('height: 2.0 mm');
  });

  it('says when the build was not measured', () => {
    const d = buildOrthotic(loadScan('examples/m271-right-neutral.json'), undefined, { ...RES, measure: false });
    expect(renderSheetHtml(d, { date: DATE })).toContain('Not measured');
  });

  it('refuses a date that is not a calendar day, and an unknown material', () => {
    const d = build('m271-right-neutral');
    for (const date of ['2026-02-30', '21/11/2026', '2026-11-21T10:00', '']) {
      expect(() => renderSheetHtml(d, { date })).toThrow(RenderError);
      expect(() => renderSheetHtml(d, { date })).toThrow(`date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
    }
    expect(() => renderSheetHtml(d, { date: DATE, material: 'steel' as never })).toThrow(RenderError);
    expect(() => renderSheetHtml([], { date: DATE })).toThrow(RenderError);
  });

  it('prints the fit of a device built from a 3D scan (median, p95, worst gap, worst pressure, where measured, the scan), and nothing of it for a JSON scan', () => {
    const d = fromScan('scan');
    const r = d.report;
    const html = renderSheetHtml(d, { date: DATE });
    writeFileSync(`${ARTIFACTS}/sheet-scan-left.html`, html);
    expect(html).toContain('<h2>Fit to the 3D scan</h2>');
    const cell = (key: string) => text(new RegExp(`<(?:dd|p class="note") data-fit="${key}">(.*?)</(?:dd|p)>`).exec(html)![1]!).trim();
    expect(cell('medianMm')).toBe(`${r.fit!.medianMm.toFixed(2)} mm`);
    expect(cell('p95Mm')).toBe(`${r.fit!.p95Mm.toFixed(2)} mm`);
    expect(cell('maxGapMm')).toBe(`${r.fit!.maxGapMm.toFixed(2)} mm device below the sole: no support`);
    expect(cell('maxAboveMm')).toBe(`${r.fit!.maxAboveMm.toFixed(2)} mm device above the sole: it presses`);
    expect(cell('region')).toBe(`|device − sole| at ${r.fit!.samples.toLocaleString('en-GB')} points, ${r.fit!.region} (the sole raised ${r.fit!.offsetMm.toFixed(2)} mm onto the device).`);
    expect(cell('file')).toBe(`left_foot.stl: STL (binary), ${r.surface!.triangles.toLocaleString('en-GB')} triangles, in metres (told from the foot’s size)`);
    expect(cell('repairs')).toBe('none');
    expect(text(html)).toContain('total contact: the top is the scanned sole');
    expect(html).toContain(`<dt>3D scan SHA-256</dt><dd><code>${r.inputs.surfaceSha256}</code></dd>`);
    // The parametric device of the same scan says what it is, and how far it sits from the sole.
    const parametric = renderSheetHtml(fromScan('parametric'), { date: DATE });
    expect(text(parametric)).toContain('parametric: from the scan’s outline and measurements, not its sole');
    expect(parametric).toContain(`<dd data-fit="maxAboveMm"><strong>${fromScan('parametric').report.fit!.maxAboveMm.toFixed(2)} mm</strong>`);
    // Repairs are listed, escaped.
    const repaired = renderSheetHtml({ ...d, report: { ...r, surface: { ...r.surface!, repairs: ['filled 2 holes <12 mm²'] } } }, { date: DATE });
    expect(repaired).toContain('<dd data-fit="repairs"><ol class="warnings"><li>filled 2 holes &lt;12 mm²</li></ol></dd>');
    // A JSON scan: no fit, no 3D scan hash.
    for (const name of ['m271-right-neutral', 'w251-left-plantar-fasciitis']) {
      const json = renderSheetHtml(build(name), { date: DATE });
      expect(json).not.toContain('Fit to the 3D scan');
      expect(json).not.toContain('data-fit=');
      expect(json).not.toContain('3D scan SHA-256');
    }
    // A pair with one 3D scan: the fit in that foot's column only.
    const pair = renderSheetHtml([d, build('m271-right-neutral')], { date: DATE });
    expect(pair.match(/<h2>Fit to the 3D scan<\/h2>/g)).toHaveLength(1);
  });

  it('shows a pair left foot first, both maps on one colour scale', () => {
    const html = renderSheetHtml([build('m271-right-neutral'), build('m255-left-scanner-frame')], { date: DATE });
    writeFileSync(`${ARTIFACTS}/sheet-pair.html`, html);
    expect(html).toContain('<dt>Side</dt><dd>Left and Right</dd>');
    expect(html.indexOf('m255-left-scanner-frame · LEFT')).toBeLessThan(html.indexOf('m271-right-neutral · RIGHT'));
    const swatches = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => [...m[0].matchAll(/class="swatch" data-mm="([\d.]+)"/g)].map((x) => x[1]).join(','));
    expect(swatches.length).toBe(2);
    expect(swatches[0]).toBe(swatches[1]);
  });
});

// Printed by a real browser. CI installs chromium and poppler-utils: there these are required.
const missing = missingPdfTools();
describe.runIf(missing.length === 0 || process.env.CI === 'true')(`printed by Chromium${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`, () => {
  it('prints on A4: one device on 1–2 pages, a pair on at most 3; the text is there; pages kept as PNG', async () => {
    const jobs = [
      { name: 'm290-right-flat', html: renderSheetHtml(build('m290-right-flat'), { date: DATE }), maxPages: 2 },
      { name: 'w251-left-plantar-fasciitis', html: renderSheetHtml(build('w251-left-plantar-fasciitis'), { date: DATE }), maxPages: 2 },
      { name: 'pair', html: renderSheetHtml([build('m271-right-neutral'), build('m255-left-scanner-frame')], { date: DATE }), maxPages: 3 },
      { name: 'scan-left', html: renderSheetHtml(fromScan('scan'), { date: DATE }), maxPages: 2 },
    ];
    const printed = await printPdfs(jobs.map((j) => j.html));
    jobs.forEach((job, k) => {
      const { pdf, errors } = printed[k]!;
      expect(errors).toEqual([]);
      const path = `${ARTIFACTS}/sheet-${job.name}.pdf`;
      writeFileSync(path, pdf);
      const info = pdfInfo(path);
      expect(info.pages).toBeGreaterThanOrEqual(1);
      expect(info.pages).toBeLessThanOrEqual(job.maxPages);
      expect(info.widthPt).toBeCloseTo(595.3, 0); // A4
      expect(info.heightPt).toBeCloseTo(841.9, 0);
      const pages = pdfText(path);
      const all = pages.join('\n');
      expect(all).toContain(DATE);
      expect(all).toMatch(/1–2 hours a day/);
      expect(all).toMatch(/Clinician/);
      expect(pages[0]).toMatch(/PRESCRIPTION|Prescription|TOES/); // page 1: the map (its labels) and the prescription
      expect(pages[pages.length - 1]).toMatch(/SIGN-OFF|Sign-off/);
      if (job.name === 'scan-left') expect(all).toMatch(/FIT TO THE 3D SCAN[\s\S]*95th percentile[\s\S]*Worst pressure/);
      expect(all).toMatch(new RegExp(`page 1 of ${info.pages}`));
      const pngs = pdfToPngs(path, `${ARTIFACTS}/sheet-${job.name}-page`, 100);
      expect(pngs.length).toBe(info.pages);
      for (const png of pngs) expect(statSync(png).size).toBeGreaterThan(20_000);
    });
  });

  it('prints a staged series: a sign-off per stage, then the wear-in plan the patient takes home', async () => {
    const order = buildOrder(loadScan('examples/m288-right-flat-staged.json'), undefined, RES);
    const html = renderSheetHtml(order.devices, { date: DATE, series: order.series });
    const printed = (await printPdfs([html]))[0]!;
    expect(printed.errors).toEqual([]);
    const path = `${ARTIFACTS}/sheet-series-m288.pdf`;
    writeFileSync(path, printed.pdf);
    const pages = pdfText(path);
    // The kicker is letter-spaced: pdftotext gives it back a letter at a time.
    for (const k of [1, 2, 3]) expect(pages.some((p) => p.replace(/\s+/g, '').includes(`STAGE${k}OF3`))).toBe(true);
    const plan = pages[pages.length - 1]!;
    expect(plan).toMatch(/Wear-in plan/);
    for (const k of [1, 2, 3]) expect(plan).toMatch(new RegExp(`Stage ${k} of 3: medial rearfoot post ${2 * k}°, arch raise \\+${2 * k} mm`));
    expect(plan).toMatch(/Day 1: wear stage 1 for 2 hours/);
    expect(plan).toMatch(/stop wearing it and contact the clinic/);
    expect(plan).toMatch(/From your clinician: Wear the orthotics in your trainers/);
    expect(pdfToPngs(path, `${ARTIFACTS}/sheet-series-m288-page`, 80).length).toBe(pages.length);
  });
});
