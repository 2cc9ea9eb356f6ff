import { GeometryError } from '../../errors.js';
import { degrees } from '../math/index.js';
import type { Mesh } from '../mesh/types.js';
import { loadMeasureKernel, measureResults } from './measureKernel.js';

/** Where to look on the mesh: landmarks in the foot frame, mm. */
export interface MeasureWindows {
  footLengthMm: number;
  heelWidthMm: number;
  medialSign: 1 | -1;
  heelCentre: [number, number];
  archApex: [number, number];
  /** Vertices [0, topCount) form the top surface, triangles [0, topTriangles) cover it, the next topTriangles the underside, the rest the rim. */
  topCount: number;
  topTriangles: number;
  /** The top's first boundaryCount vertices are its outline (the thickness is measured from the vertices inside it). */
  boundaryCount: number;
  /** x up to which the post's underside should lie flat on the floor (0 when there is no post). */
  postFlatUntilX: number;
  /** x beyond which the device is a plain shell (no post): its thickness should equal the shell's. */
  shellFromX: number;
  /** Discs (x, y, r) of recesses near the heel seat, left out of the seat-plane fit. */
  seatExclusions?: ReadonlyArray<readonly [number, number, number]>;
  /** The prescription fields the discs come from (`heelSpurRelief`) and their values, named when they leave no seat. */
  seatExcludedBy?: ReadonlyArray<{ field: string; value: unknown }>;
  /**
   * Width of the heel cup's wall, mm: when the discs leave under a quarter of the usual seat
   * window's vertices, the seat is every top vertex at least this + SEAT_RULES.insideWallMm inside
   * the outline, up to 0.15 × foot length (assembly/measure.ts). Left out: 0 (no cup).
   */
  cupWallWidthMm?: number;
}

/** Geometry measured from the mesh alone (plus the landmark windows). All mm / degrees. */
export interface MeasuredGeometry {
  /** Length of the top (foot-contact) surface along x. */
  lengthMm: number;
  /** Overall bounding box of the device. */
  overall: { lengthMm: number; widthMm: number; heightMm: number };
  /** Rim height above the heel-seat plane at the back of the heel. */
  heelCupDepthMm: number;
  /** Frontal-plane tilt of the heel seat (least-squares plane through the seat's top vertices). */
  postAngleDeg: number;
  /** Which side of the heel seat is higher ("none" below 0.05°). */
  postHighSide: 'medial' | 'lateral' | 'none';
  /** Sagittal slope of the heel seat, degrees (should be ~0). */
  heelSeatPitchDeg: number;
  /** Top surface at the arch apex above the heel seat at the heel centre. */
  archHeightMm: number;
  /** Smallest distance from a top vertex inside the outline along its inward normal to the other side (the underside or the rim). */
  minThicknessMm: number;
  /** Largest such distance where the device is a plain shell (no post). */
  maxShellThicknessMm: number;
  /** Highest underside vertex in the post's flat region (0 when flat on the floor). */
  postUndersideMaxZMm: number;
  volumeMm3: number;
  triangleCount: number;
}

/**
 * Measures a built device from its mesh: the numbers a lab checks against the prescription.
 * Expects a mesh that passed checkSolid. The loops over its vertices and triangles, and the
 * thickness rays, run in WebAssembly (assembly/measure.ts).
 * @throws GeometryError when the seat exclusions (recesses) leave no heel seat to fit a plane to
 * @throws Error when a coordinate is not a finite number
 */
