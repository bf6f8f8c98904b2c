import { describe, expect, it } from 'vitest';
import { normaliseProductDocument } from '@/lib/bigcartel/normalise';
import { catalogueDue, refreshCatalogue, CATALOGUE_EVERY_MS } from '@/lib/worker/catalogue';
import { catalogueView, productPageView } from '@/lib/worker/catalogue-views';
import { countLinkIssues, salesSince } from '@/lib/worker/link-health';
import { linkIssue } from '@/lib/catalogue-view';
import type { ProductRecord } from '@/lib/worker/db';
import { setMeta } from '@/lib/worker/db';
import { recompute } from '@/lib/worker/engine';
import { handle } from '@/lib/worker/handlers';
import { linkKey, makeLink, resolveLink, siblingSuggestions } from '@/lib/links';
import { statusView } from '@/lib/worker/status';
import type { BcClient, BcResult, BcProductsPage } from '@/lib/bigcartel/client';
import type { BcProduct, Link } from '@/lib/types';
import { bcOrder, item, world, type TestWorld } from './helpers/services';

const T0 = '2026-11-20T12:00:00.000Z';

function link(
  productId: string,
  optionId: string | null,
  optionName: string,
  pn = 'JH001-JBK-L',
  updatedAt = '2026-11-01T00:00:00.000Z',
): Link {
  const made = makeLink(
    {
      productId,
      optionId,
      productName: 'Hoodie',
      optionName,
      pn,
      designs: { front: 'https://cdn.example/f.png' },
      neverFulfil: false,
    },
    new Date(updatedAt),
  );
  if (!made.ok) throw new Error(made.message);
  return made.link;
}

function product(id: string, options: [string, string][], extra: Partial<ProductRecord> = {}): ProductRecord {
  return {
    id,
    name: `Product ${id}`,
    permalink: '',
    status: 'active',
    imageUrl: null,
    options: options.map(([oid, name]) => ({ id: oid, name, sold: 0 })),
    fetchedAt: T0,
    deletedAt: null,
    ...extra,
  };
}

describe('product normaliser (the catalogue reads it)', () => {
  it('reads options from included, in either type spelling, and a product without image', () => {
    const doc = {
      data: [
        {
          id: 1,
          type: 'products',
          attributes: {
            name: 'Hoodie',
            permalink: 'hoodie',
            status: 'active',
            primary_image_url: 'https://images.example/h.jpg',
          },
          relationships: {
            options: {
              data: [
                { type: 'product_options', id: '11' },
                { type: 'product_option', id: 12 },
              ],
            },
          },
        },
        {
          id: '2',
          type: 'product',
          attributes: { name: 'Poster', primary_image_url: null },
          relationships: { options: { data: [{ type: 'option', id: '21' }] } },
        },
        { id: '3', type: 'products', attributes: { name: 'Tote' } },
      ],
      included: [
        { id: '11', type: 'product_options', attributes: { name: 'Black / M', sold: 4 } },
        { id: 12, type: 'product_option', attributes: { name: 'Black / L', sold: '7' } },
        { id: '21', type: 'product_options', attributes: { name: 'A3', sold: null } },
      ],
    };
    const { products, problems } = normaliseProductDocument(doc);
    expect(problems).toEqual([]);
    expect(products).toEqual([
      {
        id: '1',
        name: 'Hoodie',
        permalink: 'hoodie',
        status: 'active',
        imageUrl: 'https://images.example/h.jpg',
        options: [
          { id: '11', name: 'Black / M', sold: 4 },
          { id: '12', name: 'Black / L', sold: 7 },
        ],
      },
      {
        id: '2',
        name: 'Poster',
        permalink: '',
        status: '',
        imageUrl: null,
        options: [{ id: '21', name: 'A3', sold: null }],
      },
      { id: '3', name: 'Tote', permalink: '', status: '', imageUrl: null, options: [] },
    ]);
  });

  it('keeps an option whose details are missing from included (by id, so it stays linkable)', () => {
    const { products } = normaliseProductDocument({
      data: {
        id: '5',
        type: 'products',
        attributes: { name: 'Cap' },
        relationships: { options: { data: [{ type: 'product_options', id: '51' }] } },
      },
    });
    expect(products[0]!.options).toEqual([{ id: '51', name: '', sold: null }]);
  });
});

