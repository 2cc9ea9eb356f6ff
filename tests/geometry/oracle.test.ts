import jscad from '@jscad/modeling';
import stlSerializer from '@jscad/stl-serializer';
import { describe, expect, it } from 'vitest';
import { buildOrthotic, toStl } from '../../src/index.js';
import { readStl } from '../support/stl.js';
import { loadScan } from '../support/build.js';

/**
 * Independent references: JSCAD measures the same volume and bounding box from the mesh's polygons,
 * and @jscad/stl-serializer writes the same triangles (binary and ASCII) that toStl writes.
 */
const { geometries, measurements } = jscad;
const { mesh, report } = buildOrthotic(loadScan('examples/w246-left-neutral.json'), undefined, { resolutionMm: 2 });
const polygons: number[][][] = [];
for (let f = 0; f < mesh.indices.length / 3; f++) {
  polygons.push([0, 1, 2].map((k) => {
    const v = mesh.indices[3 * f + k]!;
    return [mesh.positions[3 * v]!, mesh.positions[3 * v + 1]!, mesh.positions[3 * v + 2]!];
  }));
}
const solid = geometries.geom3.fromPoints(polygons as never);

describe('JSCAD as a reference', () => {
  it('measures the same volume and bounding box', () => {
    expect(measurements.measureVolume(solid)).toBeCloseTo(report.measured!.volumeMm3, 0);
    const [[x0, y0, z0], [x1, y1, z1]] = measurements.measureBoundingBox(solid) as [number[], number[]];
    expect(x1! - x0!).toBeCloseTo(report.measured!.overall.lengthMm, 4);
    expect(y1! - y0!).toBeCloseTo(report.measured!.overall.widthMm, 4);
    expect(z1! - z0!).toBeCloseTo(report.measured!.overall.heightMm, 4);
  });

  it('writes the same binary STL triangles as @jscad/stl-serializer (which snaps to its own epsilon)', () => {
    const theirs = stlSerializer.serialize({ binary: true }, solid) as ArrayBuffer[];
    const bytes = new Uint8Array(theirs.reduce((n, b) => n + b.byteLength, 0));
    let o = 0;
    for (const b of theirs) { bytes.set(new Uint8Array(b), o); o += b.byteLength; }
    expect(bytes.length).toBe(toStl(mesh).length);
    expect(maxDifference(readStl(bytes).triangles, readStl(toStl(mesh)).triangles)).toBeLessThan(1e-3);
  });

  it('writes the same ASCII STL triangles as @jscad/stl-serializer (within its printing precision)', () => {
    const theirs = (stlSerializer.serialize({ binary: false }, solid) as string[]).join('');
    const a = readStl(new TextEncoder().encode(theirs)).triangles;
    const b = readStl(toStl(mesh, { ascii: true })).triangles;
    expect(a.length).toBe(b.length);
    expect(maxDifference(a, b)).toBeLessThan(1e-3);
    expect(maxDifference(b, readStl(toStl(mesh)).triangles)).toBe(0); // ours round-trips float32 exactly
  });
});

/** Largest absolute difference between two equally long arrays (Infinity when the lengths differ). */
function maxDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
