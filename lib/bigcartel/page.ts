/**
 * Reading the Big Cartel admin pages: every page-reading rule of the extension lives here
 * (the Refined GitHub "selectors in one module" model).
 *
 * The admin's DOM is not documented and changes, so nothing here uses a class name or an id.
 * Items are found by what the API says the order holds (product name, option name, quantity),
 * in the document and in every open shadow root. Everything is a pure function of the DOM it is
 * given: no `browser.*`, no UI, no HTML parsing or writing, and no function throws (a failure
 * reads as "nothing found", so the overlay falls back to its own panel).
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
  'new',
  'export',
  'exports',
  'import',
  'imports',
  'search',
  'filter',
  'filters',
  'bulk',
  'batch',
  'print',
  'labels',
  'label',
  'packing_slips',
  'packing-slips',
  'invoices',
  'archive',
  'archived',
  'all',
  'shipped',
  'unshipped',
  'pending',
  'completed',
  'cancelled',
  'canceled',
  'refunded',
  'page',
  'settings',
  'edit',
  'stats',
  'reports',
  'recent',
  'drafts',
  'index',
]);

/** Second path segments after /products/ that are pages, not product ids. */
const PRODUCT_RESERVED = new Set([
  'new',
  'export',
  'exports',
  'import',
  'imports',
  'search',
  'filter',
  'filters',
  'bulk',
  'batch',
  'categories',
  'category',
  'sort',
  'reorder',
  'page',
  'settings',
  'edit',
  'inventory',
  'options',
  'archived',
  'all',
  'index',
]);

/** Segments after /orders that still show the orders list (tabs, filters). */
const ORDER_LIST_TABS = new Set([
  'all',
  'shipped',
  'unshipped',
  'pending',
  'completed',
  'cancelled',
  'canceled',
  'archived',
  'refunded',
  'search',
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
  'head',
  'title',
  'select',
  'datalist',
  'option',
  'optgroup',
  'textarea',
  'iframe',
  'object',
]);
/** Elements that make a container "hold something" even without text. */
const MEDIA_TAGS = new Set(['img', 'picture', 'svg', 'video', 'canvas', 'input', 'button', 'select']);

const isElement = (n: unknown): n is Element => !!n && typeof n === 'object' && (n as Node).nodeType === 1;

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

/** Elements that may host a shadow root (DOM standard): custom elements and these. */
const SHADOW_HOSTS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);

function openShadow(el: Element, tag = tagOf(el)): ShadowRoot | null {
  if (!tag.includes('-') && !SHADOW_HOSTS.has(tag)) return null;
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
      if (sr) for (let c = sr.firstElementChild; c; c = c.nextElementSibling) out.push(c);
    }
    for (let c = n.firstElementChild; c; c = c.nextElementSibling) out.push(c);
  } catch {
    /* a hostile node: read what we could */
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
  if (ch.length === 1 && c < 128) return ASCII_CLASS[c]!;
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
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  }
  let w = wordCache.get(code);
  if (w === undefined) {
    w = /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCharCode(code));
    if (wordCache.size < 5000) wordCache.set(code, w);
  }
  return w;
}

const ASCII_CLASS = new Uint8Array(128).fill(BREAK);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) ASCII_CLASS[c] = KEEP;
}
const ASCII_SYMBOLS = '$+<=>^`|~';
for (const ch of ASCII_SYMBOLS) ASCII_CLASS[ch.charCodeAt(0)] = KEEP;

const ASCII_ONLY = /^[\x00-\x7f]*$/;

function fold(raw: string): string {
  let s = raw;
  if (!ASCII_ONLY.test(s)) {
    try {
      s = s.normalize('NFKC');
    } catch {
      /* keep */
    }
  }
  return s.toLowerCase();
}

/**
 * Compact text of a string; pushes its break flags onto `brk` (1 when a break precedes the
 * char). A surrogate pair is one character: its second unit never gets a break.
 */
