/**
 * A strict STL reader (and minimal writers) for tests, independent of `src/export`.
 *
 * Binary: 80-byte header, uint32 triangle count, 50 bytes per triangle (normal, three vertices as
 * little-endian float32, a 2-byte attribute); the file size must be exactly 84 + 50·count.
 * ASCII: `solid [name]`, then `facet normal nx ny nz / outer loop / vertex x y z ×3 / endloop /
 * endfacet` any number of times, then `endsolid [name]` and nothing after it but whitespace.
 * Normals are read and discarded (slicers recompute them from the winding).
 */

export interface StlData {
  /** Nine floats per triangle: x, y, z of its three vertices, in file order. */
  triangles: Float32Array;
  ascii: boolean;
}

/**
 * Parses a binary or ASCII STL.
 * @throws Error naming what is wrong: empty, truncated binary, count/size mismatch, malformed ASCII
 *   (with the line), non-finite coordinates.
 */
export function readStl(buf: Uint8Array): StlData {
  if (buf.length === 0) throw new Error('STL: empty file');
  return looksAscii(buf) ? readAscii(buf) : readBinary(buf);
}

/** ASCII when it starts with `solid` and every byte is printable text (binary data almost never is). */
function looksAscii(buf: Uint8Array): boolean {
  let i = 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  const head = String.fromCharCode(...buf.subarray(i, i + 5));
  if (head !== 'solid') return false;
  for (const b of buf) {
    if (b !== 0x09 && b !== 0x0a && b !== 0x0d && (b < 0x20 || b > 0x7e)) return false;
  }
  return true;
}

function readBinary(buf: Uint8Array): StlData {
  if (buf.length < 84) throw new Error(`STL: truncated binary file: ${buf.length} bytes, the header alone is 84`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getUint32(80, true);
  const expected = 84 + 50 * n;
  if (buf.length < expected) {
    throw new Error(`STL: truncated binary file: the count says ${n} triangles (${expected} bytes), the file has ${buf.length} bytes`);
  }
  if (buf.length > expected) {
    throw new Error(`STL: triangle count mismatch: the count says ${n} triangles (${expected} bytes), the file has ${buf.length} bytes`);
  }
  const triangles = new Float32Array(n * 9);
  for (let t = 0; t < n; t++) {
    const o = 84 + 50 * t + 12;
    for (let k = 0; k < 9; k++) {
      const v = view.getFloat32(o + 4 * k, true);
      if (!Number.isFinite(v)) throw new Error(`STL: non-finite coordinate in triangle ${t}`);
      triangles[9 * t + k] = v;
    }
  }
  return { triangles, ascii: false };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function readAscii(buf: Uint8Array): StlData {
  const text = new TextDecoder('latin1').decode(buf);
  const tokens = /\S+/g;
  let m: RegExpExecArray | null;
  const lineOf = (index: number): number => {
    let line = 1;
    for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  const fail = (what: string, at: number): never => {
    throw new Error(`STL: malformed ASCII at line ${lineOf(at)}: ${what}`);
  };
  const nextToken = (): { t: string; at: number } => {
    m = tokens.exec(text);
    if (!m) throw new Error('STL: malformed ASCII: unexpected end of file (missing endsolid?)');
    return { t: m[0], at: m.index };
  };
  const expect = (word: string): void => {
    const { t, at } = nextToken();
    if (t !== word) fail(`expected "${word}", got "${t.slice(0, 40)}"`, at);
  };
  const num = (): number => {
    const { t, at } = nextToken();
    const v = Number(t);
    if (!NUMBER.test(t) || !Number.isFinite(v)) fail(`expected a finite number, got "${t.slice(0, 40)}"`, at);
    return v;
  };

  const first = nextToken();
  if (first.t !== 'solid') fail('expected "solid"', first.at);
  // the solid's name is the rest of the first line
  const eol = text.indexOf('\n', first.at);
  tokens.lastIndex = eol < 0 ? text.length : eol;

  const out: number[] = [];
  for (;;) {
    const { t, at } = nextToken();
    if (t === 'endsolid') {
      const end = text.indexOf('\n', at);
      if (end >= 0 && text.slice(end).trim() !== '') fail('text after endsolid', end + 1);
      break;
    }
    if (t !== 'facet') fail(`expected "facet" or "endsolid", got "${t.slice(0, 40)}"`, at);
    expect('normal');
    num();
    num();
    num();
    expect('outer');
    expect('loop');
    for (let k = 0; k < 3; k++) {
      expect('vertex');
      out.push(num(), num(), num());
    }
    expect('endloop');
    expect('endfacet');
  }
  return { triangles: Float32Array.from(out), ascii: true };
}

/** Writes a binary STL (normals computed from the winding; zero for degenerate triangles). */
export function writeStlBinary(triangles: Float32Array, header = 'orthotic test support'): Uint8Array {
  if (triangles.length % 9 !== 0) throw new RangeError('triangle array length is not a multiple of 9');
  const n = triangles.length / 9;
  const buf = new Uint8Array(84 + 50 * n);
  buf.set(new TextEncoder().encode(header.slice(0, 80)));
  const view = new DataView(buf.buffer);
  view.setUint32(80, n, true);
  for (let t = 0; t < n; t++) {
    const o = 84 + 50 * t;
    const nrm = normal(triangles, t);
    for (let k = 0; k < 3; k++) view.setFloat32(o + 4 * k, nrm[k]!, true);
    for (let k = 0; k < 9; k++) view.setFloat32(o + 12 + 4 * k, triangles[9 * t + k]!, true);
  }
  return buf;
}

/** Writes an ASCII STL with shortest round-trip float32 values. */
export function writeStlAscii(triangles: Float32Array, name = 'test'): string {
  if (triangles.length % 9 !== 0) throw new RangeError('triangle array length is not a multiple of 9');
  const lines = [`solid ${name}`];
  for (let t = 0; t < triangles.length / 9; t++) {
    const nrm = normal(triangles, t);
    lines.push(`facet normal ${nrm.map(f32).join(' ')}`, 'outer loop');
    for (let k = 0; k < 3; k++) {
      lines.push(`vertex ${f32(triangles[9 * t + 3 * k]!)} ${f32(triangles[9 * t + 3 * k + 1]!)} ${f32(triangles[9 * t + 3 * k + 2]!)}`);
    }
    lines.push('endloop', 'endfacet');
  }
  lines.push(`endsolid ${name}`, '');
  return lines.join('\n');
}

/** Shortest decimal that reads back as the same float32. */
function f32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function normal(tr: Float32Array, t: number): [number, number, number] {
  const o = 9 * t;
  const ux = tr[o + 3]! - tr[o]!, uy = tr[o + 4]! - tr[o + 1]!, uz = tr[o + 5]! - tr[o + 2]!;
  const vx = tr[o + 6]! - tr[o]!, vy = tr[o + 7]! - tr[o + 1]!, vz = tr[o + 8]! - tr[o + 2]!;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const l = Math.hypot(nx, ny, nz);
  return l > 0 ? [Math.fround(nx / l), Math.fround(ny / l), Math.fround(nz / l)] : [0, 0, 0];
}
