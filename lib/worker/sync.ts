/**
 * Reading orders from Big Cartel into IndexedDB.
 *
 * First import: unshipped orders completed since the start date, page by page (100 a page),
 * the progress and the next page's address saved in the same transaction as the orders, so a
 * worker stopped midway resumes where it was. Then polls: orders updated since the cursor.
 * The cursor is the Big Cartel server's time at the start of the previous pass (its `Date`
 * header) minus 10 minutes: an order updated while we paged moves behind it and is read next
 * time, and one whose `updated_at` Big Cartel set a little late (or whose write became visible
 * late) is still inside the overlap; orders read again unchanged are not written. A poll with
 * nothing new is still one request. Once a day every unshipped order is read again (a few
 * requests: one per 100 unshipped orders), so an order any edge case skipped is found.
 */
import type { Db, OrderRecord } from './db';
import { getMeta, isStorageError, setMeta, storageErrorMessage } from './db';
import { loadLinks, newRecord, productIdsOf, recompute, type EngineContext } from './engine';
import { deriveState } from './orders';
import { processDueSends, sendReady } from './outbox';
import { reconcileSent } from './reconcile';
import { importSinceDate, readSettings } from './settings';
import { adminOriginOr } from '../hosts';
import { readAttention } from './attention';
import type { ServiceState, StatusView } from '../protocol';
import type { BcAccount, BcOrder, Link } from '../types';
import type { BcResult } from '../bigcartel/client';
import { linkHealthSummary } from './catalogue';

export const PAGE_SIZE = 100;
/** Each poll reads again what changed in the last minutes before the previous pass began. */
export const CURSOR_OVERLAP_MS = 10 * 60_000;
/** Every unshipped order is read again this often. */
export const RESCAN_EVERY_MS = 24 * 3_600_000;
const TRACK_EVERY_MS = 10 * 60_000;
const MAX_PAGES_PER_RUN = 1_000;

export interface AccountMeta extends BcAccount {
  connectedAt: string;
}

export interface SyncMeta {
  /** import: the fast first pass; catchup: a keyset re-read after the list shifted; poll: incremental */
  phase: 'import' | 'catchup' | 'poll';
  importSince: string;
  importNext: string | null;
  importRead: number;
  importTotal: number | null;
  importStartedAt: string | null;
  importShifted: boolean;
  catchup: { from: string | null; offset: number } | null;
  cursor: string | null;
  lastSyncAt: string | null;
  lastTrackAt: string | null;
  /** when every unshipped order was last read (the import counts as one); absent before it */
  lastRescanAt?: string | null;
  /** list requests the last daily rescan made (for the benchmark) */
  rescanRequests?: number;
}

export interface Backoff {
  failures: number;
  nextAttemptAt: string | null;
}

export interface StatusMeta {
  bigcartel: ServiceState;
  inkthreadable: ServiceState;
  syncing: boolean;
}

export interface Problem {
  id: string;
  message: string;
  at: string;
}

export const UNCONFIGURED: StatusMeta = {
  bigcartel: { state: 'unconfigured', message: 'Connect your Big Cartel store in Settings.' },
  inkthreadable: { state: 'unconfigured', message: 'Connect your Inkthreadable account in Settings.' },
  syncing: false,
};

export async function getStatusMeta(db: Db): Promise<StatusMeta> {
  return (await getMeta<StatusMeta>(db, 'status')) ?? UNCONFIGURED;
}

export async function setServiceState(
  db: Db,
  service: 'bigcartel' | 'inkthreadable',
  state: ServiceState,
): Promise<void> {
  const cur = await getStatusMeta(db);
  const was = cur[service];
  if (was && was.state === state.state && was.message === state.message) return;
  await setMeta(db, 'status', { ...cur, [service]: state });
}

function failureState(res: Exclude<BcResult<unknown>, { kind: 'ok' }>): ServiceState {
  if (res.kind === 'auth') return { state: 'auth', message: res.message };
  return { state: 'error', message: res.message };
}

