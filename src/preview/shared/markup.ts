/**
 * Small text helpers shared by the previews' markup (the viewer's HTML panel, the map's SVG, the
 * sign-off sheet's HTML): escaping, stable number formatting, and how a milled device is made, in
 * words. Every string from an input goes through `escapeXml` before it reaches markup.
 */

/**
 * Escapes `& < > " '` so a string is safe as XML/HTML text or a quoted attribute value; control
 * characters (C0 but tab and newline, C1), the bidirectional marks and overrides, which no address
 * or note needs and which can make a printed sheet read otherwise than it says, and U+FFFE/U+FFFF
 * (not XML characters) become U+FFFD.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A number rounded to `digits` decimals, without trailing zeros or a negative zero ("12", "-3.5"). */
export function fmt(v: number, digits = 1): string {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return String(r === 0 ? 0 : r);
}

/** A number with exactly `digits` decimals ("16.0"), never "-0.0". */
export function fixed(v: number, digits = 1): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * How a device is made, in words, for the viewer and the sheet, when it is milled (its report's
 * `milling`): "Milled from a 274.8 × 102.3 × 28.3 mm blank", or for a positive cast "Positive cast
 * milled from a … blank, the device vacuum-formed over it"; null for a printed device. The viewer
 * and the sheet draw the device as designed, in the foot frame; the map draws the part in its blank.
 */
export function madeBy(report: { milling?: Record<string, unknown> }): string | null {
  const m = report.milling;
  if (!m) return null;
  const b = m.blank as { lengthMm?: unknown; widthMm?: unknown; heightMm?: unknown } | undefined;
  const dims = b && [b.lengthMm, b.widthMm, b.heightMm].every((v) => typeof v === 'number')
    ? `a ${[b.lengthMm, b.widthMm, b.heightMm].map((v) => fmt(v as number)).join(' × ')} mm blank`
    : 'a blank';
  return m.target === 'cast' ? `Positive cast milled from ${dims}, the device vacuum-formed over it` : `Milled from ${dims}`;
}
