/**
 * Reading the Big Cartel admin pages: every page-reading rule of the extension lives here
 * (the Refined GitHub "selectors in one module" model).
 *
 * The admin's DOM is not documented and changes, so nothing here uses a class name or an id.
 * Items are found by what the API says the order holds (product name, option name, quantity),
 * in the document and in every open shadow root. Everything is a pure function of the DOM it is
 * given: no `browser.*`, no UI, never `innerHTML`, and no function throws (a failure reads as
 * "nothing found", so the overlay falls back to its own panel).
 *
 * How text is compared. All visible text is folded once into one "compact" string: NFKC,
 * lower case, whitespace and punctuation removed. Every removed character and every text-node
 * or element boundary is remembered as a *break*, so a match can be required to start and end
 * on word boundaries ("Moth Tee" is not found inside "Moth Teeth") while text split across
 * elements (`<span>Moth</span> <b>Tee</b>`) or spelt with other punctuation ("Black / L",
 * "Black/L", "Black, L") still matches. Each element knows the range of the compact string its
 * subtree produced, which turns "the smallest element holding this text" into a walk up the tree.
 */
import type { LineItem } from '../types';

/* ------------------------------------------------------------------------------------------ */
/* Paths                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** Second path segments after /orders/ that are pages, not order numbers. */
const ORDER_RESERVED = new Set([
  'new', 'export', 'exports', 'import', 'imports', 'search', 'filter', 'filters', 'bulk',
  'batch', 'print', 'labels', 'label', 'packing_slips', 'packing-slips', 'invoices', 'archive',
  'archived', 'all', 'shipped', 'unshipped', 'pending', 'completed', 'cancelled', 'canceled',
  'refunded', 'page', 'settings', 'edit', 'stats', 'reports', 'recent', 'drafts', 'index',
]);

/** Second path segments after /products/ that are pages, not product ids. */
const PRODUCT_RESERVED = new Set([
  'new', 'export', 'exports', 'import', 'imports', 'search', 'filter', 'filters', 'bulk',
  'batch', 'categories', 'category', 'sort', 'reorder', 'page', 'settings', 'edit',
  'inventory', 'options', 'archived', 'all', 'index',
]);

/** Segments after /orders that still show the orders list (tabs, filters). */
const ORDER_LIST_TABS = new Set([
  'all', 'shipped', 'unshipped', 'pending', 'completed', 'cancelled', 'canceled', 'archived',
  'refunded', 'search',
]);

