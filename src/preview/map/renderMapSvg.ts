/**
 * The top-view map of a built device: an SVG a clinician reads before signing the device off.
 *
 * Seen from above with the toes up (as the clinician looks down at the patient's foot, and as the
 * device lies in the hand): a right foot has its medial side on the left, a left foot on the right.
 * The top surface is coloured by height above the floor in bands one contour apart, with contour
 * lines, the scanned foot and device outlines, the heel cup rim, the arch apex, the rearfoot post,
 * the metatarsal-head line, the foot and device length, ball and heel width, and a scale bar.
 *
 * Units: one SVG user unit is one millimetre of the device. The plan is drawn in the foot frame
 * itself, inside `<g id="plan" transform="matrix(0 -1 -1 0 E F)">` (page u = E − y, v = F − x), so
 * its coordinates are the device's own (rounded to 0.1 mm); labels sit outside it in page units.
 */
import type { BuiltOrthotic } from '../../pipeline/index.js';
import { LANDMARK_RATIOS } from '../../geometry/index.js';
import { escapeXml, fixed, fmt } from '../shared/index.js';
import { contourTopSurface } from './contourTopSurface.js';
import { heightColour } from './heightColour.js';
import { pathData } from './pathData.js';
import { wrapText as wrap } from './wrapText.js';
import { placeContourLabels, type Obstacle, type PageContour } from './placeContourLabels.js';

export interface MapOptions {
  /** Contour interval and colour-band height, mm (1 or 2 read best). */
  contourStepMm?: number;
  /** Heights the colour scale spans, mm above the floor. Default: this device's own range, rounded
   *  outward to whole contour steps. Give maps shown side by side the same range. */
  heightRangeMm?: [number, number];
  /** Pixels per millimetre of the drawing: sets the SVG's width and height (and so the PNG's size). */
  pxPerMm?: number;
  /** Size of the labels' text, mm of the drawing. */
  fontMm?: number;
  /** Write the notes under the plan (heel cup, post, arch in words); the sign-off sheet, which
   *  tabulates them, leaves them out. Default true. */
  notes?: boolean;
  /** Prefix for every element id, so that several maps can share one HTML page. Default ''. */
  idPrefix?: string;
}

export const MAP_DEFAULTS = { contourStepMm: 1, pxPerMm: 4, fontMm: 3.2 } as const;

/** Contours and bands leave out points within this of the line through their neighbours (half the 0.1 mm rounding). */
const SIMPLIFY_MM = 0.05;

/** Length of the scale bar, mm. */
export const SCALE_BAR_MM = 50;

const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const INK = '#1d2330';
const SOFT = '#5b6475';
const RIM = '#7a3b00';
const POST = '#b3261e';

type Pt = [number, number];

/**
 * Renders the top-view map of a device as a standalone SVG document (no external resources).
 * Deterministic: the same device and options give the same bytes.
 *
 * @param device what `buildOrthotic` returns: the mesh (foot frame, mm), its report and guides.
 * @param options contour step, colour range, output size, text size (defaults in `MAP_DEFAULTS`).
 * @returns the SVG text.
 * @throws RangeError when an option is out of range.
 */
