/**
 * The sign-off sheet: one printable A4 HTML page pair that a clinician and a technician sign before
 * a device is made, and that the lab files with the order. Self-contained (inline CSS and SVG, no
 * scripts, fonts or images fetched), deterministic given the date.
 *
 * Page 1: who and what (id, side, date, device), the top-view map, the prescription asked and
 * applied, the geometry measured on the built mesh, the material and estimated mass.
 * Page 2: limits that warned or clamped and why, the scanned foot, the fit to the scanned sole
 * (devices built from a 3D scan only), the build record (tool version, input hashes), the wear-in
 * advice for the patient, and the signatures.
 * A pair (left and right) shows both maps side by side and a column per foot.
 */
import type { BuiltOrthotic, SeriesReport } from '../../pipeline/index.js';
import { RenderError } from '../../errors.js';
import { DEFAULT_MATERIAL, MATERIALS, massGrams, type MaterialId } from '../../materials/index.js';
import { PRESCRIPTION_DEFAULT_SOURCES } from '../../scan/index.js';
import { renderMapSvg } from '../map/index.js';
import { escapeXml as esc, fixed, fmt, madeBy } from '../shared/index.js';
import { sheetCss } from './sheetCss.js';
import { formatMeasured, formatPrescription, isNone, labelFromKey, limitLabel, MEASURED_FIELDS, MEASURED_SHOWN_ELSEWHERE, orderedKeys, PRESCRIPTION_FIELDS } from './sheetFields.js';

/** What the sheet needs of a build: exactly what `buildOrthotic` returns. */
export type SheetDevice = Pick<BuiltOrthotic, 'mesh' | 'report' | 'guides'>;

export interface SheetOptions {
  /** The sign-off date, `YYYY-MM-DD` (the sheet never reads the clock, so it stays deterministic). */
  date: string;
  /** Material for the mass estimate; default: the prescription's `material`, else DEFAULT_MATERIAL. */
  material?: MaterialId;
  /** The staged series the devices belong to (their reports' `stage` says which stage each is): adds the wear-in plan. */
  series?: readonly SeriesReport[];
  /** The lab that makes the device (a lab configuration's `lab`): named in the header and the technician's sign-off. */
  lab?: { name: string; address?: readonly string[] };
}

/** The wear-in advice given with every device (docs/clinical-basis.md [CB-wear-in]). */
export const WEAR_IN_ADVICE = [
  'Start with 1–2 hours a day.',
  'Increase the wearing time only while it stays pain-free.',
  'Stop wearing the devices and come back if pain is sharp or persists.',
] as const;

/**
 * Renders the sign-off sheet of one device or of a pair as a self-contained HTML document.
 * Every string taken from the devices is HTML-escaped.
 *
 * @param devices one build, or several (a pair: shown left foot first).
 * @param options the date (required) and the material for the mass estimate.
 * @returns the HTML text.
 * @throws RenderError when the date is not a real `YYYY-MM-DD` date, the material is unknown, or no device is given.
 */
