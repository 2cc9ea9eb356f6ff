/**
 * Reads STL, binary and ASCII, as defined by 3D Systems' StereoLithography Interface
 * Specification (October 1989; reprinted in M. Burns, Automated Fabrication, §6.5).
 *
 * Binary: an 80-byte header (free text, which often begins with "solid"), a uint32 triangle count,
 * then per triangle a normal and three vertices as little-endian float32 and a 2-byte attribute
 * word: exactly 84 + 50·count bytes. ASCII: `solid [name]`, then per triangle `facet normal ni nj
 * nk` / `outer loop` / `vertex x y z` ×3 / `endloop` / `endfacet`, then `endsolid [name]`
 * (several solids may follow one another; keywords in any case).
 *
 * Which encoding: a file whose size is exactly 84 + 50·(its count at byte 80) is binary, whatever
 * its header says (an ASCII file would need a count spelt by four text bytes, ≥ 151 million
 * triangles, to match); otherwise a file beginning with "solid" (after whitespace or a UTF-8
 * byte-order mark) and holding only text is ASCII.
 * Normals are ignored (they are often wrong or NaN; the winding says the orientation).
 */
import { checkLimit, echo, finishMesh, isSpace, refuse } from './problems.js';
import type { MeshLimits, ScanMesh } from './scanMesh.js';
import { TextScanner, textStart } from './text.js';
import { weld, weldFloat32Records, type Welded } from '../geometry/mesh/index.js';

/**
 * Reads a binary or ASCII STL into a welded mesh.
 * @throws InputError naming what is wrong: not an STL, truncated, non-finite vertex, too many triangles, no triangles
 */
export function readStl(bytes: Uint8Array, limits: MeshLimits): ScanMesh {
  const size = bytes.length;
  const count = size >= 84 ? new DataView(bytes.buffer, bytes.byteOffset, size).getUint32(80, true) : -1;
  const expected = 84 + 50 * count;
  if (count >= 0 && size === expected) return readBinary(bytes, count, limits);
  const text = isText(bytes);
  if (text && startsWithSolid(bytes)) return readAscii(bytes, limits);
  if (text) refuse('not an STL file: it is text but does not begin with "solid" (ASCII STL) and is not a binary STL', echo(bytes, 0));
  if (count < 0) refuse(`not an STL file: ${size} bytes is shorter than a binary STL's 84-byte header, and the file is not text`);
  if (size < expected) refuse(`truncated binary STL: its header counts ${count} triangles, which take ${expected} bytes, but the file has ${size} bytes`);
  refuse(`binary STL of the wrong size: its header counts ${count} triangles, which take ${expected} bytes, but the file has ${size} bytes (${size - expected} too many)`);
}

/** No control byte but whitespace in the first 1024 bytes (a binary STL has some: the count's high byte is 0 below 16M triangles). */
function isText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) return false;
    if (c === 0x7f) return false;
  }
  return true;
}

function startsWithSolid(bytes: Uint8Array): boolean {
  const s = new TextScanner(bytes, textStart(bytes));
  s.skipSpace();
  return s.keyword('solid');
}

function readBinary(bytes: Uint8Array, count: number, limits: MeshLimits): ScanMesh {
  checkLimit(count, 'triangles', 'binary STL', limits);
  // Each triangle: a normal (ignored), then three vertices, as little-endian float32 from byte 12 of its 50.
  const welded = weldFloat32Records(bytes.subarray(84), count, 50, 12);
  if ('notFinite' in welded) {
    const t = Math.floor(welded.notFinite / 9), k = welded.notFinite % 9;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat32(84 + 50 * t + 12 + 4 * k, true);
    refuse(`binary STL triangle ${t + 1} of ${count} (counting from 1): vertex ${Math.floor(k / 3) + 1} has a coordinate that is not a finite number`, v);
  }
  return finish(welded, 'binary', limits);
}

function finish(welded: Welded, encoding: 'ascii' | 'binary', limits: MeshLimits): ScanMesh {
  const name = encoding === 'ascii' ? 'ASCII STL' : 'binary STL';
  checkLimit(welded.positions.length / 3, 'vertices', `${name} (after welding)`, limits);
  return finishMesh(welded.positions, welded.indices, 'stl', encoding, name);
}

