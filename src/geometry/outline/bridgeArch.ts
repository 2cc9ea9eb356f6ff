import { maxWidth, verticalExtent } from './polygon.js';

/**
 * When an outline is a footprint (the area a foot touches, as a pressure plate or an ink print shows
 * it) rather than the foot's own outline: engineering choice, docs/clinical-basis.md
 * [CB-outline-footprint].
 */
export const FOOTPRINT_RULES = {
  /**
   * The narrowest midfoot (0.3–0.6 of the length) under this fraction of the ball's width: a foot's
   * own outline never is (0.68–0.70 on every example, 0.71–0.78 on generated silhouettes, flat to
   * cavus), while a footprint under a normal or high arch is (0.55 to under 0.3).
   */
  midfootOfBall: 0.6,
  /**
   * ... and under this fraction of the heel's width: a footprint's midfoot is a waist between the
   * heel and the ball (0.72 of the heel and less), while a foot with a very narrow heel widens from
   * the heel on (the examples' midfoot is 0.96 of their heel).
   */
  midfootOfHeel: 0.8,
  /** Where along the foot (× length) the arch's hollow is looked for. */
  hollowWindow: [0.2, 0.75] as const,
  /** Points of the bridge, mm apart. */
  spacingMm: 1,
} as const;

/** What bridging changed. */
export interface ArchBridge {
  /** The narrowest midfoot ÷ the ball's width, before. */
  midfootOfBall: number;
  /** How far the outline moved at most: the hollow's depth under the bridge, mm. */
  depthMm: number;
}

/**
 * Gives a footprint the foot's outline under the arch: where the narrowest midfoot is under
 * FOOTPRINT_RULES.midfootOfBall of the ball's width and midfootOfHeel of the heel's, the medial border's hollow is bridged along the
 * outline's convex hull (a straight medial border from the heel to the ball, as a foot's own outline
 * runs there), so that the device reaches under the arch it is to support. Otherwise the outline is
 * returned as it is.
 *
 * @param xy aligned CCW outline, foot frame (heel at x = 0), mm.
 * @param medialSign +1 when medial is +y (right foot), -1 (left).
 */
export function bridgeFootprintArch(xy: Float64Array, medialSign: 1 | -1): { xy: Float64Array; bridge: ArchBridge | null } {
  const n = xy.length >> 1;
  let fl = 0;
  for (let i = 0; i < xy.length; i += 2) fl = Math.max(fl, xy[i]!);
  const ball = maxWidth(xy, 0.6 * fl, 0.85 * fl);
  const heel = maxWidth(xy, 0.05 * fl, 0.3 * fl);
  let narrowest = Infinity;
  for (let f = 0.3; f <= 0.6 + 1e-9; f += 0.01) {
    const e = verticalExtent(xy, f * fl);
    if (e) narrowest = Math.min(narrowest, e[1] - e[0]);
  }
  const ratio = narrowest / ball;
  if (!(ratio < FOOTPRINT_RULES.midfootOfBall && narrowest < FOOTPRINT_RULES.midfootOfHeel * heel)) return { xy, bridge: null };

  // The medial chain of the convex hull, as indices into the outline, sorted by x.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xy[2 * a]! - xy[2 * b]! || medialSign * (xy[2 * b + 1]! - xy[2 * a + 1]!));
  const chain: number[] = [];
  for (const i of order) {
    while (chain.length >= 2) {
      const a = chain[chain.length - 2]!, b = chain[chain.length - 1]!;
      const cross = (xy[2 * b]! - xy[2 * a]!) * (xy[2 * i + 1]! - xy[2 * a + 1]!) - (xy[2 * b + 1]! - xy[2 * a + 1]!) * (xy[2 * i]! - xy[2 * a]!);
      if (medialSign * cross < 0) break; // keeps turning away from the medial side: convex
      chain.pop();
    }
    chain.push(i);
  }
  // The hull edge whose stretch of outline hollows deepest within the window.
  const [w0, w1] = FOOTPRINT_RULES.hollowWindow;
  let best = { depth: 0, from: -1, to: -1 };
  for (let k = 0; k + 1 < chain.length; k++) {
    const a = chain[k]!, b = chain[k + 1]!;
    // Medial is the upper side for a right foot, walked toes to heel (b to a) counter-clockwise; the lower side for a left foot, walked heel to toes.
    const [from, to] = medialSign > 0 ? [b, a] : [a, b];
    const ax = xy[2 * a]!, ay = xy[2 * a + 1]!, bx = xy[2 * b]!, by = xy[2 * b + 1]!;
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    for (let i = (from + 1) % n; i !== to; i = (i + 1) % n) {
      const x = xy[2 * i]!;
      const d = Math.abs((bx - ax) * (xy[2 * i + 1]! - ay) - (by - ay) * (x - ax)) / len;
      if (x >= w0 * fl && x <= w1 * fl && d > best.depth) best = { depth: d, from, to };
    }
  }
  if (best.from < 0) return { xy, bridge: null };
  const out: number[] = [];
  const fx = xy[2 * best.from]!, fy = xy[2 * best.from + 1]!, tx = xy[2 * best.to]!, ty = xy[2 * best.to + 1]!;
  const steps = Math.max(1, Math.ceil(Math.hypot(tx - fx, ty - fy) / FOOTPRINT_RULES.spacingMm));
  // From the bridge's far end round the rest of the outline to its near end, then along the bridge.
  for (let i = best.to; ; i = (i + 1) % n) {
    out.push(xy[2 * i]!, xy[2 * i + 1]!);
    if (i === best.from) break;
  }
  for (let k = 1; k < steps; k++) out.push(fx + ((tx - fx) * k) / steps, fy + ((ty - fy) * k) / steps);
  return { xy: Float64Array.from(out), bridge: { midfootOfBall: ratio, depthMm: best.depth } };
}
