/**
 * The test side of milling: reads G-code with an independent interpreter (gcode-toolpath, from the
 * cncjs project) and cuts a height grid with the tools it names, as a mill would; rasterises an STL
 * from above. Slow and obvious: it stamps each tool's lower surface at points along every move.
 */
import Toolpath from 'gcode-toolpath';

export interface SimTool { kind: 'flat' | 'ball'; radiusMm: number }

export interface Grid {
  x0: number; y0: number; step: number; nx: number; ny: number;
  z: Float64Array;
}

export interface Simulated {
  grid: Grid;
  /** Rapid (G0) positions where the tool's lower surface would have been below the stock there: crashes. */
  rapidCollisions: number;
  /** The first crash, described (empty when none). */
  firstCollision: string;
  /** Moves read, by motion. */
  moves: { G0: number; G1: number };
  /** Anything but G0/G1 motion (arcs, probing) or units other than mm, absolute. */
  unexpected: string[];
}

/**
 * Cuts a block of stock with a program.
 * @param tools by the T number the program selects
 * @param stock the block: [0, L] × [0, W] × [0, H] (the program's frame)
 * @param step grid spacing, mm; moves are sampled at `step / 2`
 */
export function simulateCut(gcode: string, tools: Record<number, SimTool>, stock: { lengthMm: number; widthMm: number; heightMm: number }, step: number): Simulated {
  const nx = Math.floor(stock.lengthMm / step) + 1, ny = Math.floor(stock.widthMm / step) + 1;
  const z = new Float64Array(nx * ny).fill(stock.heightMm);
  const grid: Grid = { x0: 0, y0: 0, step, nx, ny, z };
  const unexpected: string[] = [];
  const moves = { G0: 0, G1: 0 };
  let rapidCollisions = 0;
  let firstCollision = '';
  let current = '';
  const stamp = (tool: SimTool, x: number, y: number, tip: number, rapid: boolean) => {
    const R = tool.radiusMm;
    if (tip >= stock.heightMm) return;
    const i0 = Math.max(0, Math.ceil((x - R) / step)), i1 = Math.min(nx - 1, Math.floor((x + R) / step));
    const j0 = Math.max(0, Math.ceil((y - R) / step)), j1 = Math.min(ny - 1, Math.floor((y + R) / step));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const dx = i * step - x, dy = j * step - y, r2 = dx * dx + dy * dy;
      if (r2 > R * R) continue;
      const h = tool.kind === 'ball' ? tip + R - Math.sqrt(R * R - r2) : tip;
      const k = j * nx + i;
      if (h < z[k]! - 1e-9) {
        if (rapid) { if (!rapidCollisions) firstCollision = `${current} at node (${i * step}, ${j * step}) stock ${z[k]!.toFixed(3)} tool ${h.toFixed(3)}`; rapidCollisions++; }
        else z[k] = h;
      }
    }
  };
  // The tool starts far above the stock (the interpreter's default start, z = 0, would be inside it).
  const tp = new Toolpath({
    position: { x: 0, y: 0, z: 1000 },
    addLine: (modal, v1, v2) => {
      if (modal.units !== 'G21' || modal.distance !== 'G90' || modal.plane !== 'G17') unexpected.push(`${modal.units} ${modal.distance} ${modal.plane}`);
      if (modal.motion !== 'G0' && modal.motion !== 'G1') { unexpected.push(modal.motion); return; }
      moves[modal.motion]++;
      current = `${modal.motion} T${modal.tool} (${v1.x}, ${v1.y}, ${v1.z}) -> (${v2.x}, ${v2.y}, ${v2.z})`;
      const tool = tools[modal.tool];
      if (!tool) { unexpected.push(`T${modal.tool}`); return; }
      const len = Math.hypot(v2.x - v1.x, v2.y - v1.y, v2.z - v1.z);
      const n = Math.max(1, Math.ceil(len / (step / 2)));
      for (let s = 0; s <= n; s++) {
        const f = s / n;
        stamp(tool, v1.x + f * (v2.x - v1.x), v1.y + f * (v2.y - v1.y), v1.z + f * (v2.z - v1.z), modal.motion === 'G0');
      }
    },
    addArcCurve: () => { unexpected.push('arc'); },
  });
  tp.loadFromStringSync(gcode);
  return { grid, rapidCollisions, firstCollision, moves, unexpected };
}

/**
 * A triangle soup (nine floats a triangle) seen from above on a grid: the highest triangle over each
 * node (-Infinity where none), by barycentric coordinates; nodes on shared edges are taken by both.
 */
