// Minimal types for @kninnug/constrainautor: the package ships its TypeScript source as its types,
// which does not compile under this project's stricter settings, so tsconfig `paths` points here.
declare module '@kninnug/constrainautor' {
  interface DelaunatorLike {
    coords: ArrayLike<number>;
    triangles: Uint32Array;
    halfedges: Int32Array;
  }
  export default class Constrainautor {
    constructor(del: DelaunatorLike, edges?: readonly [number, number][]);
    constrainOne(p1: number, p2: number): number;
    constrainAll(edges: readonly [number, number][]): this;
    isConstrained(edge: number): boolean;
    findEdge(p1: number, p2: number): number;
  }
}
