/**
 * Writes the parts of the committed schemas and built-in limits profile that the modification
 * registry owns (src/modifications/schemas.ts): `npm run gen:schemas` after adding or changing a
 * modification (then `npm run gen:validators` compiles the schemas). `--check` writes nothing and
 * exits 1 when a file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInProfile, limitsSchema, prescriptionSchema } from '../src/modifications/schemas.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FILES: Array<[string, (json: Record<string, unknown>) => Record<string, unknown>]> = [
  ['schemas/prescription.schema.json', prescriptionSchema],
  ['schemas/limits.schema.json', limitsSchema],
  ['limits/default.limits.json', builtInProfile],
];

let stale = 0;
for (const [file, derive] of FILES) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const fresh = `${JSON.stringify(derive(JSON.parse(text) as Record<string, unknown>), null, 2)}\n`;
  if (fresh === text) continue;
  stale++;
  if (process.argv.includes('--check')) console.error(`${file} is stale: run npm run gen:schemas`);
  else { writeFileSync(path, fresh); console.log(`wrote ${file}`); }
}
process.exit(process.argv.includes('--check') && stale ? 1 : 0);
