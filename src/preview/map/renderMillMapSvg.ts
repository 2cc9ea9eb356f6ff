/**
 * The top-view map of a milled part (`build --for mill --map`): the device milled from a block, or
 * its positive cast, in its blank as it lies on the mill's table, coloured by height above the
 * table, with the regions the finishing ball cannot reach and any undercut from above drawn over it.
 *
 * Seen from above with the blank's length across the page: x (the blank's length, the foot's heel
 * to toes) to the right, y up, work zero (the blank's corner on its bottom face) at the lower left,
 * as the G-code and the STL have it. One SVG user unit is one millimetre.
 *
 * The heights and the overlays are drawn cell by cell on the checks' own grid (src/mill
 * CHECK_STEP_MM): every node of the reach mask is a square of one grid step around it, so the area
 * drawn is the area reported (`milling.unreachedByBallMm2`, `undercutMm2.milledMm2`), exactly. The
 * cells sit in groups whose transform scales half a grid step to one unit, so their path data are
 * whole numbers (no rounding, and the same bytes on every run).
 */
import { viewFromAbove, type HeightGrid, type MilledPart } from '../../mill/index.js';
import { escapeXml, fixed, fmt } from '../shared/index.js';
import { heightColour } from './heightColour.js';
import { pathData } from './pathData.js';
import { wrapText as wrap } from './wrapText.js';
import { MAP_DEFAULTS, SCALE_BAR_MM } from './renderMapSvg.js';

export interface MillMapOptions {
  /** Pixels per millimetre of the drawing (sets the SVG's width and height, and so the PNG's size). */
  pxPerMm?: number;
  /** Size of the labels' text, mm of the drawing. */
  fontMm?: number;
  /** How many of the unreachable regions are numbered and listed (the largest first); the rest are summed. */
  listedRegions?: number;
}

export const MILL_MAP_DEFAULTS = { pxPerMm: MAP_DEFAULTS.pxPerMm, fontMm: MAP_DEFAULTS.fontMm, listedRegions: 8 } as const;

