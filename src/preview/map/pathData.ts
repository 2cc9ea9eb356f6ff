/**
 * Compact SVG path data for the top-view map's contours, bands and outlines.
 */

/**
 * SVG path data for polylines `[x0, y0, x1, y1, ...]`, coordinates rounded to 0.1 (mm), repeated
 * points dropped, each subpath closed with `Z` when `close` is set. With `toleranceMm`, points
 * closer than that to the line through the points kept around them are left out first
 * (Douglas–Peucker): 0.05 mm, half the rounding, keeps the drawing while a 0.25 mm mesh's contours
 * shrink to the size of a 1 mm mesh's.
 */
export function pathData(lines: readonly ArrayLike<number>[], close: boolean, toleranceMm = 0): string {
  const parts: string[] = [];
  for (const line of lines) {
    const xy = toleranceMm > 0 ? simplify(line, toleranceMm) : line;
    let s = '', px = NaN, py = NaN, n = 0;
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const x = Math.round(xy[i]! * 10), y = Math.round(xy[i + 1]! * 10);
      if (x === px && y === py) continue;
      s += (n === 0 ? 'M' : n === 1 ? 'L' : ' ') + num10(x) + (y < 0 ? '' : ' ') + num10(y);
      px = x; py = y; n++;
    }
    if (n >= 2) parts.push(close ? `${s}Z` : s);
  }
  return parts.join('');
}

/** Douglas–Peucker on a polyline `[x0, y0, ...]` (first and last points always kept). */
function simplify(xy: ArrayLike<number>, tol: number): ArrayLike<number> {
  const n = xy.length >> 1;
  if (n <= 2) return xy;
  const keep = new Uint8Array(n);
  keep[0] = 1; keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  while (stack.length) {
    const b = stack.pop()!, a = stack.pop()!;
    const ax = xy[2 * a]!, ay = xy[2 * a + 1]!, dx = xy[2 * b]! - ax, dy = xy[2 * b + 1]! - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1, at = -1;
    for (let i = a + 1; i < b; i++) {
      const ex = xy[2 * i]! - ax, ey = xy[2 * i + 1]! - ay;
      const d = len > 0 ? Math.abs(ex * dy - ey * dx) / len : Math.hypot(ex, ey);
      if (d > worst) { worst = d; at = i; }
    }
    if (worst > tol) { keep[at] = 1; stack.push(a, at, at, b); }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(xy[2 * i]!, xy[2 * i + 1]!);
  return out;
}

/** A coordinate given in tenths, as a short decimal ("12.3", "-4", ".5" is avoided for clarity). */
function num10(t: number): string {
  if (t === 0) return '0';
  const neg = t < 0, a = Math.abs(t);
  const s = a % 10 === 0 ? String(a / 10) : `${Math.floor(a / 10)}.${a % 10}`;
  return neg ? `-${s}` : s;
}
