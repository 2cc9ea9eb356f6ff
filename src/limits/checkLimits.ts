/**
 * Checks a resolved prescription against a correction-limits profile and the coupling rules.
 */

import { withBuiltInLevels } from './defaultLimits.js';
import { RECESS_FIELDS, REGISTRY } from '../modifications/index.js';
import { LimitError, type Problem } from '../errors.js';
import { MATERIALS, thicknessForLoad } from '../materials/index.js';
import { copyPrescription, type FootScan, type Prescription, type ResolvedPrescription } from '../scan/index.js';
import {
  shellThicknessParameter,
  type CheckLimitsOptions, type CheckLimitsResult, type CouplingRuleName, type LimitFinding, type LimitLevels, type LimitParameterName, type LimitsProfile, type LimitUnit,
} from './types.js';

/** Slack for comparing values that went through tan/atan: a value at a level is within it. */
const EPS = 1e-9;
const DEG = Math.PI / 180;

/**
 * The coupling rules (docs/clinical-basis.md, Coupling rules) that tie one parameter to another. They are rules labs apply,
 * not tunable levels, so they live here rather than in the limits profile.
 */
export const COUPLING_RULES = Object.freeze({
  /** Rule 1: a medial skive needs a heel cup of at least this depth, mm, and an extrinsic rearfoot post. */
  skiveMinCupMm: 14,
  /** Rule 2: when skive (mm) + inversion (°) exceeds this, the heel cup should be at least `skiveInversionCupMm`. */
  skiveInversionSum: 5,
  skiveInversionCupMm: 20,
  /** Rule 3: a heel lift over this height, mm, needs arch fill. */
  liftNeedsArchFillAboveMm: 10,
  source: 'docs/clinical-basis.md [CB-coupling-skive-cup], [CB-coupling-skive-inversion], [CB-coupling-lift-fill]; lab rules (Podiatry Today; SOLO Labs)',
});

type Kind = 'maxAllowed' | 'minAllowed' | 'warnAbove' | 'warnBelow' | 'navicularDrop';

const RELATION: Readonly<Record<Kind, string>> = {
  maxAllowed: 'exceeds the ceiling of',
  minAllowed: 'is below the floor of',
  warnAbove: 'is above the warning level of',
  warnBelow: 'is below the warning level of',
  navicularDrop: 'exceeds the navicular drop of',
};

/** A limit value with its unit, as the messages print it. */
export const fmt = (v: number, unit: LimitUnit): string => (unit === 'deg' ? `${+v.toFixed(2)}°` : unit === '%' ? `${+v.toFixed(1)}%` : `${+v.toFixed(2)} mm`);

/** The first level a value crosses: hard limits before warn levels. */
function crossing(levels: LimitLevels, value: number, navicularCap?: number): { kind: Kind; limit: number } | undefined {
  const { maxAllowed, minAllowed, warnAbove, warnBelow } = levels;
  if (navicularCap !== undefined && (maxAllowed === undefined || navicularCap < maxAllowed) && value > navicularCap + EPS) {
    return { kind: 'navicularDrop', limit: navicularCap };
  }
  if (maxAllowed !== undefined && value > maxAllowed + EPS) return { kind: 'maxAllowed', limit: maxAllowed };
  if (minAllowed !== undefined && value < minAllowed - EPS) return { kind: 'minAllowed', limit: minAllowed };
  if (warnAbove !== undefined && value > warnAbove + EPS) return { kind: 'warnAbove', limit: warnAbove };
  if (warnBelow !== undefined && value < warnBelow - EPS) return { kind: 'warnBelow', limit: warnBelow };
  return undefined;
}

/** Applies a hard limit in clamp mode: returns the parameter's new value and a note for the message. */
type ClampTo = (limit: number, kind: Kind) => { value: number; note: string };

/** The recess depths of a prescription (grooves, reliefs, cut-outs), with their pointers. */
function recesses(a: ResolvedPrescription): Array<{ pointer: string; depth: number; set: (d: number) => void }> {
  const out: Array<{ pointer: string; depth: number; set: (d: number) => void }> = [];
  for (const key of RECESS_FIELDS) {
    const r = a[key];
    if (r) out.push({ pointer: `/prescription/${key}/depth`, depth: r.depth, set: (d) => (r.depth = d) });
  }
  return out;
}

