/**
 * Writers of 3D scan mesh files for tests: STL (binary, ASCII), OBJ, PLY (ASCII, binary either
 * byte order), each from vertex positions and faces, returning the file's bytes. For synthetic
 * scan fixtures in every format and to round-trip `src/scan3d`'s readers. Written independently of
 * the readers (plain string building and DataView), from the same specs they cite.
 *
 * Numbers in text formats are written with `String(x)`, the shortest text that reads back as the
 * same double, so an ASCII file round-trips exactly; binary STL stores float32 (positions are
 * rounded), binary PLY float32 or float64 as asked.
 */

/** xyz triples (file units). */
export type Positions = ArrayLike<number>;

/** Faces: three vertex indices (0-based) per triangle, or one index list per polygon (≥ 3 each). */
export type Faces = ArrayLike<number> | readonly (readonly number[])[];

/** The faces as polygons (index lists). */
function polygons(faces: Faces): (readonly number[])[] {
  if (faces.length > 0 && Array.isArray(faces[0])) return [...(faces as readonly (readonly number[])[])];
  const flat = faces as ArrayLike<number>;
  if (flat.length % 3) throw new Error(`meshFiles: ${flat.length} indices are not whole triangles`);
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += 3) out.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
  return out;
}

/** The faces fan-triangulated (v0 v1 v2, v0 v2 v3, ...), flat. */
export function fanTriangles(faces: Faces): number[] {
  const out: number[] = [];
  for (const f of polygons(faces)) for (let k = 2; k < f.length; k++) out.push(f[0]!, f[k - 1]!, f[k]!);
  return out;
}

const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// STL

export interface StlWriteOptions {
  /** ASCII STL instead of binary. */
  ascii?: boolean;
  /**
   * Binary: the 80-byte header's text (default `binary STL from tests/support/meshFiles`; give one
   * beginning with "solid" to test that a reader is not fooled). ASCII: the solid's name.
   */
  header?: string;
  /** ASCII: `\r\n` line ends. */
  crlf?: boolean;
  /** Binary: the triangle count written in the header (default the true count), to make inconsistent files. */
  headerCount?: number;
}

/** Unit normal of a triangle (0, 0, 0 when degenerate). */
function normalOf(p: Positions, a: number, b: number, c: number): [number, number, number] {
  const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz);
  return len > 0 ? [nx / len, ny / len, nz / len] : [0, 0, 0];
}

