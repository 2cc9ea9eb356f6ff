import { GeometryError, InputError, LimitError, mapProblems, MeshValidationError, type Problem } from '../errors.js';
import {
  alignOutline, applyPitch, bounds, footFrameOutline, buildDevice, checkSolid, fitShoe, fitToSole, signedArea, computeLandmarks, DEVICE_DEFAULTS, FIT_RULES, measureDevice, mirrorSole, resampleSole, deviceSole, SURFACE_RULES,
  HEEL_ROUNDING, HEEL_TOE_WEIGHTS, MIN_HEEL_TOE_MARGIN, type HeelToeCues, type HeelToeDecision, type PreparedOutline, type Device, type FeatureContext, type Fit, type FootLandmarks, type MeasuredGeometry, type Mesh, type ShoeFit, type SoleGrid, type DeviceSole, type SolidCheck, type Underside,
} from '../geometry/index.js';
import type { LoadedSurface } from '../scan3d/index.js';
import { checkLimits, compareToBuiltIn, DEFAULT_LIMITS, heelStackMm, type LimitFinding, type LimitsProfile, type Loosening } from '../limits/index.js';
import { crossCheckMeasurements, labSupplied, parsePrescription, parseScan, PRESCRIPTION_FIELDS, resolvePrescription, mirrorScan, type FootScan, type Prescription, type ResolvedPrescription } from '../scan/index.js';
import { modificationDesigns } from '../modifications/index.js';
import { makingWarning } from '../materials/index.js';
import { TOOL } from '../version.js';
import { sha256Of } from './hash.js';
import { deviceGuides, type DeviceGuides } from './guides.js';
import { roundDeep, type BuildReport } from './report.js';

/** Foot lengths accepted, mm (issue 2: outside 100–400 mm is not a foot this tool can build for). */
export const FOOT_LENGTH_RANGE_MM = [100, 400] as const;
/** Resolutions accepted, mm: finer costs memory for no visible gain, coarser loses the heel cup. */
export const RESOLUTION_RANGE_MM = [0.25, 3] as const;

/** Most triangles a build may make (memory: ~100 bytes a triangle across mesh, checks and STL). */
export const MAX_TRIANGLES = 2_500_000;

export interface BuildOptions {
  /** Correction-limits profile (default: the built-in one). */
  limits?: LimitsProfile;
  /** Build at a hard limit instead of refusing. */
  clamp?: boolean;
  /** Reason for accepting a profile that loosens a built-in limit; recorded in the report. */
  allowOverLimit?: string;
  /** Surface mesh edge length, mm. */
  resolutionMm?: number;
  /** Measure the built mesh into `report.measured` (default true; the CLI skips it without --report/--json). */
  measure?: boolean;
  /** Build the other foot's device from this scan (mirrored; `report.mirroredFrom` says so). */
  mirror?: boolean;
  /** The 3D scan the scan was read from (scanFromMesh): the device follows its sole. */
  surface?: LoadedSurface | undefined;
  /**
   * With a 3D scan: `scan` (default) makes the top surface the scanned sole (total contact);
   * `parametric` builds from the scan's outline and measurements alone, as from a JSON scan.
   */
  surfaceMode?: SurfaceMode | undefined;
  /** A lab's configuration in effect (its prescription defaults, and what else it supplied to the run), recorded in the report. */
  config?: ConfigInEffect | undefined;
  /**
   * The device is milled from a block (`--for mill`, `--mill device`): it is filled, a flat base under
   * it all, whatever the prescription says. Applied as the construction (`prescription.applied`),
   * never written into the prescription: `asked` and the prescription's hash stay the clinician's;
   * a shell asked for is built filled with a warning.
   */
  milledFromBlock?: boolean;
  /**
   * The device is formed over a milled positive cast (`--for mill`, `--mill cast`): built as
   * prescribed; a material not formed over a cast is warned of ([CB-material-making]).
   */
  formedOverCast?: boolean;
}

export type SurfaceMode = 'scan' | 'parametric';

/** Why a device milled from a block cannot follow a shoe's heel pitch (BuildOptions.milledFromBlock). */
const MILLED_FLAT_BASE_RULE = "a device milled from a block stands on a flat base: leave out the shoe's heel pitch (the device then flexes into the shoe)";

