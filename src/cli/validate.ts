import { warningLine } from '../limits/index.js';
import { Command } from 'commander';
import { askedStages, planSeries, prepareBuild } from '../pipeline/index.js';
import { withSubject } from '../errors.js';
import { parsePrescription, parseScanDocument } from '../scan/index.js';
import { loadConfig, settle } from './config.js';
import { addInputOptions, limitOptions, readOrder, type InputOptions } from './shared.js';
import { computing, stopOnSignals } from './signals.js';
import { configManufacturing, optionsAsMade, orderManufacturing, settleManufacturing, SOURCE_NAMES } from './manufacturing.js';

interface ValidateFlags extends InputOptions {
  json?: boolean;
}

/** `orthotic validate`: schema, geometry and limit checks only. */
export function validateCommand(log: (line: string) => void, out: (line: string) => void): Command {
  const cmd = new Command('validate')
    .description('check a scan (or a pair file) and its prescription (schema, outline geometry, correction limits, a series\' steps) without building')
    .argument('<scan>', 'foot scan JSON, pair file, or 3D scan (.stl, .obj, .ply) (- for standard input)')
    .option('--json', 'print the summary as JSON on standard output (an array of one per foot for a pair file)');
  addInputOptions(cmd);
  cmd.action((scanPath: string, flags: ValidateFlags) => {
    stopOnSignals(log);
    const config = loadConfig(flags.config);
    const settled = settle(config, flags, null);
    const inputs = readOrder([scanPath], flags);
    const { scans, pair } = parseScanDocument(inputs.document);
    const parsedRx = inputs.rx === undefined ? undefined : parsePrescription(inputs.rx);
    // How the order would be made (its manufacturing block over the configuration's): validate takes no --for.
    const made = settleManufacturing([orderManufacturing(inputs), configManufacturing(config?.config)]);
    const manufacturing = made.for === 'mill'
      ? { for: made.for, mill: made.mill, ...(made.blank ? { blank: made.blank } : {}), from: made.from }
      : { for: made.for, from: { for: made.from.for } };
    const summaries = computing(() => scans.map((foot) => {
      try {
        const prep = prepareBuild(foot, parsedRx, { ...limitOptions(inputs, flags, settled), ...optionsAsMade(made), surface: inputs.surfaces?.[foot.side] });
        const asked = askedStages(parsedRx, foot);
        const series = asked ? planSeries(prep, asked) : null;
        return { prep, stages: series ? series.fractions.length : null };
      } catch (err) {
        throw pair ? withSubject(err, `${foot.side} foot`) : err;
      }
    })).map(({ prep, stages }) => {
      const lm = prep.landmarks;
      return {
        id: prep.scan.id,
        side: prep.scan.side,
        footLengthMm: +lm.footLengthMm.toFixed(1),
        ballWidthMm: +lm.ballWidthMm.toFixed(1),
        heelWidthMm: +lm.heelWidthMm.toFixed(1),
        rotationDeg: +prep.alignment.rotationDeg.toFixed(2),
        heel: { by: prep.heelToe.by, decidedBy: prep.heelToe.decidedBy, margin: +prep.heelToe.margin.toFixed(2) },
        outline: { points: prep.outlineMade.points, made: prep.outlineMade.made },
        applied: prep.applied,
        stages,
        ...(made.from.for !== 'built-in' ? { manufacturing } : {}),
        warnings: prep.warnings.map((w) => warningLine(w, prep.findings)),
        clamped: prep.findings.filter((f) => f.level === 'clamped').map((f) => f.parameter),
        ...(prep.config ? { config: prep.config } : {}),
        surface: prep.surface ? {
          file: prep.surface.loaded.file, units: prep.surface.loaded.intake.units, unitsDetected: prep.surface.loaded.intake.unitsDetected,
          sideFrom: prep.surface.loaded.intake.sideFrom, repairs: prep.surface.loaded.intake.repairs, matrix4: prep.matrix4,
        } : null,
      };
    });
    if (flags.json) {
      out(JSON.stringify(pair ? summaries : summaries[0]));
      return;
    }
    for (const s of summaries) {
      const a = s.applied;
      for (const w of s.warnings) log(`warning: ${pair ? `${s.side} foot: ` : ''}${w}`);
      const cue = { ball: 'the ball being widest in front', heelCap: "the heel's round cap", arch: 'the medial arch', toeLine: 'the toe line', orientation: '' }[s.heel.decidedBy];
      const heel = s.heel.by === 'orientation' ? 'heel where "orientation" puts it' : `heel told by its shape with a margin of ${s.heel.margin}, mostly by ${cue}`;
      out(`ok ${s.id}: ${s.side} foot ${s.footLengthMm} mm long, ball ${s.ballWidthMm} mm, heel ${s.heelWidthMm} mm (scan rotated ${s.rotationDeg}°, ${heel})`);
      if (s.surface) {
        out(`  3D scan ${s.surface.file}: units ${s.surface.units}${s.surface.unitsDetected ? ' (told from the foot\'s size)' : ''}, side from ${s.surface.sideFrom}` +
          `${s.surface.repairs.length ? `; repaired: ${s.surface.repairs.join('; ')}` : ''}`);
      }
      out(`  prescription: shell ${a.shellThickness} mm, heel cup ${a.heelCupDepth} mm, arch ${a.archHeight} mm, ` +
        `${a.rearfootPost ? `${a.rearfootPost.wedge} post ${a.rearfootPost.angle}°` : 'no post'}, ${a.length} length` +
        `${s.stages ? `, in ${s.stages} stages` : ''}${s.warnings.length ? `; ${s.warnings.length} warning(s)` : ''}`);
      if (made.from.for !== 'built-in') {
        const blank = made.blank ? `, blank ${made.blank.lengthMm} x ${made.blank.widthMm} x ${made.blank.heightMm} mm` : '';
        out(`  manufacturing: ${made.for === 'mill' ? `milled (${made.mill === 'cast' ? 'positive cast' : 'device from a block'}${blank})` : 'printed'}, from the ${SOURCE_NAMES[made.from.for]}`);
      }
    }
  });
  return cmd;
}
