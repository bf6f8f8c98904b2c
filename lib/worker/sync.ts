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
 * requests: about one per 100 unshipped orders), so an order any edge case skipped is found.
 */
import { getMeta, isStorageError, setMeta, storageErrorMessage } from './db';
import { loadLinks, recompute, type EngineContext } from './engine';
import { processDueSends, sendReady } from './sends';
import { importSinceDate } from './settings';
import {
  type AccountMeta,
  type Backoff,
  CURSOR_OVERLAP_MS,
  getStatusMeta,
  MAX_PAGES_PER_RUN,
  PAGE_SIZE,
  type Problem,
  RESCAN_EVERY_MS,
  type SyncMeta,
  type SyncResult,
  setServiceState,
  UNCONFIGURED,
} from './sync-meta';
import { type BaseQuery, type Fail, keysetPass, storeOrders } from './sync-store';
import { trackSent } from './tracking';
import type { ServiceState } from '../protocol';
import type { Link } from '../types';
import type { BcResult } from '../bigcartel/client';

/**
 * One sync pass. `manual`: the merchant asked (Sync now, an order page opened): runs even while
 * backing off or after a refused password.
 */
export async function runSync(ctx: EngineContext, opts: { manual: boolean }): Promise<SyncResult> {
  return ctx.locks.request('bc-sync', { ifAvailable: true }, async (held) => {
    if (!held) return { ran: false, busy: true, read: 0, newNeedingAction: [], message: 'A sync is already running.' };
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

function failureState(res: Exclude<BcResult<unknown>, { kind: 'ok' }>): ServiceState {
  if (res.kind === 'auth') return { state: 'auth', message: res.message };
  return { state: 'error', message: res.message };
}

/** One pass in progress: where it reads, what it has stored. */
interface Pass {
  ctx: EngineContext;
  bc: ReturnType<EngineContext['bcClient']>;
  account: AccountMeta;
  sync: SyncMeta;
  importBase: BaseQuery;
  /** Read once, and only when a page brings orders (a quiet poll needs none of them). */
  links: () => Promise<Map<string, Link>>;
  /** Orders written (new or changed) and orders new to the extension. */
  touched: Set<string>;
  fresh: Set<string>;
}

/** Store a page of a poll or rescan (no progress saved with it). */
function storePolled(p: Pass, orders: Parameters<typeof storeOrders>[1], problems: Parameters<typeof storeOrders>[2]) {
  return storeOrders(p.ctx, orders, problems, 'poll', p.sync.importSince, p.links, null, p.touched, p.fresh);
}

/** A failed read: the service's state, the backoff, and what can still be done without it. */
async function failPass(ctx: EngineContext, res: Fail): Promise<SyncResult> {
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
}

async function syncPass(ctx: EngineContext, sync0: SyncMeta | undefined): Promise<SyncResult> {
  const bc = ctx.bcClient((await ctx.credentials()).bigcartel!);
  const settings = await ctx.settings();
  let account = await getMeta<AccountMeta>(ctx.db, 'account');
  if (!account) {
    const res = await bc.getAccount();
    if (res.kind !== 'ok') return failPass(ctx, res);
    account = { ...res.value, connectedAt: ctx.now().toISOString() };
    await setMeta(ctx.db, 'account', account);
  }
  const sync: SyncMeta = sync0 ?? {
    phase: 'import',
    importSince: importSinceDate(settings, account.connectedAt),
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
  let linksRead: Promise<Map<string, Link>> | null = null;
  const p: Pass = {
    ctx,
    bc,
    account,
    sync,
    importBase: {
      shippingStatus: 'unshipped',
      completedAtFrom: sync.importSince,
      sort: 'updated_at',
      limit: PAGE_SIZE,
    },
    links: () => (linksRead ??= loadLinks(ctx.db)),
    touched: new Set(),
    fresh: new Set(),
  };
  if (p.sync.phase === 'import') {
    const failed = await importPhase(p);
    if (failed) return failPass(ctx, failed);
  }
  // An import that ended in this pass goes on to its catch-up here, but not to a poll.
  const failed =
    p.sync.phase === 'catchup'
      ? await catchupPhase(p)
      : p.sync.phase === 'poll' && sync0?.phase === 'poll'
        ? await pollPhase(p)
        : null;
  if (failed) return failPass(ctx, failed);
  return finishPass(p);
}

function finishImport(ctx: EngineContext, s: SyncMeta): SyncMeta {
  return {
    ...s,
    phase: 'poll',
    importNext: null,
    catchup: null,
    cursor: new Date(Date.parse(s.importStartedAt ?? ctx.now().toISOString()) - CURSOR_OVERLAP_MS).toISOString(),
    lastSyncAt: ctx.now().toISOString(),
    lastRescanAt: ctx.now().toISOString(),
  };
}

/** Fast pass: follow links.next (the fewest requests), saving progress with every page. */
async function importPhase(p: Pass): Promise<Fail | null> {
  const { ctx } = p;
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const sync = p.sync;
    const res = await p.bc.listOrdersPage(p.account.id, sync.importNext ? { url: sync.importNext } : p.importBase);
    if (res.kind !== 'ok') return res;
    const first = !sync.importNext;
    const next: SyncMeta = {
      ...sync,
      importStartedAt: sync.importStartedAt ?? res.serverDate ?? ctx.now().toISOString(),
      importNext: res.value.next,
      importRead: sync.importRead + res.value.orders.length,
      importTotal: first ? res.value.count : sync.importTotal,
      // The list changed under us (an order shipped or was updated meanwhile): offsets moved.
      importShifted: sync.importShifted || (!first && res.value.count !== null && res.value.count !== sync.importTotal),
    };
    // Orders and progress in one transaction: a worker stopped midway resumes at this page.
    p.sync = await storeOrders(
      ctx,
      res.value.orders,
      res.value.problems,
      'import',
      sync.importSince,
      p.links,
      (seenBefore) => {
        if (seenBefore > 0) next.importShifted = true;
        if (res.value.next) return next;
        return next.importShifted
          ? { ...next, phase: 'catchup', catchup: { from: null, offset: 0 } }
          : finishImport(ctx, next);
      },
      p.touched,
      p.fresh,
    );
    await ctx.changed(null, 'status'); // import progress; the badge is redrawn once at the end
    if (!res.value.next) break;
  }
  return null;
}

/** The fast pass may have skipped an order: read the same set again by keyset (resumable). */
function catchupPhase(p: Pass): Promise<Fail | null> {
  const start = p.sync.catchup ?? { from: null, offset: 0 };
  return keysetPass(p.ctx, p.account.id, p.importBase, start, async (page, progress) => {
    p.sync = await storeOrders(
      p.ctx,
      page.orders,
      page.problems,
      'import',
      p.sync.importSince,
      p.links,
      () => (progress ? { ...p.sync, catchup: progress } : finishImport(p.ctx, p.sync)),
      p.touched,
      p.fresh,
    );
  });
}

/** Orders updated since the cursor; by keyset again if the list shifted while paging. */
async function pollPhase(p: Pass): Promise<Fail | null> {
  const { ctx, sync } = p;
  const base: BaseQuery = { updatedAtFrom: sync.cursor ?? sync.importSince, sort: 'updated_at', limit: PAGE_SIZE };
  let url: string | null = null;
  let passStart: string | null = null;
  let firstCount: number | null = null;
  let shifted = false;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const res = await p.bc.listOrdersPage(p.account.id, url ? { url } : base);
    if (res.kind !== 'ok') return res;
    if (page === 0) {
      passStart = res.serverDate;
      firstCount = res.value.count;
    } else if (res.value.count !== null && res.value.count !== firstCount) shifted = true;
    for (const o of res.value.orders) {
      if (seen.has(o.id)) shifted = true;
      seen.add(o.id);
    }
    await storePolled(p, res.value.orders, res.value.problems);
    url = res.value.next;
    if (!url) break;
  }
  if (shifted) {
    const start = { from: base.updatedAtFrom ?? null, offset: 0 };
    const failed = await keysetPass(ctx, p.account.id, base, start, (page) =>
      storePolled(p, page.orders, page.problems).then(() => undefined),
    );
    if (failed) return failed;
  }
  p.sync = {
    ...sync,
    // The server's time when this pass began, minutes earlier: whatever changed after it is read next time.
    cursor: passStart ? new Date(Date.parse(passStart) - CURSOR_OVERLAP_MS).toISOString() : sync.cursor,
    lastSyncAt: ctx.now().toISOString(),
  };
  await setMeta(ctx.db, 'sync', p.sync);
  return rescanIfDue(p);
}

/** Once a day: every unshipped order again, by keyset (an order moved meanwhile is not skipped). */
async function rescanIfDue(p: Pass): Promise<Fail | null> {
  const { ctx } = p;
  const lastRescan = p.sync.lastRescanAt ? Date.parse(p.sync.lastRescanAt) : NaN;
  if (ctx.now().getTime() - lastRescan < RESCAN_EVERY_MS) return null;
  let requests = 0;
  const rescanAt = ctx.now().toISOString();
  const stillListed = new Set<string>();
  const failed = await keysetPass(ctx, p.account.id, p.importBase, { from: null, offset: 0 }, async (page) => {
    requests++;
    for (const problem of page.problems) stillListed.add(problem.id);
    await storePolled(p, page.orders, page.problems);
  });
  if (failed) return failed;
  // An unreadable order the complete rescan no longer lists (shipped, deleted) stops counting.
  const problems = (await getMeta<Problem[]>(ctx.db, 'problems')) ?? [];
  const kept = problems.filter((problem) => stillListed.has(problem.id) || problem.at >= rescanAt);
  if (kept.length !== problems.length) await setMeta(ctx.db, 'problems', kept);
  p.sync = { ...p.sync, lastRescanAt: ctx.now().toISOString(), rescanRequests: requests };
  await setMeta(ctx.db, 'sync', p.sync);
  return null;
}

/** A pass that read everything: the state, the new orders' recompute and notice, then sends and tracking. */
async function finishPass(p: Pass): Promise<SyncResult> {
  const { ctx } = p;
  const backoff = await getMeta<Backoff>(ctx.db, 'backoff');
  if (backoff && (backoff.failures !== 0 || backoff.nextAttemptAt !== null))
    await setMeta(ctx.db, 'backoff', { failures: 0, nextAttemptAt: null });
  await setServiceState(ctx.db, 'bigcartel', {
    state: 'ok',
    message: `Connected to ${p.account.storeName || p.account.subdomain}`,
  });
  const changed = await recompute(ctx, [...p.touched]);
  const changedIds = changed.map((r) => r.id);
  const newNeedingAction: string[] = [];
  if (p.fresh.size) {
    // One transaction for all of them (an import may bring thousands).
    const tx = ctx.db.transaction('orders');
    const recs = await Promise.all([...p.fresh].map((id) => tx.store.get(id)));
    for (const rec of recs) if (rec?.needsAction === 1) newNeedingAction.push(rec.id);
  }
  newNeedingAction.sort();
  // Nothing written (a quiet poll, or only orders read again unchanged in the overlap): the status
  // notice that ends the sync is enough.
  if (changedIds.length || p.touched.size > 0) await ctx.changed(changedIds.length ? changedIds : null);
  if (newNeedingAction.length && (await ctx.settings()).notifications) await notifyNew(ctx, newNeedingAction);
  // Every order ready to go, not only those read now: one whose earlier send could not even
  // look at Inkthreadable would otherwise wait, unchanged at Big Cartel, for a worker restart.
  await sendReady(ctx);
  await processDueSends(ctx);
  await trackSent(ctx, false);
  return { ran: true, read: p.touched.size, newNeedingAction, message: '' };
}

async function notifyNew(ctx: EngineContext, ids: readonly string[]): Promise<void> {
  const n = ids.length;
  await ctx.notify(
    n === 1 ? '1 new Big Cartel order needs you' : `${n} new Big Cartel orders need you`,
    n === 1
      ? `Order ${ids[0]} needs linking or sending in Inkthreadable.`
      : `${n} new Big Cartel orders need linking or sending in Inkthreadable.`,
    ids[0]!,
  );
}
