/** Quantities shown in a page's text: "2", "Qty: 2", "× 2", "x2", "2 ×", "2 pcs". */
import { type Model, segTextOf } from './model';

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
export function segmentQuantities(m: Model, k: number): number[] {
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
        for (const r of t.matchAll(re)) out.push(Number(r[1]));
      }
    }
  }
  cache.set(k, out);
  return out;
}
