/**
 * Checks a resolved prescription against a correction-limits profile.
 */

import { LimitError, type Problem } from '../errors.js';
import type { FootScan, Prescription, ResolvedPrescription } from '../scan/index.js';
import type { CheckLimitsOptions, CheckLimitsResult, LimitFinding, LimitLevels, LimitParameterName, LimitsProfile, LimitUnit } from './types.js';

/** Slack for comparing values that went through tan/atan: a value at a level is within it. */
const EPS = 1e-9;
const DEG = Math.PI / 180;

type Kind = 'maxAllowed' | 'minAllowed' | 'warnAbove' | 'warnBelow' | 'navicularDrop';

const RELATION: Readonly<Record<Kind, string>> = {
  maxAllowed: 'exceeds the ceiling of',
  minAllowed: 'is below the floor of',
  warnAbove: 'is above the warning level of',
  warnBelow: 'is below the warning level of',
  navicularDrop: 'exceeds the navicular drop of',
};

const fmt = (v: number, unit: LimitUnit): string => (unit === 'deg' ? `${+v.toFixed(2)}°` : `${+v.toFixed(2)} mm`);

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

/**
 * Checks a prescription against a limits profile: warn levels, hard ceilings and floors, the
 * navicular-drop cap on the arch, and the total height under the heel.
 * @param scan the validated scan (measurements.archHeight and navicularDrop are used, mm)
 * @param asked the prescription as written (tells which values are defaults)
 * @param resolved the prescription with defaults filled in (mm, degrees)
 * @param profile the limits profile (DEFAULT_LIMITS or a lab's)
 * @param outline the aligned outline's heel width, mm (the post's rise is heelWidth·tan(angle))
 * @param options `clamp`: build at a hard limit instead of refusing
 * @returns `applied`, the prescription to build (a new object; clamped values when `clamp`), and
 *   every finding in check order: shell thickness, heel cup, arch raise, post angle, heel height.
 *   Pointers are into the scan's prescription, e.g. `/prescription/rearfootPost/angle`.
 * @throws LimitError without `clamp`, when any value passes a hard limit: one problem per refused
 *   parameter (rule = the finding's message, value = the prescription value at the pointer)
 */
