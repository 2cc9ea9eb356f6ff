/**
 * Reads back what a milled part's map draws (renderMillMapSvg): the cells of an overlay group,
 * measured from the SVG text itself, in the blank's frame.
 */

/** One drawn rectangle, blank frame, mm. */
export interface DrawnCell { x0: number; y0: number; x1: number; y1: number }

/**
 * The rectangles of the group `<g id="{id}" ... transform="matrix(a 0 0 d e f)">` mapped to the
 * page, then to the blank frame (page u = planLeft + x, v = planTop + W − y: `blank` rect gives them).
 * Every subpath must be `M x y h w v h' h z`, the only shape the map draws cells with.
 */
export function drawnCells(svg: string, id: string): { cells: DrawnCell[]; areaMm2: number; dataAreaMm2: number } {
  const group = new RegExp(`<g id="${id}" data-area-mm2="([\\d.]+)"[^>]*transform="matrix\\(([-\\d. ]+)\\)">(.*?)</g>`).exec(svg);
  if (!group) throw new Error(`no <g id="${id}"> with a transform in the map`);
  const [a, b, c, d, e, f] = group[2]!.split(' ').map(Number) as [number, number, number, number, number, number];
  if (b !== 0 || c !== 0) throw new Error(`unexpected transform ${group[2]}`);
  const blank = /<rect id="blank" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!blank) throw new Error('no blank in the map');
  const [bu, bv, , bh] = blank.slice(1).map(Number) as [number, number, number, number];
  const toX = (u: number) => u - bu, toY = (v: number) => bv + bh - v;
  const cells: DrawnCell[] = [];
  let areaMm2 = 0;
  const paths = [...group[3]!.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]!);
  for (const dpath of paths) {
    const rest = dpath.replace(/M(-?\d+) (-?\d+)h(\d+)v(\d+)h(-\d+)z/g, (_, x, y, w, h, back) => {
      if (Number(back) !== -Number(w)) throw new Error(`a cell that does not close: ${_}`);
      const u0 = a * Number(x) + e, u1 = a * (Number(x) + Number(w)) + e;
      const v0 = d * Number(y) + f, v1 = d * (Number(y) + Number(h)) + f;
      const cell = { x0: toX(Math.min(u0, u1)), x1: toX(Math.max(u0, u1)), y0: toY(Math.max(v0, v1)), y1: toY(Math.min(v0, v1)) };
      cells.push(cell);
      areaMm2 += (cell.x1 - cell.x0) * (cell.y1 - cell.y0);
      return '';
    });
    if (rest !== '') throw new Error(`path data the map does not draw cells with: ${rest.slice(0, 80)}`);
  }
  return { cells, areaMm2, dataAreaMm2: Number(group[1]) };
}

/** Whether (x, y) lies inside a closed polygon `[x0, y0, x1, y1, ...]` (even-odd). */
export function insidePolygon(xy: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = xy.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xy[2 * i]!, yi = xy[2 * i + 1]!, xj = xy[2 * j]!, yj = xy[2 * j + 1]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The device (or trim) outline the map draws, `<path id="outline" d="M..L.. ..Z">`, in the blank frame. */
export function drawnOutline(svg: string): number[] {
  const m = /<path id="outline"[^>]* d="M([^"]*)Z"/.exec(svg);
  const blank = /<rect id="blank" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m || !blank) throw new Error('no outline or blank in the map');
  const [bu, bv, , bh] = blank.slice(1).map(Number) as [number, number, number, number];
  const nums = m[1]!.replace(/L/g, ' ').replace(/-/g, ' -').trim().split(/\s+/).map(Number);
  const out: number[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push(nums[i]! - bu, bv + bh - nums[i + 1]!);
  return out;
}
