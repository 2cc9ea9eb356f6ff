/**
 * Writes the example scans and prescriptions in `examples/` (and the bad inputs in `examples/bad/`)
 * from synthetic foot outlines. Deterministic: running it twice gives byte-identical files.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/make-examples.js
 *
 * Sizes come from ANSUR II (Gordon et al. 2014; docs/clinical-basis.md [CB-ansur]) (FL, ball width, heel width, mm).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FootScan, Measurements, Prescription, Side } from '../src/scan/types.js';
import { syntheticFootOutline } from '../src/synth/index.js';

interface ExampleSpec {
  id: string;
  side: Side;
  footLength: number;
  ballWidth: number;
  heelWidth: number;
  archConcavity: number;
  points: number;
  /** Measured (weight-bearing) plantar arch height, mm. */
  archHeight: number;
  navicularHeight?: number;
  navicularDrop?: number;
  prescription: Prescription;
  frame?: { rotationDeg: number; offset: [number, number]; clockwise: boolean; closed: boolean };
  clockwise?: boolean;
  /** What the example is for (examples/README.md). */
  note: string;
}

const EXAMPLES: ExampleSpec[] = [
  {
    id: 'm271-right-neutral', side: 'right', footLength: 271, ballWidth: 102, heelWidth: 72.5, archConcavity: 0.5, points: 480,
    archHeight: 16, navicularHeight: 40, navicularDrop: 7,
    note: 'men\'s mean; typical 4° medial post ("4/4"), total-contact arch',
    prescription: { shellThickness: 3, heelCupDepth: 12, archHeight: 16, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'full' },
  },
  {
    id: 'w246-left-neutral', side: 'left', footLength: 246, ballWidth: 93, heelWidth: 67, archConcavity: 0.5, points: 400,
    archHeight: 15, navicularHeight: 37, navicularDrop: 6,
    note: "women's mean; women's 10 mm cup, sulcus length, no post, arch from the scan (default)",
    prescription: { shellThickness: 3, heelCupDepth: 10, length: 'sulcus' },
  },
  {
    id: 'm290-right-flat', side: 'right', footLength: 290, ballWidth: 110, heelWidth: 78, archConcavity: 0.05, points: 520,
    archHeight: 6, navicularHeight: 29, navicularDrop: 11,
    // 7°: above the 6° warn level ("labs warn above 6°"), below the 9° ceiling. Arch raised 6 mm,
    // under the 8 mm warn level and the standing + navicular-drop cap (6 + 11 = 17 mm).
    note: 'flat foot (arch 6 mm, navicular drop 11 mm: excessive); 7° medial post: above the 6° warn level, under the 9° ceiling; arch raised 6 mm; three-quarter',
    prescription: { shellThickness: 3, heelCupDepth: 14, archHeight: 12, rearfootPost: { wedge: 'medial', angle: 7 }, length: 'three-quarter' },
  },
  {
    id: 'w232-left-high-arch', side: 'left', footLength: 232, ballWidth: 87, heelWidth: 63, archConcavity: 1, points: 360,
    archHeight: 28, navicularHeight: 52, navicularDrop: 4, clockwise: true,
    note: 'high arch (28 mm), rigid supinated foot: 3° lateral post; clockwise outline',
    prescription: { shellThickness: 3, heelCupDepth: 12, archHeight: 28, rearfootPost: { wedge: 'lateral', angle: 3 }, length: 'full' },
  },
  {
    id: 'm255-left-scanner-frame', side: 'left', footLength: 255, ballWidth: 96, heelWidth: 69, archConcavity: 0.55, points: 900,
    archHeight: 17, navicularHeight: 41, navicularDrop: 7,
    frame: { rotationDeg: 37, offset: [412, -158], clockwise: true, closed: true },
    note: "scanner's own frame: rotated 37°, offset (412, −158) mm, clockwise, closed (last point = first), 900 points",
    prescription: { shellThickness: 3, heelCupDepth: 12, archHeight: 18, length: 'full' },
  },
  {
    id: 'w265-right-lateral-post', side: 'right', footLength: 265, ballWidth: 100, heelWidth: 72, archConcavity: 0.45, points: 440,
    archHeight: 18, navicularHeight: 43, navicularDrop: 5,
    note: '4° lateral post (at the lateral warn level), sport cup 14 mm',
    prescription: { shellThickness: 3, heelCupDepth: 14, rearfootPost: { wedge: 'lateral', angle: 4 }, length: 'full' },
  },
  {
    id: 'm302-right-large', side: 'right', footLength: 302, ballWidth: 115, heelWidth: 84, archConcavity: 0.5, points: 600,
    archHeight: 17, navicularHeight: 43, navicularDrop: 8,
    note: "99th-percentile men's (FL 302, ball 115); cup 14 mm, 5° medial post, 3.5 mm shell",
    prescription: { shellThickness: 3.5, heelCupDepth: 14, archHeight: 17, rearfootPost: { wedge: 'medial', angle: 5 }, length: 'full' },
  },
  // One example for each condition the device is prescribed for.
  {
    id: 'w251-left-plantar-fasciitis', side: 'left', footLength: 251, ballWidth: 94, heelWidth: 68, archConcavity: 0.5, points: 420,
    archHeight: 15, navicularHeight: 38, navicularDrop: 7,
    note: 'plantar fasciitis: plantar-fascia groove and heel-spur relief (2 mm each) in a 4.5 mm PA12 shell, cup 16 mm, arch raised 2 mm',
    prescription: { shellThickness: 4.5, heelCupDepth: 16, archHeight: 17, plantarFasciaGroove: {}, heelSpurRelief: {}, length: 'full', material: 'pa12', bodyWeight: 70 },
  },
  {
    id: 'm276-right-neuroma', side: 'right', footLength: 276, ballWidth: 104, heelWidth: 74, archConcavity: 0.5, points: 480,
    archHeight: 17, navicularHeight: 41, navicularDrop: 6,
    note: "Morton's neuroma: a 5 mm metatarsal pad 8 mm behind the MTH line (between MTH 2 and 3) spreads the heads",
    prescription: { shellThickness: 3, heelCupDepth: 12, metatarsalPad: { height: 5, behindMth: 8 }, length: 'full' },
  },
  {
    id: 'w240-left-bunion', side: 'left', footLength: 240, ballWidth: 92, heelWidth: 65, archConcavity: 0.5, points: 400,
    archHeight: 14, navicularHeight: 36, navicularDrop: 7,
    note: 'hallux valgus (bunion) with a tailor\'s bunion: the edge lowered 1.5 mm at MTH1 and at MTH5, in a 3.5 mm shell',
    prescription: { shellThickness: 3.5, heelCupDepth: 10, bunionRelief: { depth: 1.5 }, bunionetteRelief: { depth: 1.5 }, length: 'full' },
  },
  {
    id: 'm285-right-pronation', side: 'right', footLength: 285, ballWidth: 108, heelWidth: 77, archConcavity: 0.25, points: 500,
    archHeight: 10, navicularHeight: 32, navicularDrop: 10,
    note: 'over-pronation: 4° medial post + 2 mm Kirby skive (78% of the combined ceiling), 20 mm cup (coupling rule 2), arch raised 4 mm, 6 mm medial flange, 4.5 mm polypropylene for 82 kg',
    prescription: {
      shellThickness: 4.5, heelCupDepth: 20, archHeight: 14, rearfootPost: { wedge: 'medial', angle: 4 }, medialHeelSkive: { depth: 2 },
      medialFlange: 6, length: 'full', material: 'polypropylene', bodyWeight: 82,
    },
  },
  {
    id: 'w238-right-supination', side: 'right', footLength: 238, ballWidth: 89, heelWidth: 64, archConcavity: 0.95, points: 380,
    archHeight: 26, navicularHeight: 50, navicularDrop: 3,
    note: 'rigid supinated high-arched foot: 3° lateral rearfoot post, 3° valgus forefoot post, 5 mm lateral flange; filled EVA insole for shock absorption',
    prescription: {
      shellThickness: 5, heelCupDepth: 12, rearfootPost: { wedge: 'lateral', angle: 3 }, forefootPost: { wedge: 'valgus', angle: 3 },
      lateralFlange: 5, construction: 'filled', material: 'eva', length: 'full', bodyWeight: 61,
    },
  },
  {
    id: 'm268-left-leg-length', side: 'left', footLength: 268, ballWidth: 101, heelWidth: 72, archConcavity: 0.5, points: 460,
    archHeight: 16, navicularHeight: 40, navicularDrop: 6,
    note: 'leg-length difference: 6 mm heel lift tapered to the ball, 3.2 mm arch fill, 1.5 mm top cover (heel height 10.5 mm of the 15 mm allowed)',
    prescription: { shellThickness: 3, heelCupDepth: 12, heelLift: 6, archFill: 3.2, topCover: 1.5, length: 'full' },
  },
  {
    id: 'm288-right-flat-staged', side: 'right', footLength: 288, ballWidth: 109, heelWidth: 78, archConcavity: 0.15, points: 500,
    archHeight: 8, navicularHeight: 30, navicularDrop: 11,
    note: 'pronated flat foot (navicular drop 11 mm): 6° medial post and the arch raised 6 mm, delivered as a staged series of 3 (2°/+2 mm, 4°/+4 mm, 6°/+6 mm), 10 pain-free days between stages',
    prescription: {
      shellThickness: 3.5, heelCupDepth: 16, archHeight: 14, rearfootPost: { wedge: 'medial', angle: 6 }, length: 'full',
      stages: { count: 3, wearIn: { comfortableDays: 10, notes: 'Wear the orthotics in your trainers for the first week of each stage.' } },
    },
  },
  {
    id: 'w244-left-dress-shoe', side: 'left', footLength: 244, ballWidth: 92, heelWidth: 66, archConcavity: 0.6, points: 420,
    archHeight: 17, navicularHeight: 41, navicularDrop: 5,
    note: 'dress-shoe device (coupling rule 4): 9 mm cup, 2.5 mm shell, three-quarter, fitted to a court shoe: insole 243 × 88 × 63 mm (trims the ball and heel edges), 30 mm heel pitch, 8 mm of room under the heel',
    prescription: {
      shellThickness: 2.5, heelCupDepth: 9, length: 'three-quarter', material: 'pa12',
      shoe: { length: 243, ballWidth: 88, heelWidth: 63, heelHeight: 30, depth: 8 },
    },
  },
];

