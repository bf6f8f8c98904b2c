import { describe, expect, it, vi } from 'vitest';
import { badgeText, recompute } from '@/lib/worker/engine';
import { handle } from '@/lib/worker/handlers';
import { sendOrder, SETTLE_MS } from '@/lib/worker/outbox';
import { processDueSends } from '@/lib/worker/sends';
import { runSync } from '@/lib/worker/sync';
import type { Link } from '@/lib/types';
import { bcOrder, Crash, item, world, type TestWorld, link } from './helpers/services';

const DAY = 86_400_000;

async function addLinks(w: TestWorld, ...links: Link[]) {
  for (const l of links) await w.db.put('links', l);
}

function ago(w: TestWorld, ms: number) {
  return new Date(w.clock.t - ms).toISOString();
}

async function state(w: TestWorld, id: string) {
  return (await w.db.get('orders', id))?.state;
}

describe('first import', () => {
  it('imports unshipped orders since the start date, keeps the rest as history, counts the badge', async () => {
    const w = await world();
    w.bc.orders.push(
      bcOrder('MOTH-1', [item('p1', 'o1'), item('p2', null)], ago(w, 2 * DAY)),
      bcOrder('MOTH-2', [item('p1', 'o1')], ago(w, 1 * DAY)),
      bcOrder('MOTH-3', [item('p3', null)], ago(w, 3 * DAY), { shippingStatus: 'shipped' }),
      bcOrder('MOTH-4', [item('p3', null)], ago(w, 45 * DAY)),
    );
    await addLinks(w, link('p1', 'o1', 'JH001-JBK-L'));
    const res = await runSync(w.ctx, { manual: true });
    expect(res.read).toBe(2);
    expect(await state(w, 'MOTH-1')).toBe('needs-linking');
    expect(await state(w, 'MOTH-2')).toBe('ready');
    expect(await w.db.get('orders', 'MOTH-3')).toBeUndefined(); // shipped: not imported at all
    expect(await w.db.get('orders', 'MOTH-4')).toBeUndefined(); // before the start date
    // An order ready on import may have been fulfilled another way: not sent, it waits for the merchant.
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    expect(w.badge.at(-1)).toBe('2');
    // One account request + one page.
    expect(w.bc.requests.map((r) => r.op)).toEqual(['account', 'orders']);
    // One notification for the sync.
    expect(w.notifications).toHaveLength(1);
    expect(w.notifications[0]!.title).toBe('2 new Big Cartel orders need you');
  });

  it('pages 100 at a time and resumes from its cursor after an interruption', async () => {
    const w = await world();
    for (let i = 0; i < 250; i++)
      w.bc.orders.push(bcOrder(`MOTH-${1000 + i}`, [item('p1', null)], ago(w, DAY - i * 1000)));
    w.bc.down = 0;
    // Interrupt: the second page fails (the client already retried).
    const client = w.bc.client();
    let calls = 0;
    const orig = client.listOrdersPage.bind(client);
    w.ctx.bcClient = () =>
      ({
        ...client,
        getAccount: client.getAccount.bind(client),
        listOrdersPage: async (...args: Parameters<typeof orig>) => {
          calls++;
          if (calls === 2) return { kind: 'unavailable', message: 'HTTP 503' } as const;
          return orig(...args);
        },
      }) as typeof client;
    await runSync(w.ctx, { manual: true });
    expect(await w.db.count('orders')).toBe(100);
    const status = await handle(w.ctx, { type: 'getStatus' });
    expect(status.import).toEqual({ running: true, read: 100, total: 250 });
    expect(status.bigcartel.state).toBe('error');
    await runSync(w.ctx, { manual: true });
    expect(await w.db.count('orders')).toBe(250);
    // account + page1 + failed page2 + page2 + page3
    expect(calls).toBe(4);
    expect((await handle(w.ctx, { type: 'getStatus' })).import).toBeNull();
  });
});