describe('link health', () => {
  it('flags an option deleted in Big Cartel, once the catalogue was read after the link', () => {
    const l = link('1', '11', 'Black / L');
    expect(linkIssue(l, product('1', [['12', 'Black / M']]))).toMatchObject({
      key: '1|11',
      kind: 'option-deleted',
      message: expect.stringContaining('“Black / L” was deleted'),
    });
    // Read before the link was saved: the option may be newer than our copy. Nothing is said.
    expect(linkIssue(l, product('1', [['12', 'Black / M']], { fetchedAt: '2026-10-01T00:00:00.000Z' }))).toBeNull();
    // Never read: nothing is known.
    expect(linkIssue(l, undefined)).toBeNull();
  });

  it('flags a renamed option with its new name; a change of case or spacing is not a rename', () => {
    const l = link('1', '11', 'Black / L');
    expect(linkIssue(l, product('1', [['11', 'Black / XL']]))).toMatchObject({
      kind: 'option-renamed',
      currentName: 'Black / XL',
    });
    expect(linkIssue(l, product('1', [['11', 'black/l']]))).toBeNull();
    // An option whose details Big Cartel left out (no name) is not a rename.
    expect(linkIssue(l, product('1', [['11', '']]))).toBeNull();
  });

  it('a link made for "" or Default fits the option Big Cartel calls Default (no rename)', () => {
    expect(linkIssue(link('1', '11', 'Default'), product('1', [['11', 'Default']]))).toBeNull();
    expect(linkIssue(link('1', '11', ''), product('1', [['11', 'Default']]))).toBeNull();
    expect(linkIssue(link('1', '11', 'Default'), product('1', [['11', 'Large']]))).toMatchObject({
      kind: 'option-renamed',
      currentName: 'Large',
    });
  });

  it('flags every link of a deleted product, the product-wide one too', () => {
    const deleted = product('1', [['11', 'Black / L']], { deletedAt: T0 });
    expect(linkIssue(link('1', '11', 'Black / L'), deleted)?.kind).toBe('product-deleted');
    expect(linkIssue(link('1', null, ''), deleted)?.kind).toBe('product-deleted');
    // A product-wide link of a live product has nothing to go wrong with.
    expect(linkIssue(link('1', null, ''), product('1', []))).toBeNull();
  });

  it('never applies a renamed option’s link to items bought under the new name, nor the product link in its place', () => {
    const own = link('1', '11', 'Black / L', 'JH001-JBK-L');
    const wide = link('1', null, '', 'JH001-JBK');
    const links = new Map([own, wide].map((l) => [l.key, l]));
    const bought = (optionName: string) => ({
      id: 'i',
      productId: '1',
      optionId: '11',
      productName: 'Hoodie',
      optionName,
      quantity: 1,
      price: 1,
      imageUrl: null,
    });
    expect(resolveLink(bought('Black / L'), links)?.pn).toBe('JH001-JBK-L');
    expect(resolveLink(bought('BLACK/L'), links)?.pn).toBe('JH001-JBK-L');
    expect(resolveLink(bought('Black / XL'), links)).toBeNull();
    // A link without a recorded option name (an old import) applies by id.
    const bare = { ...own, optionName: '' };
    expect(resolveLink(bought('Black / XL'), new Map([[bare.key, bare]]))?.pn).toBe('JH001-JBK-L');
  });

  it('an item whose option was deleted (relationship null) takes the link made for that option by name, not the product’s', () => {
    const own = link('1', '11', 'Black / XL', 'JH001-JBK-XL');
    const wide = link('1', null, '', 'JH001-JBK-L');
    const links = new Map([own, wide].map((l) => [l.key, l]));
    const orphan = (optionName: string) => ({
      id: 'i',
      productId: '1',
      optionId: null,
      productName: 'Hoodie',
      optionName,
      quantity: 1,
      price: 1,
      imageUrl: null,
    });
    expect(resolveLink(orphan('Black / XL'), links)?.pn).toBe('JH001-JBK-XL');
    // No option link of that name: the product's link covers it, as for any option without its own.
    expect(resolveLink(orphan('Black / M'), links)?.pn).toBe('JH001-JBK-L');
    expect(resolveLink(orphan(''), links)?.pn).toBe('JH001-JBK-L');
    // Two options of the product once linked under the same name: neither is guessed.
    const twin = { ...link('1', '12', 'Black / XL', 'JH001-OTHER-XL'), key: '1|12' };
    const ambiguous = new Map([own, twin].map((l) => [l.key, l]));
    expect(resolveLink(orphan('Black / XL'), ambiguous)).toBeNull();
  });

  it('a renamed option’s new order waits for the merchant; one bought before the rename is still ready', async () => {
    const w = await world();
    await w.db.put('links', link('1', '11', 'Black / L', 'JH001-JBK-L', '2026-11-01T00:00:00.000Z'));
    await w.db.put('orders', { ...newRec(bcOrder('MOTH-1', [item('1', '11', 1, 'Hoodie', 'Black / L')], T0)) });
    await w.db.put('orders', { ...newRec(bcOrder('MOTH-2', [item('1', '11', 1, 'Hoodie', 'Black / XL')], T0)) });
    await recompute(w.ctx, null);
    expect((await w.db.get('orders', 'MOTH-1'))!.state).toBe('ready');
    expect((await w.db.get('orders', 'MOTH-2'))!.state).toBe('needs-linking');
  });
});

