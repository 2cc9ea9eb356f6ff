/**
 * The report's thickness, slow and obvious: from every top vertex inside the outline (from
 * boundaryCount on) along its inward area-weighted normal, the nearest of ALL the underside's and
 * the rim's triangles (Möller–Trumbore, no grid), within 200 mm.
 * What the measuring kernel (assembly/measure.ts: a 2D grid, cells crossed in order) is compared
 * with. Tests only.
 */
import type { Mesh } from '../../src/geometry/index.js';

export function thicknessOracle(mesh: Mesh, topCount: number, topTriangles: number, boundaryCount: number, shellFromX: number): { min: number; maxShell: number } {
  const { positions: p, indices: ix } = mesh;
  const normal = topNormals(mesh, topCount, topTriangles);
  let min = Infinity, maxShell = 0;
  for (let w = boundaryCount; w < topCount; w++) {
    const len = Math.hypot(normal[3 * w]!, normal[3 * w + 1]!, normal[3 * w + 2]!);
    if (len === 0) continue;
    const o = [p[3 * w]!, p[3 * w + 1]!, p[3 * w + 2]!];
    const d = [-normal[3 * w]! / len, -normal[3 * w + 1]! / len, -normal[3 * w + 2]! / len];
    let best = Infinity;
    for (let f = topTriangles; f < ix.length / 3; f++) {
      const s = rayTriangle(o, d, p, ix[3 * f]!, ix[3 * f + 1]!, ix[3 * f + 2]!);
      if (s > 1e-9 && s < best) best = s;
    }
    if (!(best <= 200)) continue;
    min = Math.min(min, best);
    if (o[0]! > shellFromX) maxShell = Math.max(maxShell, best);
  }
  return { min, maxShell };
}

/** The top's area-weighted vertex normals (unnormalised xyz per vertex [0, topCount)), from triangles [0, topTriangles). */
export function topNormals(mesh: Mesh, topCount: number, topTriangles: number): Float64Array {
  const { positions: p, indices: ix } = mesh;
  const normal = new Float64Array(3 * topCount);
  for (let f = 0; f < topTriangles; f++) {
    const [a, b, c] = [ix[3 * f]!, ix[3 * f + 1]!, ix[3 * f + 2]!];
    const u = [p[3 * b]! - p[3 * a]!, p[3 * b + 1]! - p[3 * a + 1]!, p[3 * b + 2]! - p[3 * a + 2]!];
    const v = [p[3 * c]! - p[3 * a]!, p[3 * c + 1]! - p[3 * a + 1]!, p[3 * c + 2]! - p[3 * a + 2]!];
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    for (const w of [a, b, c]) for (let k = 0; k < 3; k++) normal[3 * w + k] = normal[3 * w + k]! + n[k]!;
  }
  return normal;
}

/** Distance along the ray to the triangle (barycentric tolerance 1e-6), or Infinity. */
export function rayTriangle(o: number[], d: number[], p: Float32Array, a: number, b: number, c: number): number {
  const e1 = [p[3 * b]! - p[3 * a]!, p[3 * b + 1]! - p[3 * a + 1]!, p[3 * b + 2]! - p[3 * a + 2]!];
  const e2 = [p[3 * c]! - p[3 * a]!, p[3 * c + 1]! - p[3 * a + 1]!, p[3 * c + 2]! - p[3 * a + 2]!];
  const q = [d[1]! * e2[2]! - d[2]! * e2[1]!, d[2]! * e2[0]! - d[0]! * e2[2]!, d[0]! * e2[1]! - d[1]! * e2[0]!];
  const det = e1[0]! * q[0]! + e1[1]! * q[1]! + e1[2]! * q[2]!;
  if (Math.abs(det) < 1e-12) return Infinity;
  const t = [o[0]! - p[3 * a]!, o[1]! - p[3 * a + 1]!, o[2]! - p[3 * a + 2]!];
  const u = (t[0]! * q[0]! + t[1]! * q[1]! + t[2]! * q[2]!) / det;
  if (u < -1e-6 || u > 1 + 1e-6) return Infinity;
  const r = [t[1]! * e1[2]! - t[2]! * e1[1]!, t[2]! * e1[0]! - t[0]! * e1[2]!, t[0]! * e1[1]! - t[1]! * e1[0]!];
  const v = (d[0]! * r[0]! + d[1]! * r[1]! + d[2]! * r[2]!) / det;
  if (v < -1e-6 || u + v > 1 + 1e-6) return Infinity;
  return (e2[0]! * r[0]! + e2[1]! * r[1]! + e2[2]! * r[2]!) / det;
}
