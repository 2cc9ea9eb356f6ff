/**
 * Word wrapping for the maps' notes.
 */

/** Splits text into lines that fit `width` mm at `size` mm (DejaVu Sans averages ~0.55 em a character). */
export function wrapText(s: string, width: number, size: number): string[] {
  const max = Math.max(10, Math.floor(width / (0.56 * size)));
  const lines: string[] = [];
  let cur = '';
  for (const word of s.split(' ')) {
    if (cur && cur.length + 1 + word.length > max) { lines.push(cur); cur = word; }
    else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}
