/**
 * A foot's measurements read off its scanned sole, exactly as a JSON scan carries them, each
 * defined once here (and in schemas/foot-scan.schema.json and the README):
 * - outline: the plantar silhouette (the footprint seen from below), mm, in the intake frame;
 * - footLength, ballWidth, heelWidth: of that outline, as the pipeline measures any outline;
 * - archApexX: distance from the heel of the sole's highest point along the line
 *   `ARCH_SCAN_RULES.apexInsetMm` inside the medial border, where a scan's archApexX may lie
 *   (`LANDMARK_RANGES.archApexX`: 25–60 % of foot length);
 * - archHeight: the sole's height above the heel seat at the apex station, a fraction
 *   `SURFACE_RULES.archMeasureAcross` of the foot's width there inside the medial border (where the
 *   device's own arch height is set and measured);
 * - ballX: distance from the heel of the outline's most medial bulge where a scan's ballX may lie
 *   (`LANDMARK_RANGES.ballX`: 60–85 % of foot length; the first metatarsal head's bulge), the one
 *   nearest the heel when the big toe's joint bulges nearly as far (ballStation).
 */
import { bounds, computeLandmarks, DEVICE_DEFAULTS, edgeProfile, footFrameOutline, smoothOutline, SURFACE_RULES } from '../geometry/index.js';
import { resampleSole, sampleSole, type SoleGrid } from '../geometry/sole/index.js';
import { InputError } from '../errors.js';
import { LANDMARK_RANGES } from '../scan/crossCheck.js';
import type { Measurements, ScanOrientation, Side } from '../scan/types.js';

/** Where the arch's apex is looked for: engineering choices after the real scans' facts (apex 33–37 % FL, 10 mm inside the border). */
export const ARCH_SCAN_RULES = {
  /** The apex is the highest point of the sole this far inside the medial border, mm. */
  apexInsetMm: 10,
  /** ... where a scan's archApexX may lie (docs/clinical-basis.md [CB-navicular]): the reader never derives one validation refuses. */
  apexWindow: LANDMARK_RANGES.archApexX,
  /** The ball is the first metatarsal head: the outline's most medial bulge where a scan's ballX may lie ([CB-ball-line]) ... */
  ballWindow: LANDMARK_RANGES.ballX,
  /**
   * ... the bulge nearest the heel among those within this of the most medial bulge, mm: the big toe's
   * joint bulges medially too, nearly as far as the first metatarsal head (0.4–0.7 mm short on the
   * real right scan, clean and noisy), and a scanner's noise can tip the balance. Engineering
   * choice: about a scan's noise on the outline.
   */
  ballBulgeToleranceMm: 1,
  /** A bulge is a station at least as medial as every station within this of it, mm (engineering choice: the two bulges of the real right scan are 30 mm apart). */
  ballBulgeHalfWidthMm: 10,
  /** The ball is the middle of that bulge's crest: where the border stands within this of its most medial, mm (engineering choice: about a scan's noise on the outline). */
  ballCrestMm: 0.5,
} as const;

/**
 * The ball: in ARCH_SCAN_RULES.ballWindow, the outline's bulge nearest the heel among those within
 * ballBulgeToleranceMm of the most medial bulge, at the middle of its crest; the window's most
 * medial point when no bulge is in it (a border still widening past the window, or narrowing
 * all through it). Stations 0.5 mm apart; a bulge is a station at least as medial as every station
 * within ballBulgeHalfWidthMm of it, looked at beyond the window too (a border still narrowing as it
 * enters the window, from a wider midfoot, is no bulge there); its crest, the stations next to it
 * within ballCrestMm of it, up to ballBulgeHalfWidthMm either side (so a long flat crest's middle is
 * taken within 10 mm of where it starts, and two bulges closer than that, within 0.5 mm, are one).
 * @param medial the medial border's y and the width at x, or null off the foot (x outside [0, fl])
 * @param ms +1 when medial is +y (a right foot), −1 when it is −y
 */
export function ballStation(medial: (x: number) => [number, number] | null, fl: number, ms: number): number {
  const { ballWindow: [lo, hi], ballBulgeToleranceMm: tolerance, ballBulgeHalfWidthMm: half, ballCrestMm: crest } = ARCH_SCAN_RULES;
  const xs: number[] = [], out: number[] = [];
  for (let x = Math.ceil(lo * fl - half); x <= hi * fl + half; x += 0.5) {
    const m = medial(x);
    if (m) { xs.push(x); out.push(ms * m[0]); }
  }
  const reach = Math.round(half / 0.5);
  const bulges: number[] = [];
  let widest = -1;
  for (let n = 0; n < xs.length; n++) {
    if (xs[n]! < lo * fl || xs[n]! > hi * fl) continue;
    if (widest < 0 || out[n]! > out[widest]! + 1e-9) widest = n;
    let bulge = true;
    for (let d = Math.max(0, n - reach); d <= Math.min(xs.length - 1, n + reach) && bulge; d++) if (out[d]! > out[n]! + 1e-9) bulge = false;
    if (bulge) bulges.push(n);
  }
  if (widest < 0) return 0.74 * fl; // no station in the window: never, for an outline of that length
  if (!bulges.length) return xs[widest]!;
  const most = Math.max(...bulges.map((n) => out[n]!));
  const n = bulges.find((b) => out[b]! >= most - tolerance)!;
  // The middle of its crest (a flat crest's highest station is anywhere on it, moved by the
  // outline's every wobble), kept in the window.
  let a = n, b = n;
  while (a > Math.max(0, n - reach) && out[a - 1]! >= out[n]! - crest) a--;
  while (b < Math.min(xs.length - 1, n + reach) && out[b + 1]! >= out[n]! - crest) b++;
  return Math.min(hi * fl, Math.max(lo * fl, (xs[a]! + xs[b]!) / 2));
}

