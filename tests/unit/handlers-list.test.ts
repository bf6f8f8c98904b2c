import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { runSync } from '@/lib/worker/sync';
import type { Link } from '@/lib/types';
import { importFile } from './helpers/linkfile';
import { bcOrder, item, world } from './helpers/services';

const MIN = 60_000;

describe('the popup list of orders needing action', () => {
  it('pages newest first through every waiting order exactly once, with the total', async () => {
    const w = await world();
    // 23 orders, each with an unlinked item (needs linking); created a minute apart.
    for (let i = 0; i < 23; i++) {
      w.bc.orders.push(
        bcOrder(`MOTH-${1000 + i}`, [item(`p${i}`, `o${i}`)], new Date(w.clock.t - (30 - i) * MIN).toISOString()),
      );
    }
    await runSync(w.ctx, { manual: true });

    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 10) {
      const page = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset, limit: 10 });
      expect(page.total).toBe(23);
      expect(page.entries.length).toBe(Math.min(10, 23 - offset));
      seen.push(...page.entries.map((e) => e.id));
    }
    const expected = Array.from({ length: 23 }, (_, i) => `MOTH-${1022 - i}`);
    expect(seen).toEqual(expected);

    const past = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 23, limit: 10 });
    expect(past).toEqual({ total: 23, entries: [] });
  });
});

describe('saving settings', () => {
  it('refuses a bad value in words naming the setting, and changes nothing', async () => {
    const w = await world();
    const before = await handle(w.ctx, { type: 'getSettings' });
    await expect(handle(w.ctx, { type: 'saveSettings', settings: { pollMinutes: 0 } })).rejects.toThrow(
      /^Those settings are not valid: check how often to check Big Cartel \(1 to 60 minutes\)\. Nothing was saved\.$/,
    );
    await expect(handle(w.ctx, { type: 'saveSettings', settings: { importSince: '27/11/2026' } })).rejects.toThrow(
      /^Those settings are not valid: check import orders since \(a date, yyyy-mm-dd\)\. Nothing was saved\.$/,
    );
    expect(await handle(w.ctx, { type: 'getSettings' })).toEqual(before);
  });
});

