/**
 * The overlay's views in storage.session (lib/worker/view-store.ts): one per order not shipped,
 * the same as the worker's answer to `getOrder`, rewritten after the changes the worker announces,
 * removed when the order ships, written once per browser session, never holding a credential; a
 * write over the quota leaves no older view behind (that page asks the worker).
 */
import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { runSync } from '@/lib/worker/sync';
import { VIEWS_READY, viewWriter, type ViewArea } from '@/lib/worker/view-store';
import { decodeView, encodeView, viewKey } from '@/lib/first-draw';
import type { OrderView } from '@/lib/views';
import { bcOrder, item, link, world, type TestWorld } from './helpers/services';

const DAY = 86_400_000;

/** storage.session as Chrome keeps it: a copy of every value, and a quota on the whole area. */
function fakeArea(quota = Number.POSITIVE_INFINITY) {
  let data = new Map<string, unknown>();
  const bytes = (m: Map<string, unknown>) => [...m].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  const area: ViewArea & { data: () => Map<string, unknown> } = {
    data: () => data,
    async get(key) {
      return data.has(key) ? { [key]: data.get(key) } : {};
    },
    async set(items) {
      const next = new Map(data);
      for (const [k, v] of Object.entries(items)) next.set(k, JSON.parse(JSON.stringify(v)));
      if (bytes(next) > quota) throw new Error('Session storage quota bytes exceeded.');
      data = next;
    },
    async remove(keys) {
      for (const k of typeof keys === 'string' ? [keys] : keys) data.delete(k);
    },
  };
  return area;
}

async function store(w: TestWorld, n: number) {
  for (let i = 0; i < n; i++)
    w.bc.orders.push(
      bcOrder(`MOTH-${100 + i}`, [item('p1', 'o1'), item(`q${i}`, null)], new Date(w.clock.t - DAY + i).toISOString()),
    );
  await w.db.put('links', link('p1', 'o1', 'JH001-JBK-L'));
  await runSync(w.ctx, { manual: true });
}

function writerFor(w: TestWorld, area: ViewArea, enabled = true) {
  const writer = viewWriter({
    ctx: async () => w.ctx,
    area,
    enabled: async () => enabled,
    setTimer: () => undefined,
  });
  // As the worker does: every change it announces (but the status's) reaches the writer.
  const changed = w.ctx.changed;
  w.ctx.changed = async (ids, scope) => {
    if (scope !== 'status') writer.schedule(ids);
    await changed(ids, scope);
  };
  return writer;
}

const stored = (area: ReturnType<typeof fakeArea>, id: string) => decodeView(area.data().get(viewKey(id)));

describe("the overlay's views in storage.session", () => {
  it("holds, once per browser session, the worker's own answer for every order not shipped, and no secret", async () => {
    const w = await world();
    await store(w, 5);
    const area = fakeArea();
    const writer = writerFor(w, area);
    await writer.start();
    await writer.flush();
    for (let i = 0; i < 5; i++) {
      const id = `MOTH-${100 + i}`;
      expect(stored(area, id)).toEqual(await handle(w.ctx, { type: 'getOrder', orderId: id }));
    }
    expect(stored(area, 'MOTH-100')!.items.map((i) => i.link?.pn ?? null)).toEqual(['JH001-JBK-L', null]);
    // Kept as its JSON text: Chrome counts an object's every key and value against the quota.
    expect(typeof area.data().get(viewKey('MOTH-100'))).toBe('string');
    expect(area.data().get(VIEWS_READY)).toBe(true);
    const text = JSON.stringify([...area.data()]);
    for (const secret of ['secret', '"pw"', 'ada@example.org', '12 Analytical Row']) expect(text).not.toContain(secret);

    // The worker starts again (as after 30 s idle): the views are there, nothing is rewritten.
    area.data().delete(viewKey('MOTH-101'));
    await writer.start();
    await writer.flush();
    expect(stored(area, 'MOTH-101')).toBeUndefined();
  });

  it('follows the changes the worker announces: a link saved, an order shipped', async () => {
    const w = await world({ autoSend: false });
    await store(w, 3);
    const area = fakeArea();
    const writer = writerFor(w, area);
    await writer.start();
    await writer.flush();
    expect(stored(area, 'MOTH-101')!.state).toBe('needs-linking');
    const before = stored(area, 'MOTH-101')!.at!;

    w.clock.t += 1000;
    await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: 'q1',
        optionId: null,
        productName: 'Tee',
        optionName: '',
        pn: 'GD001-WHT-M',
        designs: { front: 'https://cdn.example.com/t.png' },
        neverFulfil: false,
      },
    });
    await writer.flush();
    const now = await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-101' });
    expect(now!.state).toBe('ready');
    expect(stored(area, 'MOTH-101')).toEqual(now);
    expect(stored(area, 'MOTH-101')!.at!).toBeGreaterThan(before);

    // Shipped in Big Cartel: its view goes.
    const rec = (await w.db.get('orders', 'MOTH-102'))!;
    await w.db.put('orders', { ...rec, order: { ...rec.order, shippingStatus: 'shipped' } });
    await w.ctx.changed(['MOTH-102']);
    await writer.flush();
    expect(stored(area, 'MOTH-102')).toBeUndefined();
    expect(stored(area, 'MOTH-100')).toBeDefined();
  });

  it('over the quota: the views that fit are written, no older view is left for the others', async () => {
    const w = await world();
    await store(w, 6);
    const roomy = fakeArea();
    const probe = writerFor(w, roomy);
    await probe.start();
    await probe.flush();
    const one = JSON.stringify(stored(roomy, 'MOTH-100')).length + 20;

    const area = fakeArea(one * 3.5);
    // An older view of every order is there (from before the orders grew).
    for (let i = 0; i < 6; i++)
      area.data().set(viewKey(`MOTH-${100 + i}`), { id: `MOTH-${100 + i}`, state: 'ready', at: 1 });
    const writer = viewWriter({ ctx: async () => w.ctx, area, enabled: async () => true, setTimer: () => undefined });
    await expect(writer.start()).resolves.toBeUndefined();
    await writer.flush();
    const kept = [...area.data().keys()].filter((k) => k.startsWith('view:'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(6);
    for (const k of kept) expect(decodeView(area.data().get(k))!.at).toBe(w.clock.t);
  });

  it('reads a view back from its text, or from an object; anything else is no view', () => {
    const v = { id: 'MOTH-1', state: 'ready', at: 5 } as unknown as OrderView;
    expect(decodeView(encodeView(v))).toEqual(v);
    expect(decodeView(v)).toBe(v);
    for (const bad of ['{not json', '"text"', '42', 'null', 42, null, undefined])
      expect(decodeView(bad)).toBeUndefined();
  });

  it('writes nothing where content scripts cannot read storage.session (Firefox)', async () => {
    const w = await world();
    await store(w, 2);
    const area = fakeArea();
    const writer = writerFor(w, area, false);
    await writer.start();
    writer.schedule(null);
    await writer.flush();
    expect(area.data().size).toBe(0);
  });
});
