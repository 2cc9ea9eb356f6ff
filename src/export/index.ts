export { toStl, STL_DEFAULTS, type StlOptions } from './stl.js';
