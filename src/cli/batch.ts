import { Command, InvalidArgumentError } from 'commander';
import { acceptedLoosenings, BUILD_DEFAULTS } from '../pipeline/index.js';
import { parseLimitsText } from '../limits/index.js';
import { parseReason } from './shared.js';
import { readText } from './io.js';
import { parseResolution } from './shared.js';

interface BatchFlags {
  out: string;
  jobs?: number;
  resume?: boolean;
  json?: boolean;
  limits?: string;
  clamp?: boolean;
  allowOverLimit?: string;
  resolution: number;
}

function parseJobs(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1 || v > 64) throw new InvalidArgumentError(`must be a whole number from 1 to 64, got '${value}'`);
  return v;
}

/** `orthotic batch`: many orders, in parallel, resumable; one bad order never stops the rest. */
export function batchCommand(log: (line: string) => void, out: (line: string) => void, setExit: (code: number) => void): Command {
  const cmd = new Command('batch')
    .description('build every order of a folder of scans or a manifest (.csv / .jsonl) on worker threads')
    .argument('<input>', 'folder of scan JSON files, or a manifest: CSV with header scan,rx,output or JSON Lines {"scan","rx","output"}')
    .requiredOption('--out <dir>', 'output folder (created if missing; one batch at a time, not the input folder): <name>.stl, <name>.report.json, <name>.inputs.sha256, batch-report.json')
    .option('--jobs <n>', 'worker threads (default: one per core)', parseJobs)
    .option('--resume', 'skip orders whose outputs exist and whose inputs, limits and tool version are unchanged')
    .option('--json', 'one JSON line per finished order on standard output (also without a terminal)')
    .option('--limits <file>', 'correction-limits profile JSON for every order')
    .option('--clamp', 'build at a hard limit instead of refusing')
    .option('--allow-over-limit <reason>', 'accept a --limits profile that loosens a built-in limit', parseReason)
    .option('--resolution <mm>', 'surface mesh edge length in mm', parseResolution, BUILD_DEFAULTS.resolutionMm);
  cmd.addHelpText('after', `
Exit codes: 0 every order built; otherwise the first of 1 (an order failed), 5 (an order's outputs
could not be written: disk full, I/O error, read-only, no permission), 4 (an order refused),
3 (an order invalid) that any order reached; 3 before building for a bad manifest or clashing
output names; 2 for a bad --out or one another batch is using; 130 when interrupted.
SIGINT/SIGTERM: orders in progress finish, no new one starts; a second signal stops at once.
Either way no order is left half written and no temporary file remains.

Examples:
  orthotic batch scans/ --out built/ --jobs 2
  orthotic batch orders.csv --out built/ --resume --json > progress.jsonl`);
  cmd.action(async (input: string, flags: BatchFlags) => {
    const limitsText = flags.limits ? readText(flags.limits, 'limits profile').text : null;
    // Check the profile once here rather than failing every order with the same message.
    if (limitsText) acceptedLoosenings(parseLimitsText(limitsText), flags.allowOverLimit);
    // The worker pool and progress bar load only for a batch (they cost every other command ~30 ms).
    const { runBatch } = await import('./batch/run.js');
    const report = await runBatch({
      input, outDir: flags.out, ...(flags.jobs ? { jobs: flags.jobs } : {}), resume: flags.resume ?? false, json: flags.json ?? false,
      limitsText, ...(flags.limits ? { limitsPath: flags.limits } : {}), clamp: flags.clamp ?? false, allowOverLimit: flags.allowOverLimit ?? null, resolutionMm: flags.resolution,
      log, out, tty: Boolean(process.stderr.isTTY),
    });
    setExit(report.exitCode);
  });
  return cmd;
}