function compactInto(raw: string, brk: number[]): string {
  const s = fold(raw);
  let text = '';
  let pending = true;
  let run = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k: number;
    let w = 1;
    if (c < 128) k = ASCII_CLASS[c]!;
    else {
      let ch = s[i]!;
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        ch = s.slice(i, i + 2);
        w = 2;
      }
      k = classify(ch);
    }
    if (k === KEEP) {
      if (run < 0) run = i;
      brk.push(pending ? 1 : 0);
      if (w === 2) brk.push(0);
      pending = false;
    } else {
      if (run >= 0) {
        text += s.slice(run, i);
        run = -1;
      }
      if (k === BREAK) pending = true;
    }
    i += w - 1;
  }
  if (run >= 0) text += s.slice(run);
  return text;
}

/** Compact text of a string, with its break flags. */
function compactWithBreaks(raw: string): { text: string; brk: number[] } {
  const brk: number[] = [];
  const text = compactInto(raw, brk);
  return { text, brk };
}

/** The compact form used as a search key: "Moth Logo Hoodie — Black / L" -> "mothlogohoodieblackl". */
export function compactText(raw: string): string {
  return compactWithBreaks(raw).text;
}

/** The words of a string in compact form: "Black / L" -> ["black", "l"]. */
function compactWords(raw: string): string[] {
  const brk: number[] = [];
  const text = compactInto(raw, brk);
  const words: string[] = [];
  let from = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || brk[i]) {
      words.push(text.slice(from, i));
      from = i;
    }
  }
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
  /** lower-case local names of els */
  tag: string[];
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
  /** the text node's text as read */
  segRaw: string[];
  /** segTextOf's cache: NFKC, whitespace collapsed, case kept */
  segText: (string | undefined)[];
  /** the open shadow roots read */
  shadows: ShadowRoot[];
}

/**
 * The page as read for placing line items. It can be read ahead (while the order is on its way
 * from the background) and handed to placeItems; it is only valid while nothing under the root
 * or its `shadows` has changed: the caller watches for that.
 */
export interface PageReading {
  readonly root: ParentNode;
  readonly shadows: readonly ShadowRoot[];
}

export function readPage(root: ParentNode): PageReading {
  const m = buildModel(root);
  return { root, shadows: m.shadows, model: m } as PageReading;
}

const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/** Not read as page text: code, form internals, our own overlay, hidden subtrees. */
function excludedFromText(el: Element, tag: string): boolean {
  if (SKIP_TAGS.has(tag) || NO_TEXT_TAGS.has(tag)) return true;
  try {
    if (!el.hasAttributes()) return false;
    if (el.hasAttribute('data-ink-overlay') || el.hasAttribute('hidden')) return true;
    const style = el.getAttribute('style');
    return !!style && HIDING_STYLE.test(style);
  } catch {
    return true;
  }
}

/** The text of segment k as shown: NFKC, whitespace collapsed, case kept. */
function segTextOf(m: Model, k: number): string {
  let t = m.segText[k];
  if (t === undefined) {
    const raw = m.segRaw[k] ?? '';
    let shown = raw;
    if (!ASCII_ONLY.test(raw)) {
      try {
        shown = raw.normalize('NFKC');
      } catch {
        /* keep */
      }
    }
    t = shown.replace(/\s+/g, ' ').trim();
    m.segText[k] = t;
  }
  return t;
}

