import { printable, UsageError } from '../errors.js';

/** The environment variable of the reproducible-builds convention (reproducible-builds.org/specs/source-date-epoch). */
export const SOURCE_DATE_ENV = 'SOURCE_DATE_EPOCH';

/** Latest time taken, seconds: 9999-12-31T23:59:59Z (a date has four-digit years). */
export const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/**
 * The day (YYYY-MM-DD, UTC) that SOURCE_DATE_EPOCH names: whole seconds since 1970-01-01 UTC, as the
 * convention says, from 0 to MAX_SOURCE_DATE_EPOCH. Unset or empty: null (no such date).
 * @param value the variable's value (process.env.SOURCE_DATE_EPOCH)
 * @throws UsageError naming the variable, its value and the rule: not a whole number of seconds
 *   (garbage, a sign, a fraction, spaces) or out of range (milliseconds or microseconds are named as such)
 */
export function sourceDateDay(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const rule = `must be a whole number of seconds since 1970-01-01 UTC, from 0 to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31)`;
  const shown = `'${printable(value, 120)}'`;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${SOURCE_DATE_ENV}: ${rule}, got ${shown}`);
  const seconds = Number(value);
  if (seconds > MAX_SOURCE_DATE_EPOCH) {
    // Named when it reads as a time since 2001 (1e9 s) in that unit.
    const unit = ([['microseconds', 1e6], ['milliseconds', 1e3]] as const).find(([, k]) => seconds >= 1e9 * k && seconds / k <= MAX_SOURCE_DATE_EPOCH);
    throw new UsageError(`${SOURCE_DATE_ENV}: ${rule}, got ${shown}${unit ? ` (${unit[0]}?)` : ''}`);
  }
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
