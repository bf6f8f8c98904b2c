/**
 * The Big Cartel catalogue: every product and option, read from the products API into
 * IndexedDB, so options can be linked before they ever sell; the health of links against it;
 * and sales per option from the stored orders.
 *
 * When it is read (each full read costs one request per 100 products, and Big Cartel asks for
 * polite paging): on the first sync, on "Sync now", when the Products view opens (unless read in
 * the last 10 minutes), and at most every 6 hours from the polling alarm (30 minutes after a
 * failed read). A regular poll with nothing new stays one request.
 *
 * Health: a link is judged only against a catalogue read made after the link was saved (an
 * option newer than our copy of the catalogue is not "deleted"). A read that may have missed a
 * product (an error midway, the list changing while paging) never marks anything deleted.
 */
import type { Db, ProductRecord } from './db';
import { getMeta, setMeta } from './db';
import type { EngineContext } from './engine';
import { linkFitsItem, linkKey, resolveLink } from '../links';
import type {
  CatalogueMeta,
  CatalogueOption,
  CatalogueProduct,
  CatalogueView,
  ItemInfo,
  LinkIssue,
  ProductPageView,
  ServiceState,
} from '../views';
import type { BcAccount, BcProduct, Link } from '../types';
import type { BcCredentials } from '../bigcartel/client';

export const CATALOGUE_EVERY_MS = 6 * 3_600_000;
export const CATALOGUE_RETRY_MS = 30 * 60_000;
export const CATALOGUE_FRESH_MS = 10 * 60_000;
const PAGE_LIMIT = 100;
const MAX_PAGES = 1_000;
const DAY_MS = 86_400_000;
const STALE_RUN_MS = 5 * 60_000;

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

// ---------------------------------------------------------------------------------------------
// Health

function quoted(s: string): string {
  return `“${s}”`;
}

/**
 * What is wrong with a link, judged against the stored catalogue; null when nothing is (or
 * nothing can be known: the product was never read, or not read since the link was saved).
 */
export function linkIssue(link: Link, product: ProductRecord | undefined): LinkIssue | null {
  if (!product) return null;
  const readAt = product.deletedAt || product.fetchedAt;
  if (!readAt || readAt <= link.updatedAt) return null;
  if (product.deletedAt) {
    return {
      key: link.key,
      kind: 'product-deleted',
      message: 'The product was deleted in Big Cartel: no new order can hold it. Remove the link.',
    };
  }
  if (link.optionId === null) return null;
  const option = product.options.find((o) => o.id === link.optionId);
  if (!option) {
    return {
      key: link.key,
      kind: 'option-deleted',
      message: `The option ${quoted(link.optionName || link.optionId)} was deleted in Big Cartel: no new order can hold it. Remove the link, or link the option that replaced it.`,
    };
  }
  // An option whose details Big Cartel left out has no name to compare: nothing is said.
  if (option.name && !linkFitsItem(link, option.name)) {
    return {
      key: link.key,
      kind: 'option-renamed',
      currentName: option.name,
      message: `Renamed: the link was made for ${quoted(link.optionName)}, and Big Cartel now calls this option ${quoted(option.name)}. Orders under the new name wait for you until you keep or edit the link.`,
    };
  }
  return null;
}

/** Every link needing attention. */
export function linkIssues(links: Iterable<Link>, products: ReadonlyMap<string, ProductRecord>): LinkIssue[] {
  const out: LinkIssue[] = [];
  for (const link of links) {
    const issue = linkIssue(link, products.get(link.productId));
    if (issue) out.push(issue);
  }
  return out;
}

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

// ---------------------------------------------------------------------------------------------
// Sales

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

// ---------------------------------------------------------------------------------------------
// Views

function linkInfo(link: Link | null): ItemInfo['link'] {
  return link
    ? {
        key: link.key,
        pn: link.pn,
        designs: link.designs,
        mockups: link.mockups,
        neverFulfil: link.neverFulfil,
        optionId: link.optionId,
      }
    : null;
}

function dispositionOf(link: Link | null): CatalogueOption['disposition'] {
  if (link?.neverFulfil) return 'never';
  if (link?.pn) return 'linked';
  return 'unlinked';
}

