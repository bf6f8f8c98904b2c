/**
 * Reading the Big Cartel catalogue: every product and option, read from the products API into
 * IndexedDB, so options can be linked before they ever sell. The health of links against it is
 * in link-health.ts; the views built from it in catalogue-views.ts and lib/catalogue-view.ts.
 *
 * When it is read (each full read costs one request per 100 products, and Big Cartel asks for
 * polite paging): on the first sync, on "Sync now", when the Products view opens (unless read in
 * the last 10 minutes), and at most every 6 hours from the polling alarm (30 minutes after a
 * failed read). A regular poll with nothing new stays one request.
 *
 * A read that may have missed a product (an error midway, the list changing while paging) never marks anything deleted.
 */
import type { Db } from './db';
import { getMeta, setMeta } from './db';
import type { EngineContext } from './engine';
import { refreshLinkHealth } from './link-health';
import type { CatalogueMeta, ServiceState } from '../views';
import type { BcAccount, BcProduct } from '../types';
import type { BcCredentials } from '../bigcartel/client';

export const CATALOGUE_EVERY_MS = 6 * 3_600_000;
const CATALOGUE_RETRY_MS = 30 * 60_000;
export const CATALOGUE_FRESH_MS = 10 * 60_000;
const PAGE_LIMIT = 100;
const MAX_PAGES = 1_000;

const NO_META: CatalogueMeta = {
  refreshedAt: null,
  attemptAt: null,
  running: false,
  complete: false,
  count: 0,
  message: '',
};

export async function catalogueMeta(db: Db): Promise<CatalogueMeta> {
  return { ...NO_META, ...((await getMeta<Partial<CatalogueMeta>>(db, 'catalogue')) ?? {}) };
}

/** Whether a read is due: always when the merchant asked, else on the schedule above. */
export function catalogueDue(meta: CatalogueMeta, now: Date, manual: boolean): boolean {
  if (manual || !meta.attemptAt) return true;
  const since = now.getTime() - Date.parse(meta.attemptAt);
  return since >= (meta.message ? CATALOGUE_RETRY_MS : CATALOGUE_EVERY_MS) || Number.isNaN(since);
}

/**
 * After a sync: read the catalogue when due (nothing when Big Cartel is not usable); otherwise,
 * when the sync read orders, recount the options sold and not linked.
 */
export async function afterSync(ctx: EngineContext, opts: { manual: boolean; ordersRead: number }): Promise<void> {
  const status = await getMeta<{ bigcartel?: ServiceState }>(ctx.db, 'status');
  const usable = !status?.bigcartel || status.bigcartel.state === 'ok';
  if (usable && catalogueDue(await catalogueMeta(ctx.db), ctx.now(), opts.manual) && (await refreshCatalogue(ctx)).ran)
    return;
  if (opts.ordersRead > 0) await refreshLinkHealth(ctx.db, ctx.now());
}

export interface RefreshResult {
  ran: boolean;
  read: number;
  message: string;
}

/** Read every product (100 a page, one request at a time) and store them in one transaction. */
export async function refreshCatalogue(ctx: EngineContext): Promise<RefreshResult> {
  return ctx.locks.request('bc-catalogue', { ifAvailable: true }, async (held) => {
    if (!held) return { ran: false, read: 0, message: 'The catalogue is already being read.' };
    const creds = (await ctx.credentials()).bigcartel;
    const account = await getMeta<BcAccount>(ctx.db, 'account');
    if (!creds) return { ran: false, read: 0, message: 'Connect your Big Cartel store in Settings first.' };
    if (!account) return { ran: false, read: 0, message: 'Sync with Big Cartel first: the store is not known yet.' };
    const before = await catalogueMeta(ctx.db);
    const startedAt = ctx.now().toISOString();
    await setMeta(ctx.db, 'catalogue', { ...before, running: true, attemptAt: startedAt });
    await ctx.changed(null, 'status');
    try {
      return await readAll(ctx, creds, account, before, startedAt);
    } catch (err) {
      // Nothing half-written: the products are stored in one transaction at the end.
      await setMeta(ctx.db, 'catalogue', {
        ...before,
        running: false,
        attemptAt: startedAt,
        message: 'The product list could not be stored. Try again.',
      });
      await ctx.changed(null);
      throw err;
    }
  });
}

/** Page through the products, then store what was read (marking deletions only after a complete read). */
async function readAll(
  ctx: EngineContext,
  creds: BcCredentials,
  account: BcAccount,
  before: CatalogueMeta,
  startedAt: string,
): Promise<RefreshResult> {
  const bc = ctx.bcClient(creds);
  const products: BcProduct[] = [];
  const problemIds = new Set<string>();
  let count: number | null = null;
  let shifted = false;
  let failure = '';
  let next: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await bc.listProductsPage(account.id, next ? { url: next } : { limit: PAGE_LIMIT });
    if (res.kind !== 'ok') {
      failure = res.message;
      break;
    }
    if (page === 0) count = res.value.count;
    else if (res.value.count !== null && res.value.count !== count) shifted = true;
    products.push(...res.value.products);
    for (const p of res.value.problems) problemIds.add(p.id);
    next = res.value.next;
    if (!next) break;
  }
  const ids = new Set(products.map((p) => p.id));
  const complete = !failure && !next && !shifted && ids.size + problemIds.size >= (count ?? 0);
  const now = ctx.now().toISOString();
  const tx = ctx.db.transaction('products', 'readwrite');
  const existing = await tx.store.getAll();
  const writes: Promise<unknown>[] = products.map((p) => tx.store.put({ ...p, fetchedAt: now, deletedAt: null }));
  if (complete) {
    for (const rec of existing) {
      if (!ids.has(rec.id) && !problemIds.has(rec.id) && !rec.deletedAt)
        writes.push(tx.store.put({ ...rec, deletedAt: now }));
    }
  }
  await Promise.all([...writes, tx.done]);
  const meta: CatalogueMeta = failure
    ? { ...before, running: false, attemptAt: startedAt, message: `The product list could not be read: ${failure}` }
    : { refreshedAt: now, attemptAt: startedAt, running: false, complete, count: ids.size, message: '' };
  await setMeta(ctx.db, 'catalogue', meta);
  await refreshLinkHealth(ctx.db, ctx.now());
  await ctx.changed(null);
  return { ran: true, read: products.length, message: meta.message };
}
