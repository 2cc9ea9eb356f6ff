/**
 * Where devices go when the 3D viewer shows several side by side.
 */

/**
 * The order and the shift along y of devices shown side by side: left feet first, each at larger y
 * than the next with `gapMm` between their extents, so that seen from above with the toes up the
 * left foot is on the left. The first device stays where it is (shift 0); the order among devices
 * of the same side is kept.
 *
 * @param devices each device's side and its extent along y (mm, foot frame).
 * @returns the devices' indices in placement order, and each one's shift along y (by input index), mm.
 */
export function layoutDevices(devices: ReadonlyArray<{ side: 'left' | 'right'; yMinMm: number; yMaxMm: number }>, gapMm: number): { order: number[]; offsetYMm: number[] } {
  const order = devices.map((_, i) => i).sort((a, b) => rank(devices[a]!.side) - rank(devices[b]!.side) || a - b);
  const offsetYMm = devices.map(() => 0);
  let edge = 0;
  order.forEach((i, k) => {
    const d = devices[i]!;
    const shift = k === 0 ? 0 : edge - gapMm - d.yMaxMm;
    offsetYMm[i] = Math.round(shift * 100) / 100 + 0;
    edge = d.yMinMm + offsetYMm[i]!;
  });
  return { order, offsetYMm };
}

const rank = (side: 'left' | 'right') => (side === 'left' ? 0 : 1);
