import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LabConfig, LabIdentity, LabMilling, LabOutputs } from '../../config/index.js';
import { InputError, UsageError } from '../../errors.js';
import { parseLimitsText, type LimitsProfile } from '../../limits/index.js';
import { deviceName, type BuildReport, type ConfigInEffect, type OrderReport } from '../../pipeline/index.js';
import { meshFormatOf, type ScanUnits } from '../../scan3d/index.js';
import { TOOL } from '../../version.js';
import { EXIT } from '../exitCodes.js';
import { asNotWritten, folderTarget, notWritten, readBytes, stageFiles, type StagedFile } from '../io.js';
import { devicePath, plannedPaths, planOutputs, resolveRequest, sparingInputs, type ResolvedRequest } from '../plan.js';
import { flagsManufacturing, millOptions, planMilled } from '../mill.js';
import { configManufacturing, optionsAsMade, orderManufacturing, recordManufacturing, settleManufacturing, SOURCE_NAMES, type SettledManufacturing } from '../manufacturing.js';
import type { Blank, MillTarget } from '../../mill/index.js';
import type { Manufacturing } from '../../scan/index.js';
import { limitOptions, readOrder, runPipeline, type OrderInputs } from '../shared.js';
import { namedSurfaceFiles } from '../surfaces.js';
import type { SurfaceMode } from '../../pipeline/index.js';
import type { Order } from './manifest.js';
import { failedOrder, type OrderResult, type OrderStatus, type StagedOrder } from './result.js';
import { handOver, release } from './stlSlots.js';

/** The batch's outputs flags: each order's defaults, under its manifest columns. */
export interface BatchOutputFlags {
  format?: 'stl' | '3mf';
  ascii: boolean;
  preview?: boolean;
  map?: 'svg' | 'png' | 'none';
  sheet?: boolean;
}

/** The batch's milling flags (see BatchSettings.milling). */
export interface BatchMillFlags {
  for?: 'print' | 'mill';
  mill?: MillTarget;
  blank?: Blank;
  gcode?: boolean;
  trim?: 'svg' | 'dxf' | 'none';
}

/** What every order of a batch shares (structured-cloneable). */
export interface BatchSettings {
  outDir: string;
  resume: boolean;
  clamp: boolean;
  allowOverLimit: string | null;
  resolutionMm: number;
  /** The limits profile's text (--limits, else the lab configuration's), or null for the built-in profile. */
  limitsText: string | null;
  /** The lab configuration in effect (its hash, prescription defaults, what it supplied to every order), or null. */
  config: ConfigInEffect | null;
  /** The configuration's output formats and lab, each order's defaults under the batch's flags. */
  configOutputs: LabOutputs | null;
  lab: LabIdentity | null;
  outputs: BatchOutputFlags;
  /** The batch's 3D-scan flags (a manifest's columns win). */
  scanFlags: { units?: ScanUnits; impression?: boolean; surface?: SurfaceMode };
  /** The batch's milling flags: how every order is made (--for, --mill, --blank) and what a milled one writes besides (--gcode, --trim); a manifest's columns win. */
  milling: BatchMillFlags;
  /** The lab configuration's manufacturing and milling blocks (null without a configuration, or for a block it lacks). */
  labMilling: { manufacturing: Manufacturing | null; milling: LabMilling | null } | null;
  /** The sign-off sheets' date (YYYY-MM-DD), settled once for the batch; null when no order writes a sheet. */
  date: string | null;
  /** The batch's stop switch (stopSwitch.ts): shared memory, the same for every task. */
  stopSwitch: SharedArrayBuffer;
}

/** What a worker needs to build one order (structured-cloneable). */
export interface OrderTask {
  order: Order;
  batch: BatchSettings;
}

/** Test-only fault injection: an order whose output name equals this crashes its worker. */
export const CRASH_ENV = 'ORTHOTIC_INJECT_CRASH';

