import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError, WriteError } from '../../src/errors.js';
import { rng } from '../support/random.js';

/**
 * Faults on the direct-I/O handle only (the one opened with O_DIRECT), as a file system or a disk
 * could give them: a refused open, a short write, EINVAL (misaligned), ENOSPC. Everything else is
 * the real node:fs/promises.
 */
const faults = { open: null as string | null, writes: [] as Array<'short' | 'EINVAL' | 'ENOSPC'>, directWrites: 0 };
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  const isDirect = (flags: unknown) => typeof flags === 'number' && constants.O_DIRECT !== undefined && (flags & constants.O_DIRECT) !== 0;
  const open = (async (path: string, flags?: string | number, mode?: number) => {
    if (isDirect(flags) && faults.open) throw Object.assign(new Error(`${faults.open}: injected`), { code: faults.open });
    const handle = await fsp.open(path, flags, mode);
    if (!isDirect(flags)) return handle;
    // The direct handle: its writes counted, and faulted as asked.
    return {
      async write(buffer: Uint8Array, offset: number, length: number, position: number) {
        faults.directWrites++;
        const fault = faults.writes.shift();
        if (fault === 'EINVAL' || fault === 'ENOSPC') throw Object.assign(new Error(`${fault}: injected`), { code: fault });
        // A short write that is not a whole number of pages: the next direct write is misaligned.
        return handle.write(buffer, offset, fault === 'short' ? 8192 + 512 : length, position);
      },
      close: () => handle.close(),
    };
  }) as typeof fsp.open;
  const mocked = { ...fsp, open };
  return { ...mocked, default: mocked };
});
const { commitStaged, DIRECT_ALIGN, DIRECT_MIN_BYTES, folderTarget, stageFiles, writeDeferred } = await import('../../src/cli/io.js');
const { open } = await import('node:fs/promises');

const dir = mkdtempSync(join(tmpdir(), 'orthotic-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  faults.open = null;
  faults.writes = [];
  faults.directWrites = 0;
});

/** Whether this folder's file system takes direct I/O at all (tmpfs before Linux 6.6 does not). */
function directIoHere(): boolean {
  if (constants.O_DIRECT === undefined) return false;
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe);
  }
}
const direct = directIoHere();

/** `length` random bytes at byte `offset` of a WebAssembly memory (whose start is on a page, as the STL writer's is). */
function bytesInWasmMemory(length: number, offset: number, seed: number): Uint8Array {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((offset + length) / 65536) + 1 });
  const view = new Uint8Array(memory.buffer, offset, length);
  const r = rng(seed);
  for (let i = 0; i < length; i++) view[i] = Math.floor(256 * r());
  return view;
}

let files = 0;
/** Writes `data` into a new, empty file through writeDeferred: how, and what the file holds. */
async function written(data: Uint8Array, asked = true): Promise<{ how: string; bytes: Buffer }> {
  const path = join(dir, `f${files++}`);
  const file = await open(path, 'wx');
  let how: string;
  try {
    how = await writeDeferred(file, path, path, data, asked);
  } finally {
    await file.close();
  }
  return { how, bytes: readFileSync(path) };
}
const same = (bytes: Buffer, data: Uint8Array) => bytes.length === data.length && Buffer.compare(bytes, Buffer.from(data.buffer, data.byteOffset, data.length)) === 0;

