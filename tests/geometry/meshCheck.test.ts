/**
 * Tests of the test-support tools themselves: the independent mesh checker, the STL reader, the
 * admesh / prusa-slicer wrappers, and the synthetic foot outline the examples are made from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSolid, type Mesh } from '../../src/geometry/index.js';
import { syntheticFootOutline } from '../../src/synth/index.js';
import { checkClosedManifold, expectWatertight } from '../support/meshCheck.js';
import { box, concat, flipped, soup, sphere, tetrahedron, torus, transform, translate, triangle, weld, without } from '../support/shapes.js';
import { readStl, writeStlAscii, writeStlBinary } from '../support/stl.js';
import { hasTool, prusaInfo, runAdmesh } from '../support/tools.js';

type V3 = [number, number, number];

const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm2 = (a: V3): number => dot(a, a);
const normal = (t: readonly [V3, V3, V3]): V3 => cross(sub(t[1], t[0]), sub(t[2], t[0]));

/** Closed triangles intersect unless some axis separates them strictly (separating-axis theorem). */
function satIntersect(t1: readonly [V3, V3, V3], t2: readonly [V3, V3, V3]): boolean {
  const e1 = [0, 1, 2].map((k) => sub(t1[(k + 1) % 3]!, t1[k]!));
  const e2 = [0, 1, 2].map((k) => sub(t2[(k + 1) % 3]!, t2[k]!));
  const n1 = normal(t1), n2 = normal(t2);
  const axes: V3[] = [n1, n2, ...e1.map((e) => cross(n1, e)), ...e2.map((e) => cross(n2, e))];
  for (const a of e1) for (const b of e2) axes.push(cross(a, b));
  for (const ax of axes) {
    if (norm2(ax) === 0) continue;
    const p1 = t1.map((p) => dot(p, ax)), p2 = t2.map((p) => dot(p, ax));
    if (Math.max(...p1) < Math.min(...p2) || Math.max(...p2) < Math.min(...p1)) return false;
  }
  return true;
}

type B3 = [bigint, bigint, bigint];
const bsub = (a: B3, b: B3): B3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const bcross = (a: B3, b: B3): B3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const bdot = (a: B3, b: B3): bigint => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Separating-axis test for two closed convex planar polygons in exact integer arithmetic. */
function satIntersectBig(p1: B3[], p2: B3[]): boolean {
  const edges = (p: B3[]): B3[] => p.map((q, k) => bsub(p[(k + 1) % p.length]!, q));
  const e1 = edges(p1), e2 = edges(p2);
  const n1 = bcross(e1[0]!, e1[1]!), n2 = bcross(e2[0]!, e2[1]!);
  const axes: B3[] = [n1, n2, ...e1.map((e) => bcross(n1, e)), ...e2.map((e) => bcross(n2, e))];
  for (const a of e1) for (const b of e2) axes.push(bcross(a, b));
  const min = (xs: bigint[]): bigint => xs.reduce((m, x) => (x < m ? x : m));
  const max = (xs: bigint[]): bigint => xs.reduce((m, x) => (x > m ? x : m));
  for (const ax of axes) {
    if (ax[0] === 0n && ax[1] === 0n && ax[2] === 0n) continue;
    const s1 = p1.map((p) => bdot(p, ax)), s2 = p2.map((p) => bdot(p, ax));
    if (max(s1) < min(s2) || max(s2) < min(s1)) return false;
  }
  return true;
}