/**
 * Checks a prescription against a limits profile: warn levels, hard ceilings and floors of every
 * parameter, the navicular-drop cap on the arch, the total height under the heel, the minimum wall
 * under recesses, the combined corrections, the shell against the patient's weight, and the
 * coupling rules (docs/clinical-basis.md).
 * @param scan the validated scan (measurements.archHeight and navicularDrop are used, mm)
 * @param asked the prescription as written (tells which values are defaults)
 * @param resolved the prescription with defaults filled in (mm, degrees, kg)
 * @param profile the limits profile (DEFAULT_LIMITS or a lab's)
 * @param outline the aligned outline's heel width, mm (the post's rise is heelWidth·tan(angle))
 * @param options `clamp`: build at a hard limit instead of refusing (coupling rules cannot be clamped)
 * @returns `applied`, the prescription to build (a new object; clamped values when `clamp`), and
 *   every finding in check order (shell, cup, arch, rearfoot post, the modifications in registry order,
 *   cover, minimum wall, heel height, combined corrections, load, shoe, then the coupling rules). Pointers are into the
 *   scan's prescription, e.g. `/prescription/rearfootPost/angle`.
 * @throws LimitError when any value passes a hard limit (without `clamp`) or breaks a coupling
 *   rule: one problem per refused parameter (rule = the finding's message, value = the prescription
 *   value at the pointer)
 */
