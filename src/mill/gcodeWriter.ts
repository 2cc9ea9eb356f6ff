/**
 * Writes G-code in the plain dialect LinuxCNC and Grbl both accept: G21 G90 G17, G0 / G1 with
 * X Y Z F words, M3 S, M5, M0, T, M30, comments in parentheses (ASCII, none nested). Coordinates
 * to 0.001 mm; the writer keeps the machine's position and counts lengths and time as it goes.
 */
export class GcodeWriter {
  private readonly lines: string[] = [];
  private x = NaN; private y = NaN; private z = NaN; private feed = NaN;
  private motion = '';
  /** Lengths of the moves written, mm: cutting (G1) and rapid (G0). */
  cutMm = 0;
  rapidMm = 0;
  /** Time of the moves at their feeds (rapids at `rapidMmMin`), minutes. */
  minutes = 0;
  constructor(private readonly rapidMmMin: number) {}

  comment(text: string): void {
    this.lines.push(`(${text.replace(/[()]/g, '').replace(/[^\x20-\x7e]/g, '?')})`);
  }

  raw(line: string): void {
    this.lines.push(line);
  }

  /** A rapid move; unchanged axes are left out. */
  rapid(x: number, y: number, z: number): void {
    this.move('G0', x, y, z, this.rapidMmMin);
  }

  /** A cutting move at `feedMmMin`. */
  cut(x: number, y: number, z: number, feedMmMin: number): void {
    this.move('G1', x, y, z, feedMmMin);
  }

  /** NaN for an axis leaves it where it is. */
  private move(code: 'G0' | 'G1', x: number, y: number, z: number, feed: number): void {
    if (Number.isNaN(x)) x = this.x;
    if (Number.isNaN(y)) y = this.y;
    if (Number.isNaN(z)) z = this.z;
    const pos: string[] = [];
    if (!Number.isNaN(x) && x !== this.x) pos.push(`X${fmt(x)}`);
    if (!Number.isNaN(y) && y !== this.y) pos.push(`Y${fmt(y)}`);
    if (!Number.isNaN(z) && z !== this.z) pos.push(`Z${fmt(z)}`);
    if (!pos.length) return; // nowhere to go
    const words = code !== this.motion ? [code, ...pos] : pos;
    if (code === 'G1' && feed !== this.feed) { words.push(`F${Math.round(feed)}`); this.feed = feed; }
    const len = Math.hypot(x - this.x, y - this.y, z - this.z) || 0; // 0 from an unknown position
    if (code === 'G1') this.cutMm += len; else this.rapidMm += len;
    this.minutes += len / feed;
    this.motion = code;
    this.x = x; this.y = y; this.z = z;
    this.lines.push(words.join(' '));
  }

  /** Forgets the position (after a tool change the next move names every axis). */
  unknownPosition(): void {
    this.x = this.y = this.z = NaN;
    this.motion = '';
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  get lineCount(): number {
    return this.lines.length;
  }
}

/** mm to 0.001, no negative zero. */
export function fmt(v: number): string {
  return (Math.round(v * 1000) / 1000 + 0).toFixed(3);
}

/** Rounds up to the next 0.001 mm: a cutting height written never lies below the one computed. */
export function ceilMicron(v: number): number {
  return Math.ceil(v * 1000 - 1e-6) / 1000;
}

/** Rounds to 0.001 mm, so a tool position computed is the one written. */
export function micron(v: number): number {
  return Math.round(v * 1000) / 1000;
}
