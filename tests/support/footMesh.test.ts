/**
 * The synthetic scans are what they claim: the foot model has the real feet's arch facts
 * (../shared/real-scans/README.md), the scan mesh is an oriented 2-manifold whose only boundary is the
 * leg's cut and whose plantar surface seen from below is soleHeight, the impression is a closed foam
 * box whose cavity is the sole, the frames come back exactly, and everything is deterministic.
 */
import { describe, expect, it } from 'vitest';
import {
  envelopeZ, fileFrameMatrices, footModel, footprintDistance, footScanMesh, impressionMesh, mat4Apply, mat4Invert,
  mat4Multiply, mat4Rotate, mat4Translate, medialBorderY, placeMesh, soleHeight, transformMesh, dorsalHeight,
  type FileFrame, type FootModel, type SynthMesh,
} from './footMesh.js';
import { checkClosedManifold } from './meshCheck.js';
import { ellipse } from './outlines.js';

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Topology of an indexed triangle mesh (vertices by index, no welding). */
interface Topology {
  vertices: number;
  edges: number;
  faces: number;
  euler: number;
  /** Directed edges used twice (two triangles running the same way: inconsistent orientation). */
  misoriented: number;
  /** Undirected edges used by more than two triangles. */
  overused: number;
  /** Vertices whose triangles do not form one fan. */
  pinched: number;
  unused: number;
  degenerate: number;
  components: number;
  /** Boundary loops, each as its vertex indices in order. */
  loops: number[][];
}

