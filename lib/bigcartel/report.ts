/**
 * "Save this page for a bug report": a copy of an admin page that the overlay could not read
 * (an item it could not place, an order it could not find), safe to send to the extension's
 * developers. No one here can see the real admin's markup; this is how it reaches them.
 *
 * The copy keeps the page's structure (its elements, classes, attributes, open shadow roots as
 * declarative `<template shadowrootmode>`), and loses:
 * - every script, inline handler, frame, object and comment, and the overlay's own hosts;
 * - the customer's name, e-mail, phone, address and note, as the API's order gives them, wherever
 *   they appear (text, attributes, styles, templates; any case; split across elements: the
 *   smallest element holding a split one loses all its text);
 * - any other e-mail address.
 * With no order known, every letter and digit of the text and attribute values is masked instead
 * (structure and order numbers kept).
 */

export interface ReportTerm {
  kind: 'name' | 'email' | 'phone' | 'address' | 'note';
  value: string;
}

const PLACEHOLDER: Record<ReportTerm['kind'], string> = {
  name: '[customer name]',
  email: '[customer e-mail]',
  phone: '[customer phone]',
  address: '[customer address]',
  note: '[customer note]',
};

const EMAIL = /[^\s@<>"'()[\]{},;:]+@[^\s@<>"'()[\]{},;:]+\.[^\s@<>"'()[\]{},;:]{2,}/gu;
/** A run that may be a phone number: digits with spaces, dots, dashes, brackets, a leading +. */
const PHONE_LIKE = /\+?\d[\d\s().-]{4,}\d/gu;
/** Order numbers (MOTH-100234) survive masking: they are how a report is matched to an order. */
const ORDER_NUMBER = /\b[A-Z]{2,}-\d{3,}\b/gu;
/** Elements whose content never goes into a report. */
const DROPPED =
  'script, noscript, iframe, frame, frameset, object, embed, applet, link[rel="import"], [data-ink-overlay]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function digits(s: string): string {
  return s.replace(/\D+/g, '');
}

interface Patterns {
  /** each term as a pattern matching it as a whole word, any case, any spacing */
  words: { re: RegExp; to: string }[];
  /** the phone numbers' last seven digits */
  phones: string[];
}

function patterns(terms: readonly ReportTerm[]): Patterns {
  const words: Patterns['words'] = [];
  const phones: string[] = [];
  const seen = new Set<string>();
  for (const t of terms) {
    const value = t.value.trim();
    if (t.kind === 'phone') {
      const d = digits(value);
      if (d.length >= 6) phones.push(d.slice(-7));
      continue;
    }
    if (value.length < 2 || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    // Whitespace may differ (line breaks, non-breaking spaces); letters may change case.
    const pattern = value.split(/\s+/).map(escapeRegExp).join('[\\s\\u00a0]+');
    words.push({ re: new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'giu'), to: PLACEHOLDER[t.kind] });
  }
  // Longer first: "Ada Lovelace" before "Ada".
  words.sort((a, b) => b.re.source.length - a.re.source.length);
  return { words, phones };
}

/** One text-replacing function for the given terms. */
function scrubber(p: Patterns): (s: string) => string {
  return (s) => {
    let out = s;
    for (const w of p.words) out = out.replace(w.re, w.to);
    if (p.phones.length)
      out = out.replace(PHONE_LIKE, (m) => (p.phones.some((d) => digits(m).includes(d)) ? PLACEHOLDER.phone : m));
    return out.replace(EMAIL, '[e-mail]');
  };
}

/** Whether a text still holds a term (or a phone number). */
function holdsTerm(p: Patterns, text: string): boolean {
  for (const w of p.words) {
    w.re.lastIndex = 0;
    if (w.re.test(text)) return true;
  }
  for (const m of text.matchAll(PHONE_LIKE)) if (p.phones.some((d) => digits(m[0]).includes(d))) return true;
  return false;
}

/** With no order known: letters to x, digits to 0, order numbers kept. */
function masker(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(ORDER_NUMBER)) {
    out += maskAll(s.slice(last, m.index)) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + maskAll(s.slice(last));
}

function maskAll(s: string): string {
  return s.replace(/\p{L}/gu, 'x').replace(/\p{N}/gu, '0');
}

/** Every node of a tree, templates' contents included. */
function* allNodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    if ((n as Element).localName === 'template') stack.push((n as HTMLTemplateElement).content);
    for (let c = n.lastChild; c; c = c.previousSibling) stack.push(c);
  }
}

/** Attributes that say how a page is built, never who bought: kept as they are when masking. */
const STRUCTURAL = new Set([
  'class',
  'id',
  'lang',
  'dir',
  'charset',
  'name',
  'type',
  'rel',
  'role',
  'slot',
  'part',
  'for',
  'is',
  'shadowrootmode',
  'colspan',
  'rowspan',
  'hidden',
  'tabindex',
  'datetime',
  'method',
  'media',
  'width',
  'height',
]);

