// Draws docs/pictures/rim-section.png: a cross-section of an example device through its heel cup
// (the plane x = X mm, in the foot frame), top surface, underside and rim in their own colours, with
// the straight rim of versions before the ring dashed (from the top's edge to the underside's loop).
// Usage (after `npm run build`): node scripts/rim-section.mjs [example] [x mm] [out.png], where the
// example is a scan file or the name of one in examples/ (default m271-right-neutral, x = 30 mm).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const [name = 'm271-right-neutral', xArg = '30', out = 'docs/pictures/rim-section.png'] = process.argv.slice(2);
const file = [name, `examples/${name}`, `examples/${name}.json`].find((f) => existsSync(f) && !f.endsWith('/'));
const X = Number(xArg);
if (!file || !Number.isFinite(X)) {
  console.error(!file ? `rim-section: no scan file '${name}' (nor examples/${name}.json)` : `rim-section: x must be a number of mm, not '${xArg}'`);
  process.exit(2);
}
const { buildOrthotic } = await import('../dist/src/index.js');
const built = buildOrthotic(JSON.parse(readFileSync(file, 'utf8')));
const { positions: p, indices: ix } = built.mesh;
const { topTriangles: nt } = built.layout;

// The plane's cut through each triangle: a segment (y, z), by the part the triangle belongs to.
const parts = { top: [], underside: [], rim: [] };
for (let f = 0; f < ix.length / 3; f++) {
  const cut = [];
  for (let k = 0; k < 3; k++) {
    const a = ix[3 * f + k], b = ix[3 * f + ((k + 1) % 3)];
    const da = p[3 * a] - X, db = p[3 * b] - X;
    if (da < 0 !== db < 0) {
      const t = da / (da - db);
      cut.push([p[3 * a + 1] + t * (p[3 * b + 1] - p[3 * a + 1]), p[3 * a + 2] + t * (p[3 * b + 2] - p[3 * a + 2])]);
    }
  }
  if (cut.length === 2) (f < nt ? parts.top : f < 2 * nt ? parts.underside : parts.rim).push(cut);
}

// The side whose rim stands highest (the medial wall, on a posted device).
const rimPoints = parts.rim.flat();
const sign = Math.sign(rimPoints.reduce((best, q) => (q[1] > best[1] ? q : best))[0]);
const side = (s) => s.filter(([a, b]) => sign * a[0] > 0 && sign * b[0] > 0);
const rim = side(parts.rim).flat();
const edge = rim.reduce((best, q) => (q[1] > best[1] ? q : best));
const foot = rim.reduce((best, q) => (q[1] < best[1] ? q : best));
const y0 = sign * edge[0] - 26, y1 = sign * foot[0] + 4, z0 = -2, z1 = edge[1] + 3;
const S = 22, W = Math.round((y1 - y0) * S), H = Math.round((z1 - z0) * S);
const line = (a, b, attributes) => `<line x1="${((sign * a[0] - y0) * S).toFixed(1)}" y1="${((z1 - a[1]) * S).toFixed(1)}" x2="${((sign * b[0] - y0) * S).toFixed(1)}" y2="${((z1 - b[1]) * S).toFixed(1)}" ${attributes}/>`;
const lines = (segments, colour, width) => side(segments).map(([a, b]) => line(a, b, `stroke="${colour}" stroke-width="${width}" stroke-linecap="round"`)).join('');
const t = built.report.prescription.applied.shellThickness;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 70}" font-family="DejaVu Sans" font-size="15">
<rect width="100%" height="100%" fill="white"/>
<line x1="0" y1="${(z1 * S).toFixed(1)}" x2="${W}" y2="${(z1 * S).toFixed(1)}" stroke="#bbb" stroke-width="1"/>
${line(edge, foot, 'stroke="#c0392b" stroke-width="2" stroke-dasharray="7 5"')}
${lines(parts.top, '#1f77b4', 3)}${lines(parts.underside, '#2ca02c', 3)}${lines(parts.rim, '#222', 3)}
<text x="10" y="${H + 22}">${built.report.id}, heel cup at x = ${X} mm, ${t} mm shell; floor grey; 1 mm = ${S} px</text>
<text x="10" y="${H + 44}"><tspan fill="#1f77b4">top</tspan>, <tspan fill="#2ca02c">underside</tspan>, <tspan fill="#222">rim: the shell's edge, then straight down</tspan>;</text>
<text x="10" y="${H + 64}"><tspan fill="#c0392b">dashed: the straight rim before, which thinned the wall toward its edge</tspan></text>
</svg>`;
writeFileSync(out, new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng());
console.log(`${out}: ${W}×${H + 70} px`);
