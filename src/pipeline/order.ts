/**
 * An order: everything one scan document asks for. One device; a pair (a scan file with both feet,
 * or one foot and its mirror image); and for each foot either one device or a staged series.
 */

import { InputError, mapProblems, withSubject } from '../errors.js';
import { otherSide, parsePrescription, parseScanDocument, type FootScan, type Prescription, type ResolvedPrescription, type Side, type StagesRequest } from '../scan/index.js';
import type { LoadedSurface } from '../scan3d/index.js';
import { TOOL } from '../version.js';
import { buildOrthotic, MILLED_SHELL_WARNING, prepareBuild, type BuildOptions, type BuiltOrthotic, type PreparedBuild } from './buildOrthotic.js';
import { roundDeep, type BuildReport, type StageInfo } from './report.js';
import { checkSteps, correctionAt, MAX_STAGES, seriesFractions, stagedCorrections, stagePrescription, stagesNeeded, type StagedCorrection } from './stages.js';
import { resolveWearIn, wearInPlan, type WearIn, type WearInStage } from './wearIn.js';

export interface OrderOptions extends BuildOptions {
  /**
   * Build a staged series: a number of evenly spaced stages, or `auto` for the fewest the per-step
   * limits allow. Wins over a `stages` block in the prescription.
   */
  stages?: number | 'auto';
  /** The 3D scans the order's feet were read from, by the side of the scan (not of a mirrored device). */
  surfaces?: Partial<Record<Side, LoadedSurface>> | undefined;
}

/** One device of an order, with the parts of its name that tell it from the others. */
export interface OrderDevice extends BuiltOrthotic {
  /** `left` / `right` for a pair, `stage-2-of-3` for a series, both joined by `-`; '' for a lone device. */
  name: string;
}

/** A staged series of one foot: what changes, by how much a stage, and the wear-in plan. */
export interface SeriesReport {
  id: string;
  side: Side;
  count: number;
  fractions: number[];
  /** Fewest evenly spaced stages the per-step limits allow for this prescription. */
  stagesNeeded: number;
  corrections: Array<{
    parameter: string;
    label: string;
    pointer: string;
    unit: 'mm' | 'deg';
    full: number;
    perStage: number[];
    maxStep: number;
    source: string;
  }>;
  /** The full prescription the series leads to, as asked and as applied (after limits). */
  prescription: { asked: Prescription; applied: ResolvedPrescription };
  /** Warnings and clamps of the full prescription (each stage's report has its own too). */
  warnings: string[];
  wearIn: WearIn;
  plan: WearInStage[];
}

export interface BuiltOrder {
  /** Left before right; each foot's stages in order. */
  devices: OrderDevice[];
  /** One per foot built as a series. */
  series: SeriesReport[];
  /** True when the order has both feet (a pair file, or --mirror). */
  pair: boolean;
}

/** The report of an order with more than one device (one device keeps its plain BuildReport). */
export interface OrderReport {
  tool: { name: string; version: string };
  devices: BuildReport[];
  series: SeriesReport[];
}

/**
 * Builds every device an order asks for.
 * @param document a foot scan, or a pair file with both feet (schemas/foot-scan-pair.schema.json)
 * @param prescription an optional prescription that wins over the scan's own field by field
 * @throws InputError | GeometryError (exit 3), LimitError (exit 4, including a series whose steps
 *   exceed the per-step limits), MeshValidationError (a bug, exit 1)
 */
export function buildOrder(document: unknown, prescription?: unknown, options: OrderOptions = {}): BuiltOrder {
  const { scans, pair } = parseScanDocument(document);
  if (pair && options.mirror) {
    throw new InputError([{ pointer: '/feet', rule: '--mirror builds the other foot from a one-foot scan: this file already has both feet', source: 'scan' }]);
  }
  if (options.stages !== undefined && options.stages !== 'auto' && !(Number.isInteger(options.stages) && options.stages >= 1 && options.stages <= MAX_STAGES)) {
    throw new InputError([{ pointer: '', rule: `stages must be a whole number from 1 to ${MAX_STAGES}`, value: options.stages }]);
  }
  const rx = prescription === undefined ? undefined : parsePrescription(prescription);
  const feet: Array<{ scan: FootScan; mirror: boolean }> = options.mirror
    ? [{ scan: scans[0]!, mirror: false }, { scan: scans[0]!, mirror: true }]
    : scans.map((scan) => ({ scan, mirror: false }));
  const both = feet.length > 1;
  const devices: OrderDevice[] = [];
  const series: SeriesReport[] = [];
  for (const { scan, mirror } of feet) {
    const surface = options.surfaces?.[scan.side];
    try {
      const asked = askedStages(rx, scan);
      if (options.stages === undefined && asked === undefined) {
        const built = buildOrthotic(scan, rx, { ...options, mirror, surface });
        devices.push({ ...built, name: deviceName(built.report, both) });
        continue;
      }
      const s = buildSeries(scan, rx, asked ?? { request: {}, from: 'rx' }, { ...options, mirror, surface });
      series.push(s.report);
      for (const d of s.devices) devices.push({ ...d, name: deviceName(d.report, both) });
    } catch (err) {
      // In a pair, say which foot a problem is about.
      throw both ? withSubject(err, mirror ? `${otherSide(scan.side)} foot (mirrored)` : `${scan.side} foot`) : err;
    }
  }
  devices.sort((a, b) => (a.report.side === b.report.side ? 0 : a.report.side === 'left' ? -1 : 1));
  series.sort((a, b) => (a.side === b.side ? 0 : a.side === 'left' ? -1 : 1));
  return { devices, series, pair: both };
}

