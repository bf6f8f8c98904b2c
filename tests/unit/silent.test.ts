/**
 * Never silent: every answer of either service updates that service's state, and whatever should
 * have gone out and has not is counted on the badge and explained (engine, against the in-memory
 * services; the e2e suite tests/e2e/silent.e2e.ts does the same in Chromium against the sandbox).
 */
import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { runSync } from '@/lib/worker/sync';
import { badgeCount, badgeTitle, reviewAttention } from '@/lib/worker/attention';
import { inkAnswerState, watchInk } from '@/lib/worker/health';
import { readDue } from '@/lib/inkthreadable/schemas';
import { DEFAULT_SETTINGS, loadSettings, readSettings } from '@/lib/worker/settings';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OrderPanel } from '@/lib/content/ui/OrderPanel';
import type { OrderView, StatusView } from '@/lib/protocol';
import { bcOrder, item, link, world, type TestWorld } from './helpers/services';

const MIN = 60_000;

function nowIso(w: TestWorld): string {
  return new Date(w.clock.t).toISOString();
}

async function status(w: TestWorld): Promise<StatusView> {
  return handle(w.ctx, { type: 'getStatus' });
}

async function view(w: TestWorld, id: string): Promise<OrderView> {
  return (await handle(w.ctx, { type: 'getOrder', orderId: id }))!;
}

/** The order panel as the merchant sees it, as text, and its buttons' names. */
function panel(v: OrderView): { text: string; buttons: string[] } {
  const el = OrderPanel({
    orderId: v.id,
    view: v,
    loadError: '',
    unplaced: [],
    busy: null,
    error: '',
    notice: '',
    onSend() {},
    onComplete() {},
    onShipping() {},
    onSync() {},
    onReport() {},
    onReload() {},
    onLink() {},
  }) as unknown as HTMLElement;
  return { text: el.textContent ?? '', buttons: [...el.querySelectorAll('button')].map((b) => b.textContent ?? '') };
}

/** A connected store, imported, with one product linked; then polls a minute apart. */
async function connected(): Promise<TestWorld> {
  const w = await world();
  await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
  await runSync(w.ctx, { manual: true });
  return w;
}

/** The worker's poll (lib/worker/background.ts), less the catalogue: a sync pass, then the review. */
async function poll(w: TestWorld, ms = MIN) {
  w.clock.advance(ms);
  const res = await runSync(w.ctx, { manual: false });
  await reviewAttention(w.ctx);
  return res;
}

describe('a secret key changed at Inkthreadable ({"error": "Invalid signature"} with HTTP 200)', () => {
  it('says so in the status, on the order and on the badge; once fixed the order goes out', async () => {
    const w = await connected();
    w.ink.refuseSignature = true;
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-90', [item('p1', null)], nowIso(w)));
    await poll(w);

    // Nothing went out, and the extension does not pretend otherwise.
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    const s = await status(w);
    expect(s.inkthreadable.state).toBe('auth');
    expect(s.inkthreadable.message).toContain('"Invalid signature"');
    expect(s.inkthreadable.message).toMatch(/Secret key/);
    // The refused credential counts on the badge at once.
    expect(w.badge.at(-1)).toBe('1');

    const v = await view(w, 'MOTH-90');
    expect(v.state).toBe('ready');
    expect(v.serviceProblems).toHaveLength(1);
    expect(v.serviceProblems![0]).toMatch(/^Inkthreadable: .*"Invalid signature".*Secret key/);
    const p = panel(v);
    expect(p.text).not.toContain('automatically in a moment');
    expect(p.text).toContain('"Invalid signature"');
    expect(p.buttons).toContain('Send to Inkthreadable');

    // Five minutes on, the order itself is counted too, with the reason.
    await poll(w, 5 * MIN);
    expect(w.badge.at(-1)).toBe('2');
    const late = await view(w, 'MOTH-90');
    expect(late.overdue?.reason).toContain('"Invalid signature"');
    const s2 = await status(w);
    expect(s2.attention?.overdue.map((o) => o.id)).toEqual(['MOTH-90']);

    // One notification for the refusal, one for the late order: not one per poll.
    await poll(w);
    await poll(w);
    expect(w.notifications.map((n) => n.title)).toEqual([
      'Inkthreadable refused the extension',
      'Order MOTH-90 has not gone to Inkthreadable',
    ]);
    expect(badgeTitle(await badgeCount(w.db, w.clock.now(), await w.ctx.credentials()))).toBe(
      'Inkthreadable: 1 order not sent yet; Inkthreadable refused the credentials',
    );

    // The merchant fixes the key: the next poll sends it and every warning goes.
    w.ink.refuseSignature = false;
    await poll(w);
    expect(w.ink.live('MOTH-90')).toHaveLength(1);
    const s3 = await status(w);
    expect(s3.inkthreadable).toEqual({ state: 'ok', message: 'Connected' });
    expect(s3.attention?.overdue).toEqual([]);
    expect(w.badge.at(-1)).toBe('0');
    expect((await view(w, 'MOTH-90')).serviceProblems).toEqual([]);
  });
});

