// Measuring a built device (src/geometry/measure/), in AssemblyScript, compiled to WebAssembly at
// build time: the loops over every vertex and triangle of the report's measurements (bounds, volume,
// the heel seat's least-squares sums, the top's height under a point, the thickness rays from every
// top vertex) and the 2D triangle grid those rays, and the fit to a scanned sole, are cast through.
//
// Why: a batch measures every order, and in JavaScript the thickness rays' grid (~6 MB of fresh
// arrays an order) and the loops took ~25 ms of a ~95 ms order at 1 mm (the largest part after the
// closed-solid check). Here the grid lives in the kernel's memory, reused from one order to the next.
//
// Arithmetic as the JavaScript it replaced, in the same order (f32 positions widened to f64), so the
// measured values, and every report, are unchanged to the bit.
//
// Memory: begin(nv, nf) resets the bump allocator; the caller copies positions (f32 xyz) and indices
// (u32 triples) to positions() and indices(), then calls bounds() and measure(), or grid() and
// heightAt(). Every buffer comes from the bump allocator, so memory stays at the high-water mark.

import { f64At, i32At, setF64, setI32, zeroed } from './memory';

import { IX, NF, NV, P } from './meshBuffers';
export { begin, indices, positions } from './meshBuffers';
let DISCS: usize = 0; // the seat's exclusions, (x, y, r) triples

/** Results: see bounds() and measure(). */
const OUT = memory.data(24 * 8);

@inline function pos(i: i32): f64 { return <f64>load<f32>(P + (<usize>i << 2)); }
@inline function out(slot: i32, value: f64): void { setF64(OUT, slot, value); }

/** Room for `count` seat exclusions, (x, y, r) f64 triples, which the caller writes there (after begin). */
export function discs(count: i32): usize {
  DISCS = heap.alloc(<usize>(count > 0 ? count : 1) * 24);
  return DISCS;
}
export function results(): usize { return OUT; }

/** OUT[0..7]: the top's (vertices [0, topCount)) x range, then the whole mesh's box (x0, y0, z0, x1, y1, z1). */
export function bounds(topCount: i32): void {
  let tx0 = Infinity, tx1 = -Infinity;
  let bx0 = Infinity, by0 = Infinity, bz0 = Infinity, bx1 = -Infinity, by1 = -Infinity, bz1 = -Infinity;
  for (let v = 0; v < NV; v++) {
    const x = pos(3 * v), y = pos(3 * v + 1), z = pos(3 * v + 2);
    if (v < topCount) { tx0 = Math.min(tx0, x); tx1 = Math.max(tx1, x); }
    bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by0 = Math.min(by0, y); by1 = Math.max(by1, y); bz0 = Math.min(bz0, z); bz1 = Math.max(bz1, z);
  }
  out(0, tx0); out(1, tx1);
  out(2, bx0); out(3, by0); out(4, bz0); out(5, bx1); out(6, by1); out(7, bz1);
}

/**
 * The measurements of a device whose bounds are finite (the caller checks bounds() first).
 * Vertices [0, topCount) are the top; triangles [0, topTriangles) cover it, the next topTriangles
 * the underside. OUT[8]: volume; OUT[9..17]: the heel seat's sums (n, Σx, Σy, Σz, Σxx, Σyy, Σxy, Σxz,
 * Σyz, x and y about the heel centre) over the top vertices from 0.07 to 0.15 × fl within 0.12 heel
 * widths of the centre line, outside the `discCount` exclusions; when the exclusions leave fewer
 * than a quarter of that window's vertices (a recess as wide as the heel seat), over the whole seat
 * instead (seatWider); OUT[23]: 1 when it did, else 0; OUT[18]: the rearmost top vertex;
 * OUT[19]: the top's height above the arch apex (NaN off it); OUT[20], OUT[21]: the smallest
 * thickness, and the largest beyond shellFromX (a ray from each top vertex inside the outline
 * (from loopCount on) along its inward area-weighted normal to the underside or the rim (triangles
 * from topTriangles on), within 200 mm; Infinity / 0 when none hits); OUT[22]: the
 * highest underside vertex up to postFlatUntilX (0 when that is 0).
 */