export interface SyncResult {
  /** The pass ran (and then also sent what was ready and retried what was due), failed or not. */
  ran: boolean;
  /** orders stored: new, or changed since last read (those read again unchanged are not counted) */
  read: number;
  newNeedingAction: string[];
  message: string;
}

/** Forget the store: the next sync imports again (after reconnecting to another store). */
export async function resetSync(db: Db): Promise<void> {
  // The other store's catalogue goes too: its products are not this store's.
  const tx = db.transaction(['meta', 'products'], 'readwrite');
  const meta = tx.objectStore('meta');
  await Promise.all([
    meta.delete('sync'),
    meta.delete('account'),
    meta.delete('catalogue'),
    meta.delete('linkHealth'),
    tx.objectStore('products').clear(),
    tx.done,
  ]);
}

/**
 * One sync pass. `manual`: the merchant asked (Sync now, an order page opened): runs even while
 * backing off or after a refused password.
 */
export async function runSync(ctx: EngineContext, opts: { manual: boolean }): Promise<SyncResult> {
  return ctx.locks.request('bc-sync', { ifAvailable: true }, async (held) => {
    if (!held) return { ran: false, read: 0, newNeedingAction: [], message: 'A sync is already running.' };
    const status = await getStatusMeta(ctx.db);
    const creds = await ctx.credentials();
    if (!creds.bigcartel) {
      await setServiceState(ctx.db, 'bigcartel', UNCONFIGURED.bigcartel);
      return { ran: false, read: 0, newNeedingAction: [], message: UNCONFIGURED.bigcartel.message };
    }
    const sync0 = await getMeta<SyncMeta>(ctx.db, 'sync');
    const backoff = await getMeta<Backoff>(ctx.db, 'backoff');
    const now = ctx.now();
    if (!opts.manual) {
      // No retry storm: a refused password waits for the merchant; failures back off.
      if (status.bigcartel.state === 'auth')
        return { ran: false, read: 0, newNeedingAction: [], message: status.bigcartel.message };
      if (backoff?.nextAttemptAt && Date.parse(backoff.nextAttemptAt) > now.getTime()) {
        return { ran: false, read: 0, newNeedingAction: [], message: 'Waiting before trying Big Cartel again.' };
      }
    }
    await setMeta(ctx.db, 'status', { ...status, syncing: true });
    await ctx.changed(null, 'status');
    try {
      return await syncPass(ctx, sync0);
    } catch (err) {
      // Storage full or IndexedDB failing: the page's transaction kept nothing. Say so where the
      // merchant looks (an automatic poll has no one to answer), if even that can be written.
      if (isStorageError(err)) {
        await setServiceState(ctx.db, 'bigcartel', { state: 'error', message: storageErrorMessage(err) }).catch(
          () => undefined,
        );
      }
      throw err;
    } finally {
      const after = await getStatusMeta(ctx.db);
      await setMeta(ctx.db, 'status', { ...after, syncing: false });
      await ctx.changed(null, 'status');
    }
  });
}

type Page = {
  orders: BcOrder[];
  problems: { id: string; message: string }[];
  next: string | null;
  count: number | null;
};
type PageQuery = Parameters<ReturnType<EngineContext['bcClient']>['listOrdersPage']>[1];
type BaseQuery = Exclude<PageQuery, { url: string }>;
type Fail = Exclude<BcResult<unknown>, { kind: 'ok' }>;

/**
 * Read every order matching `base` by keyset: sorted by updated_at, each page starting at the
 * last updated_at seen (an order updated meanwhile only moves later, so none is skipped). Used
 * when a fast offset pass saw signs of the list shifting under it.
 */
