/**
 * The send path's "never twice": a list that lags behind its own writes, the one automatic
 * re-POST, adopting only what matches, Inkthreadable's own integration, duplicates found by every
 * kind of read, and the strict write before a POST. The engine runs for real on fake-indexeddb;
 * the fake services play Big Cartel and Inkthreadable (tests/e2e/send.e2e.ts runs the same
 * against the HTTP sandbox in Chromium).
 */
import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { FOREIGN_WARNING } from '@/lib/worker/ink-reads';
import { SETTLE_MS, sendOrder } from '@/lib/worker/outbox';
import { backoff } from '@/lib/worker/outbox-record';
import { processDueSends } from '@/lib/worker/sends';
import { runSync } from '@/lib/worker/sync';
import { trackSent } from '@/lib/worker/tracking';
import type { OrderListEntry } from '@/lib/protocol';
import type { InkCreateOrderBody } from '@/lib/inkthreadable';
import { bcOrder, item, link, world, type TestWorld } from './helpers/services';

const MIN = 60_000;

/** A store with p1 linked, imported (empty), and order `id` new at Big Cartel (not polled yet). */
async function storeWithNewOrder(id: string, settings = {}) {
  const w = await world(settings);
  await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
  await runSync(w.ctx, { manual: true });
  w.clock.advance(MIN);
  w.bc.upsert(bcOrder(id, [item('p1', null, 2, 'Moth Logo Hoodie')], w.clock.now().toISOString()));
  w.clock.advance(10_000);
  return w;
}

const creates = (w: TestWorld) => w.ink.requests.filter((r) => r.op === 'create');

async function poll(w: TestWorld, ms = MIN) {
  w.clock.advance(ms);
  await runSync(w.ctx, { manual: false });
}

async function needsAction(w: TestWorld): Promise<OrderListEntry[]> {
  const r = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 0, limit: 50 });
  return r.entries;
}

/** An order placed at Inkthreadable by something other than this extension. */
function placeAtInk(
  w: TestWorld,
  over: {
    externalId: string;
    postcode?: string;
    name?: [string, string];
    pn?: string;
    status?: string;
    createdAt?: string;
  },
) {
  const body: InkCreateOrderBody = {
    external_id: over.externalId,
    brandName: 'Moth Merch',
    comment: '',
    shipping_address: {
      firstName: over.name?.[0] ?? 'Ada',
      lastName: over.name?.[1] ?? 'Lovelace',
      company: '',
      address1: '12 Analytical Row',
      address2: '',
      city: 'London',
      county: '',
      postcode: over.postcode ?? 'N1 9GU',
      country: 'United Kingdom',
      phone1: '',
    },
    shipping: { shippingMethod: 'regular' },
    items: [{ pn: over.pn ?? 'JH001-JBK-L', quantity: 2, retailPrice: 20, description: 'Moth Logo Hoodie' }],
  };
  const id = String(860000 + w.ink.orders.length);
  w.ink.orders.push({
    id,
    externalId: over.externalId,
    status: over.status ?? 'received',
    trackingNumber: '',
    shippedAt: '',
    shippingMethod: 'regular',
    createdAt: over.createdAt ?? w.clock.now().toISOString(),
    deleted: false,
    brand: 'Moth Merch',
    items: body.items.map((i) => ({ pn: i.pn, quantity: i.quantity })),
    recipient: {
      name: `${body.shipping_address.firstName} ${body.shipping_address.lastName}`,
      postcode: body.shipping_address.postcode,
    },
    body,
  });
  return id;
}

