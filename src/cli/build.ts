import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { buildOrthotic, BUILD_DEFAULTS } from '../build/index.js';
import { to3mf, toStl } from '../export/index.js';
import { UsageError } from '../errors.js';
import { renderViewerHtml } from '../preview/index.js';
import { writeAtomic } from './io.js';
import { addInputOptions, parseResolution, readInputs, type InputOptions } from './shared.js';

interface BuildFlags extends InputOptions {
  output: string;
  report?: string;
  preview?: string;
  resolution: number;
  ascii?: boolean;
  json?: boolean;
  format?: 'stl' | '3mf';
}

/** `orthotic build`: scan (+ prescription) → STL (+ report). */
export function buildCommand(log: (line: string) => void): Command {
  const cmd = new Command('build')
    .description('build an orthotic from a foot scan and write it as STL')
    .argument('<scan>', 'foot scan JSON (- for standard input)')
    .requiredOption('-o, --output <file>', 'STL to write (- for standard output)')
    .option('--report <file>', 'write the build report (JSON) here (- for standard output)')
    .option('--preview <file>', 'also write a self-contained 3D viewer page (HTML) of the device (- for standard output)')
    .option('--resolution <mm>', 'surface mesh edge length in mm', parseResolution, BUILD_DEFAULTS.resolutionMm)
    .option('--ascii', 'write ASCII STL instead of binary')
    .addOption(new Option('--format <format>', 'output format (default: from the -o extension, else stl)').choices(['stl', '3mf']))
    .option('--json', 'print the build report as JSON on standard output');
  addInputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  orthotic build examples/m271-right-neutral.json -o right.stl --report right.json
  orthotic build scan.json -o device.stl --preview device.html
  orthotic build scan.json --rx rx.json -o - > device.stl
  cat scan.json | orthotic build - -o device.stl --resolution 0.5`);
  cmd.action((scanPath: string, flags: BuildFlags) => {
    const stdoutTaken = [flags.output, flags.report, flags.preview].filter((p) => p === '-').length + (flags.json ? 1 : 0);
    if (stdoutTaken > 1) throw new UsageError('only one of -o -, --report -, --preview - and --json can use standard output');
    const files = [flags.output, flags.report, flags.preview].filter((p): p is string => p !== undefined && p !== '-').map((p) => resolve(p));
    if (new Set(files).size !== files.length) throw new UsageError('-o, --report and --preview must name different files');
    const { scan, rx, limits } = readInputs(scanPath, flags);
    const built = buildOrthotic(scan, rx, {
      resolutionMm: flags.resolution,
      clamp: flags.clamp ?? false,
      measure: Boolean(flags.report || flags.json || flags.preview),
      ...(limits ? { limits } : {}),
      ...(flags.allowOverLimit ? { allowOverLimit: flags.allowOverLimit } : {}),
    });
    const { mesh, report } = built;
    for (const w of report.warnings) log(`warning: ${w}`);
    const format = flags.format ?? (/\.3mf$/i.test(flags.output) ? '3mf' : 'stl');
    if (format === '3mf' && flags.ascii) throw new UsageError('--ascii applies to STL only, not to 3MF');
    const title = `orthotic ${report.tool.version} ${report.id} ${report.side}`;
    const stl = format === '3mf'
      ? to3mf([{ mesh, name: `${report.id} (${report.side})`, metadata: { id: report.id, side: report.side } }], {
        metadata: { Title: report.id, Application: `${report.tool.name} ${report.tool.version}` },
      })
      : toStl(mesh, { ascii: flags.ascii ?? false, name: title });
    const reportJson = new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`);
    writeAtomic(
      { path: flags.output, data: stl },
      ...(flags.report ? [{ path: flags.report, data: reportJson }] : []),
      ...(flags.json ? [{ path: '-', data: reportJson }] : []),
      ...(flags.preview ? [{ path: flags.preview, data: new TextEncoder().encode(renderViewerHtml([built])) }] : []),
    );
    const a = report.prescription.applied;
    const m = report.measured;
    const post = a.rearfootPost ? `${a.rearfootPost.wedge} post ${a.rearfootPost.angle}°` : 'no post';
    log(`built ${report.id} (${report.side}, ${a.length}): ${report.mesh.triangles} triangles, ` +
      (m
        ? `measured ${m.lengthMm.toFixed(1)} mm long, cup ${m.heelCupDepthMm.toFixed(1)} mm, arch ${m.archHeightMm.toFixed(1)} mm, post ${m.postAngleDeg.toFixed(1)}° ${m.postHighSide}, min thickness ${m.minThicknessMm.toFixed(2)} mm`
        : `shell ${a.shellThickness} mm, cup ${a.heelCupDepth} mm, arch ${a.archHeight} mm, ${post}`) +
      ` -> ${flags.output === '-' ? 'standard output' : flags.output}` +
      (flags.preview ? `, preview -> ${flags.preview === '-' ? 'standard output' : flags.preview}` : ''));
  });
  return cmd;
}
