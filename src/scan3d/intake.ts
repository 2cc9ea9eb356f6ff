/**
 * Intake of a 3D foot scan: from a triangle mesh as stored (any units, any frame) to the foot's
 * plantar outline and sole in a foot-aligned frame (mm, floor at z = 0, x from the heel toward the
 * toes, y to the foot's left, z up), with the transform that got there and every repair made.
 */
import { InputError, type Problem } from '../errors.js';
import { weld } from '../geometry/mesh/index.js';
import { offsetClosed, resampleClosed, smoothClosed } from '../geometry/outline/index.js';
import type { SoleGrid } from '../geometry/sole/index.js';
import {
  borderCells, cellsAtLeast, clearOutside, components, coveredCells, despike, envelope, extendOutward, fillHoles, findUp, floorMasked, footprintMoments,
  gridOver, heelCues, insideDistance, labelMask, limitSlope, pointBounds, restingPlane, riseSide, rmsDifference, scalePoints, smoothMasked, toFrame,
  traceBoundary, type GridSpec, type Vec3,
} from '../geometry/sole/index.js';

export type ScanUnits = 'mm' | 'm' | 'in';

/** What the intake needs besides the mesh. */
export interface IntakeOptions {
  /** The file's units; detected from the foot's size when omitted. */
  units?: ScanUnits | undefined;
  /** The mesh is a foam-box impression (the sole's negative, opening upward), not a standing foot. */
  impression?: boolean | undefined;
  /** The foot, when known: checked against the arch. */
  side?: 'left' | 'right' | undefined;
}

/** A mesh as a file stores it: xyz triples in the file's units and frame, three indices per triangle. */
export interface MeshInput {
  positions: Float64Array;
  indices: Uint32Array;
}

/**
 * The intake's rules: engineering choices, each with its reason.
 */
export const INTAKE_RULES = {
  /** Height-field spacing, mm: half the 2 mm features a foot scanner resolves (bilinear between cells, the sole is within 0.01 mm of the scan where it bends least than a 10 mm radius). */
  gridMm: 1,
  /** mm per file unit. */
  unitScales: { mm: 1, m: 1000, in: 25.4 } as Record<ScanUnits, number>,
  /** The largest extent a foot scan can have, mm (a 100–400 mm foot, its ankle cut, a foam box around it). */
  extentMm: [90, 480] as const,
  /**
   * A mesh with more distinct corners than this a triangle is no connected surface (a closed or
   * open scan has about 0.5, a strip of triangles 1, a soup 3). Engineering choice: well clear of both.
   */
  soupCornersPerTriangle: 2,
  /** A mesh listing more points than this a triangle is welded first (a welded scan has about 0.5; seams add a few per cent). Engineering choice. */
  weldAbovePointsPerTriangle: 0.6,
  /** Faces within this of the lowest plane are where the mesh rests, mm (a weight-bearing sole is within 0.5 mm of the plate; scanner noise ~1 mm). */
  contactBandMm: 2,
  /** An impression's cavity is where the surface is this far below the box's top, mm. */
  cavityDepthMm: 1.5,
  /** Holes in the sole up to this area are filled (and reported); a bigger one means the sole was not scanned, mm². */
  maxHoleMm2: 600,
  /** A second piece of footprint this large relative to the first is a second foot. */
  secondFootRatio: 0.15,
  /** A cell further than this from its neighbourhood's median is a spike, mm. */
  spikeMm: 2,
  /** The device follows the sole no steeper than this (rise over run): tan 60°, steeper than a real arch 5 mm inside the border (~50°). */
  maxSlope: Math.tan(Math.PI / 3),
  /** Smoothing: a Gaussian of min + perNoise × the scan's noise (RMS, mm), at most max, mm. */
  smoothing: { minMm: 0.5, perNoise: 4, maxMm: 3 },
  /**
   * The outline is drawn in by perNoise × the sole's noise (RMS, mm), at most maxMm: a noisy
   * surface's silhouette stands out by its noise (the foot's steep sides jut out where the noise
   * pushes them). Calibrated on the real scans with 1 mm of noise on every vertex (two feet, three
   * seeds: tests/scan3d/noisyScans.test.ts): the left foot's length and widths came out 1.2–2.4 mm
   * larger on average (single scans up to 2.9); 3× the intake's noise estimate (0.28–0.29 mm) takes each
   * average within 1 mm of the clean scans' (0.92 at worst; single scans within 1.4 mm). A clean
   * scan's (0.04–0.05 mm) moves its outline 0.13–0.14 mm. At most 1.5 mm (a noise of 0.5 mm, some
   * 2 mm on every vertex): engineering choice, a bound on how far the outline is moved from what
   * the scan shows.
   */
  noiseInset: { perNoise: 3, maxMm: 1.5 },
  /** Above this height a standing scan is the leg, which stands over the heel, mm. */
  legAboveMm: 50,
} as const;

