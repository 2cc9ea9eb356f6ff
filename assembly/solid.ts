// The top surface and the closed solid, written once: the top surface's height at any point (base
// height: shell, posts, skive, lift, arch, heel cup and flanges; the top-only features: pads, bars,
// platforms, grooves, reliefs; how much of the underside stays off the floor), sampled at every
// footprint vertex, then the solid assembled (vertex normals, the offset underside, the triangles).
// AssemblyScript, compiled to WebAssembly at build time (a build runs these loops once, cold:
// compiled code spares it V8's interpreter). The design (src/geometry/surface) fills the parameter
// block, whose layout is declared once in surfaceLayout.json, and asks this kernel for the surface's
// values it needs at design time (cup widths, wall heights, the arch factor, the plinth), so every
// formula of the surface is here and nowhere else.
//
// Memory: surface(stations, featureCount) resets the bump allocator and allocates the surface's
// inputs; the caller fills params(), features() and the edge profile's medialY() and width()
// stations. mesh(nv, nt, nb) then allocates the footprint's inputs and the outputs: the caller fills
// xy() (f64 xy), distance() (f64) and triangles() (u32 triples), calls sample() and assemble(), and
// copies positions() (f32, 3·(2·nv + rings)) and indices() (u32, 3·(2·nt + 2·nb + 2·rings)), rings being
// what assemble() returns.

import { f64At, i32At, setF32, setF64, setI32, setU8, u8At, zeroed } from './memory';
import {
  P_THICKNESS, P_CUP_HEIGHT, P_FILLET_R, P_SIN_FLARE, P_COS_FLARE, P_TAN_FLARE, P_CUP_TAPER,
  P_ARCH_AMPLITUDE, P_ARCH_X_START, P_ARCH_X_APEX, P_ARCH_X_END, P_ARCH_S_MEASURE, P_ARCH_S_END, P_ARCH_POWER, P_ARCH_TAPER, P_MEDIAL_SIGN,
  P_EDGE_X0, P_EDGE_STEP, P_POST, P_POST_TAN, P_POST_UP, P_POST_REF, P_POST_FULL_UNTIL, P_POST_GONE_BY, P_FOOT_LENGTH,
  P_FOREFOOT_POST, P_FOREFOOT_TAN, P_FOREFOOT_UP, P_FOREFOOT_REF, P_FOREFOOT_RAMP, P_FOREFOOT_FADE,
  P_SKIVE, P_SKIVE_DEPTH, P_SKIVE_HEEL_Y, P_SKIVE_SIGN, P_SKIVE_RAMP, P_SKIVE_FADE, P_LIFT, P_LIFT_HEIGHT, P_LIFT_FADE,
  P_FLANGE_MEDIAL, P_FLANGE_LATERAL, P_MEDIAL_FLANGE_WINDOW, P_LATERAL_FLANGE_WINDOW, P_FILLED,
  P_MTH_BALL_X, P_MTH_BALL_MEDIAL_Y, P_MTH_SIGN, P_MTH_WIDTH, P_MTH_A, P_MTH_B,
  P_MET_BAR_ROUND, P_MET_BAR_PLATEAU, P_PLATFORM_START_BEHIND_MTH, P_ACROSS_BLEND, P_FIRST_RAY_ACROSS,
  P_PLATFORM_RAMP, P_FIRST_RAY_HALF_LENGTH, P_EDGE_RELIEF_REACH, P_EDGE_RELIEF_HALF_LENGTH,
  P_SOLE, P_SOLE_X0, P_SOLE_Y0, P_SOLE_STEP, P_SOLE_NX, P_SOLE_NY, P_BALL_UNDERSIDE, PARAM_COUNT,
  F_KIND, F_X0, F_X1, F_Y0, F_Y1, F_XC, F_YC, F_AX, F_AY, F_BX, F_BY, F_HEIGHT, F_DEPTH, F_BEHIND, F_BEVEL,
  F_HALF, F_R, F_LATERAL, F_END_FADE, FEATURE_RECORD,
  KIND_DOME, KIND_BAR, KIND_PLATFORM, KIND_GROOVE, KIND_ROUND, KIND_FIRST_RAY, KIND_EDGE,
} from './generated/surfaceLayout';

let NV: i32 = 0, NT: i32 = 0, NB: i32 = 0, STATIONS: i32 = 0, FEATURE_COUNT: i32 = 0;
let XY: usize = 0, Z: usize = 0, FEATURE: usize = 0, KEEP: usize = 0, TRIANGLES: usize = 0;
let DISTANCE: usize = 0, PARAMS: usize = 0, FEATURES: usize = 0, MEDIAL_Y: usize = 0, WIDTH: usize = 0;
let NORMAL: usize = 0, POSITIONS: usize = 0, INDICES: usize = 0, SOLE: usize = 0;

/** Starts a surface: allocates its parameter block, feature records, edge-profile stations and sole grid (soleCells heights, then as many caps). */
export function surface(stations: i32, featureCount: i32, soleCells: i32): void {
  heap.reset();
  STATIONS = stations; FEATURE_COUNT = featureCount;
  PARAMS = heap.alloc(<usize>PARAM_COUNT * 8);
  FEATURES = heap.alloc(<usize>(featureCount * FEATURE_RECORD) * 8);
  MEDIAL_Y = heap.alloc(<usize>stations * 8);
  WIDTH = heap.alloc(<usize>stations * 8);
  SOLE = heap.alloc(<usize>max(1, 2 * soleCells) * 8);
  NV = 0; NT = 0; NB = 0;
  MEDIAL_AT = NaN; WIDTH_AT = NaN; // the profile's last values belong to the surface before
}

