export { buildDomain, type Domain2D, type DomainOptions } from './buildDomain.js';
export { latticeNodes, latticeNodesReference, type Lattice, type LatticeInputs, type LatticeNodes } from './latticeNodes.js';