describe('a list that lags behind its own writes', () => {
  it('every POST ambiguous, the list minutes behind: one automatic re-POST, then the merchant decides, then one order kept', async () => {
    const w = await storeWithNewOrder('MOTH-50');
    w.ink.listLagMs = 10 * MIN;
    w.ink.next = ['ambiguous-after-store', 'ambiguous-after-store', 'ambiguous-after-store', 'ambiguous-after-store'];
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(1);
    // Polls every minute while the list still shows nothing.
    for (let i = 0; i < 8; i++) await poll(w);
    expect(creates(w)).toHaveLength(2);
    const ob = (await w.db.get('outbox', 'MOTH-50'))!;
    expect(ob.status).toBe('sending');
    expect(ob.needsMerchant).toBe(true);
    // Counted, explained, and a Send button (the order view says the merchant must act).
    expect(w.badge.at(-1)).toBe('1');
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-50' }))!;
    expect(view.needsAction).toBe(true);
    expect(view.message).toContain('Inkthreadable gave no clear answer to 2 attempts to send this order');
    expect((await needsAction(w)).map((e) => [e.id, e.message])).toEqual([['MOTH-50', view.message]]);
    // The list catches up: both copies show; the oldest is kept, the other (unpaid) cancelled.
    await poll(w, 10 * MIN);
    expect(creates(w)).toHaveLength(2);
    const live = w.ink.live('MOTH-50');
    expect(live).toHaveLength(1);
    expect(live[0]!.id).toBe(w.ink.orders[0]!.id);
    const after = (await w.db.get('outbox', 'MOTH-50'))!;
    expect(after.status).toBe('sent');
    expect(after.ink!.id).toBe(w.ink.orders[0]!.id);
    expect(w.badge.at(-1)).toBe('0');
  });

  it('the worker stopped mid-POST twice: the restart reconciles, re-POSTs once, then waits', async () => {
    const w = await storeWithNewOrder('MOTH-51');
    w.ink.listLagMs = 30 * MIN;
    w.ink.next = ['crash-after-store', 'crash-after-store'];
    await runSync(w.ctx, { manual: false }).catch(() => undefined);
    for (let i = 0; i < 6; i++) {
      w.clock.advance(SETTLE_MS);
      await processDueSends(w.ctx, { all: true }).catch(() => undefined);
    }
    expect(creates(w)).toHaveLength(2);
    expect((await w.db.get('outbox', 'MOTH-51'))!.needsMerchant).toBe(true);
  });

  it("the merchant's Send after that re-checks and POSTs only if still not listed", async () => {
    const w = await storeWithNewOrder('MOTH-52');
    w.ink.next = ['ambiguous-before-store', 'ambiguous-before-store'];
    await runSync(w.ctx, { manual: false });
    for (let i = 0; i < 5; i++) await poll(w);
    expect(creates(w)).toHaveLength(2);
    expect(w.ink.orders).toHaveLength(0);
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-52' });
    expect(v!.state).toBe('sent');
    expect(creates(w)).toHaveLength(3);
    expect(w.ink.live('MOTH-52')).toHaveLength(1);
  });

  it('a manual POST that was ambiguous still gets its one automatic retry', async () => {
    const w = await storeWithNewOrder('MOTH-53', { autoSend: false });
    await runSync(w.ctx, { manual: false });
    w.ink.next = ['ambiguous-before-store'];
    await handle(w.ctx, { type: 'send', orderId: 'MOTH-53' });
    expect(creates(w)).toHaveLength(1);
    await poll(w, SETTLE_MS);
    expect(creates(w)).toHaveLength(2);
    expect(w.ink.live('MOTH-53')).toHaveLength(1);
  });
});

