/**
 * A cursor over the bytes of a text mesh file (ASCII STL, OBJ, ASCII PLY): whitespace, keywords and
 * numbers read straight from the bytes, with no string per token. Numbers follow the decimal syntax
 * of C's strtod (`[+-]digits[.digits][e[+-]digits]`), plus the non-finite spellings writers emit
 * (`nan`, `inf`, `infinity`, MSVC's `1.#INF` / `1.#QNAN`), which parse to NaN or ±Infinity so the
 * reader can say which vertex is not finite.
 *
 * Conversion is exact (the nearest double, as `Number()` gives): up to 15 significant digits and a
 * decimal exponent within ±22, the digits are an exact integer and 10^e an exact double, so one
 * multiplication or division rounds once (Clinger's fast path); that covers what scanners write
 * (`%f`, `%g`, `%e`, float32's 9 digits). Longer tokens (17-digit doubles) go through `Number()` on
 * the token's text: correct, at the cost of one short string (measured: 3 to 8 times slower per number).
 */
import { isSpace } from './problems.js';

/** Exact powers of ten 10^0 .. 10^22 (all exactly representable as doubles). */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const latin1 = new TextDecoder('latin1');

/** `Number()` of the token bytes[start, end) (already checked to be decimal syntax). Kept out of readNumber so its fast path stays small. */
function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  const token = bytes.subarray(start, end);
  return Number(end - start <= 64 ? String.fromCharCode.apply(null, token as unknown as number[]) : latin1.decode(token));
}

