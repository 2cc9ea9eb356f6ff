import { basename, dirname, resolve } from 'node:path';
import { InputError, UsageError, withSubject } from '../errors.js';
import type { SurfaceMode } from '../pipeline/index.js';
import { isRecord } from '../scan/index.js';
import { meshFormatOf, scanFromMesh, type LoadedSurface, type ScanUnits } from '../scan3d/index.js';
import { readBytes, type PathField } from './io.js';

/** The command line's options for 3D scans. */
export interface SurfaceFlags {
  id?: string;
  side?: 'left' | 'right';
  units?: ScanUnits;
  impression?: boolean;
  surface?: SurfaceMode;
}

/** A scan input as read: the scan document (JSON, or made from a 3D scan) and the 3D scans it came from. */
export interface ReadScan {
  document: unknown;
  surfaces: LoadedSurface[];
  /** The 3D scan files read (those a scan JSON names resolved against its folder). */
  files: string[];
}

/** An order id from a file name: its base name, when that is a valid id. */
function idFromFile(path: string): string | null {
  const base = basename(path).replace(/\.[^.]*$/, '');
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(base) ? base : null;
}

/**
 * A 3D scan file named on the command line, read and taken in (units, floor, heel, side) as the
 * scan it amounts to.
 * @param field the input field that named the path (a batch manifest's cell), if any (see readBytes)
 * @throws UsageError no id to give it; InputError an unreadable mesh or not one whole foot (naming the file)
 */
export function readMeshScan(path: string, flags: SurfaceFlags, field?: PathField): ReadScan {
  const format = meshFormatOf(path)!;
  const id = flags.id ?? idFromFile(path);
  if (!id) throw new UsageError(`give the order's id with --id: the file name '${basename(path)}' is not one (letters, digits, '.', '_', '-')`);
  const bytes = readBytes(path, '3D scan', field);
  try {
    const { scan, surface } = scanFromMesh(bytes, path, format, { id, side: flags.side, units: flags.units, impression: flags.impression });
    return { document: scan, surfaces: [surface], files: [path] };
  } catch (err) {
    throw withSubject(err, path);
  }
}

/**
 * The 3D scan files a scan JSON names as its surface (`"surface": {"file": "foot.stl"}`, in a scan
 * or in each foot of a pair file), resolved against the JSON's folder as resolveSurfaceRefs reads
 * them. Anything malformed names none (resolveSurfaceRefs and the schema say what is wrong).
 */
export function namedSurfaceFiles(document: unknown, jsonPath: string): string[] {
  const base = jsonPath === '-' ? process.cwd() : dirname(jsonPath);
  const scans = isRecord(document) && Array.isArray(document.feet) ? document.feet : [document];
  return scans.flatMap((scan) => {
    const file = isRecord(scan) && isRecord(scan.surface) ? scan.surface.file : undefined;
    return typeof file === 'string' && file !== '' ? [resolve(base, file)] : [];
  });
}

/**
 * A scan JSON's `surface` references (`"surface": {"file": "foot.stl"}`, relative to the JSON),
 * each read and replaced by the outline and measurements the mesh gives, in a scan or in each foot
 * of a pair file. Anything else is left to the schema.
 */
export function resolveSurfaceRefs(document: unknown, jsonPath: string, flags: SurfaceFlags): ReadScan {
  const base = jsonPath === '-' ? process.cwd() : dirname(jsonPath);
  const surfaces: LoadedSurface[] = [];
  const files: string[] = [];
  const one = (scan: unknown, pointer: string): unknown => {
    if (!isRecord(scan) || !('surface' in scan)) return scan;
    const ref = scan.surface;
    const problem = (rule: string, value?: unknown, at = '/surface') => new InputError([{ pointer: `${pointer}${at}`, rule, ...(value === undefined ? {} : { value }), source: 'scan' }]);
    if (!isRecord(ref) || typeof ref.file !== 'string' || ref.file === '') throw problem('must be an object naming the 3D scan: {"file": "foot.stl"}', ref);
    for (const key of Object.keys(ref)) if (!['file', 'units', 'impression'].includes(key)) throw problem('is not an allowed field (file, units, impression)', undefined, `/surface/${key}`);
    if (ref.units !== undefined && !['mm', 'm', 'in'].includes(ref.units as string)) throw problem('must be mm, m or in', ref.units, '/surface/units');
    if (ref.impression !== undefined && typeof ref.impression !== 'boolean') throw problem('must be true or false', ref.impression, '/surface/impression');
    for (const field of ['outline', 'units', 'orientation']) if (field in scan) throw problem('comes from the surface file when a scan names one: leave it out', undefined, `/${field}`);
    const measurements = isRecord(scan.measurements) ? scan.measurements : {};
    for (const key of Object.keys(measurements)) {
      if (key !== 'navicularHeight' && key !== 'navicularDrop') throw problem('is measured on the surface file when a scan names one: leave it out (navicularHeight and navicularDrop may stay)', undefined, `/measurements/${key}`);
    }
    const format = meshFormatOf(ref.file);
    if (!format) throw problem('must name an .stl, .obj or .ply file', ref.file, '/surface/file');
    if (typeof scan.id !== 'string') return scan; // the schema says what is wrong with it
    const side = scan.side === 'left' || scan.side === 'right' ? scan.side : undefined;
    const file = resolve(base, ref.file);
    files.push(file);
    const bytes = readBytes(file, '3D scan', { pointer: `${pointer}/surface/file`, value: ref.file });
    try {
      const { scan: made, surface } = scanFromMesh(bytes, ref.file, format, {
        id: scan.id, side,
        units: (ref.units as ScanUnits | undefined) ?? flags.units,
        impression: (ref.impression as boolean | undefined) ?? flags.impression,
        measurements: measurements as Record<string, number>,
      });
      surfaces.push(surface);
      const { surface: _ref, ...rest } = scan;
      return { ...rest, units: 'mm', side: side ?? made.side, outline: made.outline, orientation: made.orientation, measurements: { ...made.measurements, ...measurements } };
    } catch (err) {
      throw withSubject(err, ref.file);
    }
  };
  if (isRecord(document) && Array.isArray(document.feet)) {
    return { document: { ...document, feet: document.feet.map((f, i) => one(f, `/feet/${i}`)) }, surfaces, files };
  }
  return { document: one(document, ''), surfaces, files };
}
