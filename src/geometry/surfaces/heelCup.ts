/**
 * Heel-cup wall profile: height above the heel seat as a function of the distance `d` (mm) inward
 * from the outline. A straight wall leaning outward by `flareRad` from vertical runs down from the
 * rim (d = 0, z = height) into a circular fillet of radius `filletR` tangent to the seat, so the
 * profile is C1 (no crease) and concave (the shell's normal offset cannot fold there).
 */
export interface CupProfile {
  /** Rim height above the seat, mm. */
  height: number;
  /** Fillet radius, mm. */
  filletR: number;
  /** Wall flare from vertical, radians (ORTHOTICS.md: ~10°). */
  flareRad: number;
}

/**
 * A cup profile. Every profile is made here, so all share one hidden class: the device's cup and the
 * per-vertex wall profiles (cupProfileAt) made with a spread had two, and V8 threw away cupWidth's
 * optimised code ("wrong map") when the second arrived.
 */
export function cupProfile(height: number, filletR: number, flareRad: number): CupProfile {
  return { height, filletR, flareRad };
}

/** Horizontal width of the cup wall (where the profile meets the seat), mm. */
export function cupWidth(p: CupProfile, height = p.height): number {
  if (height <= 0) return 0;
  const { filletR: r, flareRad: a } = p;
  const tz = r * (1 - Math.sin(a));
  if (height >= tz) return (height - tz) * Math.tan(a) + r * Math.cos(a);
  return Math.sqrt(r * r - (r - height) * (r - height));
}

/** Height of the cup profile at inward distance d, mm (`height` overrides the rim height, for tapering). */
export function cupHeight(p: CupProfile, d: number, height = p.height): number {
  if (height <= 0) return 0;
  const { filletR: r, flareRad: a } = p;
  const cd = cupWidth(p, height);
  if (d >= cd) return 0;
  const tz = r * (1 - Math.sin(a));
  if (height >= tz) {
    const td = (height - tz) * Math.tan(a);
    if (d <= td) return height - d / Math.tan(a);
  }
  const u = cd - Math.max(d, 0);
  return r - Math.sqrt(Math.max(0, r * r - u * u));
}

/** |dz/dd| of the cup profile at inward distance d (the wall's steepness). */
export function cupSlope(p: CupProfile, d: number): number {
  if (p.height <= 0) return 0;
  const { filletR: r, flareRad: a } = p;
  const cd = cupWidth(p);
  if (d >= cd) return 0;
  const tz = r * (1 - Math.sin(a));
  if (p.height >= tz && d <= (p.height - tz) * Math.tan(a)) return 1 / Math.tan(a);
  const u = cd - Math.max(d, 0);
  return u / Math.sqrt(Math.max(1e-12, r * r - u * u));
}

/**
 * Insets (mm from the outline) at which to place extra vertices on the steep part of a cup wall so
 * that consecutive vertices are about `spacing` mm apart along the wall, until the wall is no
 * steeper than 45° (the regular lattice samples the rest well).
 */
export function wallInsets(p: CupProfile, spacing: number, maxCount = 64): number[] {
  const out: number[] = [];
  let d = 0;
  while (out.length < maxCount) {
    const s = cupSlope(p, d);
    if (s <= 1) break;
    d += spacing / Math.sqrt(1 + s * s);
    if (cupSlope(p, d) <= 1) break;
    out.push(d);
  }
  return out;
}
