/**
 * The colour scale of the 3D viewer: viridis (perceptually uniform, readable by colour-blind
 * people and in greyscale), and the legend's tick values. Shared by the viewer's page script and
 * the top-view map (its height colours are this scale, lightened).
 */

/** Viridis sampled at nine evenly spaced points, sRGB 0–255 (matplotlib's table). */
export const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84], [71, 45, 123], [59, 82, 139], [44, 114, 142], [33, 145, 140],
  [40, 174, 128], [94, 201, 98], [173, 220, 48], [253, 231, 37],
];

/**
 * The colour of `t` on the scale (clamped to 0–1), linearly interpolated between the table's points.
 * @param out receives sRGB components 0–1.
 */
export function colourAt(t: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!, b = VIRIDIS[i + 1]!;
  out[0] = (a[0] + (b[0] - a[0]) * f) / 255;
  out[1] = (a[1] + (b[1] - a[1]) * f) / 255;
  out[2] = (a[2] + (b[2] - a[2]) * f) / 255;
  return out;
}

/** A CSS `linear-gradient` of the scale from `direction`'s start (low) to its end (high). */
export function cssGradient(direction = 'to right'): string {
  const stops = VIRIDIS.map((c, i) => `rgb(${c[0]},${c[1]},${c[2]}) ${+((100 * i) / (VIRIDIS.length - 1)).toFixed(2)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/**
 * Round tick values from `lo` to `hi` (both included when they are round), `count` to `count` + 1
 * intervals or fewer, spaced 1, 2 or 5 × 10^k apart: 0–25 gives 0, 5, …, 25; 0–10 gives 0, 2, …, 10.
 */
export function legendTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.999) ?? 10 * mag;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) ticks.push(+(k * step).toFixed(6));
  return ticks;
}

/**
 * A diverging scale for signed values, blue (negative) through near-white (zero) to red (positive):
 * ColorBrewer's RdBu, nine classes, reversed, sRGB 0–255. Readable by most colour-blind people
 * (blue against red, not green against red); the sign is also in the legend's words.
 */
export const DIVERGING: ReadonlyArray<readonly [number, number, number]> = [
  [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43],
];

/**
 * The colour of `t` on the diverging scale: −1 the blue end, 0 the middle, +1 the red end (clamped
 * beyond; NaN counts as 0), linearly interpolated between the table's points.
 * @param out receives sRGB components 0–1.
 */
export function divergingAt(t: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const u = ((Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0)) + 1) / 2) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(u));
  const f = u - i;
  const a = DIVERGING[i]!, b = DIVERGING[i + 1]!;
  out[0] = (a[0] + (b[0] - a[0]) * f) / 255;
  out[1] = (a[1] + (b[1] - a[1]) * f) / 255;
  out[2] = (a[2] + (b[2] - a[2]) * f) / 255;
  return out;
}

/** A CSS `linear-gradient` of the diverging scale from `direction`'s start (−1) to its end (+1). */
export function cssDivergingGradient(direction = 'to right'): string {
  const stops = DIVERGING.map((c, i) => `rgb(${c[0]},${c[1]},${c[2]}) ${+((100 * i) / (DIVERGING.length - 1)).toFixed(2)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
