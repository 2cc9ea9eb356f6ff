/**
 * The scan-mesh readers (src/scan3d): parse time and memory per format and encoding, on the real
 * scan (tests/fixtures/real-scans) and on synthetic closed meshes (tori in mm,
 * coordinates to 0.1 µm as scanners print them, `%.4f`) of about 12.8k, 200k and 1M triangles,
 * written by tests/support/meshFiles. The 200k-triangle ASCII STL is the ~50 MB text case; one
 * more case writes its numbers as 17-digit doubles (the number scanner's slow path).
 *
 * Time: median (min–max) of the reads, the timed loop doing only `readMesh`. Memory: each case is
 * read once more in a fresh child process, which reports how much its resident memory grew across
 * the read (no collection in between, so the read's garbage still counts: about its peak; Linux
 * updates getrusage's maxRSS too lazily to use) and the size of the mesh returned.
 * Run: `npm run build && node --expose-gc dist/bench/readMesh.js`; results are appended to
 * bench/results/readMesh-<host>.md.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMesh, type MeshFormat } from '../src/scan3d/index.js';
import { writeObj, writePly, writeStl } from '../tests/support/meshFiles.js';

const REAL_SCAN = 'tests/fixtures/real-scans/dupont/left_foot.stl';

/** Child mode: read one file once and report the peak RSS the read added, MiB. */
if (process.argv[2] === '--one') {
  const [file, format] = [process.argv[3]!, process.argv[4] as MeshFormat];
  const buffer = readFileSync(file); // not copied: the peak before the read is the file and the runtime
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const mesh = readMesh(bytes, format);
  const after = process.memoryUsage().rss;
  const kept = (mesh.positions.byteLength + mesh.indices.buffer.byteLength) / 2 ** 20;
  process.stdout.write(JSON.stringify({ peakMiB: (after - before) / 2 ** 20, keptMiB: kept }));
  process.exit(0);
}

/** A closed torus of n × m quads in mm (about a foot's size), coordinates rounded to `decimals`, or full doubles. */
function torus(n: number, m: number, decimals = 4): { positions: Float64Array; quads: number[][] } {
  const positions = new Float64Array(n * m * 3);
  const round = (x: number) => (decimals < 0 ? x : Math.round(x * 10 ** decimals) / 10 ** decimals + 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const u = (2 * Math.PI * i) / n, v = (2 * Math.PI * j) / m;
      positions.set([(100 + 30 * Math.cos(v)) * Math.cos(u), (100 + 30 * Math.cos(v)) * Math.sin(u) * 0.4, 30 * Math.sin(v) + 30].map(round), 3 * (i * m + j));
    }
  }
  const quads: number[][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) quads.push([i * m + j, ((i + 1) % n) * m + j, ((i + 1) % n) * m + ((j + 1) % m), i * m + ((j + 1) % m)]);
  return { positions, quads };
}

interface Case { label: string; format: MeshFormat; bytes: Uint8Array; runs: number }

const cases: Case[] = [];
if (existsSync(REAL_SCAN)) cases.push({ label: 'real scan (dupont left), binary STL', format: 'stl', bytes: new Uint8Array(readFileSync(REAL_SCAN)), runs: 31 });
for (const [n, m, runs] of [[80, 80, 31], [400, 250, 7], [1000, 500, 3]] as const) {
  const { positions, quads } = torus(n, m);
  const tri = `${(2 * n * m / 1000).toFixed(1)}k`;
  cases.push(
    { label: `torus ${tri}, binary STL`, format: 'stl', bytes: writeStl(positions, quads), runs },
    { label: `torus ${tri}, PLY binary (float xyz)`, format: 'ply', bytes: writePly(positions, quads, { encoding: 'binary_little_endian', positionType: 'float' }), runs },
  );
  if (n * m <= 100_000) {
    cases.push(
      { label: `torus ${tri}, ASCII STL`, format: 'stl', bytes: writeStl(positions, quads, { ascii: true }), runs },
      { label: `torus ${tri}, OBJ (quads)`, format: 'obj', bytes: writeObj(positions, quads), runs },
      { label: `torus ${tri}, PLY ASCII (quads)`, format: 'ply', bytes: writePly(positions, quads, { encoding: 'ascii' }), runs },
    );
  }
  if (n * m === 100_000) {
    const full = torus(n, m, -1);
    cases.push({ label: `torus ${tri}, ASCII STL, 17-digit numbers`, format: 'stl', bytes: writeStl(full.positions, full.quads, { ascii: true }), runs });
  }
}

const load = loadavg()[0]!; // the machine may be shared: timings scale with it
const tmp = mkdtempSync(join(tmpdir(), 'readmesh-bench-'));
const self = fileURLToPath(import.meta.url);
const rows: string[] = [];
try {
  for (const c of cases) {
    readMesh(c.bytes, c.format); // warm-up
    const times: number[] = [];
    let triangles = 0;
    for (let r = 0; r < c.runs; r++) {
      const t0 = performance.now();
      triangles = readMesh(c.bytes, c.format).indices.length / 3;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const file = join(tmp, `case.${c.format}`);
    writeFileSync(file, c.bytes);
    const child = spawnSync(process.execPath, ['--expose-gc', self, '--one', file, c.format], { encoding: 'utf8' });
    const mem = child.status === 0 ? (JSON.parse(child.stdout) as { peakMiB: number; keptMiB: number }) : null;
    const row = `| ${c.label} | ${(c.bytes.length / 2 ** 20).toFixed(2)} | ${triangles} | ${times[times.length >> 1]!.toFixed(2)} (${times[0]!.toFixed(2)}–${times.at(-1)!.toFixed(2)}) | ${mem ? mem.peakMiB.toFixed(0) : '?'} | ${mem ? mem.keptMiB.toFixed(1) : '?'} |`;
    rows.push(row);
    console.log(row);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const lines = [
  '',
  `## readMesh ${new Date().toISOString().slice(0, 10)} — node ${process.version}, load average ${load.toFixed(1)} at the start, median (min–max) ms`,
  '',
  '| file | MiB | triangles | read ms | RSS growth MiB | mesh MiB |',
  '|---|---|---|---|---|---|',
  ...rows,
];
const dir = join(dirname(self), '..', '..', 'bench', 'results');
mkdirSync(dir, { recursive: true });
appendFileSync(join(dir, `readMesh-${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.md`), `${lines.join('\n')}\n`);