export function checkLimits(
  scan: FootScan,
  asked: Prescription,
  resolved: ResolvedPrescription,
  profile: LimitsProfile,
  outline: { heelWidth: number },
  options: CheckLimitsOptions,
): CheckLimitsResult {
  const applied: ResolvedPrescription = {
    ...resolved,
    rearfootPost: resolved.rearfootPost ? { ...resolved.rearfootPost } : null,
  };
  const findings: LimitFinding[] = [];
  const refused: Problem[] = [];
  const p = profile.parameters;
  const scannedArch = scan.measurements.archHeight;

  /**
   * Records the finding for one parameter, if any. In clamp mode, `clampTo(limit, kind)` says how
   * the hard limit is applied and applies it to `applied`, returning the parameter's new value.
   */
  const judge = (
    parameter: LimitParameterName,
    pointer: string,
    value: number,
    pointerValue: number,
    subject: string,
    context: string,
    clampTo: (limit: number, kind: Kind) => { note: string; applied: () => number },
    navicularCap?: number,
  ): void => {
    const levels = p[parameter];
    const c = crossing(levels, value, navicularCap);
    if (!c) return;
    const hard = c.kind === 'maxAllowed' || c.kind === 'minAllowed' || c.kind === 'navicularDrop';
    const level: LimitFinding['level'] = !hard ? 'warn' : options.clamp ? 'clamped' : 'refused';
    const base = { parameter, pointer, level, asked: value, limit: c.limit, unit: levels.unit, source: levels.source, why: levels.why };
    const head = `${subject} ${RELATION[c.kind]} ${fmt(c.limit, levels.unit)}${context}`;
    const tail = ` (${levels.why}; source: ${levels.source})`;
    if (level === 'clamped') {
      const { note, applied: apply } = clampTo(c.limit, c.kind);
      findings.push({ ...base, applied: apply(), message: `${head}, so it is built ${note}${tail}` });
      return;
    }
    const message = `${head}${tail}`;
    findings.push({ ...base, message });
    if (level === 'refused') refused.push({ pointer, rule: message, value: pointerValue });
  };
  const dflt = (field: keyof Prescription): string => (asked[field] === undefined ? ' (default)' : '');

  // Shell thickness.
  {
    const unit = p.shellThickness.unit;
    const v = applied.shellThickness;
    judge('shellThickness', '/prescription/shellThickness', v, v, `shell thickness ${fmt(v, unit)}${dflt('shellThickness')}`, '', (limit) => ({
      note: `at ${fmt(limit, unit)}`,
      applied: () => (applied.shellThickness = limit),
    }));
  }

  // Heel cup depth.
  {
    const unit = p.heelCupDepth.unit;
    const v = applied.heelCupDepth;
    judge('heelCupDepth', '/prescription/heelCupDepth', v, v, `heel cup depth ${fmt(v, unit)}${dflt('heelCupDepth')}`, '', (limit) => ({
      note: `at ${fmt(limit, unit)}`,
      applied: () => (applied.heelCupDepth = limit),
    }));
  }

  // Arch raise above the scanned arch, capped by the navicular drop when the scan gives it.
  {
    const unit = p.archRaise.unit;
    const arch = applied.archHeight;
    const raise = arch - scannedArch;
    const drop = scan.measurements.navicularDrop;
    const cap = p.archRaise.capAtNavicularDrop && drop !== undefined ? drop : undefined;
    judge(
      'archRaise',
      '/prescription/archHeight',
      raise,
      arch,
      `arch raise of ${fmt(raise, unit)} (arch height ${fmt(arch, unit)}${dflt('archHeight')} over the scanned ${fmt(scannedArch, unit)})`,
      '',
      (limit) => ({
        note: `with an arch height of ${fmt(scannedArch + limit, unit)}`,
        applied: () => {
          applied.archHeight = scannedArch + limit;
          return limit;
        },
      }),
      cap,
    );
  }

  // Rearfoot post angle, by wedge.
  const post = applied.rearfootPost;
  if (post) {
    const parameter = post.wedge === 'medial' ? 'rearfootPost.medial.angle' : 'rearfootPost.lateral.angle';
    const unit = p[parameter].unit;
    const v = post.angle;
    judge(parameter, '/prescription/rearfootPost/angle', v, v, `rearfoot post ${fmt(v, unit)}`, ` for a ${post.wedge} post`, (limit) => ({
      note: `at ${fmt(limit, unit)}`,
      applied: () => (post.angle = limit),
    }));
  }

  // Total height under the heel: shell + the post's rise across the heel.
  {
    const unit = p.heelHeight.unit;
    const w = outline.heelWidth;
    const shell = applied.shellThickness;
    const angle = post ? post.angle : 0;
    const rise = w * Math.tan(angle * DEG);
    const total = shell + rise;
    const parts = post
      ? `${fmt(shell, 'mm')} shell + ${fmt(rise, 'mm')} from a ${fmt(angle, 'deg')} ${post.wedge} post across a ${fmt(w, 'mm')} heel`
      : `${fmt(shell, 'mm')} shell, no post`;
    judge(
      'heelHeight',
      post ? '/prescription/rearfootPost/angle' : '/prescription/shellThickness',
      total,
      post ? angle : shell,
      `total height under the heel of ${fmt(total, unit)} (${parts})`,
      '',
      (limit, kind) => {
        if (kind === 'minAllowed') {
          // A floor on the heel height: thicken the shell rather than steepen the post.
          return {
            note: `with a ${fmt(shell + limit - total, 'mm')} shell`,
            applied: () => {
              applied.shellThickness = shell + limit - total;
              return limit;
            },
          };
        }
        if (post && limit >= shell) {
          // Lower the post until shell + rise equals the ceiling.
          const newAngle = Math.atan((limit - shell) / w) / DEG;
          return {
            note: `with the post reduced to ${fmt(newAngle, 'deg')}`,
            applied: () => {
              post.angle = newAngle;
              return shell + w * Math.tan(newAngle * DEG);
            },
          };
        }
        // No post, or the shell alone is past the limit: the shell takes the limit, flat.
        return {
          note: `with a ${fmt(limit, 'mm')} shell${post ? ' and a 0° post' : ''}`,
          applied: () => {
            applied.shellThickness = limit;
            if (post) post.angle = 0;
            return limit;
          },
        };
      },
    );
  }

  if (refused.length > 0) throw new LimitError(refused);
  return { applied, findings };
}
