import { SOLID_WASM, type SolidExports } from '../../wasm/generated/solidWasm.js';
import { packFeatures, packParams, type FeatureRecord, type SurfaceParams } from '../../wasm/generated/surfaceLayout.js';
import { instantiateKernel, writeArray } from '../../wasm/kernel.js';
import type { DeviceSole } from '../sole/index.js';
import type { EdgeProfile } from './edgeProfile.js';

let kernel: SolidExports | null = null;
/** The surface loaded in the kernel now (the kernel holds one at a time per thread). */
let loaded: Surface | null = null;

/**
 * A top surface: its parameters, top-only features and edge profile, evaluated by the one
 * implementation of every surface formula, the WebAssembly kernel (assembly/solid.ts). The design
 * asks it for what it needs (cup widths, wall heights, the arch factor); buildSolid samples it at
 * every footprint vertex. Immutable: `with` makes a changed copy.
 */
export class Surface {
  readonly #params: Float64Array;
  readonly #features: Float64Array;

  /**
   * @param sole the scanned sole the surface follows (total contact), on the grid `params` names
   *   (sole, soleX0, soleY0, soleStep, soleNx, soleNy); null for a parametric surface.
   */
  constructor(readonly params: SurfaceParams, readonly features: readonly FeatureRecord[], readonly edge: EdgeProfile, readonly sole: DeviceSole | null = null) {
    this.#params = packParams(params);
    this.#features = packFeatures(features);
  }

  /** A copy with some parameters changed. */
  with(changes: Partial<SurfaceParams>): Surface {
    return new Surface({ ...this.params, ...changes }, this.features, this.edge, this.sole);
  }

  /** The kernel, with this surface loaded (reloaded only when another surface was loaded since). */
  use(): SolidExports {
    kernel ??= instantiateKernel<SolidExports>(SOLID_WASM, 'solid');
    if (loaded !== this) {
      loaded = null; // until this surface is whole in the kernel's memory (a trap part-way leaves none loaded)
      kernel.surface(this.edge.medialY.length, this.features.length, this.sole ? this.sole.heights.length : 0);
      writeArray(kernel.memory, kernel.params(), this.#params);
      writeArray(kernel.memory, kernel.features(), this.#features);
      writeArray(kernel.memory, kernel.medialY(), this.edge.medialY);
      writeArray(kernel.memory, kernel.width(), this.edge.width);
      if (this.sole) {
        writeArray(kernel.memory, kernel.sole(), this.sole.heights);
        writeArray(kernel.memory, kernel.sole() + 8 * this.sole.heights.length, this.sole.caps);
      }
      loaded = this;
    }
    return kernel;
  }

  /** Called by whoever allocates in the kernel past the surface (buildSolid): the next use reloads. */
  static invalidate(): void {
    loaded = null;
  }

  /** y of the device outline's medial edge at x (smoothed, interpolated), mm. */
  medialYAt(x: number): number { return this.use().medialYAt(x); }
  /** The device's width (medial to lateral) at x, mm. */
  widthAt(x: number): number { return this.use().widthAt(x); }
  /** Height of the shell, posts, skive and lift at (x, y) (no arch, walls or features), mm. */
  plinth(x: number, y: number): number { return this.use().plinth(x, y); }
  /** The scanned sole's height above the floor at (x, y) as the device follows it where no wall rises (0 for a parametric surface), mm. */
  soleAt(x: number, y: number): number { return this.use().soleAt(x, y); }
  /** The arch's shape factor at (x, y): 1 at the apex at the station where its height is set, 0 off the arch. */
  archFactor(x: number, y: number): number { return this.use().archFactor(x, y); }
  /** Horizontal width of a cup wall `height` mm high (where its profile meets the seat), mm. */
  cupWidth(height: number): number { return this.use().cupWidth(height); }
  /** |dz/dd| of a cup wall `height` mm high at `d` mm inside the outline. */
  cupSlope(height: number, d: number): number { return this.use().cupSlope(height, d); }
  /**
   * Rim height of the wall at (x, y): the tapered heel cup (on a parametric surface, only what the
   * arch at the medial border leaves of it) or a flange, whichever is higher, mm.
   */
  wallHeight(x: number, y: number): number { return this.use().wallHeight(x, y); }
  /** How high the wall at an outline point rises above the surface it stands on (on a scanned sole: its rim above the sole), mm. */
  wallRise(x: number, y: number): number { return this.use().wallRise(x, y); }
  /** The highest wall rim anywhere across the device at x, mm. */
  maxWallHeight(x: number): number { return this.use().maxWallHeight(x); }
  /** How far in from the outline the features at x need the exact distance to it, mm. */
  featureReach(x: number): number { return this.use().featureReach(x); }
}

/**
 * Insets (mm from the outline) at which to place extra vertices on the steep part of a wall
 * `height` mm high so that consecutive vertices are about `spacing` mm apart along the wall, until
 * the wall is no steeper than 45° (the regular lattice samples the rest well).
 */
export function wallInsets(surface: Surface, height: number, spacing: number, maxCount = 64): number[] {
  const out: number[] = [];
  let d = 0;
  if (!Number.isFinite(height)) throw new Error(`wallInsets: a wall ${height} mm high`); // NaN would fill every column with NaN insets
  while (out.length < maxCount) {
    const s = surface.cupSlope(height, d);
    if (s <= 1) break;
    d += spacing / Math.sqrt(1 + s * s);
    if (surface.cupSlope(height, d) <= 1) break;
    out.push(d);
  }
  return out;
}