export function checkLimits(
  scan: FootScan,
  asked: Prescription,
  resolved: ResolvedPrescription,
  profile: LimitsProfile,
  outline: { heelWidth: number },
  options: CheckLimitsOptions,
): CheckLimitsResult {
  const applied = copyPrescription(resolved);
  const findings: LimitFinding[] = [];
  const refused: Problem[] = [];
  const p = withBuiltInLevels(profile);
  const scannedArch = scan.measurements.archHeight;

  /** Records the finding for one parameter, if any; in clamp mode applies the hard limit through `clampTo`. */
  const judge = (
    parameter: LimitParameterName,
    pointer: string,
    value: number,
    pointerValue: number | string,
    subject: string,
    clampTo: ClampTo,
    navicularCap?: number,
    context = '',
  ): void => {
    const levels = p[parameter] as LimitLevels;
    const c = crossing(levels, value, navicularCap);
    if (!c) return;
    const hard = c.kind === 'maxAllowed' || c.kind === 'minAllowed' || c.kind === 'navicularDrop';
    const level: LimitFinding['level'] = !hard ? 'warn' : options.clamp ? 'clamped' : 'refused';
    const base = { parameter, pointer, level, asked: value, limit: c.limit, unit: levels.unit, source: levels.source, why: levels.why };
    // A value that rounds to its limit is shown in full, so the message never reads "9° exceeds the ceiling of 9°".
    const exact = fmt(value, levels.unit) === fmt(c.limit, levels.unit) && value !== c.limit ? ` (${+value.toPrecision(12)} asked)` : '';
    const head = `${subject} ${RELATION[c.kind]} ${fmt(c.limit, levels.unit)}${exact}${context}`;
    const tail = ` (${levels.why}; source: ${levels.source})`;
    if (level === 'clamped') {
      const { value, note } = clampTo(c.limit, c.kind);
      findings.push({ ...base, applied: value, message: `${head}, so it is built ${note}${tail}` });
      return;
    }
    const message = `${head}${tail}`;
    findings.push({ ...base, message });
    if (level === 'refused') refused.push({ pointer, rule: message, value: pointerValue });
  };
  /** A parameter that is one prescription value: clamping sets that value to the limit. */
  const simple = (parameter: LimitParameterName, pointer: string, value: number | undefined, subject: string, set: (v: number) => void, context = ''): void => {
    if (value === undefined) return;
    const unit = p[parameter]!.unit;
    judge(parameter, pointer, value, value, subject, (limit) => (set(limit), { value: limit, note: `at ${fmt(limit, unit)}` }), undefined, context);
  };
  const lab = (field: keyof Prescription): boolean => options.labDefaults?.has(field) ?? false;
  const dflt = (field: keyof Prescription): string => (asked[field] === undefined ? lab(field) ? ' (the lab\'s default)' : ' (default)' : '');
  const mm = (v: number) => fmt(v, 'mm');
  const deg = (v: number) => fmt(v, 'deg');

  // Shell thickness, by material.
  simple(shellThicknessParameter(applied.material), '/prescription/shellThickness', applied.shellThickness,
    `shell thickness ${mm(applied.shellThickness)}${dflt('shellThickness')} for ${MATERIALS[applied.material].name}${asked.material === undefined ? lab('material') ? ', the lab\'s default material,' : ', the default material,' : ''}`,
    (v) => (applied.shellThickness = v));
  simple('heelCupDepth', '/prescription/heelCupDepth', applied.heelCupDepth, `heel cup depth ${mm(applied.heelCupDepth)}${dflt('heelCupDepth')}`, (v) => (applied.heelCupDepth = v));

  // Arch raise above the scanned arch, capped by the navicular drop when the scan gives it.
  {
    const arch = applied.archHeight;
    const raise = arch - scannedArch;
    const drop = scan.measurements.navicularDrop;
    const cap = p.archRaise.capAtNavicularDrop && drop !== undefined ? drop : undefined;
    judge('archRaise', '/prescription/archHeight', raise, arch,
      `arch raise of ${mm(raise)} (arch height ${mm(arch)}${dflt('archHeight')} over the scanned ${mm(scannedArch)})`,
      (limit) => ((applied.archHeight = scannedArch + limit), { value: limit, note: `with an arch height of ${mm(scannedArch + limit)}` }),
      cap);
  }
  simple('archFill', '/prescription/archFill', applied.archFill, `arch fill ${mm(applied.archFill)}`, (v) => (applied.archFill = v));

  // The rearfoot post (the foundation's).
  const post = applied.rearfootPost;
  if (post) simple(`rearfootPost.${post.wedge}.angle`, '/prescription/rearfootPost/angle', post.angle, `rearfoot post ${deg(post.angle)}`, (v) => (post.angle = v), ` for a ${post.wedge} post`);
  const ff = applied.forefootPost;
  const skive = applied.medialHeelSkive;

  // The modifications' own limits (src/modifications): forefoot post, skive, lift, pads, bars, extensions, flanges.
  for (const d of REGISTRY) {
    const value = (applied as unknown as Record<string, unknown>)[d.key];
    if (value === null || value === undefined) continue;
    const parts = value as Record<string, number>;
    for (const l of d.limits) {
      if (l.when && !l.when(value as never)) continue;
      const set = (v: number) => { if (l.part) parts[l.part] = v; else (applied as unknown as Record<string, unknown>)[d.key] = v; };
      simple(l.parameter, `/prescription/${d.key}${l.part ? `/${l.part}` : ''}`, l.part ? parts[l.part] : (value as number), l.subject(value as never, { mm, deg }), set, l.context?.(value as never) ?? '');
    }
  }
  simple('topCover', '/prescription/topCover', applied.topCover, `top cover ${mm(applied.topCover)}`, (v) => (applied.topCover = v));

  // Material left under the deepest recess.
  {
    const rs = recesses(applied);
    if (rs.length) {
      const deepest = rs.reduce((a, b) => (b.depth > a.depth ? b : a));
      const wall = applied.shellThickness - deepest.depth;
      judge('minimumWall', deepest.pointer, wall, deepest.depth,
        `${mm(wall)} of material under a ${mm(deepest.depth)} recess in a ${mm(applied.shellThickness)} shell`,
        (limit) => {
          for (const r of rs) r.set(Math.min(r.depth, applied.shellThickness - limit));
          return { value: limit, note: `with every recess at most ${mm(applied.shellThickness - limit)} deep` };
        });
    }
  }

  // Total height under the heel: shell + the post's rise across the heel + skive + lift + cover.
  {
    const w = outline.heelWidth;
    const total = heelStackMm(applied, w);
    const words = [`${mm(applied.shellThickness)} shell${post ? '' : ', no post'}`];
    if (post) words.push(`${mm(postRiseMm(post.angle, w))} from a ${deg(post.angle)} ${post.wedge} post across a ${mm(w)} heel`);
    if (skive?.depth) words.push(`${mm(skive.depth)} skive`);
    if (applied.heelLift) words.push(`${mm(applied.heelLift)} lift`);
    if (applied.topCover) words.push(`${mm(applied.topCover)} top cover`);
    const pointer = post ? '/prescription/rearfootPost/angle' : applied.heelLift ? '/prescription/heelLift' : '/prescription/shellThickness';
    judge('heelHeight', pointer, total, post ? post.angle : applied.heelLift || applied.shellThickness,
      `total height under the heel of ${mm(total)} (${words.join(' + ')})`,
      (limit, kind) => {
        if (kind === 'minAllowed') {
          // A floor on the heel height: thicken the shell rather than steepen the post.
          const shell = applied.shellThickness + limit - total;
          applied.shellThickness = shell;
          return { value: limit, note: `with a ${mm(shell)} shell` };
        }
        // Take the excess off the lift, then the cover, the skive, the post and last the shell.
        const changes: string[] = [];
        let excess = total - limit;
        const cut = (have: number, set: (v: number) => void, name: string, unitOf: (v: number) => string = mm, toHeight = (v: number) => v, fromHeight = (h: number) => h) => {
          if (excess <= EPS || have <= 0) return;
          const h = toHeight(have);
          const keep = Math.max(0, h - excess);
          excess -= h - keep;
          const v = fromHeight(keep);
          set(v);
          changes.push(v > 0 ? `the ${name} reduced to ${unitOf(v)}` : `no ${name}`);
        };
        cut(applied.heelLift, (v) => (applied.heelLift = v), 'lift');
        cut(applied.topCover, (v) => (applied.topCover = v), 'top cover');
        if (skive) cut(skive.depth, (v) => (skive.depth = v), 'skive');
        if (post) cut(post.angle, (v) => (post.angle = v), 'post', deg, (a) => postRiseMm(a, w), (h) => Math.atan(h / w) / DEG);
        cut(applied.shellThickness, (v) => (applied.shellThickness = v), 'shell');
        return { value: heelStackMm(applied, w), note: `with ${changes.join(', ')}`.replace('with the shell reduced to', 'with a shell of') };
      });
  }

  // Combined corrections: each as a share of its own ceiling, summed.
  const share = (parameter: LimitParameterName, v: number) => {
    const max = p[parameter]!.maxAllowed;
    return max && max > 0 ? (100 * v) / max : 0;
  };
  const combine = (parameter: 'combined.antiPronation' | 'combined.antiSupination', parts: Array<{ name: string; param: LimitParameterName; value: number; set: (v: number) => void }>) => {
    const active = parts.filter((x) => x.value > 0);
    if (active.length < 2) return;
    const total = active.reduce((s, x) => s + share(x.param, x.value), 0);
    const list = active.map((x) => `${x.name} ${fmt(share(x.param, x.value), '%')} of its ceiling`).join(' + ');
    // Refused, the problem's value is the sum (the pointer names the first of its parts; the rule lists them all).
    judge(parameter, `/prescription/${active[0]!.param.split('.')[0]}`, total, fmt(total, '%'), `combined ${parameter === 'combined.antiPronation' ? 'anti-pronation' : 'anti-supination'} correction of ${fmt(total, '%')} (${list})`,
      (limit) => {
        for (const x of active) x.set((x.value * limit) / total);
        return { value: limit, note: `with every part scaled by ${+(limit / total).toFixed(3)}` };
      });
  };
  combine('combined.antiPronation', [
    ...(post?.wedge === 'medial' ? [{ name: 'medial rearfoot post', param: 'rearfootPost.medial.angle' as const, value: post.angle, set: (v: number) => (post.angle = v) }] : []),
    ...(ff?.wedge === 'varus' ? [{ name: 'varus forefoot post', param: 'forefootPost.varus.angle' as const, value: ff.angle, set: (v: number) => (ff.angle = v) }] : []),
    ...(skive ? [{ name: 'medial heel skive', param: 'medialHeelSkive.depth' as const, value: skive.depth, set: (v: number) => (skive.depth = v) }] : []),
  ]);
  combine('combined.antiSupination', [
    ...(post?.wedge === 'lateral' ? [{ name: 'lateral rearfoot post', param: 'rearfootPost.lateral.angle' as const, value: post.angle, set: (v: number) => (post.angle = v) }] : []),
    ...(ff?.wedge === 'valgus' ? [{ name: 'valgus forefoot post', param: 'forefootPost.valgus.angle' as const, value: ff.angle, set: (v: number) => (ff.angle = v) }] : []),
  ]);

  // The shell against the patient's weight (coupling rule 5): a filled device stands on the floor.
  if (applied.bodyWeight !== null && applied.construction === 'shell') {
    const need = thicknessForLoad(applied.bodyWeight, applied.material);
    const margin = applied.shellThickness - need;
    judge('loadMargin', '/prescription/shellThickness', margin, applied.shellThickness,
      `a ${mm(applied.shellThickness)} ${MATERIALS[applied.material].name} shell for ${applied.bodyWeight} kg (about ${mm(need)} needed): margin ${mm(margin)}`,
      (limit) => ((applied.shellThickness = need + limit), { value: limit, note: `with a ${mm(need + limit)} shell` }));
  }

  // The shoe's heel height (warn only in the built-in profile; a lab's ceiling clamps the pitch).
  const shoe = applied.shoe;
  if (shoe?.heelHeight !== undefined) {
    judge('shoeHeelHeight', '/prescription/shoe/heelHeight', shoe.heelHeight, shoe.heelHeight,
      `a shoe heel height of ${mm(shoe.heelHeight)}`,
      (limit) => ((shoe.heelHeight = limit), { value: limit, note: `with the underside pitched for a ${mm(limit)} heel` }));
  }

  // Coupling rules (not clampable: they name a missing or conflicting part of the prescription).
  const rule = (parameter: CouplingRuleName, level: 'warn' | 'refused', pointer: string, value: number, limit: number, unit: LimitUnit, message: string, why: string) => {
    const full = `${message} (${why}; source: ${COUPLING_RULES.source})`;
    findings.push({ parameter, pointer, level, asked: value, limit, unit, source: COUPLING_RULES.source, why, message: full });
    if (level === 'refused') refused.push({ pointer, rule: full, value });
  };
  if (skive) {
    if (!post) {
      rule('coupling.skiveNeedsPostAndCup', 'refused', '/prescription/medialHeelSkive', skive.depth, 0, 'mm',
        'a medial heel skive needs an extrinsic rearfoot post, and none is prescribed', 'rule 1: the skive is cut into a posted heel; without a post it tips the device');
    }
    if (applied.heelCupDepth < COUPLING_RULES.skiveMinCupMm) {
      rule('coupling.skiveNeedsPostAndCup', 'refused', '/prescription/heelCupDepth', applied.heelCupDepth, COUPLING_RULES.skiveMinCupMm, 'mm',
        `a medial heel skive needs a heel cup of at least ${mm(COUPLING_RULES.skiveMinCupMm)}, and the cup is ${mm(applied.heelCupDepth)}${dflt('heelCupDepth')}`,
        'rule 1: a shallow cup lets the heel slide off the skive');
    }
    const inversion = post?.wedge === 'medial' ? post.angle : 0;
    const sum = skive.depth + inversion;
    if (sum > COUPLING_RULES.skiveInversionSum + EPS && applied.heelCupDepth < COUPLING_RULES.skiveInversionCupMm - EPS) {
      rule('coupling.skiveAndInversionCup', 'warn', '/prescription/heelCupDepth', applied.heelCupDepth, COUPLING_RULES.skiveInversionCupMm, 'mm',
        `skive ${mm(skive.depth)} + inversion ${deg(inversion)} = ${+sum.toFixed(2)} is over ${COUPLING_RULES.skiveInversionSum}, and the heel cup of ${mm(applied.heelCupDepth)} is below the ${mm(COUPLING_RULES.skiveInversionCupMm)}-22 mm it should be`,
        'rule 2: a strongly inverting heel needs a deep cup to stay on the device');
    }
  }
  if (applied.heelLift > COUPLING_RULES.liftNeedsArchFillAboveMm + EPS && applied.archFill <= 0) {
    rule('coupling.liftNeedsArchFill', 'refused', '/prescription/archFill', applied.archFill, 0, 'mm',
      `a heel lift of ${mm(applied.heelLift)} (over ${mm(COUPLING_RULES.liftNeedsArchFillAboveMm)}) needs arch fill, and none is prescribed`,
      'rule 3: a high lift tips the plate forward onto the arch; fill keeps it stable');
  }

  if (refused.length > 0) throw new LimitError(refused);
  return { applied, findings };
}

