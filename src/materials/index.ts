/**
 * Device materials: what a lab prints or mills a device from, with the density that turns a
 * measured volume into an estimated mass. Densities are typical datasheet values for the solid
 * (printed or moulded) material; a lattice-infilled print weighs less.
 */
import type { MaterialName } from '../scan/types.js';

/** The materials a prescription may name (`material`). */
export type MaterialId = MaterialName;

/** How a device of a material is made: printed, milled from a block, or formed over a cast (vacuum-formed, moulded, laminated). */
export type Making = 'printed' | 'milled' | 'formed';

export interface Material {
  id: MaterialId;
  name: string;
  /** How a device of it is made ([CB-material-making]): a milled order of another material is warned of. */
  made: readonly Making[];
  /** g/cm³ of the finished solid. */
  densityGcm3: number;
  /** Where the density comes from. */
  source: string;
  /** Flexural (bending) modulus of the solid, GPa: shell stiffness grows with E·t³. */
  flexuralModulusGPa: number;
  /** Where the modulus comes from. */
  modulusSource: string;
}

export const MATERIALS: Readonly<Record<MaterialId, Material>> = {
  polypropylene: { id: 'polypropylene', name: 'Polypropylene (milled or vacuum-formed)', made: ['milled', 'formed'], densityGcm3: 0.905, source: 'PP homopolymer datasheets: 0.90–0.91 g/cm³', flexuralModulusGPa: 1.5, modulusSource: 'PP homopolymer datasheets: 1.2–1.7 GPa' },
  pa11: { id: 'pa11', name: 'Nylon PA11 (MJF/SLS)', made: ['printed'], densityGcm3: 1.05, source: 'HP 3D High Reusability PA 11 datasheet: 1.05 g/cm³', flexuralModulusGPa: 1.5, modulusSource: 'HP 3D HR PA 11 datasheet: flexural modulus ≈ 1.5 GPa' },
  pa12: { id: 'pa12', name: 'Nylon PA12 (MJF/SLS)', made: ['printed'], densityGcm3: 1.01, source: 'HP 3D High Reusability PA 12 datasheet: 1.01 g/cm³', flexuralModulusGPa: 1.7, modulusSource: 'HP 3D HR PA 12 datasheet: flexural modulus ≈ 1.7 GPa' },
  carbon: { id: 'carbon', name: 'Carbon/graphite composite', made: ['formed'], densityGcm3: 1.55, source: 'carbon-fibre/epoxy laminate, typical 1.5–1.6 g/cm³', flexuralModulusGPa: 40, modulusSource: 'woven carbon/epoxy laminate, typical 35–50 GPa' },
  eva: { id: 'eva', name: 'EVA foam block (milled)', made: ['milled', 'formed'], densityGcm3: 0.25, source: 'orthotic EVA blocks, 0.15–0.35 g/cm³ by shore hardness', flexuralModulusGPa: 0.02, modulusSource: 'EVA foam, 0.01–0.05 GPa' },
  tpu: { id: 'tpu', name: 'TPU (FDM or MJF)', made: ['printed'], densityGcm3: 1.2, source: 'TPU 95A filament datasheets: 1.20–1.22 g/cm³', flexuralModulusGPa: 0.06, modulusSource: 'TPU 95A datasheets: 0.03–0.1 GPa' },
};

/** The material a device is made of when the prescription does not say: printed nylon, which the 3 mm default shell is typical for. */
export const DEFAULT_MATERIAL: MaterialId = 'pa12';

/**
 * The warning for a device made another way than its material is ([CB-material-making]): a milled
 * device (`milled`, from a block) or one formed over a milled cast (`formed`) of a material that is
 * not; null when the material is made that way.
 */
export function makingWarning(material: MaterialId, making: Exclude<Making, 'printed'>): string | null {
  const m = MATERIALS[material];
  if (m.made.includes(making)) return null;
  const fitting = Object.values(MATERIALS).filter((x) => x.made.includes(making)).map((x) => x.id).join(', ');
  return making === 'milled'
    ? `material: ${material} (${m.name}) is not one milled from a block, and this device is (mill: device): the sign-off sheet's estimated mass assumes ${material}; name the block's material (${fitting}) [CB-material-making]`
    : `material: ${material} (${m.name}) is not one formed over a cast, and this device is (mill: cast): the sign-off sheet's estimated mass, and a shell's stiffness against body weight, assume ${material}; name the material formed over it (${fitting}) [CB-material-making]`;
}

/** Estimated mass in grams of `volumeMm3` of a material (solid, no infill). */
export function massGrams(volumeMm3: number, material: MaterialId): number {
  return (volumeMm3 / 1000) * MATERIALS[material].densityGcm3;
}

/**
 * Shell thickness a patient's weight needs in a material (coupling rule 5, docs/clinical-basis.md [CB-load]: 4 mm
 * polypropylene is rigid for 60 kg and flimsy for 115 kg). Plate stiffness grows with E·t³ and the
 * load with weight, so t = 4 mm × (weight / 80 kg)^(1/3) × (E_polypropylene / E)^(1/3): 3.6 mm of
 * polypropylene at 60 kg, 4.5 mm at 115 kg. An engineering model for a warning, not a stress analysis.
 */
export function thicknessForLoad(bodyWeightKg: number, material: MaterialId): number {
  return 4 * Math.cbrt(bodyWeightKg / 80) * Math.cbrt(MATERIALS.polypropylene.flexuralModulusGPa / MATERIALS[material].flexuralModulusGPa);
}
