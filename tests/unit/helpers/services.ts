/**
 * In-memory stand-ins for the two remote services, for unit tests of the engine (the thing under
 * test is the engine; these play Big Cartel and Inkthreadable, with faults on demand). The e2e
 * suite runs the same engine against the HTTP sandbox in a real browser.
 */
import { browser } from 'wxt/browser';
import { openDatabase, type Db } from '@/lib/worker/db';
import { memoryLocks, type EngineContext } from '@/lib/worker/engine';
import { badgeCount } from '@/lib/worker/attention';
import { watchBc, watchInk } from '@/lib/worker/health';
import { DEFAULT_SETTINGS, type Credentials, type Settings } from '@/lib/worker/settings';
import { linkKey } from '@/lib/links';
import type { BcOrder, Link, LineItem } from '@/lib/types';
import type { InkClient, InkCreateOrderBody, InkOrder, InkResult } from '@/lib/inkthreadable';
import type { BcClient, BcResult } from '@/lib/bigcartel/client';

class Clock {
  constructor(public t = Date.parse('2026-11-20T12:00:00.000Z')) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

/** Thrown by the fake to stand for the worker dying mid-request. */
export class Crash extends Error {}

export type InkBehaviour =
  | 'ok'
  | 'reject'
  | 'ambiguous-before-store'
  | 'ambiguous-after-store'
  | 'crash-before-store'
  | 'crash-after-store';

class FakeInk {
  orders: (InkOrder & { body: InkCreateOrderBody })[] = [];
  requests: { op: string; arg?: unknown }[] = [];
  next: InkBehaviour[] = [];
  listDown = false;
  /** what a 'reject' answers, as Inkthreadable's `{"error": ...}` */
  rejectMessage = 'Product code not recognised';
  /** The secret key was changed at Inkthreadable: every call is answered `{"error": "Invalid signature"}` (HTTP 200). */
  refuseSignature = false;
  /** The list (and its count) shows an order only this long after it was created. */
  listLagMs = 0;
  /** Added to the count: a count endpoint that disagrees with the list. */
  countOffset = 0;
  private nextId = 871300;
  constructor(private clock: Clock) {}

  client(): InkClient {
    const self = this;
    const c = {
      async createOrder(body: InkCreateOrderBody): Promise<InkResult<InkOrder>> {
        self.requests.push({ op: 'create', arg: body });
        if (self.refuseSignature) return { kind: 'rejected', message: 'Invalid signature', status: 200 };
        const b = self.next.shift() ?? 'ok';
        if (b === 'reject') return { kind: 'rejected', message: self.rejectMessage, status: 200 };
        if (b === 'ambiguous-before-store') return { kind: 'ambiguous', message: 'timed out' };
        if (b === 'crash-before-store') throw new Crash('worker stopped');
        const order: InkOrder & { body: InkCreateOrderBody } = {
          id: String(self.nextId++),
          externalId: body.external_id,
          status: 'received',
          trackingNumber: '',
          shippedAt: '',
          shippingMethod: body.shipping.shippingMethod,
          createdAt: self.clock.now().toISOString(),
          deleted: false,
          brand: body.brandName,
          items: body.items.map((i) => ({ pn: i.pn, quantity: i.quantity })),
          recipient: {
            name: `${body.shipping_address.firstName} ${body.shipping_address.lastName}`.trim(),
            postcode: body.shipping_address.postcode,
          },
          body,
        };
        self.orders.push(order);
        if (b === 'ambiguous-after-store') return { kind: 'ambiguous', message: 'connection reset' };
        if (b === 'crash-after-store') throw new Crash('worker stopped');
        return { kind: 'ok', value: order };
      },
      async listAllOrders(q: { createdAtMin?: string }): Promise<InkResult<InkOrder[]>> {
        self.requests.push({ op: 'list', arg: q });
        if (self.refuseSignature) return { kind: 'rejected', message: 'Invalid signature', status: 200 };
        if (self.listDown) return { kind: 'ambiguous', message: 'HTTP 503' };
        const shownBefore = self.clock.now().getTime() - self.listLagMs;
        return {
          kind: 'ok',
          value: structuredClone(
            self.orders.filter(
              (o) => (!q.createdAtMin || o.createdAt >= q.createdAtMin) && Date.parse(o.createdAt) <= shownBefore,
            ),
          ),
        };
      },
      async countOrders(q: { createdAtMin?: string }): Promise<InkResult<number>> {
        self.requests.push({ op: 'count', arg: q });
        if (self.listDown) return { kind: 'ambiguous', message: 'HTTP 503' };
        const shownBefore = self.clock.now().getTime() - self.listLagMs;
        const n = self.orders.filter(
          (o) => (!q.createdAtMin || o.createdAt >= q.createdAtMin) && Date.parse(o.createdAt) <= shownBefore,
        ).length;
        return { kind: 'ok', value: n + self.countOffset };
      },
      async getOrder(id: string): Promise<InkResult<InkOrder>> {
        self.requests.push({ op: 'get', arg: id });
        const o = self.orders.find((x) => x.id === id);
        return o
          ? { kind: 'ok', value: structuredClone(o) }
          : { kind: 'rejected', status: 200, message: 'Order not found' };
      },
      async listOrders(q: { ids?: string[] }): Promise<InkResult<InkOrder[]>> {
        self.requests.push({ op: 'list', arg: q });
        if (self.refuseSignature) return { kind: 'rejected', message: 'Invalid signature', status: 200 };
        return { kind: 'ok', value: self.orders.filter((o) => !q.ids || q.ids.includes(o.id)) };
      },
      async cancelOrder(id: string): Promise<InkResult<void>> {
        self.requests.push({ op: 'cancel', arg: id });
        if (self.refuseSignature) return { kind: 'rejected', message: 'Invalid signature', status: 200 };
        const o = self.orders.find((x) => x.id === id);
        if (o && o.status !== 'received')
          return { kind: 'rejected', status: 200, message: 'Only unpaid orders can be cancelled' };
        if (o) o.deleted = true;
        return { kind: 'ok', value: undefined };
      },
      async testConnection(): Promise<InkResult<void>> {
        return { kind: 'ok', value: undefined };
      },
    };
    return c as unknown as InkClient;
  }