/** Allocates the footprint (nv vertices, nt triangles, nb on the outline) and the solid's buffers, after surface(). */
export function mesh(nv: i32, nt: i32, nb: i32): void {
  NV = nv; NT = nt; NB = nb;
  DISTANCE = heap.alloc(<usize>nv * 8);
  XY = heap.alloc(<usize>nv * 16);
  Z = heap.alloc(<usize>nv * 8);
  FEATURE = heap.alloc(<usize>nv * 8);
  KEEP = heap.alloc(<usize>nv * 8);
  TRIANGLES = heap.alloc(<usize>nt * 12);
  NORMAL = heap.alloc(<usize>nv * 24);
  POSITIONS = heap.alloc(<usize>(2 * nv + nb) * 12);
  INDICES = heap.alloc(<usize>(2 * nt + 4 * nb) * 12);
  PLAIN_RIM = zeroed(<usize>max(nb, 1));
}

/**
 * Per outline vertex, 1 where its rim stays one straight face (no ring, its underside loop point not
 * moved): the caller marks where a ring crossed the underside (src/pipeline/buildOrthotic.ts).
 * Zero after mesh().
 */
let PLAIN_RIM: usize = 0;
export function plainRim(): usize { return PLAIN_RIM; }
export function params(): usize { return PARAMS; }
export function features(): usize { return FEATURES; }
export function medialY(): usize { return MEDIAL_Y; }
export function width(): usize { return WIDTH; }
export function sole(): usize { return SOLE; }
export function xy(): usize { return XY; }
export function distance(): usize { return DISTANCE; }
export function triangles(): usize { return TRIANGLES; }
export function positions(): usize { return POSITIONS; }
export function indices(): usize { return INDICES; }

/**
 * Least size, mm, of what a rim ring corrects: how far the shell's offset rim point stands off the
 * straight side from the top's rim to the underside's loop, and how far it stands above that loop.
 * Engineering choice: below a tenth of a millimetre the straight side takes less off the wall than
 * a print's layer height, and the ring's faces would be slivers.
 */
const RING_MIN_MM: f64 = 0.1;

/**
 * Fills positions() and indices(): the top as sampled, the underside offset by the shell thickness
 * (or the floor, filled), the rim; returns how many ring vertices the rim has (positions() then
 * holds 2·nv + that many vertices, indices() 2·nt + 2·nb + 2 × that many triangles).
 *
 * The rim: where the underside's loop lies well below the shell's offset of the top's rim (the
 * underside put on the floor under a post, a lift or a filled device, or lowered by a ball), a
 * straight side from the top's rim down to that loop would cut into the wall: the wall would thin
 * to nothing toward its rim (measured: 0.27 mm 1 mm below a 20 mm cup's rim under a 3 mm shell with
 * a post, 0.23 mm on a real scan's device). There the rim has a ring vertex at the shell's offset of
 * the rim point, t from it along the top's inward normal: the rim runs from the top's rim to the
 * ring (the shell's own edge, t wide) and then straight down to the underside's loop, which sits
 * under the ring, so the wall is the shell's thickness up to its rim.
 */
export function assemble(): i32 {
  const nv = NV, nt = NT, nb = NB;
  const t = p(P_THICKNESS), filled = on(P_FILLED), ball = on(P_BALL_UNDERSIDE);
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
  if (ball || filled) hashTop(t); // the ball's reach, and the rim's (rings())
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
    if (ball) {
      // On a scanned sole, or a shell thicker than its cup's fillet: straight below the top, on the surface a ball of radius t rolled under
      // its vertices traces, or lower by t across the top's slope (t / cos) where the vertices are
      // too far apart for the ball to see that: every point of the top at least t from the
      // underside however the sole bends, and the underside a graph over the same footprint that
      // cannot fold; where that reaches the floor (steep walls) the device is solid.
      setF32(POSITIONS, o, x);
      setF32(POSITIONS, o + 1, y);
      const zTop = f64At(Z, v) + f64At(FEATURE, v);
      setF32(POSITIONS, o + 2, Math.max(0, keep * Math.min(ballUnder(x, y, t), zTop - (t * len) / Math.max(nz, 1e-9 * len))) + 0);
      continue;
    }
    setF32(POSITIONS, o, x - (t * nx) / len);
    setF32(POSITIONS, o + 1, y - (t * ny) / len);
    setF32(POSITIONS, o + 2, Math.max(0, keep * (f64At(Z, v) - (t * nz) / len)) + 0);
  }
  const ringCount = rings(nv, nb, t, filled, ball);
  memory.copy(INDICES, TRIANGLES, <usize>nt * 12);
  let c = 3 * nt;
  for (let f = 0; f < nt; f++) {
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 2));
    setI32(INDICES, c++, nv + i32At(TRIANGLES, 3 * f + 1));
  }
  // The rim, between outline vertices i and k = i + 1: each has a column from its underside vertex
  // (nv + i) up through its ring vertex, if any, to its top vertex (i). The strip between the two
  // columns is zipped level by level (ring, then top), k's column first: each step adds the
  // triangle (current i, current k, the next vertex up). Outline is CCW from above, so outward is
  // to the right of i -> k. Without rings, (nv+i, nv+k, k) and (nv+i, k, i).
  for (let i = 0; i < nb; i++) {
    const k = i + 1 == nb ? 0 : i + 1;
    let ci = nv + i, ck = nv + k;
    const ri = i32At(RING, i), rk = i32At(RING, k);
    if (rk >= 0) { setI32(INDICES, c++, ci); setI32(INDICES, c++, ck); setI32(INDICES, c++, rk); ck = rk; }
    if (ri >= 0) { setI32(INDICES, c++, ci); setI32(INDICES, c++, ck); setI32(INDICES, c++, ri); ci = ri; }
    setI32(INDICES, c++, ci); setI32(INDICES, c++, ck); setI32(INDICES, c++, k);
    setI32(INDICES, c++, ci); setI32(INDICES, c++, k); setI32(INDICES, c++, i);
  }
  return ringCount;
}