/** Pair files: both feet of one patient (schemas/foot-scan-pair.schema.json). */
const PAIRS: Array<{ file: string; prescription: Prescription; feet: [ExampleSpec, ExampleSpec]; note: string }> = [
  {
    file: 'w252-pair-neutral',
    note: 'both feet in one file (the left 2 mm longer, as feet often are): a shared 3° medial post, 3/4 length; its right foot raises the arch 2 mm in its own prescription',
    prescription: { shellThickness: 3, heelCupDepth: 12, rearfootPost: { wedge: 'medial', angle: 3 }, length: 'three-quarter' },
    feet: [
      {
        id: 'w252-pair', side: 'left', footLength: 252, ballWidth: 94, heelWidth: 67, archConcavity: 0.55, points: 420,
        archHeight: 15, navicularHeight: 39, navicularDrop: 6, note: '', prescription: {},
      },
      {
        id: 'w252-pair', side: 'right', footLength: 250, ballWidth: 93, heelWidth: 66.5, archConcavity: 0.55, points: 420,
        archHeight: 14, navicularHeight: 38, navicularDrop: 6, note: '', prescription: { archHeight: 16 },
      },
    ],
  },
];

const round = (v: number, digits: number): number => {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
};

/** Ball (MTP1) position: x of the most medial outline point within 0.6–0.8·FL, foot frame. */
function ballX(foot: Array<[number, number]>, fl: number, side: Side): number {
  const medial = side === 'right' ? 1 : -1;
  let best: [number, number] | undefined;
  for (const p of foot) {
    if (p[0] >= 0.6 * fl && p[0] <= 0.8 * fl && (!best || medial * p[1] > medial * best[1])) best = p;
  }
  return best![0];
}

