/**
 * Two browsers sending for one store: the one that finds an order already sent, or sent twice at
 * once, tells the merchant (the popup's status) to keep automatic sending on in one browser only.
 * Its own late-landing attempt, a send the merchant asked for, or sending turned off say nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runSync } from '@/lib/worker/sync';
import { OTHER_SENDER_WAIT_MS, sendOrder } from '@/lib/worker/outbox';
import { statusView } from '@/lib/worker/status';
import { noteOtherSender } from '@/lib/worker/other-sender';
import { bcOrder, item, world, wrapInk, productLink as link } from './helpers/services';

type World = Awaited<ReturnType<typeof world>>;

/** A browser with one linked product, past its first import. */
async function browserFor(ink?: World['ink']): Promise<World> {
  const w = await world();
  if (ink) w.ctx = { ...w.ctx, inkClient: () => ink.client() };
  await w.db.put('links', link('p1', 'JH001-JBK-L'));
  await runSync(w.ctx, { manual: false });
  w.clock.advance(60_000);
  return w;
}

/** The same new order in this browser's Big Cartel (each world has its own fake of it). */
function newOrder(w: World, id: string): void {
  w.bc.upsert(bcOrder(id, [item('p1', null)], w.clock.now().toISOString()));
}

describe('another browser sending for the same store', () => {
  beforeEach(async () => {
    await browser.storage.local.remove('settings');
  });

  it('the browser that finds the order already sent says so; the one that sent it does not', async () => {
    const a = await browserFor();
    const b = await browserFor(a.ink);
    newOrder(a, 'MOTH-30');
    newOrder(b, 'MOTH-30');
    await runSync(a.ctx, { manual: false });
    expect(a.ink.live('MOTH-30')).toHaveLength(1);
    b.clock.advance(60_000);
    await runSync(b.ctx, { manual: false });
    // Adopted, not sent again.
    expect(a.ink.live('MOTH-30')).toHaveLength(1);
    expect(a.ink.requests.filter((r) => r.op === 'create')).toHaveLength(1);
    expect((await b.db.get('outbox', 'MOTH-30'))!.status).toBe('sent');
    expect((await statusView(b.ctx)).otherSender).toEqual({ orderId: 'MOTH-30', at: b.clock.now().toISOString() });
    expect((await statusView(a.ctx)).otherSender).toBeUndefined();
    // Said for three days after the last sign, then no more.
    const DAY = 24 * 3_600_000;
    b.clock.advance(2 * DAY);
    expect((await statusView(b.ctx)).otherSender?.orderId).toBe('MOTH-30');
    b.clock.advance(DAY - 60_000);
    expect((await statusView(b.ctx)).otherSender?.orderId).toBe('MOTH-30');
    b.clock.advance(60_000);
    expect((await statusView(b.ctx)).otherSender).toBeUndefined();
  });

  it('a copy created by another sender at the same moment is a sign too', async () => {
    const w = await browserFor();
    newOrder(w, 'MOTH-31');
    wrapInk(w, (client) => ({
      createOrder: async (body: Parameters<typeof client.createOrder>[0]) => {
        const res = await client.createOrder(body);
        // The other browser's POST lands just after ours.
        if (res.kind === 'ok') w.ink.orders.push({ ...w.ink.orders.at(-1)!, id: String(Number(res.value.id) + 50) });
        return res;
      },
    }));
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-31')).toHaveLength(1);
    expect((await statusView(w.ctx)).otherSender?.orderId).toBe('MOTH-31');
  });

  it("its own attempt that landed without a clear answer is not another sender's", async () => {
    const w = await browserFor();
    newOrder(w, 'MOTH-32');
    w.ink.next.push('ambiguous-after-store');
    await runSync(w.ctx, { manual: false });
    expect((await w.db.get('outbox', 'MOTH-32'))!.status).toBe('sending');
    w.clock.advance(30 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect((await w.db.get('outbox', 'MOTH-32'))!.status).toBe('sent');
    expect(w.ink.live('MOTH-32')).toHaveLength(1);
    expect((await statusView(w.ctx)).otherSender).toBeUndefined();
  });

  it('a send the merchant asked for, finding the order there, says nothing about automatic sending', async () => {
    const a = await browserFor();
    const b = await browserFor(a.ink);
    newOrder(a, 'MOTH-33');
    newOrder(b, 'MOTH-33');
    await runSync(a.ctx, { manual: false });
    await b.db.put('links', link('p1', 'JH001-JBK-L'));
    b.settings = { ...b.settings, autoSend: false };
    await runSync(b.ctx, { manual: false });
    expect(await b.db.get('outbox', 'MOTH-33')).toBeUndefined();
    b.clock.advance(60_000);
    const out = await sendOrder(b.ctx, 'MOTH-33', { manual: true });
    expect(out).toMatchObject({ kind: 'sent', adopted: true });
    expect((await statusView(b.ctx)).otherSender).toBeUndefined();
  });

  it('with automatic sending turned off in this browser, the popup no longer says so', async () => {
    const a = await browserFor();
    const b = await browserFor(a.ink);
    newOrder(a, 'MOTH-34');
    newOrder(b, 'MOTH-34');
    await runSync(a.ctx, { manual: false });
    b.clock.advance(60_000);
    await runSync(b.ctx, { manual: false });
    expect((await statusView(b.ctx)).otherSender?.orderId).toBe('MOTH-34');
    await browser.storage.local.set({ settings: { autoSend: false } });
    expect((await statusView(b.ctx)).otherSender).toBeUndefined();
  });
});

describe('while another sender is about', () => {
  beforeEach(async () => {
    await browser.storage.local.remove('settings');
  });

  it('a first automatic send waits a moment chosen at random, looks again, and adopts the copy the other browser made meanwhile', async () => {
    const a = await browserFor();
    const b = await browserFor(a.ink);
    // This browser has seen another sender already (an earlier order).
    await noteOtherSender(b.db, 'MOTH-29', b.clock.now());
    newOrder(a, 'MOTH-40');
    newOrder(b, 'MOTH-40');
    const waits: number[] = [];
    b.ctx.random = () => 0.6;
    b.ctx.sleep = async (ms) => {
      waits.push(ms);
      // Both went for the order at the same moment: the other browser creates it while this one waits.
      await runSync(a.ctx, { manual: false });
    };
    await runSync(b.ctx, { manual: false });
    expect(waits).toEqual([Math.floor(0.6 * OTHER_SENDER_WAIT_MS)]);
    expect(a.ink.requests.filter((r) => r.op === 'create')).toHaveLength(1);
    expect(a.ink.live('MOTH-40')).toHaveLength(1);
    const kept = (await b.db.get('outbox', 'MOTH-40'))!;
    expect(kept.status).toBe('sent');
    expect(kept.ink!.id).toBe(a.ink.live('MOTH-40')[0]!.id);
  });

  it('nothing waits without another sender seen, or for a send the merchant asked for', async () => {
    const w = await browserFor();
    const waits: number[] = [];
    w.ctx.sleep = async (ms) => {
      waits.push(ms);
    };
    newOrder(w, 'MOTH-41');
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-41')).toHaveLength(1);
    expect(waits).toEqual([]);
    // Another sender seen now; automatic sending off, the merchant presses Send.
    await noteOtherSender(w.db, 'MOTH-41', w.clock.now());
    w.settings = { ...w.settings, autoSend: false };
    newOrder(w, 'MOTH-42');
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    expect(await sendOrder(w.ctx, 'MOTH-42', { manual: true })).toMatchObject({ kind: 'sent', adopted: false });
    expect(w.ink.live('MOTH-42')).toHaveLength(1);
    expect(waits).toEqual([]);
    // Nor the one automatic re-POST after an unclear first attempt (it has waited out the settle time).
    w.settings = { ...w.settings, autoSend: true };
    w.ink.next.push('ambiguous-before-store');
    newOrder(w, 'MOTH-43');
    w.clock.advance(60_000);
    await runSync(w.ctx, { manual: false });
    expect(waits).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-43'))!.status).toBe('sending');
    w.clock.advance(OTHER_SENDER_WAIT_MS + 30 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-43')).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-43'))!.status).toBe('sent');
    expect(waits).toHaveLength(1);
  });
});