/**
 * Builds one order through the order pipeline, as `orthotic build` would with the same scans,
 * prescription and flags, and stages what the output planner names for it (the main thread
 * commits it: all or none): `<name>.stl` or `<name>.3mf` (one STL a device for a pair or a series: `<name>-left.stl`,
 * `<name>-stage-1-of-3.stl`), `<name>.report.json`, and as asked `<name>.preview.html`,
 * `<name>.svg` / `.png` (one a device), `<name>.sheet.html`; and `<name>.inputs.sha256` (a hash of
 * every input file, the limits profile, the configuration, the order's settings and the tool version).
 * Never throws for a bad order: the result says what happened.
 */
export async function runOrder(task: OrderTask): Promise<StagedOrder> {
  const t0 = performance.now();
  const { order, batch } = task;
  const result = (status: OrderStatus, exitCode: number, rest: Partial<OrderResult> = {}): OrderResult => ({
    index: order.index, name: order.name, id: null, status, exitCode, outputs: [], warnings: [], error: null,
    ms: Math.round(performance.now() - t0), ...rest,
  });
  if (process.env[CRASH_ENV] && process.env[CRASH_ENV] === order.name) process.exit(70); // kills this worker thread only
  try {
    const { request, supplied } = orderRequest(order, batch);
    const flags = { ...batch.scanFlags, ...pick(order.settings, ['id', 'side', 'units', 'impression', 'surface']) };
    const config = batch.config ? { ...batch.config, supplied: { ...batch.config.supplied, ...supplied } } : null;
    const stampPath = join(batch.outDir, `${order.name}.inputs.sha256`);
    const stamp = stampOf(order, batch, request, flags, config);
    const previous = batch.resume ? writtenBefore(request, stampPath, stamp, millPaths(order, batch)) : null;
    if (previous) return { result: result('skipped', EXIT.ok, previous), staged: null };

    const read = readOrderInputs(order, flags);
    // Printed or milled, as build settles it: the manifest's columns, the batch's flags, the order's block, the configuration's.
    const made = settleManufacturing([
      flagsManufacturing(order.settings), flagsManufacturing(batch.milling), orderManufacturing(read), configManufacturing(labConfigOf(batch)),
    ]);
    const milled = made.for === 'mill' ? millFiles(order, batch, made) : null;
    if (!milled) checkPrinted(order, made);
    refuseFolders([request.output, request.report, request.preview, request.map, request.sheet, stampPath, milled?.gcode, milled?.trim]);
    const lab = milled ? batch.labMilling?.milling ?? undefined : undefined;
    // What the configuration supplied to this order, as build records it.
    const inConfig = config && (lab || made.configSupplied)
      ? { ...config, supplied: { ...config.supplied, ...(lab ? { milling: lab } : {}), ...(made.configSupplied ? { manufacturing: made.configSupplied } : {}) } }
      : config;
    const limits = limitsOf(batch.limitsText);
    const built = runPipeline(read, {
      ...limitOptions({ ...read, ...(limits ? { limits } : {}) }, { clamp: batch.clamp, allowOverLimit: batch.allowOverLimit ?? undefined, surface: flags.surface }, { limits: null, config: inConfig ?? undefined }),
      ...optionsAsMade(made),
      resolutionMm: batch.resolutionMm,
      measure: true, // the report is always written
      ...(order.settings.mirror ? { mirror: true } : {}),
      ...(order.settings.stages !== undefined ? { stages: order.settings.stages } : {}),
    });
    // A printed order's STL borrowed from the writer's memory: staged below, before this worker builds anything else.
    const planned = milled
      ? await planMilled(built, request, milled, millOptions(made, lab), made)
      : await planOutputs(recordManufacturing(built, made), request, { borrowStl: true });
    const plan = sparingInputs(planned, [...order.scans, ...read.read, order.rxPath ?? undefined]);
    // The hash goes last, and the old one goes first: an order whose files were only partly replaced
    // (a run killed outright between two renames) has no hash, so --resume builds it again.
    plan.files.push({ path: stampPath, data: new TextEncoder().encode(`${stamp}\n`) });
    try { unlinkSync(stampPath); } catch { /* none yet */ }
    // Written here (the STL handed over to the main thread, which writes it), flushed and put in
    // place by the main thread: the worker goes on to its next order at once instead of waiting for
    // the disk (the batch reports each order on its own).
    const files = plan.files.map((f) => {
      const shared = f.direct ? handOver(f.data) : null;
      return shared ? { ...f, data: shared, deferred: true } : f;
    });
    let staged: StagedFile[] = [];
    try {
      staged = stageFiles(files);
    } catch (err) {
      throw asNotWritten(err);
    } finally {
      // A handed-over STL not staged (staging failed, or its path is a FIFO or a device) has nobody to write it: its slot is freed.
      const bodies = new Set(staged.map((s) => s.body?.data));
      for (const f of files) if (f.deferred && !bodies.has(f.data)) release(f.data);
    }
    const clamped = built.devices.some((d) => d.report.limits.findings.some((f) => f.level === 'clamped'));
    const status: OrderStatus = clamped ? 'clamped' : plan.warnings.length ? 'warned' : 'built';
    const id = [...new Set(built.devices.map((d) => d.report.id))].join(' / ');
    return { result: result(status, EXIT.ok, { id, outputs: plan.files.map((f) => f.path), warnings: plan.warnings }), staged };
  } catch (err) {
    return { result: failedOrder(result('failed', EXIT.internal), err), staged: null };
  }
}

