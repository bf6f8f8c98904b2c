/**
 * Every earlier schema, filled, upgrades to the current one (DB_VERSION, whatever it is now)
 * with every link, order, send, product and meta record kept, and ends with exactly the schema
 * a fresh install has (same stores, same indexes), every index usable over the old records.
 */
import { describe, expect, it } from 'vitest';
import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, openDatabase } from '@/lib/worker/db';
import { countNeedingAction } from '@/lib/worker/engine';
import { bcOrder, item } from './helpers/services';

/** The schemas as they shipped, to build old databases from. */
const SHIPPED: Record<number, (db: IDBPDatabase) => void> = {
  1: (db) => {
    db.createObjectStore('links', { keyPath: 'key' }).createIndex('byProduct', 'productId');
    db.createObjectStore('orders', { keyPath: 'id' }).createIndex('byState', 'state');
    db.createObjectStore('outbox', { keyPath: 'orderId' }).createIndex('byStatus', 'status');
    db.createObjectStore('meta');
  },
  2: (db) => {
    SHIPPED[1]!(db);
    db.createObjectStore('products', { keyPath: 'id' }).createIndex('byName', 'name');
  },
};
/** Indexes v2 added to an existing store (created in the upgrade transaction). */
function v2Indexes(tx: {
  objectStore(n: string): { createIndex(n: string, k: string | string[], o?: IDBIndexParameters): unknown };
}) {
  const orders = tx.objectStore('orders');
  orders.createIndex('byNeedsAction', ['needsAction', 'createdAt']);
  orders.createIndex('byProduct', 'productIds', { multiEntry: true });
}

type Schema = Record<
  string,
  {
    keyPath: unknown;
    autoIncrement: boolean;
    indexes: Record<string, { keyPath: unknown; multiEntry: boolean; unique: boolean }>;
  }
>;

function schemaOf(db: IDBPDatabase<any>): Schema {
  const out: Schema = {};
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readonly');
  for (const n of names) {
    const s = tx.objectStore(n);
    const indexes: Schema[string]['indexes'] = {};
    for (const i of [...s.indexNames]) {
      const idx = s.index(i);
      indexes[i] = { keyPath: idx.keyPath, multiEntry: idx.multiEntry, unique: idx.unique };
    }
    out[n] = { keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes };
  }
  return out;
}

const N_ORDERS = 400;
const N_LINKS = 250;

