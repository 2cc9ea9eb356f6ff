export { toStl, STL_DEFAULTS, type StlOptions } from './stl.js';
export { to3mf, type ThreeMfObject, type ThreeMfOptions } from './threeMf.js';
