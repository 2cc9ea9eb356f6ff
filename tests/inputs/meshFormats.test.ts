/**
 * The 3D scan readers (src/scan3d): round trips through every format and encoding written by
 * tests/support/meshFiles, the real scan, the variants exporters write, every refusal with its
 * message, and fuzzing (mutated and truncated files only ever give a mesh or an InputError).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, formatProblem } from '../../src/errors.js';
import { MESH_LIMITS, meshFormatOf, readMesh, type MeshFormat, type MeshLimits, type ScanMesh } from '../../src/scan3d/index.js';
import { concat, fanTriangles, writeObj, writePly, writeStl, type Faces, type PlyEncoding, type PlyWriteOptions } from '../support/meshFiles.js';

const text = (s: string) => new TextEncoder().encode(s);

/**
 * A closed torus of n × m quads (every vertex shared by six triangles), in mm. `float32`:
 * coordinates exactly representable as float32 (a binary STL stores them unchanged); otherwise
 * rounded to 0.001 mm, short decimals as scanners print them.
 */
function torus(n = 12, m = 8, float32 = true): { positions: Float64Array; quads: number[][] } {
  const positions = new Float64Array(n * m * 3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const u = (2 * Math.PI * i) / n, v = (2 * Math.PI * j) / m;
      const p = [(40 + 15 * Math.cos(v)) * Math.cos(u), (40 + 15 * Math.cos(v)) * Math.sin(u) * 0.6, 15 * Math.sin(v) + 20];
      p.forEach((c, d) => (positions[3 * (i * m + j) + d] = (float32 ? Math.fround(c) : Math.round(c * 1000) / 1000) + 0)); // + 0: no -0, which STL welds into 0
    }
  }
  const quads: number[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const i1 = (i + 1) % n, j1 = (j + 1) % m;
      quads.push([i * m + j, i1 * m + j, i1 * m + j1, i * m + j1]);
    }
  }
  return { positions, quads };
}

/** The triangles as coordinates: nine per triangle, in order. */
function soup(positions: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * 3);
  for (let c = 0; c < indices.length; c++) for (let d = 0; d < 3; d++) out[3 * c + d] = positions[3 * indices[c]! + d]!;
  return out;
}

