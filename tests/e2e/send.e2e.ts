/**
 * Never twice, with the production build in Chromium against the sandbox: an order Inkthreadable's
 * own Big Cartel integration already made is flagged and not sent; a duplicate that cannot be
 * cancelled is named; a list lagging minutes behind its own writes never leads to a third POST,
 * and ends with exactly one order at Inkthreadable. Each case asserts what the sandbox received
 * and what the merchant is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addOrder,
  control,
  inkCopies,
  inkRequests,
  liveAt,
  LINKS,
  postsOf,
  recordFigure,
  rig,
  until,
  viewOf,
} from './harness';

const r = rig({ beforeAll, afterAll });
const tote = [{ productId: '330015', optionId: null, quantity: 1 }];
const ORDERS_PHP = '/api/orders.php';
const FOREIGN = 'Inkthreadable may already have this order from its own Big Cartel integration';
/** Orders the extension sent in this file, and the faults tried, for the reliability report. */
const sentByUs: string[] = [];
const faultsTried: string[] = [];
let seededTwiceNamed = 0;
/** Orders this file makes Inkthreadable hold twice on purpose: copies seeded before any send, and
 * the one automatic re-POST a lagging list allows. */
const twiceOnPurpose: string[] = [];

/** A create-order body for the tote, as another integration would send it. */
function toteBody(externalId: string, first: string, last: string) {
  return {
    external_id: externalId,
    brandName: 'Moth Merch',
    comment: '',
    shipping_address: {
      firstName: first,
      lastName: last,
      company: '',
      address1: '5 Test Street',
      address2: '',
      city: 'London',
      county: '',
      postcode: 'E1 6AN',
      country: 'United Kingdom',
      phone1: '',
    },
    shipping: { shippingMethod: 'regular' },
    items: [{ pn: 'TOTE-NAT', quantity: 1, retailPrice: 12, description: 'Moth Tote Bag' }],
  };
}

async function bcOrderFor(customer: string): Promise<string> {
  const o = await control<{ id?: string; data?: { id: string } }>(r.sb, 'POST', '/bc/orders', {
    items: tote,
    customer,
  });
  return (o.id ?? o.data?.id)!;
}

async function popupText(): Promise<string> {
  const popup = await r.b.extPage('popup.html');
  try {
    await popup.getByRole('list', { name: 'Orders needing action' }).waitFor();
    return (await popup.locator('body').innerText()).replace(/\s+/g, ' ');
  } finally {
    await popup.close();
  }
}

/** Sync (a sync already running answers at once) until `fn` holds: the positive signal. */
async function syncUntil<T>(what: string, fn: () => Promise<T | false | null | undefined>): Promise<T> {
  return until(
    what,
    async () => {
      await r.b.send({ type: 'syncNow' });
      return fn();
    },
    60_000,
  );
}

afterAll(async () => {
  if (!r.sb) return;
  const copies = await inkCopies(r.sb, [...new Set([...sentByUs, ...twiceOnPurpose])], sentByUs);
  recordFigure('send', {
    faults: faultsTried,
    orders: sentByUs.length,
    createdTwice: copies.createdTwice.length,
    leftTwice: copies.leftTwice.length,
    lost: copies.lost.length,
    plannedTwice: copies.createdTwice.filter((id) => twiceOnPurpose.includes(id)).length,
    leftTwiceNamed: seededTwiceNamed,
    seededTwiceNamed,
  });
});

beforeAll(async () => {
  await r.b.send({ type: 'saveLink', link: LINKS.tote });
  await r.b.send({ type: 'syncNow' });
}, 60_000);

