/**
 * The preset views of the 3D viewer. Shared by the page writer and the page; pure.
 */
import type { ViewName } from './viewerTypes.js';

/** Degrees the side views look down from the horizontal (a little of the top surface shows). */
export const SIDE_VIEW_ELEVATION_DEG = 10;

/**
 * The direction from the view's target toward the camera, a unit vector in the foot frame (x heel
 * to toe, y to the foot's left, z up). The camera's up is always +z; top and plantar views sit a
 * hair behind / ahead of the vertical so that the toes point up the screen (and, seen from above,
 * the left foot is on the left).
 *
 * @param medialSign +1 when medial is +y (right foot), -1 for a left foot; ignored by the
 *   views that do not depend on the side.
 * @param several whether several devices are shown (the home view then looks from behind them all).
 */
export function viewDirection(view: ViewName, medialSign: 1 | -1, several = false): [number, number, number] {
  const e = (SIDE_VIEW_ELEVATION_DEG * Math.PI) / 180;
  const hair = 1e-3;
  switch (view) {
    case 'top': return unit(-hair, 0, 1);
    case 'plantar': return unit(hair, 0, -1);
    case 'medial': return unit(0, medialSign * Math.cos(e), Math.sin(e));
    case 'lateral': return unit(0, -medialSign * Math.cos(e), Math.sin(e));
    case 'posterior': return unit(-Math.cos(e), 0, Math.sin(e));
    case 'home': return several ? unit(-1, 0, 0.75) : unit(-0.55, 0.8 * medialSign, 0.6);
  }
}

function unit(x: number, y: number, z: number): [number, number, number] {
  const l = Math.hypot(x, y, z);
  return [x / l, y / l, z / l];
}
