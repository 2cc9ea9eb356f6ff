// The closed solid: the top surface sampled at every footprint vertex (buildSolid's sampleSurface:
// base height, features, how much of the underside stays off the floor), then assembled (vertex
// normals, the offset underside, the triangles). AssemblyScript, compiled to WebAssembly at build time.
//
// Why: a build runs these loops once, cold: ~60 ms of interpreted and freshly optimised JavaScript
// at 1 mm with every modification, a few ms compiled. The JavaScript (src/geometry/surfaces/ and
// buildSolidReference in src/geometry/assembly/buildSolid.ts) stays as the reference: the tests
// build devices both ways and require identical meshes. Each function below is a line-for-line port
// of the JavaScript function of the same name, with the same arithmetic in the same order (Math.hypot
// as V8 computes it; sin, cos and tan of the cup's flare come computed from JavaScript).
//
// Memory: begin(...) resets the bump allocator and allocates inputs and outputs; the caller fills
// xy() (f64 xy), distance() (f64), triangles() (u32 triples), params() (see the P_* slots),
// features() (FEATURE_FIELDS f64 each) and the edge profile's medialY() and width() stations, calls
// sample() and assemble(), and copies positions() (f32, 6·nv) and indices() (u32, 3·(2·nt + 2·nb)).

import { f64At, i32At, setF32, setF64, setI32 } from './memory';

let NV: i32 = 0, NT: i32 = 0, NB: i32 = 0, STATIONS: i32 = 0, FEATURE_COUNT: i32 = 0;
let XY: usize = 0, Z: usize = 0, FEATURE: usize = 0, KEEP: usize = 0, TRIANGLES: usize = 0;
let DISTANCE: usize = 0, PARAMS: usize = 0, FEATURES: usize = 0, MEDIAL_Y: usize = 0, WIDTH: usize = 0;
let NORMAL: usize = 0, POSITIONS: usize = 0, INDICES: usize = 0;


export function begin(nv: i32, nt: i32, nb: i32, stations: i32, featureCount: i32): void {
  heap.reset();
  NV = nv; NT = nt; NB = nb; STATIONS = stations; FEATURE_COUNT = featureCount;
  DISTANCE = heap.alloc(<usize>nv * 8);
  PARAMS = heap.alloc(<usize>PARAM_COUNT * 8);
  FEATURES = heap.alloc(<usize>(featureCount * FEATURE_FIELDS) * 8);
  MEDIAL_Y = heap.alloc(<usize>stations * 8);
  WIDTH = heap.alloc(<usize>stations * 8);
  XY = heap.alloc(<usize>nv * 16);
  Z = heap.alloc(<usize>nv * 8);
  FEATURE = heap.alloc(<usize>nv * 8);
  KEEP = heap.alloc(<usize>nv * 8);
  TRIANGLES = heap.alloc(<usize>nt * 12);
  NORMAL = heap.alloc(<usize>nv * 24);
  POSITIONS = heap.alloc(<usize>nv * 24);
  INDICES = heap.alloc(<usize>(2 * nt + 2 * nb) * 12);
}
export function xy(): usize { return XY; }
export function distance(): usize { return DISTANCE; }
export function params(): usize { return PARAMS; }
export function features(): usize { return FEATURES; }
export function medialY(): usize { return MEDIAL_Y; }
export function width(): usize { return WIDTH; }
export function triangles(): usize { return TRIANGLES; }
export function z(): usize { return Z; }
export function feature(): usize { return FEATURE; }
export function keep(): usize { return KEEP; }
export function positions(): usize { return POSITIONS; }
export function indices(): usize { return INDICES; }

