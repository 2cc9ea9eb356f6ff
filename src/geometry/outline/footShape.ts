/**
 * A foot-shaped plantar outline of given sizes: the template of an insole given by its sizes (shoe
 * fit), and the shape of the synthetic feet of the examples and tests (src/synth adds a scanner's
 * frame, winding and sampling to it).
 *
 * The shape is a closed centripetal Catmull–Rom spline through anatomical control points
 * (heel arc, lateral column, MTP5, toe envelope, hallux, MTP1, medial arch), sampled densely,
 * fitted exactly to the requested length and widths, then resampled at equal arc length.
 */

/** Options of {@link footShape}. Lengths in mm. */
export interface FootShapeOptions {
  /** Heel to the tip of the hallux, mm: the outline's exact x-extent in the foot frame. */
  footLength: number;
  /** Width of the ball: y-extent of the outline's points with 0.6·FL ≤ x ≤ 0.8·FL, mm. */
  ballWidth: number;
  /** Width of the heel: y-extent of the outline's points with 0 ≤ x ≤ 0.3·FL, mm. */
  heelWidth: number;
  /** Which foot. Right: medial (arch, big toe) is +y; left: medial is −y. */
  side: 'left' | 'right';
  /** 0 (flat foot) .. 1 (high arch): how far the medial midfoot border curves in: its depth below the
   *  outline's convex hull is ≈ 4 mm at 0 (the heel-to-arch transition) to ≈ 12 mm at 1, for a 102 mm ball. */
  archConcavity?: number;
  /** Number of distinct points (≥ 8), spaced by arc length. The widths are exact from about 60 points up. */
  points?: number;
}

/** Defaults of the optional fields of {@link FootShapeOptions}. */
export const FOOT_SHAPE_DEFAULTS = { archConcavity: 0.5, points: 400 } as const;

/** Landmark fractions of foot length used by the shape (heel and ball bands of the width fit). */
const HEEL_BAND_END = 0.3;
const BALL_BAND_START = 0.6;
const BALL_BAND_END = 0.8;
/** Dense samples per spline segment before arc-length resampling. */
const SAMPLES_PER_SEGMENT = 48;

type Pt = [number, number];

/**
 * Builds a plantar foot outline.
 *
 * In the foot frame: heel at x = 0, hallux tip at x = footLength
 * (both exact), y to the foot's left, and x is the principal axis of the outline's area (its second
 * moments have no xy term), so an aligner that uses area moments recovers this frame exactly.
 * Shape: rounded heel (widest ≈ 0.14·FL), nearly straight lateral border, medial border concave
 * over 0.3–0.6·FL (depth from `archConcavity`), ball widest between MTP5 (lateral, ≈ 0.63–0.65·FL)
 * and MTP1 (medial, ≈ 0.74·FL), a smooth convex toe envelope from the hallux (longest, medial) back
 * to the fifth toe (≈ 0.81·FL). The polygon is simple, its first point is the back of the heel, and
 * it is deterministic (same options, same numbers).
 *
 * Widths are measured as the y-extent of the outline's points within a band of x: heel 0–0.3·FL,
 * ball 0.6–0.8·FL (the widest cross-section of the ball is ≈ 1 % narrower, as MTP1 and MTP5 are
 * at different x).
 *
 * @returns the outline's points `[x, y]` in mm, `points` of them, counter-clockwise.
 * @throws RangeError when a size is not a positive finite number, `archConcavity` is outside [0, 1]
 *   or `points` is not an integer ≥ 8.
 */
