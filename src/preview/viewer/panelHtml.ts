/**
 * The 3D viewer's side panel and warning banner: static HTML written from the build reports.
 */
import type { BuildReport, FitReport, SurfaceReport } from '../../pipeline/index.js';
import { MATERIALS, type MaterialId } from '../../materials/index.js';
import { MODIFICATION_PARTS, REGISTRY } from '../../modifications/index.js';
import { escapeXml, madeBy } from '../shared/index.js';

const mm = (v: number, digits = 1) => `${v.toFixed(digits)} mm`;
const deg = (v: number, digits = 1) => `${v.toFixed(digits)}°`;
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The side panel: for each device (in the order shown, left to right), its id and side, the
 * prescription as asked and as applied (defaults and clamps marked), the geometry measured from
 * the mesh ("not measured" when the build did not measure it), the foot and the mesh.
 * Every value cell carries `data-field` naming the report field it shows.
 */
export function panelHtml(reports: readonly BuildReport[]): string {
  const first = reports[0];
  const head = `<header class="panel-head"><div class="brand">orthotic <span>${escapeXml(first ? first.tool.version : '')}</span></div>` +
    `<div class="sub">Device preview · mm, degrees</div></header>`;
  return head + reports.map((r, i) => deviceSection(r, i)).join('');
}

/** Always listed; the other prescription fields only when asked for or in effect. */
const CORE_FIELDS = ['shellThickness', 'heelCupDepth', 'archHeight', 'rearfootPost', 'length', 'construction', 'material'];
const LABELS: Record<string, string> = {
  shellThickness: 'Shell thickness', heelCupDepth: 'Heel-cup depth', archHeight: 'Arch height', rearfootPost: 'Rearfoot post',
  length: 'Length',
  ...Object.fromEntries(REGISTRY.map((d) => [d.key, d.label])),
  archFill: 'Arch fill', construction: 'Construction',
  topCover: 'Top cover', material: 'Material', bodyWeight: 'Body weight',
};
/** How each number inside a modification reads (mm unless named an angle). */
const PARTS: Record<string, (v: number) => string> = {
  depth: (v) => `${v} mm deep`, height: (v) => `${v} mm high`, width: (v) => `${v} mm wide`, length: (v) => `${v} mm long`,
  diameter: (v) => `\u2300 ${v} mm`, behindMth: (v) => `${v} mm behind MTH`, bevel: (v) => `${v} mm bevel`,
};

/** A prescription value in words: `4° medial`, `5 mm high, 18 mm wide, …`, `3 mm`, `none`. */
export function describeRxValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number') return key === 'bodyWeight' ? `${v} kg` : `${v} mm`;
  // Material: its name without the process in brackets ("Nylon PA12", "EVA foam block").
  if (typeof v === 'string') return key === 'material' ? (MATERIALS[v as MaterialId]?.name.split(' (')[0] ?? v) : v;
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof o.angle === 'number' && typeof o.wedge === 'string') parts.push(`${o.angle}° ${o.wedge}`);
  else if (typeof o.wedge === 'string') parts.push(o.wedge);
  for (const [k, x] of Object.entries(o)) {
    if (k === 'wedge' || k === 'angle' || x === undefined) continue;
    if (k === 'extent') parts.push(`to ${String(x)}`);
    else if (typeof x === 'number') parts.push(PARTS[k]?.(x) ?? (MODIFICATION_PARTS[k]?.label ? `${x} mm ${MODIFICATION_PARTS[k]!.label}` : `${k} ${x}`));
    else parts.push(`${k} ${String(x)}`);
  }
  if (typeof o.angle === 'number' && typeof o.wedge !== 'string') parts.push(`at ${o.angle}°`);
  return parts.join(', ') || 'yes';
}

/** Whether a prescription field changes the device (a modification that is there, a non-zero amount). */
const inEffect = (v: unknown) => v !== null && v !== undefined && v !== 0;