describe('an order once sent', () => {
  it('is never read or sent again, by Send or by a poll, even when Inkthreadable no longer lists it', async () => {
    const w = await storeWithNewOrder('MOTH-60');
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(1);
    const sent = (await w.db.get('outbox', 'MOTH-60'))!;
    expect(sent.status).toBe('sent');
    // Gone from Inkthreadable's list (deleted there, or a list that lost it): still sent, once.
    w.ink.orders.length = 0;
    const before = w.ink.requests.filter((r) => r.op === 'create' || r.op === 'list').length;
    const r = await sendOrder(w.ctx, 'MOTH-60', { manual: true });
    expect(r).toEqual({ kind: 'sent', ink: sent.ink, adopted: false });
    await sendOrder(w.ctx, 'MOTH-60', { manual: false });
    expect(w.ink.requests.filter((q) => q.op === 'create' || q.op === 'list')).toHaveLength(before);
    expect(creates(w)).toHaveLength(1);
  });

  it('while it is being sent, a send that must not wait stands aside: nothing read, nothing made', async () => {
    const w = await storeWithNewOrder('MOTH-61', { autoSend: false });
    await runSync(w.ctx, { manual: false });
    const before = w.ink.requests.length;
    // Held as a send in progress holds it (a poll's sends pass ifIdle and never queue behind one).
    const r = await w.ctx.locks.request('ink-send:MOTH-61', {}, () =>
      sendOrder(w.ctx, 'MOTH-61', { manual: true, ifIdle: true }),
    );
    expect(r).toEqual({ kind: 'pending', message: 'Already being sent.' });
    expect(w.ink.requests).toHaveLength(before);
    expect(await w.db.get('outbox', 'MOTH-61')).toBeUndefined();
  });
});

describe('the settle time after an unclear answer', () => {
  it("the merchant's Send right after an unclear POST waits for it to settle: nothing sent again, and says so", async () => {
    const w = await storeWithNewOrder('MOTH-62');
    // Stored at Inkthreadable, the answer lost, and its list (and count) minutes behind.
    w.ink.listLagMs = 10 * MIN;
    w.ink.next = ['ambiguous-after-store'];
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(1);
    w.clock.advance(SETTLE_MS - 1000);
    const r = await sendOrder(w.ctx, 'MOTH-62', { manual: true });
    expect(r).toEqual({
      kind: 'pending',
      message: 'The last attempt has not been confirmed yet; waiting before trying again.',
    });
    expect(creates(w)).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-62'))!.status).toBe('sending');
  });
});

describe('what stops a send before Inkthreadable is asked, in words', () => {
  it('no Inkthreadable account, an order not read yet, items to link, an order that waits for the merchant', async () => {
    const w = await storeWithNewOrder('MOTH-63', { autoSend: false });
    await runSync(w.ctx, { manual: false });
    w.bc.upsert(bcOrder('MOTH-64', [item('p2', null, 1, 'Moth Tote')], w.clock.now().toISOString()));
    await poll(w);
    const before = w.ink.requests.length;
    const credentials = w.ctx.credentials;
    w.ctx.credentials = async () => ({ ...(await credentials()), inkthreadable: null });
    expect(await sendOrder(w.ctx, 'MOTH-63', { manual: true })).toEqual({
      kind: 'skipped',
      message: 'Connect Inkthreadable in Settings first.',
    });
    w.ctx.credentials = credentials;
    expect(await sendOrder(w.ctx, 'MOTH-99', { manual: true })).toEqual({
      kind: 'skipped',
      message: 'Order MOTH-99 is not known yet: sync first.',
    });
    expect(await sendOrder(w.ctx, 'MOTH-64', { manual: true })).toEqual({
      kind: 'skipped',
      message: 'Link every item (or complete the order without them) before sending.',
    });
    expect(await sendOrder(w.ctx, 'MOTH-63', { manual: false })).toEqual({
      kind: 'skipped',
      message: 'This order waits for the merchant to send it.',
    });
    expect(w.ink.requests).toHaveLength(before);
    expect(creates(w)).toHaveLength(0);
  });
});

describe('how soon an order waiting on Inkthreadable is checked again', () => {
  it('1, 1, 2, 5, 15, then every 30 minutes, always later, never sooner', () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    const after = (attempts: number) => (Date.parse(backoff(now, attempts)) - now.getTime()) / MIN;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(after)).toEqual([1, 1, 2, 5, 15, 30, 30, 30]);
  });
});

