import { createHash } from 'node:crypto';
import { InputError, mapProblems, type Problem } from '../errors.js';
import { crossCheckMeasurements } from '../scan/crossCheck.js';
import { parseScan } from '../scan/schema.js';
import type { FootScan, Measurements, Prescription, Side } from '../scan/types.js';
import { intakeScan, type IntakeOptions, type ScanIntake } from './intake.js';
import { measureScan } from './measureScan.js';
import { readMesh, type MeshFormat } from './readMesh.js';

/** A 3D scan read and taken in: what the pipeline builds a total-contact surface from. */
export interface LoadedSurface {
  intake: ScanIntake;
  /** The file as it was named. */
  file: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  format: MeshFormat;
  encoding: 'ascii' | 'binary';
}

/** What a scan made from a mesh takes from elsewhere (the command line, or a scan JSON naming the mesh). */
export interface SurfaceScanOptions extends IntakeOptions {
  id: string;
  /** Measurements the mesh cannot give (navicular height and drop), kept as given. */
  measurements?: Partial<Measurements> | undefined;
  prescription?: Prescription | undefined;
}

/**
 * A foot scan from a 3D scan file's bytes: the mesh read, taken in (units, floor, heel, side) and
 * measured, as the JSON scan it amounts to (schemas/foot-scan.schema.json) and the surface to
 * build on. Pure: the caller reads the file.
 * @throws InputError (exit 3): an unreadable mesh, one that is not a single whole foot, or a scan
 *   that breaks a rule of the JSON scan's (as build checks any scan; what the mesh gave says so)
 */
export function scanFromMesh(bytes: Uint8Array, file: string, format: MeshFormat, options: SurfaceScanOptions): { scan: FootScan; surface: LoadedSurface } {
  const mesh = readMesh(bytes, format);
  const intake = intakeScan(mesh, options);
  const { outline, orientation, measurements } = measureScan(intake.outline, intake.sole, intake.side);
  const extra: Partial<Measurements> = {};
  if (options.measurements?.navicularHeight !== undefined) extra.navicularHeight = options.measurements.navicularHeight;
  if (options.measurements?.navicularDrop !== undefined) extra.navicularDrop = options.measurements.navicularDrop;
  const scan: FootScan = {
    schemaVersion: 1,
    id: options.id,
    side: intake.side as Side,
    units: 'mm',
    outline,
    orientation,
    measurements: { ...measurements, ...extra },
    ...(options.prescription ? { prescription: options.prescription } : {}),
  };
  checkMadeScan(scan);
  return { scan, surface: { intake, file, sha256: createHash('sha256').update(bytes).digest('hex'), format: mesh.format, encoding: mesh.encoding } };
}

/** The fields of a scan made from a mesh that the mesh gave (the id, the navicular figures and the prescription come from elsewhere). */
const MEASURED = /^\/(outline|orientation)(\/|$)|^\/measurements\/(archHeight|archApexX|ballX|footLength|ballWidth|heelWidth)$/;

/**
 * A scan made from a mesh checked by the rules build checks every scan by (the schema, the
 * outline's own, the landmarks' places along the foot), so that `orthotic scan` never writes a scan
 * that `validate` and `build` refuse. A value the mesh gave says it was measured from the 3D scan
 * (the user gave no such field); an outline out of the schema's range is one line, not one a point.
 * @throws InputError one problem per rule broken
 */
function checkMadeScan(scan: FootScan): void {
  const measured = (p: Problem): Problem => (MEASURED.test(p.pointer) ? { ...p, rule: `was measured from the 3D scan, and ${p.rule}` } : p);
  try {
    parseScan(scan);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const far = err.problems.find((p) => /^\/outline\/\d+\/[01]$/.test(p.pointer));
    if (far) {
      throw new InputError([{
        pointer: '/outline',
        rule: `was measured from the 3D scan, and its points must lie within the scan's coordinate range (${far.pointer}: ${far.rule}): the foot lies that far from the file's origin; move it near the origin (in the scanner's software, or any mesh editor)`,
        value: far.value,
        source: 'scan',
      }]);
    }
    throw mapProblems(err, measured);
  }
  const m = scan.measurements;
  const placed = crossCheckMeasurements(m, { footLength: m.footLength!, ballWidth: m.ballWidth!, heelWidth: m.heelWidth! });
  if (placed.length) throw new InputError(placed.map(measured));
}
