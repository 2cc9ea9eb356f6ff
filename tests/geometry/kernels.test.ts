/**
 * The WebAssembly kernels (assembly/*.ts), each the one implementation of what it computes, against
 * independent oracles:
 * - the closed-solid check every build runs (assembly/solidCheck.ts) against the test-side checker
 *   (tests/support/meshCheck.ts): the same verdict and counts on real devices, on devices broken on
 *   purpose and on random triangle soups; and the layered path (with a layout) against the general one;
 * - the footprint lattice's distances to the outline (assembly/domain.ts) against a brute-force
 *   oracle (tests/oracles/latticeNodes.ts): identical distances, node for node;
 * - the binary STL writer (assembly/stl.ts) against a plain DataView writer (tests/oracles/stl.ts):
 *   identical bytes;
 * - the report's thickness (assembly/measure.ts: rays through a 2D grid of the underside) against
 *   rays tested on every underside triangle (tests/oracles/thickness.ts).
 * The surface and solid kernel (assembly/solid.ts) is proved by what it builds: every example's
 * output pinned byte for byte (golden.test.ts) and measured against its prescription (examples,
 * modifications, properties).
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designDevice, prepareBuild } from '../../src/pipeline/index.js';
import { toStl } from '../../src/export/index.js';
import { latticeNodes } from '../../src/geometry/domain/index.js';
import type { Mesh } from '../../src/geometry/index.js';
import { checkSolid, type SurfaceLayout } from '../../src/geometry/validate/index.js';
import { loadSolidCheckKernel } from '../../src/geometry/validate/solidCheckKernel.js';
import { findSelfIntersection } from '../../src/geometry/outline/index.js';
import { loadScan } from '../support/build.js';
import { outlineArbitrary } from '../support/outlines.js';
import { checkClosedManifold } from '../support/meshCheck.js';
import { latticeNodesOracle } from '../oracles/latticeNodes.js';
import { binaryStlOracle } from '../oracles/stl.js';
import { thicknessOracle } from '../oracles/thickness.js';
import { measureDevice } from '../../src/geometry/measure/index.js';

const EXAMPLES = readdirSync('examples').filter((f) => f.endsWith('.json') && !f.includes('pair'));

function device(file: string, resolutionMm: number): { mesh: Mesh; layout: SurfaceLayout } {
  return designDevice(prepareBuild(loadScan(`examples/${file}`)), resolutionMm).device;
}

/** The mesh as a triangle soup (nine floats a triangle), as the test-side checker reads an STL. */
function soup(mesh: Mesh): Float32Array {
  const out = new Float32Array(3 * mesh.indices.length);
  mesh.indices.forEach((v, i) => { out.set(mesh.positions.subarray(3 * v, 3 * v + 3), 3 * i); });
  return out;
}

/**
 * The check with and without the layout (identical reports: the layered path and the general one),
 * and its verdict and counts against the independent checker; returns the report with the layout.
 */
function expectSameReports(mesh: Mesh, layout?: SurfaceLayout): ReturnType<typeof checkSolid> {
  const ours = checkSolid(mesh, layout);
  if (layout) expect(checkSolid(mesh)).toEqual(ours);
  const readable = mesh.indices.length > 0 && mesh.indices.length % 3 === 0 && mesh.positions.length % 3 === 0 &&
    mesh.indices.every((v) => v < mesh.positions.length / 3) && mesh.positions.every(Number.isFinite);
  if (readable) {
    const reference = checkClosedManifold(soup(mesh));
    expect(ours.problems.length === 0, ours.problems.join('; ')).toBe(reference.ok);
    expect(ours.selfIntersections > 0).toBe(reference.selfIntersections > 0);
    expect({ boundary: ours.boundaryEdges > 0, misoriented: ours.misorientedEdges > 0 }).toEqual({ boundary: reference.boundaryEdges > 0, misoriented: reference.misorientedEdges > 0 });
  }
  return ours;
}