/** One product's options with their link state, as the merchant sees them (`links`: at least this product's). */
export function productOptions(
  product: Pick<ProductRecord, 'id' | 'name' | 'options'> & Partial<Pick<ProductRecord, 'fetchedAt' | 'deletedAt'>>,
  links: ReadonlyMap<string, Link>,
  sold30: ReadonlyMap<string, number> = new Map(),
  sold90: ReadonlyMap<string, number> = new Map(),
): CatalogueOption[] {
  const rec = { fetchedAt: '', ...product } as ProductRecord;
  const options: CatalogueOption[] = [];
  const entries: { id: string | null; name: string }[] = product.options.length
    ? product.options
    : [{ id: null, name: '' }];
  for (const o of entries) {
    const item = {
      id: '',
      productId: product.id,
      optionId: o.id,
      productName: product.name,
      optionName: o.name,
      quantity: 1,
      price: 0,
      imageUrl: null,
    };
    const applies = resolveLink(item, links);
    const own = o.id ? (links.get(linkKey(product.id, o.id)) ?? null) : null;
    const key = linkKey(product.id, o.id);
    options.push({
      id: o.id,
      name: o.name,
      disposition: dispositionOf(applies),
      via: applies ? (applies.optionId === null ? 'product' : 'option') : null,
      link: linkInfo(own ?? applies),
      deleted: false,
      issue: own ? linkIssue(own, rec) : applies ? linkIssue(applies, rec) : null,
      sold30: sold30.get(key) ?? 0,
      sold90: sold90.get(key) ?? 0,
    });
  }
  // Links to options Big Cartel no longer has: shown so the merchant can remove them.
  const known = new Set(product.options.map((o) => o.id));
  for (const link of links.values()) {
    if (link.productId !== product.id || link.optionId === null || known.has(link.optionId)) continue;
    const issue = linkIssue(link, rec);
    if (!issue) continue;
    options.push({
      id: link.optionId,
      name: link.optionName,
      disposition: dispositionOf(link),
      via: 'option',
      link: linkInfo(link),
      deleted: true,
      issue,
      sold30: 0,
      sold90: 0,
    });
  }
  return options;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Everything the Products view shows, built from IndexedDB (no request to Big Cartel). */
export async function catalogueView(ctx: EngineContext): Promise<CatalogueView> {
  const now = ctx.now().getTime();
  const [stored, products, linkList, sold30, sold90] = await Promise.all([
    catalogueMeta(ctx.db),
    ctx.db.getAll('products'),
    ctx.db.getAll('links'),
    salesSince(ctx.db, new Date(now - 30 * DAY_MS).toISOString()),
    salesSince(ctx.db, new Date(now - 90 * DAY_MS).toISOString()),
  ]);
  // A read that was cut short (the worker stopped) does not stay "running" for ever.
  const meta = {
    ...stored,
    running: stored.running && !!stored.attemptAt && now - Date.parse(stored.attemptAt) < STALE_RUN_MS,
  };
  const byProduct = new Map<string, Map<string, Link>>();
  for (const l of linkList) {
    const m = byProduct.get(l.productId) ?? new Map<string, Link>();
    m.set(l.key, l);
    byProduct.set(l.productId, m);
  }
  const none = new Map<string, Link>();
  const out: CatalogueProduct[] = [];
  const toLink: CatalogueView['toLink'] = [];
  for (const p of products) {
    const links = byProduct.get(p.id) ?? none;
    if (p.deletedAt && links.size === 0) continue;
    const options = productOptions(p, links, sold30, sold90);
    const productLink = links.get(linkKey(p.id, null));
    const ownLinks = [...links.values()].filter((l) => l.optionId !== null);
    const liveOwn = ownLinks.filter((l) => p.options.some((o) => o.id === l.optionId));
    const notice = p.deletedAt
      ? 'Deleted in Big Cartel.'
      : ownLinks.length > 0 && liveOwn.length === 0 && !productLink
        ? 'No linked option is left: every option that was linked was deleted in Big Cartel.'
        : '';
    for (const o of options) {
      if (!p.deletedAt && !o.deleted && o.disposition === 'unlinked' && o.sold90 > 0) {
        toLink.push({ productId: p.id, optionId: o.id, productName: p.name, optionName: o.name, sold90: o.sold90 });
      }
    }
    out.push({
      id: p.id,
      name: p.name,
      status: p.status,
      imageUrl: p.imageUrl,
      deleted: !!p.deletedAt,
      notice,
      options,
    });
  }
  out.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
  toLink.sort(
    (a, b) =>
      b.sold90 - a.sold90 ||
      collator.compare(a.productName, b.productName) ||
      collator.compare(a.optionName, b.optionName),
  );
  const byId = new Map(products.map((p) => [p.id, p]));
  return { meta, products: out, needingAttention: linkIssues(linkList, byId).length, toLink };
}

/** The product page overlay's data: each option of the product with its link state. */
export async function productPageView(ctx: EngineContext, productId: string): Promise<ProductPageView> {
  let product: ProductRecord | undefined = await ctx.db.get('products', productId);
  if (!product) {
    const creds = (await ctx.credentials()).bigcartel;
    const account = await getMeta<BcAccount>(ctx.db, 'account');
    if (creds && account) {
      const res = await ctx.bcClient(creds).getProduct(account.id, productId);
      if (res.kind === 'ok') {
        product = { ...res.value, fetchedAt: ctx.now().toISOString(), deletedAt: null };
        await ctx.db.put('products', product);
        await refreshLinkHealth(ctx.db, ctx.now());
      }
    }
  }
  if (!product) return { product: null, items: [] };
  const links = new Map((await ctx.db.getAllFromIndex('links', 'byProduct', productId)).map((l) => [l.key, l]));
  const items = productOptions(product, links)
    .filter((o) => !o.deleted)
    .map(
      (o): ItemInfo => ({
        id: o.id ?? linkKey(productId, null),
        productId,
        optionId: o.id,
        productName: product.name,
        optionName: o.name,
        quantity: 0,
        price: 0,
        disposition: o.disposition,
        link: o.link,
      }),
    );
  return { product: { id: product.id, name: product.name }, items };
}