  live(externalId: string) {
    return this.orders.filter((o) => o.externalId === externalId && !o.deleted);
  }
}

let seq = 0;
/** A link as the extension stores it: a product code and a front design, or `extra` over it. */
export function link(productId: string, optionId: string | null, pn: string, extra: Partial<Link> = {}): Link {
  return {
    key: linkKey(productId, optionId),
    productId,
    optionId,
    productName: `Product ${productId}`,
    optionName: '',
    pn,
    designs: { front: `https://cdn.example.com/${pn}.png` },
    mockups: {},
    neverFulfil: false,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...extra,
  };
}

/** A link for a whole product (every option). */
export function productLink(productId: string, pn: string, extra: Partial<Link> = {}): Link {
  return link(productId, null, pn, extra);
}

export function item(
  productId: string | null,
  optionId: string | null,
  quantity = 1,
  name = `Product ${productId}`,
  option = optionId ? `Option ${optionId}` : '',
): LineItem {
  return {
    id: String(++seq),
    productId,
    optionId,
    productName: name,
    optionName: option,
    quantity,
    price: 20,
    imageUrl: null,
  };
}

export function bcOrder(id: string, items: LineItem[], at: string, extra: Partial<BcOrder> = {}): BcOrder {
  return {
    id,
    customerName: 'Ada Lovelace',
    customerEmail: 'ada@example.org',
    note: '',
    address: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: '',
      address1: '12 Analytical Row',
      address2: '',
      city: 'London',
      state: 'Greater London',
      zip: 'N1 9GU',
      countryName: 'United Kingdom',
      countryCode: 'GB',
      phone: '+44 20 7946 0000',
    },
    shippingStatus: 'unshipped',
    paymentStatus: 'completed',
    createdAt: at,
    updatedAt: at,
    completedAt: at,
    total: 0,
    currency: 'GBP',
    items,
    ...extra,
  };
}

class FakeBc {
  orders: BcOrder[] = [];
  requests: { op: string; arg?: unknown }[] = [];
  down = 0;
  authFails = false;
  shipments: { orderId: string; trackingNumber: string }[] = [];
  /** Orders Big Cartel lists that cannot be read (returned as problems with the first page of every list). */
  unreadable: { id: string; message: string }[] = [];
  constructor(private clock: Clock) {}

  upsert(o: BcOrder) {
    const i = this.orders.findIndex((x) => x.id === o.id);
    const stamped = { ...o, updatedAt: this.clock.now().toISOString() };
    if (i >= 0) this.orders[i] = stamped;
    else this.orders.push(stamped);
    return stamped;
  }