/** Per outline vertex, its ring vertex's index, or −1 (assemble()). */
let RING: usize = 0;


/**
 * Decides each outline vertex's ring (see assemble()) and writes the ring vertices after the
 * underside's; returns how many. The ring point R is the top's rim point moved t along its inward
 * normal (its underside point before any floor). Under a ball or a filled device, whose underside
 * lies straight under the top, R is on the ball of radius t about the rim point, straight out
 * across the outline by t × the outward part of the steepest inward normal within t of it (never
 * inward). Where R stands off the straight side from the rim point to the underside's loop point
 * U by RING_MIN_MM, U moves under R (offset along the normal, it is there already), and where R
 * also stands that much above U, R becomes a ring vertex. Under a ball or a filled device, a move
 * that would leave an underside triangle with under a quarter of its top's xy area is not made.
 */
function rings(nv: i32, nb: i32, t: f64, filled: bool, ball: bool): i32 {
  RING = heap.alloc(<usize>max(nb, 1) << 2);
  // Per outline vertex: R (f64 xyz), and what it gets: 0 nothing, 1 U moved under R, 2 that and a ring.
  const target = heap.alloc(<usize>max(nb, 1) * 24), kind = heap.alloc(<usize>max(nb, 1));
  memory.fill(kind, 0, <usize>max(nb, 1));
  for (let i = 0; i < nb; i++) {
    const nx = f64At(NORMAL, 3 * i), ny = f64At(NORMAL, 3 * i + 1), nz = f64At(NORMAL, 3 * i + 2);
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(len > 0)) continue;
    const ax = <f64>load<f32>(POSITIONS + (<usize>(3 * i) << 2)), ay = <f64>load<f32>(POSITIONS + (<usize>(3 * i + 1) << 2));
    const az = <f64>load<f32>(POSITIONS + (<usize>(3 * i + 2) << 2));
    const o = 3 * (nv + i);
    const ux = <f64>load<f32>(POSITIONS + (<usize>o << 2)), uy = <f64>load<f32>(POSITIONS + (<usize>(o + 1) << 2)), uz = <f64>load<f32>(POSITIONS + (<usize>(o + 2) << 2));
    let rx = 0.0, ry = 0.0, rz = 0.0;
    if (ball || filled) {
      // The underside's loop lies straight under the outline (its inside is straight under the
      // top): R moves straight out across the outline (to the right of its direction at i).
      const p = i == 0 ? nb - 1 : i - 1, q = i + 1 == nb ? 0 : i + 1;
      const dx = f64At(XY, 2 * q) - f64At(XY, 2 * p), dy = f64At(XY, 2 * q + 1) - f64At(XY, 2 * p + 1);
      const d = Math.sqrt(dx * dx + dy * dy);
      if (!(d > 0)) continue;
      // Outward (unit, xy), and how far out the wall within t of the rim point faces: the largest
      // outward part of the inward unit normals of the top's vertices there (the rim point's
      // own normal may be level where the wall below it is steep, as on a scanned sole's cap).
      const ox = dy / d, oy = -dx / d;
      let s = 0.0;
      const ci = <i32>Math.floor((ax - HASH_X0) / HASH_CELL), cj = <i32>Math.floor((ay - HASH_Y0) / HASH_CELL);
      for (let jj = max(0, cj - 1); jj <= min(HASH_NY - 1, cj + 1); jj++) {
        for (let ii = max(0, ci - 1); ii <= min(HASH_NX - 1, ci + 1); ii++) {
          const cell = ii + HASH_NX * jj;
          for (let a = i32At(HASH_START, cell), e = i32At(HASH_START, cell + 1); a < e; a++) {
            const q = i32At(HASH_ITEMS, a);
            const qx = f64At(XY, 2 * q) - ax, qy = f64At(XY, 2 * q + 1) - ay;
            if (qx * qx + qy * qy > t * t) continue;
            const gx = f64At(NORMAL, 3 * q), gy = f64At(NORMAL, 3 * q + 1), gz = f64At(NORMAL, 3 * q + 2);
            const g = Math.sqrt(gx * gx + gy * gy + gz * gz);
            if (g > 0) s = Math.max(s, -(gx * ox + gy * oy) / g);
          }
        }
      }
      if (s <= 0) continue;
      s = Math.min(s, 1);
      rx = ax + t * s * ox; ry = ay + t * s * oy; rz = az - t * Math.sqrt(1 - s * s);
    } else {
      // As the underside offsets every other vertex, before the floor.
      rx = f64At(XY, 2 * i) - (t * nx) / len; ry = f64At(XY, 2 * i + 1) - (t * ny) / len; rz = f64At(Z, i) - (t * nz) / len;
    }
    // R's distance from the straight side A -> U (the segment), and its height above U.
    const sx = ux - ax, sy = uy - ay, sz = uz - az, s2 = sx * sx + sy * sy + sz * sz;
    const wx = rx - ax, wy = ry - ay, wz = rz - az;
    const along = s2 > 0 ? Math.min(1, Math.max(0, (wx * sx + wy * sy + wz * sz) / s2)) : 0;
    const ex = wx - along * sx, ey = wy - along * sy, ez = wz - along * sz;
    if (ex * ex + ey * ey + ez * ez < RING_MIN_MM * RING_MIN_MM) continue;
    setF64(target, 3 * i, rx); setF64(target, 3 * i + 1, ry); setF64(target, 3 * i + 2, rz);
    setU8(kind, i, u8At(PLAIN_RIM, i) ? 0 : rz - uz < RING_MIN_MM ? 1 : 2);
  }
  // Under a ball or a filled device, U moving out must not turn an underside triangle over (at a
  // tight corner of the outline, a toe's tip, it can cross its neighbours' loop points): a triangle
  // left with less than a quarter of its top's xy area keeps its outline vertices where they were.
  if (ball || filled) {
    for (let pass = 0, changed = true; changed && pass < 8; pass++) {
      changed = false;
      for (let f = 0; f < NT; f++) {
        const a = i32At(TRIANGLES, 3 * f), b = i32At(TRIANGLES, 3 * f + 1), c = i32At(TRIANGLES, 3 * f + 2);
        const ka = a < nb ? u8At(kind, a) : 0, kb = b < nb ? u8At(kind, b) : 0, kc = c < nb ? u8At(kind, c) : 0;
        if (ka == 0 && kb == 0 && kc == 0) continue;
        const topArea = area2(f64At(XY, 2 * a), f64At(XY, 2 * a + 1), f64At(XY, 2 * b), f64At(XY, 2 * b + 1), f64At(XY, 2 * c), f64At(XY, 2 * c + 1));
        const moved = area2(
          ka ? f64At(target, 3 * a) : f64At(XY, 2 * a), ka ? f64At(target, 3 * a + 1) : f64At(XY, 2 * a + 1),
          kb ? f64At(target, 3 * b) : f64At(XY, 2 * b), kb ? f64At(target, 3 * b + 1) : f64At(XY, 2 * b + 1),
          kc ? f64At(target, 3 * c) : f64At(XY, 2 * c), kc ? f64At(target, 3 * c + 1) : f64At(XY, 2 * c + 1),
        );
        if (moved >= 0.25 * topArea) continue;
        if (ka) setU8(kind, a, 0);
        if (kb) setU8(kind, b, 0);
        if (kc) setU8(kind, c, 0);
        changed = true;
      }
    }
  }
  let count = 0;
  for (let i = 0; i < nb; i++) {
    setI32(RING, i, -1);
    const k = u8At(kind, i);
    if (k == 0) continue;
    const rx = f64At(target, 3 * i), ry = f64At(target, 3 * i + 1), rz = f64At(target, 3 * i + 2);
    // U under R (a ball's or a filled device's U moves out to R's xy; offset along the normal, it is there already).
    const o = 3 * (nv + i);
    setF32(POSITIONS, o, rx);
    setF32(POSITIONS, o + 1, ry);
    if (k < 2) continue;
    const r = 2 * nv + count;
    setF32(POSITIONS, 3 * r, rx);
    setF32(POSITIONS, 3 * r + 1, ry);
    setF32(POSITIONS, 3 * r + 2, rz);
    setI32(RING, i, r);
    count++;
  }
  return count;
}