/** The result of the intake, in the intake frame (mm, floor z = 0, heel at x = 0, toes toward +x). */
export interface ScanIntake {
  units: ScanUnits;
  unitsDetected: boolean;
  impression: boolean;
  /** Row-major 4×4 from the file's coordinates to the intake frame, mm. */
  matrix4: number[];
  /** The plantar silhouette, CCW, about 1 mm between points, drawn in for the sole's noise (INTAKE_RULES.noiseInset). */
  outline: Float64Array;
  /** The sole the device follows: smoothed, repaired, no steeper than maxSlope, carried beyond the footprint. */
  sole: SoleGrid;
  /** The sole as scanned (spikes and holes repaired, not smoothed); NaN off the footprint. */
  scanned: SoleGrid;
  side: 'left' | 'right';
  /** What told the side: the arch, the toes, or only the caller. */
  sideFrom: 'arch' | 'toes' | 'given';
  /** The scan's noise (RMS about a 1 mm smoothing) and the smoothing applied, mm. */
  noiseMm: number;
  smoothingMm: number;
  /** Repairs made, one sentence each. */
  repairs: string[];
  triangles: number;
}

function fail(rule: string, value?: unknown): never {
  const p: Problem = value === undefined ? { pointer: '', rule } : { pointer: '', rule, value };
  throw new InputError([p]);
}

/**
 * Reads a foot off a scan mesh.
 * @throws InputError (exit 3) naming what is wrong: units, not a foot, two feet, a partial scan, a side the arch contradicts.
 */
