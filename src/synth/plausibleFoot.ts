/**
 * Plausible plantar outlines with the variety real scans have, drawn independently of footShape (the
 * project's own foot): toe shapes, hallux valgus, wide and narrow heels, flat to cavus arches,
 * pressure-plate footprints and pen tracings (pen offset, heel flattened against the box), then
 * sampled as a scanner or digitiser might hand them over (any point count, noise, frame, winding).
 * For tests and benchmarks; never used by the tool itself.
 */
import { offsetClosed } from '../geometry/outline/resample.js';

/** The shape of the toe line. */
export type ToeShape = 'egyptian' | 'greek' | 'square';
/** What drew the outline. */
export type OutlineKind = 'silhouette' | 'footprint' | 'tracing';

/** Options of {@link plausibleFootOutline}. Lengths in mm, angles in degrees. */
export interface PlausibleFootOptions {
  /** Heel to the longest toe, mm (of the foot; a tracing adds the pen's offset). */
  footLength: number;
  side: 'left' | 'right';
  /** Ball width ÷ foot length (typical 0.36–0.40). */
  ballRatio?: number;
  /** Heel width ÷ ball width (typical 0.66–0.80; wide heels to 0.9, narrow to 0.6). */
  heelRatio?: number;
  toes?: ToeShape;
  /** Hallux abductus angle, degrees (0–10 normal; hallux valgus 15–40). */
  halluxValgusDeg?: number;
  /** 0 flat .. 1 cavus: how far the medial midfoot border comes in (a footprint's arch hollow). */
  arch?: number;
  /** Heel cap: 1 round (ellipse), up to 2.5 square-ish (superellipse exponent / 2). */
  heelSquareness?: number;
  kind?: OutlineKind;
  /** Tracing only: how far the heel's back is cut flat by the box edge, mm (0 = not against a box). */
  boxCutMm?: number;
  /** Tracing only: the pen's offset outward from the foot, mm. */
  penOffsetMm?: number;
  /** Footprint only: notches between the toes, mm deep. */
  toeNotchMm?: number;
  /** Number of points handed over (8–20,000). */
  points?: number;
  /** Uneven spacing: 0 even .. 1 very uneven (spacing varies ×3 along the outline). */
  unevenness?: number;
  /** Independent noise on each point, mm (uniform in ±noise, each coordinate). */
  noiseMm?: number;
  /** Correlated noise (a wobble over ~10 mm of outline), mm amplitude. */
  wobbleMm?: number;
  rotationDeg?: number;
  offset?: [number, number];
  clockwise?: boolean;
  /** Repeat the first point at the end. */
  closed?: boolean;
  /** Index along the outline where the list starts (0..1 of the way round). */
  startAt?: number;
  /** Seed of the noise. */
  seed?: number;
}

export const PLAUSIBLE_FOOT_DEFAULTS = {
  ballRatio: 0.38, heelRatio: 0.72, toes: 'egyptian' as ToeShape, halluxValgusDeg: 8, arch: 0.5, heelSquareness: 1,
  kind: 'silhouette' as OutlineKind, boxCutMm: 0, penOffsetMm: 0, toeNotchMm: 0, points: 400, unevenness: 0, noiseMm: 0, wobbleMm: 0,
  rotationDeg: 0, offset: [0, 0] as [number, number], clockwise: false, closed: false, startAt: 0, seed: 1,
} as const;

type Pt = [number, number];

/**
 * A plausible plantar outline.
 * @returns `[x, y]` points, mm, in the scanner's frame (`rotationDeg`, `offset`), before which the
 *   heel's back is near x = 0 and the toes toward +x; right foot medial +y.
 */
