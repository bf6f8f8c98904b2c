/** What the page shows around one occurrence of a product name: its element, row, option and quantities. */
import type { LineItem } from '../../types';
import { coverOf, type Model, segmentAt, unitOf } from './model';
import { NOWHERE, type Occ, type OccIndex, otherOcc, type Span } from './occurrences';
import { segmentQuantities } from './quantities';
import { compactWords } from './text';

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

export interface OccInfo {
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

export function occInfo(m: Model, idx: OccIndex, o: Occ): OccInfo | null {
  const nameEl = coverOf(m, o.s, o.e);
  if (nameEl < 0) return null;
  // The element holding the name must not also hold another name: a sentence naming two
  // products is no item's row.
  if (otherOcc(idx, m.start[nameEl]!, m.end[nameEl]!, o)) return null;
  let bound = nameEl;
  for (let p = m.parent[bound]!; p >= 0; p = m.parent[p]!) {
    if (otherOcc(idx, m.start[p]!, m.end[p]!, o)) break;
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
      if (otherOcc(idx, m.start[sib]!, m.end[sib]!, NOWHERE)) break;
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
export function bareBeside(rest: [string, string], optKey: string): boolean {
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

export function nearest(positions: Span[], o: Span): Span | null {
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