/** The warning of a shell asked for a device milled from a block (BuildOptions.milledFromBlock). */
export const MILLED_SHELL_WARNING = 'construction: shell asked, built filled: a device milled from a block is filled, with a flat base under it all (a cast, mill: cast, is milled for a shell to be vacuum-formed over)';

/** A lab configuration (src/config) as a build uses it; the command line finds and reads it. */
export interface ConfigInEffect {
  /** SHA-256 of the configuration's canonical JSON. */
  sha256: string;
  /** Its prescription defaults: under the order's prescription, over the built-in defaults. */
  prescription?: Partial<Prescription> | undefined;
  /** What else it supplied to the run (resolution, limits profile, output formats, lab), as the report records it. */
  supplied?: Record<string, unknown> | undefined;
  /** How messages name it (its file); not recorded. */
  name?: string | undefined;
}

/** The report's record of a configuration: its hash and every value it supplied to this device. */
export interface ConfigRecord {
  sha256: string;
  supplied: Record<string, unknown>;
}

/** A 3D scan's sole in the foot frame, and how the device uses it. */
export interface PreparedSurface {
  loaded: LoadedSurface;
  mode: SurfaceMode;
  /** The sole the device follows (smoothed, carried beyond the footprint, capped at the border), foot frame. */
  sole: DeviceSole;
  /** The sole as scanned, foot frame (NaN off the footprint): what the fit is measured against. */
  scanned: SoleGrid;
}

export const BUILD_DEFAULTS = { clamp: false, resolutionMm: DEVICE_DEFAULTS.resolutionMm } as const;

/**
 * The built-in limits a profile loosens, when a reason to accept that was given.
 * @throws LimitError (exit 4) naming each loosened limit when no `allowOverLimit` reason is given.
 */
export function acceptedLoosenings(profile: LimitsProfile, allowOverLimit?: string | null): Loosening[] {
  const loosened = compareToBuiltIn(profile);
  if (loosened.length && !allowOverLimit) {
    throw new LimitError(loosened.map((l): Problem => ({
      pointer: l.parameter.startsWith('steps.') ? `/steps/${l.parameter.slice(6)}/${l.field}` : `/parameters/${l.parameter}/${l.field}`,
      rule: `${l.message}: a profile that loosens a built-in limit needs --allow-over-limit "<reason>"`,
      value: l.profile,
      source: 'limits',
    })));
  }
  return loosened;
}

/** Everything checked and resolved before any mesh is built. */
export interface PreparedBuild {
  /** The scan built from: the input, or its mirror image when `options.mirror` was set. */
  scan: FootScan;
  /** The scan as given (what the report's hash is of). */
  input: FootScan;
  rx: Prescription | undefined;
  profile: LimitsProfile;
  outline: Float64Array;
  alignment: ReturnType<typeof alignOutline>['transform'];
  /** How the heel was told from the toes (shape cues or the scan's orientation). */
  heelToe: HeelToeDecision;
  /** How the scanner's outline was made into the foot's (a curve through sparse points, smoothed noise, loops cut). */
  outlineMade: Omit<PreparedOutline, 'xy' | 'notes'>;
  landmarks: FootLandmarks;
  asked: Prescription;
  applied: ResolvedPrescription;
  findings: LimitFinding[];
  loosened: Loosening[];
  /** The reason given for accepting a loosened profile (null when the profile loosens nothing). */
  allowOverLimit: string | null;
  warnings: string[];
  /** The 3D scan's sole, when the scan came from one. */
  surface: PreparedSurface | null;
  /** Row-major 4×4 from the scan's coordinates as stored (a 3D scan's file; a JSON scan's outline, z unchanged) to the foot frame, mm. */
  matrix4: number[];
  /** The lab configuration's record (null without one). */
  config: ConfigRecord | null;
  /** Milled from a block (BuildOptions.milledFromBlock): filled by its making, whatever was asked. */
  milledFromBlock: boolean;
}

/**
 * Validates a scan and prescription and checks them against the limits, without building a mesh
 * (what `orthotic validate` runs).
 *
 * @throws InputError (schema, measurements), GeometryError (outline), LimitError (over a hard limit).
 */
