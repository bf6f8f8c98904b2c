// Big Cartel API v1 (JSON:API) on /v1/..., as described by shared/contracts/bigcartel.md and
// shaped like shared/fixtures/bigcartel/*.json.
import { COUNTRIES } from './seeds.mjs';
import { HttpError } from './model.mjs';
import { bcMoney, iso, parseIso } from './util.mjs';

/** @typedef {import('./model.mjs').SandboxState} SandboxState */
/** @typedef {import('./model.mjs').OrderRec} OrderRec */
/** @typedef {import('./model.mjs').LineItemRec} LineItemRec */
/** @typedef {import('./seeds.mjs').ProductRec} ProductRec */
/**
 * @typedef {{ method: string, path: string, query: URLSearchParams, rawQuery: string,
 *   headers: import('node:http').IncomingHttpHeaders, body: Buffer, bodyText: string,
 *   state: SandboxState }} Ctx
 * @typedef {{ status: number, headers?: Record<string, string>, body?: string | Buffer }} Reply
 */

const JSONAPI = 'application/vnd.api+json';
const API_ORIGIN = 'https://api.bigcartel.com';
export const BC_CREDENTIALS = {
  subdomain: 'mothmerch',
  password: 'sandbox-password',
  token: 'sandbox-token',
  accountId: '4721901',
};

/** @param {number} status @param {unknown} doc @returns {Reply} */
function json(status, doc) {
  return { status, headers: { 'Content-Type': `${JSONAPI}; charset=utf-8` }, body: JSON.stringify(doc) };
}

const TITLES = /** @type {Record<number, string>} */ ({
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Request Failed',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
});

/** A JSON:API error reply. @param {number} status @param {string} detail @returns {Reply} */
export function bcError(status, detail) {
  return json(status, { errors: [{ status: String(status), title: TITLES[status] ?? 'Error', detail }] });
}

/** @param {string | undefined} header */
function authorized(header) {
  if (!header) return false;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded === `${BC_CREDENTIALS.subdomain}:${BC_CREDENTIALS.password}`;
  }
  if (/^bearer$/i.test(scheme ?? '')) return value === BC_CREDENTIALS.token;
  return false;
}

/** @param {Ctx} ctx @returns {Reply} */
export function handleBigCartel(ctx) {
  try {
    return route(ctx);
  } catch (e) {
    if (e instanceof HttpError) return bcError(e.status, e.message);
    throw e;
  }
}

/** @param {Ctx} ctx @returns {Reply} */
function route(ctx) {
  const { state, method } = ctx;
  const accept = String(ctx.headers.accept ?? '').toLowerCase();
  if (!accept.includes(JSONAPI)) return bcError(406, `The Accept header must include ${JSONAPI}`);
  if (!authorized(ctx.headers.authorization)) return bcError(401, 'Invalid or missing credentials');
  const parts = ctx.path.split('/').filter(Boolean).map(decodeURIComponent); // ['v1', 'accounts', ...]
  if (parts[1] !== 'accounts') return bcError(404, 'Not found');
  const aid = state.account.id;
  if (parts.length === 2) {
    if (method !== 'GET') return bcError(405, 'Method not allowed');
    return json(200, { data: [accountResource(state)] });
  }
  if (parts[2] !== aid) return bcError(404, `Account ${parts[2]} not found`);
  if (parts.length === 3) {
    if (method !== 'GET') return bcError(405, 'Method not allowed');
    return json(200, { data: accountResource(state) });
  }
  const [, , , coll, id, sub, extra] = parts;
  if (coll === 'orders') {
    if (!id) {
      if (method !== 'GET') return bcError(405, 'Method not allowed');
      return listOrders(ctx);
    }
    if (!sub) {
      if (method === 'GET') return json(200, orderDocument(state, state.getOrder(id)));
      if (method === 'PATCH' || method === 'PUT') return patchOrder(ctx, id);
      return bcError(405, 'Method not allowed');
    }
    if (sub === 'shipments' && !extra) {
      if (method === 'POST') return createShipment(ctx, id);
      if (method === 'GET') {
        const o = state.getOrder(id);
        return json(200, { data: o.shipments.map((s) => shipmentResource(s)) });
      }
      return bcError(405, 'Method not allowed');
    }
    return bcError(404, 'Not found');
  }
  if (coll === 'products') {
    if (method !== 'GET') return bcError(405, 'Method not allowed');
    if (!id) return listProducts(ctx);
    if (sub) return bcError(404, 'Not found');
    const p = state.getProduct(id);
    return json(200, { data: productResource(p), included: p.options.map(optionResource) });
  }
  return bcError(404, 'Not found');
}