describe('checkClosedManifold', () => {
  it('accepts a tetrahedron', () => {
    const r = expectWatertight(tetrahedron());
    expect(r).toMatchObject({ vertices: 4, edges: 6, faces: 4, euler: 2, components: 1, selfIntersections: 0 });
    expect(r.volume).toBeCloseTo(1000 / 6, 3);
  });

  it('accepts a cube, plain and with subdivided (coplanar) faces', () => {
    const r = expectWatertight(box());
    expect(r).toMatchObject({ vertices: 8, edges: 18, faces: 12, euler: 2 });
    expect(r.volume).toBeCloseTo(1000, 3);
    const fine = expectWatertight(box([-3.3, 1.7, 0], [30.1, 7.3, 3.1], 12));
    expect(fine.faces).toBe(6 * 12 * 12 * 2);
    expect(fine.volume).toBeCloseTo(30.1 * 7.3 * 3.1, 1);
  });

  it('reports a hole (missing face) as boundary edges', () => {
    const r = checkClosedManifold(without(box(), 3));
    expect(r.ok).toBe(false);
    expect(r.boundaryEdges).toBe(3);
    expect(r.problems.join('\n')).toMatch(/3 boundary edges/);
  });

  it('reports a flipped face as misoriented edges', () => {
    const r = checkClosedManifold(flipped(box(), 5));
    expect(r.ok).toBe(false);
    expect(r.misorientedEdges).toBe(3);
    expect(r.boundaryEdges).toBe(0);
    expect(r.problems.join('\n')).toMatch(/misoriented/);
  });

  it('reports a duplicated face as non-manifold edges', () => {
    const cube = box();
    const r = checkClosedManifold(concat(cube, triangle(cube, 0)));
    expect(r.ok).toBe(false);
    expect(r.nonManifoldEdges).toBe(3);
    expect(r.problems.join('\n')).toMatch(/non-manifold edges/);
  });

  it('reports two disjoint cubes as two components (Euler 4)', () => {
    const r = checkClosedManifold(concat(box(), box([20, 0, 0])));
    expect(r.ok).toBe(false);
    expect(r.components).toBe(2);
    expect(r.euler).toBe(4);
    expect(r.selfIntersections).toBe(0);
    expect(r.boundaryEdges + r.nonManifoldEdges + r.misorientedEdges).toBe(0);
    expect(r.problems.join('\n')).toMatch(/2 connected components/);
  });

  it('reports a torus by its Euler characteristic 0', () => {
    const r = checkClosedManifold(torus());
    expect(r.ok).toBe(false);
    expect(r.euler).toBe(0);
    expect(r.components).toBe(1);
    expect(r.boundaryEdges + r.nonManifoldEdges + r.misorientedEdges + r.degenerate + r.selfIntersections).toBe(0);
    expect(r.volume).toBeGreaterThan(0);
    expect(r.problems).toEqual([expect.stringMatching(/Euler characteristic .* = 0, expected 2/)]);
  });

  it('reports an inside-out mesh by its negative volume', () => {
    const t = tetrahedron();
    let inv = t;
    for (let i = 0; i < 4; i++) inv = flipped(inv, i);
    const r = checkClosedManifold(inv);
    expect(r.volume).toBeCloseTo(-1000 / 6, 3);
    expect(r.problems).toEqual([expect.stringMatching(/volume .* not positive/)]);
  });

  it('reports a zero-area triangle in an otherwise closed mesh', () => {
    // Tetrahedron ABCD with M the midpoint of AB: face ABC split into AMC + MBC, and the
    // zero-area triangle MAB closes the seam.
    const A: V3 = [0, 0, 0], B: V3 = [10, 0, 0], C: V3 = [0, 10, 0], D: V3 = [0, 0, 10], M: V3 = [5, 0, 0];
    const tris = soup([A, B, C, D, M], [[0, 2, 4], [4, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3], [0, 4, 1]]);
    const r = checkClosedManifold(tris);
    expect(r.boundaryEdges + r.nonManifoldEdges + r.misorientedEdges).toBe(0);
    expect(r.euler).toBe(2);
    expect(r.degenerate).toBe(1);
    expect(r.problems[0]).toMatch(/1 degenerate triangles/);
    // A zero-area sliver always hides a T-junction: M lies on edge AB of triangle ABD, which the
    // triangles AMC and MBC touch along AM and MB. Reported as intersections, rightly.
    expect(r.selfIntersections).toBe(2);
  });

  it('reports a triangle with a repeated vertex as degenerate', () => {
    const t = tetrahedron();
    const bad = concat(t, Float32Array.from([1, 1, 1, 1, 1, 1, 2, 3, 4]));
    expect(checkClosedManifold(bad).degenerate).toBe(1);
  });

  it('reports two interpenetrating tetrahedra as self-intersecting', () => {
    const r = checkClosedManifold(concat(tetrahedron(), tetrahedron([2, 2, 2])));
    expect(r.ok).toBe(false);
    expect(r.selfIntersections).toBeGreaterThan(0);
    expect(r.intersectingPairs.length).toBeGreaterThan(0);
    expect(r.problems.join('\n')).toMatch(/intersecting triangle pairs/);
  });

  it('reports a cube passing through another one as self-intersecting (and nothing for nested ones)', () => {
    expect(checkClosedManifold(concat(box(), box([5, 2, 2], [10, 5, 5]))).selfIntersections).toBeGreaterThan(0);
    expect(checkClosedManifold(concat(box(), box([2, 2, 2], [5, 5, 5]))).selfIntersections).toBe(0);
  });

  it('finds crossings between triangles that share exactly one vertex', () => {
    // Two tetrahedra with the common apex O; the second one's body overlaps the first's.
    const O: V3 = [0, 0, 0];
    const t1 = soup([O, [10, 0, 0], [0, 10, 0], [0, 0, 10]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]);
    const t2 = soup([O, [8, 3, 3], [3, 8, 3], [3, 3, 8]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]);
    const crossing = checkClosedManifold(concat(t1, t2));
    expect(crossing.selfIntersections).toBeGreaterThan(0);
    // Only touching at the shared vertex: a pinched (non-manifold) vertex, but no intersection.
    const apart = soup(
      [O, [10, 0, 0], [0, 10, 0], [0, 0, 10], [-10, 0, 0], [0, -10, 0], [0, 0, -10]],
      [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3], [0, 4, 5], [0, 6, 4], [0, 5, 6], [4, 6, 5]],
    );
    const touching = checkClosedManifold(apart);
    expect(touching.selfIntersections).toBe(0);
    expect(touching.nonManifoldVertices).toBe(1);
    expect(touching.components).toBe(2);
  });

  it('finds coplanar folds between triangles sharing one vertex or an edge', () => {
    // sector overlap at a shared vertex, all in the plane z = 0
    const fan = soup([[0, 0, 0], [10, 0, 0], [0, 10, 0], [10, 5, 0], [5, 10, 0]], [[0, 1, 2], [0, 3, 4]]);
    expect(checkClosedManifold(fan).selfIntersections).toBe(1);
    // same, but the sectors only meet at the vertex
    const apart = soup([[0, 0, 0], [10, 0, 0], [0, 10, 0], [-10, -1, 0], [-1, -10, 0]], [[0, 1, 2], [0, 3, 4]]);
    expect(checkClosedManifold(apart).selfIntersections).toBe(0);
    // an edge shared by two triangles folded onto each other
    const fold = soup([[0, 0, 0], [10, 0, 0], [3, 5, 0], [6, 4, 0]], [[0, 1, 2], [1, 0, 3]]);
    expect(checkClosedManifold(fold).selfIntersections).toBe(1);
    // ... and unfolded (a flat quad)
    const flat = soup([[0, 0, 0], [10, 0, 0], [3, 5, 0], [6, -4, 0]], [[0, 1, 2], [1, 0, 3]]);
    expect(checkClosedManifold(flat).selfIntersections).toBe(0);
  });

  it('detects touching: a vertex of one triangle on the face of another', () => {
    const t = soup([[0, 0, 0], [10, 0, 0], [0, 10, 0], [2, 2, 0], [2, 2, 5], [4, 1, 5]], [[0, 1, 2], [3, 4, 5]]);
    expect(checkClosedManifold(t).selfIntersections).toBe(1);
    const above = soup([[0, 0, 0], [10, 0, 0], [0, 10, 0], [2, 2, 1e-3], [2, 2, 5], [4, 1, 5]], [[0, 1, 2], [3, 4, 5]]);
    expect(checkClosedManifold(above).selfIntersections).toBe(0);
  });

  it('agrees with a separating-axis reference on random small-integer triangle pairs', () => {
    // Integer coordinates 0..4 make coplanar, touching and collinear cases common; everything the
    // reference computes is an exact small integer. Pairs sharing a position are a different
    // question (shared vertices) and are left out, as are zero-area triangles.
    const pt = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    const tri = fc.tuple(pt, pt, pt);
    fc.assert(
      fc.property(tri, tri, (t1, t2) => {
        const key = (p: V3): string => p.join(',');
        fc.pre(new Set([...t1, ...t2].map(key)).size === 6);
        fc.pre(norm2(normal(t1)) > 0 && norm2(normal(t2)) > 0);
        const r = checkClosedManifold(soup([...t1, ...t2], [[0, 1, 2], [3, 4, 5]]));
        expect(r.selfIntersections).toBe(satIntersect(t1, t2) ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a reference on random pairs sharing one vertex or one edge', () => {
    // Reference: the pair meets beyond what it shares iff a slightly shrunk copy of one triangle
    // (the shared vertex or edge cut off at 1e-6 of the way) still meets the other. Exact in BigInt.
    const pt = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    const distinct = (ps: V3[]): boolean => new Set(ps.map((p) => p.join(','))).size === ps.length;
    const S = 1_000_000n;
    const big = (p: V3): B3 => [BigInt(p[0]) * S, BigInt(p[1]) * S, BigInt(p[2]) * S];
    const toward = (from: V3, to: V3): B3 => [0, 1, 2].map((k) => BigInt(from[k]!) * (S - 1n) + BigInt(to[k]!)) as B3;
    fc.assert(
      fc.property(pt, pt, pt, pt, pt, fc.boolean(), (v, a, b, c, d, edge) => {
        if (edge) {
          // triangles (v, a, b) and (a, v, c): shared edge va
          fc.pre(distinct([v, a, b, c]) && norm2(normal([v, a, b])) > 0 && norm2(normal([a, v, c])) > 0);
          const r = checkClosedManifold(soup([v, a, b, c], [[0, 1, 2], [1, 0, 3]]));
          const cut = [big(b), toward(v, b), toward(a, b)]; // triangle 1 without a sliver along va
          expect(r.selfIntersections).toBe(satIntersectBig(cut, [big(a), big(v), big(c)]) ? 1 : 0);
        } else {
          fc.pre(distinct([v, a, b, c, d]) && norm2(normal([v, a, b])) > 0 && norm2(normal([v, c, d])) > 0);
          const r = checkClosedManifold(soup([v, a, b, c, d], [[0, 1, 2], [0, 3, 4]]));
          const cut = [toward(v, a), big(a), big(b), toward(v, b)]; // triangle 1 without its corner at v
          expect(r.selfIntersections).toBe(satIntersectBig(cut, [big(v), big(c), big(d)]) ? 1 : 0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reports non-finite coordinates and empty input', () => {
    const t = tetrahedron();
    t[4] = Number.NaN;
    expect(checkClosedManifold(t).problems).toEqual([expect.stringMatching(/non-finite/)]);
    expect(checkClosedManifold(new Float32Array(0)).ok).toBe(false);
    expect(() => checkClosedManifold(new Float32Array(10))).toThrow(RangeError);
  });

  it('expectWatertight throws an assertion listing the problems', () => {
    expect(() => expectWatertight(without(box(), 0), 'open box')).toThrow(/open box is not a closed 2-manifold[\s\S]*boundary edges/);
  });

  it('accepts spheres in any position and rotation (no false intersections)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })),
        fc.tuple(fc.double({ min: 0, max: 6.3, noNaN: true }), fc.double({ min: 0, max: 6.3, noNaN: true })),
        (level, r, c, [a, b]) => {
          const rot = (p: V3): V3 => {
            const x1 = p[0] * Math.cos(a) - p[1] * Math.sin(a), y1 = p[0] * Math.sin(a) + p[1] * Math.cos(a);
            return [x1, y1 * Math.cos(b) - p[2] * Math.sin(b), y1 * Math.sin(b) + p[2] * Math.cos(b)];
          };
          const s = transform(transform(sphere(level, r), rot), translate(c));
          const res = checkClosedManifold(s);
          expect(res.problems).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('checks 500k triangles in a few seconds', () => {
    const big = sphere(8, 120, [150, 60, 20]); // 524,288 triangles
    const t0 = performance.now();
    const r = expectWatertight(big, 'level-8 sphere');
    const ms = performance.now() - t0;
    expect(r.faces).toBe(524288);
    console.log(`checkClosedManifold: ${r.faces} triangles in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(20_000); // a guard against pathological slowdowns, not a benchmark
  });
});

describe('readStl', () => {
  const cube = box([0, 0, 0], [10, 20, 30.5], 2);

  it('round-trips binary and ASCII', () => {
    const bin = readStl(writeStlBinary(cube));
    expect(bin.ascii).toBe(false);
    expect(bin.triangles).toEqual(cube);
    const asc = readStl(new TextEncoder().encode(writeStlAscii(cube)));
    expect(asc.ascii).toBe(true);
    expect(asc.triangles).toEqual(cube);
  });

  it('reads a binary file whose header starts with "solid"', () => {
    const r = readStl(writeStlBinary(cube, 'solid but binary'));
    expect(r.ascii).toBe(false);
    expect(r.triangles).toEqual(cube);
  });

  it('rejects empty, truncated and count-mismatched binary files', () => {
    const bin = writeStlBinary(cube);
    expect(() => readStl(new Uint8Array(0))).toThrow(/empty/);
    expect(() => readStl(bin.subarray(0, 50))).toThrow(/truncated/);
    expect(() => readStl(bin.subarray(0, bin.length - 1))).toThrow(/truncated/);
    const longer = new Uint8Array(bin.length + 50);
    longer.set(bin);
    expect(() => readStl(longer)).toThrow(/count mismatch/);
  });

  it('rejects malformed ASCII', () => {
    const good = writeStlAscii(tetrahedron());
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(() => readStl(enc(good.replace('endsolid test', '')))).toThrow(/end of file/);
    expect(() => readStl(enc(good.replace('vertex 10 0 0', 'vertex 10 0')))).toThrow(/line \d+/);
    expect(() => readStl(enc(good.replace('outer loop', 'outer')))).toThrow(/expected "loop"/);
    expect(() => readStl(enc(good.replace('vertex 0 10 0', 'vertex 0 1e0x 0')))).toThrow(/finite number/);
    expect(() => readStl(enc(good.replace('vertex 0 10 0', 'vertex 0 nan 0')))).toThrow(/finite number/);
    expect(() => readStl(enc(`${good}solid again\n`))).toThrow(/after endsolid/);
    expect(readStl(enc(good)).triangles.length).toBe(36);
  });
});


describe('checkSolid (the check every build runs) agrees with the independent checker', () => {
  const inverted = (t: Float32Array) => [0, 1, 2, 3].reduce((m, i) => flipped(m, i), t);
  const cube = box();
  const cases: Array<[string, Float32Array]> = [
    ['tetrahedron', tetrahedron()],
    ['subdivided box', box([-3.3, 1.7, 0], [30.1, 7.3, 3.1], 12)],
    ['sphere', sphere(3, 40, [3, -7, 11])],
    ['box with a hole', without(box(), 3)],
    ['box with a flipped face', flipped(box(), 5)],
    ['box with a duplicated face', concat(cube, triangle(cube, 0))],
    ['two boxes apart', concat(box(), box([20, 0, 0]))],
    ['torus', torus()],
    ['inside-out tetrahedron', inverted(tetrahedron())],
    ['interpenetrating tetrahedra', concat(tetrahedron(), tetrahedron([2, 2, 2]))],
    ['box through a box', concat(box(), box([5, 2, 2], [10, 5, 5]))],
  ];
  it.each(cases)('%s', (_, tris) => {
    const ours = checkSolid(weld(tris));
    const reference = checkClosedManifold(tris);
    expect(ours.problems.length === 0, ours.problems.join('; ')).toBe(reference.ok);
    expect({ boundary: ours.boundaryEdges, nonManifold: ours.nonManifoldEdges, misoriented: ours.misorientedEdges, components: ours.components, euler: ours.euler })
      .toEqual({ boundary: reference.boundaryEdges, nonManifold: reference.nonManifoldEdges, misoriented: reference.misorientedEdges, components: reference.components, euler: reference.euler });
    expect(ours.degenerateTriangles).toBe(reference.degenerate);
    expect(ours.selfIntersections > 0).toBe(reference.selfIntersections > 0);
    expect(ours.volume).toBeCloseTo(reference.volume, 2);
  });

  it('a triangle with a repeated vertex (whose edges the two count differently)', () => {
    const tris = concat(tetrahedron(), Float32Array.from([1, 1, 1, 1, 1, 1, 2, 3, 4]));
    const ours = checkSolid(weld(tris));
    expect(ours.problems.length).toBeGreaterThan(0);
    expect(checkClosedManifold(tris).ok).toBe(false);
    expect(ours.degenerateTriangles).toBe(1);
  });
});

describe('external tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orthotic-tools-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const closed = join(dir, 'cube.stl');
  const open = join(dir, 'open.stl');
  writeFileSync(closed, writeStlBinary(box([0, 0, 0], [10, 10, 10], 2)));
  writeFileSync(open, writeStlAscii(without(box(), 2)));

  it('hasTool finds sh and not a made-up name', () => {
    expect(hasTool('sh')).toBe(true);
    expect(hasTool('no-such-tool-orthotic')).toBe(false);
  });

  it.skipIf(!hasTool('admesh'))('parses admesh on a closed and an open cube', () => {
    const good = runAdmesh(closed);
    expect(good).toMatchObject({ facets: 48, disconnectedFacets: 0, degenerateFacets: 0, parts: 1, backwardsEdges: 0, facetsReversed: 0 });
    expect(good.volume).toBeCloseTo(1000, 2);
    const bad = runAdmesh(open);
    expect(bad.facets).toBe(11);
    expect(bad.disconnectedFacets).toBeGreaterThan(0);
  });

  it.skipIf(!hasTool('prusa-slicer'))('parses prusa-slicer --info on a closed and an open cube', () => {
    const good = prusaInfo(closed);
    expect(good).toMatchObject({ manifold: true, size: [10, 10, 10], facets: 48, parts: 1 });
    expect(good.volume).toBeCloseTo(1000, 2);
    const bad = prusaInfo(open);
    expect(bad.manifold).toBe(false);
    expect(bad.openEdges).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------

type P2 = [number, number];

/** Whether a closed polygon is simple: no two non-adjacent edges meet, no adjacent edges overlap. */
function isSimplePolygon(pts: readonly P2[]): boolean {
  const n = pts.length;
  const o = (a: P2, b: P2, c: P2): number => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const on = (a: P2, b: P2, c: P2): boolean =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const meet = (a: P2, b: P2, c: P2, d: P2): boolean => {
    const d1 = o(a, b, c), d2 = o(a, b, d), d3 = o(c, d, a), d4 = o(c, d, b);
    if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    return (d1 === 0 && on(a, b, c)) || (d2 === 0 && on(a, b, d)) || (d3 === 0 && on(c, d, a)) || (d4 === 0 && on(c, d, b));
  };
  for (let i = 0; i < n; i++) {
    const a = pts[i]!, b = pts[(i + 1) % n]!;
    if (a[0] === b[0] && a[1] === b[1]) return false;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      if (meet(a, b, pts[j]!, pts[(j + 1) % n]!)) return false;
    }
  }
  return true;
}

function signedArea(pts: readonly P2[]): number {
  let s = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) s += pts[j]![0] * pts[i]![1] - pts[i]![0] * pts[j]![1];
  return s / 2;
}

describe('syntheticFootOutline', () => {
  it('is a simple polygon with the requested size, side, frame and winding', () => {
    fc.assert(
      fc.property(
        fc.record({
          footLength: fc.double({ min: 150, max: 330, noNaN: true }),
          ballRatio: fc.double({ min: 0.34, max: 0.42, noNaN: true }),
          heelRatio: fc.double({ min: 0.66, max: 0.8, noNaN: true }),
          side: fc.constantFrom('left' as const, 'right' as const),
          archConcavity: fc.double({ min: 0, max: 1, noNaN: true }),
          points: fc.integer({ min: 60, max: 900 }),
          rotationDeg: fc.double({ min: -360, max: 360, noNaN: true }),
          offset: fc.tuple(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true })),
          clockwise: fc.boolean(),
          closed: fc.boolean(),
        }),
        (o) => {
          const ballWidth = o.footLength * o.ballRatio;
          const heelWidth = ballWidth * o.heelRatio;
          const opts = { ...o, ballWidth, heelWidth };
          const out = syntheticFootOutline(opts);
          expect(out.length).toBe(o.points + (o.closed ? 1 : 0));
          if (o.closed) expect(out[out.length - 1]).toEqual(out[0]);
          const ring = o.closed ? out.slice(0, -1) : out;
          expect(isSimplePolygon(ring)).toBe(true);
          expect(signedArea(ring) < 0).toBe(o.clockwise);
          // back to the foot frame
          const a = (-o.rotationDeg * Math.PI) / 180;
          const foot = ring.map(([x, y]): P2 => {
            const dx = x - o.offset[0], dy = y - o.offset[1];
            return [dx * Math.cos(a) - dy * Math.sin(a), dx * Math.sin(a) + dy * Math.cos(a)];
          });
          const xs = foot.map((p) => p[0]);
          const tol = 1e-9 * (o.footLength + Math.abs(o.offset[0]) + Math.abs(o.offset[1]));
          expect(Math.abs(Math.min(...xs))).toBeLessThan(tol);
          expect(Math.abs(Math.max(...xs) - o.footLength)).toBeLessThan(tol);
          const band = (lo: number, hi: number): number => {
            const ys = foot.filter((p) => p[0] >= lo * o.footLength - tol && p[0] <= hi * o.footLength + tol).map((p) => p[1]);
            return Math.max(...ys) - Math.min(...ys);
          };
          expect(Math.abs(band(0, 0.3) - heelWidth)).toBeLessThan(1);
          expect(Math.abs(band(0.6, 0.8) - ballWidth)).toBeLessThan(1);
          // the hallux (longest toe) is on the medial side: +y for a right foot
          const tip = foot.reduce((p, q) => (q[0] > p[0] ? q : p));
          expect(Math.sign(tip[1])).toBe(o.side === 'right' ? 1 : -1);
          // points spaced by arc length
          const seg = ring.map((p, i) => Math.hypot(ring[(i + 1) % ring.length]![0] - p[0], ring[(i + 1) % ring.length]![1] - p[1]));
          expect(Math.max(...seg) / Math.min(...seg)).toBeLessThan(1.25);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic and rejects nonsense', () => {
    const o = { footLength: 271, ballWidth: 102, heelWidth: 72.5, side: 'right' as const };
    expect(syntheticFootOutline(o)).toEqual(syntheticFootOutline(o));
    expect(() => syntheticFootOutline({ ...o, footLength: -1 })).toThrow(RangeError);
    expect(() => syntheticFootOutline({ ...o, points: 7 })).toThrow(RangeError);
    expect(() => syntheticFootOutline({ ...o, archConcavity: 2 })).toThrow(RangeError);
  });

  it('curves the medial midfoot border in more for a higher arch', () => {
    // narrowest medial half-width over 0.35–0.55 FL (right foot: medial is +y)
    const medial = (archConcavity: number): number => {
      const pts = syntheticFootOutline({ footLength: 271, ballWidth: 102, heelWidth: 72.5, side: 'right', archConcavity });
      return Math.min(...pts.filter((p) => p[1] > 0 && p[0] > 0.35 * 271 && p[0] < 0.55 * 271).map((p) => p[1]));
    };
    expect(medial(0) - medial(1)).toBeGreaterThan(6);
    expect(medial(0) - medial(0.5)).toBeGreaterThan(2);
  });
});
