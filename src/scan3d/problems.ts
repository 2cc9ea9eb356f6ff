/**
 * What the mesh readers share besides the text scanner: how they refuse a file (one InputError
 * line, echoing at most a few bytes of it) and how they finish a mesh (triangles that use a vertex
 * twice dropped, the limits checked).
 */
import { InputError } from '../errors.js';
import type { MeshFormat, MeshLimits, ScanMesh } from './scanMesh.js';

/** Longest piece of a file a message echoes, bytes. */
const MAX_ECHO = 24;

/**
 * Refuses the file: throws an InputError with the one problem `rule` (and `value`, when given).
 * @throws InputError always
 */
export function refuse(rule: string, value?: unknown): never {
  throw new InputError([value === undefined ? { pointer: '', rule } : { pointer: '', rule, value }]);
}

/** At most MAX_ECHO bytes of `bytes` from `start`, up to the first whitespace, as text (… when cut). */
export function echo(bytes: Uint8Array, start: number): string {
  let end = start;
  while (end < bytes.length && end - start <= MAX_ECHO && !isSpace(bytes[end]!)) end++;
  let s = '';
  for (let i = start; i < end && i - start < MAX_ECHO; i++) s += String.fromCharCode(bytes[i]!);
  return end - start > MAX_ECHO ? `${s}…` : s;
}

/** Space, tab, newline, vertical tab, form feed, carriage return. */
export function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** The count checked against a limit before anything of that size is allocated. @throws InputError over it */
export function checkLimit(count: number, what: 'triangles' | 'vertices', formatName: string, limits: MeshLimits): void {
  const max = what === 'triangles' ? limits.maxTriangles : limits.maxVertices;
  if (count > max) refuse(`too many ${what}: the ${formatName} holds ${count}, more than the ${max} a scan may have`);
}

/**
 * The finished mesh: triangles that use one vertex twice removed from `indices` (compacted in
 * place, order kept, trimmed with subarray) and counted.
 * @throws InputError when no triangle is left
 */
export function finishMesh(positions: Float64Array, indices: Uint32Array, format: MeshFormat, encoding: 'ascii' | 'binary', formatName: string): ScanMesh {
  const nt = indices.length / 3;
  let kept = 0;
  for (let t = 0; t < nt; t++) {
    const a = indices[3 * t]!, b = indices[3 * t + 1]!, c = indices[3 * t + 2]!;
    if (a === b || b === c || c === a) continue;
    indices[3 * kept] = a;
    indices[3 * kept + 1] = b;
    indices[3 * kept + 2] = c;
    kept++;
  }
  if (kept === 0) {
    refuse(nt === 0 ? `no triangles: the ${formatName} has no faces` : `no triangles: all ${nt} triangles of the ${formatName} use a vertex twice`);
  }
  return { positions, indices: kept === nt ? indices : indices.subarray(0, 3 * kept), format, encoding, droppedTriangles: nt - kept };
}
