import type { Mesh } from '../geometry/mesh/index.js';
import { zip } from './zip.js';

/** One device to place in a 3MF file. */
export interface ThreeMfObject {
  mesh: Mesh;
  /** Object name, e.g. the order id and side. */
  name: string;
  /** Metadata stored on the object (id, side, tool version...). */
  metadata?: Record<string, string>;
}

export interface ThreeMfOptions {
  /** Model-level metadata (Title, Application...). */
  metadata?: Record<string, string>;
  /** Gap between devices placed side by side on the bed, mm. */
  gapMm?: number;
}

const NS = 'http://schemas.microsoft.com/3dmanufacturing/core/2015/02';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A float32 coordinate printed so it reads back to the same float32 (9 significant digits). */
function num(v: number): string {
  return v === 0 ? '0' : String(+v.toPrecision(9));
}

/**
 * Serialises devices as a 3MF package (units mm, one object per device, each placed side by side
 * along y on the bed by its build-item transform, metadata on the model and each object).
 * Deterministic: the same devices give the same bytes.
 */
export function to3mf(objects: ThreeMfObject[], options: ThreeMfOptions = {}): Uint8Array {
  const gap = options.gapMm ?? 10;
  const xml: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<model unit="millimeter" xml:lang="en-US" xmlns="${NS}">\n`];
  for (const [k, v] of Object.entries(options.metadata ?? {})) xml.push(` <metadata name="${esc(k)}">${esc(v)}</metadata>\n`);
  xml.push(' <resources>\n');
  const items: string[] = [];
  let y = 0;
  objects.forEach((o, i) => {
    const p = o.mesh.positions, ix = o.mesh.indices;
    let y0 = Infinity, y1 = -Infinity;
    for (let k = 1; k < p.length; k += 3) { y0 = Math.min(y0, p[k]!); y1 = Math.max(y1, p[k]!); }
    xml.push(`  <object id="${i + 1}" type="model" name="${esc(o.name)}">\n`);
    for (const [k, v] of Object.entries(o.metadata ?? {})) xml.push(`   <metadatagroup><metadata name="${esc(k)}">${esc(v)}</metadata></metadatagroup>\n`);
    xml.push('   <mesh>\n    <vertices>\n');
    const chunk: string[] = [];
    for (let v = 0; v < p.length; v += 3) chunk.push(`     <vertex x="${num(p[v]!)}" y="${num(p[v + 1]!)}" z="${num(p[v + 2]!)}"/>\n`);
    xml.push(chunk.join(''), '    </vertices>\n    <triangles>\n');
    chunk.length = 0;
    for (let t = 0; t < ix.length; t += 3) chunk.push(`     <triangle v1="${ix[t]}" v2="${ix[t + 1]}" v3="${ix[t + 2]}"/>\n`);
    xml.push(chunk.join(''), '    </triangles>\n   </mesh>\n  </object>\n');
    // Side by side: shift each device so its lowest y sits `gap` beyond the previous one.
    const dy = i === 0 ? 0 : y - y0;
    items.push(`  <item objectid="${i + 1}" transform="1 0 0 0 1 0 0 0 1 0 ${num(dy)} 0"/>\n`);
    y = y1 + dy + gap;
  });
  xml.push(' </resources>\n <build>\n', ...items, ' </build>\n</model>\n');
  const enc = new TextEncoder();
  return zip([
    { name: '[Content_Types].xml', data: enc.encode('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>\n') },
    { name: '_rels/.rels', data: enc.encode('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>\n') },
    { name: '3D/3dmodel.model', data: enc.encode(xml.join('')) },
  ]);
}
