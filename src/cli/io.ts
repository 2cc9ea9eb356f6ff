import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, InterruptedError, UsageError, WriteError, type Problem } from '../errors.js';
import { withDefaultSignals } from './signals.js';
import { tempPath } from './tempFiles.js';

/** Input files larger than this are refused before they are read (a 20,000-point scan is ~1 MB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * The input field a path was read from (a configuration's `/limits`, a scan's `/surface/file`), so
 * that a path no file can have is reported there: `value` is the path as the field gives it.
 */
export type PathField = Pick<Problem, 'pointer' | 'source' | 'subject'> & { value: string };

/** What a path holding a NUL character breaks: no file name can hold one. */
const NUL_RULE = 'must not contain a NUL character: no file name can';

/**
 * Whether this thread reads regular files only (readRegularFilesOnly). A batch worker does: a FIFO
 * or a device would block it in the system, where nothing (no signal, no terminate) can stop it.
 */
let regularOnly = false;

/**
 * From now on, this thread's readBytes refuses inputs that are not regular files (a FIFO, a socket,
 * a device, standard input) without opening them for a blocking read: for a batch's workers.
 */
export function readRegularFilesOnly(): void {
  regularOnly = true;
}

/** A file that is not a regular file nor a folder, in words. */
function kindOf(st: Stats): string {
  return st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
}

/**
 * Reads an input's bytes: a file, or standard input for `-`. Reads at most MAX_INPUT_BYTES and
 * refuses anything longer as it reads (so a device or pipe that never ends, `/dev/zero`, costs
 * 32 MiB, not all the memory). This is where every path from the command line or from an input
 * (a manifest's cell, a configuration's `limits`, a scan's `surface.file`) is opened. While a read
 * may block (standard input, a FIFO, a device), SIGINT and SIGTERM keep their default action
 * (withDefaultSignals): a command waiting there still stops on Ctrl-C.
 * @param field the input field that named the path, if any: where a NUL in it is reported
 * @throws UsageError when the file cannot be read (and, on a thread that reads regular files only,
 *   when it is not a regular file); InputError when it is too large, or when the path holds a NUL
 *   character (it can only have come from an input: naming `field` when given)
 */
