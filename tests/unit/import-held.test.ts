/**
 * The first import never leaves an order sendable: an order whose items are all linked is held
 * for the merchant from its very first write, so nothing that sends meanwhile (a failed page's
 * pass, a poll firing during the import, a restarted worker) reaches Inkthreadable. And a poll
 * firing while a pass runs leaves that pass alone.
 */
import { describe, expect, it } from 'vitest';
import { poll } from '@/lib/worker/poll';
import { sendReady } from '@/lib/worker/sends';
import { runSync } from '@/lib/worker/sync';
import type { BcClient } from '@/lib/bigcartel/client';
import { bcOrder, item, productLink, world, type TestWorld } from './helpers/services';

const DAY = 86_400_000;

/** 250 paid orders from yesterday, every item linked: each would be sendable but for the hold. */
async function linkedStore(w: TestWorld, n = 250) {
  await w.db.put('links', productLink('p1', 'JH001-JBK-L'));
  for (let i = 0; i < n; i++)
    w.bc.orders.push(
      bcOrder(`MOTH-${1000 + i}`, [item('p1', null)], new Date(w.clock.t - DAY + i * 1000).toISOString()),
    );
}

/** Big Cartel's list, with a hook run before each page is answered (the previous page is stored by then). */
function hookPages(w: TestWorld, before: (call: number) => Promise<'fail' | undefined>) {
  const client = w.bc.client();
  const orig = client.listOrdersPage.bind(client);
  let calls = 0;
  w.ctx.bcClient = () =>
    ({
      getAccount: client.getAccount.bind(client),
      listOrdersPage: async (...args: Parameters<typeof orig>) => {
        if ((await before(++calls)) === 'fail') return { kind: 'unavailable', message: 'HTTP 503' } as const;
        return orig(...args);
      },
    }) as unknown as BcClient;
}

describe('the first import holds what it writes', () => {
  it('never stores an imported order in a sendable state, page after page', async () => {
    const w = await world({ autoSend: true });
    await linkedStore(w);
    const sendable: number[] = [];
    hookPages(w, async () => {
      sendable.push((await w.db.getAllFromIndex('orders', 'bySendable', ['ready', 0])).length);
      return undefined;
    });
    await runSync(w.ctx, { manual: true });
    expect(await w.db.count('orders')).toBe(250);
    expect(sendable).toEqual([0, 0, 0]);
    expect(await w.db.getAllFromIndex('orders', 'bySendable', ['ready', 0])).toHaveLength(0);
    expect(w.ink.requests).toEqual([]);
  });

  it('makes no Inkthreadable request when a page fails midway, nor when a sender runs meanwhile', async () => {
    const w = await world({ autoSend: true });
    await linkedStore(w);
    hookPages(w, async (call) => {
      // What a poll firing during the import used to do beside it.
      if (call === 2) await sendReady(w.ctx);
      return call === 3 ? 'fail' : undefined;
    });
    const res = await runSync(w.ctx, { manual: true });
    expect(res.ran).toBe(true);
    expect(await w.db.count('orders')).toBe(200);
    expect(w.ink.requests).toEqual([]);
    const rec = await w.db.get('orders', 'MOTH-1000');
    expect(rec).toMatchObject({ state: 'ready', needsAction: 1, holdAutoSend: true });
  });
});

describe('a poll firing while a pass runs', () => {
  it('leaves the running pass alone: no second pass, no send, no redraw', async () => {
    const w = await world({ autoSend: true });
    await linkedStore(w);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let pollOutcome: string | null = null;
    let redraws = 0;
    hookPages(w, async (call) => {
      if (call === 2) {
        pollOutcome = await poll(w.ctx, async () => {
          redraws++;
        });
        await gate;
      }
      return undefined;
    });
    const running = runSync(w.ctx, { manual: true });
    await new Promise((r) => setTimeout(r, 20));
    const bcBefore = w.bc.requests.length;
    release();
    await running;
    expect(pollOutcome).toBe('busy');
    expect(redraws).toBe(0);
    expect(w.ink.requests).toEqual([]);
    // The import's own three pages only, plus the account.
    expect(w.bc.requests.map((r) => r.op)).toEqual(['account', 'orders', 'orders', 'orders']);
    expect(bcBefore).toBe(2);
  });

  it('runs a pass when none is running', async () => {
    const w = await world({ autoSend: true });
    const client = w.bc.client();
    // No catalogue here: the fake lists no products.
    w.ctx.bcClient = () =>
      ({
        ...client,
        listProductsPage: async () => ({ kind: 'unavailable', message: 'HTTP 503' }),
      }) as unknown as BcClient;
    let redraws = 0;
    expect(
      await poll(w.ctx, async () => {
        redraws++;
      }),
    ).toBe('ran');
    expect(redraws).toBe(1);
  });
});
