// The sandbox's in-memory state: clock, Big Cartel store, Inkthreadable orders, request log,
// faults. One SandboxState per running sandbox; `reset()` refills it in place so references
// handed out (startSandbox().state) stay valid.
import { ACCOUNT, COUNTRIES, demoSeed, largeSeed } from './seeds.mjs';
import { bcMoney, parseIso } from './util.mjs';

const SIGNS = /** @type {Record<string, string>} */ ({ GBP: '\u00a3', USD: '$', EUR: '\u20ac' });
/** @param {number} n @param {string} c */
const money = (n, c) => `${SIGNS[c] ?? `${c} `}${n.toFixed(2)}`;

/** @typedef {import('./seeds.mjs').ProductRec} ProductRec */
/** @typedef {import('./seeds.mjs').OrderSpec} OrderSpec */
/** @typedef {import('./seeds.mjs').ItemSpec} ItemSpec */
/**
 * @typedef {{ id: string, productId: string | null, optionId: string | null, name: string,
 *   optionName: string, quantity: number, price: number, image: string | null,
 *   productType: string, optionType: string, shipCounts: boolean, quantityShipped: number }} LineItemRec
 * @typedef {{ id: string, attrs: Record<string, any>, items: LineItemRec[], countryId: string | null,
 *   currency: string, createdMs: number, updatedMs: number, completedMs: number | null,
 *   events: { ms: number, text: string }[], shipments: any[] }} OrderRec
 * @typedef {{ id: string, external_id: string, createdMs: number, status: string, deleted: boolean,
 *   brand: string, shipping_address: Record<string, string>, shippingMethod: string,
 *   trackingNumber: string, shippedMs: number | null, items: any[], summary: Record<string, string>,
 *   comment: string, rawBody: string }} InkOrderRec
 * @typedef {'demo' | 'empty' | { large: { orders?: number, products?: number, years?: number, seed?: number, links?: number, unshipped?: number, linked?: number, unlinkedShare?: number, itemOrders?: number[] } }} Seed
 */

const DEFAULT_ADDRESS = {
  GB: { address1: '5 Test Street', city: 'London', zip: 'E1 6AN', state: '' },
  US: { address1: '500 Test Ave', city: 'Portland', zip: '97205', state: 'OR' },
  DE: { address1: 'Teststra\u00dfe 5', city: 'Berlin', zip: '10115', state: '' },
};

/**
 * @typedef {{ listLagMs: number, pageCap: number, countOffset: number }} InkBehaviour
 * listLagMs: the list and its count show an order only this long after it was created (a list
 * that lags behind its own writes); pageCap: a page holds at most this many orders whatever the
 * `limit` asked (0: no cap), so a short page is not the last; countOffset: added to the count.
 */
const INK_BEHAVIOUR = Object.freeze({ listLagMs: 0, pageCap: 0, countOffset: 0 });

export class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class SandboxState {
  // Filled by reset():
  /** @type {Seed} */ seed = 'demo';
  /** @type {typeof ACCOUNT & { createdMs: number, updatedMs: number }} */ account = {
    ...ACCOUNT,
    createdMs: 0,
    updatedMs: 0,
  };
  /** @type {Map<string, ProductRec>} every product, deleted ones included (flag) */ products = new Map();
  /** @type {Map<string, OrderRec>} */ orders = new Map();
  /** @type {any[]} shipments created through the API (and seeded ones, flagged) */ shipments = [];
  /** @type {{ orders: Map<string, InkOrderRec>, nextId: number, nextItemId: number }} */ ink = {
    orders: new Map(),
    nextId: 871_300,
    nextItemId: 2_201_950,
  };
  /** @type {InkBehaviour} how the Inkthreadable list misbehaves (reset with the seed) */ inkBehaviour = {
    ...INK_BEHAVIOUR,
  };
  /** @type {string | null} set through the control API; null: the default credentials' key */ inkSecretKey = null;
  /** @type {number} */ nextLineItemId = 9100;
  /** @type {number} */ nextShipmentId = 60_001;
  /** @type {number} bumped by every order write; invalidates sortCache */ version = 0;
  /** @type {Map<string, { version: number, list: OrderRec[] }>} */ sortCache = new Map();

