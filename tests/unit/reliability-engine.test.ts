/**
 * Engine reliability cases found by the soak (tests/e2e/soak.e2e.ts): an order ready to go
 * automatically is never left waiting when nothing about it changes at Big Cartel.
 */
import { describe, expect, it } from 'vitest';
import { runSync } from '@/lib/worker/sync';
import { bcOrder, item, world, wrapInk, productLink as link } from './helpers/services';

describe('automatic sending after a failed look at Inkthreadable', () => {
  it('an order whose first send could not check Inkthreadable is sent by a later poll with nothing new', async () => {
    const w = await world();
    await w.db.put('links', link('p1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: false }); // the first import (nothing yet)
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-7', [item('p1', null)], w.clock.now().toISOString()));
    w.ink.listDown = true; // the reconciliation before the POST cannot list orders
    await runSync(w.ctx, { manual: false });
    expect((await w.db.get('orders', 'MOTH-7'))!.state).toBe('ready');
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    // A poll re-reads the order once (the cursor overlaps the last pass); still unreachable.
    w.clock.advance(5 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect((await w.db.get('orders', 'MOTH-7'))!.state).toBe('ready');
    // Inkthreadable is back; the next poll reads nothing new from Big Cartel.
    w.ink.listDown = false;
    w.clock.advance(5 * 60_000);
    const res = await runSync(w.ctx, { manual: false });
    expect(res.read).toBe(0);
    expect((await w.db.get('orders', 'MOTH-7'))!.state).toBe('sent');
    expect(w.ink.live('MOTH-7')).toHaveLength(1);
  });

  it('orders stored before a page failed are sent by the next poll even when Big Cartel still fails', async () => {
    const w = await world();
    await w.db.put('links', link('p1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: false });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-8', [item('p1', null)], w.clock.now().toISOString()));
    w.ink.listDown = true;
    await runSync(w.ctx, { manual: false });
    w.ink.listDown = false;
    // Big Cartel now fails every request: the poll reads nothing, the ready order still goes.
    w.bc.down = 1000;
    w.clock.advance(60 * 60_000);
    await runSync(w.ctx, { manual: false });
    expect((await w.db.get('orders', 'MOTH-8'))!.state).toBe('sent');
    expect(w.ink.live('MOTH-8')).toHaveLength(1);
  });
});

describe('no storm against an unreachable Inkthreadable', () => {
  it('many ready orders and Inkthreadable down: one failed look per poll, then all sent once it is back', async () => {
    const w = await world();
    await w.db.put('links', link('p1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: false });
    w.clock.advance(60_000);
    for (let i = 0; i < 20; i++)
      w.bc.upsert(bcOrder(`MOTH-${200 + i}`, [item('p1', null)], w.clock.now().toISOString()));
    w.ink.listDown = true;
    await runSync(w.ctx, { manual: false });
    expect(w.ink.requests.filter((r) => r.op === 'list')).toHaveLength(1);
    w.ink.listDown = false;
    w.clock.advance(5 * 60_000);
    await runSync(w.ctx, { manual: false });
    for (let i = 0; i < 20; i++) expect(w.ink.live(`MOTH-${200 + i}`), `MOTH-${200 + i}`).toHaveLength(1);
  });
});

describe('two browsers sending the same order at once', () => {
  /** Inkthreadable receives the other browser's copy of the order while ours is being created. */
  function raceWith(
    w: Awaited<ReturnType<typeof world>>,
    other: {
      status: string;
      before: boolean;
      cancelFails?: boolean;
      cancelsOurs?: boolean;
      alreadyCancelled?: boolean;
    },
  ) {
    wrapInk(w, (client) => ({
      createOrder: async (body: Parameters<typeof client.createOrder>[0]) => {
        const theirs = () => {
          w.ink.orders.push({
            ...w.ink.orders[0]!,
            ...{
              id: other.before ? '871000' : '879999',
              externalId: body.external_id,
              status: other.status,
              deleted: false,
              createdAt: w.clock.now().toISOString(),
              body,
            },
          });
        };
        if (other.before) theirs();
        const res = await client.createOrder(body);
        if (!other.before) theirs();
        // The other browser saw both first and cancelled ours (the newer) before we looked again.
        if (other.cancelsOurs && res.kind === 'ok') w.ink.orders.find((o) => o.id === res.value.id)!.deleted = true;
        return res;
      },
      cancelOrder: async (id: string) => {
        if (other.alreadyCancelled) {
          // The other browser cancelled it a moment before us.
          w.ink.orders.find((o) => o.id === id)!.deleted = true;
          return { kind: 'rejected', status: 200, message: 'Order is already cancelled' };
        }
        return other.cancelFails ? { kind: 'ambiguous', message: 'HTTP 503' } : client.cancelOrder(id);
      },
    }));
  }

  async function readyOrder(id: string) {
    const w = await world();
    await w.db.put('links', link('p1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: false });
    w.clock.advance(60_000);
    // A first order, so the fake has a template to copy for the other browser's order.
    w.bc.upsert(bcOrder('MOTH-1', [item('p1', null)], w.clock.now().toISOString()));
    await runSync(w.ctx, { manual: false });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder(id, [item('p1', null)], w.clock.now().toISOString()));
    return w;
  }

  it('the other copy is unpaid: ours or theirs, the newer is cancelled; one stays, no message', async () => {
    const w = await readyOrder('MOTH-9');
    raceWith(w, { status: 'received', before: false });
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-9')).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-9'))!.message).toBe('');
  });

  it('the other browser cancelled our copy before we looked again: we keep theirs, not our cancelled one', async () => {
    const w = await readyOrder('MOTH-12');
    raceWith(w, { status: 'received', before: true, cancelsOurs: true });
    await runSync(w.ctx, { manual: false });
    const live = w.ink.live('MOTH-12');
    expect(live.map((o) => o.id)).toEqual(['871000']);
    expect((await w.db.get('outbox', 'MOTH-12'))!.ink!.id).toBe('871000');
  });

  it('the extra copy cannot be cancelled (already paid): the merchant is told which two orders Inkthreadable holds', async () => {
    const w = await readyOrder('MOTH-10');
    raceWith(w, { status: 'paid', before: false });
    await runSync(w.ctx, { manual: false });
    const live = w.ink.live('MOTH-10');
    expect(live).toHaveLength(2);
    const ob = (await w.db.get('outbox', 'MOTH-10'))!;
    expect(ob.status).toBe('sent');
    const [kept, extra] = live.map((o) => o.id).sort();
    expect(ob.message).toBe(
      `Inkthreadable holds this order twice (orders ${kept} and ${extra}), and the extra one (${extra}) could not be cancelled: already paid or in production. Cancel or refund it in Inkthreadable; order ${kept} is the one kept.`,
    );
    expect(ob.duplicates).toEqual([extra]);
    // Counted on the badge until the merchant has dealt with it.
    const rec = (await w.db.get('orders', 'MOTH-10'))!;
    expect(rec.needsAction).toBe(1);
    expect(w.badge.at(-1)).toBe('1');
  });

  it('both browsers cancel the same extra copy: one stays, and no false warning', async () => {
    const w = await readyOrder('MOTH-13');
    raceWith(w, { status: 'received', before: false, alreadyCancelled: true });
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-13')).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-13'))!.message).toBe('');
  });

  it('the cancel fails: the merchant is told too', async () => {
    const w = await readyOrder('MOTH-11');
    raceWith(w, { status: 'received', before: false, cancelFails: true });
    await runSync(w.ctx, { manual: false });
    expect(w.ink.live('MOTH-11')).toHaveLength(2);
    expect((await w.db.get('outbox', 'MOTH-11'))!.message).toMatch(
      /^Inkthreadable holds this order twice \(orders \d+ and \d+\)/,
    );
  });
});

