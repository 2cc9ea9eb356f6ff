import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIRECT_ALIGN, DIRECT_MIN_BYTES, stageFiles, writeFileBody } from '../../src/cli/io.js';
import { rng } from '../support/random.js';

const dir = mkdtempSync(join(tmpdir(), 'orthotic-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether this folder's file system takes direct I/O at all (tmpfs before Linux 6.6 does not). */
function directIoHere(): boolean {
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

/** `length` random bytes at byte `offset` of a WebAssembly memory (whose start is on a page, as the STL writer's is). */
function bytesInWasmMemory(length: number, offset: number, seed: number): Uint8Array {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((offset + length) / 65536) + 1 });
  const view = new Uint8Array(memory.buffer, offset, length);
  const r = rng(seed);
  for (let i = 0; i < length; i++) view[i] = Math.floor(256 * r());
  return view;
}

function written(name: string, data: Uint8Array): { how: string; bytes: Buffer } {
  const path = join(dir, name);
  const fd = openSync(path, 'wx');
  let how: string;
  try {
    how = writeFileBody(fd, path, data);
  } finally {
    closeSync(fd);
  }
  return { how, bytes: readFileSync(path) };
}

describe('writing a staged file (direct I/O for a large page-aligned buffer)', () => {
  const direct = process.platform === 'linux' && directIoHere();

  it('a large buffer on a page: its whole pages with direct I/O, its last partial page buffered; the file is the bytes exactly', () => {
    for (const [k, length] of [3 * 1024 * 1024 + 123, 40 * DIRECT_ALIGN, DIRECT_MIN_BYTES, DIRECT_ALIGN * 17 + 1].entries()) {
      const data = bytesInWasmMemory(length, 2 * DIRECT_ALIGN, k + 1);
      const { how, bytes } = written(`aligned-${k}`, data);
      expect(how).toBe(direct ? 'direct' : 'buffered');
      expect(bytes.length).toBe(length);
      expect(Buffer.compare(bytes, Buffer.from(data.buffer, data.byteOffset, data.length))).toBe(0);
    }
  });

  it('off a page, or small: through the page cache, the same bytes', () => {
    const off = bytesInWasmMemory(2 * 1024 * 1024 + 5, 16, 7);
    const small = bytesInWasmMemory(DIRECT_MIN_BYTES - 1, 0, 8);
    for (const [name, data] of [['off-page', off], ['small', small]] as const) {
      const { how, bytes } = written(name, data);
      expect(how).toBe('buffered');
      expect(Buffer.compare(bytes, Buffer.from(data.buffer, data.byteOffset, data.length))).toBe(0);
    }
  });

  it('stageFiles writes each temporary file whole, whichever way', () => {
    const big = bytesInWasmMemory(1024 * 1024 + 77, DIRECT_ALIGN, 9);
    const text = new TextEncoder().encode('{"report": true}\n');
    const staged = stageFiles([{ path: join(dir, 'device.stl'), data: big }, { path: join(dir, 'device.report.json'), data: text }]);
    expect(staged.map((s) => s.path)).toEqual([join(dir, 'device.stl'), join(dir, 'device.report.json')]);
    expect(Buffer.compare(readFileSync(staged[0]!.tmp), Buffer.from(big.buffer, big.byteOffset, big.length))).toBe(0);
    expect(readFileSync(staged[1]!.tmp, 'utf8')).toBe('{"report": true}\n');
  });
});