/** Whether the file ends within `word` at `pos` (what is left is a beginning of it: the file was cut there). */
function endsWithin(bytes: Uint8Array, pos: number, word: string): boolean {
  if (bytes.length - pos >= word.length) return false;
  for (let i = pos; i < bytes.length; i++) if ((bytes[i]! | 0x20) !== word.charCodeAt(i - pos)) return false;
  return true;
}

/**
 * Counts the `facet` keywords (a word of its own, any case): every triangle of a valid file has one,
 * so the soup can be allocated once before parsing (a solid name that says "facet" only makes it
 * a little larger).
 */
function countFacets(bytes: Uint8Array): number {
  let count = 0;
  for (const f of [0x66, 0x46]) { // f, F: found by the native indexOf, a few times faster than a loop over every byte
    for (let i = bytes.indexOf(f); i >= 0; i = bytes.indexOf(f, i + 1)) {
      if (i > 0 && !isSpace(bytes[i - 1]!)) continue;
      if (i + 5 <= bytes.length && (bytes[i + 1]! | 0x20) === 0x61 && (bytes[i + 2]! | 0x20) === 0x63 && (bytes[i + 3]! | 0x20) === 0x65
        && (bytes[i + 4]! | 0x20) === 0x74 && (i + 5 === bytes.length || isSpace(bytes[i + 5]!))) count++;
    }
  }
  return count;
}

function readAscii(bytes: Uint8Array, limits: MeshLimits): ScanMesh {
  const capacity = countFacets(bytes);
  checkLimit(capacity, 'triangles', 'ASCII STL', limits);
  const soup = new Float64Array(capacity * 9);
  const s = new TextScanner(bytes, textStart(bytes));
  let t = 0;
  const truncated = (what: string): never =>
    refuse(`truncated ASCII STL: the file ends at line ${s.line} where ${what} should follow (after ${t} complete triangle${t === 1 ? '' : 's'})`);
  const expect = (word: string): void => {
    s.skipSpace();
    if (!s.keyword(word)) {
      if (s.atEnd() || endsWithin(bytes, s.pos, word)) truncated(`"${word}"`);
      refuse(`ASCII STL line ${s.line}: expected "${word}"`, echo(bytes, s.pos));
    }
  };
  const number = (what: string): number => {
    s.skipSpace();
    if (s.atEnd()) truncated(what);
    const v = s.readNumber();
    if (s.bad) refuse(`ASCII STL line ${s.line}: ${what} is not a number`, echo(bytes, s.pos));
    return v;
  };
  expect('solid');
  s.skipLine(); // the solid's name
  for (;;) {
    s.skipSpace();
    if (s.keyword('endsolid')) {
      s.skipLine(); // its name
      s.skipSpace();
      if (s.atEnd()) break;
      if (s.keyword('solid')) {
        s.skipLine();
        continue;
      }
      refuse(`ASCII STL line ${s.line}: expected "solid" or the end of the file after "endsolid"`, echo(bytes, s.pos));
    }
    if (s.atEnd() || endsWithin(bytes, s.pos, 'endsolid') || endsWithin(bytes, s.pos, 'facet')) truncated('"facet" or "endsolid"');
    if (!s.keyword('facet')) refuse(`ASCII STL line ${s.line}: expected "facet" or "endsolid"`, echo(bytes, s.pos));
    expect('normal');
    for (let k = 0; k < 3; k++) { // not used: skipped as words (a missing one shows as "outer" out of place)
      s.skipSpace();
      if (s.atEnd()) truncated('a normal component');
      s.skipToken();
    }
    expect('outer');
    expect('loop');
    for (let k = 0; k < 3; k++) {
      expect('vertex');
      for (let d = 0; d < 3; d++) {
        const v = number('a vertex coordinate');
        if (!Number.isFinite(v)) {
          refuse(`ASCII STL line ${s.line}: triangle ${t + 1} (counting from 1), vertex ${k + 1} has a coordinate that is not a finite number`, v);
        }
        soup[9 * t + 3 * k + d] = v;
      }
    }
    expect('endloop');
    expect('endfacet');
    t++;
  }
  return finish(weld(soup.subarray(0, 9 * t)), 'ascii', limits);
}
