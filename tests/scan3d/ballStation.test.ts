/**
 * The ball read off a scan's outline (ballStation, src/scan3d/measureScan.ts): the first metatarsal
 * head's bulge of the medial border, on border profiles drawn for the purpose: two bulges (the big
 * toe's joint nearly as far out, or further), a midfoot wider than the window's start, a flat crest,
 * a border still widening past the window, a left foot.
 */
import { describe, expect, it } from 'vitest';
import { ARCH_SCAN_RULES, ballStation } from '../../src/scan3d/measureScan.js';

const FL = 275; // the window: 165–233.75 mm

/** A medial border (y of a right foot, mm) from bumps: each [x, height, half-width] a cosine bump on a base line. */
function border(base: (x: number) => number, bumps: Array<[number, number, number]>) {
  return (x: number): [number, number] | null => {
    if (x < 0 || x > FL) return null;
    let y = base(x);
    for (const [c, h, w] of bumps) if (Math.abs(x - c) < w) y += (h * (1 + Math.cos((Math.PI * (x - c)) / w))) / 2;
    return [y, 100];
  };
}

describe('the ball on a scan\'s outline', () => {
  it('is the first metatarsal head\'s bulge even where the big toe\'s joint bulges a little further (within 1 mm), at the middle of its crest', () => {
    const medial = border(() => 40, [[198, 4.3, 20], [230, 4.6, 12]]);
    const x = ballStation(medial, FL, 1);
    expect(x).toBeGreaterThan(196);
    expect(x).toBeLessThan(200);
    // The most medial point alone (the rule before) is the toe's joint.
    let widest = 0;
    for (let s = 165; s <= 233.5; s += 0.5) if (medial(s)![0] > medial(widest)![0]) widest = s;
    expect(widest).toBe(230);
  });

  it('is the big toe\'s joint when that stands out further than the tolerance (no bulge behind it comes near)', () => {
    const medial = border(() => 40, [[198, 2.5, 20], [230, 4.6, 12]]);
    expect(Math.abs(ballStation(medial, FL, 1) - 230)).toBeLessThan(2);
  });

  it('is not the window\'s first station where the midfoot is wider still behind it (a flat foot\'s bulging midfoot), however much wider', () => {
    // The border falls from a midfoot bulge at 150 into the window, then rises to the ball at 200,
    // the window's start within 1 mm of the ball's width.
    const medial = border(() => 40, [[150, 8, 30], [200, 4.5, 25]]);
    expect(medial(165)![0]).toBeGreaterThan(medial(200)![0] - ARCH_SCAN_RULES.ballBulgeToleranceMm);
    expect(Math.abs(ballStation(medial, FL, 1) - 200)).toBeLessThan(2);
    // The window's start 1.5 mm more medial than the ball: still the ball.
    const wider = border(() => 40, [[150, 14, 30], [200, 4.5, 25]]);
    expect(wider(165)![0]).toBeGreaterThan(wider(200)![0] + 1.5);
    expect(Math.abs(ballStation(wider, FL, 1) - 200)).toBeLessThan(2);
  });

  it('is the middle of a flat crest (within 0.5 mm), when it is under 10 mm long', () => {
    const medial = (x: number): [number, number] | null => (x < 0 || x > FL ? null : [x < 194 ? 44 - (194 - x) * 0.2 : x <= 202 ? 44 : 44 - (x - 202) * 0.2, 100]);
    expect(Math.abs(ballStation(medial, FL, 1) - 198)).toBeLessThanOrEqual(0.5);
  });

  it('is the window\'s most medial point where the border still widens past the window (no bulge in it)', () => {
    const medial = border((x) => 30 + 0.05 * x, []);
    expect(ballStation(medial, FL, 1)).toBeCloseTo(Math.floor(0.85 * FL * 2) / 2, 5);
  });

  it('is the same on a left foot (its medial side toward −y)', () => {
    const right = border(() => 40, [[198, 4.3, 20], [230, 4.6, 12]]);
    const left = (x: number): [number, number] | null => { const m = right(x); return m ? [-m[0], m[1]] : null; };
    expect(ballStation(left, FL, -1)).toBe(ballStation(right, FL, 1));
  });
});
