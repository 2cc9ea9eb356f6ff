export { buildSolid, type SolidLayout } from './buildSolid.js';
export { buildDevice, DEVICE_DEFAULTS, smoothOutline, type Device, type DeviceOptions } from './buildDevice.js';
