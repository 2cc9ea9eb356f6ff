import { describe, expect, it } from 'vitest';
import { handOver, release, SLOT_BYTES, SLOTS } from '../../src/cli/batch/stlSlots.js';
import { DIRECT_ALIGN } from '../../src/cli/io.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

describe('handing a batch worker STL over to the main thread (stlSlots)', () => {
  it('copies the bytes into shared memory, on a page; every slot busy or bytes too large: null (the worker writes them itself); a released slot is taken again', () => {
    const views: Uint8Array[] = [];
    for (let i = 0; i < SLOTS; i++) {
      const data = bytes(100_000 + i, i);
      const view = handOver(data)!;
      expect(view.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(view.byteOffset % DIRECT_ALIGN).toBe(0);
      expect(Buffer.compare(Buffer.from(view), Buffer.from(data))).toBe(0);
      views.push(view);
    }
    expect(new Set(views.map((v) => v.byteOffset)).size).toBe(SLOTS);
    expect(handOver(bytes(10, 9))).toBeNull();
    release(views[0]!);
    const again = handOver(bytes(5000, 7))!;
    expect(again.byteOffset).toBe(views[0]!.byteOffset);
    expect(views[1]![0]).toBe(1); // the other slot's bytes untouched
    release(new Uint8Array(16)); // not in a slot: nothing
    expect(handOver(bytes(10, 3))).toBeNull();
    for (const v of [again, views[1]!]) release(v);
    expect(handOver(new Uint8Array(SLOT_BYTES + 1))).toBeNull();
    expect(handOver(bytes(10, 4))).not.toBeNull();
  });
});