export function intakeScan(mesh: MeshInput, options: IntakeOptions = {}): ScanIntake {
  const R = INTAKE_RULES;
  const triangles = mesh.indices.length / 3;
  if (triangles < 100) fail('a foot scan needs at least 100 triangles', triangles);
  // The triangles joined where their corners meet: OBJ and PLY may list a point more than once (a
  // seam, or every triangle's corners apart), and then the mesh is read as if welded (as an STL
  // is); a mesh still with more distinct corners than soupCornersPerTriangle is no surface.
  // Points no triangle uses (a scanner's strays, a trimmed part's leftovers) are dropped either way:
  // they would count in the scan's size, and so its units.
  const { positions, indices } = mesh.positions.length / 3 > R.weldAbovePointsPerTriangle * triangles ? joined(mesh) : usedOnly(mesh);
  if (positions.length / 3 > R.soupCornersPerTriangle * triangles) {
    fail(`is not a connected surface: its ${triangles} triangles have ${positions.length / 3} distinct corners, more than ${R.soupCornersPerTriangle} a triangle (a scan's triangles share their corners, about half a corner a triangle); export the scan with shared (welded) vertices`);
  }
  // Units.
  const box = pointBounds(positions);
  const extent = Math.max(box[3] - box[0], box[4] - box[1], box[5] - box[2]);
  let units: ScanUnits;
  const unitsDetected = !options.units;
  if (options.units) {
    units = options.units;
    const mm = extent * R.unitScales[units];
    if (mm < R.extentMm[0] || mm > R.extentMm[1]) fail(`is not a foot in ${units}: its largest extent would be ${+mm.toFixed(1)} mm (a foot scan is ${R.extentMm[0]}–${R.extentMm[1]} mm)`, `${+extent.toPrecision(4)} ${units}`);
  } else {
    const fits = (Object.keys(R.unitScales) as ScanUnits[]).filter((u) => extent * R.unitScales[u] >= R.extentMm[0] && extent * R.unitScales[u] <= R.extentMm[1]);
    if (fits.length !== 1) fail(`is no foot's size in mm, metres or inches (a foot scan is ${R.extentMm[0]}–${R.extentMm[1]} mm across): check the file, or give its units with --units`, `largest extent ${+extent.toPrecision(4)} file units`);
    units = fits[0]!;
  }
  const scale = R.unitScales[units];
  const p = scalePoints(positions, scale);
  const repairs: string[] = [];
  const impression = options.impression ?? false;

  // Up, then the floor the sole rests on.
  const { up } = findUp(p, indices, R.contactBandMm);
  let frame = basis(up);
  let origin: Vec3 = [0, 0, 0];
  {
    const q = toFrame(p, frame, origin);
    const g = gridFor(q, 1);
    const { h, mask } = footprintField(q, indices, g, impression);
    // The floor is fitted to the sole well inside the footprint, spikes and cracks removed first.
    const inside = insideDistance(mask, g);
    const inner = cellsAtLeast(inside, 4);
    despike(h, inner, g, R.spikeMm);
    // ... and smoothed as the sole will be: a noisy scan's lowest dips (1 mm a vertex) would hold
    // the plane ~2 mm under the sole, floating it all off its floor.
    const plane = restingPlane(smoothForNoise(h, mask, inside, g).smooth, inner, g);
    // The plane z = a x + b y + c in this frame: its normal is the new up; its point (0, 0, c) the new origin.
    const n = normalize([-plane.a, -plane.b, 1]);
    const worldUp = normalize(toWorld(frame, n));
    const o = toWorld(frame, [0, 0, plane.c]);
    frame = basis(worldUp, frame[0]);
    origin = o;
  }
  // The footprint on the floor: its long axis, heel, toes and medial side.
  let q = toFrame(p, frame, origin);
  let g = gridFor(q, 1);
  let field = footprintField(q, indices, g, impression);
  let mask = mainPiece(field.mask, g, repairs, false);
  const axis = longAxis(mask, g);
  const heelAt = heelEnd(q, field.h, mask, g, axis, impression);
  const ex: Vec3 = heelAt < 0 ? [axis[0], axis[1], 0] : [-axis[0], -axis[1], 0];
  frame = basis(frame[2], toWorld(frame, ex));
  q = toFrame(p, frame, origin);

  // The final height field, then the frame moved so the heel is at x = 0.
  g = gridFor(q, R.gridMm);
  field = footprintField(q, indices, g, impression);
  mask = mainPiece(field.mask, g, repairs, true);
  const minX = g.x0 + footprintMoments(mask, g).i0 * g.step;
  origin = [origin[0] + frame[0][0] * minX, origin[1] + frame[0][1] * minX, origin[2] + frame[0][2] * minX];
  g = { ...g, x0: g.x0 - minX };
  const h = field.h;
  clearOutside(h, mask);
  const holes = fillHoles(h, mask, g);
  const cell = g.step * g.step;
  if (holes.length) {
    if (holes[0]! * cell > R.maxHoleMm2) fail(`the sole has a hole of ${Math.round(holes[0]! * cell)} mm² (up to ${R.maxHoleMm2} mm² is filled): the scan misses part of the sole; rescan the foot`);
    repairs.push(`filled ${holes.length} hole${holes.length > 1 ? 's' : ''} in the sole (${Math.round(holes.reduce((s, n) => s + n, 0) * cell)} mm² in all)`);
  }
  const inside = insideDistance(mask, g);
  const inner = cellsAtLeast(inside, 3);
  const spikes = despike(h, inner, g, R.spikeMm);
  if (spikes) repairs.push(`removed ${spikes} spike${spikes > 1 ? 's' : ''} from the sole (${+(spikes * cell).toFixed(1)} mm² further than ${R.spikeMm} mm from their neighbours)`);
  floorMasked(h, mask, false);
  partialCheck(h, mask, inside, g);

  const footLength = g.x0 + footprintMoments(mask, g).i1 * g.step; // the heel's cells are at x = 0
  const side = sideOf(h, mask, inside, g, footLength, options.side);
  const { noiseMm, smoothingMm, smooth } = smoothForNoise(h, mask, inside, g);
  floorMasked(smooth, mask, true);
  extendOutward(smooth, mask, g);
  limitSlope(smooth, g, R.maxSlope);

  const boundary = traceBoundary(mask, g);
  // The grid's staircase (±half a cell) smoothed out along the boundary, the line drawn in for the
  // noise, then a point every 1 mm.
  const smoothed = smoothClosed(resampleClosed(boundary, g.step / 2), (1.5 * g.step) / (g.step / 2));
  const outline = resampleClosed(offsetClosed(smoothed, -Math.min(R.noiseInset.maxMm, R.noiseInset.perNoise * noiseMm)), 1);
  const matrix4 = [
    frame[0][0] * scale, frame[0][1] * scale, frame[0][2] * scale, -dot(frame[0], origin),
    frame[1][0] * scale, frame[1][1] * scale, frame[1][2] * scale, -dot(frame[1], origin),
    frame[2][0] * scale, frame[2][1] * scale, frame[2][2] * scale, -dot(frame[2], origin),
    0, 0, 0, 1,
  ];
  return {
    units, unitsDetected, impression, matrix4, outline,
    sole: { ...g, heights: smooth },
    scanned: { ...g, heights: h },
    side: side.side, sideFrom: side.from,
    noiseMm, smoothingMm, repairs, triangles,
  };
}