async function filledOld(name: string, version: 1 | 2 | 3) {
  const old = await openDB(name, version, {
    upgrade(db, _o, _n, tx) {
      SHIPPED[Math.min(version, 2)]!(db);
      if (version >= 2) v2Indexes(tx as never);
      // v3: orders by date (the catalogue's sales counts).
      if (version >= 3)
        (tx as never as { objectStore(n: string): IDBObjectStore })
          .objectStore('orders')
          .createIndex('byCreated', 'createdAt');
    },
  });
  const links = [];
  const orders = [];
  const outbox = [];
  for (let i = 0; i < N_LINKS; i++) {
    links.push({
      key: `p${i}|${i % 2 ? `o${i}` : '*'}`,
      productId: `p${i}`,
      optionId: i % 2 ? `o${i}` : null,
      productName: `Product <b>${i}</b> "quoted"`,
      optionName: i % 2 ? 'Black / L' : '',
      pn: i % 10 === 0 ? '' : `JH00${i}-BLK-L`,
      designs: i % 10 === 0 ? {} : { front: `https://cdn.example/${i}.png` },
      mockups: i % 3 ? {} : { front: `https://cdn.example/m${i}.png` },
      neverFulfil: i % 10 === 0,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  const states = ['needs-linking', 'ready', 'sending', 'sent', 'failed', 'nothing-to-fulfil', 'history'] as const;
  for (let i = 0; i < N_ORDERS; i++) {
    const state = states[i % states.length]!;
    const created = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`;
    const rec: Record<string, unknown> = {
      id: `MOTH-${100000 + i}`,
      order: bcOrder(
        `MOTH-${100000 + i}`,
        [item(`p${i % N_LINKS}`, i % 2 ? `o${i % N_LINKS}` : null, 1 + (i % 3)), item(i % 5 ? `q${i}` : null, null)],
        created,
      ),
      state,
      toLink: state === 'needs-linking' ? 1 : 0,
      completedWithout: i % 13 === 0,
      shippingChoice: i % 17 === 0 ? 'courier' : null,
      holdAutoSend: i % 19 === 0,
      history: state === 'history',
      firstSeenAt: '2026-11-01T00:00:00.000Z',
    };
    if (version >= 2) {
      rec.createdAt = created;
      rec.needsAction = state === 'needs-linking' || state === 'failed' ? 1 : 0;
      rec.productIds = [
        ...new Set(
          (rec.order as { items: { productId: string | null }[] }).items.map((x) => x.productId).filter(Boolean),
        ),
      ];
    } else if (i % 2) {
      rec.createdAt = created; // some v1 records had it, some not
    }
    orders.push(rec);
    if (state === 'sending' || state === 'sent' || state === 'failed') {
      outbox.push({
        orderId: rec.id,
        status: state,
        attemptAt: '2026-11-02T00:00:00.000Z',
        attempts: 1,
        body: `{"external_id":"${rec.id}"}`,
        shippingMethod: 'regular',
        sentItems: { '1': 1 },
        ink:
          state === 'sent'
            ? {
                id: String(871000 + i),
                status: 'received',
                trackingNumber: '',
                shippedAt: '',
                shippingMethod: 'regular',
                createdAt: '2026-11-02T00:00:00Z',
                deleted: false,
              }
            : null,
        message: state === 'failed' ? 'Product code not recognised' : '',
        nextTryAt: '',
        bcShipment: 'none',
      });
    }
  }
  const tx = old.transaction([...old.objectStoreNames], 'readwrite');
  for (const l of links) void tx.objectStore('links').put(l);
  for (const o of orders) void tx.objectStore('orders').put(o);
  for (const b of outbox) void tx.objectStore('outbox').put(b);
  void tx.objectStore('meta').put({ phase: 'poll', cursor: '2026-11-20T00:00:00.000Z' }, 'sync');
  void tx.objectStore('meta').put(
    {
      id: '4721901',
      subdomain: 'mothmerch',
      storeName: 'Moth Merch',
      currency: 'GBP',
      connectedAt: '2026-10-01T00:00:00.000Z',
    },
    'account',
  );
  if (version >= 2)
    void tx.objectStore('products').put({
      id: '330011',
      name: 'Moth Logo Hoodie',
      options: [{ id: '1180021', name: 'Black / L' }],
      fetchedAt: '2026-11-01T00:00:00.000Z',
    });
  await tx.done;
  old.close();
  return { links, orders, outbox };
}

describe(`IndexedDB: every earlier schema upgrades to version ${DB_VERSION}`, () => {
  for (const version of [1, 2, 3] as const) {
    it(`from version ${version}, filled (${N_ORDERS} orders, ${N_LINKS} links, sends, meta): nothing lost, same schema as a fresh install`, async () => {
      const name = `upgrade-from-${version}-${Math.random()}`;
      const before = await filledOld(name, version);
      const db = await openDatabase(name);
      const fresh = await openDatabase(`fresh-${Math.random()}`);
      expect(db.version).toBe(DB_VERSION);
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      fresh.close();

      // Every link exactly as it was.
      expect(await db.getAll('links')).toEqual(
        [...before.links].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      );
      // Every order, with its facts unchanged and the fields later versions index filled in.
      const orders = await db.getAll('orders');
      expect(orders).toHaveLength(N_ORDERS);
      const byId = new Map(orders.map((o) => [o.id, o]));
      for (const old of before.orders) {
        const now = byId.get(old.id as string)!;
        expect(now, String(old.id)).toMatchObject({
          order: old.order,
          state: old.state,
          completedWithout: old.completedWithout,
          shippingChoice: old.shippingChoice,
          holdAutoSend: old.holdAutoSend,
          history: old.history,
        });
        expect(now.createdAt).toBe((old.order as { createdAt: string }).createdAt);
        expect(now.productIds).toEqual([
          ...new Set(
            (old.order as { items: { productId: string | null }[] }).items.map((x) => x.productId).filter(Boolean),
          ),
        ]);
        expect(now.needsAction).toBe(old.state === 'needs-linking' || old.state === 'failed' ? 1 : 0);
      }
      expect(await db.getAll('outbox')).toEqual(
        [...before.outbox].sort((a, b) => (String(a.orderId) < String(b.orderId) ? -1 : 1)),
      );
      expect(await db.get('meta', 'sync')).toEqual({ phase: 'poll', cursor: '2026-11-20T00:00:00.000Z' });
      expect(((await db.get('meta', 'account')) as { id: string }).id).toBe('4721901');
      if (version >= 2) expect((await db.get('products', '330011'))?.name).toBe('Moth Logo Hoodie');

      // Every index of the current schema answers over the migrated records.
      const needing = before.orders.filter((o) => o.state === 'needs-linking' || o.state === 'failed').length;
      expect(await countNeedingAction(db)).toBe(needing);
      const tx = db.transaction(['orders', 'links', 'outbox'], 'readonly');
      for (const store of ['orders', 'links', 'outbox'] as const) {
        const s = tx.objectStore(store);
        for (const index of [...s.indexNames]) {
          // Each record the index can hold is in it (multiEntry: once per key).
          let n = 0;
          for (let c = await s.index(index as never).openCursor(); c; c = await c.continue()) n++;
          expect(n, `${store}.${index}`).toBeGreaterThan(0);
        }
      }
      await tx.done;
      expect((await db.getAllFromIndex('orders', 'byProduct', 'q7')).map((r) => r.id)).toEqual(['MOTH-100007']);
      expect(await db.countFromIndex('outbox', 'byStatus', 'sent')).toBe(
        before.outbox.filter((b) => b.status === 'sent').length,
      );
      // The orders that go out by themselves: ready with nothing for the merchant to do.
      expect((await db.getAllFromIndex('orders', 'bySendable', ['ready', 0])).map((r) => r.id).sort()).toEqual(
        before.orders
          .filter((o) => o.state === 'ready')
          .map((o) => o.id as string)
          .sort(),
      );
      db.close();
    });
  }

  it('opening the current version again changes nothing', async () => {
    const name = `reopen-${Math.random()}`;
    const before = await filledOld(name, 2);
    (await openDatabase(name)).close();
    const db = await openDatabase(name);
    expect(await db.count('orders')).toBe(before.orders.length);
    expect(await db.count('links')).toBe(before.links.length);
    db.close();
  });
});