describe('every answer updates the service state', () => {
  it('reads refusals, silence and success for what they say about the service', () => {
    expect(inkAnswerState({ kind: 'rejected', status: 200, message: 'Invalid signature' }, 'list')).toMatchObject({
      state: 'auth',
    });
    expect(inkAnswerState({ kind: 'rejected', status: 401, message: 'Unauthorized' }, 'order')).toMatchObject({
      state: 'auth',
    });
    // A list refused for another reason is shown, not counted as refused credentials.
    expect(inkAnswerState({ kind: 'rejected', status: 200, message: 'Simulated rejection' }, 'list')).toEqual({
      state: 'error',
      message:
        'Refused to list orders: Inkthreadable answered "Simulated rejection". Orders not sent yet wait; if this lasts, check the App ID and Secret key in Settings.',
    });
    // A refused order is about that order (it fails, shown on it), not about the account...
    expect(inkAnswerState({ kind: 'rejected', status: 200, message: 'Name is not defined' }, 'create')).toBeNull();
    // ...unless the refusal names the credentials.
    expect(inkAnswerState({ kind: 'rejected', status: 200, message: 'Invalid signature' }, 'create')).toMatchObject({
      state: 'auth',
    });
    expect(inkAnswerState({ kind: 'rejected', status: 200, message: 'Order not found' }, 'order')).toBeNull();
    expect(inkAnswerState({ kind: 'ambiguous', message: 'Could not reach Inkthreadable (offline)' }, 'list')).toEqual({
      state: 'error',
      message:
        'Could not reach Inkthreadable (offline). Orders not sent yet wait, and the extension tries again by itself.',
    });
    expect(inkAnswerState({ kind: 'ok', value: [] }, 'list')).toEqual({ state: 'ok', message: 'Connected' });
  });

  it('Inkthreadable not answering is shown in the status and on the order, and clears once it answers', async () => {
    const w = await connected();
    w.ink.listDown = true;
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-91', [item('p1', null)], nowIso(w)));
    await poll(w);
    expect((await status(w)).inkthreadable).toEqual({
      state: 'error',
      message: 'HTTP 503. Orders not sent yet wait, and the extension tries again by itself.',
    });
    expect((await view(w, 'MOTH-91')).serviceProblems).toEqual([
      'Inkthreadable: HTTP 503. Orders not sent yet wait, and the extension tries again by itself.',
    ]);
    // Unreachable is not a refused credential: nothing on the badge until the order is late.
    expect(w.badge.at(-1)).toBe('0');
    w.ink.listDown = false;
    await poll(w);
    expect((await status(w)).inkthreadable).toEqual({ state: 'ok', message: 'Connected' });
    expect(w.ink.live('MOTH-91')).toHaveLength(1);
  });

  it('a Big Cartel refusal on any call (not only the order list) is shown and counted', async () => {
    const w = await connected();
    expect((await status(w)).bigcartel.state).toBe('ok');
    w.bc.authFails = true;
    const bc = w.ctx.bcClient({ kind: 'basic', subdomain: 'mothmerch', password: 'pw' });
    await bc.getAccount();
    const s = await status(w);
    expect(s.bigcartel).toEqual({
      state: 'auth',
      message: 'Big Cartel refused the store password: reconnect in Settings',
    });
    expect(s.attention?.refused).toEqual(['bigcartel']);
    expect(w.badge.at(-1)).toBe('1');
  });
});

