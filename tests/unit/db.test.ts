import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, openDatabase } from '@/lib/worker/db';
import { countNeedingAction } from '@/lib/worker/engine';
import { bcOrder, item } from './helpers/services';

describe('IndexedDB schema', () => {
  it('upgrades a filled version-1 database without losing a link, an order or a send', async () => {
    const name = 'upgrade-test';
    // Version 1 exactly as it shipped: four stores, order records without productIds/needsAction.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('links', { keyPath: 'key' }).createIndex('byProduct', 'productId');
        db.createObjectStore('orders', { keyPath: 'id' }).createIndex('byState', 'state');
        db.createObjectStore('outbox', { keyPath: 'orderId' }).createIndex('byStatus', 'status');
        db.createObjectStore('meta');
      },
    });
    for (let i = 0; i < 50; i++) {
      await v1.put('links', {
        key: `p${i}|*`,
        productId: `p${i}`,
        optionId: null,
        productName: `P${i}`,
        optionName: '',
        pn: `JH00${i}-BLK-L`,
        designs: { front: 'https://x.example/f.png' },
        mockups: {},
        neverFulfil: false,
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      await v1.put('orders', {
        id: `MOTH-${i}`,
        order: bcOrder(
          `MOTH-${i}`,
          [item(`p${i}`, null), item(`q${i}`, 'o1')],
          `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`,
        ),
        state: i % 3 === 0 ? 'needs-linking' : i % 3 === 1 ? 'sent' : 'failed',
        toLink: 1,
        completedWithout: false,
        shippingChoice: null,
        holdAutoSend: false,
        history: false,
        firstSeenAt: '2026-11-01T00:00:00.000Z',
        createdAt: '2026-11-01T00:00:00.000Z',
      });
    }
    await v1.put('outbox', {
      orderId: 'MOTH-1',
      status: 'sent',
      attemptAt: '2026-11-02T00:00:00.000Z',
      attempts: 1,
      body: '{}',
      shippingMethod: 'regular',
      sentItems: {},
      ink: null,
      message: '',
      nextTryAt: '',
      bcShipment: 'none',
    });
    await v1.put('meta', { cursor: '2026-11-20T00:00:00.000Z' }, 'sync');
    v1.close();

    const db = await openDatabase(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('links')).toBe(50);
    expect(await db.count('orders')).toBe(50);
    expect((await db.get('outbox', 'MOTH-1'))!.status).toBe('sent');
    expect(await db.get('meta', 'sync')).toEqual({ cursor: '2026-11-20T00:00:00.000Z' });
    expect((await db.get('links', 'p7|*'))!.pn).toBe('JH007-BLK-L');
    // The new indexes work over the migrated records.
    expect((await db.getAllFromIndex('orders', 'byProduct', 'q4')).map((r) => r.id)).toEqual(['MOTH-4']);
    expect(await countNeedingAction(db)).toBe(33); // 17 needs-linking + 16 failed
    expect(db.objectStoreNames.contains('products')).toBe(true);
    db.close();
  });
});

describe('catalogue schema (version 3)', () => {
  it('upgrades a filled version-2 database: orders gain the by-date index, the catalogue and links stay', async () => {
    const name = 'upgrade-v2-catalogue';
    // Version 2 exactly as it shipped: the v1 stores, the products store and the two order indexes.
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('links', { keyPath: 'key' }).createIndex('byProduct', 'productId');
        const orders = db.createObjectStore('orders', { keyPath: 'id' });
        orders.createIndex('byState', 'state');
        orders.createIndex('byNeedsAction', ['needsAction', 'createdAt']);
        orders.createIndex('byProduct', 'productIds', { multiEntry: true });
        db.createObjectStore('outbox', { keyPath: 'orderId' }).createIndex('byStatus', 'status');
        db.createObjectStore('meta');
        db.createObjectStore('products', { keyPath: 'id' }).createIndex('byName', 'name');
      },
    });
    for (let i = 0; i < 40; i++) {
      const createdAt = `2026-${String(1 + (i % 11)).padStart(2, '0')}-15T10:00:00.000Z`;
      await v2.put('orders', {
        id: `MOTH-${i}`,
        order: bcOrder(`MOTH-${i}`, [item(`p${i % 4}`, 'o1', 2)], createdAt),
        state: 'needs-linking',
        needsAction: 1,
        toLink: 1,
        completedWithout: false,
        shippingChoice: null,
        holdAutoSend: false,
        history: false,
        firstSeenAt: createdAt,
        createdAt,
        productIds: [`p${i % 4}`],
      });
      await v2.put('links', {
        key: `p${i}|o1`,
        productId: `p${i}`,
        optionId: 'o1',
        productName: `P${i}`,
        optionName: 'Option o1',
        pn: `JH00${i}-BLK-L`,
        designs: { front: 'https://x.example/f.png' },
        mockups: {},
        neverFulfil: false,
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
    }
    // A v2 product record has no deletedAt.
    await v2.put('products', {
      id: 'p1',
      name: 'P1',
      permalink: '',
      status: 'active',
      imageUrl: null,
      options: [{ id: 'o1', name: 'Option o1', sold: 3 }],
      fetchedAt: '2026-11-01T00:00:00.000Z',
    });
    v2.close();

    const db = await openDatabase(name);
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    expect(await db.count('orders')).toBe(40);
    expect(await db.count('links')).toBe(40);
    expect((await db.get('products', 'p1'))!.options).toEqual([{ id: 'o1', name: 'Option o1', sold: 3 }]);
    // The new index covers the old records: orders from 1 October on.
    const recent = await db.getAllFromIndex('orders', 'byCreated', IDBKeyRange.lowerBound('2026-10-01T00:00:00.000Z'));
    expect(recent.map((r) => r.id).sort()).toEqual(
      ['MOTH-9', 'MOTH-20', 'MOTH-31', 'MOTH-10', 'MOTH-21', 'MOTH-32'].sort(),
    );
    expect(await countNeedingAction(db)).toBe(40);
    db.close();
  });
});
