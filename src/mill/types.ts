/**
 * Milling: what a lab's 3-axis mill needs, its options and their defaults. Every default is an
 * engineering choice (no published source gives feeds, tools or margins for orthotic blanks: each
 * names its reason); a lab sets its own in its configuration (schemas/lab-config.schema.json, `milling`).
 */

/** A cutter: a flat end mill (roughing) or a ball-end mill (finishing). */
export interface MillTool {
  /** Its number in the lab's tool changer or rack, written as `T<n>` (1–99). */
  number: number;
  kind: 'flat' | 'ball';
  /** Cutting diameter, mm. */
  diameterMm: number;
  /** Spindle speed, revolutions per minute. */
  spindleRpm: number;
  /** Cutting feed, mm/min. */
  feedMmMin: number;
  /** Feed going down into material (plunges), mm/min. */
  plungeMmMin: number;
}

/** A block of stock: length (along the foot, x) × width (y) × height (z), mm. */
export interface Blank {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** What to mill: the device itself from a block, or a positive cast to vacuum-form a sheet over. */
export type MillTarget = 'device' | 'cast';

export interface MillOptions {
  target: MillTarget;
  /** Blanks the lab stocks (the smallest that fits is used), or the one given. */
  blanks: readonly Blank[];
  /** Draft of the milled device's outer walls from vertical, degrees (walls lean inward going up). */
  draftDeg: number;
  /** How far the cast's surface is carried beyond the trim line, mm. */
  castMarginMm: number;
  /** Material under the cast's lowest point, mm. */
  castBaseMm: number;
  /** Spacing of the cast's height grid, mm. */
  castStepMm: number;
  /** Space kept between the part and each side of the blank, mm. */
  blankClearanceMm: number;
  roughing: MillTool;
  finishing: MillTool;
  /** Roughing: depth of each z-level, mm. */
  stepdownMm: number;
  /** Roughing: material left on the design for the finishing tool, mm. */
  stockMm: number;
  /** Roughing: distance between passes as a fraction of the tool's diameter. */
  roughStepoverFraction: number;
  /** Finishing: the highest cusp left between ball passes, mm (the stepover follows from it). */
  scallopMm: number;
  /** Rapid moves above the blank's top by this much, mm. */
  safeHeightMm: number;
}

/**
 * The built-in milling defaults, each an engineering choice:
 * - target `device`; blanks 300 × 130 × 40 mm (a 271 mm foot's device, or its cast with 10 mm
 *   margins, 291 × 122 × 35 mm) and 340 × 140 × 50 mm (up to the longest adult foot of ANSUR II,
 *   302 mm, with its cast's margins); a lab stocks its own sizes;
 * - draft 3°: a wall 30 mm high leans 1.6 mm, invisible on a device, and the flank of any end mill
 *   clears it;
 * - cast margin 10 mm, beyond the trim line for the sheet to be trimmed on (the sheet is cut there,
 *   not formed there); cast base 10 mm under the cast's lowest point to clamp it; cast grid 0.5 mm
 *   (half the build's 1 mm mesh; a grid finer than the finishing stepover gains nothing);
 * - 2 mm clearance to the blank's sides (the blank's sawn faces are not square to better than that);
 * - tools: a 12 mm flat end mill to rough (a 6 mm one took 170 minutes of roughing for a 300 × 120 ×
 *   40 mm blank, the 12 mm one ~40) and a 6 mm ball to finish (the small end of the 6–12 mm finishing
 *   balls labs use: it reaches the heel cup's fillet and the pads' edges), 2 flutes, 12,000 rpm;
 *   feeds 2,400 mm/min roughing (0.1 mm a tooth), 2,000 finishing, plunges 400: a light chip in
 *   EVA, polypropylene and cork on a hobby-class mill;
 * - stepdown 3 mm (a quarter of the roughing tool's diameter), 0.5 mm stock left, roughing stepover
 *   40 % of the diameter (passes overlap, so no ridge stands between them);
 * - scallop 0.1 mm: under the 0.2 mm an EVA top cover or a sanded shell hides;
 * - safe height 5 mm above the blank.
 */
export const MILL_DEFAULTS: MillOptions = {
  target: 'device',
  blanks: [{ lengthMm: 300, widthMm: 130, heightMm: 40 }, { lengthMm: 340, widthMm: 140, heightMm: 50 }],
  draftDeg: 3,
  castMarginMm: 10,
  castBaseMm: 10,
  castStepMm: 0.5,
  blankClearanceMm: 2,
  roughing: { number: 1, kind: 'flat', diameterMm: 12, spindleRpm: 12000, feedMmMin: 2400, plungeMmMin: 400 },
  finishing: { number: 2, kind: 'ball', diameterMm: 6, spindleRpm: 12000, feedMmMin: 2000, plungeMmMin: 400 },
  stepdownMm: 3,
  stockMm: 0.5,
  roughStepoverFraction: 0.4,
  scallopMm: 0.1,
  safeHeightMm: 5,
};

/**
 * The horizontal stepover between ball-end passes that leaves a cusp of `scallopMm` on a flat:
 * 2·√(2Rh − h²) for a ball of radius R.
 */
export function ballStepover(diameterMm: number, scallopMm: number): number {
  const r = diameterMm / 2, h = Math.min(scallopMm, r);
  return 2 * Math.sqrt(2 * r * h - h * h);
}
