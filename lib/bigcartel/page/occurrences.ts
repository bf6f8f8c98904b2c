/** Where names occur in a page's compact text, and which occurrences hold others. */

export interface Span {
  s: number;
  e: number;
}

export interface Occ extends Span {
  /** compact key this occurrence is of */
  key: string;
}

/** Occurrences sorted by start (a longer one first), for the range questions below. */
export type OccIndex = readonly Occ[];

export function occIndex(list: Occ[]): OccIndex {
  return [...list].sort((x, y) => x.s - y.s || y.e - x.e);
}

/** Index of the first occurrence starting at or after `a`. */
function firstFrom(idx: OccIndex, a: number): number {
  let lo = 0;
  let hi = idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idx[mid]!.s < a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Stands for no occurrence: every occurrence is another than it. */
export const NOWHERE: Span = { s: -1, e: -1 };

/** An occurrence inside [a, b) that is not at o's position (and, if given, not of `sameKey`). */
export function otherOcc(idx: OccIndex, a: number, b: number, o: Span, sameKey?: string): Occ | null {
  for (let i = firstFrom(idx, a); i < idx.length; i++) {
    const p = idx[i]!;
    if (p.s >= b) break;
    if (p.e > b) continue;
    if (p.s === o.s && p.e === o.e) continue;
    if (sameKey !== undefined && p.key === sameKey) continue;
    return p;
  }
  return null;
}

/** How many different keys occur inside [a, b), counting up to `limit`. */
export function distinctKeys(idx: OccIndex, a: number, b: number, limit: number): number {
  const seen = new Set<string>();
  for (let i = firstFrom(idx, a); i < idx.length && seen.size < limit; i++) {
    const p = idx[i]!;
    if (p.s >= b) break;
    if (p.e <= b) seen.add(p.key);
  }
  return seen.size;
}

/** Does an occurrence of `key` lie inside [a, b)? */
export function hasKey(idx: OccIndex, a: number, b: number, key: string): boolean {
  for (let i = firstFrom(idx, a); i < idx.length; i++) {
    const p = idx[i]!;
    if (p.s >= b) break;
    if (p.e <= b && p.key === key) return true;
  }
  return false;
}

/** Drops occurrences lying inside an occurrence of a longer key ("Moth Tee" in "Moth Tee Deluxe"). */
export function unmasked(all: Occ[]): Occ[] {
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
