/**
 * The output planner: what a run writes, and where. Given an order's devices and the outputs asked
 * for, it names every file (one a device, or one 3MF with them all; report; viewer; maps; sheet),
 * renders their bytes and checks they can all be written together, so a command only writes the plan.
 */
import type { LabIdentity } from '../config/index.js';
import { warningLine } from '../limits/index.js';
import { realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InterruptedError, UsageError } from '../errors.js';
import { to3mf, toStl } from '../export/index.js';
import { deviceName, orderReport, type BuildReport, type BuiltOrder, type OrderDevice } from '../pipeline/index.js';
import { makeFolder, missingFolders, removeFolders } from './folders.js';
import { checkFileTargets, commitFiles, writeStreams, type OutputFile } from './io.js';
import { holdingSignals } from './signals.js';
import { SOURCE_DATE_ENV, sourceDateDay } from './sourceDate.js';

/** The outputs a run asks for, as named on the command line. */
export interface OutputRequest {
  /** The device file: STL or 3MF, `-` for standard output, or a folder. None: no device file (`orthotic preview`). */
  output?: string;
  /** Default: from the extension of `output` (`.3mf`), else STL. */
  format?: 'stl' | '3mf';
  ascii?: boolean;
  /** The report (JSON) file, or `-`. */
  report?: string;
  /** The report on standard output too. */
  json?: boolean;
  /** The 3D viewer page, or `-`. */
  preview?: string;
  /** A top-view map per device: `.svg` or `.png`, named like `output`; or a folder. */
  map?: string;
  /** The sign-off sheet of the whole order. */
  sheet?: string;
  /** The sheet's date, YYYY-MM-DD (default: see sheetDate). */
  date?: string;
  /** The maps' format when `map` is a folder (default svg). */
  mapFormat?: 'svg' | 'png';
  /** The lab named on the sheet (a lab configuration's). */
  lab?: LabIdentity;
}

/** A request checked, with its format and the sheet's date filled in. */
export type ResolvedRequest = OutputRequest & { format: 'stl' | '3mf' };

/** Everything a run writes, and what it says. */
export interface OutputPlan {
  /** Every file, written all or none (`-` is standard output). */
  files: OutputFile[];
  /** Folders named with a trailing `/`: made only when everything is ready to be written. */
  folders: string[];
  /** Every device's warnings, labelled with the device when there are several. */
  warnings: string[];
  /** What was written, one line each, to say once it is. */
  log: string[];
}

/**
 * Checks what can be checked before anything is built and fills in the defaults.
 * @throws UsageError --ascii with 3MF; a map that is neither .svg nor .png nor a folder; an output
 *   folder below a file; a bad SOURCE_DATE_EPOCH when the sheet's date comes from it
 */
export function resolveRequest(request: OutputRequest): ResolvedRequest {
  const format = request.format ?? (request.output !== undefined && /\.3mf$/i.test(request.output) ? '3mf' : 'stl');
  if (format === '3mf' && request.ascii) throw new UsageError('--ascii applies to STL only, not to 3MF');
  if (request.map && !/\.(svg|png)$/i.test(request.map) && !request.map.endsWith('/')) throw new UsageError('--map must name a .svg or .png file (or a folder ending in /)');
  // A folder that cannot be one (a part of its path is a file) is said at once, before anything is built.
  for (const folder of [request.output, request.map]) if (folder?.endsWith('/')) missingFolders(folder);
  const { output, ascii, report, json, preview, map, sheet, mapFormat, lab } = request;
  return { output, format, ascii, report, json, preview, map, sheet, date: sheet ? sheetDate(request.date) : undefined, mapFormat, lab };
}

/**
 * Refuses, before anything is built, a report, viewer or sheet that names a folder or ends in a
 * slash (folderTarget): `-o` and `--map` may name a folder (their files go in it), these may not.
 * @throws UsageError naming the path
 */
export function checkFileOutputs(request: ResolvedRequest): void {
  checkFileTargets([request.report, request.preview, request.sheet].filter((p): p is string => p !== undefined));
}

/** Whether the devices must be measured for these outputs (the report and every preview show the measurements). */
export function needsMeasure(request: OutputRequest): boolean {
  return Boolean(request.report || request.json || request.preview || request.map || request.sheet);
}

