import { closeSync, fsyncSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, UsageError } from '../errors.js';

/** Input files larger than this are refused before they are read (a 20,000-point scan is ~1 MB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Reads an input's bytes: a file, or standard input for `-`. Reads at most MAX_INPUT_BYTES and
 * refuses anything longer as it reads (so a device or pipe that never ends, `/dev/zero`, costs
 * 32 MiB, not all the memory).
 * @throws UsageError when the file cannot be read; InputError when it is too large.
 */
export function readBytes(path: string, what: string): Buffer {
  const tooLarge = (more: string) => new InputError([{ pointer: '', rule: `${what} must be at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, value: more }]);
  let bytes: Buffer;
  let fd: number | null = null;
  try {
    if (path !== '-') {
      // A regular file says how long it is: refuse it before reading a byte.
      const size = statSync(path).size;
      if (size > MAX_INPUT_BYTES) throw tooLarge(`${(size / 1024 / 1024).toFixed(1)} MiB`);
    }
    fd = path === '-' ? 0 : openSync(path, 'r');
    bytes = readCapped(fd, MAX_INPUT_BYTES);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw fsError(err, `cannot read ${what} ${path === '-' ? 'from standard input' : `'${path}'`}`, 'no such file');
  } finally {
    if (fd !== null && fd !== 0) closeSync(fd);
  }
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(`more than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
  return bytes;
}

/**
 * Reads a text input (readBytes), refusing bytes that are not valid UTF-8.
 * @throws UsageError when the file cannot be read; InputError when it is too large or not UTF-8.
 */
export function readText(path: string, what: string): { text: string; bytes: Buffer } {
  const bytes = readBytes(path, what);
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
 * partial file and never touches an existing target. `-` writes to standard output, and a device,
 * pipe or socket (`/dev/null`, a FIFO) is written straight to, never replaced, after the files.
 */
export function writeAtomic(...outputs: Array<{ path: string; data: Uint8Array }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  let current = '';
  try {
    for (const { path, data } of outputs) {
      if (path === '-' || isSpecial(path)) continue;
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
  // Standard output, and device files, pipes and sockets (`-o /dev/null`, `/dev/stdout`, a FIFO): written
  // straight to, last. Renaming over them would replace the device or pipe with a regular file.
  for (const { path, data } of outputs) {
    if (path === '-') writeAllToFd(1, data);
    else if (isSpecial(path)) {
      let fd: number | null = null;
      try {
        fd = openSync(path, 'w');
        writeAllToFd(fd, data);
      } catch (err) {
        throw fsError(err, `cannot write '${path}'`, 'no such folder');
      } finally {
        if (fd !== null) closeSync(fd);
      }
    }
  }
}

/** Whether a path names an existing file that is not a regular file (a device, a pipe, a socket; links followed). */
function isSpecial(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
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

/** Waits a few milliseconds (a non-blocking pipe with nothing to read yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads a file descriptor to its end, or to `limit` + 1 bytes, whichever comes first (the caller refuses the latter). */
function readCapped(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { pause(5); continue; }
      if (code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
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