/**
 * The device's total height under the heel, mm: shell + the rearfoot post's rise across the heel
 * (width × tan(angle), [CB-wedge-rise]) + skive + lift + top cover. What the heelHeight limit and a
 * shoe's depth bound.
 */
export function heelStackMm(rx: ResolvedPrescription, heelWidthMm: number): number {
  const rise = rx.rearfootPost ? postRiseMm(rx.rearfootPost.angle, heelWidthMm) : 0;
  return rx.shellThickness + rise + (rx.medialHeelSkive?.depth ?? 0) + rx.heelLift + rx.topCover;
}

/** Rise of a rearfoot post across the heel, mm: width × tan(angle) (docs/clinical-basis.md [CB-wedge-rise]). */
function postRiseMm(angleDeg: number, heelWidthMm: number): number {
  return heelWidthMm * Math.tan(angleDeg * DEG);
}

/**
 * A warning as one terminal line: the finding's sentence without its rationale, and the entries of
 * docs/clinical-basis.md that give it (`... above the warning level of 6° [CB-rearfoot-medial]`).
 * The report and the sign-off sheet keep the whole message. Other warnings are returned as they are.
 */
export function warningLine(warning: string, findings: readonly LimitFinding[]): string {
  const f = findings.find((x) => x.message === warning);
  const tail = f ? ` (${f.why}; source: ${f.source})` : '';
  if (!f || !warning.endsWith(tail)) return warning;
  const tags = f.source.match(/\[CB-[a-z0-9-]+\]/g) ?? [];
  return `${warning.slice(0, -tail.length)}${tags.length ? ` ${tags.join(' ')}` : ''}`;
}
