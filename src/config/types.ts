import type { Construction, DeviceLength, Manufacturing, MaterialName } from '../scan/index.js';

/**
 * A lab's configuration (schemas/lab-config.schema.json), field by field: the lab's own defaults
 * under the order's and the command line's. tests/inputs/config.test.ts checks that the property
 * names agree with the schema.
 */
export interface LabConfig {
  $schema?: string;
  schemaVersion: 1;
  /** The lab, as the sign-off sheet names it. */
  lab?: LabIdentity;
  /** Prescription defaults: used where the order gives no value, instead of the built-in default. */
  prescription?: LabPrescriptionDefaults;
  /** Build and batch mesh edge length, mm. */
  resolutionMm?: number;
  /** `orthotic preview` mesh edge length, mm. */
  previewResolutionMm?: number;
  /** The lab's limits profile: a path relative to the configuration file. */
  limits?: string;
  outputs?: LabOutputs;
  /** The lab's manufacturing choice (the prescription's block): under the order's and the command line's. */
  manufacturing?: Manufacturing;
  /** Milling defaults for `build --for mill` (src/mill MILL_DEFAULTS). */
  milling?: LabMilling;
}

/** The lab's name and address lines, for the sign-off sheet's header. */
export interface LabIdentity {
  name: string;
  address?: string[];
}

/** The prescription fields a lab may default (the lab's choices, not the patient's). */
export interface LabPrescriptionDefaults {
  material?: MaterialName;
  /** mm */
  shellThickness?: number;
  /** mm */
  heelCupDepth?: number;
  length?: DeviceLength;
  construction?: Construction;
  /** mm */
  topCover?: number;
  /** mm */
  archFill?: number;
}

/** Output formats, and which outputs a batch writes for every order. */
export interface LabOutputs {
  format?: 'stl' | '3mf';
  map?: 'svg' | 'png' | 'none';
  preview?: boolean;
  sheet?: boolean;
}

/** A lab's milling defaults: its blanks, tool table and margins. */
export interface LabMilling {
  target?: 'device' | 'cast';
  blanks?: Array<{ lengthMm: number; widthMm: number; heightMm: number }>;
  draftDeg?: number;
  castMarginMm?: number;
  castBaseMm?: number;
  blankClearanceMm?: number;
  stepdownMm?: number;
  stockMm?: number;
  scallopMm?: number;
  safeHeightMm?: number;
  roughing?: LabMillTool;
  finishing?: LabMillTool;
}

/** A tool of the lab's table (its kind is fixed by its role: flat to rough, ball to finish). */
export interface LabMillTool {
  number?: number;
  diameterMm?: number;
  spindleRpm?: number;
  feedMmMin?: number;
  plungeMmMin?: number;
}
