/**
 * The whole valid input space, as fast-check arbitraries (issue 16, class 1's proof): random scans
 * from both synthetic generators (src/synth: the project's foot shape, and plausible feet with toe
 * shapes, hallux valgus, heels, footprints, tracings, 8–20,000 points, noise, any frame and
 * winding) with random measurements, times random prescriptions inside the limits: every field of
 * every modification in the registry (src/modifications), every length, construction and material,
 * posts, cups, arch, fill, cover, weight, a shoe, a staged series, a mirrored pair. Ranges come from
 * the registry's parts (schema bounds), the built-in limits profile (limits/default.limits.json via
 * DEFAULT_LIMITS) and the prescription schema, never written here: a new modification, material or
 * length is covered as soon as it is registered.
 *
 * Free of vitest: bench/validSpace.ts (npm run fuzz:valid) runs the same cases.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildOrder, DEFAULT_LIMITS, GeometryError, InputError, LimitError, formatProblem, toStl,
  type BuiltOrder, type OrderOptions,
} from '../../src/index.js';
import { MODIFICATION_DEFAULTS, RECESS_FIELDS, REGISTRY, type ModificationDescriptor, type Part } from '../../src/modifications/index.js';
import { PRESCRIPTION_DEFAULTS } from '../../src/scan/index.js';
import { MATERIALS } from '../../src/materials/index.js';
import { plausibleFootOutline, syntheticFootOutline, type PlausibleFootOptions } from '../../src/synth/index.js';
import { plausibleFootArbitrary } from './outlines.js';

/** The repository's root (this file runs from tests/support, and compiled from dist/tests/support). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'schemas', 'prescription.schema.json'));
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) throw new Error('validSpace: schemas/prescription.schema.json not found above this file');
      dir = up;
    }
  }
}

type JsonSchema = { enum?: string[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; properties?: Record<string, JsonSchema> };
const SCHEMA = JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'prescription.schema.json'), 'utf8')) as { properties: Record<string, JsonSchema> };
const PROFILE = DEFAULT_LIMITS.parameters as Record<string, { minAllowed?: number; maxAllowed?: number } | undefined>;

/** A schema field's enum. */
function choices(field: string): string[] {
  const e = SCHEMA.properties[field]?.enum;
  if (!e) throw new Error(`validSpace: prescription.${field} has no enum`);
  return e;
}

/** [lo, hi] of a number: its schema bounds within a limit parameter's hard floor and ceiling. */
function range(schema: { minimum?: number; exclusiveMinimum?: number; maximum?: number }, parameter?: string): [number, number] {
  const lim = parameter ? PROFILE[parameter] : undefined;
  // An exclusive minimum: a hair above it (the smallest value a clinician would write).
  let lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 0.05 : 0);
  let hi = schema.maximum ?? Infinity;
  if (lim?.minAllowed !== undefined) lo = Math.max(lo, lim.minAllowed);
  if (lim?.maxAllowed !== undefined) hi = Math.min(hi, lim.maxAllowed);
  if (!(hi >= lo) || !Number.isFinite(hi)) throw new Error(`validSpace: no valid range for ${parameter ?? JSON.stringify(schema)}`);
  return [lo, hi];
}

/** A number in [lo, hi], even over the range, and the ends themselves now and then (limits are where things break). */
function within([lo, hi]: [number, number]): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 10_000 }).map((k) => +(lo + ((hi - lo) * k) / 10_000).toFixed(3)) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
  );
}

/** Optional: the field left out (its default) a quarter of the time. */
function maybe<T>(a: fc.Arbitrary<T>, freq = 4): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq });
}

/**
 * One modification's value, from its descriptor: none (null / 0), its defaults (`{}`), or each part
 * given or left out, numbers within their schema bounds and every hard limit on that part (a limit
 * that applies only to some choices, as the forefoot post's varus and valgus ceilings, is applied
 * for the choice drawn).
 */
