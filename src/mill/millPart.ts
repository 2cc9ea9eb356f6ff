import { GeometryError } from '../errors.js';
import type { Mesh } from '../geometry/index.js';
import { castSolid } from './castSolid.js';
import { gridOver } from './heightGrid.js';
import { draftedDevice, type DeviceLayout } from './millDevice.js';
import type { MillWindow } from './millGcode.js';
import { ballReach, polygonMask, type Reach } from './reach.js';
import type { Blank, MillOptions, MillTarget } from './types.js';
import { undercutFromAbove, type Undercut } from './undercut.js';

/** Grid spacing of the undercut and reach checks, mm (engineering choice: half the build's 1 mm mesh finds a feature 1 mm across; 0.25 mm costs 4× the time, ~15 s for a cast). */
export const CHECK_STEP_MM = 0.5;

/** A part placed in its blank, ready for CAM or for the toolpaths. */
export interface MilledPart {
  target: MillTarget;
  /** The part, in the blank's frame: origin at the blank's corner on its bottom face, x along its length, mm. */
  mesh: Mesh;
  blank: Blank;
  /** Where the part's frame came from: foot frame + (dx, dy) for a device; for a cast, see `cast.frame`. */
  offsetMm: [number, number];
  /** The part's size, mm. */
  sizeMm: [number, number, number];
  /** The trim line (a cast's: the device's outline), blank frame, CCW, mm. */
  trimLine: Float64Array | null;
  /** Where the finishing ball's axis goes. */
  window: MillWindow;
  /** Undercuts from above: of the part as milled (0 by construction, checked), and of the device as built for printing. */
  undercut: { milledMm2: number; designMm2: number };
  /** Where the part as milled has an undercut (its mask, on its own grid; `areaMm2` is `undercut.milledMm2`). */
  undercutMilled: Undercut;
  /** The region the ball's reach is judged in, blank frame, CCW, mm: the device's outline, or the cast's trim line. */
  outline: Float64Array;
  /** Where the finishing ball cannot reach the design (on the device's top, or the cast's surface). */
  reach: Reach;
}

/**
 * Makes the part to mill from a built device and places it in the smallest of the lab's blanks
 * it fits: the device itself (filled, drafted walls, flat base), or its positive cast.
 *
 * @param device the built device (foot frame, mm) and its layout; a device to mill must be of
 *   filled construction (its underside flat on the floor)
 * @throws GeometryError naming the part's size when no blank fits it, or a device that cannot stand on a flat base
 */