/** y-extent of the points within a band of x. */
function bandWidth(foot: Array<[number, number]>, lo: number, hi: number): number {
  const ys = foot.filter((p) => p[0] >= lo && p[0] <= hi).map((p) => p[1]);
  return Math.max(...ys) - Math.min(...ys);
}

function makeScan(s: ExampleSpec): FootScan {
  const shape = { footLength: s.footLength, ballWidth: s.ballWidth, heelWidth: s.heelWidth, side: s.side, archConcavity: s.archConcavity, points: s.points };
  const foot = syntheticFootOutline({ ...shape, clockwise: s.clockwise ?? false });
  const outline = s.frame ? syntheticFootOutline({ ...shape, ...s.frame }) : foot;
  const xs = foot.map((p) => p[0]);
  const fl = Math.max(...xs) - Math.min(...xs);
  const measurements: Measurements = {
    archHeight: s.archHeight,
    ...(s.navicularHeight !== undefined ? { navicularHeight: s.navicularHeight } : {}),
    ...(s.navicularDrop !== undefined ? { navicularDrop: s.navicularDrop } : {}),
    archApexX: round(0.43 * fl, 1),
    ballX: round(ballX(foot, fl, s.side), 1),
    footLength: round(fl, 1),
    ballWidth: round(bandWidth(foot, 0.6 * fl, 0.8 * fl), 1),
    heelWidth: round(bandWidth(foot, 0, 0.3 * fl), 1),
  };
  return {
    schemaVersion: 1,
    id: s.id,
    side: s.side,
    units: 'mm',
    outline: outline.map(([x, y]) => [round(x, 3), round(y, 3)]),
    measurements,
    prescription: s.prescription,
  };
}