async function keysetPass(
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

async function syncPass(ctx: EngineContext, sync0: SyncMeta | undefined): Promise<SyncResult> {
  const creds = (await ctx.credentials()).bigcartel!;
  const bc = ctx.bcClient(creds);
  const settings = await ctx.settings();
  let account = await getMeta<AccountMeta>(ctx.db, 'account');
  const fail = async (res: Fail): Promise<SyncResult> => {
    await setServiceState(ctx.db, 'bigcartel', failureState(res));
    const b = (await getMeta<Backoff>(ctx.db, 'backoff')) ?? { failures: 0, nextAttemptAt: null };
    const failures = b.failures + 1;
    const wait = Math.min(30, 2 ** (failures - 1)) * 60_000;
    await setMeta(ctx.db, 'backoff', { failures, nextAttemptAt: new Date(ctx.now().getTime() + wait).toISOString() });
    // Orders already stored (this pass's earlier pages, or earlier passes) still go out, and
    // sends whose next try has come are made.
    await sendReady(ctx);
    await processDueSends(ctx);
    return { ran: true, read: 0, newNeedingAction: [], message: res.message };
  };
  if (!account) {
    const res = await bc.getAccount();
    if (res.kind !== 'ok') return fail(res);
    account = { ...res.value, connectedAt: ctx.now().toISOString() };
    await setMeta(ctx.db, 'account', account);
  }
  const since = importSinceDate(settings, account.connectedAt);
  let sync: SyncMeta = sync0 ?? {
    phase: 'import',
    importSince: since,
    importNext: null,
    importRead: 0,
    importTotal: null,
    importStartedAt: null,
    importShifted: false,
    catchup: null,
    cursor: null,
    lastSyncAt: null,
    lastTrackAt: null,
  };
  // Read once, and only when a page brings orders (a quiet poll needs none of them).
  let linksRead: Promise<Map<string, Link>> | null = null;
  const links = () => (linksRead ??= loadLinks(ctx.db));
  const touched = new Set<string>();
  const fresh = new Set<string>();
  let read = 0;
  const importBase: BaseQuery = {
    shippingStatus: 'unshipped',
    completedAtFrom: sync.importSince,
    sort: 'updated_at',
    limit: PAGE_SIZE,
  };
  const finishImport = (s: SyncMeta): SyncMeta => ({
    ...s,
    phase: 'poll',
    importNext: null,
    catchup: null,
    cursor: new Date(Date.parse(s.importStartedAt ?? ctx.now().toISOString()) - CURSOR_OVERLAP_MS).toISOString(),
    lastSyncAt: ctx.now().toISOString(),
    lastRescanAt: ctx.now().toISOString(),
  });

  if (sync.phase === 'import') {
    // Fast pass: follow links.next (the fewest requests), saving progress with every page.
    for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
      const res = await bc.listOrdersPage(account.id, sync.importNext ? { url: sync.importNext } : importBase);
      if (res.kind !== 'ok') return fail(res);
      const first = !sync.importNext;
      const startedAt = sync.importStartedAt ?? res.serverDate ?? ctx.now().toISOString();
      const next: SyncMeta = {
        ...sync,
        importStartedAt: startedAt,
        importNext: res.value.next,
        importRead: sync.importRead + res.value.orders.length,
        importTotal: first ? res.value.count : sync.importTotal,
        // The list changed under us (an order shipped or was updated meanwhile): offsets moved.
        importShifted:
          sync.importShifted || (!first && res.value.count !== null && res.value.count !== sync.importTotal),
      };
      // Orders and progress in one transaction: a worker stopped midway resumes at this page.
      sync = await storeOrders(
        ctx,
        res.value.orders,
        res.value.problems,
        'import',
        sync.importSince,
        links,
        (seenBefore) => {
          if (seenBefore > 0) next.importShifted = true;
          if (res.value.next) return next;
          return next.importShifted
            ? { ...next, phase: 'catchup', catchup: { from: null, offset: 0 } }
            : finishImport(next);
        },
        touched,
        fresh,
      );
      read += res.value.orders.length;
      await ctx.changed(null, 'status'); // import progress; the badge is redrawn once at the end
      if (!res.value.next) break;
    }
  }
  if (sync.phase === 'catchup') {
    // The fast pass may have skipped an order: read the same set again by keyset (resumable).
    const failed = await keysetPass(
      ctx,
      account.id,
      importBase,
      sync.catchup ?? { from: null, offset: 0 },
      async (page, progress) => {
        sync = await storeOrders(
          ctx,
          page.orders,
          page.problems,
          'import',
          sync.importSince,
          links,
          () => (progress ? { ...sync, catchup: progress } : finishImport(sync)),
          touched,
          fresh,
        );
        read += page.orders.length;
      },
    );
    if (failed) return fail(failed);
  } else if (sync.phase === 'poll' && sync0?.phase === 'poll') {
    const base: BaseQuery = { updatedAtFrom: sync.cursor ?? sync.importSince, sort: 'updated_at', limit: PAGE_SIZE };
    let url: string | null = null;
    let passStart: string | null = null;
    let firstCount: number | null = null;
    let shifted = false;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
      const res = await bc.listOrdersPage(account.id, url ? { url } : base);
      if (res.kind !== 'ok') return fail(res);
      if (page === 0) {
        passStart = res.serverDate;
        firstCount = res.value.count;
      } else if (res.value.count !== null && res.value.count !== firstCount) shifted = true;
      for (const o of res.value.orders) {
        if (seen.has(o.id)) shifted = true;
        seen.add(o.id);
      }
      await storeOrders(
        ctx,
        res.value.orders,
        res.value.problems,
        'poll',
        sync.importSince,
        links,
        null,
        touched,
        fresh,
      );
      read += res.value.orders.length;
      url = res.value.next;
      if (!url) break;
    }
    if (shifted) {
      const failed = await keysetPass(
        ctx,
        account.id,
        base,
        { from: base.updatedAtFrom ?? null, offset: 0 },
        async (page) => {
          await storeOrders(ctx, page.orders, page.problems, 'poll', sync.importSince, links, null, touched, fresh);
          read += page.orders.length;
        },
      );
      if (failed) return fail(failed);
    }
    sync = {
      ...sync,
      // The server's time when this pass began, minutes earlier: whatever changed after it is read next time.
      cursor: passStart ? new Date(Date.parse(passStart) - CURSOR_OVERLAP_MS).toISOString() : sync.cursor,
      lastSyncAt: ctx.now().toISOString(),
    };
    await setMeta(ctx.db, 'sync', sync);
    // Once a day: every unshipped order again, by keyset (an order moved meanwhile is not skipped).
    const lastRescan = sync.lastRescanAt ? Date.parse(sync.lastRescanAt) : NaN;
    if (!(ctx.now().getTime() - lastRescan < RESCAN_EVERY_MS)) {
      let requests = 0;
      const rescanAt = ctx.now().toISOString();
      const stillListed = new Set<string>();
      const failed = await keysetPass(ctx, account.id, importBase, { from: null, offset: 0 }, async (page) => {
        requests++;
        for (const p of page.problems) stillListed.add(p.id);
        await storeOrders(ctx, page.orders, page.problems, 'poll', sync.importSince, links, null, touched, fresh);
        read += page.orders.length;
      });
      if (failed) return fail(failed);
      // An unreadable order the complete rescan no longer lists (shipped, deleted) stops counting.
      const problems = (await getMeta<Problem[]>(ctx.db, 'problems')) ?? [];
      const kept = problems.filter((p) => stillListed.has(p.id) || p.at >= rescanAt);
      if (kept.length !== problems.length) await setMeta(ctx.db, 'problems', kept);
      sync = { ...sync, lastRescanAt: ctx.now().toISOString(), rescanRequests: requests };
      await setMeta(ctx.db, 'sync', sync);
    }
  }
  const backoff = await getMeta<Backoff>(ctx.db, 'backoff');
  if (backoff && (backoff.failures !== 0 || backoff.nextAttemptAt !== null))
    await setMeta(ctx.db, 'backoff', { failures: 0, nextAttemptAt: null });
  await setServiceState(ctx.db, 'bigcartel', {
    state: 'ok',
    message: `Connected to ${account.storeName || account.subdomain}`,
  });

  const changed = await recompute(ctx, [...touched]);
  const changedIds = changed.map((r) => r.id);
  const newNeedingAction: string[] = [];
  if (fresh.size) {
    // One transaction for all of them (an import may bring thousands).
    const tx = ctx.db.transaction('orders');
    const recs = await Promise.all([...fresh].map((id) => tx.store.get(id)));
    for (const rec of recs) if (rec?.needsAction === 1) newNeedingAction.push(rec.id);
  }
  newNeedingAction.sort();
  // Nothing written (a quiet poll, or only orders read again unchanged in the overlap): the status
  // notice that ends the sync is enough.
  if (changedIds.length || touched.size > 0) await ctx.changed(changedIds.length ? changedIds : null);
  if (newNeedingAction.length && settings.notifications) {
    const n = newNeedingAction.length;
    await ctx.notify(
      n === 1 ? '1 new Big Cartel order needs you' : `${n} new Big Cartel orders need you`,
      n === 1
        ? `Order ${newNeedingAction[0]} needs linking or sending in Inkthreadable.`
        : `${n} new Big Cartel orders need linking or sending in Inkthreadable.`,
      newNeedingAction[0]!,
    );
  }
  // Every order ready to go, not only those read now: one whose earlier send could not even
  // look at Inkthreadable would otherwise wait, unchanged at Big Cartel, for a worker restart.
  await sendReady(ctx);
  await processDueSends(ctx);
  await trackSent(ctx, false);
  return { ran: true, read: touched.size, newNeedingAction, message: '' };
}