/** A copy of a mesh with new positions. */
function withPositions(mesh: Mesh, edit: (p: Float32Array) => void): Mesh {
  const positions = mesh.positions.slice();
  edit(positions);
  return { positions, indices: mesh.indices };
}

describe('checkSolid (WebAssembly) against the independent checker', () => {
  it.each(EXAMPLES)('%s at 2 mm: identical reports, and a valid solid', (file) => {
    const { mesh, layout } = device(file, 2);
    expect(expectSameReports(mesh, layout).problems).toEqual([]);
  });

  it('m271 at the default 1 mm: identical reports', () => {
    const { mesh, layout } = device('m271-right-neutral.json', 1);
    const ours = expectSameReports(mesh, layout);
    expect(ours.problems).toEqual([]);
    expect(ours.faces).toBeGreaterThan(80_000);
  });

  it('a device with a top vertex pushed through the underside: the same first pair, by either path', () => {
    const { mesh, layout } = device('w238-right-supination.json', 2);
    // A top vertex well inside the outline, dropped 20 mm: its triangles cross the underside.
    const v = layout.boundaryCount + Math.floor((layout.topCount - layout.boundaryCount) / 2);
    const broken = withPositions(mesh, (p) => { p[3 * v + 2] = p[3 * v + 2]! - 20; });
    const ours = expectSameReports(broken, layout);
    expect(ours.selfIntersections).toBeGreaterThan(0);
    expect(ours.problems.join('\n')).toMatch(/pairs of triangles intersect \(first: \d+ and \d+\)/);
  });

  it('a device whose top folds over itself (no longer a graph over the floor): the general path, identical', () => {
    const { mesh, layout } = device('w246-left-neutral.json', 2);
    const v = layout.boundaryCount + 40;
    const broken = withPositions(mesh, (p) => { p[3 * v] = p[3 * v]! + 9; });
    expectSameReports(broken, layout);
  });

  it.each([['top', 0], ['underside', 1]] as const)('a device whose %s folds over itself in the middle (the other sheet still a graph): the general path, identical, and the fold found', (_sheet, which) => {
    const { mesh, layout } = device('w246-left-neutral.json', 2);
    // A vertex in the middle of the sheet 5 mm aside: some of its triangles now face the wrong way
    // round, crossing their neighbours: pairs within one sheet, which the layered test never looks
    // at, so only the general path finds them (10, where the layered one would say 0).
    const v = which * layout.topCount + Math.floor(layout.topCount / 2);
    const broken = withPositions(mesh, (p) => { p[3 * v] = p[3 * v]! + 5; });
    expect(expectSameReports(broken, layout).selfIntersections).toBeGreaterThan(0);
  });

  it('a device with flipped and missing triangles: identical topology counts', () => {
    const { mesh, layout } = device('w240-left-bunion.json', 2);
    const indices = mesh.indices.slice(0, mesh.indices.length - 6); // two rim triangles gone
    const a = indices[30]!;
    indices[30] = indices[31]!; indices[31] = a; // one top triangle flipped
    const ours = expectSameReports({ positions: mesh.positions, indices }, layout);
    expect(ours.boundaryEdges).toBeGreaterThan(0);
    expect(ours.misorientedEdges).toBeGreaterThan(0);
  });

  it('unreadable meshes: indices past the last vertex and non-finite coordinates are named, not crashed on', () => {
    const { mesh } = device('w246-left-neutral.json', 3);
    const indices = mesh.indices.slice();
    indices[7] = mesh.positions.length; // far past the last vertex
    expect(expectSameReports({ positions: mesh.positions, indices }).problems).toEqual(['1 triangle corners name no vertex']);
    const nan = withPositions(mesh, (p) => { p[4] = NaN; p[11] = Infinity; });
    expect(expectSameReports(nan).problems).toEqual(['2 coordinates are not finite numbers']);
    expect(expectSameReports({ positions: new Float32Array(0), indices: new Uint32Array(0) }).problems.length).toBeGreaterThan(0);
  });

  it("the boundary loops' simplicity test agrees with findSelfIntersection on random polygons, simple or not", () => {
    const loop = (xy: Float64Array) => {
      const n = xy.length / 2;
      const positions = new Float32Array(3 * n);
      for (let i = 0; i < n; i++) { positions[3 * i] = xy[2 * i]!; positions[3 * i + 1] = xy[2 * i + 1]!; }
      // The kernel reads float32 positions: the reference gets the same numbers.
      const xy32 = Float64Array.from({ length: 2 * n }, (_, i) => positions[3 * (i >> 1) + (i & 1)]!);
      return { simple: loadSolidCheckKernel({ positions, indices: new Uint32Array(0) }).loopSimple(0, n) === 1, reference: findSelfIntersection(xy32) === null };
    };
    const lattice = fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 })), { minLength: 3, maxLength: 16 }).map((ps) => Float64Array.from(ps.flat()));
    let simple = 0, crossing = 0;
    fc.assert(
      fc.property(fc.oneof(lattice, outlineArbitrary), (xy) => {
        const { simple: ours, reference } = loop(xy);
        expect(ours).toBe(reference);
        if (ours) simple++; else crossing++;
      }),
      { numRuns: 400, seed: 20261121 },
    );
    expect(simple).toBeGreaterThan(50); // both answers were exercised
    expect(crossing).toBeGreaterThan(50);
  });

  it('a top triangle flipped with its mirror under it (the two-sheet pattern kept, counted from the top alone): identical counts', () => {
    const { mesh, layout } = device('w240-left-bunion.json', 2);
    const nt = layout.topTriangles, T = layout.topCount;
    const indices = mesh.indices.slice();
    const f = Math.floor(nt / 2), g = 3 * (nt + f);
    const [a, b, c] = [indices[3 * f]!, indices[3 * f + 1]!, indices[3 * f + 2]!];
    indices[3 * f + 1] = c; indices[3 * f + 2] = b; // (a, c, b) on top
    indices[g] = T + a; indices[g + 1] = T + b; indices[g + 2] = T + c; // and its mirror, as the solid kernel would write it
    const ours = expectSameReports({ positions: mesh.positions, indices }, layout);
    expect(ours.misorientedEdges).toBeGreaterThan(0);
  });

  it('a top vertex moved onto its neighbour (degenerate triangles, coincident vertices, the topology intact): identical counts', () => {
    const { mesh, layout } = device('w238-right-supination.json', 2);
    const v = layout.boundaryCount + Math.floor((layout.topCount - layout.boundaryCount) / 2);
    const f = mesh.indices.findIndex((x) => x === v);
    const t = f - (f % 3), w = mesh.indices[t + ((f % 3) + 1) % 3]!;
    const moved = withPositions(mesh, (p) => { p.copyWithin(3 * v, 3 * w, 3 * w + 3); });
    // With and without the layout only: the test-side checker reads a soup welded by coordinates,
    // in which the two vertices are one and the triangles that now touch there share it.
    const ours = checkSolid(moved, layout);
    expect(checkSolid(moved)).toEqual(ours);
    expect(ours.degenerateTriangles).toBeGreaterThan(0);
    expect(ours.coincidentVertices).toBe(1);
  });

  it('a layout that does not describe the mesh is ignored: the same report as without one, valid or broken', () => {
    const { mesh, layout } = device('w238-right-supination.json', 3);
    const v = layout.boundaryCount + Math.floor((layout.topCount - layout.boundaryCount) / 2);
    const broken = withPositions(mesh, (p) => { p[3 * v + 2] = p[3 * v + 2]! - 20; });
    const lies: SurfaceLayout[] = [
      { ...layout, boundaryCount: layout.boundaryCount - 1 }, // a loop one vertex short of the sheet's boundary
      { ...layout, topTriangles: layout.topTriangles - 2 }, // two top triangles counted as the underside's
      { ...layout, topCount: layout.topCount + 1 },
      { ...layout, topTriangles: layout.topTriangles + 0.5 },
      { topCount: 0, topTriangles: 0, boundaryCount: 0 },
      { ...layout, topTriangles: mesh.indices.length }, // more triangles than the mesh has
    ];
    for (const m of [mesh, broken]) {
      const plain = checkSolid(m);
      for (const lie of lies) {
        expect(checkSolid(m, lie)).toEqual(plain);
      }
    }
    expect(checkSolid(broken).selfIntersections).toBeGreaterThan(0);
  });

  it('a sheet whose true boundary is not the loop the layout names: the layered test is refused (it could miss pairs)', () => {
    // Two tetrahedra-like caps glued into one closed mesh would be needed for a real lie; here the top
    // sheet's triangles are reordered so that [0, topTriangles) holds some underside triangles.
    const { mesh, layout } = device('w246-left-neutral.json', 3);
    const nt = layout.topTriangles;
    const indices = mesh.indices.slice();
    for (let k = 0; k < 3; k++) { // swap top triangle k with underside triangle k
      for (let c = 0; c < 3; c++) {
        const a = indices[3 * k + c]!;
        indices[3 * k + c] = indices[3 * (nt + k) + c]!;
        indices[3 * (nt + k) + c] = a;
      }
    }
    const swapped = { positions: mesh.positions, indices };
    expect(checkSolid(swapped, layout)).toEqual(checkSolid(swapped));
    expect(checkSolid(swapped).problems).toEqual([]); // the same closed solid, triangles in another order
  });

  it('arrays that are not whole vertices or triangles, and meshes without triangles, are named', () => {
    const { mesh, layout } = device('w246-left-neutral.json', 3);
    const cases: Array<[Mesh, RegExp]> = [
      [{ positions: mesh.positions.subarray(0, mesh.positions.length - 1), indices: mesh.indices }, /coordinates are not whole xyz triples/],
      [{ positions: mesh.positions, indices: mesh.indices.subarray(0, mesh.indices.length - 2) }, /indices are not whole triangles/],
      [{ positions: mesh.positions, indices: new Uint32Array(0) }, /no triangles/],
      [{ positions: new Float32Array(0), indices: new Uint32Array(0) }, /no triangles/],
    ];
    for (const [m, problem] of cases) {
      for (const l of [undefined, layout, { topCount: 0, topTriangles: 0, boundaryCount: 0 }]) {
        const ours = checkSolid(m, l);
        expect(ours.problems.join('\n')).toMatch(problem);
      }
    }
  });

  it('keeps no state between meshes: large, small, then large again give the same reports', () => {
    const large = device('m302-right-large.json', 1.5), small = device('w232-left-high-arch.json', 3);
    const first = checkSolid(large.mesh, large.layout);
    checkSolid(small.mesh, small.layout);
    expect(checkSolid(large.mesh, large.layout)).toEqual(first);
  });

  it('random triangle soups on a small integer lattice (touching, crossing, coplanar, duplicated): the same verdict', () => {
    const coord = fc.integer({ min: -3, max: 3 });
    const vertex = fc.tuple(coord, coord, coord);
    fc.assert(
      fc.property(
        fc.array(vertex, { minLength: 3, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 24 }),
        (verts, faces) => {
          const positions = Float32Array.from(verts.flat());
          const n = verts.length;
          const indices = Uint32Array.from(faces.flatMap(([a, b, c]) => [a % n, b % n, c % n]));
          const ours = checkSolid({ positions, indices });
          // Welded by position, as the independent checker reads a soup: coincident or unused vertices are the kernel's own findings.
          if (!ours.coincidentVertices && !ours.unusedVertices) expect(ours.problems.length === 0).toBe(checkClosedManifold(soup({ positions, indices })).ok);
        },
      ),
      { numRuns: 400, seed: 20261121 },
    );
  });
});