/** JSON with two-space indentation, but each outline point on one line. */
function toJson(doc: unknown): string {
  const text = JSON.stringify(
    doc,
    (key, value: unknown) =>
      key === 'outline' && Array.isArray(value) ? value.map((p: unknown) => `@@${JSON.stringify(p)}`) : value,
    2,
  );
  return `${text.replace(/"@@(\[[^"]*\])"/g, '$1')}\n`;
}

/** The repository root: the script runs as `scripts/make-examples.ts` or `dist/scripts/make-examples.js`. */
function repoRoot(): string {
  const scripts = dirname(fileURLToPath(import.meta.url));
  const up = dirname(scripts);
  const root = basename(up) === 'dist' ? dirname(up) : up;
  if (!existsSync(join(root, 'package.json'))) throw new Error(`make-examples: ${root} is not the repository root`);
  return root;
}

function describeRx(p: Prescription): string {
  const post = p.rearfootPost ? `${p.rearfootPost.wedge} post ${p.rearfootPost.angle}°` : 'no post';
  const arch = p.archHeight === undefined ? 'arch = scan' : `arch ${p.archHeight}`;
  const extra = Object.keys(p).filter((k) => !['shellThickness', 'heelCupDepth', 'archHeight', 'rearfootPost', 'length'].includes(k));
  return `shell ${p.shellThickness}, cup ${p.heelCupDepth}, ${arch}, ${post}, ${p.length}${extra.length ? `; ${extra.join(', ')}` : ''}`;
}

