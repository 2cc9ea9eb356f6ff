import { mthLineX, SURFACE_RULES, type Device, type FootLandmarks } from '../geometry/index.js';

type Point = [number, number];

/**
 * Where things are on a built device, in the foot frame (mm): what previews, maps and sign-off
 * sheets draw over the mesh. Plain JSON-able arrays, rounded to 0.01 mm.
 */
export interface DeviceGuides {
  /** The scanned foot outline, aligned into the foot frame, CCW. */
  footOutline: Point[];
  /** The device's own outline (smoothed, trimmed to its length), CCW. */
  deviceOutline: Point[];
  /** +1 when medial is +y (right foot), -1 when medial is -y (left foot). */
  medialSign: 1 | -1;
  heelCentre: Point;
  archApex: Point;
  /** The metatarsal-head parabola from MTH1 (medial) to MTH5 (lateral). */
  mthLine: Point[];
  /** The heel cup keeps its full depth up to `fullUntilX` and fades out by `goneByX` (mm from the heel). */
  heelCup: { depthMm: number; fullUntilX: number; goneByX: number };
  /** The rearfoot post: which side is raised, its angle, and where it fades out (mm from the heel). */
  rearfootPost: { wedge: 'medial' | 'lateral'; angleDeg: number; fullUntilX: number; goneByX: number } | null;
  /** Mesh layout: vertices [0, topVertexCount) and triangles [0, topTriangleCount) are the top surface;
   *  vertex v + topVertexCount is the underside vertex under top vertex v (offset along its normal). */
  layout: { topVertexCount: number; topTriangleCount: number };
}

const r2 = (v: number): number => Math.round(v * 100) / 100 + 0;
const points = (xy: Float64Array): Point[] => {
  const out: Point[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push([r2(xy[i]!), r2(xy[i + 1]!)]);
  return out;
};

/** The guides of a device built from `footOutline` with landmarks `lm`. */
export function deviceGuides(footOutline: Float64Array, lm: FootLandmarks, device: Device, rearfootPost: { wedge: 'medial' | 'lateral'; angle: number } | null): DeviceGuides {
  const fl = lm.footLengthMm;
  const mth = mthLineX(lm);
  const mthLine: Point[] = [];
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    const y = lm.ballMedialY + ((lm.ballLateralY - lm.ballMedialY) * i) / steps;
    mthLine.push([r2(mth(y)), r2(y)]);
  }
  const s = device.surface;
  return {
    footOutline: points(footOutline),
    deviceOutline: points(device.outline),
    medialSign: lm.medialSign,
    heelCentre: [r2(lm.heelCentre[0]), r2(lm.heelCentre[1])],
    archApex: [r2(s.apex[0]), r2(s.apex[1])],
    mthLine,
    heelCup: { depthMm: s.surface.params.cupHeight, fullUntilX: r2(s.surface.params.cupTaper[0]), goneByX: r2(s.surface.params.cupTaper[1]) },
    rearfootPost: rearfootPost
      ? { wedge: rearfootPost.wedge, angleDeg: rearfootPost.angle, fullUntilX: r2(SURFACE_RULES.postFullUntil * fl), goneByX: r2(SURFACE_RULES.postGoneBy * fl) }
      : null,
    layout: { topVertexCount: device.layout.topCount, topTriangleCount: device.layout.topTriangles },
  };
}
