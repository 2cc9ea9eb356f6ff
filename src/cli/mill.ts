/**
 * `orthotic build --for mill`: each device of an order made into the part a 3-axis mill cuts (the
 * device itself from a block, or its positive cast), placed in a blank, checked, with its G-code
 * and the cast's trim line. The part's mesh replaces the device's in the order, so the output
 * planner writes it (named, atomic) like any device; the G-code and trim files join the plan.
 */
import { InvalidArgumentError } from 'commander';
import type { LabMilling } from '../config/index.js';
import { UsageError } from '../errors.js';
import { checkSolid } from '../geometry/index.js';
import { millGcode, millPart, MILL_DEFAULTS, toolName, trimLineDxf, trimLineSvg, type Blank, type MilledPart, type MillOptions, type MillTarget } from '../mill/index.js';
import { roundDeep, type BuiltOrder } from '../pipeline/index.js';
import { MeshValidationError } from '../errors.js';
import { recordManufacturing, SOURCE_NAMES, type ManufacturingLayer, type ManufacturingSource, type SettledManufacturing } from './manufacturing.js';
import { checkDistinct, devicePath, planOutputs, viewerAndSheet, type OutputPlan, type ResolvedRequest } from './plan.js';

/** The milling flags of `orthotic build`. */
export interface MillFlags {
  for?: 'print' | 'mill';
  mill?: MillTarget;
  blank?: Blank;
  gcode?: string;
  trim?: string;
}

/** The flags' layer of the manufacturing choice (see settleManufacturing). */
export function flagsManufacturing(flags: Pick<MillFlags, 'for' | 'mill' | 'blank'>, from: ManufacturingSource = 'flag'): ManufacturingLayer {
  const block = { ...(flags.for ? { for: flags.for } : {}), ...(flags.mill ? { mill: flags.mill } : {}), ...(flags.blank ? { blank: flags.blank } : {}) };
  return { from, block: Object.keys(block).length ? block : undefined };
}

/** `--blank LxWxH` (mm, each 10–1000). */
export function parseBlank(value: string): Blank {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*$/i.exec(value);
  const v = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  if (!m || v.some((n) => !(n >= 10 && n <= 1000))) throw new InvalidArgumentError(`must be length x width x height in mm (each 10-1000), e.g. 300x130x40, got '${value}'`);
  return { lengthMm: v[0]!, widthMm: v[1]!, heightMm: v[2]! };
}

/**
 * Checks the milling flags that can be checked before the order is read.
 * @throws UsageError --trim not .svg/.dxf; --gcode or --trim on standard output
 */
export function checkMillFlags(flags: MillFlags): void {
  if (flags.trim !== undefined && !/\.(svg|dxf)$/i.test(flags.trim)) throw new UsageError('--trim must name a .svg or .dxf file');
  if (flags.gcode === '-' || flags.trim === '-') throw new UsageError('--gcode and --trim write files, not standard output');
}

/**
 * Checks the milling flags against how the order is made (settleManufacturing).
 * @throws UsageError --mill, --blank, --gcode or --trim for a printed order; --trim for a milled
 *   device (not a cast)
 */
export function checkMilling(flags: MillFlags, made: SettledManufacturing): void {
  const mill = made.for === 'mill';
  for (const [name, given] of [['--mill', flags.mill], ['--blank', flags.blank], ['--gcode', flags.gcode], ['--trim', flags.trim]] as const) {
    if (given !== undefined && !mill) throw new UsageError(`${name} needs --for mill${made.from.for === 'built-in' ? '' : ` (the ${SOURCE_NAMES[made.from.for]} says "for": "print")`}`);
  }
  if (flags.trim !== undefined && made.mill !== 'cast') throw new UsageError(`--trim writes a cast's trim line: it needs --mill cast${made.from.mill === 'flag' || made.from.mill === 'built-in' ? '' : ` (the ${SOURCE_NAMES[made.from.mill]} says "mill": "device")`}`);
}

/**
 * The milling options a run uses, field by field: how the order is made (the target and the blank:
 * see settleManufacturing) over the lab configuration's `milling` over the built-in defaults
 * (MILL_DEFAULTS); a tool the configuration gives in part takes the rest from the built-in one.
 */
export function millOptions(made: SettledManufacturing, lab: LabMilling | undefined): MillOptions {
  const { roughing, finishing, target: _target, ...rest } = lab ?? {};
  return {
    ...MILL_DEFAULTS,
    ...rest,
    roughing: { ...MILL_DEFAULTS.roughing, ...roughing },
    finishing: { ...MILL_DEFAULTS.finishing, ...finishing },
    target: made.mill,
    ...(made.blank ? { blanks: [made.blank] } : {}),
  };
}

/**
 * Makes every device of an order into its milled part (the order's meshes replaced, each report
 * given `milling`), and the G-code and trim-line files to write beside them.
 * @param stlPaths the device files the plan names (-o), one a device, for the G-code's comments
 * @throws GeometryError a part no blank fits (naming its size); MeshValidationError a part that is not a closed solid (a bug)
 */