describe('never twice', () => {
  it("an order Inkthreadable's own integration made is flagged on the order and in the popup, and not sent until the merchant says so", async () => {
    const id = await bcOrderFor('Grace Hopper');
    const made = await control<{ order: { id: string } }>(r.sb, 'POST', '/ink/orders', {
      body: toteBody(`bc-${id}-x`, 'Grace', 'Hopper'),
    });
    faultsTried.push("an order by Inkthreadable's own integration");
    sentByUs.push(id);
    const v = await syncUntil('the order to be flagged', async () => {
      const view = await viewOf(r.b, id);
      return view?.message ? view : null;
    });
    expect(await postsOf(r.sb, id)).toHaveLength(0);
    expect(v.state).toBe('ready');
    expect(v.needsAction).toBe(true);
    expect(v.message.startsWith(FOREIGN)).toBe(true);
    expect(v.message).toContain(made.order.id);
    expect(await r.b.badge()).toBe('1');
    const text = await popupText();
    expect(text).toContain(id);
    expect(text).toContain(FOREIGN);
    // Another poll does not send it either (the poll reaching Big Cartel is the positive signal).
    const bcRequests = async () => (await control<unknown[]>(r.sb, 'GET', '/requests?service=bc')).length;
    const before = await bcRequests();
    await syncUntil('another poll', async () => (await bcRequests()) > before);
    expect(await postsOf(r.sb, id)).toHaveLength(0);
    // The merchant has seen the warning and sends it anyway: one POST.
    const sent = await r.b.send<{ state: string }>({ type: 'send', orderId: id });
    expect(sent.state).toBe('sent');
    expect(await postsOf(r.sb, id)).toHaveLength(1);
    expect(await liveAt(r.sb, id)).toHaveLength(1);
    expect(await r.b.badge()).toBe('');
  });

  it('two paid copies already at Inkthreadable: the oldest is kept, the other named on the order and in the popup, counted on the badge', async () => {
    const id = await bcOrderFor('Ada Lovelace');
    const a = await control<{ order: { id: string } }>(r.sb, 'POST', '/ink/orders', {
      body: toteBody(id, 'Ada', 'Lovelace'),
      status: 'paid',
    });
    const b = await control<{ order: { id: string } }>(r.sb, 'POST', '/ink/orders', {
      body: toteBody(id, 'Ada', 'Lovelace'),
      status: 'paid',
    });
    faultsTried.push('two paid copies already at Inkthreadable');
    twiceOnPurpose.push(id);
    await syncUntil('the order to be linked', async () => (await viewOf(r.b, id))?.state === 'sent');
    expect(await postsOf(r.sb, id)).toHaveLength(0);
    // A paid order cannot be cancelled through the API: none was asked for.
    expect((await inkRequests(r.sb)).filter((q) => q.method === 'DELETE')).toEqual([]);
    expect((await liveAt(r.sb, id)).map((o) => String((o.order as { id?: string } | undefined)?.id ?? o.id))).toEqual([
      a.order.id,
      b.order.id,
    ]);
    const v = (await viewOf(r.b, id))!;
    expect(v.state).toBe('sent');
    expect(v.ink!.id).toBe(a.order.id);
    expect(v.needsAction).toBe(true);
    expect(v.message).toContain(`Inkthreadable holds this order twice (orders ${a.order.id} and ${b.order.id})`);
    expect(await r.b.badge()).toBe('1');
    expect(await popupText()).toContain(
      `Inkthreadable holds this order twice (orders ${a.order.id} and ${b.order.id})`,
    );
    seededTwiceNamed++;
  });

  it('a short page that is not the last: an unclear POST is found on a later page and adopted, never sent again', async () => {
    // Other orders at Inkthreadable first, so that this one lands past the first page.
    await control(r.sb, 'POST', '/ink/orders', { body: toteBody('OTHER-1', 'Alan', 'Turing') });
    await control(r.sb, 'POST', '/ink/orders', { body: toteBody('OTHER-2', 'Alan', 'Turing') });
    await control(r.sb, 'POST', '/ink/behaviour', { pageCap: 1 });
    await control(r.sb, 'POST', '/faults', {
      service: 'ink',
      method: 'POST',
      path: ORDERS_PHP,
      kind: '500',
      store: true,
    });
    const id = await addOrder(r.sb, tote);
    faultsTried.push('list pages shorter than asked (1 order a page), POST 500 after storing');
    sentByUs.push(id);
    await syncUntil('the POST to be unclear', async () =>
      /^No clear answer/.test((await viewOf(r.b, id))?.message ?? ''),
    );
    expect(await postsOf(r.sb, id)).toHaveLength(1);
    // The merchant presses Send: the whole list is read, page after one-order page, to the empty one.
    const after = await r.b.send<{ state: string; ink: { id: string } | null }>({ type: 'send', orderId: id });
    expect(after.state).toBe('sent');
    expect(await postsOf(r.sb, id)).toHaveLength(1);
    expect(await liveAt(r.sb, id)).toHaveLength(1);
    const pages = (await inkRequests(r.sb))
      .filter((q) => q.method === 'GET' && q.path === ORDERS_PHP)
      .map((q) => Number(new URLSearchParams(q.query).get('page')));
    expect(Math.max(...pages)).toBeGreaterThan(2);
    await control(r.sb, 'POST', '/ink/behaviour', { pageCap: 0 });
  });

  it('a list lagging minutes behind its own writes, every POST unclear: two POSTs, the merchant told, then exactly one order kept', async () => {
    await control(r.sb, 'POST', '/ink/behaviour', { listLagMs: 20 * 60_000 });
    await control(r.sb, 'POST', '/faults', {
      service: 'ink',
      method: 'POST',
      path: ORDERS_PHP,
      kind: '500',
      store: true,
      count: 5,
    });
    const id = await addOrder(r.sb, tote);
    faultsTried.push('list 20 min behind its writes, every POST 500 after storing');
    sentByUs.push(id);
    twiceOnPurpose.push(id);
    await syncUntil('the first POST to be unclear', async () =>
      /^No clear answer/.test((await viewOf(r.b, id))?.message ?? ''),
    );
    expect(await postsOf(r.sb, id)).toHaveLength(1);
    expect(await liveAt(r.sb, id)).toHaveLength(1);
    // Settle time (90 s) passes; the list still shows nothing: the one automatic re-POST.
    const settle = () => new Promise((res) => setTimeout(res, 92_000));
    await settle();
    await syncUntil('the re-POST', async () => (await postsOf(r.sb, id)).length === 2);
    await settle();
    const v = await syncUntil('the merchant to be asked', async () => {
      const view = await viewOf(r.b, id);
      return view?.needsAction ? view : null;
    });
    // No third POST: the merchant decides, with what is known.
    expect(await postsOf(r.sb, id)).toHaveLength(2);
    expect(v.state).toBe('sending');
    expect(v.needsAction).toBe(true);
    expect(v.message).toContain('Inkthreadable gave no clear answer to 2 attempts to send this order');
    expect(await popupText()).toContain('Inkthreadable gave no clear answer to 2 attempts to send this order');
    // The list catches up. The merchant presses Send: both copies are found, the oldest kept and
    // the newer (unpaid) cancelled; nothing is POSTed.
    await control(r.sb, 'POST', '/ink/behaviour', { listLagMs: 0 });
    await control(r.sb, 'DELETE', '/faults');
    const after = await r.b.send<{ state: string; ink: { id: string } | null }>({ type: 'send', orderId: id });
    expect(after.state).toBe('sent');
    expect(await postsOf(r.sb, id)).toHaveLength(2);
    const live = await until('one live order', async () => {
      const l = await liveAt(r.sb, id);
      return l.length === 1 ? l : null;
    });
    expect(String((live[0]!.order as { id?: string } | undefined)?.id ?? live[0]!.id)).toBe(after.ink!.id);
  }, 300_000);
});
