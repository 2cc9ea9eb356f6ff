/**
 * The trim line (a closed outline, mm) as the files a lab's cutter or plotter reads. Deterministic:
 * coordinates to 0.001 mm, no dates, no random ids.
 */

const f = (v: number): string => (Math.round(v * 1000) / 1000 + 0).toFixed(3);

/**
 * An SVG of the outline at 1:1 (width and height in mm; y down in SVG, so the outline is drawn with
 * y' = height − y, as seen from above).
 * @param xy closed outline, x y pairs, mm, all ≥ 0
 * @param widthMm,heightMm the sheet (the cast's size)
 * @param title what it is, for the file's <title>
 */
export function trimLineSvg(xy: Float64Array, widthMm: number, heightMm: number, title: string): string {
  const n = xy.length >> 1;
  const pts: string[] = [];
  for (let i = 0; i < n; i++) pts.push(`${f(xy[2 * i]!)},${f(heightMm - xy[2 * i + 1]!)}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(widthMm)}mm" height="${f(heightMm)}mm" viewBox="0 0 ${f(widthMm)} ${f(heightMm)}">`,
    `<title>${title.replace(/[<&>"]/g, (c) => ({ '<': '&lt;', '&': '&amp;', '>': '&gt;', '"': '&quot;' })[c]!)}</title>`,
    `<rect x="0" y="0" width="${f(widthMm)}" height="${f(heightMm)}" fill="none" stroke="#999" stroke-width="0.2"/>`,
    `<polygon id="trim-line" points="${pts.join(' ')}" fill="none" stroke="#d00" stroke-width="0.3"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * An ASCII DXF (AutoCAD R12, which every CAM and cutter reads) with the outline as one closed
 * POLYLINE on layer TRIM, in mm ($INSUNITS 4), in the frame given (y up).
 */
export function trimLineDxf(xy: Float64Array): string {
  const n = xy.length >> 1;
  const out: string[] = ['0', 'SECTION', '2', 'HEADER', '9', '$ACADVER', '1', 'AC1009', '9', '$INSUNITS', '70', '4', '0', 'ENDSEC',
    '0', 'SECTION', '2', 'ENTITIES', '0', 'POLYLINE', '8', 'TRIM', '66', '1', '10', '0.0', '20', '0.0', '30', '0.0', '70', '1'];
  for (let i = 0; i < n; i++) out.push('0', 'VERTEX', '8', 'TRIM', '10', f(xy[2 * i]!), '20', f(xy[2 * i + 1]!), '30', '0.000');
  out.push('0', 'SEQEND', '8', 'TRIM', '0', 'ENDSEC', '0', 'EOF');
  return `${out.join('\n')}\n`;
}
