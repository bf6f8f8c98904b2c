/**
 * Soak: orders arriving over many polls while both services fail at random (seeded chaos at the
 * sandbox, bounded in time). Afterwards the counts at the sandbox, in the popup and on the badge
 * agree, no order is at Inkthreadable twice and none is missing.
 *
 * SOAK_ORDERS (default 200), SOAK_BATCH (orders per poll, default 20), SOAK_SEED, SOAK_RATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addOrder,
  control,
  inkCopies,
  LINKS,
  liveCounts,
  recordFigure,
  rig,
  until,
  viewOf,
  type OrderViewLite,
} from './harness';

const ORDERS = Number(process.env.SOAK_ORDERS ?? 200);
const BATCH = Number(process.env.SOAK_BATCH ?? 20);
const SEED = Number(process.env.SOAK_SEED ?? 20261127);
const RATE = Number(process.env.SOAK_RATE ?? 0.12);
/** The extension waits this long before concluding that an unclear POST did not land. */
const SETTLE_MS = 90_000;

const r = rig({ beforeAll, afterAll });

beforeAll(async () => {
  for (const link of [LINKS.tote, LINKS.poster, LINKS.hoodieL]) await r.b.send({ type: 'saveLink', link });
  await r.b.send({ type: 'syncNow' });
}, 60_000);

interface Status {
  pending: number;
  bigcartel: { state: string; message: string };
}
interface ListPage {
  total: number;
  entries: { id: string; state: string; message: string }[];
}

const ITEMS = [
  [{ productId: '330015', optionId: null, quantity: 1 }],
  [{ productId: '330016', optionId: '1180060', quantity: 2 }],
  [
    { productId: '330011', optionId: '1180021', quantity: 1 },
    { productId: '330015', optionId: null, quantity: 3 },
  ],
];

describe(`soak: ${ORDERS} orders over ${Math.ceil(ORDERS / BATCH)} polls with seeded random faults`, () => {
  it('ends with every order at Inkthreadable once; sandbox, popup and badge agree throughout', {
    timeout: 600_000,
  }, async () => {
    const created: string[] = [];
    let syncErrors = 0;
    let lastFaultAt = Date.now();
    const t0 = Date.now();
    await control(r.sb, 'POST', '/chaos', { seed: SEED, rate: RATE, services: ['ink', 'bc'], stallMs: 1500 });
    for (let poll = 0; created.length < ORDERS; poll++) {
      const n = Math.min(BATCH, ORDERS - created.length);
      for (let i = 0; i < n; i++)
        created.push(
          await addOrder(r.sb, ITEMS[(created.length + poll) % ITEMS.length]!, created.length % 5 === 0 ? 'US' : 'GB'),
        );
      await r.b.send({ type: 'syncNow' }).catch(() => syncErrors++);
      lastFaultAt = Date.now();
      if (process.env.SOAK_DEBUG) console.log('poll', poll, created.length, Date.now() - t0);
    }
    const chaos = await control<{ total: number; decisions: number; injected: Record<string, number> }>(
      r.sb,
      'DELETE',
      '/chaos',
    );

    // Mid-way agreement: every order is either live at the sandbox (once), visibly failed, or
    // still being checked; the badge and the popup count exactly the failed ones and those left
    // to the merchant (two unclear answers in a row: no third POST without the merchant).
    await r.b.send({ type: 'syncNow' });
    const counts = await liveCounts(r.sb);
    const views = (await Promise.all(created.map((id) => viewOf(r.b, id)))) as (OrderViewLite | null)[];
    const failed = views.filter((v) => v?.state === 'failed' || (v?.state === 'sending' && v.needsAction)).length;
    for (const [i, id] of created.entries()) {
      expect(counts.get(id) ?? 0, id).toBeLessThanOrEqual(1);
      const v = views[i];
      if (v?.state === 'sent') expect(counts.get(id), id).toBe(1);
      if (v?.state === 'failed' || v?.needsAction) expect(v!.message.length, id).toBeGreaterThan(0);
    }
    const status = await r.b.send<Status>({ type: 'getStatus' });
    expect(status.pending).toBe(failed);
    expect(await r.b.badge()).toBe(failed === 0 ? '' : failed > 99 ? '99+' : String(failed));

    // After the unclear attempts have had time to land, polls settle everything; the merchant
    // retries what Inkthreadable refused (answered {"error"}).
    await new Promise((res) => setTimeout(res, Math.max(0, lastFaultAt + SETTLE_MS + 1_000 - Date.now())));
    let retried = 0;
    await until(
      'every order to be sent',
      async () => {
        await r.b.send({ type: 'syncNow' });
        const list = await r.b.send<ListPage>({ type: 'listOrders', view: 'needsAction', offset: 0, limit: 500 });
        // The merchant sends what was refused, and what was left to them after two unclear answers.
        for (const e of list.entries.filter((x) => x.state === 'failed' || x.state === 'sending')) {
          await r.b.send({ type: 'send', orderId: e.id });
          retried++;
        }
        const vs = await Promise.all(created.map((id) => viewOf(r.b, id)));
        if (process.env.SOAK_DEBUG) {
          const by: Record<string, number> = {};
          for (const v of vs) by[v?.state ?? 'unknown'] = (by[v?.state ?? 'unknown'] ?? 0) + 1;
          console.log(
            'settle',
            Date.now() - t0,
            JSON.stringify(by),
            vs
              .filter((v) => v?.state !== 'sent')
              .slice(0, 3)
              .map((v) => v?.message)
              .join(' | '),
          );
        }
        return vs.every((v) => v?.state === 'sent');
      },
      90_000,
    );

    const final = await liveCounts(r.sb);
    const duplicates = created.filter((id) => (final.get(id) ?? 0) > 1);
    const lost = created.filter((id) => !final.get(id));
    const copies = await inkCopies(r.sb, created);
    recordFigure('soak', {
      orders: ORDERS,
      polls: Math.ceil(ORDERS / BATCH),
      seed: SEED,
      rate: RATE,
      faultsInjected: chaos.total,
      requestsDecided: chaos.decisions,
      injected: chaos.injected,
      syncErrors,
      retriedByMerchant: retried,
      createdTwice: copies.createdTwice.length,
      leftTwice: copies.leftTwice.length,
      lost: copies.lost.length,
    });
    expect(duplicates).toEqual([]);
    expect(lost).toEqual([]);
    expect(chaos.total).toBeGreaterThan(0);
    // Sandbox, popup and badge agree: all sent, nothing waiting.
    const sent = await r.b.send<ListPage>({ type: 'listOrders', view: 'recentSent', offset: 0, limit: 1 });
    expect(sent.total).toBe(ORDERS);
    expect([...final.values()].reduce((a, b) => a + b, 0)).toBe(ORDERS);
    expect(await r.b.badge()).toBe('');
    const popup = await r.b.extPage('popup.html');
    await expect.poll(() => popup.getByText(`most recent of ${ORDERS} sent orders`, { exact: false }).count()).toBe(1);
    await expect.poll(() => popup.getByRole('heading', { name: 'Orders needing action', exact: true }).count()).toBe(1);
    await popup.close();
  });
});
