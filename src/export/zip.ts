import { deflateRawSync } from 'node:zlib';

/** CRC-32 (IEEE) table, built once. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of bytes, as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01

/**
 * The fields a local header (at 4) and a central-directory entry (at 6) share: version needed,
 * flags (UTF-8 names), method (deflate), time, date, CRC, compressed and plain sizes, name length.
 */
function entryFields(v: DataView, at: number, crc: number, packed: number, size: number, nameLength: number): void {
  v.setUint16(at, 20, true); // version needed
  v.setUint16(at + 2, 0x0800, true); // UTF-8 names
  v.setUint16(at + 4, 8, true); // deflate
  v.setUint16(at + 6, 0, true); // 00:00
  v.setUint16(at + 8, DOS_DATE, true);
  v.setUint32(at + 10, crc, true);
  v.setUint32(at + 14, packed, true);
  v.setUint32(at + 18, size, true);
  v.setUint16(at + 22, nameLength, true);
}

/**
 * Writes a ZIP archive (deflate, no ZIP64, no extra fields) with a fixed timestamp
 * (1980-01-01 00:00), so the same entries always give the same bytes.
 */
export function zip(entries: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const packed = deflateRawSync(e.data, { level: 6 });
    const crc = crc32(e.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    entryFields(lv, 4, crc, packed.length, e.data.length, name.length);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    entryFields(cv, 6, crc, packed.length, e.data.length, name.length);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, packed);
    central.push(cd);
    offset += local.length + packed.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let o = 0;
  for (const p of [...parts, ...central, end]) { out.set(p, o); o += p.length; }
  return out;
}
