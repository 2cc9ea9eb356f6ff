import { GeometryError } from '../../errors.js';
import { degrees } from '../math/index.js';
import { bounds, counterClockwise, verticalExtent } from './polygon.js';

/** The rigid transform that took the outline from the scanner's frame into the foot frame. */
export interface AlignTransform {
  /** Rotation applied about the scanner origin, degrees, counter-clockwise positive, in (-180, 180]. */
  rotationDeg: number;
  /** Translation applied after the rotation, mm. */
  translationMm: [number, number];
  /** Row-major 3×3 homogeneous matrix: [x', y', 1] = M · [x, y, 1]. */
  matrix: [number, number, number, number, number, number, number, number, number];
  /** Whether the scanner's winding was clockwise (the aligned outline is always counter-clockwise). */
  inputClockwise: boolean;
}

/** Ratio of end widths above which the heel cannot be told from the toes. */
export const HEEL_TOE_AMBIGUITY = 0.97;

function endWidthSum(xy: Float64Array, from: number, to: number): number {
  let sum = 0;
  const steps = 20;
  for (let k = 0; k <= steps; k++) {
    const e = verticalExtent(xy, from + ((to - from) * k) / steps);
    if (e) sum += e[1] - e[0];
  }
  return sum;
}

/**
 * Aligns an outline into the foot frame: x along the long axis (principal axis of the area), the
 * narrower end (the heel) at x = 0, toes toward +x, the heel's centre line at y = 0, counter-clockwise.
 *
 * @param xy clean closed outline in the scanner's frame (see cleanOutline), mm.
 * @returns the aligned outline and the transform applied.
 * @throws GeometryError when the two ends are too alike to tell the heel from the toes.
 */
export function alignOutline(xy: Float64Array): { xy: Float64Array; transform: AlignTransform } {
  const n = xy.length >> 1;
  // Centre on the vertex mean first so the moment sums stay well conditioned far from the origin.
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xy[2 * i]!; my += xy[2 * i + 1]!; }
  mx /= n; my /= n;
  let a2 = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const x0 = xy[2 * j]! - mx, y0 = xy[2 * j + 1]! - my, x1 = xy[2 * i]! - mx, y1 = xy[2 * i + 1]! - my;
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
    sxx += (x0 * x0 + x0 * x1 + x1 * x1) * c;
    syy += (y0 * y0 + y0 * y1 + y1 * y1) * c;
    sxy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c;
  }
  const area = a2 / 2;
  const cx = sx / (6 * area), cy = sy / (6 * area);
  const cxx = sxx / (12 * area) - cx * cx;
  const cyy = syy / (12 * area) - cy * cy;
  const cxy = sxy / (24 * area) - cx * cy;
  let phi = 0.5 * Math.atan2(2 * cxy, cxx - cyy); // direction of the major axis
  const rotate = (angle: number): Float64Array => {
    const c = Math.cos(-angle), s = Math.sin(-angle);
    const out = new Float64Array(xy.length);
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i]! - mx - cx, y = xy[2 * i + 1]! - my - cy;
      out[2 * i] = c * x - s * y;
      out[2 * i + 1] = s * x + c * y;
    }
    return out;
  };
  let r = rotate(phi);
  let [x0, , x1] = bounds(r);
  const len = x1 - x0;
  const low = endWidthSum(r, x0 + 0.05 * len, x0 + 0.25 * len);
  const high = endWidthSum(r, x1 - 0.25 * len, x1 - 0.05 * len);
  if (Math.min(low, high) / Math.max(low, high) > HEEL_TOE_AMBIGUITY) {
    throw new GeometryError([{
      pointer: '/outline',
      rule: 'must be a foot outline: its two ends are equally wide, so the heel cannot be told from the toes',
      value: `end widths ${+(low / 21).toFixed(1)} and ${+(high / 21).toFixed(1)} mm`,
    }]);
  }
  if (low > high) {
    phi += Math.PI;
    r = rotate(phi);
    [x0, , x1] = bounds(r);
  }
  const centre = verticalExtent(r, x0 + 0.1 * (x1 - x0));
  const y0 = centre ? (centre[0] + centre[1]) / 2 : 0;
  const tx = -x0, ty = -y0;
  for (let i = 0; i < n; i++) {
    r[2 * i] = r[2 * i]! + tx;
    r[2 * i + 1] = r[2 * i + 1]! + ty;
  }
  // Compose: p' = R (p - m - c) + t  =>  M = [R | t - R (m + c)].
  const c = Math.cos(-phi), s = Math.sin(-phi);
  const ox = mx + cx, oy = my + cy;
  const transform: AlignTransform = {
    rotationDeg: normaliseDeg(degrees(-phi)),
    translationMm: [tx - (c * ox - s * oy), ty - (s * ox + c * oy)],
    matrix: [c, -s, tx - (c * ox - s * oy), s, c, ty - (s * ox + c * oy), 0, 0, 1],
    inputClockwise: area < 0,
  };
  return { xy: counterClockwise(r), transform };
}

function normaliseDeg(d: number): number {
  let v = d % 360;
  if (v <= -180) v += 360;
  if (v > 180) v -= 360;
  return v;
}