function sameOrder(a: BcOrder, b: BcOrder): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Write a page of orders and the sync progress in one transaction. */
async function storeOrders(
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
      let rec: OrderRecord = newRecord(order, { history, holdAutoSend: false, now });
      const d = deriveState(
        { order, completedWithout: false, history, holdAutoSend: false },
        linkMap,
        undefined,
        settings.autoSend,
        settings.shipping,
      );
      // Ready on import: it may have been fulfilled another way already; the merchant decides.
      rec = { ...rec, ...d, holdAutoSend: phase === 'import' && d.state === 'ready' };
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

/**
 * Follow orders sent to Inkthreadable until they ship; optionally mark them shipped in Big
 * Cartel (once) with the tracking number.
 */
export async function trackSent(ctx: EngineContext, force: boolean): Promise<void> {
  const sync = await getMeta<SyncMeta>(ctx.db, 'sync');
  const now = ctx.now();
  if (!force && sync?.lastTrackAt && now.getTime() - Date.parse(sync.lastTrackAt) < TRACK_EVERY_MS) return;
  const creds = await ctx.credentials();
  if (!creds.inkthreadable) return;
  const ink = ctx.inkClient(creds.inkthreadable);
  const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
  const open = sent.filter((r) => r.ink && !r.ink.deleted && !r.ink.trackingNumber && !r.ink.shippedAt);
  for (let i = 0; i < open.length; i += 50) {
    const chunk = open.slice(i, i + 50);
    const res = await ink.listOrders({ ids: chunk.map((r) => r.ink!.id), limit: 250 });
    if (res.kind !== 'ok') break;
    const byId = new Map(res.value.map((o) => [o.id, o]));
    for (const rec of chunk) {
      const o = byId.get(rec.ink!.id);
      if (!o) continue;
      const ink2 = {
        id: o.id,
        status: o.status,
        trackingNumber: o.trackingNumber,
        shippedAt: o.shippedAt,
        shippingMethod: o.shippingMethod,
        createdAt: o.createdAt,
        deleted: o.deleted,
        due: o.due ?? null,
      };
      if (JSON.stringify(ink2) !== JSON.stringify(rec.ink)) await ctx.db.put('outbox', { ...rec, ink: ink2 });
    }
    await ctx.changed(chunk.map((r) => r.orderId));
  }
  // Copies that landed late (after a resend) or duplicates the merchant has cancelled since.
  await reconcileSent(ctx, ink);
  if (sync)
    await setMeta(ctx.db, 'sync', {
      ...((await getMeta<SyncMeta>(ctx.db, 'sync')) ?? sync),
      lastTrackAt: now.toISOString(),
    });
  await markShippedInBigCartel(ctx);
}

async function markShippedInBigCartel(ctx: EngineContext): Promise<void> {
  const settings = await ctx.settings();
  if (!settings.markShipped) return;
  const creds = await ctx.credentials();
  const account = await getMeta<AccountMeta>(ctx.db, 'account');
  if (!creds.bigcartel || !account) return;
  const bc = ctx.bcClient(creds.bigcartel);
  const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
  for (const rec of sent) {
    if (!rec.ink || !(rec.ink.trackingNumber || rec.ink.shippedAt) || rec.bcShipment === 'created') continue;
    if (rec.bcShipment === 'creating') {
      // A shipment may have been made before an interruption: look before making another.
      const cur = await bc.getOrder(account.id, rec.orderId);
      if (cur.kind !== 'ok') continue;
      if (cur.value.shippingStatus === 'shipped') {
        await ctx.db.put('outbox', { ...rec, bcShipment: 'created' });
        continue;
      }
    }
    const order = await ctx.db.get('orders', rec.orderId);
    const items = Object.entries(rec.sentItems).map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
    if (!order || items.length === 0) continue;
    await ctx.db.put('outbox', { ...rec, bcShipment: 'creating' });
    const res = await bc.createShipment(account.id, rec.orderId, {
      items,
      carrier: 'Inkthreadable',
      trackingNumber: rec.ink.trackingNumber,
      notifyCustomer: true,
    });
    if (res.kind === 'ok') await ctx.db.put('outbox', { ...rec, bcShipment: 'created' });
  }
}

export async function statusView(ctx: EngineContext): Promise<StatusView> {
  const [status, sync, account, pending, adminOrigin, health] = await Promise.all([
    getStatusMeta(ctx.db),
    getMeta<SyncMeta>(ctx.db, 'sync'),
    getMeta<AccountMeta>(ctx.db, 'account'),
    ctx.db.countFromIndex('orders', 'byNeedsAction', IDBKeyRange.bound([1, ''], [1, '\uffff'])),
    getMeta<string>(ctx.db, 'adminOrigin'),
    linkHealthSummary(ctx.db, ctx.now()),
  ]);
  const creds = await ctx.credentials();
  const [attention, stored] = await Promise.all([readAttention(ctx.db, ctx.now(), creds), readSettings()]);
  return {
    storeName: account?.storeName || account?.subdomain || '',
    bigcartel: creds.bigcartel ? status.bigcartel : UNCONFIGURED.bigcartel,
    inkthreadable: creds.inkthreadable
      ? status.inkthreadable.state === 'unconfigured'
        ? { state: 'ok', message: 'Connected' }
        : status.inkthreadable
      : UNCONFIGURED.inkthreadable,
    lastSyncAt: sync?.lastSyncAt ?? null,
    syncing: status.syncing,
    import: sync && sync.phase !== 'poll' ? { running: true, read: sync.importRead, total: sync.importTotal } : null,
    pending,
    linksNeedingAttention: health.count,
    catalogueToLink: health.toLink,
    adminOrigin: adminOriginOr(adminOrigin),
    attention,
    ...(stored.unreadable ? { settingsUnreadable: true } : {}),
  };
}
