/**
 * The background's shared context and the derived-state bookkeeping every feature goes
 * through: after any change to orders, links or the outbox, the affected orders' states are
 * recomputed from IndexedDB and the badge is redrawn from the stored states.
 */
import type { Db, OrderRecord } from './db';
import { deriveState, itemViews, paymentComplete, stateLabel, type OrderFacts } from './orders';
import type { Credentials, Settings } from './settings';
import { chooseShipping, shippingWait } from '../shipping';
import { linkInfo } from '../catalogue-view';
import type { BcOrder, Link, OutboxRecord } from '../types';
import type { InkClient, InkCredentials } from '../inkthreadable';
import type { BcClient, BcCredentials } from '../bigcartel/client';
import type { OrderView, OrderListEntry } from '../views';

export interface Locks {
  /** Run fn holding the named lock; with ifAvailable, run fn(false) at once when it is held. */
  request<T>(name: string, opts: { ifAvailable?: boolean }, fn: (held: boolean) => Promise<T>): Promise<T>;
}

export interface EngineContext {
  db: Db;
  now(): Date;
  settings(): Promise<Settings>;
  credentials(): Promise<Credentials>;
  inkClient(creds: InkCredentials): InkClient;
  bcClient(creds: BcCredentials): BcClient;
  locks: Locks;
  /**
   * Data changed: redraw the badge, tell open pages. `'status'`: only the sync or catalogue status
   * changed (no order), so the badge is left as it is (counting costs a pass over the index).
   */
  changed(orderIds: string[] | null, scope?: 'status'): Promise<void>;
  notify(title: string, message: string, orderId: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** Web Locks where the platform has them (service worker, Firefox background), else in-process. */
export function platformLocks(): Locks {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  if (nav?.locks) {
    const lm = nav.locks;
    return {
      request: (name, opts, fn) =>
        lm.request(name, { ifAvailable: !!opts.ifAvailable }, (lock) => fn(lock !== null)) as Promise<never>,
    };
  }
  return memoryLocks();
}

export function memoryLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  const held = new Set<string>();
  return {
    async request(name, opts, fn) {
      if (opts.ifAvailable && held.has(name)) return fn(false);
      const prev = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      tails.set(
        name,
        prev.then(() => mine),
      );
      await prev;
      held.add(name);
      try {
        return await fn(true);
      } finally {
        held.delete(name);
        release();
      }
    },
  };
}

export async function loadLinks(db: Db): Promise<Map<string, Link>> {
  const all = await db.getAll('links');
  return new Map(all.map((l) => [l.key, l]));
}

/**
 * The links of some products only (every link an item of theirs can resolve to: resolveLink looks
 * within the item's product). For one order's view: a store may hold thousands of links.
 */
export async function loadLinksFor(db: Db, productIds: readonly string[]): Promise<Map<string, Link>> {
  const tx = db.transaction('links');
  const index = tx.store.index('byProduct');
  const lists = await Promise.all([...new Set(productIds)].map((pid) => index.getAll(pid)));
  return new Map(lists.flat().map((l) => [l.key, l]));
}

/**
 * Every link by product, kept in the worker's memory for the order views the admin pages ask for
 * (an order with 50 products is otherwise 50 reads, ~10 ms here). Dropped by `linksWritten`,
 * which every change to the links store calls; the engine's own decisions (recompute, sending)
 * always read the store itself.
 */
interface LinkCache {
  gen: number;
  byProduct: Map<string, Link[]> | null;
  filling: boolean;
}
const linkCaches = new WeakMap<Db, LinkCache>();

function linkCache(db: Db): LinkCache {
  let c = linkCaches.get(db);
  if (!c) {
    c = { gen: 0, byProduct: null, filling: false };
    linkCaches.set(db, c);
  }
  return c;
}

/** The links store changed: forget the cached copy (call after every write to it). */
export function linksWritten(db: Db): void {
  const c = linkCache(db);
  c.gen++;
  c.byProduct = null;
}

/**
 * The links of some products, for a view. From memory when the cache is filled; otherwise read
 * from the store (per product) while the whole store is read into the cache in the background. A
 * fill that a write overtook is thrown away.
 */
export async function viewLinksFor(db: Db, productIds: readonly string[]): Promise<Map<string, Link>> {
  const c = linkCache(db);
  if (c.byProduct) {
    const out = new Map<string, Link>();
    for (const pid of new Set(productIds)) for (const l of c.byProduct.get(pid) ?? []) out.set(l.key, l);
    return out;
  }
  if (!c.filling) {
    c.filling = true;
    const gen = c.gen;
    db.getAll('links')
      .then((all) => {
        if (gen !== c.gen) return;
        const byProduct = new Map<string, Link[]>();
        for (const l of all) {
          const list = byProduct.get(l.productId);
          if (list) list.push(l);
          else byProduct.set(l.productId, [l]);
        }
        c.byProduct = byProduct;
      })
      .catch(() => undefined)
      .finally(() => {
        c.filling = false;
      });
  }
  return loadLinksFor(db, productIds);
}

function facts(rec: OrderRecord): OrderFacts {
  return {
    order: rec.order,
    completedWithout: rec.completedWithout,
    history: rec.history,
    holdAutoSend: rec.holdAutoSend,
    shippingChoice: rec.shippingChoice,
  };
}

/**
 * Recompute the derived fields of the given orders (all when ids is null) in one transaction.
 * Returns the records whose derived fields changed.
 */
export async function recompute(ctx: EngineContext, ids: readonly string[] | null): Promise<OrderRecord[]> {
  if (ids && ids.length === 0) return [];
  const [links, settings] = await Promise.all([loadLinks(ctx.db), ctx.settings()]);
  const tx = ctx.db.transaction(['orders', 'outbox'], 'readwrite');
  const orders = tx.objectStore('orders');
  const outboxStore = tx.objectStore('outbox');
  const records = ids
    ? (await Promise.all(ids.map((id) => orders.get(id)))).filter((r): r is OrderRecord => !!r)
    : await orders.getAll();
  const outbox = ids
    ? new Map(
        (await Promise.all(ids.map((id) => outboxStore.get(id))))
          .filter((r): r is OutboxRecord => !!r)
          .map((r) => [r.orderId, r]),
      )
    : new Map((await outboxStore.getAll()).map((r) => [r.orderId, r]));
  const changed: OrderRecord[] = [];
  const writes: Promise<unknown>[] = [];
  const now = ctx.now().toISOString();
  for (const rec of records) {
    const d = deriveState(facts(rec), links, outbox.get(rec.id), settings.autoSend, settings.shipping);
    const readySince = readySinceOf(rec, d, now);
    if (
      d.state !== rec.state ||
      d.needsAction !== rec.needsAction ||
      d.toLink !== rec.toLink ||
      readySince !== rec.readySince
    ) {
      const next: OrderRecord = { ...rec, ...d };
      if (readySince) next.readySince = readySince;
      else delete next.readySince;
      writes.push(orders.put(next));
      changed.push(next);
    }
  }
  await Promise.all(writes);
  await tx.done;
  return changed;
}

/** Since when an order has been ready to go out by itself (kept while it stays so); else undefined. */
function readySinceOf(rec: OrderRecord, d: { state: string; needsAction: number }, now: string): string | undefined {
  if (d.state !== 'ready' || d.needsAction !== 0) return undefined;
  return rec.state === 'ready' && rec.needsAction === 0 && rec.readySince ? rec.readySince : now;
}

/** Orders whose state means "send it now, automatically". */
function autoSendable(rec: OrderRecord): boolean {
  return rec.state === 'ready' && rec.needsAction === 0;
}

/** Make a stored record for an order read from Big Cartel (derived fields filled by recompute). */
export function newRecord(order: BcOrder, opts: { history: boolean; holdAutoSend: boolean; now: Date }): OrderRecord {
  return {
    id: order.id,
    order,
    state: 'needs-linking',
    needsAction: 0,
    toLink: 0,
    completedWithout: false,
    shippingChoice: null,
    holdAutoSend: opts.holdAutoSend,
    history: opts.history,
    firstSeenAt: opts.now.toISOString(),
    createdAt: order.createdAt,
    productIds: productIdsOf(order),
  };
}

export function productIdsOf(order: BcOrder): string[] {
  return [...new Set(order.items.map((i) => i.productId).filter((p): p is string => !!p))];
}

export async function countNeedingAction(db: Db): Promise<number> {
  return db.countFromIndex('orders', 'byNeedsAction', IDBKeyRange.bound([1, ''], [1, '\uffff']));
}

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

export function orderView(
  rec: OrderRecord,
  links: ReadonlyMap<string, Link>,
  outbox: OutboxRecord | undefined,
  settings: Settings,
): OrderView {
  const views = itemViews(rec.order, links, rec.completedWithout);
  const shipping =
    outbox && outbox.status !== 'failed'
      ? { method: outbox.shippingMethod, source: 'order' as const }
      : chooseShipping(settings.shipping, rec.order, rec.shippingChoice);
  return {
    id: rec.id,
    customerName: rec.order.customerName,
    createdAt: rec.order.createdAt,
    state: rec.state,
    label: stateLabel(rec.state, rec.toLink, rec.order.items.length),
    needsAction: rec.needsAction === 1,
    toLink: rec.toLink,
    items: views.map(({ item, disposition, link }) => ({
      id: item.id,
      productId: item.productId,
      optionId: item.optionId,
      productName: item.productName,
      optionName: item.optionName,
      quantity: item.quantity,
      price: item.price,
      disposition,
      link: linkInfo(link),
    })),
    shipping,
    ink: outbox?.ink ?? null,
    message: rec.inkNotice?.message || outbox?.message || waitMessage(rec, outbox, settings),
    completedWithout: rec.completedWithout,
    paymentComplete: paymentComplete(rec.order),
    autoSendPending: autoSendable(rec),
  };
}

/** Why a ready order waits for the merchant, when the reason is not the outbox's own. */
function waitMessage(rec: OrderRecord, outbox: OutboxRecord | undefined, settings: Settings): string {
  if (rec.state !== 'ready' || (outbox && outbox.status !== 'failed')) return '';
  return shippingWait(settings.shipping, rec.order, rec.shippingChoice);
}

export function listEntry(rec: OrderRecord, outbox: OutboxRecord | undefined, settings: Settings): OrderListEntry {
  return {
    id: rec.id,
    customerName: rec.order.customerName,
    createdAt: rec.order.createdAt,
    state: rec.state,
    label: stateLabel(rec.state, rec.toLink, rec.order.items.length),
    toLink: rec.toLink,
    itemCount: rec.order.items.length,
    message: rec.inkNotice?.message || outbox?.message || waitMessage(rec, outbox, settings),
    ink: outbox?.ink ?? null,
  };
}