export function readBytes(path: string, what: string, field?: PathField): Buffer {
  if (path.includes('\0')) {
    throw new InputError([field
      ? { pointer: field.pointer, rule: NUL_RULE, value: field.value, ...(field.source ? { source: field.source } : {}), ...(field.subject ? { subject: field.subject } : {}) }
      : { pointer: '', rule: `${what} file name ${NUL_RULE}`, value: path }]);
  }
  const tooLarge = (more: string) => new InputError([{ pointer: '', rule: `${what} must be at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, value: more }]);
  const notRegular = (st: Stats) => new UsageError(`cannot read ${what} '${path}': it is ${kindOf(st)}, and a batch reads regular files only`);
  let bytes: Buffer;
  let fd: number | null = null;
  try {
    let size: number | undefined;
    if (path === '-' && regularOnly) throw new UsageError(`cannot read ${what} from standard input in a batch`);
    if (path !== '-') {
      // A regular file says how long it is: refuse it before reading a byte.
      const st = statSync(path);
      if (st.size > MAX_INPUT_BYTES) throw tooLarge(`${(st.size / 1024 / 1024).toFixed(1)} MiB`);
      if (regularOnly && !st.isFile() && !st.isDirectory()) throw notRegular(st);
      if (st.isFile()) size = st.size;
    }
    if (regularOnly) {
      // Never blocks, even on a FIFO put there since the stat; checked again on what was opened.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const st = fstatSync(fd);
      if (!st.isFile() && !st.isDirectory()) throw notRegular(st);
      bytes = readCapped(fd, MAX_INPUT_BYTES, size);
    } else if (size !== undefined) {
      fd = openSync(path, 'r');
      bytes = readCapped(fd, MAX_INPUT_BYTES, size);
    } else {
      // Standard input, a FIFO, a device: the open or the reads may wait for a writer.
      bytes = withDefaultSignals(() => {
        const opened = path === '-' ? 0 : openSync(path, 'r');
        fd = opened;
        return readCapped(opened, MAX_INPUT_BYTES);
      });
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) throw err;
    throw fsError(err, `cannot read ${what} ${path === '-' ? 'from standard input' : `'${path}'`}`, 'no such file');
  } finally {
    if (fd !== null && fd !== 0) closeSync(fd);
  }
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(`more than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
  return bytes;
}

/**
 * Reads a text input (readBytes), refusing bytes that are not valid UTF-8.
 * @throws UsageError when the file cannot be read; InputError when it is too large or not UTF-8,
 *   or its path holds a NUL character (see readBytes).
 */
export function readText(path: string, what: string, field?: PathField): { text: string; bytes: Buffer } {
  const bytes = readBytes(path, what, field);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([{ pointer: '', rule: `${what} must be UTF-8 text (JSON)`, value: 'bytes that are not UTF-8' }]);
  }
  return { text: text.replace(/^\uFEFF/, ''), bytes };
}

/**
 * Where a writer may be stopped: `enter` is called once every temporary file is complete, just
 * before they are renamed into place, and may refuse (the run is being stopped: the temporary files
 * are removed and nothing is put in place); `leave` once the renames are done. A batch uses it so
 * that a second signal never stops an order between two of its renames.
 */
export interface CommitGuard {
  enter(): boolean;
  leave(): void;
}

/** A file to write: its path (`-`: standard output) and its bytes. */
export interface OutputFile {
  path: string;
  data: Uint8Array;
  /**
   * The bytes start on a page of memory (a batch worker's STL, borrowed from the STL writer's
   * WebAssembly memory): they may be handed over to be written with direct I/O (`deferred`).
   */
  direct?: boolean;
  /**
   * The bytes are in memory shared with the thread that commits them (a batch worker's STL, handed
   * over to the main thread: batch/stlSlots.ts) and stay there until then: stageFiles only creates
   * the temporary file, and commitStaged writes them into it (writeDeferred: direct I/O when
   * `direct`) before flushing it, on libuv's thread pool, so that the worker goes on to its next
   * order instead of waiting for the disk. For commitStaged's callers only.
   */
  deferred?: boolean;
}

/**
 * Test-only fault injection: `<CODE>` or `<CODE>:<prefix>` makes writing every output (or those
 * whose file name starts with `prefix`) fail with that system error code (`EIO`, `ENOSPC`) half-way
 * through its temporary file, as a failing disk would.
 */
export const WRITE_FAULT_ENV = 'ORTHOTIC_INJECT_WRITE_ERROR';

/**
 * Writes files atomically, all or none (commitFiles), then standard output and any device, pipe or
 * socket (writeStreams).
 * @throws as commitFiles and writeStreams
 */
export async function writeAtomic(outputs: readonly OutputFile[], guard?: CommitGuard): Promise<void> {
  await commitFiles(outputs, guard);
  writeStreams(outputs);
}

/**
 * Writes the regular files of `outputs` atomically, all or none: stageFiles, then commitStaged.
 * Standard output (`-`) and devices, pipes and sockets are left to writeStreams: renaming over
 * them would replace them with a regular file.
 * @throws as stageFiles and commitStaged
 */
export async function commitFiles(outputs: readonly OutputFile[], guard?: CommitGuard): Promise<void> {
  await commitStaged(stageFiles(outputs), guard);
}

/** A regular file written to its temporary file, not yet flushed nor put in place. */
export interface StagedFile {
  tmp: string;
  path: string;
  /** Bytes still to be written into `tmp` (an OutputFile `deferred`), and whether with direct I/O. */
  body?: { data: Uint8Array; direct: boolean };
}

/**
 * First half of an atomic write: each regular file of `outputs` written to a temporary file in its
 * own folder (named by tempPath), in full, not yet flushed (a `deferred` one's only created: its
 * bytes are commitStaged's to write). A failure removes the ones written and
 * never touches a target. Synchronous: a batch worker stages an order's files and goes on to its
 * next order; the batch's main thread flushes and renames them (commitStaged).
 * @returns the temporary files, in the order of `outputs`
 * @throws UsageError a path that cannot name a file (a missing folder, a folder); WriteError the
 *   storage refused (ENOSPC, EIO, EROFS, EACCES...)
 */
export function stageFiles(outputs: readonly OutputFile[]): StagedFile[] {
  checkFileTargets(outputs.map((o) => o.path));
  const staged: StagedFile[] = [];
  let current = '';
  try {
    for (const { path, data, direct, deferred } of outputs) {
      if (path === '-' || isSpecial(path)) continue;
      current = path;
      const tmp = tempPath(path);
      let fd: number | null = null;
      try {
        fd = openSync(tmp, 'wx', 0o644);
        if (deferred) {
          staged.push({ tmp, path, body: { data, direct: direct ?? false } });
          continue;
        }
        staged.push({ tmp, path });
        const fault = injectedFault(path);
        writeAllToFd(fd, fault ? data.subarray(0, data.length >> 1) : data);
        if (fault) throw injectedError(fault);
      } finally {
        if (fd !== null) closeSync(fd);
      }
    }
    return staged;
  } catch (err) {
    for (const { tmp } of staged) try { unlinkSync(tmp); } catch { /* never created */ }
    throw fsError(err, `cannot write '${current}'`, 'no such folder', true);
  }
}

/**
 * Second half of an atomic write: the staged files (a deferred one's bytes written first:
 * writeDeferred) flushed to disk (on libuv's thread pool, all at once: the calling thread is free meanwhile, and flushes issued together share the file system's
 * journal commits), then, only when every one is flushed, renamed over their targets one after
 * another, in order, without yielding between two renames. A failure before the renames removes
 * every temporary file and never touches a target.
 * @param guard may refuse just before the renames (a batch stopping at once): the temporary files
 *   are then removed and nothing is put in place
 * @throws WriteError the storage refused (EIO when flushing...), or a target is a folder now
 *   (notWritten); InterruptedError the guard refused
 */
export async function commitStaged(staged: readonly StagedFile[], guard?: CommitGuard): Promise<void> {
  const left = new Set(staged.map((s) => s.tmp));
  let current = '';
  let entered = false;
  try {
    const flushed = await Promise.allSettled(staged.map(async ({ tmp, path, body }) => {
      const file = await open(tmp, 'r+');
      try {
        if (body) await writeDeferred(file, tmp, path, body.data, body.direct);
        await file.sync();
      } finally {
        await file.close();
      }
    }));
    const failed = flushed.findIndex((f) => f.status === 'rejected');
    if (failed >= 0) {
      current = staged[failed]!.path;
      throw (flushed[failed] as PromiseRejectedResult).reason;
    }
    await pauseForTests();
    // A folder made at a target meanwhile would stop the renames part-way (EISDIR): no file is put in place then.
    const late = folderTarget(staged.map((s) => s.path));
    if (late) throw notWritten(late);
    if (guard && !(entered = guard.enter())) throw new InterruptedError('stopped before its files were put in place');
    for (const [i, { tmp, path }] of staged.entries()) {
      current = path;
      if (i > 0) pauseBetweenRenamesForTests();
      renameSync(tmp, path);
      left.delete(tmp);
    }
  } catch (err) {
    for (const tmp of left) try { unlinkSync(tmp); } catch { /* already gone */ }
    if (err instanceof InterruptedError || err instanceof WriteError) throw err;
    throw fsError(err, `cannot write '${current}'`, 'no such folder', true);
  } finally {
    if (entered) guard!.leave();
  }
}

/**
 * The first of `paths` that no file can be put in place of: a name ending in a slash (a folder's
 * name), or an existing folder (rename(2) replaces a file or a symbolic link, never a folder:
 * EISDIR). Looked at without following a last symbolic link, as rename does (`follow`: a symbolic
 * link to a folder counts as one, for a caller that would write into a folder). Null when there is
 * none; a path that cannot be looked at (a file on the way, no permission) is left to the write,
 * which says what is wrong with it.
 */
export function folderTarget(paths: Iterable<string>, options: { follow?: boolean } = {}): { path: string; why: string } | null {
  for (const path of paths) {
    if (path === '-') continue;
    if (path.endsWith('/')) return { path, why: "a file's name cannot end in /" };
    let folder = false;
    try {
      folder = (options.follow ? statSync : lstatSync)(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      continue;
    }
    if (folder) return { path, why: 'it is a folder' };
  }
  return null;
}

/**
 * A folder at an output's name found where it is nobody's command line to fix (a batch's own names,
 * a folder made while the files were staged): not written (exit 5), as on a full disk.
 */
export function notWritten(target: { path: string; why: string }): WriteError {
  return new WriteError(`cannot write '${target.path}': ${target.why} (EISDIR)`, 'EISDIR');
}

/**
 * An error writing a batch order's files as the batch reports it: a path they cannot take (a
 * UsageError: fsError's missing folder or file on the way, checkFileTargets' folder) is nobody's
 * command line to fix there, as the names are the batch's own (its --out removed or changed while
 * it ran): not written (exit 5), as on a full disk. Any other error as it is.
 */
export function asNotWritten(err: unknown): unknown {
  if (!(err instanceof UsageError)) return err;
  const code = (err.cause as NodeJS.ErrnoException | undefined)?.code ?? 'EISDIR';
  return new WriteError(`${err.message} (${code})`, code);
}

/**
 * Refuses outputs of which one cannot be put in place (folderTarget): checked before anything is
 * staged, and again just before the renames, so that a run never puts some of its files in place
 * and then fails on another.
 * @throws UsageError naming the path
 */
export function checkFileTargets(paths: readonly string[]): void {
  const bad = folderTarget(paths);
  if (bad) throw new UsageError(`cannot write '${bad.path}': ${bad.why}`);
}

/**
 * Writes the outputs that are standard output (`-`) or an existing device, pipe or socket
 * (`-o /dev/null`, `/dev/stdout`, a FIFO) straight to them; regular files are commitFiles'.
 * @throws UsageError, WriteError as commitFiles
 */
export function writeStreams(outputs: readonly OutputFile[]): void {
  for (const { path, data } of outputs) {
    if (path !== '-' && !isSpecial(path)) continue;
    let fd: number | null = null;
    try {
      fd = path === '-' ? 1 : openSync(path, 'w');
      writeAllToFd(fd, data);
    } catch (err) {
      throw fsError(err, path === '-' ? 'cannot write standard output' : `cannot write '${path}'`, 'no such folder', true);
    } finally {
      if (fd !== null && fd !== 1) closeSync(fd);
    }
  }
}

/**
 * Test-only: `<ms>` makes every atomic write wait that long once its temporary files are complete,
 * before they are put in place, so that tests can send signals while they exist.
 */
export const WRITE_PAUSE_ENV = 'ORTHOTIC_INJECT_WRITE_PAUSE_MS';

/**
 * Test-only: `<ms>` makes every atomic write wait that long between two renames, so that tests can
 * kill a run with some of its files in place and not others (as a power cut could).
 */
export const RENAME_PAUSE_ENV = 'ORTHOTIC_INJECT_RENAME_PAUSE_MS';

/** WRITE_PAUSE_ENV's wait: the event loop goes on (a batch's main thread still takes its signals). */
async function pauseForTests(): Promise<void> {
  const ms = Number(process.env[WRITE_PAUSE_ENV]);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** RENAME_PAUSE_ENV's wait: blocking, as nothing may run between two renames of one commit. */
function pauseBetweenRenamesForTests(): void {
  const ms = Number(process.env[RENAME_PAUSE_ENV]);
  if (ms > 0) pause(ms);
}

/** The system error code the test-only WRITE_FAULT_ENV injects into writing `path`, if any. */
function injectedFault(path: string): string | null {
  const spec = process.env[WRITE_FAULT_ENV];
  if (!spec) return null;
  const [code, prefix = ''] = spec.split(':');
  return /^E[A-Z]+$/.test(code!) && basename(path).startsWith(prefix) ? code! : null;
}

/** The system error WRITE_FAULT_ENV injects, as the file system would raise it. */
function injectedError(code: string): Error {
  return Object.assign(new Error(`${code}: injected write error`), { code });
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

/** A path the user gave that cannot name a file: theirs to fix on the command line or in a manifest (exit 2). */
const PATH_ERRORS: Record<string, string> = {
  EISDIR: 'it is a folder', ENOTDIR: 'a folder on the way is a file', ENAMETOOLONG: 'the name is too long', ELOOP: 'too many symbolic links',
};

/** A file that is there but may not be read (exit 2). */
const ACCESS_ERRORS: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system' };

/** The storage refusing a write, in words (any other system error code is reported as it is). */
const STORAGE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EIO: 'input/output error', EFBIG: 'file too large for the file system',
  EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'operation not permitted', EPIPE: 'the reader closed the pipe',
  ENXIO: 'no reader on the pipe or device', EBUSY: 'the file is busy', ETXTBSY: 'the file is busy',
};

/**
 * A file system error as the CLI reports it. A path that cannot name the file (missing, a folder,
 * a file on the way) is a UsageError (exit 2), as is an input that may not be read. When writing,
 * any other system error (a full disk, an I/O error, a read-only file system, no permission) is a
 * WriteError (exit 5). Anything else (an I/O error reading, a bug) is the error itself with `doing`
 * put before its message, which the CLI reports as internal (exit 1).
 */
export function fsError(err: unknown, doing: string, missing: string, writing = false): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'ENOENT' ? missing : code ? PATH_ERRORS[code] ?? (writing ? undefined : ACCESS_ERRORS[code]) : undefined;
  if (reason) return new UsageError(`${doing}: ${reason}`, { cause: err });
  if (writing && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new WriteError(`${doing}: ${STORAGE_ERRORS[code] ?? (err as Error).message.replace(/^E[A-Z0-9]+: /, '')} (${code})`, code);
  return new Error(`${doing}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** Waits a few milliseconds (a non-blocking pipe with nothing to read yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads a file descriptor to its end, or to `limit` + 1 bytes, whichever comes first (the caller
 * refuses the latter). `expected`: a regular file's size, read into one buffer of that size (+1, to
 * see the end) rather than 1 MiB chunks (a batch reads thousands of ~15 KB scans: 1 MiB each was
 * garbage the workers' collector had to chase).
 */
function readCapped(fd: number, limit: number, expected?: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(total === 0 && expected !== undefined ? expected + 1 : 1 << 20, limit + 1 - total));
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
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * Below this size a file is written through the page cache only (engineering choice: direct I/O
 * costs an extra open and close, ~30 µs, which copying 64 KiB costs too; a device's STL is 1–6 MB).
 */
export const DIRECT_MIN_BYTES = 64 * 1024;

/**
 * Direct I/O's alignment: the buffer's address, the file offset and the length a multiple of it
 * (4 KiB: the page size, which every Linux block device's logical block divides).
 */
export const DIRECT_ALIGN = 4096;

/**
 * Writes a staged file's deferred bytes into its (empty) temporary file `tmp`, opened as `file`, on
 * libuv's thread pool (commitStaged). With `direct` (the bytes start on a page: a batch worker's STL,
 * handed over in shared memory that starts on a page), a large file's whole pages are written with
 * direct I/O (O_DIRECT: from the buffer to the disk, bypassing the page cache) through a second
 * handle, and only its last partial page through `file`. Why: a batch writes ~3.7 MB an order, and
 * copying it into fresh page-cache pages cost ~5 ms of system time an order (beside ~25 ms of
 * computing) on a virtual machine whose host reclaims the guest's free memory; direct I/O costs
 * ~0.3 ms (README, Performance). The file is the same byte for byte and is flushed as any other.
 * Direct I/O is only a way to write faster: where the second handle cannot be opened (a file system
 * without direct I/O, or any other refusal) or a direct write is refused as misaligned (EINVAL), the
 * whole file is written through `file` from its start; any other error (ENOSPC, EIO) is the
 * storage's and is thrown.
 * @returns how the file's whole pages were written (for tests)
 */
export async function writeDeferred(file: FileHandle, tmp: string, path: string, data: Uint8Array, direct: boolean): Promise<'direct' | 'buffered'> {
  const fault = injectedFault(path);
  if (fault) {
    await writeFrom(file, data.subarray(0, data.length >> 1), 0);
    throw injectedError(fault);
  }
  const whole = directSpan(data, direct);
  if (whole > 0) {
    let second: FileHandle | null = null;
    try {
      second = await open(tmp, constants.O_WRONLY | constants.O_DIRECT | constants.O_NOFOLLOW);
    } catch {
      // No direct I/O here: the plain write below.
    }
    if (second !== null) {
      try {
        await writeFrom(second, data.subarray(0, whole), 0);
        await writeFrom(file, data, whole);
        return 'direct';
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
      } finally {
        await second.close();
      }
    }
  }
  await writeFrom(file, data, 0);
  return 'buffered';
}

/** Writes data[from..] at file offset `from`. */
async function writeFrom(file: FileHandle, data: Uint8Array, from: number): Promise<void> {
  for (let off = from; off < data.length;) off += (await file.write(data, off, data.length - off, off)).bytesWritten;
}

/**
 * How much of `data` writeDeferred writes with direct I/O: its whole pages, when asked and when it
 * is large enough and starts on a page (0: none).
 */
function directSpan(data: Uint8Array, direct: boolean): number {
  return direct && data.length >= DIRECT_MIN_BYTES && data.byteOffset % DIRECT_ALIGN === 0 && constants.O_DIRECT !== undefined ? data.length - (data.length % DIRECT_ALIGN) : 0;
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