describe('toStl (WebAssembly) against the plain DataView writer', () => {
  it.each(EXAMPLES)('%s at 2 mm: identical bytes', (file) => {
    const { mesh } = device(file, 2);
    expect(Buffer.from(toStl(mesh, { name: file })).equals(Buffer.from(binaryStlOracle(mesh, file)))).toBe(true);
  });

  it('identical bytes for m271 at 1 mm, a large then a small mesh, and names that start with "solid"', () => {
    const large = device('m271-right-neutral.json', 1).mesh, small = device('w246-left-neutral.json', 3).mesh;
    for (const [mesh, name] of [[large, 'orthotic'], [small, 'SOLID thing'], [large, 'x'.repeat(120)]] as const) {
      const ours = toStl(mesh, { name }), reference = binaryStlOracle(mesh, name);
      expect(ours.length).toBe(84 + 50 * (mesh.indices.length / 3));
      expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
    }
  });

  it('borrowed bytes are the same bytes, a view of the writer\'s memory that the next call reuses', () => {
    const large = device('m271-right-neutral.json', 1).mesh, small = device('w246-left-neutral.json', 3).mesh;
    const borrowed = toStl(large, { name: 'b', borrow: true });
    expect(Buffer.from(borrowed).equals(Buffer.from(binaryStlOracle(large, 'b')))).toBe(true);
    const copy = toStl(large, { name: 'b' });
    expect(copy.buffer).not.toBe(borrowed.buffer); // the default is the caller's own copy
    // The next call writes in the same memory (the small mesh needs no more of it): the view is the writer's.
    const next = toStl(small, { name: 'b', borrow: true });
    expect(next.buffer).toBe(borrowed.buffer);
    expect(Buffer.from(next).equals(Buffer.from(binaryStlOracle(small, 'b')))).toBe(true);
    expect(Buffer.from(copy).equals(Buffer.from(binaryStlOracle(large, 'b')))).toBe(true);
  });

  it('refuses triangles that name no vertex, and arrays that are not whole triangles', () => {
    const { mesh } = device('w246-left-neutral.json', 3);
    const indices = mesh.indices.slice();
    indices[5] = mesh.positions.length / 3; // one past the last vertex
    indices[11] = 1e9;
    for (const ascii of [false, true]) {
      expect(() => toStl({ positions: mesh.positions, indices }, { ascii })).toThrow('toStl: 2 triangle corners name no vertex');
      expect(() => toStl({ positions: mesh.positions, indices: mesh.indices.subarray(1) }, { ascii })).toThrow(/not whole vertices and triangles/);
    }
  });

  it('random meshes, with degenerate and non-finite triangles: identical bytes', () => {
    const coord = fc.oneof(fc.float({ noDefaultInfinity: false, noNaN: false }), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord, coord), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 20 }),
        (verts, faces) => {
          const positions = Float32Array.from(verts.flat());
          const indices = Uint32Array.from(faces.flatMap(([a, b, c]) => [a % verts.length, b % verts.length, c % verts.length]));
          expect(Buffer.from(toStl({ positions, indices })).equals(Buffer.from(binaryStlOracle({ positions, indices })))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
  });
});

