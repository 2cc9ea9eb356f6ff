import { describe, expect, it } from 'vitest';
import { buildOrthotic } from '../../src/index.js';
import { millPart, MILL_DEFAULTS } from '../../src/mill/index.js';
import { renderMillMapSvg, renderMapPng } from '../../src/preview/index.js';
import { loadScan } from '../support/build.js';
import { drawnCells, drawnOutline, insidePolygon } from './mapOverlay.js';

/** The text of the element with this id, unescaped. */
function textOf(svg: string, id: string): string {
  const m = new RegExp(`<text[^>]* id="${id}"[^>]*>([^<]*)</text>`).exec(svg);
  return m ? m[1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : '';
}

/** The map of a milled part (renderMillMapSvg): what it draws, measured from the SVG itself. */
const built = buildOrthotic(loadScan('examples/m271-right-neutral.json'), { construction: 'filled', material: 'eva', shellThickness: 6 }, { measure: false });
const device = millPart(built, { ...MILL_DEFAULTS, target: 'device' });

describe('map of a milled part', () => {
  it('draws the unreachable regions: the area drawn is the area reported, every cell inside the device outline', () => {
    expect(device.reach.areaMm2).toBeGreaterThan(100); // m271's heel-cup rim: 210 mm² with the 6 mm ball
    const svg = renderMillMapSvg({ part: device, report: built.report });
    const drawn = drawnCells(svg, 'unreached');
    // Exact: each node is one square of the grid step, on whole half-steps (tolerance: float sums).
    expect(drawn.areaMm2).toBeCloseTo(device.reach.areaMm2, 6);
    expect(drawn.dataAreaMm2).toBeCloseTo(device.reach.areaMm2, 3);
    const step = device.reach.grid.step;
    for (const c of drawn.cells) {
      expect(c.y1 - c.y0).toBeCloseTo(step, 6);
      // Each cell's centre row, at both ends of its run, lies on the device's top (its outline in the blank frame).
      expect(insidePolygon(device.outline, c.x0 + step / 2, (c.y0 + c.y1) / 2)).toBe(true);
      expect(insidePolygon(device.outline, c.x1 - step / 2, (c.y0 + c.y1) / 2)).toBe(true);
    }
    // The outline drawn is the part's, in the blank frame (0.1 mm rounding).
    const outline = drawnOutline(svg);
    const xs = outline.filter((_, i) => i % 2 === 0);
    const px = Array.from(device.outline).filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBeCloseTo(Math.min(...px), 0);
    expect(Math.max(...xs)).toBeCloseTo(Math.max(...px), 0);
    // The legend states the total, and the report's figure is the same number.
    expect(textOf(svg, 'unreached-total')).toMatch(new RegExp(`^out of the finishing ball's reach: ${device.reach.areaMm2.toFixed(1)} mm² in \\d+ regions`));
    expect(drawnCells(svg, 'undercut').areaMm2).toBe(0);
    expect(textOf(svg, 'undercut-total')).toBe('undercut from above: none (0 mm²)');
    // One numbered box a listed region, the areas of all of them summing to the total.
    const regions = [...svg.matchAll(/<g class="region" data-area-mm2="([\d.]+)">/g)].map((m) => Number(m[1]));
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.length).toBeLessThanOrEqual(8);
    expect(regions).toEqual([...regions].sort((a, b) => b - a));
  });

  it('an order the ball reaches everywhere draws no region', () => {
    // A 3 mm ball judged at a 1 mm cusp: nothing of m271 is narrower than that.
    const part = millPart(built, { ...MILL_DEFAULTS, target: 'device', finishing: { ...MILL_DEFAULTS.finishing, diameterMm: 3 }, scallopMm: 1 });
    expect(part.reach.areaMm2).toBe(0);
    const svg = renderMillMapSvg({ part, report: built.report });
    expect(drawnCells(svg, 'unreached').cells).toEqual([]);
    expect(svg.includes('class="region"')).toBe(false);
    expect(textOf(svg, 'unreached-total')).toMatch(/^out of the finishing ball's reach: none \(0 mm²\)/);
  });

  it('the same part gives the same bytes, SVG and PNG', () => {
    const a = renderMillMapSvg({ part: device, report: built.report });
    const again = millPart(built, { ...MILL_DEFAULTS, target: 'device' });
    const b = renderMillMapSvg({ part: again, report: built.report });
    expect(b).toBe(a);
    expect(Buffer.from(renderMapPng(a)).equals(Buffer.from(renderMapPng(b)))).toBe(true);
  });
});
