/**
 * CLI tests: they run the built binary (`dist/bin/orthotic.js`, built by `npm ci` through the
 * `prepare` script, or by `npm run build`) as a child process and check exit codes,
 * messages on stderr, atomic writes, determinism and standard input / output.
 *
 * Every test works in a fresh temporary folder (the child's working directory) and builds at
 * `--resolution 2` for speed, except where a test is about the defaults.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/exitCodes.js';
import { InputError, InterruptedError, LimitError, MeshValidationError, RenderError, UsageError, WriteError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'orthotic.js');
const EXAMPLES = join(ROOT, 'examples');
const BAD = join(EXAMPLES, 'bad');
const RX = join(EXAMPLES, 'rx');
const DEFAULT_LIMITS = join(ROOT, 'limits', 'default.limits.json');
const PKG_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A valid scan with a 4° medial post and a full-length prescription (men's mean). */
const SCAN = join(EXAMPLES, 'm271-right-neutral.json');
/** A valid scan: no post, sulcus length, 10 mm cup, arch from the scan. */
const SCAN_NO_POST = join(EXAMPLES, 'w246-left-neutral.json');
const FAST = ['--resolution', '2'];

/** A stack-trace line as Node prints it. */
const STACK_LINE = /^ {4}at /m;

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** stderr split into non-empty lines. */
  lines: string[];
}

let dir = '';

/** Runs the built CLI in the test's temporary folder (with `env` added to the environment). */
function run(args: readonly string[], input?: Buffer | string, env: Record<string, string> = {}): Run {
  const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    input,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  const stderr = r.stderr.toString('utf8');
  return { code: r.status, stdout: r.stdout, stderr, lines: stderr.split('\n').filter((l) => l.trim() !== '') };
}

/** Fails with the child's stderr in the message, so a wrong exit code explains itself. */
function expectCode(r: Run, code: number): void {
  expect(r.code, `exit code (stderr:\n${r.stderr})`).toBe(code);
}

const tmpFiles = (): string[] => readdirSync(dir).filter((f) => f.includes('.tmp'));
const p = (name: string): string => join(dir, name);
const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

/** Binary STL triangle count from its header; checks the size is 84 + 50·count. */
function binaryStlCount(buf: Buffer): number {
  expect(buf.length).toBeGreaterThanOrEqual(84);
  const count = buf.readUInt32LE(80);
  expect(count).toBeGreaterThan(0);
  expect(buf.length).toBe(84 + 50 * count);
  return count;
}

/** A copy of the built-in limits profile with the medial post ceiling raised to 12°. */
function looserLimits(): string {
  const limits = readJson(DEFAULT_LIMITS);
  delete limits.$schema; // the copy lives in the temp folder, where the relative $schema path means nothing
  limits.parameters['rearfootPost.medial.angle'].maxAllowed = 12;
  const path = p('looser.limits.json');
  writeFileSync(path, JSON.stringify(limits, null, 2));
  return path;
}

