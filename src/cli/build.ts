import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildOrder, orderReport, BUILD_DEFAULTS, MAX_STAGES, type OrderDevice } from '../pipeline/index.js';
import { to3mf, toStl } from '../export/index.js';
import { mapProblems, UsageError } from '../errors.js';
import { parseJsonText } from '../scan/index.js';
import { readText, writeAtomic } from './io.js';
import { devicePath, makeFolder, sheetDate } from './outputs.js';
import { addInputOptions, parseResolution, readInputs, type InputOptions } from './shared.js';

interface BuildFlags extends InputOptions {
  output: string;
  report?: string;
  preview?: string;
  map?: string;
  sheet?: string;
  date?: string;
  resolution: number;
  ascii?: boolean;
  json?: boolean;
  format?: 'stl' | '3mf';
  mirror?: boolean;
  stages?: number;
  autoStages?: boolean;
}

function parseStages(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1 || v > MAX_STAGES) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_STAGES}, got '${value}'`);
  return v;
}

/** `orthotic build`: scan(s) (+ prescription) → STL or 3MF (+ report, viewer, map, sign-off sheet). */
export function buildCommand(log: (line: string) => void): Command {
  const cmd = new Command('build')
    .description('build an orthotic (or a pair, or a staged series) from a foot scan and write it as STL or 3MF')
    .argument('<scans...>', 'foot scan JSON (- for standard input): one scan, a pair file with both feet, or a left and a right scan')
    .requiredOption('-o, --output <file>', 'STL or 3MF to write (- for standard output); a folder (ending in /) takes <id>[-side][-stage-k-of-N].stl')
    .option('--mirror', 'also build the other foot from this one scan, mirrored (recorded in the report)')
    .option('--stages <n>', `build a staged series of n devices (1-${MAX_STAGES}), each a step nearer the full prescription`, parseStages)
    .option('--auto-stages', 'build a staged series of as few stages as the per-step limits allow')
    .option('--report <file>', 'write the build report (JSON) here (- for standard output)')
    .option('--preview <file>', 'also write a self-contained 3D viewer page (HTML) of the device(s) (- for standard output)')
    .option('--map <file>', 'also write a top-view map of each device: .svg or .png')
    .option('--sheet <file>', 'also write the printable A4 sign-off sheet (HTML) of the order')
    .option('--date <yyyy-mm-dd>', 'sign-off date on the sheet (default: today, or SOURCE_DATE_EPOCH when set)')
    .option('--resolution <mm>', 'surface mesh edge length in mm', parseResolution, BUILD_DEFAULTS.resolutionMm)
    .option('--ascii', 'write ASCII STL instead of binary')
    .addOption(new Option('--format <format>', 'output format (default: from the -o extension, else stl)').choices(['stl', '3mf']))
    .option('--json', 'print the build report as JSON on standard output');
  addInputOptions(cmd);
  cmd.addHelpText('after', `
Several devices (a pair, --mirror, a series) are written to one file each, named by inserting
-left/-right and -stage-k-of-N before the extension of -o and --map (device.stl ->
device-left-stage-1-of-3.stl), or into a folder when the name ends in /. A 3MF holds them all.

