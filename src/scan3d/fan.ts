/**
 * Polygons written as triangle fans into an index array, one corner at a time: each corner after
 * the second makes the triangle (first, previous, this), which keeps the polygon's winding. The
 * OBJ and PLY readers stream their faces' corners through it.
 */
export class FanWriter {
  /** Triangles written so far. */
  triangles = 0;
  private first = 0;
  private previous = 0;
  private corner = 0;

  constructor(private readonly out: Uint32Array) {}

  /** Starts a new polygon. */
  begin(): void {
    this.corner = 0;
  }

  /** The polygon's next corner (a vertex index). */
  add(index: number): void {
    if (this.corner === 0) this.first = index;
    else if (this.corner >= 2) {
      const o = 3 * this.triangles++;
      this.out[o] = this.first;
      this.out[o + 1] = this.previous;
      this.out[o + 2] = index;
    }
    this.previous = index;
    this.corner++;
  }
}