describe('the count, before a re-POST', () => {
  it('a count that disagrees with the list makes "not found" unknown: no re-POST, the merchant told; once it agrees, the one re-POST', async () => {
    const w = await storeWithNewOrder('MOTH-55');
    w.ink.next = ['ambiguous-before-store'];
    await runSync(w.ctx, { manual: false });
    w.ink.countOffset = 1;
    await poll(w, SETTLE_MS);
    expect(creates(w)).toHaveLength(1);
    expect(w.ink.requests.filter((r) => r.op === 'count')).toHaveLength(1);
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-55' }))!;
    expect(view.message).toBe(
      "Checking with Inkthreadable: Inkthreadable's order list (0) and its count (1) disagree; the list may be incomplete",
    );
    w.ink.countOffset = 0;
    await poll(w, 5 * MIN);
    expect(creates(w)).toHaveLength(2);
    expect(w.ink.live('MOTH-55')).toHaveLength(1);
  });

  it('a first send and an adoption do not ask for the count (Chromium throttles a URL answering 500)', async () => {
    const w = await storeWithNewOrder('MOTH-56');
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(1);
    expect(w.ink.requests.filter((r) => r.op === 'count')).toHaveLength(0);
  });
});

describe('adopt only what matches', () => {
  it('an order with this number but another postcode is not adopted: the order waits with both shown', async () => {
    const w = await storeWithNewOrder('MOTH-60');
    const theirs = placeAtInk(w, { externalId: 'MOTH-60', postcode: 'EC1A 1BB' });
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(0);
    expect(await w.db.get('outbox', 'MOTH-60')).toBeUndefined();
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-60' }))!;
    expect(view.state).toBe('ready');
    expect(view.needsAction).toBe(true);
    expect(view.message).toContain(`Inkthreadable already holds order ${theirs} with this order's number`);
    expect(view.message).toContain('postcode EC1A 1BB instead of N1 9GU');
    expect(view.message).toContain("Big Cartel's order: for Ada Lovelace, N1 9GU; JH001-JBK-L");
    expect(w.badge.at(-1)).toBe('1');
    // Polls do not send it either.
    await poll(w);
    expect(creates(w)).toHaveLength(0);
    // The merchant decides: Send links it to that order (never a second one).
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-60' });
    expect(v!.state).toBe('sent');
    expect(v!.ink!.id).toBe(theirs);
    expect(creates(w)).toHaveLength(0);
  });

  it('other product codes: not adopted', async () => {
    const w = await storeWithNewOrder('MOTH-61');
    placeAtInk(w, { externalId: 'MOTH-61', pn: 'GD01-WHT-M' });
    await runSync(w.ctx, { manual: false });
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-61' }))!;
    expect(view.message).toContain('products GD01-WHT-M instead of JH001-JBK-L');
    expect(creates(w)).toHaveLength(0);
    expect(await w.db.get('outbox', 'MOTH-61')).toBeUndefined();
  });

  it('the same postcode written differently and matching codes: adopted; a list without details is read order by order', async () => {
    const w = await storeWithNewOrder('MOTH-62');
    const theirs = placeAtInk(w, { externalId: 'MOTH-62', postcode: 'n19gu' });
    const client = w.ctx.inkClient;
    // As the live list replies: no shipping_address, no items.
    w.ctx.inkClient = (c) => {
      const real = client(c);
      return Object.assign(Object.create(real), {
        listAllOrders: async (q: Parameters<typeof real.listAllOrders>[0]) => {
          const r = await real.listAllOrders(q);
          return r.kind === 'ok' ? { ...r, value: r.value.map((o) => ({ ...o, recipient: null, items: [] })) } : r;
        },
      });
    };
    await runSync(w.ctx, { manual: false });
    expect(w.ink.requests.filter((r) => r.op === 'get').map((r) => r.arg)).toEqual([theirs]);
    const ob = (await w.db.get('outbox', 'MOTH-62'))!;
    expect(ob.status).toBe('sent');
    expect(ob.ink!.id).toBe(theirs);
    expect(creates(w)).toHaveLength(0);
  });
});