beforeAll(() => {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build the CLI first (npm ci runs the prepare script, or run npm run build)`);
  }
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orthotic-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('orthotic build: success', () => {
  it('writes a binary STL whose size matches its triangle count, and a complete report', () => {
    const r = run(['build', SCAN, '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    expectCode(r, 0);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const stl = readFileSync(p('out.stl'));
    const count = binaryStlCount(stl);

    const report = readJson(p('report.json'));
    expect(report.tool.version).toBe(PKG_VERSION);
    expect(report.inputs.scanSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.alignment.matrix).toHaveLength(9);
    for (const v of report.alignment.matrix) expect(typeof v === 'number' && Number.isFinite(v)).toBe(true);
    expect(report.prescription.asked).toBeTypeOf('object');
    expect(report.prescription.applied).toBeTypeOf('object');
    expect(report.prescription.applied.rearfootPost).toEqual({ wedge: 'medial', angle: 4 });
    const m = report.measured;
    for (const key of ['postAngleDeg', 'heelCupDepthMm', 'archHeightMm', 'minThicknessMm', 'volumeMm3', 'triangleCount']) {
      expect(typeof m[key] === 'number' && Number.isFinite(m[key]), `measured.${key}`).toBe(true);
    }
    expect(m.triangleCount).toBe(count);
    expect(m.volumeMm3).toBeGreaterThan(0);
    expect(Math.abs(m.postAngleDeg - 4)).toBeLessThanOrEqual(0.25);
    expect(tmpFiles()).toEqual([]);
  });

  it('--json prints the same report on standard output', () => {
    const r = run(['build', SCAN, '-o', 'out.stl', '--report', 'report.json', '--json', ...FAST]);
    expectCode(r, 0);
    expect(r.stdout.toString('utf8')).toBe(readFileSync(p('report.json'), 'utf8'));
    expect(JSON.parse(r.stdout.toString('utf8')).id).toBe('m271-right-neutral');
  });

  it('--ascii writes an ASCII STL starting with "solid "', () => {
    const r = run(['build', SCAN, '-o', 'out.stl', '--ascii', ...FAST]);
    expectCode(r, 0);
    const text = readFileSync(p('out.stl'), 'utf8');
    expect(text.startsWith('solid ')).toBe(true);
    expect(text.trimEnd()).toMatch(/\nendsolid( .*)?$/);
  });

  it('builds at the default resolution (no --resolution)', () => {
    const r = run(['build', SCAN_NO_POST, '-o', 'out.stl', '--report', 'report.json']);
    expectCode(r, 0);
    binaryStlCount(readFileSync(p('out.stl')));
    const report = readJson(p('report.json'));
    expect(report.build.resolutionMm).toBeLessThan(2);
    expect(report.measured.triangleCount).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('the same input gives byte-identical binary STL and report', () => {
    expectCode(run(['build', SCAN, '-o', 'a.stl', '--report', 'a.json', ...FAST]), 0);
    expectCode(run(['build', SCAN, '-o', 'b.stl', '--report', 'b.json', ...FAST]), 0);
    expect(readFileSync(p('a.stl')).equals(readFileSync(p('b.stl')))).toBe(true);
    expect(readFileSync(p('a.json')).equals(readFileSync(p('b.json')))).toBe(true);
  });

  it('the same input gives byte-identical ASCII STL', () => {
    expectCode(run(['build', SCAN, '-o', 'a.stl', '--ascii', ...FAST]), 0);
    expectCode(run(['build', SCAN, '-o', 'b.stl', '--ascii', ...FAST]), 0);
    expect(readFileSync(p('a.stl')).equals(readFileSync(p('b.stl')))).toBe(true);
  });
});

describe('standard input and output', () => {
  it('build - -o - reads the scan from stdin and writes the same binary STL as a file build', () => {
    expectCode(run(['build', SCAN, '-o', 'file.stl', ...FAST]), 0);
    const r = run(['build', '-', '-o', '-', ...FAST], readFileSync(SCAN));
    expectCode(r, 0);
    binaryStlCount(r.stdout);
    expect(r.stdout.equals(readFileSync(p('file.stl')))).toBe(true);
    // Standard output carries only the STL; the summary goes to stderr.
    expect(r.lines.some((l) => l.startsWith('built '))).toBe(true);
    expect(readdirSync(dir)).toEqual(['file.stl']);
  });

  it('--report - together with -o - is a usage error (exit 2) and writes nothing', () => {
    const r = run(['build', SCAN, '-o', '-', '--report', '-', ...FAST]);
    expectCode(r, 2);
    expect(r.stdout.length).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^usage: /);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** What each file in examples/bad/ must give: exit code, and the pointers its stderr lines name. */
const BAD_EXPECTED: Record<string, { code: 3 | 4; pointers: string[]; mention?: RegExp }> = {
  'malformed.json': { code: 3, pointers: ['(document)'], mention: /invalid JSON.*line \d+/ },
  'empty.json': { code: 3, pointers: ['(document)'], mention: /empty/ },
  'wrong-types.json': { code: 3, pointers: ['/side', '/outline'] },
  'path-id.json': { code: 3, pointers: ['/id'], mention: /"\.\.\/\.\.\/etc\/passwd"/ },
  'self-intersecting.json': { code: 3, pointers: ['/outline'], mention: /intersect/ },
  'zero-area.json': { code: 3, pointers: ['/outline'], mention: /area/ },
  'tiny-foot.json': { code: 3, pointers: ['/outline'], mention: /100.400 mm/ },
  'apex-at-ball.json': { code: 3, pointers: ['/measurements/archApexX'], mention: /behind the ball/ },
  'over-limit.json': { code: 4, pointers: ['/prescription/rearfootPost/angle'], mention: /ceiling of 9/ },
};

/** Checks stderr of a failed run on a bad input: one well-formed line per problem, no stack. */
function expectProblemLines(r: Run, code: 3 | 4, pointers: readonly string[], mention?: RegExp): void {
  expectCode(r, code);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.lines.length).toBeGreaterThanOrEqual(pointers.length);
  const kind = code === 3 ? 'invalid' : 'refused';
  for (const line of r.lines) {
    expect(line).toMatch(code === 3 ? /^invalid: (\/|\(document\))/ : /^refused: \//);
    // A line about a field shows the value found; a document-level line (empty, not JSON) has none.
    if (line.startsWith(`${kind}: /`)) expect(line).toMatch(/, got /);
  }
  for (const ptr of pointers) {
    expect(r.lines.some((l) => l.startsWith(`${kind}: ${ptr}${ptr.startsWith('/') ? ':' : ''}`)), `a line for ${ptr} in:\n${r.stderr}`).toBe(true);
  }
  if (mention) expect(r.stderr).toMatch(mention);
}

describe('bad inputs (examples/bad/)', () => {
  const files = readdirSync(BAD).filter((f) => f.endsWith('.json')).sort();

  it('every file in examples/bad/ has an expectation here', () => {
    expect(files.sort()).toEqual(Object.keys(BAD_EXPECTED).sort());
  });

  for (const file of files) {
    const exp = BAD_EXPECTED[file];
    if (!exp) continue;
    it(`build ${file}: exit ${exp.code}, one line per problem naming ${exp.pointers.join(', ')}, no output file`, () => {
      const r = run(['build', join(BAD, file), '-o', 'out.stl', '--report', 'report.json', ...FAST]);
      expectProblemLines(r, exp.code, exp.pointers, exp.mention);
      expect(r.stdout.length).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
    });

    it(`validate ${file}: exit ${exp.code} with the same lines, writes nothing`, () => {
      const r = run(['validate', join(BAD, file)]);
      expectProblemLines(r, exp.code, exp.pointers, exp.mention);
      expect(r.stdout.length).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('wrong-types.json gives exactly one line per wrong field', () => {
    const r = run(['validate', join(BAD, 'wrong-types.json')]);
    expectCode(r, 3);
    expect(r.lines).toEqual([
      expect.stringMatching(/^invalid: \/side: .*, got 3$/),
      expect.stringMatching(/^invalid: \/outline: .*, got "x"$/),
    ]);
  });

  it('--debug prints a stack trace for an error (invalid input)', () => {
    const r = run(['build', join(BAD, 'wrong-types.json'), '-o', 'out.stl', '--debug', ...FAST]);
    expectCode(r, 3);
    expect(r.lines[0]).toMatch(/^invalid: \/side: /);
    expect(r.stderr).toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--debug prints a stack trace for a refusal too', () => {
    const r = run(['--debug', 'validate', join(BAD, 'over-limit.json')]);
    expectCode(r, 4);
    expect(r.lines[0]).toMatch(/^refused: \/prescription\/rearfootPost\/angle: /);
    expect(r.stderr).toMatch(STACK_LINE);
  });
});

describe('atomic writes', () => {
  const OLD = Buffer.from('previous contents, not an STL\n');

  it('a build that fails on bad input leaves an existing output untouched and no temp files', () => {
    writeFileSync(p('out.stl'), OLD);
    const r = run(['build', join(BAD, 'self-intersecting.json'), '-o', 'out.stl', ...FAST]);
    expectCode(r, 3);
    expect(readFileSync(p('out.stl')).equals(OLD)).toBe(true);
    expect(tmpFiles()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['out.stl']);
  });

  it('a build refused over a limit leaves an existing output and report untouched and no temp files', () => {
    writeFileSync(p('out.stl'), OLD);
    writeFileSync(p('report.json'), OLD);
    const r = run(['build', SCAN, '--rx', join(RX, 'over-limit-post.json'), '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    expectCode(r, 4);
    expect(readFileSync(p('out.stl')).equals(OLD)).toBe(true);
    expect(readFileSync(p('report.json')).equals(OLD)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['out.stl', 'report.json']);
  });

  it('a successful build replaces an existing output and leaves no temp files', () => {
    writeFileSync(p('out.stl'), OLD);
    const r = run(['build', SCAN, '-o', 'out.stl', ...FAST]);
    expectCode(r, 0);
    const stl = readFileSync(p('out.stl'));
    expect(stl.equals(OLD)).toBe(false);
    binaryStlCount(stl);
    expect(readdirSync(dir)).toEqual(['out.stl']);
  });

  it('-o into a missing folder is a usage error (exit 2) with a one-line message', () => {
    const r = run(['build', SCAN, '-o', join('missing', 'out.stl'), ...FAST]);
    expectCode(r, 2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^usage: .*missing/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a run that fails writing its report creates no STL either', () => {
    // The spec: "a failed run creates no file". Here the STL path is fine, the report's folder is not.
    const r = run(['build', SCAN, '-o', 'out.stl', '--report', join('missing', 'report.json'), ...FAST]);
    expectCode(r, 2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^usage: .*missing/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a report, viewer or sheet that names a folder is refused before anything is built or replaced (exit 2)', () => {
    writeFileSync(p('out.stl'), OLD);
    mkdirSync(p('rep.json'));
    for (const flag of ['--report', '--preview', '--sheet']) {
      const r = run(['build', SCAN, '-o', 'out.stl', flag, 'rep.json', ...FAST]);
      expectCode(r, 2);
      expect(r.lines, flag).toEqual(["usage: cannot write 'rep.json': it is a folder"]);
    }
    // Before anything is built: a scan that cannot be built (exit 3) is not even read.
    const early = run(['build', join(BAD, 'self-intersecting.json'), '-o', 'out.stl', '--report', 'rep.json', ...FAST]);
    expectCode(early, 2);
    expect(early.lines).toEqual(["usage: cannot write 'rep.json': it is a folder"]);
    // orthotic preview's page likewise.
    const preview = run(['preview', join(BAD, 'self-intersecting.json'), '-o', 'rep.json']);
    expectCode(preview, 2);
    expect(preview.lines).toEqual(["usage: cannot write 'rep.json': it is a folder"]);
    // A name ending in a slash is a folder's, not a file's: no temporary file made beside it either.
    const slash = run(['build', SCAN, '-o', 'out.stl', '--report', 'rep.json/', ...FAST]);
    expectCode(slash, 2);
    expect(slash.lines).toEqual(["usage: cannot write 'rep.json/': a file's name cannot end in /"]);
    expect(readFileSync(p('out.stl')).equals(OLD)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['out.stl', 'rep.json']);
    expect(readdirSync(p('rep.json'))).toEqual([]);
  });

  it('a run that fails writing its files removes the output folders it made for them', () => {
    // --map maps/sub/ (two folders) is made before the files are written; the STL's folder is missing.
    const r = run(['build', SCAN, '-o', join('missing', 'out.stl'), '--map', 'maps/sub/', ...FAST]);
    expectCode(r, 2);
    expect(r.lines).toEqual([expect.stringMatching(/^usage: cannot write '.*missing.*': no such folder$/)]);
    expect(readdirSync(dir)).toEqual([]);
    // A folder that already held something is left as it was.
    mkdirSync(p('maps'));
    writeFileSync(p(join('maps', 'keep.txt')), 'x');
    expectCode(run(['build', SCAN, '-o', join('missing', 'out.stl'), '--map', 'maps/', ...FAST]), 2);
    expect(readdirSync(dir)).toEqual(['maps']);
    expect(readdirSync(p('maps'))).toEqual(['keep.txt']);
  });
});

describe('endless inputs and special files (issue 16)', () => {
  it('reads at most 32 MiB from a file, a device or standard input that never ends', () => {
    for (const args of [['build', '/dev/zero', '-o', 'x.stl'], ['build', SCAN, '--rx', '/dev/zero', '-o', 'x.stl'], ['build', SCAN, '--limits', '/dev/zero', '-o', 'x.stl']]) {
      const r = run(args);
      expectCode(r, 3);
      expect(r.stderr).toMatch(/must be at most 32 MiB/);
    }
    // Standard input that never ends (a pipe from /dev/zero): the CLI stops reading and says why.
    const piped = spawnSync('sh', ['-c', `head -c 100000000 /dev/zero | ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} build - -o x.stl`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(piped.status).toBe(3);
    expect(piped.stderr).toMatch(/scan must be at most 32 MiB, got "more than 32 MiB"/);
    expect(existsSync(p('x.stl'))).toBe(false);
  });

  it.runIf(existsSync('/dev/null') && statSync('/dev/null').isCharacterDevice())('writes to /dev/null and leaves it a device', () => {
    const r = run(['build', SCAN, '-o', '/dev/null', ...FAST]);
    expectCode(r, 0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(tmpFiles()).toEqual([]);
  });

  it.runIf(existsSync('/usr/bin/mkfifo'))('writes into a named pipe and leaves it a pipe', async () => {
    const fifo = p('out.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const received = new Promise<number>((resolve) => {
      let n = 0;
      reader.stdout.on('data', (b: Buffer) => { n += b.length; });
      reader.on('close', () => resolve(n));
    });
    const r = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'build', SCAN, '-o', fifo, ...FAST], { cwd: dir }).on('close', resolve));
    expect(r).toBe(0);
    expect(await received).toBe(binaryStlCount(Buffer.from(run(['build', SCAN, '-o', '-', ...FAST]).stdout)) * 50 + 84);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});

describe('inputs are never overwritten, and a blank reason is no reason (issue 16)', () => {
  it('refuses an output that names an input (the scan, the prescription), changing nothing', () => {
    copyFileSync(SCAN, p('scan.json'));
    writeFileSync(p('rx.json'), JSON.stringify({ heelCupDepth: 14 }));
    const before = [readFileSync(p('scan.json')), readFileSync(p('rx.json'))];
    for (const args of [['build', 'scan.json', '-o', 'scan.json'], ['build', 'scan.json', '--rx', 'rx.json', '-o', 'x.stl', '--report', 'rx.json'], ['preview', 'scan.json', '-o', './scan.json']]) {
      const r = run([...args, ...FAST]);
      expectCode(r, 2);
      expect(r.lines).toEqual([expect.stringMatching(/^usage: '.*' is an input of this command \('(scan|rx)\.json'\): an output must not overwrite it$/)]);
    }
    expect([readFileSync(p('scan.json')), readFileSync(p('rx.json'))]).toEqual(before);
    expect(existsSync(p('x.stl'))).toBe(false);
  });

  it('refuses --allow-over-limit with a blank reason', () => {
    for (const cmd of ['build', 'validate', 'batch']) {
      const args = cmd === 'batch' ? ['batch', EXAMPLES, '--out', 'out', '--limits', DEFAULT_LIMITS, '--allow-over-limit', '   '] : [cmd, SCAN, ...(cmd === 'build' ? ['-o', 'x.stl'] : []), '--allow-over-limit', '   '];
      const r = run(args);
      expectCode(r, 2);
      expect(r.stderr).toMatch(/--allow-over-limit.*needs a reason/);
    }
  });
});

describe('echoed names (issue 16)', () => {
  it('escapes control characters and shortens long names in every message', () => {
    const scan = JSON.parse(readFileSync(SCAN, 'utf8'));
    writeFileSync(p('evil.json'), JSON.stringify({ ...scan, 'bad\nkey\u001b[31m\r': 1, ['k'.repeat(1_000_000)]: 2 }));
    const r = run(['validate', 'evil.json']);
    expectCode(r, 3);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/); // no ESC, CR or other control character; lines end in \n only
    expect(r.lines).toContain('invalid: /bad\\nkey\\u001b[31m\\r: is not an allowed field, got 1');
    expect(Math.max(...r.lines.map((l) => l.length))).toBeLessThan(300);
    const named = run(['build', 'no\nsuch\u001bfile.json', '-o', 'x.stl']);
    expectCode(named, 2);
    expect(named.lines).toEqual(["usage: cannot read scan 'no\\nsuch\\u001bfile.json': no such file"]);
  });
});

describe('correction limits', () => {
  it('--rx with a 12° medial post is refused (exit 4) naming the field, the value and the ceiling', () => {
    const r = run(['build', SCAN, '--rx', join(RX, 'over-limit-post.json'), '-o', 'out.stl', ...FAST]);
    expectCode(r, 4);
    expect(r.stderr).not.toMatch(STACK_LINE);
    for (const line of r.lines) expect(line).toMatch(/^refused: \//);
    const post = r.lines.find((l) => l.startsWith('refused: /prescription/rearfootPost/angle:') && /ceiling of 9\b/.test(l));
    expect(post, r.stderr).toBeDefined();
    expect(post).toMatch(/\b12\b/);
    expect(post).toMatch(/, got 12$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--clamp builds at the ceiling with a warning, recorded in the report', () => {
    const r = run(['build', SCAN, '--rx', join(RX, 'over-limit-post.json'), '--clamp', '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    expectCode(r, 0);
    expect(r.lines.some((l) => l.startsWith('warning: '))).toBe(true);
    const report = readJson(p('report.json'));
    const clamped = report.limits.findings.filter((f: { level: string }) => f.level === 'clamped');
    expect(clamped.length).toBeGreaterThanOrEqual(1);
    expect(clamped[0].pointer).toBe('/prescription/rearfootPost/angle');
    expect(report.prescription.asked.rearfootPost.angle).toBe(12);
    expect(report.prescription.applied.rearfootPost.angle).toBeLessThanOrEqual(9);
    expect(Math.abs(report.measured.postAngleDeg - report.prescription.applied.rearfootPost.angle)).toBeLessThanOrEqual(0.25);
    binaryStlCount(readFileSync(p('out.stl')));
  });

  it('--limits that loosens a built-in ceiling is refused (exit 4) without --allow-over-limit', () => {
    const limits = looserLimits();
    const r = run(['build', SCAN, '--limits', limits, '-o', 'out.stl', ...FAST]);
    expectCode(r, 4);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.lines.length).toBeGreaterThanOrEqual(1);
    // Named as the lab configuration's profile is: the file, then the field.
    for (const line of r.lines) expect(line).toMatch(/^refused: .*looser\.limits\.json: limits \/parameters\/rearfootPost\.medial\.angle\/maxAllowed: .*--allow-over-limit/);
    expect(readdirSync(dir)).toEqual(['looser.limits.json']);
    // A bad profile likewise.
    writeFileSync(p('bad.limits.json'), '{}');
    const bad = run(['validate', SCAN, '--limits', 'bad.limits.json']);
    expectCode(bad, 3);
    expect(bad.lines[0]).toBe('invalid: bad.limits.json: limits /schemaVersion: is required');
    rmSync(p('bad.limits.json'));
  });

  it('--limits that loosens a ceiling builds with --allow-over-limit, recording the reason', () => {
    const limits = looserLimits();
    const r = run(['build', SCAN, '--limits', limits, '--allow-over-limit', 'trial', '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    expectCode(r, 0);
    const report = readJson(p('report.json'));
    expect(report.limits.allowOverLimit).toBe('trial');
    binaryStlCount(readFileSync(p('out.stl')));
  });

  it('with the loosened profile a 12° post passes its raised ceiling but not the untouched heel-height ceiling', () => {
    const limits = looserLimits();
    const r = run(['build', SCAN, '--limits', limits, '--allow-over-limit', 'trial', '--rx', join(RX, 'over-limit-post.json'),
      '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    // The 12° post stays within the raised ceiling, but the total heel height (3 mm + 72 mm × tan 12°
    // ≈ 18 mm) is above its own 15 mm ceiling, which the profile did not loosen.
    expectCode(r, 4);
    expect(r.lines.every((l) => l.startsWith('refused: '))).toBe(true);
    expect(r.stderr).toMatch(/ceiling of 15 mm/);
    expect(r.stderr).not.toMatch(/ceiling of 9°/);
  });

  it('a limits file that is not valid JSON is invalid input (exit 3)', () => {
    writeFileSync(p('broken.limits.json'), '{ "schemaVersion": 1, ');
    const r = run(['build', SCAN, '--limits', p('broken.limits.json'), '-o', 'out.stl', ...FAST]);
    expectCode(r, 3);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^invalid: .*\(document\).*JSON/);
    expect(readdirSync(dir)).toEqual(['broken.limits.json']);
  });
});

describe('--rx', () => {
  it('wins field by field over the scan\'s own prescription', () => {
    writeFileSync(p('cup.json'), JSON.stringify({ heelCupDepth: 16 }));
    const r = run(['build', SCAN_NO_POST, '--rx', p('cup.json'), '-o', 'out.stl', '--report', 'report.json', ...FAST]);
    expectCode(r, 0);
    const report = readJson(p('report.json'));
    const scanRx = readJson(SCAN_NO_POST).prescription;
    expect(scanRx.heelCupDepth).not.toBe(16);
    const applied = report.prescription.applied;
    expect(applied.heelCupDepth).toBe(16);
    expect(applied.shellThickness).toBe(scanRx.shellThickness);
    expect(applied.length).toBe(scanRx.length);
    expect(applied.rearfootPost ?? null).toBeNull(); // the scan asks for no post, and the rx does not add one
    expect(report.inputs.prescriptionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(report.measured.heelCupDepthMm - 16)).toBeLessThanOrEqual(0.5);
  });
});

describe('usage errors (exit 2)', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['build with no arguments', ['build'], /required|missing/],
    ['build without -o', ['build', SCAN, ...FAST], /-o, --output/],
    ['--resolution abc', ['build', SCAN, '-o', 'out.stl', '--resolution', 'abc'], /--resolution.*abc/],
    ['--resolution 0', ['build', SCAN, '-o', 'out.stl', '--resolution', '0'], /--resolution.*'0'/],
    // Numbers as a person writes them: Number() took these for 1 and 10.
    ['--resolution 0x1', ['build', SCAN, '-o', 'out.stl', '--resolution', '0x1'], /--resolution.*'0x1'/],
    ['--stages 1e1', ['build', SCAN, '-o', 'out.stl', '--stages', '1e1'], /--stages.*'1e1'/],
    ['an unknown option', ['build', SCAN, '-o', 'out.stl', '--frobnicate', ...FAST], /unknown option '--frobnicate'/],
    ['a missing scan file', ['build', 'no-such-scan.json', '-o', 'out.stl', ...FAST], /no-such-scan\.json/],
    ['an unknown command', ['nonsense'], /unknown command 'nonsense'/],
    ['validate with no scan', ['validate'], /missing required argument/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = run(args);
      expectCode(r, 2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout.length).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('standard input named twice is a usage error that says so (validate too)', () => {
    for (const args of [['build', '-', '--rx', '-', '-o', 'out.stl'], ['validate', '-', '--rx', '-'], ['preview', '-', '--limits', '-', '-o', 'p.html']]) {
      const r = run(args, readFileSync(SCAN));
      expectCode(r, 2);
      expect(r.lines).toEqual(['usage: only one input can come from standard input']);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--help and --version exit 0', () => {
    const help = run(['--help']);
    expectCode(help, 0);
    expect(help.stdout.toString()).toMatch(/Usage: orthotic/);
    expect(help.stdout.toString()).toMatch(/build/);
    const buildHelp = run(['build', '--help']);
    expectCode(buildHelp, 0);
    expect(buildHelp.stdout.toString()).toMatch(/--resolution/);
    const version = run(['--version']);
    expectCode(version, 0);
    expect(version.stdout.toString().trim()).toBe(PKG_VERSION);
  });
});

describe('errors that are not the user\'s (exit 1)', () => {
  it('describeError: input, limit, usage, write and interrupted errors have their own codes; anything else is internal, said once', () => {
    expect(describeError(new InputError([{ pointer: '/side', rule: 'is required' }]), false)).toEqual({ code: 3, lines: ['invalid: /side: is required'] });
    expect(describeError(new LimitError([{ pointer: '/heelCupDepth', rule: 'too deep', value: 40 }]), false).code).toBe(4);
    expect(describeError(new UsageError('bad'), false)).toEqual({ code: 2, lines: ['usage: bad'] });
    // The sheet's date comes from --date; any other option a renderer refuses was the program's own.
    expect(describeError(new RenderError('date must be a calendar date', 'date', 'x'), false)).toEqual({ code: 2, lines: ['usage: date must be a calendar date'] });
    expect(describeError(new RenderError('unknown material "x"', 'material', 'x'), false).code).toBe(1);
    // The storage refusing a write has its own code; so has a run stopped by a signal.
    expect(describeError(new WriteError("cannot write 'a.stl': no space left on the device (ENOSPC)", 'ENOSPC'), false)).toEqual({ code: 5, lines: ["not written: cannot write 'a.stl': no space left on the device (ENOSPC)"] });
    expect(describeError(new InterruptedError('SIGINT: stopped once its files were written in full'), false)).toEqual({ code: 130, lines: ['interrupted: SIGINT: stopped once its files were written in full'] });
    for (const err of [new MeshValidationError('the generated mesh is not a valid closed solid'), new Error('oops'), 'a string']) {
      const { code, lines } = describeError(err, false);
      expect(code).toBe(1);
      expect(lines[0]).toMatch(/^internal error: .*; please report it$/);
      expect(lines[0]).not.toMatch(/internal error: .*internal error/);
    }
  });

  it.runIf(existsSync('/proc/self/mem'))('an I/O error reading a file is internal (exit 1), not a usage or input error', () => {
    // Reading /proc/self/mem fails with EIO: a failure of the system, not a file the user got wrong.
    const r = run(['build', '/proc/self/mem', '-o', 'out.stl', ...FAST]);
    expectCode(r, 1);
    expect(r.lines[0]).toBe("internal error: cannot read scan '/proc/self/mem': EIO: i/o error, read; please report it");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('orthotic validate', () => {
  it('prints a summary starting with "ok <id>" and writes no files', () => {
    copyFileSync(SCAN, p('scan.json'));
    const before = statSync(p('scan.json')).mtimeMs;
    const r = run(['validate', 'scan.json']);
    expectCode(r, 0);
    const out = r.stdout.toString('utf8');
    expect(out.split('\n')[0]).toMatch(/^ok m271-right-neutral\b/);
    expect(readdirSync(dir)).toEqual(['scan.json']);
    expect(statSync(p('scan.json')).mtimeMs).toBe(before);
  });

  it('--json prints parseable JSON with id, side and footLengthMm', () => {
    const r = run(['validate', SCAN_NO_POST, '--json']);
    expectCode(r, 0);
    const summary = JSON.parse(r.stdout.toString('utf8'));
    expect(summary.id).toBe('w246-left-neutral');
    expect(summary.side).toBe('left');
    expect(summary.footLengthMm).toBeCloseTo(246, 0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an over-limit --rx (exit 4) like build', () => {
    const r = run(['validate', SCAN, '--rx', join(RX, 'over-limit-post.json')]);
    expectCode(r, 4);
    expect(r.lines.some((l) => l.startsWith('refused: /prescription/rearfootPost/angle:') && /, got 12$/.test(l))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('orthotic build: pairs, --mirror and staged series', () => {
  const PAIR = join(EXAMPLES, 'w252-pair-neutral.json');
  const STAGED = join(EXAMPLES, 'm288-right-flat-staged.json');

  it('builds both feet of a pair file, named by side, into a folder', () => {
    const r = run(['build', PAIR, '-o', 'out/', '--report', 'order.json', '--map', 'map.svg', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(p('out')).sort()).toEqual(['w252-pair-left.stl', 'w252-pair-right.stl']);
    // The log names the maps written, one a device (not the --map given).
    expect(r.lines.at(-1)).toBe('report -> order.json, maps -> map-left.svg, map-right.svg');
    expect(existsSync(p('map-left.svg')) && existsSync(p('map-right.svg'))).toBe(true);
    const report = readJson(p('order.json'));
    expect(report.devices.map((d: any) => [d.side, d.prescription.applied.archHeight])).toEqual([['left', 15], ['right', 16]]);
    expect(r.lines.filter((l) => l.startsWith('built w252-pair ('))).toHaveLength(2);
  });

  it('takes a left and a right scan, inserting the side before the extension of -o', () => {
    const r = run(['build', SCAN, SCAN_NO_POST, '-o', 'pair.stl', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(dir).sort()).toEqual(['pair-left.stl', 'pair-right.stl']);
  });

  it('names the file at fault when two scans are not a left and a right', () => {
    copyFileSync(SCAN, p('a.json'));
    copyFileSync(SCAN, p('b.json'));
    const r = run(['build', 'a.json', 'b.json', '-o', 'pair.stl', ...FAST]);
    expectCode(r, 3);
    expect(r.lines).toEqual(['invalid: b.json: /side: a pair needs one left and one right foot, got "right"']);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });

  it('--mirror builds the other foot too, and the report says it is mirrored', () => {
    const r = run(['build', SCAN, '--mirror', '-o', 'dev.stl', '--json', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(dir).sort()).toEqual(['dev-left.stl', 'dev-right.stl']);
    const report = JSON.parse(r.stdout.toString('utf8'));
    expect(report.devices.map((d: any) => [d.side, d.mirroredFrom])).toEqual([['left', 'right'], ['right', null]]);
    expect(r.lines.some((l) => l.startsWith('built m271-right-neutral (left, mirrored, full)'))).toBe(true);
    expectCode(run(['build', PAIR, '--mirror', '-o', 'x.stl', ...FAST]), 3);
  });

  it('puts a pair in one 3MF, and refuses several STLs on standard output', () => {
    const r = run(['build', SCAN, '--mirror', '-o', 'pair.3mf', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(dir)).toEqual(['pair.3mf']);
    const s = run(['build', SCAN, '--mirror', '-o', '-', ...FAST]);
    expectCode(s, 2);
    expect(s.stdout.length).toBe(0);
  });

  it("builds a prescription's staged series, one STL a stage, and a report with the wear-in plan", () => {
    const r = run(['build', STAGED, '-o', 'series/', '--report', 'series.json', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(p('series'))).toEqual(['m288-right-flat-staged-stage-1-of-3.stl', 'm288-right-flat-staged-stage-2-of-3.stl', 'm288-right-flat-staged-stage-3-of-3.stl']);
    const report = readJson(p('series.json'));
    expect(report.devices.map((d: any) => [d.stage.index, d.prescription.applied.rearfootPost.angle, d.prescription.applied.archHeight])).toEqual([[1, 2, 10], [2, 4, 12], [3, 6, 14]]);
    expect(report.series[0].plan).toHaveLength(3);
    expect(report.series[0].plan[0].instructions[0]).toMatch(/^Day 1: wear stage 1 for 2 hours/);
  });

  it('--stages N too few: exit 4 naming how many are needed, nothing written; --auto-stages picks it', () => {
    const r = run(['build', STAGED, '--stages', '2', '-o', 'dev.stl', '--report', 'r.json', ...FAST]);
    expectCode(r, 4);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^refused: --stages: the medial rearfoot post \(6° in all\) would change by 3° in one step, more than the 2° a step allows .*needs 3 evenly spaced stages \(--auto-stages picks that\), got 2$/);
    expect(readdirSync(dir)).toEqual([]);
    const a = run(['build', SCAN, '--auto-stages', '-o', 'dev.stl', ...FAST]);
    expectCode(a, 0);
    expect(readdirSync(dir).sort()).toEqual(['dev-stage-1-of-2.stl', 'dev-stage-2-of-2.stl']);
    expectCode(run(['build', SCAN, '--stages', '0', '-o', 'x.stl']), 2);
    expectCode(run(['build', SCAN, '--stages', '2', '--auto-stages', '-o', 'x.stl']), 2);
  });
});

describe('orthotic build: --map, --sheet, --date', () => {
  it('writes the map as SVG or PNG and the sign-off sheet with the date given, with the STL', () => {
    const r = run(['build', SCAN, '-o', 'dev.stl', '--map', 'dev.svg', '--sheet', 'sheet.html', '--date', '2026-11-21', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(dir).sort()).toEqual(['dev.stl', 'dev.svg', 'sheet.html']);
    expect(readFileSync(p('dev.svg'), 'utf8')).toMatch(/^<\?xml|^<svg/);
    const sheet = readFileSync(p('sheet.html'), 'utf8');
    expect(sheet).toContain('2026-11-21');
    expect(sheet).toContain('m271-right-neutral');
    const png = run(['build', SCAN, '-o', 'dev2.stl', '--map', 'dev2.png', ...FAST]);
    expectCode(png, 0);
    expect(readFileSync(p('dev2.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('one map per device of a series, and one sheet with a page per stage and the wear-in plan', () => {
    const r = run(['build', join(EXAMPLES, 'm288-right-flat-staged.json'), '-o', 'dev.stl', '--map', 'map.svg', '--sheet', 'sheet.html', '--date', '2026-11-21', ...FAST]);
    expectCode(r, 0);
    expect(readdirSync(dir).filter((f) => f.startsWith('map')).sort()).toEqual(['map-stage-1-of-3.svg', 'map-stage-2-of-3.svg', 'map-stage-3-of-3.svg']);
    const sheet = readFileSync(p('sheet.html'), 'utf8');
    for (const k of [1, 2, 3]) expect(sheet).toContain(`stage ${k} of 3`);
    expect(sheet).toContain('Wear-in plan');
    expect(sheet).toContain('Wear the orthotics in your trainers');
  });

  it('dates the sheet from SOURCE_DATE_EPOCH when no --date is given, so builds can be reproduced', () => {
    const r = spawnSync(process.execPath, [BIN, 'build', SCAN, '-o', 'dev.stl', '--sheet', 'sheet.html', ...FAST], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' } });
    expect(r.status).toBe(0);
    expect(readFileSync(p('sheet.html'), 'utf8')).toContain('2026-09-21');
  });

  it('refuses a bad date, a map that is not SVG or PNG, and two outputs on one file, writing nothing', () => {
    // A bad date is refused with or without a sheet (it was taken silently without one).
    const noSheet = run(['build', SCAN, '-o', 'dev.stl', '--date', '2026-02-30', ...FAST]);
    expectCode(noSheet, 2);
    expect(noSheet.lines).toEqual(['usage: date must be a calendar date written YYYY-MM-DD, got "2026-02-30"']);
    expect(readdirSync(dir)).toEqual([]);
    const bad = run(['build', SCAN, '-o', 'dev.stl', '--sheet', 'sheet.html', '--date', '2026-02-30', ...FAST]);
    expectCode(bad, 2);
    expect(bad.lines).toEqual(['usage: date must be a calendar date written YYYY-MM-DD, got "2026-02-30"']);
    expectCode(run(['build', SCAN, '-o', 'dev.stl', '--map', 'dev.pdf', ...FAST]), 2);
    expectCode(run(['build', SCAN, '-o', 'dev.stl', '--sheet', 'dev.stl', ...FAST]), 2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('orthotic build: shoe fit', () => {
  it('refuses a device the shoe cannot take, one line per reason, and writes nothing', () => {
    writeFileSync(p('shoe.json'), JSON.stringify({ shoe: { length: 190, depth: 4 } }));
    const r = run(['build', SCAN, '--rx', 'shoe.json', '-o', 'dev.stl', ...FAST]);
    expectCode(r, 3);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(/^invalid: \/prescription\/shoe\/length: the shoe's insole must reach 5 mm past the ball line .* got 190$/);
    expect(r.lines[1]).toMatch(/^invalid: \/prescription\/shoe\/depth: the device is 8\.07 mm thick under the heel .* room for 4 mm, got 4$/);
    expect(readdirSync(dir)).toEqual(['shoe.json']);
  });

  it('builds the dress-shoe example pitched for its heel, and records the fit', () => {
    const r = run(['build', join(EXAMPLES, 'w244-left-dress-shoe.json'), '-o', 'dev.stl', '--json', ...FAST]);
    expectCode(r, 0);
    const report = JSON.parse(r.stdout.toString('utf8'));
    expect(report.shoe.pitch.dropMm).toBe(30);
    expect(report.shoe.trimmed.ballMm).toBeGreaterThan(0);
    expect(report.warnings).toEqual([]);
  });
});

/** A small tmpfs on a fresh folder (root, where the kernel lets this process mount), or null. */
function smallDisk(size: string, readOnly = false): { dir: string; unmount: () => void } | null {
  const at = mkdtempSync(join(tmpdir(), 'orthotic-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', at]);
  if (r.status !== 0) {
    rmSync(at, { recursive: true, force: true });
    return null;
  }
  return { dir: at, unmount: () => { spawnSync('umount', [at]); rmSync(at, { recursive: true, force: true }); } };
}
const canMount = (() => {
  const disk = smallDisk('64k');
  disk?.unmount();
  return disk !== null;
})();

/** Waits until `ready()` holds, polling every 10 ms. */
async function until(ready: () => boolean, ms = 60_000): Promise<void> {
  for (const t0 = Date.now(); !ready(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() - t0 > ms) throw new Error('timed out waiting');
}

describe('faults (issue 16)', () => {
  it('an output folder that cannot be one is a usage error (exit 2) at once: -o /proc/x/ (it spun for ever), a folder below a file', () => {
    writeFileSync(p('a-file'), 'x');
    const below = run(['build', SCAN, '-o', 'a-file/sub/', ...FAST]);
    expectCode(below, 2);
    expect(below.lines).toEqual(["usage: cannot use 'a-file/sub/' as a folder: '" + p('a-file') + "' is a file"]);
    if (existsSync('/proc/self')) {
      const t0 = Date.now();
      const proc = run(['build', SCAN, '-o', '/proc/x/', ...FAST]);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expectCode(proc, 2);
      expect(proc.lines).toEqual(["usage: cannot create folder '/proc/x': the file system allows no folder there"]);
    }
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('SOURCE_DATE_EPOCH that is not whole seconds in range is a usage error naming it, never --date (exit 2)', () => {
    const rule = "SOURCE_DATE_EPOCH: must be a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (9999-12-31), got";
    const cases: Record<string, string> = {
      garbage: `${rule} 'garbage'`,
      '1790000000000': `${rule} '1790000000000' (milliseconds?)`,
      '1790000000000000': `${rule} '1790000000000000' (microseconds?)`,
      '-1': `${rule} '-1'`,
      '1790000000.5': `${rule} '1790000000.5'`,
      ' 1790000000': `${rule} ' 1790000000'`,
      '253402300800': `${rule} '253402300800'`,
      'x\u001b[2J': `${rule} 'x\\u001b[2J'`,
    };
    for (const [value, line] of Object.entries(cases)) {
      const r = run(['build', SCAN, '-o', 'dev.stl', '--sheet', 'sheet.html', ...FAST], undefined, { SOURCE_DATE_EPOCH: value });
      expectCode(r, 2);
      expect(r.lines, value).toEqual([`usage: ${line}`]);
      expect(readdirSync(dir), value).toEqual([]);
    }
    // --date wins over it; without a sheet it is not used; empty is unset (today); the last second of 9999 is fine.
    expectCode(run(['build', SCAN, '-o', 'a.stl', '--sheet', 'a.html', '--date', '2026-11-21', ...FAST], undefined, { SOURCE_DATE_EPOCH: 'garbage' }), 0);
    expectCode(run(['build', SCAN, '-o', 'b.stl', ...FAST], undefined, { SOURCE_DATE_EPOCH: 'garbage' }), 0);
    expectCode(run(['build', SCAN, '-o', 'c.stl', '--sheet', 'c.html', ...FAST], undefined, { SOURCE_DATE_EPOCH: '' }), 0);
    expectCode(run(['build', SCAN, '-o', 'd.stl', '--sheet', 'd.html', ...FAST], undefined, { SOURCE_DATE_EPOCH: '253402300799' }), 0);
    expect(readFileSync(p('d.html'), 'utf8')).toContain('9999-12-31');
  });

  it("a bad stages in the scan's own prescription points into the scan; one in --rx into the prescription (build, validate)", () => {
    const scan = readJson(SCAN);
    scan.prescription.stages = { fractions: [0.5, 0.2, 1] };
    writeFileSync(p('staged.json'), JSON.stringify(scan));
    writeFileSync(p('rx.json'), JSON.stringify({ stages: { fractions: [0.5, 0.2, 1] } }));
    scan.prescription.stages = { count: 1 };
    scan.prescription.rearfootPost = { wedge: 'medial', angle: 6 };
    writeFileSync(p('too-few.json'), JSON.stringify(scan));
    for (const cmd of [['build', '-o', 'dev.stl', ...FAST], ['validate']]) {
      const own = run([cmd[0]!, 'staged.json', ...cmd.slice(1)]);
      expectCode(own, 3);
      expect(own.lines).toEqual(['invalid: /prescription/stages/fractions/1: fractions must increase from stage to stage, got 0.2']);
      const rx = run([cmd[0]!, SCAN_NO_POST, '--rx', 'rx.json', ...cmd.slice(1)]);
      expectCode(rx, 3);
      expect(rx.lines).toEqual(['invalid: prescription /stages/fractions/1: fractions must increase from stage to stage, got 0.2']);
      const steps = run([cmd[0]!, 'too-few.json', ...cmd.slice(1)]);
      expectCode(steps, 4);
      expect(steps.lines[0]).toMatch(/^refused: \/prescription\/stages\/count: the medial rearfoot post \(6° in all\) would change by 6° in one step/);
    }
    expect(readdirSync(dir).sort()).toEqual(['rx.json', 'staged.json', 'too-few.json']);
  });

  it('a write the storage refuses is exit 5 ("not written"), never invalid or internal, and leaves no file', () => {
    // An I/O error half-way through the report: the STL, already complete, is not put in place either.
    const eio = run(['build', SCAN, '-o', 'dev.stl', '--report', 'dev.json', ...FAST], undefined, { ORTHOTIC_INJECT_WRITE_ERROR: 'EIO:dev.json' });
    expectCode(eio, 5);
    expect(eio.lines).toEqual(["not written: cannot write 'dev.json': input/output error (EIO)"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(canMount)('a full disk and a read-only one (small tmpfs): exit 5 naming ENOSPC and EROFS, no file left, an existing one untouched', () => {
    const full = smallDisk('64k')!;
    const readOnly = smallDisk('64k', true)!;
    try {
      writeFileSync(join(full.dir, 'dev.stl'), 'the previous device');
      const r = run(['build', SCAN, '-o', join(full.dir, 'dev.stl'), ...FAST]);
      expectCode(r, 5);
      expect(r.lines).toEqual([`not written: cannot write '${join(full.dir, 'dev.stl')}': no space left on the device (ENOSPC)`]);
      expect(readdirSync(full.dir)).toEqual(['dev.stl']);
      expect(readFileSync(join(full.dir, 'dev.stl'), 'utf8')).toBe('the previous device');
      const ro = run(['build', SCAN, '-o', join(readOnly.dir, 'out') + '/', ...FAST]);
      expectCode(ro, 5);
      expect(ro.lines).toEqual([`not written: cannot create folder '${join(readOnly.dir, 'out')}': read-only file system (EROFS)`]);
    } finally {
      full.unmount();
      readOnly.unmount();
    }
  });

  it('a signal while build writes its files: they are all put in place, whole, then exit 130; no temporary file', async () => {
    const child = spawn(process.execPath, [BIN, 'build', SCAN, '-o', 'dev.stl', '--report', 'dev.json', ...FAST], {
      cwd: dir, env: { ...process.env, ORTHOTIC_INJECT_WRITE_PAUSE_MS: '1000' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(() => tmpFiles().length === 2); // both temporary files complete, not yet renamed
    child.kill('SIGINT');
    expect(await done).toBe(130);
    expect(stderr).toMatch(/^interrupted: SIGINT: stopped once its files were written in full$/m);
    expect(readdirSync(dir).sort()).toEqual(['dev.json', 'dev.stl']);
    expect(binaryStlCount(readFileSync(p('dev.stl')))).toBe(readJson(p('dev.json')).mesh.triangles);
  });

  // SIGINT is taken at once, even mid-computation; SIGTERM when the computation ends. Either way exit
  // 130 and one line, never death by the signal (exit 143 for SIGTERM, no message), nothing written.
  for (const [signal, resolution] of [['SIGINT', '0.3'], ['SIGTERM', '0.3']] as const) { // 0.3 mm keeps the computation going ~1.2 s past the signal (at 0.5 mm it could end first)
    it(`${signal} during the build, before anything is written: exit 130, one line, nothing written`, async () => {
      const child = spawn(process.execPath, [BIN, 'build', SCAN, '-o', 'dev.stl', '--report', 'dev.json', '--resolution', resolution], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
      await new Promise((r) => setTimeout(r, 700)); // started (~0.2 s), building (several tenths of a second more)
      child.kill(signal);
      const { code, signal: killedBy } = await done;
      expect(killedBy).toBeNull();
      expect(code).toBe(130);
      expect(tmpFiles()).toEqual([]);
      // Almost always stopped before writing; in the rare case the signal came as the files were
      // written, they are whole.
      if (/stopped before writing any file/.test(stderr)) {
        expect(stderr).toBe(`interrupted: ${signal}: stopped before writing any file\n`);
        expect(readdirSync(dir)).toEqual([]);
      } else {
        expect(stderr).toMatch(new RegExp(`^interrupted: ${signal}: stopped once its files were written in full$`, 'm'));
        expect(readdirSync(dir).sort()).toEqual(['dev.json', 'dev.stl']);
      }
    });
  }

  it('a NUL character in a scan\'s surface file is invalid (exit 3) naming /surface/file, never an internal error', () => {
    writeFileSync(p('surface-nul.json'), JSON.stringify({ schemaVersion: 1, id: 'surf', side: 'left', surface: { file: 'foo\u0000.stl' } }));
    for (const cmd of [['build', 'surface-nul.json', '-o', 'x.stl'], ['validate', 'surface-nul.json']]) {
      const r = run(cmd);
      expectCode(r, 3);
      expect(r.lines).toEqual(['invalid: /surface/file: must not contain a NUL character: no file name can, got "foo\\u0000.stl"']);
    }
    expect(readdirSync(dir)).toEqual(['surface-nul.json']);
  });
});
