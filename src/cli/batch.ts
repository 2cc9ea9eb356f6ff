import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { BUILD_DEFAULTS } from '../pipeline/index.js';
import { CONFIG_ENV, CONFIG_FILE, loadConfig, settle } from './config.js';
import { readText } from './io.js';
import { parseReason, parseResolution, plainNumber, readLimitsProfile } from './shared.js';
import { parseBlank } from './mill.js';
import type { Blank } from '../mill/index.js';

interface BatchFlags {
  out: string;
  jobs?: number;
  resume?: boolean;
  json?: boolean;
  limits?: string;
  clamp?: boolean;
  allowOverLimit?: string;
  resolution?: number;
  config?: string | boolean;
  format?: 'stl' | '3mf';
  ascii?: boolean;
  preview?: boolean;
  map?: 'svg' | 'png' | 'none';
  sheet?: boolean;
  date?: string;
  units?: 'mm' | 'm' | 'in';
  impression?: boolean;
  surface?: 'scan' | 'parametric';
  for?: 'print' | 'mill';
  mill?: 'device' | 'cast';
  blank?: Blank;
  gcode?: boolean;
  trim?: 'svg' | 'dxf' | 'none';
}

function parseJobs(value: string): number {
  const v = plainNumber(value, true);
  if (!Number.isInteger(v) || v < 1 || v > 64) throw new InvalidArgumentError(`must be a whole number from 1 to 64, got '${value}'`);
  return v;
}

/** Commander's parser of `--out`: an empty name would put every order's files in the working folder. */
function parseOutDir(value: string): string {
  if (value === '') throw new InvalidArgumentError('must name the output folder, got an empty name');
  return value;
}