/** An STL of the faces (polygons fan-triangulated), one facet per triangle. */
export function writeStl(positions: Positions, faces: Faces, options: StlWriteOptions = {}): Uint8Array {
  const tris = fanTriangles(faces);
  const nt = tris.length / 3;
  if (options.ascii) {
    const nl = options.crlf ? '\r\n' : '\n';
    const name = options.header ?? 'meshFiles';
    const parts = [`solid ${name}${nl}`];
    for (let t = 0; t < nt; t++) {
      const [a, b, c] = [tris[3 * t]!, tris[3 * t + 1]!, tris[3 * t + 2]!];
      parts.push(`  facet normal ${normalOf(positions, a, b, c).join(' ')}${nl}    outer loop${nl}`);
      for (const v of [a, b, c]) parts.push(`      vertex ${positions[3 * v]} ${positions[3 * v + 1]} ${positions[3 * v + 2]}${nl}`);
      parts.push(`    endloop${nl}  endfacet${nl}`);
    }
    parts.push(`endsolid ${name}${nl}`);
    return encoder.encode(parts.join(''));
  }
  const out = new Uint8Array(84 + 50 * nt);
  out.set(encoder.encode(options.header ?? 'binary STL from tests/support/meshFiles').subarray(0, 80));
  const view = new DataView(out.buffer);
  view.setUint32(80, options.headerCount ?? nt, true);
  for (let t = 0; t < nt; t++) {
    const o = 84 + 50 * t;
    const [a, b, c] = [tris[3 * t]!, tris[3 * t + 1]!, tris[3 * t + 2]!];
    normalOf(positions, a, b, c).forEach((n, k) => view.setFloat32(o + 4 * k, n, true));
    [a, b, c].forEach((v, j) => {
      for (let d = 0; d < 3; d++) view.setFloat32(o + 12 + 12 * j + 4 * d, positions[3 * v + d]!, true);
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// OBJ

export interface ObjWriteOptions {
  /** How a face names its vertices: `v` (default), `v/vt`, `v//vn` or `v/vt/vn` (vt and vn lines are written to match). */
  style?: 'v' | 'v/vt' | 'v//vn' | 'v/vt/vn';
  /** Negative (relative) vertex numbers: -1 for the last vertex written above the face. */
  relative?: boolean;
  /** `\r\n` line ends. */
  crlf?: boolean;
  /** Comments, mtllib, o, g, s and usemtl lines around the data, and a w on every vertex, as exporters write. */
  decorate?: boolean;
}

/** An OBJ of the vertices and faces (polygons kept as polygons). */
export function writeObj(positions: Positions, faces: Faces, options: ObjWriteOptions = {}): Uint8Array {
  const style = options.style ?? 'v';
  const nl = options.crlf ? '\r\n' : '\n';
  const nv = positions.length / 3;
  const lines: string[] = [];
  if (options.decorate) lines.push('# written by tests/support/meshFiles', 'mtllib scan.mtl', 'o scan', 'g foot');
  for (let v = 0; v < nv; v++) {
    lines.push(`v ${positions[3 * v]} ${positions[3 * v + 1]} ${positions[3 * v + 2]}${options.decorate ? ' 1' : ''}`);
  }
  if (style.includes('vt')) for (let v = 0; v < nv; v++) lines.push(`vt ${(v % 7) / 7} ${(v % 5) / 5}`);
  if (style.includes('vn')) for (let v = 0; v < nv; v++) lines.push('vn 0 0 1');
  if (options.decorate) lines.push('s 1', 'usemtl skin', '# faces');
  for (const f of polygons(faces)) {
    const refs = f.map((i) => {
      const n = options.relative ? i - nv : i + 1;
      return style === 'v' ? `${n}` : style === 'v/vt' ? `${n}/${n}` : style === 'v//vn' ? `${n}//${n}` : `${n}/${n}/${n}`;
    });
    lines.push(`f ${refs.join(' ')}`);
  }
  return encoder.encode(lines.join(nl) + nl);
}

// ---------------------------------------------------------------------------------------------
// PLY

export type PlyEncoding = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

export interface PlyWriteOptions {
  encoding: PlyEncoding;
  /** Type of x, y, z (default `double`, exact; scanners mostly write `float`). */
  positionType?: 'float' | 'double';
  /** List count type (default `uchar`). */
  countType?: 'uchar' | 'ushort' | 'int' | 'uint';
  /** Vertex index type (default `int`). */
  indexType?: 'int' | 'uint' | 'short' | 'ushort' | 'uchar' | 'char';
  /** Name of the face list (default `vertex_indices`). */
  indexName?: 'vertex_indices' | 'vertex_index';
  /** The face element before the vertex element. */
  faceFirst?: boolean;
  /** The sized type names (float32, uint8, int32 ...) instead of the classic ones. */
  sizedTypes?: boolean;
  /**
   * What scanners add: comment and obj_info lines, colour and normal properties around x y z (x
   * not first, z not last), a flags byte and a texcoord list on faces, and an `edge` element.
   */
  extras?: boolean;
}

const SIZED: Record<string, string> = { char: 'int8', uchar: 'uint8', short: 'int16', ushort: 'uint16', int: 'int32', uint: 'uint32', float: 'float32', double: 'float64' };
const BYTES: Record<string, number> = { char: 1, uchar: 1, short: 2, ushort: 2, int: 4, uint: 4, float: 4, double: 8 };

type Value = [type: string, value: number];

/** A PLY of the vertices and faces (polygons kept as polygons). */
export function writePly(positions: Positions, faces: Faces, options: PlyWriteOptions): Uint8Array {
  const pt = options.positionType ?? 'double', ct = options.countType ?? 'uchar', it = options.indexType ?? 'int';
  const name = (t: string) => (options.sizedTypes ? SIZED[t]! : t);
  const nv = positions.length / 3;
  const polys = polygons(faces);
  const x = options.extras;

  // Each item as the typed values it writes, in order (a list as its count then its items).
  const vertexItem = (v: number): Value[] => {
    const px: Value = [pt, positions[3 * v]!], py: Value = [pt, positions[3 * v + 1]!], pz: Value = [pt, positions[3 * v + 2]!];
    return x ? [['uchar', v % 256], ['uchar', 200], ['uchar', 180], px, ['float', 0.25], py, ['float', -0.5], pz, ['float', 0.75], ['float', 0.9]] : [px, py, pz];
  };
  const faceItem = (f: readonly number[]): Value[] => {
    const list: Value[] = [[ct, f.length], ...f.map((i): Value => [it, i])];
    return x ? [['uchar', 7], ...list, ['uchar', 2 * f.length], ...f.flatMap((): Value[] => [['float', 0.5], ['float', 0.25]])] : list;
  };
  const edges = x ? Math.min(nv, 3) : 0;
  const edgeItem = (e: number): Value[] => [['int', e], ['int', (e + 1) % nv]];

  const header = ['ply', `format ${options.encoding} 1.0`];
  if (x) header.push('comment written by tests/support/meshFiles', 'obj_info synthetic scan');
  const vertexHeader = [`element vertex ${nv}`, ...(x
    ? ['red', 'green', 'blue'].map((c) => `property ${name('uchar')} ${c}`).concat([`property ${name(pt)} x`, `property ${name('float')} nx`, `property ${name(pt)} y`, `property ${name('float')} ny`, `property ${name(pt)} z`, `property ${name('float')} nz`, `property ${name('float')} confidence`])
    : [`property ${name(pt)} x`, `property ${name(pt)} y`, `property ${name(pt)} z`])];
  const faceHeader = [`element face ${polys.length}`, ...(x ? [`property ${name('uchar')} flags`] : []),
    `property list ${name(ct)} ${name(it)} ${options.indexName ?? 'vertex_indices'}`, ...(x ? [`property list ${name('uchar')} ${name('float')} texcoord`] : [])];
  const edgeHeader = x ? [`element edge ${edges}`, `property ${name('int')} vertex1`, `property ${name('int')} vertex2`] : [];
  header.push(...(options.faceFirst ? [...faceHeader, ...edgeHeader, ...vertexHeader] : [...vertexHeader, ...edgeHeader, ...faceHeader]), 'end_header');

  const vertexItems = Array.from({ length: nv }, (_, v) => vertexItem(v));
  const faceItems = polys.map(faceItem);
  const edgeItems = Array.from({ length: edges }, (_, e) => edgeItem(e));
  const items = options.faceFirst ? [...faceItems, ...edgeItems, ...vertexItems] : [...vertexItems, ...edgeItems, ...faceItems];

  const head = encoder.encode(header.join('\n') + '\n');
  if (options.encoding === 'ascii') {
    return concat(head, encoder.encode(items.map((item) => item.map(([, v]) => String(v)).join(' ')).join('\n') + '\n'));
  }
  const little = options.encoding === 'binary_little_endian';
  const size = items.reduce((s, item) => s + item.reduce((t, [type]) => t + BYTES[type]!, 0), 0);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  let o = 0;
  for (const item of items) {
    for (const [type, v] of item) {
      switch (type) {
        case 'char': view.setInt8(o, v); break;
        case 'uchar': view.setUint8(o, v); break;
        case 'short': view.setInt16(o, v, little); break;
        case 'ushort': view.setUint16(o, v, little); break;
        case 'int': view.setInt32(o, v, little); break;
        case 'uint': view.setUint32(o, v, little); break;
        case 'float': view.setFloat32(o, v, little); break;
        case 'double': view.setFloat64(o, v, little); break;
        default: throw new Error(`meshFiles: no PLY type ${type}`);
      }
      o += BYTES[type]!;
    }
  }
  return concat(head, body);
}

/** The byte arrays one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
