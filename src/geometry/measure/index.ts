export { measureDevice, type MeasuredGeometry, type MeasureWindows } from './measureDevice.js';
export { fitToSole, FIT_RULES, type Fit } from './fitToSole.js';
