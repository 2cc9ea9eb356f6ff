import type { AlignTransform, Fit, MeasuredGeometry, Pitch, ShoeFit } from '../geometry/index.js';
import type { LimitFinding, Loosening } from '../limits/index.js';
import type { Prescription, ResolvedPrescription, Side } from '../scan/index.js';

/** The record of one build: what was asked, what was built, and what was measured on the result. */
export interface BuildReport {
  tool: { name: string; version: string };
  id: string;
  side: Side;
  /** Where this device sits in a staged series, or null for a device on its own. */
  stage: StageInfo | null;
  /** The side of the scan this device was mirrored from (`--mirror`), or null when built from its own foot's scan. */
  mirroredFrom: Side | null;
  /** SHA-256 of the canonical JSON (sorted keys) of each input. */
  inputs: {
    scanSha256: string;
    prescriptionSha256: string | null;
    /** SHA-256 of the 3D scan file's bytes (null for a scan without one). */
    surfaceSha256: string | null;
    limitsSha256: string;
    limitsProfile: string;
  };
  /**
   * The lab configuration in effect (absent without one): its SHA-256 (canonical JSON) and every
   * value it supplied to this device (prescription defaults the order left out, resolution, limits
   * profile, output formats, lab).
   */
  config?: { sha256: string; supplied: Record<string, unknown> };
  /**
   * Scanner frame → foot frame (for a mirrored device, the scanner frame reflected first: x → −x).
   * `matrix4`: row-major 4×4 from the scan's coordinates as stored (a 3D scan file's, in its own
   * units) to the foot frame in mm: lay the scan on the device with it.
   */
  alignment: AlignTransform & { matrix4: number[] };
  /** The 3D scan the device was built from (null for a JSON scan): how it was read and repaired. */
  surface: SurfaceReport | null;
  /** How the device's top meets the scanned sole (null without a 3D scan). */
  fit: FitReport | null;
  foot: {
    footLengthMm: number;
    heelWidthMm: number;
    ballWidthMm: number;
    landmarks: { heelCentre: [number, number]; archApex: [number, number]; ballX: number; archApexX: number };
  };
  prescription: { asked: Prescription; applied: ResolvedPrescription; defaulted: string[] };
  limits: { findings: LimitFinding[]; loosened: Loosening[]; allowOverLimit: string | null };
  /** Every warning, one sentence each (limit warnings and clamps included). */
  warnings: string[];
  build: { resolutionMm: number; units: 'mm'; frame: string };
  /** Geometry measured from the mesh (null when the build was asked not to measure). */
  measured: MeasuredGeometry | null;
  /** The fit to the prescription's shoe (null when none): the insole, what was trimmed, the heel pitch applied to the mesh. */
  shoe: { insole: ShoeFit['insole']; trimmed: ShoeFit['trimmed']; pitch: Pitch | null; heelStackMm: number } | null;
  mesh: { vertices: number; triangles: number; euler: number; closed: true; selfIntersections: 0; volumeMm3: number };
  /** For a mill (`--for mill`, src/mill): what was milled, in which blank, what the checks found, the toolpaths. Absent when printing. */
  milling?: Record<string, unknown>;
  /** How the device was made and who chose it (src/cli/manufacturing.ts): absent when nothing chose (printed, the built-in default). */
  manufacturing?: Record<string, unknown>;
}

/** How a 3D scan was taken in. */
export interface SurfaceReport {
  file: string;
  format: 'stl' | 'obj' | 'ply';
  encoding: 'ascii' | 'binary';
  units: 'mm' | 'm' | 'in';
  /** True when the units were told from the foot's size, false when given. */
  unitsDetected: boolean;
  impression: boolean;
  triangles: number;
  /** `scan`: the top surface is the scanned sole; `parametric`: built from its outline and measurements. */
  mode: 'scan' | 'parametric';
  /** What told the foot's side: its arch, its toes, or only the caller. */
  sideFrom: 'arch' | 'toes' | 'given';
  /** The scan's noise and the smoothing applied to the sole, mm. */
  noiseMm: number;
  smoothingMm: number;
  repairs: string[];
}

/** The device against the scanned sole (src/geometry/measure/fitToSole.ts), mm. */
export type FitReport = Omit<Fit, 'deviations'> & {
  /** Where the fit was measured, in words. */
  region: string;
};

/** A device's place in a staged series. */
export interface StageInfo {
  /** 1-based. */
  index: number;
  count: number;
  /** Fraction of the full correction this stage delivers (0-1]. */
  fraction: number;
  /** The full prescription the series leads to (this report's own `prescription` is the stage's). */
  of: { asked: Prescription; applied: ResolvedPrescription };
}

/** Rounds every number in a JSON-able value to `digits` decimals (reports stay readable and stable). */
export function roundDeep<T>(value: T, digits = 6): T {
  return roundedCopy(value, 10 ** digits) as T;
}

/** roundDeep's walk: a module function with loops (closures made each build lose their optimised code when they die). */
function roundedCopy(v: unknown, f: number): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * f) / f + 0 : v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = roundedCopy(v[i], f);
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = roundedCopy((v as Record<string, unknown>)[k], f);
      if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
      else out[k] = x;
    }
    return out;
  }
  return v;
}
