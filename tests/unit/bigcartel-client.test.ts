// @vitest-environment node
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BC_AUTH_MESSAGE, BC_FOREIGN_LINK, BC_READ_ERROR, BcClient, type BcCredentials } from '@/lib/bigcartel/client';
import {
  deadUrl,
  fixture,
  fixtureText,
  send,
  startServer,
  type Received,
  type TestServer,
} from './fixtures/test-server';

const BASIC: BcCredentials = { kind: 'basic', subdomain: 'mothmerch', password: 'pässwörd:1' };
const TOKEN: BcCredentials = { kind: 'token', token: 'tok_abc123' };
const DATE = 'Fri, 27 Nov 2026 08:00:00 GMT';

let server: TestServer;
let sleeps: number[];
const IMPATIENT = { timeoutMs: 400 };

/** Waits long enough for any answer the test server gives; the stalls' tests give up after 0.4 s. */
const client = (creds: BcCredentials = BASIC, extra: Partial<ConstructorParameters<typeof BcClient>[1]> = {}) =>
  new BcClient(creds, {
    baseUrl: server.url,
    timeoutMs: 10_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });

type Reply = [status: number, body: string | object, headers?: Record<string, string>];

/** What Big Cartel would answer: checks Accept and Authorization, serves fixtures by path. */
function bigCartelReply(req: Received): Reply {
  if (req.headers.accept !== 'application/vnd.api+json') return [406, ''];
  const expected = `Basic ${Buffer.from('mothmerch:pässwörd:1', 'utf8').toString('base64')}`;
  if (req.headers.authorization !== expected && req.headers.authorization !== 'Bearer tok_abc123') {
    return [401, ''];
  }
  const headers = { Date: DATE, 'Content-Type': 'application/vnd.api+json' };
  if (req.path === '/v1/accounts') return [200, fixtureText('bigcartel/accounts.json'), headers];
  if (req.path === '/v1/accounts/4721901/orders') return [200, fixtureText('bigcartel/orders-page.json'), headers];
  if (req.path === '/v1/accounts/4721901/orders/MOTH-100234')
    return [200, fixtureText('bigcartel/order.json'), headers];
  if (req.path === '/v1/accounts/4721901/products/330011') return [200, fixtureText('bigcartel/product.json'), headers];
  if (req.path === '/v1/accounts/4721901/products') {
    const p = fixture<{ data: unknown }>('bigcartel/product.json');
    return [200, { ...p, data: [p.data], meta: { count: 1 }, links: {} }, headers];
  }
  if (req.path === '/v1/accounts/4721901/orders/MOTH-100234/shipments' && req.method === 'POST') {
    return [201, { data: { id: '1', type: 'shipments' } }, headers];
  }
  return [404, { errors: [{ title: 'Not found', detail: 'No such record' }] }];
}

/** Answers like Big Cartel. */
function bigCartel(req: Received, res: ServerResponse): void {
  send(res, ...bigCartelReply(req));
}

/** Fails `n` times with `fail`, then behaves like Big Cartel. */
function failing(n: number, fail: (res: ServerResponse) => void) {
  let left = n;
  return (req: Received, res: ServerResponse) => {
    if (left-- > 0) return fail(res);
    bigCartel(req, res);
  };
}

