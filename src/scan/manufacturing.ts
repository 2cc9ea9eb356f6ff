/**
 * The rules of a `manufacturing` block a schema cannot say in plain words: `mill` and `blank`
 * choose how a device is milled, so a block that says `for: print` cannot give them.
 */
import type { Problem } from '../errors.js';

/**
 * Problems with a manufacturing block (already checked against the schema, or not: anything that
 * is not an object is left to the schema).
 * @param block the block as given
 * @param pointer where it is in its document (`/manufacturing`, `/prescription/manufacturing`)
 * @param source the document's kind, for the message
 * @returns one problem a field given for milling in a block that says print; none otherwise
 */
export function manufacturingProblems(block: unknown, pointer: string, source: NonNullable<Problem['source']>): Problem[] {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return [];
  const b = block as Record<string, unknown>;
  if (b.for !== 'print') return [];
  return (['mill', 'blank'] as const).filter((k) => Object.hasOwn(b, k)).map((k) => ({
    pointer: `${pointer}/${k}`,
    rule: `applies to milling only: this block says "for": "print" (give "for": "mill", or leave ${k} out)`,
    value: b[k],
    source,
  }));
}