export function prepareBuild(scanInput: unknown, prescription?: unknown, options: BuildOptions = {}): PreparedBuild {
  const input = parseScan(scanInput);
  if (input.surface) {
    throw new InputError([{ pointer: '/surface', rule: 'names a 3D scan file, which must be read first (the command line reads it; the library: scanFromMesh)', value: input.surface.file }]);
  }
  const scan = options.mirror ? mirrorScan(input) : input;
  const rx = prescription === undefined ? undefined : parsePrescription(prescription);
  const profile = options.limits ?? DEFAULT_LIMITS;
  const loosened = acceptedLoosenings(profile, options.allowOverLimit);

  const [shortest, longest] = FOOT_LENGTH_RANGE_MM;
  // Shown to a tenth of a millimetre, or as finely as it takes to stay outside the range (99.99 mm,
  // not "100 mm"); under a millimetre to three significant figures.
  const outside = (v: number) => v < shortest || v > longest;
  const shown = (length: number) => (length < 1 ? +length.toPrecision(3) : [1, 2, 3, 4, 5, 6].map((d) => +length.toFixed(d)).find(outside) ?? length);
  const notFootLength = (length: number) => new GeometryError([{ pointer: '/outline', rule: `must be a foot ${shortest}–${longest} mm long`, value: `${shown(length)} mm` }]);
  // An outline whose box's diagonal is shorter than the shortest foot is too short whichever way it
  // lies: said so first, rather than that its shape does not tell the heel from the toes.
  const diagonal = boxDiagonal(scan.outline);
  if (diagonal < shortest) throw notFootLength(diagonal);
  const { prepared, transform, decision, heel, footprint, xy } = footFrameOutline(scan.outline, scan.side, scan.orientation);
  const fl = bounds(xy)[2]; // aligned: the heel is at x = 0
  if (outside(fl)) throw notFootLength(fl);
  const landmarks = computeLandmarks(xy, scan.side, scan.measurements);
  const disagreements = crossCheckMeasurements(scan.measurements, { footLength: landmarks.footLengthMm, ballWidth: landmarks.ballWidthMm, heelWidth: landmarks.heelWidthMm });
  if (disagreements.length) throw new InputError(disagreements);

  const { asked, resolved } = resolvePrescription(scan, rx, options.config?.prescription);
  const shellMilled = options.milledFromBlock && asked.construction === 'shell';
  if (options.milledFromBlock) resolved.construction = 'filled';
  const fromLab = labSupplied(asked, options.config?.prescription);
  // Milled from a block, the construction is the making's, not a default the lab supplied.
  if (options.milledFromBlock) delete fromLab.construction;
  // ... and its base is flat (the mill's draft and its blank's floor): a shoe's heel pitch cannot be
  // built into it. Said here, as the prescription asked it, so that validate and preview say it too.
  if (options.milledFromBlock && resolved.shoe?.heelHeight) {
    const problem = { pointer: '/prescription/shoe/heelHeight', rule: MILLED_FLAT_BASE_RULE, value: resolved.shoe.heelHeight };
    throw new GeometryError([Object.hasOwn(fromLab, 'shoe') ? { ...problem, source: 'config' as const, subject: options.config?.name } : problem]);
  }
  let checked: ReturnType<typeof checkLimits>;
  try {
    checked = checkLimits(scan, asked, resolved, profile, { heelWidth: landmarks.heelWidthMm }, { clamp: options.clamp ?? false, labDefaults: new Set(Object.keys(fromLab)) });
  } catch (err) {
    // A value the lab's configuration supplied is the configuration's to fix: say so.
    throw mapProblems(err, (p) => (Object.hasOwn(fromLab, /^\/prescription\/([^/]+)/.exec(p.pointer)?.[1] ?? '')
      ? { ...p, source: 'config', subject: p.subject ?? options.config?.name } : p));
  }
  const { applied, findings } = checked;
  const warnings = findings.filter((f) => f.level !== 'refused').map((f) => f.message);
  warnings.push(...prepared.notes);
  if (shellMilled) warnings.push(MILLED_SHELL_WARNING);
  const making = options.milledFromBlock ? 'milled' : options.formedOverCast ? 'formed' : null;
  const madeOtherwise = making && makingWarning(applied.material, making);
  if (madeOtherwise) warnings.push(madeOtherwise);
  if (heel.movedMm > 0) {
    warnings.push(`the heel, drawn by only a few of those points, is given a heel's round back as wide as the heel, moving the outline out by up to ${+heel.movedMm.toFixed(1)} mm [CB-outline-sparse]`);
  }
  if (footprint.bridge) {
    warnings.push(`the outline's midfoot is only ${Math.round(footprint.bridge.midfootOfBall * 100)} % of its ball's width (a footprint, showing where the foot touches): the device's medial border bridges the arch's hollow (up to ${+footprint.bridge.depthMm.toFixed(1)} mm) along the outline's convex hull, to reach under the arch [CB-outline-footprint]`);
  }
  if (decision.by === 'orientation' && decision.margin <= -MIN_HEEL_TOE_MARGIN) {
    warnings.push(`the outline's shape puts the heel at the other end from the given "orientation" (heel-or-toes margin ${decision.margin.toFixed(2)}): check the orientation; built as given [CB-heel-toe]`);
  }
  warnings.push(...loosened.map((l) => `limits profile loosens a built-in limit (${l.message}); accepted: ${options.allowOverLimit}`));
  const handed = options.surface ? null : sideCheck(scan.side, decision.cues);
  if (handed) warnings.push(handed);
  const surface = options.surface ? prepareSurface(options.surface, options.surfaceMode ?? 'scan', xy, transform.matrix, options.mirror ?? false, scan.measurements.archHeight) : null;
  if (surface) warnings.push(...surface.loaded.intake.repairs.map((r) => `scan repaired: ${r}`));
  const planar = embed(transform.matrix);
  const matrix4 = surface ? multiply(planar, options.mirror ? multiply(MIRROR_X, surface.loaded.intake.matrix4) : surface.loaded.intake.matrix4) : planar;
  const { points, made, noiseMm, smoothingMm, loopsRemoved, largestLoopMm2 } = prepared;
  const outlineMade = { points, made, noiseMm, smoothingMm, loopsRemoved, largestLoopMm2 };
  const config = options.config
    ? { sha256: options.config.sha256, supplied: { ...(Object.keys(fromLab).length ? { prescription: fromLab } : {}), ...options.config.supplied } }
    : null;
  return { scan, input, rx, profile, outline: xy, alignment: transform, heelToe: decision, outlineMade, landmarks, asked, applied, findings, loosened, allowOverLimit: loosened.length ? options.allowOverLimit ?? null : null, warnings, surface, matrix4, config, milledFromBlock: options.milledFromBlock ?? false };
}