function pathSegments(pathname: string): string[] {
  let p = typeof pathname === 'string' ? pathname : '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      /* keep p */
    }
  }
  p = p.replace(/[?#][\s\S]*$/, '');
  return p.split('/').filter((s) => s.length > 0);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function idAfter(pathname: string, keyword: string, reserved: Set<string>): string | null {
  const segs = pathSegments(pathname);
  for (let i = 0; i < segs.length - 1; i++) {
    if (segs[i]!.toLowerCase() !== keyword) continue;
    const id = decodeSegment(segs[i + 1]!).trim();
    if (!id) return null;
    if (reserved.has(id.toLowerCase())) return null;
    // A file (orders/export.csv), not an id; ids never hold control characters.
    if (/\.(csv|json|xml|pdf|txt|html?|zip)$/i.test(id)) return null;
    if (/[\u0000-\u001f\u007f]/.test(id)) return null;
    return id;
  }
  return null;
}

/**
 * The order number of a single-order page: `/orders/MOTH-100234`, with a trailing slash,
 * `/orders/<id>/edit`, URL-encoded, behind a path prefix, or given a full URL.
 */
export function orderIdFromPath(pathname: string): string | null {
  try {
    return idAfter(pathname, 'orders', ORDER_RESERVED);
  } catch {
    return null;
  }
}

/** The product id of a product page: `/products/330011` (also `/products/330011/edit`). */
export function productIdFromPath(pathname: string): string | null {
  try {
    return idAfter(pathname, 'products', PRODUCT_RESERVED);
  } catch {
    return null;
  }
}

/** The orders list: `/orders`, `/orders/`, `/orders?all=true`, `/orders/unshipped`, `/orders/page/2`. */
export function isOrdersListPath(pathname: string): boolean {
  try {
    const segs = pathSegments(pathname).map((s) => decodeSegment(s).toLowerCase());
    const i = segs.lastIndexOf('orders');
    if (i < 0) return false;
    const rest = segs.slice(i + 1);
    if (rest.length === 0) return true;
    if (rest.length === 1 && ORDER_LIST_TABS.has(rest[0]!)) return true;
    if (rest.length === 2 && rest[0] === 'page' && /^\d+$/.test(rest[1]!)) return true;
    return false;
  } catch {
    return false;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Walking the DOM, shadow roots included                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Never read, never return: code and inert markup. */
const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript']);
/** Elements whose text the merchant does not see as page text. */
const NO_TEXT_TAGS = new Set([
  'head', 'title', 'select', 'datalist', 'option', 'optgroup', 'textarea', 'iframe', 'object',
]);
/** Elements that make a container "hold something" even without text. */
const MEDIA_TAGS = new Set(['img', 'picture', 'svg', 'video', 'canvas', 'input', 'button', 'select']);

const isElement = (n: unknown): n is Element =>
  !!n && typeof n === 'object' && (n as Node).nodeType === 1;

function tagOf(el: Element): string {
  try {
    return (el.localName || el.tagName || '').toLowerCase();
  } catch {
    return '';
  }
}

function isOverlay(el: Element): boolean {
  try {
    return el.hasAttribute('data-ink-overlay');
  } catch {
    return true;
  }
}

function openShadow(el: Element): ShadowRoot | null {
  try {
    const sr = el.shadowRoot;
    return sr && sr.mode !== 'closed' ? sr : null;
  } catch {
    return null;
  }
}

function childElements(n: ParentNode): Element[] {
  const out: Element[] = [];
  try {
    if (isElement(n)) {
      const sr = openShadow(n);
      if (sr) for (const c of Array.from(sr.children)) out.push(c);
    }
    for (const c of Array.from(n.children)) out.push(c);
  } catch {
    /* a hostile node: read what we could */
  }
  return out;
}

function childNodesOf(n: Node): Node[] {
  const out: Node[] = [];
  try {
    if (isElement(n)) {
      const sr = openShadow(n);
      if (sr) for (const c of Array.from(sr.childNodes)) out.push(c);
    }
    for (const c of Array.from(n.childNodes)) out.push(c);
  } catch {
    /* read what we could */
  }
  return out;
}

/**
 * Every element under `root` (and `root` itself when it is an element) in document order,
 * descending into open shadow roots (a host's shadow content comes before its light children).
 * Skips our own overlay hosts (`data-ink-overlay`) and script/style/template/noscript, with
 * everything inside them.
 */
export function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  try {
    const stack: Element[] = [];
    const skip = (el: Element) => SKIP_TAGS.has(tagOf(el)) || isOverlay(el);
    const pushKids = (n: ParentNode) => {
      const kids = childElements(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    };
    if (isElement(root)) {
      if (skip(root)) return out;
      out.push(root);
    }
    pushKids(root);
    while (stack.length > 0) {
      const el = stack.pop()!;
      if (skip(el)) continue;
      out.push(el);
      pushKids(el);
    }
  } catch {
    /* return what we have */
  }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Text folding                                                                                */
/* ------------------------------------------------------------------------------------------ */

const KEEP = 0; // a letter, digit, mark or symbol: part of the compact text
const BREAK = 1; // whitespace, punctuation, control: dropped, and a word boundary
const SILENT = 2; // zero-width and soft hyphen: dropped, not a boundary

const classCache = new Map<string, number>();
function classify(ch: string): number {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 128) {
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return KEEP;
    return '$+<=>^`|~'.includes(ch) ? KEEP : BREAK;
  }
  let k = classCache.get(ch);
  if (k === undefined) {
    k = /^[\p{L}\p{N}\p{M}\p{S}]+$/u.test(ch) ? KEEP : /^\p{Cf}+$/u.test(ch) ? SILENT : BREAK;
    if (classCache.size < 5000) classCache.set(ch, k);
  }
  return k;
}

const wordCache = new Map<number, boolean>();
/** Letters, digits and marks make words; symbols (`<`, `£`, `×`, emoji) do not. */
function isWordUnit(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  let w = wordCache.get(code);
  if (w === undefined) {
    w = /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCharCode(code));
    if (wordCache.size < 5000) wordCache.set(code, w);
  }
  return w;
}

function fold(raw: string): string {
  let s = raw;
  try {
    s = s.normalize('NFKC');
  } catch {
    /* keep */
  }
  return s.toLowerCase();
}

/** Compact text of a string, with its break flags (brk[i] = 1 when a break precedes char i). */
function compactWithBreaks(raw: string): { text: string; brk: number[] } {
  let text = '';
  const brk: number[] = [];
  let pending = true;
  for (const ch of fold(raw)) {
    const k = classify(ch);
    if (k === KEEP) {
      text += ch;
      brk.push(pending ? 1 : 0);
      for (let j = 1; j < ch.length; j++) brk.push(0);
      pending = false;
    } else if (k === BREAK) {
      pending = true;
    }
  }
  return { text, brk };
}

/** The compact form used as a search key: "Moth Logo Hoodie — Black / L" -> "mothlogohoodieblackl". */
export function compactText(raw: string): string {
  return compactWithBreaks(raw).text;
}

/** The words of a string in compact form: "Black / L" -> ["black", "l"]. */
function compactWords(raw: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of fold(raw)) {
    const k = classify(ch);
    if (k === KEEP) cur += ch;
    else if (k === BREAK && cur) {
      words.push(cur);
      cur = '';
    }
  }
  if (cur) words.push(cur);
  return words;
}

/* ------------------------------------------------------------------------------------------ */
/* The text model of a page                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Compact text with its break flags (brk has one more entry than text, set at the end). */
interface Haystack {
  text: string;
  brk: Uint8Array;
}

interface Model extends Haystack {
  els: Element[];
  /** index of the parent element in `els` (a shadow host for shadow content), -1 at the top */
  parent: number[];
  /** range of `text` produced by the element's subtree */
  start: number[];
  end: number[];
  /** children that hold something: text, media, or a control */
  kids: number[];
  firstChild: number[];
  next: number[];
  /** one segment per text node (or numeric input value) with visible text */
  segStart: number[];
  segEnd: number[];
  segOwner: number[];
  /** the text node's own text: NFKC, whitespace collapsed, case kept */
  segText: string[];
}

function isHiddenEl(el: Element): boolean {
  try {
    if (el.hasAttribute('hidden')) return true;
    const style = el.getAttribute('style');
    if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i.test(style)) {
      return true;
    }
  } catch {
    return false;
  }
  return false;
}

function buildModel(root: ParentNode): Model {
  const m: Model = {
    els: [], parent: [], start: [], end: [], kids: [], firstChild: [], next: [],
    text: '', brk: new Uint8Array(1), segStart: [], segEnd: [], segOwner: [], segText: [],
  };
  const parts: string[] = [];
  const brk: number[] = [];
  let len = 0;

  const appendText = (raw: string, owner: number) => {
    if (!raw) return;
    const c = compactWithBreaks(raw);
    if (!c.text) return;
    m.segStart.push(len);
    parts.push(c.text);
    for (let i = 0; i < c.brk.length; i++) brk.push(c.brk[i]!);
    len += c.text.length;
    m.segEnd.push(len);
    m.segOwner.push(owner);
    let shown = raw;
    try {
      shown = raw.normalize('NFKC');
    } catch {
      /* keep */
    }
    m.segText.push(shown.replace(/\s+/g, ' ').trim());
    if (owner >= 0) m.kids[owner]!++;
  };

  const addElement = (el: Element, parent: number, prevSibling: number): number => {
    const idx = m.els.length;
    m.els.push(el);
    m.parent.push(parent);
    m.start.push(len);
    m.end.push(len);
    m.kids.push(0);
    m.firstChild.push(-1);
    m.next.push(-1);
    if (prevSibling >= 0) m.next[prevSibling] = idx;
    else if (parent >= 0) m.firstChild[parent] = idx;
    return idx;
  };

  const excluded = (el: Element): boolean => {
    const tag = tagOf(el);
    return SKIP_TAGS.has(tag) || NO_TEXT_TAGS.has(tag) || isOverlay(el) || isHiddenEl(el);
  };

  interface Frame { idx: number; nodes: Node[]; i: number; last: number }
  const stack: Frame[] = [];
  let rootIdx = -1;
  if (isElement(root)) {
    if (excluded(root)) return finish();
    rootIdx = addElement(root, -1, -1);
  }
  stack.push({ idx: rootIdx, nodes: childNodesOf(root as unknown as Node), i: 0, last: -1 });

  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.nodes.length) {
      stack.pop();
      if (f.idx >= 0) {
        m.end[f.idx] = len;
        const p = m.parent[f.idx]!;
        if (p >= 0 && (len > m.start[f.idx]! || MEDIA_TAGS.has(tagOf(m.els[f.idx]!)))) m.kids[p]!++;
      }
      continue;
    }
    const n = f.nodes[f.i++]!;
    let type = 0;
    try {
      type = n.nodeType;
    } catch {
      continue;
    }
    if (type === 3) {
      let v = '';
      try {
        v = n.nodeValue ?? '';
      } catch {
        v = '';
      }
      appendText(v, f.idx);
    } else if (type === 1) {
      const el = n as Element;
      if (excluded(el)) continue;
      const idx = addElement(el, f.idx, f.last);
      f.last = idx;
      if (tagOf(el) === 'input') {
        // A quantity may be an editable number field.
        try {
          const v = (el as HTMLInputElement).value ?? el.getAttribute('value') ?? '';
          const type = (el.getAttribute('type') || 'text').toLowerCase();
          if ((type === 'number' || type === 'text') && /^\s*\d{1,4}\s*$/.test(v)) appendText(v.trim(), idx);
        } catch {
          /* no value */
        }
      }
      stack.push({ idx, nodes: childNodesOf(el), i: 0, last: -1 });
    }
  }
  return finish();

  function finish(): Model {
    m.text = parts.join('');
    m.brk = new Uint8Array(m.text.length + 1);
    for (let i = 0; i < brk.length; i++) m.brk[i] = brk[i]!;
    m.brk[m.text.length] = 1;
    return m;
  }
}

