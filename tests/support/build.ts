import { readFileSync } from 'node:fs';
import { buildOrthotic, toStl, type BuildReport, type FootScan, type Mesh } from '../../src/index.js';
import { pitchAt, SURFACE_RULES } from '../../src/geometry/index.js';
import { readStl } from './stl.js';
import { facetNormal, fitPlane, makeProbe, pointTriangleDistance2, type Probe } from './probe.js';

/** Reads a scan file of the repository. */
export function loadScan(path: string): FootScan {
  return JSON.parse(readFileSync(path, 'utf8')) as FootScan;
}

/** What the test side measures on a device re-read from its STL, without the kernel's help. */
export interface Independent {
  triangles: Float32Array;
  probe: Probe;
  postAngleDeg: number;
  /** +1 when the heel seat rises toward +y. */
  postRisesToward: number;
  heelCupDepthMm: number;
  archHeightMm: number;
  minThicknessMm: number;
  maxShellThicknessMm: number;
  /** Highest of the lowest hits under the post region (0 when the underside lies on the floor). */
  postUndersideMaxZ: number;
  maxX: number;
}

/**
 * Builds a scan with the library, writes the STL, reads it back with the test-side reader and
 * measures it with vertical probes: seat plane, rim height, arch apex height, shell thickness.
 */
export function buildAndMeasure(scan: unknown, rx?: unknown, resolutionMm?: number): { report: BuildReport; stl: Uint8Array; m: Independent } {
  return measureBuilt(buildOrthotic(scan, rx, resolutionMm ? { resolutionMm } : {}));
}

/** Writes a built device's STL, reads it back with the test-side reader and measures it (see buildAndMeasure). */
export function measureBuilt({ mesh, report }: { mesh: Mesh; report: BuildReport }): { report: BuildReport; stl: Uint8Array; m: Independent } {
  const stl = toStl(mesh);
  const { triangles } = readStl(stl);
  // A device pitched for a shoe's heel (tests/geometry/shoe.test.ts checks the pitch is exactly this
  // vertical shear) is measured level, as prescribed.
  const pitch = report.shoe?.pitch;
  if (pitch) {
    for (let i = 0; i < triangles.length; i += 3) {
      const z = triangles[i + 2]! - pitchAt(pitch, triangles[i]!);
      triangles[i + 2] = z < 0 && z > -1e-4 ? 0 : z; // float32 rounding of the floor
    }
  }
  const probe = makeProbe(triangles);
  const fl = report.foot.footLengthMm;
  const [hx, hy] = report.foot.landmarks.heelCentre;
  const band = 0.12 * report.foot.heelWidthMm;
  const seat: Array<[number, number, number]> = [];
  for (let x = 0.07 * fl; x <= 0.15 * fl; x += 1) {
    for (let y = hy - band; y <= hy + band; y += 1) {
      const h = probe.hits(x, y);
      if (h.length) seat.push([x - hx, y - hy, h[0]!]);
    }
  }
  // Robust to recesses in the seat (heel-spur relief, a groove's end), which only ever lower it:
  // refit on the points not below the previous plane until the plane settles.
  let kept = seat;
  let [a, b, c] = fitPlane(kept);
  for (let i = 0; i < 8; i++) {
    const [pa, pb, pc] = [a, b, c];
    kept = seat.filter(([x, y, z]) => z > pa + pb * x + pc * y - 0.02);
    [a, b, c] = fitPlane(kept);
  }
  const plane = (x: number, y: number) => a + b * (x - hx) + c * (y - hy);
  // Rim at the back of the heel: the highest point within 1 mm of x = 0 near the heel's centre line.
  let rim = -Infinity, rimX = 0, rimY = 0;
  for (let i = 0; i < triangles.length; i += 3) {
    const x = triangles[i]!, y = triangles[i + 1]!, z = triangles[i + 2]!;
    if (x >= -1e-3 && x < 1 && Math.abs(y - hy) < 8 && z > rim) { rim = z; rimX = x; rimY = y; }
  }
  const [ax, ay] = report.foot.landmarks.archApex;
  const apex = probe.hits(ax, ay)[0] ?? NaN;
  // Thickness: from sample points on the top surface (kept 2t clear of the rim) to the nearest facet
  // that faces the other way (the underside), by exact point-triangle distance.
  const t = report.prescription.applied.shellThickness;
  const post = report.prescription.applied.rearfootPost;
  const shellFrom = post ? SURFACE_RULES.postGoneBy * fl + 2 : -Infinity;
  const near = facetGrid(triangles, 2);
  let minT = Infinity, maxShellT = 0, underside = 0;
  const [x0, y0, , x1, y1] = probe.bounds;
  for (let x = x0 + 1.3; x < x1; x += 2.1) {
    for (let y = y0 + 1.1; y < y1; y += 2.1) {
      const top = probe.top(x, y);
      if (!top) continue;
      const r = 2 * t;
      if (!probe.hits(x + r, y).length || !probe.hits(x - r, y).length || !probe.hits(x, y + r).length || !probe.hits(x, y - r).length) continue;
      const n = facetNormal(triangles, top.facet);
      let best = Infinity;
      for (const f of near(x, y, top.z, 2 * t + 1)) {
        const m = facetNormal(triangles, f);
        if (n[0] * m[0] + n[1] * m[1] + n[2] * m[2] > -0.5) continue;
        best = Math.min(best, pointTriangleDistance2(triangles, f, x, y, top.z));
      }
      const d = Math.sqrt(best);
      minT = Math.min(minT, d);
      if (x > shellFrom && Number.isFinite(d)) maxShellT = Math.max(maxShellT, d);
      const h = probe.hits(x, y);
      if (post && x > 3 && x < SURFACE_RULES.postFullUntil * fl) underside = Math.max(underside, h[h.length - 1]!);
    }
  }
  return {
    report,
    stl,
    m: {
      triangles,
      probe,
      postAngleDeg: (Math.atan(Math.abs(c)) * 180) / Math.PI,
      postRisesToward: Math.sign(c),
      heelCupDepthMm: rim - plane(rimX, rimY),
      archHeightMm: apex - plane(hx, hy),
      minThicknessMm: minT,
      maxShellThicknessMm: maxShellT,
      postUndersideMaxZ: underside,
      maxX: probe.bounds[3],
    },
  };
}