/** Where the text of a file begins: after a UTF-8 byte-order mark (EF BB BF), if it has one. */
export function textStart(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

export class TextScanner {
  readonly bytes: Uint8Array;
  /** Byte offset of the next byte to read. */
  pos: number;
  /** Line of `pos`, counting from 1 (advanced by the methods that cross newlines). */
  line = 1;
  /** Set by `readNumber` / `readInt` when the bytes at the cursor are not a number; cleared by neither. */
  bad = false;
  /** OBJ: a backslash at the end of a line joins the next line to it. */
  private readonly continuation: boolean;

  constructor(bytes: Uint8Array, start = 0, continuation = false) {
    this.bytes = bytes;
    this.pos = start;
    this.continuation = continuation;
  }

  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The byte at the cursor, or -1 at the end. */
  peek(): number {
    return this.pos < this.bytes.length ? this.bytes[this.pos]! : -1;
  }

  /** Skips whitespace, newlines included. */
  skipSpace(): void {
    const b = this.bytes, n = b.length;
    let i = this.pos;
    while (i < n) {
      const c = b[i]!;
      if (c === 0x0a) this.line++;
      else if (c !== 0x20 && (c < 0x09 || c > 0x0d)) break;
      i++;
    }
    this.pos = i;
  }

  /** Skips whitespace up to the end of the line (the newline is not skipped); OBJ continuations are. */
  skipBlank(): void {
    const b = this.bytes, n = b.length;
    let i = this.pos;
    while (i < n) {
      const c = b[i]!;
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) i++;
      else if (c === 0x5c && this.continuation && this.continuationAt(i)) {
        i += b[i + 1] === 0x0d ? 3 : 2;
        this.line++;
      } else break;
    }
    this.pos = i;
  }

  /** A backslash at `i` followed by a newline (`\n` or `\r\n`). */
  private continuationAt(i: number): boolean {
    const b = this.bytes;
    return b[i + 1] === 0x0a || (b[i + 1] === 0x0d && b[i + 2] === 0x0a);
  }

  /** At the end of the file, a newline, or (`hash`) the `#` of a comment; whitespace before it skipped. */
  atLineEnd(hash = false): boolean {
    this.skipBlank();
    const c = this.peek();
    return c === -1 || c === 0x0a || (hash && c === 0x23);
  }

  /**
   * Moves past the next newline (joined lines of OBJ included). With `textOnly`, a byte that no text
   * file holds (a control character other than whitespace) stops the cursor on it and returns false.
   */
  skipLine(textOnly = false): boolean {
    const b = this.bytes, n = b.length;
    let i = this.pos;
    while (i < n) {
      const c = b[i]!;
      if (c === 0x0a) {
        this.line++;
        this.pos = i + 1;
        return true;
      }
      if (c === 0x5c && this.continuation && this.continuationAt(i)) {
        i += b[i + 1] === 0x0d ? 3 : 2;
        this.line++;
        continue;
      }
      if (textOnly && c < 0x20 && (c < 0x09 || c > 0x0d)) {
        this.pos = i;
        return false;
      }
      i++;
    }
    this.pos = n;
    return true;
  }

  /** Moves past the run of non-whitespace bytes at the cursor. */
  skipToken(): void {
    const b = this.bytes, n = b.length;
    let i = this.pos;
    while (i < n && !isSpace(b[i]!)) i++;
    this.pos = i;
  }

  /** Whether the bytes at the cursor are `word` (ASCII letters, any case) followed by whitespace or the end; if so, moves past it. */
  keyword(word: string): boolean {
    const b = this.bytes, i = this.pos, n = word.length;
    if (i + n > b.length) return false;
    for (let k = 0; k < n; k++) if ((b[i + k]! | 0x20) !== word.charCodeAt(k)) return false;
    if (i + n < b.length && !isSpace(b[i + n]!)) return false;
    this.pos = i + n;
    return true;
  }

  /**
   * Reads a decimal number ending at whitespace or the end of the file, and moves past it. When the
   * bytes are no number, sets `bad`, leaves the cursor where it was and returns NaN.
   */
  readNumber(): number {
    const b = this.bytes, n = b.length, start = this.pos;
    let i = start;
    let c = i < n ? b[i]! : -1;
    let negative = false;
    if (c === 0x2d || c === 0x2b) {
      negative = c === 0x2d;
      c = ++i < n ? b[i]! : -1;
    }
    if ((c | 0x20) === 0x6e || (c | 0x20) === 0x69) return this.nonFinite(i, negative);
    let mantissa = 0, significant = 0, exponent = 0, digits = 0, slow = false;
    while (c >= 0x30 && c <= 0x39) {
      if (significant < 15) {
        mantissa = mantissa * 10 + (c - 0x30);
        if (mantissa !== 0) significant++;
      } else {
        slow = true;
      }
      digits++;
      c = ++i < n ? b[i]! : -1;
    }
    if (c === 0x2e) {
      c = ++i < n ? b[i]! : -1;
      if (c === 0x23 && digits > 0) return this.nonFinite(i, negative); // 1.#INF, 1.#QNAN, -1.#IND
      while (c >= 0x30 && c <= 0x39) {
        if (significant < 15) {
          mantissa = mantissa * 10 + (c - 0x30);
          if (mantissa !== 0) significant++;
          exponent--;
        } else {
          slow = true;
        }
        digits++;
        c = ++i < n ? b[i]! : -1;
      }
    }
    if (digits === 0) return this.fail();
    if ((c | 0x20) === 0x65) {
      c = ++i < n ? b[i]! : -1;
      let expNegative = false;
      if (c === 0x2d || c === 0x2b) {
        expNegative = c === 0x2d;
        c = ++i < n ? b[i]! : -1;
      }
      if (!(c >= 0x30 && c <= 0x39)) return this.fail();
      let e = 0;
      while (c >= 0x30 && c <= 0x39) {
        if (e < 100_000) e = e * 10 + (c - 0x30);
        c = ++i < n ? b[i]! : -1;
      }
      exponent += expNegative ? -e : e;
    }
    if (c !== -1 && !isSpace(c)) return this.fail();
    this.pos = i;
    if (!slow) {
      if (mantissa === 0) return negative ? -0 : 0;
      if (exponent >= -22 && exponent <= 22) {
        const v = exponent >= 0 ? mantissa * POW10[exponent]! : mantissa / POW10[-exponent]!;
        return negative ? -v : v;
      }
    }
    return slowNumber(b, start, i);
  }

  /** `nan`, `inf`, `infinity` (any case, then anything up to whitespace), or the rest of `1.#...`. */
  private nonFinite(i: number, negative: boolean): number {
    const b = this.bytes, n = b.length;
    const first = b[i]! | 0x20;
    const word = first === 0x6e ? 'nan' : first === 0x69 ? 'inf' : '#';
    for (let k = 0; k < word.length; k++) if (i + k >= n || (b[i + k]! | (word === '#' ? 0 : 0x20)) !== word.charCodeAt(k)) return this.fail();
    while (i < n && !isSpace(b[i]!)) i++;
    this.pos = i;
    return word === 'nan' || word === '#' ? NaN : negative ? -Infinity : Infinity;
  }

  /**
   * Reads an optionally signed decimal integer (stops at the first non-digit: the caller checks what
   * follows). Magnitudes past 2^32 come back as 2^32 (out of any index range). When there are no
   * digits, sets `bad` and returns NaN.
   */
  readInt(): number {
    const b = this.bytes, n = b.length;
    let i = this.pos;
    let c = i < n ? b[i]! : -1;
    const negative = c === 0x2d;
    if (c === 0x2d || c === 0x2b) c = ++i < n ? b[i]! : -1;
    if (!(c >= 0x30 && c <= 0x39)) return this.fail();
    let v = 0;
    while (c >= 0x30 && c <= 0x39) {
      v = Math.min(v * 10 + (c - 0x30), 2 ** 32);
      c = ++i < n ? b[i]! : -1;
    }
    this.pos = i;
    return negative ? -v : v;
  }

  private fail(): number {
    this.bad = true;
    return NaN;
  }
}
