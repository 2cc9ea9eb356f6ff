/** Where to put the camera so that a box fills the view. */
import { Vector3, type Box3, type PerspectiveCamera } from 'three';

const UP = new Vector3(0, 0, 1);

/** Fractions of the view kept clear on each side (the toolbar is on top, the legend at the bottom). */
export interface ViewInsets { top: number; bottom: number; left: number; right: number }

/**
 * The camera position that looks along -`direction` at `box` and just fits it into the view less
 * `insets`, centred in what is left.
 *
 * @param direction unit vector from the target toward the camera (foot frame).
 * @returns the orbit target (the box's centre, moved so that the box sits in the clear area) and the camera position.
 */
export function frameView(camera: PerspectiveCamera, box: Box3, direction: readonly [number, number, number], insets: ViewInsets): { target: Vector3; position: Vector3 } {
  const centre = box.getCenter(new Vector3());
  const back = new Vector3(...direction).normalize();
  const forward = back.clone().negate();
  const right = new Vector3().crossVectors(forward, UP).normalize();
  const up = new Vector3().crossVectors(right, forward).normalize();
  const tanV = Math.tan((camera.fov * Math.PI) / 360);
  const tanH = tanV * camera.aspect;
  const clearV = tanV * (1 - insets.top - insets.bottom), clearH = tanH * (1 - insets.left - insets.right);
  let distance = 0;
  const corner = new Vector3();
  for (let i = 0; i < 8; i++) {
    corner.set(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z).sub(centre);
    const depth = corner.dot(back);
    distance = Math.max(distance, depth + Math.abs(corner.dot(right)) / clearH, depth + Math.abs(corner.dot(up)) / clearV);
  }
  // Shift the view so that the box's centre lands in the middle of the clear area, not of the canvas.
  const shiftUp = (insets.top - insets.bottom) * tanV * distance;
  const shiftRight = (insets.right - insets.left) * tanH * distance;
  const target = centre.clone().addScaledVector(up, shiftUp).addScaledVector(right, shiftRight);
  return { target, position: target.clone().addScaledVector(back, distance) };
}