export function renderMapSvg(device: Pick<BuiltOrthotic, 'mesh' | 'report' | 'guides'>, options: MapOptions = {}): string {
  const { mesh, report, guides } = device;
  const step = options.contourStepMm ?? MAP_DEFAULTS.contourStepMm;
  const pxPerMm = options.pxPerMm ?? MAP_DEFAULTS.pxPerMm;
  const f = options.fontMm ?? MAP_DEFAULTS.fontMm;
  const idp = options.idPrefix ?? '';
  if (!/^[A-Za-z0-9_-]*$/.test(idp)) throw new RangeError(`idPrefix must be letters, digits, '_' or '-', got ${JSON.stringify(idp)}`);
  if (!(step >= 0.25 && step <= 10)) throw new RangeError(`contourStepMm must be within 0.25–10 mm, got ${step}`);
  if (!(pxPerMm > 0 && pxPerMm <= 40)) throw new RangeError(`pxPerMm must be within 0–40, got ${pxPerMm}`);
  if (!(f >= 1 && f <= 10)) throw new RangeError(`fontMm must be within 1–10 mm, got ${f}`);

  // ---- heights and contours ------------------------------------------------------------------
  const nTop = guides.layout.topVertexCount;
  const pos = mesh.positions;
  let zmin = Infinity, zmax = -Infinity, topX0 = Infinity, topX1 = -Infinity;
  for (let v = 0; v < nTop; v++) {
    const z = pos[3 * v + 2]!, x = pos[3 * v]!;
    zmin = Math.min(zmin, z); zmax = Math.max(zmax, z);
    topX0 = Math.min(topX0, x); topX1 = Math.max(topX1, x);
  }
  const snap = (v: number): number => Math.round(v * 1e6) / 1e6;
  const levels: number[] = [];
  for (let k = Math.floor(zmin / step) + 1; k * step <= zmax + 1e-9; k++) if (k * step > zmin + 0.01) levels.push(snap(k * step));
  const contours = contourTopSurface(mesh, guides.layout, levels);
  const [lo, hi] = options.heightRangeMm ?? [Math.floor(zmin / step) * step, Math.max(Math.ceil(zmax / step) * step, Math.floor(zmin / step) * step + step)];
  /** Index contours: every 5 mm (every 10 mm for steps over 1 mm), drawn heavier and labelled first. */
  const indexEvery = step > 1 ? 10 : 5;
  const isIndex = (level: number): boolean => Math.abs(level / indexEvery - Math.round(level / indexEvery)) < 1e-6;
  const bandColour = (bottom: number): string => heightColour(hi > lo ? (bottom + step / 2 - lo) / (hi - lo) : 0.5);

  // ---- layout (page mm) -----------------------------------------------------------------------
  const foot = guides.footOutline, dev = guides.deviceOutline;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of [...foot, ...dev]) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const M = 6;
  const small = 0.8 * f;
  const dimGap = 1.3 * f + 3;
  const gutterL = 4 + 2 * dimGap + 1;
  const gutterR = 4 + 2.6 * small;
  const legendW = 9 * small;
  const planLeft = M + gutterL;
  const planW = y1 - y0, planH = x1 - x0;
  const titleH = 3.4 * f;
  const planTop = M + titleH + 1.8 * f;
  const planBottom = planTop + planH;
  const legendLeft = planLeft + planW + gutterR;
  const W = legendLeft + legendW + M;
  const E = planLeft + y1, F = planTop + x1;
  const P = (x: number, y: number): Pt => [E - y, F - x];
  const medialLeft = guides.medialSign > 0; // right foot: medial (+y) drawn on the left

  const out: string[] = [];
  const obstacles: Obstacle[] = [];
  const text = (u: number, v: number, s: string, size: number, attrs = ''): string =>
    `<text x="${fmt(u)}" y="${fmt(v)}" font-size="${fmt(size, 2)}"${attrs}>${escapeXml(s)}</text>`;
  const halo = ' stroke="#fff" stroke-width="0.9" stroke-linejoin="round" paint-order="stroke"';
  const line = (a: Pt, b: Pt, attrs: string): string => `<path d="M${fmt(a[0])} ${fmt(a[1])}L${fmt(b[0])} ${fmt(b[1])}"${attrs}/>`;
  const arrowHead = (tip: Pt, from: Pt, size: number, fill: string): string => {
    const d = Math.hypot(tip[0] - from[0], tip[1] - from[1]) || 1;
    const ux = (tip[0] - from[0]) / d, uy = (tip[1] - from[1]) / d;
    const bx = tip[0] - ux * size, by = tip[1] - uy * size, w = size * 0.4;
    return `<path d="M${fmt(tip[0])} ${fmt(tip[1])}L${fmt(bx - uy * w)} ${fmt(by + ux * w)}L${fmt(bx + uy * w)} ${fmt(by - ux * w)}Z" fill="${fill}"/>`;
  };
  const block = (samples: Pt[], r: number): void => { for (const [u, v] of samples) obstacles.push({ u, v, r }); };
  const along = (a: Pt, b: Pt, every = 2): Pt[] => {
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / every));
    return Array.from({ length: n + 1 }, (_, i) => [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n] as Pt);
  };

  // ---- plan: bands, post, contours, outlines, rim, MTH line (foot frame) ----------------------
  const plan: string[] = [];
  plan.push(`<path class="band" data-mm="${fmt(Math.floor(zmin / step) * step, 2)}" fill="${bandColour(Math.floor(zmin / step) * step)}" d="${pathData(contours.boundary, true, SIMPLIFY_MM)}"/>`);
  for (const lv of contours.levels) {
    if (lv.region.length) plan.push(`<path class="band" data-mm="${fmt(lv.levelMm, 2)}" fill="${bandColour(lv.levelMm)}" d="${pathData(lv.region, true, SIMPLIFY_MM)}"/>`);
  }
  const post = guides.rearfootPost;
  if (post) {
    const raisedSign = post.wedge === 'medial' ? guides.medialSign : -guides.medialSign;
    const hy = guides.heelCentre[1];
    const yFar = hy + raisedSign * (planW + 10);
    const rect = (xa: number, xb: number): string => pathData([[xa, hy, xb, hy, xb, yFar, xa, yFar]], true);
    plan.push(`<g id="${idp}post-region" clip-path="url(#${idp}device-clip)" data-wedge="${post.wedge}" data-angle-deg="${fmt(post.angleDeg, 2)}">` +
      `<path d="${rect(x0 - 5, post.fullUntilX)}" fill="url(#${idp}post-hatch)"/>` +
      `<path d="${rect(post.fullUntilX, post.goneByX)}" fill="url(#${idp}post-hatch)" opacity="0.45"/></g>`);
  }
  for (const lv of contours.levels) {
    if (!lv.lines.length) continue;
    const major = isIndex(lv.levelMm);
    plan.push(`<path class="contour" data-mm="${fmt(lv.levelMm, 2)}" fill="none" stroke="${INK}" stroke-opacity="${major ? 0.9 : 0.55}" stroke-width="${major ? 0.32 : 0.16}" d="${pathData(lv.lines, false, SIMPLIFY_MM)}"/>`);
  }
  const ring = (pts: Pt[]): number[] => pts.flat();
  plan.push(`<path id="${idp}foot-outline" fill="none" stroke="${SOFT}" stroke-width="0.35" stroke-dasharray="2.2 1.4" d="${pathData([ring(foot)], true)}"/>`);
  plan.push(`<path id="${idp}device-outline" fill="none" stroke="${INK}" stroke-width="0.55" d="${pathData([ring(dev)], true)}"/>`);
  // Heel cup rim: the device outline behind goneByX; solid where the cup is at full depth.
  const cup = guides.heelCup;
  const rimChain = (limit: number): number[][] => chainsBehind(dev, limit);
  plan.push(`<g id="${idp}heel-cup" data-depth-mm="${fmt(cup.depthMm, 2)}" fill="none" stroke="${RIM}" stroke-linecap="round">` +
    `<path stroke-width="0.7" stroke-dasharray="1.6 1.2" d="${pathData(rimChain(cup.goneByX), false)}"/>` +
    `<path stroke-width="1.3" d="${pathData(rimChain(cup.fullUntilX), false)}"/></g>`);
  plan.push(`<path id="${idp}mth-line" fill="none" stroke="${INK}" stroke-width="0.45" stroke-dasharray="3 1.2 0.8 1.2" d="${pathData([ring(guides.mthLine)], false)}"/>`);

  // ---- markers and labels (page) --------------------------------------------------------------
  const marks: string[] = [];
  // heel centre
  const hc = P(guides.heelCentre[0], guides.heelCentre[1]);
  marks.push(`<g id="${idp}heel-centre" stroke="${INK}" stroke-width="0.3">${line([hc[0] - 2, hc[1]], [hc[0] + 2, hc[1]], '')}${line([hc[0], hc[1] - 2], [hc[0], hc[1] + 2], '')}</g>`);
  block([hc], 2.2);

  // arch apex
  const measured = report.measured;
  const archMm = measured ? measured.archHeightMm : report.prescription.applied.archHeight;
  const ap = P(guides.archApex[0], guides.archApex[1]);
  const towardLateral = medialLeft ? 1 : -1; // page u direction from medial to lateral
  const archText = `arch apex ${fixed(archMm)} mm`;
  const apexZ = topHeightAt(mesh, guides.layout.topTriangleCount, guides.archApex[0], guides.archApex[1]);
  const archW = archText.length * 0.6 * small;
  const archU = ap[0] + towardLateral * 3.2, archAnchor = towardLateral > 0 ? 'start' : 'end';
  marks.push(`<g id="${idp}arch-apex"><circle cx="${fmt(ap[0])}" cy="${fmt(ap[1])}" r="1.6" fill="#fff" stroke="${INK}" stroke-width="0.45"/><circle cx="${fmt(ap[0])}" cy="${fmt(ap[1])}" r="0.5" fill="${INK}"/></g>`);
  marks.push(text(archU, ap[1] + 0.35 * small, archText, small, ` id="${idp}arch-label" data-mm="${fixed(archMm)}" text-anchor="${archAnchor}" font-weight="bold" fill="${INK}"${halo}`));
  const archSub = `above the heel seat${measured ? '' : ' (prescribed)'}${apexZ === null ? '' : `; ${fixed(apexZ)} above the floor`}`;
  marks.push(text(archU, ap[1] + 1.5 * small, archSub, 0.8 * small, ` text-anchor="${archAnchor}" fill="${INK}"${halo}`));
  block([ap], 2.2);
  block(along([archU, ap[1]], [archU + towardLateral * archW, ap[1]]), small);

  // rearfoot post: arrow from the heel centre up the slope, and its label
  let postNote = 'No rearfoot post.';
  if (post) {
    const raisedSign = post.wedge === 'medial' ? guides.medialSign : -guides.medialSign;
    const edge = extentAt(dev, guides.heelCentre[0]);
    const edgeY = edge ? (raisedSign > 0 ? edge[1] : edge[0]) : guides.heelCentre[1] + raisedSign * 25;
    const tip = P(guides.heelCentre[0], edgeY - raisedSign * 4);
    const from = P(guides.heelCentre[0], guides.heelCentre[1] + raisedSign * 3);
    const label = `${post.wedge} post ${fmt(post.angleDeg, 1)}°`;
    const midU = (from[0] + tip[0]) / 2;
    marks.push(`<g id="${idp}post-arrow" stroke="${POST}" fill="${POST}">${line(from, tip, ` stroke-width="0.7"`)}${arrowHead(tip, from, 2.4, POST)}</g>`);
    marks.push(text(midU, hc[1] - 2, label, small, ` id="${idp}post-label" data-wedge="${post.wedge}" data-angle-deg="${fmt(post.angleDeg, 2)}" text-anchor="middle" font-weight="bold" fill="${POST}"${halo}`));
    marks.push(text(midU, hc[1] + 1.2 * small + 1, `${post.wedge} side raised`, 0.8 * small, ` text-anchor="middle" fill="${POST}"${halo}`));
    block(along([midU - 14, hc[1] - 2.5], [midU + 14, hc[1] - 2.5]), small);
    block(along([midU - 10, hc[1] + 2], [midU + 10, hc[1] + 2]), small);
    const m = measured ? ` (measured ${fixed(measured.postAngleDeg)}°, ${measured.postHighSide} side high)` : '';
    postNote = `Rearfoot post: ${post.wedge} ${fmt(post.angleDeg, 1)}°, ${post.wedge} side raised${m}; full to ${fixed(post.fullUntilX, 0)} mm, gone by ${fixed(post.goneByX, 0)} mm from the heel.`;
  }

  // MTH line ends
  const mth = guides.mthLine;
  if (mth.length >= 2) {
    const first = mth[0]!, last = mth[mth.length - 1]!;
    for (const [pt, name] of [[first, 'MTH1'], [last, 'MTH5']] as const) {
      const [u, v] = P(pt[0], pt[1]);
      const leftSide = u < (E - (y0 + y1) / 2);
      const extent = extentAt(foot, pt[0]);
      const edgeU = extent ? (leftSide ? P(pt[0], extent[1])[0] : P(pt[0], extent[0])[0]) : u;
      const tu = leftSide ? Math.min(u, edgeU) - 1.2 : Math.max(u, edgeU) + 1.2;
      marks.push(text(tu, v + 0.35 * small, name, 0.85 * small, ` text-anchor="${leftSide ? 'end' : 'start'}" fill="${INK}"${halo}`));
    }
    block(mth.map(([x, y]) => P(x, y)), 1.4);
  }

  // widths across the foot at their widest stations (what report.foot measured)
  const fl = report.foot.footLengthMm;
  const widthDim = (id: string, window: readonly [number, number], label: string): void => {
    const st = widestStation(foot, window[0] * fl, window[1] * fl);
    if (!st) return;
    const a = P(st.x, st.lo), b = P(st.x, st.hi);
    marks.push(`<g id="${idp}${id}" data-station-mm="${fmt(st.x)}" stroke="${INK}" fill="${INK}">${line(a, b, ' stroke-width="0.3"')}${arrowHead(a, b, 2, INK)}${arrowHead(b, a, 2, INK)}</g>`);
    marks.push(text((a[0] + b[0]) / 2, a[1] - 1, label, small, ` text-anchor="middle" fill="${INK}"${halo}`));
    block(along(a, b), 1.2);
    block(along([(a[0] + b[0]) / 2 - 12, a[1] - 2], [(a[0] + b[0]) / 2 + 12, a[1] - 2]), small);
  };
  widthDim('ball-width', LANDMARK_RATIOS.ballWidthWindow, `ball width ${fixed(report.foot.ballWidthMm)} mm`);
  widthDim('heel-width', LANDMARK_RATIOS.heelWidthWindow, `heel width ${fixed(report.foot.heelWidthMm)} mm`);

  // lengths, in the left gutter
  let fx0 = Infinity, fx1 = -Infinity;
  for (const [x] of foot) { fx0 = Math.min(fx0, x); fx1 = Math.max(fx1, x); }
  const lengthDim = (id: string, k: number, xa: number, xb: number, label: string): void => {
    const u = planLeft - 4 - k * dimGap;
    const va = F - xa, vb = F - xb;
    marks.push(`<g id="${idp}${id}" stroke="${INK}" fill="${INK}">` +
      line([u - 1.2, va], [planLeft - 1, va], ' stroke-width="0.2" stroke-opacity="0.6"') +
      line([u - 1.2, vb], [planLeft - 1, vb], ' stroke-width="0.2" stroke-opacity="0.6"') +
      line([u, va], [u, vb], ' stroke-width="0.3"') + arrowHead([u, va], [u, vb], 2, INK) + arrowHead([u, vb], [u, va], 2, INK) + '</g>');
    const mid = (va + vb) / 2;
    marks.push(`<text transform="translate(${fmt(u - 1.2)} ${fmt(mid)}) rotate(-90)" font-size="${fmt(small, 2)}" text-anchor="middle" fill="${INK}">${escapeXml(label)}</text>`);
  };
  lengthDim('foot-length', 0, fx0, fx1, `foot length ${fixed(fl)} mm`);
  lengthDim('device-length', 1, topX0, topX1, `device length ${fixed(measured ? measured.lengthMm : topX1 - topX0)} mm`);

  // heel cup tag, behind the heel
  const back = P(x0, guides.heelCentre[1]);
  marks.push(text(back[0], back[1] + 1.3 * small, `heel cup ${fmt(cup.depthMm, 1)} mm`, small, ` id="${idp}cup-label" text-anchor="middle" fill="${RIM}" font-weight="bold"`));

  // orientation
  const orientV = planTop - 0.9 * f;
  const medialLabel = medialLeft ? '← MEDIAL' : 'MEDIAL →', lateralLabel = medialLeft ? 'LATERAL →' : '← LATERAL';
  marks.push(text(planLeft, orientV, medialLeft ? medialLabel : lateralLabel, 0.9 * f, ` id="${idp}${medialLeft ? 'medial' : 'lateral'}-side" font-weight="bold" fill="${SOFT}"`));
  marks.push(text(planLeft + planW, orientV, medialLeft ? lateralLabel : medialLabel, 0.9 * f, ` id="${idp}${medialLeft ? 'lateral' : 'medial'}-side" text-anchor="end" font-weight="bold" fill="${SOFT}"`));
  marks.push(text(planLeft + planW / 2, orientV, 'TOES', 0.9 * f, ` text-anchor="middle" fill="${SOFT}"`));

  // contour labels
  const devLoop = dev.flat();
  const pageContours: PageContour[] = contours.levels.map((lv) => ({
    levelMm: lv.levelMm,
    text: fmt(lv.levelMm, 2),
    index: isIndex(lv.levelMm),
    lines: lv.lines.map((xy) => {
      const q = new Float64Array(xy.length);
      for (let k = 0; k < xy.length; k += 2) { q[k] = E - xy[k + 1]!; q[k + 1] = F - xy[k]!; }
      return q;
    }),
  }));
  const labels = placeContourLabels(pageContours, obstacles, {
    fontMm: 0.72 * f,
    rimDistance: (u, v) => distanceToLoop(devLoop, F - v, E - u),
    spacingMm: 45,
    perLevel: 3,
  });
  const labelSvg = labels.map((l) =>
    `<text class="contour-label"${isIndex(Number(l.text)) ? ' font-weight="bold"' : ''} transform="translate(${fmt(l.u)} ${fmt(l.v)}) rotate(${fmt(l.angleDeg)})" y="${fmt(0.36 * 0.72 * f, 2)}">${escapeXml(l.text)}</text>`);

  // ---- legend (right column) ------------------------------------------------------------------
  const legend: string[] = [];
  const nb = Math.max(1, Math.round((hi - lo) / step));
  const legendTop = planTop + 2.6 * small;
  const bandH = Math.min(6, Math.max(2.5, (planH * 0.55) / nb));
  const tickEvery = nb > 14 ? 2 : 1;
  legend.push(text(legendLeft, planTop - 0.9 * f, 'height', small, ` font-weight="bold" fill="${INK}"`));
  legend.push(text(legendLeft, planTop - 0.9 * f + 1.15 * small, 'above floor', 0.85 * small, ` fill="${INK}"`));
  legend.push(text(legendLeft, planTop - 0.9 * f + 2.3 * small, '(mm)', 0.85 * small, ` fill="${INK}"`));
  for (let i = 0; i < nb; i++) {
    const bottom = snap(lo + i * step);
    const v = legendTop + (nb - 1 - i) * bandH;
    legend.push(`<rect class="swatch" data-mm="${fmt(bottom, 2)}" x="${fmt(legendLeft)}" y="${fmt(v, 2)}" width="5" height="${fmt(bandH, 2)}" fill="${bandColour(bottom)}"/>`);
  }
  legend.push(`<rect x="${fmt(legendLeft)}" y="${fmt(legendTop)}" width="5" height="${fmt(nb * bandH, 2)}" fill="none" stroke="${INK}" stroke-width="0.25"/>`);
  for (let i = 0; i <= nb; i++) {
    const value = snap(lo + i * step);
    const v = legendTop + (nb - i) * bandH;
    const labelled = Math.round(value / step) % tickEvery === 0;
    legend.push(line([legendLeft + 5, v], [legendLeft + (labelled ? 6.4 : 5.8), v], ` stroke="${INK}" stroke-width="0.25"`));
    if (labelled) legend.push(text(legendLeft + 7, v + 0.35 * small, fmt(value, 2), small, ` fill="${INK}"`));
  }
  const legendBottom = legendTop + nb * bandH;
  legend.push(text(legendLeft, legendBottom + 1.6 * small, `contours`, 0.85 * small, ` fill="${INK}"`));
  legend.push(text(legendLeft, legendBottom + 2.7 * small, `every ${fmt(step, 2)} mm`, 0.85 * small, ` fill="${INK}"`));
  legend.push(text(legendLeft, legendBottom + 4.2 * small, `max ${fixed(zmax)}`, 0.85 * small, ` id="${idp}max-height" data-mm="${fixed(zmax, 2)}" fill="${INK}"`));
  legend.push(text(legendLeft, legendBottom + 5.3 * small, `min ${fixed(zmin)}`, 0.85 * small, ` fill="${INK}"`));

  // ---- notes, key, scale bar (below the plan) -------------------------------------------------
  const notes: string[] = [];
  const noteSize = 0.85 * f;
  const avail = W - 2 * M;
  let v = planBottom + 2.6 * small + 2.2 * noteSize;
  const m = measured;
  const paragraphs = options.notes === false ? [] : [
    `Heel cup ${fmt(cup.depthMm, 1)} mm deep at the back of the heel${m ? ` (measured ${fixed(m.heelCupDepthMm)} mm)` : ''}; full depth to ${fixed(cup.fullUntilX, 0)} mm, blends out by ${fixed(cup.goneByX, 0)} mm from the heel.`,
    postNote,
    `Arch apex ${fixed(guides.archApex[0], 0)} mm from the heel, ${fixed(archMm)} mm above the heel seat (prescribed ${fmt(report.prescription.applied.archHeight, 1)} mm). MTH line: metatarsal heads 1 (medial) to 5 (lateral).`,
  ];
  for (const para of paragraphs) {
    for (const ln of wrap(para, avail, noteSize)) {
      notes.push(text(M, v, ln, noteSize, ` fill="${INK}"`));
      v += 1.3 * noteSize;
    }
    v += 0.35 * noteSize;
  }
  // key
  v += 0.6 * noteSize;
  const keyW = avail / 3;
  const keys: Array<[string, string]> = [
    ['foot outline (scan)', `<path d="M0 0L8 0" stroke="${SOFT}" stroke-width="0.35" stroke-dasharray="2.2 1.4"/>`],
    ['device outline', `<path d="M0 0L8 0" stroke="${INK}" stroke-width="0.55"/>`],
    ['heel cup rim', `<path d="M0 0L8 0" stroke="${RIM}" stroke-width="1.3" stroke-linecap="round"/>`],
    ['MTH line', `<path d="M0 0L8 0" stroke="${INK}" stroke-width="0.45" stroke-dasharray="3 1.2 0.8 1.2"/>`],
    ['arch apex', `<circle cx="4" cy="0" r="1.6" fill="#fff" stroke="${INK}" stroke-width="0.45"/><circle cx="4" cy="0" r="0.5" fill="${INK}"/>`],
    ['rearfoot post (raised side)', `<rect x="0" y="-1.6" width="8" height="3.2" fill="url(#${idp}post-hatch)" stroke="${POST}" stroke-width="0.2"/>`],
  ];
  keys.forEach(([name, symbol], i) => {
    const ku = M + (i % 3) * keyW, kv = v + Math.floor(i / 3) * 1.6 * noteSize;
    notes.push(`<g transform="translate(${fmt(ku)} ${fmt(kv - 0.35 * noteSize)})" fill="none">${symbol}</g>`);
    notes.push(text(ku + 10, kv, name, 0.9 * noteSize, ` fill="${INK}"`));
  });
  v += 2 * 1.6 * noteSize + 1.2 * noteSize;
  // scale bar
  const barV = v;
  const bar: string[] = [];
  for (let i = 0; i < 5; i++) bar.push(`<rect x="${fmt(M + i * 10)}" y="${fmt(barV)}" width="10" height="1.6" fill="${i % 2 ? '#fff' : INK}"/>`);
  notes.push(`<g id="${idp}scale-bar" data-length-mm="${SCALE_BAR_MM}">${bar.join('')}` +
    `<rect class="bar" x="${fmt(M)}" y="${fmt(barV)}" width="${SCALE_BAR_MM}" height="1.6" fill="none" stroke="${INK}" stroke-width="0.25"/>` +
    text(M, barV + 1.6 + 1.1 * small, '0', small, ` fill="${INK}"`) +
    text(M + SCALE_BAR_MM, barV + 1.6 + 1.1 * small, `${SCALE_BAR_MM} mm`, small, ` text-anchor="middle" fill="${INK}"`) + '</g>');
  notes.push(text(W - M, barV + 1.6, `${report.tool.name} ${report.tool.version} · mesh ${fmt(report.build.resolutionMm, 2)} mm · 1 unit = 1 mm`, 0.8 * small, ` text-anchor="end" fill="${SOFT}"`));
  const H = barV + 1.6 + 1.1 * small + M;

  // ---- title ----------------------------------------------------------------------------------
  const side = report.side === 'left' ? 'LEFT' : 'RIGHT';
  const title = [
    text(M, M + 1.2 * f, `${report.id} · ${side} foot`, 1.4 * f, ` id="${idp}title" font-weight="bold" fill="${INK}"`),
    text(M, M + 1.2 * f + 1.35 * f, `${lengthName(report.prescription.applied)}top view, toes up: height of the top surface above the floor`, 0.85 * f, ` fill="${SOFT}"`),
  ];

  // ---- document -------------------------------------------------------------------------------
  const defs = `<defs>` +
    `<pattern id="${idp}post-hatch" patternUnits="userSpaceOnUse" width="2.2" height="2.2" patternTransform="rotate(45)"><path d="M0 0L0 2.2" stroke="${POST}" stroke-width="0.45" stroke-opacity="0.7"/></pattern>` +
    `<clipPath id="${idp}device-clip"><path d="${pathData([ring(dev)], true)}"/></clipPath>` +
    `</defs>`;
  const Wr = fmt(W), Hr = fmt(H);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(W * pxPerMm, 0)}" height="${fmt(H * pxPerMm, 0)}" viewBox="0 0 ${Wr} ${Hr}" font-family="${FONT}" data-id="${escapeXml(report.id)}" data-side="${escapeXml(report.side)}" data-contour-step-mm="${fmt(step, 2)}">`,
    `<title>${escapeXml(`${report.id} (${report.side}): top-view map`)}</title>`,
    defs,
    `<rect width="${Wr}" height="${Hr}" fill="#fff"/>`,
    `<g id="${idp}plan" transform="matrix(0 -1 -1 0 ${fmt(E)} ${fmt(F)})">${plan.join('')}</g>`,
    `<g id="${idp}contour-labels" font-size="${fmt(0.72 * f, 2)}" text-anchor="middle" fill="${INK}"${halo}>${labelSvg.join('')}</g>`,
    marks.join(''),
    `<g id="${idp}legend">${legend.join('')}</g>`,
    notes.join(''),
    title.join(''),
    '</svg>',
    '',
  ].join('\n');
}