/**
 * Refuses an order's outputs when one of them is a folder, or a symbolic link to one (folderTarget):
 * its file would go inside it (a device's file or map: as build's -o and --map do with a folder) or
 * could not be put in place at all. Checked before the order is built, on its own names; a pair's
 * or a series' device names are stageFiles' to check (a folder there: asNotWritten, the same).
 * @throws WriteError the order is not written (`writeFailed`, as on a full disk); the batch goes on
 */
function refuseFolders(paths: ReadonlyArray<string | undefined>): void {
  const bad = folderTarget(paths.filter((p): p is string => p !== undefined), { follow: true });
  if (bad) throw notWritten(bad);
}

/**
 * The outputs an order writes, named as `orthotic build` names them with `-o <out>/<name>.stl`
 * (or `.3mf`), `--report <out>/<name>.report.json`, `--preview <out>/<name>.preview.html`, `--map
 * <out>/<name>.svg` (or `.png`), `--sheet <out>/<name>.sheet.html`. Each choice is the order's
 * manifest column, else the batch's flag, else the lab configuration's, else the built-in one
 * (STL; no viewer, map or sheet); what the configuration decided is returned to be recorded.
 */
export function orderRequest(order: Order, batch: BatchSettings): { request: ResolvedRequest; supplied: Record<string, unknown> } {
  const supplied: Record<string, unknown> = {};
  const fromConfig: Record<string, unknown> = {};
  const choose = <K extends 'format' | 'preview' | 'map' | 'sheet'>(key: K): NonNullable<OrderSettingsOf<K>> | undefined => {
    const v = order.settings[key] ?? batch.outputs[key];
    if (v !== undefined) return v as NonNullable<OrderSettingsOf<K>>;
    const c = batch.configOutputs?.[key];
    if (c !== undefined) fromConfig[key] = c;
    return c as NonNullable<OrderSettingsOf<K>> | undefined;
  };
  const format = choose('format') ?? 'stl';
  const map = choose('map') ?? 'none';
  const preview = choose('preview') ?? false;
  const sheet = choose('sheet') ?? false;
  if (Object.keys(fromConfig).length) supplied.outputs = fromConfig;
  if (sheet && batch.lab) supplied.lab = batch.lab;
  const at = (suffix: string) => join(batch.outDir, `${order.name}${suffix}`);
  const request = resolveRequest({
    output: at(`.${format}`), format, ascii: format === 'stl' && batch.outputs.ascii,
    report: at('.report.json'),
    ...(preview ? { preview: at('.preview.html') } : {}),
    ...(map !== 'none' ? { map: at(`.${map}`) } : {}),
    ...(sheet ? { sheet: at('.sheet.html'), date: batch.date ?? undefined, ...(batch.lab ? { lab: batch.lab } : {}) } : {}),
  });
  return { request, supplied };
}
type OrderSettingsOf<K extends 'format' | 'preview' | 'map' | 'sheet'> = Order['settings'][K];

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/**
 * The order's input hash: the tool version, every setting that shapes its outputs, and the bytes
 * of every file it reads (its scans, the 3D scans a scan JSON names, the prescription) and of the
 * limits profile. A file that cannot be read adds its name only (the build then says what is wrong).
 * Files count by their names, not by where they are: the same batch given as `in` or as `/lab/in`,
 * or run from another folder, has the same hashes (its --resume skips the same orders); but a 3D
 * scan's path counts as given, as its report records it (`surface.file`).
 */