export function plausibleFootOutline(opts: PlausibleFootOptions): Pt[] {
  const o = { ...PLAUSIBLE_FOOT_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as Required<PlausibleFootOptions>;
  let ring = footRing(o);
  if (o.kind === 'tracing') {
    if (o.penOffsetMm >= 0.01) ring = offsetRing(ring, o.penOffsetMm); // (a pen narrower than that draws the foot's own line)
    if (o.boxCutMm > 0) ring = cutBack(ring, o.boxCutMm);
  }
  if (o.side === 'left') for (const p of ring) p[1] = -p[1];
  if (o.side === 'left') ring.reverse(); // keep counter-clockwise
  let pts = sample(ring, o.points, o.unevenness, o.startAt, o.seed);
  const rnd = random(o.seed * 7919 + 17);
  if (o.wobbleMm > 0) pts = wobble(pts, o.wobbleMm, rnd);
  if (o.noiseMm > 0) pts = pts.map(([x, y]): Pt => [x + o.noiseMm * (2 * rnd() - 1), y + o.noiseMm * (2 * rnd() - 1)]);
  if (o.clockwise) pts = [pts[0]!, ...pts.slice(1).reverse()];
  const a = (o.rotationDeg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const out = pts.map(([x, y]): Pt => [x * c - y * s + o.offset[0], x * s + y * c + o.offset[1]]);
  if (o.closed) out.push([out[0]![0], out[0]![1]]);
  return out;
}

/** A deterministic pseudo-random source in [0, 1). */
export function random(seed: number): () => number {
  let s = (Math.floor(Math.abs(seed) * 1000) % 2147483646) + 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** The dense foot boundary of a right foot, counter-clockwise from the back of the heel. */
function footRing(o: Required<PlausibleFootOptions>): Pt[] {
  const L = o.footLength, B = o.ballRatio * L, H = o.heelRatio * B;
  const bm = 0.45 * B, bl = B - bm; // medial and lateral halves at the ball
  const hv = Math.max(0, o.halluxValgusDeg - 8); // deviation beyond a straight hallux
  const bunion = 0.22 * hv; // mm the first metatarsal head stands out medially
  const ctrl: Pt[] = [];
  // Heel cap: a superellipse quadrant each side, depth along x about the heel's half width.
  const rx = 0.55 * H, p = 2 * o.heelSquareness;
  const cap = (t: number, sign: number): Pt => {
    const c = Math.cos(t), s = Math.sin(t);
    return [rx * (1 - Math.sign(c) * Math.abs(c) ** (2 / p)), sign * (H / 2) * Math.abs(s) ** (2 / p)];
  };
  for (let k = 0; k < 6; k++) ctrl.push(cap((k * Math.PI) / 12, -1));
  // Lateral border: heel to the fifth metatarsal head, with a faint styloid bulge and (cavus) waist.
  const latMid = -H / 2 + 0.02 * B * (1 - o.arch);
  ctrl.push([0.3 * L, -H / 2 - 0.01 * B]);
  ctrl.push([0.45 * L, latMid + 0.5 * (-bl - latMid) - 0.015 * B]);
  ctrl.push([0.555 * L, -bl + 0.02 * B]);
  ctrl.push([0.64 * L, -bl]); // MTH5
  // Toe line: tips of the five toes (lateral to medial), lengths by toe shape.
  const tipX: Record<ToeShape, number[]> = {
    egyptian: [0.8, 0.87, 0.925, 0.965, 1.0],
    greek: [0.8, 0.875, 0.94, 1.0, 0.985],
    square: [0.83, 0.915, 0.965, 0.99, 1.0],
  };
  const tipY = [-bl + 0.09 * B, bm - 0.73 * B, bm - 0.56 * B, bm - 0.38 * B, bm - 0.16 * B];
  ctrl.push([0.72 * L, -bl + 0.01 * B]);
  const notch = o.kind === 'footprint' ? o.toeNotchMm : 0;
  // Hallux valgus: the hallux turns laterally about the first MTP joint and pushes the lesser toes over.
  const joint: Pt = [0.73 * L, bm - 0.15 * B];
  const rot = (q: Pt, deg: number): Pt => {
    const a = (-deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
    const dx = q[0] - joint[0], dy = q[1] - joint[1];
    return [joint[0] + c * dx - s * dy, joint[1] + s * dx + c * dy];
  };
  const halluxTip = rot([tipX[o.toes][4]! * L, tipY[4]!], hv);
  const push = tipY[4]! - halluxTip[1]; // how far the hallux tip moved laterally, mm
  const tips = tipX[o.toes].map((f, i): Pt => (i === 4 ? halluxTip : [f * L, tipY[i]! - push * [0.15, 0.35, 0.55, 0.75][i]!]));
  for (let i = 0; i < 5; i++) {
    const t = tips[i]!;
    if (i > 0) {
      const prev = tips[i - 1]!;
      // Between two toes: the envelope dips a little (a footprint can show a notch).
      ctrl.push([(prev[0] + t[0]) / 2 - 0.004 * L - notch, (prev[1] + t[1]) / 2]);
    }
    ctrl.push([t[0], t[1]]);
  }
  const halluxSide: Pt[] = [[0.99 * L, bm - 0.08 * B], [0.95 * L, bm - 0.04 * B], [0.87 * L, bm - 0.012 * B]];
  for (const q of halluxSide) ctrl.push(rot(q, hv * Math.min(1, (q[0] - 0.8 * L) / (0.2 * L))));
  // Medial border: first metatarsal head (bunion), the arch, back to the heel.
  ctrl.push([0.74 * L, bm + bunion]);
  ctrl.push([0.67 * L, bm - 0.015 * B]);
  const m0: Pt = [0.26 * L, H / 2 - 0.005 * B];
  const medLine = (f: number): number => m0[1] + ((bm - m0[1]) * (f * L - m0[0])) / (0.74 * L - m0[0]);
  // Hollow of the medial border below its line: flat feet ~ none (even bulging), cavus most of the midfoot.
  const midfoot = (f: number): number => medLine(f) - (latMid + 0.5 * (-bl - latMid) * (f - 0.3) / 0.15);
  const depth = (f: number, w: number): number => (o.kind === 'footprint' ? (0.05 + 0.65 * o.arch) * midfoot(f) : (0.02 + 0.1 * o.arch) * B) * w - (o.arch < 0.15 ? (0.15 - o.arch) * 0.1 * B : 0);
  ctrl.push([0.58 * L, medLine(0.58) - depth(0.58, 0.5)]);
  ctrl.push([0.5 * L, medLine(0.5) - depth(0.5, 0.9)]);
  ctrl.push([0.42 * L, medLine(0.42) - depth(0.42, 1)]);
  ctrl.push([0.34 * L, medLine(0.34) - depth(0.34, 0.7)]);
  ctrl.push([0.27 * L, H / 2 - depth(0.27, 0.15)]);
  for (let k = 6; k >= 1; k--) ctrl.push(cap((k * Math.PI) / 12, 1));
  const dense = catmullRom(ctrl, 24);
  // Scale x so the longest toe is at L exactly and the heel at 0.
  let x0 = Infinity, x1 = -Infinity;
  for (const q of dense) { x0 = Math.min(x0, q[0]); x1 = Math.max(x1, q[0]); }
  return dense.map(([x, y]): Pt => [((x - x0) * L) / (x1 - x0), y]);
}

function catmullRom(ctrl: readonly Pt[], m: number): Pt[] {
  const n = ctrl.length;
  const out: Pt[] = [];
  const at = (i: number): Pt => ctrl[((i % n) + n) % n]!;
  const knot = (a: Pt, b: Pt): number => Math.sqrt(Math.hypot(b[0] - a[0], b[1] - a[1])) || 1e-9;
  for (let i = 0; i < n; i++) {
    const p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
    const t1 = knot(p0, p1), t2 = t1 + knot(p1, p2), t3 = t2 + knot(p2, p3);
    for (let k = 0; k < m; k++) {
      const t = t1 + ((t2 - t1) * k) / m;
      const q: Pt = [0, 0];
      for (let c = 0; c < 2; c++) {
        const a1 = ((t1 - t) * p0[c]! + t * p1[c]!) / t1;
        const a2 = ((t2 - t) * p1[c]! + (t - t1) * p2[c]!) / (t2 - t1);
        const a3 = ((t3 - t) * p2[c]! + (t - t2) * p3[c]!) / (t3 - t2);
        const b1 = ((t2 - t) * a1 + t * a2) / t2;
        const b2 = ((t3 - t) * a2 + (t - t1) * a3) / (t3 - t1);
        q[c] = ((t2 - t) * b1 + (t - t1) * b2) / (t2 - t1);
      }
      out.push(q);
    }
  }
  return out;
}

/** The line a pen of radius `d` draws around a counter-clockwise ring (offsetClosed: a gap between toes narrower than the pen is bridged). */
function offsetRing(ring: Pt[], d: number): Pt[] {
  const out = offsetClosed(Float64Array.from(ring.flat()), d);
  const pts: Pt[] = [];
  for (let i = 0; i < out.length; i += 2) pts.push([out[i]!, out[i + 1]!]);
  return pts;
}

/** Cuts the ring's back flat at x = min x + cut (the heel drawn against a box's edge). */
function cutBack(ring: Pt[], cut: number): Pt[] {
  let x0 = Infinity;
  for (const q of ring) x0 = Math.min(x0, q[0]);
  const xc = x0 + cut;
  const out: Pt[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!, b = ring[(i + 1) % n]!;
    const ina = a[0] >= xc, inb = b[0] >= xc;
    if (ina) out.push(a);
    if (ina !== inb) {
      const t = (xc - a[0]) / (b[0] - a[0]);
      out.push([xc, a[1] + t * (b[1] - a[1])]);
    }
  }
  // Points along the flat back, so a dense sampling stays dense there too.
  const res: Pt[] = [];
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!, b = out[(i + 1) % out.length]!;
    res.push(a);
    if (a[0] === xc && b[0] === xc) {
      const k = Math.ceil(Math.abs(b[1] - a[1]) / 0.5);
      for (let j = 1; j < k; j++) res.push([xc, a[1] + ((b[1] - a[1]) * j) / k]);
    }
  }
  return res;
}

/** `count` points along the ring by arc length (spacing varying by `uneven`), from `startAt` of the way round. */
function sample(ring: readonly Pt[], count: number, uneven: number, startAt: number, seed: number): Pt[] {
  const n = ring.length;
  const cum = [0];
  for (let i = 0; i < n; i++) {
    const a = ring[i]!, b = ring[(i + 1) % n]!;
    cum.push(cum[i]! + Math.hypot(b[0] - a[0], b[1] - a[1]));
  }
  const total = cum[n]!;
  const phase = 2 * Math.PI * random(seed + 3)();
  // Arc-length positions: an even parameter warped by a smooth, monotonic density.
  const warp = (u: number): number => u + (uneven * 0.5 * Math.sin(2 * Math.PI * 2 * u + phase)) / (2 * Math.PI * 2);
  const out: Pt[] = [];
  let seg = 0;
  const pos: number[] = [];
  for (let k = 0; k < count; k++) pos.push((((warp(k / count) - warp(0) + startAt) % 1) + 1) % 1);
  // Positions in order round the ring from the start.
  for (const u of pos) {
    const s = u * total;
    seg = lowerBound(cum, s);
    const a = ring[seg % n]!, b = ring[(seg + 1) % n]!;
    const l = cum[seg + 1]! - cum[seg]!;
    const t = l > 0 ? (s - cum[seg]!) / l : 0;
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

function lowerBound(cum: readonly number[], s: number): number {
  let lo = 0, hi = cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! <= s) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Adds a smooth normal wobble: random amplitudes every ~10 mm of outline, interpolated. */
function wobble(pts: Pt[], amp: number, rnd: () => number): Pt[] {
  const n = pts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.hypot(pts[(i + 1) % n]![0] - pts[i]![0], pts[(i + 1) % n]![1] - pts[i]![1]);
  const knots = Math.max(4, Math.round(total / 10));
  const val = Array.from({ length: knots }, () => amp * (2 * rnd() - 1));
  return pts.map((p, i) => {
    const u = (i / n) * knots, k = Math.floor(u), f = u - k;
    const w = val[k % knots]! * (1 - (3 * f * f - 2 * f * f * f)) + val[(k + 1) % knots]! * (3 * f * f - 2 * f * f * f);
    const a = pts[(i + n - 1) % n]!, b = pts[(i + 1) % n]!;
    const tx = b[0] - a[0], ty = b[1] - a[1], l = Math.hypot(tx, ty) || 1;
    return [p[0] + (w * ty) / l, p[1] - (w * tx) / l];
  });
}