/** Sole grids are resampled into the foot frame at this spacing, mm (as the intake samples them). */
const SOLE_STEP_MM = 1;
/**
 * The device follows the sole's rise up the side of the foot only as high as the sole this far
 * inside the outline, or a wall the prescription asks for (deviceSole). Engineering choice: inside
 * the fit's region (8 mm in) and the arch height's station (6 % of the width, 5 mm on an adult
 * foot), so neither sees the cap; outside it, the side of the foot, not its sole.
 */
const SOLE_BORDER_INSET_MM = 4;
function prepareSurface(loaded: LoadedSurface, mode: SurfaceMode, xy: Float64Array, matrix: readonly number[], mirror: boolean, archHeightMm: number): PreparedSurface {
  const [x0, y0, x1, y1] = bounds(xy);
  const box = [x0 - 6, y0 - 6, x1 + 6, y1 + 6] as const;
  const { sole, scanned } = loaded.intake;
  return {
    loaded,
    mode,
    sole: deviceSole(resampleSole(mirror ? mirrorSole(sole) : sole, matrix, box, SOLE_STEP_MM), xy, SOLE_BORDER_INSET_MM, archHeightMm),
    scanned: resampleSole(mirror ? mirrorSole(scanned) : scanned, matrix, box, SOLE_STEP_MM),
  };
}