  /** @param {{ seed?: Seed, now?: string | number | Date }} [opts] */
  constructor({ seed = 'demo', now } = {}) {
    this.offsetMs = 0;
    /** @type {number | null} */
    this.frozenMs = null;
    if (now !== undefined && now !== null) this.setNow(now);
    /** @type {string} default admin layout */
    this.layout = 'table';
    /** @type {any[]} */
    this.requests = [];
    this.requestSeq = 0;
    /** @type {any[]} */
    this.faults = [];
    /** @type {{ id: number, service: string, method: string, path: string, release: () => void, done: Promise<void> }[]} */
    this.held = [];
    this.heldSeq = 0;
    this.reset(seed);
  }

  // ---- clock ---------------------------------------------------------------------------------
  now() {
    return this.frozenMs ?? Date.now() + this.offsetMs;
  }

  /** @param {string | number | Date} v @param {boolean} [frozen] */
  setNow(v, frozen = false) {
    const ms = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : parseIso(v);
    if (!Number.isFinite(ms)) throw new HttpError(400, `Invalid time: ${String(v)}`);
    if (frozen) this.frozenMs = ms;
    else {
      this.frozenMs = null;
      this.offsetMs = ms - Date.now();
    }
  }

  /** @param {number} ms */
  advance(ms) {
    if (this.frozenMs !== null) this.frozenMs += ms;
    else this.offsetMs += ms;
  }

  // ---- seeding -------------------------------------------------------------------------------
  /** @param {Seed} seed */
  reset(seed = 'demo') {
    const now = this.now();
    let data;
    if (seed === 'demo') data = demoSeed(now);
    else if (seed === 'empty') data = { ...demoSeed(now), orders: [], inkOrders: [] };
    else if (seed && typeof seed === 'object' && 'large' in seed) data = largeSeed(now, seed.large ?? {});
    else throw new HttpError(400, `Unknown seed: ${JSON.stringify(seed)}`);
    this.seed = seed;
    this.account = { ...ACCOUNT, createdMs: now - 1000 * 86_400_000, updatedMs: now - 57 * 86_400_000 };
    this.products = new Map(data.products.map((p) => [p.id, p]));
    let maxItem = 9099;
    for (const o of data.orders) for (const it of o.items) if (it.id) maxItem = Math.max(maxItem, Number(it.id) || 0);
    this.nextLineItemId = maxItem + 1;
    this.nextShipmentId = 60_001;
    this.orders = new Map();
    for (const spec of data.orders) this.orders.set(spec.id, this.buildOrder(spec));
    this.shipments = [];
    for (const o of this.orders.values()) for (const s of o.shipments) this.shipments.push(s);
    this.ink = { orders: new Map(), nextId: 871_300, nextItemId: 2_201_950 };
    this.inkBehaviour = { ...INK_BEHAVIOUR };
    for (const io of data.inkOrders) {
      const body = JSON.stringify(io.body);
      const rec = this.makeInkOrder(io.body, body, io.id, io.createdMs);
      Object.assign(rec, {
        status: io.status,
        deleted: io.deleted,
        trackingNumber: io.trackingNumber,
        shippedMs: io.shippedMs,
      });
      this.ink.orders.set(rec.id, rec);
    }
    this.version = 0;
    this.sortCache = new Map();
  }

