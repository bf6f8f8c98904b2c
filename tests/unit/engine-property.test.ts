/**
 * Property: whatever happens (polls, links, unlinks, never-fulfil marks, sends, rejections,
 * lost answers, the worker dying mid-send, restarts), no Big Cartel order ever reaches
 * Inkthreadable twice, and the badge always equals the orders needing action.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deriveState, itemViews } from '@/lib/worker/orders';
import { loadLinks } from '@/lib/worker/engine';
import { handle } from '@/lib/worker/handlers';
import { SETTLE_MS } from '@/lib/worker/outbox';
import { processDueSends } from '@/lib/worker/sends';
import { runSync } from '@/lib/worker/sync';
import type { InkCreateOrderBody } from '@/lib/inkthreadable';
import { bcOrder, Crash, item, world, wrapInk, type InkBehaviour, type TestWorld } from './helpers/services';

/**
 * Checks every body as it is POSTed against the order and the links stored at that moment: each
 * linked item in full (code, quantity, designs), nothing else. Failures are kept for the end.
 */
function checkBodiesAsSent(w: TestWorld, problems: string[]): void {
  wrapInk(w, (client) => ({
    createOrder: async (body: InkCreateOrderBody) => {
      const rec = await w.db.get('orders', body.external_id);
      const links = await loadLinks(w.db);
      const expected = rec
        ? itemViews(rec.order, links, rec.completedWithout)
            .filter((v) => v.disposition === 'linked')
            .map((v) => ({ pn: v.link!.pn, quantity: v.item.quantity, designs: v.link!.designs }))
        : null;
      const got = body.items.map((i) => ({ pn: i.pn, quantity: i.quantity, designs: i.designs }));
      if (JSON.stringify(got) !== JSON.stringify(expected))
        problems.push(`${body.external_id}: sent ${JSON.stringify(got)}, linked ${JSON.stringify(expected)}`);
      return client.createOrder(body);
    },
  }));
}

const PRODUCTS = [
  { productId: 'p1', options: ['a', 'b'] },
  { productId: 'p2', options: [null] },
  { productId: 'p3', options: ['c'] },
];

type Cmd =
  | { kind: 'newOrder'; items: [number, number, number][] }
  | { kind: 'link'; product: number; option: number; productLevel: boolean }
  | { kind: 'never'; product: number }
  | { kind: 'unlink'; product: number; option: number; productLevel: boolean }
  | { kind: 'send'; order: number }
  | { kind: 'completeWithout'; order: number }
  | { kind: 'fault'; behaviour: InkBehaviour }
  | { kind: 'time'; ms: number }
  | { kind: 'poll' }
  | { kind: 'restart' };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    kind: fc.constant('newOrder' as const),
    items: fc.array(fc.tuple(fc.nat(2), fc.nat(1), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('link' as const), product: fc.nat(2), option: fc.nat(1), productLevel: fc.boolean() }),
  fc.record({ kind: fc.constant('never' as const), product: fc.nat(2) }),
  fc.record({
    kind: fc.constant('unlink' as const),
    product: fc.nat(2),
    option: fc.nat(1),
    productLevel: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('send' as const), order: fc.nat(9) }),
  fc.record({ kind: fc.constant('completeWithout' as const), order: fc.nat(9) }),
  fc.record({
    kind: fc.constant('fault' as const),
    behaviour: fc.constantFrom<InkBehaviour>(
      'reject',
      'ambiguous-before-store',
      'ambiguous-after-store',
      'crash-before-store',
      'crash-after-store',
    ),
  }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.constantFrom(1_000, 30_000, SETTLE_MS + 1_000) }),
  fc.constant({ kind: 'poll' as const }),
  fc.constant({ kind: 'restart' as const }),
);

const settle = () => new Promise((r) => setTimeout(r, 5));

