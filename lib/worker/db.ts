/**
 * The extension's IndexedDB: links, orders (with their derived draft state), the outbox of
 * sends, the product catalogue and small meta records (sync cursors, connection status).
 *
 * Lives in the background only (a content script's IndexedDB belongs to the page's origin).
 * Migrations are additive and keyed on `oldVersion`, as idb's README shows; every earlier
 * schema upgrades in place without losing a link or an order (tests/unit/db.test.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BcOrder, BcProduct, DraftState, InkNotice, Link, OutboxRecord, ShippingMethod } from '../types';

const DB_NAME = 'inkthreadable-overlay';
export const DB_VERSION = 4;

/** One stored Big Cartel order with everything derived from it. */
export interface OrderRecord {
  id: string;
  order: BcOrder;
  /** Derived: recomputed from the order, the links and the outbox after every change. */
  state: DraftState;
  /** Derived: 1 when the merchant has to act (counted on the badge); a number so it can be indexed. */
  needsAction: 0 | 1;
  /** Derived: how many line items are neither linked nor never-fulfil nor excluded. */
  toLink: number;
  /** The merchant chose "Complete without unlinked items". */
  completedWithout: boolean;
  /** Per-order shipping method chosen by the merchant before sending; null = the default. */
  shippingChoice: ShippingMethod | null;
  /**
   * Ready when first imported: it may already have been fulfilled some other way, so it is not
   * sent automatically; the merchant reviews and sends it.
   */
  holdAutoSend: boolean;
  /** Before the import start date, or shipped in Big Cartel: kept as history. */
  history: boolean;
  firstSeenAt: string;
  /**
   * Derived: since when the order has been ready to go out by itself (ready, nothing for the
   * merchant to do); absent otherwise. Past 5 minutes unsent, it is counted and explained.
   */
  readySince?: string;
  /** created_at of the order, copied for the index ('' sorts first). */
  createdAt: string;
  /** Big Cartel product ids on the order, for finding the orders a link touches. */
  productIds: string[];
  /** An Inkthreadable order that may already be this one, not adopted: the merchant decides. */
  inkNotice?: InkNotice | null;
}

export interface ProductRecord extends BcProduct {
  fetchedAt: string;
  /** Set when a complete read of the catalogue no longer listed it (deleted in Big Cartel). */
  deletedAt?: string | null;
}

interface OverlayDB extends DBSchema {
  links: { key: string; value: Link; indexes: { byProduct: string } };
  orders: {
    key: string;
    value: OrderRecord;
    indexes: {
      byState: string;
      byNeedsAction: [number, string];
      byProduct: string;
      byCreated: string;
      bySendable: [string, number];
    };
  };
  outbox: { key: string; value: OutboxRecord; indexes: { byStatus: string } };
  meta: { key: string; value: unknown };
  products: { key: string; value: ProductRecord; indexes: { byName: string } };
}

export type Db = IDBPDatabase<OverlayDB>;

export function openDatabase(name = DB_NAME): Promise<Db> {
  return openDB<OverlayDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const links = db.createObjectStore('links', { keyPath: 'key' });
        links.createIndex('byProduct', 'productId');
        const orders = db.createObjectStore('orders', { keyPath: 'id' });
        orders.createIndex('byState', 'state');
        const outbox = db.createObjectStore('outbox', { keyPath: 'orderId' });
        outbox.createIndex('byStatus', 'status');
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        // v2: the catalogue, and orders listed by "needs action" then date for the popup.
        const products = db.createObjectStore('products', { keyPath: 'id' });
        products.createIndex('byName', 'name');
        const orders = tx.objectStore('orders');
        orders.createIndex('byNeedsAction', ['needsAction', 'createdAt']);
        orders.createIndex('byProduct', 'productIds', { multiEntry: true });
        // v1 records had neither field: fill them in (IndexedDB requests only, no other await).
        void (async () => {
          for (let cursor = await orders.openCursor(); cursor; cursor = await cursor.continue()) {
            const rec = cursor.value;
            const productIds = [...new Set(rec.order.items.map((i) => i.productId).filter((p): p is string => !!p))];
            const needsAction: 0 | 1 = rec.state === 'needs-linking' || rec.state === 'failed' ? 1 : 0;
            await cursor.update({
              ...rec,
              productIds,
              needsAction,
              createdAt: rec.createdAt ?? rec.order.createdAt ?? '',
            });
          }
        })();
      }
      if (oldVersion < 3) {
        // v3: orders by date, for the catalogue's sales counts (the last 30 and 90 days).
        tx.objectStore('orders').createIndex('byCreated', 'createdAt');
      }
      if (oldVersion < 4) {
        // v4: the orders that go out by themselves (ready, nothing for the merchant to do), so a
        // poll finds them without reading every ready order held for the merchant.
        tx.objectStore('orders').createIndex('bySendable', ['state', 'needsAction']);
      }
    },
    blocking(_current, _blocked, event) {
      // A newer version of the extension wants to upgrade: let it.
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

let shared: Promise<Db> | null = null;

/** The background's one connection (re-opened if the browser closed it). */
export function getDb(): Promise<Db> {
  if (!shared) {
    shared = openDatabase().then((db) => {
      db.addEventListener('close', () => {
        shared = null;
      });
      return db;
    });
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}

/** For tests: forget the shared connection. */
export function resetDbForTests(): void {
  shared = null;
}

export async function getMeta<T>(db: Db, key: string): Promise<T | undefined> {
  return (await db.get('meta', key)) as T | undefined;
}

/**
 * Meta records (sync cursor, status, backoff, counts) are written with relaxed durability: losing
 * the last one to a power cut only means reading a little again. Orders and the outbox keep the
 * browser's default, and a send is recorded before it leaves.
 */
export async function setMeta(db: Db, key: string, value: unknown): Promise<void> {
  const tx = db.transaction('meta', 'readwrite', { durability: 'relaxed' });
  await Promise.all([tx.store.put(value, key), tx.done]);
}

/** An IndexedDB or storage failure (as opposed to a bug or a remote service's answer). */
export function isStorageError(err: unknown): boolean {
  return err instanceof DOMException || (err instanceof Error && /IDB|IndexedDB|Quota/i.test(err.name + err.message));
}

/** Turn a raw IndexedDB failure into words the merchant can act on. */
export function storageErrorMessage(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'QuotaExceededError') {
    return 'The browser has no room left to store orders. Free some disk space, then try again; nothing was changed.';
  }
  return `The extension could not read or write its saved data (${name || 'storage error'}). Nothing was changed; reload the extension and try again.`;
}