/** The one-line messages of the InputError that reading throws. */
function problems(bytes: Uint8Array, format: MeshFormat, limits?: MeshLimits): string[] {
  try {
    readMesh(bytes, format, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map(formatProblem);
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** What every mesh read must satisfy: whole vertices and triangles, finite coordinates, indices in range, no vertex used twice by a triangle. */
function expectValidMesh(mesh: ScanMesh): void {
  const nv = mesh.positions.length / 3;
  const wrong: string[] = [];
  if (!Number.isInteger(nv)) wrong.push(`${mesh.positions.length} coordinates`);
  if (mesh.indices.length % 3 || mesh.indices.length === 0) wrong.push(`${mesh.indices.length} indices`);
  const i = mesh.positions.findIndex((x) => !Number.isFinite(x));
  if (i >= 0) wrong.push(`coordinate ${i} is ${mesh.positions[i]}`);
  for (let t = 0; t < mesh.indices.length / 3 && wrong.length === 0; t++) {
    const a = mesh.indices[3 * t]!, b = mesh.indices[3 * t + 1]!, c = mesh.indices[3 * t + 2]!;
    if (!(a < nv && b < nv && c < nv && a !== b && b !== c && c !== a)) wrong.push(`triangle ${t} is ${a} ${b} ${c} of ${nv} vertices`);
  }
  expect(wrong).toEqual([]);
}

/** Every undirected edge used by exactly two triangles (a closed surface). */
function isClosed(mesh: ScanMesh): boolean {
  const uses = new Map<number, number>();
  const nv = mesh.positions.length / 3;
  for (let t = 0; t < mesh.indices.length / 3; t++) {
    for (let k = 0; k < 3; k++) {
      const a = mesh.indices[3 * t + k]!, b = mesh.indices[3 * t + ((k + 1) % 3)]!;
      const key = Math.min(a, b) * nv + Math.max(a, b);
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  return [...uses.values()].every((n) => n === 2);
}

describe('meshFormatOf', () => {
  it('names the format from the extension, any case, any folder', () => {
    expect(meshFormatOf('scan.stl')).toBe('stl');
    expect(meshFormatOf('/scans/LEFT_FOOT.STL')).toBe('stl');
    expect(meshFormatOf('C:\\scans\\foot.Obj')).toBe('obj');
    expect(meshFormatOf('a.b/foot.ply')).toBe('ply');
  });

  it('is null for other extensions, no extension, or a dot only in a folder name', () => {
    for (const p of ['scan.json', 'scan.stl.gz', 'scan', 'scans.stl/foot', '.stl', 'foot.', '', 'a.constructor', 'a.__proto__', 'a.toString']) expect(meshFormatOf(p)).toBeNull();
  });
});

describe('round trips: the same triangles after writing and reading', () => {
  const { positions, quads } = torus();
  const triangles = fanTriangles(quads);
  const expected = soup(positions, triangles);

  it.each([
    ['binary', {}],
    ['ASCII', { ascii: true }],
    ['ASCII, \\r\\n', { ascii: true, crlf: true }],
  ] as const)('STL %s: welded to the shared-vertex mesh', (_, options) => {
    const mesh = readMesh(writeStl(positions, quads, options), 'stl');
    expect(mesh.format).toBe('stl');
    expect(mesh.encoding).toBe('ascii' in options ? 'ascii' : 'binary');
    expect(soup(mesh.positions, mesh.indices)).toEqual(expected);
    expect(mesh.positions.length / 3).toBe(positions.length / 3); // welded: one vertex per point, not three per triangle
    expect(mesh.droppedTriangles).toBe(0);
    expect(isClosed(mesh)).toBe(true);
    expectValidMesh(mesh);
  });

  it('ASCII STL of short decimals (the number scanner\'s fast path) reads every digit exactly', () => {
    const decimal = torus(12, 8, false);
    const mesh = readMesh(writeStl(decimal.positions, decimal.quads, { ascii: true }), 'stl');
    expect(soup(mesh.positions, mesh.indices)).toEqual(soup(decimal.positions, fanTriangles(decimal.quads)));
  });

  const objCases = (['v', 'v/vt', 'v//vn', 'v/vt/vn'] as const).flatMap((style) => [
    { style }, { style, relative: true }, { style, crlf: true, decorate: true }, { style, relative: true, crlf: true, decorate: true },
  ]);
  it.each(objCases)('OBJ %o: the file\'s vertices and fan-triangulated faces', (options) => {
    const mesh = readMesh(writeObj(positions, quads, options), 'obj');
    expect(mesh).toMatchObject({ format: 'obj', encoding: 'ascii', droppedTriangles: 0 });
    expect(mesh.positions).toEqual(positions);
    expect([...mesh.indices]).toEqual(triangles);
  });

  const plyCases: PlyWriteOptions[] = (['ascii', 'binary_little_endian', 'binary_big_endian'] as PlyEncoding[]).flatMap((encoding) => [
    { encoding },
    { encoding, faceFirst: true, extras: true },
    { encoding, sizedTypes: true, positionType: 'float', countType: 'ushort', indexType: 'uint', indexName: 'vertex_index' },
    { encoding, extras: true, sizedTypes: true, countType: 'int', indexType: 'ushort' },
    { encoding, countType: 'uint', indexType: 'short', faceFirst: true },
  ]);
  it.each(plyCases)('PLY %o: the file\'s vertices and fan-triangulated faces', (options) => {
    const mesh = readMesh(writePly(positions, quads, options), 'ply');
    expect(mesh).toMatchObject({ format: 'ply', encoding: options.encoding === 'ascii' ? 'ascii' : 'binary', droppedTriangles: 0 });
    expect(mesh.positions).toEqual(positions); // float32-exact, so float and double agree
    expect([...mesh.indices]).toEqual(triangles);
  });

  it('PLY with uchar and char indices (small meshes), float positions rounded as float32', () => {
    const decimal = torus(4, 3, false);
    for (const indexType of ['uchar', 'char'] as const) {
      for (const encoding of ['ascii', 'binary_big_endian'] as const) {
        const mesh = readMesh(writePly(decimal.positions, decimal.quads, { encoding, indexType, positionType: 'float' }), 'ply');
        expect([...mesh.indices]).toEqual(fanTriangles(decimal.quads));
        expect(mesh.positions).toEqual(encoding === 'ascii' ? decimal.positions : decimal.positions.map(Math.fround));
      }
    }
  });

  it('is deterministic and leaves the bytes as they were', () => {
    for (const [bytes, format] of [[writeStl(positions, quads), 'stl'], [writeObj(positions, quads), 'obj'], [writePly(positions, quads, { encoding: 'ascii' }), 'ply']] as const) {
      const copy = bytes.slice();
      const a = readMesh(bytes, format), b = readMesh(bytes, format);
      expect(bytes).toEqual(copy);
      expect(a).toEqual(b);
      // The same bytes at an odd offset into a larger buffer (as a pooled Node Buffer is): the same mesh.
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 1);
      expect(readMesh(shifted.subarray(1, bytes.length + 1), format)).toEqual(a);
    }
  });
});

const REAL_SCAN = 'tests/fixtures/real-scans/dupont/left_foot.stl';

describe('the real scan (Guy Dupont, left foot, binary STL in metres)', () => {
  it('reads its 12,772 triangles into a closed mesh with the scan\'s bounding box', () => {
    const bytes = new Uint8Array(readFileSync(REAL_SCAN));
    expect(bytes.length).toBe(84 + 50 * 12_772);
    const mesh = readMesh(bytes, 'stl');
    expect(mesh).toMatchObject({ format: 'stl', encoding: 'binary', droppedTriangles: 0 });
    expect(mesh.indices.length / 3).toBe(12_772);
    expect(mesh.positions.length / 3).toBe(6_388); // V = F/2 + 2: a closed sphere-like surface
    expect(isClosed(mesh)).toBe(true);
    expectValidMesh(mesh);
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    mesh.positions.forEach((x, i) => {
      lo[i % 3] = Math.min(lo[i % 3]!, x);
      hi[i % 3] = Math.max(hi[i % 3]!, x);
    });
    // Pinned (float32 values, exact): 113 mm × 276 mm × 99 mm, in metres.
    const pinned = { lo: [0.1955060064792633, 0.03601500019431114, 0.0005554070230573416], hi: [0.30823400616645813, 0.312296986579895, 0.10000000149011612] };
    lo.forEach((x, d) => expect(x).toBeCloseTo(pinned.lo[d]!, 12));
    hi.forEach((x, d) => expect(x).toBeCloseTo(pinned.hi[d]!, 12));
  });

  it('parses in a few milliseconds (median of 20 reads under 20 ms, a tenfold margin)', () => {
    const bytes = new Uint8Array(readFileSync(REAL_SCAN));
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      readMesh(bytes, 'stl');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[10]).toBeLessThan(20);
  });
});

describe('variants exporters write', () => {
  const { positions, quads } = torus(6, 4);
  const triangles = fanTriangles(quads);

  it('a binary STL whose header begins with "solid" is read as binary', () => {
    for (const header of ['solid foot exported by a scanner', 'solid', 'SOLID x\nfacet normal 0 0 0\n']) {
      const mesh = readMesh(writeStl(positions, quads, { header }), 'stl');
      expect(mesh.encoding).toBe('binary');
      expect(soup(mesh.positions, mesh.indices)).toEqual(soup(positions, triangles));
    }
  });

  it('ASCII STL: keywords in any case, several solids, NaN normals, a name with spaces, no final newline', () => {
    const facet = (a: string, b: string, c: string, normal = '0 0 1') =>
      `FACET NORMAL ${normal}\n OUTER LOOP\n VERTEX ${a}\n Vertex ${b}\n vertex ${c}\n ENDLOOP\nENDFACET\n`;
    const file = `solid left foot scan\n${facet('0 0 0', '1 0 0', '0 1 0', 'nan nan nan')}endsolid left foot scan\n`
      + `solid second\n${facet('1 0 0', '1 1 0', '0 1 0', '-nan inf -1.#IND')}endsolid`;
    const mesh = readMesh(text(file), 'stl');
    expect(mesh.encoding).toBe('ascii');
    expect([...mesh.positions]).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]);
    expect([...mesh.indices]).toEqual([0, 1, 2, 1, 3, 2]);
  });

  it('ASCII STL numbers in every decimal spelling', () => {
    const v = ['+1.5', '-.25', '3.', '1e2', '-2.5E-3', '0.000001234', '1234567890.12345', '0.1000000000000000055511151231257827', '-0'];
    const file = `solid\nfacet normal 0 0 1\nouter loop\nvertex ${v.slice(0, 3).join(' ')}\nvertex ${v.slice(3, 6).join(' ')}\nvertex ${v.slice(6).join(' ')}\nendloop\nendfacet\nendsolid\n`;
    const mesh = readMesh(text(file), 'stl');
    expect([...mesh.positions]).toEqual(v.map(Number).map((x) => x + 0)); // -0 welded as 0
  });

  it('STL: -0 and 0 are one point; triangles that use a point twice are dropped and counted', () => {
    const p = [0, 0, 0, 1, 0, 0, 0, 1, 0, -0, 0, -0, 1, 0, 0];
    const mesh = readMesh(writeStl(p, [0, 1, 2, 3, 1, 4, 3, 1, 2]), 'stl');
    expect([...mesh.indices]).toEqual([0, 1, 2, 0, 1, 2]);
    expect(mesh.droppedTriangles).toBe(1);
    expect(mesh.positions.length).toBe(9);
    expect(Object.is(mesh.positions[0], 0)).toBe(true);
  });

  it('STL welding agrees with a plain Map oracle on random soups (shared, unshared and -0 points), binary and ASCII', () => {
    /** The slow, obvious weld: a Map keyed by the coordinates' text (String(-0) is "0"), then triangles using a vertex twice dropped. */
    const oracle = (p: number[], tris: number[]) => {
      const ids = new Map<string, number>(), positions: number[] = [], indices: number[] = [];
      for (const c of tris) {
        const key = `${p[3 * c]},${p[3 * c + 1]},${p[3 * c + 2]}`;
        if (!ids.has(key)) {
          ids.set(key, ids.size);
          positions.push(p[3 * c]! + 0, p[3 * c + 1]! + 0, p[3 * c + 2]! + 0);
        }
        indices.push(ids.get(key)!);
      }
      const kept = [];
      for (let t = 0; t < indices.length; t += 3) {
        const [a, b, c] = indices.slice(t, t + 3) as [number, number, number];
        if (a !== b && b !== c && c !== a) kept.push(a, b, c);
      }
      return { positions, indices: kept, dropped: indices.length / 3 - kept.length / 3 };
    };
    const coordinate = fc.constantFrom(0, -0, 1, -1, 0.5, 2.25, 2 ** -100, -3.5 * 2 ** 30); // float32-exact: binary STL stores them unchanged
    const soupArb = fc.integer({ min: 1, max: 40 }).chain((nt) => fc.tuple(
      fc.array(fc.tuple(coordinate, coordinate, coordinate), { minLength: 1, maxLength: 3 * nt }).map((pts) => pts.flat()),
      fc.array(fc.nat(), { minLength: 3 * nt, maxLength: 3 * nt }),
    ));
    fc.assert(fc.property(soupArb, fc.boolean(), ([p, picks], ascii) => {
      const tris = picks.map((k) => k % (p.length / 3));
      const want = oracle(p, tris);
      const bytes = writeStl(p, tris, { ascii });
      if (want.indices.length === 0) {
        expect(problems(bytes, 'stl')[0]).toMatch(/^\(document\): no triangles: all \d+ triangles of the (binary|ASCII) STL use a vertex twice$/);
        return;
      }
      const mesh = readMesh(bytes, 'stl');
      expect([...mesh.positions]).toEqual(want.positions);
      expect([...mesh.indices]).toEqual(want.indices);
      expect(mesh.droppedTriangles).toBe(want.dropped);
    }), { numRuns: 400 });
    // Nothing shared: three vertices per triangle (the weld's table grows past its first size).
    const lone = Array.from({ length: 3000 * 9 }, (_, i) => i);
    const mesh = readMesh(writeStl(lone, Array.from({ length: 9000 }, (_, i) => i)), 'stl');
    expect(mesh.positions).toEqual(Float64Array.from(lone));
    expect([...mesh.indices]).toEqual(Array.from({ length: 9000 }, (_, i) => i));
  });

  it('OBJ: polygons fan-triangulated, comments, continuations, w and colours, forward references, other statements skipped', () => {
    const file = [
      '# scanner export', 'mtllib foot.mtl', 'o foot', 'f 1/1/1 2/2/2 3/3/3 4/4/4 5/5/5 # a pentagon before its vertices',
      'v 0 0 0', 'v 1 0 0 1.0', 'v 1 1 0 0.5 0.2 0.1', '\tv   0 1 0   # with a comment', 'v 0.5 2 0', 'vt 0 0', 'vn 0 0 1',
      'g sole', 's off', 'usemtl skin', 'l 1 2', 'p 3', 'curv 0 1 1 2', 'f -5 -4 \\', '  -3', 'f 1//1 3//1 4//1', '',
    ].join('\r\n');
    const mesh = readMesh(text(file), 'obj');
    expect([...mesh.positions]).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5, 2, 0]);
    expect([...mesh.indices]).toEqual([0, 1, 2, 0, 2, 3, 0, 3, 4, 0, 1, 2, 0, 2, 3]);
  });

  it('OBJ and PLY: repeated indices dropped and counted (whole triangle or one fan triangle of a polygon)', () => {
    const obj = readMesh(text('v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 1 1 2\nf 1 2 4 1\n'), 'obj');
    expect([...obj.indices]).toEqual([0, 1, 2, 0, 1, 3]);
    expect(obj.droppedTriangles).toBe(2);
    const p = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0];
    for (const encoding of ['ascii', 'binary_little_endian'] as const) {
      const ply = readMesh(writePly(p, [[0, 1, 2], [0, 0, 1], [0, 1, 3, 0]], { encoding }), 'ply');
      expect([...ply.indices]).toEqual([0, 1, 2, 0, 1, 3]);
      expect(ply.droppedTriangles).toBe(2);
    }
  });

  it('a UTF-8 byte-order mark before ASCII STL, OBJ and PLY text is skipped', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    for (const [bytes, format] of [[writeStl(positions, quads, { ascii: true }), 'stl'], [writeObj(positions, quads), 'obj'], [writePly(positions, quads, { encoding: 'binary_big_endian' }), 'ply']] as const) {
      expect(readMesh(concat(bom, bytes), format)).toEqual(readMesh(bytes, format));
    }
  });

  it('PLY: other elements with lists of their own (range_grid) are skipped, ASCII and binary', () => {
    const header = (format: string) => `ply\nformat ${format} 1.0\nelement range_grid 2\nproperty list uchar int vertex_indices\nproperty uchar flag\n`
      + 'element vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n';
    const ascii = readMesh(text(`${header('ascii')}2 0 1 9\n0 9\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n`), 'ply');
    expect([...ascii.positions]).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect([...ascii.indices]).toEqual([0, 1, 2]);
    const body = new DataView(new ArrayBuffer(1 + 8 + 1 + 1 + 1 + 36 + 1 + 12));
    let o = 0;
    const u8 = (v: number) => body.setUint8(o++, v);
    const i32 = (v: number) => ((body.setInt32(o, v, true)), (o += 4));
    const f32 = (v: number) => ((body.setFloat32(o, v, true)), (o += 4));
    u8(2), i32(0), i32(1), u8(9), u8(0), u8(9); // range_grid: [0 1] 9, [] 9
    [0, 0, 0, 1, 0, 0, 0, 1, 0].forEach(f32);
    u8(3), i32(0), i32(1), i32(2);
    const binary = readMesh(concat(text(header('binary_little_endian')), new Uint8Array(body.buffer)), 'ply');
    expect(binary.positions).toEqual(ascii.positions);
    expect(binary.indices).toEqual(ascii.indices);
  });

  it('PLY: \\r\\n header lines, blank lines, comments anywhere, integer coordinates, unused vertices kept', () => {
    const file = 'ply\r\nformat ascii 1.0\r\ncomment made by hand\r\nelement vertex 4\r\nproperty short x\r\nproperty int y\r\nproperty uchar z\r\n\r\n'
      + 'obj_info unit mm\r\nelement face 1\r\nproperty list uchar uint vertex_indices\r\nend_header\r\n1 2 3\r\n-4 5 6\r\n7 8 9\r\n10 11 12\r\n3 0 1 2\r\n';
    const mesh = readMesh(text(file), 'ply');
    expect([...mesh.positions]).toEqual([1, 2, 3, -4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...mesh.indices]).toEqual([0, 1, 2]);
  });
});

