/** Output names a batch may write: order ids as the scan schema allows them, never a path. */
export const OUTPUT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Device names Windows reserves whatever the extension (a lab may share the folder over SMB). */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why a name may not be used for output files, or null when it is safe. */
export function unsafeOutputName(name: string): string | null {
  if (!OUTPUT_NAME.test(name)) return 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (no folders)';
  if (name.includes('..')) return 'must not contain ".."';
  if (name.endsWith('.')) return 'must not end with "."';
  if (RESERVED.test(name)) return 'must not be a reserved device name';
  return null;
}
