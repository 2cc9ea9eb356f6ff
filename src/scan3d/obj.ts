/**
 * Reads the polygonal part of Wavefront OBJ, as defined by Wavefront Technologies' "Object Files
 * (.obj)", Appendix B1 of the Advanced Visualizer manual (version 3.0; published by Paul Bourke,
 * paulbourke.net/dataformats/obj).
 *
 * Read: geometric vertices `v x y z [w]` (w, or the r g b many scanners append, is ignored) and
 * faces `f v1 v2 v3 ...`, each reference `v`, `v/vt`, `v//vn` or `v/vt/vn`, numbered from 1, or
 * relative when negative (-1 is the last vertex defined above the face); positive references may
 * also name vertices defined further down, as most readers allow. Polygons are fan-triangulated.
 * `#` starts a comment, a backslash at the end of a line joins the next one, `\r\n` ends lines
 * like `\n`, a UTF-8 byte-order mark is skipped. Every other statement (vt, vn, vp, g, o, s, usemtl, mtllib, l, p, free-form curves
 * and surfaces) is skipped, as are statements no spec names. A control byte other than
 * whitespace means the file is not text: not an OBJ file.
 */
import { checkLimit, echo, finishMesh, isSpace, refuse } from './problems.js';
import type { MeshLimits, ScanMesh } from './scanMesh.js';
import { TextScanner, textStart } from './text.js';
import { FanWriter } from './fan.js';

const VERTEX = 1, FACE = 2;

/**
 * Reads an OBJ file's vertices and faces.
 * @throws InputError naming the line: not an OBJ file, malformed vertex or face, non-finite vertex,
 *   face index out of range, too many vertices or triangles, no triangles
 */
export function readObj(bytes: Uint8Array, limits: MeshLimits): ScanMesh {
  // Pass 1: count vertices and fan triangles, so the arrays are allocated once.
  let vertices = 0, triangles = 0;
  const s = new TextScanner(bytes, textStart(bytes), true);
  while (!s.atEnd()) {
    s.skipBlank();
    const kind = statementAt(s);
    if (kind === VERTEX) {
      vertices++;
    } else if (kind === FACE) {
      const line = s.line;
      s.pos++;
      let corners = 0;
      while (!s.atLineEnd(true)) {
        s.pos = tokenEnd(s);
        corners++;
      }
      if (corners < 3) refuse(`OBJ line ${line}: a face needs at least 3 vertices, this one has ${corners}`);
      triangles += corners - 2;
    }
    if (!s.skipLine(true)) refuse(`not an OBJ file: line ${s.line} holds binary data (byte ${s.pos}, 0x${bytes[s.pos]!.toString(16).padStart(2, '0')})`);
  }
  if (vertices === 0 && triangles === 0) refuse('not an OBJ file: it has no vertex (v) or face (f) statements', echo(bytes, firstToken(bytes)));
  if (triangles === 0) refuse(`no triangles: the OBJ file has ${vertices} vertices and no faces (a point cloud?)`);
  checkLimit(vertices, 'vertices', 'OBJ file', limits);
  checkLimit(triangles, 'triangles', 'OBJ file', limits);

  // Pass 2: fill.
  const positions = new Float64Array(vertices * 3);
  const indices = new Uint32Array(triangles * 3);
  let v = 0;
  const fan = new FanWriter(indices);
  const r = new TextScanner(bytes, textStart(bytes), true);
  while (!r.atEnd()) {
    r.skipBlank();
    const kind = statementAt(r);
    if (kind === VERTEX) {
      r.pos++;
      for (let d = 0; d < 3; d++) {
        if (r.atLineEnd(true)) refuse(`OBJ line ${r.line}: a vertex needs three coordinates x y z, this one has ${d}`);
        const x = r.readNumber();
        if (r.bad) refuse(`OBJ line ${r.line}: a vertex coordinate is not a number`, echo(bytes, r.pos));
        if (!Number.isFinite(x)) refuse(`OBJ line ${r.line}: vertex ${v + 1} (counting from 1) has a coordinate that is not a finite number`, x);
        positions[3 * v + d] = x;
      }
      v++;
    } else if (kind === FACE) {
      r.pos++;
      fan.begin();
      while (!r.atLineEnd(true)) {
        const at = r.pos;
        const end = tokenEnd(r);
        const ref = r.readInt();
        if (r.bad || (r.pos !== end && r.peek() !== 0x2f)) {
          refuse(`OBJ line ${r.line}: a face vertex is not a vertex number (v, v/vt, v//vn or v/vt/vn)`, echo(bytes, at));
        }
        let index: number;
        if (ref > 0) {
          // The number as written (readInt stops counting at 2^32).
          if (ref > vertices) refuse(`OBJ line ${r.line}: a face refers to vertex ${echo(bytes, at).split('/')[0]}, but the file has ${vertices} vertices`);
          index = ref - 1;
        } else if (ref < 0) {
          if (-ref > v) refuse(`OBJ line ${r.line}: a face refers to vertex ${echo(bytes, at).split('/')[0]} (counting back), but only ${v} vertices come before it`);
          index = v + ref;
        } else {
          refuse(`OBJ line ${r.line}: a face refers to vertex 0, but OBJ numbers vertices from 1`);
        }
        r.pos = end; // past the /vt/vn part, if any
        fan.add(index);
      }
    }
    r.skipLine();
  }
  return finishMesh(positions, indices, 'obj', 'ascii', 'OBJ file');
}

/** VERTEX for a `v` statement, FACE for `f`, 0 for anything else (the cursor is at the line's first non-blank byte). */
function statementAt(s: TextScanner): number {
  const b = s.bytes, i = s.pos;
  const c = b[i];
  if (c !== 0x76 && c !== 0x66) return 0;
  const d = i + 1 < b.length ? b[i + 1]! : -1;
  if (d !== -1 && !isSpace(d)) return 0;
  return c === 0x76 ? VERTEX : FACE;
}

/** The end of the token at the cursor: the next whitespace, `#`, line-joining backslash or the end of the file. */
function tokenEnd(s: TextScanner): number {
  const b = s.bytes, n = b.length;
  let i = s.pos;
  while (i < n) {
    const c = b[i]!;
    if (c === 0x23 || isSpace(c)) break;
    if (c === 0x5c && (b[i + 1] === 0x0a || (b[i + 1] === 0x0d && b[i + 2] === 0x0a))) break;
    i++;
  }
  return i;
}

function firstToken(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}
