import type { ModificationAsked, ModificationsAsked, ModificationsResolved } from '../modifications/index.js';
/**
 * Types of the JSON inputs. The JSON Schemas in `schemas/` are the contract; these types mirror them
 * field by field (tests/inputs/scan.test.ts checks that the property names agree).
 */

export type Side = 'left' | 'right';
export type DeviceLength = 'full' | 'sulcus' | 'three-quarter';
export type PostWedge = 'medial' | 'lateral';
export type ForefootWedge = 'varus' | 'valgus';
export type Construction = 'shell' | 'filled';
export type MaterialName = 'polypropylene' | 'pa11' | 'pa12' | 'carbon' | 'eva' | 'tpu';

/** Optional scanner measurements, mm. Positions are distances from the heel along the foot's long axis. */
export interface Measurements {
  /** Weight-bearing height of the medial arch's plantar surface above the floor at its apex, mm. */
  archHeight: number;
  /** Standing (weight-bearing) height of the navicular tuberosity above the floor, mm. */
  navicularHeight?: number;
  /** Navicular drop: sitting minus standing navicular height, mm. */
  navicularDrop?: number;
  /** Arch apex position: distance from the heel along the long axis, mm. */
  archApexX?: number;
  /** Ball (MTP1) position: distance from the heel along the long axis, mm. */
  ballX?: number;
  /** Foot length, heel to longest toe, mm (cross-checked against the outline). */
  footLength?: number;
  /** Ball width, mm (cross-checked against the outline). */
  ballWidth?: number;
  /** Heel width, mm (cross-checked against the outline). */
  heelWidth?: number;
}

export interface RearfootPost {
  wedge: PostWedge;
  /** Frontal-plane tilt of the heel seat, degrees. */
  angle: number;
}

/** A forefoot post as written (src/modifications/forefootPost.ts). */
export type ForefootPost = ModificationAsked<'forefootPost'>;

/** A medial heel skive as written (src/modifications/medialHeelSkive.ts). */
export type MedialHeelSkive = ModificationAsked<'medialHeelSkive'>;


/**
 * A prescription as written by the clinician; every field optional (defaults in PRESCRIPTION_DEFAULTS).
 * The modifications (pads, bars, extensions, grooves, reliefs) are the registry's (src/modifications).
 */
export interface Prescription extends ModificationsAsked {
  /** Shell thickness measured along the surface normal, mm. */
  shellThickness?: number;
  /** Heel cup rim height above the heel seat at the back of the heel, mm. */
  heelCupDepth?: number;
  /** Top surface at the arch apex above the heel seat, mm. Default: the scan's measured archHeight. */
  archHeight?: number;
  /** Extrinsic rearfoot post; omitted or null for none. */
  rearfootPost?: RearfootPost | null;
  /** Where the device ends. */
  length?: DeviceLength;
  /** mm */
  archFill?: number;
  construction?: Construction;
  /** mm */
  topCover?: number;
  material?: MaterialName;
  /** kg */
  bodyWeight?: number;
  /** The shoe the device must fit; null or omitted for none. */
  shoe?: Shoe | null;
  /** A staged series: not a device field, so it is never in `asked`/`resolved` (see src/pipeline/stages.ts). */
  stages?: StagesRequest;
  /** How the device is made (printed or milled): not a device field either; the command line applies it (src/cli/manufacturing.ts). */
  manufacturing?: Manufacturing;
}

/** How a device is made: the prescription's (or a lab configuration's) `manufacturing` block. */
export interface Manufacturing {
  /** A 3D printer (the built-in default) or a 3-axis mill. */
  for?: 'print' | 'mill';
  /** Milled: the device itself from a block (the built-in default), or its positive cast. Milling only. */
  mill?: 'device' | 'cast';
  /** Milled: the blank, mm (default: the smallest of the lab's blanks that fits). Milling only. */
  blank?: { lengthMm: number; widthMm: number; heightMm: number };
}

/** The shoe a device must fit (mm): geometry's own type (src/geometry/shoe). */
export type { Shoe } from '../geometry/shoe/fitShoe.js';
import type { Shoe } from '../geometry/shoe/fitShoe.js';

/** The clinician's numbers for a staged series' wear-in plan. */
export interface WearInRequest {
  firstDayHours?: number;
  addHoursPerDay?: number;
  fullDayHours?: number;
  comfortableDays?: number;
  notes?: string;
}

/** A staged series: evenly spaced (`count`) or at the clinician's `fractions`. */
export interface StagesRequest {
  count?: number;
  fractions?: number[];
  wearIn?: WearInRequest;
}

export interface FootScan {
  schemaVersion: 1;
  /** Order / patient id: ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ */
  id: string;
  side: Side;
  units: 'mm';
  /** Plantar outline in the scanner's frame, mm, any position/rotation/winding, open or closed. */
  outline: Array<[number, number]>;
  /**
   * Where the heel (and optionally the toes) are, in the scanner's frame, mm: used instead of the
   * outline's shape to tell the heel from the toes (and, with `toe`, to set the long axis).
   */
  orientation?: ScanOrientation;
  measurements: Measurements;
  prescription?: Prescription;
  /**
   * A 3D scan to build from, in a scan document (the command line reads it and gives the outline
   * and measurements from it, so a FootScan the pipeline builds never has one).
   */
  surface?: SurfaceRef;
}

/**
 * A scan JSON may name a 3D scan of the foot instead of giving its outline and measurements
 * (schemas/foot-scan.schema.json `surface`); the command line reads it and makes the FootScan.
 */
export interface SurfaceRef {
  /** Path of the 3D scan, relative to the JSON. */
  file: string;
  units?: 'mm' | 'm' | 'in';
  impression?: boolean;
}

/** A scan's `orientation`: the heel point and optionally a toe point, scanner's frame, mm. */
export interface ScanOrientation {
  heel: [number, number];
  toe?: [number, number];
}

/** Both feet in one file (schemas/foot-scan-pair.schema.json). */
export interface FootScanPair {
  schemaVersion: 1;
  /** One left and one right scan, in either order. */
  feet: [FootScan, FootScan];
  /** For both feet; each foot's own prescription wins field by field. */
  prescription?: Prescription;
}

/** A prescription with every default filled in and every value resolved to a number. */
export interface ResolvedPrescription extends ModificationsResolved {
  shellThickness: number;
  heelCupDepth: number;
  archHeight: number;
  rearfootPost: RearfootPost | null;
  length: DeviceLength;
  archFill: number;
  construction: Construction;
  topCover: number;
  material: MaterialName;
  /** kg; null when not given. */
  bodyWeight: number | null;
  shoe: Shoe | null;
}