  client(): BcClient {
    const self = this;
    const fail = (): BcResult<never> | null => {
      if (self.authFails)
        return { kind: 'auth', message: 'Big Cartel refused the store password: reconnect in Settings' };
      if (self.down > 0) {
        self.down--;
        return { kind: 'unavailable', message: 'Big Cartel is unavailable (HTTP 503)' };
      }
      return null;
    };
    const c = {
      async getAccount() {
        self.requests.push({ op: 'account' });
        return (
          fail() ?? {
            kind: 'ok',
            value: { id: '4721901', subdomain: 'mothmerch', storeName: 'Moth Merch', currency: 'GBP' },
            serverDate: self.clock.now().toISOString(),
          }
        );
      },
      async listOrdersPage(_account: string, q: Record<string, unknown>) {
        self.requests.push({ op: 'orders', arg: q });
        const f = fail();
        if (f) return f;
        const query = (typeof q.url === 'string' ? JSON.parse(q.url) : q) as Record<
          string,
          string | number | undefined
        >;
        let list = self.orders.filter(
          (o) =>
            (!query.shippingStatus || o.shippingStatus === query.shippingStatus) &&
            (!query.completedAtFrom || o.completedAt >= String(query.completedAtFrom)) &&
            (!query.updatedAtFrom || o.updatedAt >= String(query.updatedAtFrom)),
        );
        list = [...list].sort((a, b) =>
          a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : 1,
        );
        const limit = Number(query.limit ?? 20);
        const offset = Number(query.offset ?? 0);
        const page = list.slice(offset, offset + limit);
        const next = offset + limit < list.length ? JSON.stringify({ ...query, offset: offset + limit }) : null;
        const problems = offset === 0 ? structuredClone(self.unreadable) : [];
        return {
          kind: 'ok',
          value: { orders: structuredClone(page), problems, next, count: list.length },
          serverDate: self.clock.now().toISOString(),
        };
      },
      async getOrder(_a: string, id: string) {
        const o = self.orders.find((x) => x.id === id);
        return o
          ? { kind: 'ok', value: structuredClone(o), serverDate: null }
          : { kind: 'rejected', status: 404, message: 'Not found' };
      },
      async createShipment(_a: string, orderId: string, s: { trackingNumber: string }) {
        self.shipments.push({ orderId, trackingNumber: s.trackingNumber });
        const o = self.orders.find((x) => x.id === orderId);
        if (o) self.upsert({ ...o, shippingStatus: 'shipped' });
        return { kind: 'ok', value: undefined, serverDate: null };
      },
      async getProduct() {
        return { kind: 'rejected', status: 404, message: 'Not found' };
      },
    };
    return c as unknown as BcClient;
  }
}

export interface TestWorld {
  ctx: EngineContext;
  db: Db;
  clock: Clock;
  ink: FakeInk;
  bc: FakeBc;
  settings: Settings;
  badge: string[];
  notifications: { title: string; message: string; orderId: string }[];
}

/**
 * The world's Inkthreadable client with some calls replaced (another browser's copy landing, a
 * link saved meanwhile...); `calls` gets the fake's client, and every call not replaced goes to it.
 */
export function wrapInk(w: TestWorld, calls: (client: InkClient) => Partial<InkClient>): void {
  const make = w.ctx.inkClient;
  w.ctx.inkClient = (c) => {
    const client = make(c);
    return Object.assign(Object.create(client) as InkClient, calls(client));
  };
}

export async function world(settings: Partial<Settings> = {}): Promise<TestWorld> {
  const clock = new Clock();
  const ink = new FakeInk(clock);
  const bc = new FakeBc(clock);
  const db = await openDatabase(`test-${Math.random()}`);
  const w: TestWorld = {
    clock,
    ink,
    bc,
    db,
    settings: { ...DEFAULT_SETTINGS, brandName: 'Moth Merch', ...settings },
    badge: [],
    notifications: [],
    ctx: undefined as unknown as EngineContext,
  };
  const creds: Credentials = {
    bigcartel: { kind: 'basic', subdomain: 'mothmerch', password: 'pw' },
    inkthreadable: { appId: 'APP-1', secretKey: 'secret' },
  };
  // What the worker saves (saveSettings, saveShipping) is what the engine reads next, as in the
  // extension: the values a save changed are taken over; a test may also set w.settings directly.
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes.settings;
    if (area !== 'local' || !change?.newValue) return;
    const before = (change.oldValue ?? {}) as Record<string, unknown>;
    const after = change.newValue as Record<string, unknown>;
    const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length) w.settings = { ...w.settings, ...Object.fromEntries(changed.map((k) => [k, after[k]])) };
  });
  w.ctx = {
    db,
    now: clock.now,
    settings: async () => w.settings,
    credentials: async () => creds,
    // Watched as the worker does: every answer updates the service's state.
    inkClient: () => watchInk(ink.client(), w.ctx),
    bcClient: () => watchBc(bc.client(), w.ctx),
    locks: memoryLocks(),
    // As the worker does: a status-only notice leaves the badge as it is.
    changed: async (_ids, scope) => {
      if (scope !== 'status') w.badge.push(String((await badgeCount(db, clock.now(), creds)).total));
    },
    notify: async (title, message, orderId) => {
      w.notifications.push({ title, message, orderId });
    },
    sleep: async () => undefined,
    random: () => 0.5,
  };
  return w;
}