function modificationArbitrary(d: ModificationDescriptor): fc.Arbitrary<unknown> {
  if (d.number) {
    const param = d.limits.find((l) => l.part === undefined)?.parameter;
    return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: within(range(d.number, param)) });
  }
  const parts = Object.entries(d.parts) as Array<[string, Part]>;
  const required = new Set<string>((d.required ?? []) as string[]);
  const given = fc.record(Object.fromEntries(parts.map(([name, p]) => {
    const arb: fc.Arbitrary<unknown> = 'choices' in p ? fc.constantFrom(...p.choices) : fc.integer({ min: 0, max: 10_000 });
    return [name, required.has(name) ? arb : maybe(arb, 3)];
  }))).map((raw) => {
    const value: Record<string, string | number> = {};
    // Choices first: which limits apply depends on them.
    for (const [name, p] of parts) if ('choices' in p && raw[name] !== undefined) value[name] = raw[name] as string;
    const full = { ...Object.fromEntries(parts.flatMap(([n, p]) => (p.default === undefined ? [] : [[n, p.default]]))), ...value };
    for (const [name, p] of parts) {
      if ('choices' in p || raw[name] === undefined) continue;
      const limit = d.limits.find((l) => l.part === name && (!l.when || (l.when as (v: unknown) => boolean)(full)));
      const [lo, hi] = range(p, limit?.parameter);
      value[name] = +(lo + ((hi - lo) * (raw[name] as number)) / 10_000).toFixed(3);
    }
    return value;
  });
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: given },
  ).map((v) => (v !== undefined && Object.keys(v).length === 0 && d.required?.length ? undefined : v));
}

/** Which generator drew the outline, and its options: the sizes tell the measurements. */
export type ScanSource =
  | { generator: 'synthetic'; footLength: number; ballWidth: number; heelWidth: number; side: 'left' | 'right'; archConcavity: number; points: number; rotationDeg: number; offset: [number, number]; clockwise: boolean; closed: boolean }
  | ({ generator: 'plausible' } & PlausibleFootOptions);

type SyntheticSource = Extract<ScanSource, { generator: 'synthetic' }>;
const syntheticArbitrary: fc.Arbitrary<SyntheticSource> = fc.record({
  footLength: fc.double({ min: 150, max: 392, noNaN: true }), // as plausibleFootArbitrary: the tool takes up to 400
  ballRatio: fc.double({ min: 0.33, max: 0.43, noNaN: true }),
  heelRatio: fc.double({ min: 0.6, max: 0.85, noNaN: true }),
  side: fc.constantFrom('left' as const, 'right' as const),
  archConcavity: fc.double({ min: 0, max: 1, noNaN: true }),
  points: fc.oneof(fc.integer({ min: 8, max: 60 }), fc.integer({ min: 61, max: 3000 }), fc.integer({ min: 3001, max: 20_000 })),
  rotationDeg: fc.double({ min: -180, max: 180, noNaN: true }),
  offset: fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })),
  clockwise: fc.boolean(),
  closed: fc.boolean(),
}).map(({ ballRatio, heelRatio, ...o }) => ({
  generator: 'synthetic' as const, ...o,
  ballWidth: ballRatio * o.footLength, heelWidth: heelRatio * ballRatio * o.footLength,
  points: o.closed ? Math.min(o.points, 19_999) : o.points,
}));

/** The outline a source draws. */
export function outlineOf(s: ScanSource): Array<[number, number]> {
  if (s.generator === 'synthetic') {
    const { generator: _g, ...o } = s;
    return syntheticFootOutline(o);
  }
  const { generator: _g, ...o } = s;
  return plausibleFootOutline(o);
}

/**
 * A drawn foot's length and its ball and heel widths (the y-extent over 0.6-0.8 and 0-0.3 of its
 * length, as the tool measures them), mm, in the generator's frame.
 */
