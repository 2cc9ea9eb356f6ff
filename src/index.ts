/**
 * orthotic: foot scan + prescription → a closed, printable custom foot orthotic.
 *
 *   const { mesh, report } = buildOrthotic(scan, prescription, { resolutionMm: 1 });
 *   const stl = toStl(mesh);            // Uint8Array, binary STL in the foot frame (mm)
 *
 * Nothing here touches the file system, except renderViewerHtml reading the viewer's script from
 * the package.
 */
export {
  buildOrder, orderReport, type BuiltOrder, type OrderDevice, type OrderOptions, type OrderReport, type SeriesReport, type StageInfo,
  WEAR_IN_DEFAULTS, type WearIn, type WearInStage,
} from './pipeline/index.js';
export { buildOrthotic, prepareBuild, BUILD_DEFAULTS, FOOT_LENGTH_RANGE_MM, RESOLUTION_RANGE_MM, type BuildOptions, type BuildReport, type BuiltOrthotic, type ConfigInEffect, type DeviceGuides, type PreparedBuild, type SurfaceMode, type FitReport, type SurfaceReport } from './pipeline/index.js';
export { scanFromMesh, readMesh, intakeScan, meshFormatOf, INTAKE_RULES, MESH_LIMITS, type LoadedSurface, type MeshFormat, type ScanIntake, type ScanMesh, type ScanUnits } from './scan3d/index.js';
export { parseConfig, parseConfigText, type LabConfig, type LabIdentity, type LabOutputs, type LabPrescriptionDefaults } from './config/index.js';
export { toStl, STL_DEFAULTS, type StlOptions, to3mf, type ThreeMfObject, type ThreeMfOptions } from './export/index.js';
export { renderViewerHtml, VIEWER_DEFAULTS, renderMapSvg, renderMapPng, renderSheetHtml, type ViewerDevice, type ViewerOptions, type MapOptions } from './preview/index.js';
export { type Mesh, checkSolid, measureDevice, type MeasuredGeometry, type SolidCheck } from './geometry/index.js';
export {
  parseScan, parseScanText, parsePair, parseScanDocument, mirrorScan, parsePrescription, parsePrescriptionText, resolvePrescription,
  PRESCRIPTION_DEFAULTS, PRESCRIPTION_DEFAULT_SOURCES,
  type FootScan, type FootScanPair, type StagesRequest, type Prescription, type ResolvedPrescription, type Measurements, type Side, type DeviceLength,
} from './scan/index.js';
export { DEFAULT_LIMITS, parseLimitsProfile, parseLimitsText, checkLimits, compareToBuiltIn, STEP_PARAMETERS, type LimitsProfile, type LimitFinding, type StepLimit } from './limits/index.js';
export { InputError, GeometryError, LimitError, MeshValidationError, RenderError, UsageError, formatProblem, type Problem } from './errors.js';
export { TOOL } from './version.js';
