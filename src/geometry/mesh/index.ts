export { type Mesh, vertexCount, triangleCount } from './types.js';