async function apply(w: TestWorld, c: Cmd, ids: string[]): Promise<void> {
  const opt = (p: number, o: number) => {
    const prod = PRODUCTS[p]!;
    return prod.options[o % prod.options.length] ?? null;
  };
  switch (c.kind) {
    case 'newOrder': {
      const id = `MOTH-${1000 + ids.length}`;
      ids.push(id);
      w.clock.advance(1000);
      w.bc.upsert(
        bcOrder(
          id,
          c.items.map(([p, o, q]) => item(PRODUCTS[p]!.productId, opt(p, o), q)),
          w.clock.now().toISOString(),
        ),
      );
      return;
    }
    case 'link':
      await handle(w.ctx, {
        type: 'saveLink',
        link: {
          productId: PRODUCTS[c.product]!.productId,
          optionId: c.productLevel ? null : opt(c.product, c.option),
          productName: 'P',
          optionName: '',
          pn: `CODE-${c.product}`,
          designs: { front: 'https://cdn.example.com/f.png' },
          neverFulfil: false,
        },
      });
      return;
    case 'never':
      await handle(w.ctx, {
        type: 'saveLink',
        link: {
          productId: PRODUCTS[c.product]!.productId,
          optionId: null,
          productName: 'P',
          optionName: '',
          pn: '',
          designs: {},
          neverFulfil: true,
        },
      });
      return;
    case 'unlink': {
      const o = c.productLevel ? null : opt(c.product, c.option);
      await handle(w.ctx, { type: 'deleteLink', key: `${PRODUCTS[c.product]!.productId}|${o ?? '*'}` });
      return;
    }
    case 'send':
    case 'completeWithout': {
      const id = ids[c.order % Math.max(ids.length, 1)];
      if (!id) return;
      await handle(w.ctx, { type: c.kind, orderId: id }).catch((err) => {
        if (!(err instanceof Crash) && !/not known|can be completed|Link every item|nothing to send/i.test(String(err)))
          throw err;
      });
      return;
    }
    case 'fault':
      w.ink.next.push(c.behaviour);
      return;
    case 'time':
      w.clock.advance(c.ms);
      return;
    case 'poll':
      w.clock.advance(60_000);
      await runSync(w.ctx, { manual: false });
      return;
    case 'restart':
      await processDueSends(w.ctx, { all: true });
      return;
  }
}

async function checkInvariants(w: TestWorld): Promise<void> {
  // Never twice: at most one order per Big Cartel id ever created at Inkthreadable.
  const byExternal = new Map<string, number>();
  for (const o of w.ink.orders) byExternal.set(o.externalId, (byExternal.get(o.externalId) ?? 0) + 1);
  for (const [id, n] of byExternal) expect(n, `order ${id} created ${n} times`).toBe(1);
  // Badge = orders needing action, derived from scratch.
  const links = await loadLinks(w.db);
  let expected = 0;
  for (const rec of await w.db.getAll('orders')) {
    const d = deriveState(
      {
        order: rec.order,
        completedWithout: rec.completedWithout,
        history: rec.history,
        holdAutoSend: rec.holdAutoSend,
      },
      links,
      await w.db.get('outbox', rec.id),
      w.settings.autoSend,
    );
    expect(rec.state).toBe(d.state);
    expected += d.needsAction;
  }
  expect(w.badge.at(-1) ?? '0').toBe(String(expected));
  // Nothing sent that was not linked, nothing left out (checked as each body was POSTed).
  expect(w.ink.orders.every((o) => o.body.items.every((i) => Number.isInteger(i.quantity) && i.quantity > 0))).toBe(
    true,
  );
}

describe('engine properties', () => {
  it('never sends an order twice and keeps the badge equal to the orders needing action', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 5, maxLength: 40 }), async (cmds) => {
        const w = await world();
        const problems: string[] = [];
        checkBodiesAsSent(w, problems);
        await runSync(w.ctx, { manual: true });
        const ids: string[] = [];
        for (const c of cmds) {
          try {
            await apply(w, c, ids);
          } catch (err) {
            if (!(err instanceof Crash)) throw err;
          }
          await settle();
        }
        // Let everything finish: time passes, the worker restarts, polls run without faults.
        w.ink.next = [];
        for (let i = 0; i < 3; i++) {
          w.clock.advance(SETTLE_MS + 60_000);
          await processDueSends(w.ctx, { all: true });
          await runSync(w.ctx, { manual: false });
          await settle();
        }
        await checkInvariants(w);
        expect(problems).toEqual([]);
        // No send is left hanging once the services answer: one still unconfirmed after its one
        // automatic retry waits for the merchant, counted on the badge.
        for (const ob of await w.db.getAllFromIndex('outbox', 'byStatus', 'sending')) {
          expect(ob.needsMerchant, ob.orderId).toBe(true);
          expect((await w.db.get('orders', ob.orderId))!.needsAction).toBe(1);
        }
        w.db.close();
      }),
      { numRuns: 60 },
    );
    // 60 whole histories take about 5 s alone; a busy machine may take several times that.
  }, 90_000);
});