/** Is there a word boundary just before position i of the compact text? */
function boundaryAt(m: Haystack, i: number): boolean {
  if (i <= 0 || i >= m.text.length) return true;
  if (m.brk[i]) return true;
  return !isWordUnit(m.text.charCodeAt(i - 1)) || !isWordUnit(m.text.charCodeAt(i));
}

/** Start positions of whole-word occurrences of `key` in [from, to). */
function findWord(m: Haystack, key: string, from = 0, to = m.text.length): number[] {
  const out: number[] = [];
  if (!key) return out;
  let i = m.text.indexOf(key, from);
  while (i !== -1 && i + key.length <= to) {
    if (boundaryAt(m, i) && boundaryAt(m, i + key.length)) out.push(i);
    i = m.text.indexOf(key, i + 1);
  }
  return out;
}

/** Index of the segment holding compact position `pos` (the last one starting at or before it). */
function segmentAt(m: Model, pos: number): number {
  let lo = 0;
  let hi = m.segStart.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m.segStart[mid]! <= pos) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** The smallest element whose text holds [s, e), or -1. */
function coverOf(m: Model, s: number, e: number): number {
  const k = segmentAt(m, s);
  if (k < 0) return -1;
  let el = m.segOwner[k]!;
  while (el >= 0 && !(m.start[el]! <= s && m.end[el]! >= e)) el = m.parent[el]!;
  return el;
}