export function millOrder(order: BuiltOrder, flags: MillFlags, options: MillOptions): { order: BuiltOrder; parts: MilledPart[]; files: Array<{ path: string; data: Uint8Array }>; log: string[] } {
  const files: Array<{ path: string; data: Uint8Array }> = [];
  const log: string[] = [];
  const parts: MilledPart[] = [];
  const encode = (s: string) => new TextEncoder().encode(s);
  const devices = order.devices.map((d) => {
    const part = millPart(d, options);
    parts.push(part);
    const check = checkSolid(part.mesh);
    if (check.problems.length) throw new MeshValidationError(`the milled ${part.target} is not a valid closed solid (${check.problems.join('; ')})`);
    const what = `${d.report.id} ${d.report.side}${d.name ? ` (${d.name})` : ''}`;
    const b = part.blank;
    const header = [
      `orthotic ${d.report.tool.version}: ${part.target === 'cast' ? 'positive cast' : 'milled device'} of order ${what}`,
      `stock: blank ${b.lengthMm} x ${b.widthMm} x ${b.heightMm} mm; work zero at its corner on its bottom face: X along its length, Y across, Z up, the frame of the STL written with this file`,
      `T${options.roughing.number}: ${toolName(options.roughing)}; stepdown ${options.stepdownMm} mm, ${options.stockMm} mm left`,
      `T${options.finishing.number}: ${toolName(options.finishing)}; scallop ${options.scallopMm} mm`,
    ];
    let toolpaths: Record<string, unknown> | null = null;
    if (flags.gcode !== undefined) {
      const g = millGcode(part.mesh, part.blank, part.window, options, header);
      files.push({ path: devicePath(flags.gcode, d, d.name, 'nc'), data: encode(g.text) });
      toolpaths = { ...g.stats };
      log.push(`G-code ${what}: ${g.stats.lines} lines, ${(g.stats.bytes / 1e6).toFixed(1)} MB, about ${Math.round(g.stats.minutes)} min at the feeds -> ${devicePath(flags.gcode, d, d.name, 'nc')}`);
    }
    if (flags.trim !== undefined && part.trimLine) {
      const path = devicePath(flags.trim, d, d.name, /\.dxf$/i.test(flags.trim) ? 'dxf' : 'svg');
      const text = /\.dxf$/i.test(path) ? trimLineDxf(part.trimLine) : trimLineSvg(part.trimLine, part.sizeMm[0], part.sizeMm[1], `trim line of ${what}, cast frame (mm, seen from above)`);
      files.push({ path, data: encode(text) });
      log.push(`trim line ${what} -> ${path}`);
    }
    const milling = roundDeep({
      target: part.target,
      blank: part.blank,
      frame: part.target === 'cast'
        ? 'cast frame: the device\'s top turned over about the foot\'s long axis (plantar side up), origin at the blank\'s corner on its bottom face'
        : 'blank frame: the foot frame moved by offsetMm, origin at the blank\'s corner on its bottom face',
      offsetMm: part.offsetMm,
      sizeMm: part.sizeMm,
      ...(part.target === 'device' ? { draftDeg: options.draftDeg } : { castBaseMm: options.castBaseMm, castMarginMm: options.castMarginMm, castStepMm: options.castStepMm }),
      undercutMm2: part.undercut,
      unreachedByBallMm2: part.reach.areaMm2,
      unreachedDeepestMm: part.reach.deepestMm,
      tools: { roughing: options.roughing, finishing: options.finishing },
      toolpaths,
      mesh: { vertices: check.vertices, triangles: check.faces, euler: check.euler, volumeMm3: check.volume },
    }, 3);
    return { ...d, mesh: part.mesh, report: { ...d.report, milling } };
  });
  const named = files.map((f) => f.path);
  if (new Set(named).size !== named.length) throw new UsageError('--gcode and --trim must name different files');
  return { order: { ...order, devices }, parts, files, log };
}

/**
 * Plans a milled run's outputs (what `build --for mill` and a batch's milled order write): the
 * output planner's device files and report for the milled parts, then the G-code and trim lines,
 * then one map a part (renderMillMapSvg: the part in its blank, what the ball cannot reach and any
 * undercut), named as the planner names maps.
 * @param built the order as built for printing (its devices are milled here)
 * @throws as millOrder and planOutputs; UsageError two outputs on one file
 */
export async function planMilled(built: BuiltOrder, request: ResolvedRequest, flags: MillFlags, options: MillOptions, made: SettledManufacturing): Promise<OutputPlan> {
  const designed = recordManufacturing(built, made);
  const milled = millOrder(designed, flags, options);
  const planned = await planOutputs(milled.order, { ...request, map: undefined, preview: undefined, sheet: undefined });
  planned.files.push(...milled.files);
  planned.log.push(...milled.log);
  if (request.map !== undefined) {
    const { renderMillMapSvg, renderMapPng } = await import('../preview/index.js');
    const encode = (s: string) => new TextEncoder().encode(s);
    const paths = milled.order.devices.map((d) => devicePath(request.map!, d, d.name, request.mapFormat ?? 'svg'));
    for (const [i, d] of milled.order.devices.entries()) {
      const svg = renderMillMapSvg({ part: milled.parts[i]!, report: d.report });
      planned.files.push({ path: paths[i]!, data: /\.png$/i.test(paths[i]!) ? renderMapPng(svg) : encode(svg) });
    }
    planned.log.push(`map${paths.length > 1 ? 's' : ''} of the milled ${options.target === 'cast' ? 'cast' : 'device'} -> ${paths.join(', ')}`);
    if (request.map.endsWith('/')) planned.folders.push(request.map);
  }
  // The viewer and the sign-off sheet draw each device as designed, in the foot frame (the map above
  // draws the part in its blank), with its report as milled: they say how it is made.
  const views = await viewerAndSheet({ ...milled.order, devices: milled.order.devices.map((d, i) => ({ ...d, mesh: designed.devices[i]!.mesh })) }, request);
  for (const view of views) if (view) planned.files.push(view);
  const shown = [request.preview && `preview -> ${request.preview === '-' ? 'standard output' : request.preview}`, request.sheet && `sheet -> ${request.sheet}`].filter(Boolean);
  if (shown.length) planned.log.push(`${shown.join(', ')} (the device as designed)`);
  checkDistinct(planned.files, '-o, --report, --preview, --map, --sheet, --gcode and --trim');
  return planned;
}