/** @param {SandboxState} state */
function accountResource(state) {
  const a = state.account;
  return {
    id: a.id,
    type: 'accounts',
    attributes: {
      subdomain: a.subdomain,
      store_name: a.store_name,
      contact_email: a.contact_email,
      first_name: a.first_name,
      last_name: a.last_name,
      url: a.url,
      currency: a.currency,
      country: a.country,
      created_at: iso(a.createdMs),
      updated_at: iso(a.updatedMs),
    },
    links: { self: `${API_ORIGIN}/v1/accounts/${a.id}` },
  };
}

/** @param {SandboxState} state @param {OrderRec} o */
function orderResource(state, o) {
  /** @type {Record<string, any>} */
  const attributes = { ...o.attrs, created_at: iso(o.createdMs), updated_at: iso(o.updatedMs) };
  if (o.completedMs !== null) attributes.completed_at = iso(o.completedMs);
  /** @type {Record<string, any>} */
  const relationships = { items: { data: o.items.map((it) => ({ type: 'order_line_items', id: it.id })) } };
  if (o.countryId) relationships.shipping_country = { data: { type: 'countries', id: o.countryId } };
  relationships.currency = { data: { type: 'currencies', id: o.currency } };
  return {
    id: o.id,
    type: 'orders',
    attributes,
    links: { self: `${API_ORIGIN}/v1/accounts/${state.account.id}/orders/${encodeURIComponent(o.id)}` },
    relationships,
  };
}

/**
 * Whether the line item's product / option still exist (relationships point only at live records).
 * @param {SandboxState} state @param {LineItemRec} it
 */
export function liveRefs(state, it) {
  const p = it.productId ? state.products.get(it.productId) : undefined;
  const productLive = !!p && !p.deleted;
  const optionLive =
    productLive && !!it.optionId && /** @type {ProductRec} */ (p).options.some((o) => o.id === it.optionId);
  return { productId: productLive ? it.productId : null, optionId: optionLive ? it.optionId : null };
}

/** @param {SandboxState} state @param {LineItemRec} it */
function lineItemResource(state, it) {
  /** @type {Record<string, any>} */
  const attributes = {
    product_name: it.name,
    product_option_name: it.optionName,
    quantity: it.quantity,
    price: bcMoney(it.price),
    total: bcMoney(it.price * it.quantity),
    image_url: it.image,
  };
  if (it.shipCounts) {
    attributes.quantity_shipped = it.quantityShipped;
    attributes.quantity_unshipped = it.quantity - it.quantityShipped;
  }
  const refs = liveRefs(state, it);
  return {
    id: it.id,
    type: 'order_line_items',
    attributes,
    relationships: {
      product: { data: refs.productId ? { type: it.productType, id: refs.productId } : null },
      product_option: { data: refs.optionId ? { type: it.optionType, id: refs.optionId } : null },
    },
  };
}

/** @param {string} id */
function countryResource(id) {
  return { id, type: 'countries', attributes: { name: COUNTRIES[id] ?? '' } };
}

const CURRENCIES = /** @type {Record<string, any>} */ ({
  GBP: { name: 'British Pound', sign: '\u00a3', locale: 'en-GB' },
  USD: { name: 'U.S. Dollar', sign: '$', locale: 'en-US' },
  EUR: { name: 'Euro', sign: '\u20ac', locale: 'de-DE' },
});

/** @param {SandboxState} state @param {OrderRec} o */
export function orderDocument(state, o) {
  const included = [...o.items.map((it) => lineItemResource(state, it))];
  if (o.countryId) included.push(/** @type {any} */ (countryResource(o.countryId)));
  included.push(
    /** @type {any} */ ({
      id: o.currency,
      type: 'currencies',
      attributes: CURRENCIES[o.currency] ?? { name: o.currency },
    }),
  );
  return { data: orderResource(state, o), included };
}

