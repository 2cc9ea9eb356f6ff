import { alignOutline, type Orientation } from './align.js';
import { bridgeFootprintArch } from './bridgeArch.js';
import { prepareOutline } from './prepareOutline.js';
import { roundSparseHeel } from './roundSparseHeel.js';

/**
 * A scan's outline points made into the foot-frame outline a device is built on: read, cleaned,
 * made a curve or smoothed as they need (prepareOutline), aligned (heel at x = 0, toes toward +x),
 * a sparse curve's heel rounded, a footprint's arch hollow bridged. The one path every outline
 * takes (a JSON scan's, a 3D scan's silhouette).
 */
export function footFrameOutline(points: ReadonlyArray<readonly number[]>, side: 'left' | 'right', orientation?: Orientation) {
  const prepared = prepareOutline(points);
  const aligned = alignOutline(prepared.xy, { side, orientation });
  // A curve through sparse points cuts across the heel between the few points that draw it.
  const heel = prepared.made === 'curve' ? roundSparseHeel(aligned.xy) : { xy: aligned.xy, movedMm: 0 };
  const footprint = bridgeFootprintArch(heel.xy, side === 'right' ? 1 : -1);
  return { prepared, transform: aligned.transform, decision: aligned.decision, heel, footprint, xy: footprint.xy };
}
