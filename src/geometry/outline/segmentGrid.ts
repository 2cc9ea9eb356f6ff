/**
 * A uniform grid of a closed polyline's edges (CSR buckets in typed arrays), for the outline's
 * self-intersection test and the offset's loop guard (offsetClosed). Edge i runs from point i to
 * point i+1 (mod n). (The lattice's nearest-edge queries run in the domain kernel,
 * assembly/segmentGrid.ts.)
 */
export interface SegmentGrid {
  xy: Float64Array;
  n: number;
  x0: number;
  y0: number;
  cell: number;
  gw: number;
  gh: number;
  start: Int32Array;
  items: Int32Array;
}

/** Buckets every edge of a closed polyline into the cells its bounding box touches (cell ≥ `cell` mm). */
export function buildSegmentGrid(xy: Float64Array, cell: number): SegmentGrid {
  const n = xy.length >> 1;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, xy[2 * i]!); x1 = Math.max(x1, xy[2 * i]!);
    y0 = Math.min(y0, xy[2 * i + 1]!); y1 = Math.max(y1, xy[2 * i + 1]!);
  }
  cell = Math.max(cell, (x1 - x0) / 2048, (y1 - y0) / 2048); // at most ~4M cells, whatever the spacing
  x0 -= cell; y0 -= cell;
  const gw = Math.ceil((x1 - x0) / cell) + 2, gh = Math.ceil((y1 - y0) / cell) + 2;
  const start = new Int32Array(gw * gh + 1);
  const each = (fn: (c: number, e: number) => void) => {
    for (let i = 0; i < n; i++) {
      const k = (i + 1) % n;
      const ax = xy[2 * i]!, ay = xy[2 * i + 1]!, bx = xy[2 * k]!, by = xy[2 * k + 1]!;
      const cx0 = Math.floor((Math.min(ax, bx) - x0) / cell), cx1 = Math.floor((Math.max(ax, bx) - x0) / cell);
      const cy0 = Math.floor((Math.min(ay, by) - y0) / cell), cy1 = Math.floor((Math.max(ay, by) - y0) / cell);
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * gw + cx, i);
    }
  };
  each((c) => start[c + 1]!++);
  for (let c = 0; c < gw * gh; c++) start[c + 1]! += start[c]!;
  const items = new Int32Array(start[gw * gh]!);
  const cursor = start.slice(0, gw * gh);
  each((c, e) => { items[cursor[c]!++] = e; });
  return { xy, n, x0, y0, cell, gw, gh, start, items };
}
