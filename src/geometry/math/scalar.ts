/** Scalar helpers shared by the kernel. Pure functions, no allocation. */

/** Clamps `v` to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Quintic smoothstep ("smootherstep"): 0 below `e0`, 1 above `e1`, C2-continuous in between
 * (zero first and second derivatives at both ends, so blended surfaces show no ridges).
 */
export function smootherstep(e0: number, e1: number, v: number): number {
  const t = clamp((v - e0) / (e1 - e0), 0, 1);
  return t * t * t * (t * (t * 6 - 15) + 10);
}

/** Degrees to radians. */
export function radians(deg: number): number {
  return (deg * Math.PI) / 180;
}

/** Radians to degrees. */
export function degrees(rad: number): number {
  return (rad * 180) / Math.PI;
}