describe('latticeNodes (WebAssembly) against brute force', () => {
  it('identical distances and counts for feet and stars, any spacing, wall depth and radius', () => {
    fc.assert(
      fc.property(
        outlineArbitrary,
        fc.double({ min: 0.4, max: 4, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 8, noNaN: true }), { minLength: 1, maxLength: 7 }),
        fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.constant(Infinity)),
        (outline, h, depths, radiusMm) => {
          const nb = outline.length >> 1;
          let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
          for (let i = 0; i < nb; i++) {
            minX = Math.min(minX, outline[2 * i]!); maxX = Math.max(maxX, outline[2 * i]!);
            minY = Math.min(minY, outline[2 * i + 1]!); maxY = Math.max(maxY, outline[2 * i + 1]!);
          }
          const ox = Math.floor(minX / h) * h, oy = Math.floor(minY / h) * h;
          const lattice = { ox, oy, h, nx: Math.ceil((maxX - ox) / h) + 1, ny: Math.ceil((maxY - oy) / h) + 1 };
          // A wall along part of the outline, as under a heel cup; a radius varying along the foot.
          const ringDepth = Float64Array.from({ length: nb }, (_, i) => (i < nb / 3 ? depths[i % depths.length]! : 0));
          const radius = Float64Array.from({ length: lattice.nx }, (_, ix) => (ix % 3 === 0 ? radiusMm : radiusMm / 2));
          const inputs = { outline, ringDepth, radius, cellSize: Math.max(2, 2 * h), clearance: 0.6 * h };
          const ours = latticeNodes(inputs, lattice), reference = latticeNodesOracle(inputs, lattice);
          expect(ours.count).toBe(reference.count);
          expect(Buffer.from(ours.nodeDist.buffer).equals(Buffer.from(reference.nodeDist.buffer))).toBe(true);
        },
      ),
      { numRuns: 120, seed: 20261121 },
    );
  });
});

