/** The colour legend under the 3D view. */
// Directly, not through ../../shared/index.js, which would change the bundle's bytes (see there).
import { cssGradient, legendTicks } from '../../shared/colourMap.js';
import type { ColourMode } from '../viewerTypes.js';
import { GUIDE_COLOURS } from './guideOverlay.js';

const TITLES: Record<ColourMode, string> = {
  thickness: 'Shell thickness (mm)',
  height: 'Height above the floor (mm)',
  plain: '',
};
const NOTES: Record<ColourMode, string> = {
  thickness: 'Along the top surface\u2019s normal; thicker under a rearfoot post',
  height: 'Top and underside, from the floor (z = 0)',
  plain: '',
};

/**
 * Fills `el` with the legend of `mode` on the scale [lo, hi] mm (a colour bar with round ticks; the
 * last one reads "hi+" when values above the scale, `max`, are shown in its top colour), and the key
 * to the guides when they are shown. Empty for the plain colour without guides.
 * @returns the ticks drawn.
 */
export function renderLegend(el: HTMLElement, mode: ColourMode, lo: number, hi: number, max: number, guides: boolean): number[] {
  el.replaceChildren();
  const ticks = mode === 'plain' ? [] : legendTicks(lo, hi);
  if (mode !== 'plain') {
    el.append(div('title', TITLES[mode]));
    const bar = div('bar', '');
    bar.style.background = cssGradient('to right');
    el.append(bar);
    const row = div('ticks', '');
    for (const t of ticks) {
      const s = document.createElement('span');
      s.textContent = t === hi && max > hi + 1e-6 ? `${t}+` : String(t);
      s.style.left = `${(100 * (t - lo)) / (hi - lo)}%`;
      row.append(s);
    }
    el.append(row, div('note', NOTES[mode]));
  }
  if (guides) {
    const key = div('swatches', '');
    key.append(swatch(GUIDE_COLOURS.outline, 'Foot outline (scan)'), swatch(GUIDE_COLOURS.landmark, 'MTH line, heel centre, arch apex'));
    if (mode !== 'plain') key.style.marginTop = '6px';
    el.append(key);
  }
  return ticks;
}

function div(cls: string, text: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  d.textContent = text;
  return d;
}

function swatch(colour: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  const i = document.createElement('i');
  i.style.background = colour;
  s.append(i, text);
  return s;
}
