/** Placing an order's line items on the page: scoring every occurrence of each item, then choosing. */
import type { LineItem } from '../../types';
import { bareBeside, type ItemPlacement, nearest, type OccInfo, occInfo } from './item-info';
import { boundaryAt, buildModel, findWord, type Model, type PageReading, within } from './model';
import { type Occ, occIndex, type Span, unmasked } from './occurrences';
import { compactText, compactWords } from './text';

interface Candidate {
  item: number;
  occ: number;
  score: number[];
  row: number;
  nameEl: number;
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
 * Whole-word occurrences of the keys, without those inside a longer key's, and for each key
 * the indexes of its occurrences.
 */
function occurrencesOf(m: Model, keys: string[]): [Occ[], Map<string, number[]>] {
  const raw: Occ[] = [];
  for (const key of new Set(keys)) {
    if (!key) continue;
    for (const s of findWord(m, key)) raw.push({ s, e: s + key.length, key });
  }
  const occs = unmasked(raw);
  const byKey = new Map<string, number[]>();
  occs.forEach((o, i) => {
    const l = byKey.get(o.key) ?? [];
    l.push(i);
    byKey.set(o.key, l);
  });
  return [occs, byKey];
}

/** Takes the best candidates first; each item, occurrence and row is used once. */
function choose(m: Model, list: readonly LineItem[], occs: Occ[], cands: Candidate[]): Map<number, ItemPlacement> {
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
  return placedBy;
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
    const [occs, byKey] = occurrencesOf(m, keys);
    const idx = occIndex(occs);
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
    const placedBy = choose(m, list, occs, cands);
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