/**
 * Plans a run's outputs: every file's path and bytes, in the order written, and the lines to log.
 * `borrowStl`: a lone STL's bytes are a view of the STL writer's memory (toStl's `borrow`), valid
 * until the next toStl call: for a caller that writes the plan out before anything else is built.
 * @throws UsageError several STLs or several outputs on standard output, two outputs on one file,
 *   a sheet date that is not a calendar date
 */
export async function planOutputs(order: BuiltOrder, request: ResolvedRequest, options: { borrowStl?: boolean } = {}): Promise<OutputPlan> {
  const { devices } = order;
  const several = devices.length > 1;
  const files: OutputPlan['files'] = [];
  const encode = (s: string) => new TextEncoder().encode(s);
  const { output } = request;
  const paths = outputPaths(request, devices);
  if (output !== undefined && request.format === '3mf') {
    files.push({
      path: paths.devices[0]!,
      data: to3mf(devices.map((d) => ({ mesh: d.mesh, name: `${d.report.id} (${label(d)})`, metadata: { id: d.report.id, side: d.report.side, ...(d.report.stage ? { stage: `${d.report.stage.index} of ${d.report.stage.count}` } : {}) } })), {
        metadata: { Title: [...new Set(devices.map((d) => d.report.id))].join(' / '), Application: `${devices[0]!.report.tool.name} ${devices[0]!.report.tool.version}` },
      }),
    });
  } else if (output !== undefined) {
    if (several && output === '-') throw new UsageError(`this order has ${devices.length} devices: -o must name a file or folder, not standard output (or use --format 3mf)`);
    for (const [i, d] of devices.entries()) {
      // Borrowed (a view of the STL writer's memory) only when it is the one STL: the next would reuse it.
      const borrow = !several && (options.borrowStl ?? false);
      // Borrowed, the bytes start on a page of the writer's memory: a batch worker hands them over to be written with direct I/O (batch/stlSlots.ts, io.ts writeDeferred).
      files.push({ path: paths.devices[i]!, data: toStl(d.mesh, { ascii: request.ascii ?? false, name: `orthotic ${d.report.tool.version} ${d.report.id} ${label(d)}`, borrow }), ...(borrow && !request.ascii ? { direct: true } : {}) });
    }
  }
  const deviceFiles = files.map((f) => f.path);
  const reportJson = request.report || request.json ? encode(`${JSON.stringify(orderReport(order), null, 2)}\n`) : null;
  if (request.report) files.push({ path: request.report, data: reportJson! });
  if (request.json) files.push({ path: '-', data: reportJson! });
  let viewerBytes = 0;
  if (request.preview || request.map || request.sheet) {
    // The previews (and resvg's native renderer) load only when asked for: most builds never need them.
    const preview = await import('../preview/index.js');
    const [viewer, sheet] = await viewerAndSheet(order, request);
    if (viewer) {
      viewerBytes = viewer.data.length;
      files.push(viewer);
    }
    for (const [i, d] of (request.map ? devices : []).entries()) {
      const path = paths.maps[i]!;
      const svg = preview.renderMapSvg(d);
      files.push({ path, data: /\.png$/i.test(path) ? preview.renderMapPng(svg) : encode(svg) });
    }
    if (sheet) files.push(sheet);
  }

  checkDistinct(files, '-o, --report, --preview, --map and --sheet');

  const where = (p: string) => (p === '-' ? 'standard output' : p);
  const log = deviceFiles.length ? devices.map((d, i) => `built ${summary(d)} -> ${where(deviceFiles[request.format === '3mf' ? 0 : i]!)}`) : [];
  if (output === undefined && request.preview) {
    // A viewer page on its own (`orthotic preview`): which devices it shows, and its size.
    const what = devices.map((d) => `${d.report.id} (${d.report.side}, ${d.report.mesh.triangles} triangles)`).join(' and ');
    log.push(`preview of ${what}: ${(viewerBytes / 1024 / 1024).toFixed(1)} MiB -> ${where(request.preview)}`);
  } else {
    const extras = [request.report && `report -> ${where(request.report)}`, request.preview && `preview -> ${where(request.preview)}`, request.map && `map${several ? 's' : ''} -> ${paths.maps.join(', ')}`, request.sheet && `sheet -> ${request.sheet}`].filter(Boolean);
    if (extras.length) log.push(extras.join(', '));
  }
  return {
    files,
    folders: [output, request.map].filter((f): f is string => f !== undefined && f.endsWith('/')),
    // One line each, with its clinical-basis tag; the report and the sheet keep the rationale.
    warnings: devices.flatMap((d) => d.report.warnings.map((w) => `${several ? `${label(d)}: ` : ''}${warningLine(w, d.report.limits.findings)}`)),
    log,
  };
}

