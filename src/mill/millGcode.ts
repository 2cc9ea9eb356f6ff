import type { Mesh } from '../geometry/index.js';
import { dropCutter } from './dropCutter.js';
import { ceilMicron, GcodeWriter, micron } from './gcodeWriter.js';
import { refineCusps, type FinishPass } from './refineCusps.js';
import { binTriangles, type TriangleBins } from './triangleBins.js';
import { ballStepover, type Blank, type MillOptions, type MillTool } from './types.js';

/** Spacing of the drop-cutter's samples along a pass, mm (engineering choice: the sag of a 3 mm ball's path over it is 0.003 mm; points are added where the path bends up, see FINISH_CHORD_MM). */
const SAMPLE_MM = 0.25;
/** A midpoint of a finishing move whose drop stands more than this above the chord is added as a point, mm (the heights are whole microns: less would chase their rounding). */
const FINISH_CHORD_MM = 0.0005;
/**
 * A finishing step between samples rising or falling more than this is cut as a step (across at
 * the higher height, then down), mm: engineering choice, a slope of 75° at 0.25 mm samples (at 45°
 * the steps left 0.28 mm on 45–60° slopes, over a 0.1 mm scallop target; steeper, the path can turn
 * vertical between two samples, over an edge, where a midpoint does not see it).
 */
const STEEP_MM = SAMPLE_MM * Math.tan((75 * Math.PI) / 180);
/** Most the ball's path can bulge above the higher end of a step over one sample: the sag of a 3 mm arc over 0.25 mm (0.0026) rounded up, mm. */
const ARC_SAG_MM = 0.003;
/** How far a finishing move may stand above the true path when samples are merged into one move, mm. */
const MERGE_MM = 0.002;
/** How far a roughing move may stand above the heights it merges, mm (engineering choice: a tenth of the stock). */
const ROUGH_MERGE_MM = 0.05;
/** How far beyond what the roughing left a rapid coming down stops, mm (engineering choice: the last 1 mm at the plunge feed). */
const APPROACH_MM = 1;
/** A cusp may stand this much over the target before a pass is added, mm (engineering choice: the passes are spaced for the target exactly, and heights rounded up to the micron would otherwise add passes over every flat; the proof allows 0.05). */
const CUSP_SLACK_MM = 0.01;
/** Halvings of a finishing pass's stepover where adjacent passes stand too far apart along the surface (a steep wall). */
const MAX_INFILL_DEPTH = 7;
/** The machine's rapid rate for the time estimate, mm/min (engineering choice: a hobby-class mill's 5 m/min). */
const RAPID_MM_MIN = 5000;

/** What the toolpaths came to. */
export interface ToolpathStats {
  roughing: { levels: number; passes: number; cutMm: number };
  finishing: { stepoverMm: number; passes: number; infillPasses: number; cutMm: number };
  rapidMm: number;
  /** Time at the programmed feeds (rapids at 5 m/min; no acceleration), minutes. */
  minutes: number;
  lines: number;
  bytes: number;
}

/** The region the finishing ball's axis goes over, blank frame, mm. */
export interface MillWindow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type GcodeOptions = Pick<MillOptions, 'roughing' | 'finishing' | 'stepdownMm' | 'stockMm' | 'roughStepoverFraction' | 'scallopMm' | 'safeHeightMm'>;

/**
 * G-code for a part in its blank: roughing with the flat end mill in z-levels (raster passes at
 * each level, the tool never nearer the design than `stockMm`), then a ball-end raster finish along
 * x whose stepover leaves a cusp of `scallopMm` on a flat, with passes added between two passes where
 * they stand too far apart along the surface (steep walls), then wherever the cut they leave,
 * simulated, stands over the target where the ball reaches (refineCusps). Every cutting height is the
 * drop-cutter's (exact against the mesh's triangles), rounded up to 0.001 mm, and points are added
 * along a pass where its path bends up, so a straight move never dips under it: the tool never cuts
 * below the design.
 *
 * @param mesh the part, in the blank's frame (origin at the blank's corner on its bottom face), mm
 * @param window where the finishing ball's axis goes; roughing covers it and the ball's body
 * @param header comment lines naming the order, tools and stock
 */