export function measureDevice(mesh: Mesh, w: MeasureWindows): MeasuredGeometry {
  const p = mesh.positions;
  const k = loadMeasureKernel(mesh);
  k.bounds(w.topCount);
  const [tx0, tx1, bx0, by0, bz0, bx1, by1, bz1] = measureResults(k) as unknown as [number, number, number, number, number, number, number, number];
  // A NaN coordinate makes its bound NaN: the probes below would never reach their targets.
  if (![tx0, tx1, bx0, bx1, by0, by1, bz0, bz1].every(Number.isFinite)) throw new Error('measureDevice: the mesh has coordinates that are not finite numbers');

  const exclusions = w.seatExclusions ?? [];
  const at = k.discs(exclusions.length); // before reading the buffer: the allocation may grow the memory
  const discs = new Float64Array(k.memory.buffer, at, 3 * exclusions.length);
  exclusions.forEach(([x, y, r], i) => discs.set([x, y, r], 3 * i));
  const fl = w.footLengthMm, [hx, hy] = w.heelCentre;
  const seatInset = (w.cupWallWidthMm ?? 0) + SEAT_RULES.insideWallMm;
  k.measure(w.topCount, w.topTriangles, w.boundaryCount, fl, w.heelWidthMm, hx, hy, w.archApex[0], w.archApex[1], w.postFlatUntilX, w.shellFromX, exclusions.length, w.medialSign, seatInset);
  const r = measureResults(k);

  // Heel seat plane z = a + b x + c y, least squares over the seat window's top vertices.
  const [n, sx, sy, sz, sxx, syy, sxy, sxz, syz] = r.subarray(9, 18) as unknown as number[] as [number, number, number, number, number, number, number, number, number];
  const [a, b, c] = solve3([n, sx, sy, sx, sxx, sxy, sy, sxy, syy], [sz, sxz, syz]);
  if (!(n >= SEAT_RULES.minVertices) || !Number.isFinite(a + b + c)) {
    // Only recesses can take the whole seat (the usual window has dozens of vertices even at 3 mm).
    const by = w.seatExcludedBy ?? [];
    const them = by.length === 1 ? 'it' : 'them';
    const left = n >= SEAT_RULES.minVertices ? `the ${n} points of the top surface left outside ${them} inside the heel cup's walls and behind the arch lie too nearly in a line to fit a plane to` : `${n} of the top surface's points are left outside ${them} inside the heel cup's ${(w.cupWallWidthMm ?? 0).toFixed(1)} mm walls and behind the arch`;
    throw new GeometryError([{
      pointer: by.length === 1 ? `/prescription/${by[0]!.field}` : '/prescription',
      rule: `${by.length === 1 ? 'covers' : `${by.length ? by.map((e) => e.field).join(' and ') : 'the recesses near the heel'} cover`} the heel seat: ${left}, and the heel needs a seat to stand on (its plane, from at least ${SEAT_RULES.minVertices} points, is what the cup's depth and the post's angle are measured from; engineering choice): make ${them} smaller`,
      ...(by.length === 1 ? { value: by[0]!.value } : {}),
    }]);
  }
  const seatAt = (x: number, y: number) => a + b * (x - hx) + c * (y - hy);

  // Rim at the back of the heel: the rearmost top vertex.
  const rim = r[18]!;
  const heelCupDepthMm = p[3 * rim + 2]! - seatAt(p[3 * rim]!, p[3 * rim + 1]!);
  const archHeightMm = r[19]! - seatAt(hx, hy);

  const angle = degrees(Math.atan(Math.abs(c)));
  return {
    lengthMm: tx1 - tx0,
    overall: { lengthMm: bx1 - bx0, widthMm: by1 - by0, heightMm: bz1 - bz0 },
    heelCupDepthMm,
    postAngleDeg: angle,
    postHighSide: angle < 0.05 ? 'none' : c * w.medialSign > 0 ? 'medial' : 'lateral',
    heelSeatPitchDeg: degrees(Math.atan(b)),
    archHeightMm,
    minThicknessMm: r[20]!,
    maxShellThicknessMm: r[21]!,
    postUndersideMaxZMm: r[22]!,
    volumeMm3: r[8]!,
    triangleCount: mesh.indices.length / 3,
  };
}

/** The heel seat's plane fit (engineering choices): the seat begins this far inside the heel cup's walls, and needs at least this many top vertices. */
export const SEAT_RULES = { insideWallMm: 1, minVertices: 6 } as const;

/** Solves a 3×3 linear system (row-major matrix) by Cramer's rule. */
function solve3(m: number[], r: number[]): [number, number, number] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-12) return [NaN, NaN, NaN];
  const [r0, r1, r2] = r as [number, number, number];
  return [
    (r0 * (e * i - f * h) - b * (r1 * i - f * r2) + c * (r1 * h - e * r2)) / det,
    (a * (r1 * i - f * r2) - r0 * (d * i - f * g) + c * (d * r2 - r1 * g)) / det,
    (a * (e * r2 - r1 * h) - b * (d * r2 - r1 * g) + r0 * (d * h - e * g)) / det,
  ];
}
