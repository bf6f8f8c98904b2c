/**
 * What leaves is what is stored when it leaves: a send reads Inkthreadable (is the order there
 * already?) before it POSTs, and a link the merchant saves meanwhile (another code, "never
 * fulfil") must not be sent stale. The engine runs for real on fake-indexeddb.
 */
import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { sendOrder } from '@/lib/worker/outbox';
import { runSync } from '@/lib/worker/sync';
import type { InkCreateOrderBody } from '@/lib/inkthreadable';
import type { Link } from '@/lib/types';
import { bcOrder, item, link, world, wrapInk, type TestWorld } from './helpers/services';

const MIN = 60_000;

/** p1 and p2 linked; a new order for both at Big Cartel, not polled yet. */
async function store(): Promise<TestWorld> {
  const w = await world();
  await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
  await w.db.put('links', link('p2', null, 'TOTE-NAT'));
  await runSync(w.ctx, { manual: true });
  w.clock.advance(MIN);
  w.bc.upsert(bcOrder('MOTH-50', [item('p1', null, 2), item('p2', null, 1)], w.clock.now().toISOString()));
  w.clock.advance(10_000);
  return w;
}

/** The merchant saves `changed` while the send is reading Inkthreadable's list, the first time. */
function saveWhileListing(w: TestWorld, changed: Omit<Link, 'key' | 'updatedAt' | 'mockups'>): void {
  let done = false;
  wrapInk(w, (client) => ({
    listAllOrders: async (q: Parameters<typeof client.listAllOrders>[0]) => {
      const r = await client.listAllOrders(q);
      if (!done) {
        done = true;
        await handle(w.ctx, { type: 'saveLink', link: changed });
      }
      return r;
    },
  }));
}

const bodies = (w: TestWorld) =>
  w.ink.requests.filter((r) => r.op === 'create').map((r) => r.arg as InkCreateOrderBody);

describe('a link saved while the order is being sent', () => {
  it('another code: the order goes once, with the code saved, not the one read before', async () => {
    const w = await store();
    saveWhileListing(w, {
      productId: 'p1',
      optionId: null,
      productName: 'Product p1',
      optionName: '',
      pn: 'JH001-JBK-XL',
      designs: { front: 'https://cdn.example.com/xl.png' },
      neverFulfil: false,
    });
    // The same pass starts the send again from what is stored now: no wait for the next poll.
    await runSync(w.ctx, { manual: false });
    expect(bodies(w)).toHaveLength(1);
    expect(bodies(w)[0]!.items.map((i) => [i.pn, i.quantity, i.designs?.front])).toEqual([
      ['JH001-JBK-XL', 2, 'https://cdn.example.com/xl.png'],
      ['TOTE-NAT', 1, 'https://cdn.example.com/TOTE-NAT.png'],
    ]);
    expect(w.ink.live('MOTH-50')).toHaveLength(1);
    expect((await w.db.get('outbox', 'MOTH-50'))!.status).toBe('sent');
  });

  it('"never fulfil": the item marked so is not sent; the rest is, once', async () => {
    const w = await store();
    saveWhileListing(w, {
      productId: 'p2',
      optionId: null,
      productName: 'Product p2',
      optionName: '',
      pn: '',
      designs: {},
      neverFulfil: true,
    });
    // The same pass starts the send again from what is stored now: no wait for the next poll.
    await runSync(w.ctx, { manual: false });
    expect(bodies(w)).toHaveLength(1);
    expect(bodies(w)[0]!.items.map((i) => i.pn)).toEqual(['JH001-JBK-L']);
    expect(w.ink.live('MOTH-50')).toHaveLength(1);
  });

  it('a send the merchant asked for stands back, says nothing went and to send again; the next Send sends it as it is', async () => {
    const w = await store();
    w.settings = { ...w.settings, autoSend: false };
    await runSync(w.ctx, { manual: false });
    saveWhileListing(w, {
      productId: 'p2',
      optionId: null,
      productName: 'Product p2',
      optionName: '',
      pn: 'TOTE-BLK',
      designs: { front: 'https://cdn.example.com/tote-blk.png' },
      neverFulfil: false,
    });
    expect(await sendOrder(w.ctx, 'MOTH-50', { manual: true })).toEqual({
      kind: 'pending',
      stale: true,
      message:
        'Nothing was sent: the order or its links changed as it was being sent. Send it again to send it as it is now.',
    });
    expect(bodies(w)).toHaveLength(0);
    expect(await w.db.get('outbox', 'MOTH-50')).toBeUndefined();
    expect(await sendOrder(w.ctx, 'MOTH-50', { manual: true })).toMatchObject({ kind: 'sent' });
    expect(bodies(w).map((b) => b.items.map((i) => i.pn))).toEqual([['JH001-JBK-L', 'TOTE-BLK']]);
  });

  it('links changing under every attempt: an automatic send tries three times, sends nothing, and says why', async () => {
    const w = await store();
    let saves = 0;
    wrapInk(w, (client) => ({
      listAllOrders: async (q: Parameters<typeof client.listAllOrders>[0]) => {
        const r = await client.listAllOrders(q);
        saves++;
        await handle(w.ctx, {
          type: 'saveLink',
          link: {
            productId: 'p1',
            optionId: null,
            productName: 'Product p1',
            optionName: '',
            pn: `JH001-JBK-${saves}`,
            designs: { front: 'https://cdn.example.com/x.png' },
            neverFulfil: false,
          },
        });
        return r;
      },
    }));
    await runSync(w.ctx, { manual: false });
    expect(bodies(w)).toHaveLength(0);
    expect(await w.db.get('outbox', 'MOTH-50')).toBeUndefined();
    // Three attempts, each reading Inkthreadable's list once before its check (a fourth would read again).
    expect(saves).toBe(3);
    // Why it did not go is kept: its page says so once it is late.
    w.clock.advance(6 * MIN);
    expect((await handle(w.ctx, { type: 'getOrder', orderId: 'MOTH-50' }))?.overdue?.reason).toContain(
      'Nothing was sent: the order or its links changed as it was being sent.',
    );
  });
});