function newRec(order: ReturnType<typeof bcOrder>) {
  return {
    id: order.id,
    order,
    state: 'needs-linking' as const,
    needsAction: 0 as const,
    toLink: 0,
    completedWithout: false,
    shippingChoice: null,
    holdAutoSend: false,
    history: false,
    firstSeenAt: T0,
    createdAt: order.createdAt,
    productIds: [...new Set(order.items.map((i) => i.productId!).filter(Boolean))],
  };
}

describe('size siblings for catalogue options', () => {
  it('offers the other sizes of the same colour with the size part swapped', () => {
    const options = [
      { id: 's', name: 'Black / S' },
      { id: 'm', name: 'Black / M' },
      { id: 'l', name: 'Black / L' },
      { id: 'xl', name: 'Black / XL' },
      { id: 'wl', name: 'White / L' },
    ];
    expect(
      siblingSuggestions(
        { optionName: 'Black / L', pn: 'JH001-JBK-L' },
        options.filter((o) => o.id !== 'l'),
      ),
    ).toEqual([
      { optionId: 's', optionName: 'Black / S', pn: 'JH001-JBK-S' },
      { optionId: 'm', optionName: 'Black / M', pn: 'JH001-JBK-M' },
      { optionId: 'xl', optionName: 'Black / XL', pn: 'JH001-JBK-XL' },
    ]);
    // Sizes written as words, and a code that does not end with the size: no guess.
    expect(siblingSuggestions({ optionName: 'Large', pn: 'GD05-L' }, [{ id: 'm', name: 'Medium' }])).toEqual([
      { optionId: 'm', optionName: 'Medium', pn: 'GD05-M' },
    ]);
    expect(siblingSuggestions({ optionName: 'Black / L', pn: 'JH001-JBK' }, options)).toEqual([]);
  });
});

/** A Big Cartel products API stand-in: pages of `limit`, with faults on demand. */
class FakeCatalogue {
  products: BcProduct[] = [];
  requests = 0;
  failAt: number | null = null;
  /** a product appears between the first and second page */
  addWhilePaging: BcProduct | null = null;
  client(): BcClient {
    const self = this;
    return {
      async listProductsPage(_a: string, q: { limit?: number } | { url: string }): Promise<BcResult<BcProductsPage>> {
        const page = self.requests++;
        if (self.failAt === page)
          return { kind: 'unavailable', message: 'Big Cartel is having trouble (HTTP 503); try again later' };
        if (page === 1 && self.addWhilePaging) self.products.unshift(self.addWhilePaging);
        const offset = 'url' in q ? Number(q.url) : 0;
        const limit = 'url' in q ? 100 : (q.limit ?? 100);
        const slice = self.products.slice(offset, offset + limit);
        const next = offset + limit < self.products.length ? String(offset + limit) : null;
        return {
          kind: 'ok',
          value: { products: structuredClone(slice), problems: [], next, count: self.products.length },
          serverDate: null,
        };
      },
      async getProduct(_a: string, id: string): Promise<BcResult<BcProduct>> {
        self.requests++;
        const p = self.products.find((x) => x.id === id);
        return p
          ? { kind: 'ok', value: structuredClone(p), serverDate: null }
          : { kind: 'rejected', status: 404, message: 'Not found' };
      },
    } as unknown as BcClient;
  }
}

