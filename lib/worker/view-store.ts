/**
 * The overlay's views in storage.session (see lib/first-draw.ts): for every order not shipped,
 * the view the order page draws (states, codes, messages, each item's link; never a credential:
 * only what a content script may ask the worker for). Rewritten a moment after every change the
 * worker announces (`EngineContext.changed`), removed once the order is shipped; every view is
 * written once per browser session (storage.session starts empty). A view that cannot be written
 * (the 10 MB quota, a failed read) is removed: that order's page asks the worker, as without it.
 */
import type { Db, OrderRecord } from './db';
import { orderView, viewLinksFor, type EngineContext } from './engine';
import { attentionOf, type OrderAttention } from './attention';
import { encodeView, viewKey } from '../first-draw';
import type { OrderView } from '../views';
import { snapshotWriter } from './snapshot';

/** Set once every view has been written in this browser session. */
export const VIEWS_READY = 'views:ready';
const CHUNK = 100;

export interface ViewArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * The views of some orders, as the worker answers `getOrder`, stamped with when they were read.
 * `attention`: the overdue and service figures, read once for a whole pass (see attentionOf).
 */
export async function orderViews(
  ctx: EngineContext,
  recs: readonly OrderRecord[],
  attention?: (rec: OrderRecord) => Promise<OrderAttention>,
): Promise<OrderView[]> {
  const at = ctx.now().getTime();
  const [links, settings, creds] = await Promise.all([
    viewLinksFor(
      ctx.db,
      recs.flatMap((r) => r.productIds),
    ),
    ctx.settings(),
    ctx.credentials(),
  ]);
  const attn = attention ?? attentionOf(ctx.db, ctx.now(), creds);
  const tx = ctx.db.transaction('outbox');
  const [outbox, figures] = await Promise.all([
    Promise.all(recs.map((r) => tx.store.get(r.id))),
    Promise.all(recs.map(attn)),
  ]);
  return recs.map((rec, i) => ({ ...orderView(rec, links, outbox[i], settings), ...figures[i], at }));
}

/** Orders not kept as history (the views kept are of these, when not shipped). */
async function liveIds(db: Db): Promise<string[]> {
  const ranges = [IDBKeyRange.upperBound('history', true), IDBKeyRange.lowerBound('history', true)];
  return (await Promise.all(ranges.map((r) => db.getAllKeysFromIndex('orders', 'byState', r)))).flat();
}

/** Write the views of these orders, a chunk at a time; remove those of orders gone, shipped or history. */
async function writeViews(ctx: EngineContext, area: ViewArea, ids: readonly string[]): Promise<void> {
  const attention = attentionOf(ctx.db, ctx.now(), await ctx.credentials());
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const items: Record<string, string> = {};
    try {
      const tx = ctx.db.transaction('orders');
      const recs = (await Promise.all(part.map((id) => tx.store.get(id)))).filter(
        (r): r is OrderRecord => !!r && r.state !== 'history' && r.order.shippingStatus !== 'shipped',
      );
      for (const v of await orderViews(ctx, recs, attention)) items[viewKey(v.id)] = encodeView(v);
    } catch {
      /* not read: removed below, asked of the worker */
    }
    const gone = part.map(viewKey).filter((k) => !items[k]);
    if (gone.length) await area.remove(gone).catch(() => undefined);
    await area.set(items).catch(async () => {
      // One at a time: the ones over the quota are removed (never an older view left behind).
      for (const [k, v] of Object.entries(items))
        await area.set({ [k]: v }).catch(() => area.remove(k).catch(() => undefined));
    });
  }
}

/**
 * Writes the views of the orders changed, a moment after the first change (the snapshot's
 * writer: later changes ride along, never two writes at once). Nothing is written unless
 * `enabled` (storage.session opened to content scripts).
 */
export function viewWriter(opts: {
  ctx(): Promise<EngineContext>;
  area: ViewArea;
  enabled(): Promise<boolean>;
  setTimer(fn: () => void, ms: number): unknown;
}): { schedule(ids: readonly string[] | null): void; start(): Promise<void>; flush(): Promise<void> } {
  let pending: Set<string> | null = new Set();
  const job = snapshotWriter<Set<string> | null>({
    build: async () => {
      const ids = pending;
      pending = new Set();
      return ids;
    },
    write: async (ids) => {
      if (!(await opts.enabled())) return;
      const ctx = await opts.ctx();
      await writeViews(ctx, opts.area, ids ? [...ids] : await liveIds(ctx.db));
      if (!ids) await opts.area.set({ [VIEWS_READY]: true });
    },
    setTimer: opts.setTimer,
    delayMs: 250,
  });
  return {
    schedule(ids) {
      if (!ids) pending = null;
      else for (const id of ids) pending?.add(id);
      job.schedule();
    },
    /** At every start of the worker: write every view when this browser session has none yet. */
    async start() {
      if (!(await opts.area.get(VIEWS_READY).catch(() => ({}) as Record<string, unknown>))[VIEWS_READY])
        this.schedule(null);
    },
    flush: job.flush,
  };
}
