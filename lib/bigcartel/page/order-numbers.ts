/** Order numbers on the page: which known order a page shows, and the rows of the orders list. */
import { deepElements, tagOf } from './dom';
import { buildModel, coverOf, findWord, type Haystack, isAncestorOrSelf, type Model, segTextOf, unitOf } from './model';
import { distinctKeys, hasKey, type Occ, type OccIndex, occIndex, otherOcc } from './occurrences';
import { compactText, compactWithBreaks } from './text';

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
      for (const r of t.matchAll(ID_LIKE)) {
        const key = compactText(r[0]);
        const s = m.text.indexOf(key, m.segStart[k]!);
        if (s >= 0 && s + key.length <= m.segEnd[k]!) delims.push({ s, e: s + key.length, key });
      }
    }
    const idx = occIndex(delims);
    known.sort((a, b) => a.s - b.s);

    const found: { id: string; row: number; idEl: number; listed: number; s: number }[] = [];
    for (const o of known) {
      const idEl = coverOf(m, o.s, o.e);
      if (idEl < 0) continue;
      if (otherOcc(idx, m.start[idEl]!, m.end[idEl]!, o, o.key)) continue;
      let bound = idEl;
      for (let p = m.parent[bound]!; p >= 0; p = m.parent[p]!) {
        if (otherOcc(idx, m.start[p]!, m.end[p]!, o, o.key)) break;
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
    if (distinctKeys(idx, a, b, 2) === 1 && !hasKey(idx, a, b, o.key)) n++;
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
