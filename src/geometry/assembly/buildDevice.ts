import type { ResolvedPrescription } from '../../scan/types.js';
import { buildDomain } from '../domain/index.js';
import { trimLineX, type FootLandmarks } from '../landmarks/index.js';
import type { Mesh } from '../mesh/types.js';
import { resampleClosed, smoothClosed, trimOutline } from '../outline/index.js';
import { cupProfileAt, cupWidth, designTopSurface, maxWallHeight, modificationReach, wallInsets, type TopSurface } from '../surfaces/index.js';
import { buildSolid, buildSolidReference, type SolidLayout } from './buildSolid.js';

export interface DeviceOptions {
  /** Target edge length of the surface mesh, mm. */
  resolutionMm: number;
  /**
   * Run the JavaScript references instead of the WebAssembly kernels (lattice distances, solid
   * assembly): the same mesh, to the bit, slower. For the tests that prove it.
   */
  reference?: boolean;
}

/** Defaults for DeviceOptions: 1 mm keeps the chord error under 0.02 mm on the tightest curves. */
export const DEVICE_DEFAULTS: DeviceOptions = { resolutionMm: 1 };

/** Scanner noise is smoothed out of the outline with this Gaussian, mm of arc length. */
const OUTLINE_SMOOTHING_MM = 2;
/** Trim corners are rounded with this Gaussian within `TRIM_CORNER_REACH_MM` of the corner. */
const TRIM_CORNER_SMOOTHING_MM = 3;
const TRIM_CORNER_REACH_MM = 12;

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
export function buildDevice(footOutline: Float64Array, lm: FootLandmarks, rx: ResolvedPrescription, options: DeviceOptions = DEVICE_DEFAULTS): Device {
  const h = options.resolutionMm;
  let outline = resampleClosed(footOutline, h);
  outline = smoothClosed(outline, () => OUTLINE_SMOOTHING_MM / h);
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
  const insets: number[][] = [];
  for (let i = 0; i < outline.length >> 1; i++) insets.push(wallInsets(cupProfileAt(surface, outline[2 * i]!, outline[2 * i + 1]!), 0.8 * h));
  const domain = buildDomain(outline, {
    spacing: h,
    wallInsets: (i) => insets[i]!,
    distanceNeeded: (x) => Math.max(cupWidth(surface.cup, maxWallHeight(surface, x)), modificationReach(surface.mods, x)) + h,
    reference: options.reference ?? false,
  });
  const { mesh, layout } = (options.reference ? buildSolidReference : buildSolid)(domain, surface);
  return { mesh, layout, surface, outline };
}