describe('polling', () => {
  it('a poll with nothing new is one request; a new linked order is sent once with the expected body', async () => {
    const w = await world({ shipping: { default: 'regular', overrides: { US: 'courier' } } });
    await addLinks(
      w,
      link('p1', 'o1', 'JH001-JBK-L', {
        designs: { front: 'https://cdn.example.com/f.png', back: 'https://cdn.example.com/b.png' },
      }),
      link('p2', null, 'NEVER', { neverFulfil: true, pn: '' }),
    );
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    w.bc.requests = [];
    await runSync(w.ctx, { manual: false });
    expect(w.bc.requests.map((r) => r.op)).toEqual(['orders']);

    w.clock.advance(10_000);
    const o = bcOrder(
      'MOTH-7',
      [item('p1', 'o1', 2, 'Moth Logo Hoodie', 'Black / L'), item('p2', 'x', 1, 'Sticker', '')],
      new Date(w.clock.t).toISOString(),
      {
        address: {
          ...bcOrder('x', [], '').address,
          countryName: 'United States',
          countryCode: 'US',
          state: 'VA',
          zip: '22202',
        },
      },
    );
    w.bc.upsert(o);
    w.clock.advance(50_000);
    await runSync(w.ctx, { manual: false });
    const creates = w.ink.requests.filter((r) => r.op === 'create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.arg).toEqual({
      external_id: 'MOTH-7',
      brandName: 'Moth Merch',
      comment: 'Big Cartel order MOTH-7',
      shipping_address: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        company: '',
        address1: '12 Analytical Row',
        address2: '',
        city: 'London',
        county: 'VA',
        postcode: '22202',
        country: 'United States',
        phone1: '+44 20 7946 0000',
      },
      shipping: { shippingMethod: 'courier' },
      items: [
        {
          pn: 'JH001-JBK-L',
          quantity: 2,
          retailPrice: 20,
          description: 'Moth Logo Hoodie / Black / L',
          designs: { front: 'https://cdn.example.com/f.png', back: 'https://cdn.example.com/b.png' },
        },
      ],
    });
    expect(await state(w, 'MOTH-7')).toBe('sent');
    expect(w.badge.at(-1)).toBe('0');
    // Polling again changes nothing and sends nothing.
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    expect(w.ink.orders).toHaveLength(1);
  });

  it('an order whose country cannot be read waits for the merchant while per-country methods exist', async () => {
    const w = await world({ shipping: { default: 'regular', overrides: { US: 'courier' } } });
    await addLinks(w, link('p1', 'o1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: true });
    w.clock.advance(10_000);
    const base = bcOrder(
      'MOTH-8',
      [item('p1', 'o1', 1, 'Moth Logo Hoodie', 'Black / L')],
      new Date(w.clock.t).toISOString(),
    );
    w.bc.upsert({ ...base, address: { ...base.address, countryName: 'United States', countryCode: '' } });
    w.clock.advance(50_000);
    await runSync(w.ctx, { manual: false });
    // Not sent with the store default: it waits, counted on the badge, with the reason in words.
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    expect(await w.db.get('orders', 'MOTH-8')).toMatchObject({ state: 'ready', needsAction: 1 });
    expect(w.badge.at(-1)).toBe('1');
    const view = await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-8' });
    expect(view).toMatchObject({ shipping: { source: 'unknown-country' }, autoSendPending: false });
    expect(view!.message).toContain(
      'Big Cartel did not say which country this order ships to (it names "United States" but no country code)',
    );
    const list = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 0, limit: 10 });
    expect(list.entries.find((e) => e.id === 'MOTH-8')?.message).toContain('Choose the shipping method for this order');
    // Send is refused until a method is chosen; nothing reaches Inkthreadable.
    await expect(handle(w.ctx, { type: 'send', orderId: 'MOTH-8' })).rejects.toThrow('Choose the shipping method');
    expect(w.ink.requests.filter((r) => r.op === 'create' || r.op === 'list')).toHaveLength(0);
    // The merchant chooses: it is no longer held, and goes out with that method.
    await handle(w.ctx, { type: 'setOrderShipping', orderId: 'MOTH-8', method: 'recorded' });
    expect(await w.db.get('orders', 'MOTH-8')).toMatchObject({ state: 'ready', needsAction: 0 });
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-8' });
    const creates = w.ink.requests.filter((r) => r.op === 'create');
    expect(creates).toHaveLength(1);
    expect((creates[0]!.arg as { shipping: unknown }).shipping).toEqual({ shippingMethod: 'recorded' });
  });

  it('without per-country methods an unknown country goes out with the store default; removing the last override frees waiting orders', async () => {
    const w = await world({ shipping: { default: 'recorded', overrides: { DE: 'courier' } } });
    await addLinks(w, link('p1', 'o1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: true });
    w.clock.advance(10_000);
    const base = bcOrder(
      'MOTH-9',
      [item('p1', 'o1', 1, 'Moth Logo Hoodie', 'Black / L')],
      new Date(w.clock.t).toISOString(),
    );
    w.bc.upsert({ ...base, address: { ...base.address, countryCode: '' } });
    w.clock.advance(50_000);
    await runSync(w.ctx, { manual: false });
    expect(await w.db.get('orders', 'MOTH-9')).toMatchObject({ needsAction: 1 });
    await handle(w.ctx, { type: 'saveShipping', shipping: { default: 'recorded', overrides: {} } });
    expect(await w.db.get('orders', 'MOTH-9')).toMatchObject({ state: 'ready', needsAction: 0 });
    expect((await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-9' }))!.shipping).toEqual({
      method: 'recorded',
      source: 'default',
    });
  });

  it('an order updated while we page is not missed (cursor = server time at the start of the pass)', async () => {
    const w = await world();
    await runSync(w.ctx, { manual: true });
    for (let i = 0; i < 150; i++) {
      w.clock.advance(10);
      w.bc.upsert(bcOrder(`MOTH-${2000 + i}`, [item('p9', null)], new Date(w.clock.t).toISOString()));
    }
    w.clock.advance(60_000);
    const client = w.bc.client();
    const orig = client.listOrdersPage.bind(client);
    let n = 0;
    w.ctx.bcClient = () =>
      ({
        ...client,
        listOrdersPage: async (...args: Parameters<typeof orig>) => {
          const r = await orig(...args);
          if (++n === 1) {
            // Between page 1 and 2, an order from page 1 is updated: it moves to the end, shifting
            // page 2 by one, so one order is skipped in this pass.
            w.clock.advance(5);
            w.bc.upsert({ ...w.bc.orders.find((o) => o.id === 'MOTH-2000')!, note: 'edited' });
          }
          return r;
        },
      }) as typeof client;
    await runSync(w.ctx, { manual: false });
    // The shift was noticed (MOTH-2000 came back on page 2) and the pass re-read by keyset.
    expect(await w.db.count('orders')).toBe(150);
    expect((await w.db.get('orders', 'MOTH-2000'))!.order.note).toBe('edited');
  });

  it('an order shipped during the first import does not make another one go missing', async () => {
    const w = await world();
    for (let i = 0; i < 150; i++)
      w.bc.orders.push(bcOrder(`MOTH-${3000 + i}`, [item('p9', null)], ago(w, DAY - i * 1000)));
    const client = w.bc.client();
    const orig = client.listOrdersPage.bind(client);
    let n = 0;
    w.ctx.bcClient = () =>
      ({
        ...client,
        getAccount: client.getAccount.bind(client),
        listOrdersPage: async (...args: Parameters<typeof orig>) => {
          const r = await orig(...args);
          if (++n === 1) {
            w.clock.advance(5);
            w.bc.upsert({ ...w.bc.orders.find((o) => o.id === 'MOTH-3001')!, shippingStatus: 'shipped' });
          }
          return r;
        },
      }) as typeof client;
    await runSync(w.ctx, { manual: true });
    expect(await w.db.count('orders')).toBe(150);
    expect((await handle(w.ctx, { type: 'getStatus' })).import).toBeNull();
  });

  it('a refused password is shown and not retried by the alarm; failures back off', async () => {
    const w = await world();
    w.bc.authFails = true;
    await runSync(w.ctx, { manual: true });
    const s = await handle(w.ctx, { type: 'getStatus' });
    expect(s.bigcartel.state).toBe('auth');
    w.bc.requests = [];
    await runSync(w.ctx, { manual: false });
    await runSync(w.ctx, { manual: false });
    expect(w.bc.requests).toHaveLength(0);
    w.bc.authFails = false;
    w.bc.down = 100;
    await runSync(w.ctx, { manual: true });
    w.bc.requests = [];
    await runSync(w.ctx, { manual: false }); // within the back-off: no request
    expect(w.bc.requests).toHaveLength(0);
  });
});

