export { buildSolid, type SolidLayout } from './buildSolid.js';
export { buildDevice, DEVICE_DEFAULTS, type Device, type DeviceOptions } from './buildDevice.js';
