import { Command } from 'commander';
import { prepareBuild } from '../build/index.js';
import { addInputOptions, readInputs, type InputOptions } from './shared.js';

interface ValidateFlags extends InputOptions {
  json?: boolean;
}

/** `orthotic validate`: schema, geometry and limit checks only. */
export function validateCommand(log: (line: string) => void, out: (line: string) => void): Command {
  const cmd = new Command('validate')
    .description('check a scan and its prescription (schema, outline geometry, correction limits) without building')
    .argument('<scan>', 'foot scan JSON (- for standard input)')
    .option('--json', 'print the summary as JSON on standard output');
  addInputOptions(cmd);
  cmd.action((scanPath: string, flags: ValidateFlags) => {
    const { scan, rx, limits } = readInputs(scanPath, flags);
    const prep = prepareBuild(scan, rx, {
      clamp: flags.clamp ?? false,
      ...(limits ? { limits } : {}),
      ...(flags.allowOverLimit ? { allowOverLimit: flags.allowOverLimit } : {}),
    });
    const lm = prep.landmarks;
    const a = prep.applied;
    const summary = {
      id: prep.scan.id,
      side: prep.scan.side,
      footLengthMm: +lm.footLengthMm.toFixed(1),
      ballWidthMm: +lm.ballWidthMm.toFixed(1),
      heelWidthMm: +lm.heelWidthMm.toFixed(1),
      rotationDeg: +prep.alignment.rotationDeg.toFixed(2),
      applied: a,
      warnings: prep.warnings,
      clamped: prep.findings.filter((f) => f.level === 'clamped').map((f) => f.parameter),
    };
    if (flags.json) {
      out(JSON.stringify(summary));
      return;
    }
    for (const w of prep.warnings) log(`warning: ${w}`);
    out(`ok ${summary.id}: ${summary.side} foot ${summary.footLengthMm} mm long, ball ${summary.ballWidthMm} mm, heel ${summary.heelWidthMm} mm (scan rotated ${summary.rotationDeg}°)`);
    out(`  prescription: shell ${a.shellThickness} mm, heel cup ${a.heelCupDepth} mm, arch ${a.archHeight} mm, ` +
      `${a.rearfootPost ? `${a.rearfootPost.wedge} post ${a.rearfootPost.angle}°` : 'no post'}, ${a.length} length` +
      `${summary.warnings.length ? `; ${summary.warnings.length} warning(s)` : ''}`);
  });
  return cmd;
}