const LENGTH_NAMES: Record<string, string> = { full: 'Full-length device', sulcus: 'Sulcus-length device', 'three-quarter': 'Three-quarter device' };

/** "Three-quarter device · " from the applied prescription's `length`, when it names a known one. */
function lengthName(applied: object): string {
  const length = (applied as { length?: unknown }).length;
  return typeof length === 'string' && LENGTH_NAMES[length] ? `${LENGTH_NAMES[length]} · ` : '';
}

/** Height of the top surface above the floor at (x, y), or null outside it (linear in the triangle). */
function topHeightAt(mesh: BuiltOrthotic['mesh'], topTriangles: number, x: number, y: number): number | null {
  const p = mesh.positions, ix = mesh.indices;
  for (let k = 0; k < 3 * topTriangles; k += 3) {
    const a = 3 * ix[k]!, b = 3 * ix[k + 1]!, c = 3 * ix[k + 2]!;
    const d = (p[b + 1]! - p[c + 1]!) * (p[a]! - p[c]!) + (p[c]! - p[b]!) * (p[a + 1]! - p[c + 1]!);
    if (d === 0) continue;
    const l1 = ((p[b + 1]! - p[c + 1]!) * (x - p[c]!) + (p[c]! - p[b]!) * (y - p[c + 1]!)) / d;
    const l2 = ((p[c + 1]! - p[a + 1]!) * (x - p[c]!) + (p[a]! - p[c]!) * (y - p[c + 1]!)) / d;
    const l3 = 1 - l1 - l2;
    if (l1 >= -1e-9 && l2 >= -1e-9 && l3 >= -1e-9) return l1 * p[a + 2]! + l2 * p[b + 2]! + l3 * p[c + 2]!;
  }
  return null;
}

