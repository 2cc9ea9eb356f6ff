export { buildDomain, minWallRadius, turnRadius, type Domain2D, type DomainOptions } from './buildDomain.js';
export { latticeNodes, type Lattice, type LatticeInputs, type LatticeNodes } from './latticeNodes.js';
