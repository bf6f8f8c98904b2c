/**
 * The health of the links against the stored catalogue, as the popup counts it (links needing
 * attention, options sold and not linked), and sales per option from the stored orders.
 */
import type { Db, ProductRecord } from './db';
import { getMeta, setMeta } from './db';
import { linkIssues, productOptions } from '../catalogue-view';
import { linkKey } from '../links';
import type { Link } from '../types';

const DAY_MS = 86_400_000;

/** The stored products some links refer to. */
async function productsOf(db: Db, links: readonly Link[]): Promise<Map<string, ProductRecord>> {
  const ids = [...new Set(links.map((l) => l.productId))];
  const tx = db.transaction('products');
  const recs = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return new Map(recs.filter((r): r is ProductRecord => !!r).map((r) => [r.id, r]));
}

export interface LinkHealthSummary {
  /** links needing attention (the popup's "2 links need attention") */
  count: number;
  /** options sold in the last 90 days (stored orders) that are not linked ("Link your catalogue") */
  toLink: number;
}

/**
 * The popup's counts. Kept in `meta.linkHealth` and recomputed whenever links or the stored
 * catalogue change (refreshLinkHealth), so the status the popup asks for often stays cheap.
 */
export async function linkHealthSummary(db: Db, now: Date): Promise<LinkHealthSummary> {
  const kept = await getMeta<Partial<LinkHealthSummary>>(db, 'linkHealth');
  return kept && typeof kept.count === 'number' && typeof kept.toLink === 'number'
    ? { count: kept.count, toLink: kept.toLink }
    : refreshLinkHealth(db, now);
}

/** How many links need the merchant. */
export async function countLinkIssues(db: Db, now = new Date()): Promise<number> {
  return (await linkHealthSummary(db, now)).count;
}

/** Recompute and keep the popup's counts. */
export async function refreshLinkHealth(db: Db, now: Date): Promise<LinkHealthSummary> {
  const links = await db.getAll('links');
  const count = links.length === 0 ? 0 : linkIssues(links, await productsOf(db, links)).length;
  const summary = { count, toLink: await countUnlinkedSold(db, links, now) };
  await setMeta(db, 'linkHealth', summary);
  return summary;
}

/** Options of stored, live products sold in the last 90 days that no link covers. */
async function countUnlinkedSold(db: Db, linkList: readonly Link[], now: Date): Promise<number> {
  const sold = await salesSince(db, new Date(now.getTime() - 90 * DAY_MS).toISOString());
  if (sold.size === 0) return 0;
  const links = new Map(linkList.map((l) => [l.key, l]));
  const tx = db.transaction('products');
  const productIds = [...new Set([...sold.keys()].map((k) => k.slice(0, k.lastIndexOf('|'))))];
  const products = new Map(
    (await Promise.all(productIds.map((id) => tx.store.get(id))))
      .filter((p): p is ProductRecord => !!p && !p.deletedAt)
      .map((p) => [p.id, p]),
  );
  await tx.done;
  let n = 0;
  for (const p of products.values()) {
    for (const o of productOptions(p, links)) {
      if (!o.deleted && o.disposition === 'unlinked' && (sold.get(linkKey(p.id, o.id)) ?? 0) > 0) n++;
    }
  }
  return n;
}

/** Quantities sold per `productId|optionId` (and per `productId|*` for items without option) since `sinceIso`. */
export async function salesSince(db: Db, sinceIso: string): Promise<Map<string, number>> {
  const sold = new Map<string, number>();
  const tx = db.transaction('orders');
  for (
    let c = await tx.store.index('byCreated').openCursor(IDBKeyRange.lowerBound(sinceIso));
    c;
    c = await c.continue()
  ) {
    for (const item of c.value.order.items) {
      if (!item.productId) continue;
      const key = linkKey(item.productId, item.optionId);
      sold.set(key, (sold.get(key) ?? 0) + item.quantity);
    }
  }
  await tx.done;
  return sold;
}