const MIRROR_X = [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** A planar row-major 3×3 as the 4×4 that leaves z alone. */
function embed(m: readonly number[]): number[] {
  return [m[0]!, m[1]!, 0, m[2]!, m[3]!, m[4]!, 0, m[5]!, 0, 0, 1, 0, 0, 0, 0, 1];
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[4 * i + k]! * b[4 * k + j]!;
    out[4 * i + j] = s;
  }
  return out;
}

/**
 * A warning when the outline looks like the other foot: its arch's hollow and its toe line's lean
 * (the side-dependent heel-or-toes cues, weighed) lie on the lateral side of the stated foot. On 400
 * generated feet, about half of them given the wrong side, this caught 178 of 180 wrong sides with
 * 2 false alarms in 215, where the longest toe alone (the check before) missed 26 and cried wolf on
 * 29, 28 of them among the 89 hallux valgus feet (their longest toe can be the second).
 */
function sideCheck(side: 'left' | 'right', cues: HeelToeCues): string | null {
  const other = side === 'right' ? 'left' : 'right';
  return HEEL_TOE_WEIGHTS.arch * cues.arch + HEEL_TOE_WEIGHTS.toeLine * cues.toeLine < 0
    ? `the outline looks like a ${other} foot (its arch and toe line lie on the lateral side of a ${side} foot): check that "side" is right and the scan is not mirrored`
    : null;
}

/**
 * Builds a custom orthotic: validates the scan and prescription, aligns the outline, checks the
 * correction limits, builds the closed shell, checks it is a valid solid and measures it.
 * Touches no files.
 *
 * @param scan a foot scan (validated here against schemas/foot-scan.schema.json).
 * @param prescription an optional prescription that wins over the scan's own, field by field.
 * @returns the mesh (foot frame, mm), the build report, and the guides (outline, landmarks) previews draw.
 * @throws InputError | GeometryError (exit 3), LimitError (exit 4), MeshValidationError (a bug, exit 1).
 */
/** What buildOrthotic returns: the solid, the record of the build, and where things are on it. */
export interface BuiltOrthotic {
  mesh: Mesh;
  /** Which of the mesh's vertices and triangles are its top surface, and its outline (the mill reads the top from it). */
  layout: Device['layout'];
  report: BuildReport;
  guides: DeviceGuides;
  /**
   * With a 3D scan: the sole as scanned (foot frame, NaN off the footprint; level, before any heel
   * pitch) and the fit's samples (x, y, device − sole − offset triples, mm), for previews; null otherwise.
   */
  scan: { sole: SoleGrid; deviations: Float64Array } | null;
}

