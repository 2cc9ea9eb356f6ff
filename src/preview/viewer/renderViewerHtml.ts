/**
 * The self-contained 3D viewer page.
 */
import { createHash } from 'node:crypto';
import type { BuiltOrthotic } from '../../pipeline/index.js';
import { escapeXml } from '../shared/index.js';
import { drapePoints } from './drapePoints.js';
import { encodeMesh } from './encodeMesh.js';
import { layoutDevices } from './layoutDevices.js';
import { panelHtml, warningBannerHtml } from './panelHtml.js';
import { scanPayload } from './scanPayload.js';
import { viewerBundle } from './viewerBundle.js';
import { SCAN_CSS, VIEWER_CSS } from './viewerCss.js';
import { COLOUR_MODES, VIEW_NAMES, VIEWER_DEFAULTS, type PayloadDevice, type ViewerColour, type ViewerOptions, type ViewerPayload } from './viewerTypes.js';

/** One device to show: what `buildOrthotic()` returns (`scan`, when given, adds the scanned sole and the fit colouring). */
export type ViewerDevice = Pick<BuiltOrthotic, 'mesh' | 'report' | 'guides'> & Partial<Pick<BuiltOrthotic, 'scan'>>;

/** Guides are drawn this far above the top surface, mm (clear of it at any zoom, close enough to read as on it). */
const GUIDE_LIFT_MM = 0.3;

const VIEW_LABELS: Record<(typeof VIEW_NAMES)[number], string> = { home: '3/4', medial: 'Medial', lateral: 'Lateral', posterior: 'Posterior', plantar: 'Plantar', top: 'Top' };
const COLOUR_LABELS: Record<ViewerColour, string> = { thickness: 'Thickness', height: 'Height', plain: 'Plain', fit: 'Fit' };

/**
 * Writes one self-contained HTML page that shows devices in 3D: three.js and the viewer's script
 * inlined, the meshes embedded (base64 of their float32 positions and their indices, in a JSON
 * script element), no request to any network or file (a Content-Security-Policy forbids them),
 * so it opens from `file://` in any modern browser. The same inputs give byte-identical pages.
 *
 * The page: orbit, zoom and pan; preset views (3/4, medial, lateral, posterior, plantar, top);
 * colour by shell thickness or by height above the floor, with a legend in mm; the scanned foot
 * outline and landmarks (heel centre, arch apex, MTH line) on the surface; several devices side by
 * side (left feet on the left, seen from above toes up); a side panel with each prescription as
 * asked and applied and the measured geometry; a banner listing every warning and clamp. Test
 * hooks on `window.orthoticViewer` (ViewerHooks).
 *
 * A device built from a 3D scan and measured against it (`scan` and `report.fit`) adds the scanned
 * sole where the foot rests on the device (a wire grid, toggled; pitched as the device is) and the
 * `fit` colouring (gap or pressure against the sole, ±FIT_SCALE_MM), and its fit in the panel; the
 * page then carries the viewer's scan bundle. A page without such a device is what it always was.
 *
 * @param devices one or more devices as `buildOrthotic()` returns them (a pair: left and right).
 * @returns the page, UTF-8 text.
 * @throws Error when no device is given or an option is unknown (the `fit` colour without a 3D
 *   scan), or when the package was not built (the viewer's script is missing).
 */