function footSizes(outline: ReadonlyArray<readonly [number, number]>, s: ScanSource): { fl: number; ballW: number; heelW: number } {
  const a = ((s.rotationDeg ?? 0) * Math.PI) / 180, c = Math.cos(a), sn = Math.sin(a);
  const [ox, oy] = s.offset ?? [0, 0];
  const xy = outline.map(([x, y]) => [(x - ox) * c + (y - oy) * sn, -(x - ox) * sn + (y - oy) * c] as const);
  const x0 = Math.min(...xy.map((p) => p[0])), fl = Math.max(...xy.map((p) => p[0])) - x0;
  const band = (f0: number, f1: number) => {
    const ys = xy.filter(([x]) => x - x0 >= f0 * fl && x - x0 <= f1 * fl).map((p) => p[1]);
    return ys.length ? Math.max(...ys) - Math.min(...ys) : 0;
  };
  // A sparse outline may have no point in a band: then the generator's own proportions.
  const ballEstimate = s.generator === 'synthetic' ? s.ballWidth : (s.ballRatio ?? 0.38) * fl;
  const heelEstimate = s.generator === 'synthetic' ? s.heelWidth : (s.heelRatio ?? 0.72) * ballEstimate;
  return { fl, ballW: Math.max(band(0.6, 0.8), ballEstimate), heelW: Math.max(band(0, 0.3), heelEstimate) };
}

/** The scanner's measurements: the arch, and now and then the landmarks and sizes (as the generator drew them). */
const measurementsArbitrary = fc.record({
  archHeight: fc.integer({ min: 20, max: 350 }).map((v) => v / 10),
  navicularDrop: maybe(fc.integer({ min: 0, max: 150 }).map((v) => v / 10), 2),
  navicularHeight: maybe(fc.integer({ min: 200, max: 700 }).map((v) => v / 10), 2),
  archApexAt: maybe(fc.double({ min: 0.3, max: 0.55, noNaN: true }), 3), // the README's 0.25–0.60 FL, with room for a tracing's pen
  ballAt: maybe(fc.double({ min: 0.65, max: 0.8, noNaN: true }), 3), // 0.60–0.85 FL, likewise
  sizes: fc.boolean(),
});