/** `orthotic batch`: many orders, in parallel, resumable; one bad order never stops the rest. */
export function batchCommand(log: (line: string) => void, out: (line: string) => void, setExit: (code: number) => void): Command {
  const cmd = new Command('batch')
    .description('build every order of a folder of scans or a manifest (.csv / .jsonl) on worker threads, as orthotic build would')
    .argument('<input>', 'folder of scans (scan JSON, pair files, 3D scans .stl/.obj/.ply), or a manifest: CSV with a header (scan,rx,output,...) or JSON Lines {"scan","rx","output",...}')
    .requiredOption('--out <dir>', 'output folder (created if missing; one batch at a time, not the input folder): <name>.stl, <name>.report.json, <name>.inputs.sha256, batch-report.json', parseOutDir)
    .option('--jobs <n>', 'worker threads (default: one per core)', parseJobs)
    .option('--resume', 'skip orders whose outputs exist and whose inputs, settings and tool version are unchanged')
    .option('--json', 'one JSON line per finished order on standard output (also without a terminal)')
    .option('--limits <file>', 'correction-limits profile JSON for every order (default: the lab configuration\'s, else the built-in)')
    .option('--clamp', 'build at a hard limit instead of refusing')
    .option('--allow-over-limit <reason>', 'accept a limits profile that loosens a built-in limit', parseReason)
    .option('--resolution <mm>', `surface mesh edge length in mm (default: the lab configuration's resolutionMm, else ${BUILD_DEFAULTS.resolutionMm})`, parseResolution)
    .addOption(new Option('--format <format>', 'device file of every order (a manifest\'s format column wins; default: the configuration\'s, else stl)').choices(['stl', '3mf']))
    .option('--ascii', 'ASCII STL instead of binary')
    .option('--preview', 'also write each order\'s 3D viewer page, <name>.preview.html')
    .option('--no-preview', 'write no viewer page (over the configuration)')
    .addOption(new Option('--map <format>', 'also write each device\'s top-view map, <name>.svg or .png (none: no map)').choices(['svg', 'png', 'none']))
    .option('--sheet', 'also write each order\'s sign-off sheet, <name>.sheet.html')
    .option('--no-sheet', 'write no sign-off sheet (over the configuration)')
    .option('--date <yyyy-mm-dd>', 'sign-off date on the sheets (default: today, or SOURCE_DATE_EPOCH when set)')
    .addOption(new Option('--units <units>', '3D scans\' units (default: told from each foot\'s size)').choices(['mm', 'm', 'in']))
    .option('--impression', 'the 3D scans are foam-box impressions')
    .addOption(new Option('--surface <mode>', 'with a 3D scan: scan (total contact) or parametric').choices(['scan', 'parametric']))
    .addOption(new Option('--for <machine>', 'every order printed or milled (a manifest\'s for column wins; default: each order\'s manufacturing block, else the configuration\'s, else print)').choices(['print', 'mill']))
    .addOption(new Option('--mill <what>', 'milled orders: device or cast (a manifest\'s mill column wins)').choices(['device', 'cast']))
    .option('--blank <LxWxH>', 'milled orders: the blank, mm (a manifest\'s blank column wins)', parseBlank)
    .option('--gcode', 'milled orders: also write the G-code, <name>.nc')
    .addOption(new Option('--trim <format>', 'milled casts: also write the trim line, <name>.trim.svg or .dxf (none: no trim line)').choices(['svg', 'dxf', 'none']))
    .option('--config <file>', `the lab's configuration JSON (default: $${CONFIG_ENV}, else ./${CONFIG_FILE} when there is one)`)
    .option('--no-config', 'use no lab configuration');
  cmd.addHelpText('after', `
A folder: every *.json (a scan or a pair file) and every 3D scan (.stl, .obj, .ply; id from the file
name, side from the arch) is an order named after its file; a 3D scan that a scan JSON of the folder
names as its surface is that scan's. A manifest names each order's files and settings in columns:
scan (or left and right), rx, output, mirror, stages (N or auto), id, side, units, impression,
surface, format, preview, map, sheet, for (print or mill), mill (device or cast), blank (LxWxH),
gcode (yes or no), trim (svg, dxf or none). A milled order writes what build --for mill writes:
<name>.stl (the part in its blank), <name>.report.json, <name>.nc, <name>.trim.svg, <name>.svg (its
map). Precedence: a manifest's column, then the batch's flags, then
the lab configuration, then the built-in default.

Exit codes: 0 every order built; otherwise the first of 1 (an order failed), 5 (an order's outputs
could not be written: disk full, I/O error, read-only, no permission), 4 (an order refused),
3 (an order invalid) that any order reached; 3 before building for a bad manifest, configuration
or clashing output names; 2 for a bad --out or one another batch is using; 130 when interrupted.
SIGINT/SIGTERM: orders in progress finish, no new one starts; a second signal stops at once.
Either way no order is left half written and no temporary file remains.

Examples:
  orthotic batch scans/ --out built/ --jobs 2
  orthotic batch scans/ --out built/ --format 3mf --sheet --map png
  orthotic batch orders.csv --out built/ --resume --json > progress.jsonl
  orthotic batch scans/ --out milled/ --for mill --mill cast --gcode --trim dxf`);
  cmd.action(async (input: string, flags: BatchFlags) => {
    if (flags.ascii && flags.format === '3mf') throw new UsageError('--ascii applies to STL only, not to 3MF');
    // A date is checked when given, whether or not any order gets a sheet.
    if (flags.date !== undefined) (await import('../preview/index.js')).checkSheetDate(flags.date);
    const config = loadConfig(flags.config);
    const limitsText = flags.limits ? readText(flags.limits, 'limits profile').text : null;
    // Check the profile once here rather than failing every order with the same message.
    if (limitsText) readLimitsProfile(flags.limits!, limitsText, flags.allowOverLimit);
    const settled = settle(config, flags, { key: 'resolutionMm', builtInMm: BUILD_DEFAULTS.resolutionMm });
    // The worker pool and progress bar load only for a batch (they cost every other command ~30 ms).
    const { runBatch } = await import('./batch/run.js');
    const report = await runBatch({
      input, outDir: flags.out, ...(flags.jobs ? { jobs: flags.jobs } : {}), resume: flags.resume ?? false, json: flags.json ?? false,
      settings: {
        clamp: flags.clamp ?? false, allowOverLimit: flags.allowOverLimit ?? null, resolutionMm: settled.resolutionMm,
        limitsText: limitsText ?? settled.limits?.text ?? null,
        config: settled.config ?? null, configOutputs: config?.config.outputs ?? null, lab: config?.config.lab ?? null,
        outputs: { format: flags.format, ascii: flags.ascii ?? false, preview: flags.preview, map: flags.map, sheet: flags.sheet },
        scanFlags: { ...(flags.units ? { units: flags.units } : {}), ...(flags.impression ? { impression: true } : {}), ...(flags.surface ? { surface: flags.surface } : {}) },
        milling: {
          ...(flags.for ? { for: flags.for } : {}), ...(flags.mill ? { mill: flags.mill } : {}), ...(flags.blank ? { blank: flags.blank } : {}),
          ...(flags.gcode !== undefined ? { gcode: flags.gcode } : {}), ...(flags.trim ? { trim: flags.trim } : {}),
        },
        labMilling: config ? { manufacturing: config.config.manufacturing ?? null, milling: config.config.milling ?? null } : null,
      },
      ...(flags.date !== undefined ? { date: flags.date } : {}),
      inputs: [flags.limits, config?.path, settled.limits?.path].filter((p): p is string => p !== undefined),
      log, out, tty: Boolean(process.stderr.isTTY),
    });
    setExit(report.exitCode);
  });
  return cmd;
}
