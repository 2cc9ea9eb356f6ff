/**
 * Reading a build's guides (the device outline, landmarks and lines a preview draws) on the test
 * side, to place probes where a modification should be.
 */
import type { DeviceGuides } from '../../src/index.js';

/** The device outline's medial and lateral y at x (from the guides' polygon), and its width there. */
export function edgesAt(g: DeviceGuides, x: number): { medial: number; lateral: number; width: number } {
  const ys: number[] = [];
  const pts = g.deviceOutline;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i]!, [x1, y1] = pts[(i + 1) % pts.length]!;
    if ((x0 <= x && x1 > x) || (x1 <= x && x0 > x)) ys.push(y0 + ((x - x0) / (x1 - x0)) * (y1 - y0));
  }
  const lo = Math.min(...ys), hi = Math.max(...ys);
  const [medial, lateral] = g.medialSign > 0 ? [hi, lo] : [lo, hi];
  return { medial, lateral, width: hi - lo };
}
