/**
 * Types of the JSON inputs. The JSON Schemas in `schemas/` are the contract; these types mirror them
 * field by field (tests/schemaTypes.test.ts checks that the property names agree).
 */

export type Side = 'left' | 'right';
export type DeviceLength = 'full' | 'sulcus' | 'three-quarter';
export type PostWedge = 'medial' | 'lateral';

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

/** A prescription as written by the clinician; every field optional (defaults in PRESCRIPTION_DEFAULTS). */
export interface Prescription {
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
}

export interface FootScan {
  schemaVersion: 1;
  /** Order / patient id: ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ */
  id: string;
  side: Side;
  units: 'mm';
  /** Plantar outline in the scanner's frame, mm, any position/rotation/winding, open or closed. */
  outline: Array<[number, number]>;
  measurements: Measurements;
  prescription?: Prescription;
}

/** A prescription with every default filled in and every value resolved to a number. */
export interface ResolvedPrescription {
  shellThickness: number;
  heelCupDepth: number;
  archHeight: number;
  rearfootPost: RearfootPost | null;
  length: DeviceLength;
}
