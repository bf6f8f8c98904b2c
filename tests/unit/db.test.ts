import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, openDatabase } from '@/lib/db';
import { countNeedingAction } from '@/lib/engine';
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
      await v1.put('links', { key: `p${i}|*`, productId: `p${i}`, optionId: null, productName: `P${i}`, optionName: '', pn: `JH00${i}-BLK-L`, designs: { front: 'https://x.example/f.png' }, mockups: {}, neverFulfil: false, updatedAt: '2026-01-01T00:00:00.000Z' });
      await v1.put('orders', {
        id: `MOTH-${i}`,
        order: bcOrder(`MOTH-${i}`, [item(`p${i}`, null), item(`q${i}`, 'o1')], `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`),
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
    await v1.put('outbox', { orderId: 'MOTH-1', status: 'sent', attemptAt: '2026-11-02T00:00:00.000Z', attempts: 1, body: '{}', shippingMethod: 'regular', sentItems: {}, ink: null, message: '', nextTryAt: '', bcShipment: 'none' });
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