/** Twice the signed xy area of triangle (a, b, c): positive counterclockwise. */
@inline function area2(ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64): f64 {
  return (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
}

/**
 * Whether the underside assemble() made, offset from the top along its normals, folds over itself:
 * some underside triangle faces the other way from the top triangle it was offset from. An offset
 * by t folds where the top bends over (a ridge) more tightly than t: a high arch's crest at the
 * medial border, the end of an arch squeezed before an early ball, under a thick shell (measured:
 * a 34.7 mm arch under a 7.25 mm TPU shell, and a 15 mm arch ending 8 mm before the ball under
 * 7.25 mm of EVA, made meshes that were not closed solids: 2 and 18 triangles turned over). A fold
 * always turns triangles over (the swallowtail of an offset surface); triangles flattened onto the
 * floor or collapsed only lose their area, which this does not count. Call after assemble(), before
 * the kernel is used again.
 */
export function undersideFolds(): bool {
  const nv = NV, nt = NT;
  for (let f = 0; f < nt; f++) {
    const a = i32At(TRIANGLES, 3 * f), b = i32At(TRIANGLES, 3 * f + 1), c = i32At(TRIANGLES, 3 * f + 2);
    // The top's normal (b − a) × (c − a), and the same of the underside's copies of a, b, c (its
    // triangle is wound (a, c, b) to face down: unfolded, the two normals agree).
    let ux = pf(a, 0, b), uy = pf(a, 1, b), uz = pf(a, 2, b);
    let vx = pf(a, 0, c), vy = pf(a, 1, c), vz = pf(a, 2, c);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    ux = pf(nv + a, 0, nv + b); uy = pf(nv + a, 1, nv + b); uz = pf(nv + a, 2, nv + b);
    vx = pf(nv + a, 0, nv + c); vy = pf(nv + a, 1, nv + c); vz = pf(nv + a, 2, nv + c);
    const sx = uy * vz - uz * vy, sy = uz * vx - ux * vz, sz = ux * vy - uy * vx;
    const dot = nx * sx + ny * sy + nz * sz;
    // dot < −1e-6 · |top| · |underside|, squared (no square roots on the way).
    if (dot < 0 && dot * dot > 1e-12 * (nx * nx + ny * ny + nz * nz) * (sx * sx + sy * sy + sz * sz)) return true;
  }
  return false;
}

/** Coordinate k of vertex `to` minus that of vertex `from`, of the assembled positions (f32, widened). */
@inline function pf(from: i32, k: i32, to: i32): f64 {
  return <f64>load<f32>(POSITIONS + (<usize>(3 * to + k) << 2)) - <f64>load<f32>(POSITIONS + (<usize>(3 * from + k) << 2));
}

// A uniform grid of the top's vertices (cells t wide), for ballUnder.
let HASH_START: usize = 0, HASH_ITEMS: usize = 0, HASH_X0: f64 = 0, HASH_Y0: f64 = 0, HASH_CELL: f64 = 1;
let HASH_NX: i32 = 0, HASH_NY: i32 = 0;

function hashTop(t: f64): void {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let v = 0; v < NV; v++) {
    const x = f64At(XY, 2 * v), y = f64At(XY, 2 * v + 1);
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  HASH_CELL = Math.max(t, 0.5); HASH_X0 = x0; HASH_Y0 = y0;
  HASH_NX = <i32>Math.floor((x1 - x0) / HASH_CELL) + 1; HASH_NY = <i32>Math.floor((y1 - y0) / HASH_CELL) + 1;
  const cells = HASH_NX * HASH_NY;
  HASH_START = heap.alloc(<usize>(cells + 1) * 4);
  HASH_ITEMS = heap.alloc(<usize>max(1, NV) * 4);
  memory.fill(HASH_START, 0, <usize>(cells + 1) * 4);
  for (let v = 0; v < NV; v++) {
    const c = hashCell(f64At(XY, 2 * v), f64At(XY, 2 * v + 1));
    setI32(HASH_START, c + 1, i32At(HASH_START, c + 1) + 1);
  }
  for (let c = 0; c < cells; c++) setI32(HASH_START, c + 1, i32At(HASH_START, c + 1) + i32At(HASH_START, c));
  for (let v = 0; v < NV; v++) {
    const c = hashCell(f64At(XY, 2 * v), f64At(XY, 2 * v + 1));
    const at = i32At(HASH_START, c);
    setI32(HASH_ITEMS, at, v);
    setI32(HASH_START, c, at + 1);
  }
  for (let c = cells; c > 0; c--) setI32(HASH_START, c, i32At(HASH_START, c - 1));
  setI32(HASH_START, 0, 0);
}

@inline function hashCell(x: f64, y: f64): i32 {
  const i = min(HASH_NX - 1, max(0, <i32>Math.floor((x - HASH_X0) / HASH_CELL)));
  const j = min(HASH_NY - 1, max(0, <i32>Math.floor((y - HASH_Y0) / HASH_CELL)));
  return i + HASH_NX * j;
}

/** The lowest point a ball of radius t under the top (its vertices) reaches straight below (x, y): the top offset by t, as a graph. */
function ballUnder(x: f64, y: f64, t: f64): f64 {
  const i = <i32>Math.floor((x - HASH_X0) / HASH_CELL), j = <i32>Math.floor((y - HASH_Y0) / HASH_CELL);
  let low = Infinity;
  const t2 = t * t;
  for (let jj = max(0, j - 1); jj <= min(HASH_NY - 1, j + 1); jj++) {
    for (let ii = max(0, i - 1); ii <= min(HASH_NX - 1, i + 1); ii++) {
      const c = ii + HASH_NX * jj;
      for (let a = i32At(HASH_START, c), e = i32At(HASH_START, c + 1); a < e; a++) {
        const q = i32At(HASH_ITEMS, a);
        const dx = f64At(XY, 2 * q) - x, dy = f64At(XY, 2 * q + 1) - y;
        const d2 = dx * dx + dy * dy;
        if (d2 > t2) continue;
        const z = f64At(Z, q) + f64At(FEATURE, q) - Math.sqrt(t2 - d2);
        if (z < low) low = z;
      }
    }
  }
  return low;
}

@inline function addNormal(v: i32, nx: f64, ny: f64, nz: f64): void {
  setF64(NORMAL, 3 * v, f64At(NORMAL, 3 * v) + nx);
  setF64(NORMAL, 3 * v + 1, f64At(NORMAL, 3 * v + 1) + ny);
  setF64(NORMAL, 3 * v + 2, f64At(NORMAL, 3 * v + 2) + nz);
}

// ---- the top surface ----

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

/** The length of (x, y). */
@inline function hypot(x: f64, y: f64): f64 { return Math.sqrt(x * x + y * y); }

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

/** The device outline's medial edge (y) at x. */
export function medialYAt(x: f64): f64 {
  if (x != MEDIAL_AT) { MEDIAL_LAST = sampleProfile(MEDIAL_Y, x); MEDIAL_AT = x; }
  return MEDIAL_LAST;
}

/** The device's width (medial to lateral) at x. */
export function widthAt(x: f64): f64 {
  if (x != WIDTH_AT) { WIDTH_LAST = sampleProfile(WIDTH, x); WIDTH_AT = x; }
  return WIDTH_LAST;
}

/**
 * medialYAt's and widthAt's last x and value there: a vertex's surface asks for them at its x
 * several times (the arch, the cup, the features), and they are a function of x alone. NaN: none
 * yet (NaN equals no x); surface() forgets them.
 */
let MEDIAL_AT: f64 = NaN, MEDIAL_LAST: f64 = 0, WIDTH_AT: f64 = NaN, WIDTH_LAST: f64 = 0;

function mth(y: f64): f64 {
  const s = (p(P_MTH_SIGN) * (p(P_MTH_BALL_MEDIAL_Y) - y)) / p(P_MTH_WIDTH);
  return p(P_MTH_BALL_X) + p(P_MTH_A) * s - p(P_MTH_B) * s * s;
}

function across(x: f64, y: f64, width: f64): f64 {
  return (p(P_MEDIAL_SIGN) * (medialYAt(x) - y)) / width;
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
  if (!on(P_FOREFOOT_POST)) return 0;
  return smootherstep(p(P_FOREFOOT_RAMP), p(P_FOREFOOT_RAMP + 1), x) * (1 - smootherstep(p(P_FOREFOOT_FADE), p(P_FOREFOOT_FADE + 1), x));
}

function forefootTilt(x: f64, y: f64): f64 {
  if (!on(P_FOREFOOT_POST) || x <= p(P_FOREFOOT_RAMP) || x >= p(P_FOREFOOT_FADE + 1)) return 0;
  return p(P_FOREFOOT_TAN) * (p(P_FOREFOOT_UP) * y - p(P_FOREFOOT_REF)) * forefootBlend(x);
}

function skiveRise(x: f64, y: f64): f64 {
  if (!on(P_SKIVE) || x >= p(P_SKIVE_FADE + 1)) return 0;
  const u = p(P_SKIVE_SIGN) * (y - p(P_SKIVE_HEEL_Y));
  if (u <= p(P_SKIVE_RAMP)) return 0;
  return p(P_SKIVE_DEPTH) * smootherstep(p(P_SKIVE_RAMP), p(P_SKIVE_RAMP + 1), u) * (1 - smootherstep(p(P_SKIVE_FADE), p(P_SKIVE_FADE + 1), x));
}

function liftBlend(x: f64): f64 {
  return on(P_LIFT) ? 1 - smootherstep(p(P_LIFT_FADE), p(P_LIFT_FADE + 1), x) : 0;
}

function flangeHeight(x: f64, lateral: bool): f64 {
  const h = lateral ? p(P_FLANGE_LATERAL) : p(P_FLANGE_MEDIAL);
  if (h <= 0) return 0;
  const w = lateral ? P_LATERAL_FLANGE_WINDOW : P_MEDIAL_FLANGE_WINDOW;
  const fl = p(P_FOOT_LENGTH);
  return h * smootherstep(p(w) * fl, p(w + 1) * fl, x) * (1 - smootherstep(p(w + 2) * fl, p(w + 3) * fl, x));
}

export function plinth(x: f64, y: f64): f64 {
  return p(P_THICKNESS) + postTilt(x, y) + forefootTilt(x, y) + skiveRise(x, y) + (on(P_LIFT) ? p(P_LIFT_HEIGHT) * liftBlend(x) : 0);
}

export function archFactor(x: f64, y: f64): f64 {
  const xStart = p(P_ARCH_X_START), xApex = p(P_ARCH_X_APEX), xEnd = p(P_ARCH_X_END);
  if (x <= xStart || x >= xEnd) return 0;
  const fx = x <= xApex ? smootherstep(xStart, xApex, x) : 1 - smootherstep(xApex, xEnd, x);
  const med = medialYAt(x);
  const w = widthAt(x);
  // Across the foot, as real weight-bearing soles are: on the floor until about a third of the
  // width from the medial border, then rising toward it, convex (((sEnd − s) / sEnd)^power), the
  // reach narrowing away from the apex; 1 at the apex where the height is set (sMeasure).
  const s = Math.max(0, (p(P_MEDIAL_SIGN) * (med - y)) / w);
  const end0 = p(P_ARCH_S_END), power = p(P_ARCH_POWER);
  const end = end0 * (1 - p(P_ARCH_TAPER) * (1 - fx));
  if (s >= end) return 0;
  return (fx * Math.pow((end - s) / end, power)) / Math.pow((end0 - p(P_ARCH_S_MEASURE)) / end0, power);
}

export function cupWidth(height: f64): f64 {
  if (height <= 0) return 0;
  const r = p(P_FILLET_R);
  const tz = r * (1 - p(P_SIN_FLARE));
  if (height >= tz) return (height - tz) * p(P_TAN_FLARE) + r * p(P_COS_FLARE);
  return Math.sqrt(r * r - (r - height) * (r - height));
}

/** |dz/dd| of a cup wall `height` mm high, `d` mm inside the outline (the wall's steepness). */
export function cupSlope(height: f64, d: f64): f64 {
  if (height <= 0) return 0;
  const r = p(P_FILLET_R);
  const cd = cupWidth(height);
  if (d >= cd) return 0;
  const tz = r * (1 - p(P_SIN_FLARE));
  if (height >= tz && d <= (height - tz) * p(P_TAN_FLARE)) return 1 / p(P_TAN_FLARE);
  const u = cd - Math.max(d, 0);
  return u / Math.sqrt(Math.max(1e-12, r * r - u * u));
}

function cupHeight(d: f64, height: f64): f64 {
  if (height <= 0) return 0;
  const r = p(P_FILLET_R);
  const cd = cupWidth(height);
  if (d >= cd) return 0;
  const tz = r * (1 - p(P_SIN_FLARE));
  if (height >= tz) {
    const td = (height - tz) * p(P_TAN_FLARE);
    if (d <= td) return height - d / p(P_TAN_FLARE);
  }
  const u = cd - Math.max(d, 0);
  return r - Math.sqrt(Math.max(0, r * r - u * u));
}

export function wallHeight(x: f64, y: f64): f64 {
  let cup = x >= p(P_CUP_TAPER + 1) ? 0 : p(P_CUP_HEIGHT) * (1 - smootherstep(p(P_CUP_TAPER), p(P_CUP_TAPER + 1), x));
  const flanges = p(P_FLANGE_MEDIAL) > 0 || p(P_FLANGE_LATERAL) > 0;
  if (cup <= 0 && !flanges) return 0;
  const lateral = across(x, y, widthAt(x)) > 0.5;
  // The heel cup's rim is a height above the heel seat: where the arch already rises at the medial
  // border (the cup tapering into the arch), its wall rises from the arch only by what is left (as
  // on a scanned sole, baseHeight). Flanges are raised above the arch by their own height.
  if (cup > 0 && !lateral && !on(P_SOLE) && p(P_ARCH_AMPLITUDE) > 0) {
    cup = Math.max(0, cup - p(P_ARCH_AMPLITUDE) * archFactor(x, medialYAt(x)));
  }
  return flanges ? Math.max(cup, flangeHeight(x, lateral)) : cup;
}

/**
 * How high the wall at (x, y) (a point on the outline) rises above the surface it stands on: the
 * parametric surface's wall as it is (wallHeight), or on a scanned sole its rim above the sole there.
 */
export function wallRise(x: f64, y: f64): f64 {
  const rim = wallHeight(x, y);
  return on(P_SOLE) ? Math.max(0, rim - soleUnder(x, y, rim)) : rim;
}

/** The highest wall rim anywhere across the device at x (heel cup, before the arch takes its place, or flange), mm: an upper bound. */
export function maxWallHeight(x: f64): f64 {
  const cup = x >= p(P_CUP_TAPER + 1) ? 0 : p(P_CUP_HEIGHT) * (1 - smootherstep(p(P_CUP_TAPER), p(P_CUP_TAPER + 1), x));
  return Math.max(cup, Math.max(flangeHeight(x, false), flangeHeight(x, true)));
}

/** How far in from the outline the features at x need the exact distance to it (edge reliefs), mm. */
export function featureReach(x: f64): f64 {
  let r = 0.0;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const f = FEATURES + <usize>(i * FEATURE_RECORD) * 8;
    if (<i32>fld(f, F_KIND) == KIND_EDGE && x > fld(f, F_X0) && x < fld(f, F_X1)) r = p(P_EDGE_RELIEF_REACH);
  }
  return r;
}