export function millGcode(mesh: Mesh, blank: Blank, window: MillWindow, options: GcodeOptions, header: readonly string[]): { text: string; stats: ToolpathStats } {
  const w = new GcodeWriter(RAPID_MM_MIN);
  const safe = blank.heightMm + options.safeHeightMm;
  for (const line of header) w.comment(line);
  w.raw('G21 G90 G17');
  const rough = options.roughing, finish = options.finishing;
  const bins = binTriangles(mesh, 3);
  // Roughing covers where the finishing ball's body goes, less what its own radius clears.
  const grow = Math.max(0, finish.diameterMm / 2 - rough.diameterMm / 2) + SAMPLE_MM;
  const rw = { x0: Math.max(0, window.x0 - grow), y0: Math.max(0, window.y0 - grow), x1: Math.min(blank.lengthMm, window.x1 + grow), y1: Math.min(blank.widthMm, window.y1 + grow) };
  startTool(w, rough, safe, 'roughing');
  const r = roughing(w, bins, blank, rw, rough, options, safe);
  const cutAfterRough = w.cutMm;
  w.rapid(NaN, NaN, safe);
  w.raw('M5');
  w.comment(`change to T${finish.number}: ${toolName(finish)}; set its length, then resume`);
  w.raw('M0');
  w.unknownPosition();
  startTool(w, finish, safe, 'finishing');
  const f = finishing(w, bins, window, finish, options, safe, r.left);
  w.rapid(NaN, NaN, safe);
  w.raw('M5');
  w.raw('M30');
  const text = w.text();
  return {
    text,
    stats: {
      roughing: { levels: r.levels, passes: r.passes, cutMm: Math.round(cutAfterRough) },
      finishing: { stepoverMm: +f.stepover.toFixed(3), passes: f.passes, infillPasses: f.infill, cutMm: Math.round(w.cutMm - cutAfterRough) },
      rapidMm: Math.round(w.rapidMm),
      minutes: +w.minutes.toFixed(1),
      lines: w.lineCount,
      bytes: text.length,
    },
  };
}

/** How a tool is named in the G-code's comments and the report. */
export function toolName(t: MillTool): string {
  return `${t.diameterMm} mm ${t.kind === 'ball' ? 'ball-end' : 'flat end'} mill, ${t.spindleRpm} rpm, feed ${t.feedMmMin} mm/min, plunge ${t.plungeMmMin} mm/min`;
}

function startTool(w: GcodeWriter, t: MillTool, safe: number, what: string): void {
  w.comment(`${what}: T${t.number}, ${toolName(t)}`);
  w.raw(`T${t.number}`);
  w.raw(`M3 S${Math.round(t.spindleRpm)}`);
  w.rapid(NaN, NaN, safe);
}

/** Sample positions along [a, b] at most SAMPLE_MM apart (on the 0.001 mm grid), ends included. */
function samples(a: number, b: number, step: number): Float64Array {
  const n = Math.max(1, Math.ceil((b - a) / step));
  const xs = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) xs[i] = micron(a + ((b - a) * i) / n);
  return xs;
}

/** What the roughing left: no higher than `z` at each sample, dilated by a tool's reach (see roughing). */
interface Left {
  xs: Float64Array;
  ys: Float64Array;
  /** Per sample, the most material within the finishing ball's reach of it, mm. */
  z: Float64Array;
  /** Above every remaining material, mm. */
  top: number;
}

/** Nearest sample of a Left grid (clamped) and its bound. */
function leftAt(left: Left, x: number, y: number): number {
  const { xs, ys } = left;
  const i = Math.min(xs.length - 1, Math.max(0, Math.round(((x - xs[0]!) / (xs[xs.length - 1]! - xs[0]! || 1)) * (xs.length - 1))));
  const j = Math.min(ys.length - 1, Math.max(0, Math.round(((y - ys[0]!) / (ys[ys.length - 1]! - ys[0]! || 1)) * (ys.length - 1))));
  return left.z[j * xs.length + i]!;
}

/** A sliding maximum along rows (di = 1) or columns (di = nx) over ±r samples. */
function dilate(src: Float64Array, nx: number, ny: number, rx: number, ry: number): Float64Array {
  const a = new Float64Array(src.length), b = new Float64Array(src.length);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let m = -Infinity;
    for (let k = Math.max(0, i - rx); k <= Math.min(nx - 1, i + rx); k++) m = Math.max(m, src[j * nx + k]!);
    a[j * nx + i] = m;
  }
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let m = -Infinity;
    for (let k = Math.max(0, j - ry); k <= Math.min(ny - 1, j + ry); k++) m = Math.max(m, a[k * nx + i]!);
    b[j * nx + i] = m;
  }
  return b;
}