describe('an order that should have gone out and has not', () => {
  it('is counted after 5 minutes with the last reason, notified once per episode, and keeps a Send button', async () => {
    const w = await connected();
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-92', [item('p1', null)], nowIso(w)));
    // An answer that leaves the list unreadable for this order: Inkthreadable answers, so the
    // service is fine, but the order cannot be checked before sending.
    const realList = w.ink.client().listAllOrders;
    let unreadable = true;
    w.ctx.inkClient = () => {
      const c = w.ink.client();
      return watchInk(
        Object.assign(c, {
          listAllOrders: async (q: { createdAtMin?: string }) => {
            const r = await realList.call(c, q);
            return unreadable && r.kind === 'ok'
              ? { ...r, skipped: [{ index: 0, externalId: null, message: 'an order in the list could not be read' }] }
              : r;
          },
        }),
        w.ctx,
      );
    };
    await poll(w);
    expect(w.badge.at(-1) ?? '0').toBe('0');
    await poll(w, 4 * MIN);
    expect(w.badge.at(-1) ?? '0').toBe('0');
    expect(w.notifications).toHaveLength(0);
    await poll(w, MIN);
    expect(w.badge.at(-1)).toBe('1');
    const v = await view(w, 'MOTH-92');
    expect(v.overdue?.reason).toMatch(
      /^Not sent yet: Inkthreadable could not be reached \(Inkthreadable listed an order the extension could not read\)/,
    );
    expect(panel(v).buttons).toContain('Send to Inkthreadable');
    expect(panel(v).text).toContain(v.overdue!.reason);
    const s = await status(w);
    expect(s.attention?.overdue).toEqual([{ id: 'MOTH-92', since: expect.any(String), reason: v.overdue!.reason }]);
    // Polls go on: one notification for the episode, not one per poll.
    await poll(w);
    await poll(w);
    expect(w.notifications).toEqual([
      { title: 'Order MOTH-92 has not gone to Inkthreadable', message: v.overdue!.reason, orderId: 'MOTH-92' },
    ]);
    // Once readable, it goes out and the count drops.
    unreadable = false;
    await poll(w);
    expect(w.ink.live('MOTH-92')).toHaveLength(1);
    expect((await status(w)).attention?.overdue).toEqual([]);
    expect(w.badge.at(-1)).toBe('0');
  });

  it('an order held for the merchant (auto-send off) is counted once, as needing action, not also as late', async () => {
    const w = await connected();
    w.settings = { ...w.settings, autoSend: false };
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-93', [item('p1', null)], nowIso(w)));
    await poll(w);
    await poll(w, 10 * MIN);
    expect((await status(w)).attention?.overdue).toEqual([]);
    expect(w.badge.at(-1)).toBe('1');
  });
});

