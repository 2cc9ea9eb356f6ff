export { type Mesh, vertexCount, triangleCount } from './types.js';
export { weld, weldFloat32Records, type Welded } from './weld.js';