function buildModel(root: ParentNode): Model {
  const m: Model = {
    els: [],
    tag: [],
    parent: [],
    start: [],
    end: [],
    kids: [],
    firstChild: [],
    next: [],
    text: '',
    brk: new Uint8Array(1),
    segStart: [],
    segEnd: [],
    segOwner: [],
    segRaw: [],
    segText: [],
    shadows: [],
  };
  const parts: string[] = [];
  const brk: number[] = [];
  let len = 0;

  const appendText = (raw: string, owner: number) => {
    if (!raw) return;
    const text = compactInto(raw, brk);
    if (!text) return;
    m.segStart.push(len);
    parts.push(text);
    len += text.length;
    m.segEnd.push(len);
    m.segOwner.push(owner);
    m.segRaw.push(raw);
    if (owner >= 0) m.kids[owner]!++;
  };

  const addElement = (el: Element, tag: string, parent: number, prevSibling: number): number => {
    const idx = m.els.length;
    m.els.push(el);
    m.tag.push(tag);
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

  /**
   * Children are walked by sibling pointers (an open shadow root's first, then the light ones):
   * no array copies, which matters in happy-dom where a NodeList is a Proxy.
   */
  interface Frame {
    idx: number;
    cur: Node | null;
    light: Node | null;
    last: number;
  }
  const frameFor = (n: Node, idx: number): Frame => {
    let cur: Node | null = null;
    let light: Node | null = null;
    try {
      const sr = isElement(n) ? openShadow(n, idx >= 0 ? m.tag[idx] : undefined) : null;
      if (sr) {
        m.shadows.push(sr);
        cur = sr.firstChild;
        light = n.firstChild;
      } else cur = n.firstChild;
    } catch {
      /* no children */
    }
    return { idx, cur, light, last: -1 };
  };

  const stack: Frame[] = [];
  let rootIdx = -1;
  if (isElement(root)) {
    const tag = tagOf(root);
    if (excludedFromText(root, tag)) return finish();
    rootIdx = addElement(root, tag, -1, -1);
  }
  stack.push(frameFor(root as unknown as Node, rootIdx));

  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.cur === null && f.light !== null) {
      f.cur = f.light;
      f.light = null;
    }
    const n = f.cur;
    if (n === null) {
      stack.pop();
      if (f.idx >= 0) {
        m.end[f.idx] = len;
        const p = m.parent[f.idx]!;
        if (p >= 0 && (len > m.start[f.idx]! || MEDIA_TAGS.has(m.tag[f.idx]!))) m.kids[p]!++;
      }
      continue;
    }
    try {
      f.cur = n.nextSibling;
    } catch {
      f.cur = null;
    }
    try {
      const type = n.nodeType;
      if (type === 3) {
        appendText(n.nodeValue ?? '', f.idx);
      } else if (type === 1) {
        const el = n as Element;
        const tag = tagOf(el);
        if (excludedFromText(el, tag)) continue;
        const idx = addElement(el, tag, f.idx, f.last);
        f.last = idx;
        if (tag === 'input') {
          // A quantity may be an editable number field.
          const v = String((el as HTMLInputElement).value ?? el.getAttribute('value') ?? '');
          const type = (el.getAttribute('type') || 'text').toLowerCase();
          if ((type === 'number' || type === 'text') && /^\s*\d{1,4}\s*$/.test(v)) {
            appendText(v.trim(), idx);
          }
        }
        stack.push(frameFor(el, idx));
      }
    } catch {
      /* a hostile node: skip it */
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
  if (!key || to - from < key.length) return out;
  // A bounded search looks at the bounded text only, not up to the next hit in the page.
  const whole = from === 0 && to >= m.text.length;
  const hay = whole ? m.text : m.text.slice(from, to);
  let i = hay.indexOf(key);
  while (i !== -1) {
    const s = i + (whole ? 0 : from);
    if (boundaryAt(m, s) && boundaryAt(m, s + key.length)) out.push(s);
    i = hay.indexOf(key, i + 1);
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
  /** How many different keys occur inside [a, b), counting up to `limit`. */
  distinctKeys(a: number, b: number, limit: number): number {
    const seen = new Set<string>();
    for (let i = this.firstFrom(a); i < this.list.length && seen.size < limit; i++) {
      const p = this.list[i]!;
      if (p.s >= b) break;
      if (p.e <= b) seen.add(p.key);
    }
    return seen.size;
  }
  hasKey(a: number, b: number, key: string): boolean {
    for (let i = this.firstFrom(a); i < this.list.length; i++) {
      const p = this.list[i]!;
      if (p.s >= b) break;
      if (p.e <= b && p.key === key) return true;
    }
    return false;
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

/** Words that introduce a quantity, in the languages Big Cartel's admin may be shown in. */
const QTY_WORDS = 'qty|quantity|qté|quantité|menge|anzahl|cantidad|quantità|aantal';
/** A text node that is only a quantity: "2", "Qty: 2", "× 2", "2x", "2 pcs". */
const QTY_WHOLE = new RegExp(
  `^(?:${QTY_WORDS}|x|×|\\*)?\\s*[:.=]?\\s*(\\d{1,4})\\s*(?:x|×|pcs?|items?|units?)?$`,
  'iu',
);
/** A quantity after its word or sign, inside longer text: "Moth Tee x2", "Qty: 2". */
const QTY_BEFORE = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(?:${QTY_WORDS}|x|×)\\s*[:.=]?\\s*(\\d{1,4})(?![\\d.,]?\\d)`,
  'giu',
);
/** A quantity before its sign, inside longer text: "2 × Moth Tee". */
const QTY_AFTER = /(?:^|[^\p{L}\p{N}.,])(\d{1,4})\s*(?:x|×|pcs?|items?|units?)(?![\p{L}\p{N}])/giu;

const HAS_DIGIT = /[0-9\uff10-\uff19]/;

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
  const out: number[] = [];
  const raw = m.segRaw[k] ?? '';
  // Most text holds no digit at all: no need to normalise it or run the patterns.
  const t = HAS_DIGIT.test(raw) ? segTextOf(m, k).toLowerCase() : '';
  if (/^\d{1,4}$/.test(t)) out.push(Number(t));
  else if (t && t.length <= 200) {
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

/** Elements (and ARIA roles) that are a row of something by definition. */
const ROW_TAGS = new Set(['tr', 'li', 'article']);
const ROW_ROLES = new Set(['row', 'listitem', 'article']);

function isRowElement(el: Element, tag: string): boolean {
  if (ROW_TAGS.has(tag)) return true;
  try {
    return ROW_ROLES.has((el.getAttribute('role') ?? '').toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The smallest ancestor-or-self of `el` (up to `bound`) that holds more than `el`'s own thing:
 * an element with two or more children that show something, or a row element. A name cell
 * `<td><a>Moth Tee</a></td>` gives its `<tr>`; a log line `<li>Ada bought Moth Tee</li>` itself.
 */
function unitOf(m: Model, el: number, bound: number): number {
  let u = el;
  while (u !== bound && m.kids[u]! < 2 && !isRowElement(m.els[u]!, m.tag[u]!)) u = m.parent[u]!;
  return u;
}

/** Rows are short; evidence for an item is only looked for this close to its name. */
const ROW_CHARS = 400;
/** How many following siblings of a lone name cell may hold its option and quantity. */
const SIBLING_CELLS = 6;

interface Span {
  s: number;
  e: number;
}

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
  /** compact text of nameEl and of unit around the name, and whether it is bare without the option */
  nameRest: [string, string];
  unitRest: [string, string];
  nameBare: boolean;
  unitBare: boolean;
  /** the region's compact text; its words outside the name (made when first asked for) */
  regionText: string;
  regionWords: Set<string> | null;
  /** words of text nodes directly in nameEl..unit that are not labels or numbers */
  proseWords: string[];
  /** text nodes near the name that show quantities */
  qtys: (Span & { q: number[] })[];
}

interface Candidate {
  item: number;
  occ: number;
  score: number[];
  row: number;
  nameEl: number;
}

/** Words that label a value rather than say something ("Product:", "Qty", "SKU"). */
const LABEL_WORDS = new Set([
  'product',
  'products',
  'item',
  'items',
  'name',
  'title',
  'option',
  'options',
  'variant',
  'size',
  'colour',
  'color',
  'style',
  'qty',
  'quantity',
  'price',
  'total',
  'subtotal',
  'sku',
  'each',
  'ea',
  'x',
  'pcs',
  'pc',
  'unit',
  'units',
  'of',
]);
const NUMBERISH = /^[\d\p{Sc}×x]+$/u;

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
  const unit = unitOf(m, nameEl, bound);
  let cap = unit;
  while (cap !== bound) {
    const p = m.parent[cap]!;
    if (m.end[p]! - m.start[p]! > ROW_CHARS) break;
    cap = p;
  }
  const rs = m.start[cap]!;
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
  const k0 = segmentAt(m, o.s);
  const exact =
    (m.start[nameEl] === o.s && m.end[nameEl] === o.e) || (k0 >= 0 && m.segStart[k0] === o.s && m.segEnd[k0] === o.e);
  const around = (el: number): [string, string] => [m.text.slice(m.start[el]!, o.s), m.text.slice(o.e, m.end[el]!)];

  // Prose: text nodes sitting directly in the name element or its ancestors up to the unit,
  // beside the name ("Ada Lovelace bought <a>Moth Tee</a>").
  const proseWords: string[] = [];
  for (let el = nameEl; el >= 0; el = m.parent[el]!) {
    const last = m.end[el]!;
    const first = Math.max(0, segmentAt(m, m.start[el]!));
    for (let k = first; k < m.segStart.length && m.segStart[k]! < last; k++) {
      if (m.segOwner[k] !== el) continue;
      if (m.segStart[k]! < o.e && m.segEnd[k]! > o.s) continue; // the name's own text node
      for (const w of compactWords(m.segRaw[k]!)) {
        if (!LABEL_WORDS.has(w) && !NUMBERISH.test(w)) proseWords.push(w);
      }
    }
    if (el === unit) break;
  }

  // Quantities shown near the name; the name's own text node counts ("Moth Tee x2") unless it
  // is nothing but the name.
  const qtys: (Span & { q: number[] })[] = [];
  for (let k = Math.max(0, segmentAt(m, rs)); k < m.segStart.length && m.segStart[k]! < re; k++) {
    if (m.segEnd[k]! <= rs) continue;
    if (m.segStart[k]! >= o.s && m.segEnd[k]! <= o.e) continue;
    const q = segmentQuantities(m, k);
    if (q.length > 0) qtys.push({ s: m.segStart[k]!, e: m.segEnd[k]!, q });
  }

  const nameRest = around(nameEl);
  const unitRest = around(unit);
  return {
    nameEl,
    bound,
    unit,
    cap,
    rs,
    re,
    exact,
    nameRest,
    unitRest,
    nameBare: exact || bareBeside(nameRest, ''),
    unitBare: bareBeside(unitRest, ''),
    regionText: m.text.slice(rs, re),
    regionWords: null,
    proseWords,
    qtys,
  };
}

/** Letters left beside the name once the option and quantity/price marks are taken out. */
const scCache = new Map<number, boolean>();
/** Digits, currency signs and "×": the marks of quantities and prices. */
function isNumberMark(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || code === 36;
  if (code === 215 || code === 163 || code === 8364) return true; // × £ €
  let v = scCache.get(code);
  if (v === undefined) {
    v = /^[\p{Nd}\p{Sc}]$/u.test(String.fromCharCode(code));
    if (scCache.size < 5000) scCache.set(code, v);
  }
  return v;
}

const QTY_CHUNK = /^(?:x|qty|quantity|each|ea|pcs|pc)+$/;

/**
 * Does nothing but quantity and price marks stand beside the name once the option is taken
 * out? `rest` is the compact text before and after the name.
 */
function bareBeside(rest: [string, string], optKey: string): boolean {
  for (const part of rest) {
    if (!part) continue;
    for (const piece of optKey ? part.split(optKey) : [part]) {
      let chunk = '';
      for (let i = 0; i < piece.length; i++) {
        if (!isNumberMark(piece.charCodeAt(i))) chunk += piece[i];
      }
      if (chunk && !QTY_CHUNK.test(chunk)) return false;
    }
  }
  return true;
}

function nearest(positions: Span[], o: Span): Span | null {
  let best: Span | null = null;
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

/** What an occurrence says about one option name (shared by items with the same option). */
interface OptionView {
  clean: boolean;
  optionScore: number;
  optSpan: Span | null;
  unitPure: boolean;
}

/** The words of an occurrence's region, outside the name. */
function regionWordsOf(m: Model, o: Occ, info: OccInfo): Set<string> {
  if (info.regionWords) return info.regionWords;
  const words = new Set<string>();
  let from = info.rs;
  for (let i = info.rs + 1; i <= info.re; i++) {
    if (i === info.re || m.brk[i]) {
      if (from >= o.e || i <= o.s) words.add(m.text.slice(from, i));
      from = i;
    }
  }
  info.regionWords = words;
  return words;
}

function optionView(m: Model, o: Occ, info: OccInfo, optKey: string, optWords: string[]): OptionView {
  const withOption = (rest: [string, string], bare: boolean) =>
    bare || (!!optKey && (rest[0].includes(optKey) || rest[1].includes(optKey)) && bareBeside(rest, optKey));
  // Clean: the name alone in its element (or with only its option, quantity, prices), and not
  // inside a sentence.
  const clean =
    withOption(info.nameRest, info.nameBare) &&
    (info.proseWords.length === 0 || info.proseWords.every((w) => optWords.includes(w)));
  // Option: the phrase (2), or all its words (1), near the name but not inside it.
  let optionScore = 0;
  let optSpan: Span | null = null;
  if (optKey && info.regionText.includes(optKey)) {
    const hits: Span[] = [];
    for (let i = info.regionText.indexOf(optKey); i !== -1; i = info.regionText.indexOf(optKey, i + 1)) {
      const s = info.rs + i;
      const e = s + optKey.length;
      if ((e <= o.s || s >= o.e) && boundaryAt(m, s) && boundaryAt(m, e)) hits.push({ s, e });
    }
    optSpan = nearest(hits, o);
    if (optSpan) optionScore = 2;
  }
  if (!optSpan && optWords.length > 1 && optWords.every((w) => regionWordsOf(m, o, info).has(w))) {
    optionScore = 1;
  }
  return { clean, optionScore, optSpan, unitPure: withOption(info.unitRest, info.unitBare) };
}

function scoreCandidate(
  m: Model,
  o: Occ,
  info: OccInfo,
  view: OptionView,
  quantity: number,
): { score: number[]; row: number } {
  // Quantity: +1 shown and equal, -1 only other quantities shown, 0 none shown.
  const qtySpan = nearest(
    info.qtys.filter((x) => x.q.includes(quantity)),
    o,
  );
  const qtyScore = qtySpan ? 1 : info.qtys.length > 0 ? -1 : 0;
  // The row: the smallest ancestor (from the unit up, within the row-sized cap) holding the
  // name and the option and quantity found near it.
  const need: Span[] = [o];
  for (const sp of [view.optSpan, qtySpan]) {
    if (sp && sp.s >= m.start[info.cap]! && sp.e <= m.end[info.cap]!) need.push(sp);
  }
  let row = info.unit;
  while (row !== info.cap && !need.every((sp) => within(m, row, sp.s, sp.e))) row = m.parent[row]!;
  return {
    score: [view.optionScore, qtyScore, view.clean ? 1 : 0, info.exact ? 1 : 0, view.unitPure ? 1 : 0],
    row,
  };
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
  reading?: PageReading | null,
): { placed: ItemPlacement[]; unplaced: LineItem[] } {
  const list = Array.isArray(items) ? items : [];
  try {
    if (list.length === 0) return { placed: [], unplaced: [] };
    const pre = reading && reading.root === root ? (reading as PageReading & { model?: Model }).model : undefined;
    const m = pre ?? buildModel(root);
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

    // Items with the same name and option see the same things at each occurrence: work that
    // depends only on (occurrence, option) is done once per group.
    const groups = new Map<string, number[]>();
    list.forEach((_, ii) => {
      if (!keys[ii]) return;
      const g = `${keys[ii]}\u0000${optKeys[ii]}`;
      const l = groups.get(g);
      if (l) l.push(ii);
      else groups.set(g, [ii]);
    });
    const cands: Candidate[] = [];
    for (const members of groups.values()) {
      try {
        const first = members[0]!;
        const key = keys[first]!;
        const optKey = optKeys[first]!;
        const mine: { oi: number; info: OccInfo; view: OptionView }[] = [];
        for (const oi of byKey.get(key) ?? []) {
          const info = infoOf(oi);
          if (!info) continue;
          mine.push({ oi, info, view: optionView(m, occs[oi]!, info, optKey, optWords[first]!) });
        }
        // A name inside other words is a last resort: only when it shows nowhere on its own, and
        // never for very short names ("A" is a word in every sentence).
        const clean = mine.filter((c) => c.view.clean);
        const kept = clean.length > 0 ? clean : key.length >= 3 ? mine : [];
        for (const ii of members) {
          const q = Number(list[ii]!.quantity);
          for (const c of kept) {
            const sc = scoreCandidate(m, occs[c.oi]!, c.info, c.view, q);
            cands.push({ item: ii, occ: c.oi, score: sc.score, row: sc.row, nameEl: c.info.nameEl });
          }
        }
      } catch {
        /* these items stay unplaced */
      }
    }

    cands.sort((a, b) => compareScores(a.score, b.score) || a.item - b.item || occs[a.occ]!.s - occs[b.occ]!.s);
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
 * the number) and its row: the largest element holding no other order number, when its siblings
 * of the same tag are rows of other orders; otherwise the smallest element around the number
 * holding more than it. Order numbers the extension does not know ("MOTH-100240") still separate
 * rows. A number shown twice (a banner and the list) is taken from the longest list.
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
    for (const key of ids.keys()) {
      for (const s of findWord(m, key)) known.push({ s, e: s + key.length, key });
    }
    if (known.length === 0) return [];
    const delims: Occ[] = [...known];
    for (let k = 0; k < m.segRaw.length; k++) {
      if (!m.segRaw[k]!.includes('-')) continue;
      const t = segTextOf(m, k);
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

    const found: { id: string; row: number; idEl: number; listed: number; s: number }[] = [];
    for (const o of known) {
      const idEl = coverOf(m, o.s, o.e);
      if (idEl < 0) continue;
      if (idx.other(m.start[idEl]!, m.end[idEl]!, o, o.key)) continue;
      let bound = idEl;
      for (let p = m.parent[bound]!; p >= 0; p = m.parent[p]!) {
        if (idx.other(m.start[p]!, m.end[p]!, o, o.key)) break;
        bound = p;
      }
      const listed = alikeRowSiblings(m, idx, bound, o);
      const row = listed > 0 ? bound : unitOf(m, idEl, bound);
      found.push({ id: ids.get(o.key)!, row, idEl, listed, s: o.s });
    }
    // One row per id: prefer an occurrence in a list row, then the first.
    found.sort((a, b) => b.listed - a.listed || a.s - b.s);
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

/**
 * How many siblings of `el` look like rows of other orders: the same tag, and exactly one order
 * number in them, not ours. A list row has some; a banner next to the list (a sibling holding
 * the whole list, i.e. many numbers) has none.
 */
function alikeRowSiblings(m: Model, idx: OccIndex, el: number, o: Occ): number {
  const p = m.parent[el]!;
  if (p < 0) return 0;
  const tag = m.tag[el]!;
  if (tag === 'body' || tag === 'html') return 0;
  let n = 0;
  for (let c = m.firstChild[p]!; c >= 0; c = m.next[c]!) {
    if (c === el || m.tag[c] !== tag) continue;
    const a = m.start[c]!;
    const b = m.end[c]!;
    if (idx.distinctKeys(a, b, 2) === 1 && !idx.hasKey(a, b, o.key)) n++;
  }
  return n;
}

// ---- order numbers in the text ------------------------------------------------------------------
/**
 * Order-number-looking strings in the page's text ("MOTH-100234": letters, a dash, digits), open
 * shadow roots included. The background says which of them it knows (one getOrderChips call);
 * findOrderRows / findKnownOrderId then find where the known ones are.
 */
const NO_TEXT = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'option', 'title', 'head']);

export function orderIdCandidates(root: ParentNode, max = 500): string[] {
  const out = new Set<string>();
  const scan = (parent: ParentNode) => {
    for (const n of Array.from(parent.childNodes)) {
      if (n.nodeType !== 3) continue;
      const text = n.nodeValue ?? '';
      if (!text.includes('-')) continue;
      ID_LIKE.lastIndex = 0;
      for (let m = ID_LIKE.exec(text); m; m = ID_LIKE.exec(text)) {
        out.add(m[0]);
        out.add(m[0].toUpperCase());
        if (out.size >= max) return;
      }
    }
  };
  try {
    if (root.nodeType !== 1) scan(root);
    for (const el of deepElements(root)) {
      if (out.size >= max) break;
      if (NO_TEXT.has(el.localName)) continue;
      scan(el);
      const sr = el.shadowRoot;
      if (sr && sr.mode === 'open') scan(sr);
    }
  } catch {
    /* what we found so far */
  }
  return [...out].slice(0, max);
}