async function catalogueWorld(count = 250): Promise<{ w: TestWorld; bc: FakeCatalogue }> {
  const w = await world();
  const bc = new FakeCatalogue();
  for (let i = 0; i < count; i++)
    bc.products.push({
      id: String(1000 + i),
      name: `Product ${i}`,
      permalink: '',
      status: 'active',
      imageUrl: null,
      options: [
        { id: `${1000 + i}-m`, name: 'Black / M', sold: 0 },
        { id: `${1000 + i}-l`, name: 'Black / L', sold: 0 },
      ],
    });
  // The orders side is the engine tests' Big Cartel stand-in; the products side is this one.
  w.ctx.bcClient = () => Object.assign(w.bc.client(), bc.client());
  await setMeta(w.db, 'account', {
    id: '4721901',
    subdomain: 'mothmerch',
    storeName: 'Moth Merch',
    currency: 'GBP',
    connectedAt: T0,
  });
  return { w, bc };
}

describe('reading the catalogue', () => {
  it('reads every page, one request per 100 products, and stores each product', async () => {
    const { w, bc } = await catalogueWorld(250);
    const res = await refreshCatalogue(w.ctx);
    expect(res).toEqual({ ran: true, read: 250, message: '' });
    expect(bc.requests).toBe(3);
    expect(await w.db.count('products')).toBe(250);
    const view = await catalogueView(w.ctx);
    expect(view.meta).toMatchObject({ complete: true, count: 250, running: false, message: '' });
    expect(view.products[0]!.options.map((o) => [o.name, o.disposition])).toEqual([
      ['Black / M', 'unlinked'],
      ['Black / L', 'unlinked'],
    ]);
  });

  it('marks a product deleted only after a complete read no longer lists it', async () => {
    const { w, bc } = await catalogueWorld(150);
    await refreshCatalogue(w.ctx);
    const gone = bc.products.splice(10, 1)[0]!;
    // A read that fails midway marks nothing deleted.
    bc.failAt = bc.requests + 1;
    w.clock.advance(60_000);
    const failed = await refreshCatalogue(w.ctx);
    expect(failed.message).toMatch(/could not be read: Big Cartel is having trouble/);
    expect((await w.db.get('products', gone.id))!.deletedAt).toBeFalsy();
    expect((await catalogueView(w.ctx)).meta.message).toMatch(/HTTP 503/);
    // A read during which the list changed (a product added while paging) marks nothing either.
    bc.failAt = null;
    bc.requests = 0;
    bc.addWhilePaging = { id: '9999', name: 'New', permalink: '', status: 'active', imageUrl: null, options: [] };
    await refreshCatalogue(w.ctx);
    expect((await w.db.get('products', gone.id))!.deletedAt).toBeFalsy();
    bc.addWhilePaging = null;
    await refreshCatalogue(w.ctx);
    expect((await w.db.get('products', gone.id))!.deletedAt).toBeTruthy();
    expect((await catalogueView(w.ctx)).meta).toMatchObject({ complete: true, message: '' });
  });

  it('is due on first use, when asked, every few hours, and sooner after a failure', () => {
    const now = new Date(T0);
    const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const base = { refreshedAt: null, running: false, complete: true, count: 1, message: '' };
    expect(catalogueDue({ ...base, attemptAt: null }, now, false)).toBe(true);
    expect(catalogueDue({ ...base, attemptAt: at(60_000) }, now, false)).toBe(false);
    expect(catalogueDue({ ...base, attemptAt: at(60_000) }, now, true)).toBe(true);
    expect(catalogueDue({ ...base, attemptAt: at(CATALOGUE_EVERY_MS) }, now, false)).toBe(true);
    expect(catalogueDue({ ...base, attemptAt: at(31 * 60_000), message: 'failed' }, now, false)).toBe(true);
  });

  it('a regular poll with nothing new reads no product; Sync now reads the catalogue', async () => {
    const { w, bc } = await catalogueWorld(5);
    const { afterSync } = await import('@/lib/worker/catalogue');
    const refreshCatalogueIfDue = (ctx: typeof w.ctx, manual: boolean) => afterSync(ctx, { manual, ordersRead: 0 });
    await setMeta(w.db, 'status', {
      bigcartel: { state: 'ok', message: '' },
      inkthreadable: { state: 'ok', message: '' },
      syncing: false,
    });
    await refreshCatalogueIfDue(w.ctx, false);
    expect(bc.requests).toBe(1);
    w.clock.advance(60 * 60_000);
    await refreshCatalogueIfDue(w.ctx, false);
    expect(bc.requests).toBe(1);
    await handle(w.ctx, { type: 'syncNow' });
    expect(bc.requests).toBe(2);
    // A refused password: no product read on the schedule.
    await setMeta(w.db, 'status', {
      bigcartel: { state: 'auth', message: 'refused' },
      inkthreadable: { state: 'ok', message: '' },
      syncing: false,
    });
    w.clock.advance(CATALOGUE_EVERY_MS);
    await refreshCatalogueIfDue(w.ctx, false);
    expect(bc.requests).toBe(2);
  });
});