describe('refusals: one plain line each', () => {
  const { positions, quads } = torus(8, 4);
  const stl = writeStl(positions, quads);
  const small: MeshLimits = { maxTriangles: 10, maxVertices: MESH_LIMITS.maxVertices };

  it('an empty file', () => {
    for (const f of ['stl', 'obj', 'ply'] as const) expect(problems(new Uint8Array(0), f)).toEqual([`(document): the ${f.toUpperCase()} file is empty`]);
  });

  it('not an STL, OBJ or PLY file', () => {
    expect(problems(text('{"schemaVersion": 1}\n'), 'stl')).toEqual(['(document): not an STL file: it is text but does not begin with "solid" (ASCII STL) and is not a binary STL, got "{\\"schemaVersion\\":"']);
    expect(problems(new Uint8Array([0, 1, 2, 3]), 'stl')).toEqual(["(document): not an STL file: 4 bytes is shorter than a binary STL's 84-byte header, and the file is not text"]);
    expect(problems(stl, 'obj')).toEqual(['(document): not an OBJ file: line 1 holds binary data (byte 39, 0x00)']);
    expect(problems(writeStl(positions, quads, { ascii: true }), 'obj')).toEqual(['(document): not an OBJ file: it has no vertex (v) or face (f) statements, got "solid"']);
    expect(problems(stl, 'ply')).toEqual(['(document): not a PLY file: it does not begin with the line "ply", got "binary STL from tests/su"']);
    expect(problems(text('ply\nformat ascii 1.0\nelement vertex 1\nvertex 1 2 3\nend_header\n'), 'ply')).toEqual(['(document): PLY header line 4: unknown header statement (format, comment, obj_info, element, property, end_header), got "vertex"']);
  });

  it('a truncated binary STL says the header count and the bytes present', () => {
    expect(problems(stl.subarray(0, stl.length - 10), 'stl')).toEqual(['(document): truncated binary STL: its header counts 64 triangles, which take 3284 bytes, but the file has 3274 bytes']);
    expect(problems(stl.subarray(0, 84 + 50 * 10), 'stl')).toEqual(['(document): truncated binary STL: its header counts 64 triangles, which take 3284 bytes, but the file has 584 bytes']);
    expect(problems(concat(stl, new Uint8Array(3)), 'stl')).toEqual(['(document): binary STL of the wrong size: its header counts 64 triangles, which take 3284 bytes, but the file has 3287 bytes (3 too many)']);
    // A header that begins with "solid" changes nothing: the size says binary, and the data is not text.
    expect(problems(writeStl(positions, quads, { header: 'solid scan', headerCount: 65 }), 'stl')[0]).toMatch(/^\(document\): truncated binary STL: its header counts 65 triangles, which take 3334 bytes, but the file has 3284 bytes$/);
  });

  it('a truncated ASCII STL, wherever it is cut', () => {
    const ascii = new TextDecoder().decode(writeStl(positions, quads, { ascii: true }));
    const cutAfterLine = (n: number) => text(ascii.split('\n').slice(0, n).join('\n') + '\n');
    expect(problems(cutAfterLine(4), 'stl')).toEqual(['(document): truncated ASCII STL: the file ends at line 5 where "vertex" should follow (after 0 complete triangles)']);
    expect(problems(cutAfterLine(15), 'stl')).toEqual(['(document): truncated ASCII STL: the file ends at line 16 where "facet" or "endsolid" should follow (after 2 complete triangles)']);
    expect(problems(cutAfterLine(17), 'stl')).toEqual(['(document): truncated ASCII STL: the file ends at line 18 where "vertex" should follow (after 2 complete triangles)']);
    expect(problems(text(ascii.slice(0, ascii.indexOf('endloop') + 4)), 'stl')).toEqual(['(document): truncated ASCII STL: the file ends at line 7 where "endloop" should follow (after 0 complete triangles)']);
    expect(problems(text(ascii.slice(0, ascii.lastIndexOf('endsolid'))), 'stl')).toEqual(['(document): truncated ASCII STL: the file ends at line 450 where "facet" or "endsolid" should follow (after 64 complete triangles)']);
    expect(problems(text(ascii.replace('outer loop', 'outer lop')), 'stl')).toEqual(['(document): ASCII STL line 3: expected "loop", got "lop"']);
    expect(problems(text(ascii.replace(/vertex \S+/, 'vertex 1,5')), 'stl')).toEqual(['(document): ASCII STL line 4: a vertex coordinate is not a number, got "1,5"']);
  });

  it('a vertex that is not a finite number (NaN, Infinity), named', () => {
    const p = Float64Array.from(positions);
    p[3 * quads[1]![2]! + 1] = NaN; // vertex 3 of triangle 3 (quad 1's first fan triangle)
    expect(problems(writeStl(p, quads), 'stl')).toEqual(['(document): binary STL triangle 3 of 64 (counting from 1): vertex 3 has a coordinate that is not a finite number, got NaN']);
    const ascii = new TextDecoder().decode(writeStl(positions, quads, { ascii: true }));
    const lines = ascii.split('\n');
    for (const bad of ['nan', 'inf', '-Infinity', '1.#QNAN', '1e999']) {
      const edited = [...lines];
      edited[11] = `      vertex 1 ${bad} 2`; // triangle 2, vertex 2
      expect(problems(text(edited.join('\n')), 'stl')).toEqual([`(document): ASCII STL line 12: triangle 2 (counting from 1), vertex 2 has a coordinate that is not a finite number, got ${/^-/.test(bad) ? '-Infinity' : /inf|999/i.test(bad) ? 'Infinity' : 'NaN'}`]);
    }
    expect(problems(text('v 0 0 0\nv 1 0 0\nv 0 1 inf\nf 1 2 3\n'), 'obj')).toEqual(['(document): OBJ line 3: vertex 3 (counting from 1) has a coordinate that is not a finite number, got Infinity']);
    expect(problems(writePly(p, quads, { encoding: 'binary_little_endian' }), 'ply')).toEqual([`(document): PLY vertex ${quads[1]![2]} (counting from 0, as faces do) has a coordinate that is not a finite number, got NaN`]);
    expect(problems(writePly(p, quads, { encoding: 'ascii', extras: true }), 'ply')).toEqual([`(document): PLY vertex ${quads[1]![2]} (counting from 0, as faces do) has a coordinate that is not a finite number, got NaN`]);
  });

  it('a face index out of range', () => {
    const three = 'v 0 0 0\nv 1 0 0\nv 0 1 0\n';
    expect(problems(text(`${three}f 1 2 9\n`), 'obj')).toEqual(['(document): OBJ line 4: a face refers to vertex 9, but the file has 3 vertices']);
    expect(problems(text(`${three}f -1 -2 -5\n`), 'obj')).toEqual(['(document): OBJ line 4: a face refers to vertex -5 (counting back), but only 3 vertices come before it']);
    expect(problems(text(`f -1 -2 -3\n${three}`), 'obj')).toEqual(['(document): OBJ line 1: a face refers to vertex -1 (counting back), but only 0 vertices come before it']);
    expect(problems(text(`${three}f 0 1 2\n`), 'obj')).toEqual(['(document): OBJ line 4: a face refers to vertex 0, but OBJ numbers vertices from 1']);
    // A number past 2^32 is named as written, not as the reader's cap (it read 4294967296).
    expect(problems(text(`${three}f 1 2 100000000000000000/7/8\n`), 'obj')).toEqual(['(document): OBJ line 4: a face refers to vertex 100000000000000000, but the file has 3 vertices']);
    expect(problems(text(`${three}f 1 2 3x\n`), 'obj')).toEqual(['(document): OBJ line 4: a face vertex is not a vertex number (v, v/vt, v//vn or v/vt/vn), got "3x"']);
    const p = [0, 0, 0, 1, 0, 0, 0, 1, 0];
    for (const encoding of ['ascii', 'binary_big_endian'] as const) {
      expect(problems(writePly(p, [[0, 1, 3]], { encoding }), 'ply')).toEqual(['(document): PLY face 0 (counting from 0) refers to vertex 3, but the file has 3 vertices (0 to 2)']);
      expect(problems(writePly(p, [[0, 1, 2], [0, -1, 2]], { encoding }), 'ply')).toEqual(['(document): PLY face 1 (counting from 0) refers to vertex -1, but the file has 3 vertices (0 to 2)']);
    }
  });

  it('a face of fewer than three vertices', () => {
    expect(problems(text('v 0 0 0\nv 1 0 0\nf 1 2\n'), 'obj')).toEqual(['(document): OBJ line 3: a face needs at least 3 vertices, this one has 2']);
    expect(problems(writePly([0, 0, 0, 1, 0, 0], [[0, 1]], { encoding: 'binary_little_endian' }), 'ply')).toEqual(['(document): PLY face 0 (counting from 0) has 2 vertices, a face needs at least 3']);
  });

  it('too many triangles or vertices (over MESH_LIMITS, or the limits given)', () => {
    expect(MESH_LIMITS).toEqual({ maxTriangles: 4_000_000, maxVertices: 4_000_000 });
    expect(Object.isFrozen(MESH_LIMITS)).toBe(true);
    expect(problems(stl, 'stl', small)).toEqual(['(document): too many triangles: the binary STL holds 64, more than the 10 a scan may have']);
    expect(problems(writeStl(positions, quads, { ascii: true }), 'stl', small)).toEqual(['(document): too many triangles: the ASCII STL holds 64, more than the 10 a scan may have']);
    expect(problems(writeObj(positions, quads), 'obj', small)).toEqual(['(document): too many triangles: the OBJ file holds 64, more than the 10 a scan may have']);
    expect(problems(writePly(positions, quads, { encoding: 'ascii' }), 'ply', small)).toEqual(['(document): too many triangles: the PLY file holds 32, more than the 10 a scan may have']);
    expect(problems(writeObj(positions, quads), 'obj', { maxTriangles: 100, maxVertices: 10 })).toEqual(['(document): too many vertices: the OBJ file holds 32, more than the 10 a scan may have']);
    expect(problems(stl, 'stl', { maxTriangles: 100, maxVertices: 10 })).toEqual(['(document): too many vertices: the binary STL (after welding) holds 32, more than the 10 a scan may have']);
    // Headers over the default limits are refused before anything is allocated.
    const header = (nv: number, nf: number) => text(`ply\nformat binary_little_endian 1.0\nelement vertex ${nv}\nproperty float x\nproperty float y\nproperty float z\nelement face ${nf}\nproperty list uchar int vertex_indices\nend_header\n`);
    expect(problems(header(3, 4_000_001), 'ply')).toEqual(['(document): too many triangles: the PLY file holds 4000001, more than the 4000000 a scan may have']);
    expect(problems(header(4_000_001, 1), 'ply')).toEqual(['(document): too many vertices: the PLY file holds 4000001, more than the 4000000 a scan may have']);
    // Within the limits but not within the file: truncated, found before allocating 3M vertices.
    expect(problems(header(3_000_000, 1), 'ply')).toEqual(['(document): truncated PLY: the data ends in element "vertex", item 0 of 3000000 (counting from 0)']);
  });

  it('an unsupported PLY format or type', () => {
    const ply = (format: string, x = 'float', list = 'uchar int') => text(`ply\nformat ${format}\nelement vertex 3\nproperty ${x} x\nproperty float y\nproperty float z\nelement face 1\nproperty list ${list} vertex_indices\nend_header\n`);
    expect(problems(ply('binary_middle_endian 1.0'), 'ply')).toEqual(['(document): unsupported PLY format (ascii, binary_little_endian and binary_big_endian are read), got "binary_middle_endian"']);
    expect(problems(ply('ascii 2.0'), 'ply')).toEqual(['(document): unsupported PLY version (1.0 is read), got "2.0"']);
    expect(problems(ply('ascii 1.0', 'int64'), 'ply')).toEqual(['(document): unsupported PLY property type (char uchar short ushort int uint float double, or int8 ... float64), got "int64"']);
    expect(problems(ply('ascii 1.0', 'constructor'), 'ply')).toEqual(['(document): unsupported PLY property type (char uchar short ushort int uint float double, or int8 ... float64), got "constructor"']);
    expect(problems(ply('ascii 1.0', 'float', 'uchar float'), 'ply')).toEqual(['(document): unsupported PLY: face vertex indices of type float (float)']);
    expect(problems(ply('ascii 1.0', 'float', 'float int'), 'ply')).toEqual(['(document): unsupported PLY: a list whose count is of type float']);
    expect(problems(text('ply\nelement vertex 0\nend_header\n'), 'ply')).toEqual(['(document): the PLY header has no "format" line']);
    expect(problems(text('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n'), 'ply')).toEqual(['(document): the PLY vertex element has no property "z"']);
    expect(problems(text('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nelement face 0\nproperty list uchar int corners\nend_header\n1 2 3\n'), 'ply')).toEqual(['(document): the PLY face element has no "vertex_indices" (or "vertex_index") list property']);
  });

  it('truncated PLY data', () => {
    const bin = writePly(positions, quads, { encoding: 'binary_little_endian', extras: true });
    expect(problems(bin.subarray(0, bin.length - 5), 'ply')).toEqual(['(document): truncated PLY: the data ends in element "face", item 31 of 32 (counting from 0)']);
    const asc = writePly(positions, quads, { encoding: 'ascii' });
    expect(problems(asc.subarray(0, asc.length - 3), 'ply')).toEqual(['(document): truncated PLY: the data ends in element "face", item 31 of 32 (counting from 0)']);
    expect(problems(text('ply\nformat ascii 1.0\nelement vertex 1\n'), 'ply')).toEqual(['(document): truncated PLY: the header ends at line 4 without "end_header"']);
  });

  it('no triangles', () => {
    expect(problems(text('v 0 0 0\nv 1 0 0\nv 0 1 0\n'), 'obj')).toEqual(['(document): no triangles: the OBJ file has 3 vertices and no faces (a point cloud?)']);
    expect(problems(text('v 0 0 0\nv 1 0 0\nf 1 1 2\n'), 'obj')).toEqual(['(document): no triangles: all 1 triangles of the OBJ file use a vertex twice']);
    expect(problems(writeStl([], []), 'stl')).toEqual(['(document): no triangles: the binary STL has no faces']);
    expect(problems(text('solid empty\nendsolid empty\n'), 'stl')).toEqual(['(document): no triangles: the ASCII STL has no faces']);
    expect(problems(text('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n'), 'ply')).toEqual(['(document): no triangles: the PLY file has 1 vertices and no "face" element (a point cloud?)']);
    expect(problems(writePly([0, 0, 0], [], { encoding: 'ascii' }), 'ply')).toEqual(['(document): no triangles: the PLY file has no faces']);
  });

  it('messages never echo much of the file', () => {
    const long = 'x'.repeat(1_000_000);
    const cases: [Uint8Array, MeshFormat][] = [
      [text(`solid\nfacet normal 0 0 1\nouter loop\nvertex ${long} 0 0\n`), 'stl'],
      [text(`${long}\n`), 'stl'],
      [text(`v ${long} 0 0\nf 1 1 1\n`), 'obj'],
      [text(`v 0 0 0\nf 1 2 ${long}\n`), 'obj'],
      [text(`v ${'9'.repeat(1_000_000)} 0 0\nf 1 1 1\n`), 'obj'],
      [text(`ply\nformat ${long} 1.0\n`), 'ply'],
      [text(`ply\nformat ascii 1.0\nelement ${long} 1\n`), 'ply'],
      [text(`${long}\n`), 'ply'],
    ];
    for (const [bytes, format] of cases) {
      const lines = problems(bytes, format);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.length).toBeLessThan(220);
    }
  });

  it('a format not one of the three is the caller\'s bug: TypeError', () => {
    expect(() => readMesh(text('solid'), 'step' as MeshFormat)).toThrow(TypeError);
  });
});