function roughing(w: GcodeWriter, bins: TriangleBins, blank: Blank, win: MillWindow, t: MillTool, o: GcodeOptions, safe: number): { levels: number; passes: number; left: Left } {
  const xs = samples(win.x0, win.x1, SAMPLE_MM);
  const ys = samples(win.y0, win.y1, t.diameterMm * o.roughStepoverFraction);
  const nx = xs.length, ny = ys.length;
  const dy = ny > 1 ? ys[1]! - ys[0]! : 1;
  // The lowest the tool may go at each sample: the flat drop with its radius grown by the stock, plus the stock.
  const R = t.diameterMm / 2 + o.stockMm;
  const cl = new Float64Array(nx * ny);
  let lowest = Infinity, highest = 0;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const z = ceilMicron(dropCutter(bins, 'flat', R, xs[i]!, ys[j]!, 0) + o.stockMm);
    cl[j * nx + i] = z;
    lowest = Math.min(lowest, z);
    highest = Math.max(highest, z);
  }
  const levels: number[] = [];
  for (let L = micron(blank.heightMm - o.stepdownMm); L > lowest; L = micron(L - o.stepdownMm)) levels.push(L);
  levels.push(lowest);
  // Every level passes over every sample at max(level, cl): after a level, the material at a sample
  // is no higher than that, within the tool's radius of it (passes overlap: stepover < radius).
  const reachX = Math.ceil(t.diameterMm / 2 / SAMPLE_MM) + 1, reachY = Math.ceil(t.diameterMm / 2 / dy) + 1;
  const frame = win.x0 > 0 || win.y0 > 0 || win.x1 < blank.lengthMm || win.y1 < blank.widthMm;
  let passes = 0;
  let prev = blank.heightMm;
  for (const [level, L] of levels.entries()) {
    const after = new Float64Array(nx * ny);
    for (let k = 0; k < after.length; k++) after[k] = Math.max(prev, cl[k]!);
    // A rapid coming down to a run's start stops 1 mm above what the levels before left under the tool.
    const above = dilate(after, nx, ny, reachX, reachY);
    // Beyond the window the blank stands uncut (a device's frame): hops there clear its top.
    const hop = Math.min(safe, (frame ? blank.heightMm : Math.max(prev, highest)) + APPROACH_MM);
    const edge = (i: number, j: number) => i < reachX || i >= nx - reachX || j < reachY || j >= ny - reachY;
    for (let jj = 0; jj < ny; jj++) {
      const j = level % 2 ? ny - 1 - jj : jj;
      const forward = jj % 2 === 0;
      const y = ys[j]!;
      let run: number[] = [];
      const flush = () => {
        if (!run.length) return;
        const first = run[0]!;
        // Near the window's edge the blank's uncut material may be under the tool.
        const down = edge(first, j) ? blank.heightMm : above[j * nx + first]!;
        w.rapid(NaN, NaN, hop);
        w.rapid(xs[first]!, y, hop);
        w.rapid(xs[first]!, y, Math.min(hop, down + APPROACH_MM));
        const rx = run.map((i) => xs[i]!), rz = run.map((i) => Math.max(L, cl[j * nx + i]!));
        const kept = mergeMoves(forward ? rx : rx.map((v) => -v), rz, ROUGH_MERGE_MM);
        for (const k of kept) w.cut(rx[k]!, y, rz[k]!, k === 0 ? t.plungeMmMin : t.feedMmMin);
        w.rapid(NaN, NaN, hop);
        passes++;
        run = [];
      };
      for (let k = 0; k < nx; k++) {
        const i = forward ? k : nx - 1 - k;
        const z = Math.max(L, cl[j * nx + i]!);
        if (z < prev - 1e-6) {
          // A run starts and ends one sample into the air, so its ends are cut in full.
          if (!run.length && k > 0) run.push(forward ? i - 1 : i + 1);
          run.push(i);
        } else if (run.length) {
          run.push(i);
          flush();
        }
      }
      flush();
    }
    prev = L;
  }
  // What is left under the finishing ball anywhere near a sample: the final heights, dilated by the ball's reach and a sample.
  const final = new Float64Array(nx * ny);
  for (let k = 0; k < final.length; k++) final[k] = Math.max(lowest, cl[k]!);
  const ballReach = o.finishing.diameterMm / 2;
  const left = dilate(final, nx, ny, Math.ceil(ballReach / SAMPLE_MM) + 1, Math.ceil(ballReach / dy) + 1);
  return { levels: levels.length, passes, left: { xs, ys, z: left, top: highest } };
}

