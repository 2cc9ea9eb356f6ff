import { GeometryError } from '../../errors.js';
import { buildDomain, minWallRadius, turnRadius } from '../domain/index.js';
import { trimLineX, type FootLandmarks } from '../landmarks/index.js';
import type { Mesh } from '../mesh/types.js';
import { resampleClosed, smoothClosed, trimOutline } from '../outline/index.js';
import { designTopSurface, wallInsets, type DeviceSpec, type TopSurface } from '../surface/index.js';
import { buildSolid, type SolidLayout } from './buildSolid.js';

/** How the underside is made: `auto` as the surface decides (see buildDevice), `ball` the top lowered by a ball of the thickness. */
export type Underside = 'auto' | 'ball';

export interface DeviceOptions {
  /** Target edge length of the surface mesh, mm. */
  resolutionMm: number;
  /** Default `auto`. */
  underside?: Underside;
  /** Per outline vertex of the device, 1 where the rim stays one straight face, without its ring (buildSolid); default none. */
  plainRim?: Uint8Array | null;
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
  return smoothClosed(resampleClosed(footOutline, h), OUTLINE_SMOOTHING_MM / h);
}

/**
 * Rounding of a heel too sharp for its cup (traced against a box, cut flat, a tight corner):
 * engineering choices, docs/clinical-basis.md [CB-outline-heel].
 */
export const HEEL_ROUNDING = {
  /**
   * Largest change of the outline (mm, the farthest any point of it moves) made to round the heel
   * for its cup; a heel that needs more is refused. Half the ±8 mm heel-width tolerance of the scan's
   * cross-check ([CB-cross-check]): within it, each side of the heel moves less than a scanner's own
   * heel picks are allowed to disagree with the outline. A 90° box corner needs about 0.4 × the wall's
   * depth (2–5 mm for 12–20 mm cups).
   */
  maxChangeMm: 4,
  /** Gaussian widths tried in turn around the tight places, mm (the smallest that is round enough is kept). */
  sigmasMm: [1, 1.5, 2, 3, 4, 5, 6, 8, 10] as readonly number[],
  /** Reach of the rounding around a tight vertex: full within this, fading to nothing over as much again, mm. */
  reachMm: 12,
} as const;

export interface Device {
  mesh: Mesh;
  layout: SolidLayout;
  surface: TopSurface;
  /** The device outline (trimmed, smoothed), CCW, foot frame, mm. */
  outline: Float64Array;
  /** How far the heel was rounded for its cup: the farthest any outline point moved, mm (0 when it was round enough). */
  heelRoundedMm: number;
  /** Outline vertices whose rim was left one straight face (DeviceOptions.plainRim): the wall thins toward the rim there. */
  plainRimCount: number;
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
  const foot = resampleClosed(footOutline, h);
  let outline = smoothClosed(foot, OUTLINE_SMOOTHING_MM / h);
  const cut = trimLineX(lm, rx.length);
  if (cut) {
    const trimmed = trimOutline(outline, cut, h, '/prescription/length');
    const [ca, cb] = trimmed.corners;
    const ax = trimmed.xy[2 * ca]!, ay = trimmed.xy[2 * ca + 1]!, bx = trimmed.xy[2 * cb]!, by = trimmed.xy[2 * cb + 1]!;
    outline = resampleClosed(trimmed.xy, h);
    const sigma = new Float64Array(outline.length >> 1);
    for (let i = 0; i < sigma.length; i++) {
      const x = outline[2 * i]!, y = outline[2 * i + 1]!;
      const d = Math.min(Math.hypot(x - ax, y - ay), Math.hypot(x - bx, y - by));
      sigma[i] = (Math.max(0, 1 - d / TRIM_CORNER_REACH_MM) * TRIM_CORNER_SMOOTHING_MM) / h;
    }
    outline = smoothClosed(outline, sigma);
  }
  const rounded = roundHeelForCup(outline, foot, lm, rx, h);
  outline = rounded.outline;
  const { insets } = rounded;
  const surface = options.underside === 'ball' ? { ...rounded.surface, surface: rounded.surface.surface.with({ ballUnderside: 1 }) } : rounded.surface;
  const s = surface.surface;
  const domain = buildDomain(outline, {
    spacing: h,
    wallInsets: (i) => insets[i]!,
    distanceNeeded: (x) => Math.max(s.cupWidth(s.maxWallHeight(x)), s.featureReach(x)) + h,
  });
  const plainRim = options.plainRim ?? null;
  const plainRimCount = plainRim ? plainRim.reduce((n, v) => n + (v ? 1 : 0), 0) : 0;
  const solid = buildSolid(domain, s, plainRim);
  // Where the top bends over more tightly than the shell is thick, the underside offset along the
  // normals folds: then the whole underside is the top lowered by a ball of the thickness (a graph,
  // as for a scanned sole or a thick EVA shell), still at least that thick everywhere.
  if (solid.folds) {
    const ball = s.with({ ballUnderside: 1 });
    const { mesh, layout } = buildSolid(domain, ball, plainRim);
    return { mesh, layout, surface: { ...surface, surface: ball }, outline, heelRoundedMm: rounded.changeMm, plainRimCount };
  }
  return { mesh: solid.mesh, layout: solid.layout, surface, outline, heelRoundedMm: rounded.changeMm, plainRimCount };
}