/** @param {URLSearchParams} q @param {number} offset @param {number} limit */
function nextQuery(q, offset, limit) {
  const out = new URLSearchParams();
  let placed = false;
  for (const [k, v] of q) {
    if (k === 'page[offset]') continue;
    if (k === 'page[limit]') {
      out.append('page[limit]', String(limit));
      out.append('page[offset]', String(offset));
      placed = true;
      continue;
    }
    out.append(k, v);
  }
  if (!placed) {
    const rest = out.toString();
    return `page%5Blimit%5D=${limit}&page%5Boffset%5D=${offset}${rest ? `&${rest}` : ''}`;
  }
  return out.toString();
}

/** @param {URLSearchParams} q @returns {{ limit: number, offset: number }} */
function paging(q) {
  const rawLimit = q.get('page[limit]');
  const rawOffset = q.get('page[offset]');
  const limit = rawLimit === null ? 20 : Number(rawLimit);
  const offset = rawOffset === null ? 0 : Number(rawOffset);
  if (!Number.isInteger(limit) || limit < 1) throw new HttpError(400, 'page[limit] must be a positive integer');
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'page[offset] must be a non-negative integer');
  return { limit: Math.min(limit, 100), offset };
}

/** @param {URLSearchParams} q @param {string} name */
function dateFilter(q, name) {
  const v = q.get(`filter[${name}]`);
  if (v === null || v === '') return null;
  const ms = parseIso(v);
  if (!Number.isFinite(ms)) throw new HttpError(400, `filter[${name}] must be an ISO 8601 date`);
  return ms;
}

