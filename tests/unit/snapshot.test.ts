/**
 * The popup's snapshot: what the worker writes (the same as the popup's own questions would get)
 * and when (coalesced after changes, never two writes at once, a change during a write written
 * after it, a failure never thrown).
 */
import { describe, expect, it } from 'vitest';
import { handle } from '@/lib/worker/handlers';
import { runSync } from '@/lib/worker/sync';
import { buildSnapshot, snapshotWriter } from '@/lib/worker/snapshot';
import { asSnapshot, SNAPSHOT_NEEDS, SNAPSHOT_RECENT, type PopupSnapshot } from '@/lib/snapshot';
import { bcOrder, item, world } from './helpers/services';

const MIN = 60_000;

describe('the snapshot the worker keeps for the popup', () => {
  it('holds exactly what the popup asks for when it opens', async () => {
    const w = await world();
    for (let i = 0; i < 60; i++)
      w.bc.orders.push(
        bcOrder(`MOTH-${2000 + i}`, [item(`p${i}`, null)], new Date(w.clock.t - (70 - i) * MIN).toISOString()),
      );
    await runSync(w.ctx, { manual: true });
    const snap = await buildSnapshot({
      status: () => handle(w.ctx, { type: 'getStatus' }),
      list: (view, limit) => handle(w.ctx, { type: 'listOrders', view, offset: 0, limit }),
      settings: () => handle(w.ctx, { type: 'getSettings' }),
      now: w.ctx.now,
    });
    expect(snap.status).toEqual(await handle(w.ctx, { type: 'getStatus' }));
    expect(snap.status.pending).toBe(60);
    expect(snap.needs).toEqual(
      await handle(w.ctx, { type: 'listOrders', view: 'needsAction', offset: 0, limit: SNAPSHOT_NEEDS }),
    );
    expect(snap.needs.entries).toHaveLength(50);
    expect(snap.needs.entries[0]!.id).toBe('MOTH-2059');
    expect(snap.recent).toEqual(
      await handle(w.ctx, { type: 'listOrders', view: 'recentSent', offset: 0, limit: SNAPSHOT_RECENT }),
    );
    expect(snap.settings).toEqual(await handle(w.ctx, { type: 'getSettings' }));
    expect(asSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
  });

  function rig(failFirst = false) {
    const timers: (() => void)[] = [];
    const written: number[] = [];
    let version = 0;
    let builds = 0;
    let release: (() => void) | null = null;
    let hold = false;
    const writer = snapshotWriter({
      build: async () => {
        builds++;
        const v = version;
        if (hold) await new Promise<void>((r) => (release = r));
        return { v: 1, at: String(v) } as unknown as PopupSnapshot;
      },
      write: async (s) => {
        if (failFirst && written.length === 0 && !hold) {
          failFirst = false;
          throw new Error('storage full');
        }
        written.push(Number(s.at));
      },
      setTimer: (fn) => timers.push(fn),
    });
    return {
      writer,
      written,
      timers,
      change: () => {
        version++;
        writer.schedule();
      },
      fire: async () => {
        for (const t of timers.splice(0)) t();
        for (let i = 0; i < 5; i++) await Promise.resolve();
      },
      holdBuilds: (on: boolean) => (hold = on),
      release: () => release?.(),
      builds: () => builds,
    };
  }

  it('writes once for a burst of changes, after the delay', async () => {
    const r = rig();
    r.change();
    r.change();
    r.change();
    expect(r.timers).toHaveLength(1);
    expect(r.written).toEqual([]);
    await r.fire();
    expect(r.written).toEqual([3]);
    r.change();
    await r.fire();
    expect(r.written).toEqual([3, 4]);
  });

  it('never writes twice at once, and writes again after a write that a change overtook', async () => {
    const r = rig();
    r.change();
    r.holdBuilds(true);
    await r.fire();
    expect(r.builds()).toBe(1);
    // A change while the first is being read.
    r.change();
    await r.fire();
    expect(r.builds()).toBe(1);
    r.holdBuilds(false);
    r.release();
    await r.writer.flush();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(r.written.at(-1)).toBe(2);
    expect(r.builds()).toBe(2);
  });

  it('a failed write is dropped quietly, and the next change writes again', async () => {
    const r = rig(true);
    r.change();
    await r.fire();
    expect(r.written).toEqual([]);
    r.change();
    await r.fire();
    expect(r.written).toEqual([2]);
  });
});