/** Fills positions() and indices(); t is the shell thickness (mm), filled a flat underside on the floor. */
export function assemble(t: f64, filled: bool): void {
  const nv = NV, nt = NT, nb = NB;
  // Area-weighted vertex normals of the top surface.
  memory.fill(NORMAL, 0, <usize>nv * 24);
  for (let f = 0; f < nt; f++) {
    const a = i32At(TRIANGLES, 3 * f), b = i32At(TRIANGLES, 3 * f + 1), c = i32At(TRIANGLES, 3 * f + 2);
    const ux = f64At(XY, 2 * b) - f64At(XY, 2 * a), uy = f64At(XY, 2 * b + 1) - f64At(XY, 2 * a + 1), uz = f64At(Z, b) - f64At(Z, a);
    const vx = f64At(XY, 2 * c) - f64At(XY, 2 * a), vy = f64At(XY, 2 * c + 1) - f64At(XY, 2 * a + 1), vz = f64At(Z, c) - f64At(Z, a);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    addNormal(a, nx, ny, nz);
    addNormal(b, nx, ny, nz);
    addNormal(c, nx, ny, nz);
  }
  for (let v = 0; v < nv; v++) {
    const x = f64At(XY, 2 * v), y = f64At(XY, 2 * v + 1);
    const nx = f64At(NORMAL, 3 * v), ny = f64At(NORMAL, 3 * v + 1), nz = f64At(NORMAL, 3 * v + 2);
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    setF32(POSITIONS, 3 * v, x);
    setF32(POSITIONS, 3 * v + 1, y);
    setF32(POSITIONS, 3 * v + 2, f64At(Z, v) + f64At(FEATURE, v));
    const o = 3 * (nv + v);
    if (filled) {
      setF32(POSITIONS, o, x);
      setF32(POSITIONS, o + 1, y);
      setF32(POSITIONS, o + 2, 0);
      continue;
    }
    const keep = f64At(KEEP, v);
    setF32(POSITIONS, o, x - (t * nx) / len);
    setF32(POSITIONS, o + 1, y - (t * ny) / len);
    setF32(POSITIONS, o + 2, Math.max(0, keep * (f64At(Z, v) - (t * nz) / len)) + 0);
  }
  memory.copy(INDICES, TRIANGLES, <usize>nt * 12);
  let c = 3 * nt;
  for (let f = 0; f < nt; f++) {
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 2));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 1));
  }
  for (let i = 0; i < nb; i++) {
    const k = i + 1 == nb ? 0 : i + 1;
    // Outline is CCW from above, so outward is to the right of i -> k.
    setI32(INDICES, c++, nv + i); setI32(INDICES, c++, nv + k); setI32(INDICES, c++, k);
    setI32(INDICES, c++, nv + i); setI32(INDICES, c++, k); setI32(INDICES, c++, i);
  }
}

@inline function addNormal(v: i32, nx: f64, ny: f64, nz: f64): void {
  setF64(NORMAL, 3 * v, f64At(NORMAL, 3 * v) + nx);
  setF64(NORMAL, 3 * v + 1, f64At(NORMAL, 3 * v + 1) + ny);
  setF64(NORMAL, 3 * v + 2, f64At(NORMAL, 3 * v + 2) + nz);
}

// ---- the top surface (src/geometry/surfaces/) ----