/** Rounds to 0.01 mm, as a JSON scan stores lengths. */
function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * The outline points and measurements of a scanned foot.
 * @param outline the plantar silhouette, intake frame, mm.
 * @param sole the sole the device follows, intake frame.
 */
export function measureScan(outline: Float64Array, sole: SoleGrid, side: Side): { outline: Array<[number, number]>; orientation: ScanOrientation; measurements: Measurements } {
  const points: Array<[number, number]> = [];
  let heel = 0;
  for (let i = 0; i < outline.length; i += 2) {
    points.push([r2(outline[i]!), r2(outline[i + 1]!)]);
    if (outline[i]! < outline[heel]!) heel = i;
  }
  // The intake told the heel from the 3D shape (the leg over it, the arch behind the middle): the
  // scan says so, so the outline is aligned that way whatever its shape alone suggests.
  const orientation: ScanOrientation = { heel: [r2(outline[heel]!), r2(outline[heel + 1]!)] };
  // In the foot frame the pipeline will use: the same outline, made and aligned the same way.
  const { xy, transform } = footFrameOutline(points, side, orientation);
  const [x0, y0, x1, y1] = bounds(xy);
  const foot = resampleSole(sole, transform.matrix, [x0 - 5, y0 - 5, x1 + 5, y1 + 5], sole.step);
  const fl = x1 - x0;
  const ms = side === 'right' ? 1 : -1;
  // The medial border and width as the device's surface sees them (its outline at the default
  // resolution, its edge profile), so the arch is measured where the device sets it.
  const device = smoothOutline(xy, DEVICE_DEFAULTS.resolutionMm);
  const edge = edgeProfile(device, ms, 0, bounds(device)[2]);
  const station = (values: Float64Array, x: number): number => {
    const f = Math.min(values.length - 1.000001, Math.max(0, (x - edge.x0) / edge.step));
    const j = Math.floor(f), t = f - j;
    return values[j]! * (1 - t) + values[j + 1]! * t;
  };
  const medial = (x: number): [number, number] | null => (x >= 0 && x <= fl ? [station(edge.medialY, x), station(edge.width, x)] : null);
  // The apex: the line's highest point, the stations 0.5 mm apart sampled at once.
  const stations: number[] = [], along: number[] = [];
  for (let x = Math.ceil(ARCH_SCAN_RULES.apexWindow[0] * fl); x <= ARCH_SCAN_RULES.apexWindow[1] * fl; x += 0.5) {
    const m = medial(x);
    if (m) { stations.push(x); along.push(x, m[0] - ms * ARCH_SCAN_RULES.apexInsetMm); }
  }
  const heights = sampleSole(foot, Float64Array.from(along));
  let apexX = 0.43 * fl, best = -Infinity;
  let at = -1;
  stations.forEach((x, n) => { if (heights[n]! > best + 1e-9) { best = heights[n]!; apexX = x; at = n; } });
  // Highest at the window's heel end: the line climbs the heel's side, not an arch (a noisy or
  // partial scan's border drawn too far out): no crest to build the arch on.
  if (at === 0 && stations.length > 1) {
    const [lo, hi] = ARCH_SCAN_RULES.apexWindow;
    throw new InputError([{
      pointer: '/measurements/archApexX',
      rule: `was measured from the 3D scan, and no crest of the arch was found: the sole ${ARCH_SCAN_RULES.apexInsetMm} mm inside the medial border is highest at the heel's end of where the apex is looked for (${lo * 100}–${hi * 100} % of the ${r2(fl)} mm length), still rising toward the heel (a noisy or partial scan?); scan the foot again, or give its outline and measurements in a JSON scan`,
      value: r2(apexX),
      source: 'scan',
    }]);
  }
  const ballX = ballStation(medial, fl, ms);
  const lm = computeLandmarks(xy, side, { archApexX: apexX, ballX });
  const m = medial(apexX)!;
  const [hx, hy] = lm.heelCentre;
  const [atApex, atHeel] = sampleSole(foot, Float64Array.of(apexX, m[0] - ms * SURFACE_RULES.archMeasureAcross * m[1], hx, hy)) as unknown as [number, number];
  const archHeight = atApex - atHeel;
  return {
    outline: points,
    orientation,
    measurements: {
      archHeight: r2(Math.max(0, archHeight)),
      archApexX: r2(apexX),
      ballX: r2(ballX),
      footLength: r2(lm.footLengthMm),
      ballWidth: r2(lm.ballWidthMm),
      heelWidth: r2(lm.heelWidthMm),
    },
  };
}