function cupAt(x: f64, y: f64, d: f64): f64 {
  if (d < 0) return 0;
  const h = wallHeight(x, y);
  return h > 0 ? cupHeight(d, h) : 0;
}

/** Bilinear in the sole grid's layer at `base` (0: the sole, the grid's cell count: its cap), clamped to its edge. */
function soleLayer(x: f64, y: f64, base: i32): f64 {
  const nx = <i32>p(P_SOLE_NX), ny = <i32>p(P_SOLE_NY), step = p(P_SOLE_STEP);
  const fx = clamp((x - p(P_SOLE_X0)) / step, 0, <f64>nx - 1.000001), fy = clamp((y - p(P_SOLE_Y0)) / step, 0, <f64>ny - 1.000001);
  const fi = Math.floor(fx), fj = Math.floor(fy);
  const u = fx - fi, v = fy - fj;
  const k = base + <i32>fi + nx * <i32>fj;
  return (1 - v) * ((1 - u) * f64At(SOLE, k) + u * f64At(SOLE, k + 1)) + v * ((1 - u) * f64At(SOLE, k + nx) + u * f64At(SOLE, k + nx + 1));
}

/**
 * The scanned sole's height above the floor at (x, y) as the device follows it (0 without a
 * sole): as scanned, except that its rise up the foot's side at the border goes no higher than the
 * sole a little inside (the cap layer) or the wall the prescription asks for there (`wall`).
 */
