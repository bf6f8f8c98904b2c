/**
 * Storage full or IndexedDB failing: the merchant is told in words, nothing is half-written
 * (every multi-record write is one transaction), and no order goes to Inkthreadable on data that
 * was not stored.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '@/lib/worker/db';
import { getMeta, storageErrorMessage } from '@/lib/worker/db';
import { handle } from '@/lib/worker/handlers';
import { exportLinks } from '@/lib/linkfile';
import { sendOrder } from '@/lib/worker/outbox';
import { runSync } from '@/lib/worker/sync';
import { getStatusMeta } from '@/lib/worker/sync-meta';
import { importFile } from './helpers/linkfile';
import { bcOrder, item, world, type TestWorld, productLink as link } from './helpers/services';

const cases: string[] = [];
/** The orders each test's world must end with at Inkthreadable, counted after all tests (whatever they found). */
const mustArrive: { w: TestWorld; ids: string[] }[] = [];
const expectSent = (w: TestWorld, ids: string[]) => mustArrive.push({ w, ids });
afterAll(() => {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  const figures = { orders: 0, createdTwice: 0, leftTwice: 0, lost: 0 };
  for (const { w, ids } of mustArrive) {
    for (const id of ids) {
      figures.orders++;
      if (w.ink.orders.filter((o) => o.externalId === id).length > 1) figures.createdTwice++;
      const live = w.ink.live(id).length;
      if (live > 1) figures.leftTwice++;
      if (live === 0) figures.lost++;
    }
  }
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    join(dir, 'figures.jsonl'),
    `${JSON.stringify({ suite: 'storage-failure', faults: cases, ...figures })}\n`,
  );
});

type Kind = 'QuotaExceededError' | 'UnknownError';

/**
 * The database with writes to `store` failing after `after` successful ones, as a full disk
 * does in a browser: the writes themselves succeed, then the transaction fails to commit with
 * QuotaExceededError (or another error) and none of its writes are kept.
 */