describe('the order view for the overlay', () => {
  it("reads only the links of the order's products, and shows the same as with every link", async () => {
    const { getOrderView } = await import('@/lib/worker/handlers');
    const { loadLinks, orderView } = await import('@/lib/worker/engine');
    const { linkKey } = await import('@/lib/links');
    const w = await world();
    w.bc.orders.push(
      bcOrder(
        'MOTH-2001',
        [
          item('p1', 'o1', 1, 'Hoodie', 'Black / L'),
          item('p1', 'o2', 1, 'Hoodie', 'Black / M'),
          item('p2', null, 2, 'Sticker'),
          item('p3', 'o9', 1, 'Tee', 'White / S'),
          item(null, null, 1, 'Gone'),
        ],
        new Date(w.clock.t - MIN).toISOString(),
      ),
    );
    const link = (
      productId: string,
      optionId: string | null,
      pn: string,
      optionName = '',
      neverFulfil = false,
    ): Link => ({
      key: linkKey(productId, optionId),
      productId,
      optionId,
      productName: `P ${productId}`,
      optionName,
      pn,
      designs: pn ? { front: `https://cdn.example.com/${pn}.png` } : {},
      mockups: {},
      neverFulfil,
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    await w.db.put('links', link('p1', 'o1', 'JH001-JBK-L', 'Black / L'));
    await w.db.put('links', link('p1', null, 'JH001-JBK'));
    await w.db.put('links', link('p2', null, '', '', true));
    // Links of products not on the order: many, including ones with the same option ids.
    for (let i = 0; i < 300; i++) await w.db.put('links', link(`q${i}`, 'o1', `GD00${i % 10}-BLK-S`, 'Black / L'));
    await runSync(w.ctx, { manual: true });

    const view = await getOrderView(w.ctx, 'MOTH-2001');
    const rec = (await w.db.get('orders', 'MOTH-2001'))!;
    const expected = orderView(rec, await loadLinks(w.db), await w.db.get('outbox', 'MOTH-2001'), w.settings as never);
    // An order to link, with both services answering: nothing late, no service problem; stamped
    // with when it was read (of two views of an order, the overlay draws the later).
    expect(view).toEqual({ ...expected, overdue: null, serviceProblems: [], at: w.clock.now().getTime() });
    expect(view!.items.map((i) => [i.productName, i.disposition])).toEqual([
      ['Hoodie', 'linked'],
      ['Hoodie', 'linked'],
      ['Sticker', 'never'],
      ['Tee', 'unlinked'],
      ['Gone', 'unlinked'],
    ]);
  });
});

describe("the order view's links kept in memory", () => {
  const MIN2 = 60_000;
  async function setUp() {
    const { linkKey } = await import('@/lib/links');
    const w = await world();
    w.bc.orders.push(
      bcOrder(
        'MOTH-3001',
        [item('p1', 'o1', 1, 'Hoodie', 'Black / L'), item('p2', null, 1, 'Sticker')],
        new Date(w.clock.t - MIN2).toISOString(),
      ),
    );
    await runSync(w.ctx, { manual: true });
    const input = (productId: string, optionId: string | null, pn: string, optionName = '') => ({
      productId,
      optionId,
      productName: `P ${productId}`,
      optionName,
      pn,
      designs: { front: `https://cdn.example.com/${pn}.png` },
      mockups: {},
      neverFulfil: false,
    });
    const marks = async () =>
      (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-3001' }))!.items.map(
        (i) => `${i.disposition}:${i.link?.pn ?? ''}`,
      );
    // Let the background fill of the cache finish between views.
    const settle = () => new Promise((r) => setTimeout(r, 20));
    return { w, input, marks, settle, linkKey };
  }

  it('shows every saved, changed, imported and deleted link at once, however warm the cache', async () => {
    const { w, input, marks, settle, linkKey } = await setUp();
    expect(await marks()).toEqual(['unlinked:', 'unlinked:']);
    await settle();
    expect(await marks()).toEqual(['unlinked:', 'unlinked:']);

    await handle(w.ctx, { type: 'saveLink', link: input('p1', 'o1', 'JH001-JBK-L', 'Black / L') });
    expect(await marks()).toEqual(['linked:JH001-JBK-L', 'unlinked:']);
    await settle();
    expect(await marks()).toEqual(['linked:JH001-JBK-L', 'unlinked:']);

    await handle(w.ctx, {
      type: 'saveLinks',
      links: [input('p1', 'o1', 'JH001-JBK-M', 'Black / L'), input('p2', null, 'ST001')],
    });
    expect(await marks()).toEqual(['linked:JH001-JBK-M', 'linked:ST001']);
    await settle();

    await handle(w.ctx, { type: 'deleteLink', key: linkKey('p2', null) });
    expect(await marks()).toEqual(['linked:JH001-JBK-M', 'unlinked:']);
    await settle();

    const file = JSON.stringify({
      format: 'inkthreadable-bigcartel-links',
      version: 1,
      links: [{ ...input('p2', null, 'ST002'), key: linkKey('p2', null), updatedAt: '2026-11-01T00:00:00.000Z' }],
    });
    await importFile(w.ctx, file, 'json');
    expect(await marks()).toEqual(['linked:JH001-JBK-M', 'linked:ST002']);
  });

  it('throws away a fill of the cache that a write overtook', async () => {
    const { viewLinksFor, linksWritten } = await import('@/lib/worker/engine');
    const { w, input, linkKey } = await setUp();
    // The first view starts a fill, whose read was asked before the write below and answers
    // after the write has been reported.
    const first = viewLinksFor(w.db, ['p2']);
    const put = w.db.put('links', {
      ...input('p2', null, 'ST001'),
      key: linkKey('p2', null),
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    linksWritten(w.db);
    await put;
    expect((await first).size).toBe(0);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      expect([...(await viewLinksFor(w.db, ['p2'])).values()].map((l) => l.pn)).toEqual(['ST001']);
    }
  });
});

describe('an admin page saying which host the merchant uses', () => {
  it('is kept for notification links, and written only when it changes', async () => {
    const w = await world();
    const writes: unknown[] = [];
    const tx = w.db.transaction.bind(w.db);
    (w.db as unknown as { transaction: unknown }).transaction = (stores: never, mode?: never, opts?: never) => {
      if (mode === 'readwrite') writes.push(stores);
      return tx(stores, mode, opts);
    };
    const visit = async (origin: string) => {
      writes.length = 0;
      await handle(w.ctx, { type: 'pageVisit', origin, orderId: null });
      return writes.length;
    };
    expect(await visit('https://app.bigcartel.com')).toBe(1);
    expect((await handle(w.ctx, { type: 'getStatus' })).adminOrigin).toBe('https://app.bigcartel.com');
    for (let i = 0; i < 3; i++) expect(await visit('https://app.bigcartel.com')).toBe(0);
    expect(await visit('https://my.bigcartel.com')).toBe(1);
    expect((await handle(w.ctx, { type: 'getStatus' })).adminOrigin).toBe('https://my.bigcartel.com');
  });
});
