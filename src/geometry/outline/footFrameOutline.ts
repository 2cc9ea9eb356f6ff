import { alignOutline, type Orientation } from './align.js';
import { bridgeFootprintArch } from './bridgeArch.js';
import { prepareOutline } from './prepareOutline.js';
import { roundSparseHeel } from './roundSparseHeel.js';

export type FootFrameOutline = ReturnType<typeof makeFootFrameOutline>;

/** The last outline made and what it was made from: a 3D scan's outline is made twice, by its measuring and by the build. */
let last: { points: Float64Array; side: 'left' | 'right'; orientation: string; result: FootFrameOutline } | null = null;

/**
 * A scan's outline points made into the foot-frame outline a device is built on: read, cleaned,
 * made a curve or smoothed as they need (prepareOutline), aligned (heel at x = 0, toes toward +x),
 * a sparse curve's heel rounded, a footprint's arch hollow bridged. The one path every outline
 * takes (a JSON scan's, a 3D scan's silhouette).
 *
 * The same points, side and orientation as the call before give that call's result again, the same
 * objects (read them, do not change them): a 3D scan's outline is measured in this frame
 * (measureScan) and then built on, and making it costs ~10 ms a time.
 */
export function footFrameOutline(points: ReadonlyArray<readonly number[]>, side: 'left' | 'right', orientation?: Orientation): FootFrameOutline {
  const flat = new Float64Array(2 * points.length);
  for (let i = 0; i < points.length; i++) { flat[2 * i] = points[i]![0] ?? NaN; flat[2 * i + 1] = points[i]![1] ?? NaN; }
  const key = JSON.stringify(orientation ?? null);
  if (last && last.side === side && last.orientation === key && sameNumbers(last.points, flat) && allPairs(points)) return last.result;
  const result = makeFootFrameOutline(points, side, orientation);
  last = { points: flat, side, orientation: key, result };
  return result;
}

function makeFootFrameOutline(points: ReadonlyArray<readonly number[]>, side: 'left' | 'right', orientation?: Orientation) {
  const prepared = prepareOutline(points);
  const aligned = alignOutline(prepared.xy, { side, orientation });
  // A curve through sparse points cuts across the heel between the few points that draw it.
  const heel = prepared.made === 'curve' ? roundSparseHeel(aligned.xy) : { xy: aligned.xy, movedMm: 0 };
  const footprint = bridgeFootprintArch(heel.xy, side === 'right' ? 1 : -1);
  return { prepared, transform: aligned.transform, decision: aligned.decision, heel, footprint, xy: footprint.xy };
}

/** The same numbers, bit for bit (NaN equal to NaN, -0 not equal to 0). */
function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Whether every point is an [x, y] pair. */
function allPairs(points: ReadonlyArray<readonly number[]>): boolean {
  for (let i = 0; i < points.length; i++) if (points[i]!.length !== 2) return false;
  return true;
}
