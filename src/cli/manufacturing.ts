/**
 * How an order is made, and who said so: `for` (print or mill), `mill` (device or cast) and
 * `blank`, each taken from the first of these that gives it: the command line (a batch's manifest
 * column, then its flags), the order's prescription `manufacturing` block (the --rx file's, else
 * the scan's own), the lab configuration's `manufacturing` block (its `milling.target` for `mill`),
 * the built-in choice (print; milled: the device, the smallest of the lab's blanks that fits).
 */
import type { LabConfig } from '../config/index.js';
import type { BuiltOrder } from '../pipeline/index.js';
import type { Blank, MillTarget } from '../mill/index.js';
import { parsePrescription, parseScanDocument, type Manufacturing } from '../scan/index.js';
import { InputError } from '../errors.js';
import { inOrderFiles, type OrderInputs } from './shared.js';

/**
 * Where a manufacturing choice came from (recorded in the report). `flag` is the command line: build's
 * flags, or a batch's manifest column or flag (an order's command line there: a batch writes what
 * build writes for the same order, report and all).
 */
export type ManufacturingSource = 'flag' | 'rx' | 'scan' | 'config' | 'built-in';

/** How messages name where a manufacturing choice came from. */
export const SOURCE_NAMES: Readonly<Record<ManufacturingSource, string>> = {
  flag: 'command line', rx: 'prescription file', scan: 'scan\'s prescription', config: 'lab configuration', 'built-in': 'built-in default',
};

/** One place that may give the choice, in precedence order. */
export interface ManufacturingLayer {
  from: ManufacturingSource;
  block: Manufacturing | undefined;
}

/** The choice settled, field by field, with its sources. */
export interface SettledManufacturing {
  for: 'print' | 'mill';
  mill: MillTarget;
  /** The blank given (a flag, an order, the configuration's manufacturing block); undefined: the lab's list of blanks. */
  blank: Blank | undefined;
  from: { for: ManufacturingSource; mill: ManufacturingSource; blank: ManufacturingSource };
  /** The fields the lab configuration supplied (for its record in the report), or undefined. */
  configSupplied: Manufacturing | undefined;
}

/**
 * The order's own manufacturing block: the --rx file's, else the scan's (or the pair's) prescription's.
 * Both documents are validated here, before anything is built (the pipeline validates them again).
 * @throws InputError a bad block or document (pointers into it; a pair's two files named)
 */
export function orderManufacturing(inputs: Pick<OrderInputs, 'document' | 'rx' | 'files'>): ManufacturingLayer {
  if (inputs.rx !== undefined) {
    const rx = parsePrescription(inputs.rx);
    if (rx.manufacturing) return { from: 'rx', block: rx.manufacturing };
  }
  let scans;
  try {
    scans = parseScanDocument(inputs.document).scans;
  } catch (err) {
    throw inOrderFiles(err, inputs);
  }
  // A pair's feet agree (parsePair checks it): the first foot's is the order's.
  return { from: 'scan', block: scans[0]?.prescription?.manufacturing };
}

/** The lab configuration's layer: its manufacturing block, with `milling.target` standing for `mill`. */
export function configManufacturing(config: Pick<LabConfig, 'manufacturing' | 'milling'> | undefined): ManufacturingLayer {
  const block: Manufacturing = { ...config?.manufacturing };
  const target = config?.milling?.target;
  if (block.mill === undefined && target !== undefined) block.mill = target;
  return { from: 'config', block: Object.keys(block).length ? block : undefined };
}

/**
 * Settles `for`, `mill` and `blank` from the layers, the first that gives a field winning; the
 * built-in choice is print, device, and no blank (the lab's list).
 * @param layers in precedence order: the command line's, the order's, the configuration's
 * @throws InputError the order's own block (a prescription file's, a scan's) giving `mill` or
 *   `blank` for a device that is printed, unless the command line said print: how to mill what is
 *   not milled (as --mill and --blank without --for mill are refused; a configuration's are the
 *   lab's defaults for milled orders)
 */
export function settleManufacturing(layers: readonly ManufacturingLayer[]): SettledManufacturing {
  const pick = <K extends keyof Manufacturing>(key: K): { value: Manufacturing[K]; from: ManufacturingSource } => {
    for (const layer of layers) if (layer.block?.[key] !== undefined) return { value: layer.block[key], from: layer.from };
    return { value: undefined, from: 'built-in' };
  };
  const f = pick('for'), m = pick('mill'), b = pick('blank');
  // A command line's --for print overrides the order's block as a whole: only without one is it incomplete.
  if ((f.value ?? 'print') === 'print' && f.from !== 'flag') {
    for (const layer of layers) {
      if (layer.from !== 'rx' && layer.from !== 'scan') continue;
      const key = (['mill', 'blank'] as const).find((k) => layer.block?.[k] !== undefined);
      if (!key) continue;
      const printed = f.from === 'built-in' ? 'its block gives no "for", and nothing else mills the order' : `the ${SOURCE_NAMES[f.from]} says "for": "print"`;
      throw new InputError([{
        pointer: `${layer.from === 'scan' ? '/prescription' : ''}/manufacturing/${key}`,
        rule: `applies to milling only: ${printed} (give "for": "mill", or leave ${key} out)`,
        value: layer.block![key]!,
        ...(layer.from === 'rx' ? { source: 'prescription' as const } : {}),
      }]);
    }
  }
  // What the configuration supplied that the run uses: mill and blank only matter when milling.
  const configSupplied: Manufacturing = {};
  const milled = (f.value ?? 'print') === 'mill';
  if (f.from === 'config') configSupplied.for = f.value!;
  if (m.from === 'config' && milled) configSupplied.mill = m.value!;
  if (b.from === 'config' && milled) configSupplied.blank = b.value!;
  return {
    for: f.value ?? 'print',
    mill: m.value ?? 'device',
    blank: b.value,
    from: { for: f.from, mill: m.from, blank: b.from },
    configSupplied: Object.keys(configSupplied).length ? configSupplied : undefined,
  };
}

/**
 * The build options the choice brings: a device milled from a block is filled (a flat base under it
 * all), whatever the order says (BuildOptions.milledFromBlock); a cast or a printed device as
 * ordered. A milled device, and one formed over a milled cast (BuildOptions.formedOverCast), are
 * warned of when their material is not made that way.
 */
export function optionsAsMade(made: SettledManufacturing): { milledFromBlock?: true; formedOverCast?: true } {
  if (made.for !== 'mill') return {};
  return made.mill === 'cast' ? { formedOverCast: true } : { milledFromBlock: true };
}

/**
 * The order with every device's report recording how it was made (`manufacturing`: for, and when
 * milled mill and blank, each with its source), when anything but the built-in default chose;
 * the order itself otherwise (a printed order's report keeps its shape).
 */
export function recordManufacturing(order: BuiltOrder, made: SettledManufacturing): BuiltOrder {
  if (made.for === 'print' && made.from.for === 'built-in') return order;
  const mill = made.for === 'mill';
  const manufacturing = {
    for: made.for,
    ...(mill ? { mill: made.mill, ...(made.blank ? { blank: made.blank } : {}) } : {}),
    from: { for: made.from.for, ...(mill ? { mill: made.from.mill, ...(made.blank ? { blank: made.from.blank } : {}) } : {}) },
  };
  return { ...order, devices: order.devices.map((d) => ({ ...d, report: { ...d.report, manufacturing } })) };
}