function deviceSection(r: BuildReport, index: number): string {
  const rx = r.prescription;
  const asked = rx.asked as Record<string, unknown>;
  const applied = rx.applied as unknown as Record<string, unknown>;
  const clamped = new Set(r.limits.findings.filter((f) => f.level === 'clamped').map((f) => f.pointer.replace(/^\/prescription\//, '').split('/')[0]));
  const row = (key: string) => {
    const a = key in asked ? escapeXml(describeRxValue(key, asked[key])) : '<span class="muted">default</span>';
    const tag = clamped.has(key) ? ' <span class="tag tag-clamp">clamped</span>' : '';
    const label = LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
    return `<tr><th>${escapeXml(label)}</th><td data-field="asked.${key}">${a}</td><td data-field="applied.${key}"${clamped.has(key) ? ' class="changed"' : ''}>${escapeXml(describeRxValue(key, applied[key]))}${tag}</td></tr>`;
  };
  const core = CORE_FIELDS.filter((k) => k in applied);
  const more = Object.keys(applied).filter((k) => !CORE_FIELDS.includes(k) && (k in asked || inEffect(applied[k])));
  const prescription = `<table class="grid"><thead><tr><th></th><th>asked</th><th>applied</th></tr></thead><tbody>` +
    core.map(row).join('') +
    (more.length ? `<tr class="subhead"><th colspan="3">Modifications</th></tr>${more.map(row).join('')}` : `<tr class="subhead"><th colspan="3">No other modifications</th></tr>`) +
    `</tbody></table>`;

  const m = r.measured;
  const kv = (field: string, label: string, value: string) => `<tr><th>${label}</th><td data-field="${field}">${escapeXml(value)}</td></tr>`;
  const measured = !m
    ? `<p class="not-measured" data-field="measured">not measured</p>`
    : `<table class="kv"><tbody>` +
      kv('measured.heelCupDepthMm', 'Heel-cup depth', mm(m.heelCupDepthMm)) +
      kv('measured.archHeightMm', 'Arch height', mm(m.archHeightMm)) +
      kv('measured.postAngleDeg', 'Rearfoot post', m.postHighSide === 'none' ? `${deg(m.postAngleDeg)} (level)` : `${deg(m.postAngleDeg)}, ${m.postHighSide} side high`) +
      kv('measured.minThicknessMm', 'Thinnest shell', mm(m.minThicknessMm, 2)) +
      kv('measured.lengthMm', 'Length', mm(m.lengthMm)) +
      kv('measured.overall', 'Overall L × W × H', `${m.overall.lengthMm.toFixed(1)} × ${m.overall.widthMm.toFixed(1)} × ${m.overall.heightMm.toFixed(1)} mm`) +
      kv('measured.volumeMm3', 'Volume', `${(m.volumeMm3 / 1000).toFixed(1)} cm³`) +
      `</tbody></table>`;

  const f = r.foot;
  const foot = `<table class="kv"><tbody>` +
    kv('foot.footLengthMm', 'Foot length', mm(f.footLengthMm)) +
    kv('foot.ballWidthMm', 'Ball width', mm(f.ballWidthMm)) +
    kv('foot.heelWidthMm', 'Heel width', mm(f.heelWidthMm)) +
    `</tbody></table>`;
  const fit = r.fit && r.surface ? `<h3>Fit to the 3D scan</h3>${fitTable(r.fit, r.surface)}` : '';
  const mesh = `<p class="meta" data-field="mesh">${thousands(r.mesh.triangles)} triangles · ${r.build.resolutionMm} mm resolution · closed solid</p>`;
  const made = madeBy(r);
  const milling = made ? `<p class="meta" data-field="milling">${escapeXml(made)}; shown here as designed, in the foot frame</p>` : '';
  const warn = r.warnings.length ? ` <span class="tag tag-warn">${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}</span>` : '';
  return `<section class="device" data-device="${index}" data-id="${escapeXml(r.id)}">` +
    `<h2><span class="side side-${r.side}" title="${r.side} foot">${r.side === 'left' ? 'L' : 'R'}</span><span class="id">${escapeXml(r.id)}</span>${warn}</h2>` +
    `<h3>Prescription</h3>${prescription}` +
    `<h3>Measured on the mesh</h3>${measured}${fit}` +
    `<h3>Foot (from the scan)</h3>${foot}${mesh}${milling}</section>`;
}

/** A device's fit to its scanned sole (the report's `fit`), and the scan it was read from. */
function fitTable(fit: FitReport, surface: SurfaceReport): string {
  const kv = (field: string, label: string, value: string) => `<tr><th>${label}</th><td data-field="${field}">${escapeXml(value)}</td></tr>`;
  const file = surface.file.split(/[\\/]/).pop() || surface.file;
  return `<table class="kv"><tbody>` +
    kv('fit.medianMm', 'Median deviation', mm(fit.medianMm, 2)) +
    kv('fit.p95Mm', '95th percentile', mm(fit.p95Mm, 2)) +
    kv('fit.maxGapMm', 'Worst gap', mm(fit.maxGapMm, 2)) +
    kv('fit.maxAboveMm', 'Worst pressure', mm(fit.maxAboveMm, 2)) +
    kv('surface', 'Scan', `${file}, ${surface.format.toUpperCase()}, ${surface.units}${surface.unitsDetected ? ' (detected)' : ''}, ${surface.mode === 'scan' ? 'total contact' : 'parametric'}`) +
    `</tbody></table><p class="meta" data-field="fit.region">${escapeXml(`|device − sole| at ${thousands(fit.samples)} points, ${fit.region} (the sole raised ${fit.offsetMm.toFixed(2)} mm); a gap: the device below the sole, pressure: above it.`)}</p>`;
}

/**
 * The warning banner: every warning of every device (limit warnings, clamps, other checks), each
 * tagged with its device when there are several; empty when there is none.
 */
export function warningBannerHtml(reports: readonly BuildReport[]): string {
  const items: string[] = [];
  for (const r of reports) {
    const clamps = new Set(r.limits.findings.filter((f) => f.level === 'clamped').map((f) => f.message));
    for (const w of r.warnings) {
      const tag = clamps.has(w) ? '<span class="tag tag-clamp">clamped</span> ' : '';
      const who = reports.length > 1 ? `<span class="who">${escapeXml(r.id)} (${r.side})</span> ` : '';
      items.push(`<li>${tag}${who}${escapeXml(w)}</li>`);
    }
  }
  if (!items.length) return '';
  const n = items.length;
  return `<div id="warnings" class="banner" role="alert"><details open><summary><strong>${n} warning${n > 1 ? 's' : ''}</strong>: check before printing</summary><ul>${items.join('')}</ul></details></div>`;
}
