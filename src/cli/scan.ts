import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { meshFormatOf } from '../scan3d/index.js';
import { sparingInputs, writePlan } from './plan.js';
import { stopOnSignals } from './signals.js';
import { readMeshScan, type SurfaceFlags } from './surfaces.js';

interface ScanFlags extends SurfaceFlags {
  output: string;
}

/** `orthotic scan`: a 3D scan → the JSON scan it amounts to (outline and measurements), for labs that archive JSON. */
export function scanCommand(log: (line: string) => void): Command {
  const cmd = new Command('scan')
    .description('read a 3D foot scan (.stl, .obj, .ply) and write the JSON scan it amounts to: plantar outline and measurements')
    .argument('<mesh>', '3D scan of a foot standing on a plate (or, with --impression, of a foam-box impression)')
    .requiredOption('-o, --output <file>', 'JSON scan to write (- for standard output)')
    .option('--id <id>', 'order id (default: the file name)')
    .option('--side <side>', 'which foot (default: told from its arch; checked against it)')
    .option('--units <units>', 'the file\'s units: mm, m or in (default: told from the foot\'s size)')
    .option('--impression', 'the scan is a foam-box impression (the sole\'s negative, opening upward)');
  cmd.addHelpText('after', `
The JSON scan builds the same device as the mesh with --surface parametric; the mesh itself, named
in the JSON as "surface": {"file": "..."}, builds the total-contact device.

Example:
  orthotic scan foot.stl -o foot.json --side left`);
  cmd.action(async (path: string, flags: ScanFlags) => {
    stopOnSignals(log);
    if (!meshFormatOf(path)) throw new UsageError(`'${path}' is not a 3D scan: give an .stl, .obj or .ply file`);
    if (flags.side !== undefined && flags.side !== 'left' && flags.side !== 'right') throw new UsageError(`--side must be left or right, got '${flags.side}'`);
    if (flags.units !== undefined && !['mm', 'm', 'in'].includes(flags.units)) throw new UsageError(`--units must be mm, m or in, got '${flags.units}'`);
    const { document } = readMeshScan(path, flags);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    await writePlan(sparingInputs({ files: [{ path: flags.output, data: new TextEncoder().encode(text) }], folders: [], warnings: [], log: flags.output === '-' ? [] : [`scan -> ${flags.output}`] }, [path]), log, { holdSignals: true });
  });
  return cmd;
}