type Pass = FinishPass;

/** One finishing stretch, ready to cut: its points (x, z) at one y. */
interface Stretch {
  y: number;
  x: number[];
  z: number[];
}

function finishing(w: GcodeWriter, bins: TriangleBins, win: MillWindow, t: MillTool, o: GcodeOptions, safe: number, left: Left): { stepover: number; passes: number; infill: number } {
  const R = t.diameterMm / 2;
  const stepover = ballStepover(t.diameterMm, o.scallopMm);
  const scallopMm = o.scallopMm;
  const xs = samples(win.x0, win.x1, SAMPLE_MM);
  const drop = (x: number, y: number) => ceilMicron(dropCutter(bins, 'ball', R, x, y, 0));
  const ys = samples(win.y0, win.y1, stepover);
  const passes: Pass[] = [];
  for (const y of ys) {
    const z = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) z[i] = drop(xs[i]!, y);
    passes.push({ y, z, infill: false });
  }
  // A pass between two passes, over the stretch that needs it and a ball's radius beyond, until none
  // does, where their ball centres stand farther apart than the stepover (a slope across the passes).
  const pad = Math.ceil(R / SAMPLE_MM);
  const between = (a: Pass, b: Pass, depth: number): void => {
    if (depth >= MAX_INFILL_DEPTH) return;
    const dy = b.y - a.y;
    const need = new Uint8Array(xs.length);
    let any = false;
    for (let i = 0; i < xs.length; i++) {
      const za = a.z[i]!, zb = b.z[i]!;
      if (Number.isNaN(za) || Number.isNaN(zb)) continue;
      if (Math.hypot(dy, zb - za) > stepover * 1.001) {
        any = true;
        for (let k = Math.max(0, i - pad); k <= Math.min(xs.length - 1, i + pad); k++) need[k] = 1;
      }
    }
    if (!any) return;
    const y = micron((a.y + b.y) / 2);
    if (y === a.y || y === b.y) return;
    const z = new Float64Array(xs.length).fill(NaN);
    for (let i = 0; i < xs.length; i++) if (need[i] && !Number.isNaN(a.z[i]!) && !Number.isNaN(b.z[i]!)) z[i] = drop(xs[i]!, y);
    const mid: Pass = { y, z, infill: true };
    passes.push(mid);
    between(a, mid, depth + 1);
    between(mid, b, depth + 1);
  };
  const main = passes.slice();
  for (let j = 0; j + 1 < main.length; j++) between(main[j]!, main[j + 1]!, 0);
  passes.sort((p, q) => p.y - q.y);
  // Then wherever the cut those passes leave, simulated, stands over the target and a pass between two would lower it.
  refineCusps(bins.mesh, passes, xs, win, R, scallopMm + CUSP_SLACK_MM, MERGE_MM, drop);
  const stretches: Stretch[] = [];
  let infill = 0;
  for (const pass of passes) {
    if (pass.infill) infill++;
    let i = 0;
    while (i < xs.length) {
      while (i < xs.length && Number.isNaN(pass.z[i]!)) i++;
      if (i >= xs.length) break;
      let e = i;
      while (e + 1 < xs.length && !Number.isNaN(pass.z[e + 1]!)) e++;
      stretches.push(stretch(xs, pass, i, e, drop));
      i = e + 1;
    }
  }
  // Cut them nearest first (greedy, either direction), hopping over the design at the hop height.
  const top = Math.max(left.top, maxZ(bins.mesh)) + APPROACH_MM;
  const hop = Math.min(safe, ceilMicron(top));
  const approach = (x: number, y: number) => Math.min(hop, ceilMicron(leftAt(left, x, y) + APPROACH_MM));
  const done = new Uint8Array(stretches.length);
  let cx = win.x0, cy = win.y0;
  for (let n = 0; n < stretches.length; n++) {
    let best = -1, bestD = Infinity, rev = false;
    for (let k = 0; k < stretches.length; k++) {
      if (done[k]) continue;
      const s = stretches[k]!;
      const d0 = Math.hypot(s.x[0]! - cx, s.y - cy), d1 = Math.hypot(s.x[s.x.length - 1]! - cx, s.y - cy);
      if (d0 < bestD) { bestD = d0; best = k; rev = false; }
      if (d1 < bestD) { bestD = d1; best = k; rev = true; }
    }
    done[best] = 1;
    const s = stretches[best]!;
    const m = s.x.length;
    const at = (k: number) => (rev ? m - 1 - k : k);
    const x0 = s.x[at(0)]!, z0 = s.z[at(0)]!;
    w.rapid(NaN, NaN, hop);
    w.rapid(x0, s.y, hop);
    w.rapid(x0, s.y, Math.max(z0, approach(x0, s.y)));
    w.cut(x0, s.y, z0, t.plungeMmMin);
    for (let k = 1; k < m; k++) w.cut(s.x[at(k)]!, s.y, s.z[at(k)]!, t.feedMmMin);
    cx = s.x[at(m - 1)]!; cy = s.y;
  }
  return { stepover, passes: passes.length - infill, infill };
}

