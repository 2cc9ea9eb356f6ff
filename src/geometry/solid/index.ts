export { buildSolid, type SolidLayout } from './buildSolid.js';
export { buildDevice, DEVICE_DEFAULTS, HEEL_ROUNDING, type Device, type DeviceOptions } from './buildDevice.js';