describe('unpaid ageing', () => {
  async function sentUnpaid(w: TestWorld, id: string, due: { amount: number; currency: string } | null) {
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder(id, [item('p1', null)], nowIso(w)));
    await poll(w);
    const o = w.ink.live(id)[0]!;
    o.due = due;
    return o;
  }

  it('an order unpaid at Inkthreadable past the setting is counted, with the total due', async () => {
    const w = await connected();
    await sentUnpaid(w, 'MOTH-94', { amount: 43.02, currency: 'GBP' });
    await sentUnpaid(w, 'MOTH-95', { amount: 12.5, currency: 'GBP' });
    expect(w.badge.at(-1)).toBe('0');
    await poll(w, 23 * 60 * MIN);
    expect((await status(w)).attention?.unpaid.count).toBe(0);
    await poll(w, 60 * MIN);
    const s = await status(w);
    expect(s.attention?.unpaid).toEqual({
      count: 2,
      orderIds: ['MOTH-94', 'MOTH-95'],
      due: [{ currency: 'GBP', amount: 55.52 }],
    });
    expect(w.badge.at(-1)).toBe('2');
    // Paid at Inkthreadable: read on the next tracking pass, no longer counted.
    w.ink.live('MOTH-94')[0]!.status = 'paid';
    w.ink.live('MOTH-95')[0]!.status = 'printing';
    await poll(w, 10 * MIN);
    expect((await status(w)).attention?.unpaid.count).toBe(0);
    expect(w.badge.at(-1)).toBe('0');
  });

  it('shows no total rather than a wrong one when an order has none readable; the setting moves the line', async () => {
    const w = await connected();
    w.settings = { ...w.settings, unpaidHours: 2 };
    await sentUnpaid(w, 'MOTH-96', { amount: 43.02, currency: 'GBP' });
    await sentUnpaid(w, 'MOTH-97', null);
    await poll(w, 2 * 60 * MIN);
    expect((await status(w)).attention?.unpaid).toEqual({ count: 2, orderIds: ['MOTH-96', 'MOTH-97'], due: null });
  });

  it('reads a total only from plausible summary shapes', () => {
    expect(readDue({ subtotal: '31.90', shippingPrice: '3.95', vat: '7.17', total: '43.02', currency: 'GBP' })).toEqual(
      { amount: 43.02, currency: 'GBP' },
    );
    expect(readDue({ total: 43.02, currency: 'gbp' })).toEqual({ amount: 43.02, currency: 'GBP' });
    expect(readDue({ grandTotal: { amount: '10.00', currency: 'USD' } })).toEqual({ amount: 10, currency: 'USD' });
    // No currency, an unreadable amount, only the parts: nothing.
    expect(readDue({ total: '43.02' })).toBeNull();
    expect(readDue({ total: '£43.02', currency: 'GBP' })).toBeNull();
    expect(readDue({ subtotal: '31.90', shippingPrice: '3.95', currency: 'GBP' })).toBeNull();
    expect(readDue(null)).toBeNull();
  });
});

describe('settings that fail their schema', () => {
  it('load with automatic sending off, keep what still reads, and say so', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        autoSend: true,
        brandName: 'Moth Merch',
        shipping: { default: 'express', overrides: {} },
        pollMinutes: 5,
      },
    });
    const read = await readSettings();
    expect(read.unreadable).toBe(true);
    expect(read.settings).toEqual({ ...DEFAULT_SETTINGS, autoSend: false, brandName: 'Moth Merch', pollMinutes: 5 });
    expect(await loadSettings()).toEqual(read.settings);
    // A store that is not even an object.
    await fakeBrowser.storage.local.set({ settings: 'corrupt' });
    expect(await readSettings()).toEqual({ settings: { ...DEFAULT_SETTINGS, autoSend: false }, unreadable: true });
    // Nothing stored (a new install): the defaults, auto-send on.
    await fakeBrowser.storage.local.remove('settings');
    expect(await readSettings()).toEqual({ settings: DEFAULT_SETTINGS, unreadable: false });
  });

  it('the status and the settings view say so; ready orders then wait for the merchant', async () => {
    await fakeBrowser.storage.local.set({ settings: { autoSend: true, unpaidHours: -3 } });
    const w = await connected();
    w.ctx.settings = loadSettings;
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-98', [item('p1', null)], nowIso(w)));
    await poll(w);
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    expect((await view(w, 'MOTH-98')).needsAction).toBe(true);
    expect((await status(w)).settingsUnreadable).toBe(true);
    const sv = await handle(w.ctx, { type: 'getSettings' });
    expect(sv.unreadable).toBe(true);
    expect(sv.settings.autoSend).toBe(false);
    // Saving them writes readable settings: the notice goes, auto-send stays as chosen.
    await handle(w.ctx, { type: 'saveSettings', settings: { brandName: 'Moth' } });
    expect((await handle(w.ctx, { type: 'getSettings' })).unreadable).toBeUndefined();
    expect((await loadSettings()).autoSend).toBe(false);
  });
});

