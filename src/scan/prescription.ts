/**
 * Prescription defaults and the merge of the scan's own prescription with an --rx file.
 */

import { MODIFICATION_DEFAULT_SOURCES, MODIFICATION_DEFAULTS, MODIFICATION_NONE } from '../modifications/index.js';
import type { FootScan, Prescription, ResolvedPrescription } from './types.js';

/**
 * Defaults for every prescription field but archHeight, whose default is the scan's own
 * measurements.archHeight (total contact). Sources in PRESCRIPTION_DEFAULT_SOURCES.
 */
export const PRESCRIPTION_DEFAULTS: Readonly<Omit<ResolvedPrescription, 'archHeight'>> = Object.freeze({
  shellThickness: 3,
  heelCupDepth: 12,
  rearfootPost: null,
  length: 'full',
  ...MODIFICATION_NONE,
  archFill: 0,
  construction: 'shell',
  topCover: 0,
  material: 'pa12',
  bodyWeight: null,
  shoe: null,
});

/** Where each default comes from, for the README and the report. */
export const PRESCRIPTION_DEFAULT_SOURCES: Readonly<Record<keyof ResolvedPrescription, string>> = Object.freeze({
  shellThickness: '3 mm: typical for printed nylon (PA11/PA12) shells (lab practice; docs/clinical-basis.md [CB-default-shell])',
  heelCupDepth: '12 mm: typical heel cup depth (docs/clinical-basis.md [CB-default-cup]; KevinRoot; women 10, sport 14, dress 8-10)',
  archHeight:
    "the scan's measurements.archHeight: total contact, the device follows the patient's own arch (docs/clinical-basis.md [CB-total-contact]; Hill 2017)",
  rearfootPost: 'none: a post is a correction the clinician must prescribe',
  length: "'full': full length, to the toes",
  ...MODIFICATION_DEFAULT_SOURCES,
  archFill: '0 mm: the arch follows the prescription exactly (typical fill 3.2 mm when asked: docs/clinical-basis.md [CB-arch-fill]; Cox Orthotics)',
  construction: "'shell': the foundation's even shell, hollow under the arch",
  topCover: '0 mm: no top cover',
  material: "'pa12': printed nylon, which the 3 mm default shell is typical for (docs/clinical-basis.md [CB-default-material])",
  bodyWeight: 'not given: no load check (coupling rule 5 needs it)',
  shoe: 'none: the device follows the foot and lies flat (no trim to an insole, no heel pitch)',
});

/** A copy of a prescription whose modification objects are copies too (they are one level deep). */
export function copyPrescription<T extends object>(p: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k] = v !== null && typeof v === 'object' ? { ...v } : v;
  return out as T;
}

/** Every prescription field, in the order reports list them. */
export const PRESCRIPTION_FIELDS = Object.freeze(Object.keys(PRESCRIPTION_DEFAULT_SOURCES) as Array<keyof ResolvedPrescription>);

/** Defaults of the parts of the modifications a clinician may leave out (src/modifications). */
const PART_DEFAULTS: Readonly<Record<string, object>> = MODIFICATION_DEFAULTS;
const isModification = (f: string): boolean => Object.hasOwn(PART_DEFAULTS, f);

/**
 * Merges the scan's prescription with an --rx prescription field by field (rx wins; an rx
 * `null` removes the scan's modification) and fills in the defaults: a lab's own (labDefaults),
 * else the built-in ones.
 * @param scan a validated scan; its `prescription`, if any, is the base
 * @param rx a validated prescription from an --rx file, if any
 * @param labDefaults a lab configuration's prescription defaults (validated), under the order's values
 * @returns `asked`: the merged prescription as written (no defaults), and `resolved`: every field
 *   filled in (mm, degrees, kg). Both are new objects; the inputs are not modified.
 */
export function resolvePrescription(
  scan: FootScan,
  rx?: Prescription,
  labDefaults?: Partial<Prescription>,
): { asked: Prescription; resolved: ResolvedPrescription } {
  const base = scan.prescription ?? {};
  const asked: Record<string, unknown> = {};
  for (const field of PRESCRIPTION_FIELDS) {
    // Only own, defined fields count: `{archHeight: undefined}` leaves the scan's value in place.
    const fromRx = rx !== undefined && Object.hasOwn(rx, field) && rx[field] !== undefined;
    const value = fromRx ? rx[field] : Object.hasOwn(base, field) ? base[field] : undefined;
    if (value === undefined) continue;
    asked[field] = value !== null && typeof value === 'object' ? { ...value } : value;
  }
  const resolved: Record<string, unknown> = {};
  for (const field of PRESCRIPTION_FIELDS) {
    const value = Object.hasOwn(asked, field) ? asked[field] : labDefaults && Object.hasOwn(labDefaults, field) ? labDefaults[field] : undefined;
    if (field === 'archHeight') resolved[field] = value ?? scan.measurements.archHeight;
    else if (value === undefined) resolved[field] = PRESCRIPTION_DEFAULTS[field];
    else if (value !== null && isModification(field)) resolved[field] = { ...PART_DEFAULTS[field], ...(value as object) };
    else resolved[field] = value !== null && typeof value === 'object' ? { ...value } : value;
  }
  return { asked: asked as Prescription, resolved: resolved as unknown as ResolvedPrescription };
}

/**
 * The fields a lab's defaults supply to a prescription: those it defaults that the order did not
 * ask for (see resolvePrescription), with the lab's values.
 */
export function labSupplied(asked: Prescription, labDefaults: Partial<Prescription> | undefined): Partial<Prescription> {
  const out: Record<string, unknown> = {};
  for (const field of PRESCRIPTION_FIELDS) {
    if (labDefaults && Object.hasOwn(labDefaults, field) && labDefaults[field] !== undefined && !Object.hasOwn(asked, field)) out[field] = labDefaults[field];
  }
  return out as Partial<Prescription>;
}