describe('fuzz: damaged files give a mesh or an InputError, quickly', () => {
  const { positions, quads } = torus(4, 3);
  const tris = fanTriangles(quads);
  const seeds: [Uint8Array, MeshFormat][] = [
    [writeStl(positions, tris), 'stl'],
    [writeStl(positions, tris, { ascii: true }), 'stl'],
    [writeStl(positions, tris, { header: 'solid binary' }), 'stl'],
    [writeObj(positions, quads, { style: 'v/vt/vn', decorate: true }), 'obj'],
    [writeObj(positions, quads, { relative: true, crlf: true }), 'obj'],
    ...(['ascii', 'binary_little_endian', 'binary_big_endian'] as const).flatMap((encoding): [Uint8Array, MeshFormat][] => [
      [writePly(positions, quads, { encoding }), 'ply'],
      [writePly(positions, quads, { encoding, extras: true, faceFirst: true, countType: 'int', indexType: 'uint' }), 'ply'],
    ]),
  ];

  /** Reads `bytes`: a valid mesh or an InputError, in well under a second. */
  function check(bytes: Uint8Array, format: MeshFormat): void {
    const t0 = performance.now();
    try {
      expectValidMesh(readMesh(bytes, format));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const line of err.problems.map(formatProblem)) expect(line.length).toBeLessThan(300);
    }
    expect(performance.now() - t0).toBeLessThan(1000);
  }

  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('text' as const), at: fc.nat(), byte: fc.constantFrom(...text('0123456789-+.eE #/\n\r\tnaif')) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

  function apply(bytes: Uint8Array, edits: Edit[]): Uint8Array {
    let b: Uint8Array = bytes.slice();
    for (const e of edits) {
      const at = b.length ? e.at % b.length : 0;
      if (e.kind === 'set' || e.kind === 'text') {
        if (b.length) b[at] = e.byte;
      } else if (e.kind === 'insert') b = concat(b.subarray(0, at), e.bytes, b.subarray(at));
      else if (e.kind === 'delete') b = concat(b.subarray(0, at), b.subarray(at + e.length));
      else b = b.slice(0, at);
    }
    return b;
  }

  it('random edits of valid files in every format and encoding', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (k, edits) => {
      const [bytes, format] = seeds[k]!;
      check(apply(bytes, edits), format);
    }), { numRuns: 3000 });
  });

  it('every truncation of every seed', () => {
    for (const [bytes, format] of seeds) for (let n = 0; n <= bytes.length; n++) check(bytes.subarray(0, n), format);
  });

  it('random bytes, and random text made of the formats\' words', () => {
    const word = fc.constantFrom('solid', 'facet', 'normal', 'outer', 'loop', 'vertex', 'endloop', 'endfacet', 'endsolid', 'v', 'f', 'vt', '1', '-1', '0.5', 'nan', '1/2/3',
      '-2//1', 'ply', 'format', 'ascii', 'binary_little_endian', 'binary_big_endian', '1.0', 'element', 'property', 'list', 'uchar', 'int', 'float', 'x', 'y', 'z',
      'face', 'vertex_indices', 'end_header', '4294967295', '3', 'constructor', '__proto__', '\n', '\\\n');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom<MeshFormat>('stl', 'obj', 'ply'), (bytes, format) => check(bytes, format)), { numRuns: 1000 });
    fc.assert(fc.property(fc.array(word, { maxLength: 80 }), fc.constantFrom<MeshFormat>('stl', 'obj', 'ply'), (words, format) => check(text(words.join(' ')), format)), { numRuns: 2000 });
  });
});

describe('the module is pure', () => {
  it('src/scan3d imports nothing but its own files, src/errors, the geometry kernel, the scan module (types, schema, cross-check: pure) and node:crypto (no fs, no process)', () => {
    const dir = join('src', 'scan3d');
    const imports = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => `${f} -> ${m[1] ?? m[2]}`));
    expect(imports.filter((i) => !/ -> (\.\/[a-zA-Z]+\.js|\.\.\/errors\.js|\.\.\/geometry\/[a-zA-Z/]+\.js|\.\.\/scan\/(types|schema|crossCheck)\.js|node:crypto)$/.test(i))).toEqual([]);
    expect(readdirSync(dir).flatMap((f) => (/\bprocess\.|\bBuffer\b|\brequire\(/.test(readFileSync(join(dir, f), 'utf8')) ? [f] : []))).toEqual([]);
  });
});
