import { describe, expect, it } from 'vitest';
import { MATERIALS, makingWarning } from '../../src/materials/index.js';
import { prepareBuild } from '../../src/index.js';
import { loadScan } from '../support/build.js';

/**
 * [CB-material-making]: a device milled from a block, or formed over a milled cast, of a material
 * not made that way is built with a warning naming those that are; printed orders are as before.
 */
const RIGHT = loadScan('examples/m271-right-neutral.json');
const warned = (material: string, options: { milledFromBlock?: boolean; formedOverCast?: boolean }) =>
  prepareBuild(RIGHT, { material }, options).warnings.filter((w) => w.endsWith('[CB-material-making]'));

describe('the material and how the device is made', () => {
  it('milled from a block: polypropylene and EVA pass; the printing and laminating materials are warned of, the fitting ones named', () => {
    for (const m of ['polypropylene', 'eva']) expect(warned(m, { milledFromBlock: true })).toEqual([]);
    // No material named: the default, PA12, is printed.
    expect(prepareBuild(RIGHT, undefined, { milledFromBlock: true }).warnings.filter((w) => w.startsWith('material: pa12 '))).toHaveLength(1);
    for (const m of ['pa12', 'pa11', 'tpu', 'carbon']) {
      expect(warned(m, { milledFromBlock: true })).toEqual([
        `material: ${m} (${MATERIALS[m as 'pa12'].name}) is not one milled from a block, and this device is (mill: device): the sign-off sheet's estimated mass assumes ${m}; name the block's material (polypropylene, eva) [CB-material-making]`,
      ]);
    }
  });

  it('formed over a milled cast: polypropylene, EVA and carbon pass; the printing materials are warned of', () => {
    for (const m of ['polypropylene', 'eva', 'carbon']) expect(warned(m, { formedOverCast: true })).toEqual([]);
    for (const m of ['pa12', 'pa11', 'tpu']) expect(warned(m, { formedOverCast: true })[0]).toMatch(new RegExp(`^material: ${m} .* is not one formed over a cast, and this device is \\(mill: cast\\): the sign-off sheet's estimated mass, and a shell's stiffness against body weight, assume ${m}; name the material formed over it \\(polypropylene, carbon, eva\\) \\[CB-material-making\\]$`));
  });

  it('printed: no warning whatever the material (the default PA12 included, when none is named)', () => {
    for (const m of Object.keys(MATERIALS)) expect(warned(m, {})).toEqual([]);
    expect(makingWarning('eva', 'formed')).toBeNull();
  });
});