export function renderViewerHtml(devices: readonly ViewerDevice[], options: ViewerOptions = {}): string {
  if (!devices.length) throw new Error('renderViewerHtml: at least one device is needed');
  const view = options.view ?? VIEWER_DEFAULTS.view;
  const colour = options.colour ?? VIEWER_DEFAULTS.colour;
  const gap = options.gapMm ?? VIEWER_DEFAULTS.gapMm;
  if (!VIEW_NAMES.includes(view)) throw new Error(`renderViewerHtml: unknown view '${String(view)}' (one of ${VIEW_NAMES.join(', ')})`);
  if (!(gap >= 0)) throw new Error(`renderViewerHtml: gapMm must be a number ≥ 0, got ${gap}`);

  const extents = devices.map((d) => {
    const p = d.mesh.positions;
    let y0 = Infinity, y1 = -Infinity;
    for (let i = 1; i < p.length; i += 3) { y0 = Math.min(y0, p[i]!); y1 = Math.max(y1, p[i]!); }
    return { side: d.report.side, yMinMm: y0, yMaxMm: y1 };
  });
  const { order, offsetYMm } = layoutDevices(extents, gap);
  const ordered = order.map((i) => ({ device: devices[i]!, offsetYMm: offsetYMm[i]! }));
  const shown = ordered.map(({ device, offsetYMm: dy }) => payloadDevice(device, dy));
  const scanned = shown.some((d) => d.scan);
  const colours = scanned ? [...COLOUR_MODES, 'fit' as const] : COLOUR_MODES;
  if (!(colours as readonly string[]).includes(colour)) {
    throw new Error(`renderViewerHtml: unknown colour '${String(colour)}' (one of ${colours.join(', ')}${scanned ? '' : '; fit needs a device built from a 3D scan'})`);
  }

  const guides = options.guides ?? VIEWER_DEFAULTS.guides;
  const payload: ViewerPayload = {
    format: 'orthotic-viewer',
    version: 1,
    initial: scanned ? { view, colour, guides, sole: options.sole ?? VIEWER_DEFAULTS.sole } : { view, colour, guides },
    devices: shown,
  };
  const reports = ordered.map(({ device }) => device.report);
  const title = options.title ?? `${reports.map((r) => `${r.id} (${r.side})`).join(' + ')}: orthotic preview`;
  // `<` never appears raw inside the script elements: JSON escapes it, and the bundle is checked.
  const data = JSON.stringify(payload).replace(/</g, '\\u003c');
  const script = viewerBundle(scanned ? 'scan' : 'base');
  if (/<\/script|<!--/i.test(script)) throw new Error('the viewer script contains "</script" or "<!--" and cannot be inlined');
  const scriptHash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src data: blob:`;

  const views = VIEW_NAMES.map((v) => `<button type="button" data-view="${v}" title="${VIEW_LABELS[v]} view">${VIEW_LABELS[v]}</button>`).join('');
  const colourButtons = colours.map((c) => `<button type="button" data-colour="${c}"${c === 'fit' ? ' title="The top against the scanned sole: gap or pressure"' : ''}>${COLOUR_LABELS[c]}</button>`).join('');
  const shows = reports.length > 1
    ? `<div class="group" role="group" aria-label="Show"><span class="label">Show</span><button type="button" data-show="all">All</button>` +
      reports.map((r, i) => `<button type="button" data-show="${i}" title="${escapeXml(r.id)}">${r.side === 'left' ? 'Left' : 'Right'}</button>`).join('') + `</div>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeXml(`${reports[0]!.tool.name} ${reports[0]!.tool.version}`)}">
<title>${escapeXml(title)}</title>
<style>${VIEWER_CSS}${scanned ? SCAN_CSS : ''}</style>
</head>
<body>
<div id="app">
<main id="stage">
${warningBannerHtml(reports)}
<div id="view">
<div id="viewport" aria-label="3D view of the device"></div>
<div id="toolbar">
<div class="group" role="group" aria-label="View"><span class="label">View</span>${views}</div>
<div class="group" role="group" aria-label="Colour"><span class="label">Colour</span>${colourButtons}</div>
<label class="toggle"><input type="checkbox" id="guides-toggle"> Outline &amp; landmarks</label>
${scanned ? '<label class="toggle" title="The sole as scanned, where the foot rests on the device"><input type="checkbox" id="sole-toggle"> Scanned sole</label>\n' : ''}${shows}
</div>
<div id="legend" aria-live="polite"></div>
<div id="hint">Drag to rotate · right-drag or shift-drag to pan · scroll to zoom</div>
<noscript><p class="noscript">The 3D view needs JavaScript.</p></noscript>
</div>
</main>
<aside id="panel">${panelHtml(reports)}</aside>
</div>
<script type="application/json" id="orthotic-data">${data}</script>
<script>${script}</script>
</body>
</html>
`;
}

function payloadDevice(d: ViewerDevice, offsetYMm: number): PayloadDevice {
  const g = d.guides;
  const layout = g.layout;
  const outline = g.footOutline.length && (g.footOutline[0]![0] !== g.footOutline.at(-1)![0] || g.footOutline[0]![1] !== g.footOutline.at(-1)![1])
    ? [...g.footOutline, g.footOutline[0]!]
    : g.footOutline;
  const drape = (pts: ReadonlyArray<readonly [number, number]>): number[] => {
    const z = drapePoints(d.mesh, layout, pts);
    return pts.flatMap(([x, y], i) => [x, y, r2(z[i]! + GUIDE_LIFT_MM)]);
  };
  const point = (pt: readonly [number, number]): [number, number, number] => drape([pt]) as [number, number, number];
  return {
    id: d.report.id,
    side: d.report.side,
    medialSign: g.medialSign,
    offsetYMm,
    vertexCount: d.mesh.positions.length / 3,
    triangleCount: d.mesh.indices.length / 3,
    topVertexCount: layout.topVertexCount,
    ...encodeMesh(d.mesh),
    guides: {
      footOutline: drape(outline),
      mthLine: drape(g.mthLine),
      heelCentre: point(g.heelCentre),
      archApex: point(g.archApex),
    },
    scan: scanPayload(d),
  };
}

const r2 = (v: number): number => Math.round(v * 100) / 100 + 0;
