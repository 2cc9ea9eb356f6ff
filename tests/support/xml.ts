/**
 * A strict little XML reader for the SVGs the tests check: elements, attributes (double-quoted),
 * text, comments and the five predefined entities plus numeric ones. It throws on anything not
 * well-formed (unbalanced or crossed tags, duplicate attributes, a bare `&` or `<`, text outside
 * the root), which is the check; it is not a general XML parser (no DTDs, CDATA or namespaces).
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (its children's not included), entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parses one XML document. @throws Error naming the offset of the first problem. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const decode = (s: string): string =>
    s.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));|&|</g, (m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (named) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named]!;
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return fail(`bare "${m}"`);
    });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim()) {
      if (!stack.length) fail('text outside the root element');
      stack[stack.length - 1]!.text += decode(text);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) fail('unclosed comment');
      i = end + 3;
      continue;
    }
    if (xml[i + 1] === '/') {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) fail('bad end tag');
      const open = stack.pop();
      if (!open || open.name !== m![0]) fail(`end tag </${m![0]}> does not close <${open?.name}>`);
      i += 2 + m![0].length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') fail('bad end tag');
      i++;
      continue;
    }
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) fail('bad start tag');
    const el: XmlElement = { name: m![0], attrs: {}, children: [], text: '' };
    i += 1 + m![0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (!ws) fail('no space before an attribute');
      const a = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(xml.slice(i));
      if (!a) fail('bad attribute');
      if (a![1]! in el.attrs) fail(`duplicate attribute ${a![1]}`);
      el.attrs[a![1]!] = decode(a![2]!);
      i += a![0].length;
    }
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) fail('a second root element');
    else root = el;
    if (xml.startsWith('/>', i)) i += 2;
    else { i++; stack.push(el); }
  }
  if (stack.length) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

/** Every element in document order. */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => { out.push(e); e.children.forEach(walk); };
  walk(root);
  return out;
}

/** The text of an element and all its descendants. */
export function textOf(e: XmlElement): string {
  return e.text + e.children.map(textOf).join('');
}