export function measure(topCount: i32, topTriangles: i32, loopCount: i32, fl: f64, heelWidth: f64, hx: f64, hy: f64, apexX: f64, apexY: f64, postFlatUntilX: f64, shellFromX: f64, discCount: i32, medialSign: f64, seatInset: f64): void {
  let volume = 0.0;
  for (let f = 0; f < NF; f++) {
    const a = 3 * i32At(IX, 3 * f), b = 3 * i32At(IX, 3 * f + 1), c = 3 * i32At(IX, 3 * f + 2);
    volume += (pos(a) * (pos(b + 1) * pos(c + 2) - pos(b + 2) * pos(c + 1)) - pos(a + 1) * (pos(b) * pos(c + 2) - pos(b + 2) * pos(c)) + pos(a + 2) * (pos(b) * pos(c + 1) - pos(b + 1) * pos(c))) / 6;
  }
  out(8, volume);

  const halfBand = 0.12 * heelWidth;
  let n = 0.0, sx = 0.0, sy = 0.0, sz = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0, sxz = 0.0, syz = 0.0;
  let inWindow = 0;
  for (let v = 0; v < topCount; v++) {
    const x = pos(3 * v), y = pos(3 * v + 1), z = pos(3 * v + 2);
    if (x < 0.07 * fl || x > 0.15 * fl || Math.abs(y - hy) > halfBand) continue;
    inWindow++;
    if (excluded(x, y, discCount)) continue;
    const X = x - hx, Y = y - hy;
    n++; sx += X; sy += Y; sz += z; sxx += X * X; syy += Y * Y; sxy += X * Y; sxz += X * z; syz += Y * z;
  }
  let wider = false;
  if (discCount > 0 && 4 * n < <f64>inWindow) {
    wider = true;
    n = 0; sx = 0; sy = 0; sz = 0; sxx = 0; syy = 0; sxy = 0; sxz = 0; syz = 0;
    for (let v = 0; v < topCount; v++) {
      const x = pos(3 * v), y = pos(3 * v + 1), z = pos(3 * v + 2);
      if (!seatWider(v, x, y, loopCount, fl, heelWidth, hy, medialSign, seatInset) || excluded(x, y, discCount)) continue;
      const X = x - hx, Y = y - hy;
      n++; sx += X; sy += Y; sz += z; sxx += X * X; syy += Y * Y; sxy += X * Y; sxz += X * z; syz += Y * z;
    }
  }
  out(23, wider ? 1 : 0);
  out(9, n); out(10, sx); out(11, sy); out(12, sz); out(13, sxx); out(14, syy); out(15, sxy); out(16, sxz); out(17, syz);

  let rim = -1;
  for (let v = 0; v < topCount; v++) if (rim < 0 || pos(3 * v) < pos(3 * rim)) rim = v;
  out(18, <f64>rim);
  out(19, topHeightAt(topTriangles, apexX, apexY));

  // Thickness: from each top vertex along its inward (area-weighted) normal to the underside.
  const normal = zeroed(<usize>topCount * 24);
  for (let f = 0; f < topTriangles; f++) {
    const i0 = i32At(IX, 3 * f), i1 = i32At(IX, 3 * f + 1), i2 = i32At(IX, 3 * f + 2);
    const ux = pos(3 * i1) - pos(3 * i0), uy = pos(3 * i1 + 1) - pos(3 * i0 + 1), uz = pos(3 * i1 + 2) - pos(3 * i0 + 2);
    const vx = pos(3 * i2) - pos(3 * i0), vy = pos(3 * i2 + 1) - pos(3 * i0 + 1), vz = pos(3 * i2 + 2) - pos(3 * i0 + 2);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (let k = 0; k < 3; k++) {
      const v = i32At(IX, 3 * f + k);
      setF64(normal, 3 * v, f64At(normal, 3 * v) + nx); setF64(normal, 3 * v + 1, f64At(normal, 3 * v + 1) + ny); setF64(normal, 3 * v + 2, f64At(normal, 3 * v + 2) + nz);
    }
  }
  // The other side is the underside and the rim. The rays start inside the outline: at the
  // outline itself the rim's faces meet the top, and a ray along the rim's edge would graze them.
  grid(topTriangles, NF, 1);
  let minThickness = Infinity, maxShellThickness = 0.0;
  for (let v = loopCount; v < topCount; v++) {
    const nx = f64At(normal, 3 * v), ny = f64At(normal, 3 * v + 1), nz = f64At(normal, 3 * v + 2);
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len == 0) continue;
    const d = castRay(pos(3 * v), pos(3 * v + 1), pos(3 * v + 2), -nx / len, -ny / len, -nz / len, 200);
    if (!isFinite(d)) continue;
    if (d < minThickness) minThickness = d;
    if (pos(3 * v) > shellFromX && d > maxShellThickness) maxShellThickness = d;
  }
  out(20, minThickness); out(21, maxShellThickness);

  let postMax = 0.0;
  if (postFlatUntilX > 0) {
    for (let v = topCount; v < 2 * topCount; v++) if (pos(3 * v) <= postFlatUntilX) postMax = Math.max(postMax, pos(3 * v + 2));
  }
  out(22, postMax);
}

