/**
 * The WebAssembly kernels (assembly/*.ts) against the JavaScript they replace on a build's path,
 * kept as their references:
 * - the closed-solid check every build runs (assembly/solidCheck.ts) against checkSolidReference:
 *   identical reports (every count, the volume to the bit, the first intersecting pair) on real
 *   devices, on devices broken on purpose, and on random triangle soups;
 * - the footprint lattice's distances to the outline (assembly/domain.ts) against
 *   latticeNodesReference: identical distances, node for node;
 * - the solid's assembly from the sampled surface (assembly/solid.ts) against buildSolidReference;
 *   with the lattice, whole devices built both ways: identical meshes;
 * - the binary STL writer (assembly/stl.ts) against toStlReference: identical bytes.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designDevice, prepareBuild } from '../src/pipeline/index.js';
import { toStl, toStlReference } from '../src/export/index.js';
import { baseHeight, FEATURE_RECORD, featureAt, floorBlend, packSurface } from '../src/geometry/surfaces/index.js';
import { SOLID_WASM } from '../src/wasm/generated/solidWasm.js';
import { instantiateKernel, writeArray } from '../src/wasm/kernel.js';
import { latticeNodes, latticeNodesReference } from '../src/geometry/domain/index.js';
import type { Mesh } from '../src/geometry/index.js';
import { checkSolid, checkSolidReference, isGraphOverXY, type SurfaceLayout } from '../src/geometry/validate/index.js';
import { loadSolidCheckKernel } from '../src/geometry/validate/solidCheckKernel.js';
import { findSelfIntersection } from '../src/geometry/outline/index.js';
import { loadScan } from './support/build.js';
import { outlineArbitrary } from './support/outlines.js';

const EXAMPLES = readdirSync('examples').filter((f) => f.endsWith('.json') && !f.includes('pair'));

function device(file: string, resolutionMm: number): { mesh: Mesh; layout: SurfaceLayout } {
  return designDevice(prepareBuild(loadScan(`examples/${file}`)), resolutionMm).device;
}

/** Both checks, with and without the layout; returns the kernel's report with the layout. */
function expectSameReports(mesh: Mesh, layout?: SurfaceLayout): ReturnType<typeof checkSolid> {
  const ours = checkSolid(mesh, layout);
  expect(ours).toEqual(checkSolidReference(mesh, layout));
  if (layout) expect(checkSolid(mesh)).toEqual(checkSolidReference(mesh));
  return ours;
}

/** A copy of a mesh with new positions. */
function withPositions(mesh: Mesh, edit: (p: Float32Array) => void): Mesh {
  const positions = mesh.positions.slice();
  edit(positions);
  return { positions, indices: mesh.indices };
}

describe('checkSolid (WebAssembly) against checkSolidReference (JavaScript)', () => {
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
    const topLoop = Uint32Array.from({ length: layout.boundaryCount }, (_, i) => i);
    expect(isGraphOverXY(broken, 0, layout.topTriangles, 1, topLoop)).toBe(false); // so every nearby pair is tested
    expectSameReports(broken, layout);
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
        expect(checkSolidReference(m, lie)).toEqual(checkSolidReference(m));
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
    expect(checkSolidReference(swapped, layout)).toEqual(checkSolidReference(swapped));
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
        expect(ours).toEqual(checkSolidReference(m, l));
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

  it('random triangle soups on a small integer lattice (touching, crossing, coplanar, duplicated): identical reports', () => {
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
          expect(checkSolid({ positions, indices })).toEqual(checkSolidReference({ positions, indices }));
        },
      ),
      { numRuns: 400, seed: 20261121 },
    );
  });
});

