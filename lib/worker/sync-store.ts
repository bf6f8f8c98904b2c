/** The sync's reads and writes of one page of orders: keyset reading, and storing a page with its progress. */
import type { OrderRecord } from './db';
import { getMeta } from './db';
import { newRecord, productIdsOf, type EngineContext } from './engine';
import { deriveState } from './orders';
import { MAX_PAGES_PER_RUN, PAGE_SIZE, type Problem, type SyncMeta } from './sync-meta';
import type { BcOrder, Link } from '../types';
import type { BcResult } from '../bigcartel/client';

export type Page = {
  orders: BcOrder[];
  problems: { id: string; message: string }[];
  next: string | null;
  count: number | null;
};
type PageQuery = Parameters<ReturnType<EngineContext['bcClient']>['listOrdersPage']>[1];
export type BaseQuery = Exclude<PageQuery, { url: string }>;
export type Fail = Exclude<BcResult<unknown>, { kind: 'ok' }>;

/**
 * Read every order matching `base` by keyset: sorted by updated_at, each page starting at the
 * last updated_at seen (an order updated meanwhile only moves later, so none is skipped). Used
 * when a fast offset pass saw signs of the list shifting under it.
 */
export async function keysetPass(
  ctx: EngineContext,
  accountId: string,
  base: BaseQuery,
  start: { from: string | null; offset: number },
  onPage: (page: Page, progress: { from: string | null; offset: number } | null) => Promise<void>,
): Promise<Fail | null> {
  const bc = ctx.bcClient((await ctx.credentials()).bigcartel!);
  let { from, offset } = start;
  const limit = base.limit ?? PAGE_SIZE;
  for (let page = 0; page < MAX_PAGES_PER_RUN * 2; page++) {
    const res = await bc.listOrdersPage(accountId, {
      ...base,
      sort: 'updated_at',
      limit,
      offset,
      ...(from ? { updatedAtFrom: from } : {}),
    });
    if (res.kind !== 'ok') return res;
    const orders = res.value.orders;
    const last = orders.at(-1)?.updatedAt ?? null;
    const done = orders.length + res.value.problems.length < limit;
    let progress: { from: string | null; offset: number } | null = null;
    if (!done) progress = last && last !== from ? { from: last, offset: 0 } : { from, offset: offset + limit };
    await onPage(res.value, progress);
    if (!progress) return null;
    ({ from, offset } = progress);
  }
  return null;
}

function sameOrder(a: BcOrder, b: BcOrder): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Write a page of orders and the sync progress in one transaction. */
export async function storeOrders(
  ctx: EngineContext,
  orders: readonly BcOrder[],
  problems: readonly { id: string; message: string }[],
  phase: 'import' | 'poll',
  since: string,
  links: () => Promise<ReadonlyMap<string, Link>>,
  makeSync: ((seenBefore: number) => SyncMeta) | null,
  touched: Set<string>,
  fresh: Set<string>,
): Promise<SyncMeta> {
  // A quiet poll's empty page: nothing to write.
  if (!orders.length && !problems.length && !makeSync) return (await getMeta<SyncMeta>(ctx.db, 'sync'))!;
  const now = ctx.now();
  const settings = await ctx.settings();
  const linkMap = orders.length ? await links() : new Map<string, Link>();
  const tx = ctx.db.transaction(['orders', 'meta'], 'readwrite');
  const store = tx.objectStore('orders');
  const meta = tx.objectStore('meta');
  const existing = await Promise.all(orders.map((o) => store.get(o.id)));
  const writes: Promise<unknown>[] = [];
  let seenBefore = 0;
  orders.forEach((order, i) => {
    const prev = existing[i];
    if (prev) seenBefore++;
    const history = order.shippingStatus === 'shipped' || (!!order.createdAt && order.createdAt < since);
    if (prev) {
      if (sameOrder(prev.order, order) && prev.history === history) return;
      writes.push(store.put({ ...prev, order, history, createdAt: order.createdAt, productIds: productIdsOf(order) }));
    } else {
      // Ready on import: it may have been fulfilled another way already; the merchant decides.
      // Held from this very first write: no sender (a failed page's, a poll's, a restarted
      // worker's) may ever find an imported order ready to go by itself.
      const hold = phase === 'import';
      const d = deriveState(
        { order, completedWithout: false, history, holdAutoSend: hold },
        linkMap,
        undefined,
        settings.autoSend,
        settings.shipping,
      );
      const rec: OrderRecord = {
        ...newRecord(order, { history, holdAutoSend: false, now }),
        ...d,
        holdAutoSend: hold && d.state === 'ready',
      };
      writes.push(store.put(rec));
      fresh.add(order.id);
    }
    touched.add(order.id);
  });
  const sync = makeSync ? makeSync(seenBefore) : ((await meta.get('sync')) as SyncMeta);
  if (makeSync) writes.push(meta.put(sync, 'sync'));
  if (problems.length) {
    const prior = ((await meta.get('problems')) as Problem[] | undefined) ?? [];
    const byId = new Map(prior.map((p) => [p.id, p]));
    for (const p of problems) byId.set(p.id, { ...p, at: now.toISOString() });
    writes.push(meta.put([...byId.values()].slice(-200), 'problems'));
  }
  if (orders.length) {
    // An order that reads fine again is no longer a problem.
    const prior = ((await meta.get('problems')) as Problem[] | undefined) ?? [];
    const ok = new Set(orders.map((o) => o.id));
    if (prior.some((p) => ok.has(p.id)))
      writes.push(
        meta.put(
          prior.filter((p) => !ok.has(p.id)),
          'problems',
        ),
      );
  }
  await Promise.all(writes);
  await tx.done;
  return sync;
}
