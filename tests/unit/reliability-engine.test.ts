/**
 * Engine reliability cases found by the soak (tests/e2e/soak.e2e.ts): an order ready to go
 * automatically is never left waiting when nothing about it changes at Big Cartel.
 */
import { describe, expect, it } from 'vitest';
import { linkKey } from '@/lib/links';
import { runSync } from '@/lib/sync';
import type { Link } from '@/lib/types';
import { bcOrder, item, world } from './helpers/services';

const link = (productId: string, pn: string): Link => ({
  key: linkKey(productId, null),
  productId,
  optionId: null,
  productName: `Product ${productId}`,
  optionName: '',
  pn,
  designs: { front: `https://cdn.example.com/${pn}.png` },
  mockups: {},
  neverFulfil: false,
  updatedAt: '2026-11-01T00:00:00.000Z',
});

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
    for (let i = 0; i < 20; i++) w.bc.upsert(bcOrder(`MOTH-${200 + i}`, [item('p1', null)], w.clock.now().toISOString()));
    w.ink.listDown = true;
    await runSync(w.ctx, { manual: false });
    expect(w.ink.requests.filter((r) => r.op === 'list')).toHaveLength(1);
    w.ink.listDown = false;
    w.clock.advance(5 * 60_000);
    await runSync(w.ctx, { manual: false });
    for (let i = 0; i < 20; i++) expect(w.ink.live(`MOTH-${200 + i}`), `MOTH-${200 + i}`).toHaveLength(1);
  });
});
