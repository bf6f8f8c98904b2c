// Inkthreadable order API on /api/..., as described by shared/contracts/inkthreadable.md.
// Signatures are checked exactly: SHA-1 over the raw POST body bytes, or over the raw query
// string as sent without the Signature pair, followed by the secret key.
import { createHash } from 'node:crypto';
import { inkDate, parseIso } from './util.mjs';

/** @typedef {import('./model.mjs').SandboxState} SandboxState */
/** @typedef {import('./model.mjs').InkOrderRec} InkOrderRec */
/** @typedef {import('./bigcartel.mjs').Ctx} Ctx */
/** @typedef {import('./bigcartel.mjs').Reply} Reply */

export const INK_CREDENTIALS = { appId: 'APP-00100205', secretKey: 'sandbox-secret' };

const INK_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Content-Type': 'application/json; charset=utf-8',
};

/** @param {unknown} body @param {number} [status] @returns {Reply} */
export function inkJson(body, status = 200) {
  return { status, headers: { ...INK_HEADERS }, body: JSON.stringify(body) };
}

/** Lowercase hex SHA-1 of (payload + secret). @param {string | Buffer} payload @param {string} secret */
function inkSignature(payload, secret) {
  return createHash('sha1')
    .update(
      Buffer.concat([Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8'), Buffer.from(secret, 'utf8')]),
    )
    .digest('hex');
}

/**
 * Splits the raw query into the signed part and the Signature value, without re-encoding.
 * @param {string} rawQuery
 * @returns {{ signed: string, signature: string | null, count: number }}
 */
function splitSignature(rawQuery) {
  const pairs = rawQuery === '' ? [] : rawQuery.split('&');
  const kept = [];
  /** @type {string | null} */
  let signature = null;
  let count = 0;
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    if (name === 'Signature') {
      count++;
      signature = eq < 0 ? '' : p.slice(eq + 1);
    } else kept.push(p);
  }
  return { signed: kept.join('&'), signature, count };
}

/** @param {Ctx} ctx @returns {string | null} an error message, or null when the call is authentic */
function verify(ctx) {
  const appId = ctx.query.get('AppId');
  if (!appId) return 'Missing AppId';
  if (appId !== INK_CREDENTIALS.appId) return 'Invalid AppId';
  const { signed, signature, count } = splitSignature(ctx.rawQuery);
  if (!signature || count !== 1) return 'Invalid signature';
  const payload = ctx.method === 'POST' ? ctx.body : Buffer.from(signed, 'utf8');
  // The merchant may have changed the key at Inkthreadable (POST /__sandbox/ink/secret).
  const expected = inkSignature(payload, ctx.state.inkSecretKey ?? INK_CREDENTIALS.secretKey);
  return signature === expected ? null : 'Invalid signature';
}

/**
 * The JSON form of a stored order.
 * @param {InkOrderRec} o
 * @param {{ deletedBool?: boolean, shippedSpelling?: 'shiped_at' | 'shipped_at' }} [variant]
 */
export function inkOrderJson(o, variant = {}) {
  /** @type {Record<string, string>} */
  const shipping = {
    shippingMethod: o.shippingMethod,
    trackingNumber: o.trackingNumber,
    [variant.shippedSpelling ?? 'shiped_at']: o.shippedMs === null ? '' : inkDate(o.shippedMs),
  };
  return {
    id: o.id,
    external_id: o.external_id,
    created_at: inkDate(o.createdMs),
    type: 'order',
    status: o.status,
    deleted: variant.deletedBool ? o.deleted : String(o.deleted),
    brand: o.brand,
    comment: o.comment,
    shipping_address: o.shipping_address,
    billing_address: o.shipping_address,
    shipping,
    items: o.items,
    summary: o.summary,
  };
}

/**
 * The shapes a list element takes vary, deterministically by id, between every variant the
 * live service has been seen to use (fixtures/inkthreadable/orders-list.json agrees).
 * @param {InkOrderRec} o
 */
function listElement(o) {
  const n = Number(o.id);
  const bare = Math.floor(n / 2) % 2 === 1;
  const body = inkOrderJson(o, {
    deletedBool: bare !== (n % 3 === 0),
    shippedSpelling: bare !== (n % 7 === 0) ? 'shipped_at' : 'shiped_at',
  });
  return bare ? body : { order: body };
}

/** @param {Ctx} ctx @returns {Reply} */
export function handleInk(ctx) {
  const sub = ctx.path.slice('/api'.length);
  const known = ['/orders.php', '/order.php', '/orders/count.php'];
  if (!known.includes(sub)) return inkJson({ error: 'Not found' }, 404);
  const bad = verify(ctx);
  if (bad) return inkJson({ error: bad });
  const { state, method } = ctx;
  if (sub === '/orders.php' && method === 'POST') return createOrder(ctx);
  if (sub === '/orders.php' && method === 'GET') {
    const r = filtered(ctx, true);
    if ('error' in r) return inkJson(r);
    return inkJson({ orders: r.orders.map(listElement) });
  }
  if (sub === '/orders.php' && method === 'DELETE') return cancelOrder(ctx);
  if (sub === '/order.php' && method === 'GET') {
    const o = state.getInkOrder(ctx.query.get('id') ?? '');
    return inkJson(o ? { order: inkOrderJson(o) } : { error: 'Order not found' });
  }
  if (sub === '/orders/count.php' && method === 'GET') {
    const r = filtered(ctx, false);
    if ('error' in r) return inkJson(r);
    // The live service answers the count with HTTP 500 and a valid body.
    return inkJson({ count: Math.max(0, r.orders.length + state.inkBehaviour.countOffset) }, 500);
  }
  return inkJson({ error: `Method ${method} not allowed` }, 405);
}

/**
 * @param {Ctx} ctx @param {boolean} paged
 * @returns {{ orders: InkOrderRec[] } | { error: string }}
 */
function filtered(ctx, paged) {
  const q = ctx.query;
  const { listLagMs, pageCap } = ctx.state.inkBehaviour;
  const shownBefore = ctx.state.now() - listLagMs;
  let list = [...ctx.state.ink.orders.values()]
    .filter((o) => !listLagMs || o.createdMs <= shownBefore)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const ids = q.get('ids');
  if (ids) {
    const set = new Set(
      ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    list = list.filter((o) => set.has(o.id));
  }
  const since = q.get('since_id');
  if (since) {
    if (!/^\d+$/.test(since)) return { error: 'Invalid since_id' };
    list = list.filter((o) => Number(o.id) > Number(since));
  }
  // The service stores seconds: compare at second resolution, inclusive.
  const sec = (/** @type {number} */ ms) => Math.floor(ms / 1000);
  for (const [name, cmp] of /** @type {const} */ ([
    ['created_at_min', 1],
    ['created_at_max', -1],
  ])) {
    const v = q.get(name);
    if (!v) continue;
    const ms = parseIso(v);
    if (!Number.isFinite(ms)) return { error: `Invalid ${name}` };
    list = list.filter((o) => (cmp === 1 ? sec(o.createdMs) >= sec(ms) : sec(o.createdMs) <= sec(ms)));
  }
  const status = q.get('status');
  if (status) list = list.filter((o) => o.status.toLowerCase() === status.toLowerCase());
  if (!paged) return { orders: list };
  const limitRaw = Number(q.get('limit') ?? 50);
  const pageRaw = Number(q.get('page') ?? 1);
  const asked = Number.isInteger(limitRaw) && limitRaw > 0 ? Math.min(limitRaw, 250) : 50;
  const limit = pageCap > 0 ? Math.min(asked, pageCap) : asked;
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  return { orders: list.slice((page - 1) * limit, page * limit) };
}

const METHODS = ['regular', 'recorded', 'courier'];

/**
 * Validates a create-order body; returns an error message or null.
 * @param {any} b
 */
export function validateCreate(b) {
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'Invalid request body';
  if (b.external_id === undefined || b.external_id === null || String(b.external_id).trim() === '')
    return 'external_id is required';
  if (typeof b.external_id !== 'string' && typeof b.external_id !== 'number') return 'external_id must be a string';
  const sa = b.shipping_address;
  if (!sa || typeof sa !== 'object') return 'shipping_address is required';
  for (const k of ['firstName', 'lastName', 'address1', 'city', 'postcode', 'country']) {
    if (typeof sa[k] !== 'string' || sa[k].trim() === '') return `shipping_address.${k} is required`;
  }
  if (/^[A-Za-z]{2,3}$/.test(sa.country.trim()))
    return `shipping_address.country must be the full country name, not "${sa.country}"`;
  const method = b.shipping?.shippingMethod;
  if (!METHODS.includes(method))
    return `Invalid shipping method: ${method === undefined ? '(missing)' : String(method)}`;
  if (!Array.isArray(b.items) || b.items.length === 0) return 'items must contain at least one item';
  for (const [i, it] of b.items.entries()) {
    if (!it || typeof it !== 'object') return `items[${i}] is invalid`;
    if (typeof it.pn !== 'string' || it.pn.trim() === '') return `items[${i}].pn is required`;
    if (typeof it.quantity !== 'number' || !Number.isInteger(it.quantity) || it.quantity < 1) {
      return `items[${i}].quantity must be an integer of at least 1`;
    }
    if (
      it.retailPrice !== undefined &&
      (typeof it.retailPrice !== 'number' || !Number.isFinite(it.retailPrice) || it.retailPrice < 0)
    ) {
      return `items[${i}].retailPrice must be a number`;
    }
    for (const kind of ['designs', 'mockups']) {
      const v = it[kind];
      if (v === undefined || v === null) continue;
      /** @type {[string, unknown][]} */
      const entries = Array.isArray(v)
        ? v.map((x) => [String(x?.title), x?.src])
        : typeof v === 'object'
          ? Object.entries(v)
          : [];
      if (!Array.isArray(v) && typeof v !== 'object') return `items[${i}].${kind} must be an object`;
      for (const [place, url] of entries) {
        if (typeof url !== 'string' || !/^https:\/\/[^\s/]+\.[^\s]+$/.test(url))
          return `items[${i}].${kind}.${place} must be an https URL`;
      }
    }
  }
  return null;
}

/** @param {Ctx} ctx */
function createOrder(ctx) {
  let body;
  try {
    body = JSON.parse(ctx.bodyText);
  } catch {
    return inkJson({ error: 'Invalid JSON' });
  }
  const err = validateCreate(body);
  if (err) return inkJson({ error: err });
  // Duplicate external_ids are accepted: the live service does not dedupe.
  const rec = ctx.state.makeInkOrder(body, ctx.bodyText);
  ctx.state.ink.orders.set(rec.id, rec);
  return inkJson({ order: inkOrderJson(rec) });
}

/** @param {Ctx} ctx */
function cancelOrder(ctx) {
  const o = ctx.state.getInkOrder(ctx.query.get('id') ?? '');
  if (!o) return inkJson({ error: 'Order not found' });
  if (o.deleted) return inkJson({ error: 'Order is already cancelled' });
  if (o.status !== 'received') return inkJson({ error: `Order cannot be cancelled: status is ${o.status}` });
  o.deleted = true;
  return inkJson({ order: inkOrderJson(o) });
}

/** Answers a CORS preflight. @param {import('node:http').IncomingHttpHeaders} headers @returns {Reply} */
export function inkPreflight(headers) {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': String(headers['access-control-request-headers'] ?? 'Content-Type'),
      'Access-Control-Max-Age': '600',
    },
  };
}