/**
 * Refuses a plan whose files share a path, or that writes more than one of them to standard output.
 * @param flags the options that name files, as the message lists them
 * @throws UsageError
 */
export function checkDistinct(files: readonly OutputFile[], flags: string): void {
  if (files.filter((f) => f.path === '-').length > 1) throw new UsageError('only one of -o -, --report -, --preview - and --json can use standard output');
  const named = files.filter((f) => f.path !== '-').map((f) => resolve(f.path));
  if (new Set(named).size !== named.length) throw new UsageError(`${flags} must name different files`);
}

/**
 * The 3D viewer page and the sign-off sheet a request asks for (null for one not asked), of an
 * order's devices as designed, in the foot frame (a milled order's too: planMilled passes them).
 */
export async function viewerAndSheet(order: BuiltOrder, request: Pick<ResolvedRequest, 'preview' | 'sheet' | 'date' | 'lab'>): Promise<Array<OutputFile | null>> {
  if (!request.preview && !request.sheet) return [null, null];
  const preview = await import('../preview/index.js');
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    request.preview ? { path: request.preview, data: encode(preview.renderViewerHtml(order.devices)) } : null,
    request.sheet ? { path: request.sheet, data: encode(preview.renderSheetHtml(order.devices, { date: request.date!, series: order.series, ...(request.lab ? { lab: request.lab } : {}) })) } : null,
  ];
}

/** Where a request's outputs go for these devices (each named by OrderDevice.name): the one place that names them. */
function outputPaths(request: ResolvedRequest, devices: ReadonlyArray<{ report: { id: string }; name: string }>): { devices: string[]; maps: string[] } {
  const { output, map } = request;
  return {
    devices: output === undefined ? [] : request.format === '3mf' ? [devicePath(output, devices[0]!, '', '3mf')] : devices.map((d) => devicePath(output, d, d.name, 'stl')),
    maps: map === undefined ? [] : devices.map((d) => devicePath(map, d, d.name, request.mapFormat ?? 'svg')),
  };
}

/**
 * Every file planOutputs writes for devices with these reports, without building or rendering
 * anything (what a batch's `--resume` looks for): the device files, the report, the viewer, the
 * maps, the sheet. Standard output is left out.
 */
export function plannedPaths(request: ResolvedRequest, reports: ReadonlyArray<Pick<BuildReport, 'id' | 'side' | 'stage'>>): string[] {
  const pair = new Set(reports.map((r) => r.side)).size > 1;
  const paths = outputPaths(request, reports.map((report) => ({ report, name: deviceName(report, pair) })));
  return [...paths.devices, request.report, request.preview, ...paths.maps, request.sheet].filter((p): p is string => p !== undefined && p !== '-');
}

/**
 * A plan whose files name none of the inputs (`-o scan.json` would overwrite the scan it was built from).
 * @param inputs the files read: scans, prescription, limits profile (`-` and undefined are skipped)
 * @throws UsageError naming the output and the input it would overwrite
 */
export function sparingInputs(plan: OutputPlan, inputs: ReadonlyArray<string | undefined>): OutputPlan {
  const real = (path: string) => { try { return realpathSync(path); } catch { return resolve(path); } };
  const read = new Map(inputs.filter((p): p is string => p !== undefined && p !== '-').map((p) => [real(p), p]));
  for (const f of plan.files) {
    const input = f.path === '-' ? undefined : read.get(real(f.path));
    if (input !== undefined) throw new UsageError(`'${f.path}' is an input of this command ('${input}'): an output must not overwrite it`);
  }
  return plan;
}

