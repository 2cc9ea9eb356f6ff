// The uniform grid of a closed polyline's edges (src/geometry/outline/segmentGrid.ts's buildSegmentGrid),
// shared by the lattice kernel and the solid check's loop test.
import { f64At, i32At, setI32 } from './memory';

/**
 * Buckets every edge of the closed polyline xy (n points, f64 pairs; edge i from point i to i + 1)
 * into the cells its bounding box touches. First pass (items 0): counts edges per cell into
 * counter[c + 1]. Second pass: writes edge indices at counter[c], advancing it.
 */
export function bucketSegments(xy: usize, n: i32, x0: f64, y0: f64, cell: f64, gw: i32, counter: usize, items: usize): void {
  for (let i = 0; i < n; i++) {
    const k = (i + 1) % n;
    const ax = f64At(xy, 2 * i), ay = f64At(xy, 2 * i + 1), bx = f64At(xy, 2 * k), by = f64At(xy, 2 * k + 1);
    const cx0 = <i32>Math.floor((Math.min(ax, bx) - x0) / cell), cx1 = <i32>Math.floor((Math.max(ax, bx) - x0) / cell);
    const cy0 = <i32>Math.floor((Math.min(ay, by) - y0) / cell), cy1 = <i32>Math.floor((Math.max(ay, by) - y0) / cell);
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * gw + cx;
        if (items) {
          const slot = i32At(counter, c);
          setI32(items, slot, i);
          setI32(counter, c, slot + 1);
        } else setI32(counter, c + 1, i32At(counter, c + 1) + 1);
      }
    }
  }
}
