import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOrder, type BatchSettings } from '../../src/cli/batch/order.js';
import { createStopSwitch } from '../../src/cli/batch/stopSwitch.js';
import { handOver, release, SLOTS } from '../../src/cli/batch/stlSlots.js';
import { commitStaged, DIRECT_ALIGN } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'orthotic-handover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A batch's settings for one printed order at 2 mm (fast), in `outDir`. */
const settings = (outDir: string): BatchSettings => ({
  outDir, resume: false, clamp: false, allowOverLimit: null, resolutionMm: 2, limitsText: null, config: null, configOutputs: null, lab: null,
  outputs: { ascii: false }, scanFlags: {}, milling: {}, labMilling: null, date: null, stopSwitch: createStopSwitch(),
});
const order = { index: 0, scans: [resolve('examples/m271-right-neutral.json')], rxPath: null, name: 'm271', settings: {} };

describe('a batch worker hands its STL over to the main thread (stlSlots)', () => {
  it('a printed order stages its STL as bytes in shared memory, on a page, its temporary file empty; committed, the file is the one the worker writes itself when every slot is busy', async () => {
    // Every slot busy: the worker writes the STL itself.
    const busy = Array.from({ length: SLOTS }, () => handOver(new Uint8Array(8)));
    expect(busy.every((v) => v !== null)).toBe(true);
    const outA = mkdtempSync(join(dir, 'a-'));
    try {
      const a = await runOrder({ order, batch: settings(outA) });
      expect(a.result.status).toBe('built');
      expect(a.staged!.every((s) => s.body === undefined)).toBe(true);
      await commitStaged(a.staged!);
    } finally {
      for (const v of busy) if (v) release(v);
    }

    // A slot free: handed over.
    const outB = mkdtempSync(join(dir, 'b-'));
    const b = await runOrder({ order, batch: settings(outB) });
    expect(b.result.status).toBe('built');
    const stl = b.staged!.find((s) => s.path.endsWith('.stl'))!;
    expect(stl.body!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(stl.body!.data.byteOffset % DIRECT_ALIGN).toBe(0);
    expect(stl.body!.direct).toBe(true);
    try {
      expect(readFileSync(stl.tmp).length).toBe(0);
      expect(b.staged!.filter((s) => s.body)).toHaveLength(1); // the report and the hash are the worker's to write
      await commitStaged(b.staged!);
    } finally {
      release(stl.body!.data);
    }

    expect(readdirSync(outB).sort()).toEqual(readdirSync(outA).sort());
    const bytes = (out: string) => readFileSync(join(out, 'm271.stl'));
    expect(bytes(outB).length).toBeGreaterThan(84);
    expect(Buffer.compare(bytes(outB), bytes(outA))).toBe(0);
    // Both slots free again.
    const again = Array.from({ length: SLOTS }, () => handOver(new Uint8Array(8)));
    expect(again.every((v) => v !== null)).toBe(true);
    for (const v of again) release(v!);
  });
});