Examples:
  orthotic build examples/m271-right-neutral.json -o right.stl --report right.json
  orthotic build scan.json -o device.stl --preview device.html --map device.png --sheet sheet.html
  orthotic build left.json right.json -o out/          # out/<id>-left.stl, out/<id>-right.stl
  orthotic build right.json --mirror -o pair.3mf       # both feet in one 3MF
  orthotic build scan.json --rx rx.json --auto-stages -o out/ --sheet out/plan.html
  cat scan.json | orthotic build - -o device.stl --resolution 0.5`);
  cmd.action(async (scanPaths: string[], flags: BuildFlags) => {
    if (scanPaths.length > 2) throw new UsageError('give one scan, a pair file, or two scans (left and right)');
    if (scanPaths.length === 2 && flags.mirror) throw new UsageError('--mirror builds the other foot from one scan: two scans were given');
    if (flags.stages !== undefined && flags.autoStages) throw new UsageError('give --stages or --auto-stages, not both');
    if ([...scanPaths, flags.rx, flags.limits].filter((p) => p === '-').length > 1) throw new UsageError('only one input can come from standard input');
    const format = flags.format ?? (/\.3mf$/i.test(flags.output) ? '3mf' : 'stl');
    if (format === '3mf' && flags.ascii) throw new UsageError('--ascii applies to STL only, not to 3MF');
    if (flags.map && !/\.(svg|png)$/i.test(flags.map) && !flags.map.endsWith('/')) throw new UsageError('--map must name a .svg or .png file (or a folder ending in /)');
    const date = flags.sheet ? sheetDate(flags.date) : undefined;

    const { scan, rx, limits } = readInputs(scanPaths[0]!, flags);
    const document = scanPaths.length === 2 ? { schemaVersion: 1, feet: [scan, parseJsonText(readText(scanPaths[1]!, 'scan').text, 'scan')] } : scan;
    let order;
    try {
      order = buildOrder(document, rx, {
        resolutionMm: flags.resolution,
        clamp: flags.clamp ?? false,
        measure: Boolean(flags.report || flags.json || flags.preview || flags.map || flags.sheet),
        ...(flags.mirror ? { mirror: true } : {}),
        ...(flags.autoStages ? { stages: 'auto' as const } : flags.stages !== undefined ? { stages: flags.stages } : {}),
        ...(limits ? { limits } : {}),
        ...(flags.allowOverLimit ? { allowOverLimit: flags.allowOverLimit } : {}),
      });
    } catch (err) {
      // Two files given: name the file a problem is in rather than the pair document built from them.
      if (scanPaths.length !== 2) throw err;
      throw mapProblems(err, (p) => {
        const m = /^\/feet\/([01])(\/.*)?$/.exec(p.pointer);
        return m ? { ...p, subject: scanPaths[Number(m[1])]!, pointer: m[2] ?? '' } : p;
      });
    }
    const { devices } = order;
    const several = devices.length > 1;
    for (const d of devices) for (const w of d.report.warnings) log(`warning: ${several ? `${label(d)}: ` : ''}${w}`);

    // Every file this run writes, all or none.
    const outputs: Array<{ path: string; data: Uint8Array }> = [];
    const encode = (s: string) => new TextEncoder().encode(s);
    if (format === '3mf') {
      outputs.push({
        path: devicePath(flags.output, devices[0]!, '', '3mf'),
        data: to3mf(devices.map((d) => ({ mesh: d.mesh, name: `${d.report.id} (${label(d)})`, metadata: { id: d.report.id, side: d.report.side, ...(d.report.stage ? { stage: `${d.report.stage.index} of ${d.report.stage.count}` } : {}) } })), {
          metadata: { Title: [...new Set(devices.map((d) => d.report.id))].join(' / '), Application: `${devices[0]!.report.tool.name} ${devices[0]!.report.tool.version}` },
        }),
      });
    } else {
      if (several && flags.output === '-') throw new UsageError(`this order has ${devices.length} devices: -o must name a file or folder, not standard output (or use --format 3mf)`);
      for (const d of devices) {
        outputs.push({ path: devicePath(flags.output, d, d.name, 'stl'), data: toStl(d.mesh, { ascii: flags.ascii ?? false, name: `orthotic ${d.report.tool.version} ${d.report.id} ${label(d)}` }) });
      }
    }
    const reportJson = encode(`${JSON.stringify(orderReport(order), null, 2)}\n`);
    if (flags.report) outputs.push({ path: flags.report, data: reportJson });
    if (flags.json) outputs.push({ path: '-', data: reportJson });
    if (flags.preview || flags.map || flags.sheet) {
      // The previews (and resvg's native renderer) load only when asked for: most builds never need them.
      const preview = await import('../preview/index.js');
      if (flags.preview) outputs.push({ path: flags.preview, data: encode(preview.renderViewerHtml(devices)) });
      for (const d of flags.map ? devices : []) {
        const path = devicePath(flags.map!, d, d.name, 'svg');
        const svg = preview.renderMapSvg(d);
        outputs.push({ path, data: /\.png$/i.test(path) ? preview.renderMapPng(svg) : encode(svg) });
      }
      if (flags.sheet) outputs.push({ path: flags.sheet, data: encode(preview.renderSheetHtml(devices, { date: date!, series: order.series })) });
    }

    const toStdout = outputs.filter((o) => o.path === '-').length;
    if (toStdout > 1) throw new UsageError('only one of -o -, --report -, --preview - and --json can use standard output');
    const files = outputs.filter((o) => o.path !== '-').map((o) => resolve(o.path));
    if (new Set(files).size !== files.length) throw new UsageError('-o, --report, --preview, --map and --sheet must name different files');
    // Folders named with a trailing / are made only now, when everything is ready to be written.
    for (const folder of [flags.output, flags.map]) if (folder?.endsWith('/')) makeFolder(folder);
    writeAtomic(...outputs);

    const where = (p: string) => (p === '-' ? 'standard output' : p);
    devices.forEach((d, i) => {
      const a = d.report.prescription.applied;
      const m = d.report.measured;
      const post = a.rearfootPost ? `${a.rearfootPost.wedge} post ${a.rearfootPost.angle}°` : 'no post';
      log(`built ${d.report.id} (${label(d)}, ${a.length}): ${d.report.mesh.triangles} triangles, ` +
        (m
          ? `measured ${m.lengthMm.toFixed(1)} mm long, cup ${m.heelCupDepthMm.toFixed(1)} mm, arch ${m.archHeightMm.toFixed(1)} mm, post ${m.postAngleDeg.toFixed(1)}° ${m.postHighSide}, min thickness ${m.minThicknessMm.toFixed(2)} mm`
          : `shell ${a.shellThickness} mm, cup ${a.heelCupDepth} mm, arch ${a.archHeight} mm, ${post}`) +
        ` -> ${where(format === '3mf' ? outputs[0]!.path : outputs[i]!.path)}`);
    });
    const extras = [flags.report && `report -> ${where(flags.report)}`, flags.preview && `preview -> ${where(flags.preview)}`, flags.map && `map${several ? 's' : ''} -> ${flags.map}`, flags.sheet && `sheet -> ${flags.sheet}`].filter(Boolean);
    if (extras.length) log(extras.join(', '));
  });
  return cmd;
}

/** How a device is named in messages: its side, and its stage in a series. */
function label(d: OrderDevice): string {
  return `${d.report.side}${d.report.mirroredFrom ? ', mirrored' : ''}${d.report.stage ? `, stage ${d.report.stage.index} of ${d.report.stage.count}` : ''}`;
}