function failingWrites(db: Db, store: string, opts: { after?: number; kind?: Kind } = {}): Db & { failures: number } {
  let writes = 0;
  const state = { failures: 0 };
  const err = () => new DOMException('Simulated storage failure', opts.kind ?? 'QuotaExceededError');
  const wrapTx = (tx: any) => {
    let doomed = false;
    const outstanding: Promise<unknown>[] = [];
    const track = <T>(p: Promise<T>) => {
      outstanding.push(p.catch(() => undefined));
      return p;
    };
    const wrapStore = (s: any) =>
      new Proxy(s, {
        get(t, p) {
          const v = Reflect.get(t, p);
          if (typeof v !== 'function') return v;
          return (...a: unknown[]) => {
            if (
              ['put', 'add', 'delete', 'clear'].includes(p as string) &&
              t.name === store &&
              writes++ >= (opts.after ?? 0)
            )
              doomed = true;
            const out = v.apply(t, a);
            return out && typeof out.then === 'function' ? track(out) : out;
          };
        },
      });
    let done: Promise<void> | null = null;
    return new Proxy(tx, {
      get(t, p) {
        if (p === 'objectStore') return (n: string) => wrapStore(t.objectStore(n));
        if (p === 'store') return wrapStore(t.store);
        if (p === 'done') {
          done ??= (async () => {
            // Once every request has had its answer, the commit fails: abort while still active.
            await Promise.all(outstanding);
            if (doomed) {
              state.failures++;
              try {
                t.abort();
              } catch {
                /* already finished */
              }
              await t.done.catch(() => undefined);
              throw err();
            }
            await t.done;
          })();
          return done;
        }
        const v = Reflect.get(t, p);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
  };
  const proxy = new Proxy(db as any, {
    get(t, p) {
      if (p === 'failures') return state.failures;
      if (p === 'transaction') return (...a: unknown[]) => wrapTx(t.transaction(...a));
      if (p === 'put' || p === 'add' || p === 'delete' || p === 'clear') {
        // The one-request shortcuts, through a wrapped transaction.
        return async (name: string, ...a: unknown[]) => {
          const tx = wrapTx(t.transaction(name, 'readwrite'));
          const [r] = await Promise.all([tx.store[p](...a), tx.done]);
          return r;
        };
      }
      const v = Reflect.get(t, p);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  return proxy;
}

function withDb(w: TestWorld, db: Db): TestWorld['ctx'] {
  return { ...w.ctx, db };
}

const creates = (w: TestWorld) => w.ink.requests.filter((r) => r.op === 'create').length;

describe('storage full or failing', () => {
  it('a page of orders that cannot be stored: none of it is kept, nor the progress; the merchant is told; nothing is sent; the next sync stores it all', async () => {
    cases.push('sync page write fails');
    const w = await world();
    expectSent(
      w,
      Array.from({ length: 30 }, (_, i) => `MOTH-${300 + i}`),
    );
    await w.db.put('links', link('p1', 'JH001'));
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    for (let i = 0; i < 30; i++)
      w.bc.upsert(bcOrder(`MOTH-${300 + i}`, [item('p1', null)], w.clock.now().toISOString()));
    const syncBefore = await getMeta(w.db, 'sync');
    const failing = failingWrites(w.db, 'orders', { after: 10 });
    await expect(handle(withDb(w, failing), { type: 'syncNow' })).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(failing.failures).toBeGreaterThan(0);
    // All or nothing: not one order of the page, and the cursor did not move.
    expect(await w.db.count('orders')).toBe(0);
    expect(await getMeta(w.db, 'sync')).toEqual(syncBefore);
    expect(creates(w)).toBe(0);
    // The merchant is told, in the popup's connection line, in words they can act on.
    const status = await getStatusMeta(w.db);
    expect(status.bigcartel).toEqual({
      state: 'error',
      message: storageErrorMessage(new DOMException('x', 'QuotaExceededError')),
    });
    expect(status.bigcartel.message).toMatch(/no room left to store orders/);
    expect(status.syncing).toBe(false);
    // Room again: everything is read and sent, once.
    await runSync(w.ctx, { manual: true });
    expect(await w.db.count('orders')).toBe(30);
    expect(creates(w)).toBe(30);
    for (let i = 0; i < 30; i++) expect(w.ink.live(`MOTH-${300 + i}`)).toHaveLength(1);
    expect((await getStatusMeta(w.db)).bigcartel.state).toBe('ok');
  });

  it('the "sending" record cannot be written: the order is not POSTed', async () => {
    cases.push('outbox write fails before a send');
    const w = await world();
    expectSent(w, ['MOTH-400']);
    await w.db.put('links', link('p1', 'JH001'));
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-400', [item('p1', null)], w.clock.now().toISOString()));
    // Store the order with auto-send off, then fail the outbox.
    w.settings = { ...w.settings, autoSend: false };
    await runSync(w.ctx, { manual: true });
    w.settings = { ...w.settings, autoSend: true };
    const failing = failingWrites(w.db, 'outbox');
    await expect(sendOrder(withDb(w, failing), 'MOTH-400', { manual: true })).rejects.toMatchObject({
      name: 'QuotaExceededError',
    });
    expect(creates(w)).toBe(0);
    expect(await w.db.get('outbox', 'MOTH-400')).toBeUndefined();
    // Later, with room, it goes once.
    expect((await sendOrder(w.ctx, 'MOTH-400', { manual: true })).kind).toBe('sent');
    expect(w.ink.live('MOTH-400')).toHaveLength(1);
  });

  it('the answer of a send cannot be written: the order stays "sending" and is adopted, never sent twice', async () => {
    cases.push('outbox write fails after a send');
    const w = await world();
    expectSent(w, ['MOTH-401']);
    await w.db.put('links', link('p1', 'JH001'));
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-401', [item('p1', null)], w.clock.now().toISOString()));
    w.settings = { ...w.settings, autoSend: false };
    await runSync(w.ctx, { manual: true });
    // The first outbox write ("sending") succeeds, the second ("sent") fails.
    const failing = failingWrites(w.db, 'outbox', { after: 1 });
    await expect(sendOrder(withDb(w, failing), 'MOTH-401', { manual: true })).rejects.toMatchObject({
      name: 'QuotaExceededError',
    });
    expect(creates(w)).toBe(1);
    expect((await w.db.get('outbox', 'MOTH-401'))?.status).toBe('sending');
    // Retried by the merchant: Inkthreadable is asked first, and the order is adopted.
    const out = await sendOrder(w.ctx, 'MOTH-401', { manual: true });
    expect(out).toMatchObject({ kind: 'sent', adopted: true });
    expect(creates(w)).toBe(1);
    expect(w.ink.live('MOTH-401')).toHaveLength(1);
  });

  it('a links import that cannot be stored keeps the old links, all of them, and says so', async () => {
    cases.push('links import write fails');
    const w = await world();
    const old = [link('p1', 'OLD-1'), link('p2', 'OLD-2')];
    for (const l of old) await w.db.put('links', l);
    const file = exportLinks(
      [...Array.from({ length: 40 }, (_, i) => link(`n${i}`, `NEW-${i}`)), link('p1', 'CHANGED-1')],
      w.clock.now(),
    ).text;
    const failing = failingWrites(w.db, 'links', { after: 20 });
    const err = await importFile(withDb(w, failing), file, 'json').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'QuotaExceededError' });
    expect(storageErrorMessage(err)).toMatch(/nothing was changed/);
    expect(await w.db.getAll('links')).toEqual(old);
  });

  it('a link that cannot be saved changes no order; IndexedDB failing in another way is reported too', async () => {
    cases.push('link save fails', 'IndexedDB unknown error');
    const w = await world();
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    w.bc.upsert(bcOrder('MOTH-500', [item('p1', null)], w.clock.now().toISOString()));
    await runSync(w.ctx, { manual: true });
    expect((await w.db.get('orders', 'MOTH-500'))?.state).toBe('needs-linking');
    const failing = failingWrites(w.db, 'links', { kind: 'UnknownError' });
    const req = {
      type: 'saveLink' as const,
      link: {
        productId: 'p1',
        optionId: null,
        productName: 'P',
        optionName: '',
        pn: 'JH001',
        designs: { front: 'https://cdn.example.com/a.png' },
        neverFulfil: false,
      },
    };
    const err = await handle(withDb(w, failing), req).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UnknownError' });
    expect(storageErrorMessage(err)).toBe(
      'The extension could not read or write its saved data (UnknownError). Nothing was changed; reload the extension and try again.',
    );
    expect(await w.db.count('links')).toBe(0);
    expect((await w.db.get('orders', 'MOTH-500'))?.state).toBe('needs-linking');
    expect(creates(w)).toBe(0);
  });

  it('derived states that cannot be written are all kept as they were (one transaction)', async () => {
    cases.push('recompute write fails');
    const w = await world();
    await runSync(w.ctx, { manual: true });
    w.clock.advance(60_000);
    for (let i = 0; i < 20; i++)
      w.bc.upsert(bcOrder(`MOTH-${600 + i}`, [item('p1', null)], w.clock.now().toISOString()));
    await runSync(w.ctx, { manual: true });
    await w.db.put('links', link('p1', 'JH001'));
    const { recompute } = await import('@/lib/worker/engine');
    const failing = failingWrites(w.db, 'orders', { after: 7 });
    await expect(recompute(withDb(w, failing), null)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const states = new Set((await w.db.getAll('orders')).map((o) => o.state));
    expect([...states]).toEqual(['needs-linking']);
  });
});