type Frame = [Vec3, Vec3, Vec3];

/**
 * The mesh with its triangles' corners welded: the points the triangles use, one vertex for each
 * distinct position (the weld kernel: identical coordinates), the triangles re-indexed.
 */
function joined(mesh: MeshInput): MeshInput {
  const { positions, indices } = mesh;
  const compact = new Int32Array(positions.length / 3).fill(-1);
  let used = 0;
  for (let c = 0; c < indices.length; c++) if (compact[indices[c]!] === -1) compact[indices[c]!] = used++;
  const welded = weld(gather(positions, compact, used));
  const out = new Uint32Array(indices.length);
  for (let c = 0; c < indices.length; c++) out[c] = welded.indices[compact[indices[c]!]!]!;
  return { positions: welded.positions, indices: out };
}

/**
 * The mesh without the points no triangle uses, the others in the file's order (so the same as the
 * file without them); the mesh itself when every point is used.
 */
function usedOnly(mesh: MeshInput): MeshInput {
  const { positions, indices } = mesh;
  const compact = new Int32Array(positions.length / 3).fill(-1);
  for (let c = 0; c < indices.length; c++) compact[indices[c]!] = 0;
  let used = 0;
  for (let v = 0; v < compact.length; v++) if (compact[v] === 0) compact[v] = used++;
  if (used === compact.length) return mesh;
  const out = new Uint32Array(indices.length);
  for (let c = 0; c < indices.length; c++) out[c] = compact[indices[c]!]!;
  return { positions: gather(positions, compact, used), indices: out };
}

/** The coordinates of the points kept, at their new indices (`compact`: -1 for a point dropped). */
function gather(positions: Float64Array, compact: Int32Array, used: number): Float64Array {
  const points = new Float64Array(3 * used);
  for (let v = 0; v < compact.length; v++) {
    const k = compact[v]!;
    if (k >= 0) { points[3 * k] = positions[3 * v]!; points[3 * k + 1] = positions[3 * v + 1]!; points[3 * k + 2] = positions[3 * v + 2]!; }
  }
  return points;
}

/**
 * A sole's noise and the smoothing it needs, and the sole smoothed so. Noise: the sole against
 * itself smoothed over 1 mm (a scan's noise sits on its vertices, a few mm apart, so a cell's
 * neighbours share it: a wider reference sees it), RMS over the cells 5 mm inside.
 */