  // ---- Big Cartel orders ---------------------------------------------------------------------
  /**
   * @param {OrderSpec} spec
   * @returns {OrderRec}
   */
  buildOrder(spec) {
    const status = spec.status ?? 'unshipped';
    /** @type {LineItemRec[]} */
    const items = spec.items.map((it) => {
      const p = it.productId ? this.products.get(it.productId) : undefined;
      const o = p && it.optionId ? p.options.find((x) => x.id === it.optionId) : undefined;
      const id = it.id ?? String(this.nextLineItemId++);
      const plural = Number(id) % 2 === 1 || Number.isNaN(Number(id));
      const quantity = it.quantity;
      return {
        id,
        productId: it.productId,
        optionId: it.optionId,
        name: it.name ?? p?.name ?? 'Unknown product',
        // An item of a product without options names no option, where the products API says `Default`.
        optionName: it.optionName ?? (o && o.name !== 'Default' ? o.name : ''),
        quantity,
        price: it.price ?? o?.price ?? p?.price ?? 0,
        image: it.image !== undefined ? it.image : (p?.image ?? null),
        productType: it.productType ?? (plural ? 'products' : 'product'),
        optionType: it.optionType ?? (plural ? 'product_options' : 'product_option'),
        shipCounts: it.shipCounts ?? false,
        quantityShipped: status === 'shipped' ? quantity : 0,
      };
    });
    const countryId = COUNTRIES[spec.country] ? spec.country : 'GB';
    const itemTotal = items.reduce((s, it) => s + it.price * it.quantity, 0);
    const discount = spec.discount ?? 0;
    const shipping = spec.shipping ?? 0;
    const tax = spec.tax ?? 0;
    /** @type {Record<string, any>} */
    const all = {
      item_count: items.reduce((s, it) => s + it.quantity, 0),
      item_total: bcMoney(itemTotal),
      discount_total: bcMoney(discount),
      shipping_total: bcMoney(shipping),
      tax_total: bcMoney(tax),
      total: bcMoney(itemTotal - discount + shipping + tax),
      customer_first_name: spec.customer.first,
      customer_last_name: spec.customer.last,
      customer_email: spec.customer.email ?? '',
      customer_phone_number: spec.customer.phone ?? '',
      customer_opted_in_to_marketing: false,
      customer_note: spec.note ?? '',
      shipping_address_1: spec.address.address1,
      shipping_address_2: spec.address.address2 ?? '',
      shipping_city: spec.address.city,
      shipping_state: spec.address.state ?? '',
      shipping_zip: spec.address.zip,
      shipping_country_id: countryId,
      shipping_country_name: COUNTRIES[countryId],
      shipping_latitude: null,
      shipping_longitude: null,
      shipping_status: status,
      payment_status: spec.payment ?? 'completed',
    };
    for (const k of spec.omit ?? []) delete all[k];
    const completedMs = spec.completedMs === undefined ? spec.createdMs + 29_000 : spec.completedMs;
    const updatedMs = spec.updatedMs ?? completedMs ?? spec.createdMs;
    /** @type {any[]} */
    const shipments = [];
    if (status === 'shipped') {
      const s = spec.shipments?.[0] ?? { carrier: 'Royal Mail', tracking_number: '', tracking_url: '' };
      shipments.push({
        id: String(this.nextShipmentId++),
        orderId: spec.id,
        createdMs: updatedMs,
        notify_customer: true,
        carrier: s.carrier,
        tracking_number: s.tracking_number,
        tracking_url: s.tracking_url,
        items: items.map((it) => ({ order_line_item_id: it.id, quantity: it.quantity })),
        seeded: true,
      });
    }
    return {
      id: spec.id,
      attrs: all,
      items,
      // `omit: ['shipping_country']` leaves out the relationship (an order Big Cartel names no country for)
      countryId: spec.omit?.includes('shipping_country') ? null : countryId,
      currency: this.account?.currency ?? 'GBP',
      createdMs: spec.createdMs,
      updatedMs,
      completedMs,
      events: spec.events ?? [], // later writes append here; seeded history is derived by eventsOf()
      shipments,
    };
  }