// Parameter slots (src/geometry/surfaces/surfaceParameters.ts writes them in this order).
const P_THICKNESS = 0;
const P_CUP_HEIGHT = 1, P_FILLET_R = 2, P_SIN_A = 3, P_COS_A = 4, P_TAN_A = 5;
const P_CUP_TAPER0 = 6, P_CUP_TAPER1 = 7;
const P_ARCH_AMPLITUDE = 8, P_ARCH_X_START = 9, P_ARCH_X_APEX = 10, P_ARCH_X_END = 11, P_ARCH_S_PLATEAU = 12, P_ARCH_S_END = 13, P_MEDIAL_SIGN = 14;
const P_EDGE_X0 = 15, P_EDGE_STEP = 16;
const P_POST = 17, P_POST_TAN = 18, P_POST_UP = 19, P_POST_REF = 20, P_POST_FULL_UNTIL = 21, P_POST_GONE_BY = 22;
const P_FL = 23;
const P_FF = 24, P_FF_TAN = 25, P_FF_UP = 26, P_FF_REF = 27, P_FF_X0 = 28, P_FF_X1 = 29, P_FF_FADE0 = 30, P_FF_FADE1 = 31;
const P_SKIVE = 32, P_SKIVE_DEPTH = 33, P_SKIVE_HY = 34, P_SKIVE_SIGN = 35, P_SKIVE_U0 = 36, P_SKIVE_U1 = 37, P_SKIVE_X0 = 38, P_SKIVE_X1 = 39;
const P_LIFT = 40, P_LIFT_HEIGHT = 41, P_LIFT_X0 = 42, P_LIFT_X1 = 43;
const P_FLANGE_MEDIAL = 44, P_FLANGE_LATERAL = 45, P_MEDIAL_FLANGE_WINDOW = 46, P_LATERAL_FLANGE_WINDOW = 50;
const P_FILLED = 54;
const P_MTH_BALL_X = 55, P_MTH_BALL_MEDIAL_Y = 56, P_MTH_SIGN = 57, P_MTH_WIDTH = 58, P_MTH_A = 59, P_MTH_B = 60;
const P_MET_BAR_ROUND = 61, P_MET_BAR_PLATEAU = 62, P_PLATFORM_START_BEHIND_MTH = 63, P_ACROSS_BLEND = 64, P_FIRST_RAY_ACROSS = 65;
const P_PLATFORM_RAMP = 66, P_FIRST_RAY_HALF_LENGTH = 67, P_EDGE_RELIEF_REACH = 68, P_EDGE_RELIEF_HALF_LENGTH = 69;
const PARAM_COUNT = 70;
// Feature records: kind, then the fields of every kind (modifications.ts uniformShape).
const F_KIND = 0, F_X0 = 1, F_X1 = 2, F_Y0 = 3, F_Y1 = 4, F_XC = 5, F_YC = 6, F_AX = 7, F_AY = 8, F_BX = 9, F_BY = 10;
const F_HEIGHT = 11, F_DEPTH = 12, F_BEHIND = 13, F_BEVEL = 14, F_HALF = 15, F_R = 16, F_LATERAL = 17, F_END_FADE = 18;
const FEATURE_FIELDS = 19;
const DOME = 0, BAR = 1, PLATFORM = 2, GROOVE = 3, ROUND = 4, FIRST_RAY = 5, EDGE = 6;

/** The layout's sizes, for the loader to compare with what it packs. */
export function paramCount(): i32 { return PARAM_COUNT; }
export function featureFields(): i32 { return FEATURE_FIELDS; }

@inline function p(slot: i32): f64 { return f64At(PARAMS, slot); }
@inline function on(slot: i32): bool { return f64At(PARAMS, slot) != 0; }

/** Fills the base height, the features' height and the underside's keep at every vertex. */
export function sample(): void {
  const filled = on(P_FILLED);
  for (let v = 0; v < NV; v++) {
    const x = f64At(XY, 2 * v), y = f64At(XY, 2 * v + 1), d = f64At(DISTANCE, v);
    setF64(Z, v, baseHeight(x, y, d));
    setF64(FEATURE, v, FEATURE_COUNT ? featureHeight(x, y, d) : 0);
    setF64(KEEP, v, filled ? 0 : 1 - floorBlend(x));
  }
}

@inline function clamp(v: f64, lo: f64, hi: f64): f64 { return v < lo ? lo : v > hi ? hi : v; }

function smootherstep(e0: f64, e1: f64, v: f64): f64 {
  const t = clamp((v - e0) / (e1 - e0), 0, 1);
  return t * t * t * (t * (t * 6 - 15) + 10);
}

/** Math.hypot of two numbers, as V8 computes it (normalised by the larger, Kahan-summed). Exported for its test. */
export function hypot(x: f64, y: f64): f64 {
  const ax = Math.abs(x), ay = Math.abs(y);
  if (isNaN(x) || isNaN(y)) return ax == Infinity || ay == Infinity ? Infinity : NaN;
  let max = 0.0;
  if (ax > max) max = ax;
  if (ay > max) max = ay;
  if (max == Infinity) return Infinity;
  if (max == 0) return 0;
  let sum = 0.0, compensation = 0.0;
  let n = ax / max;
  let summand = n * n - compensation;
  let preliminary = sum + summand;
  compensation = (preliminary - sum) - summand;
  sum = preliminary;
  n = ay / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  compensation = (preliminary - sum) - summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}