/** @param {Ctx} ctx */
function listOrders(ctx) {
  const { state, query: q } = ctx;
  const { limit, offset } = paging(q);
  const sort = q.get('sort') || '-created_at';
  const m = /^(-?)(updated_at|created_at)$/.exec(sort);
  if (!m) throw new HttpError(400, `Unsupported sort: ${sort}`);
  const desc = m[1] === '-';
  const list = state.sorted(m[2] === 'updated_at' ? 'updated' : 'created');
  const status = q.get('filter[shipping_status]');
  const cFrom = dateFilter(q, 'completed_at_from');
  const cTo = dateFilter(q, 'completed_at_to');
  const uFrom = dateFilter(q, 'updated_at_from');
  const uTo = dateFilter(q, 'updated_at_to');
  const search = (q.get('search') ?? '').trim().toLowerCase();
  /** @param {OrderRec} o */
  const match = (o) => {
    if (status && o.attrs.shipping_status !== status) return false;
    if (uFrom !== null && o.updatedMs < uFrom) return false;
    if (uTo !== null && o.updatedMs > uTo) return false;
    if (cFrom !== null || cTo !== null) {
      if (o.completedMs === null) return false;
      if (cFrom !== null && o.completedMs < cFrom) return false;
      if (cTo !== null && o.completedMs > cTo) return false;
    }
    if (search) {
      const hay =
        `${o.id} ${o.attrs.customer_first_name ?? ''} ${o.attrs.customer_last_name ?? ''} ${o.attrs.customer_email ?? ''}`.toLowerCase();
      if (!hay.includes(search)) return false;
    }
    return true;
  };
  /** @type {OrderRec[]} */
  const page = [];
  let count = 0;
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const o = /** @type {OrderRec} */ (list[desc ? n - 1 - i : i]);
    if (!match(o)) continue;
    if (count >= offset && page.length < limit) page.push(o);
    count++;
  }
  /** @type {any[]} */
  const included = [];
  const seen = new Set();
  for (const o of page) {
    for (const it of o.items) {
      const key = `order_line_items:${it.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        included.push(lineItemResource(state, it));
      }
    }
    if (o.countryId && !seen.has(`countries:${o.countryId}`)) {
      seen.add(`countries:${o.countryId}`);
      included.push(countryResource(o.countryId));
    }
  }
  /** @type {Record<string, any>} */
  const doc = { data: page.map((o) => orderResource(state, o)), included };
  if (offset + limit < count) {
    doc.links = { next: `${API_ORIGIN}/v1/accounts/${state.account.id}/orders?${nextQuery(q, offset + limit, limit)}` };
  }
  doc.meta = { count };
  return json(200, doc);
}

/** @param {ProductRec} p */
function productResource(p) {
  return {
    id: p.id,
    type: 'products',
    attributes: {
      name: p.name,
      permalink: p.permalink,
      status: p.status,
      description: p.description,
      default_price: bcMoney(p.price),
      on_sale: false,
      position: p.position,
      url: `/product/${p.permalink}`,
      primary_image_url: p.image,
      created_at: iso(p.createdMs),
      updated_at: iso(p.updatedMs),
    },
    relationships: { options: { data: p.options.map((o) => ({ type: 'product_options', id: o.id })) } },
  };
}

/** @param {{ id: string, name: string, price: number, quantity: number, sold: number }} o */
function optionResource(o) {
  return {
    id: o.id,
    type: 'product_options',
    attributes: { name: o.name, price: bcMoney(o.price), quantity: o.quantity, sold: o.sold },
  };
}

/** @param {Ctx} ctx */
function listProducts(ctx) {
  const { state, query: q } = ctx;
  const { limit, offset } = paging(q);
  const search = (q.get('search') ?? '').trim().toLowerCase();
  const status = q.get('filter[status]');
  const all = state
    .liveProducts()
    .filter((p) => (!search || p.name.toLowerCase().includes(search)) && (!status || p.status === status));
  const page = all.slice(offset, offset + limit);
  /** @type {Record<string, any>} */
  const doc = { data: page.map(productResource), included: page.flatMap((p) => p.options.map(optionResource)) };
  if (offset + limit < all.length) {
    doc.links = {
      next: `${API_ORIGIN}/v1/accounts/${state.account.id}/products?${nextQuery(q, offset + limit, limit)}`,
    };
  }
  doc.meta = { count: all.length };
  return json(200, doc);
}

/** @param {Ctx} ctx */
function readDocument(ctx) {
  const ct = String(ctx.headers['content-type'] ?? '').toLowerCase();
  if (!ct.includes(JSONAPI)) throw new HttpError(415, `Content-Type must be ${JSONAPI}`);
  let doc;
  try {
    doc = JSON.parse(ctx.bodyText);
  } catch {
    throw new HttpError(400, 'Body is not valid JSON');
  }
  if (!doc || typeof doc !== 'object' || !doc.data || typeof doc.data !== 'object')
    throw new HttpError(422, 'Body must be a JSON:API document with "data"');
  return doc.data;
}

const PATCHABLE = new Set([
  'shipping_status',
  'customer_first_name',
  'customer_last_name',
  'customer_email',
  'customer_phone_number',
  'shipping_address_1',
  'shipping_address_2',
  'shipping_city',
  'shipping_state',
  'shipping_zip',
]);

/** @param {Ctx} ctx @param {string} id */
function patchOrder(ctx, id) {
  const { state } = ctx;
  state.getOrder(id);
  const data = readDocument(ctx);
  if (data.type !== 'orders') throw new HttpError(409, 'data.type must be "orders"');
  if (data.id !== undefined && String(data.id) !== id) throw new HttpError(409, 'data.id does not match the URL');
  const attrs = data.attributes ?? {};
  for (const [k, v] of Object.entries(attrs)) {
    if (!PATCHABLE.has(k)) throw new HttpError(422, `Attribute ${k} cannot be changed`);
    if (k === 'shipping_status' && v !== 'shipped' && v !== 'unshipped')
      throw new HttpError(422, 'shipping_status must be shipped or unshipped');
    if (typeof v !== 'string') throw new HttpError(422, `${k} must be a string`);
  }
  const o = state.patchOrder(id, attrs);
  return json(200, orderDocument(state, o));
}

/** @param {any} s */
function shipmentResource(s) {
  return {
    id: s.id,
    type: 'shipments',
    attributes: {
      notify_customer: s.notify_customer,
      carrier: s.carrier,
      tracking_number: s.tracking_number,
      tracking_url: s.tracking_url,
      items: s.items,
      created_at: iso(s.createdMs),
    },
    relationships: { order: { data: { type: 'orders', id: s.orderId } } },
  };
}

/** @param {Ctx} ctx @param {string} id */
function createShipment(ctx, id) {
  const { state } = ctx;
  state.getOrder(id);
  const data = readDocument(ctx);
  if (data.type !== 'shipments') throw new HttpError(409, 'data.type must be "shipments"');
  const shipment = state.ship(id, data.attributes ?? {});
  return json(201, { data: shipmentResource(shipment) });
}

/** The 'bad-jsonapi' fault: HTTP 200, JSON that is not the JSON:API the client expects. */
export const BAD_JSONAPI = JSON.stringify({
  data: { type: 'orders', attributes: ['not', 'an', 'object'] },
  included: { order_line_items: 'missing' },
  links: 'next',
  meta: { count: 'many' },
});