export function renderSheetHtml(devices: SheetDevice | readonly SheetDevice[], options: SheetOptions): string {
  const list = (Array.isArray(devices) ? [...(devices as readonly SheetDevice[])] : [devices as SheetDevice])
    .map((d, i) => ({ d, i }))
    .sort((a, b) => sideRank(a.d.report.side) - sideRank(b.d.report.side) || a.i - b.i)
    .map(({ d }) => d);
  if (!list.length) throw new RenderError('renderSheetHtml: no device given', 'devices', devices);
  const date = checkSheetDate(options.date);
  if (options.material !== undefined && !(options.material in MATERIALS)) {
    throw new RenderError(`unknown material ${JSON.stringify(options.material)}: one of ${Object.keys(MATERIALS).join(', ')}`, 'material', options.material);
  }

  // A series: one sign-off per stage (both feet together), then the wear-in plan.
  const stages = [...new Set(list.map((d) => d.report.stage?.index ?? 0))].sort((x, y) => x - y);
  const groups = stages.map((k) => list.filter((d) => (d.report.stage?.index ?? 0) === k));
  const pages = groups.map((g) => devicePages(g, options, date)).join('\n');
  const plan = options.series?.length ? seriesPage(options.series) : '';
  const ids = [...new Set(list.map((d) => d.report.id))];
  const sides = [...new Set(list.map((d) => sideName(d.report.side)))];
  const footer = cssString(`${ids.join(' / ')} · ${sides.join(' + ')} · ${date} · ${list[0]!.report.tool.name} ${list[0]!.report.tool.version}`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`Orthotic sign-off: ${ids.join(' / ')} (${list.map((d) => d.report.side).join(', ')}), ${date}`)}</title>`,
    `<style>${sheetCss(footer)}</style>`,
    '</head>',
    '<body>',
    pages,
    ...(plan ? [plan] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Page 1 and page 2 of one device or pair. */
function devicePages(list: readonly SheetDevice[], options: SheetOptions, date: string): string {
  // One colour scale for every map on the sheet, so left and right compare at a glance.
  let zlo = Infinity, zhi = -Infinity;
  for (const { mesh, guides } of list) {
    for (let v = 0; v < guides.layout.topVertexCount; v++) {
      zlo = Math.min(zlo, mesh.positions[3 * v + 2]!);
      zhi = Math.max(zhi, mesh.positions[3 * v + 2]!);
    }
  }
  const range: [number, number] = [Math.floor(zlo), Math.max(Math.ceil(zhi), Math.floor(zlo) + 1)];
  const maps = list.map((d, i) => renderMapSvg(d, { notes: false, idPrefix: `map${i + 1}-`, heightRangeMm: range, fontMm: 5.2, pxPerMm: 1 }));

  const ids = [...new Set(list.map((d) => d.report.id))];
  const sides = list.map((d) => sideName(d.report.side));
  const pair = list.length > 1;
  const materials = list.map((d) => chooseMaterial(d, options.material));
  const lengths = list.map((d) => formatPrescription('length', (d.report.prescription.applied as unknown as Record<string, unknown>).length));
  // A milled device: how (the sheet draws it as designed, in the foot frame).
  const made = [...new Set(list.map((d) => madeBy(d.report)).filter((m): m is string => m !== null))];

  const stage = list[0]!.report.stage;
  const kicker = `${options.lab ? `${options.lab.name} · ` : ''}Custom foot orthotic · sign-off sheet${stage ? ` · stage ${stage.index} of ${stage.count}` : ''}`;
  const head = `<header class="head"><div><div class="kicker">${esc(kicker)}</div><h1>${esc(ids.join(' / '))}</h1></div>` +
    `<dl class="meta"><dt>Order / patient</dt><dd>${esc(ids.join(', '))}</dd><dt>Side</dt><dd>${esc(sides.join(' and '))}</dd>` +
    `<dt>Date</dt><dd>${esc(date)}</dd><dt>Device</dt><dd>${esc([...new Set(lengths)].join(' / '))}</dd>` +
    `<dt>Material</dt><dd>${esc([...new Set(materials.map((m) => MATERIALS[m.id].name))].join(' / '))}</dd>` +
    `${made.length ? `<dt>Made by</dt><dd>${esc(made.join(' / '))}</dd>` : ''}</dl></header>`;

  const figure = (svg: string, d: SheetDevice): string =>
    `<figure class="map">${svg}<figcaption>${esc(`${d.report.id}, ${d.report.side} foot: seen from above, toes up; colours and contours give the height of the top surface above the floor.`)}</figcaption></figure>`;

  // One device: map and prescription on page 1, the rest on page 2. A pair: both maps on page 1,
  // a column per foot after it.
  // The measured table joins the prescription on page 1 unless the prescription is long.
  // So does the fit to a 3D scan, after them, when there is room for it.
  const one = list[0]!;
  const measuredFirst = !pair && prescriptionHeightMm(one) + MEASURED_TABLE_MM <= PAGE1_COLUMN_MM;
  const fit = pair ? '' : fitSection(one);
  const fitFirst = fit !== '' && prescriptionHeightMm(one) + (measuredFirst ? MEASURED_TABLE_MM : 0) + FIT_BLOCK_MM <= PAGE1_COLUMN_MM;
  const page1 = pair
    ? `<section class="page">${head}<div class="pair">${list.map((d, i) => `<div>${figure(maps[i]!, d)}${footSection(d)}</div>`).join('')}</div></section>`
    : `<section class="page">${head}<div class="grid1">${figure(maps[0]!, one)}<div>${prescriptionTable(one)}${measuredFirst ? measuredTable(one) : ''}${fitFirst ? fit : ''}</div></div></section>`;
  const fitLater = fitFirst ? '' : fit;
  const perDevice = pair
    ? `<div class="pair">${list.map((d, i) => `<div><div class="device-title">${esc(`${sideName(d.report.side)} foot · ${d.report.id}`)}</div>` +
      `${prescriptionTable(d)}${measuredTable(d)}${fitSection(d)}${materialSection(d, materials[i]!)}${limitsSection(d)}</div>`).join('')}</div>`
    : measuredFirst
      ? `<div class="pair"><div>${materialSection(one, materials[0]!)}</div><div>${footSection(one)}</div></div>${fitLater}${limitsSection(one)}`
      : `<div class="pair"><div>${measuredTable(one)}</div><div>${materialSection(one, materials[0]!)}${footSection(one)}</div></div>${fitLater}${limitsSection(one)}`;
  const page2 = `<section class="page">${perDevice}${recordSection(list)}${options.series?.length ? '' : adviceSection()}${signSection(options.lab)}</section>`;
  return `${page1}\n${page2}`;

}

/** The wear-in plan of a series, one table per foot, as the clinician set it. */
function seriesPage(series: readonly SeriesReport[]): string {
  const blocks = series.map((s) => {
    const w = s.wearIn;
    const set = new Set(w.setByClinician);
    const num = (key: string, text: string) => `${esc(text)} <span class="tag ${set.has(key) ? 'changed' : 'default'}">${set.has(key) ? 'clinician' : 'default'}</span>`;
    const corrections = s.corrections.length
      ? `<table class="steps"><thead><tr><th>Correction</th>${s.plan.map((p) => `<th>Stage ${p.stage}</th>`).join('')}<th>Largest step allowed</th></tr></thead><tbody>${s.corrections.map((c) =>
        `<tr data-parameter="${esc(c.parameter)}"><th>${esc(c.label)}</th>${c.perStage.map((v) => `<td class="num">${esc(`${fixed(v)}${c.unit === 'deg' ? '°' : ' mm'}`)}</td>`).join('')}<td class="num">${esc(`${fixed(c.maxStep)}${c.unit === 'deg' ? '°' : ' mm'}`)}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">No correction changes between stages.</p>';
    return `<div class="blk series" data-side="${esc(s.side)}"><h2>${esc(`${sideName(s.side)} foot · ${s.id}: ${s.count} stage${s.count === 1 ? '' : 's'}`)}</h2>${corrections}` +
      `<dl class="kv"><dt>First day</dt><dd>${num('firstDayHours', `${fixed(w.firstDayHours)} hours`)}</dd>` +
      `<dt>Add each pain-free day</dt><dd>${num('addHoursPerDay', `${fixed(w.addHoursPerDay)} hours`)}</dd>` +
      `<dt>Full day</dt><dd>${num('fullDayHours', `${fixed(w.fullDayHours)} hours`)}</dd>` +
      `<dt>Pain-free full days before the next stage</dt><dd>${num('comfortableDays', String(w.comfortableDays))}</dd></dl>` +
      s.plan.map((p) => `<div class="box advice stage"><h3>${esc(`Stage ${p.stage} of ${p.of}: ${p.delivers}`)}</h3><ol>${p.instructions.map((line) => `<li>${esc(line)}</li>`).join('')}</ol>` +
        `<p>${esc(p.stage < p.of ? `Earliest move to stage ${p.stage + 1}: day ${p.earliestDays} of this stage, if every day is pain-free.` : `Full-day wear from about day ${p.earliestDays - w.comfortableDays + 1} of this stage, if every day is pain-free.`)}</p></div>`).join('') +
      `<div class="line"><span>Clinician’s changes</span><span></span></div><div class="line"><span></span><span></span></div></div>`;
  });
  return `<section class="page"><header class="head"><div><div class="kicker">Custom foot orthotic · staged series</div><h1>Wear-in plan</h1></div></header>` +
    `<p>The correction is delivered in steps: each stage is a little nearer the full prescription, so the body can adapt (a change delivered in steps is gentler than one big one: docs/clinical-basis.md [CB-staging]). Give the patient this page.</p>${blocks.join('')}</section>`;
}

function sideRank(side: string): number {
  return side === 'left' ? 0 : side === 'right' ? 1 : 2;
}

function sideName(side: string): string {
  return side === 'left' ? 'Left' : side === 'right' ? 'Right' : side;
}

/** `date` when it is a real calendar date written YYYY-MM-DD. */
/**
 * A sign-off date as the sheet takes it.
 * @returns the date, when it is a calendar date written YYYY-MM-DD
 * @throws RenderError (option `date`) otherwise
 */
export function checkSheetDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof date === 'string' ? date : '');
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new RenderError(`date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(date)}`, 'date', date);
  }
  return date;
}

/** The material of the mass estimate and why it was chosen. */
function chooseMaterial(d: SheetDevice, option: MaterialId | undefined): { id: MaterialId; from: string } {
  if (option) return { id: option, from: 'chosen for this sheet' };
  const named = (d.report.prescription.applied as unknown as Record<string, unknown>).material;
  if (typeof named === 'string' && named in MATERIALS) {
    const asked = 'material' in (d.report.prescription.asked as object);
    return { id: named as MaterialId, from: asked ? 'from the prescription' : 'the prescription’s default' };
  }
  return { id: DEFAULT_MATERIAL, from: 'default material' };
}

/** Page 1's column beside the map, mm, and what the measured table (a dozen rows) and the fit to a 3D scan take of it. */
const PAGE1_COLUMN_MM = 228;
const MEASURED_TABLE_MM = 95;
const FIT_BLOCK_MM = 70;

/** A generous estimate of the prescription table's height on paper, mm (rows wrap in the narrow column). */
function prescriptionHeightMm(d: SheetDevice): number {
  const asked = d.report.prescription.asked as unknown as Record<string, unknown>;
  const applied = d.report.prescription.applied as unknown as Record<string, unknown>;
  const defaulted = new Set(d.report.prescription.defaulted);
  let mm = 16, none = 0;
  for (const key of orderedKeys(PRESCRIPTION_FIELDS, applied, asked)) {
    const wasAsked = key in asked && !defaulted.has(key);
    const value = key in applied ? applied[key] : asked[key];
    if (!wasAsked && isNone(value)) { none++; continue; }
    const longest = Math.max(formatPrescription(key, value).length, wasAsked ? formatPrescription(key, asked[key]).length : 0, (PRESCRIPTION_FIELDS[key]?.label ?? key).length);
    mm += 3.6 * Math.ceil(longest / 18) + 2.4 + (wasAsked ? 0 : 10);
  }
  return mm + (none ? 3.2 * Math.ceil((none * 16) / 60) + 2.4 : 0);
}

/** The prescription asked and applied, field by field; defaulted fields marked, unset ones listed together. */
function prescriptionTable(d: SheetDevice): string {
  const r = d.report;
  const asked = r.prescription.asked as unknown as Record<string, unknown>;
  const applied = r.prescription.applied as unknown as Record<string, unknown>;
  const defaulted = new Set(r.prescription.defaulted);
  const clampedKeys = new Set(r.limits.findings.filter((f) => f.level === 'clamped').map((f) => f.pointer.split('/')[2] ?? ''));
  const rows: string[] = [];
  const none: string[] = [];
  for (const key of orderedKeys(PRESCRIPTION_FIELDS, applied, asked)) {
    const label = PRESCRIPTION_FIELDS[key]?.label ?? labelFromKey(key);
    const wasAsked = key in asked && !defaulted.has(key);
    const value = key in applied ? applied[key] : asked[key];
    if (!wasAsked && isNone(value)) {
      none.push(`<span data-field="${esc(key)}">${esc(label)}</span>`);
      continue;
    }
    const appliedText = formatPrescription(key, value);
    const changed = wasAsked && key in applied && !agrees(asked[key], applied[key]);
    // A device milled from a block is filled by its making (not a default, nor a limit).
    const made = key === 'construction' && r.milling?.target === 'device' && (!wasAsked || changed);
    const tag = made ? '<span class="tag changed">milled</span>' : !wasAsked ? '<span class="tag default">default</span>' : changed ? `<span class="tag ${clampedKeys.has(key) ? 'clamped' : 'changed'}">${clampedKeys.has(key) ? 'clamped' : 'changed'}</span>` : '';
    const source = made ? 'a device milled from a block is filled, a flat base under it all' : !wasAsked ? defaultSource(key) : '';
    rows.push(`<tr data-field="${esc(key)}"${wasAsked ? '' : ' class="defaulted"'}><th>${esc(label)}</th>` +
      `<td>${wasAsked ? esc(formatPrescription(key, asked[key])) : '—'}</td>` +
      `<td><strong>${esc(appliedText)}</strong>${tag}${source ? `<span class="note">${esc(source)}</span>` : ''}</td></tr>`);
  }
  if (none.length) {
    rows.push(`<tr data-field="none" class="defaulted none"><th>Not prescribed</th><td colspan="2">${none.join(', ')}: none</td></tr>`);
  }
  return `<h2>Prescription</h2><table class="rx"><colgroup><col class="c-field"><col class="c-asked"><col></colgroup><thead><tr><th>Field</th><th>Asked</th><th>Applied (built)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The geometry measured on the built mesh, beside the prescription values it answers to. */
function measuredTable(d: SheetDevice): string {
  const r = d.report;
  const applied = r.prescription.applied as unknown as Record<string, unknown>;
  let measured: string;
  if (r.measured) {
    const m = r.measured as unknown as Record<string, unknown>;
    const mrows = orderedKeys(MEASURED_FIELDS, m).filter((key) => !MEASURED_SHOWN_ELSEWHERE.has(key)).map((key) => {
      const known = MEASURED_FIELDS[key];
      const p = known?.prescribed?.(applied);
      const prescribed = p === null || p === undefined ? '' : typeof p === 'number' ? formatMeasured(key, p) : p;
      return `<tr data-field="${esc(key)}"><th>${esc(known?.label ?? labelFromKey(key))}</th><td class="num"><strong>${esc(formatMeasured(key, m[key]))}</strong></td><td class="num rxcol">${esc(prescribed)}</td></tr>`;
    });
    measured = `<h2>Built device, measured</h2><table class="measured"><colgroup><col class="c-field"><col class="c-measured"><col></colgroup><thead><tr><th>On the mesh</th><th>Measured</th><th>Prescribed</th></tr></thead><tbody>${mrows.join('')}</tbody></table>`;
  } else {
    measured = '<h2>Built device, measured</h2><p class="muted">Not measured: the build was run without measuring the mesh.</p>';
  }
  return measured;
}

/** The material, its density and source, the volume and the estimated mass. */
function materialSection(d: SheetDevice, material: { id: MaterialId; from: string }): string {
  const r = d.report;
  const mat = MATERIALS[material.id];
  const volumeMm3 = r.mesh.volumeMm3;
  const mass = massGrams(volumeMm3, material.id);
  return `<div class="blk"><h2>Material and mass</h2><dl class="kv">` +
    `<dt>Material</dt><dd><strong>${esc(mat.name)}</strong> <span class="muted">(${esc(material.from)})</span></dd>` +
    `<dt>Density</dt><dd data-density="${esc(String(mat.densityGcm3))}">${esc(`${mat.densityGcm3} g/cm³`)}<span class="note">${esc(mat.source)}</span></dd>` +
    `<dt>Volume</dt><dd data-volume-mm3="${esc(fixed(volumeMm3, 0))}">${esc(`${fixed(volumeMm3 / 1000, 1)} cm³`)}</dd>` +
    `<dt>Estimated mass</dt><dd data-mass-g="${esc(fixed(mass, 1))}"><strong>${esc(`${fixed(mass, 1)} g`)}</strong><span class="note">${r.milling ? 'solid material, the volume as designed' : 'solid material; a lattice-infilled print weighs less'}</span></dd></dl></div>`;
}

/** Whether an applied value is what was asked: equal, or for a modification object, every part
 *  asked is applied unchanged (the parts left out get their defaults, which is not a change). */
function agrees(asked: unknown, applied: unknown): boolean {
  if (asked && applied && typeof asked === 'object' && typeof applied === 'object' && !Array.isArray(asked)) {
    return Object.entries(asked as Record<string, unknown>).every(([k, v]) => agrees(v, (applied as Record<string, unknown>)[k]));
  }
  return JSON.stringify(asked) === JSON.stringify(applied);
}

/** The default's source for a field, without its leading value ("3 mm: typical ..." → "typical ..."). */
function defaultSource(key: string): string {
  const s = (PRESCRIPTION_DEFAULT_SOURCES as Readonly<Record<string, string>>)[key];
  if (!s) return 'default';
  const i = s.indexOf(': ');
  return `default: ${i >= 0 && i < 40 ? s.slice(i + 2) : s}`;
}

/** Limits that warned or clamped, every warning, and a loosened limits profile. */
function limitsSection(d: SheetDevice): string {
  const r = d.report;
  const unit = (u: string): string => (u === 'deg' ? '°' : u === '%' ? ' %' : ` ${u}`);
  const val = (v: number | undefined, u: string): string => (v === undefined ? '—' : `${fixed(v)}${unit(u)}`);
  const findings = r.limits.findings.filter((f) => f.level !== 'refused');
  let html = '<h2>Limits and warnings</h2>';
  if (findings.length) {
    html += `<table class="limits"><thead><tr><th>Limit</th><th>Level</th><th>Asked</th><th>Limit</th><th>Built</th><th>Why it matters</th></tr></thead><tbody>${findings.map((f) =>
      `<tr data-parameter="${esc(f.parameter)}"><th>${esc(limitLabel(f.parameter))}</th><td><span class="tag ${f.level === 'clamped' ? 'clamped' : 'warn'}">${esc(f.level === 'clamped' ? 'clamped' : 'warning')}</span></td>` +
      `<td class="num">${esc(val(f.asked, f.unit))}</td><td class="num">${esc(val(f.limit, f.unit))}</td><td class="num">${esc(f.level === 'clamped' ? val(f.applied, f.unit) : val(f.asked, f.unit))}</td><td>${esc(f.why)}</td></tr>`).join('')}</tbody></table>`;
  } else {
    html += '<p class="ok">No limit was reached: built as prescribed.</p>';
  }
  if (r.warnings.length) {
    html += `<h3>Warnings as reported (${r.warnings.length})</h3><ol class="warnings full">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ol>`;
  }
  if (r.limits.loosened.length) {
    html += `<h3>Limits profile loosens built-in limits</h3><ol class="warnings">${r.limits.loosened.map((l) => `<li>${esc(l.message)}</li>`).join('')}</ol>` +
      `<p>Accepted because: <strong>${esc(r.limits.allowOverLimit ?? '(no reason recorded)')}</strong></p>`;
  }
  return html;
}

/** The foot as scanned: the sizes the map's dimensions show, and the landmarks. */
function footSection(d: SheetDevice): string {
  const f = d.report.foot;
  return '<div class="blk"><h2>Foot, from the scan</h2><dl class="kv">' +
    `<dt>Foot length</dt><dd>${esc(`${fixed(f.footLengthMm)} mm`)}</dd>` +
    `<dt>Ball width</dt><dd>${esc(`${fixed(f.ballWidthMm)} mm`)}</dd>` +
    `<dt>Heel width</dt><dd>${esc(`${fixed(f.heelWidthMm)} mm`)}</dd>` +
    `<dt>Arch apex</dt><dd>${esc(`${fixed(f.landmarks.archApexX)} mm from the heel`)}</dd>` +
    `<dt>Ball (MTP1)</dt><dd>${esc(`${fixed(f.landmarks.ballX)} mm from the heel`)}</dd></dl></div>`;
}

/**
 * How the device meets the scanned sole, for a device built from a 3D scan (the report's `fit` and
 * `surface`); nothing for any other device. The figures, the region they were measured on, and
 * the scan they come from (file, format, units, repairs).
 */
function fitSection(d: SheetDevice): string {
  const { fit, surface } = d.report;
  if (!fit || !surface) return '';
  const mm = (v: number): string => `${fixed(v, 2)} mm`;
  const file = surface.file.split(/[\\/]/).pop() || surface.file;
  const units = { mm: 'millimetres', m: 'metres', in: 'inches' }[surface.units];
  const figure = (key: string, label: string, value: number, note = '') =>
    `<dt>${esc(label)}</dt><dd data-fit="${key}"><strong>${esc(mm(value))}</strong>${note ? ` <span class="muted">${esc(note)}</span>` : ''}</dd>`;
  return '<div class="blk"><h2>Fit to the 3D scan</h2><dl class="kv">' +
    figure('medianMm', 'Median deviation', fit.medianMm) +
    figure('p95Mm', '95th percentile', fit.p95Mm) +
    figure('maxGapMm', 'Worst gap', fit.maxGapMm, 'device below the sole: no support') +
    figure('maxAboveMm', 'Worst pressure', fit.maxAboveMm, 'device above the sole: it presses') +
    `<dt>Surface</dt><dd>${esc(surface.mode === 'scan' ? 'total contact: the top is the scanned sole' : 'parametric: from the scan’s outline and measurements, not its sole')}</dd>` +
    `<dt>Scan</dt><dd data-fit="file">${esc(`${file}: ${surface.format.toUpperCase()} (${surface.encoding}), ${surface.triangles.toLocaleString('en-GB')} triangles, in ${units} (${surface.unitsDetected ? 'told from the foot’s size' : 'as given'})${surface.impression ? ', an impression' : ''}`)}</dd>` +
    `<dt>Repairs</dt><dd data-fit="repairs">${surface.repairs.length ? `<ol class="warnings">${surface.repairs.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>` : 'none'}</dd></dl>` +
    `<p class="note" data-fit="region">${esc(`|device − sole| at ${fit.samples.toLocaleString('en-GB')} points, ${fit.region} (the sole raised ${fixed(fit.offsetMm, 2)} mm onto the device).`)}</p></div>`;
}

/** Tool version, input hashes and the mesh's checks, per device. */
function recordSection(list: readonly SheetDevice[]): string {
  const rows = list.map((d) => {
    const r = d.report;
    const who = list.length > 1 ? `<h3>${esc(`${sideName(r.side)} foot · ${r.id}`)}</h3>` : '';
    return `<div class="blk">${who}<dl class="kv">` +
      `<dt>Built by</dt><dd>${esc(`${r.tool.name} ${r.tool.version}, mesh resolution ${fixed(r.build.resolutionMm, 2)} mm`)}</dd>` +
      `<dt>Scan SHA-256</dt><dd><code>${esc(r.inputs.scanSha256)}</code></dd>` +
      (r.inputs.surfaceSha256 ? `<dt>3D scan SHA-256</dt><dd><code>${esc(r.inputs.surfaceSha256)}</code></dd>` : '') +
      `<dt>Prescription SHA-256</dt><dd>${r.inputs.prescriptionSha256 ? `<code>${esc(r.inputs.prescriptionSha256)}</code>` : '<span class="muted">none: the prescription came with the scan</span>'}</dd>` +
      `<dt>Limits profile</dt><dd>${esc(r.inputs.limitsProfile)} <code>${esc(r.inputs.limitsSha256)}</code></dd>` +
      `<dt>Mesh</dt><dd>${esc(`${r.mesh.triangles.toLocaleString('en-GB')} triangles, ${r.mesh.closed ? 'closed' : 'open'} (Euler characteristic ${r.mesh.euler}), ${r.mesh.selfIntersections === 0 ? 'no self-intersections' : `${r.mesh.selfIntersections} self-intersections`}`)}${r.milling ? '<span class="note">the device as designed</span>' : ''}</dd>` +
      millingRows(r) + `</dl></div>`;
  });
  return `<h2>Build record</h2>${rows.join('')}`;
}

/**
 * A milled device's record (its report's `milling`): how it is made, the part milled, and where the
 * milled surface departs from the design (what the finishing ball cannot reach, any undercut): the
 * map and tables above show the design. Empty for a printed device.
 */
function millingRows(r: SheetDevice['report']): string {
  const m = r.milling;
  const made = madeBy(r);
  if (!m || !made) return '';
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const part = m.mesh as { triangles?: unknown; volumeMm3?: unknown } | undefined;
  const ball = num((m.tools as { finishing?: { diameterMm?: unknown } } | undefined)?.finishing?.diameterMm);
  const unreached = num(m.unreachedByBallMm2), deepest = num(m.unreachedDeepestMm);
  const undercut = num((m.undercutMm2 as { milledMm2?: unknown } | undefined)?.milledMm2);
  const triangles = num(part?.triangles), volume = num(part?.volumeMm3);
  return `<dt>Made by</dt><dd>${esc(made)}<span class="note">the map and the tables show the device as designed; the part milled:</span></dd>` +
    (triangles !== null && volume !== null ? `<dt>${esc(m.target === 'cast' ? 'Cast milled' : 'Part milled')}</dt><dd>${esc(`${triangles.toLocaleString('en-GB')} triangles, ${fixed(volume / 1000, 1)} cm³, in the blank's frame`)}</dd>` : '') +
    (unreached !== null ? `<dt>Out of the ball's reach</dt><dd data-unreached-mm2="${esc(fmt(unreached, 2))}">${esc(unreached > 0 ? `${fmt(unreached, 2)} mm²${deepest !== null ? `, at most ${fixed(deepest, 2)} mm deep` : ''}` : 'none: reached everywhere')}${ball !== null ? `<span class="note">${esc(`the ${fmt(ball)} mm finishing ball; the map (--map) draws where`)}</span>` : ''}</dd>` : '') +
    (undercut !== null ? `<dt>Undercut</dt><dd>${esc(undercut > 0 ? `${fmt(undercut, 2)} mm² that a 3-axis mill cannot cut from above` : 'none')}</dd>` : '');
}

function adviceSection(): string {
  return '<div class="box advice"><h2>Wearing in: advice for the patient</h2><ol>' +
    WEAR_IN_ADVICE.map((a) => `<li>${esc(a)}</li>`).join('') +
    '</ol><p>The body needs time to get used to a new device: a change taken in steps is gentler than one big one.</p></div>';
}

function signSection(lab: SheetOptions['lab']): string {
  const block = (who: string, role: string): string =>
    `<div><h3>${esc(who)}</h3><div class="line"><span>Name</span><span></span></div><div class="line"><span>Signature</span><span></span></div><div class="line"><span>Date</span><span></span></div><p class="note">${esc(role)}</p></div>`;
  const at = lab ? ` at ${[lab.name, ...(lab.address ?? [])].join(', ')}` : '';
  return '<div class="blk"><h2>Sign-off</h2><p class="check"><span></span>The map and the measured geometry have been checked against the prescription; the device may be made.</p>' +
    `<div class="sign">${block('Clinician', 'prescribed and approved the device')}${block('Technician', `checked the build and released it for manufacture${at}`)}</div></div>`;
}

/** A CSS string literal for `content:` (every character outside a safe set escaped as \\HEX). */
function cssString(s: string): string {
  let out = '"';
  for (const ch of s) out += /[A-Za-z0-9 ._,:/+-]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `${out}"`;
}