/** Whether (x, y) lies in one of the first `count` seat exclusions. */
function excluded(x: f64, y: f64, count: i32): bool {
  for (let d = 0; d < count; d++) {
    const ex = f64At(DISCS, 3 * d), ey = f64At(DISCS, 3 * d + 1), er = f64At(DISCS, 3 * d + 2);
    if ((x - ex) * (x - ex) + (y - ey) * (y - ey) < er * er) return true;
  }
  return false;
}

/**
 * The whole heel seat, for when recesses cover the usual window: top vertex v (not on the outline)
 * up to 0.15 × fl (the arch starts at 0.16), at least `inset` mm from every outline vertex (inside
 * the heel cup's walls), and no more than 0.12 heel widths medial of the centre line (a skive's
 * ramp starts at 0.15).
 */
function seatWider(v: i32, x: f64, y: f64, loopCount: i32, fl: f64, heelWidth: f64, hy: f64, medialSign: f64, inset: f64): bool {
  if (v < loopCount || x > 0.15 * fl || medialSign * (y - hy) > 0.12 * heelWidth) return false;
  const r2 = inset * inset;
  for (let b = 0; b < loopCount; b++) {
    const dx = pos(3 * b) - x;
    if (dx > inset || dx < -inset) continue;
    const dy = pos(3 * b + 1) - y;
    if (dx * dx + dy * dy < r2) return false;
  }
  return true;
}

/** Height of the top surface (triangles [0, count)) above (x, y), by a scan of its triangles; NaN off the surface. */
function topHeightAt(count: i32, x: f64, y: f64): f64 {
  let best = NaN;
  for (let f = 0; f < count; f++) {
    const a = 3 * i32At(IX, 3 * f), b = 3 * i32At(IX, 3 * f + 1), c = 3 * i32At(IX, 3 * f + 2);
    // A triangle whose xy box misses the point by more than 1 µm cannot take it: its barycentric
    // tolerance (1e-9 of an edge) is far less. Skips the divisions for all but a few triangles.
    const ax = pos(a), bx = pos(b), cx = pos(c), ay = pos(a + 1), by = pos(b + 1), cy = pos(c + 1);
    if ((x < ax - 1e-3 && x < bx - 1e-3 && x < cx - 1e-3) || (x > ax + 1e-3 && x > bx + 1e-3 && x > cx + 1e-3) ||
        (y < ay - 1e-3 && y < by - 1e-3 && y < cy - 1e-3) || (y > ay + 1e-3 && y > by + 1e-3 && y > cy + 1e-3)) continue;
    const det = (pos(b) - pos(a)) * (pos(c + 1) - pos(a + 1)) - (pos(c) - pos(a)) * (pos(b + 1) - pos(a + 1));
    if (det == 0) continue;
    const u = ((x - pos(a)) * (pos(c + 1) - pos(a + 1)) - (pos(c) - pos(a)) * (y - pos(a + 1))) / det;
    const v = ((pos(b) - pos(a)) * (y - pos(a + 1)) - (x - pos(a)) * (pos(b + 1) - pos(a + 1))) / det;
    if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) continue;
    const z = pos(a + 2) + u * (pos(b + 2) - pos(a + 2)) + v * (pos(c + 2) - pos(a + 2));
    if (!(z <= best)) best = z;
  }
  return best;
}

// ---- the triangle grid: a 2D (xy) uniform grid of a range of the mesh's triangles ----