export function millPart(device: { mesh: Mesh; layout: DeviceLayout }, options: MillOptions): MilledPart {
  const designUndercut = undercutFromAbove(device.mesh, CHECK_STEP_MM).areaMm2;
  const { layout } = device;
  const p = device.mesh.positions, nb = layout.boundaryCount;
  const outline = new Float64Array(2 * nb);
  for (let i = 0; i < nb; i++) { outline[2 * i] = p[3 * i]!; outline[2 * i + 1] = p[3 * i + 1]!; }
  const R = options.finishing.diameterMm / 2;
  if (options.target === 'cast') {
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity, zTop = -Infinity, zLow = Infinity;
    for (let i = 0; i < nb; i++) {
      bx0 = Math.min(bx0, outline[2 * i]!); bx1 = Math.max(bx1, outline[2 * i]!);
      by0 = Math.min(by0, outline[2 * i + 1]!); by1 = Math.max(by1, outline[2 * i + 1]!);
    }
    for (let i = 0; i < layout.topCount; i++) { zTop = Math.max(zTop, p[3 * i + 2]!); zLow = Math.min(zLow, p[3 * i + 2]!); }
    const m = options.castMarginMm;
    const need: [number, number, number] = [bx1 - bx0 + 2 * m, by1 - by0 + 2 * m, options.castBaseMm + zTop - zLow];
    const blank = chooseBlank(options.blanks, need, 0, 'cast');
    const cast = castSolid(device.mesh, layout, { lengthMm: blank.lengthMm, widthMm: blank.widthMm }, options.castBaseMm, options.castStepMm);
    const g = { x0: 0, y0: 0, step: CHECK_STEP_MM, nx: Math.floor(cast.sizeMm[0] / CHECK_STEP_MM) + 1, ny: Math.floor(cast.sizeMm[1] / CHECK_STEP_MM) + 1 };
    const window = { x0: 0, y0: 0, x1: cast.sizeMm[0], y1: cast.sizeMm[1] };
    const undercutMilled = undercutFromAbove(cast.mesh, CHECK_STEP_MM);
    return {
      target: 'cast', mesh: cast.mesh, blank, offsetMm: [-cast.frame.x0, cast.frame.y1], sizeMm: cast.sizeMm, trimLine: cast.trimLine, window,
      undercut: { milledMm2: undercutMilled.areaMm2, designMm2: designUndercut }, undercutMilled, outline: cast.trimLine,
      reach: ballReach(cast.mesh, g, polygonMask(cast.trimLine, g), options.finishing.diameterMm, options.scallopMm),
    };
  }
  const drafted = draftedDevice(device.mesh, layout, options.draftDeg);
  const q = drafted.positions;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = 0;
  for (let i = 0; i < q.length; i += 3) {
    x0 = Math.min(x0, q[i]!); x1 = Math.max(x1, q[i]!); y0 = Math.min(y0, q[i + 1]!); y1 = Math.max(y1, q[i + 1]!); z1 = Math.max(z1, q[i + 2]!);
  }
  const c = options.blankClearanceMm;
  const blank = chooseBlank(options.blanks, [x1 - x0, y1 - y0, z1], c, 'device');
  // Centred in the blank, on its bottom face; whole microns, so the toolpath's frame is the STL's exactly.
  const dx = Math.round((blank.lengthMm / 2 - (x0 + x1) / 2) * 1000) / 1000, dy = Math.round((blank.widthMm / 2 - (y0 + y1) / 2) * 1000) / 1000;
  const positions = new Float32Array(q.length);
  for (let i = 0; i < q.length; i += 3) { positions[i] = q[i]! + dx; positions[i + 1] = q[i + 1]! + dy; positions[i + 2] = q[i + 2]!; }
  const mesh = { positions, indices: drafted.indices };
  for (let i = 0; i < nb; i++) { outline[2 * i]! += dx; outline[2 * i + 1]! += dy; }
  const window = { x0: Math.max(0, x0 + dx - R - 1), y0: Math.max(0, y0 + dy - R - 1), x1: Math.min(blank.lengthMm, x1 + dx + R + 1), y1: Math.min(blank.widthMm, y1 + dy + R + 1) };
  const g = gridOver(window.x0, window.y0, window.x1, window.y1, CHECK_STEP_MM);
  const undercutMilled = undercutFromAbove(mesh, CHECK_STEP_MM);
  return {
    target: 'device', mesh, blank, offsetMm: [dx, dy], sizeMm: [x1 - x0, y1 - y0, z1], trimLine: null, window,
    undercut: { milledMm2: undercutMilled.areaMm2, designMm2: designUndercut }, undercutMilled, outline,
    // Judged on the device's top (inside its outline): the wall's foot keeps the ball's radius as a fillet by design.
    reach: ballReach(mesh, g, polygonMask(outline, g), options.finishing.diameterMm, options.scallopMm),
  };
}

/**
 * The smallest blank (by volume) that holds a part of this size with `clearanceMm` to each side.
 * @throws GeometryError naming the size needed and the blanks there are
 */
export function chooseBlank(blanks: readonly Blank[], size: readonly [number, number, number], clearanceMm: number, what: MillTarget): Blank {
  const need = [size[0] + 2 * clearanceMm, size[1] + 2 * clearanceMm, size[2]] as const;
  const fits = blanks.filter((b) => b.lengthMm >= need[0] && b.widthMm >= need[1] && b.heightMm >= need[2]);
  fits.sort((a, b) => a.lengthMm * a.widthMm * a.heightMm - b.lengthMm * b.widthMm * b.heightMm);
  if (fits[0]) return fits[0];
  const mm = (v: number) => +v.toFixed(1);
  const list = blanks.map((b) => `${mm(b.lengthMm)} × ${mm(b.widthMm)} × ${mm(b.heightMm)}`).join(', ');
  throw new GeometryError([{
    pointer: '/milling/blanks',
    rule: `the ${what === 'cast' ? 'cast' : 'milled device'} is ${mm(size[0])} × ${mm(size[1])} × ${mm(size[2])} mm and needs a blank of at least ${mm(need[0])} × ${mm(need[1])} × ${mm(need[2])} mm (length × width × height${clearanceMm ? `, ${clearanceMm} mm clear of each side` : ''}): no blank fits`,
    value: `${list} mm`,
  }]);
}