  /**
   * The order's activity log: its seeded history (derived, not stored, to keep large seeds light)
   * followed by what happened in the sandbox.
   * @param {OrderRec} o
   */
  eventsOf(o) {
    const events = [{ ms: o.createdMs, text: 'Order placed' }];
    if (o.completedMs !== null) {
      events.push({ ms: o.completedMs, text: `Payment of ${money(Number(o.attrs.total ?? 0), o.currency)} completed` });
      if (o.attrs.customer_email)
        events.push({ ms: o.completedMs + 1000, text: `Order confirmation emailed to ${o.attrs.customer_email}` });
    }
    for (const s of o.shipments) {
      if (s.seeded)
        events.push({
          ms: s.createdMs,
          text: `Marked as shipped${s.tracking_number ? ` (${s.carrier} ${s.tracking_number})` : ''}`,
        });
    }
    return [...events, ...o.events].sort((a, b) => a.ms - b.ms);
  }

  /** Marks a write: updated_at = now, indexes invalidated. @param {OrderRec} order */
  touch(order) {
    order.updatedMs = this.now();
    this.version++;
  }

  /**
   * Orders sorted ascending by `field` then id, cached until the next write.
   * @param {'created' | 'updated'} field
   */
  sorted(field) {
    const c = this.sortCache.get(field);
    if (c && c.version === this.version) return c.list;
    const key = field === 'created' ? 'createdMs' : 'updatedMs';
    const list = [...this.orders.values()].sort((a, b) => a[key] - b[key] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.sortCache.set(field, { version: this.version, list });
    return list;
  }

  nextOrderId() {
    let max = 100_000;
    for (const id of this.orders.keys()) {
      const m = /^MOTH-(\d+)$/.exec(id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `MOTH-${String(max + 1).padStart(6, '0')}`;
  }

  /**
   * Adds an order from the control API, with the catalogue's names and prices.
   * @param {any} input { id?, customer?, items:[{productId, optionId, quantity}], country?, shipping_status?, created_at?, note?, address?, omit? }
   *   omit: attributes to leave out of the order's replies (and 'shipping_country' for the relationship)
   */
  addOrder(input) {
    if (!input || !Array.isArray(input.items) || input.items.length === 0)
      throw new HttpError(400, 'items must be a non-empty array');
    const id = input.id ? String(input.id) : this.nextOrderId();
    if (this.orders.has(id)) throw new HttpError(409, `Order ${id} exists`);
    /** @type {ItemSpec[]} */
    const items = input.items.map((/** @type {any} */ it, /** @type {number} */ i) => {
      const productId = it.productId == null ? null : String(it.productId);
      const p = productId ? this.products.get(productId) : undefined;
      if (productId && !p) throw new HttpError(400, `items[${i}]: unknown product ${productId}`);
      let optionId = it.optionId == null ? null : String(it.optionId);
      if (p && optionId === null && p.options.length > 0 && it.name === undefined)
        optionId = /** @type {any} */ (p.options[0]).id;
      if (p && optionId && !p.options.some((o) => o.id === optionId))
        throw new HttpError(400, `items[${i}]: product ${productId} has no option ${optionId}`);
      const quantity = it.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1)
        throw new HttpError(400, `items[${i}]: quantity must be an integer >= 1`);
      return {
        productId,
        optionId,
        quantity,
        name: it.name,
        optionName: it.optionName,
        price: it.price,
        id: it.id ? String(it.id) : undefined,
      };
    });
    const c = input.customer;
    /** @type {{ first: string, last: string, email?: string, phone?: string }} */
    let customer;
    if (typeof c === 'string') {
      const [first = '', ...rest] = c.trim().split(/\s+/);
      customer = { first, last: rest.join(' '), email: `${first.toLowerCase()}@example.com` };
    } else if (c && typeof c === 'object') {
      customer = {
        first: c.firstName ?? c.first_name ?? c.first ?? 'Test',
        last: c.lastName ?? c.last_name ?? c.last ?? 'Customer',
        email: c.email ?? 'test.customer@example.com',
        phone: c.phone ?? '',
      };
    } else customer = { first: 'Test', last: 'Customer', email: 'test.customer@example.com', phone: '' };
    const code = countryCode(input.country ?? 'GB');
    const now = this.now();
    const createdMs = input.created_at ? parseIso(String(input.created_at)) : now;
    if (!Number.isFinite(createdMs)) throw new HttpError(400, 'created_at is not ISO 8601');
    const address = {
      ...(DEFAULT_ADDRESS[/** @type {'GB'} */ (code)] ?? DEFAULT_ADDRESS.GB),
      ...(input.address ?? {}),
    };
    const status = input.shipping_status ?? 'unshipped';
    const order = this.buildOrder({
      id,
      createdMs,
      completedMs: Math.min(createdMs + 29_000, now),
      updatedMs: now,
      customer,
      address,
      country: code,
      status,
      payment: input.payment_status ?? 'completed',
      note: input.note ?? '',
      shipping: input.shipping_total ?? (code === 'GB' ? 4.5 : 9),
      items,
      omit: Array.isArray(input.omit) ? input.omit.map(String) : undefined,
    });
    this.orders.set(id, order);
    this.touch(order);
    return order;
  }

  /** @param {string} id */
  getOrder(id) {
    const o = this.orders.get(id);
    if (!o) throw new HttpError(404, `Order ${id} not found`);
    return o;
  }

  /**
   * Sets attributes (Big Cartel names) and bumps updated_at. `null` removes an attribute.
   * @param {string} id @param {Record<string, any>} attrs
   */
  patchOrder(id, attrs) {
    const o = this.getOrder(id);
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (k === 'updated_at') continue;
      if (k === 'created_at' || k === 'completed_at') {
        const ms = v === null ? null : parseIso(String(v));
        if (ms !== null && !Number.isFinite(ms)) throw new HttpError(400, `${k} is not ISO 8601`);
        if (k === 'created_at') o.createdMs = /** @type {number} */ (ms ?? o.createdMs);
        else o.completedMs = ms;
        continue;
      }
      if (v === null && k !== 'shipping_latitude' && k !== 'shipping_longitude') delete o.attrs[k];
      else o.attrs[k] = v;
      if (k === 'shipping_status') {
        o.events.push({ ms: this.now(), text: `Marked as ${v}` });
        if (v === 'shipped') for (const it of o.items) it.quantityShipped = it.quantity;
        if (v === 'unshipped') for (const it of o.items) it.quantityShipped = 0;
      }
    }
    this.touch(o);
    return o;
  }

  /**
   * Records a shipment (Big Cartel API) and marks the order shipped.
   * @param {string} id @param {any} attributes
   */
  ship(id, attributes) {
    const o = this.getOrder(id);
    const a = attributes ?? {};
    let items = a.items;
    if (items === undefined)
      items = o.items.map((it) => ({ order_line_item_id: it.id, quantity: it.quantity - it.quantityShipped }));
    if (!Array.isArray(items)) throw new HttpError(422, 'items must be an array');
    // Big Cartel's own clients send the carrier and tracking number only when there is one.
    for (const k of ['carrier', 'tracking_number', 'tracking_url']) {
      if (k in a && (typeof a[k] !== 'string' || !a[k].trim()))
        throw new HttpError(422, `${k} must not be empty: leave it out when there is none`);
    }
    /** @type {{ order_line_item_id: string, quantity: number }[]} */
    const norm = [];
    for (const [i, it] of items.entries()) {
      const li = o.items.find((x) => x.id === String(it?.order_line_item_id));
      if (!li)
        throw new HttpError(422, `items[${i}]: order_line_item_id ${it?.order_line_item_id} is not in order ${id}`);
      const q = it.quantity ?? li.quantity;
      if (!Number.isInteger(q) || q < 1) throw new HttpError(422, `items[${i}]: quantity must be a positive integer`);
      norm.push({ order_line_item_id: li.id, quantity: q });
    }
    for (const it of norm) {
      const li = /** @type {LineItemRec} */ (o.items.find((x) => x.id === it.order_line_item_id));
      li.quantityShipped = Math.min(li.quantity, li.quantityShipped + it.quantity);
    }
    const now = this.now();
    const shipment = {
      id: String(this.nextShipmentId++),
      orderId: id,
      createdMs: now,
      notify_customer: a.notify_customer ?? false,
      carrier: a.carrier ?? '',
      tracking_number: a.tracking_number ?? '',
      tracking_url: a.tracking_url ?? '',
      items: norm,
    };
    o.shipments.push(shipment);
    this.shipments.push(shipment);
    o.attrs.shipping_status = 'shipped';
    o.events.push({
      ms: now,
      text: `Marked as shipped${shipment.tracking_number ? ` (${shipment.carrier} ${shipment.tracking_number})` : ''}`,
    });
    this.touch(o);
    return shipment;
  }

  // ---- catalogue -----------------------------------------------------------------------------
  /** @param {string} pid */
  getProduct(pid) {
    const p = this.products.get(pid);
    if (!p || p.deleted) throw new HttpError(404, `Product ${pid} not found`);
    return p;
  }

  /** Active (not deleted) products by position. */
  liveProducts() {
    return [...this.products.values()]
      .filter((p) => !p.deleted)
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** @param {any} input { id?, name, price?, options?: [{id?, name, price?}] } */
  addProduct(input) {
    if (!input?.name) throw new HttpError(400, 'name is required');
    let maxP = 0;
    let maxO = 0;
    for (const p of this.products.values()) {
      maxP = Math.max(maxP, Number(p.id) || 0);
      for (const o of p.options) maxO = Math.max(maxO, Number(o.id) || 0);
    }
    const id = input.id ? String(input.id) : String(maxP + 1);
    if (this.products.has(id)) throw new HttpError(409, `Product ${id} exists`);
    const price = Number(input.price ?? 10);
    const now = this.now();
    /** @type {ProductRec} */
    const p = {
      id,
      name: String(input.name),
      permalink: String(input.permalink ?? id),
      status: input.status ?? 'active',
      description: input.description ?? '',
      price,
      position: this.products.size + 1,
      image: input.image ?? null,
      createdMs: now,
      updatedMs: now,
      options: (input.options ?? []).map((/** @type {any} */ o) => ({
        id: o.id ? String(o.id) : String(++maxO),
        name: String(o.name ?? ''),
        price: Number(o.price ?? price),
        quantity: 0,
        sold: 0,
      })),
      deleted: false,
    };
    this.products.set(id, p);
    return p;
  }

  /** @param {string} pid */
  deleteProduct(pid) {
    const p = this.getProduct(pid);
    p.deleted = true;
    p.updatedMs = this.now();
    return p;
  }

  /** @param {string} pid @param {string} oid */
  deleteOption(pid, oid) {
    const p = this.getProduct(pid);
    const i = p.options.findIndex((o) => o.id === oid);
    if (i < 0) throw new HttpError(404, `Option ${oid} not found on product ${pid}`);
    const [gone] = p.options.splice(i, 1);
    p.updatedMs = this.now();
    return gone;
  }

  /** @param {string} pid @param {string} oid @param {any} patch */
  patchOption(pid, oid, patch) {
    const p = this.getProduct(pid);
    const o = p.options.find((x) => x.id === oid);
    if (!o) throw new HttpError(404, `Option ${oid} not found on product ${pid}`);
    if (patch?.name !== undefined) o.name = String(patch.name);
    if (patch?.price !== undefined) o.price = Number(patch.price);
    p.updatedMs = this.now();
    return o;
  }

  // ---- Inkthreadable -------------------------------------------------------------------------
  /**
   * Builds a stored Inkthreadable order from a validated create body.
   * @param {any} body @param {string} rawBody @param {string} [id] @param {number} [createdMs]
   * @returns {InkOrderRec}
   */
  makeInkOrder(body, rawBody, id, createdMs) {
    const sa = body.shipping_address ?? {};
    const addrKeys = [
      'firstName',
      'lastName',
      'company',
      'address1',
      'address2',
      'city',
      'county',
      'postcode',
      'country',
      'phone1',
    ];
    const method = body.shipping?.shippingMethod ?? 'regular';
    const items = (body.items ?? []).map((/** @type {any} */ it) => {
      /** @type {Record<string, any>} */
      const out = {
        id: String(this.ink.nextItemId++),
        pn: String(it.pn),
        quantity: String(it.quantity),
        retailPrice: it.retailPrice === undefined ? '' : Number(it.retailPrice).toFixed(2),
        description: it.description ?? '',
        designs: placements(it.designs),
        mockups: placements(it.mockups),
      };
      if (it.label) out.label = it.label;
      if (it.title) out.title = it.title;
      return out;
    });
    const units = items.reduce((/** @type {number} */ s, /** @type {any} */ it) => s + Number(it.quantity), 0);
    const subtotal = units * 8.5 + items.length * 1.45;
    const shippingPrice = { regular: 3.95, recorded: 4.95, courier: 9.95 }[/** @type {'regular'} */ (method)] ?? 3.95;
    const vat = (subtotal + shippingPrice) * 0.2;
    return {
      id: id ?? String(this.ink.nextId++),
      external_id: String(body.external_id),
      createdMs: createdMs ?? this.now(),
      status: 'received',
      deleted: false,
      brand: body.brandName ?? body.brand ?? '',
      comment: body.comment ?? '',
      shipping_address: Object.fromEntries(addrKeys.map((k) => [k, sa[k] == null ? '' : String(sa[k])])),
      shippingMethod: method,
      trackingNumber: '',
      shippedMs: null,
      items,
      summary: {
        subtotal: subtotal.toFixed(2),
        shippingPrice: shippingPrice.toFixed(2),
        vat: vat.toFixed(2),
        total: (subtotal + shippingPrice + vat).toFixed(2),
        currency: 'GBP',
      },
      rawBody,
    };
  }

  /** @param {string} id */
  getInkOrder(id) {
    return this.ink.orders.get(String(id));
  }

  summary() {
    const orders = [...this.orders.values()];
    const ink = [...this.ink.orders.values()];
    return {
      now: new Date(this.now()).toISOString(),
      frozen: this.frozenMs !== null,
      seed: this.seed,
      layout: this.layout,
      bc: {
        orders: orders.length,
        unshipped: orders.filter((o) => o.attrs.shipping_status === 'unshipped').length,
        shipped: orders.filter((o) => o.attrs.shipping_status === 'shipped').length,
        products: this.liveProducts().length,
        options: this.liveProducts().reduce((s, p) => s + p.options.length, 0),
        shipments: this.shipments.filter((s) => !s.seeded).length,
      },
      ink: {
        orders: ink.length,
        live: ink.filter((o) => !o.deleted).length,
        deleted: ink.filter((o) => o.deleted).length,
        nextId: String(this.ink.nextId),
      },
      requests: this.requests.length,
      faults: this.faults.length,
      held: this.held.length,
    };
  }
}

/** @param {any} v placements as an object or an array of {title, src} -> array of {title, src} */
function placements(v) {
  if (!v) return [];
  if (Array.isArray(v)) return v.map((x) => ({ title: String(x.title ?? ''), src: String(x.src ?? '') }));
  return Object.entries(v).map(([title, src]) => ({ title, src: String(src) }));
}

/** @param {string} v an ISO code or an English name -> ISO code (GB default) */
function countryCode(v) {
  const s = String(v).trim();
  if (COUNTRIES[s.toUpperCase()]) return s.toUpperCase();
  for (const [code, name] of Object.entries(COUNTRIES)) if (name.toLowerCase() === s.toLowerCase()) return code;
  if (s.toUpperCase() === 'UK') return 'GB';
  throw new HttpError(400, `Unknown country ${s} (use one of ${Object.keys(COUNTRIES).join(', ')})`);
}
