/**
 * The text model of a page: all visible text folded into one compact string, each element
 * knowing the range its subtree produced, and whole-word search over it.
 */
import { isElement, MEDIA_TAGS, NO_TEXT_TAGS, openShadow, SKIP_TAGS, tagOf } from './dom';
import { ASCII_ONLY, compactInto, isWordUnit } from './text';

/** Compact text with its break flags (brk has one more entry than text, set at the end). */
export interface Haystack {
  text: string;
  brk: Uint8Array;
}

export interface Model extends Haystack {
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
export function segTextOf(m: Model, k: number): string {
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

/**
 * Adds a text node's text (or a quantity field's value) owned by element `owner`; `brk`
 * collects the break flags of the text so far (m.text grows with it).
 */
function appendText(m: Model, brk: number[], raw: string, owner: number): void {
  if (!raw) return;
  const text = compactInto(raw, brk);
  if (!text) return;
  m.segStart.push(m.text.length);
  m.text += text;
  m.segEnd.push(m.text.length);
  m.segOwner.push(owner);
  m.segRaw.push(raw);
  if (owner >= 0) m.kids[owner]!++;
}

function addElement(m: Model, el: Element, tag: string, parent: number, prevSibling: number): number {
  const idx = m.els.length;
  m.els.push(el);
  m.tag.push(tag);
  m.parent.push(parent);
  m.start.push(m.text.length);
  m.end.push(m.text.length);
  m.kids.push(0);
  m.firstChild.push(-1);
  m.next.push(-1);
  if (prevSibling >= 0) m.next[prevSibling] = idx;
  else if (parent >= 0) m.firstChild[parent] = idx;
  return idx;
}

function frameFor(m: Model, n: Node, idx: number): Frame {
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
}

/** Reads node n, a child of frame f; returns the frame to descend into, if any. */
function visit(m: Model, brk: number[], n: Node, f: Frame): Frame | null {
  const type = n.nodeType;
  if (type === 3) appendText(m, brk, n.nodeValue ?? '', f.idx);
  else if (type === 1) {
    const el = n as Element;
    const tag = tagOf(el);
    if (excludedFromText(el, tag)) return null;
    const idx = addElement(m, el, tag, f.idx, f.last);
    f.last = idx;
    if (tag === 'input') {
      // A quantity may be an editable number field.
      const v = String((el as HTMLInputElement).value ?? el.getAttribute('value') ?? '');
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if ((type === 'number' || type === 'text') && /^\s*\d{1,4}\s*$/.test(v)) {
        appendText(m, brk, v.trim(), idx);
      }
    }
    return frameFor(m, el, idx);
  }
  return null;
}

export function buildModel(root: ParentNode): Model {
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
    brk: Uint8Array.of(1),
    segStart: [],
    segEnd: [],
    segOwner: [],
    segRaw: [],
    segText: [],
    shadows: [],
  };
  const brk: number[] = [];
  const stack: Frame[] = [];
  let rootIdx = -1;
  if (isElement(root)) {
    const tag = tagOf(root);
    if (excludedFromText(root, tag)) return m;
    rootIdx = addElement(m, root, tag, -1, -1);
  }
  stack.push(frameFor(m, root as unknown as Node, rootIdx));
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
        // The element's text ends here; its parent holds one more thing if it showed any.
        m.end[f.idx] = m.text.length;
        const p = m.parent[f.idx]!;
        if (p >= 0 && (m.text.length > m.start[f.idx]! || MEDIA_TAGS.has(m.tag[f.idx]!))) m.kids[p]!++;
      }
      continue;
    }
    try {
      f.cur = n.nextSibling;
    } catch {
      f.cur = null;
    }
    try {
      const child = visit(m, brk, n, f);
      if (child) stack.push(child);
    } catch {
      /* a hostile node: skip it */
    }
  }
  m.brk = new Uint8Array(m.text.length + 1);
  for (let i = 0; i < brk.length; i++) m.brk[i] = brk[i]!;
  m.brk[m.text.length] = 1;
  return m;
}

/** Is there a word boundary just before position i of the compact text? */
export function boundaryAt(m: Haystack, i: number): boolean {
  if (i <= 0 || i >= m.text.length) return true;
  if (m.brk[i]) return true;
  return !isWordUnit(m.text.charCodeAt(i - 1)) || !isWordUnit(m.text.charCodeAt(i));
}

/** Start positions of whole-word occurrences of `key` in [from, to). */
export function findWord(m: Haystack, key: string, from = 0, to = m.text.length): number[] {
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
export function segmentAt(m: Model, pos: number): number {
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
export function coverOf(m: Model, s: number, e: number): number {
  const k = segmentAt(m, s);
  if (k < 0) return -1;
  let el = m.segOwner[k]!;
  while (el >= 0 && !(m.start[el]! <= s && m.end[el]! >= e)) el = m.parent[el]!;
  return el;
}

export const within = (m: Model, el: number, s: number, e: number) => m.start[el]! <= s && e <= m.end[el]!;

/** Is `anc` an ancestor-or-self of `el`? */
export function isAncestorOrSelf(m: Model, anc: number, el: number): boolean {
  for (let x = el; x >= 0; x = m.parent[x]!) if (x === anc) return true;
  return false;
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
export function unitOf(m: Model, el: number, bound: number): number {
  let u = el;
  while (u !== bound && m.kids[u]! < 2 && !isRowElement(m.els[u]!, m.tag[u]!)) u = m.parent[u]!;
  return u;
}
