export { measureDevice, type MeasuredGeometry, type MeasureWindows } from './measureDevice.js';
export { buildTriangleGrid, castRay, heightAt, type TriangleGrid } from './rayGrid.js';
export { fitToSole, FIT_RULES, type Fit } from './fitToSole.js';