describe('the Products view and the popup count', () => {
  it('counts links needing attention after a read that finds an option deleted or renamed', async () => {
    const { w, bc } = await catalogueWorld(3);
    await refreshCatalogue(w.ctx);
    w.clock.advance(60_000);
    await handle(w.ctx, {
      type: 'saveLinks',
      links: ['1000-m', '1000-l', '1001-l'].map((o) => ({
        productId: o.slice(0, 4),
        optionId: o,
        productName: 'P',
        optionName: o.endsWith('m') ? 'Black / M' : 'Black / L',
        pn: o.endsWith('m') ? 'JH001-JBK-M' : 'JH001-JBK-L',
        designs: { front: 'https://cdn.example/f.png' },
        neverFulfil: false,
      })),
    });
    expect((await statusView(w.ctx)).linksNeedingAttention).toBe(0);
    bc.products[0]!.options = [];
    bc.products[1]!.options[1]!.name = 'Black / XL';
    w.clock.advance(60_000);
    await refreshCatalogue(w.ctx);
    expect(await countLinkIssues(w.db)).toBe(3);
    expect((await statusView(w.ctx)).linksNeedingAttention).toBe(3);
    const view = await catalogueView(w.ctx);
    expect(view.needingAttention).toBe(3);
    const p0 = view.products.find((p) => p.id === '1000')!;
    expect(p0.notice).toMatch(/No linked option is left/);
    expect(p0.options.map((o) => [o.name, o.deleted, o.issue?.kind])).toEqual([
      ['', false, undefined],
      ['Black / L', true, 'option-deleted'],
      ['Black / M', true, 'option-deleted'],
    ]);
    const p1 = view.products.find((p) => p.id === '1001')!;
    expect(p1.options.find((o) => o.id === '1001-l')).toMatchObject({
      name: 'Black / XL',
      disposition: 'unlinked',
      issue: { kind: 'option-renamed' },
    });
    // Keeping the link for the new name clears it.
    await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: '1001',
        optionId: '1001-l',
        productName: 'P',
        optionName: 'Black / XL',
        pn: 'JH001-JBK-XL',
        designs: { front: 'https://cdn.example/f.png' },
        neverFulfil: false,
      },
    });
    expect((await statusView(w.ctx)).linksNeedingAttention).toBe(2);
    // Removing the dead links clears the rest.
    await handle(w.ctx, { type: 'deleteLink', key: linkKey('1000', '1000-m') });
    await handle(w.ctx, { type: 'deleteLink', key: linkKey('1000', '1000-l') });
    expect((await statusView(w.ctx)).linksNeedingAttention).toBe(0);
  });

  it('lists options sold in the last 90 days that are not linked, most sold first, from the stored orders', async () => {
    const { w } = await catalogueWorld(3);
    await refreshCatalogue(w.ctx);
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.parse(T0) - daysAgo * day).toISOString();
    await w.db.put(
      'orders',
      newRec(
        bcOrder(
          'A',
          [item('1000', '1000-m', 2, 'Product 0', 'Black / M'), item('1001', '1001-l', 1, 'Product 1', 'Black / L')],
          at(5),
        ),
      ),
    );
    await w.db.put('orders', newRec(bcOrder('B', [item('1001', '1001-l', 4, 'Product 1', 'Black / L')], at(60))));
    await w.db.put('orders', newRec(bcOrder('C', [item('1002', '1002-m', 9, 'Product 2', 'Black / M')], at(120))));
    await w.db.put('links', link('1000', '1000-l', 'Black / L'));
    const sold = await salesSince(w.db, at(30));
    expect(sold.get('1000|1000-m')).toBe(2);
    expect(sold.get('1001|1001-l')).toBe(1);
    const view = await catalogueView(w.ctx);
    expect(view.toLink.map((t) => [t.productId, t.optionName, t.sold90])).toEqual([
      ['1001', 'Black / L', 5],
      ['1000', 'Black / M', 2],
    ]);
    const p1 = view.products.find((p) => p.id === '1001')!;
    expect(p1.options.find((o) => o.id === '1001-l')).toMatchObject({ sold30: 1, sold90: 5 });
    // The popup's "Link your catalogue" count follows: after a sync that read orders, and after linking.
    const { afterSync } = await import('@/lib/worker/catalogue');
    await afterSync(w.ctx, { manual: false, ordersRead: 3 });
    expect((await statusView(w.ctx)).catalogueToLink).toBe(2);
    await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: '1001',
        optionId: '1001-l',
        productName: 'Product 1',
        optionName: 'Black / L',
        pn: 'JH001-JBK-L',
        designs: { front: 'https://cdn.example/f.png' },
        neverFulfil: false,
      },
    });
    expect((await statusView(w.ctx)).catalogueToLink).toBe(1);
    expect((await catalogueView(w.ctx)).toLink.map((t) => t.optionId)).toEqual(['1000-m']);
  });

  it('gives the product page each option with its link state, reading an unknown product once', async () => {
    const { w, bc } = await catalogueWorld(2);
    await w.db.put('links', link('1001', null, '', 'JH001-JBK'));
    const page = await productPageView(w.ctx, '1001');
    expect(bc.requests).toBe(1);
    expect(page.product).toEqual({ id: '1001', name: 'Product 1' });
    expect(page.items.map((i) => [i.id, i.optionName, i.disposition, i.link?.pn])).toEqual([
      ['1001-m', 'Black / M', 'linked', 'JH001-JBK'],
      ['1001-l', 'Black / L', 'linked', 'JH001-JBK'],
    ]);
    await productPageView(w.ctx, '1001');
    expect(bc.requests).toBe(1);
    expect((await productPageView(w.ctx, '424242')).product).toBeNull();
  });
});