/** What the map needs of the part and of its device's report. */
export interface MillMapPart {
  part: Pick<MilledPart, 'target' | 'mesh' | 'blank' | 'outline' | 'reach' | 'undercutMilled'>;
  report: { id: string; side: string; tool: { name: string; version: string }; build: { resolutionMm: number } };
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const INK = '#1d2330';
const SOFT = '#5b6475';
/** The unreachable regions: a saturated magenta, outside the viridis scale of the heights. */
const REACH = '#c2185b';
/** Undercuts: a dark blue cross-hatch, apart from the magenta and from every height colour. */
const UNDER = '#0d2a8a';
const BLANK_FILL = '#f4f1ea';

/** One connected region of a mask (8-neighbour): its nodes, centre and extent on the grid. */
interface Region { nodes: number; i0: number; i1: number; j0: number; j1: number; ci: number; cj: number }

/**
 * Renders the map of a milled part as a standalone SVG document (no external resources).
 * Deterministic: the same part and options give the same bytes.
 *
 * @param milled the part (blank frame, mm) as millPart made it, and its device's report (id, side, tool)
 * @returns the SVG text
 * @throws RangeError when an option is out of range
 */
export function renderMillMapSvg(milled: MillMapPart, options: MillMapOptions = {}): string {
  const { part, report } = milled;
  const pxPerMm = options.pxPerMm ?? MILL_MAP_DEFAULTS.pxPerMm;
  const f = options.fontMm ?? MILL_MAP_DEFAULTS.fontMm;
  const listed = options.listedRegions ?? MILL_MAP_DEFAULTS.listedRegions;
  if (!(pxPerMm > 0 && pxPerMm <= 40)) throw new RangeError(`pxPerMm must be within 0–40, got ${pxPerMm}`);
  if (!(f >= 1 && f <= 10)) throw new RangeError(`fontMm must be within 1–10 mm, got ${f}`);
  if (!(Number.isInteger(listed) && listed >= 0 && listed <= 50)) throw new RangeError(`listedRegions must be a whole number within 0–50, got ${listed}`);

  const { blank, reach, undercutMilled: under } = part;
  const L = blank.lengthMm, Wb = blank.widthMm;
  const small = 0.8 * f;

  // ---- layout (page mm) -----------------------------------------------------------------------
  const M = 6;
  const titleH = 3.4 * f;
  const planLeft = M + 2.2 * f;
  const planTop = M + titleH + 1.6 * f;
  const legendLeft = planLeft + L + 6;
  const legendW = 12 * small;
  const W = legendLeft + legendW + M;
  /** Blank frame → page: x to the right, y up. */
  const u = (x: number): number => planLeft + x;
  const v = (y: number): number => planTop + Wb - y;

  // ---- heights, banded ------------------------------------------------------------------------
  const g = reach.grid;
  const top = viewFromAbove(part.mesh, g).top;
  let zmin = Infinity, zmax = -Infinity;
  for (const z of top) if (z > -Infinity) { zmin = Math.min(zmin, z); zmax = Math.max(zmax, z); }
  if (zmin === Infinity) { zmin = 0; zmax = 0; }
  const step = zmax - zmin > 24 ? 2 : 1;
  const lo = Math.floor(zmin / step) * step;
  const nb = Math.max(1, Math.ceil((zmax - lo) / step - 1e-9));
  const band = new Int16Array(top.length).fill(-1);
  for (let k = 0; k < top.length; k++) if (top[k]! > -Infinity) band[k] = Math.min(nb - 1, Math.floor((top[k]! - lo) / step));
  const bandColour = (b: number): string => heightColour(nb > 1 ? (b + 0.5) / nb : 0.5);
  const bands: string[] = [];
  for (let b = 0; b < nb; b++) {
    const d = cellPath(g, (k) => band[k] === b);
    if (d) bands.push(`<path class="band" data-mm="${fmt(lo + b * step, 2)}" fill="${bandColour(b)}" d="${d}"/>`);
  }

  // ---- overlays: out of the ball's reach, undercut ---------------------------------------------
  const reachPath = cellPath(g, (k) => reach.mask[k] === 1);
  const underPath = cellPath(under.grid, (k) => under.mask[k] === 1);
  const regions = regionsOf(reach.mask, g.nx, g.ny);
  const cellStep = (grid: Omit<HeightGrid, 'z'>): string => `matrix(${fmt(grid.step / 2, 4)} 0 0 ${fmt(-grid.step / 2, 4)} ${fmt(u(grid.x0), 4)} ${fmt(v(grid.y0), 4)})`;

  const plan: string[] = [];
  plan.push(`<rect id="blank" x="${fmt(u(0))}" y="${fmt(v(Wb))}" width="${fmt(L)}" height="${fmt(Wb)}" fill="${BLANK_FILL}"/>`);
  // The clip outside the scaled group: a clip path is read in the user space of the element it clips.
  plan.push(`<g clip-path="url(#blank-clip)"><g id="heights" transform="${cellStep(g)}">${bands.join('')}</g></g>`);
  const outlineName = part.target === 'cast' ? 'trim line' : 'device outline';
  const ring = Array.from(part.outline, (c, i) => (i % 2 ? v(c) : u(c)));
  plan.push(`<path id="outline" fill="none" stroke="${INK}" stroke-width="0.45" d="${pathData([ring], true)}"/>`);
  plan.push(`<g id="undercut" data-area-mm2="${fmt(under.areaMm2, 3)}" transform="${cellStep(under.grid)}">${underPath ? `<path fill="url(#undercut-hatch)" stroke="${UNDER}" stroke-width="0.2" d="${underPath}"/>` : ''}</g>`);
  plan.push(`<g id="unreached" data-area-mm2="${fmt(reach.areaMm2, 3)}" data-deepest-mm="${fmt(reach.deepestMm, 3)}" transform="${cellStep(g)}">${reachPath ? `<path fill="${REACH}" d="${reachPath}"/>` : ''}</g>`);
  plan.push(`<rect x="${fmt(u(0))}" y="${fmt(v(Wb))}" width="${fmt(L)}" height="${fmt(Wb)}" fill="none" stroke="${INK}" stroke-width="0.5"/>`);

  // Rings and numbers: a region a few cells across is a speck at print size; the ring finds it.
  const marks: string[] = [];
  const cellArea = g.step * g.step;
  regions.slice(0, listed).forEach((r, n) => {
    // A rounded box 1.5 mm around the region (at least 5 mm across), its number above it.
    const pad = 1.5, minHalf = 2.5;
    const cx = u(g.x0 + ((r.i0 + r.i1) / 2) * g.step), cy = v(g.y0 + ((r.j0 + r.j1) / 2) * g.step);
    const hw = Math.max(minHalf, ((r.i1 - r.i0 + 1) * g.step) / 2 + pad), hh = Math.max(minHalf, ((r.j1 - r.j0 + 1) * g.step) / 2 + pad);
    const label = String(n + 1);
    const ly = cy - hh - 0.8 < v(Wb) + small ? cy + hh + small : cy - hh - 0.8;
    marks.push(`<g class="region" data-area-mm2="${fmt(r.nodes * cellArea, 3)}"><rect x="${fmt(cx - hw, 2)}" y="${fmt(cy - hh, 2)}" width="${fmt(2 * hw, 2)}" height="${fmt(2 * hh, 2)}" rx="1.2" fill="none" stroke="${REACH}" stroke-width="0.3" stroke-dasharray="1.2 0.8"/>` +
      `<text x="${fmt(cx, 2)}" y="${fmt(ly, 2)}" font-size="${fmt(small, 2)}" text-anchor="middle" font-weight="bold" fill="${REACH}" stroke="#fff" stroke-width="0.8" stroke-linejoin="round" paint-order="stroke">${label}</text></g>`);
  });

  // ---- axes and ends (page) -------------------------------------------------------------------
  const text = (x: number, y: number, s: string, size: number, attrs = ''): string =>
    `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${fmt(size, 2)}"${attrs}>${escapeXml(s)}</text>`;
  const axes: string[] = [];
  const y0p = v(0);
  axes.push(`<circle cx="${fmt(u(0))}" cy="${fmt(y0p)}" r="1.1" fill="${INK}"/>`);
  axes.push(text(u(0), y0p + 1.3 * small, 'work zero (X0 Y0, Z0 on the blank\'s bottom face)', 0.85 * small, ` fill="${INK}"`));
  axes.push(text(u(L), y0p + 1.3 * small, 'X (blank length) →', 0.85 * small, ` text-anchor="end" fill="${INK}"`));
  axes.push(`<text transform="translate(${fmt(u(0) - 1.2)} ${fmt(y0p)}) rotate(-90)" font-size="${fmt(0.85 * small, 2)}" fill="${INK}">Y (blank width) →</text>`);
  axes.push(text(u(2), v(Wb) - 0.8, 'HEEL', 0.9 * f, ` font-weight="bold" fill="${SOFT}"`));
  axes.push(text(u(L - 2), v(Wb) - 0.8, 'TOES', 0.9 * f, ` text-anchor="end" font-weight="bold" fill="${SOFT}"`));

  // ---- legend (right column): heights ---------------------------------------------------------
  const legend: string[] = [];
  const legendTop = planTop + 2.6 * small;
  const bandH = Math.min(6, Math.max(2, (Wb * 0.6) / nb));
  legend.push(text(legendLeft, planTop - 0.9 * f, 'height', small, ` font-weight="bold" fill="${INK}"`));
  legend.push(text(legendLeft, planTop - 0.9 * f + 1.15 * small, 'above the table', 0.85 * small, ` fill="${INK}"`));
  legend.push(text(legendLeft, planTop - 0.9 * f + 2.3 * small, '(mm)', 0.85 * small, ` fill="${INK}"`));
  const tickEvery = nb > 14 ? 2 : 1;
  for (let b = 0; b < nb; b++) {
    legend.push(`<rect class="swatch" data-mm="${fmt(lo + b * step, 2)}" x="${fmt(legendLeft)}" y="${fmt(legendTop + (nb - 1 - b) * bandH, 2)}" width="5" height="${fmt(bandH, 2)}" fill="${bandColour(b)}"/>`);
  }
  legend.push(`<rect x="${fmt(legendLeft)}" y="${fmt(legendTop)}" width="5" height="${fmt(nb * bandH, 2)}" fill="none" stroke="${INK}" stroke-width="0.25"/>`);
  for (let b = 0; b <= nb; b += tickEvery) {
    const y = legendTop + (nb - b) * bandH;
    legend.push(`<path d="M${fmt(legendLeft + 5)} ${fmt(y, 2)}L${fmt(legendLeft + 6.4)} ${fmt(y, 2)}" stroke="${INK}" stroke-width="0.25"/>`);
    legend.push(text(legendLeft + 7, y + 0.35 * small, fmt(lo + b * step, 2), small, ` fill="${INK}"`));
  }
  const legendBottom = legendTop + nb * bandH;
  legend.push(text(legendLeft, legendBottom + 1.6 * small, `max ${fixed(zmax)}`, 0.85 * small, ` fill="${INK}"`));
  legend.push(text(legendLeft, legendBottom + 2.7 * small, `min ${fixed(zmin)}`, 0.85 * small, ` fill="${INK}"`));

  // ---- key, regions, scale bar (below the plan) -----------------------------------------------
  const notes: string[] = [];
  const noteSize = 0.85 * f;
  let y = v(0) + 2.6 * small + 1.6 * noteSize;
  const area = (mm2: number): string => `${fixed(mm2, mm2 < 10 ? 2 : 1)} mm²`;
  const ball = `${fmt(reach.ballDiameterMm, 2)} mm`;
  const keyRow = (symbol: string, id: string, line: string, attrs = ''): void => {
    notes.push(`<g transform="translate(${fmt(M)} ${fmt(y - 0.35 * noteSize - 1.6)})">${symbol}</g>`);
    notes.push(text(M + 11, y, line, noteSize, ` id="${id}" fill="${INK}"${attrs}`));
    y += 1.6 * noteSize;
  };
  keyRow(`<rect width="8" height="3.2" fill="${REACH}"/>`, 'unreached-total',
    reach.areaMm2 > 0
      ? `out of the finishing ball's reach: ${area(reach.areaMm2)} in ${regions.length} region${regions.length === 1 ? '' : 's'}, up to ${fixed(reach.deepestMm, 2)} mm of material left (the design is narrower than the ball there)`
      : 'out of the finishing ball\'s reach: none (0 mm²): the ball reaches every point of the design',
    ` data-area-mm2="${fmt(reach.areaMm2, 3)}"`);
  keyRow(`<rect width="8" height="3.2" fill="url(#undercut-hatch)" stroke="${UNDER}" stroke-width="0.2"/>`, 'undercut-total',
    under.areaMm2 > 0 ? `undercut from above: ${area(under.areaMm2)} a tool from above cannot cut` : 'undercut from above: none (0 mm²)',
    ` data-area-mm2="${fmt(under.areaMm2, 3)}"`);
  keyRow(`<path d="M0 1.6L8 1.6" stroke="${INK}" stroke-width="0.45"/>`, 'outline-key',
    part.target === 'cast' ? 'trim line (the device\'s outline): where the formed sheet is cut; the ball\'s reach is judged inside it' : 'device outline: the ball\'s reach is judged on the device\'s top, inside it');
  if (regions.length) {
    y += 0.4 * noteSize;
    const items = regions.slice(0, listed).map((r, n) => `${n + 1}: ${area(r.nodes * cellArea)} at X ${fixed(g.x0 + r.ci * g.step, 0)} Y ${fixed(g.y0 + r.cj * g.step, 0)}`);
    const rest = regions.slice(listed);
    if (rest.length) items.push(`and ${rest.length} smaller: ${area(rest.reduce((s, r) => s + r.nodes, 0) * cellArea)}`);
    for (const ln of wrap(`Regions (largest first, mm of the blank): ${items.join('; ')}.`, W - 2 * M, noteSize)) {
      notes.push(text(M, y, ln, noteSize, ` fill="${INK}"`));
      y += 1.3 * noteSize;
    }
  }
  for (const ln of wrap(`Ball-end finishing tool ${ball}; reach judged on a ${fmt(g.step, 2)} mm grid, each square drawn is one grid node (${fmt(cellArea, 3)} mm²).`, W - 2 * M, noteSize)) {
    notes.push(text(M, y, ln, noteSize, ` fill="${SOFT}"`));
    y += 1.3 * noteSize;
  }
  y += 1.2 * noteSize;
  const bar: string[] = [];
  for (let i = 0; i < 5; i++) bar.push(`<rect x="${fmt(M + i * 10)}" y="${fmt(y)}" width="10" height="1.6" fill="${i % 2 ? '#fff' : INK}"/>`);
  notes.push(`<g id="scale-bar" data-length-mm="${SCALE_BAR_MM}">${bar.join('')}` +
    `<rect x="${fmt(M)}" y="${fmt(y)}" width="${SCALE_BAR_MM}" height="1.6" fill="none" stroke="${INK}" stroke-width="0.25"/>` +
    text(M, y + 1.6 + 1.1 * small, '0', small, ` fill="${INK}"`) +
    text(M + SCALE_BAR_MM, y + 1.6 + 1.1 * small, `${SCALE_BAR_MM} mm`, small, ` text-anchor="middle" fill="${INK}"`) + '</g>');
  notes.push(text(W - M, y + 1.6, `${report.tool.name} ${report.tool.version} · mesh ${fmt(report.build.resolutionMm, 2)} mm · 1 unit = 1 mm`, 0.8 * small, ` text-anchor="end" fill="${SOFT}"`));
  const H = y + 1.6 + 1.1 * small + M;

  // ---- title ----------------------------------------------------------------------------------
  const side = report.side === 'left' ? 'LEFT' : 'RIGHT';
  const what = part.target === 'cast' ? 'positive cast' : 'milled device';
  const title = [
    text(M, M + 1.2 * f, `${report.id} · ${side} foot · ${what}`, 1.4 * f, ` id="title" font-weight="bold" fill="${INK}"`),
    text(M, M + 1.2 * f + 1.35 * f, `in its blank, ${fmt(L)} × ${fmt(Wb)} × ${fmt(blank.heightMm)} mm, seen from above as it lies on the mill's table: height above the table; ${outlineName}`, 0.85 * f, ` fill="${SOFT}"`),
  ];

  const defs = '<defs>' +
    `<clipPath id="blank-clip"><rect x="${fmt(u(0))}" y="${fmt(v(Wb))}" width="${fmt(L)}" height="${fmt(Wb)}"/></clipPath>` +
    `<pattern id="undercut-hatch" patternUnits="userSpaceOnUse" width="1.6" height="1.6" patternTransform="rotate(45)"><rect width="1.6" height="1.6" fill="#fff" fill-opacity="0.6"/><path d="M0 0L0 1.6M0 0L1.6 0" stroke="${UNDER}" stroke-width="0.5"/></pattern>` +
    '</defs>';
  const Wr = fmt(W), Hr = fmt(H);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(W * pxPerMm, 0)}" height="${fmt(H * pxPerMm, 0)}" viewBox="0 0 ${Wr} ${Hr}" font-family="${FONT}" data-id="${escapeXml(report.id)}" data-side="${escapeXml(report.side)}" data-target="${part.target}" data-grid-step-mm="${fmt(g.step, 4)}">`,
    `<title>${escapeXml(`${report.id} (${report.side}): ${what} in its blank, top-view map`)}</title>`,
    defs,
    `<rect width="${Wr}" height="${Hr}" fill="#fff"/>`,
    `<g id="plan">${plan.join('')}</g>`,
    `<g id="regions">${marks.join('')}</g>`,
    axes.join(''),
    `<g id="legend">${legend.join('')}</g>`,
    notes.join(''),
    title.join(''),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Path data of the cells of a grid where `on` holds, in half-step units (cell (i, j) spans
 * 2i−1…2i+1 × 2j−1…2j+1): one rectangle a run of neighbouring cells along a row, whole numbers only.
 */
function cellPath(grid: Omit<HeightGrid, 'z'>, on: (node: number) => boolean): string {
  const { nx, ny } = grid;
  let d = '';
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx;) {
      if (!on(j * nx + i)) { i++; continue; }
      let e = i + 1;
      while (e < nx && on(j * nx + e)) e++;
      d += `M${2 * i - 1} ${2 * j - 1}h${2 * (e - i)}v2h${-2 * (e - i)}z`;
      i = e;
    }
  }
  return d;
}

/** The 8-connected regions of a mask, largest first (ties: the first met in row order). */
function regionsOf(mask: Uint8Array, nx: number, ny: number): Region[] {
  const seen = new Uint8Array(mask.length);
  const regions: Array<Region & { first: number }> = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const r = { nodes: 0, i0: nx, i1: -1, j0: ny, j1: -1, ci: 0, cj: 0, first: start };
    let si = 0, sj = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const k = stack.pop()!;
      const i = k % nx, j = (k - i) / nx;
      r.nodes++; si += i; sj += j;
      r.i0 = Math.min(r.i0, i); r.i1 = Math.max(r.i1, i); r.j0 = Math.min(r.j0, j); r.j1 = Math.max(r.j1, j);
      for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const ii = i + di, jj = j + dj;
        if (ii < 0 || ii >= nx || jj < 0 || jj >= ny) continue;
        const n = jj * nx + ii;
        if (mask[n] && !seen[n]) { seen[n] = 1; stack.push(n); }
      }
    }
    r.ci = si / r.nodes; r.cj = sj / r.nodes;
    regions.push(r);
  }
  regions.sort((a, b) => b.nodes - a.nodes || a.first - b.first);
  return regions;
}