function stampOf(order: Order, batch: BatchSettings, request: ResolvedRequest, flags: object, config: ConfigInEffect | null): string {
  const name = (path: string | undefined) => (path === undefined ? undefined : basename(path));
  const hash = createHash('sha256').update(JSON.stringify([
    TOOL.version, batch.resolutionMm, batch.clamp, batch.allowOverLimit, order.settings, flags,
    { ...request, output: undefined, report: undefined, preview: name(request.preview), map: name(request.map), sheet: name(request.sheet) },
    config && { ...config, name: undefined }, batch.milling, batch.labMilling,
  ]));
  const add = (path: string, recorded = false) => {
    hash.update('\0').update(recorded ? path : basename(path)).update('\0');
    try {
      const bytes = readBytes(path, 'input');
      hash.update(bytes);
      return bytes;
    } catch {
      return null;
    }
  };
  for (const scan of order.scans) {
    const mesh = meshFormatOf(scan) !== null;
    const bytes = add(scan, mesh);
    if (!bytes || mesh || !bytes.includes('"surface"')) continue;
    let doc: unknown;
    try { doc = JSON.parse(bytes.toString('utf8')); } catch { continue; }
    for (const file of namedSurfaceFiles(doc, scan)) add(file, true);
  }
  if (order.rxPath) add(order.rxPath);
  return hash.update('\0').update(batch.limitsText ?? '').digest('hex');
}

/**
 * An order's inputs, read as `orthotic build` reads its arguments (readOrder). A file that cannot
 * be read makes the order invalid: the manifest or folder named it, not the command line.
 */
function readOrderInputs(order: Order, flags: Parameters<typeof readOrder>[1]): OrderInputs {
  // The manifest's cells, should a path be one no file can have (a NUL in it).
  const row = `/orders/${order.index}`;
  const fields = { scans: order.scans.length === 2 ? [`${row}/left`, `${row}/right`] : [`${row}/scan`], rx: `${row}/rx` };
  try {
    return readOrder(order.scans, { ...flags, ...(order.rxPath ? { rx: order.rxPath } : {}) }, fields);
  } catch (err) {
    if (err instanceof UsageError) throw new InputError([{ pointer: '', rule: err.message }]);
    throw err;
  }
}

/** The batch's limits profile, parsed once a worker. */
let parsedLimits: { text: string; profile: LimitsProfile } | null = null;
function limitsOf(text: string | null): LimitsProfile | null {
  if (text === null) return null;
  if (parsedLimits?.text !== text) parsedLimits = { text, profile: parseLimitsText(text) };
  return parsedLimits.profile;
}

/**
 * The files an earlier run wrote for these very inputs, when they are all still there (--resume):
 * the stamp matches, and the report and every file the plan names for the devices the report
 * records exist (every stage of a series, both feet of a pair; for a milled order, its G-code and a
 * cast's trim line when asked). Null otherwise.
 */
