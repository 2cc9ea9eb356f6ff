/** A minimal PNG writer (8-bit RGB, zlib from node) for the pictures of the simulated cut. */
import { deflateSync } from 'node:zlib';

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf: Uint8Array): number {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes width × height RGB pixels (row-major, top row first). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgb.subarray(3 * width * y, 3 * width * (y + 1))).copy(raw, (3 * width + 1) * y + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/**
 * A shaded relief of a height grid seen from above (light from the upper left), y up; nodes
 * flagged in `mark` tinted red (what the cut left above the target), and in `mark2` blue.
 */
export function reliefPng(z: Float64Array, nx: number, ny: number, step: number, mark?: Uint8Array, mark2?: Uint8Array): Buffer {
  const rgb = new Uint8Array(3 * nx * ny);
  let zmin = Infinity, zmax = -Infinity;
  for (const v of z) { zmin = Math.min(zmin, v); zmax = Math.max(zmax, v); }
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i;
    const gx = (z[j * nx + Math.min(nx - 1, i + 1)]! - z[j * nx + Math.max(0, i - 1)]!) / (2 * step);
    const gy = (z[Math.min(ny - 1, j + 1) * nx + i]! - z[Math.max(0, j - 1) * nx + i]!) / (2 * step);
    const n = Math.hypot(gx, gy, 1);
    const light = Math.max(0, (-gx * -0.5 + -gy * 0.5 + 1 * 0.7) / n / Math.hypot(0.5, 0.5, 0.7));
    const h = (z[k]! - zmin) / (zmax - zmin || 1);
    let r = 60 + 150 * light + 40 * h, g = 60 + 150 * light + 40 * h, b = 70 + 150 * light + 20 * h;
    if (mark?.[k]) { r = 230; g = 40 + 60 * light; b = 40 + 60 * light; }
    else if (mark2?.[k]) { r = 40 + 60 * light; g = 90 + 80 * light; b = 230; }
    const o = 3 * ((ny - 1 - j) * nx + i);
    rgb[o] = Math.min(255, r); rgb[o + 1] = Math.min(255, g); rgb[o + 2] = Math.min(255, b);
  }
  return encodePng(nx, ny, rgb);
}
