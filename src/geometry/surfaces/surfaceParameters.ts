import { FEATURE_FIELDS, MODIFICATION_RULES } from './modifications.js';
import type { TopSurface } from './topSurface.js';

/** Feature kinds, as numbered in the WebAssembly surface (assembly/solid.ts). */
const KIND = { dome: 0, bar: 1, platform: 2, groove: 3, round: 4, firstRay: 5, edge: 6 } as const;
/** Numbers a feature record: its kind, then FEATURE_FIELDS. */
export const FEATURE_RECORD = 1 + FEATURE_FIELDS.length;

/** A top surface as flat numbers, for the WebAssembly surface sampler. */
export interface PackedSurface {
  /** The P_* slots of assembly/solid.ts. */
  params: Float64Array;
  /** One record of FEATURE_RECORD numbers a feature: its kind, then FEATURE_FIELDS. */
  features: Float64Array;
  /** The edge profile's stations. */
  medialY: Float64Array;
  width: Float64Array;
}

/**
 * Packs a top surface into the parameter block the WebAssembly surface (assembly/solid.ts) reads,
 * slot for slot (buildSolid compares the counts with the kernel's own). The sines of the cup's flare
 * are computed here, so both sides use the same numbers.
 * The tests build devices with the kernel and with the JavaScript surface and require identical meshes.
 */
export function packSurface(s: TopSurface): PackedSurface {
  const m = s.mods, R = MODIFICATION_RULES, a = s.cup.flareRad, l = s.mthLine;
  const ff = m.forefootPost, sk = m.skive, lift = m.lift, post = s.post;
  const slots: number[] = [
    s.thicknessMm,
    s.cup.height, s.cup.filletR, Math.sin(a), Math.cos(a), Math.tan(a),
    s.cupTaper[0], s.cupTaper[1],
    s.arch.amplitude, s.arch.xStart, s.arch.xApex, s.arch.xEnd, s.arch.sPlateau, s.arch.sEnd, s.arch.medialSign,
    s.arch.edge.x0, s.arch.edge.step,
    post ? 1 : 0, post?.tanAngle ?? 0, post?.upSign ?? 0, post?.ref ?? 0, post?.fullUntil ?? 0, post?.goneBy ?? 0,
    m.fl,
    ff ? 1 : 0, ff?.tanAngle ?? 0, ff?.upSign ?? 0, ff?.ref ?? 0, ff?.x0 ?? 0, ff?.x1 ?? 0, ff?.fade0 ?? 0, ff?.fade1 ?? 0,
    sk ? 1 : 0, sk?.depth ?? 0, sk?.hy ?? 0, sk?.medialSign ?? 0, sk?.u0 ?? 0, sk?.u1 ?? 0, sk?.x0 ?? 0, sk?.x1 ?? 0,
    lift ? 1 : 0, lift?.height ?? 0, lift?.x0 ?? 0, lift?.x1 ?? 0,
    m.flanges.medial, m.flanges.lateral, ...R.medialFlange, ...R.lateralFlange,
    m.filled ? 1 : 0,
    l.ballX, l.ballMedialY, l.medialSign, l.width, l.a, l.b,
    R.metBarRoundMm, R.metBarPlateauMm, R.platformStartBehindMthMm, R.acrossBlendMm, R.firstRayAcross,
    R.platformRampMm, R.firstRayHalfLengthMm, R.edgeReliefReachMm, R.edgeReliefHalfLengthMm,
  ];
  const features = new Float64Array(m.features.length * FEATURE_RECORD);
  m.features.forEach((f, i) => {
    const o = i * FEATURE_RECORD;
    features[o] = KIND[f.kind];
    const fields = f as unknown as Record<string, number | boolean | undefined>;
    FEATURE_FIELDS.forEach((name, k) => { features[o + 1 + k] = Number(fields[name] ?? 0); });
  });
  return { params: Float64Array.from(slots), features, medialY: s.arch.edge.medialY, width: s.arch.edge.width };
}
