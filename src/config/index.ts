/**
 * A lab's configuration (schemas/lab-config.schema.json): its defaults for prescriptions,
 * resolution, limits profile and output formats, and its name and address for the sign-off sheet.
 * Parsed and validated here; found and applied by the command line (src/cli/config.ts).
 */
export { parseConfig, parseConfigText } from './parseConfig.js';
export type { LabConfig, LabIdentity, LabMilling, LabMillTool, LabOutputs, LabPrescriptionDefaults } from './types.js';
