import type { Mesh } from '../geometry/mesh/index.js';
import { STL_WASM, type StlExports } from '../wasm/generated/stlWasm.js';
import { instantiateKernel, loadMesh } from '../wasm/kernel.js';

export interface StlOptions {
  /** Binary (default) or ASCII STL. */
  ascii?: boolean;
  /** Solid name / header text (ASCII: `solid <name>`; binary: the 80-byte header). */
  name?: string;
  /**
   * Binary only: return a view of the writer's own memory instead of a copy, valid until the next
   * toStl call in this thread. For a caller that writes the bytes out at once (a batch worker):
   * it spares a fresh 3–4 MB buffer an order, and the garbage collections such buffers bring.
   */
  borrow?: boolean;
}

export const STL_DEFAULTS: Required<StlOptions> = { ascii: false, name: 'orthotic', borrow: false };

/** Unit normal of triangle abc into out[0..2] (zero-length normals become (0, 0, 0)). */
function facetNormal(p: Float32Array, a: number, b: number, c: number, out: Float32Array): void {
  const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
  out[0] = nx / len; out[1] = ny / len; out[2] = nz / len;
}

const normal = new Float32Array(3);

/**
 * Serialises a mesh as STL, in the mesh's own frame and units (mm). Binary: 80-byte header, uint32
 * triangle count, then per triangle the unit normal, three vertices (float32 LE) and a zero
 * attribute word. ASCII: numbers printed with 9 significant digits, enough to round-trip float32
 * exactly so the file welds back into the same closed mesh. Deterministic: same mesh, same bytes.
 */
export function toStl(mesh: Mesh, options: StlOptions = {}): Uint8Array {
  const opts = { ...STL_DEFAULTS, ...options };
  checkShape(mesh);
  if (opts.ascii) checkIndices(mesh); // the binary writer's kernel checks them itself
  return opts.ascii ? toAsciiStl(mesh, opts.name) : toBinaryStlKernel(mesh, opts.name, opts.borrow);
}

/** @throws Error when the mesh's arrays do not hold whole vertices and triangles */
function checkShape(mesh: Mesh): void {
  if (mesh.positions.length % 3 || mesh.indices.length % 3) {
    throw new Error(`toStl: ${mesh.positions.length} coordinates and ${mesh.indices.length} indices are not whole vertices and triangles`);
  }
}

/** @throws Error when a triangle names a vertex the mesh does not have */
function checkIndices(mesh: Mesh): void {
  const nv = mesh.positions.length / 3;
  let bad = 0;
  for (const v of mesh.indices) if (v >= nv) bad++;
  if (bad) throw badIndices(bad);
}

function badIndices(count: number): Error {
  return new Error(`toStl: ${count} triangle corners name no vertex`);
}

let kernel: StlExports | null = null;

function toBinaryStlKernel(mesh: Mesh, name: string, borrow: boolean): Uint8Array {
  kernel ??= instantiateKernel<StlExports>(STL_WASM, 'STL writer');
  const bad = loadMesh(kernel, mesh).badIndices();
  if (bad) throw badIndices(bad);
  kernel.write();
  const nf = mesh.indices.length / 3;
  const view = new Uint8Array(kernel.memory.buffer, kernel.output(), 84 + 50 * nf);
  const buf = borrow ? view : view.slice(); // a copy unless borrowed: the kernel's memory is reused
  writeHeader(buf, name);
  return buf;
}

/** The 80-byte header: it must not start with "solid" (readers would take the file for ASCII). */
function writeHeader(buf: Uint8Array, name: string): void {
  buf.fill(0, 0, 80);
  buf.set(new TextEncoder().encode(`binary STL ${name}`.replace(/^solid/i, '')).subarray(0, 80), 0);
}

function num(v: number): string {
  return v === 0 ? '0' : v.toPrecision(9).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
}

function toAsciiStl(mesh: Mesh, name: string): Uint8Array {
  const { positions: p, indices } = mesh;
  const nf = indices.length / 3;
  const safe = name.replace(/\s+/g, '_');
  const parts: string[] = [`solid ${safe}\n`];
  for (let f = 0; f < nf; f++) {
    const a = indices[3 * f]!, b = indices[3 * f + 1]!, c = indices[3 * f + 2]!;
    facetNormal(p, a, b, c, normal);
    parts.push(
      `  facet normal ${num(normal[0]!)} ${num(normal[1]!)} ${num(normal[2]!)}\n    outer loop\n` +
        `      vertex ${num(p[3 * a]!)} ${num(p[3 * a + 1]!)} ${num(p[3 * a + 2]!)}\n` +
        `      vertex ${num(p[3 * b]!)} ${num(p[3 * b + 1]!)} ${num(p[3 * b + 2]!)}\n` +
        `      vertex ${num(p[3 * c]!)} ${num(p[3 * c + 1]!)} ${num(p[3 * c + 2]!)}\n    endloop\n  endfacet\n`,
    );
  }
  parts.push(`endsolid ${safe}\n`);
  return new TextEncoder().encode(parts.join(''));
}