/** Catmull-Rom interpolation of the edge profile's stations at x (edgeProfile.ts). */
function sampleProfile(values: usize, x: f64): f64 {
  const n = STATIONS;
  const f = Math.min(<f64>n - 1.000001, Math.max(0, (x - p(P_EDGE_X0)) / p(P_EDGE_STEP)));
  const jf = Math.floor(f), t = f - jf;
  const j = <i32>jf;
  const v0 = f64At(values, max(0, j - 1)), v1 = f64At(values, j), v2 = f64At(values, min(n - 1, j + 1)), v3 = f64At(values, min(n - 1, j + 2));
  const t2 = t * t, t3 = t2 * t;
  return 0.5 * (2 * v1 + (-v0 + v2) * t + (2 * v0 - 5 * v1 + 4 * v2 - v3) * t2 + (-v0 + 3 * v1 - 3 * v2 + v3) * t3);
}

function mth(y: f64): f64 {
  const s = (p(P_MTH_SIGN) * (p(P_MTH_BALL_MEDIAL_Y) - y)) / p(P_MTH_WIDTH);
  return p(P_MTH_BALL_X) + p(P_MTH_A) * s - p(P_MTH_B) * s * s;
}

function across(x: f64, y: f64, width: f64): f64 {
  return (p(P_MEDIAL_SIGN) * (sampleProfile(MEDIAL_Y, x) - y)) / width;
}

function postBlend(x: f64): f64 {
  return on(P_POST) ? 1 - smootherstep(p(P_POST_FULL_UNTIL), p(P_POST_GONE_BY), x) : 0;
}

function postTilt(x: f64, y: f64): f64 {
  if (!on(P_POST)) return 0;
  const b = 1 - smootherstep(p(P_POST_FULL_UNTIL), p(P_POST_GONE_BY), x);
  return b == 0 ? 0 : p(P_POST_TAN) * (p(P_POST_UP) * y - p(P_POST_REF)) * b;
}

function forefootBlend(x: f64): f64 {
  if (!on(P_FF)) return 0;
  return smootherstep(p(P_FF_X0), p(P_FF_X1), x) * (1 - smootherstep(p(P_FF_FADE0), p(P_FF_FADE1), x));
}

function forefootTilt(x: f64, y: f64): f64 {
  if (!on(P_FF) || x <= p(P_FF_X0) || x >= p(P_FF_FADE1)) return 0;
  return p(P_FF_TAN) * (p(P_FF_UP) * y - p(P_FF_REF)) * forefootBlend(x);
}

function skiveRise(x: f64, y: f64): f64 {
  if (!on(P_SKIVE) || x >= p(P_SKIVE_X1)) return 0;
  const u = p(P_SKIVE_SIGN) * (y - p(P_SKIVE_HY));
  if (u <= p(P_SKIVE_U0)) return 0;
  return p(P_SKIVE_DEPTH) * smootherstep(p(P_SKIVE_U0), p(P_SKIVE_U1), u) * (1 - smootherstep(p(P_SKIVE_X0), p(P_SKIVE_X1), x));
}

function liftBlend(x: f64): f64 {
  return on(P_LIFT) ? 1 - smootherstep(p(P_LIFT_X0), p(P_LIFT_X1), x) : 0;
}

function flangeHeight(x: f64, lateral: bool): f64 {
  const h = lateral ? p(P_FLANGE_LATERAL) : p(P_FLANGE_MEDIAL);
  if (h <= 0) return 0;
  const w = lateral ? P_LATERAL_FLANGE_WINDOW : P_MEDIAL_FLANGE_WINDOW;
  const fl = p(P_FL);
  return h * smootherstep(p(w) * fl, p(w + 1) * fl, x) * (1 - smootherstep(p(w + 2) * fl, p(w + 3) * fl, x));
}