beforeEach(async () => {
  server = await startServer();
  server.handler = bigCartel;
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

describe('headers and credentials', () => {
  it('Basic: base64(subdomain:password) of the UTF-8 bytes, Accept on every request, no Content-Type on GET', async () => {
    const r = await client(BASIC).getAccount();
    expect(r).toEqual({
      kind: 'ok',
      value: { id: '4721901', subdomain: 'mothmerch', storeName: 'Moth Merch', currency: 'GBP' },
      serverDate: '2026-11-27T08:00:00.000Z',
    });
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/v1/accounts');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('mothmerch:pässwörd:1').toString('base64')}`);
    expect(req.headers.accept).toBe('application/vnd.api+json');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('Bearer token', async () => {
    expect((await client(TOKEN).getAccount()).kind).toBe('ok');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer tok_abc123');
  });

  it('401 is auth with the reconnect message (and is not retried)', async () => {
    const r = await client({ kind: 'basic', subdomain: 'mothmerch', password: 'wrong' }).getAccount();
    expect(r).toEqual({ kind: 'auth', message: BC_AUTH_MESSAGE });
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain('wrong');
  });

  it('an unreadable Date header gives serverDate null', async () => {
    server.handler = (_req, res) => send(res, 200, fixtureText('bigcartel/accounts.json'), { Date: 'not a date' });
    expect(await client().getAccount()).toMatchObject({ kind: 'ok', serverDate: null });
  });

  it('no account in the reply is a rejection', async () => {
    server.handler = (_req, res) => send(res, 200, { data: [] });
    expect(await client().getAccount()).toMatchObject({ kind: 'rejected' });
  });
});

describe('orders', () => {
  it('listOrdersPage sends the filters as JSON:API query parameters and reads the page', async () => {
    const r = await client().listOrdersPage('4721901', {
      shippingStatus: 'unshipped',
      updatedAtFrom: '2026-11-20T00:00:00Z',
      completedAtFrom: '2026-11-01T00:00:00Z',
      sort: '-updated_at',
      offset: 100,
      search: 'Ada Lovelace',
    });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value.orders.map((o) => o.id)).toEqual(['MOTH-100235', 'MOTH-099870']);
    expect(r.value.problems).toEqual([]);
    expect(r.value.count).toBe(3);
    expect(r.value.next).toBe(fixture<{ links: { next: string } }>('bigcartel/orders-page.json').links.next);
    expect(r.serverDate).toBe('2026-11-27T08:00:00.000Z');
    const q = new URLSearchParams(server.requests[0]!.rawQuery);
    expect(Object.fromEntries(q)).toEqual({
      'page[limit]': '100',
      'page[offset]': '100',
      'filter[shipping_status]': 'unshipped',
      'filter[updated_at_from]': '2026-11-20T00:00:00Z',
      'filter[completed_at_from]': '2026-11-01T00:00:00Z',
      sort: '-updated_at',
      search: 'Ada Lovelace',
    });
  });

  it('follows links.next onto the configured baseUrl, with credentials', async () => {
    const next = fixture<{ links: { next: string } }>('bigcartel/orders-page.json').links.next;
    const r = await client(TOKEN).listOrdersPage('4721901', { url: next });
    expect(r.kind).toBe('ok');
    const req = server.requests[0]!;
    expect(req.url).toBe('/v1/accounts/4721901/orders?page%5Blimit%5D=2&page%5Boffset%5D=2&sort=-updated_at');
    expect(req.headers.authorization).toBe('Bearer tok_abc123');
  });

  it('follows a link already on the configured origin as is', async () => {
    const r = await client().listOrdersPage('4721901', {
      url: `${server.url}/v1/accounts/4721901/orders?page%5Boffset%5D=4`,
    });
    expect(r.kind).toBe('ok');
    expect(server.requests[0]!.url).toBe('/v1/accounts/4721901/orders?page%5Boffset%5D=4');
  });

  it.each([
    ['another host', 'https://evil.example/v1/accounts/4721901/orders?page%5Boffset%5D=2'],
    ['plain http', 'http://api.bigcartel.com/v1/accounts/4721901/orders'],
    ['a look-alike host', 'https://api.bigcartel.com.evil.example/v1/accounts/4721901/orders'],
    ['user info', 'https://user:pw@api.bigcartel.com/v1/accounts/4721901/orders'],
    ['another port', 'https://api.bigcartel.com:8443/v1/accounts/4721901/orders'],
  ])('refuses a next link on %s without sending anything', async (_n, url) => {
    const r = await client().listOrdersPage('4721901', { url });
    expect(r).toEqual({ kind: 'unavailable', message: BC_FOREIGN_LINK });
    expect(server.requests).toHaveLength(0);
  });

  it('a page whose links.next points elsewhere is unavailable (the listing cannot be completed safely)', async () => {
    const page = fixture<{ links: { next: string } }>('bigcartel/orders-page.json');
    page.links.next = 'https://collector.evil.example/steal';
    server.handler = (_req, res) => send(res, 200, page);
    expect(await client().listOrdersPage('4721901', {})).toEqual({ kind: 'unavailable', message: BC_FOREIGN_LINK });
    expect(server.requests).toHaveLength(1);
  });

  it('reports orders that cannot be read completely as problems', async () => {
    const page = fixture<{ included: { id: string }[] }>('bigcartel/orders-page.json');
    page.included = page.included.filter((r) => r.id !== '9010');
    server.handler = (_req, res) => send(res, 200, page);
    const r = await client().listOrdersPage('4721901', {});
    expect(r.kind === 'ok' && r.value.orders.map((o) => o.id)).toEqual(['MOTH-099870']);
    expect(r.kind === 'ok' && r.value.problems).toEqual([
      { id: 'MOTH-100235', message: expect.stringContaining('9010') },
    ]);
  });

  it('getOrder reads one order; an incomplete one is unavailable with the reason', async () => {
    const r = await client().getOrder('4721901', 'MOTH-100234');
    expect(r.kind === 'ok' && r.value.items.map((i) => i.id)).toEqual(['9001', '9002', '9003']);
    const doc = fixture<{ included: { id: string }[] }>('bigcartel/order.json');
    doc.included = doc.included.filter((x) => x.id !== '9003');
    server.handler = (_req, res) => send(res, 200, doc);
    const bad = await client().getOrder('4721901', 'MOTH-100234');
    expect(bad).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('line item 9003') });
  });

  it('encodes path segments', async () => {
    await client().getOrder('47/21', 'A B?');
    expect(server.requests[0]!.path).toBe('/v1/accounts/47%2F21/orders/A%20B%3F');
  });

  it.each([
    [
      '404 with JSON:API errors',
      404,
      { errors: [{ title: 'Not found', detail: 'No such order' }] },
      /HTTP 404.*No such order/,
    ],
    ['402', 402, '', /HTTP 402/],
    ['406', 406, 'nope', /HTTP 406/],
    ['422', 422, { errors: [{ title: 'Invalid' }] }, /HTTP 422.*Invalid/],
  ])('%s is rejected, not retried', async (_n, status, body, message) => {
    server.handler = (_req, res) => send(res, status, body as string | object);
    const r = await client().getOrder('4721901', 'X');
    expect(r).toMatchObject({ kind: 'rejected', status, message: expect.stringMatching(message) });
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats the password or token in a message', async () => {
    server.handler = (_req, res) => send(res, 422, { errors: [{ detail: 'bad pässwörd:1 and tok_abc123' }] });
    const r1 = await client(BASIC).getOrder('4721901', 'X');
    const r2 = await client(TOKEN).getOrder('4721901', 'X');
    expect(JSON.stringify(r1)).not.toContain('pässwörd:1');
    expect(JSON.stringify(r2)).not.toContain('tok_abc123');
  });
});

describe('malformed replies', () => {
  it.each([
    ['broken JSON', '{"data": [ {"id": '],
    ['no data', { meta: { count: 0 } }],
    ['data null', { data: null }],
    ['an HTML page', '<html>maintenance</html>'],
  ])('%s is unavailable with the could-not-read message (no retry)', async (_n, body) => {
    server.handler = (_req, res) => send(res, 200, body as string | object);
    expect(await client().listOrdersPage('4721901', {})).toEqual({ kind: 'unavailable', message: BC_READ_ERROR });
    expect(BC_READ_ERROR).toBe('Big Cartel sent a reply the extension could not read');
    expect(server.requests).toHaveLength(1);
  });
});

describe('GET retries', () => {
  it('retries 5xx with exponential backoff, then succeeds', async () => {
    server.handler = failing(2, (res) => send(res, 503, 'busy'));
    const r = await client().getAccount();
    expect(r.kind).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('honours Retry-After on 429 (seconds or HTTP date)', async () => {
    server.handler = failing(1, (res) => send(res, 429, '', { 'Retry-After': '2' }));
    expect((await client().getAccount()).kind).toBe('ok');
    expect(sleeps).toEqual([2000]);
    sleeps = [];
    server.handler = failing(1, (res) =>
      send(res, 429, '', { 'Retry-After': new Date(Date.now() + 3_000).toUTCString() }),
    );
    expect((await client().getAccount()).kind).toBe('ok');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]!).toBeGreaterThan(1_000);
    expect(sleeps[0]!).toBeLessThanOrEqual(3_000);
  });

  it('a Retry-After beyond the cap ends at once as unavailable', async () => {
    server.handler = (_req, res) => send(res, 429, '', { 'Retry-After': '120' });
    const r = await client().getAccount();
    expect(r).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/wait 120 s/) });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after `retries` retries (default 3) with unavailable', async () => {
    server.handler = (_req, res) => send(res, 500, { errors: [{ title: 'oops' }] });
    const r = await client().getAccount();
    expect(r).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/HTTP 500/) });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
    server.requests.length = 0;
    await client(BASIC, { retries: 0 }).getAccount();
    expect(server.requests).toHaveLength(1);
  });

  it('backoff is capped at 8 s', async () => {
    server.handler = (_req, res) => send(res, 502, '');
    await client(BASIC, { retries: 6 }).getAccount();
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('retries a dropped socket', async () => {
    server.handler = failing(1, (res) => res.socket?.destroy());
    expect((await client().getAccount()).kind).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a stall past the timeout', async () => {
    server.handler = failing(1, () => undefined);
    expect((await client(BASIC, IMPATIENT).getAccount()).kind).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('a stall every time ends unavailable with the timeout', async () => {
    server.handler = () => undefined;
    const r = await client(BASIC, { ...IMPATIENT, retries: 1 }).getAccount();
    expect(r).toEqual({ kind: 'unavailable', message: 'Big Cartel did not answer within 0.4 s' });
  });

  it('an unreachable server is unavailable', async () => {
    const c = new BcClient(BASIC, { baseUrl: await deadUrl(), sleep: async () => {} });
    expect(await c.getAccount()).toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/Could not reach Big Cartel/),
    });
  });

  it('does not follow redirects (credentials stay on the API origin)', async () => {
    const other = await startServer();
    other.handler = (_req, res) => send(res, 200, fixtureText('bigcartel/accounts.json'));
    server.handler = (_req, res) => {
      res.writeHead(302, { Location: `${other.url}/v1/accounts`, Connection: 'close' });
      res.end();
    };
    const r = await client(BASIC, { retries: 0 }).getAccount();
    expect(r.kind).toBe('unavailable');
    expect(other.requests).toHaveLength(0);
    await other.close();
  });
});