describe('the second look when Inkthreadable does not list our new order yet', () => {
  it("ours is older than the other browser's: we keep ours and cancel theirs, as the other browser would", async () => {
    const w = await world();
    await w.db.put('links', link('p1', 'JH001-JBK-L'));
    await runSync(w.ctx, { manual: false });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-20', [item('p1', null)], w.clock.now().toISOString()));
    let hideOurs: string | null = null;
    wrapInk(w, (client) => ({
      createOrder: async (body: Parameters<typeof client.createOrder>[0]) => {
        const res = await client.createOrder(body);
        if (res.kind === 'ok') {
          hideOurs = res.value.id;
          // The other browser's copy lands just after ours (a higher id).
          w.ink.orders.push({
            ...w.ink.orders.find((o) => o.id === res.value.id)!,
            id: String(Number(res.value.id) + 50),
          });
        }
        return res;
      },
      listAllOrders: async (q: Parameters<typeof client.listAllOrders>[0]) => {
        const r = await client.listAllOrders(q);
        return r.kind === 'ok' ? { ...r, value: r.value.filter((o) => o.id !== hideOurs) } : r;
      },
    }));
    await runSync(w.ctx, { manual: false });
    const live = w.ink.live('MOTH-20');
    expect(live.map((o) => o.id)).toEqual([hideOurs]);
    expect((await w.db.get('outbox', 'MOTH-20'))!.ink!.id).toBe(hideOurs);
  });
});
