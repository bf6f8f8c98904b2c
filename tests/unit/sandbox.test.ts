// @vitest-environment node
// The sandbox (sandbox/server.mjs) over plain HTTP with Node's fetch: Big Cartel API, admin
// pages, Inkthreadable API with real signature checks, faults and the control API.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumArgs, SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../sandbox/server.mjs';
import { renderOrderPage, renderOrdersList, LAYOUTS } from '../../sandbox/admin.mjs';

const NOW = '2026-11-27T12:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const ACCOUNT = SANDBOX_CREDENTIALS.bigcartel.accountId;
const { appId: APP_ID, secretKey: SECRET } = SANDBOX_CREDENTIALS.inkthreadable;
const BASIC = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.bigcartel.subdomain}:${SANDBOX_CREDENTIALS.bigcartel.password}`).toString('base64')}`;
const JSONAPI = 'application/vnd.api+json';

let sb: Sandbox;
let base: string;

beforeAll(async () => {
  sb = await startSandbox({ now: NOW });
  base = sb.httpUrl;
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(async () => {
  // Demo data, a frozen clock: every timestamp below is exact.
  await control('POST', '/reset', { seed: 'demo', now: NOW, frozen: true });
});

// ---- helpers -------------------------------------------------------------------------------------
async function control(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${base}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

function bc(path: string, init: RequestInit & { auth?: string | null } = {}) {
  const headers: Record<string, string> = { Accept: JSONAPI, ...(init.headers as Record<string, string>) };
  if (init.auth !== null) headers.Authorization = init.auth ?? BASIC;
  return fetch(`${base}/v1${path}`, { ...init, headers });
}
async function bcJson(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<any> {
  const r = await bc(path, init);
  expect(r.status, `${path}`).toBeLessThan(300);
  return r.json();
}

const sha1 = (s: string | Buffer) => createHash('sha1').update(s).digest('hex');

/** A signed Inkthreadable call, built independently of the sandbox's own code. */
function ink(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string> = {},
  body?: string,
  opts: { secret?: string; appId?: string; signal?: AbortSignal } = {},
) {
  const query = [
    `AppId=${encodeURIComponent(opts.appId ?? APP_ID)}`,
    ...Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
  ].join('&');
  const signature = sha1(
    Buffer.concat([Buffer.from(method === 'POST' ? (body ?? '') : query, 'utf8'), Buffer.from(opts.secret ?? SECRET)]),
  );
  return fetch(`${base}/api${path}?${query}&Signature=${signature}`, {
    method,
    headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
    body,
    signal: opts.signal,
  });
}

function orderBody(externalId = 'MOTH-100234', extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    external_id: externalId,
    brandName: 'Moth Merch',
    comment: `Big Cartel order ${externalId}`,
    shipping_address: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: '',
      address1: '12 Analytical Row',
      address2: 'Flat 3',
      city: 'London',
      county: 'Greater London',
      postcode: 'N1 9GU',
      country: 'United Kingdom',
      phone1: '+44 20 7946 0000',
    },
    shipping: { shippingMethod: 'recorded' },
    items: [
      {
        pn: 'JH001-JBK-L',
        quantity: 2,
        retailPrice: 35,
        description: 'Moth Logo Hoodie / Black / L',
        designs: { front: 'https://cdn.mothmerch.example/moth-front.png' },
      },
    ],
    ...extra,
  });
}

const createInk = (externalId?: string) => ink('POST', '/orders.php', {}, orderBody(externalId));
const inkStored = async (): Promise<any[]> => control('GET', '/ink/orders');
const newInk = async () => (await inkStored()).filter((o) => Number(o.id) >= 871300);

async function until(cond: () => Promise<boolean>, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}

// ---- Big Cartel API ------------------------------------------------------------------------------
describe('Big Cartel API', () => {
  it('needs the JSON:API Accept header and valid credentials', async () => {
    const noAccept = await fetch(`${base}/v1/accounts`, {
      headers: { Authorization: BASIC, Accept: 'application/json' },
    });
    expect(noAccept.status).toBe(406);
    for (const auth of [
      null,
      `Basic ${Buffer.from('mothmerch:wrong').toString('base64')}`,
      'Bearer nope',
      `Basic ${Buffer.from('other:sandbox-password').toString('base64')}`,
    ]) {
      const r = await bc('/accounts', { auth });
      expect(r.status).toBe(401);
      const body = await r.json();
      expect(body.errors[0]).toMatchObject({ status: '401' });
    }
    const basic = await bc('/accounts');
    expect(basic.status).toBe(200);
    expect(basic.headers.get('date')).toBe(new Date(NOW_MS).toUTCString());
    expect(basic.headers.get('content-type')).toContain(JSONAPI);
    const bearer = await bcJson('/accounts', { auth: `Bearer ${SANDBOX_CREDENTIALS.bigcartel.token}` });
    expect(bearer.data[0]).toMatchObject({
      id: '4721901',
      type: 'accounts',
      attributes: { subdomain: 'mothmerch', store_name: 'Moth Merch', currency: 'GBP' },
    });
    expect((await bc('/accounts/999/orders')).status).toBe(404);
  });

  it('serves the fixture order MOTH-100234 with both relationship spellings and a null option', async () => {
    const doc = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100234`);
    expect(doc.data.attributes).toMatchObject({
      item_count: 4,
      item_total: '87.0',
      shipping_total: '4.5',
      total: '91.5',
      shipping_status: 'unshipped',
      customer_first_name: 'Ada',
    });
    const items = doc.included.filter((r: any) => r.type === 'order_line_items');
    expect(
      items.map((i: any) => [
        i.id,
        i.attributes.product_name,
        i.attributes.product_option_name,
        i.attributes.quantity,
        i.attributes.price,
      ]),
    ).toEqual([
      ['9001', 'Moth Logo Hoodie', 'Black / L', 2, '35.0'],
      ['9002', 'Moth Tee', '', 1, '12.0'],
      ['9003', 'Sticker Pack <3 & "Friends"', '', 1, '5.0'],
    ]);
    expect(items[0].relationships.product.data).toEqual({ type: 'products', id: '330011' });
    expect(items[1].relationships.product.data).toEqual({ type: 'product', id: '330012' });
    expect(items[1].relationships.product_option.data).toEqual({ type: 'product_option', id: '1180030' });
    expect(items[2].relationships.product_option.data).toBeNull();
    // Big Cartel's shape: the ISO code is the country's id, and its only attribute is the name.
    expect(doc.data.relationships.shipping_country).toEqual({ data: { type: 'countries', id: 'GB' } });
    expect(doc.included.filter((r: any) => r.type === 'countries')).toEqual([
      { id: 'GB', type: 'countries', attributes: { name: 'United Kingdom' } },
    ]);
    expect(doc.data.attributes.shipping_country_id).toBe('GB');
  });

  it('serves orders shaped as Big Cartel documents them: the country only as the relationship', async () => {
    const doc = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100236`);
    expect(doc.data.attributes).not.toHaveProperty('shipping_country_id');
    expect(doc.data.attributes).not.toHaveProperty('shipping_country_name');
    expect(doc.data.relationships.shipping_country).toEqual({ data: { type: 'countries', id: 'DE' } });
    expect(doc.included).toContainEqual({ id: 'DE', type: 'countries', attributes: { name: 'Germany' } });
    const sparse = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-099870`);
    expect(sparse.data.relationships).not.toHaveProperty('shipping_country');
    expect(sparse.data.attributes.shipping_country_name).toBe('United Kingdom');
  });

  it('lists a product without options with one option named Default, and its items with no option name', async () => {
    const product = await bcJson(`/accounts/${ACCOUNT}/products/330013?include=options`);
    expect(
      product.included.filter((r: any) => r.type === 'product_options').map((r: any) => [r.id, r.attributes.name]),
    ).toEqual([['1180050', 'Default']]);
    const doc = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100239`);
    const item = doc.included.find((r: any) => r.id === '9051');
    expect(item.attributes.product_option_name).toBe('');
    expect(item.relationships.product_option.data).toMatchObject({ id: '1180050' });
  });

  it('gives a deleted product null relationships and lets attributes be missing', async () => {
    const doc = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100237`);
    const gone = doc.included.find((r: any) => r.id === '9030');
    expect(gone.attributes.product_name).toBe('Retired Beanie');
    expect(gone.relationships).toEqual({ product: { data: null }, product_option: { data: null } });
    const sparse = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-099870`);
    expect(sparse.data.attributes).not.toHaveProperty('customer_email');
    expect(sparse.data.attributes).not.toHaveProperty('shipping_country_id');
    expect(sparse.data.attributes.shipping_status).toBe('shipped');
  });

  it('pages with page[limit]/page[offset], links.next and meta.count', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/accounts/${ACCOUNT}/orders?page%5Blimit%5D=5&sort=-updated_at`;
    let pages = 0;
    while (url) {
      const doc: any = await bcJson(url);
      pages++;
      expect(doc.meta.count).toBe(13);
      expect(doc.data.length).toBeLessThanOrEqual(5);
      seen.push(...doc.data.map((o: any) => o.id));
      // every item and country of the page is included, once
      const keys = doc.included.map((r: any) => `${r.type}:${r.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const o of doc.data)
        for (const ref of o.relationships.items.data) expect(keys).toContain(`order_line_items:${ref.id}`);
      const next: string | undefined = doc.links?.next;
      if (next) {
        expect(next.startsWith(`https://api.bigcartel.com/v1/accounts/${ACCOUNT}/orders?`)).toBe(true);
        const q = new URL(next).searchParams;
        expect(q.get('page[offset]')).toBe(String(pages * 5));
        expect(q.get('page[limit]')).toBe('5');
        expect(q.get('sort')).toBe('-updated_at');
        url = next.slice('https://api.bigcartel.com/v1'.length);
      } else url = undefined;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(13);
    const dflt = await bcJson(`/accounts/${ACCOUNT}/orders`);
    expect(dflt.data).toHaveLength(13);
    expect(dflt.links?.next).toBeUndefined();
    const big = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=500`);
    expect(big.data).toHaveLength(13);
    expect((await bc(`/accounts/${ACCOUNT}/orders?page[limit]=zero`)).status).toBe(400);
  });

  it('defaults to 20 per page and caps page[limit] at 100', async () => {
    await control('POST', '/reset', { seed: { large: { orders: 250, products: 20 } }, now: NOW, frozen: true });
    const dflt = await bcJson(`/accounts/${ACCOUNT}/orders`);
    expect(dflt.data).toHaveLength(20);
    expect(dflt.meta.count).toBe(250);
    const capped = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=1000&page[offset]=100`);
    expect(capped.data).toHaveLength(100);
    expect(new URL(capped.links.next).searchParams.get('page[offset]')).toBe('200');
  });

  it('sorts by updated_at / created_at either way, ties broken by id', async () => {
    // Two writes at the same frozen instant: equal updated_at.
    await control('POST', '/bc/orders', { id: 'MOTH-200002', items: [{ productId: '330015', quantity: 1 }] });
    await control('POST', '/bc/orders', { id: 'MOTH-200001', items: [{ productId: '330015', quantity: 1 }] });
    for (const sort of ['updated_at', '-updated_at', 'created_at', '-created_at']) {
      const doc = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=100&sort=${sort}`);
      const key = sort.replace('-', '');
      const rows = doc.data.map((o: any) => [Date.parse(o.attributes[key]), o.id] as const);
      const sorted = [...rows].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
      if (sort.startsWith('-')) sorted.reverse();
      expect(rows, sort).toEqual(sorted);
    }
    const asc = await bcJson(`/accounts/${ACCOUNT}/orders?sort=updated_at&page[limit]=100`);
    const ids = asc.data.map((o: any) => o.id);
    expect(ids.slice(-2)).toEqual(['MOTH-200001', 'MOTH-200002']);
    expect((await bc(`/accounts/${ACCOUNT}/orders?sort=total`)).status).toBe(400);
  });

  it('filters by shipping_status, inclusive date ranges and search', async () => {
    const count = async (q: string) => (await bcJson(`/accounts/${ACCOUNT}/orders?${q}`)).meta.count;
    expect(await count('filter[shipping_status]=unshipped')).toBe(10);
    expect(await count('filter[shipping_status]=shipped')).toBe(3);
    const one = (await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100234`)).data.attributes;
    const u = encodeURIComponent(one.updated_at);
    const exact = await bcJson(`/accounts/${ACCOUNT}/orders?filter[updated_at_from]=${u}&filter[updated_at_to]=${u}`);
    expect(exact.data.map((o: any) => o.id)).toEqual(['MOTH-100234']);
    const since = await bcJson(
      `/accounts/${ACCOUNT}/orders?filter[updated_at_from]=${encodeURIComponent(new Date(NOW_MS - 30 * 86400e3).toISOString())}&page[limit]=100`,
    );
    expect(since.data.map((o: any) => o.id)).not.toContain('MOTH-099990');
    expect(since.data.map((o: any) => o.id)).toContain('MOTH-100150');
    const c = encodeURIComponent(one.completed_at);
    expect(await count(`filter[completed_at_from]=${c}&filter[completed_at_to]=${c}`)).toBe(1);
    expect(await count('search=lovelace')).toBe(1);
    expect(await count('search=MOTH-1002')).toBe(9);
    expect((await bc(`/accounts/${ACCOUNT}/orders?filter[updated_at_from]=yesterday`)).status).toBe(400);
  });

  it('PATCHes shipping_status and records shipments, bumping updated_at to the sandbox clock', async () => {
    const url = `/accounts/${ACCOUNT}/orders/MOTH-100236`;
    await control('POST', '/clock', { advanceMs: 60_000 });
    const wrongType = await bc(url, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const patched = await bcJson(url, {
      method: 'PATCH',
      headers: { 'Content-Type': JSONAPI },
      body: JSON.stringify({ data: { id: 'MOTH-100236', type: 'orders', attributes: { shipping_status: 'shipped' } } }),
    });
    expect(patched.data.attributes.shipping_status).toBe('shipped');
    expect(patched.data.attributes.updated_at).toBe(new Date(NOW_MS + 60_000).toISOString());

    await control('POST', '/clock', { advanceMs: 1234 });
    const r = await bc(`/accounts/${ACCOUNT}/orders/MOTH-100234/shipments`, {
      method: 'POST',
      headers: { 'Content-Type': JSONAPI },
      body: JSON.stringify({
        data: {
          type: 'shipments',
          attributes: {
            notify_customer: true,
            items: [{ order_line_item_id: '9001', quantity: 2 }],
            carrier: 'Royal Mail',
            tracking_number: 'RM1GB',
            tracking_url: 'https://track.example/RM1GB',
          },
        },
      }),
    });
    expect(r.status).toBe(201);
    expect((await r.json()).data).toMatchObject({
      type: 'shipments',
      attributes: { tracking_number: 'RM1GB', carrier: 'Royal Mail' },
    });
    const order = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100234`);
    expect(order.data.attributes.shipping_status).toBe('shipped');
    expect(order.data.attributes.updated_at).toBe(new Date(NOW_MS + 61_234).toISOString());
    const item = order.included.find((x: any) => x.id === '9001');
    expect(item.attributes).toMatchObject({ quantity_shipped: 2, quantity_unshipped: 0 });
    const shipments = await control('GET', '/bc/shipments');
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({
      orderId: 'MOTH-100234',
      tracking_number: 'RM1GB',
      items: [{ order_line_item_id: '9001', quantity: 2 }],
    });
    const bad = await bc(`/accounts/${ACCOUNT}/orders/MOTH-100234/shipments`, {
      method: 'POST',
      headers: { 'Content-Type': JSONAPI },
      body: JSON.stringify({
        data: { type: 'shipments', attributes: { items: [{ order_line_item_id: '7', quantity: 1 }] } },
      }),
    });
    expect(bad.status).toBe(422);
    // An empty carrier or tracking number is refused: real clients leave them out.
    const empty = await bc(`/accounts/${ACCOUNT}/orders/MOTH-100234/shipments`, {
      method: 'POST',
      headers: { 'Content-Type': JSONAPI },
      body: JSON.stringify({
        data: {
          type: 'shipments',
          attributes: {
            items: [{ order_line_item_id: '9002', quantity: 1 }],
            carrier: 'Inkthreadable',
            tracking_number: '',
          },
        },
      }),
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('tracking_number must not be empty');
  });

  it('serves products with product_options, and follows option deletes and renames', async () => {
    const list = await bcJson(`/accounts/${ACCOUNT}/products?page[limit]=100`);
    expect(list.meta.count).toBe(9);
    expect(list.data.map((p: any) => p.attributes.name)).toContain('<img src=x onerror=alert(1)>');
    expect(list.data.map((p: any) => p.id)).not.toContain('330009'); // deleted
    const p = await bcJson(`/accounts/${ACCOUNT}/products/330011`);
    expect(p.included.map((o: any) => [o.type, o.id, o.attributes.name, o.attributes.price])).toEqual([
      ['product_options', '1180020', 'Black / M', '35.0'],
      ['product_options', '1180021', 'Black / L', '35.0'],
      ['product_options', '1180022', 'Black / XL', '37.0'],
    ]);
    await control('PATCH', '/bc/products/330011/options/1180021', { name: 'Jet Black / L' });
    await control('DELETE', '/bc/products/330011/options/1180022');
    const after = await bcJson(`/accounts/${ACCOUNT}/products/330011`);
    expect(after.included.map((o: any) => o.attributes.name)).toEqual(['Black / M', 'Jet Black / L']);
    const order = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-100236`);
    const xl = order.included.find((x: any) => x.id === '9021');
    expect(xl.attributes.product_option_name).toBe('Black / XL'); // the order keeps what was bought
    expect(xl.relationships.product_option.data).toBeNull(); // ...but the option is gone
    expect((await bc(`/accounts/${ACCOUNT}/products/330009`)).status).toBe(404);
  });

  it('adds orders through the control API with catalogue names and prices', async () => {
    await control('POST', '/clock', { advanceMs: 5000 });
    const doc = await control('POST', '/bc/orders', {
      customer: { firstName: 'Test', lastName: 'Person' },
      country: 'US',
      items: [
        { productId: '330011', optionId: '1180022', quantity: 3 },
        { productId: '330013', quantity: 1 },
      ],
    });
    expect(doc.data.id).toBe('MOTH-100243');
    expect(doc.data.attributes).toMatchObject({
      item_count: 4,
      item_total: '116.0',
      shipping_status: 'unshipped',
      shipping_country_name: 'United States',
      updated_at: new Date(NOW_MS + 5000).toISOString(),
    });
    expect(
      doc.included
        .filter((r: any) => r.type === 'order_line_items')
        .map((r: any) => [r.attributes.product_name, r.attributes.product_option_name, r.attributes.price]),
    ).toEqual([
      ['Moth Logo Hoodie', 'Black / XL', '37.0'],
      ['Sticker Pack <3 & "Friends"', '', '5.0'],
    ]);
    const newest = await bcJson(`/accounts/${ACCOUNT}/orders?sort=-updated_at&page[limit]=1`);
    expect(newest.data[0].id).toBe('MOTH-100243');
    const patched = await control('PATCH', '/bc/orders/MOTH-100243', { shipping_status: 'shipped' });
    expect(patched.data.attributes.shipping_status).toBe('shipped');
    expect(
      (
        await fetch(`${base}/__sandbox/bc/orders`, {
          method: 'POST',
          body: JSON.stringify({ items: [{ productId: 'nope' }] }),
        })
      ).status,
    ).toBe(400);
  });
});