const within = (m: Model, el: number, s: number, e: number) => m.start[el]! <= s && e <= m.end[el]!;

/** Is `anc` an ancestor-or-self of `el`? */
function isAncestorOrSelf(m: Model, anc: number, el: number): boolean {
  for (let x = el; x >= 0; x = m.parent[x]!) if (x === anc) return true;
  return false;
}

/* ------------------------------------------------------------------------------------------ */
/* Occurrences                                                                                 */
/* ------------------------------------------------------------------------------------------ */

interface Occ {
  s: number;
  e: number;
  /** compact key this occurrence is of */
  key: string;
}

/** Sorted occurrences with a fast "does [a, b) hold another occurrence than `o`?" */
class OccIndex {
  readonly list: Occ[];
  constructor(list: Occ[]) {
    this.list = [...list].sort((x, y) => x.s - y.s || y.e - x.e);
  }
  private firstFrom(a: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.s < a) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** An occurrence inside [a, b) that is not at o's position (and, if given, not of `sameKey`). */
  other(a: number, b: number, o: { s: number; e: number }, sameKey?: string): Occ | null {
    for (let i = this.firstFrom(a); i < this.list.length; i++) {
      const p = this.list[i]!;
      if (p.s >= b) break;
      if (p.e > b) continue;
      if (p.s === o.s && p.e === o.e) continue;
      if (sameKey !== undefined && p.key === sameKey) continue;
      return p;
    }
    return null;
  }
  any(a: number, b: number): boolean {
    return this.other(a, b, { s: -1, e: -1 }) !== null;
  }
}