export function rasterFromAbove(triangles: Float32Array, g: Omit<Grid, 'z'>): Float64Array {
  const out = new Float64Array(g.nx * g.ny).fill(-Infinity);
  for (let t = 0; t < triangles.length; t += 9) {
    const ax = triangles[t]!, ay = triangles[t + 1]!, az = triangles[t + 2]!;
    const bx = triangles[t + 3]!, by = triangles[t + 4]!, bz = triangles[t + 5]!;
    const cx = triangles[t + 6]!, cy = triangles[t + 7]!, cz = triangles[t + 8]!;
    const det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (Math.abs(det) < 1e-12) continue;
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - g.x0) / g.step)), i1 = Math.min(g.nx - 1, Math.floor((Math.max(ax, bx, cx) - g.x0) / g.step));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by, cy) - g.y0) / g.step)), j1 = Math.min(g.ny - 1, Math.floor((Math.max(ay, by, cy) - g.y0) / g.step));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const x = g.x0 + i * g.step, y = g.y0 + j * g.step;
      const u = ((x - ax) * (cy - ay) - (y - ay) * (cx - ax)) / det;
      const v = ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / det;
      if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) continue;
      const zz = az + u * (bz - az) + v * (cz - az);
      const k = j * g.nx + i;
      if (zz > out[k]!) out[k] = zz;
    }
  }
  return out;
}

/**
 * The best a ball of radius R can do on a height grid (its opening): every node's ball dropped on
 * the grid, then the lowest of the balls' lower surfaces over each node.
 */
export function ballOpening(design: Float64Array, g: Omit<Grid, 'z'>, R: number): Float64Array {
  const { nx, ny, step } = g;
  const k = Math.floor(R / step);
  const offs: number[] = [];
  for (let dj = -k; dj <= k; dj++) for (let di = -k; di <= k; di++) {
    const r2 = (di * di + dj * dj) * step * step;
    if (r2 <= R * R) offs.push(di, dj, R - Math.sqrt(R * R - r2));
  }
  const cl = new Float64Array(nx * ny).fill(-Infinity);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let m = -Infinity;
    for (let o = 0; o < offs.length; o += 3) {
      const ii = i + offs[o]!, jj = j + offs[o + 1]!;
      if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
      const d = design[jj * nx + ii]!;
      if (d - offs[o + 2]! > m) m = d - offs[o + 2]!;
    }
    cl[j * nx + i] = m;
  }
  const open = new Float64Array(nx * ny).fill(Infinity);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let m = Infinity;
    for (let o = 0; o < offs.length; o += 3) {
      const ii = i + offs[o]!, jj = j + offs[o + 1]!;
      if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
      const c = cl[jj * nx + ii]! + offs[o + 2]!;
      if (c < m) m = c;
    }
    open[j * nx + i] = m;
  }
  return open;
}

/** What a simulated cut leaves against its design (the proof of issue 18). */
export interface Judged {
  /** Deepest the cut goes below the design, mm, and where. */
  gouge: number;
  gougeAt: number;
  /** The ball's best (its opening of the design), per node. */
  open: Float64Array;
  /** Nodes judged, their worst leftover along the normal (mm), and the nodes over `scallopMm` + 0.05. */
  judged: number;
  worst: number;
  over: number[];
  steep: number;
  unreachable: number;
}

/**
 * Judges a simulated cut against the design on the same grid: the gouge everywhere; and at every
 * node at least R inside the window, where the ball's opening stands within 0.02 mm of the design
 * (the ball reaches) and the slope (central differences over ±1 node) is at most 60°, the cut's
 * height over the design along the normal must be at most the scallop target + 0.05 mm.
 * @param design heights on `g` (the table, 0, where there is no part)
 */
export function judgeCut(g: Grid, design: Float64Array, window: { x0: number; y0: number; x1: number; y1: number }, R: number, scallopMm: number): Judged {
  let gouge = 0, gougeAt = 0;
  for (let k = 0; k < design.length; k++) if (design[k]! - g.z[k]! > gouge) { gouge = design[k]! - g.z[k]!; gougeAt = k; }
  const open = ballOpening(design, g, R);
  const w = window;
  let worst = 0, judged = 0, steep = 0, unreachable = 0;
  const over: number[] = [];
  for (let j = 1; j < g.ny - 1; j++) for (let i = 1; i < g.nx - 1; i++) {
    const x = g.x0 + i * g.step, y = g.y0 + j * g.step;
    if (x < w.x0 + R || x > w.x1 - R || y < w.y0 + R || y > w.y1 - R) continue;
    const k = j * g.nx + i;
    if (open[k]! - design[k]! > 0.02) { unreachable++; continue; }
    // Measured along the surface's normal: on a slope a cusp stands taller vertically.
    const gx = (design[k + 1]! - design[k - 1]!) / (2 * g.step), gy = (design[k + g.nx]! - design[k - g.nx]!) / (2 * g.step);
    const slope = Math.hypot(gx, gy);
    if (slope > Math.tan((60 * Math.PI) / 180)) { steep++; continue; }
    const left = (g.z[k]! - design[k]!) / Math.sqrt(1 + slope * slope);
    judged++;
    if (left > worst) worst = left;
    if (left > scallopMm + 0.05) over.push(k);
  }
  return { gouge, gougeAt, open, judged, worst, over, steep, unreachable };
}
