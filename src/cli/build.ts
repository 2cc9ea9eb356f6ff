import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { BUILD_DEFAULTS, MAX_STAGES } from '../pipeline/index.js';
import { checkFileOutputs, needsMeasure, planOutputs, resolveRequest, writePlan, type OutputRequest, sparingInputs } from './plan.js';
import { configuredFormats, loadConfig, settle } from './config.js';
import { addInputOptions, limitOptions, parseResolution, plainNumber, readOrder, runPipeline, type InputOptions } from './shared.js';
import { checkMilling, checkMillFlags, flagsManufacturing, millOptions, parseBlank, planMilled, type MillFlags } from './mill.js';
import { computing, stopOnSignals } from './signals.js';
import { configManufacturing, optionsAsMade, orderManufacturing, recordManufacturing, settleManufacturing } from './manufacturing.js';

interface BuildFlags extends InputOptions, OutputRequest, MillFlags {
  output: string;
  resolution?: number;
  mirror?: boolean;
  stages?: number;
  autoStages?: boolean;
}

function parseStages(value: string): number {
  const v = plainNumber(value, true);
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
    .option('--resolution <mm>', `surface mesh edge length in mm (default: the lab configuration's resolutionMm, else ${BUILD_DEFAULTS.resolutionMm})`, parseResolution)
    .option('--ascii', 'write ASCII STL instead of binary')
    .addOption(new Option('--format <format>', 'output format (default: from the -o extension, else stl)').choices(['stl', '3mf']))
    .option('--json', 'print the build report as JSON on standard output')
    .addOption(new Option('--for <machine>', 'print or mill: the device as a 3-axis mill cuts it, placed in a blank (default: the order\'s manufacturing block, else the lab configuration\'s, else print)').choices(['print', 'mill']))
    .addOption(new Option('--mill <what>', 'when milling: device (filled, drafted walls, flat base) or cast (its positive cast) (default: the order\'s, else the configuration\'s, else device)').choices(['device', 'cast']))
    .option('--blank <LxWxH>', 'when milling: the blank, mm (default: the order\'s, else the configuration\'s, else the smallest of its blanks or of 300x130x40 and 340x140x50 that fits)', parseBlank)
    .option('--gcode <file>', 'when milling: also write the G-code (roughing, ball finish; LinuxCNC and Grbl), in the frame of the STL')
    .option('--trim <file>', 'with --mill cast: also write the trim line (the device outline), .svg or .dxf');
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
  orthotic build scan.json --for mill -o device.stl --gcode device.nc    # milled from a block
  orthotic build scan.json --for mill --mill cast -o cast.stl --gcode cast.nc --trim trim.dxf
  orthotic build scan.json --for mill -o device.stl --map device.png   # the part in its blank, out-of-reach regions drawn
  cat scan.json | orthotic build - -o device.stl --resolution 0.5`);
  cmd.action(async (scanPaths: string[], flags: BuildFlags) => {
    stopOnSignals(log);
    if (scanPaths.length === 2 && flags.mirror) throw new UsageError('--mirror builds the other foot from one scan: two scans were given');
    if (flags.stages !== undefined && flags.autoStages) throw new UsageError('give --stages or --auto-stages, not both');
    checkMillFlags(flags);
    // A date is checked when given, sheet or not (the sheet's own check runs only with a sheet).
    if (flags.date !== undefined && !flags.sheet) (await import('../preview/index.js')).checkSheetDate(flags.date);
    const config = loadConfig(flags.config);
    const formats = configuredFormats(config, flags);
    const request = resolveRequest({ ...flags, ...(formats.format ? { format: formats.format } : {}), mapFormat: formats.mapFormat, lab: formats.lab });
    checkFileOutputs(request);
    const read = readOrder(scanPaths, flags);
    // Printed or milled: the flags, then the order's manufacturing block, then the configuration's.
    const made = settleManufacturing([flagsManufacturing(flags), orderManufacturing(read), configManufacturing(config?.config)]);
    checkMilling(flags, made);
    const lab = made.for === 'mill' ? config?.config.milling : undefined;
    const settled = settle(config, flags, { key: 'resolutionMm', builtInMm: BUILD_DEFAULTS.resolutionMm }, {
      ...formats.supplied, ...(lab ? { milling: lab } : {}), ...(made.configSupplied ? { manufacturing: made.configSupplied } : {}),
    });
    const built = computing(() => runPipeline(read, {
      ...limitOptions(read, flags, settled),
      ...optionsAsMade(made),
      resolutionMm: settled.resolutionMm,
      measure: needsMeasure(request),
      ...(flags.mirror ? { mirror: true } : {}),
      ...(flags.autoStages ? { stages: 'auto' as const } : flags.stages !== undefined ? { stages: flags.stages } : {}),
    }));
    const planned = made.for === 'mill' ? await planMilled(built, request, flags, millOptions(made, lab), made) : await planOutputs(recordManufacturing(built, made), request);
    const plan = sparingInputs(planned, [...scanPaths, ...read.read, flags.rx, flags.limits, config?.path, settled.limits?.path]);
    await writePlan(plan, log, { holdSignals: true });
  });
  return cmd;
}

