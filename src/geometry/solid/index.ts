export { buildSolid, type SolidLayout } from './buildSolid.js';
export { buildDevice, DEVICE_DEFAULTS, HEEL_ROUNDING, smoothOutline, type Device, type DeviceOptions, type Underside } from './buildDevice.js';