describe('products', () => {
  it('getProduct reads product.json', async () => {
    const r = await client().getProduct('4721901', '330011');
    expect(r.kind === 'ok' && r.value.options.map((o) => o.name)).toEqual(['Black / M', 'Black / L', 'Black / XL']);
  });

  it('listProductsPage sends page parameters and reads the list', async () => {
    const r = await client().listProductsPage('4721901', { limit: 50, offset: 50 });
    expect(r).toMatchObject({ kind: 'ok', value: { next: null, count: 1, problems: [] } });
    expect(r.kind === 'ok' && r.value.products.map((p) => p.id)).toEqual(['330011']);
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]!.rawQuery))).toEqual({
      'page[limit]': '50',
      'page[offset]': '50',
    });
  });

  it('listProductsPage refuses a foreign next link', async () => {
    expect(await client().listProductsPage('4721901', { url: 'https://evil.example/x' })).toEqual({
      kind: 'unavailable',
      message: BC_FOREIGN_LINK,
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('createShipment', () => {
  const shipment = {
    items: [
      { lineItemId: '9001', quantity: 2 },
      { lineItemId: '9002', quantity: 1 },
    ],
    carrier: 'Royal Mail',
    trackingNumber: 'RM123456785GB',
    trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB',
    notifyCustomer: true,
  };

  it('POSTs the JSON:API shipment with both content headers', async () => {
    const r = await client().createShipment('4721901', 'MOTH-100234', shipment);
    expect(r).toEqual({ kind: 'ok', value: undefined, serverDate: '2026-11-27T08:00:00.000Z' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/accounts/4721901/orders/MOTH-100234/shipments');
    expect(req.headers['content-type']).toBe('application/vnd.api+json');
    expect(req.headers.accept).toBe('application/vnd.api+json');
    expect(JSON.parse(req.body)).toEqual({
      data: {
        type: 'shipments',
        attributes: {
          notify_customer: true,
          items: [
            { order_line_item_id: '9001', quantity: 2 },
            { order_line_item_id: '9002', quantity: 1 },
          ],
          carrier: 'Royal Mail',
          tracking_number: 'RM123456785GB',
          tracking_url: 'https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB',
        },
      },
    });
  });

  it('leaves tracking_url out when not given', async () => {
    const { trackingUrl: _drop, ...rest } = shipment;
    await client().createShipment('4721901', 'MOTH-100234', { ...rest, notifyCustomer: false });
    const attrs = JSON.parse(server.requests[0]!.body).data.attributes;
    expect(attrs).not.toHaveProperty('tracking_url');
    expect(attrs.notify_customer).toBe(false);
  });

  it.each(['', '   '])(
    'without a tracking number (%j) sends no carrier, tracking number or link',
    async (trackingNumber) => {
      await client().createShipment('4721901', 'MOTH-100234', { ...shipment, trackingNumber });
      expect(JSON.parse(server.requests[0]!.body).data.attributes).toEqual({
        notify_customer: true,
        items: [
          { order_line_item_id: '9001', quantity: 2 },
          { order_line_item_id: '9002', quantity: 1 },
        ],
      });
    },
  );

  it.each([
    ['HTTP 500', (res: ServerResponse) => send(res, 500, '')],
    ['a dropped socket', (res: ServerResponse) => res.socket?.destroy()],
    ['a stall', () => undefined],
  ])('%s is unavailable and NOT retried (the shipment may exist)', async (_n, fail) => {
    server.handler = failing(1, fail);
    const r = await client(BASIC, IMPATIENT).createShipment('4721901', 'MOTH-100234', shipment);
    expect(r).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/may or may not have been saved/) });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('429 (not processed) is retried', async () => {
    server.handler = failing(1, (res) => send(res, 429, '', { 'Retry-After': '1' }));
    expect((await client().createShipment('4721901', 'MOTH-100234', shipment)).kind).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('422 is rejected; 401 is auth', async () => {
    server.handler = (_req, res) => send(res, 422, { errors: [{ detail: 'Quantity exceeds unshipped' }] });
    expect(await client().createShipment('4721901', 'MOTH-100234', shipment)).toMatchObject({
      kind: 'rejected',
      status: 422,
      message: expect.stringContaining('Quantity exceeds unshipped'),
    });
    server.handler = (_req, res) => send(res, 401, '');
    expect(await client().createShipment('4721901', 'MOTH-100234', shipment)).toEqual({
      kind: 'auth',
      message: BC_AUTH_MESSAGE,
    });
  });

  it('refuses invalid input without a request', async () => {
    const c = client();
    expect(await c.createShipment('4721901', 'X', { ...shipment, items: [] })).toMatchObject({
      kind: 'rejected',
      status: 0,
    });
    expect(
      await c.createShipment('4721901', 'X', { ...shipment, items: [{ lineItemId: '1', quantity: 0 }] }),
    ).toMatchObject({ kind: 'rejected', status: 0 });
    expect(await c.createShipment('4721901', 'X', { ...shipment, trackingUrl: 'javascript:alert(1)' })).toMatchObject({
      kind: 'rejected',
      status: 0,
    });
    expect(server.requests).toHaveLength(0);
  });
});