function topology(m: SynthMesh): Topology {
  const ix = m.indices, p = m.positions;
  const nv = p.length / 3, nt = ix.length / 3;
  const directed = new Map<number, number>(); // a*nv+b -> count
  const undirected = new Map<number, number>();
  let degenerate = 0;
  for (let t = 0; t < nt; t++) {
    const a = ix[3 * t]!, b = ix[3 * t + 1]!, c = ix[3 * t + 2]!;
    const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
    const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
    const area = 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    if (a === b || b === c || a === c || area < 1e-6) degenerate++;
    for (let k = 0; k < 3; k++) {
      const u = ix[3 * t + k]!, v = ix[3 * t + ((k + 1) % 3)]!;
      directed.set(u * nv + v, (directed.get(u * nv + v) ?? 0) + 1);
      const key = Math.min(u, v) * nv + Math.max(u, v);
      undirected.set(key, (undirected.get(key) ?? 0) + 1);
    }
  }
  let misoriented = 0, overused = 0;
  for (const c of directed.values()) if (c > 1) misoriented++;
  for (const c of undirected.values()) if (c > 2) overused++;
  // Boundary: directed edges whose reverse is absent; follow them into loops.
  const next = new Map<number, number>();
  for (const key of directed.keys()) {
    const a = Math.floor(key / nv), b = key % nv;
    if (!directed.has(b * nv + a)) next.set(a, b);
  }
  const loops: number[][] = [];
  const seen = new Set<number>();
  for (const startV of next.keys()) {
    if (seen.has(startV)) continue;
    const loop: number[] = [];
    let v = startV;
    while (!seen.has(v) && next.has(v)) {
      seen.add(v);
      loop.push(v);
      v = next.get(v)!;
    }
    loops.push(loop);
  }
  // Fans: around each vertex, the link edges (b -> c for triangle v, b, c) must form one path or cycle.
  const link = new Map<number, Map<number, number>>();
  for (let t = 0; t < nt; t++) {
    for (let k = 0; k < 3; k++) {
      const v = ix[3 * t + k]!, b = ix[3 * t + ((k + 1) % 3)]!, c = ix[3 * t + ((k + 2) % 3)]!;
      if (!link.has(v)) link.set(v, new Map());
      link.get(v)!.set(b, c);
    }
  }
  let pinched = 0;
  for (const l of link.values()) {
    const targets = new Set(l.values());
    const starts = [...l.keys()].filter((b) => !targets.has(b));
    if (starts.length > 1) {
      pinched++;
      continue;
    }
    let b = starts[0] ?? l.keys().next().value!;
    let visited = 0;
    const guard = new Set<number>();
    while (l.has(b) && !guard.has(b)) {
      guard.add(b);
      visited++;
      b = l.get(b)!;
    }
    if (visited !== l.size) pinched++;
  }
  const used = new Uint8Array(nv);
  for (const v of ix) used[v] = 1;
  let unused = 0;
  for (const u of used) if (!u) unused++;
  const parent = Int32Array.from({ length: nv }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  for (let t = 0; t < nt; t++) {
    parent[find(ix[3 * t]!)] = find(ix[3 * t + 1]!);
    parent[find(ix[3 * t + 1]!)] = find(ix[3 * t + 2]!);
  }
  const roots = new Set<number>();
  for (let v = 0; v < nv; v++) if (used[v]) roots.add(find(v));
  return {
    vertices: nv - unused, edges: undirected.size, faces: nt, euler: nv - unused - undirected.size + nt,
    misoriented, overused, pinched, unused, degenerate, components: roots.size, loops,
  };
}

/** An oriented 2-manifold, possibly with boundary: no misoriented or overused edge, no pinched, unused or degenerate vertex/triangle. */
function expectOrientedManifold(t: Topology): void {
  expect({ misoriented: t.misoriented, overused: t.overused, pinched: t.pinched, unused: t.unused, degenerate: t.degenerate })
    .toEqual({ misoriented: 0, overused: 0, pinched: 0, unused: 0, degenerate: 0 });
}

/** Same bytes (vitest's deep equality is slow on large typed arrays). */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function soup(m: SynthMesh): Float32Array {
  const out = new Float32Array(m.indices.length * 3);
  m.indices.forEach((v, k) => {
    out[3 * k] = m.positions[3 * v]!;
    out[3 * k + 1] = m.positions[3 * v + 1]!;
    out[3 * k + 2] = m.positions[3 * v + 2]!;
  });
  return out;
}

/** The sole 10 mm (or d mm) inside the medial border (in y) at x. */
const insideBorder = (f: FootModel, x: number, d: number) => soleHeight(x, medialBorderY(x, f) - f.medialSign * d, f);

/** Random points of the footprint at least `minE` from the outline, xy pairs, and their distances. */
function footprintSamples(f: FootModel, count: number, minE: number, seed: number): { xy: Float64Array; e: Float64Array } {
  const rnd = lcg(seed);
  const xy = new Float64Array(2 * count), e = new Float64Array(count);
  for (let k = 0; k < count;) {
    const x = rnd() * f.footLengthMm, y = (rnd() - 0.5) * 1.2 * f.ballWidthMm;
    const d = footprintDistance(x, y, f);
    if (d < minE) continue;
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
    e[k++] = d;
  }
  return { xy, e };
}

describe('foot model: the plantar surface has the real feet\'s facts', () => {
  // Like the left Dupont foot: 275 mm long, 105 mm ball.
  const left = footModel({ side: 'left', footLengthMm: 275, ballWidthMm: 105 });

  it('outline: heel at x = 0, hallux tip at x = foot length, CCW; medial side by foot', () => {
    for (const f of [left, footModel({})]) {
      const o = f.outline;
      let minX = Infinity, maxX = -Infinity, area = 0;
      for (let i = 0, n = o.length / 2; i < n; i++) {
        const j = (i + 1) % n;
        minX = Math.min(minX, o[2 * i]!);
        maxX = Math.max(maxX, o[2 * i]!);
        area += o[2 * i]! * o[2 * j + 1]! - o[2 * j]! * o[2 * i + 1]!;
      }
      expect(minX).toBe(0);
      expect(maxX).toBeCloseTo(f.footLengthMm, 9);
      expect(area).toBeGreaterThan(0);
    }
    expect(left.medialSign).toBe(-1);
    expect(footModel({}).medialSign).toBe(1);
  });

  it('the arch apex, 10 mm inside the medial border, is at 33–37 % of foot length and has the given height', () => {
    for (const [opts, apexRange] of [[{ side: 'left', footLengthMm: 275, ballWidthMm: 105 }, [0.33, 0.37]], [{}, [0.33, 0.37]], [{ archHeightMm: 25 }, [0.33, 0.37]], [{ footLengthMm: 220, archHeightMm: 8 }, [0.33, 0.37]], [{ archApexFraction: 0.45 }, [0.43, 0.47]]] as const) {
      const f = footModel(opts);
      let best = -Infinity, bestX = 0;
      for (let x = 0.1 * f.footLengthMm; x <= 0.7 * f.footLengthMm; x += 0.2) {
        const z = insideBorder(f, x, 10);
        if (z > best) [best, bestX] = [z, x];
      }
      expect(bestX / f.footLengthMm).toBeGreaterThanOrEqual(apexRange[0]);
      expect(bestX / f.footLengthMm).toBeLessThanOrEqual(apexRange[1]);
      expect(Math.abs(bestX - f.archApexX)).toBeLessThan(0.5);
      expect(best).toBeCloseTo(f.archHeightMm, 2);
      expect(soleHeight(f.archApexX, f.archApexY, f)).toBeCloseTo(f.archHeightMm, 9);
      expect(medialBorderY(f.archApexX, f) - f.archApexY).toBeCloseTo(10 * f.medialSign, 9);
    }
  });

  it('its 50 %-height span along the border is 74–90 mm on a 275 mm foot', () => {
    let lo = Infinity, hi = -Infinity;
    for (let x = 0.1 * 275; x <= 0.7 * 275; x += 0.25) {
      if (insideBorder(left, x, 10) >= left.archHeightMm / 2) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    }
    expect(hi - lo).toBeGreaterThanOrEqual(74);
    expect(hi - lo).toBeLessThanOrEqual(90);
  });

  it('across the apex: on the floor from ≈ 30 mm inside the border, rising steeply and convexly toward it (≈ 24 / 20 / 16.5 mm at 3 / 5 / 8 mm)', () => {
    const f = footModel({ side: 'left', footLengthMm: 275, ballWidthMm: 105, archHeightMm: 14 });
    const at = (d: number) => insideBorder(f, f.archApexX, d);
    expect(at(3)).toBeGreaterThan(24 - 2.5);
    expect(at(3)).toBeLessThan(24 + 2.5);
    expect(at(5)).toBeGreaterThan(20 - 2.5);
    expect(at(5)).toBeLessThan(20 + 2.5);
    expect(at(8)).toBeGreaterThan(16.5 - 2);
    expect(at(8)).toBeLessThan(16.5 + 2);
    expect(at(25)).toBeGreaterThan(0.2);
    for (let d = 31; d < 45; d++) expect(at(d)).toBe(0);
    // convex: second differences ≥ 0 from the border to the floor (not a plateau)
    for (let d = 1; d < 30; d += 0.5) expect(at(d - 0.5) - 2 * at(d) + at(d + 0.5)).toBeGreaterThan(-1e-9);
  });

  it('heel seat, lateral column and forefoot (to 85 %) lie on the floor away from the edge roll', () => {
    for (const f of [left, footModel({}), footModel({ side: 'right', footLengthMm: 300, archHeightMm: 25 })]) {
      const fl = f.footLengthMm;
      let checked = 0;
      for (let x = 0; x <= 0.85 * fl; x += 2) {
        for (let y = -0.6 * f.ballWidthMm; y <= 0.6 * f.ballWidthMm; y += 2) {
          const e = footprintDistance(x, y, f);
          if (e < f.rollWidthMm) continue;
          const fromMedial = f.medialSign * (medialBorderY(x, f) - y);
          const heelSeat = x <= 0.16 * fl, forefoot = x >= 0.66 * fl, lateral = fromMedial >= 1.1 * f.archWidthMm;
          if (!(heelSeat || forefoot || lateral)) continue;
          expect(soleHeight(x, y, f)).toBe(0);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(1000);
    }
  });

  it('the edge roll turns the sole vertical at the outline: higher and steeper toward it, NaN outside', () => {
    const f = footModel({});
    // across the lateral column, where the border runs along x: walk out from inside to the outline
    const x = 0.3 * f.footLengthMm, out = -f.medialSign;
    let y = medialBorderY(x, f) + out * 40;
    while (!Number.isNaN(soleHeight(x, y + out * 0.001, f))) y += out * 0.001;
    const z = (d: number) => soleHeight(x, y - out * d, f);
    expect(z(0)).toBeGreaterThan(0.95 * f.rollHeightMm);
    expect(z(f.rollWidthMm + 0.5)).toBe(0);
    for (let d = 0.25; d < f.rollWidthMm; d += 0.25) expect(z(d)).toBeLessThan(z(d - 0.25));
    expect((z(0) - z(0.01)) / 0.01).toBeGreaterThan(10); // vertical at the outline (an infinite slope in the limit)
    expect((z(5) - z(5.01)) / 0.01).toBeLessThan(1.5);
    expect(soleHeight(x, y + out * 0.5, f)).toBeNaN();
    expect(soleHeight(-1, 0, f)).toBeNaN();
  });

  it('left and right feet are mirror images', () => {
    const r = footModel({ side: 'right' }), l = footModel({ side: 'left' });
    const rnd = lcg(5);
    for (let k = 0; k < 500; k++) {
      const x = rnd() * 270, y = (rnd() - 0.5) * 110;
      const a = soleHeight(x, y, r), b = soleHeight(x, -y, l);
      if (Number.isNaN(a)) expect(b).toBeNaN();
      else expect(b).toBeCloseTo(a, 9);
    }
  });

  it('refuses what it cannot model', () => {
    expect(() => footModel({ footLengthMm: 120 })).toThrow(RangeError);
    expect(() => footModel({ archHeightMm: 50 })).toThrow(RangeError);
    expect(() => footModel({ archApexFraction: 0.6 })).toThrow(RangeError);
    expect(() => footModel({ archHeightMm: 0.5 })).toThrow(/edge roll/);
  });
});

describe('scan mesh: a plate scanner\'s foot', () => {
  const scan = footScanMesh({});
  const f = scan.foot;

  it('is a consistently oriented 2-manifold disc whose only boundary is the leg\'s cut', () => {
    const t = topology(scan.mesh);
    expectOrientedManifold(t);
    expect(t.components).toBe(1);
    expect(t.euler).toBe(1);
    expect(t.loops).toHaveLength(1);
    for (const v of t.loops[0]!) expect(scan.mesh.positions[3 * v + 2]).toBe(f.cutHeightMm);
    expect(f.cutHeightMm).toBeGreaterThanOrEqual(80);
    expect(f.cutHeightMm).toBeLessThanOrEqual(100);
    // the cut is the leg's: inside the outline, above the rearfoot
    for (const v of t.loops[0]!) expect(footprintDistance(scan.mesh.positions[3 * v]!, scan.mesh.positions[3 * v + 1]!, f)).toBeGreaterThan(5);
  });

  it('closed, it is a watertight solid without self-intersections, normals outward', () => {
    const closed = footScanMesh({ closed: true });
    const t = topology(closed.mesh);
    expect(t.euler).toBe(2);
    expect(t.loops).toHaveLength(0);
    const check = checkClosedManifold(soup(closed.mesh));
    expect(check.problems).toEqual([]);
    expect(check.volume).toBeGreaterThan(0);
  });

  it('seen from below it is soleHeight: within 0.05 mm at points ≥ 1 mm inside the outline', () => {
    const { xy, e } = footprintSamples(f, 6000, 1, 11);
    const z = envelopeZ(scan.mesh, xy, 'lower');
    let worst = 0;
    for (let k = 0; k < e.length; k++) worst = Math.max(worst, Math.abs(z[k]! - soleHeight(xy[2 * k]!, xy[2 * k + 1]!, f)));
    expect(worst).toBeLessThan(0.05);
  });

  it('every plantar vertex lies exactly on soleHeight, and nothing is below the floor', () => {
    const p = scan.mesh.positions;
    let minZ = Infinity;
    for (let v = 0; v < p.length; v += 3) minZ = Math.min(minZ, p[v + 2]!);
    expect(minZ).toBe(0);
    const z = envelopeZ(scan.mesh, Float64Array.from([0.1 * f.footLengthMm, 0, 0.75 * f.footLengthMm, 0]));
    expect([...z]).toEqual([0, 0]);
  });

  it('its silhouette from below is the outline: nothing outside it, vertical walls along it', () => {
    const p = scan.mesh.positions;
    let outside = 0;
    for (let v = 0; v < p.length; v += 3) if (footprintDistance(p[v]!, p[v + 1]!, f) < -1e-6) outside++;
    expect(outside).toBe(0);
    // every outline vertex has mesh vertices within 1 mm, spanning a vertical wall (two or more z at one xy)
    const byXy = new Map<string, number[]>();
    for (let v = 0; v < p.length; v += 3) {
      const key = `${p[v]},${p[v + 1]}`;
      (byXy.get(key) ?? byXy.set(key, []).get(key)!).push(p[v + 2]!);
    }
    // wall columns: points on the outline holding two or more vertices, the lowest the sole's edge
    const wallPoints = [...byXy].map(([key, zs]) => [...key.split(',').map(Number), Math.min(...zs), zs.length] as [number, number, number, number])
      .filter(([x, y, , count]) => count >= 2 && Math.abs(footprintDistance(x, y, f)) < 0.05);
    expect(wallPoints.length).toBeGreaterThan(300);
    for (const [x, y, zMin] of wallPoints) expect(zMin).toBeCloseTo(soleHeight(x, y, f), 9);
    const o = f.outline;
    for (let i = 0; i < o.length; i += 2) {
      let near = Infinity;
      for (const [x, y] of wallPoints) near = Math.min(near, Math.hypot(x - o[i]!, y - o[i + 1]!));
      expect(near).toBeLessThan(1.05); // columns are at most edgeMm = 2 apart along the outline
    }
  });

  it('shows the arch facts seen from below', () => {
    const at = (d: number) => envelopeZ(scan.mesh, Float64Array.from([f.archApexX, medialBorderY(f.archApexX, f) - f.medialSign * d]))[0]!;
    expect(at(10)).toBeCloseTo(f.archHeightMm, 1);
    expect(at(3)).toBeGreaterThan(at(5));
    expect(at(5)).toBeGreaterThan(at(8));
    expect(at(35)).toBe(0);
  });

  it('the top of the foot stays above the sole, and the parts add up', () => {
    const { xy } = footprintSamples(f, 3000, 0.2, 3);
    for (let k = 0; k < 3000; k++) {
      const x = xy[2 * k]!, y = xy[2 * k + 1]!;
      expect(dorsalHeight(x, y, f) - soleHeight(x, y, f)).toBeGreaterThan(3);
    }
    expect(scan.parts.sole + scan.parts.sides + scan.parts.top + scan.parts.cap).toBe(scan.mesh.indices.length / 3);
  });

  it('resolution: edges ≈ edgeMm on the sole; fewer triangles when coarser', () => {
    const counts = [1.5, 2, 3].map((edgeMm) => {
      const s = footScanMesh({ edgeMm });
      const p = s.mesh.positions, ix = s.mesh.indices;
      const lens: number[] = [];
      for (let t = 0; t < ix.length; t += 3) {
        const a = ix[t]!, b = ix[t + 1]!;
        if (p[3 * a + 2]! === 0 && p[3 * b + 2]! === 0) lens.push(Math.hypot(p[3 * a]! - p[3 * b]!, p[3 * a + 1]! - p[3 * b + 1]!));
      }
      lens.sort((u, v) => u - v);
      const median = lens[lens.length >> 1]!;
      expect(median).toBeGreaterThan(0.7 * edgeMm);
      expect(median).toBeLessThan(1.3 * edgeMm);
      return ix.length / 3;
    });
    expect(counts[0]).toBeGreaterThan(counts[1]!);
    expect(counts[1]).toBeGreaterThan(counts[2]!);
  });

  it('is deterministic: same options, same bytes; another seed, other noise', () => {
    const o = { noiseMm: 0.3, spikes: 3, holes: 2, seed: 42 };
    const a = footScanMesh(o), b = footScanMesh(o), c = footScanMesh({ ...o, seed: 43 });
    expect(sameBytes(a.mesh.positions, b.mesh.positions)).toBe(true);
    expect(sameBytes(a.mesh.indices, b.mesh.indices)).toBe(true);
    expect(sameBytes(a.mesh.positions, c.mesh.positions)).toBe(false);
    const i1 = impressionMesh({ noiseMm: 0.2, seed: 3 }), i2 = impressionMesh({ noiseMm: 0.2, seed: 3 });
    expect(sameBytes(i1.mesh.positions, i2.mesh.positions) && sameBytes(i1.mesh.indices, i2.mesh.indices)).toBe(true);
  });

  it('sizes 150–400 mm, either side, any arch: all oriented manifold discs, soleHeight from below', () => {
    // tolerance: the chords' error grows with the sole's curvature (steep arches, wide rolls) and the edge length
    for (const [opts, tol] of [[{ footLengthMm: 150 }, 0.08], [{ footLengthMm: 400, side: 'left' }, 0.08], [{ archHeightMm: 30, footLengthMm: 230 }, 0.15], [{ archHeightMm: 3 }, 0.08], [{ archApexFraction: 0.28, edgeMm: 3 }, 0.12]] as const) {
      const s = footScanMesh(opts);
      const t = topology(s.mesh);
      expectOrientedManifold(t);
      expect([t.euler, t.loops.length, t.components]).toEqual([1, 1, 1]);
      const { xy } = footprintSamples(s.foot, 800, 1, 8);
      const z = envelopeZ(s.mesh, xy);
      let worst = 0;
      for (let k = 0; k < 800; k++) worst = Math.max(worst, Math.abs(z[k]! - soleHeight(xy[2 * k]!, xy[2 * k + 1]!, s.foot)));
      expect(worst).toBeLessThan(tol);
    }
  });

  it('takes an outline of your own (here a clockwise ellipse, toe first): measured, meshed the same way', () => {
    const pts = ellipse(120, 260, 96).reverse();
    const s = footScanMesh({ outline: Float64Array.from(pts.flat()), side: 'left', archHeightMm: 12 });
    const g = s.foot;
    expect(g.footLengthMm).toBeCloseTo(260, 9);
    expect(g.ballWidthMm).toBeGreaterThan(80);
    expect(g.outline[0]).toBe(0);
    expect(soleHeight(g.archApexX, g.archApexY, g)).toBeCloseTo(12, 9);
    const t = topology(s.mesh);
    expectOrientedManifold(t);
    expect([t.euler, t.loops.length, t.components]).toEqual([1, 1, 1]);
    const { xy } = footprintSamples(g, 1500, 1, 9);
    const z = envelopeZ(s.mesh, xy);
    let worst = 0;
    for (let k = 0; k < 1500; k++) worst = Math.max(worst, Math.abs(z[k]! - soleHeight(xy[2 * k]!, xy[2 * k + 1]!, g)));
    expect(worst).toBeLessThan(0.05);
    expect(() => footModel({ outline: Float64Array.from([10, 0, 20, 5, 30, 0, 20, -5, 15, -3, 12, -2, 11, -1, 10.5, -0.5]) })).toThrow(/heel/);
  });

  it('builds in well under a second (≈ 40 ms when the machine is quiet)', () => {
    footScanMesh({ footLengthMm: 261 });
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      footScanMesh({ footLengthMm: 261, seed: k });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(500);
  });
});

describe('scan mesh options: noise, spikes, holes, two feet, a missing heel', () => {
  const clean = footScanMesh({});

  it('noise moves every vertex by at most noiseMm, same triangles', () => {
    const noisy = footScanMesh({ noiseMm: 0.3 });
    expect(sameBytes(noisy.mesh.indices, clean.mesh.indices)).toBe(true);
    let most = 0, moved = 0;
    for (let v = 0; v < clean.mesh.positions.length; v += 3) {
      const d = Math.hypot(noisy.mesh.positions[v]! - clean.mesh.positions[v]!, noisy.mesh.positions[v + 1]! - clean.mesh.positions[v + 1]!, noisy.mesh.positions[v + 2]! - clean.mesh.positions[v + 2]!);
      most = Math.max(most, d);
      if (d > 0.15) moved++;
    }
    expect(most).toBeLessThanOrEqual(0.3 + 1e-9);
    expect(moved).toBeGreaterThan(clean.mesh.positions.length / 3 / 3);
  });

  it('spikes pull a few plantar vertices far below the floor', () => {
    const s = footScanMesh({ spikes: 5, spikeLengthMm: 20 });
    expect(s.spikeVertices).toHaveLength(5);
    for (const v of s.spikeVertices) expect(s.mesh.positions[3 * v + 2]).toBeLessThan(-9);
    let below = 0;
    for (let v = 2; v < s.mesh.positions.length; v += 3) if (s.mesh.positions[v]! < -1e-9) below++;
    expect(below).toBe(5);
    expectOrientedManifold(topology(s.mesh));
  });

  it('holes take triangles out of the flat sole: one more boundary loop each, still an oriented manifold', () => {
    const s = footScanMesh({ holes: 3, holeRadiusMm: 6 });
    const t = topology(s.mesh);
    expectOrientedManifold(t);
    expect(t.loops).toHaveLength(4);
    expect(s.holeCentres).toHaveLength(6);
    // seen from below through a hole: the top of the foot, or nothing under the leg's opening
    const z = envelopeZ(s.mesh, s.holeCentres, 'lower');
    for (const v of z) if (!Number.isNaN(v)) expect(v).toBeGreaterThan(20);
  });

  it('two feet: two components, the second mirrored on the medial side, each foot\'s sole where its frame says', () => {
    const s = footScanMesh({ twoFeet: true, feetGapMm: 60, feetAngleDeg: 14 });
    const t = topology(s.mesh);
    expectOrientedManifold(t);
    expect(t.components).toBe(2);
    expect(t.loops).toHaveLength(2);
    expect(s.feet).toHaveLength(2);
    expect(s.feet[1]!.foot.side).toBe('left');
    const m = s.feet[1]!.footToMesh;
    expect(mat4Multiply(m, s.feet[1]!.meshToFoot).map((v, i) => Math.round((v - (i % 5 === 0 ? 1 : 0)) * 1e9))).toEqual(new Float64Array(16));
    // a rigid motion (no mirror): the other foot's own frame is right-handed
    const det = m[0]! * m[5]! - m[1]! * m[4]!;
    expect(det).toBeCloseTo(1, 12);
    // sample the second foot's sole through its placement
    const other = s.feet[1]!.foot;
    const { xy } = footprintSamples(other, 500, 1, 4);
    const placed = new Float64Array(xy.length);
    for (let k = 0; k < 500; k++) {
      const [x, y] = mat4Apply(m, xy[2 * k]!, xy[2 * k + 1]!, 0);
      placed[2 * k] = x;
      placed[2 * k + 1] = y;
    }
    const z = envelopeZ(s.mesh, placed);
    for (let k = 0; k < 500; k++) expect(Math.abs(z[k]! - soleHeight(xy[2 * k]!, xy[2 * k + 1]!, other))).toBeLessThan(0.05);
    // the feet are apart by the gap at their closest
    let closest = Infinity;
    const a = s.foot.outline, b = other.outline;
    for (let j = 0; j < b.length; j += 6) {
      const [bx, by] = mat4Apply(m, b[j]!, b[j + 1]!, 0);
      for (let i = 0; i < a.length; i += 2) closest = Math.min(closest, Math.hypot(a[i]! - bx, a[i + 1]! - by));
    }
    expect(closest).toBeGreaterThan(59);
    expect(closest).toBeLessThan(63);
  });

  it('truncated: nothing behind the cut, still an oriented manifold with one boundary loop', () => {
    const cut = 40;
    const s = footScanMesh({ truncateMm: cut });
    const t = topology(s.mesh);
    expectOrientedManifold(t);
    expect(t.components).toBe(1);
    let minX = Infinity;
    for (let v = 0; v < s.mesh.positions.length; v += 3) minX = Math.min(minX, s.mesh.positions[v]!);
    expect(minX).toBeGreaterThanOrEqual(cut);
    expect(minX).toBeLessThan(cut + 3);
    expect(t.loops.length).toBeGreaterThanOrEqual(1);
  });
});

describe('impression: a foam box with the foot\'s imprint', () => {
  const imp = impressionMesh({});
  const f = imp.foot;
  const [bx, by, bz] = imp.boxMm;

  it('is a closed, outward-oriented solid without self-intersections, filling the box but for the cavity', () => {
    const t = topology(imp.mesh);
    expectOrientedManifold(t);
    expect([t.euler, t.loops.length, t.components]).toEqual([2, 0, 1]);
    const check = checkClosedManifold(soup(imp.mesh));
    expect(check.problems).toEqual([]);
    expect(check.volume).toBeGreaterThan(0.8 * bx * by * bz);
    expect(check.volume).toBeLessThan(bx * by * bz);
    const p = imp.mesh.positions;
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let v = 0; v < p.length; v += 3) for (let c = 0; c < 3; c++) [lo[c], hi[c]] = [Math.min(lo[c]!, p[v + c]!), Math.max(hi[c]!, p[v + c]!)];
    expect(lo).toEqual([0, 0, 0]);
    expect(hi).toEqual([bx, by, bz]);
    expect(imp.boxMm).toEqual([320, 140, 100]);
  });

  it('seen from above, the cavity is the sole pushed depthMm into the foam (heel and ball deepest)', () => {
    const { xy } = footprintSamples(f, 4000, 1, 21);
    const placed = xy.map((v, i) => v + imp.footToMesh[i % 2 === 0 ? 3 : 7]!);
    const z = envelopeZ(imp.mesh, placed, 'upper');
    const base = bz - imp.depthMm;
    expect(imp.footToMesh[11]).toBe(base);
    let worst = 0;
    for (let k = 0; k < 4000; k++) {
      const s = soleHeight(xy[2 * k]!, xy[2 * k + 1]!, f);
      worst = Math.max(worst, Math.abs(z[k]! - Math.min(bz, base + s)));
    }
    expect(worst).toBeLessThan(0.05);
    const deepest = envelopeZ(imp.mesh, Float64Array.from([0.1 * f.footLengthMm + imp.footToMesh[3]!, imp.footToMesh[7]!, 0.75 * f.footLengthMm + imp.footToMesh[3]!, imp.footToMesh[7]!]), 'upper');
    for (const z of deepest) expect(z).toBeCloseTo(base, 9);
  });

  it('a high arch shallower than it is tall leaves the foam top untouched near the medial border', () => {
    const high = impressionMesh({ archHeightMm: 25, depthMm: 20 });
    expect(topology(high.mesh).euler).toBe(2);
    expect(checkClosedManifold(soup(high.mesh)).problems).toEqual([]);
    const g = high.foot;
    const [x, y] = [g.archApexX, medialBorderY(g.archApexX, g) - g.medialSign * 2];
    const z = envelopeZ(high.mesh, Float64Array.from([x + high.footToMesh[3]!, y + high.footToMesh[7]!]), 'upper');
    expect(z[0]).toBe(high.boxMm[2]);
    expect(() => impressionMesh({ archHeightMm: 30, depthMm: 8 })).toThrow(/too shallow/);
  });

  it('holds any foot size, either side', () => {
    for (const opts of [{ footLengthMm: 150 }, { footLengthMm: 400, side: 'left' as const }]) {
      const m = impressionMesh(opts);
      const t = topology(m.mesh);
      expectOrientedManifold(t);
      expect([t.euler, t.loops.length]).toEqual([2, 0]);
    }
  });
});

describe('frames and units: back to the foot frame exactly', () => {
  const scan = footScanMesh({ edgeMm: 3 });
  const frames: FileFrame[] = [
    {},
    { up: 'y' },
    { unit: 'm' },
    { unit: 'in', up: 'y' },
    { tiltDeg: [3, -2], yawDeg: 37, offsetMm: [120, -40, 15] },
    { up: 'y', unit: 'm', tiltDeg: [-4, 1.5], yawDeg: 200, offsetMm: [-300, 20, 5] },
  ];

  it('fileToFoot undoes footToFile: the file\'s vertices map back onto the foot frame\'s', () => {
    for (const frame of frames) {
      const placed = placeMesh(scan.mesh, frame);
      const { footToFile, fileToFoot } = fileFrameMatrices(frame);
      expect(placed.footToFile).toEqual(footToFile);
      const id = mat4Multiply(fileToFoot, footToFile);
      for (let i = 0; i < 16; i++) expect(id[i]).toBeCloseTo(i % 5 === 0 ? 1 : 0, 12);
      const back = transformMesh(placed.mesh, placed.fileToFoot);
      let worst = 0;
      for (let v = 0; v < back.positions.length; v++) worst = Math.max(worst, Math.abs(back.positions[v]! - scan.mesh.positions[v]!));
      expect(worst).toBeLessThan(1e-9);
      expect(sameBytes(back.indices, scan.mesh.indices)).toBe(true);
    }
  });

  it('units and up axes are what they say', () => {
    const ext = (m: SynthMesh) => {
      const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
      for (let v = 0; v < m.positions.length; v += 3) for (let c = 0; c < 3; c++) [lo[c], hi[c]] = [Math.min(lo[c]!, m.positions[v + c]!), Math.max(hi[c]!, m.positions[v + c]!)];
      return hi.map((h, c) => h - lo[c]!);
    };
    const mm = ext(scan.mesh);
    const m = ext(placeMesh(scan.mesh, { unit: 'm' }).mesh);
    const inch = ext(placeMesh(scan.mesh, { unit: 'in' }).mesh);
    const yUp = ext(placeMesh(scan.mesh, { up: 'y' }).mesh);
    for (let c = 0; c < 3; c++) {
      expect(m[c]).toBeCloseTo(mm[c]! / 1000, 12);
      expect(inch[c]).toBeCloseTo(mm[c]! / 25.4, 12);
    }
    expect(yUp[0]).toBeCloseTo(mm[0]!, 9);
    expect(yUp[1]).toBeCloseTo(mm[2]!, 9);
    expect(yUp[2]).toBeCloseTo(mm[1]!, 9);
    // Y-up: the floor is y = 0 and the foot stands toward +y
    const yUpMesh = placeMesh(scan.mesh, { up: 'y' }).mesh;
    let minY = Infinity, maxY = -Infinity;
    for (let v = 1; v < yUpMesh.positions.length; v += 3) [minY, maxY] = [Math.min(minY, yUpMesh.positions[v]!), Math.max(maxY, yUpMesh.positions[v]!)];
    expect(minY).toBeCloseTo(0, 12);
    expect(maxY).toBeCloseTo(scan.foot.cutHeightMm, 9);
  });

  it('a mirroring matrix keeps the triangles facing out', () => {
    const closed = footScanMesh({ edgeMm: 3, closed: true }).mesh;
    const mirror = Float64Array.from([1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    for (const m of [mirror, mat4Multiply(mat4Translate(5, 6, 7), mat4Rotate('x', 90)), mat4Invert(mat4Rotate('z', 33))]) {
      expect(checkClosedManifold(soup(transformMesh(closed, m)), { selfIntersections: false }).volume).toBeGreaterThan(0);
    }
  });
});
