/**
 * Device materials: what a lab prints or mills a device from, with the density that turns a
 * measured volume into an estimated mass. Densities are typical datasheet values for the solid
 * (printed or moulded) material; a lattice-infilled print weighs less.
 */
export type MaterialId = 'polypropylene' | 'pa11' | 'pa12' | 'carbon' | 'eva' | 'tpu';

export interface Material {
  id: MaterialId;
  name: string;
  /** g/cm³ of the finished solid. */
  densityGcm3: number;
  /** Where the density comes from. */
  source: string;
}

export const MATERIALS: Readonly<Record<MaterialId, Material>> = {
  polypropylene: { id: 'polypropylene', name: 'Polypropylene (milled or vacuum-formed)', densityGcm3: 0.905, source: 'PP homopolymer datasheets: 0.90–0.91 g/cm³' },
  pa11: { id: 'pa11', name: 'Nylon PA11 (MJF/SLS)', densityGcm3: 1.05, source: 'HP 3D High Reusability PA 11 datasheet: 1.05 g/cm³' },
  pa12: { id: 'pa12', name: 'Nylon PA12 (MJF/SLS)', densityGcm3: 1.01, source: 'HP 3D High Reusability PA 12 datasheet: 1.01 g/cm³' },
  carbon: { id: 'carbon', name: 'Carbon/graphite composite', densityGcm3: 1.55, source: 'carbon-fibre/epoxy laminate, typical 1.5–1.6 g/cm³' },
  eva: { id: 'eva', name: 'EVA foam block (milled)', densityGcm3: 0.25, source: 'orthotic EVA blocks, 0.15–0.35 g/cm³ by shore hardness' },
  tpu: { id: 'tpu', name: 'TPU (FDM or MJF)', densityGcm3: 1.2, source: 'TPU 95A filament datasheets: 1.20–1.22 g/cm³' },
};

/** The material a device is made of when the prescription does not say: printed nylon, which the 3 mm default shell is typical for. */
export const DEFAULT_MATERIAL: MaterialId = 'pa12';

/** Estimated mass in grams of `volumeMm3` of a material (solid, no infill). */
export function massGrams(volumeMm3: number, material: MaterialId): number {
  return (volumeMm3 / 1000) * MATERIALS[material].densityGcm3;
}