describe('the surface kernel holds one surface at a time (src/geometry/surface/surface.ts)', () => {
  it('answers for whichever surface asks, reloading it, before and after a solid is built', () => {
    const a = designDevice(prepareBuild(loadScan('examples/m271-right-neutral.json')), 3).device.surface.surface;
    const b = designDevice(prepareBuild(loadScan('examples/w238-right-supination.json')), 3).device.surface.surface;
    const probe = (s: typeof a) => [s.plinth(60, 0), s.archFactor(110, 10), s.wallHeight(20, 0), s.widthAt(150), s.featureReach(200)];
    const first = [probe(a), probe(b)];
    expect(first[0]).not.toEqual(first[1]); // two different surfaces
    // Alternate, build a solid with one (its mesh is allocated after the surface in the kernel's memory), then ask again.
    expect([probe(a), probe(b), probe(a)]).toEqual([first[0], first[1], first[0]]);
    const prep = prepareBuild(loadScan('examples/m271-right-neutral.json'));
    const before = designDevice(prep, 3).device.mesh;
    expect([probe(b), probe(a)]).toEqual([first[1], first[0]]);
    const again = designDevice(prep, 3).device.mesh;
    expect(Buffer.from(again.positions.buffer).equals(Buffer.from(before.positions.buffer))).toBe(true);
  });
});

