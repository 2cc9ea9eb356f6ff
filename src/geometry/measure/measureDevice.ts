import { degrees } from '../math/index.js';
import type { Mesh } from '../mesh/types.js';
import { buildTriangleGrid, castRay, gridScratch } from './rayGrid.js';

/** Where to look on the mesh: landmarks in the foot frame, mm. */
export interface MeasureWindows {
  footLengthMm: number;
  heelWidthMm: number;
  medialSign: 1 | -1;
  heelCentre: [number, number];
  archApex: [number, number];
  /** Vertices [0, topCount) form the top surface, triangles [0, topTriangles) cover it, the next topTriangles the underside. */
  topCount: number;
  topTriangles: number;
  /** x up to which the post's underside should lie flat on the floor (0 when there is no post). */
  postFlatUntilX: number;
  /** x beyond which the device is a plain shell (no post): its thickness should equal the shell's. */
  shellFromX: number;
  /** Discs (x, y, r) of recesses near the heel seat, left out of the seat-plane fit. */
  seatExclusions?: ReadonlyArray<readonly [number, number, number]>;
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
  /** Smallest distance from a top vertex along its inward normal to the underside. */
  minThicknessMm: number;
  /** Largest such distance where the device is a plain shell (no post). */
  maxShellThicknessMm: number;
  /** Highest underside vertex in the post's flat region (0 when flat on the floor). */
  postUndersideMaxZMm: number;
  volumeMm3: number;
  triangleCount: number;
}

/** The thickness grid's arrays and the top's normals, kept from one measurement to the next in this thread (see GridScratch). */
const scratch = gridScratch();
let normals = new Float64Array(0);

/**
 * Measures a built device from its mesh: the numbers a lab checks against the prescription.
 * Expects a mesh that passed checkSolid.
 * @throws Error when a coordinate is not a finite number
 */