describe('the poll cursor and the daily rescan', () => {
  it('an order whose update became visible minutes late is still read by the next poll', async () => {
    const w = await connected();
    await poll(w);
    // Big Cartel shows an order now whose updated_at is 4 minutes old: it was written before the
    // last pass began but not listed then.
    w.clock.advance(30_000);
    w.bc.orders.push(bcOrder('MOTH-99', [item('p1', null)], new Date(w.clock.t - 4 * MIN).toISOString()));
    await poll(w);
    expect(await w.db.get('orders', 'MOTH-99')).toBeDefined();
    expect(w.ink.live('MOTH-99')).toHaveLength(1);
  });

  it('an order no poll could see is found by the daily rescan, which costs one request per 100 unshipped orders', async () => {
    const w = await world();
    await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
    for (let i = 0; i < 150; i++) {
      w.bc.upsert(bcOrder(`MOTH-${1000 + i}`, [item('p9', null)], nowIso(w)));
      w.clock.advance(1000);
    }
    await runSync(w.ctx, { manual: true });
    const importedAt = w.clock.t;
    await poll(w);
    // Listed now, updated an hour ago: behind any cursor.
    w.bc.orders.push(bcOrder('MOTH-2000', [item('p1', null)], new Date(w.clock.t - 60 * MIN).toISOString()));
    for (let i = 0; i < 5; i++) await poll(w, 60 * MIN);
    expect(await w.db.get('orders', 'MOTH-2000')).toBeUndefined();
    // A day after the import: the rescan reads the 151 unshipped orders in 2 requests.
    w.clock.t = importedAt + 24 * 60 * MIN;
    w.bc.requests = [];
    await poll(w, 0);
    expect(w.bc.requests.map((r) => r.op)).toEqual(['orders', 'orders', 'orders']);
    expect(w.bc.requests.slice(1).map((r) => (r.arg as { shippingStatus?: string }).shippingStatus)).toEqual([
      'unshipped',
      'unshipped',
    ]);
    expect((await w.db.get('meta', 'sync')) as { rescanRequests: number }).toMatchObject({ rescanRequests: 2 });
    expect(w.ink.live('MOTH-2000')).toHaveLength(1);
    // Not again the same day: the next poll is one request.
    w.bc.requests = [];
    await poll(w);
    expect(w.bc.requests).toHaveLength(1);
  });
});

describe('an order Big Cartel lists that cannot be read', () => {
  it('is counted and explained, notified once, and stops counting once a complete rescan no longer lists it', async () => {
    const w = await connected();
    const importedAt = w.clock.t;
    w.bc.unreadable = [{ id: 'MOTH-3000', message: 'Order MOTH-3000: an item has no quantity' }];
    w.bc.upsert(bcOrder('MOTH-3001', [item('p9', null)], nowIso(w)));
    await poll(w);
    const s = await status(w);
    expect(s.attention?.unreadable).toEqual({
      count: 1,
      items: [{ id: 'MOTH-3000', message: 'Order MOTH-3000: an item has no quantity' }],
    });
    // MOTH-3001 needs linking (1), the unreadable order (1).
    expect(w.badge.at(-1)).toBe('2');
    await poll(w);
    expect(w.notifications.filter((n) => n.orderId === 'MOTH-3000')).toEqual([
      {
        title: 'A Big Cartel order could not be read',
        message:
          'Order MOTH-3000: an item has no quantity. Fulfil it by hand in Big Cartel, or correct it there and sync again.',
        orderId: 'MOTH-3000',
      },
    ]);
    // Shipped by hand in Big Cartel: the day's complete rescan no longer lists it.
    w.bc.unreadable = [];
    w.clock.t = importedAt + 24 * 60 * MIN;
    await poll(w, 0);
    expect((await status(w)).attention?.unreadable).toEqual({ count: 0, items: [] });
    expect(w.badge.at(-1)).toBe('1');
  });
});