describe('devices built with the WebAssembly kernels against the JavaScript references', () => {
  const same = (a: Mesh, b: Mesh) =>
    Buffer.from(a.positions.buffer, a.positions.byteOffset, a.positions.byteLength).equals(Buffer.from(b.positions.buffer, b.positions.byteOffset, b.positions.byteLength)) &&
    Buffer.from(a.indices.buffer, a.indices.byteOffset, a.indices.byteLength).equals(Buffer.from(b.indices.buffer, b.indices.byteOffset, b.indices.byteLength));

  it.each(EXAMPLES)('%s at 1.5 mm: identical meshes (positions to the bit)', (file) => {
    const prep = prepareBuild(loadScan(`examples/${file}`));
    const ours = designDevice(prep, 1.5).device, reference = designDevice(prep, 1.5, { reference: true }).device;
    expect(ours.layout).toEqual(reference.layout);
    expect(same(ours.mesh, reference.mesh)).toBe(true);
  });

  it('every modification at once, shell and filled, at 1 mm: identical meshes', () => {
    const every = {
      shellThickness: 4, heelCupDepth: 16, length: 'full', rearfootPost: { wedge: 'medial', angle: 3 }, medialHeelSkive: { depth: 2 },
      forefootPost: { wedge: 'varus', angle: 1 }, heelLift: 3, metatarsalPad: {}, metatarsalBar: {}, plantarFasciaGroove: {},
      heelSpurRelief: { depth: 2 }, firstRayCutout: {}, mortonsExtension: { height: 2 }, reverseMortonsExtension: {}, bunionRelief: {},
      bunionetteRelief: {}, medialFlange: 6, lateralFlange: 4, archFill: 2, topCover: 1.5,
    };
    for (const construction of ['shell', 'filled']) {
      const prep = prepareBuild(loadScan('examples/m271-right-neutral.json'), { ...every, construction });
      expect(prep.applied.construction).toBe(construction);
      expect(same(designDevice(prep, 1).device.mesh, designDevice(prep, 1, { reference: true }).device.mesh)).toBe(true);
    }
  });
});

describe('the WebAssembly surface against the JavaScript surface functions', () => {
  interface Kernel {
    memory: WebAssembly.Memory;
    begin(nv: number, nt: number, nb: number, stations: number, features: number): void;
    xy(): number; distance(): number; params(): number; features(): number; medialY(): number; width(): number;
    z(): number; feature(): number; keep(): number;
    sample(): void;
    hypot(x: number, y: number): number;
  }
  const kernel = instantiateKernel<Kernel>(SOLID_WASM, 'solid (test)');
  const every = {
    shellThickness: 4, heelCupDepth: 16, length: 'full', rearfootPost: { wedge: 'medial', angle: 3 }, medialHeelSkive: { depth: 2 },
    forefootPost: { wedge: 'varus', angle: 1, extent: 'full' }, heelLift: 3, metatarsalPad: {}, metatarsalBar: {}, plantarFasciaGroove: {},
    heelSpurRelief: { depth: 2 }, firstRayCutout: {}, mortonsExtension: { height: 2 }, reverseMortonsExtension: {}, bunionRelief: {},
    bunionetteRelief: {}, medialFlange: 6, lateralFlange: 4, archFill: 2, topCover: 1.5,
  };
  const surfaces = [
    ...EXAMPLES.map((file) => [file, designDevice(prepareBuild(loadScan(`examples/${file}`)), 3).device.surface] as const),
    ...['m271-right-neutral.json', 'w246-left-neutral.json'].map((file) => [`${file} + every modification`, designDevice(prepareBuild(loadScan(`examples/${file}`), every), 3).device.surface] as const),
  ];

  it.each(surfaces)('%s: base height, features and floor blend to the bit at 20k points over and around the device', (_, surface) => {
    const packed = packSurface(surface);
    const n = 20_000;
    // Points over the device's bounding box and beyond it, with distances inside, at and beyond the walls, or unknown (-1).
    const xy = new Float64Array(2 * n), distance = new Float64Array(n);
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const len = surface.mods.fl;
    for (let i = 0; i < n; i++) {
      xy[2 * i] = -10 + rnd() * (len + 20);
      xy[2 * i + 1] = (rnd() - 0.5) * 0.6 * len;
      distance[i] = i % 7 === 0 ? -1 : rnd() * 40;
    }
    kernel.begin(n, 0, 0, packed.medialY.length, packed.features.length / FEATURE_RECORD);
    const { memory } = kernel;
    writeArray(memory, kernel.xy(), xy);
    writeArray(memory, kernel.distance(), distance);
    writeArray(memory, kernel.params(), packed.params);
    writeArray(memory, kernel.features(), packed.features);
    writeArray(memory, kernel.medialY(), packed.medialY);
    writeArray(memory, kernel.width(), packed.width);
    kernel.sample();
    const buf = memory.buffer;
    const z = new Float64Array(buf, kernel.z(), n), feature = new Float64Array(buf, kernel.feature(), n), keep = new Float64Array(buf, kernel.keep(), n);
    let features = 0;
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i]!, y = xy[2 * i + 1]!, d = distance[i]!;
      const want = [baseHeight(surface, x, y, d), featureAt(surface, x, y, d), surface.mods.filled ? 0 : 1 - floorBlend(surface, x)];
      const got = [z[i]!, feature[i]!, keep[i]!];
      if (!want.every((w, k) => Object.is(w, got[k]))) expect({ x, y, d, got }).toEqual({ x, y, d, got: want });
      if (want[1] !== 0) features++;
    }
    if (surface.mods.features.length) expect(features).toBeGreaterThan(100); // the features were reached
  });

  it('hypot is Math.hypot to the bit', () => {
    fc.assert(fc.property(fc.double(), fc.double(), (x, y) => { expect(Object.is(kernel.hypot(x, y), Math.hypot(x, y))).toBe(true); }), { numRuns: 20_000, seed: 20261121 });
    for (let i = 0; i < 200_000; i++) {
      const x = (Math.random() - 0.5) * 100, y = (Math.random() - 0.5) * 100;
      if (!Object.is(kernel.hypot(x, y), Math.hypot(x, y))) expect([x, y, kernel.hypot(x, y)]).toEqual([x, y, Math.hypot(x, y)]);
    }
  });
});