function readme(scans: FootScan[]): string {
  const rows = scans.map((scan, i) => {
    const m = scan.measurements;
    const spec = EXAMPLES[i]!;
    return `| \`${scan.id}.json\` | ${scan.side} | ${m.footLength} / ${m.ballWidth} / ${m.heelWidth} | ${m.archHeight} | ${m.navicularDrop ?? '–'} | ${scan.outline.length} | ${describeRx(scan.prescription ?? {})} | ${spec.note} |`;
  });
  return [
    '# Examples',
    '',
    'Generated by `scripts/make-examples.ts` (`npx tsc -p tsconfig.json && node dist/scripts/make-examples.js`);',
    'edit the script, not the files. Outlines come from `syntheticFootOutline` (src/synth): plantar',
    'outlines with the sizes of ANSUR II (Gordon et al. 2014; docs/clinical-basis.md [CB-ansur]). Measurements are consistent',
    'with the outline: foot length is its extent along its long axis (the principal axis of its area),',
    'ball and heel widths are the widths of the outline over 0.6–0.8 and 0–0.3 of the foot length,',
    '`ballX` is the most medial point of the ball, `archApexX` is 0.43 × FL. Lengths in mm, angles in degrees.',
    '',
    '## Scans (each with its prescription)',
    '',
    '| file | side | FL / ball / heel | arch | nav. drop | points | prescription | what it is for |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Pairs (both feet in one file)',
    '',
    '| file | feet | prescription | what it is for |',
    '|---|---|---|---|',
    ...PAIRS.map((p) => `| \`${p.file}.json\` | ${p.feet.map((f) => `${f.side} ${f.footLength} / ${f.ballWidth} / ${f.heelWidth}, arch ${f.archHeight}`).join('; ')} | ${describeRx(p.prescription)}${p.feet.some((f) => Object.keys(f.prescription).length) ? `; ${p.feet.filter((f) => Object.keys(f.prescription).length).map((f) => `${f.side} adds ${JSON.stringify(f.prescription)}`).join('; ')}` : ''} | ${p.note} |`),
    '',
    '`orthotic build examples/w252-pair-neutral.json -o out/` writes `out/w252-pair-left.stl` and `out/w252-pair-right.stl`.',
    '`m288-right-flat-staged.json` carries a `stages` block: `orthotic build` makes `m288-right-flat-staged-stage-1-of-3.stl` and so on.',
    '',
    'All are in the foot frame (heel at x = 0, toes toward +x, counter-clockwise unless noted) except',
    '`m255-left-scanner-frame.json`, which the tool has to align itself.',
    '',
    '## Prescriptions (`rx/`, for `--rx`)',
    '',
    '| file | prescription | expected |',
    '|---|---|---|',
    '| `rx/medial-post-4.json` | shell 3, cup 12, medial post 4°, full | builds |',
    '| `rx/over-limit-post.json` | shell 3, cup 12, medial post 12°, full | refused, exit 4: above the 9° medial ceiling (`--clamp` builds at 9°) |',
    '',
    '## Bad inputs (`bad/`)',
    '',
    '| file | what is wrong | expected |',
    '|---|---|---|',
    '| `bad/malformed.json` | JSON cut off halfway | exit 3, invalid JSON |',
    '| `bad/empty.json` | empty file | exit 3 |',
    '| `bad/wrong-types.json` | `side: 3`, `outline: "x"` | exit 3, one line per field |',
    '| `bad/path-id.json` | `id: "../../etc/passwd"` | exit 3, id pattern |',
    '| `bad/self-intersecting.json` | outline is a figure eight (40 points) | exit 3, self-intersecting outline |',
    '| `bad/zero-area.json` | 20 collinear points | exit 3, zero-area outline |',
    '| `bad/tiny-foot.json` | a valid foot shape 60 mm long (no size measurements: the outline alone tells) | exit 3, foot length outside 100–400 mm |',
    '| `bad/apex-at-ball.json` | arch apex 6 mm behind the ball (each in its own range) | exit 3, the apex must lie 0.12 of the length behind the ball |',
    '| `bad/over-limit.json` | valid scan, medial post 15° | exit 4, above the 9° ceiling |',
    '',
  ].join('\n');
}

