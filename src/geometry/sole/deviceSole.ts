import { cellsAtLeast, extendOutward, insideDistance, polygonMask } from './footprint.js';
import type { DeviceSole, SoleGrid } from './soleGrid.js';

/**
 * A sole ready for the surface kernel: the heights, and caps that stop the sole's rise up the
 * foot's side at the border. Each cap is the sole's height `insetMm` inside the outline, carried out
 * to the border (the nearest such cell's), so the device follows the plantar surface, not the side
 * of the foot; the kernel lets the sole rise above its cap only as high as a wall the prescription
 * asks for there (the heel cup hugs the scanned heel up to its rim). `archHeightMm` is the scan's
 * measured arch height, which arch raises are made from.
 */
export function deviceSole(g: SoleGrid, outline: Float64Array, insetMm: number, archHeightMm: number): DeviceSole {
  const keep = cellsAtLeast(insideDistance(polygonMask(outline, g), g), insetMm);
  const caps = g.heights.slice();
  extendOutward(caps, keep, g);
  return { ...g, caps, archHeightMm };
}