export function buildOrthotic(scan: unknown, prescription?: unknown, options: BuildOptions = {}): BuiltOrthotic {
  const prep = prepareBuild(scan, prescription, options);
  const resolutionMm = options.resolutionMm ?? BUILD_DEFAULTS.resolutionMm;
  if (!(resolutionMm >= RESOLUTION_RANGE_MM[0] && resolutionMm <= RESOLUTION_RANGE_MM[1])) {
    throw new InputError([{ pointer: '', rule: `resolution must be within ${RESOLUTION_RANGE_MM[0]}–${RESOLUTION_RANGE_MM[1]} mm`, value: resolutionMm }]);
  }
  // Refuse before building what would not fit. Measured on the examples: triangles ≈ 5.2 × area / h²
  // (two sheets of two triangles a lattice cell, plus the heel-cup wall); 5.5 errs on the safe side.
  const estimate = Math.round((5.5 * Math.abs(signedArea(prep.outline))) / (resolutionMm * resolutionMm));
  if (estimate > MAX_TRIANGLES) {
    throw new InputError([{ pointer: '', rule: `resolution ${resolutionMm} mm would make about ${estimate} triangles for this foot, more than the ${MAX_TRIANGLES} allowed: use a coarser resolution`, value: resolutionMm }]);
  }
  let built = solidOf(prep, resolutionMm, 'auto');
  // The underside offset along the top's normals can still cross itself or the rim where the top
  // turns tightly near the outline, in ways the fold test (undersideFolds) does not see (measured: a
  // 30 mm cup giving way to a 34.5 mm arch on a 188 mm foot's 72 mm heel, its underside through the
  // rim by a fraction of a mm). The ball underside is a graph and cannot: build that instead.
  if (built.check.problems.length && !built.device.surface.surface.params.ballUnderside) built = solidOf(prep, resolutionMm, 'ball');
  // The rim's ring (the wall kept t thick up to its edge: assembly/solid.ts rings()) can cross the
  // underside where a scanned sole's edge is bumpy (measured: Dupont's right foot with 5.5–6.4 mm
  // of arch fill, a ring 0.13 mm above its moved loop point beside one left in place). There, and
  // only there, the rim is left one straight face, as before the rings: closed and sound, the wall
  // thinner toward its edge at those few points (the report says so, and measures it).
  const underside: Underside = built.device.surface.surface.params.ballUnderside ? 'ball' : 'auto';
  let plain: Uint8Array | null = null;
  for (let attempt = 0; attempt < PLAIN_RIM_ATTEMPTS && built.check.firstIntersection; attempt++) {
    plain = plainRimAround(built.device, built.check.firstIntersection, plain);
    if (!plain) break; // the pair is not beside a ring
    built = solidOf(prep, resolutionMm, underside, plain);
  }
  const { device, shoe, level, check } = built;
  if (check.problems.length) {
    throw new MeshValidationError(`the generated mesh is not a valid closed solid (${check.problems.join('; ')}) for this scan`);
  }
  const measure = options.measure ?? true;
  // A device with recesses near the heel is measured even without a report: recesses that leave no
  // heel seat are refused whether or not the report is asked for.
  const measuredAnyway = measure || device.surface.mods.seatExclusions.length ? measureOf(prep, level) : null;
  const measured = measure ? measuredAnyway : null;
  const fit = measure && prep.surface ? fitToSole(level.mesh, level.layout.topTriangles, prep.surface.scanned, level.outline, prep.landmarks.footLengthMm) : null;
  return {
    mesh: device.mesh,
    layout: device.layout,
    report: makeReport(prep, device, check, resolutionMm, measured, shoe, fit),
    guides: deviceGuides(prep.outline, prep.landmarks, device, prep.applied.rearfootPost),
    scan: prep.surface ? { sole: prep.surface.scanned, deviations: fit ? fit.deviations : new Float64Array(0) } : null,
  };
}

/** The diagonal of the outline points' box, mm (NaN with a point that is not a number). */
function boxDiagonal(points: ReadonlyArray<readonly number[]>): number {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x = NaN, y = NaN] of points) {
    if (!(Number.isFinite(x) && Number.isFinite(y))) return NaN;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return Math.hypot(x1 - x0, y1 - y0);
}

/** Rebuilds with more of the rim left plain, at most (each one a design and a check, in a rare case). */
const PLAIN_RIM_ATTEMPTS = 6;
/** How many outline vertices either side of a crossing ring are left plain too (engineering choice: the crossing involves a strip and its neighbours). */
const PLAIN_RIM_REACH = 2;

/**
 * The outline vertices (of the device's own outline) whose rim is to stay plain: those already
 * (`before`), and those within PLAIN_RIM_REACH of a rim triangle or a ring's column in the
 * intersecting pair; null when the pair touches neither a ring nor a rim beside one (it is not the
 * rings' doing, and leaving rims plain would not mend it).
 */
function plainRimAround(device: Device, pair: readonly [number, number], before: Uint8Array | null): Uint8Array | null {
  const { topCount: T, topTriangles: nt, boundaryCount: nb } = device.layout;
  const { positions: p, indices: ix } = device.mesh;
  if (p.length / 3 - 2 * T <= 0) return null;
  const plain = before ? before.slice() : new Uint8Array(nb);
  // An outline vertex of a triangle's corner: a loop vertex of the top or underside, or a ring (which sits at its underside loop point's xy).
  const outlineIndex = (v: number): number => {
    if (v < nb) return v;
    if (v >= T && v < T + nb) return v - T;
    if (v < 2 * T) return -1;
    for (let i = 0; i < nb; i++) if (p[3 * (T + i)] === p[3 * v] && p[3 * (T + i) + 1] === p[3 * v + 1]) return i;
    return -1;
  };
  // A rim triangle, or an underside one on the loop (a top triangle, or an underside one inside, is not the ring's doing).
  const atRim = (f: number): boolean => f >= 2 * nt || (f >= nt && [0, 1, 2].some((k) => ix[3 * f + k]! >= T && ix[3 * f + k]! < T + nb));
  let marked = false;
  for (const f of pair) {
    if (!atRim(f)) continue;
    for (let k = 0; k < 3; k++) {
      const i = outlineIndex(ix[3 * f + k]!);
      if (i < 0) continue;
      for (let d = -PLAIN_RIM_REACH; d <= PLAIN_RIM_REACH; d++) {
        const j = (i + d + nb) % nb;
        if (!plain[j]) { plain[j] = 1; marked = true; }
      }
    }
  }
  return marked ? plain : null;
}