/**
 * Designs the surface on the outline and, where the outline turns too tightly for the cup wall's
 * vertices (minWallRadius: a heel cut flat or traced against a box, a sharp corner), rounds it there:
 * a Gaussian along the outline around the tight places, the narrowest of HEEL_ROUNDING.sigmasMm that
 * is round enough.
 *
 * @throws GeometryError when the rounding would move the outline more than HEEL_ROUNDING.maxChangeMm,
 *   or no width tried is round enough.
 */
function roundHeelForCup(given: Float64Array, foot: Float64Array, lm: FootLandmarks, rx: DeviceSpec, h: number): { outline: Float64Array; surface: TopSurface; insets: number[][]; changeMm: number } {
  const n = given.length >> 1;
  const tight = new Uint8Array(n);
  let outline = given;
  let worst = { radius: Infinity, i: 0 };
  for (let attempt = 0; ; attempt++) {
    const surface = designTopSurface(outline, lm, rx);
    const s = surface.surface;
    const insets: number[][] = [];
    let found = 0;
    for (let i = 0; i < n; i++) {
      const ins = wallInsets(s, s.wallHeight(outline[2 * i]!, outline[2 * i + 1]!), 0.8 * h);
      insets.push(ins);
      if (!ins.length) continue;
      const convex = turnRadius(outline, i), concave = concaveRadius(outline, i);
      if (convex < minWallRadius(ins[ins.length - 1]!, h) || concave < minConcaveWallRadius(surface.thicknessMm, h)) {
        found++;
        tight[i] = 1;
        // The message names the tightest place (a notch's concave radius too: it printed Infinity).
        const radius = Math.min(convex, concave);
        if (attempt === 0 && radius < worst.radius) worst = { radius, i };
      }
    }
    const change = attempt ? outlineChange(foot, given, outline) : 0;
    const sigma = HEEL_ROUNDING.sigmasMm[attempt];
    if (!found && change <= HEEL_ROUNDING.maxChangeMm) return { outline, surface, insets, changeMm: change };
    if (sigma === undefined || change > HEEL_ROUNDING.maxChangeMm) {
      const [wx, wy] = [given[2 * worst.i]!, given[2 * worst.i + 1]!];
      throw new GeometryError([{
        pointer: '/outline',
        rule: `the heel outline must be rounder: its radius of ${worst.radius.toFixed(1)} mm near (${wx.toFixed(1)}, ${wy.toFixed(1)}) in the foot frame is too tight for the heel-cup wall, and rounding it ${found ? 'as far as tried' : 'enough'} would move the outline by ${change.toFixed(1)} mm, more than the ${HEEL_ROUNDING.maxChangeMm} mm allowed [CB-outline-heel]: give an outline with a round heel, or a shallower cup`,
        value: `${worst.radius.toFixed(1)} mm`,
      }]);
    }
    outline = smoothClosed(given, weightsNear(given, tight, sigma / h));
  }
}

