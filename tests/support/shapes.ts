/**
 * Shapes the mesh tests are made of (triangle soups, nine floats a triangle): a tetrahedron, boxes,
 * spheres and a torus, and what breaks them (a triangle removed, flipped, duplicated). Closed and
 * outward-oriented unless broken on purpose.
 */
import type { Mesh } from '../../src/geometry/index.js';

/** A point, mm. */
export type V3 = [number, number, number];

/** Triangle soup from indexed faces. */
export function soup(verts: readonly V3[], faces: ReadonlyArray<readonly [number, number, number]>): Float32Array {
  const out = new Float32Array(faces.length * 9);
  faces.forEach((f, t) => f.forEach((v, k) => out.set(verts[v]!, 9 * t + 3 * k)));
  return out;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function transform(tris: Float32Array, f: (p: V3) => V3): Float32Array {
  const out = new Float32Array(tris.length);
  for (let i = 0; i < tris.length; i += 3) out.set(f([tris[i]!, tris[i + 1]!, tris[i + 2]!]), i);
  return out;
}

export const translate = (d: V3) => (p: V3): V3 => [p[0] + d[0], p[1] + d[1], p[2] + d[2]];

export function tetrahedron(a: V3 = [0, 0, 0], s = 10): Float32Array {
  const v: V3[] = [a, [a[0] + s, a[1], a[2]], [a[0], a[1] + s, a[2]], [a[0], a[1], a[2] + s]];
  return soup(v, [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]);
}

/** Axis-aligned box, each face split into n×n quads (2 triangles each), counter-clockwise outward. */
export function box(min: V3 = [0, 0, 0], size: V3 = [10, 10, 10], n = 1): Float32Array {
  const tris: number[] = [];
  // each face: origin corner, two edge vectors u, v with u × v pointing outward
  const faces: Array<[V3, V3, V3]> = [
    [[0, 0, 0], [0, 1, 0], [1, 0, 0]], // bottom (−z)
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]], // top (+z)
    [[0, 0, 0], [1, 0, 0], [0, 0, 1]], // −y
    [[0, 1, 0], [0, 0, 1], [1, 0, 0]], // +y
    [[0, 0, 0], [0, 0, 1], [0, 1, 0]], // −x
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]], // +x
  ];
  const at = (o: V3, u: V3, v: V3, i: number, j: number): V3 =>
    [0, 1, 2].map((k) => min[k]! + size[k]! * (o[k]! + (u[k]! * i) / n + (v[k]! * j) / n)) as V3;
  for (const [o, u, v] of faces) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p00 = at(o, u, v, i, j), p10 = at(o, u, v, i + 1, j), p11 = at(o, u, v, i + 1, j + 1), p01 = at(o, u, v, i, j + 1);
        tris.push(...p00, ...p10, ...p11, ...p00, ...p11, ...p01);
      }
    }
  }
  return Float32Array.from(tris);
}

/** Sphere from a subdivided octahedron: 8·4^level triangles, closed, outward. */
export function sphere(level: number, r = 50, c: V3 = [0, 0, 0]): Float32Array {
  let tris: V3[][] = [];
  const X: V3 = [1, 0, 0], Y: V3 = [0, 1, 0], Z: V3 = [0, 0, 1];
  const neg = (p: V3): V3 => [-p[0], -p[1], -p[2]];
  for (const sx of [X, neg(X)]) {
    for (const sy of [Y, neg(Y)]) {
      for (const sz of [Z, neg(Z)]) {
        const flip = sx[0] * sy[1] * sz[2] < 0;
        tris.push(flip ? [sx, sz, sy] : [sx, sy, sz]);
      }
    }
  }
  const norm = (p: V3): V3 => {
    const l = Math.hypot(...p);
    return [p[0] / l, p[1] / l, p[2] / l];
  };
  const mid = (a: V3, b: V3): V3 => norm([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2]);
  for (let l = 0; l < level; l++) {
    const next: V3[][] = [];
    for (const [a, b, d] of tris as Array<[V3, V3, V3]>) {
      const ab = mid(a, b), bd = mid(b, d), da = mid(d, a);
      next.push([a, ab, da], [ab, b, bd], [da, bd, d], [ab, bd, da]);
    }
    tris = next;
  }
  const out = new Float32Array(tris.length * 9);
  tris.forEach((t, i) => t.forEach((p, k) => out.set([c[0] + r * p[0], c[1] + r * p[1], c[2] + r * p[2]], 9 * i + 3 * k)));
  return out;
}

/** A square-section torus: n×m quads on a ring, Euler characteristic 0. */
export function torus(n = 12, m = 4, R = 30, r = 8): Float32Array {
  const verts: V3[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    for (let j = 0; j < m; j++) {
      const b = (2 * Math.PI * j) / m + Math.PI / 4;
      const rr = R + r * Math.cos(b);
      verts.push([rr * Math.cos(a), rr * Math.sin(a), r * Math.sin(b)]);
    }
  }
  const faces: Array<[number, number, number]> = [];
  const id = (i: number, j: number): number => (i % n) * m + (j % m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      faces.push([id(i, j), id(i + 1, j), id(i + 1, j + 1)], [id(i, j), id(i + 1, j + 1), id(i, j + 1)]);
    }
  }
  return soup(verts, faces);
}

export function triangle(tris: Float32Array, t: number): Float32Array {
  return tris.slice(9 * t, 9 * t + 9);
}

export function without(tris: Float32Array, t: number): Float32Array {
  return concat(tris.slice(0, 9 * t), tris.slice(9 * t + 9));
}

export function flipped(tris: Float32Array, t: number): Float32Array {
  const out = tris.slice();
  out.set(tris.slice(9 * t + 3, 9 * t + 6), 9 * t + 6);
  out.set(tris.slice(9 * t + 6, 9 * t + 9), 9 * t + 3);
  return out;
}

/** An indexed mesh from a triangle soup, vertices welded by their exact coordinates (as an STL reader would). */
export function weld(tris: Float32Array): Mesh {
  const ids = new Map<string, number>();
  const positions: number[] = [];
  const indices = new Uint32Array(tris.length / 3);
  for (let i = 0; i < indices.length; i++) {
    const key = `${tris[3 * i]},${tris[3 * i + 1]},${tris[3 * i + 2]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      positions.push(tris[3 * i]!, tris[3 * i + 1]!, tris[3 * i + 2]!);
    }
    indices[i] = id;
  }
  return { positions: Float32Array.from(positions), indices };
}