function plinth(x: f64, y: f64): f64 {
  return p(P_THICKNESS) + postTilt(x, y) + forefootTilt(x, y) + skiveRise(x, y) + (on(P_LIFT) ? p(P_LIFT_HEIGHT) * liftBlend(x) : 0);
}

function archFactor(x: f64, y: f64): f64 {
  const xStart = p(P_ARCH_X_START), xApex = p(P_ARCH_X_APEX), xEnd = p(P_ARCH_X_END);
  if (x <= xStart || x >= xEnd) return 0;
  const fx = x <= xApex ? smootherstep(xStart, xApex, x) : 1 - smootherstep(xApex, xEnd, x);
  const med = sampleProfile(MEDIAL_Y, x);
  const w = sampleProfile(WIDTH, x);
  const s = (p(P_MEDIAL_SIGN) * (med - y)) / w;
  return fx * (1 - smootherstep(p(P_ARCH_S_PLATEAU), p(P_ARCH_S_END), s));
}

function cupWidth(height: f64): f64 {
  if (height <= 0) return 0;
  const r = p(P_FILLET_R);
  const tz = r * (1 - p(P_SIN_A));
  if (height >= tz) return (height - tz) * p(P_TAN_A) + r * p(P_COS_A);
  return Math.sqrt(r * r - (r - height) * (r - height));
}

function cupHeight(d: f64, height: f64): f64 {
  if (height <= 0) return 0;
  const r = p(P_FILLET_R);
  const cd = cupWidth(height);
  if (d >= cd) return 0;
  const tz = r * (1 - p(P_SIN_A));
  if (height >= tz) {
    const td = (height - tz) * p(P_TAN_A);
    if (d <= td) return height - d / p(P_TAN_A);
  }
  const u = cd - Math.max(d, 0);
  return r - Math.sqrt(Math.max(0, r * r - u * u));
}

function wallHeight(x: f64, y: f64): f64 {
  const cup = x >= p(P_CUP_TAPER1) ? 0 : p(P_CUP_HEIGHT) * (1 - smootherstep(p(P_CUP_TAPER0), p(P_CUP_TAPER1), x));
  if (p(P_FLANGE_MEDIAL) <= 0 && p(P_FLANGE_LATERAL) <= 0) return cup;
  const lateral = across(x, y, sampleProfile(WIDTH, x)) > 0.5;
  return Math.max(cup, flangeHeight(x, lateral));
}

function cupAt(x: f64, y: f64, d: f64): f64 {
  if (d < 0) return 0;
  const h = wallHeight(x, y);
  return h > 0 ? cupHeight(d, h) : 0;
}

function baseHeight(x: f64, y: f64, d: f64): f64 {
  return plinth(x, y) + p(P_ARCH_AMPLITUDE) * archFactor(x, y) + cupAt(x, y, d);
}

function floorBlend(x: f64): f64 {
  if (on(P_FILLED)) return 1;
  let b = postBlend(x);
  if (on(P_FF)) b = Math.max(b, forefootBlend(x));
  if (on(P_LIFT)) b = Math.max(b, liftBlend(x));
  return b;
}

@inline function fld(f: usize, field: i32): f64 { return load<f64>(f + (<usize>field << 3)); }