export function measureDevice(mesh: Mesh, w: MeasureWindows): MeasuredGeometry {
  const { positions: p, indices: ix } = mesh;
  const nv = p.length / 3, nf = ix.length / 3;
  let tx0 = Infinity, tx1 = -Infinity;
  let bx0 = Infinity, by0 = Infinity, bz0 = Infinity, bx1 = -Infinity, by1 = -Infinity, bz1 = -Infinity;
  for (let v = 0; v < nv; v++) {
    const x = p[3 * v]!, y = p[3 * v + 1]!, z = p[3 * v + 2]!;
    if (v < w.topCount) { tx0 = Math.min(tx0, x); tx1 = Math.max(tx1, x); }
    bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by0 = Math.min(by0, y); by1 = Math.max(by1, y); bz0 = Math.min(bz0, z); bz1 = Math.max(bz1, z);
  }
  // A NaN coordinate makes its bound NaN: the probes below would never reach their targets.
  if (![tx0, tx1, bx0, bx1, by0, by1, bz0, bz1].every(Number.isFinite)) throw new Error('measureDevice: the mesh has coordinates that are not finite numbers');
  let volume = 0;
  for (let f = 0; f < nf; f++) {
    const a = 3 * ix[3 * f]!, b = 3 * ix[3 * f + 1]!, c = 3 * ix[3 * f + 2]!;
    volume += (p[a]! * (p[b + 1]! * p[c + 2]! - p[b + 2]! * p[c + 1]!) - p[a + 1]! * (p[b]! * p[c + 2]! - p[b + 2]! * p[c]!) + p[a + 2]! * (p[b]! * p[c + 1]! - p[b + 1]! * p[c]!)) / 6;
  }

  // Heel seat plane z = a + b x + c y, least squares over the seat window's top vertices.
  const fl = w.footLengthMm, [hx, hy] = w.heelCentre;
  const halfBand = 0.12 * w.heelWidthMm;
  let n = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0;
  for (let v = 0; v < w.topCount; v++) {
    const x = p[3 * v]!, y = p[3 * v + 1]!, z = p[3 * v + 2]!;
    if (x < 0.07 * fl || x > 0.15 * fl || Math.abs(y - hy) > halfBand) continue;
    if (w.seatExclusions?.some(([ex, ey, er]) => (x - ex) ** 2 + (y - ey) ** 2 < er * er)) continue;
    const X = x - hx, Y = y - hy;
    n++; sx += X; sy += Y; sz += z; sxx += X * X; syy += Y * Y; sxy += X * Y; sxz += X * z; syz += Y * z;
  }
  const [a, b, c] = solve3([n, sx, sy, sx, sxx, sxy, sy, sxy, syy], [sz, sxz, syz]);
  const seatAt = (x: number, y: number) => a + b * (x - hx) + c * (y - hy);

  // Rim at the back of the heel: the rearmost top vertex.
  let rim = -1;
  for (let v = 0; v < w.topCount; v++) if (rim < 0 || p[3 * v]! < p[3 * rim]!) rim = v;
  const heelCupDepthMm = p[3 * rim + 2]! - seatAt(p[3 * rim]!, p[3 * rim + 1]!);

  const archHeightMm = topHeightAt(mesh, w.topTriangles, w.archApex[0], w.archApex[1]) - seatAt(hx, hy);

  // Thickness: from each top vertex along its inward (area-weighted) normal to the underside.
  if (normals.length < 3 * w.topCount) normals = new Float64Array(Math.ceil(3 * w.topCount * 1.25));
  const normal = normals.subarray(0, 3 * w.topCount).fill(0);
  for (let f = 0; f < w.topTriangles; f++) {
    const i0 = ix[3 * f]!, i1 = ix[3 * f + 1]!, i2 = ix[3 * f + 2]!;
    const ux = p[3 * i1]! - p[3 * i0]!, uy = p[3 * i1 + 1]! - p[3 * i0 + 1]!, uz = p[3 * i1 + 2]! - p[3 * i0 + 2]!;
    const vx = p[3 * i2]! - p[3 * i0]!, vy = p[3 * i2 + 1]! - p[3 * i0 + 1]!, vz = p[3 * i2 + 2]! - p[3 * i0 + 2]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (let k = 0; k < 3; k++) {
      const v = ix[3 * f + k]!;
      normal[3 * v] = normal[3 * v]! + nx; normal[3 * v + 1] = normal[3 * v + 1]! + ny; normal[3 * v + 2] = normal[3 * v + 2]! + nz;
    }
  }
  const under = buildTriangleGrid(mesh, w.topTriangles, 2 * w.topTriangles, 1, scratch);
  let minThicknessMm = Infinity, maxShellThicknessMm = 0;
  for (let v = 0; v < w.topCount; v++) {
    const nx = normal[3 * v]!, ny = normal[3 * v + 1]!, nz = normal[3 * v + 2]!;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len === 0) continue;
    const d = castRay(under, p[3 * v]!, p[3 * v + 1]!, p[3 * v + 2]!, -nx / len, -ny / len, -nz / len, 200);
    if (!Number.isFinite(d)) continue;
    if (d < minThicknessMm) minThicknessMm = d;
    if (p[3 * v]! > w.shellFromX && d > maxShellThicknessMm) maxShellThicknessMm = d;
  }

  let postUndersideMaxZMm = 0;
  if (w.postFlatUntilX > 0) {
    for (let v = w.topCount; v < nv; v++) if (p[3 * v]! <= w.postFlatUntilX) postUndersideMaxZMm = Math.max(postUndersideMaxZMm, p[3 * v + 2]!);
  }
  const angle = degrees(Math.atan(Math.abs(c)));
  return {
    lengthMm: tx1 - tx0,
    overall: { lengthMm: bx1 - bx0, widthMm: by1 - by0, heightMm: bz1 - bz0 },
    heelCupDepthMm,
    postAngleDeg: angle,
    postHighSide: angle < 0.05 ? 'none' : c * w.medialSign > 0 ? 'medial' : 'lateral',
    heelSeatPitchDeg: degrees(Math.atan(b)),
    archHeightMm,
    minThicknessMm,
    maxShellThicknessMm,
    postUndersideMaxZMm,
    volumeMm3: volume,
    triangleCount: nf,
  };
}

/** Height of the top surface (triangles [0, count)) above (x, y), by a scan of its triangles; NaN off the surface. */
function topHeightAt(mesh: Mesh, count: number, x: number, y: number): number {
  const { positions: p, indices: ix } = mesh;
  let best = NaN;
  for (let f = 0; f < count; f++) {
    const a = 3 * ix[3 * f]!, b = 3 * ix[3 * f + 1]!, c = 3 * ix[3 * f + 2]!;
    const det = (p[b]! - p[a]!) * (p[c + 1]! - p[a + 1]!) - (p[c]! - p[a]!) * (p[b + 1]! - p[a + 1]!);
    if (det === 0) continue;
    const u = ((x - p[a]!) * (p[c + 1]! - p[a + 1]!) - (p[c]! - p[a]!) * (y - p[a + 1]!)) / det;
    const v = ((p[b]! - p[a]!) * (y - p[a + 1]!) - (x - p[a]!) * (p[b + 1]! - p[a + 1]!)) / det;
    if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) continue;
    const z = p[a + 2]! + u * (p[b + 2]! - p[a + 2]!) + v * (p[c + 2]! - p[a + 2]!);
    if (!(z <= best)) best = z;
  }
  return best;
}

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
