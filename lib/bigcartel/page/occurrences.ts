/** Where names occur in a page's compact text, and which occurrences hold others. */

export interface Occ {
  s: number;
  e: number;
  /** compact key this occurrence is of */
  key: string;
}

/** Sorted occurrences with a fast "does [a, b) hold another occurrence than `o`?" */
export class OccIndex {
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
