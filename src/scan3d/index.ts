/**
 * 3D foot scans at the edge: STL, OBJ and PLY files read from their bytes (pure: no file system),
 * taken in (units, floor, heel, side, repairs) and measured as the JSON scan they amount to.
 */
export { MESH_LIMITS, meshFormatOf, readMesh, type MeshFormat, type MeshLimits, type ScanMesh } from './readMesh.js';
export { intakeScan, INTAKE_RULES, type IntakeOptions, type ScanIntake, type ScanUnits } from './intake.js';
export { ARCH_SCAN_RULES, measureScan } from './measureScan.js';
export { scanFromMesh, type LoadedSurface, type SurfaceScanOptions } from './loadSurface.js';