function writtenBefore(request: ResolvedRequest, stampPath: string, stamp: string, mill: { gcode?: string; trim?: string }): { id: string; outputs: string[] } | null {
  try {
    if (readFileSync(stampPath, 'utf8').trim() !== stamp) return null;
    const report = JSON.parse(readFileSync(request.report!, 'utf8')) as BuildReport | OrderReport;
    const devices = 'devices' in report ? report.devices : [report];
    const milling = devices[0]?.milling as { target?: string } | undefined;
    const files = plannedPaths(request, devices);
    if (milling) {
      const pair = new Set(devices.map((d) => d.side)).size > 1;
      const named = devices.map((d) => ({ report: d, name: deviceName(d, pair) }));
      if (mill.gcode) files.push(...named.map((d) => devicePath(mill.gcode!, d, d.name, 'nc')));
      if (mill.trim && milling.target === 'cast') files.push(...named.map((d) => devicePath(mill.trim!, d, d.name, /\.dxf$/.test(mill.trim!) ? 'dxf' : 'svg')));
    }
    return files.every((p) => statSync(p, { throwIfNoEntry: false })?.isFile()) ? { id: [...new Set(devices.map((d) => d.id))].join(' / '), outputs: [...files, stampPath] } : null;
  } catch {
    return null; // no stamp or report yet, or not readable: build
  }
}

/** The configuration's blocks a manufacturing choice reads (settleManufacturing), as a LabConfig. */
function labConfigOf(batch: BatchSettings): Pick<LabConfig, 'manufacturing' | 'milling'> {
  const m = batch.labMilling;
  return { ...(m?.manufacturing ? { manufacturing: m.manufacturing } : {}), ...(m?.milling ? { milling: m.milling } : {}) };
}

/**
 * Where a milled order's G-code and trim line go (`<out>/<name>.nc`, `<out>/<name>.trim.svg` or
 * `.dxf`) when asked: its manifest column, else the batch's flag. The trim line is a cast's only.
 */
function millPaths(order: Order, batch: BatchSettings): { gcode?: string; trim?: string } {
  const gcode = order.settings.gcode ?? batch.milling.gcode ?? false;
  const trim = order.settings.trim ?? batch.milling.trim ?? 'none';
  return {
    ...(gcode ? { gcode: join(batch.outDir, `${order.name}.nc`) } : {}),
    ...(trim !== 'none' ? { trim: join(batch.outDir, `${order.name}.trim.${trim}`) } : {}),
  };
}

/**
 * A milled order's G-code and trim files, as millPaths names them (the trim line a cast's only).
 * Its other outputs are a printed order's: the viewer and the sheet draw the device as designed,
 * the map the part in its blank.
 * @throws InputError a trim column for a milled device (not a cast)
 */
function millFiles(order: Order, batch: BatchSettings, made: SettledManufacturing): { gcode?: string; trim?: string } {
  const paths = millPaths(order, batch);
  if (order.settings.trim !== undefined && order.settings.trim !== 'none' && made.mill !== 'cast') {
    throw new InputError([{ pointer: '/trim', rule: `writes a cast's trim line: this order mills the device (its mill: ${made.mill}, from the ${SOURCE_NAMES[made.from.mill]})`, value: order.settings.trim }]);
  }
  return { ...(paths.gcode ? { gcode: paths.gcode } : {}), ...(paths.trim && made.mill === 'cast' ? { trim: paths.trim } : {}) };
}

/**
 * A printed order names no milling in its manifest row (the batch's milling flags apply to its milled orders only).
 * @throws InputError a mill, blank, gcode or trim column on an order that is printed (naming who made it printed)
 */
function checkPrinted(order: Order, made: SettledManufacturing): void {
  for (const key of ['mill', 'blank', 'gcode', 'trim'] as const) {
    const v = order.settings[key];
    if (v === undefined || v === false || v === 'none') continue;
    const value = typeof v === 'object' ? `${v.lengthMm}x${v.widthMm}x${v.heightMm}` : v === true ? 'yes' : v;
    throw new InputError([{ pointer: `/${key}`, rule: `applies to a milled order: this order is printed ("for": "print" from the ${SOURCE_NAMES[made.from.for]}; a for column of mill mills it)`, value }]);
  }
}