function clean(root: Node, rewrite: (s: string) => string, masking: boolean): void {
  const remove: Node[] = [];
  for (const n of allNodes(root)) {
    if (n.nodeType === 8)
      remove.push(n); // comments
    else if (n.nodeType === 3) n.nodeValue = rewrite(n.nodeValue ?? '');
    else if (n.nodeType === 1) {
      const el = n as Element;
      if (el.matches(DROPPED)) {
        remove.push(el);
        continue;
      }
      for (const attr of [...el.attributes]) {
        if (
          /^on/i.test(attr.name) ||
          (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))
        ) {
          el.removeAttribute(attr.name);
        } else if (
          !(
            masking &&
            (STRUCTURAL.has(attr.name.toLowerCase()) || (attr.name.startsWith('aria-') && attr.name !== 'aria-label'))
          )
        ) {
          const v = rewrite(attr.value);
          if (v !== attr.value) el.setAttribute(attr.name, v);
        }
      }
    }
  }
  for (const n of remove) n.parentNode?.removeChild(n);
}

/**
 * A term split across elements ("Ada <b>Love</b>lace") is not matched by the text walk: the
 * smallest element whose text still holds one loses all its text.
 */
function sweepSplit(root: Node, p: Patterns): void {
  const holds = (n: Node) => holdsTerm(p, n.textContent ?? '');
  for (const n of allNodes(root)) {
    if (n.nodeType !== 1 && n.nodeType !== 11) continue;
    if (!holds(n)) continue;
    if ([...n.childNodes].some((c) => c.nodeType === 1 && holds(c))) continue; // a smaller one holds it
    for (const t of allNodes(n)) if (t.nodeType === 3) t.nodeValue = (t.nodeValue ?? '').replace(/\S/g, '·');
  }
}

/** The document's open shadow roots (not the overlay's), for the copy to keep. */
function openShadowRoots(doc: Document): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      const sr = el.shadowRoot;
      if (sr && sr.mode === 'open' && !el.hasAttribute('data-ink-overlay')) {
        out.push(sr);
        walk(sr);
      }
    }
  };
  walk(doc);
  return out;
}

/** The page's HTML with its open shadow roots, where the browser can serialise them. */
function serialise(doc: Document): string {
  const root = doc.documentElement as Element & {
    getHTML?: (o: { serializableShadowRoots?: boolean; shadowRoots?: ShadowRoot[] }) => string;
  };
  if (typeof root.getHTML === 'function') {
    try {
      const attrs = [...root.attributes]
        .map((a) => ` ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
        .join('');
      return `<html${attrs}>${root.getHTML({ shadowRoots: openShadowRoots(doc) })}</html>`;
    } catch {
      // fall through
    }
  }
  return root.outerHTML;
}

/**
 * The report's HTML. `terms`: the order's personal details (from the extension's copy of the
 * order); null when no order is known (everything is masked). `note`: a line at the top saying
 * what the page was and why it was saved (never personal).
 */
export function pageReport(doc: Document, terms: readonly ReportTerm[] | null, note: string): string {
  const parsed = new DOMParser().parseFromString(serialise(doc), 'text/html');
  const p = terms ? patterns(terms) : null;
  clean(parsed.documentElement, p ? scrubber(p) : masker, !p);
  if (p) sweepSplit(parsed.documentElement, p);
  const meta = parsed.createComment(` ${note.replace(/--/g, '- -')} `);
  parsed.documentElement.insertBefore(meta, parsed.documentElement.firstChild);
  return `<!doctype html>\n${parsed.documentElement.outerHTML}\n`;
}

/** The customer's details of an order, as report terms. */
export function reportTerms(order: {
  customerName: string;
  customerEmail: string;
  note: string;
  address: {
    firstName: string;
    lastName: string;
    company: string;
    address1: string;
    address2: string;
    city: string;
    state: string;
    zip: string;
    phone: string;
  };
}): ReportTerm[] {
  const a = order.address;
  const terms: ReportTerm[] = [
    { kind: 'name', value: order.customerName },
    { kind: 'name', value: a.firstName },
    { kind: 'name', value: a.lastName },
    { kind: 'name', value: `${a.firstName} ${a.lastName}` },
    { kind: 'name', value: a.company },
    { kind: 'email', value: order.customerEmail },
    { kind: 'phone', value: a.phone },
    { kind: 'address', value: a.address1 },
    { kind: 'address', value: a.address2 },
    { kind: 'address', value: a.city },
    { kind: 'address', value: a.state },
    { kind: 'address', value: a.zip },
    { kind: 'note', value: order.note },
  ];
  return terms.filter((t) => t.value.trim() !== '');
}