describe('measureDevice (WebAssembly) against brute force', () => {
  it("the thickness rays find the nearest underside or rim triangle, as testing every one does (two feet at 3 and 4 mm, the kernel's memory reused)", () => {
    const devices = ['examples/m271-right-neutral.json', 'examples/w238-right-supination.json', 'examples/m271-right-neutral.json'].map((path, i) => {
      const prep = prepareBuild(loadScan(path));
      return { prep, device: designDevice(prep, i === 1 ? 3 : 4).device };
    });
    for (const { prep, device } of devices) {
      const lm = prep.landmarks, fl = lm.footLengthMm;
      const w = {
        footLengthMm: fl, heelWidthMm: lm.heelWidthMm, medialSign: lm.medialSign, heelCentre: lm.heelCentre, archApex: device.surface.apex,
        topCount: device.layout.topCount, topTriangles: device.layout.topTriangles, boundaryCount: device.layout.boundaryCount,
        postFlatUntilX: 0.2 * fl, shellFromX: 0.36 * fl,
      };
      const ours = measureDevice(device.mesh, w);
      const reference = thicknessOracle(device.mesh, w.topCount, w.topTriangles, w.boundaryCount, w.shellFromX);
      expect(ours.minThicknessMm).toBeCloseTo(reference.min, 9);
      expect(ours.maxShellThicknessMm).toBeCloseTo(reference.maxShell, 9);
      expect(ours.minThicknessMm).toBeGreaterThan(0);
    }
  });
});