describe('catalogue messages and store changes', () => {
  it('lets the admin page ask for a product page, never for the catalogue itself', async () => {
    const { checkMessage } = await import('@/lib/worker/messages');
    const admin = { id: 'ext', url: 'https://app.bigcartel.com/products/330011' };
    expect(
      checkMessage({ type: 'getProductPage', productId: '330011' }, admin, 'ext', 'chrome-extension://ext/'),
    ).toMatchObject({ ok: true, from: 'content-script' });
    expect(checkMessage({ type: 'getCatalogue' }, admin, 'ext', 'chrome-extension://ext/')).toMatchObject({
      ok: false,
    });
    expect(
      checkMessage({ type: 'refreshCatalogue', force: true }, admin, 'ext', 'chrome-extension://ext/'),
    ).toMatchObject({ ok: false });
    const page = { id: 'ext', url: 'chrome-extension://ext/options.html' };
    expect(
      checkMessage({ type: 'refreshCatalogue', force: 'yes' }, page, 'ext', 'chrome-extension://ext/'),
    ).toMatchObject({ ok: false });
    expect(
      checkMessage({ type: 'refreshCatalogue', force: false }, page, 'ext', 'chrome-extension://ext/'),
    ).toMatchObject({ ok: true });
  });

  it('forgets the catalogue when the merchant connects another store', async () => {
    const { w } = await catalogueWorld(3);
    await refreshCatalogue(w.ctx);
    expect(await w.db.count('products')).toBe(3);
    const { resetSync } = await import('@/lib/worker/sync-meta');
    await resetSync(w.db);
    expect(await w.db.count('products')).toBe(0);
    expect((await catalogueView(w.ctx)).meta.refreshedAt).toBeNull();
  });

  it('a read cut short by the worker stopping does not stay "running"', async () => {
    const { w } = await catalogueWorld(1);
    await setMeta(w.db, 'catalogue', {
      refreshedAt: null,
      attemptAt: w.clock.now().toISOString(),
      running: true,
      complete: false,
      count: 0,
      message: '',
    });
    expect((await catalogueView(w.ctx)).meta.running).toBe(true);
    w.clock.advance(6 * 60_000);
    expect((await catalogueView(w.ctx)).meta.running).toBe(false);
  });
});