/** What the prescription's fields and options draw, before they are fitted to the foot. */
const rxArbitrary = fc.record({
  material: maybe(fc.constantFrom(...(Object.keys(MATERIALS) as Array<keyof typeof MATERIALS>))),
  shellAt: maybe(fc.oneof({ weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1) }), 3),
  heelCupDepth: maybe(within(range(SCHEMA.properties.heelCupDepth!, 'heelCupDepth'))),
  archRaiseAt: maybe(fc.double({ min: -1, max: 1, noNaN: true }), 2),
  rearfootPost: fc.option(fc.constantFrom(...(SCHEMA.properties.rearfootPost!.properties!.wedge!.enum!)).chain((wedge) =>
    within(range(SCHEMA.properties.rearfootPost!.properties!.angle!, `rearfootPost.${wedge}.angle`)).map((angle) => ({ wedge: wedge as 'medial' | 'lateral', angle }))), { nil: null, freq: 3 }),
  length: maybe(fc.constantFrom(...choices('length'))),
  archFill: maybe(within(range(SCHEMA.properties.archFill!, 'archFill')), 2),
  construction: maybe(fc.constantFrom(...choices('construction'))),
  topCover: maybe(within(range(SCHEMA.properties.topCover!, 'topCover')), 2),
  bodyWeight: maybe(within(range(SCHEMA.properties.bodyWeight!)), 2),
  modifications: fc.record(Object.fromEntries(REGISTRY.map((d) => [d.key, modificationArbitrary(d)]))),
  shoe: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({
    length: fc.double({ min: 1, max: 1.12, noNaN: true }),
    ballWidth: maybe(fc.double({ min: 1.02, max: 1.2, noNaN: true }), 2),
    heelWidth: maybe(fc.double({ min: 1.02, max: 1.25, noNaN: true }), 2),
    heelHeight: maybe(within(range(SCHEMA.properties.shoe!.properties!.heelHeight!, 'shoeHeelHeight')), 2),
    depthSpare: maybe(fc.double({ min: 0, max: 20, noNaN: true }), 2),
  }) }),
  // A staged series: as few stages as the per-step limits allow (`--auto-stages`), now and then.
  stages: fc.oneof({ weight: 24, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** How a case is built: the CLI's options (resolution within its range, default mostly), and what the run does after. */
const optionsArbitrary = fc.record({
  resolutionMm: fc.oneof({ weight: 6, arbitrary: fc.constant(1) as fc.Arbitrary<number> }, { weight: 1, arbitrary: fc.constantFrom(0.75, 1.5, 2, 2.5, 3) }),
  clamp: fc.boolean(),
  mirror: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  measure: fc.boolean(),
  orientation: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** One case of the valid space: a scan document, a prescription and the build's options. */
export interface ValidCase {
  source: ScanSource;
  scan: Record<string, unknown> & { outline: Array<[number, number]>; side: 'left' | 'right'; measurements: Record<string, number> };
  rx: Record<string, unknown>;
  options: OrderOptions & { resolutionMm: number; clamp: boolean; measure: boolean };
}

/**
 * Cases of the valid space. `resolutionMm` replaces the resolution drawn, `maxPoints` caps the
 * outline's points (the test suite's sample, for speed: coarser meshes, outlines of at most a few
 * thousand points; the bench draws the whole range).
 */
export function validCaseArbitrary(opts: { resolutionMm?: fc.Arbitrary<number>; maxPoints?: number } = {}): fc.Arbitrary<ValidCase> {
  const most = opts.maxPoints ?? Infinity;
  const source: fc.Arbitrary<ScanSource> = fc.oneof(
    { weight: 1, arbitrary: syntheticArbitrary as fc.Arbitrary<ScanSource> },
    { weight: 2, arbitrary: plausibleFootArbitrary.map((o): ScanSource => ({ generator: 'plausible', ...o })) },
  ).map((s) => (s.points !== undefined && s.points > most ? { ...s, points: most } : s));
  const options = opts.resolutionMm ? optionsArbitrary.chain((o) => opts.resolutionMm!.map((r) => ({ ...o, resolutionMm: r }))) : optionsArbitrary;
  return fc.tuple(source, measurementsArbitrary, rxArbitrary, options).map(([s, m, r, o]) => makeCase(s, m, r, o));
}

function makeCase(source: ScanSource, m: typeof measurementsArbitrary extends fc.Arbitrary<infer T> ? T : never, r: typeof rxArbitrary extends fc.Arbitrary<infer T> ? T : never, o: typeof optionsArbitrary extends fc.Arbitrary<infer T> ? T : never): ValidCase {
  const outline = outlineOf(source);
  // The foot as drawn (a tracing is the pen's offset larger, a box cuts its heel): its length and
  // widths in the generator's own frame (heel toward x = 0, toes toward +x, before rotation and offset).
  const { fl, ballW, heelW } = footSizes(outline, source);
  const measurements: Record<string, number> = { archHeight: m.archHeight };
  if (m.navicularDrop !== undefined) measurements.navicularDrop = m.navicularDrop;
  if (m.navicularHeight !== undefined) measurements.navicularHeight = m.navicularHeight;
  if (m.archApexAt !== undefined) measurements.archApexX = +(m.archApexAt * fl).toFixed(1);
  if (m.ballAt !== undefined) measurements.ballX = +(m.ballAt * fl).toFixed(1);
  // The sizes a scanner reports, where the generator draws them exactly (the project's foot shape).
  if (m.sizes && source.generator === 'synthetic' && source.points >= 60) Object.assign(measurements, { footLength: +source.footLength.toFixed(1), ballWidth: +source.ballWidth.toFixed(1), heelWidth: +source.heelWidth.toFixed(1) });

  const rx: Record<string, unknown> = {};
  const material = r.material ?? 'pa12';
  if (r.material !== undefined) rx.material = r.material;
  if (r.shellAt !== undefined) {
    const [lo, hi] = range(SCHEMA.properties.shellThickness!, `shellThickness.${material}`);
    rx.shellThickness = +(lo + (hi - lo) * r.shellAt).toFixed(3);
  }
  if (r.heelCupDepth !== undefined) rx.heelCupDepth = r.heelCupDepth;
  if (r.archRaiseAt !== undefined) {
    // Lowered to the floor of the schema, or raised up to the ceiling (and the navicular drop).
    const up = Math.min(PROFILE.archRaise?.maxAllowed ?? Infinity, m.navicularDrop ?? Infinity);
    rx.archHeight = +(m.archHeight + (r.archRaiseAt >= 0 ? r.archRaiseAt * up : r.archRaiseAt * m.archHeight)).toFixed(3);
  }
  rx.rearfootPost = r.rearfootPost;
  if (r.length !== undefined) rx.length = r.length;
  for (const k of ['archFill', 'construction', 'topCover', 'bodyWeight'] as const) if (r[k] !== undefined) rx[k] = r[k];
  for (const [k, v] of Object.entries(r.modifications)) if (v !== undefined) rx[k] = v;

  // Coupling rules and geometry rules the README states (not limits a value can be inside of):
  // a skive needs a post and a 14 mm cup; an extension or a forefoot post needs the forefoot.
  const length = (rx.length as string | undefined) ?? 'full';
  const skive = rx.medialHeelSkive as { depth?: number } | undefined;
  if (skive) {
    rx.rearfootPost ??= { wedge: 'medial', angle: 4 };
    if (((rx.heelCupDepth as number | undefined) ?? 12) < 14) rx.heelCupDepth = 14 + (((rx.heelCupDepth as number | undefined) ?? 12) % 1) * 16;
  }
  if (length === 'three-quarter') {
    for (const d of REGISTRY) if (/extension|forefoot post/i.test(d.name)) delete rx[d.key];
  }
  const ff = rx.forefootPost as { extent?: string } | undefined;
  if (ff?.extent === 'full' && length !== 'full') rx.forefootPost = { ...ff, extent: 'sulcus' };

  if (r.shoe) {
    const sp = SCHEMA.properties.shoe!.properties!;
    const size = (v: number, k: string) => +Math.min(v, sp[k]!.maximum!).toFixed(1);
    const shoe: Record<string, number> = { length: size(r.shoe.length * fl + 4, 'length') };
    if (r.shoe.ballWidth !== undefined) shoe.ballWidth = size(r.shoe.ballWidth * ballW + 3, 'ballWidth');
    if (r.shoe.heelWidth !== undefined) shoe.heelWidth = size(r.shoe.heelWidth * heelW + 3, 'heelWidth');
    if (r.shoe.heelHeight !== undefined) shoe.heelHeight = r.shoe.heelHeight;
    // Room under the heel: the device's whole stack (the limit's ceiling) and some to spare.
    if (r.shoe.depthSpare !== undefined) shoe.depth = +((PROFILE.heelHeight?.maxAllowed ?? 15) + 8 + r.shoe.depthSpare).toFixed(1);
    rx.shoe = shoe;
  }
  fitToLimits(rx, heelW);

  const scan: ValidCase['scan'] = { schemaVersion: 1, id: 'valid-space', side: source.side, units: 'mm', outline, measurements };
  if (o.orientation) scan.orientation = { heel: source.offset ?? [0, 0] };
  return { source, scan, rx, options: { resolutionMm: o.resolutionMm, clamp: o.clamp, measure: o.measure, ...(o.mirror ? { mirror: true } : {}), ...(r.stages ? { stages: 'auto' as const } : {}) } };
}

/**
 * The rules that bound several fields together (src/limits/checkLimits.ts, hand-written there too):
 * what is left under the deepest recess, the total height under the heel, the combined corrections.
 * Each drawn value is scaled back until the prescription is inside them, with a little room (the
 * heel width the check uses is measured on the outline, near the width drawn).
 */
function fitToLimits(rx: Record<string, unknown>, heelWidthMm: number): void {
  const num = (k: string) => (rx[k] as number | undefined) ?? (PRESCRIPTION_DEFAULTS as unknown as Record<string, number>)[k] ?? 0;
  const shell = num('shellThickness');
  const wall = PROFILE.minimumWall?.minAllowed ?? 0;
  for (const k of RECESS_FIELDS) {
    const r = rx[k] as { depth?: number } | undefined;
    if (!r) continue;
    const depth = r.depth ?? (MODIFICATION_DEFAULTS[k]!.depth as number);
    const most = shell - wall - 0.05;
    if (depth > most) {
      if (most <= 0.05) delete rx[k];
      else rx[k] = { ...r, depth: +most.toFixed(3) };
    }
  }
  const post = rx.rearfootPost as { wedge: string; angle: number } | null | undefined;
  const ff = rx.forefootPost as { wedge: string; angle: number } | undefined;
  const skive = rx.medialHeelSkive as { depth: number } | undefined;
  const share = (param: string, v: number) => v / (PROFILE[param]?.maxAllowed ?? Infinity);
  const scaleCombined = (param: string, parts: Array<[string, { angle?: number; depth?: number } | undefined, 'angle' | 'depth']>) => {
    const active = parts.filter(([, p, k]) => p && (p[k] ?? 0) > 0);
    const total = active.reduce((t, [q, p, k]) => t + share(q, p![k]!), 0) * 100;
    const most = (PROFILE[param]?.maxAllowed ?? Infinity) - 2;
    if (active.length > 1 && total > most) for (const [, p, k] of active) p![k] = +((p![k]! * most) / total).toFixed(3);
  };
  scaleCombined('combined.antiPronation', [
    ['rearfootPost.medial.angle', post?.wedge === 'medial' ? post : undefined, 'angle'],
    ['forefootPost.varus.angle', ff?.wedge === 'varus' ? ff : undefined, 'angle'],
    ['medialHeelSkive.depth', skive, 'depth'],
  ]);
  scaleCombined('combined.antiSupination', [
    ['rearfootPost.lateral.angle', post?.wedge === 'lateral' ? post : undefined, 'angle'],
    ['forefootPost.valgus.angle', ff?.wedge === 'valgus' ? ff : undefined, 'angle'],
  ]);
  // Height under the heel: shell + the post's rise across the heel + skive + lift + cover.
  const most = (PROFILE.heelHeight?.maxAllowed ?? Infinity) - 0.5;
  const w = 1.1 * heelWidthMm;
  const extras = (post ? w * Math.tan((post.angle * Math.PI) / 180) : 0) + (skive?.depth ?? 0) + num('heelLift') + num('topCover');
  let s = shell;
  if (s + extras > most) {
    // Keep at least half the room for the shell (down to its floor); the rest shares the extras.
    const floor = PROFILE[`shellThickness.${(rx.material as string | undefined) ?? PRESCRIPTION_DEFAULTS.material}`]?.minAllowed ?? 0;
    s = Math.max(floor, Math.min(s, most / 2));
    if (s !== shell) rx.shellThickness = +s.toFixed(3);
    const f = Math.max(0, (most - s) / Math.max(extras, 1e-9));
    if (f < 1) {
      if (post) post.angle = +((Math.atan(f * Math.tan((post.angle * Math.PI) / 180)) * 180) / Math.PI).toFixed(3);
      if (skive) skive.depth = +Math.max(0.05, skive.depth * f).toFixed(3);
      if (rx.heelLift) rx.heelLift = +(num('heelLift') * f).toFixed(3);
      if (rx.topCover) rx.topCover = +(num('topCover') * f).toFixed(3);
    }
    // A thinner shell leaves less under a recess.
    if (s !== shell) fitToLimits(rx, heelWidthMm);
  }
}

/** How a case ended, as the command line would exit. */
export type OutcomeKind = 'built' | 'input' | 'limits' | 'internal';
export interface Outcome {
  kind: OutcomeKind;
  /** exit code the CLI would give: 0, 3, 4 or 1 */
  exit: 0 | 3 | 4 | 1;
  /** One line: the problems, or the internal error's message. */
  message: string;
  order?: BuiltOrder;
  error?: unknown;
}

/**
 * Builds a case in-process as `orthotic build` does (buildOrder with its options, each mesh proven a
 * closed solid by the pipeline, measured when a report would be asked, written as STL) and says how it ended.
 */
export function runCase(c: ValidCase): Outcome {
  try {
    const order = buildOrder(c.scan, c.rx, c.options);
    // The pipeline proved each mesh a closed solid (checkSolid, MeshValidationError otherwise).
    for (const d of order.devices) toStl(d.mesh);
    return { kind: 'built', exit: 0, message: `${order.devices.length} device(s)`, order };
  } catch (err) {
    if (err instanceof InputError || err instanceof GeometryError) return { kind: 'input', exit: 3, message: err.problems.map(formatProblem).join(' | '), error: err };
    if (err instanceof LimitError) return { kind: 'limits', exit: 4, message: err.problems.map(formatProblem).join(' | '), error: err };
    return { kind: 'internal', exit: 1, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), error: err };
  }
}

/** The case as JSON files would give it (scan with the outline, prescription, options), for a failure's record. */
export function caseJson(c: ValidCase): string {
  return JSON.stringify({ source: c.source, options: c.options, rx: c.rx, scan: c.scan });
}
