import { buildDomain } from '../domain/index.js';
import { trimLineX, type FootLandmarks } from '../landmarks/index.js';
import type { Mesh } from '../mesh/types.js';
import { resampleClosed, smoothClosed, trimOutline } from '../outline/index.js';
import { designTopSurface, wallInsets, type DeviceSpec, type TopSurface } from '../surface/index.js';
import { buildSolid, type SolidLayout } from './buildSolid.js';

export interface DeviceOptions {
  /** Target edge length of the surface mesh, mm. */
  resolutionMm: number;
}

/** Defaults for DeviceOptions: 1 mm keeps the chord error under 0.02 mm on the tightest curves. */
export const DEVICE_DEFAULTS: DeviceOptions = { resolutionMm: 1 };

/** Scanner noise is smoothed out of the outline with this Gaussian, mm of arc length. */
const OUTLINE_SMOOTHING_MM = 2;
/** Trim corners are rounded with this Gaussian within `TRIM_CORNER_REACH_MM` of the corner. */
const TRIM_CORNER_SMOOTHING_MM = 3;
const TRIM_CORNER_REACH_MM = 12;

/** The foot outline as a device follows it at resolution `h`: resampled every h mm, scanner noise smoothed out. */
export function smoothOutline(footOutline: Float64Array, h: number): Float64Array {
  return smoothClosed(resampleClosed(footOutline, h), () => OUTLINE_SMOOTHING_MM / h);
}

export interface Device {
  mesh: Mesh;
  layout: SolidLayout;
  surface: TopSurface;
  /** The device outline (trimmed, smoothed), CCW, foot frame, mm. */
  outline: Float64Array;
}

/**
 * Builds the device solid from an aligned foot outline.
 *
 * @param footOutline aligned CCW outline, foot frame, mm (see alignOutline).
 * @param lm landmarks of that outline.
 * @param rx the prescription to build (after limits).
 * @throws GeometryError when the outline cannot carry the prescription.
 */
export function buildDevice(footOutline: Float64Array, lm: FootLandmarks, rx: DeviceSpec, options: DeviceOptions = DEVICE_DEFAULTS): Device {
  const h = options.resolutionMm;
  let outline = smoothOutline(footOutline, h);
  const cut = trimLineX(lm, rx.length);
  if (cut) {
    const trimmed = trimOutline(outline, cut, h, '/prescription/length');
    const [ca, cb] = trimmed.corners;
    const ax = trimmed.xy[2 * ca]!, ay = trimmed.xy[2 * ca + 1]!, bx = trimmed.xy[2 * cb]!, by = trimmed.xy[2 * cb + 1]!;
    outline = resampleClosed(trimmed.xy, h);
    const near = new Float64Array(outline.length >> 1);
    for (let i = 0; i < near.length; i++) {
      const x = outline[2 * i]!, y = outline[2 * i + 1]!;
      const d = Math.min(Math.hypot(x - ax, y - ay), Math.hypot(x - bx, y - by));
      near[i] = Math.max(0, 1 - d / TRIM_CORNER_REACH_MM);
    }
    outline = smoothClosed(outline, (i) => (near[i]! * TRIM_CORNER_SMOOTHING_MM) / h);
  }
  const surface = designTopSurface(outline, lm, rx);
  const s = surface.surface;
  const insets: number[][] = [];
  for (let i = 0; i < outline.length >> 1; i++) insets.push(wallInsets(s, s.wallHeight(outline[2 * i]!, outline[2 * i + 1]!), 0.8 * h));
  const domain = buildDomain(outline, {
    spacing: h,
    wallInsets: (i) => insets[i]!,
    distanceNeeded: (x) => Math.max(s.cupWidth(s.maxWallHeight(x)), s.featureReach(x)) + h,
  });
  const { mesh, layout } = buildSolid(domain, s);
  return { mesh, layout, surface, outline };
}