describe('writing a deferred file (direct I/O for a page-aligned STL)', () => {
  it('asked, a large buffer on a page: its whole pages with direct I/O, its last partial page buffered; the file is the bytes exactly', async () => {
    for (const [k, length] of [3 * 1024 * 1024 + 123, 40 * DIRECT_ALIGN, DIRECT_MIN_BYTES, DIRECT_ALIGN * 17 + 1].entries()) {
      const data = bytesInWasmMemory(length, 2 * DIRECT_ALIGN, k + 1);
      const { how, bytes } = await written(data);
      expect(how).toBe(direct ? 'direct' : 'buffered');
      expect(same(bytes, data)).toBe(true);
    }
  });

  it('not asked, off a page, or small: through the page cache, the same bytes', async () => {
    const cases: Array<[Uint8Array, boolean]> = [
      [bytesInWasmMemory(2 * 1024 * 1024, 0, 6), false],
      [bytesInWasmMemory(2 * 1024 * 1024 + 5, 16, 7), true],
      [bytesInWasmMemory(DIRECT_MIN_BYTES - 1, 0, 8), true],
    ];
    for (const [data, asked] of cases) {
      const { how, bytes } = await written(data, asked);
      expect(how).toBe('buffered');
      expect(faults.directWrites).toBe(0);
      expect(same(bytes, data)).toBe(true);
    }
  });

  it.skipIf(!direct)('a refused direct open (any reason), or a direct write refused as misaligned even after part of the file: the whole file written plainly', async () => {
    const data = bytesInWasmMemory(300_000 + 17, DIRECT_ALIGN, 9);
    for (const code of ['EINVAL', 'EACCES', 'EOPNOTSUPP']) {
      faults.open = code;
      const { how, bytes } = await written(data);
      expect(how).toBe('buffered');
      expect(same(bytes, data)).toBe(true);
    }
    faults.open = null;
    for (const writes of [['EINVAL'], ['short', 'EINVAL']] as const) {
      faults.writes = [...writes];
      faults.directWrites = 0;
      const { how, bytes } = await written(data);
      expect(faults.directWrites).toBe(writes.length);
      expect(how).toBe('buffered');
      expect(same(bytes, data)).toBe(true);
    }
    // A short direct write of whole pages is carried on, still direct.
    faults.writes = [];
    const { how, bytes } = await written(data);
    expect(how).toBe('direct');
    expect(same(bytes, data)).toBe(true);
  });

  it.skipIf(!direct)('the storage refusing a direct write (ENOSPC) is a WriteError, and no temporary file is left', async () => {
    const folder = mkdtempSync(join(dir, 'full-'));
    faults.writes = ['short', 'ENOSPC'];
    const staged = stageFiles([{ path: join(folder, 'device.stl'), data: bytesInWasmMemory(300_000, 0, 10), direct: true, deferred: true }]);
    let err: unknown;
    try {
      await commitStaged(staged);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WriteError);
    expect((err as Error).message).toMatch(/^cannot write '.*device\.stl': no space left on the device \(ENOSPC\)$/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('stageFiles writes a temporary file whole, or only creates a deferred one; commitStaged writes that, flushes both and puts them in place', async () => {
    const folder = mkdtempSync(join(dir, 'staged-'));
    const big = bytesInWasmMemory(1024 * 1024 + 77, DIRECT_ALIGN, 11);
    const text = new TextEncoder().encode('{"report": true}\n');
    const paths = [join(folder, 'device.stl'), join(folder, 'device.report.json')];
    const staged = stageFiles([{ path: paths[0]!, data: big, direct: true, deferred: true }, { path: paths[1]!, data: text }]);
    expect(staged.map((s) => s.path)).toEqual(paths);
    expect(readFileSync(staged[0]!.tmp).length).toBe(0);
    expect(readFileSync(staged[1]!.tmp, 'utf8')).toBe('{"report": true}\n');
    await commitStaged(staged);
    expect(same(readFileSync(paths[0]!), big)).toBe(true);
    expect(readFileSync(paths[1]!, 'utf8')).toBe('{"report": true}\n');
    expect(readdirSync(folder).sort()).toEqual(['device.report.json', 'device.stl']);
    expect(faults.directWrites).toBe(direct ? 1 : 0);
  });
});

describe('a target no file can be put in place of (a folder)', () => {
  const OLD = 'previous contents\n';

  it('stageFiles refuses a folder, or a name ending in a slash, before it makes any temporary file', () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    writeFileSync(join(folder, 'device.stl'), OLD);
    mkdirSync(join(folder, 'device.report.json'));
    const files = (report: string) => [{ path: join(folder, 'device.stl'), data: new Uint8Array(10) }, { path: report, data: new Uint8Array(3) }];
    expect(() => stageFiles(files(join(folder, 'device.report.json')))).toThrow(new UsageError(`cannot write '${join(folder, 'device.report.json')}': it is a folder`));
    expect(() => stageFiles(files(join(folder, 'device.report.json')))).toThrow(UsageError);
    expect(() => stageFiles(files(`${join(folder, 'other')}/`))).toThrow(/': a file's name cannot end in \/$/);
    expect(readdirSync(folder).sort()).toEqual(['device.report.json', 'device.stl']);
    // A symbolic link to a folder is replaced, as rename replaces it; one a writer would follow is folderTarget's `follow`.
    symlinkSync(join(folder, 'device.report.json'), join(folder, 'link'));
    expect(folderTarget([join(folder, 'link')])).toBeNull();
    expect(folderTarget([join(folder, 'link')], { follow: true })).toEqual({ path: join(folder, 'link'), why: 'it is a folder' });
  });

  it('commitStaged: a folder made at a target after staging puts none of the files in place (not written, exit 5), and leaves no temporary file', async () => {
    const folder = mkdtempSync(join(dir, 'late-folder-'));
    writeFileSync(join(folder, 'device.stl'), OLD);
    const paths = [join(folder, 'device.stl'), join(folder, 'device.report.json')];
    const staged = stageFiles([{ path: paths[0]!, data: new Uint8Array(10) }, { path: paths[1]!, data: new Uint8Array(3) }]);
    mkdirSync(paths[1]!);
    const err: unknown = await commitStaged(staged).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect((err as Error).message).toBe(`cannot write '${paths[1]}': it is a folder (EISDIR)`);
    expect(readFileSync(paths[0]!, 'utf8')).toBe(OLD);
    expect(readdirSync(folder).sort()).toEqual(['device.report.json', 'device.stl']);
  });
});
