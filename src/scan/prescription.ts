/**
 * Prescription defaults and the merge of the scan's own prescription with an --rx file.
 */

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
});

/** Where each default comes from, for the README and the report. */
export const PRESCRIPTION_DEFAULT_SOURCES: Readonly<Record<keyof ResolvedPrescription, string>> = Object.freeze({
  shellThickness: '3 mm: typical for printed nylon (PA11/PA12) shells (ORTHOTICS.md, prescription table)',
  heelCupDepth: '12 mm: typical heel cup depth (ORTHOTICS.md, prescription table; women 10, sport 14, dress 8-10)',
  archHeight:
    "the scan's measurements.archHeight: total contact, the device follows the patient's own arch (ORTHOTICS.md: the arch must come from the scan, never from a template)",
  rearfootPost: 'none: a post is a correction the clinician must prescribe',
  length: "'full': full length, to the toes",
});

const FIELDS = ['shellThickness', 'heelCupDepth', 'archHeight', 'rearfootPost', 'length'] as const;

/**
 * Merges the scan's prescription with an --rx prescription field by field (rx wins; an rx
 * `rearfootPost: null` removes the scan's post) and fills in the defaults.
 * @param scan a validated scan; its `prescription`, if any, is the base
 * @param rx a validated prescription from an --rx file, if any
 * @returns `asked`: the merged prescription as written (no defaults), and `resolved`: every field
 *   filled in (mm, degrees). Both are new objects; the inputs are not modified.
 */
export function resolvePrescription(
  scan: FootScan,
  rx?: Prescription,
): { asked: Prescription; resolved: ResolvedPrescription } {
  const base = scan.prescription ?? {};
  const asked: Prescription = {};
  for (const field of FIELDS) {
    // Only own, defined fields count: `{archHeight: undefined}` leaves the scan's value in place.
    const fromRx = rx !== undefined && Object.hasOwn(rx, field) && rx[field] !== undefined;
    const value = fromRx ? rx[field] : Object.hasOwn(base, field) ? base[field] : undefined;
    if (value === undefined) continue;
    if (field === 'rearfootPost') {
      const post = value as Prescription['rearfootPost'];
      asked.rearfootPost = post ? { wedge: post.wedge, angle: post.angle } : null;
    } else {
      (asked as Record<string, unknown>)[field] = value;
    }
  }
  const resolved: ResolvedPrescription = {
    shellThickness: asked.shellThickness ?? PRESCRIPTION_DEFAULTS.shellThickness,
    heelCupDepth: asked.heelCupDepth ?? PRESCRIPTION_DEFAULTS.heelCupDepth,
    archHeight: asked.archHeight ?? scan.measurements.archHeight,
    rearfootPost: asked.rearfootPost ? { ...asked.rearfootPost } : PRESCRIPTION_DEFAULTS.rearfootPost,
    length: asked.length ?? PRESCRIPTION_DEFAULTS.length,
  };
  return { asked, resolved };
}