function smoothForNoise(h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec): { noiseMm: number; smoothingMm: number; smooth: Float64Array } {
  const R = INTAKE_RULES;
  const noiseMm = rmsDifference(h, smoothMasked(h, mask, g, 1), inside, 5);
  const smoothingMm = Math.min(R.smoothing.maxMm, R.smoothing.minMm + R.smoothing.perNoise * noiseMm);
  return { noiseMm, smoothingMm, smooth: smoothMasked(h, mask, g, smoothingMm) };
}

function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
function cross(a: Vec3, b: Vec3): Vec3 { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
function normalize(a: Vec3): Vec3 { const l = Math.hypot(a[0], a[1], a[2]); return [a[0] / l, a[1] / l, a[2] / l]; }
function toWorld(f: Frame, v: Vec3): Vec3 {
  return [f[0][0] * v[0] + f[1][0] * v[1] + f[2][0] * v[2], f[0][1] * v[0] + f[1][1] * v[1] + f[2][1] * v[2], f[0][2] * v[0] + f[1][2] * v[1] + f[2][2] * v[2]];
}

/** A right-handed frame with z = up and x as near `hint` as up allows. */
function basis(up: Vec3, hint?: Vec3): Frame {
  const z = normalize(up);
  let h: Vec3 = hint ?? (Math.abs(z[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]);
  let x: Vec3 = [h[0] - dot(h, z) * z[0], h[1] - dot(h, z) * z[1], h[2] - dot(h, z) * z[2]];
  if (Math.hypot(x[0], x[1], x[2]) < 1e-6) { h = Math.abs(z[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]; x = [h[0] - dot(h, z) * z[0], h[1] - dot(h, z) * z[1], h[2] - dot(h, z) * z[2]]; }
  x = normalize(x);
  return [x, cross(z, x), z];
}

function gridFor(q: Float64Array, step: number): GridSpec {
  const [x0, y0, , x1, y1] = pointBounds(q);
  return gridOver(x0, y0, x1, y1, step);
}

/**
 * The sole's height field and footprint in a frame whose z is up: a standing foot's lower
 * envelope; an impression's upper envelope where it lies below the box's top (the cavity).
 */
function footprintField(q: Float64Array, indices: Uint32Array, g: GridSpec, impression: boolean): { h: Float64Array; mask: Uint8Array } {
  const h = envelope(q, indices, g, !impression);
  if (!impression) return { h, mask: coveredCells(h) };
  const mask = new Uint8Array(h.length);
  // The box's top: the level most of the covered cells share (its flat rim).
  const levels: number[] = [];
  for (let k = 0; k < h.length; k++) if (h[k] === h[k]) levels.push(h[k]!);
  levels.sort((a, b) => a - b);
  const top = levels[Math.floor(0.95 * (levels.length - 1))] ?? 0;
  for (let k = 0; k < h.length; k++) mask[k] = h[k]! < top - INTAKE_RULES.cavityDepthMm ? 1 : 0;
  return { h, mask };
}

/** The footprint's largest piece; a second big piece is a second foot; small specks are dropped. */
function mainPiece(mask: Uint8Array, g: GridSpec, repairs: string[], report: boolean): Uint8Array {
  const { labels, sizes } = components(mask, g);
  if (!sizes.length) fail('has no footprint: nothing of it lies on a floor');
  const order = sizes.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const [first, second] = order;
  const cell = g.step * g.step;
  if (second && second[0] > INTAKE_RULES.secondFootRatio * first![0]) {
    fail(`holds two feet (footprints of ${Math.round(first![0] * cell)} and ${Math.round(second[0] * cell)} mm²): give one foot per file`);
  }
  const out = labelMask(labels, first![1]);
  const dropped = order.slice(1).reduce((s, [n]) => s + n, 0) * cell;
  if (report && dropped >= 1) repairs.push(`dropped ${order.length - 1} loose piece${order.length > 2 ? 's' : ''} beside the foot (${+dropped.toFixed(1)} mm²)`);
  return out;
}

/** The footprint's long axis (unit, in the plane): its cells' principal direction. */
function longAxis(mask: Uint8Array, g: GridSpec): [number, number] {
  const { cxx, cyy, cxy } = footprintMoments(mask, g);
  const phi = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
  return [Math.cos(phi), Math.sin(phi)];
}

/**
 * Which end of the long axis is the heel: -1 for the low end, +1 for the high end. Cues: the leg
 * stands over the heel (standing scans), the arch lies behind the middle, the heel is narrower
 * than the ball. @throws InputError when the cues do not decide.
 */
function heelEnd(q: Float64Array, h: Float64Array, mask: Uint8Array, g: GridSpec, axis: [number, number], impression: boolean): -1 | 1 {
  const cues = heelCues(q, h, mask, insideDistance(mask, g), g, axis, INTAKE_RULES.legAboveMm, 8, 4);
  const len = cues.t1 - cues.t0;
  if (!(len > 0)) fail('has no footprint: nothing of it lies on a floor');
  let vote = 0;
  // The leg.
  if (!impression) {
    const s = cues.legSum, n = cues.legCount;
    if (n >= 20 && Math.abs(s / n - 0.5) > 0.1) vote += s / n < 0.5 ? -2 : 2;
  }
  // The arch: raised sole (over 4 mm) well inside the footprint (8 mm).
  const sa = cues.archSum, na = cues.archCount;
  if (na * g.step * g.step > 100 && Math.abs(sa / na - 0.5) > 0.05) vote += sa / na < 0.5 ? -1 : 1;
  // Widths: the ball's end is wider.
  const wa = cues.lowEndWidth, wb = cues.highEndWidth;
  const w = (wb - wa) / (wa + wb);
  if (Math.abs(w) > 0.05) vote += w > 0 ? -1 : 1;
  if (vote === 0) fail('is a shape whose heel cannot be told from its toes (no leg above the heel, no arch behind the middle, ends equally wide): is it a foot?');
  return vote < 0 ? -1 : 1;
}

/**
 * A scan cut across the sole at the heel leaves its footprint's end straight on the floor: at the
 * footprint's very back, a full scan's sole curves up into the heel's back; a cut one stops on the
 * floor. Look at the cells on the boundary in the last 4 mm.
 */
function partialCheck(h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec): void {
  const { all, low } = borderCells(h, mask, inside, g, 0, 4, g.step * 1.5, 1);
  if (all > 0 && low / all > 0.6) fail('is cut off at the heel: its footprint ends on the floor there, where a whole foot\'s sole curves up (the scan misses the heel)');
}

/**
 * The side: from the arch (the medial side is where the sole rises off the floor in the midfoot),
 * else from the toes (the longest toe is medial), else as given. A given side the arch
 * contradicts is an error naming both.
 */
function sideOf(h: Float64Array, mask: Uint8Array, inside: Float64Array, g: GridSpec, fl: number, given?: 'left' | 'right'): { side: 'left' | 'right'; from: 'arch' | 'toes' | 'given' } {
  // Per station from 20 to 60 % of the length, the footprint's middle; the arch's cells (5 mm inside,
  // 2 mm high) weighted by height, relative to it.
  const { sum: s, weight: w } = riseSide(h, mask, inside, g, 0.2 * fl, 0.6 * fl, 5, 2);
  const cell = g.step * g.step;
  if (w * cell > 200 && Math.abs(s / w) > 0.3) {
    const side = s > 0 ? 'right' : 'left';
    if (given && given !== side) fail(`is a ${side} foot by its arch (the sole rises on the ${s > 0 ? 'left' : 'right'} of the heel-to-toe line), but the side given is ${given}: check the side, or whether the scan is mirrored`);
    return { side, from: 'arch' };
  }
  if (given) return { side: given, from: 'given' };
  // The longest toe: medial.
  let tipY = 0, tipX = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let k = 0; k < mask.length; k++) if (mask[k]) {
    const i = k % g.nx, j = (k - i) / g.nx;
    const x = g.x0 + i * g.step, y = g.y0 + j * g.step;
    if (x > tipX) { tipX = x; tipY = y; }
    if (x > 0.7 * fl && x < 0.75 * fl) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  }
  const off = tipY - (y0 + y1) / 2;
  if (Math.abs(off) < 0.1 * (y1 - y0)) fail('shows neither an arch nor a longest toe to tell a left foot from a right: give the side (--side)');
  return { side: off > 0 ? 'right' : 'left', from: 'toes' };
}
