import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
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
 * @throws InputError (exit 3): an unreadable mesh, or one that is not a single whole foot
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
  return { scan, surface: { intake, file, sha256: createHash('sha256').update(bytes).digest('hex'), format: mesh.format, encoding: mesh.encoding } };
}

/** The error for a scan JSON that names a surface file and also gives what the file gives. */
