export { buildDomain, type Domain2D, type DomainOptions } from './buildDomain.js';
