/**
 * Test-side measurement of a triangle soup (as read back from an STL), independent of the kernel:
 * vertical probes (every surface crossing of a vertical line) and plane fits.
 */
export interface Probe {
  /** z of every crossing of the vertical line at (x, y), highest first. */
  hits(x: number, y: number): number[];
  /** The highest crossing and the facet it is on, or null. */
  top(x: number, y: number): { z: number; facet: number } | null;
  /** Bounding box [minX, minY, minZ, maxX, maxY, maxZ]. */
  bounds: [number, number, number, number, number, number];
}

export function makeProbe(tri: Float32Array, cell = 2): Probe {
  const nf = tri.length / 9;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (let i = 0; i < tri.length; i += 3) {
    x0 = Math.min(x0, tri[i]!); x1 = Math.max(x1, tri[i]!);
    y0 = Math.min(y0, tri[i + 1]!); y1 = Math.max(y1, tri[i + 1]!);
    z0 = Math.min(z0, tri[i + 2]!); z1 = Math.max(z1, tri[i + 2]!);
  }
  const gw = Math.floor((x1 - x0) / cell) + 1, gh = Math.floor((y1 - y0) / cell) + 1;
  const buckets: number[][] = Array.from({ length: gw * gh }, () => []);
  for (let f = 0; f < nf; f++) {
    const xs = [tri[9 * f]!, tri[9 * f + 3]!, tri[9 * f + 6]!], ys = [tri[9 * f + 1]!, tri[9 * f + 4]!, tri[9 * f + 7]!];
    const cx0 = Math.floor((Math.min(...xs) - x0) / cell), cx1 = Math.floor((Math.max(...xs) - x0) / cell);
    const cy0 = Math.floor((Math.min(...ys) - y0) / cell), cy1 = Math.floor((Math.max(...ys) - y0) / cell);
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) buckets[cy * gw + cx]!.push(f);
  }
  return {
    bounds: [x0, y0, z0, x1, y1, z1],
    top(x: number, y: number) {
      const cx = Math.floor((x - x0) / cell), cy = Math.floor((y - y0) / cell);
      if (cx < 0 || cy < 0 || cx >= gw || cy >= gh) return null;
      let best: { z: number; facet: number } | null = null;
      for (const f of buckets[cy * gw + cx]!) {
        const z = zOn(tri, f, x, y);
        if (z !== null && (!best || z > best.z)) best = { z, facet: f };
      }
      return best;
    },
    hits(x: number, y: number): number[] {
      const cx = Math.floor((x - x0) / cell), cy = Math.floor((y - y0) / cell);
      if (cx < 0 || cy < 0 || cx >= gw || cy >= gh) return [];
      const out: number[] = [];
      for (const f of buckets[cy * gw + cx]!) {
        const z = zOn(tri, f, x, y);
        if (z !== null && !out.some((o) => Math.abs(o - z) < 1e-6)) out.push(z); // a line through a shared edge hits twice
      }
      return out.sort((a, b) => b - a);
    },
  };
}

/** Least-squares plane z = a + b·x + c·y through points; returns [a, b, c]. */
export function fitPlane(points: Array<[number, number, number]>): [number, number, number] {
  let n = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0;
  for (const [x, y, z] of points) { n++; sx += x; sy += y; sz += z; sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z; }
  const m = [[n, sx, sy], [sx, sxx, sxy], [sy, sxy, syy]], r = [sz, sxz, syz];
  const det3 = (q: number[][]) => q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) - q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) + q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det3(m);
  const col = (k: number) => det3(m.map((row, i) => row.map((v, j) => (j === k ? r[i]! : v)))) / d;
  return [col(0), col(1), col(2)];
}

function zOn(tri: Float32Array, f: number, x: number, y: number): number | null {
  const ax = tri[9 * f]!, ay = tri[9 * f + 1]!, az = tri[9 * f + 2]!;
  const bx = tri[9 * f + 3]!, by = tri[9 * f + 4]!, bz = tri[9 * f + 5]!;
  const qx = tri[9 * f + 6]!, qy = tri[9 * f + 7]!, qz = tri[9 * f + 8]!;
  const det = (bx - ax) * (qy - ay) - (qx - ax) * (by - ay);
  if (Math.abs(det) < 1e-12) return null;
  const u = ((x - ax) * (qy - ay) - (qx - ax) * (y - ay)) / det;
  const v = ((bx - ax) * (y - ay) - (x - ax) * (by - ay)) / det;
  if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) return null;
  return az + u * (bz - az) + v * (qz - az);
}

/** Unit normal of facet f (from its winding). */
export function facetNormal(tri: Float32Array, f: number): [number, number, number] {
  const o = 9 * f;
  const ux = tri[o + 3]! - tri[o]!, uy = tri[o + 4]! - tri[o + 1]!, uz = tri[o + 5]! - tri[o + 2]!;
  const vx = tri[o + 6]! - tri[o]!, vy = tri[o + 7]! - tri[o + 1]!, vz = tri[o + 8]! - tri[o + 2]!;
  const n: [number, number, number] = [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
  const l = Math.hypot(...n);
  return [n[0] / l, n[1] / l, n[2] / l];
}

/** Squared distance from point p to triangle f (Ericson, Real-Time Collision Detection 5.1.5). */
export function pointTriangleDistance2(tri: Float32Array, f: number, px: number, py: number, pz: number): number {
  const o = 9 * f;
  const a = [tri[o]!, tri[o + 1]!, tri[o + 2]!], b = [tri[o + 3]!, tri[o + 4]!, tri[o + 5]!], c = [tri[o + 6]!, tri[o + 7]!, tri[o + 8]!];
  const sub = (u: number[], v: number[]) => [u[0]! - v[0]!, u[1]! - v[1]!, u[2]! - v[2]!];
  const dot = (u: number[], v: number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const p = [px, py, pz];
  const ab = sub(b, a), ac = sub(c, a), ap = sub(p, a);
  const d1 = dot(ab, ap), d2 = dot(ac, ap);
  let q: number[];
  if (d1 <= 0 && d2 <= 0) q = a;
  else {
    const bp = sub(p, b), d3 = dot(ab, bp), d4 = dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) q = b;
    else {
      const vc = d1 * d4 - d3 * d2;
      if (vc <= 0 && d1 >= 0 && d3 <= 0) { const v = d1 / (d1 - d3); q = [a[0]! + v * ab[0]!, a[1]! + v * ab[1]!, a[2]! + v * ab[2]!]; }
      else {
        const cp = sub(p, c), d5 = dot(ab, cp), d6 = dot(ac, cp);
        if (d6 >= 0 && d5 <= d6) q = c;
        else {
          const vb = d5 * d2 - d1 * d6;
          if (vb <= 0 && d2 >= 0 && d6 <= 0) { const w = d2 / (d2 - d6); q = [a[0]! + w * ac[0]!, a[1]! + w * ac[1]!, a[2]! + w * ac[2]!]; }
          else {
            const va = d3 * d6 - d5 * d4;
            if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) { const w = (d4 - d3) / (d4 - d3 + (d5 - d6)); q = [b[0]! + w * (c[0]! - b[0]!), b[1]! + w * (c[1]! - b[1]!), b[2]! + w * (c[2]! - b[2]!)]; }
            else { const den = 1 / (va + vb + vc); const v = vb * den, w = vc * den; q = [a[0]! + ab[0]! * v + ac[0]! * w, a[1]! + ab[1]! * v + ac[1]! * w, a[2]! + ab[2]! * v + ac[2]! * w]; }
          }
        }
      }
    }
  }
  const d = sub(p, q);
  return dot(d, d);
}
