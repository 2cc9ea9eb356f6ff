/**
 * Reads PLY, the polygon file format of Greg Turk (Stanford, 1994), as described in "PLY - Polygon
 * File Format" published by Paul Bourke (paulbourke.net/dataformats/ply).
 *
 * Header: `ply`, `format ascii|binary_little_endian|binary_big_endian 1.0`, `comment` and
 * `obj_info` lines, then elements (`element <name> <count>`), each followed by its properties
 * (`property <type> <name>` or `property list <count type> <index type> <name>`), then
 * `end_header`. Types: char uchar short ushort int uint float double and their sized aliases
 * int8 uint8 int16 uint16 int32 uint32 float32 float64. Read: the `vertex` element's x, y, z
 * (wherever they sit among its other properties, of any numeric type) and the `face` element's
 * `vertex_indices` (or `vertex_index`) list, 0-based, polygons fan-triangulated; the elements may
 * come in either order and any other element (edge, material, ...) or property is skipped. ASCII
 * data is read as a stream of whitespace-separated values; binary data in the declared byte order.
 */
import { checkLimit, echo, finishMesh, refuse } from './problems.js';
import type { MeshLimits, ScanMesh } from './scanMesh.js';
import { TextScanner, textStart } from './text.js';
import { FanWriter } from './fan.js';

const INT8 = 0, UINT8 = 1, INT16 = 2, UINT16 = 3, INT32 = 4, UINT32 = 5, FLOAT32 = 6, FLOAT64 = 7;
/** Type names (a Map: a name such as "constructor" must find nothing). */
const TYPES: ReadonlyMap<string, number> = new Map(Object.entries({
  char: INT8, int8: INT8, uchar: UINT8, uint8: UINT8, short: INT16, int16: INT16, ushort: UINT16, uint16: UINT16,
  int: INT32, int32: INT32, uint: UINT32, uint32: UINT32, float: FLOAT32, float32: FLOAT32, double: FLOAT64, float64: FLOAT64,
}));
const SIZES = [1, 1, 2, 2, 4, 4, 4, 8] as const;

/** Longest PLY header read, bytes: real ones are under 2 KB, even with long comments. */
const MAX_HEADER = 1 << 20;

interface Property {
  name: string;
  /** Value type (of each item, for a list). */
  type: number;
  /** Count type of a list, -1 for a single value. */
  countType: number;
}

interface Element {
  name: string;
  count: number;
  properties: Property[];
}

interface Header {
  format: 'ascii' | 'binary_little_endian' | 'binary_big_endian';
  elements: Element[];
  /** Byte offset of the data after `end_header`. */
  body: number;
  /** Line of the first data byte (ASCII messages). */
  bodyLine: number;
}

