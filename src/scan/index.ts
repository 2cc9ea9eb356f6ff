/**
 * Scans and prescriptions at the edge: parse and validate the JSON inputs (and limits profiles),
 * resolve the prescription, cross-check the measurements against the outline.
 */

export type {
  Construction,
  DeviceLength,
  FootScan,
  FootScanPair,
  ForefootPost,
  ForefootWedge,
  Manufacturing,
  MaterialName,
  MedialHeelSkive,
  Measurements,
  PostWedge,
  Prescription,
  RearfootPost,
  ResolvedPrescription,
  Shoe,
  Side,
  StagesRequest,
  WearInRequest,
} from './types.js';
export {
  MAX_PROBLEMS,
  MIN_DISTINCT_OUTLINE_POINTS,
  parseJsonText,
  duplicateJsonKey,
  escapePointer,
  isRecord,
  validateInput,
  parsePrescription,
  parsePrescriptionText,
  parsePair,
  parseScanDocument,
  parseScan,
  parseScanText,
} from './schema.js';
export { MODIFICATION_DEFAULTS, RECESS_FIELDS } from '../modifications/index.js';
export { copyPrescription, labSupplied, PRESCRIPTION_DEFAULTS, PRESCRIPTION_DEFAULT_SOURCES, PRESCRIPTION_FIELDS, resolvePrescription } from './prescription.js';
export { manufacturingProblems } from './manufacturing.js';
export { CROSS_CHECK_TOLERANCES, LANDMARK_RANGES, crossCheckMeasurements } from './crossCheck.js';
export { mirrorScan, otherSide } from './mirror.js';