/**
 * The concave turning radius of a closed CCW polygon at vertex i, mm (Infinity where it turns the
 * other way or not at all).
 */
function concaveRadius(outline: Float64Array, i: number): number {
  const n = outline.length >> 1;
  const a = (i + n - 1) % n, c = (i + 1) % n;
  const ux = outline[2 * i]! - outline[2 * a]!, uy = outline[2 * i + 1]! - outline[2 * a + 1]!;
  const vx = outline[2 * c]! - outline[2 * i]!, vy = outline[2 * c + 1]! - outline[2 * i + 1]!;
  const turn = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  return turn < 0 ? (0.5 * (Math.hypot(ux, uy) + Math.hypot(vx, vy))) / -turn : Infinity;
}

/**
 * The smallest concave turning radius under a cup wall: the wall's outside (the underside, offset
 * outward by the shell's thickness) folds over itself where the outline turns inward more tightly
 * than the shell is thick (measured: a 2 mm notch 3 mm deep in a heel under a 4 mm shell made a
 * mesh that is not a closed solid).
 */
function minConcaveWallRadius(thicknessMm: number, h: number): number {
  return thicknessMm + 0.5 * h;
}

/** Per-vertex Gaussian widths (samples): `sigma` within HEEL_ROUNDING.reachMm of a tight vertex (by arc length), fading out over as much again. */
function weightsNear(xy: Float64Array, tight: Uint8Array, sigma: number): Float64Array {
  const n = xy.length >> 1;
  const arc = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    arc[i + 1] = arc[i]! + Math.hypot(xy[2 * k]! - xy[2 * i]!, xy[2 * k + 1]! - xy[2 * i + 1]!);
  }
  const total = arc[n]!;
  const dist = new Float64Array(n).fill(Infinity);
  // Distance along the outline to the nearest tight vertex: two sweeps round the ring.
  for (let pass = 0; pass < 2; pass++) {
    let last = -Infinity;
    for (let k = 0; k < 2 * n; k++) {
      const i = k % n, s = arc[i]! + (k >= n ? total : 0);
      if (tight[i]) last = s;
      dist[i] = Math.min(dist[i]!, s - last);
    }
    let next = Infinity;
    for (let k = 2 * n - 1; k >= 0; k--) {
      const i = k % n, s = arc[i]! + (k >= n ? total : 0);
      if (tight[i]) next = s;
      dist[i] = Math.min(dist[i]!, next - s);
    }
  }
  const R = HEEL_ROUNDING.reachMm;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * Math.max(0, Math.min(1, 2 - dist[i]! / R));
  return out;
}

/**
 * How far the rounding moved the outline from the foot's: the farthest a point of the foot's
 * outline `foot` lies from the rounded outline `after`, near where it differs from `before`, mm.
 */
function outlineChange(foot: Float64Array, before: Float64Array, after: Float64Array): number {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < after.length; i += 2) {
    if (after[i] === before[i] && after[i + 1] === before[i + 1]) continue;
    x0 = Math.min(x0, after[i]!); x1 = Math.max(x1, after[i]!);
    y0 = Math.min(y0, after[i + 1]!); y1 = Math.max(y1, after[i + 1]!);
  }
  const pad = 2 * HEEL_ROUNDING.reachMm;
  const near = (x: number, y: number) => x >= x0 - pad && x <= x1 + pad && y >= y0 - pad && y <= y1 + pad;
  const n = after.length >> 1;
  let worst = 0;
  for (let i = 0; i < foot.length; i += 2) {
    const px = foot[i]!, py = foot[i + 1]!;
    if (!near(px, py)) continue;
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      const k = (j + 1) % n;
      if (!near(after[2 * j]!, after[2 * j + 1]!) && !near(after[2 * k]!, after[2 * k + 1]!)) continue;
      best = Math.min(best, pointSegment(px, py, after[2 * j]!, after[2 * j + 1]!, after[2 * k]!, after[2 * k + 1]!));
    }
    if (best < Infinity) worst = Math.max(worst, best);
  }
  return worst;
}

function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax, vy = by - ay;
  const l2 = vx * vx + vy * vy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / l2)) : 0;
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}