/**
 * The device of a prepared build, pitched for the shoe's heel if any, and its closed-solid check;
 * `level` is the device before the pitch (the same object without one).
 */
function solidOf(prep: PreparedBuild, resolutionMm: number, underside: Underside, plainRim: Uint8Array | null = null): { device: Device; shoe: ShoeFit | null; level: Device; check: SolidCheck } {
  const { device, shoe } = designDevice(prep, resolutionMm, underside, plainRim);
  // Measured before the heel pitch: the device as designed, on a level floor (the pitch is a
  // vertical shear, so volume and vertical thicknesses are the same either way).
  const level = shoe?.pitch ? { ...device, mesh: { positions: device.mesh.positions.slice(), indices: device.mesh.indices } } : device;
  if (shoe?.pitch) applyPitch(device.mesh.positions, shoe.pitch);
  // Checked before it is measured: the measurements assume a valid closed solid.
  return { device, shoe, level, check: checkSolid(device.mesh, device.layout) };
}

/**
 * The device of a prepared build, level (the shoe's heel pitch, if any, is returned, not applied):
 * built on the foot's outline, or on it trimmed to the shoe's insole. `underside`: see DeviceOptions.
 * @throws GeometryError when the device cannot be built or cannot fit the shoe
 */
export function designDevice(prep: PreparedBuild, resolutionMm: number, underside: Underside = 'auto', plainRim: Uint8Array | null = null): { device: Device; shoe: ShoeFit | null } {
  const { applied, landmarks } = prep;
  const shoe = applied.shoe
    ? fitShoe(prep.outline, landmarks, applied.shoe, prep.scan.side, applied.length, heelStackMm(applied, landmarks.heelWidthMm))
    : null;
  const sole = prep.surface?.mode === 'scan' ? prep.surface.sole : null;
  const spec = { ...applied, sole, modifications: (ctx: FeatureContext) => modificationDesigns(applied, ctx) };
  return { device: buildDevice(shoe ? shoe.outline : prep.outline, landmarks, spec, { resolutionMm, underside, plainRim }), shoe };
}

function measureOf(prep: PreparedBuild, device: Device): MeasuredGeometry {
  const lm = prep.landmarks;
  const fl = lm.footLengthMm;
  const post = prep.applied.rearfootPost;
  return measureDevice(device.mesh, {
    footLengthMm: fl,
    heelWidthMm: lm.heelWidthMm,
    medialSign: lm.medialSign,
    heelCentre: lm.heelCentre,
    archApex: device.surface.apex,
    topCount: device.layout.topCount,
    topTriangles: device.layout.topTriangles,
    boundaryCount: device.layout.boundaryCount,
    postFlatUntilX: post ? SURFACE_RULES.postFullUntil * fl : 0,
    shellFromX: post ? SURFACE_RULES.postGoneBy * fl : 0,
    seatExclusions: device.surface.mods.seatExclusions,
    seatExcludedBy: device.surface.mods.seatExcludedBy.map((field) => ({ field, value: (prep.applied as unknown as Record<string, unknown>)[field] })),
    cupWallWidthMm: device.surface.cupWallWidthMm,
  });
}