let GX0: f64 = 0, GY0: f64 = 0, GCELL: f64 = 1;
let GW: i32 = 0, GH: i32 = 0;
/** Cell c's triangles are ITEMS[START[c]..START[c + 1]), numbered from the range's first. */
let START: usize = 0, ITEMS: usize = 0;
/**
 * Per triangle, nine f64: its first vertex and its two edges from it: what a ray test reads,
 * contiguous, instead of three indices and nine scattered coordinates.
 */
let TRIS: usize = 0;
/**
 * Per triangle, the last ray that tested it: a ray crosses a few cells, and a triangle in two of
 * them is tested once (the same test would give the same distance).
 */
let TESTED: usize = 0;
let RAY: i32 = 0;

/** Buckets triangles [first, last) by their xy bounding boxes into cells of `cell` mm (the grid castRay and heightAt use). */
export function grid(first: i32, last: i32, cell: f64): void {
  const n = last - first > 0 ? last - first : 0;
  // The grid's extent: the triangles' vertices (read in place: no box is stored).
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 3 * first; i < 3 * (first + n); i++) {
    const v = 3 * i32At(IX, i);
    const x = pos(v), y = pos(v + 1);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const gw = <i32>Math.floor((x1 - x0) / cell) + 1, gh = <i32>Math.floor((y1 - y0) / cell) + 1;
  const cells = n > 0 ? gw * gh : 0;
  TRIS = heap.alloc(<usize>n * 72);
  // Each triangle's range of cells, once: [cx0, cy0, cx1, cy1].
  const ranges = heap.alloc(<usize>n * 16);
  const start = zeroed(<usize>(cells + 1) << 2);
  for (let t = 0; t < n; t++) {
    const f = first + t;
    const i0 = 3 * i32At(IX, 3 * f), i1 = 3 * i32At(IX, 3 * f + 1), i2 = 3 * i32At(IX, 3 * f + 2);
    const ax = pos(i0), ay = pos(i0 + 1), az = pos(i0 + 2), bx = pos(i1), by = pos(i1 + 1), cx = pos(i2), cy = pos(i2 + 1);
    const b = 9 * t;
    setF64(TRIS, b, ax); setF64(TRIS, b + 1, ay); setF64(TRIS, b + 2, az);
    setF64(TRIS, b + 3, bx - ax); setF64(TRIS, b + 4, by - ay); setF64(TRIS, b + 5, pos(i1 + 2) - az);
    setF64(TRIS, b + 6, cx - ax); setF64(TRIS, b + 7, cy - ay); setF64(TRIS, b + 8, pos(i2 + 2) - az);
    const lx = ax < bx ? (ax < cx ? ax : cx) : bx < cx ? bx : cx, hx = ax > bx ? (ax > cx ? ax : cx) : bx > cx ? bx : cx;
    const ly = ay < by ? (ay < cy ? ay : cy) : by < cy ? by : cy, hy = ay > by ? (ay > cy ? ay : cy) : by > cy ? by : cy;
    const qa = <i32>Math.floor((lx - x0) / cell), qb = <i32>Math.floor((ly - y0) / cell);
    const qc = <i32>Math.floor((hx - x0) / cell), qd = <i32>Math.floor((hy - y0) / cell);
    setI32(ranges, 4 * t, qa); setI32(ranges, 4 * t + 1, qb); setI32(ranges, 4 * t + 2, qc); setI32(ranges, 4 * t + 3, qd);
    for (let qy = qb; qy <= qd; qy++) for (let qx = qa; qx <= qc; qx++) setI32(start, qy * gw + qx + 1, i32At(start, qy * gw + qx + 1) + 1);
  }
  for (let c = 0; c < cells; c++) setI32(start, c + 1, i32At(start, c + 1) + i32At(start, c));
  const items = heap.alloc(<usize>i32At(start, cells) << 2);
  const cur = heap.alloc(<usize>cells << 2);
  memory.copy(cur, start, <usize>cells << 2);
  for (let t = 0; t < n; t++) {
    const a = i32At(ranges, 4 * t), b = i32At(ranges, 4 * t + 1), c = i32At(ranges, 4 * t + 2), d = i32At(ranges, 4 * t + 3);
    for (let cy = b; cy <= d; cy++) {
      for (let cx = a; cx <= c; cx++) {
        const k = cy * gw + cx, slot = i32At(cur, k);
        setI32(items, slot, t);
        setI32(cur, k, slot + 1);
      }
    }
  }
  GX0 = x0; GY0 = y0; GCELL = cell; GW = n > 0 ? gw : 0; GH = n > 0 ? gh : 0;
  START = start; ITEMS = items;
  TESTED = zeroed(<usize>n << 2);
  RAY = 0;
}