/**
 * A device's name within its order (OrderDevice.name): its side in a pair, its stage in a series,
 * joined by `-` (`left-stage-1-of-3`); '' for a lone device.
 */
export function deviceName(report: Pick<BuildReport, 'side' | 'stage'>, pair: boolean): string {
  return [pair ? report.side : '', report.stage ? `stage-${report.stage.index}-of-${report.stage.count}` : ''].filter(Boolean).join('-');
}

/** The report of a whole order: the plain report for one device, else every device's and every series'. */
export function orderReport(order: BuiltOrder): BuildReport | OrderReport {
  if (order.devices.length === 1 && order.series.length === 0) return order.devices[0]!.report;
  return { tool: { ...TOOL }, devices: order.devices.map((d) => d.report), series: order.series };
}

/**
 * The `stages` an order asks for and which document asks: the prescription given apart (an `--rx`
 * file), whose `stages` wins as a whole, else the scan's own prescription. Undefined when neither does.
 */
export function askedStages(rx: Prescription | undefined, scan: FootScan): AskedStages | undefined {
  if (rx?.stages) return { request: rx.stages, from: 'rx' };
  return scan.prescription?.stages ? { request: scan.prescription.stages, from: 'scan' } : undefined;
}

/** A `stages` request and the document it is in (see askedStages). */
export interface AskedStages {
  request: StagesRequest;
  /** `rx`: the prescription given apart from the scan (pointers into it); `scan`: the scan's own (under /prescription). */
  from: 'rx' | 'scan';
}

/**
 * The stages of a series for a prepared (validated, limit-checked) build: what changes, and each
 * stage's fraction, with every step checked against the per-step limits. No mesh is built.
 * @param asked the request, and the document a problem with it is reported in
 * @param override `--stages N` or `auto`, which wins over the request's count and fractions
 * @throws InputError bad fractions; LimitError steps over their limits
 */
export function planSeries(prep: PreparedBuild, asked: AskedStages, override?: number | 'auto'): { corrections: StagedCorrection[]; fractions: number[] } {
  const { request } = asked;
  try {
    const corrections = stagedCorrections(prep.applied, prep.scan.measurements.archHeight, prep.profile);
    const fractions = seriesFractions(request, override, corrections);
    checkSteps(corrections, fractions, override !== undefined ? '--stages' : request.fractions ? '/stages/fractions' : '/stages/count');
    return { corrections, fractions };
  } catch (err) {
    // The problems point into a prescription document; the scan's own sits at /prescription in the scan.
    if (asked.from === 'rx') throw err;
    throw mapProblems(err, (p) => (p.source === 'prescription' ? { ...p, source: 'scan', pointer: `/prescription${p.pointer}` } : p));
  }
}

function buildSeries(scan: FootScan, rx: Prescription | undefined, asked: AskedStages, options: OrderOptions): { devices: BuiltOrthotic[]; report: SeriesReport } {
  const { request } = asked;
  const prep = prepareBuild(scan, rx, options);
  const scannedArch = prep.scan.measurements.archHeight;
  const { corrections, fractions } = planSeries(prep, asked, options.stages);
  const wearIn = resolveWearIn(request.wearIn);
  // The series is staged towards the prescription as clamped (--clamp): each stage's own check sees
  // the clamped values as asked, so the clamps are the series', recorded and said on every stage.
  const clamps = roundDeep(prep.findings.filter((f) => f.level === 'clamped'));
  const devices = fractions.map((fraction, i): BuiltOrthotic => {
    const built = buildOrthotic(scan, stagePrescription(prep.applied, scannedArch, corrections, fraction), { ...options, clamp: false });
    const stage: StageInfo = { index: i + 1, count: fractions.length, fraction: Math.round(fraction * 1e6) / 1e6, of: { asked: prep.asked, applied: prep.applied } };
    // A stage is built from a prescription with every field given: what the lab's configuration
    // supplied is the series', and so is a shell asked of a device milled from a block (built filled).
    const warnings = [...(prep.warnings.includes(MILLED_SHELL_WARNING) ? [MILLED_SHELL_WARNING] : []), ...clamps.map((f) => f.message), ...built.report.warnings];
    const limits = { ...built.report.limits, findings: [...clamps, ...built.report.limits.findings] };
    return { ...built, report: { ...built.report, stage, warnings, limits, ...(prep.config ? { config: prep.config } : {}) } };
  });
  const report: SeriesReport = roundDeep({
    id: prep.scan.id,
    side: prep.scan.side,
    count: fractions.length,
    fractions,
    stagesNeeded: stagesNeeded(corrections),
    corrections: corrections.map((c) => ({
      parameter: c.parameter,
      label: c.label,
      pointer: c.pointer,
      unit: c.unit,
      full: c.full,
      perStage: fractions.map((f) => correctionAt(c, f)),
      maxStep: c.step.maxStep,
      source: c.step.source,
    })),
    prescription: { asked: prep.asked, applied: prep.applied },
    warnings: prep.warnings,
    wearIn,
    plan: wearInPlan(corrections, fractions, wearIn),
  });
  return { devices, report };
}

