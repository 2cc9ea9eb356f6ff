import type { FootScan, Side } from './types.js';

/** The other foot. */
export function otherSide(side: Side): Side {
  return side === 'left' ? 'right' : 'left';
}

const reflect = ([x, y]: readonly [number, number]): [number, number] => [x === 0 ? 0 : -x, y];

/**
 * The scan of the other foot when only one was scanned: the outline reflected in the scanner's
 * y axis (x → −x), so is a given orientation, and the side swapped. Measurements are heights and distances along the foot's
 * long axis, so they carry over unchanged; so does the prescription, whose wedges are named
 * medial/lateral and varus/valgus rather than by direction. The id is kept.
 */
export function mirrorScan(scan: FootScan): FootScan {
  return {
    ...scan,
    side: otherSide(scan.side),
    outline: scan.outline.map(reflect),
    ...(scan.orientation ? { orientation: { heel: reflect(scan.orientation.heel), ...(scan.orientation.toe ? { toe: reflect(scan.orientation.toe) } : {}) } } : {}),
  };
}