function featureHeight(x: f64, y: f64, d: f64): f64 {
  let up = 0.0, down = 0.0;
  let sAcross = NaN, width = NaN;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const f = FEATURES + <usize>(i * FEATURE_FIELDS) * 8;
    let z = 0.0;
    if (x <= fld(f, F_X0) || x >= fld(f, F_X1)) continue;
    const kind = <i32>fld(f, F_KIND);
    if (kind == DOME) {
      if (!(y <= fld(f, F_Y0) || y >= fld(f, F_Y1))) {
        const u = (x - fld(f, F_XC)) / fld(f, F_AX), v = (y - fld(f, F_YC)) / fld(f, F_AY);
        const r = Math.sqrt(u * u + v * v);
        if (r < 1) z += fld(f, F_HEIGHT) * (1 - smootherstep(0, 1, r));
      }
    } else if (kind == BAR) {
      const u = mth(y) - fld(f, F_BEHIND) - x;
      const rd = p(P_MET_BAR_ROUND), pl = p(P_MET_BAR_PLATEAU);
      if (!(u <= 0 || u >= rd + pl + fld(f, F_BEVEL))) {
        z += fld(f, F_HEIGHT) * (u < rd ? smootherstep(0, rd, u) : 1 - smootherstep(rd + pl, rd + pl + fld(f, F_BEVEL), u));
      }
    } else if (kind == PLATFORM) {
      const u = x - (mth(y) - p(P_PLATFORM_START_BEHIND_MTH));
      if (!(u <= 0)) {
        if (isNaN(width)) { width = sampleProfile(WIDTH, x); sAcross = across(x, y, width); }
        const s = sAcross, w = width;
        const b = p(P_ACROSS_BLEND) / w;
        const split = p(P_FIRST_RAY_ACROSS);
        const side = fld(f, F_LATERAL) != 0 ? smootherstep(split - b / 2, split + b / 2, s) : 1 - smootherstep(split - b / 2, split + b / 2, s);
        z += fld(f, F_HEIGHT) * side * smootherstep(0, p(P_PLATFORM_RAMP), u) * (1 - smootherstep(fld(f, F_END_FADE), fld(f, F_X1), x));
      }
    } else if (kind == GROOVE) {
      if (!(y <= fld(f, F_Y0) || y >= fld(f, F_Y1))) {
        const ax = fld(f, F_AX), ay = fld(f, F_AY);
        const vx = fld(f, F_BX) - ax, vy = fld(f, F_BY) - ay;
        const len2 = vx * vx + vy * vy;
        const t = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / len2));
        const dist = hypot(x - (ax + t * vx), y - (ay + t * vy));
        const half = fld(f, F_HALF);
        if (!(dist >= half)) {
          const ends = smootherstep(0, 0.15, t) * (1 - smootherstep(0.85, 1, t));
          z -= fld(f, F_DEPTH) * (1 - smootherstep(0, half, dist)) * ends;
        }
      }
    } else if (kind == ROUND) {
      if (!(y <= fld(f, F_Y0) || y >= fld(f, F_Y1))) {
        const r = hypot(x - fld(f, F_XC), y - fld(f, F_YC));
        const fr = fld(f, F_R);
        if (r < fr) z -= fld(f, F_DEPTH) * (1 - smootherstep(0.4 * fr, fr, r));
      }
    } else if (kind == FIRST_RAY) {
      if (isNaN(width)) { width = sampleProfile(WIDTH, x); sAcross = across(x, y, width); }
      const s = sAcross, w = width;
      const b = p(P_ACROSS_BLEND) / w;
      const split = p(P_FIRST_RAY_ACROSS);
      const side = 1 - smootherstep(split - b, split, s);
      const half = p(P_FIRST_RAY_HALF_LENGTH);
      z -= fld(f, F_DEPTH) * side * (1 - smootherstep(0.5 * half, half, Math.abs(x - fld(f, F_XC))));
    } else if (kind == EDGE) {
      const reach = p(P_EDGE_RELIEF_REACH);
      if (!(d < 0 || d >= reach)) {
        if (isNaN(width)) { width = sampleProfile(WIDTH, x); sAcross = across(x, y, width); }
        const s = sAcross;
        if (!(fld(f, F_LATERAL) != 0 ? s < 0.5 : s > 0.5)) {
          const half = p(P_EDGE_RELIEF_HALF_LENGTH);
          z -= fld(f, F_DEPTH) * (1 - smootherstep(0, reach, d)) * (1 - smootherstep(0.4 * half, half, Math.abs(x - fld(f, F_XC))));
        }
      }
    }
    if (z > up) up = z;
    else if (z < down) down = z;
  }
  return up + down;
}