describe('linking and sending', () => {
  it('saving the last link sends the order once and reports that it completes one order', async () => {
    const w = await world();
    w.bc.orders.push(
      bcOrder('MOTH-10', [item('p1', 'o1', 1, 'Hoodie', 'Black / L'), item('p2', null, 3, 'Tee')], ago(w, DAY)),
    );
    await runSync(w.ctx, { manual: true });
    await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: 'p1',
        optionId: 'o1',
        productName: 'Hoodie',
        optionName: 'Black / L',
        pn: 'jh001-jbk-l',
        designs: { front: 'https://cdn.example.com/f.png' },
        neverFulfil: false,
      },
    });
    expect(await state(w, 'MOTH-10')).toBe('needs-linking');
    const res = await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: 'p2',
        optionId: null,
        productName: 'Tee',
        optionName: '',
        pn: 'GD001-WHT-M',
        designs: { front: 'https://cdn.example.com/t.png' },
        neverFulfil: false,
      },
    });
    expect(res.completes).toBe(1);
    // The send runs after the answer: wait for it (it never makes more than one).
    await vi.waitFor(() => expect(w.ink.requests.some((r) => r.op === 'create')).toBe(true));
    await vi.waitFor(async () => expect(await state(w, 'MOTH-10')).toBe('sent'));
    expect(w.ink.orders).toHaveLength(1);
    expect(w.ink.orders[0]!.items).toEqual([
      { pn: 'JH001-JBK-L', quantity: 1 },
      { pn: 'GD001-WHT-M', quantity: 3 },
    ]);
    expect(await state(w, 'MOTH-10')).toBe('sent');
  });

  it('never-fulfil everything: nothing to fulfil, nothing sent', async () => {
    const w = await world();
    w.bc.orders.push(bcOrder('MOTH-11', [item('p5', 'a'), item('p5', 'b')], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    await handle(w.ctx, {
      type: 'saveLink',
      link: {
        productId: 'p5',
        optionId: null,
        productName: 'Sticker',
        optionName: '',
        pn: '',
        designs: {},
        neverFulfil: true,
      },
    });
    expect(await state(w, 'MOTH-11')).toBe('nothing-to-fulfil');
    expect(w.badge.at(-1)).toBe('0');
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
  });

  it('complete without unlinked items sends only the linked ones; with none linked nothing is sent', async () => {
    const w = await world();
    w.bc.orders.push(
      bcOrder('MOTH-12', [item('p1', 'o1', 2), item('p7', null, 1), item('p8', null, 4)], ago(w, DAY)),
      bcOrder('MOTH-13', [item('p7', null, 1)], ago(w, DAY)),
    );
    await addLinks(w, link('p1', 'o1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: true });
    const view = await handle(w.ctx, { type: 'completeWithout', orderId: 'MOTH-12' });
    expect(view!.state).toBe('sent');
    expect(view!.items.map((i) => i.disposition)).toEqual(['linked', 'excluded', 'excluded']);
    expect(w.ink.orders).toHaveLength(1);
    expect(w.ink.orders[0]!.items).toEqual([{ pn: 'JH001-JBK-L', quantity: 2 }]);
    const v13 = await handle(w.ctx, { type: 'completeWithout', orderId: 'MOTH-13' });
    expect(v13!.state).toBe('nothing-to-fulfil');
    expect(w.ink.orders).toHaveLength(1);
  });

  it('a known refusal becomes what to do: "Name is not defined" asks for a brand name', async () => {
    const w = await world({ brandName: '' });
    await runSync(w.ctx, { manual: true });
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.ink.next.push('reject');
    w.ink.rejectMessage = 'Name is not defined';
    w.clock.advance(1000);
    w.bc.upsert(bcOrder('MOTH-21', [item('p1', null)], new Date(w.clock.t).toISOString()));
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    const v = await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-21' });
    expect(v).toMatchObject({ state: 'failed' });
    expect(v!.message).toMatch(
      /^Inkthreadable needs a brand name for your orders: enter one under Inkthreadable in the extension’s settings .*then press Retry\. \(Inkthreadable said: “Name is not defined”\)$/,
    );
    const list = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 0, limit: 10 });
    expect(list.entries[0]).toMatchObject({ id: 'MOTH-21', message: v!.message });
  });

  it('a rejection leaves the order failed with the message, counted on the badge; Retry sends it', async () => {
    const w = await world();
    await runSync(w.ctx, { manual: true });
    await addLinks(w, link('p1', null, 'BAD-CODE'));
    w.ink.next.push('reject');
    w.clock.advance(1000);
    w.bc.upsert(bcOrder('MOTH-20', [item('p1', null)], new Date(w.clock.t).toISOString()));
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    const v = await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-20' });
    expect(v!.state).toBe('failed');
    expect(v!.message).toBe('Product code not recognised');
    expect(w.badge.at(-1)).toBe('1');
    // Not retried automatically.
    w.clock.advance(10 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(1);
    const after = await handle(w.ctx, { type: 'send', orderId: 'MOTH-20' });
    expect(after!.state).toBe('sent');
    expect(w.ink.orders).toHaveLength(1);
    expect(w.badge.at(-1)).toBe('0');
  });

  it('an ambiguous POST that did land is found, never sent again', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-30', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    w.ink.next.push('ambiguous-after-store');
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-30' });
    expect(await state(w, 'MOTH-30')).toBe('sending');
    await processDueSends(w.ctx); // too early: waits
    w.clock.advance(SETTLE_MS + 1);
    await processDueSends(w.ctx);
    expect(await state(w, 'MOTH-30')).toBe('sent');
    expect(w.ink.orders).toHaveLength(1);
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(1);
  });

  it('an ambiguous POST that did not land is sent again only after it had time to land', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-31', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    w.ink.next.push('ambiguous-before-store');
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-31' });
    w.clock.advance(SETTLE_MS - 1000);
    await processDueSends(w.ctx);
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(1);
    w.clock.advance(2000);
    await processDueSends(w.ctx);
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(2);
    expect(w.ink.live('MOTH-31')).toHaveLength(1);
    expect(await state(w, 'MOTH-31')).toBe('sent');
  });

  it('a poll whose Big Cartel pass fails still retries a send whose time has come', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-33', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    w.ink.next.push('ambiguous-before-store');
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-33' });
    expect(await state(w, 'MOTH-33')).toBe('sending');
    w.clock.advance(SETTLE_MS + 1);
    w.bc.down = 1;
    const res = await runSync(w.ctx, { manual: false });
    expect(res.ran).toBe(true);
    expect(res.message).toContain('unavailable');
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(2);
    expect(w.ink.live('MOTH-33')).toHaveLength(1);
    expect(await state(w, 'MOTH-33')).toBe('sent');
  });

  it('the worker stopped during the POST: the order is adopted on restart, not duplicated', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-32', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    w.ink.next.push('crash-after-store');
    await expect(sendOrder(w.ctx, 'MOTH-32', { manual: true })).rejects.toBeInstanceOf(Crash);
    expect((await w.db.get('outbox', 'MOTH-32'))!.status).toBe('sending');
    await processDueSends(w.ctx, { all: true }); // restart, even before the settle time: found at once
    expect(await state(w, 'MOTH-32')).toBe('sent');
    expect(w.ink.orders).toHaveLength(1);
  });

  it('an order already in Inkthreadable (another browser sent it) is adopted without a POST', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-33', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    await w.ink.client().createOrder({
      external_id: 'MOTH-33',
      brandName: '',
      comment: '',
      shipping_address: { postcode: 'n19gu' } as never,
      shipping: { shippingMethod: 'regular' },
      items: [{ pn: 'JH001-JBK-L', quantity: 1, retailPrice: 1, description: '' }],
    });
    w.ink.requests = [];
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-33' });
    expect(v!.state).toBe('sent');
    expect(v!.message).toMatch(/Already in Inkthreadable/);
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
  });

  it('refuses to send when Inkthreadable cannot be asked first, and says so', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-34', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    w.ink.listDown = true;
    const out = await sendOrder(w.ctx, 'MOTH-34', { manual: true });
    expect(out.kind).toBe('pending');
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
  });

  it('refuses an order whose address cannot be shipped to, with the reason', async () => {
    const w = await world();
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    const o = bcOrder('MOTH-35', [item('p1', null)], ago(w, DAY));
    o.address = { ...o.address, address1: '', countryName: '', countryCode: '' };
    w.bc.orders.push(o);
    await runSync(w.ctx, { manual: true });
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-35' });
    expect(v!.state).toBe('failed');
    expect(v!.message).toBe(
      'The shipping address has no street address, country. Correct it in Big Cartel, then retry.',
    );
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
  });

  it('shipping: per-order choice beats the country override, which beats the default', async () => {
    const w = await world({ shipping: { default: 'recorded', overrides: { GB: 'courier' } } });
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-40', [item('p1', null)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    expect((await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-40' }))!.shipping).toEqual({
      method: 'courier',
      source: 'country',
    });
    const v = await handle(w.ctx, { type: 'setOrderShipping', orderId: 'MOTH-40', method: 'regular' });
    expect(v!.shipping).toEqual({ method: 'regular', source: 'order' });
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-40' });
    expect(w.ink.orders[0]!.body.shipping.shippingMethod).toBe('regular');
    await expect(handle(w.ctx, { type: 'setOrderShipping', orderId: 'MOTH-40', method: 'courier' })).rejects.toThrow(
      /cannot change/,
    );
  });

  it('tracks sent orders and marks them shipped in Big Cartel once when asked', async () => {
    const w = await world({ markShipped: true });
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-50', [item('p1', null, 2)], ago(w, DAY)));
    await runSync(w.ctx, { manual: true });
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-50' });
    const ink = w.ink.orders[0]!;
    ink.status = 'printing';
    ink.trackingNumber = 'RM123456785GB';
    w.clock.advance(11 * 60_000);
    await runSync(w.ctx, { manual: false });
    const v = await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-50' });
    expect(v!.ink!.trackingNumber).toBe('RM123456785GB');
    expect(w.bc.shipments).toEqual([{ orderId: 'MOTH-50', trackingNumber: 'RM123456785GB' }]);
    w.clock.advance(11 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect(w.bc.shipments).toHaveLength(1);
    // Shipped in Big Cartel now, but it stays "sent" (it was ours), not history.
    expect(await state(w, 'MOTH-50')).toBe('sent');
  });
});

describe('badge', () => {
  it('is empty at 0, the number up to 99, then 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });

  it('turning auto-send off makes ready orders need the merchant', async () => {
    const w = await world();
    await runSync(w.ctx, { manual: true });
    await addLinks(w, link('p1', null, 'JH001-JBK-L'));
    w.settings = { ...w.settings, autoSend: false };
    w.clock.advance(1000);
    w.bc.upsert(bcOrder('MOTH-60', [item('p1', null)], new Date(w.clock.t).toISOString()));
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    expect(await state(w, 'MOTH-60')).toBe('ready');
    expect(w.ink.orders).toHaveLength(0);
    expect(w.badge.at(-1)).toBe('1');
    w.settings = { ...w.settings, autoSend: true };
    await recompute(w.ctx, null);
    expect((await w.db.get('orders', 'MOTH-60'))!.needsAction).toBe(0);
  });
});
