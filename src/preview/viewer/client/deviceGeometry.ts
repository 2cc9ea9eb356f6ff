/** The three.js geometry of one device, and its colouring. */
import { BufferAttribute, BufferGeometry } from 'three';
// Directly, not through ../../shared/index.js, which would change the bundle's bytes (see there).
import { colourAt } from '../../shared/colourMap.js';
import { scalarField } from '../scalarField.js';
import type { ColourMode } from '../viewerTypes.js';

/** The plain colour (sRGB 0–1): a light warm grey, like unpainted printed nylon. */
export const PLAIN_SRGB: [number, number, number] = [0.84, 0.83, 0.80];

export interface DeviceGeometry {
  geometry: BufferGeometry;
  /** The largest value of each colour mode on this device, mm (legend ranges span every device shown). */
  max: Record<ColourMode, number>;
  /** Colours the surface by `mode` on the scale [lo, hi] (mm). */
  paint(mode: ColourMode, lo: number, hi: number): void;
}

/**
 * Builds the geometry of a device mesh for display. Top and underside triangles keep their shared
 * vertices (smooth shading across each surface); each rim triangle, which joins the two along the
 * outline, gets vertices of its own, so the sharp edge where the rim meets the top stays sharp
 * instead of being smeared by averaged normals.
 *
 * @param positions xyz, mm, foot frame; vertices [0, topVertexCount) are the top surface,
 *   v + topVertexCount the underside under v.
 */
export function deviceGeometry(positions: Float32Array, indices: Uint16Array | Uint32Array, topVertexCount: number): DeviceGeometry {
  const nv = positions.length / 3, nt = indices.length / 3, t = topVertexCount;
  const sheet = (v: number) => (v < t ? 0 : 1);
  let rim = 0;
  for (let f = 0; f < nt; f++) {
    const a = sheet(indices[3 * f]!), b = sheet(indices[3 * f + 1]!), c = sheet(indices[3 * f + 2]!);
    if (a !== b || b !== c) rim++;
  }
  const total = nv + 3 * rim;
  const pos = new Float32Array(3 * total);
  pos.set(positions);
  const source = new Uint32Array(total);
  for (let v = 0; v < nv; v++) source[v] = v;
  const index = total <= 0xffff ? new Uint16Array(3 * nt) : new Uint32Array(3 * nt);
  let next = nv;
  for (let f = 0; f < nt; f++) {
    const a = indices[3 * f]!, b = indices[3 * f + 1]!, c = indices[3 * f + 2]!;
    if (sheet(a) === sheet(b) && sheet(b) === sheet(c)) {
      index[3 * f] = a; index[3 * f + 1] = b; index[3 * f + 2] = c;
      continue;
    }
    for (let k = 0; k < 3; k++) {
      const v = indices[3 * f + k]!;
      pos[3 * next] = positions[3 * v]!; pos[3 * next + 1] = positions[3 * v + 1]!; pos[3 * next + 2] = positions[3 * v + 2]!;
      source[next] = v;
      index[3 * f + k] = next++;
    }
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(pos, 3));
  geometry.setIndex(new BufferAttribute(index, 1));
  geometry.computeVertexNormals();
  const colour = new BufferAttribute(new Float32Array(3 * total), 3);
  geometry.setAttribute('color', colour);
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();

  const fields = {
    thickness: scalarField(positions, t, 'thickness'),
    height: scalarField(positions, t, 'height'),
    plain: scalarField(positions, t, 'plain'),
  };
  const max = { thickness: maxOf(fields.thickness), height: maxOf(fields.height), plain: 0 };
  const rgb: [number, number, number] = [0, 0, 0];
  const out = colour.array as Float32Array;
  const paint = (mode: ColourMode, lo: number, hi: number) => {
    const field = fields[mode];
    const span = hi > lo ? hi - lo : 1;
    for (let k = 0; k < total; k++) {
      const value = field[source[k]!]!;
      const c = mode === 'plain' || Number.isNaN(value) ? PLAIN_SRGB : colourAt((value - lo) / span, rgb);
      out[3 * k] = linear(c[0]); out[3 * k + 1] = linear(c[1]); out[3 * k + 2] = linear(c[2]);
    }
    colour.needsUpdate = true;
  };
  return { geometry, max, paint };
}

function maxOf(a: Float32Array): number {
  let m = -Infinity;
  for (const v of a) if (v > m) m = v;
  return m;
}

/** sRGB component (0–1) to linear light: vertex colours are blended in three's linear working space. */
export function linear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