/** Distance along the ray to the nearest triangle in a cell, or `best` (Möller–Trumbore). */
function hitCell(c: i32, ox: f64, oy: f64, oz: f64, dx: f64, dy: f64, dz: f64, best: f64): f64 {
  const e = i32At(START, c + 1);
  const ray = RAY;
  for (let a = i32At(START, c); a < e; a++) {
    const k = i32At(ITEMS, a);
    if (i32At(TESTED, k) == ray) continue;
    setI32(TESTED, k, ray);
    const t = TRIS + (<usize>k * 72);
    const e1x = load<f64>(t, 24), e1y = load<f64>(t, 32), e1z = load<f64>(t, 40);
    const e2x = load<f64>(t, 48), e2y = load<f64>(t, 56), e2z = load<f64>(t, 64);
    const px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (Math.abs(det) < 1e-12) continue;
    const tx = ox - load<f64>(t), ty = oy - load<f64>(t, 8), tz = oz - load<f64>(t, 16);
    const un = tx * px + ty * py + tz * pz;
    // u = un / det well outside [-1e-6, 1 + 1e-6] (by 1e-9, far beyond rounding): rejected
    // before the division, as the test below would.
    const ad = Math.abs(det), sn = det > 0 ? un : -un;
    if (sn < -1.000001e-6 * ad || sn > 1.000001001 * ad) continue;
    const inv = 1 / det;
    const u = un * inv;
    if (u < -1e-6 || u > 1 + 1e-6) continue;
    const qx = ty * e1z - tz * e1y, qy = tz * e1x - tx * e1z, qz = tx * e1y - ty * e1x;
    const v = (dx * qx + dy * qy + dz * qz) * inv;
    if (v < -1e-6 || u + v > 1 + 1e-6) continue;
    const s = (e2x * qx + e2y * qy + e2z * qz) * inv;
    if (s > 1e-9 && s < best) best = s;
  }
  return best;
}

/**
 * Casts a ray (unit direction) through the grid's triangles with a 2D DDA over the cells its xy
 * projection crosses; returns the distance to the first hit within `maxDistance`, or Infinity.
 */
function castRay(ox: f64, oy: f64, oz: f64, dx: f64, dy: f64, dz: f64, maxDistance: f64): f64 {
  const cell = GCELL, x0 = GX0, y0 = GY0, gw = <f64>GW, gh = <f64>GH;
  let cx = Math.floor((ox - x0) / cell), cy = Math.floor((oy - y0) / cell);
  const stepX: f64 = dx > 0 ? 1 : -1, stepY: f64 = dy > 0 ? 1 : -1;
  const tdx = dx != 0 ? cell / Math.abs(dx) : Infinity, tdy = dy != 0 ? cell / Math.abs(dy) : Infinity;
  let tmx = dx != 0 ? ((dx > 0 ? cx + 1 : cx) * cell + x0 - ox) / dx : Infinity;
  let tmy = dy != 0 ? ((dy > 0 ? cy + 1 : cy) * cell + y0 - oy) / dy : Infinity;
  let best = Infinity;
  RAY++;
  for (;;) {
    if (cx >= 0 && cy >= 0 && cx < gw && cy < gh) best = hitCell(<i32>(cy * gw + cx), ox, oy, oz, dx, dy, dz, best);
    const exit = Math.min(tmx, tmy);
    if (best <= exit || exit > maxDistance) break;
    if (tmx < tmy) { cx += stepX; tmx += tdx; } else { cy += stepY; tmy += tdy; }
    if ((cx < 0 && stepX < 0) || (cy < 0 && stepY < 0) || (cx >= gw && stepX > 0) || (cy >= gh && stepY > 0)) break;
  }
  return best <= maxDistance ? best : Infinity;
}

/** Height of the grid's surface above (x, y) where a vertical line meets it (highest hit), or NaN. */
export function heightAt(x: f64, y: f64): f64 {
  const h = castRay(x, y, 1e4, 0, 0, -1, 2e4);
  return isFinite(h) ? 1e4 - h : NaN;
}