describe("Inkthreadable's own Big Cartel integration", () => {
  it('an order it made (other external id, same name, postcode and products) holds ours: flagged, not sent', async () => {
    const w = await storeWithNewOrder('MOTH-70');
    w.clock.advance(20 * MIN);
    const foreign = placeAtInk(w, { externalId: 'bc-9912345' });
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(0);
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-70' }))!;
    expect(view.message.startsWith(FOREIGN_WARNING)).toBe(true);
    expect(view.message).toContain(foreign);
    expect(view.needsAction).toBe(true);
    // In the popup's list too, with the same words.
    expect((await needsAction(w)).find((e) => e.id === 'MOTH-70')!.message).toBe(view.message);
    expect(w.badge.at(-1)).toBe('1');
    await poll(w);
    await poll(w, SETTLE_MS);
    expect(creates(w)).toHaveLength(0);
    // The merchant may still send it after seeing the warning.
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-70' });
    expect(v!.state).toBe('sent');
    expect(creates(w)).toHaveLength(1);
    expect(v!.message).toBe('');
  });

  it('a Send pressed before any warning was shown shows it first, and sends nothing', async () => {
    const w = await storeWithNewOrder('MOTH-71', { autoSend: false });
    await runSync(w.ctx, { manual: false });
    placeAtInk(w, { externalId: 'X-1' });
    const v = await handle(w.ctx, { type: 'send', orderId: 'MOTH-71' });
    expect(v!.message.startsWith(FOREIGN_WARNING)).toBe(true);
    expect(creates(w)).toHaveLength(0);
  });

  it.each([
    ['another recipient', { name: ['Grace', 'Hopper'] as [string, string] }],
    ['another postcode', { postcode: 'EC1A 1BB' }],
    ['other products', { pn: 'GD01-WHT-M' }],
    ['made more than a day after the order', { createdAt: '2026-11-21T12:10:00.000Z' }],
  ])('%s: not taken for this order, which is sent', async (_n, over) => {
    const w = await storeWithNewOrder('MOTH-72');
    placeAtInk(w, { externalId: 'bc-1', ...over });
    w.clock.advance(25 * 3_600_000);
    w.bc.upsert({ ...w.bc.orders[0]! });
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(1);
    expect(w.ink.live('MOTH-72')).toHaveLength(1);
  });

  it("an order the extension made for another Big Cartel order is not taken for Inkthreadable's integration", async () => {
    const w = await storeWithNewOrder('MOTH-73');
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-73')).toHaveLength(1);
    // The same customer orders the same product again an hour later.
    w.clock.advance(60 * MIN);
    w.bc.upsert(bcOrder('MOTH-74', [item('p1', null, 2, 'Moth Logo Hoodie')], w.clock.now().toISOString()));
    await poll(w);
    expect(w.ink.live('MOTH-73')).toHaveLength(1);
    expect(w.ink.live('MOTH-74')).toHaveLength(1);
  });
});