export function footShape(opts: FootShapeOptions): Array<[number, number]> {
  const o = { ...FOOT_SHAPE_DEFAULTS, ...stripUndefined(opts) };
  const { footLength: fl, ballWidth: bw, heelWidth: hw } = o;
  for (const [name, v] of [['footLength', fl], ['ballWidth', bw], ['heelWidth', hw]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number, got ${v}`);
  }
  if (!(o.archConcavity >= 0 && o.archConcavity <= 1)) {
    throw new RangeError(`archConcavity must be within [0, 1], got ${o.archConcavity}`);
  }
  if (!Number.isInteger(o.points) || o.points < 8) throw new RangeError(`points must be an integer >= 8, got ${o.points}`);

  // Right-foot convention (medial +y) while building; counter-clockwise from the back of the heel.
  const ctrl = controlPoints(fl, bw, hw, o.archConcavity);
  let dense = sampleClosedCatmullRom(ctrl, SAMPLES_PER_SEGMENT);
  // Make x the outline's principal (long) axis, so any alignment by area moments agrees with the
  // frame the sizes are fitted in. Rotating, rescaling x and refitting y interact slightly: iterate.
  for (let i = 0; ; i++) {
    dense = normaliseLength(dense, fl);
    fitWidths(dense, fl, bw, hw);
    const tilt = principalAxisAngle(dense);
    if (Math.abs(tilt) < 1e-10 || i === 30) break;
    dense = rotate(dense, -tilt);
  }
  const pts = resampleByArcLength(dense, o.points);
  fitWidths(pts, fl, bw, hw); // exact on the returned points (tiny correction)

  if (o.side === 'left') for (const p of pts) p[1] = -p[1];
  if (signedArea(pts) < 0) reverseAfterFirst(pts);
  return pts;
}

/** Reverses a ring's winding in place, keeping its first point first. */
export function reverseAfterFirst(pts: Array<[number, number]>): void {
  const rest = pts.slice(1).reverse();
  pts.splice(1, rest.length, ...rest);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Control points of a right foot (medial +y), counter-clockwise from the back of the heel (0, 0).
 * x in mm from the heel; the spline may overshoot x slightly, which normaliseLength removes.
 */
function controlPoints(fl: number, bw: number, hw: number, arch: number): Pt[] {
  const h2 = hw / 2;
  const bm = 0.46 * bw; // medial half of the ball (MTP1 side)
  const bl = bw - bm; // lateral half (MTP5 side)
  const rx = Math.min(0.14 * fl, 0.9 * h2 + 0.04 * fl); // heel arc depth along x
  const d = (1 + 8.5 * arch) * (bw / 102); // hollow of the medial border below its reference line, mm
  const X = (f: number): number => f * fl;

  // Lateral column: slight waist after the heel, straight to MTP5 with a faint styloid bulge.
  const lat0: Pt = [X(0.3), -h2 + 0.01 * bw];
  const latAt = (f: number): number => lat0[1] + ((-bl - lat0[1]) * (f - 0.3)) / (0.63 - 0.3);
  // Medial reference line from just in front of the heel to MTP1; the arch hollows it by d.
  const m0: [number, number] = [0.28, h2 - 0.012 * bw];
  const medAt = (f: number): number => m0[1] + ((bm - m0[1]) * (f - m0[0])) / (0.74 - m0[0]);

  const heel = (deg: number, sign: number): Pt => {
    const t = (deg * Math.PI) / 180;
    return [rx * (1 - Math.cos(t)), sign * h2 * Math.sin(t)];
  };

  return [
    [0, 0],
    heel(35, -1),
    heel(65, -1),
    heel(90, -1),
    lat0,
    [X(0.42), latAt(0.42) - 0.004 * bw],
    [X(0.53), latAt(0.53) - 0.004 * bw],
    [X(0.615), -bl], // MTP5 (lands at ≈ 0.64·FL after the principal-axis rotation)
    [X(0.72), -bl + 0.012 * bw],
    [X(0.775), -bl + 0.055 * bw],
    [X(0.81), -bl + 0.1 * bw], // fifth toe tip
    [X(0.898), bm - 0.695 * bw], // fourth
    [X(0.948), bm - 0.55 * bw], // third
    [X(0.982), bm - 0.39 * bw], // second
    [X(0.996), bm - 0.23 * bw],
    [X(1.0), bm - 0.15 * bw], // hallux tip
    [X(0.993), bm - 0.095 * bw],
    [X(0.972), bm - 0.06 * bw],
    [X(0.93), bm - 0.04 * bw],
    [X(0.86), bm - 0.02 * bw],
    [X(0.74), bm], // MTP1
    [X(0.67), bm - 0.02 * bw],
    [X(0.58), medAt(0.58) - 0.45 * d],
    [X(0.5), medAt(0.5) - 0.9 * d],
    [X(0.42), medAt(0.42) - d], // arch apex region (navicular ≈ 0.43·FL)
    [X(0.34), medAt(0.34) - 0.65 * d],
    [X(0.28), m0[1] - 0.15 * d],
    heel(90, 1),
    heel(65, 1),
    heel(35, 1),
  ];
}

/** Samples a closed centripetal Catmull–Rom spline through `ctrl`, `m` points per segment. */
function sampleClosedCatmullRom(ctrl: readonly Pt[], m: number): Pt[] {
  const n = ctrl.length;
  const out: Pt[] = [];
  const at = (i: number): Pt => ctrl[((i % n) + n) % n]!;
  const knot = (a: Pt, b: Pt): number => Math.sqrt(Math.hypot(b[0] - a[0], b[1] - a[1])) || 1e-9;
  for (let i = 0; i < n; i++) {
    const p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
    const t0 = 0, t1 = t0 + knot(p0, p1), t2 = t1 + knot(p1, p2), t3 = t2 + knot(p2, p3);
    for (let k = 0; k < m; k++) {
      const t = t1 + ((t2 - t1) * k) / m;
      const pt: Pt = [0, 0];
      for (let c = 0; c < 2; c++) {
        const a1 = ((t1 - t) * p0[c]! + (t - t0) * p1[c]!) / (t1 - t0);
        const a2 = ((t2 - t) * p1[c]! + (t - t1) * p2[c]!) / (t2 - t1);
        const a3 = ((t3 - t) * p2[c]! + (t - t2) * p3[c]!) / (t3 - t2);
        const b1 = ((t2 - t) * a1 + (t - t0) * a2) / (t2 - t0);
        const b2 = ((t3 - t) * a2 + (t - t1) * a3) / (t3 - t1);
        pt[c] = ((t2 - t) * b1 + (t - t1) * b2) / (t2 - t1);
      }
      out.push(pt);
    }
  }
  return out;
}

/** Rotates the ring to start at its minimum x and maps x linearly onto [0, fl], both ends exact. */
function normaliseLength(ring: Pt[], fl: number): Pt[] {
  let iMin = 0, iMax = 0;
  ring.forEach((p, i) => {
    if (p[0] < ring[iMin]![0]) iMin = i;
    if (p[0] > ring[iMax]![0]) iMax = i;
  });
  const x0 = ring[iMin]![0];
  const k = fl / (ring[iMax]![0] - x0);
  const out = ring.slice(iMin).concat(ring.slice(0, iMin)).map(([x, y]): Pt => [Math.min(fl, (x - x0) * k), y]);
  const tip = (iMax - iMin + ring.length) % ring.length;
  out[0]![0] = 0;
  out[tip]![0] = fl;
  return out;
}

/**
 * Scales y (in place) by a factor that is constant over the heel band and over the ball band and
 * blends smoothly across the midfoot, so each band's y-extent is exactly the requested width.
 * Skipped for a band holding too few points to measure (very low point counts).
 */
function fitWidths(ring: Pt[], fl: number, bw: number, hw: number): void {
  const extent = (lo: number, hi: number): number | undefined => {
    let min = Infinity, max = -Infinity;
    for (const [x, y] of ring) {
      if (x >= lo && x <= hi) {
        if (y < min) min = y;
        if (y > max) max = y;
      }
    }
    return max > 0 && min < 0 ? max - min : undefined;
  };
  const eh = extent(0, HEEL_BAND_END * fl);
  const eb = extent(BALL_BAND_START * fl, BALL_BAND_END * fl);
  const sh = eh === undefined ? 1 : hw / eh;
  const sb = eb === undefined ? 1 : bw / eb;
  for (const p of ring) {
    const u = (p[0] / fl - HEEL_BAND_END) / (BALL_BAND_START - HEEL_BAND_END);
    const t = u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
    p[1] *= sh + (sb - sh) * t;
  }
}

/**
 * Resamples a closed polyline that starts at the heel (x = 0) to `n` points at equal arc length,
 * in two runs (heel → toe tip and toe tip → heel) so both x-extremes are kept exactly.
 */
function resampleByArcLength(ring: readonly Pt[], n: number): Pt[] {
  let tip = 0;
  ring.forEach((p, i) => {
    if (p[0] > ring[tip]![0]) tip = i;
  });
  const runA = ring.slice(0, tip + 1);
  const runB = ring.slice(tip).concat([ring[0]!]);
  const la = polylineLength(runA);
  const lb = polylineLength(runB);
  const na = Math.min(n - 1, Math.max(1, Math.round((n * la) / (la + lb))));
  return [...resampleRun(runA, na), ...resampleRun(runB, n - na)];
}

/** `count` points along an open polyline at equal arc length, starting at its first point, excluding its last. */
function resampleRun(run: readonly Pt[], count: number): Pt[] {
  const total = polylineLength(run);
  const out: Pt[] = [[run[0]![0], run[0]![1]]];
  let seg = 0;
  let segStart = 0; // arc length at run[seg]
  for (let k = 1; k < count; k++) {
    const s = (total * k) / count;
    for (;;) {
      const a = run[seg]!, b = run[seg + 1]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (segStart + len >= s || seg + 2 >= run.length) {
        const t = len > 0 ? Math.min(1, Math.max(0, (s - segStart) / len)) : 0;
        out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
        break;
      }
      segStart += len;
      seg++;
    }
  }
  return out;
}

function polylineLength(run: readonly Pt[]): number {
  let l = 0;
  for (let i = 1; i < run.length; i++) l += Math.hypot(run[i]![0] - run[i - 1]![0], run[i]![1] - run[i - 1]![1]);
  return l;
}

function signedArea(ring: readonly Pt[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return a / 2;
}

function rotate(ring: readonly Pt[], rad: number): Pt[] {
  const c = Math.cos(rad), s = Math.sin(rad);
  return ring.map(([x, y]): Pt => [x * c - y * s, x * s + y * c]);
}

/** Angle (radians, in (−π/2, π/2]) of the major principal axis of the polygon's area (second moments). */
function principalAxisAngle(ring: readonly Pt[]): number {
  let a = 0, cx = 0, cy = 0, ixx = 0, iyy = 0, ixy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!, [x1, y1] = ring[i]!;
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
    ixx += (x0 * x0 + x0 * x1 + x1 * x1) * c;
    iyy += (y0 * y0 + y0 * y1 + y1 * y1) * c;
    ixy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c;
  }
  a /= 2;
  cx /= 6 * a;
  cy /= 6 * a;
  const sxx = ixx / 12 - a * cx * cx; // ∫x² dA about the centroid (sign follows the winding, cancels below)
  const syy = iyy / 12 - a * cy * cy;
  const sxy = ixy / 24 - a * cx * cy;
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}
