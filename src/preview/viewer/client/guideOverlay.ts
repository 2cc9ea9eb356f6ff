/** The foot outline and the landmarks drawn on a device. */
import { BackSide, Group, Mesh, MeshBasicMaterial, SphereGeometry } from 'three';
import { Line2 } from 'three/examples/jsm/lines/Line2.js';
import { LineGeometry } from 'three/examples/jsm/lines/LineGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { CSS2DObject } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import type { PayloadDevice } from '../viewerTypes.js';

/** CSS colours of the guides (the legend's key uses them too). */
export const GUIDE_COLOURS = { outline: '#ff5a36', landmark: '#ffffff', landmarkEdge: '#1c2530' } as const;

/**
 * A group holding the scanned foot outline (a line draped on the top surface), the MTH line, and
 * markers with labels at the heel centre and the arch apex, in the device's foot frame.
 */
export function guideOverlay(d: PayloadDevice): Group {
  const group = new Group();
  group.name = `guides:${d.id}`;
  group.add(line(d.guides.footOutline, GUIDE_COLOURS.outline, 2.5));
  group.add(line(d.guides.mthLine, GUIDE_COLOURS.landmark, 3));
  // A white ball with a dark rim: the rim is a slightly larger ball showing only its back faces.
  const sphere = new SphereGeometry(2.2, 24, 16);
  const fill = new MeshBasicMaterial({ color: GUIDE_COLOURS.landmark });
  const rim = new MeshBasicMaterial({ color: GUIDE_COLOURS.landmarkEdge, side: BackSide });
  const marker = (p: readonly [number, number, number], text: string) => {
    const m = new Group();
    m.position.set(p[0], p[1], p[2] + 2);
    const outer = new Mesh(sphere, rim);
    outer.scale.setScalar(1.3);
    m.add(outer, new Mesh(sphere, fill), label(text));
    return m;
  };
  group.add(marker(d.guides.heelCentre, 'Heel centre'), marker(d.guides.archApex, 'Arch apex'));
  const mth = d.guides.mthLine;
  const end = mth.length - 3; // the lateral end (MTH5)
  if (end >= 0) {
    const tag = label('MTH line');
    tag.position.set(mth[end]!, mth[end + 1]!, mth[end + 2]!);
    group.add(tag);
  }
  return group;
}

function line(xyz: readonly number[], colour: string, widthPx: number): Line2 {
  const geometry = new LineGeometry();
  geometry.setPositions(xyz as number[]);
  const material = new LineMaterial({ color: colour, linewidth: widthPx, worldUnits: false });
  const l = new Line2(geometry, material);
  l.computeLineDistances();
  return l;
}

function label(text: string): CSS2DObject {
  const el = document.createElement('div');
  el.className = 'label3d';
  el.textContent = text;
  const o = new CSS2DObject(el);
  o.center.set(0, 0.5);
  return o;
}
