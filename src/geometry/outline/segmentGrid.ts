/**
 * A uniform grid of a closed polyline's edges for nearest-edge queries (CSR buckets in typed arrays).
 * Edge i runs from point i to point i+1 (mod n).
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
  /** Chessboard distance, in cells, from each cell to the nearest cell holding an edge (capped at 65535). */
  cellDistance: Uint16Array;
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
  return { xy, n, x0, y0, cell, gw, gh, start, items, cellDistance: chessboardDistance(start, gw, gh) };
}

/** Two-pass chessboard distance transform of the occupied cells. */
function chessboardDistance(start: Int32Array, gw: number, gh: number): Uint16Array {
  const d = new Uint16Array(gw * gh).fill(65535);
  for (let c = 0; c < gw * gh; c++) if (start[c + 1]! > start[c]!) d[c] = 0;
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const c = y * gw + x;
      let v = d[c]!;
      if (x > 0) v = Math.min(v, d[c - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[c - gw]! + 1);
        if (x > 0) v = Math.min(v, d[c - gw - 1]! + 1);
        if (x + 1 < gw) v = Math.min(v, d[c - gw + 1]! + 1);
      }
      d[c] = v;
    }
  }
  for (let y = gh - 1; y >= 0; y--) {
    for (let x = gw - 1; x >= 0; x--) {
      const c = y * gw + x;
      let v = d[c]!;
      if (x + 1 < gw) v = Math.min(v, d[c + 1]! + 1);
      if (y + 1 < gh) {
        v = Math.min(v, d[c + gw]! + 1);
        if (x + 1 < gw) v = Math.min(v, d[c + gw + 1]! + 1);
        if (x > 0) v = Math.min(v, d[c + gw - 1]! + 1);
      }
      d[c] = v;
    }
  }
  return d;
}

/** Exact distance from (px, py) to edge i, mm. */
export function edgeDistance(g: SegmentGrid, i: number, px: number, py: number): number {
  return Math.sqrt(edgeDistance2(g, i, px, py));
}

/** Squared distance from (px, py) to edge i, mm². */
function edgeDistance2(g: SegmentGrid, i: number, px: number, py: number): number {
  const { xy, n } = g;
  const k = i + 1 === n ? 0 : i + 1;
  const ax = xy[2 * i]!, ay = xy[2 * i + 1]!;
  const ex = xy[2 * k]! - ax, ey = xy[2 * k + 1]! - ay;
  const len2 = ex * ex + ey * ey;
  let t = len2 > 0 ? ((px - ax) * ex + (py - ay) * ey) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = ax + t * ex - px, dy = ay + t * ey - py;
  return dx * dx + dy * dy;
}

/** Result slots of nearestEdge (reused; no allocation per query). */
export interface NearestResult {
  distance: number;
  edge: number;
}

/**
 * Distance from (px, py) to the nearest edge within `radius` mm; `out.distance` is Infinity and
 * `out.edge` -1 when no edge is that close.
 */
export function nearestEdge(g: SegmentGrid, px: number, py: number, radius: number, out: NearestResult): void {
  const { x0, y0, cell, gw, gh, start, items } = g;
  // Far from every edge (by the cells' distance transform): nothing to search.
  const qx = Math.floor((px - x0) / cell), qy = Math.floor((py - y0) / cell);
  if (qx >= 0 && qy >= 0 && qx < gw && qy < gh && (g.cellDistance[qy * gw + qx]! - 1) * cell > radius) {
    out.edge = -1;
    out.distance = Infinity;
    return;
  }
  const cx0 = Math.max(0, Math.floor((px - radius - x0) / cell)), cx1 = Math.min(gw - 1, Math.floor((px + radius - x0) / cell));
  const cy0 = Math.max(0, Math.floor((py - radius - y0) / cell)), cy1 = Math.min(gh - 1, Math.floor((py + radius - y0) / cell));
  let best = radius * radius, bestEdge = -1;
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * gw + cx;
      for (let a = start[c]!, end = start[c + 1]!; a < end; a++) {
        const i = items[a]!;
        const d2 = edgeDistance2(g, i, px, py);
        if (d2 < best) { best = d2; bestEdge = i; }
      }
    }
  }
  out.edge = bestEdge;
  out.distance = bestEdge < 0 ? Infinity : Math.sqrt(best);
}
