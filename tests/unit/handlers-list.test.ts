import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/handlers';
import { runSync } from '@/lib/sync';
import { bcOrder, item, world } from './helpers/services';

const MIN = 60_000;

describe('the popup list of orders needing action', () => {
  it('pages newest first through every waiting order exactly once, with the total', async () => {
    const w = await world();
    // 23 orders, each with an unlinked item (needs linking); created a minute apart.
    for (let i = 0; i < 23; i++) {
      w.bc.orders.push(bcOrder(`MOTH-${1000 + i}`, [item(`p${i}`, `o${i}`)], new Date(w.clock.t - (30 - i) * MIN).toISOString()));
    }
    await runSync(w.ctx, { manual: true });

    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 10) {
      const page = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset, limit: 10 });
      expect(page.total).toBe(23);
      expect(page.entries.length).toBe(Math.min(10, 23 - offset));
      seen.push(...page.entries.map((e) => e.id));
    }
    const expected = Array.from({ length: 23 }, (_, i) => `MOTH-${1022 - i}`);
    expect(seen).toEqual(expected);

    const past = await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 23, limit: 10 });
    expect(past).toEqual({ total: 23, entries: [] });
  });
});

describe('saving settings', () => {
  it('refuses a bad value in words naming the setting, and changes nothing', async () => {
    const w = await world();
    const before = await handle(w.ctx, { type: 'getSettings' });
    await expect(handle(w.ctx, { type: 'saveSettings', settings: { pollMinutes: 0 } })).rejects.toThrow(
      /^Those settings are not valid: check how often to check Big Cartel \(1 to 60 minutes\)\. Nothing was saved\.$/,
    );
    await expect(handle(w.ctx, { type: 'saveSettings', settings: { importSince: '27/11/2026' } })).rejects.toThrow(/^Those settings are not valid: check import orders since \(a date, yyyy-mm-dd\)\. Nothing was saved\.$/);
    expect(await handle(w.ctx, { type: 'getSettings' })).toEqual(before);
  });
});
