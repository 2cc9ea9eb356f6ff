/**
 * The height colour scale of the top-view map: the 3D viewer's scale (viridis, `colourAt` in
 * ../shared/colourMap.ts: perceptually uniform, colour-blind safe, and its lightness rises with
 * height, so a greyscale print still reads low → high), lifted toward white so that black contour
 * lines and labels stay legible on every band, including the dark low end.
 *
 * Alternatives looked at: Turbo (blue → red, as pressure plates show it) read well on screen but
 * does not survive greyscale printing and would disagree with the viewer; plain viridis hides the
 * contours on its dark low end.
 */
import { colourAt } from '../shared/index.js';

/** How far each colour is mixed toward white. */
const LIFT = 0.45;

/** `#rrggbb` for a position `t` in [0, 1] of the scale (clamped). */
export function heightColour(t: number): string {
  const rgb = colourAt(t);
  const hex = (c: number): string => Math.round(((1 - LIFT) * c + LIFT) * 255).toString(16).padStart(2, '0');
  return `#${hex(rgb[0])}${hex(rgb[1])}${hex(rgb[2])}`;
}