/** A 3D grid of facets for radius queries. */
function facetGrid(tri: Float32Array, cell: number): (x: number, y: number, z: number, r: number) => number[] {
  const map = new Map<string, number[]>();
  const key = (i: number, j: number, k: number) => `${i},${j},${k}`;
  for (let f = 0; f < tri.length / 9; f++) {
    const xs = [tri[9 * f]!, tri[9 * f + 3]!, tri[9 * f + 6]!], ys = [tri[9 * f + 1]!, tri[9 * f + 4]!, tri[9 * f + 7]!], zs = [tri[9 * f + 2]!, tri[9 * f + 5]!, tri[9 * f + 8]!];
    for (let i = Math.floor(Math.min(...xs) / cell); i <= Math.floor(Math.max(...xs) / cell); i++)
      for (let j = Math.floor(Math.min(...ys) / cell); j <= Math.floor(Math.max(...ys) / cell); j++)
        for (let k = Math.floor(Math.min(...zs) / cell); k <= Math.floor(Math.max(...zs) / cell); k++) {
          const list = map.get(key(i, j, k));
          if (list) list.push(f); else map.set(key(i, j, k), [f]);
        }
  }
  return (x, y, z, r) => {
    const out = new Set<number>();
    for (let i = Math.floor((x - r) / cell); i <= Math.floor((x + r) / cell); i++)
      for (let j = Math.floor((y - r) / cell); j <= Math.floor((y + r) / cell); j++)
        for (let k = Math.floor((z - r) / cell); k <= Math.floor((z + r) / cell); k++) for (const f of map.get(key(i, j, k)) ?? []) out.add(f);
    return [...out];
  };
}
