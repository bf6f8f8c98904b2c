/**
 * The popup on what the badge counts besides orders needing action, with the background's real
 * handlers (the engine over the in-memory services) answering its messages: a changed secret key,
 * an order not sent after 5 minutes, orders unpaid past the setting, unreadable settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '@/components/popup/Popup';
import { dueText } from '@/components/popup/Attention';
import { handle } from '@/lib/worker/handlers';
import { reviewAttention } from '@/lib/worker/attention';
import { runSync } from '@/lib/worker/sync';
import { loadSettings } from '@/lib/worker/settings';
import type { Request } from '@/lib/protocol';
import { bcOrder, item, link, world, type TestWorld } from './helpers/services';
import {
  fakeBackground,
  getByRole,
  queryByRole,
  textOf,
  waitFor,
  mount,
  unmountAll,
  type LooseHandlers,
} from './helpers/dom';

const MIN = 60_000;

afterEach(() => unmountAll());

/** The popup's messages answered by the background's own handlers. */
function background(w: TestWorld) {
  const types: Request['type'][] = ['getStatus', 'listOrders', 'getSettings', 'syncNow'];
  fakeBackground(Object.fromEntries(types.map((t) => [t, (req: Request) => handle(w.ctx, req)])) as LooseHandlers);
}

async function poll(w: TestWorld, ms = MIN) {
  w.clock.advance(ms);
  await runSync(w.ctx, { manual: false });
  await reviewAttention(w.ctx);
}

async function connected(): Promise<TestWorld> {
  const w = await world();
  await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
  await runSync(w.ctx, { manual: true });
  return w;
}

describe('popup: what could otherwise go unnoticed', () => {
  it('a changed secret key: Inkthreadable says what it answered and what to do; the late order is listed with it', async () => {
    const w = await connected();
    w.ink.refuseSignature = true;
    w.clock.advance(MIN);
    w.bc.upsert(bcOrder('MOTH-90', [item('p1', null)], new Date(w.clock.t).toISOString()));
    await poll(w);
    await poll(w, 5 * MIN);
    background(w);
    mount(<Popup clock={w.clock.now} />);
    const services = await waitFor(() => getByRole('list', 'Connections'));
    await waitFor(() => expect(textOf(services)).toContain('Inkthreadable: Refused'));
    expect(textOf(services)).toMatch(
      /Inkthreadable: Refused the extension's requests: Inkthreadable answered "Invalid signature"\. Copy the App ID and Secret key again/,
    );
    expect(textOf(services)).not.toContain('Inkthreadable: Connected');
    const late = await waitFor(() => getByRole('list', 'Orders not sent yet'));
    expect(textOf(late)).toContain('MOTH-90');
    expect(textOf(late)).toContain('"Invalid signature"');
    expect(textOf(getByRole('heading', /Not sent yet/))).toBe('Not sent yet (1)');
  });

  it('orders unpaid past the setting: how many, the total due, and "Pay in Inkthreadable"', async () => {
    const w = await connected();
    for (const [id, due] of [
      ['MOTH-94', { amount: 43.02, currency: 'GBP' }],
      ['MOTH-95', { amount: 12.5, currency: 'GBP' }],
    ] as const) {
      w.clock.advance(MIN);
      w.bc.upsert(bcOrder(id, [item('p1', null)], new Date(w.clock.t).toISOString()));
      await poll(w);
      w.ink.live(id)[0]!.due = { ...due };
    }
    await poll(w, 25 * 60 * MIN);
    background(w);
    mount(<Popup clock={w.clock.now} />);
    const group = await waitFor(() => getByRole('group', 'Waiting for payment'));
    expect(textOf(group)).toContain('2 orders wait for payment in Inkthreadable: £55.52 due.');
    expect(getByRole('link', 'Pay in Inkthreadable', group).getAttribute('href')).toBe(
      'https://www.inkthreadable.co.uk/',
    );
    expect(queryByRole('list', 'Orders not sent yet')).toBeNull();
  });

  it('unreadable settings: says automatic sending is off', async () => {
    await fakeBrowser.storage.local.set({ settings: { autoSend: true, shipping: 'broken' } });
    const w = await connected();
    w.ctx.settings = loadSettings;
    background(w);
    mount(<Popup clock={w.clock.now} />);
    const alert = await waitFor(() => getByRole('alert', /settings could not be read/));
    expect(textOf(alert)).toContain('Automatic sending is off until you turn it on again in Settings.');
  });

  it('an order Big Cartel listed that could not be read: listed with why, and what to do', async () => {
    const w = await connected();
    w.bc.unreadable = [{ id: 'MOTH-3000', message: 'Order MOTH-3000: an item has no quantity' }];
    await poll(w);
    background(w);
    mount(<Popup clock={w.clock.now} />);
    const list = await waitFor(() => getByRole('list', 'Orders that could not be read'));
    expect(textOf(list)).toBe('MOTH-3000Order MOTH-3000: an item has no quantity');
    expect(getByRole('link', /MOTH-3000/, list).getAttribute('href')).toBe('https://my.bigcartel.com/orders/MOTH-3000');
    expect(textOf(getByRole('heading', /Could not be read/))).toBe('Could not be read (1)');
  });

  it('another browser sending for the store: says which order showed it and to keep one sender', async () => {
    const other = await connected();
    const w = await connected();
    w.ctx = { ...w.ctx, inkClient: () => other.ink.client() };
    for (const x of [other, w]) x.bc.upsert(bcOrder('MOTH-4000', [item('p1', null)], x.clock.now().toISOString()));
    await poll(other);
    await poll(w, 2 * MIN);
    expect(other.ink.live('MOTH-4000')).toHaveLength(1);
    background(w);
    mount(<Popup clock={w.clock.now} />);
    const note = await waitFor(() => getByRole('status', /another browser with this extension/i));
    expect(textOf(note)).toContain('order MOTH-4000 also reached Inkthreadable from it');
    expect(textOf(note)).toContain('Keep automatic sending on in one browser only');
    expect(getByRole('button', 'Open settings', note)).toBeTruthy();
  });

  it('writes no total rather than a wrong one', () => {
    expect(dueText(null)).toBe('');
    expect(
      dueText([
        { amount: 55.52, currency: 'GBP' },
        { amount: 10, currency: 'USD' },
      ]),
    ).toBe('£55.52 + US$10.00');
  });
});