describe('duplicates, whichever read finds them', () => {
  /** An ambiguous first POST lands late (the list lags); the resend succeeds. */
  async function lateCopy(id: string, lateStatus: string) {
    const w = await storeWithNewOrder(id);
    w.ink.listLagMs = 5 * MIN;
    w.ink.next = ['ambiguous-after-store', 'ok'];
    await runSync(w.ctx, { manual: false });
    w.ink.orders[0]!.status = lateStatus;
    await poll(w, SETTLE_MS);
    expect(creates(w)).toHaveLength(2);
    const ob = (await w.db.get('outbox', id))!;
    expect(ob.status).toBe('sent');
    expect(ob.ink!.id).toBe(w.ink.orders[1]!.id);
    return w;
  }

  it('tracking finds the copy that landed late, keeps the oldest and cancels the unpaid other', async () => {
    const w = await lateCopy('MOTH-80', 'received');
    w.clock.advance(10 * MIN);
    await trackSent(w.ctx, true);
    const [first, second] = w.ink.orders;
    expect(w.ink.requests.filter((r) => r.op === 'cancel').map((r) => r.arg)).toEqual([second!.id]);
    expect(w.ink.live('MOTH-80').map((o) => o.id)).toEqual([first!.id]);
    const ob = (await w.db.get('outbox', 'MOTH-80'))!;
    expect(ob.ink!.id).toBe(first!.id);
    expect(ob.duplicates).toBeUndefined();
    expect(w.badge.at(-1)).toBe('0');
  });

  it('both paid: both named on the order and in the popup, counted on the badge until one is cancelled', async () => {
    const w = await lateCopy('MOTH-81', 'paid');
    w.ink.orders[1]!.status = 'paid';
    w.clock.advance(10 * MIN);
    await trackSent(w.ctx, true);
    const [first, second] = w.ink.orders;
    expect(w.ink.live('MOTH-81')).toHaveLength(2);
    const view = (await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-81' }))!;
    expect(view.message).toContain(`Inkthreadable holds this order twice (orders ${first!.id} and ${second!.id})`);
    expect(view.needsAction).toBe(true);
    expect((await needsAction(w)).map((e) => e.id)).toEqual(['MOTH-81']);
    expect(w.badge.at(-1)).toBe('1');
    // The merchant cancels the extra one at Inkthreadable: the next tracking read stops counting it.
    second!.deleted = true;
    w.clock.advance(10 * MIN);
    await trackSent(w.ctx, true);
    expect((await w.db.get('outbox', 'MOTH-81'))!.duplicates).toBeUndefined();
    expect(w.badge.at(-1)).toBe('0');
  });

  it('a reconciliation read that finds two copies before any send keeps the oldest and cancels the other', async () => {
    const w = await storeWithNewOrder('MOTH-82');
    const a = placeAtInk(w, { externalId: 'MOTH-82' });
    const b = placeAtInk(w, { externalId: 'MOTH-82' });
    await runSync(w.ctx, { manual: false });
    expect(creates(w)).toHaveLength(0);
    expect(w.ink.live('MOTH-82').map((o) => o.id)).toEqual([a]);
    expect(w.ink.orders.find((o) => o.id === b)!.deleted).toBe(true);
    expect((await w.db.get('outbox', 'MOTH-82'))!.ink!.id).toBe(a);
  });
});

describe('the record before a POST', () => {
  it('is written with strict durability, before the POST', async () => {
    const w = await storeWithNewOrder('MOTH-90', { autoSend: false });
    await runSync(w.ctx, { manual: false });
    const log: string[] = [];
    const tx = w.db.transaction.bind(w.db);
    (w.db as { transaction: unknown }).transaction = (
      stores: string | string[],
      mode?: IDBTransactionMode,
      opts?: IDBTransactionOptions,
    ) => {
      // The outbox's own writes (recompute reads it alongside the orders, in another transaction).
      if (mode === 'readwrite' && [stores].flat().join() === 'outbox')
        log.push(`outbox:${opts?.durability ?? 'default'}`);
      return tx(stores as never, mode, opts);
    };
    const client = w.ctx.inkClient;
    w.ctx.inkClient = (c) => {
      const real = client(c);
      return Object.assign(Object.create(real), {
        createOrder: async (body: InkCreateOrderBody) => {
          log.push('POST');
          return real.createOrder(body);
        },
      });
    };
    await sendOrder(w.ctx, 'MOTH-90', { manual: true });
    const post = log.indexOf('POST');
    expect(post).toBeGreaterThan(0);
    expect(
      log
        .slice(0, post)
        .filter((l) => l.startsWith('outbox'))
        .at(-1),
    ).toBe('outbox:strict');
    // The write after the answer (sent) needs no more than the default.
    expect(log.slice(post + 1)).toContain('outbox:default');
  });
});