/** The parts of a closed outline with x ≤ `limit`, as polylines (the heel end of a device). */
function chainsBehind(loop: Pt[], limit: number): number[][] {
  const n = loop.length;
  const start = loop.findIndex(([x]) => x > limit);
  if (start < 0) return [loop.flat().concat(loop[0]!)];
  const chains: number[][] = [];
  let cur: number[] = [];
  for (let k = 1; k <= n; k++) {
    const i = (start + k) % n;
    const [x, y] = loop[i]!;
    if (x <= limit) {
      if (!cur.length) {
        const [px, py] = loop[(i - 1 + n) % n]!;
        const t = (limit - px) / (x - px);
        cur.push(px + t * (x - px), py + t * (y - py));
      }
      cur.push(x, y);
    } else if (cur.length) {
      const [px, py] = loop[(i - 1 + n) % n]!;
      const t = (limit - px) / (x - px);
      cur.push(px + t * (x - px), py + t * (y - py));
      chains.push(cur);
      cur = [];
    }
  }
  if (cur.length) chains.push(cur);
  return chains;
}

/** Lowest and highest y where the vertical line at `x` crosses a closed outline. */
function extentAt(loop: Pt[], x: number): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0, j = loop.length - 1; i < loop.length; j = i++) {
    const [xa, ya] = loop[j]!, [xb, yb] = loop[i]!;
    if ((xa <= x && xb > x) || (xb <= x && xa > x)) {
      const y = ya + ((x - xa) / (xb - xa)) * (yb - ya);
      lo = Math.min(lo, y); hi = Math.max(hi, y);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The widest vertical section of an outline between xa and xb (0.5 mm steps; the first widest). */
function widestStation(loop: Pt[], xa: number, xb: number): { x: number; lo: number; hi: number } | null {
  let best: { x: number; lo: number; hi: number } | null = null;
  for (let x = xa; x <= xb + 1e-9; x += 0.5) {
    const e = extentAt(loop, x);
    if (e && (!best || e[1] - e[0] > best.hi - best.lo)) best = { x, lo: e[0], hi: e[1] };
  }
  return best;
}

/** Distance from (x, y) to a closed polyline `[x0, y0, ...]`. */
function distanceToLoop(xy: number[], x: number, y: number): number {
  let best = Infinity;
  const n = xy.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = xy[2 * j]!, ay = xy[2 * j + 1]!, dx = xy[2 * i]! - ax, dy = xy[2 * i + 1]! - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}