function makeReport(prep: PreparedBuild, device: Device, check: ReturnType<typeof checkSolid>, resolutionMm: number, measured: MeasuredGeometry | null, shoe: ShoeFit | null, fit: Fit | null): BuildReport {
  const surface = prep.surface;
  const intake = surface?.loaded.intake;
  const lm = prep.landmarks;
  const fl = lm.footLengthMm;
  // Fields given the built-in default (a lab configuration's defaults are in config.supplied; a
  // device milled from a block is filled by its making, not by default: manufacturing says so).
  const fromLab = prep.config?.supplied.prescription as Record<string, unknown> | undefined;
  const defaulted = PRESCRIPTION_FIELDS.filter((k) => !(k in prep.asked) && !(fromLab && k in fromLab) && !(prep.milledFromBlock && k === 'construction'));
  return roundDeep({
    tool: { ...TOOL },
    id: prep.scan.id,
    side: prep.scan.side,
    stage: null,
    mirroredFrom: prep.scan === prep.input ? null : prep.input.side,
    inputs: {
      scanSha256: sha256Of(prep.input),
      prescriptionSha256: prep.rx ? sha256Of(prep.rx) : null,
      surfaceSha256: surface ? surface.loaded.sha256 : null,
      limitsSha256: sha256Of(prep.profile),
      limitsProfile: `${prep.profile.name}@${prep.profile.version}`,
    },
    // Only with a lab configuration: a build without one writes the very report it always did.
    ...(prep.config ? { config: prep.config } : {}),
    alignment: { ...prep.alignment, matrix4: prep.matrix4 },
    surface: surface && intake ? {
      file: surface.loaded.file,
      format: surface.loaded.format,
      encoding: surface.loaded.encoding,
      units: intake.units,
      unitsDetected: intake.unitsDetected,
      impression: intake.impression,
      triangles: intake.triangles,
      mode: surface.mode,
      sideFrom: intake.sideFrom,
      noiseMm: intake.noiseMm,
      smoothingMm: intake.smoothingMm,
      repairs: intake.repairs,
    } : null,
    fit: fit ? {
      medianMm: fit.medianMm, p95Mm: fit.p95Mm, maxGapMm: fit.maxGapMm, maxAboveMm: fit.maxAboveMm, offsetMm: fit.offsetMm, samples: fit.samples,
      region: `${FIT_RULES.insetMm} mm or more inside the outline, heel to ${FIT_RULES.toFraction * 100} % of foot length, every ${FIT_RULES.stepMm} mm; registered by the median offset`,
    } : null,
    foot: {
      footLengthMm: fl,
      heelWidthMm: lm.heelWidthMm,
      ballWidthMm: lm.ballWidthMm,
      landmarks: { heelCentre: lm.heelCentre, archApex: device.surface.apex, ballX: lm.ballX, archApexX: lm.archApexX },
    },
    prescription: { asked: prep.asked, applied: prep.applied, defaulted },
    limits: { findings: prep.findings, loosened: prep.loosened, allowOverLimit: prep.allowOverLimit },
    warnings: [
      ...prep.warnings,
      ...(device.heelRoundedMm > 0 ? [`the heel outline turned too tightly for the heel cup's wall (cut flat or cornered, as when traced against a box): rounded, moving the outline by up to ${+device.heelRoundedMm.toFixed(1)} mm (at most ${HEEL_ROUNDING.maxChangeMm} mm allowed) [CB-outline-heel]`] : []),
      ...(device.plainRimCount ? [`the rim's rounded edge, which keeps the wall ${prep.applied.shellThickness} mm thick up to the rim, crossed the underside: around there (${device.plainRimCount} of the outline's ${device.layout.boundaryCount} points) the rim is one straight face from the top's edge to the underside, and the wall thins toward it${measured ? ` (thinnest wall ${measured.minThicknessMm.toFixed(2)} mm)` : ''}`] : []),
    ],
    build: { resolutionMm, units: 'mm', frame: 'foot frame: x heel (0) to toe, y to the foot\'s left, z up, floor at z = 0' },
    measured,
    shoe: shoe ? { insole: shoe.insole, trimmed: shoe.trimmed, pitch: shoe.pitch, heelStackMm: heelStackMm(prep.applied, lm.heelWidthMm) } : null,
    mesh: { vertices: check.vertices, triangles: check.faces, euler: check.euler, closed: true, selfIntersections: 0, volumeMm3: check.volume },
  });
}
