/**
 * Synthetic foot scans' outlines, for examples, tests and benchmarks: a foot shape of given sizes
 * (src/geometry/outline/footShape.ts) as a scanner might hand it over, in its own frame (rotated,
 * offset), either winding, open or closed.
 */
import { FOOT_SHAPE_DEFAULTS, footShape, reverseAfterFirst, type FootShapeOptions } from '../geometry/outline/footShape.js';

/** Options of {@link syntheticFootOutline}. Lengths in mm, angles in degrees. */
export interface SyntheticFootOutlineOptions extends FootShapeOptions {
  /** Rotation about the origin applied after building the outline in the foot frame, degrees, counter-clockwise. */
  rotationDeg?: number;
  /** Translation applied after the rotation, mm. */
  offset?: [number, number];
  /** Winding of the returned polygon (in a y-up frame). Default counter-clockwise. */
  clockwise?: boolean;
  /** Repeat the first point at the end. */
  closed?: boolean;
}

/** Defaults of the optional fields of {@link SyntheticFootOutlineOptions}. */
export const SYNTHETIC_FOOT_OUTLINE_DEFAULTS = {
  ...FOOT_SHAPE_DEFAULTS,
  rotationDeg: 0,
  offset: [0, 0] as readonly [number, number],
  clockwise: false,
  closed: false,
} as const;

/**
 * A plantar foot outline of the given sizes in a scanner's frame (see footShape for the shape:
 * heel at x = 0 and hallux tip at x = footLength before `rotationDeg` and `offset`, x the principal
 * axis of the area).
 * @returns the outline's points `[x, y]` in mm, `points` of them (+1 when `closed`).
 * @throws RangeError as footShape, and when `rotationDeg` or `offset` is not finite.
 */
export function syntheticFootOutline(opts: SyntheticFootOutlineOptions): Array<[number, number]> {
  const rotationDeg = opts.rotationDeg ?? SYNTHETIC_FOOT_OUTLINE_DEFAULTS.rotationDeg;
  const [ox, oy] = opts.offset ?? SYNTHETIC_FOOT_OUTLINE_DEFAULTS.offset;
  if (!Number.isFinite(rotationDeg)) throw new RangeError(`rotationDeg must be finite, got ${rotationDeg}`);
  if (!Number.isFinite(ox) || !Number.isFinite(oy)) throw new RangeError('offset must be finite');
  const pts = footShape(opts);
  if (opts.clockwise) reverseAfterFirst(pts);
  const a = (rotationDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const out: Array<[number, number]> = pts.map(([x, y]) => (rotationDeg === 0 ? [x + ox, y + oy] : [x * c - y * s + ox, x * s + y * c + oy]));
  if (opts.closed) out.push([out[0]![0], out[0]![1]]);
  return out;
}