/** A name or word of the file as a message may echo it: at most 24 characters. */
function short(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/**
 * Reads a PLY file's vertices and faces.
 * @throws InputError naming what is wrong: not a PLY file, unsupported format or type, malformed
 *   header, truncated data, non-finite vertex, face index out of range, too many vertices or
 *   triangles, no triangles
 */
export function readPly(bytes: Uint8Array, limits: MeshLimits): ScanMesh {
  const header = readHeader(bytes);
  const vertex = header.elements.find((e) => e.name === 'vertex');
  if (!vertex) refuse('the PLY file has no "vertex" element');
  const axes = (['x', 'y', 'z'] as const).map((axis) => {
    const i = vertex.properties.findIndex((p) => p.name === axis);
    if (i < 0) refuse(`the PLY vertex element has no property "${axis}"`);
    if (vertex.properties[i]!.countType >= 0) refuse(`the PLY vertex property "${axis}" is a list, not a number`);
    return i;
  });
  const face = header.elements.find((e) => e.name === 'face');
  if (!face) refuse(`no triangles: the PLY file has ${vertex.count} vertices and no "face" element (a point cloud?)`);
  const list = face.properties.findIndex((p) => (p.name === 'vertex_indices' || p.name === 'vertex_index') && p.countType >= 0);
  if (list < 0) refuse('the PLY face element has no "vertex_indices" (or "vertex_index") list property');
  const listType = face.properties[list]!.type;
  if (listType === FLOAT32 || listType === FLOAT64) refuse(`unsupported PLY: face vertex indices of type float (${listType === FLOAT32 ? 'float' : 'double'})`);
  checkLimit(vertex.count, 'vertices', 'PLY file', limits);
  checkLimit(face.count, 'triangles', 'PLY file', limits); // each face is at least one triangle
  const body = header.format === 'ascii'
    ? new AsciiBody(bytes, header, vertex, face, limits)
    : new BinaryBody(bytes, header, vertex, face, limits, header.format === 'binary_little_endian');
  const indices = body.read(axes, list);
  return finishMesh(body.positions, indices, 'ply', header.format === 'ascii' ? 'ascii' : 'binary', 'PLY file');
}

function readHeader(bytes: Uint8Array): Header {
  let start = textStart(bytes);
  if (!(bytes[start] === 0x70 && bytes[start + 1] === 0x6c && bytes[start + 2] === 0x79 && (bytes[start + 3] === 0x0a || bytes[start + 3] === 0x0d))) {
    refuse('not a PLY file: it does not begin with the line "ply"', asText(bytes, 0, Math.min(bytes.length, 24)));
  }
  const elements: Element[] = [];
  let format: Header['format'] | undefined;
  for (let line = 1; ; line++) {
    if (start >= bytes.length) refuse(`truncated PLY: the header ends at line ${line} without "end_header"`);
    if (start > MAX_HEADER) refuse(`not a PLY file: no "end_header" in the first ${MAX_HEADER} bytes`);
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const words = asText(bytes, start, Math.min(end, start + 4096)).trim().split(/[ \t\r\f\v]+/);
    start = end + 1;
    if (line === 1 || words[0] === 'comment' || words[0] === 'obj_info' || words[0] === '') continue;
    const at = `PLY header line ${line}`;
    switch (words[0]) {
      case 'format': {
        const f = words[1];
        if (f !== 'ascii' && f !== 'binary_little_endian' && f !== 'binary_big_endian') {
          refuse(`unsupported PLY format (ascii, binary_little_endian and binary_big_endian are read)`, short(f ?? ''));
        }
        if (!/^1(\.0*)?$/.test(words[2] ?? '')) refuse(`unsupported PLY version (1.0 is read)`, short(words[2] ?? ''));
        format = f;
        break;
      }
      case 'element': {
        const count = Number(words[2]);
        if (words.length !== 3 || !/^\d+$/.test(words[2]!) || count > 0xffffffff) refuse(`${at}: an element needs a name and a count (element <name> <count>)`, short(words.slice(1).join(' ')));
        elements.push({ name: words[1]!, count, properties: [] });
        break;
      }
      case 'property': {
        const element = elements.at(-1);
        if (!element) refuse(`${at}: a property before any element`);
        const isList = words[1] === 'list';
        if (words.length !== (isList ? 5 : 3)) refuse(`${at}: expected "property <type> <name>" or "property list <count type> <index type> <name>"`, short(words.slice(1).join(' ')));
        const typeName = words[isList ? 3 : 1]!, countName = isList ? words[2]! : 'int';
        const type = TYPES.get(typeName), countType = TYPES.get(countName);
        if (type === undefined || countType === undefined) refuse(`unsupported PLY property type (char uchar short ushort int uint float double, or int8 ... float64)`, short(type === undefined ? typeName : countName));
        if (isList && (countType === FLOAT32 || countType === FLOAT64)) refuse(`unsupported PLY: a list whose count is of type ${countName}`);
        element.properties.push({ name: words[isList ? 4 : 2]!, type, countType: isList ? countType : -1 });
        break;
      }
      case 'end_header':
        if (!format) refuse('the PLY header has no "format" line');
        return { format, elements, body: Math.min(start, bytes.length), bodyLine: line + 1 };
      default:
        refuse(`${at}: unknown header statement (format, comment, obj_info, element, property, end_header)`, short(words[0]!));
    }
  }
}

/** Bytes as Latin-1 text (header lines and echoes only). */
function asText(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Reading a PLY body: vertices while walking it once, face lists counted then filled. */
abstract class Body {
  positions = new Float64Array(0);
  constructor(
    protected readonly bytes: Uint8Array,
    protected readonly header: Header,
    protected readonly vertex: Element,
    protected readonly face: Element,
    private readonly limits: MeshLimits,
  ) {}

  /** Reads the body: positions (kept in `positions`) and the fan triangles. */
  read(axes: number[], list: number): Uint32Array {
    let faceStart = -1, triangles = 0;
    this.seek(this.header.body, this.header.bodyLine);
    for (const element of this.header.elements) {
      if (element === this.vertex) this.readVertices(axes);
      else if (element === this.face) {
        faceStart = this.mark();
        triangles = this.walkFaces(list, null);
      } else this.skipElement(element);
    }
    checkLimit(triangles, 'triangles', 'PLY file', this.limits);
    const indices = new Uint32Array(triangles * 3);
    this.restore(faceStart);
    this.walkFaces(list, indices);
    return indices;
  }

  protected abstract seek(offset: number, line: number): void;
  protected abstract mark(): number;
  protected abstract restore(mark: number): void;
  protected abstract readVertices(axes: number[]): void;
  protected abstract skipElement(element: Element): void;
  /** Counts the fan triangles of the faces (`out` null), or writes them to `out`; returns their number. */
  protected abstract walkFaces(list: number, out: Uint32Array | null): number;

  protected truncated(element: Element, item: number): never {
    refuse(`truncated PLY: the data ends in element "${short(element.name)}", item ${item} of ${element.count} (counting from 0)`);
  }

  protected nonFinite(v: number, value: number): never {
    refuse(`PLY vertex ${v} (counting from 0, as faces do) has a coordinate that is not a finite number`, value);
  }

  protected tooFewCorners(f: number, corners: number): never {
    refuse(`PLY face ${f} (counting from 0) has ${corners} vertices, a face needs at least 3`);
  }

  protected outOfRange(f: number, index: number): never {
    refuse(`PLY face ${f} (counting from 0) refers to vertex ${index}, but the file has ${this.vertex.count} vertices (0 to ${this.vertex.count - 1})`);
  }

  protected allocatePositions(): void {
    this.positions = new Float64Array(this.vertex.count * 3);
  }
}

class BinaryBody extends Body {
  private readonly view: DataView;
  private offset = 0;

  constructor(bytes: Uint8Array, header: Header, vertex: Element, face: Element, limits: MeshLimits, private readonly little: boolean) {
    super(bytes, header, vertex, face, limits);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  protected seek(offset: number): void {
    this.offset = offset;
  }

  protected mark(): number {
    return this.offset;
  }

  protected restore(mark: number): void {
    this.offset = mark;
  }

  private value(o: number, type: number): number {
    const v = this.view, le = this.little;
    switch (type) {
      case INT8: return v.getInt8(o);
      case UINT8: return v.getUint8(o);
      case INT16: return v.getInt16(o, le);
      case UINT16: return v.getUint16(o, le);
      case INT32: return v.getInt32(o, le);
      case UINT32: return v.getUint32(o, le);
      case FLOAT32: return v.getFloat32(o, le);
      default: return v.getFloat64(o, le);
    }
  }

  /** Bytes of one item without its lists' items (all of it when it has no list). */
  private static fixedSize(element: Element): number {
    let size = 0;
    for (const p of element.properties) size += SIZES[p.countType >= 0 ? p.countType : p.type]!;
    return size;
  }

  /** Refuses, before anything is allocated, an element whose items cannot fit in what is left. */
  private checkFits(element: Element): void {
    if (element.count * BinaryBody.fixedSize(element) > this.bytes.length - this.offset) {
      this.truncated(element, Math.floor((this.bytes.length - this.offset) / BinaryBody.fixedSize(element)));
    }
  }

  /** Moves past the item at the cursor, reading its lists' counts. */
  private skipItem(element: Element, item: number): void {
    for (const p of element.properties) {
      if (p.countType >= 0) this.skipItemList(element, item, p);
      else this.offset += SIZES[p.type]!;
    }
    if (this.offset > this.bytes.length) this.truncated(element, item);
  }

  protected skipElement(element: Element): void {
    this.checkFits(element);
    if (element.properties.every((p) => p.countType < 0)) this.offset += element.count * BinaryBody.fixedSize(element);
    else for (let i = 0; i < element.count; i++) this.skipItem(element, i);
  }

  protected readVertices(axes: number[]): void {
    const element = this.vertex;
    this.checkFits(element);
    this.allocatePositions();
    const positions = this.positions, props = element.properties;
    const [ix, iy, iz] = axes as [number, number, number];
    const fixed = props.every((p) => p.countType < 0);
    const at = (i: number) => props.slice(0, i).reduce((s, p) => s + SIZES[p.type]!, 0);
    const ox = at(ix), oy = at(iy), oz = at(iz);
    const tx = props[ix]!.type, ty = props[iy]!.type, tz = props[iz]!.type;
    const size = BinaryBody.fixedSize(element);
    for (let v = 0; v < element.count; v++) {
      const o = this.offset;
      let x: number, y: number, z: number;
      if (fixed) {
        x = this.value(o + ox, tx);
        y = this.value(o + oy, ty);
        z = this.value(o + oz, tz);
        this.offset += size;
      } else {
        // A vertex with lists (rare): x, y, z are found property by property.
        x = y = z = 0;
        for (let p = 0; p < props.length; p++) {
          const prop = props[p]!;
          if (prop.countType >= 0) {
            this.skipItemList(element, v, prop);
            continue;
          }
          if (this.offset + SIZES[prop.type]! > this.bytes.length) this.truncated(element, v);
          const value = this.value(this.offset, prop.type);
          if (p === ix) x = value;
          else if (p === iy) y = value;
          else if (p === iz) z = value;
          this.offset += SIZES[prop.type]!;
        }
      }
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) this.nonFinite(v, Number.isFinite(x) ? (Number.isFinite(y) ? z : y) : x);
      positions[3 * v] = x;
      positions[3 * v + 1] = y;
      positions[3 * v + 2] = z;
    }
  }

  /** Moves past one list property of an item. */
  private skipItemList(element: Element, item: number, p: Property): void {
    if (this.offset + SIZES[p.countType]! > this.bytes.length) this.truncated(element, item);
    const count = this.value(this.offset, p.countType);
    if (count < 0) refuse(`PLY element "${short(element.name)}", item ${item}: a list of ${count} values`);
    this.offset += SIZES[p.countType]! + count * SIZES[p.type]!;
    if (this.offset > this.bytes.length) this.truncated(element, item);
  }

  protected walkFaces(list: number, out: Uint32Array | null): number {
    const element = this.face, props = element.properties, n = this.bytes.length, nv = this.vertex.count;
    this.checkFits(element);
    const { countType, type } = props[list]!;
    const countSize = SIZES[countType]!, size = SIZES[type]!;
    const fan = out ? new FanWriter(out) : null;
    let t = 0;
    for (let f = 0; f < element.count; f++) {
      for (let p = 0; p < props.length; p++) {
        if (p !== list) {
          if (props[p]!.countType >= 0) this.skipItemList(element, f, props[p]!);
          else this.offset += SIZES[props[p]!.type]!;
          continue;
        }
        if (this.offset + countSize > n) this.truncated(element, f);
        const corners = this.value(this.offset, countType);
        this.offset += countSize;
        if (corners < 3) this.tooFewCorners(f, corners);
        if (this.offset + corners * size > n) this.truncated(element, f);
        if (fan) {
          fan.begin();
          for (let k = 0; k < corners; k++) {
            const index = this.value(this.offset + k * size, type);
            if (index < 0 || index >= nv) this.outOfRange(f, index);
            fan.add(index);
          }
        } else {
          t += corners - 2;
        }
        this.offset += corners * size;
      }
      if (this.offset > n) this.truncated(element, f);
    }
    return fan ? fan.triangles : t;
  }
}

class AsciiBody extends Body {
  private readonly s: TextScanner;

  constructor(bytes: Uint8Array, header: Header, vertex: Element, face: Element, limits: MeshLimits) {
    super(bytes, header, vertex, face, limits);
    this.s = new TextScanner(bytes);
  }

  protected seek(offset: number, line: number): void {
    this.s.pos = offset;
    this.s.line = line;
  }

  /** Line of the last mark. */
  private markLine = 0;

  protected mark(): number {
    this.markLine = this.s.line;
    return this.s.pos;
  }

  protected restore(mark: number): void {
    this.s.pos = mark;
    this.s.line = this.markLine;
  }

  /** The next value as a number, or the reason it is not one. */
  private number(element: Element, item: number): number {
    const s = this.s;
    s.skipSpace();
    if (s.atEnd()) this.truncated(element, item);
    const v = s.readNumber();
    if (s.bad) refuse(`ASCII PLY line ${s.line}: a value of element "${short(element.name)}" is not a number`, echo(this.bytes, s.pos));
    return v;
  }

  /** A list's length: a non-negative integer. */
  private count(element: Element, item: number): number {
    const c = this.number(element, item);
    if (!(Number.isInteger(c) && c >= 0)) refuse(`ASCII PLY line ${this.s.line}: a list length of element "${short(element.name)}" is not a whole number`, c);
    return c;
  }

  private skipValue(element: Element, item: number): void {
    const s = this.s;
    s.skipSpace();
    if (s.atEnd()) this.truncated(element, item);
    s.skipToken();
  }

  /** Refuses, before anything is allocated, an element whose values cannot fit in what is left (a value and a separator take 2 bytes). */
  private checkFits(element: Element): void {
    const values = element.count * element.properties.length;
    if (values > 0 && 2 * values - 1 > this.bytes.length - this.s.pos) this.truncated(element, Math.floor((this.bytes.length - this.s.pos + 1) / 2 / element.properties.length));
  }

  protected skipElement(element: Element): void {
    if (element.properties.length === 0) return;
    this.checkFits(element);
    for (let i = 0; i < element.count; i++) {
      for (const p of element.properties) {
        if (p.countType < 0) this.skipValue(element, i);
        else for (let k = this.count(element, i); k > 0; k--) this.skipValue(element, i);
      }
    }
  }

  protected readVertices(axes: number[]): void {
    const element = this.vertex, props = element.properties;
    this.checkFits(element);
    this.allocatePositions();
    const positions = this.positions;
    const [ix, iy, iz] = axes as [number, number, number];
    for (let v = 0; v < element.count; v++) {
      for (let p = 0; p < props.length; p++) {
        const axis = p === ix ? 0 : p === iy ? 1 : p === iz ? 2 : -1;
        if (axis >= 0) {
          const value = this.number(element, v);
          if (!Number.isFinite(value)) this.nonFinite(v, value);
          positions[3 * v + axis] = value;
        } else if (props[p]!.countType < 0) this.skipValue(element, v);
        else for (let k = this.count(element, v); k > 0; k--) this.skipValue(element, v);
      }
    }
  }

  protected walkFaces(list: number, out: Uint32Array | null): number {
    const element = this.face, props = element.properties, nv = this.vertex.count;
    this.checkFits(element);
    const fan = out ? new FanWriter(out) : null;
    let t = 0;
    for (let f = 0; f < element.count; f++) {
      for (let p = 0; p < props.length; p++) {
        if (p !== list) {
          if (props[p]!.countType < 0) this.skipValue(element, f);
          else for (let k = this.count(element, f); k > 0; k--) this.skipValue(element, f);
          continue;
        }
        const corners = this.count(element, f);
        if (corners < 3) this.tooFewCorners(f, corners);
        if (!fan) {
          for (let k = 0; k < corners; k++) this.skipValue(element, f);
          t += corners - 2;
          continue;
        }
        fan.begin();
        for (let k = 0; k < corners; k++) {
          const index = this.number(element, f);
          if (!Number.isInteger(index) || index < 0 || index >= nv) this.outOfRange(f, index);
          fan.add(index);
        }
      }
    }
    return fan ? fan.triangles : t;
  }
}