/** Drops occurrences lying inside an occurrence of a longer key ("Moth Tee" in "Moth Tee Deluxe"). */
function unmasked(all: Occ[]): Occ[] {
  const sorted = [...all].sort((x, y) => x.s - y.s || y.e - y.s - (x.e - x.s));
  let maxLen = 0;
  for (const o of sorted) maxLen = Math.max(maxLen, o.e - o.s);
  const out: Occ[] = [];
  for (let j = 0; j < sorted.length; j++) {
    const o = sorted[j]!;
    let masked = false;
    for (let i = j - 1; i >= 0; i--) {
      const p = sorted[i]!;
      if (o.s - p.s > maxLen) break;
      if (p.s <= o.s && p.e >= o.e && p.e - p.s > o.e - o.s) {
        masked = true;
        break;
      }
    }
    // Same start, longer key sorts first, so the loop above sees it; a longer key ending at the
    // same place but starting earlier also sorts first.
    if (!masked) out.push(o);
  }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Quantities                                                                                  */
/* ------------------------------------------------------------------------------------------ */

const QTY_WHOLE = /^(?:qty|quantity|qté|quantité|menge|anzahl|cantidad|quantità|aantal|x|×|\*)?\s*[:.=]?\s*(\d{1,4})\s*(?:x|×|pcs?|items?|units?)?$/iu;
const QTY_BEFORE = /(?:^|[^\p{L}\p{N}])(?:qty|quantity|qté|quantité|menge|anzahl|cantidad|quantità|aantal|x|×)\s*[:.=]?\s*(\d{1,4})(?![\d.,]?\d)/giu;
const QTY_AFTER = /(?:^|[^\p{L}\p{N}.,])(\d{1,4})\s*(?:x|×|pcs?|items?|units?)(?![\p{L}\p{N}])/giu;

const qtyCache = new WeakMap<Model, Map<number, number[]>>();
/** Quantities a segment shows: "2", "Qty: 2", "× 2", "x2", "2 ×", "2 pcs". */
function segmentQuantities(m: Model, k: number): number[] {
  let cache = qtyCache.get(m);
  if (!cache) {
    cache = new Map();
    qtyCache.set(m, cache);
  }
  const hit = cache.get(k);
  if (hit) return hit;
  const t = (m.segText[k] ?? '').toLowerCase();
  const out: number[] = [];
  if (t.length <= 200) {
    const whole = QTY_WHOLE.exec(t);
    if (whole) out.push(Number(whole[1]));
    else {
      for (const re of [QTY_BEFORE, QTY_AFTER]) {
        re.lastIndex = 0;
        let r: RegExpExecArray | null;
        while ((r = re.exec(t)) !== null) out.push(Number(r[1]));
      }
    }
  }
  cache.set(k, out);
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Placing line items                                                                          */
/* ------------------------------------------------------------------------------------------ */

export interface ItemPlacement {
  item: LineItem;
  /** the smallest element holding this item alone */
  row: Element;
  /** the element whose text holds the product name (the overlay inserts its mark after it) */
  nameEl: Element;
}

/** Rows are short; evidence for an item is only looked for this close to its name. */
const ROW_CHARS = 400;
/** How many following siblings of a lone name cell may hold its option and quantity. */
const SIBLING_CELLS = 6;

interface OccInfo {
  nameEl: number;
  /** largest ancestor-or-self of nameEl holding no other name */
  bound: number;
  /** smallest ancestor-or-self of nameEl (within bound) holding more than one thing */
  unit: number;
  /** largest ancestor-or-self of unit within bound still row-sized */
  cap: number;
  /** where option and quantity are looked for */
  rs: number;
  re: number;
  /** the occurrence is exactly an element's or a text node's text */
  exact: boolean;
}

interface Candidate {
  item: number;
  occ: number;
  score: number[];
  row: number;
  nameEl: number;
  clean: boolean;
}

function occInfo(m: Model, idx: OccIndex, o: Occ): OccInfo | null {
  const nameEl = coverOf(m, o.s, o.e);
  if (nameEl < 0) return null;
  // The element holding the name must not also hold another name: a sentence naming two
  // products is no item's row.
  if (idx.other(m.start[nameEl]!, m.end[nameEl]!, o)) return null;
  let bound = nameEl;
  for (let p = m.parent[bound]!; p >= 0; p = m.parent[p]!) {
    if (idx.other(m.start[p]!, m.end[p]!, o)) break;
    bound = p;
  }
  let unit = nameEl;
  while (unit !== bound && m.kids[unit]! < 2) unit = m.parent[unit]!;
  let cap = unit;
  while (cap !== bound) {
    const p = m.parent[cap]!;
    if (m.end[p]! - m.start[p]! > ROW_CHARS) break;
    cap = p;
  }
  let rs = m.start[cap]!;
  let re = m.end[cap]!;
  if (cap === bound && unit === bound && m.kids[bound]! < 2) {
    // A lone name cell in a flat layout (grid cells, <dt>/<dd>): its option and quantity sit in
    // the next sibling cells, up to the next cell naming an item.
    let sib = m.next[bound]!;
    for (let n = 0; sib >= 0 && n < SIBLING_CELLS; n++, sib = m.next[sib]!) {
      if (idx.any(m.start[sib]!, m.end[sib]!)) break;
      if (m.end[sib]! - rs > ROW_CHARS) break;
      re = m.end[sib]!;
    }
  }
  const k = segmentAt(m, o.s);
  const exact =
    (m.start[nameEl] === o.s && m.end[nameEl] === o.e) ||
    (k >= 0 && m.segStart[k] === o.s && m.segEnd[k] === o.e);
  return { nameEl, bound, unit, cap, rs, re, exact };
}

/** Letters left in [a, b) once the name, the option and quantity/price marks are taken out. */
function leftover(m: Model, a: number, b: number, o: Occ, optKey: string): string {
  const parts = [m.text.slice(a, Math.max(a, o.s)), m.text.slice(Math.min(b, o.e), b)];
  let rest = '';
  for (let part of parts) {
    if (optKey) part = part.split(optKey).join('\u0000');
    rest += part.replace(/[\d\p{Sc}×\u0000]/gu, '') + '\u0000';
  }
  return rest
    .split('\u0000')
    .map((w) => w.replace(/^(?:x|qty|quantity|each|ea|pcs|pc)+$/u, ''))
    .join('');
}

function nearest(positions: { s: number; e: number }[], o: Occ): { s: number; e: number } | null {
  let best: { s: number; e: number } | null = null;
  let bestD = Infinity;
  for (const p of positions) {
    const d = p.s >= o.e ? p.s - o.e : o.s >= p.e ? o.s - p.e : 0;
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

function scoreCandidate(
  m: Model,
  o: Occ,
  info: OccInfo,
  item: LineItem,
  optKey: string,
  optWords: string[],
): { score: number[]; row: number; clean: boolean } {
  // Option: the phrase (2), or all its words (1), near the name but not inside it.
  let optionScore = 0;
  let optSpan: { s: number; e: number } | null = null;
  if (optKey) {
    const hits = findWord(m, optKey, info.rs, info.re)
      .map((s) => ({ s, e: s + optKey.length }))
      .filter((p) => p.e <= o.s || p.s >= o.e);
    optSpan = nearest(hits, o);
    if (optSpan) optionScore = 2;
    else if (optWords.length > 1) {
      const all = optWords.every((w) =>
        findWord(m, w, info.rs, info.re).some((s) => s + w.length <= o.s || s >= o.e),
      );
      if (all) optionScore = 1;
    }
  }
  // Quantity: +1 shown and equal, -1 only other quantities shown, 0 none shown.
  let qtyScore = 0;
  let qtySpan: { s: number; e: number } | null = null;
  {
    const matches: { s: number; e: number }[] = [];
    let any = false;
    const q = Number(item.quantity);
    for (let k = Math.max(0, segmentAt(m, info.rs)); k < m.segStart.length && m.segStart[k]! < info.re; k++) {
      if (m.segEnd[k]! <= info.rs) continue;
      // the name's own text node may say "Moth Tee x2"; a bare "2" inside the name is not a quantity
      const qs = segmentQuantities(m, k);
      if (qs.length === 0) continue;
      if (m.segStart[k]! >= o.s && m.segEnd[k]! <= o.e) continue;
      any = true;
      if (qs.includes(q)) matches.push({ s: m.segStart[k]!, e: m.segEnd[k]! });
    }
    qtySpan = nearest(matches, o);
    qtyScore = qtySpan ? 1 : any ? -1 : 0;
  }
  // The row: the smallest ancestor (from the unit up, within the row-sized cap) holding the
  // name and the option and quantity found near it.
  const need: { s: number; e: number }[] = [o];
  for (const sp of [optSpan, qtySpan]) {
    if (sp && sp.s >= m.start[info.cap]! && sp.e <= m.end[info.cap]!) need.push(sp);
  }
  let row = info.unit;
  while (row !== info.cap && !need.every((sp) => within(m, row, sp.s, sp.e))) row = m.parent[row]!;

  const clean = info.exact || leftover(m, m.start[info.nameEl]!, m.end[info.nameEl]!, o, optKey) === '';
  const unitPure = leftover(m, m.start[info.unit]!, m.end[info.unit]!, o, optKey) === '' ? 1 : 0;
  return { score: [optionScore, qtyScore, clean ? 1 : 0, info.exact ? 1 : 0, unitPure], row, clean };
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Finds where each line item of the order is shown.
 *
 * An item is recognised by its product name (whole words, case/space/punctuation-insensitive,
 * across element boundaries and open shadow roots). Among its occurrences it prefers, in order:
 * one whose row shows the option name (the phrase, then all its words), one whose row shows the
 * quantity, a "clean" one (the name alone in its element, or with only the option, quantity and
 * prices beside it) over a name inside other words (an activity log sentence, which is used only
 * when the name appears nowhere else), an exact element/text-node match, then document order.
 * A name that is part of a longer item name ("Moth Tee" in "Moth Tee Deluxe") does not count.
 * Each occurrence and each row is used once. What cannot be placed is returned in `unplaced`.
 */
export function placeItems(
  root: ParentNode,
  items: readonly LineItem[],
): { placed: ItemPlacement[]; unplaced: LineItem[] } {
  const list = Array.isArray(items) ? items : [];
  try {
    if (list.length === 0) return { placed: [], unplaced: [] };
    const m = buildModel(root);
    const keys = list.map((it) => compactText(String(it?.productName ?? '')));
    const optKeys = list.map((it) => compactText(String(it?.optionName ?? '')));
    const optWords = list.map((it) => compactWords(String(it?.optionName ?? '')));

    const raw: Occ[] = [];
    for (const key of new Set(keys)) {
      if (!key) continue;
      for (const s of findWord(m, key)) raw.push({ s, e: s + key.length, key });
    }
    const occs = unmasked(raw);
    const idx = new OccIndex(occs);
    const byKey = new Map<string, number[]>();
    occs.forEach((o, i) => {
      const l = byKey.get(o.key) ?? [];
      l.push(i);
      byKey.set(o.key, l);
    });
    const infos = new Map<number, OccInfo | null>();
    const infoOf = (i: number) => {
      if (!infos.has(i)) {
        let inf: OccInfo | null = null;
        try {
          inf = occInfo(m, idx, occs[i]!);
        } catch {
          inf = null;
        }
        infos.set(i, inf);
      }
      return infos.get(i)!;
    };

    const cands: Candidate[] = [];
    list.forEach((item, ii) => {
      try {
        const key = keys[ii]!;
        if (!key) return;
        const mine: Candidate[] = [];
        for (const oi of byKey.get(key) ?? []) {
          const info = infoOf(oi);
          if (!info) continue;
          const sc = scoreCandidate(m, occs[oi]!, info, item, optKeys[ii]!, optWords[ii]!);
          mine.push({ item: ii, occ: oi, score: sc.score, row: sc.row, nameEl: info.nameEl, clean: sc.clean });
        }
        // A name inside other words is a last resort: only when it shows nowhere on its own, and
        // never for very short names ("A" is a word in every sentence).
        const clean = mine.filter((c) => c.clean);
        if (clean.length > 0) cands.push(...clean);
        else if (key.length >= 3) cands.push(...mine);
      } catch {
        /* this item stays unplaced */
      }
    });

    cands.sort(
      (a, b) => compareScores(a.score, b.score) || a.item - b.item || occs[a.occ]!.s - occs[b.occ]!.s,
    );
    const itemDone = new Set<number>();
    const occUsed = new Set<number>();
    const rowUsed = new Set<number>();
    const rowAncestors = new Set<number>();
    const placedBy = new Map<number, ItemPlacement>();
    for (const c of cands) {
      if (itemDone.has(c.item) || occUsed.has(c.occ)) continue;
      // Never two items on one row, nor one row inside another's.
      if (rowAncestors.has(c.row)) continue;
      let clash = false;
      for (let a = c.row; a >= 0 && !clash; a = m.parent[a]!) clash = rowUsed.has(a);
      if (clash) continue;
      itemDone.add(c.item);
      occUsed.add(c.occ);
      rowUsed.add(c.row);
      for (let a = c.row; a >= 0; a = m.parent[a]!) rowAncestors.add(a);
      placedBy.set(c.item, { item: list[c.item]!, row: m.els[c.row]!, nameEl: m.els[c.nameEl]! });
    }
    const placed: ItemPlacement[] = [];
    const unplaced: LineItem[] = [];
    list.forEach((item, ii) => {
      const p = placedBy.get(ii);
      if (p) placed.push(p);
      else unplaced.push(item);
    });
    return { placed, unplaced };
  } catch {
    return { placed: [], unplaced: [...list] };
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Order numbers on the page                                                                   */
/* ------------------------------------------------------------------------------------------ */

function isHeading(el: Element): boolean {
  const tag = tagOf(el);
  if (/^h[1-6]$/.test(tag)) return true;
  try {
    return el.getAttribute('role') === 'heading';
  } catch {
    return false;
  }
}

/**
 * The known order number shown on the page, for pages whose URL holds none. Whole-word,
 * case-insensitive; one inside a heading wins, then one in the document title, then the first
 * in document order.
 */
export function findKnownOrderId(root: ParentNode, knownIds: readonly string[]): string | null {
  try {
    const ids = distinctIds(knownIds);
    if (ids.size === 0) return null;
    const m = buildModel(root);
    let first: { s: number; id: string } | null = null;
    let heading: { s: number; id: string } | null = null;
    for (const [key, id] of ids) {
      for (const s of findWord(m, key)) {
        if (!first || s < first.s) first = { s, id };
        if (heading && heading.s < s) continue;
        for (let el = coverOf(m, s, s + key.length); el >= 0; el = m.parent[el]!) {
          if (isHeading(m.els[el]!)) {
            heading = { s, id };
            break;
          }
        }
      }
    }
    if (heading) return heading.id;
    const doc = root as Partial<Document>;
    if (doc && doc.nodeType === 9 && typeof doc.title === 'string' && doc.title) {
      const t = compactWithBreaks(doc.title);
      const tm: Haystack = { text: t.text, brk: Uint8Array.from([...t.brk, 1]) };
      let best: { s: number; id: string } | null = null;
      for (const [key, id] of ids) {
        const s = findWord(tm, key)[0];
        if (s !== undefined && (!best || s < best.s)) best = { s, id };
      }
      if (best) return best.id;
    }
    return first ? first.id : null;
  } catch {
    return null;
  }
}

function distinctIds(knownIds: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const id of Array.isArray(knownIds) ? knownIds : []) {
    if (typeof id !== 'string') continue;
    const key = compactText(id);
    if (key && !ids.has(key)) ids.set(key, id);
  }
  return ids;
}

/** Order-number-looking text ("MOTH-100234"), known or not: it tells rows apart on a list. */
const ID_LIKE = /(?<![\p{L}\p{N}])\p{L}{2,}-\d{3,}(?![\p{L}\p{N}])/gu;

/**
 * The orders list: for each known order number shown, its element (`idEl`, the smallest holding
 * the number) and its row (the largest element holding no other order number, when it is one of
 * several alike siblings; otherwise the smallest element around the number holding more than it).
 */
export function findOrderRows(
  root: ParentNode,
  knownIds: readonly string[],
): { id: string; row: Element; idEl: Element }[] {
  try {
    const ids = distinctIds(knownIds);
    if (ids.size === 0) return [];
    const m = buildModel(root);
    const known: Occ[] = [];
    for (const key of ids.keys()) for (const s of findWord(m, key)) known.push({ s, e: s + key.length, key });
    if (known.length === 0) return [];
    const delims: Occ[] = [...known];
    for (let k = 0; k < m.segText.length; k++) {
      const t = m.segText[k]!;
      if (!t.includes('-')) continue;
      ID_LIKE.lastIndex = 0;
      let r: RegExpExecArray | null;
      while ((r = ID_LIKE.exec(t)) !== null) {
        const key = compactText(r[0]);
        const s = m.text.indexOf(key, m.segStart[k]!);
        if (s >= 0 && s + key.length <= m.segEnd[k]!) delims.push({ s, e: s + key.length, key });
      }
    }
    const idx = new OccIndex(delims);
    known.sort((a, b) => a.s - b.s);

    const found: { id: string; row: number; idEl: number; listed: boolean; s: number }[] = [];
    for (const o of known) {
      const idEl = coverOf(m, o.s, o.e);
      if (idEl < 0) continue;
      if (idx.other(m.start[idEl]!, m.end[idEl]!, o, o.key)) continue;
      let bound = idEl;
      for (let p = m.parent[bound]!; p >= 0; p = m.parent[p]!) {
        if (idx.other(m.start[p]!, m.end[p]!, o, o.key)) break;
        bound = p;
      }
      const listed = hasAlikeSiblingWithOtherId(m, idx, bound, o);
      let row = bound;
      if (!listed) {
        row = idEl;
        while (row !== bound && m.kids[row]! < 2) row = m.parent[row]!;
      }
      found.push({ id: ids.get(o.key)!, row, idEl, listed, s: o.s });
    }
    // One row per id: prefer an occurrence in a list row, then the first.
    found.sort((a, b) => Number(b.listed) - Number(a.listed) || a.s - b.s);
    const seen = new Set<string>();
    const rows: number[] = [];
    const out: { id: string; row: Element; idEl: Element; s: number }[] = [];
    for (const f of found) {
      if (seen.has(f.id)) continue;
      if (rows.some((r) => isAncestorOrSelf(m, r, f.row) || isAncestorOrSelf(m, f.row, r))) continue;
      seen.add(f.id);
      rows.push(f.row);
      out.push({ id: f.id, row: m.els[f.row]!, idEl: m.els[f.idEl]!, s: f.s });
    }
    out.sort((a, b) => a.s - b.s);
    return out.map(({ id, row, idEl }) => ({ id, row, idEl }));
  } catch {
    return [];
  }
}

function hasAlikeSiblingWithOtherId(m: Model, idx: OccIndex, el: number, o: Occ): boolean {
  const p = m.parent[el]!;
  if (p < 0) return false;
  const tag = tagOf(m.els[el]!);
  if (tag === 'body' || tag === 'html') return false;
  for (let c = m.firstChild[p]!; c >= 0; c = m.next[c]!) {
    if (c === el || tagOf(m.els[c]!) !== tag) continue;
    if (idx.other(m.start[c]!, m.end[c]!, o, o.key)) return true;
  }
  return false;
}