function maxZ(mesh: Mesh): number {
  let m = 0;
  for (let i = 2; i < mesh.positions.length; i += 3) m = Math.max(m, mesh.positions[i]!);
  return m;
}

/**
 * One finishing stretch: points added where the path bends up between samples (a midpoint's drop
 * above the chord), then merged where one longer move stays above them all and within MERGE_MM.
 */
function stretch(xs: Float64Array, pass: Pass, i0: number, i1: number, drop: (x: number, y: number) => number): Stretch {
  const px: number[] = [], pz: number[] = [];
  const z = pass.z;
  const refine = (xa: number, za: number, xb: number, zb: number, depth: number) => {
    const xm = micron((xa + xb) / 2);
    if (depth > 8 || xm === xa || xm === xb) return;
    const zm = drop(xm, pass.y);
    if (zm > za + ((zb - za) * (xm - xa)) / (xb - xa) + FINISH_CHORD_MM) {
      refine(xa, za, xm, zm, depth + 1);
      px.push(xm); pz.push(zm);
      refine(xm, zm, xb, zb, depth + 1);
    }
  };
  px.push(xs[i0]!); pz.push(z[i0]!);
  for (let i = i0; i < i1; i++) {
    const za = z[i]!, zb = z[i + 1]!;
    if (Math.abs(zb - za) > STEEP_MM) {
      // Steep (a wall, or the ball rolling over an edge, where the path can turn vertical between
      // samples and a midpoint misses it): across at the higher height, then straight down or up.
      const zHigh = ceilMicron(Math.max(za, zb) + ARC_SAG_MM);
      if (za > zb) { px.push(xs[i + 1]!); pz.push(zHigh); } else { px.push(xs[i]!); pz.push(zHigh); }
    } else {
      // Every chord's middle is dropped: the path can bend up between two samples that look
      // straight (a vertex nearly a ball's radius off the pass lifts it on an arc of small radius:
      // m271's cast at 0.1 mm gouged 0.014 mm where only bends seen at the samples were checked).
      refine(xs[i]!, za, xs[i + 1]!, zb, 0);
    }
    px.push(xs[i + 1]!); pz.push(zb);
  }
  const keep = mergeMoves(px, pz, MERGE_MM);
  return { y: pass.y, x: keep.map((k) => px[k]!), z: keep.map((k) => pz[k]!) };
}

/**
 * Merges points of a pass into longer moves: from anchor a, a move to c replaces the points between
 * while its slope keeps each of them under it by at most `tolMm` (each point narrows the slopes
 * allowed: linear time). Returns the indices kept, first and last included.
 */
function mergeMoves(px: readonly number[], pz: readonly number[], tolMm: number): number[] {
  const keep: number[] = [0];
  let a = 0, lo = -Infinity, hi = Infinity;
  for (let c = 1; c < px.length; c++) {
    if (px[c] === px[a] || px[c] === px[c - 1]) {
      // A vertical move (a step): both its ends are kept.
      if (c - 1 > a) keep.push(c - 1);
      keep.push(c);
      a = c; lo = -Infinity; hi = Infinity;
      continue;
    }
    const s = (pz[c]! - pz[a]!) / (px[c]! - px[a]!);
    if (c > a + 1 && (s < lo || s > hi)) {
      keep.push(c - 1);
      a = c - 1; lo = -Infinity; hi = Infinity;
    }
    const dx = px[c]! - px[a]!;
    lo = Math.max(lo, (pz[c]! - pz[a]!) / dx);
    hi = Math.min(hi, (pz[c]! + tolMm - pz[a]!) / dx);
  }
  if (keep[keep.length - 1] !== px.length - 1) keep.push(px.length - 1);
  return keep;
}