function soleUnder(x: f64, y: f64, wall: f64): f64 {
  return Math.min(soleLayer(x, y, 0), Math.max(soleLayer(x, y, <i32>(p(P_SOLE_NX) * p(P_SOLE_NY))), wall));
}

/** The scanned sole's height at (x, y) as the device follows it, where no wall rises (0 without a sole). */
export function soleAt(x: f64, y: f64): f64 {
  return on(P_SOLE) ? soleUnder(x, y, 0) : 0;
}

function baseHeight(x: f64, y: f64, d: f64): f64 {
  if (!on(P_SOLE)) return plinth(x, y) + p(P_ARCH_AMPLITUDE) * archFactor(x, y) + cupAt(x, y, d);
  // Total contact: the sole as scanned, the arch raised (or filled) from it, and the heel cup and
  // flanges rising from the sole (with their fillet) to their rims' height above the seat.
  const rim = wallHeight(x, y);
  const sole = soleUnder(x, y, rim);
  let wall = 0.0;
  if (d >= 0 && rim > sole) wall = cupHeight(d, rim - sole);
  return plinth(x, y) + Math.max(0, sole + p(P_ARCH_AMPLITUDE) * archFactor(x, y)) + wall;
}

function floorBlend(x: f64): f64 {
  if (on(P_FILLED)) return 1;
  let b = postBlend(x);
  if (on(P_FOREFOOT_POST)) b = Math.max(b, forefootBlend(x));
  if (on(P_LIFT)) b = Math.max(b, liftBlend(x));
  return b;
}