/** How writePlan writes: see holdingSignals. */
export interface WriteOptions {
  /** Hold SIGINT and SIGTERM while the files are written, then stop (a command of its own). */
  holdSignals?: boolean;
}

/**
 * Carries out a plan: logs the warnings, makes the folders, writes every file atomically (all or
 * none), then standard output, devices and pipes, then logs what was written.
 * @throws as makeFolder, commitFiles, writeStreams; InterruptedError a signal held while writing
 *   (the files are then all in place, and logged)
 */
export async function writePlan(plan: OutputPlan, log: (line: string) => void, options: WriteOptions = {}): Promise<void> {
  for (const w of plan.warnings) log(`warning: ${w}`);
  // The folders made for this run go again if its files cannot be written: a failed run leaves nothing.
  const made: string[] = [];
  let signal: NodeJS.Signals | null;
  try {
    for (const folder of plan.folders) made.push(...makeFolder(folder));
    const commit = () => commitFiles(plan.files);
    signal = options.holdSignals ? await holdingSignals(commit) : (await commit(), null);
  } catch (err) {
    removeFolders(made);
    throw err;
  }
  if (signal) {
    for (const line of plan.log.filter((l) => !/-> standard output/.test(l))) log(line);
    throw new InterruptedError(`${signal}: stopped once its files were written in full`);
  }
  writeStreams(plan.files);
  for (const line of plan.log) log(line);
}

/** How a device is named in messages: its side, and its stage in a series. */
function label(d: OrderDevice): string {
  return `${d.report.side}${d.report.mirroredFrom ? ', mirrored' : ''}${d.report.stage ? `, stage ${d.report.stage.index} of ${d.report.stage.count}` : ''}`;
}

/** One device built: its prescription, or what was measured on it when it was measured. */
function summary(d: OrderDevice): string {
  const a = d.report.prescription.applied;
  const m = d.report.measured;
  const post = a.rearfootPost ? `${a.rearfootPost.wedge} post ${a.rearfootPost.angle}°` : 'no post';
  // The triangles of the mesh written: for a milled order, the part's (a cast has far more than the design, which the report's `mesh` counts).
  const milled = d.report.milling?.target;
  return `${d.report.id} (${label(d)}, ${a.length}): ${d.mesh.indices.length / 3} triangles${milled ? ` (the milled ${milled === 'cast' ? 'cast' : 'device'})` : ''}, ` +
    (m
      ? `measured ${m.lengthMm.toFixed(1)} mm long, cup ${m.heelCupDepthMm.toFixed(1)} mm, arch ${m.archHeightMm.toFixed(1)} mm, post ${m.postAngleDeg.toFixed(1)}° ${m.postHighSide}, min thickness ${m.minThicknessMm.toFixed(2)} mm`
      : `shell ${a.shellThickness} mm, cup ${a.heelCupDepth} mm, arch ${a.archHeight} mm, ${post}`);
}

function isFolder(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where one device's file goes. A folder (an existing one, or a name ending in `/`: see makeFolder)
 * takes `<id>[-<name>].<ext>`; otherwise `-<name>` goes before the extension of `path`
 * (`device.stl` → `device-left-stage-1-of-3.stl`), and a lone device (`name` '') is written to
 * `path` itself. `-` (standard output) stays `-`.
 */
export function devicePath(path: string, device: { report: { id: string } }, name: string, ext: string): string {
  if (path === '-') return path;
  if (isFolder(path)) return join(path, `${device.report.id}${name ? `-${name}` : ''}.${ext}`);
  if (!name) return path;
  const e = extname(path);
  return `${path.slice(0, path.length - e.length)}-${name}${e}`;
}

/**
 * The sign-off sheet's date: the one given, else the day of SOURCE_DATE_EPOCH (reproducible
 * builds), else today in local time.
 * @throws UsageError SOURCE_DATE_EPOCH set to anything but whole seconds in range (see sourceDateDay)
 */
export function sheetDate(given: string | undefined, now: Date = new Date()): string {
  if (given !== undefined) return given;
  const epochDay = sourceDateDay(process.env[SOURCE_DATE_ENV]);
  if (epochDay !== null) return epochDay;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
