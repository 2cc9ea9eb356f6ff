/**
 * Reading a lab's configuration: validated at the edge like every input, with the schema compiled
 * ahead of time (src/scan/generated; `npm run gen:validators`).
 */
import type { ValidateFunction } from 'ajv';
import { isRecord, manufacturingProblems, parseJsonText, validateInput } from '../scan/index.js';
import { validateConfig } from '../scan/generated/validators.js';
import type { LabConfig } from './types.js';

/**
 * Parses the text of a lab configuration file and validates it against schemas/lab-config.schema.json.
 * @returns the configuration, exactly as parsed
 * @throws InputError empty input, malformed JSON, or one problem per schema violation (source
 *   'config', pointers into the file: `/prescription/material`)
 */
export function parseConfigText(text: string): LabConfig {
  return parseConfig(parseJsonText(text, 'config'));
}

/**
 * Validates an already-parsed lab configuration.
 * @param value any value; not modified
 * @returns the same value, typed
 * @throws InputError as parseConfigText
 */
export function parseConfig(value: unknown): LabConfig {
  return validateInput(value, validateConfig as ValidateFunction<LabConfig>, 'config', (config) => {
    if (!isRecord(config)) return [];
    const m: unknown = config.manufacturing, milling: unknown = config.milling;
    const problems = manufacturingProblems(m, '/manufacturing', 'config');
    // Two fields say what is milled: they must not disagree.
    if (isRecord(m) && isRecord(milling) && m.mill !== undefined && milling.target !== undefined && m.mill !== milling.target) {
      problems.push({ pointer: '/manufacturing/mill', rule: `must agree with /milling/target ("${String(milling.target)}"): give one of them`, value: m.mill, source: 'config' });
    }
    return problems;
  });
}
