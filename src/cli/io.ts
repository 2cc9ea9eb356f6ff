import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, UsageError } from '../errors.js';

/** Input files larger than this are refused before they are read (a 20,000-point scan is ~1 MB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a text input: a file, or standard input for `-`. Refuses files over MAX_INPUT_BYTES by size
 * before reading them, and bytes that are not valid UTF-8.
 * @throws UsageError when the file cannot be read; InputError when it is too large or not UTF-8.
 */
export function readText(path: string, what: string): { text: string; bytes: Buffer } {
  let bytes: Buffer;
  try {
    if (path !== '-') {
      const size = statSync(path).size;
      if (size > MAX_INPUT_BYTES) {
        throw new InputError([{ pointer: '', rule: `${what} must be at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, value: `${(size / 1024 / 1024).toFixed(1)} MiB` }]);
      }
    }
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw fsError(err, `cannot read ${what} ${path === '-' ? 'from standard input' : `'${path}'`}`, 'no such file');
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError([{ pointer: '', rule: `${what} must be at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, value: `${(bytes.length / 1024 / 1024).toFixed(1)} MiB` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([{ pointer: '', rule: `${what} must be UTF-8 text (JSON)`, value: 'bytes that are not UTF-8' }]);
  }
  return { text: text.replace(/^\uFEFF/, ''), bytes };
}

/**
 * Writes files atomically, all or none: each to a temporary file in its own folder, flushed to
 * disk, and only when every one is written are they renamed over their targets. A failure leaves no
 * partial file and never touches an existing target. `-` writes to standard output (last).
 */
export function writeAtomic(...outputs: Array<{ path: string; data: Uint8Array }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  let current = '';
  try {
    for (const { path, data } of outputs) {
      if (path === '-') continue;
      current = path;
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      let fd: number | null = null;
      try {
        fd = openSync(tmp, 'wx', 0o644);
        staged.push({ tmp, path });
        writeAllToFd(fd, data);
        fsyncSync(fd);
      } finally {
        if (fd !== null) closeSync(fd);
      }
    }
    for (const { tmp, path } of staged) {
      current = path;
      renameSync(tmp, path);
    }
  } catch (err) {
    for (const { tmp } of staged) try { unlinkSync(tmp); } catch { /* renamed or never created */ }
    throw fsError(err, `cannot write '${current}'`, 'no such folder');
  }
  for (const { path, data } of outputs) if (path === '-') writeAllToFd(1, data);
}

/** Why a file named by the user cannot be read or written, for the errors that are the user's to fix. */
const USER_FS_ERRORS: Record<string, string> = {
  EISDIR: 'it is a folder', ENOTDIR: 'a folder on the way is a file', EACCES: 'permission denied', EPERM: 'permission denied',
  EROFS: 'read-only file system', ENAMETOOLONG: 'the name is too long', ELOOP: 'too many symbolic links',
};

/**
 * A file system error as the CLI reports it: a UsageError (exit 2) when the user named a file that
 * is missing, a folder, or not theirs to read or write; otherwise (a full disk, an I/O error, a bug)
 * the error itself, with `doing` put before its message, which the CLI reports as internal (exit 1).
 */
function fsError(err: unknown, doing: string, missing: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? missing : code ? USER_FS_ERRORS[code] : undefined;
  if (reason) return new UsageError(`${doing}: ${reason}`);
  return new Error(`${doing}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function writeAllToFd(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off, data.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue; // non-blocking pipe: retry
      throw err;
    }
  }
}