// ---- Inkthreadable API ---------------------------------------------------------------------------
describe('Inkthreadable API', () => {
  it('accepts a correctly signed order and replies like the fixture', async () => {
    const r = await createInk();
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('connection')).toBe('close');
    const { order } = await r.json();
    expect(order).toMatchObject({
      id: '871300',
      external_id: 'MOTH-100234',
      type: 'order',
      status: 'received',
      deleted: 'false',
      brand: 'Moth Merch',
      created_at: '2026-11-27T12:00:00+00:00',
      shipping: { shippingMethod: 'recorded', trackingNumber: '', shiped_at: '' },
    });
    expect(order.items[0]).toMatchObject({
      pn: 'JH001-JBK-L',
      quantity: '2',
      retailPrice: '35.00',
      designs: [{ title: 'front', src: 'https://cdn.mothmerch.example/moth-front.png' }],
    });
    expect((await createInk('MOTH-100235')).status).toBe(200);
    const stored = await newInk();
    expect(stored.map((o) => o.id)).toEqual(['871300', '871301']);
    expect(stored[0].rawBody).toBe(orderBody());
  });

  it('signs the exact body bytes (UTF-8) and rejects wrong or missing signatures with HTTP 200', async () => {
    const body = orderBody('MOTH-100236', { comment: 'Bunsenstra\u00dfe \u2013 G\u00f6ttingen \ud83e\udd8b' });
    expect((await (await ink('POST', '/orders.php', {}, body)).json()).order.id).toBe('871300');
    for (const opts of [{ secret: 'wrong' }, { appId: 'APP-999' }]) {
      const r = await ink('POST', '/orders.php', {}, body, opts);
      expect(r.status).toBe(200);
      expect((await r.json()).error).toMatch(/Invalid (signature|AppId)/);
    }
    // body changed after signing (e.g. re-serialised)
    const sig = sha1(body + SECRET);
    const resent = await fetch(`${base}/api/orders.php?AppId=${APP_ID}&Signature=${sig}`, {
      method: 'POST',
      body: JSON.stringify(JSON.parse(body), null, 1),
    });
    expect(await resent.json()).toEqual({ error: 'Invalid signature' });
    const unsigned = await fetch(`${base}/api/order.php?AppId=${APP_ID}&id=871300`);
    expect(await unsigned.json()).toEqual({ error: 'Invalid signature' });
    expect(await newInk()).toHaveLength(1);
  });

  it('signs GET/DELETE over the raw query string without the Signature pair', async () => {
    await createInk();
    const ok = await ink('GET', '/order.php', { id: '871300' });
    expect((await ok.json()).order.id).toBe('871300');
    const q = `AppId=${APP_ID}&id=871300`;
    const sig = sha1(q + SECRET);
    // a parameter added after signing
    const tampered = await fetch(`${base}/api/order.php?${q}&format=json&Signature=${sig}`);
    expect(await tampered.json()).toEqual({ error: 'Invalid signature' });
    // the same parameters, re-encoded differently from what was signed
    const signedEncoded = `AppId=${APP_ID}&created_at_min=${encodeURIComponent('2026-11-27T00:00:00+00:00')}`;
    const reencoded = await fetch(
      `${base}/api/orders.php?AppId=${APP_ID}&created_at_min=2026-11-27T00:00:00%2B00:00&Signature=${sha1(signedEncoded.replace('%3A', ':') + SECRET)}`,
    );
    expect((await reencoded.json()).error).toBe('Invalid signature');
    const good = await fetch(`${base}/api/orders.php?${signedEncoded}&Signature=${sha1(signedEncoded + SECRET)}`);
    expect((await good.json()).orders).toHaveLength(1);
  });

  it('rejects invalid bodies with {"error"} and HTTP 200', async () => {
    const base = JSON.parse(orderBody());
    const cases: [string, (b: any) => void, RegExp][] = [
      ['no external_id', (b) => delete b.external_id, /external_id/],
      ['no lastName', (b) => delete b.shipping_address.lastName, /lastName/],
      ['no postcode', (b) => (b.shipping_address.postcode = ''), /postcode/],
      ['country code', (b) => (b.shipping_address.country = 'GB'), /country/],
      ['bad method', (b) => (b.shipping.shippingMethod = 'express'), /shipping method/i],
      ['no items', (b) => (b.items = []), /items/],
      ['no pn', (b) => delete b.items[0].pn, /pn/],
      ['quantity 0', (b) => (b.items[0].quantity = 0), /quantity/],
      ['quantity 1.5', (b) => (b.items[0].quantity = 1.5), /quantity/],
      ['quantity "2"', (b) => (b.items[0].quantity = '2'), /quantity/],
      ['http design', (b) => (b.items[0].designs = { front: 'http://insecure.example/a.png' }), /https/],
    ];
    for (const [name, mutate, message] of cases) {
      const b = structuredClone(base);
      mutate(b);
      const r = await ink('POST', '/orders.php', {}, JSON.stringify(b));
      expect(r.status, name).toBe(200);
      const json = await r.json();
      expect(json.error, name).toMatch(message);
    }
    expect((await (await ink('POST', '/orders.php', {}, '{"external_id":')).json()).error).toMatch(/JSON/);
    expect(await newInk()).toHaveLength(0);
  });

  it('accepts duplicate external_ids, as the live service does', async () => {
    await createInk('MOTH-100234');
    await createInk('MOTH-100234');
    expect((await newInk()).filter((o) => o.external_id === 'MOTH-100234')).toHaveLength(2);
  });

  it('lists with filters, paging and every element shape; counts with HTTP 500', async () => {
    for (let i = 0; i < 6; i++) {
      if (i === 3) await control('POST', '/clock', { advanceMs: 10_000 });
      await createInk(`MOTH-3000${i}`);
    }
    const all = (await (await ink('GET', '/orders.php')).json()).orders;
    expect(all).toHaveLength(7); // + the seeded 871190
    const unwrap = (e: any) => e.order ?? e;
    expect(all.some((e: any) => 'order' in e)).toBe(true);
    expect(all.some((e: any) => !('order' in e))).toBe(true);
    const deleted = all.map((e: any) => typeof unwrap(e).deleted);
    expect(deleted).toContain('boolean');
    expect(deleted).toContain('string');
    const shipKeys = all.map((e: any) =>
      Object.keys(unwrap(e).shipping).find((k) => k === 'shiped_at' || k === 'shipped_at'),
    );
    expect(shipKeys).toContain('shiped_at');
    expect(shipKeys).toContain('shipped_at');
    const ids = async (params: Record<string, string>) =>
      ((await (await ink('GET', '/orders.php', params)).json()).orders as any[]).map((e) => unwrap(e).id);
    expect(await ids({ since_id: '871303' })).toEqual(['871304', '871305']);
    expect(await ids({ ids: '871301,871190' })).toEqual(['871190', '871301']);
    expect(await ids({ created_at_min: '2026-11-27T12:00:05Z' })).toEqual(['871303', '871304', '871305']);
    // second resolution: a min with milliseconds still includes orders created in that second
    expect(await ids({ created_at_min: '2026-11-27T12:00:10.900Z' })).toEqual(['871303', '871304', '871305']);
    expect(await ids({ created_at_max: '2026-11-27T12:00:00+00:00', since_id: '871299' })).toEqual([
      '871300',
      '871301',
      '871302',
    ]);
    expect(await ids({ status: 'paid' })).toEqual(['871190']);
    expect(await ids({ limit: '2', page: '2' })).toEqual(['871301', '871302']);
    expect(await ids({ limit: '1000' })).toHaveLength(7);
    const count = await ink('GET', '/orders/count.php', { since_id: '871299' });
    expect(count.status).toBe(500);
    expect(await count.json()).toEqual({ count: 6 });
  });

  it('finds one order, or answers "Order not found"', async () => {
    await createInk();
    expect((await (await ink('GET', '/order.php', { id: '871300' })).json()).order.external_id).toBe('MOTH-100234');
    expect(await (await ink('GET', '/order.php', { id: '1' })).json()).toEqual({ error: 'Order not found' });
  });

  it('cancels a received order with DELETE, but not once it is in production', async () => {
    await createInk('A-1');
    await createInk('A-2');
    const cancel = await (await ink('DELETE', '/orders.php', { id: '871300' })).json();
    expect(cancel.order.deleted).toBe('true');
    await control('POST', '/ink/orders/871301', { status: 'printing' });
    expect((await (await ink('DELETE', '/orders.php', { id: '871301' })).json()).error).toMatch(/printing/);
    const stored = await newInk();
    expect(stored.map((o) => o.deleted)).toEqual(['true', 'false']);
  });

  it('answers CORS preflight', async () => {
    const r = await fetch(`${base}/api/orders.php`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
    expect(r.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('advances an order through the control API (status, tracking, shipped)', async () => {
    await createInk();
    await control('POST', '/clock', { advanceMs: 3_600_000 });
    await control('POST', '/ink/orders/871300', { status: 'paid', trackingNumber: 'RM000000001GB', shipped: true });
    const { order } = await (await ink('GET', '/order.php', { id: '871300' })).json();
    expect(order.status).toBe('paid');
    expect(order.shipping).toEqual({
      shippingMethod: 'recorded',
      trackingNumber: 'RM000000001GB',
      shiped_at: '2026-11-27T13:00:00+00:00',
    });
  });
});

describe('Inkthreadable list misbehaving on demand', () => {
  const listIds = async (params: Record<string, string>) =>
    ((await (await ink('GET', '/orders.php', params)).json()).orders as any[]).map((e) => (e.order ?? e).id as string);
  const count = async () =>
    (await (await ink('GET', '/orders/count.php', { since_id: '871299' })).json()).count as number;

  it('a list that lags behind its own writes: list and count show an order only after listLagMs', async () => {
    await control('POST', '/ink/behaviour', { listLagMs: 600_000 });
    await createInk('LAG-1');
    expect(await listIds({ since_id: '871299' })).toEqual([]);
    expect(await count()).toBe(0);
    // GET /order.php is not behind.
    expect((await (await ink('GET', '/order.php', { id: '871300' })).json()).order.external_id).toBe('LAG-1');
    await control('POST', '/clock', { advanceMs: 600_000 });
    expect(await listIds({ since_id: '871299' })).toEqual(['871300']);
    expect(await count()).toBe(1);
    // A reset forgets it.
    await control('POST', '/reset', { seed: 'demo', now: NOW, frozen: true });
    await createInk('LAG-2');
    expect(await listIds({ since_id: '871299' })).toEqual(['871300']);
  });

  it('pageCap: pages shorter than the limit asked, the rest on the next pages; countOffset: a count that disagrees', async () => {
    for (let i = 0; i < 5; i++) await createInk(`CAP-${i}`);
    await control('POST', '/ink/behaviour', { pageCap: 2, countOffset: 1 });
    expect(await listIds({ since_id: '871299', limit: '250', page: '1' })).toEqual(['871300', '871301']);
    expect(await listIds({ since_id: '871299', limit: '250', page: '3' })).toEqual(['871304']);
    expect(await count()).toBe(6);
    expect(
      (await fetch(`${base}/__sandbox/ink/behaviour`, { method: 'POST', body: JSON.stringify({ pageCap: -1 }) }))
        .status,
    ).toBe(400);
  });

  it('an order made by another integration: stored with its own external id and time, not in the request log', async () => {
    const body = JSON.parse(orderBody('bc-9912345'));
    const made = await control('POST', '/ink/orders', { body, createdAt: '2026-11-27T11:00:00Z', status: 'paid' });
    expect(made.order).toMatchObject({
      id: '871300',
      external_id: 'bc-9912345',
      created_at: '2026-11-27T11:00:00+00:00',
      status: 'paid',
    });
    expect(made.order.shipping_address.postcode).toBe('N1 9GU');
    expect(await control('GET', '/requests?service=ink')).toEqual([]);
    const bad = await fetch(`${base}/__sandbox/ink/orders`, {
      method: 'POST',
      body: JSON.stringify({ body: { ...body, items: [] } }),
    });
    expect(bad.status).toBe(400);
  });
});

// ---- faults --------------------------------------------------------------------------------------
describe('faults', () => {
  it('500 and 429 (with Retry-After) on the next matching requests, then normal', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', path: '/api/orders.php', kind: '500' });
    await control('POST', '/faults', { service: 'bc', kind: '429', count: 2 });
    const r500 = await createInk();
    expect(r500.status).toBe(500);
    expect(r500.headers.get('access-control-allow-origin')).toBe('*');
    expect(await newInk()).toHaveLength(0); // not stored unless {store: true}
    expect((await createInk()).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await bc('/accounts');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect((await bc('/accounts')).status).toBe(200);
    expect(await control('GET', '/faults')).toEqual([]);
  });

  it('a 500 with {store: true} stores the order first (an ambiguous failure)', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', kind: '500', store: true });
    expect((await createInk()).status).toBe(500);
    expect(await newInk()).toHaveLength(1);
  });

  it('matches method and path prefix only', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', path: '/api/orders.php', kind: 'error200' });
    expect((await (await ink('GET', '/order.php', { id: '871190' })).json()).order.id).toBe('871190');
    expect((await bc('/accounts')).status).toBe(200);
    expect(await (await createInk()).json()).toEqual({ error: 'Simulated rejection' });
    expect(await newInk()).toHaveLength(0);
  });

  it('stall waits, then answers normally', async () => {
    await control('POST', '/faults', { service: 'ink', kind: 'stall', ms: 400 });
    const t0 = Date.now();
    const r = await createInk();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    expect((await r.json()).order.id).toBe('871300');
  });

  it('malformed gives HTTP 200 with broken JSON (ink and bc)', async () => {
    await control('POST', '/faults', [
      { service: 'ink', kind: 'malformed' },
      { service: 'bc', kind: 'malformed' },
    ]);
    const a = await createInk();
    expect(a.status).toBe(200);
    await expect(a.json()).rejects.toThrow();
    const b = await bc('/accounts');
    expect(b.status).toBe(200);
    await expect(b.json()).rejects.toThrow();
  });

  it('bad-jsonapi gives HTTP 200 with JSON that is not the expected JSON:API', async () => {
    await control('POST', '/faults', { service: 'bc', path: `/v1/accounts/${ACCOUNT}/orders`, kind: 'bad-jsonapi' });
    const r = await bc(`/accounts/${ACCOUNT}/orders`);
    expect(r.status).toBe(200);
    const doc = await r.json();
    expect(Array.isArray(doc.data)).toBe(false);
    expect(typeof doc.meta.count).not.toBe('number');
  });

  it('drop-after-store stores the order and destroys the socket without a reply', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', kind: 'drop-after-store' });
    await expect(createInk('MOTH-100240')).rejects.toThrow();
    const stored = await newInk();
    expect(stored.map((o) => o.external_id)).toEqual(['MOTH-100240']);
    const [rec] = await control('GET', '/requests?service=ink');
    expect(rec).toMatchObject({ method: 'POST', path: '/api/orders.php', status: 0, fault: 'drop-after-store' });
  });

  it('hold keeps the request until release, then stores and answers', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', kind: 'hold' });
    const pending = createInk('MOTH-100241');
    await until(async () => (await control('GET', '/state')).held === 1);
    expect(await newInk()).toHaveLength(0);
    const [rec] = await control('GET', '/requests?service=ink');
    expect(rec.status).toBeNull(); // arrived, not answered
    expect(await control('POST', '/release')).toEqual({ released: 1 });
    const r = await pending;
    expect((await r.json()).order.external_id).toBe('MOTH-100241');
    expect(await newInk()).toHaveLength(1);
  });

  it('hold still stores the order when the client gave up meanwhile', async () => {
    await control('POST', '/faults', { service: 'ink', method: 'POST', kind: 'hold' });
    const abort = new AbortController();
    const pending = ink('POST', '/orders.php', {}, orderBody('MOTH-100242'), { signal: abort.signal });
    await until(async () => (await control('GET', '/state')).held === 1);
    abort.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    await control('POST', '/release');
    const stored = await newInk();
    expect(stored.map((o) => o.external_id)).toEqual(['MOTH-100242']);
  });

  it('rejects unknown fault kinds; DELETE clears the queue', async () => {
    const r = await fetch(`${base}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 'ink', kind: 'teapot' }),
    });
    expect(r.status).toBe(400);
    await control('POST', '/faults', { service: 'ink', kind: '500', count: 5 });
    expect(await control('DELETE', '/faults')).toEqual({ cleared: 1 });
    expect((await createInk()).status).toBe(200);
  });
});

// ---- control API, admin pages --------------------------------------------------------------------
describe('control API and admin pages', () => {
  it('records every request with raw query and body; filters by service; clears', async () => {
    await bc(`/accounts/${ACCOUNT}/orders?page%5Blimit%5D=1`);
    await createInk();
    await fetch(`${base}/orders`);
    const all = await control('GET', '/requests');
    expect(all.map((r: any) => r.service)).toEqual(['bc', 'ink', 'admin']);
    const [b] = await control('GET', '/requests?service=bc');
    expect(b).toMatchObject({
      method: 'GET',
      path: `/v1/accounts/${ACCOUNT}/orders`,
      query: 'page%5Blimit%5D=1',
      status: 200,
      at: NOW,
    });
    expect(b.headers.authorization).toBe(BASIC);
    const [i] = await control('GET', '/requests?service=ink');
    expect(i.body).toBe(orderBody());
    expect(i.query).toMatch(/^AppId=APP-00100205&Signature=[0-9a-f]{40}$/);
    await control('DELETE', '/requests');
    expect(await control('GET', '/requests')).toEqual([]);
  });

  it('sets and advances the clock', async () => {
    expect((await control('POST', '/clock', { now: '2027-01-01T00:00:00Z', frozen: true })).now).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect((await control('POST', '/clock', { advanceMs: 1500 })).now).toBe('2027-01-01T00:00:01.500Z');
    expect((await bc('/accounts')).headers.get('date')).toBe('Fri, 01 Jan 2027 00:00:01 GMT');
  });

  it('reports a state summary and resets to the empty seed', async () => {
    const s = await control('GET', '/state');
    expect(s.bc).toMatchObject({ orders: 13, unshipped: 10, products: 9 });
    await control('POST', '/reset', { seed: 'empty', now: NOW, frozen: true });
    const e = await control('GET', '/state');
    expect(e.bc.orders).toBe(0);
    expect(e.ink.orders).toBe(0);
    expect(e.bc.products).toBe(9); // the catalogue stays, so orders can be added
  });

  it('renders every layout of the order page and list, escaping hostile names', async () => {
    for (const layout of LAYOUTS) {
      const r = await fetch(`${base}/orders/MOTH-100239?layout=${layout}`);
      expect(r.status).toBe(200);
      const page = await r.text();
      expect(page).toContain('Order #MOTH-100239');
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<b>Please</b>');
      const list = await (await fetch(`${base}/orders?layout=${layout}`)).text();
      expect(list).toContain('MOTH-100234');
    }
    await control('POST', '/layout', { layout: 'shadow' });
    expect(await (await fetch(`${base}/orders/MOTH-100234`)).text()).toContain('<bc-order-items');
    expect((await fetch(`${base}/orders/NOPE-1`)).status).toBe(404);
    const spa = await (await fetch(`${base}/orders/MOTH-100234?layout=spa&fragment=1`)).json();
    expect(spa.title).toContain('MOTH-100234');
    expect(spa.html).toContain('Moth Logo Hoodie');
  });

  it('exports pure renderers taking a BcOrder or a JSON:API document', async () => {
    const order = {
      id: 'MOTH-1',
      customerName: 'Ada <Lovelace>',
      customerEmail: 'ada@example.org',
      note: '<script>x()</script>',
      address: {
        firstName: 'Ada',
        lastName: 'L',
        company: '',
        address1: '1 Row',
        address2: '',
        city: 'London',
        state: '',
        zip: 'N1',
        countryName: 'United Kingdom',
        countryCode: 'GB',
        phone: '',
      },
      shippingStatus: 'unshipped',
      paymentStatus: 'completed',
      createdAt: NOW,
      updatedAt: NOW,
      completedAt: NOW,
      total: 45,
      currency: 'GBP',
      items: [
        {
          id: '1',
          productId: '2',
          optionId: '3',
          productName: '<img src=x onerror=alert(1)>',
          optionName: 'Black / L',
          quantity: 2,
          price: 20,
          imageUrl: null,
        },
      ],
    };
    for (const layout of LAYOUTS) {
      const page = renderOrderPage(order, { layout });
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<script>x()');
      if (layout === 'table' || layout === 'cards' || layout === 'spa')
        expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      else expect(page).toContain('\\u003cimg src=x onerror=alert(1)\\u003e'); // in a JSON data island
      expect(renderOrdersList([order], { layout })).toContain('MOTH-1');
    }
    const doc = await control('GET', '/bc/orders/MOTH-100234');
    expect(renderOrderPage(doc, { layout: 'cards' })).toContain('Qty: 2');
  });

  it('chromiumArgs maps the real hostnames to the HTTPS port', () => {
    const [rules, ignore] = chromiumArgs(sb);
    for (const h of ['my.bigcartel.com', 'app.bigcartel.com', 'api.bigcartel.com', 'www.inkthreadable.co.uk']) {
      expect(rules).toContain(`MAP ${h} 127.0.0.1:${sb.httpsPort}`);
    }
    expect(ignore).toBe('--ignore-certificate-errors');
  });

  it('serves the HTTPS port with the same handler', async () => {
    const https = await import('node:https');
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(
          `${sb.httpsUrl}/orders/MOTH-100234`,
          { rejectUnauthorized: false, servername: 'my.bigcartel.com' },
          (res) => {
            let s = '';
            res.on('data', (c) => (s += c));
            res.on('end', () => resolve(s));
          },
        )
        .on('error', reject);
    });
    expect(body).toContain('Order #MOTH-100234');
  });
});

// ---- large seed ----------------------------------------------------------------------------------
describe('large seed', () => {
  it('generates 10k orders and serves them in pages', async () => {
    await control('POST', '/reset', {
      seed: { large: { orders: 10_000, products: 3000, years: 2, seed: 1 } },
      now: NOW,
      frozen: true,
    });
    const s = await control('GET', '/state');
    expect(s.bc.orders).toBe(10_000);
    const first = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=100&sort=-updated_at`);
    expect(first.meta.count).toBe(10_000);
    expect(first.data).toHaveLength(100);
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const page = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=100&page[offset]=${i * 100}&sort=updated_at`);
      for (const o of page.data) ids.add(o.id);
    }
    expect(ids.size).toBe(1000);
    const recent = encodeURIComponent(new Date(NOW_MS - 30 * 86400e3).toISOString());
    const recentAll = (await bcJson(`/accounts/${ACCOUNT}/orders?filter[completed_at_from]=${recent}&page[limit]=1`))
      .meta.count;
    const recentUnshipped = (
      await bcJson(
        `/accounts/${ACCOUNT}/orders?filter[completed_at_from]=${recent}&filter[shipping_status]=unshipped&page[limit]=1`,
      )
    ).meta.count;
    expect(recentUnshipped / recentAll).toBeGreaterThan(0.08);
    expect(recentUnshipped / recentAll).toBeLessThan(0.25);
    const products = await bcJson(`/accounts/${ACCOUNT}/products?page[limit]=100`);
    for (const p of products.data) expect(p.relationships.options.data.length).toBeGreaterThanOrEqual(3);
    // deterministic
    const again = await control('POST', '/reset', {
      seed: { large: { orders: 10_000, products: 3000, years: 2, seed: 1 } },
      now: NOW,
      frozen: true,
    });
    expect(again.bc).toEqual(s.bc);
    const same = await bcJson(`/accounts/${ACCOUNT}/orders?page[limit]=100&sort=-updated_at`);
    expect(same).toEqual(first);
  });

  it('seeds the benchmark store: every order unshipped, a set number of linked options, a share of orders with an unlinked item, many-item orders', async () => {
    await control('POST', '/reset', {
      seed: {
        large: {
          orders: 2000,
          products: 300,
          years: 2,
          seed: 3,
          unshipped: 1,
          linked: 500,
          unlinkedShare: 0.2,
          itemOrders: [50, 200],
        },
      },
      now: NOW,
      frozen: true,
    });
    const unshipped = await bcJson(`/accounts/${ACCOUNT}/orders?filter[shipping_status]=unshipped&page[limit]=1`);
    expect(unshipped.meta.count).toBe(2002);
    const links: { productId: string; optionId: string | null; pn: string; designs: { front: string } }[] =
      await control('GET', '/links');
    expect(links).toHaveLength(500);
    expect(new Set(links.map((l) => l.optionId)).size).toBe(500);
    const linked = new Set(links.map((l) => l.optionId));
    let withUnlinked = 0;
    let total = 0;
    for (let offset = 0; offset < 2002; offset += 100) {
      const page = await bcJson(
        `/accounts/${ACCOUNT}/orders?page[limit]=100&page[offset]=${offset}&sort=updated_at&include=items`,
      );
      for (const o of page.data) {
        if (String(o.id).startsWith('MOTH-ITEMS-')) continue;
        total++;
        const items = (page.included ?? []).filter((i: { type: string; id: string }) =>
          o.relationships.items.data.some((r: { id: string }) => r.id === i.id),
        );
        if (
          items.some(
            (i: { relationships?: { product_option?: { data: { id: string } | null } } }) =>
              !linked.has(i.relationships?.product_option?.data?.id ?? ''),
          )
        )
          withUnlinked++;
      }
    }
    expect(total).toBe(2000);
    expect(withUnlinked / total).toBeGreaterThan(0.15);
    expect(withUnlinked / total).toBeLessThan(0.25);
    for (const n of [50, 200]) {
      const o = await bcJson(`/accounts/${ACCOUNT}/orders/MOTH-ITEMS-${n}?include=items`);
      expect(o.data.relationships.items.data).toHaveLength(n);
    }
  });
});