describe('toStl (WebAssembly) against toStlReference (JavaScript)', () => {
  it.each(EXAMPLES)('%s at 2 mm: identical bytes', (file) => {
    const { mesh } = device(file, 2);
    expect(Buffer.from(toStl(mesh, { name: file })).equals(Buffer.from(toStlReference(mesh, { name: file })))).toBe(true);
  });

  it('identical bytes for m271 at 1 mm, a large then a small mesh, and names that start with "solid"', () => {
    const large = device('m271-right-neutral.json', 1).mesh, small = device('w246-left-neutral.json', 3).mesh;
    for (const [mesh, name] of [[large, 'orthotic'], [small, 'SOLID thing'], [large, 'x'.repeat(120)]] as const) {
      const ours = toStl(mesh, { name }), reference = toStlReference(mesh, { name });
      expect(ours.length).toBe(84 + 50 * (mesh.indices.length / 3));
      expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
    }
  });

  it('refuses triangles that name no vertex, and arrays that are not whole triangles, as the reference does', () => {
    const { mesh } = device('w246-left-neutral.json', 3);
    const indices = mesh.indices.slice();
    indices[5] = mesh.positions.length / 3; // one past the last vertex
    indices[11] = 1e9;
    for (const write of [toStl, toStlReference]) {
      for (const ascii of [false, true]) {
        expect(() => write({ positions: mesh.positions, indices }, { ascii })).toThrow('toStl: 2 triangle corners name no vertex');
        expect(() => write({ positions: mesh.positions, indices: mesh.indices.subarray(1) }, { ascii })).toThrow(/not whole vertices and triangles/);
      }
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
          expect(Buffer.from(toStl({ positions, indices })).equals(Buffer.from(toStlReference({ positions, indices })))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
  });
});

describe('latticeNodes (WebAssembly) against latticeNodesReference (JavaScript)', () => {
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
          const ours = latticeNodes(inputs, lattice), reference = latticeNodesReference(inputs, lattice);
          expect(ours.count).toBe(reference.count);
          expect(Buffer.from(ours.nodeDist.buffer).equals(Buffer.from(reference.nodeDist.buffer))).toBe(true);
        },
      ),
      { numRuns: 120, seed: 20261121 },
    );
  });
});
