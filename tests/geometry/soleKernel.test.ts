/**
 * The sole kernel (assembly/sole.ts: a 3D scan's grid passes) and the weld kernel (assembly/weld.ts),
 * each the one implementation of what it computes, against the slow, obvious versions in
 * tests/oracles/sole.ts, on random grids, masks, meshes and soups. (The intake as a whole is proved by
 * tests/scan3d: real and synthetic scans, their fit and their refusals.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weld } from '../../src/geometry/mesh/index.js';
import { components, envelope, insideDistance, polygonMask, resampleSole, smoothMasked, soleAt, type GridSpec } from '../../src/geometry/sole/index.js';
import { componentsOracle, envelopeOracle, insideDistanceOracle, polygonMaskOracle, smoothMaskedOracle, soleAtOracle, weldOracle } from '../oracles/sole.js';

const grid = fc.record({ nx: fc.integer({ min: 3, max: 24 }), ny: fc.integer({ min: 3, max: 18 }), step: fc.constantFrom(0.5, 1, 2), x0: fc.double({ min: -5, max: 5, noNaN: true }), y0: fc.double({ min: -5, max: 5, noNaN: true }) });
const maskOn = (g: GridSpec, fill: number, seed: number): Uint8Array => {
  let s = seed >>> 0;
  return Uint8Array.from({ length: g.nx * g.ny }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 < fill ? 1 : 0; });
};
const heightsOn = (g: GridSpec, seed: number): Float64Array => Float64Array.from({ length: g.nx * g.ny }, (_, k) => Math.sin(k * 0.37 + seed) * 5 + (k % g.nx) * 0.1);

describe('the sole kernel against its oracles', () => {
  it('envelope: the lowest and highest triangle over each cell, as trying every triangle at every cell', () => {
    fc.assert(fc.property(grid, fc.array(fc.double({ min: -15, max: 40, noNaN: true }), { minLength: 27, maxLength: 90 }), fc.boolean(), (g, coords, below) => {
      const n = Math.floor(coords.length / 9) * 9;
      const q = Float64Array.from(coords.slice(0, n), (v, i) => (i % 3 === 2 ? v / 4 : v));
      const indices = Uint32Array.from({ length: n / 3 }, (_, i) => i);
      const ours = envelope(q, indices, g, below), oracle = envelopeOracle(q, indices, g, below);
      ours.forEach((v, k) => { if (oracle[k] !== oracle[k]) expect(v).toBeNaN(); else expect(v).toBeCloseTo(oracle[k]!, 9); });
    }), { numRuns: 150 });
  });

  it('components: the same labels (in scan order) and sizes as union-find', () => {
    fc.assert(fc.property(grid, fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.integer(), (g, fill, seed) => {
      const mask = maskOn(g, fill, seed);
      expect(components(mask, g)).toEqual(componentsOracle(mask, g));
    }), { numRuns: 200 });
  });

  it('insideDistance: the chamfer distance to the nearest cell outside, as the closed form over every outside cell', () => {
    fc.assert(fc.property(grid, fc.double({ min: 0.3, max: 0.98, noNaN: true }), fc.integer(), (g, fill, seed) => {
      const mask = maskOn(g, fill, seed);
      const ours = insideDistance(mask, g), oracle = insideDistanceOracle(mask, g);
      ours.forEach((v, k) => expect(v).toBeCloseTo(oracle[k]!, 9));
    }), { numRuns: 200 });
  });

  it('smoothMasked: the separable Gaussian over the mask, as the 2D sum', () => {
    fc.assert(fc.property(grid, fc.double({ min: 0.4, max: 1, noNaN: true }), fc.integer(), fc.double({ min: 0.3, max: 3, noNaN: true }), (g, fill, seed, sigma) => {
      const mask = maskOn(g, fill, seed), h = heightsOn(g, seed);
      const ours = smoothMasked(h, mask, g, sigma), oracle = smoothMaskedOracle(h, mask, g, sigma);
      ours.forEach((v, k) => expect(v).toBeCloseTo(oracle[k]!, 9));
    }), { numRuns: 150 });
  });

  it('polygonMask: the cells whose centres are inside, as the even-odd test at every cell', () => {
    fc.assert(fc.property(grid, fc.array(fc.tuple(fc.double({ min: -8, max: 40, noNaN: true }), fc.double({ min: -8, max: 30, noNaN: true })), { minLength: 3, maxLength: 12 }), (g, pts) => {
      const xy = Float64Array.from(pts.flat().map((v) => v + 0.123456789));
      expect(Array.from(polygonMask(xy, g))).toEqual(Array.from(polygonMaskOracle(xy, g)));
    }), { numRuns: 200 });
  });

  it('soleAt and resampleSole: bilinear, clamped to the edge, identical to the plain formula', () => {
    fc.assert(fc.property(grid, fc.integer(), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), (g, seed, angle) => {
      const sole = { ...g, heights: heightsOn(g, seed) };
      for (const [x, y] of [[g.x0 - 3, g.y0 + 1.3], [g.x0 + 2.71, g.y0 + 1.1], [g.x0 + 100, g.y0 + 0.5]] as const) expect(soleAt(sole, x, y)).toBe(soleAtOracle(sole.heights, g, x, y));
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const matrix = [c, -s, 3, s, c, -2, 0, 0, 1];
      const out = resampleSole(sole, matrix, [-10, -10, 20, 15], 1.5);
      for (let j = 0; j < out.ny; j++) for (let i = 0; i < out.nx; i++) {
        const xq = -10 + i * 1.5 - 3, yq = -10 + j * 1.5 + 2;
        expect(out.heights[i + out.nx * j]).toBe(soleAtOracle(sole.heights, g, c * xq + s * yq, -s * xq + c * yq));
      }
    }), { numRuns: 100 });
  });
});

describe('the weld kernel against a weld keyed by text', () => {
  it('the same vertices in the same order and the same indices, float32 and float64 soups, -0 as 0, across chunks', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 9, maxLength: 600 }), fc.boolean(), (ints, f32) => {
      const n = Math.floor(ints.length / 9) * 9;
      const values = ints.slice(0, n).map((v) => (v === 0 && n % 2 ? -0 : v * 0.3));
      const soup = f32 ? Float32Array.from(values) : Float64Array.from(values);
      const ours = weld(soup.slice()), oracle = weldOracle(soup);
      expect(Array.from(ours.positions)).toEqual(Array.from(oracle.positions));
      expect(Array.from(ours.indices)).toEqual(Array.from(oracle.indices));
    }), { numRuns: 300 });
    // Many chunks: 200k distinct and repeated corners.
    const big = Float32Array.from({ length: 9 * 70_000 }, (_, i) => Math.floor(i / 7) % 5000 + (i % 3) * 0.25);
    const ours = weld(big.slice()), oracle = weldOracle(big);
    expect(ours.positions.length).toBe(oracle.positions.length);
    expect(Array.from(ours.indices).every((v, i) => v === oracle.indices[i])).toBe(true);
  });
});