@inline function fld(f: usize, field: i32): f64 { return load<f64>(f + (<usize>field << 3)); }

function featureHeight(x: f64, y: f64, d: f64): f64 {
  let up = 0.0, down = 0.0;
  let sAcross = NaN, width = NaN;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const f = FEATURES + <usize>(i * FEATURE_RECORD) * 8;
    let z = 0.0;
    if (x <= fld(f, F_X0) || x >= fld(f, F_X1)) continue;
    const kind = <i32>fld(f, F_KIND);
    if (kind == KIND_DOME) {
      if (!(y <= fld(f, F_Y0) || y >= fld(f, F_Y1))) {
        const u = (x - fld(f, F_XC)) / fld(f, F_AX), v = (y - fld(f, F_YC)) / fld(f, F_AY);
        const r = Math.sqrt(u * u + v * v);
        if (r < 1) z += fld(f, F_HEIGHT) * (1 - smootherstep(0, 1, r));
      }
    } else if (kind == KIND_BAR) {
      const u = mth(y) - fld(f, F_BEHIND) - x;
      const rd = p(P_MET_BAR_ROUND), pl = p(P_MET_BAR_PLATEAU);
      if (!(u <= 0 || u >= rd + pl + fld(f, F_BEVEL))) {
        z += fld(f, F_HEIGHT) * (u < rd ? smootherstep(0, rd, u) : 1 - smootherstep(rd + pl, rd + pl + fld(f, F_BEVEL), u));
      }
    } else if (kind == KIND_PLATFORM) {
      const u = x - (mth(y) - p(P_PLATFORM_START_BEHIND_MTH));
      if (!(u <= 0)) {
        if (isNaN(width)) { width = widthAt(x); sAcross = across(x, y, width); }
        const s = sAcross, w = width;
        const b = p(P_ACROSS_BLEND) / w;
        const split = p(P_FIRST_RAY_ACROSS);
        const side = fld(f, F_LATERAL) != 0 ? smootherstep(split - b / 2, split + b / 2, s) : 1 - smootherstep(split - b / 2, split + b / 2, s);
        z += fld(f, F_HEIGHT) * side * smootherstep(0, p(P_PLATFORM_RAMP), u) * (1 - smootherstep(fld(f, F_END_FADE), fld(f, F_X1), x));
      }
    } else if (kind == KIND_GROOVE) {
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
    } else if (kind == KIND_ROUND) {
      if (!(y <= fld(f, F_Y0) || y >= fld(f, F_Y1))) {
        const r = hypot(x - fld(f, F_XC), y - fld(f, F_YC));
        const fr = fld(f, F_R);
        if (r < fr) z -= fld(f, F_DEPTH) * (1 - smootherstep(0.4 * fr, fr, r));
      }
    } else if (kind == KIND_FIRST_RAY) {
      if (isNaN(width)) { width = widthAt(x); sAcross = across(x, y, width); }
      const s = sAcross, w = width;
      const b = p(P_ACROSS_BLEND) / w;
      const split = p(P_FIRST_RAY_ACROSS);
      const side = 1 - smootherstep(split - b, split, s);
      const half = p(P_FIRST_RAY_HALF_LENGTH);
      z -= fld(f, F_DEPTH) * side * (1 - smootherstep(0.5 * half, half, Math.abs(x - fld(f, F_XC))));
    } else if (kind == KIND_EDGE) {
      const reach = p(P_EDGE_RELIEF_REACH);
      if (!(d < 0 || d >= reach)) {
        if (isNaN(width)) { width = widthAt(x); sAcross = across(x, y, width); }
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