function main(): void {
  const root = join(repoRoot(), 'examples');
  mkdirSync(join(root, 'rx'), { recursive: true });
  mkdirSync(join(root, 'bad'), { recursive: true });
  const write = (rel: string, text: string): void => {
    writeFileSync(join(root, rel), text);
    console.log(`wrote examples/${rel}`);
  };

  const scans = EXAMPLES.map(makeScan);
  for (const scan of scans) write(`${scan.id}.json`, toJson(scan));
  for (const pair of PAIRS) {
    const feet = pair.feet.map((f) => {
      const { prescription, ...scan } = makeScan(f);
      return Object.keys(prescription ?? {}).length ? { ...scan, prescription } : scan;
    });
    write(`${pair.file}.json`, toJson({ schemaVersion: 1, prescription: pair.prescription, feet }));
  }
  write('README.md', readme(scans));

  // Prescription-only files (for --rx).
  const rx: Record<string, Prescription> = {
    'medial-post-4': { shellThickness: 3, heelCupDepth: 12, rearfootPost: { wedge: 'medial', angle: 4 }, length: 'full' },
    'over-limit-post': { shellThickness: 3, heelCupDepth: 12, rearfootPost: { wedge: 'medial', angle: 12 }, length: 'full' },
  };
  for (const [name, p] of Object.entries(rx)) write(`rx/${name}.json`, toJson(p));

  // Bad inputs, each wrong in one way (based on a small valid scan).
  const base = makeScan({ ...EXAMPLES[1]!, id: 'base', points: 120 });
  const bad = (id: string, patch: Partial<Record<keyof FootScan, unknown>>): Record<string, unknown> => ({ ...base, id, ...patch });
  const valid = toJson(bad('malformed', {}));
  write('bad/malformed.json', valid.slice(0, Math.floor(valid.length / 2)));
  write('bad/empty.json', '');
  write('bad/wrong-types.json', toJson(bad('wrong-types', { side: 3, outline: 'x' })));
  write('bad/path-id.json', toJson(bad('../../etc/passwd', {})));
  // A figure-eight (lemniscate of Gerono) the size of a foot: crosses itself at its centre.
  const eight = Array.from({ length: 40 }, (_, k): [number, number] => {
    const t = (2 * Math.PI * k) / 40;
    return [round(125 + 125 * Math.cos(t), 3), round(45 * Math.sin(2 * t), 3)];
  });
  write('bad/self-intersecting.json', toJson(bad('self-intersecting', { outline: eight })));
  const line = Array.from({ length: 20 }, (_, k): [number, number] => [round(10 + 13 * k, 3), round(5 + 2.5 * k, 3)]);
  write('bad/zero-area.json', toJson(bad('zero-area', { outline: line })));
  const tiny = makeScan({
    ...EXAMPLES[1]!, id: 'tiny-foot', footLength: 60, ballWidth: 23, heelWidth: 16, points: 120,
    archHeight: 4, navicularHeight: undefined, navicularDrop: undefined,
  });
  // Only the outline says how small it is: the size rule must come from the outline itself.
  tiny.measurements = { archHeight: tiny.measurements.archHeight };
  write('bad/tiny-foot.json', toJson(tiny));
  // Both landmarks in their ranges (apex ≤ 0.6, ball ≥ 0.6 of the length), but the apex 6 mm behind the ball: the arch has no room to fall.
  const ballX = round(0.62 * (base.measurements.footLength ?? 0), 1);
  write('bad/apex-at-ball.json', toJson(bad('apex-at-ball', { measurements: { ...base.measurements, ballX, archApexX: round(ballX - 6, 1) } })));
  write('bad/over-limit.json', toJson(bad('over-limit', {
    prescription: { shellThickness: 3, heelCupDepth: 12, rearfootPost: { wedge: 'medial', angle: 15 }, length: 'full' },
  })));
}

main();
