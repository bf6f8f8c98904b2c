// @vitest-environment node
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InkClient, type InkResult } from '@/lib/inkthreadable';
import {
  deadUrl,
  fixture,
  fixtureText,
  send,
  startServer,
  type Received,
  type TestServer,
} from './fixtures/test-server';
import { sampleBody } from './fixtures/ink-body';

const APP_ID = 'APP-00100205';
const SECRET = 'sekrit-Key-123';
const sha1 = (s: string) => createHash('sha1').update(Buffer.from(s, 'utf8')).digest('hex');

let server: TestServer;
/** Waits long enough for any answer the test server gives, however loaded the machine. */
let client: InkClient;
/** Gives up after 0.4 s: for the stalls, which never answer. */
let impatient: InkClient;

beforeEach(async () => {
  server = await startServer();
  client = new InkClient({ appId: APP_ID, secretKey: SECRET }, { baseUrl: `${server.url}/api`, timeoutMs: 10_000 });
  impatient = new InkClient({ appId: APP_ID, secretKey: SECRET }, { baseUrl: `${server.url}/api`, timeoutMs: 400 });
});
afterEach(async () => {
  await server.close();
});

/** The signed part of the wire query and the Signature, checking Signature is the last pair. */
function splitSigned(req: Received): { signed: string; signature: string } {
  const m = /^(.*)&Signature=([0-9a-f]{40})$/.exec(req.rawQuery);
  expect(m, `Signature must be the last pair: ${req.rawQuery}`).not.toBeNull();
  return { signed: m![1]!, signature: m![2]! };
}

/** Checks the request as the live service would; answers 403 {"error"} when it fails. */
function verifies(req: Received): boolean {
  const { signed, signature } = splitSigned(req);
  expect(signed.startsWith(`AppId=${APP_ID}`)).toBe(true);
  const payload = req.method === 'POST' ? req.body : signed;
  return sha1(payload + SECRET) === signature;
}

function expectNoSecretAnywhere(r: InkResult<unknown>): void {
  expect(JSON.stringify(r)).not.toContain(SECRET);
  for (const req of server.requests) {
    expect(req.url).not.toContain(SECRET);
    expect(req.body).not.toContain(SECRET);
    expect(JSON.stringify(req.headers)).not.toContain(SECRET);
  }
}

describe('createOrder', () => {
  it('POSTs the body once-serialised, signed over those exact bytes, and reads the order', async () => {
    server.handler = (req, res) => {
      if (!verifies(req)) return send(res, 200, { error: 'Invalid signature' });
      send(res, 200, fixtureText('inkthreadable/order-created.json'));
    };
    const body = sampleBody();
    const r = await client.createOrder(body);
    expect(r).toEqual({
      kind: 'ok',
      value: {
        id: '871204',
        externalId: 'MOTH-100234',
        status: 'received',
        trackingNumber: '',
        shippedAt: '',
        shippingMethod: 'recorded',
        createdAt: '2026-11-20T14:05:02+00:00',
        deleted: false,
        due: { amount: 43.02, currency: 'GBP' },
        brand: 'Moth Merch',
        items: [{ pn: 'JH001-JBK-L', quantity: 2 }],
        recipient: { name: 'Ada Lovelace', postcode: 'N1 9GU' },
      },
    });
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/orders.php');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toBe(JSON.stringify(body));
    const { signed, signature } = splitSigned(req);
    expect(signed).toBe(`AppId=${APP_ID}`);
    expect(signature).toBe(sha1(JSON.stringify(body) + SECRET));
    expectNoSecretAnywhere(r);
  });

  it('createOrderJson sends exactly the given string (whitespace and key order kept)', async () => {
    server.handler = (req, res) =>
      send(res, 200, verifies(req) ? fixtureText('inkthreadable/order-created.json') : { error: 'Invalid signature' });
    const json = JSON.stringify(sampleBody(), null, 2);
    const r = await client.createOrderJson(json);
    expect(r.kind).toBe('ok');
    expect(server.requests[0]!.body).toBe(json);
  });

  it('{"error"} with HTTP 200 is a definite rejection carrying the message', async () => {
    server.handler = (_req, res) => send(res, 200, { error: 'Product JH001-JBK-L not found' });
    const r = await client.createOrder(sampleBody());
    expect(r).toEqual({ kind: 'rejected', status: 200, message: 'Product JH001-JBK-L not found' });
  });

  it('a 4xx is a rejection (with the error text when there is one)', async () => {
    server.handler = (_req, res) => send(res, 422, { error: 'Invalid address' });
    expect(await client.createOrder(sampleBody())).toEqual({
      kind: 'rejected',
      status: 422,
      message: 'Invalid address',
    });
    server.handler = (_req, res) => send(res, 400, '<html>Bad Request</html>', { 'Content-Type': 'text/html' });
    expect(await client.createOrder(sampleBody())).toEqual({
      kind: 'rejected',
      status: 400,
      message: 'Inkthreadable refused the request (HTTP 400)',
    });
    server.handler = (_req, res) => send(res, 401, '');
    const r = await client.createOrder(sampleBody());
    expect(r.kind).toBe('rejected');
    if (r.kind === 'rejected') expect(r.message).toMatch(/check your App ID and Secret key/);
  });

  it.each([
    [
      'HTTP 500 with a body',
      (_q: Received, res: import('node:http').ServerResponse) => send(res, 500, { error: 'Internal error' }),
      /HTTP 500.*Internal error.*may or may not/,
    ],
    [
      'HTTP 502 with HTML',
      (_q: Received, res: import('node:http').ServerResponse) => send(res, 502, '<h1>Bad gateway</h1>'),
      /HTTP 502/,
    ],
    [
      'malformed JSON with 200',
      (_q: Received, res: import('node:http').ServerResponse) => send(res, 200, '{"order": {"id": "871204", '),
      /could not read/,
    ],
    [
      'an unexpected 200 shape',
      (_q: Received, res: import('node:http').ServerResponse) => send(res, 200, { ok: true }),
      /unexpected reply/,
    ],
    [
      'an order without an id',
      (_q: Received, res: import('node:http').ServerResponse) =>
        send(res, 200, { order: { external_id: 'MOTH-100234' } }),
      /unexpected reply/,
    ],
    [
      'a dropped socket',
      (_q: Received, res: import('node:http').ServerResponse) => res.socket?.destroy(),
      /Could not reach Inkthreadable/,
    ],
    ['a stall past the timeout', () => undefined, /did not answer within 0.4 s/],
    [
      'a reply about another order',
      (_q: Received, res: import('node:http').ServerResponse) =>
        send(res, 200, { order: { id: '1', external_id: 'MOTH-1' } }),
      /different order \(MOTH-1\)/,
    ],
  ])('%s is ambiguous (the order may exist)', async (name, handler, message) => {
    server.handler = handler;
    const r = await (name.startsWith('a stall') ? impatient : client).createOrder(sampleBody());
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.message).toMatch(message);
    expect(server.requests).toHaveLength(1); // never resent by the client
    expectNoSecretAnywhere(r);
  });

  it('a stall in the middle of the body is a timeout too', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"order": {"id": "87');
    };
    const r = await impatient.createOrder(sampleBody());
    expect(r).toMatchObject({ kind: 'ambiguous', message: expect.stringMatching(/did not answer/) });
  });

  it('429 is ambiguous and carries Retry-After', async () => {
    server.handler = (_req, res) => send(res, 429, { error: 'Too many requests' }, { 'Retry-After': '7' });
    const r = await client.createOrder(sampleBody());
    expect(r).toMatchObject({ kind: 'ambiguous', retryAfterMs: 7000 });
    server.handler = (_req, res) => send(res, 429, '');
    const r2 = await client.createOrder(sampleBody());
    expect(r2.kind).toBe('ambiguous');
    expect(r2).not.toHaveProperty('retryAfterMs');
  });

  it('an unreachable server is ambiguous', async () => {
    const c = new InkClient({ appId: APP_ID, secretKey: SECRET }, { baseUrl: await deadUrl(), timeoutMs: 1500 });
    const r = await c.createOrder(sampleBody());
    expect(r).toMatchObject({ kind: 'ambiguous', message: expect.stringMatching(/Could not reach Inkthreadable/) });
  });

  it('refuses an invalid body without sending anything', async () => {
    const body = sampleBody();
    body.items[0]!.designs = { front: 'http://insecure.example/f.png' };
    const r = await client.createOrder(body);
    expect(r).toMatchObject({ kind: 'rejected', status: 0 });
    expect(await client.createOrderJson('{not json')).toMatchObject({ kind: 'rejected', status: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('redacts the credentials if the service echoes them', async () => {
    server.handler = (_req, res) => send(res, 200, { error: `Bad secret ${SECRET} for ${APP_ID}` });
    const r = await client.createOrder(sampleBody());
    expect(r).toEqual({ kind: 'rejected', status: 200, message: 'Bad secret [redacted] for [redacted]' });
  });
});

describe('signed GETs', () => {
  it('getOrder: AppId first, Signature last, signed string = wire query minus the pair', async () => {
    server.handler = (req, res) =>
      send(res, 200, verifies(req) ? fixtureText('inkthreadable/order-created.json') : { error: 'Invalid signature' });
    const r = await client.getOrder('871204');
    expect(r.kind).toBe('ok');
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/order.php');
    const { signed, signature } = splitSigned(req);
    expect(signed).toBe(`AppId=${APP_ID}&id=871204`);
    expect(signature).toBe(sha1(`AppId=${APP_ID}&id=871204${SECRET}`));
    expect(req.body).toBe('');
  });

  it('getOrder: {"error": "Order not found"} is rejected', async () => {
    server.handler = (_req, res) => send(res, 200, fixtureText('inkthreadable/error-not-found.json'));
    expect(await client.getOrder('1')).toEqual({ kind: 'rejected', status: 200, message: 'Order not found' });
  });

  it('listOrders: every filter, encoded, signed exactly as sent; values arrive intact', async () => {
    server.handler = (req, res) =>
      send(res, 200, verifies(req) ? fixtureText('inkthreadable/orders-list.json') : { error: 'Invalid signature' });
    const q = {
      ids: ['871204', '871190'],
      limit: 250,
      page: 2,
      sinceId: '871000',
      createdAtMin: '2026-11-20T00:00:00+00:00',
      createdAtMax: '2026-11-21T23:59:59Z',
      status: "internal order query (it's odd)!*",
    };
    const r = await client.listOrders(q);
    expect(r.kind).toBe('ok');
    const req = server.requests[0]!;
    const { signed } = splitSigned(req);
    expect(signed).toBe(
      `AppId=${APP_ID}&ids=871204%2C871190&limit=250&page=2&since_id=871000` +
        '&created_at_min=2026-11-20T00%3A00%3A00%2B00%3A00&created_at_max=2026-11-21T23%3A59%3A59Z' +
        '&status=internal%20order%20query%20%28it%27s%20odd%29%21%2A',
    );
    const params = new URLSearchParams(req.rawQuery);
    expect(params.get('created_at_min')).toBe(q.createdAtMin);
    expect(params.get('status')).toBe(q.status);
    expect(params.get('ids')).toBe('871204,871190');
    expect([...params.keys()]).toEqual([
      'AppId',
      'ids',
      'limit',
      'page',
      'since_id',
      'created_at_min',
      'created_at_max',
      'status',
      'Signature',
    ]);
  });

  it('listOrders: reads wrapped and bare elements and both spellings', async () => {
    server.handler = (_req, res) => send(res, 200, fixtureText('inkthreadable/orders-list.json'));
    const r = await client.listOrders({});
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value.map((o) => [o.id, o.externalId, o.status, o.shippedAt, o.deleted])).toEqual([
      ['871204', 'MOTH-100234', 'printing', '', false],
      ['871190', 'MOTH-100199', 'paid', '2026-11-21T10:00:00+00:00', false],
    ]);
    expect(r).not.toHaveProperty('skipped');
    expect(server.requests[0]!.rawQuery).toMatch(/^AppId=APP-00100205&Signature=[0-9a-f]{40}$/);
  });

  it('listOrders: an unreadable element is skipped (and reported), not fatal', async () => {
    const list = fixture<{ orders: unknown[] }>('inkthreadable/orders-list.json');
    list.orders.push({ order: { external_id: 'MOTH-100300', status: 'paid' } }, 'garbage');
    server.handler = (_req, res) => send(res, 200, list);
    const r = await client.listOrders({});
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value).toHaveLength(2);
    expect(r.skipped).toEqual([
      { index: 2, externalId: 'MOTH-100300', message: expect.any(String) },
      { index: 3, externalId: null, message: expect.any(String) },
    ]);
  });

  it.each([
    ['{"orders": null}', { orders: null }],
    ['a bare array', []],
    ['{"order": {...}}', fixture('inkthreadable/order-created.json')],
  ])('listOrders: %s is ambiguous', async (_n, reply) => {
    server.handler = (_req, res) => send(res, 200, reply as object);
    expect((await client.listOrders({})).kind).toBe('ambiguous');
  });

  it('listOrders: {"error"} is rejected', async () => {
    server.handler = (_req, res) => send(res, 200, { error: 'Invalid signature' });
    expect(await client.listOrders({})).toEqual({ kind: 'rejected', status: 200, message: 'Invalid signature' });
  });
});

describe('listAllOrders', () => {
  const page = (n: number, start: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: String(start + i),
      external_id: `MOTH-${start + i}`,
      status: 'received',
    }));
  const isCount = (req: Received) => req.path === '/api/orders/count.php';

  it('pages with limit 250 until an empty page, each page signed on its own, then checks the count', async () => {
    server.handler = (req, res) => {
      if (!verifies(req)) return send(res, 200, { error: 'Invalid signature' });
      if (isCount(req)) return send(res, 200, { count: 503 });
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      send(res, 200, { orders: p === 1 ? page(250, 1000) : p === 2 ? page(250, 1250) : p === 3 ? page(3, 1500) : [] });
    };
    const r = await client.listAllOrders({ createdAtMin: '2026-11-20T00:00:00Z' });
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.value).toHaveLength(503);
    const lists = server.requests.filter((q) => !isCount(q));
    expect(lists.map((q) => new URLSearchParams(q.rawQuery).get('page'))).toEqual(['1', '2', '3', '4']);
    for (const q of lists) {
      const p = new URLSearchParams(q.rawQuery);
      expect(p.get('limit')).toBe('250');
      expect(p.get('created_at_min')).toBe('2026-11-20T00:00:00Z');
    }
    // The count is asked with the same filters, after the last page.
    const counts = server.requests.filter(isCount);
    expect(counts).toHaveLength(1);
    expect(server.requests.at(-1)).toBe(counts[0]);
    expect(new URLSearchParams(counts[0]!.rawQuery).get('created_at_min')).toBe('2026-11-20T00:00:00Z');
  });

  it('a short page that is not the last does not end the read', async () => {
    server.handler = (req, res) => {
      if (isCount(req)) return send(res, 200, { count: 130 });
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      send(res, 200, { orders: p === 1 ? page(100, 1) : p === 2 ? page(30, 500) : [] });
    };
    const r = await client.listAllOrders({});
    expect(r.kind === 'ok' && r.value.map((o) => o.id)).toContain('529');
    expect(r.kind === 'ok' && r.value).toHaveLength(130);
  });

  it('a count that disagrees with the list makes the read unknown (ambiguous), naming both figures', async () => {
    server.handler = (req, res) => {
      if (isCount(req)) return send(res, 200, { count: 4 });
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      send(res, 200, { orders: p === 1 ? page(3, 1) : [] });
    };
    const r = await client.listAllOrders({});
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.message).toContain('(3) and its count (4) disagree');
  });

  it('reads a count answered with HTTP 500 and a valid body; a count that cannot be read is unknown', async () => {
    let countStatus = 500;
    let countBody: string | object = { count: '2' };
    server.handler = (req, res) => {
      if (isCount(req)) return send(res, countStatus, countBody);
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      send(res, 200, { orders: p === 1 ? page(2, 1) : [] });
    };
    const ok = await client.listAllOrders({});
    expect(ok.kind === 'ok' && ok.value).toHaveLength(2);
    countStatus = 500;
    countBody = '<b>Fatal error</b>';
    const junk = await client.listAllOrders({});
    expect(junk.kind).toBe('ambiguous');
    expect(junk.kind === 'ambiguous' && junk.message).toContain('count could not be read');
  });

  it('counts unreadable elements too, so a skipped element neither ends paging nor breaks the count', async () => {
    server.handler = (req, res) => {
      if (isCount(req)) return send(res, 200, { count: 251 });
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      const orders: unknown[] = p === 1 ? [...page(249, 1), 'broken'] : p === 2 ? page(1, 900) : [];
      send(res, 200, { orders });
    };
    const r = await client.listAllOrders({});
    expect(server.requests.filter((q) => !isCount(q))).toHaveLength(3);
    expect(r.kind === 'ok' && r.value.length).toBe(250);
    expect(r.kind === 'ok' && r.skipped).toHaveLength(1);
  });

  it('checkCount: false reads to the empty page and asks no count', async () => {
    server.handler = (req, res) => {
      if (isCount(req)) return send(res, 500, { count: 99 });
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      send(res, 200, { orders: p === 1 ? page(100, 1) : p === 2 ? page(2, 500) : [] });
    };
    const r = await client.listAllOrders({}, 40, { checkCount: false });
    expect(r.kind === 'ok' && r.value).toHaveLength(102);
    expect(server.requests.filter(isCount)).toHaveLength(0);
  });

  it('is ambiguous past maxPages (an incomplete list never looks complete)', async () => {
    server.handler = (_req, res) => send(res, 200, { orders: page(250, 1) });
    const r = await client.listAllOrders({}, 2);
    expect(r.kind).toBe('ambiguous');
    expect(server.requests).toHaveLength(2);
  });

  it('a failing page fails the whole listing', async () => {
    server.handler = (req, res) => {
      const p = Number(new URLSearchParams(req.rawQuery).get('page'));
      if (p === 1) send(res, 200, { orders: page(250, 1) });
      else send(res, 503, 'down');
    };
    expect((await client.listAllOrders({})).kind).toBe('ambiguous');
  });
});

describe('countOrders', () => {
  it('reads the count (path, filters, signature)', async () => {
    server.handler = (req, res) =>
      send(res, 200, verifies(req) ? fixtureText('inkthreadable/count.json') : { error: 'Invalid signature' });
    expect(await client.countOrders({ status: 'received' })).toEqual({ kind: 'ok', value: 2 });
    expect(server.requests[0]!.path).toBe('/api/orders/count.php');
    expect(splitSigned(server.requests[0]!).signed).toBe(`AppId=${APP_ID}&status=received`);
  });

  it('reads the body of an HTTP 500 (the live service does that)', async () => {
    server.handler = (_req, res) => send(res, 500, { count: '5' });
    expect(await client.countOrders({})).toEqual({ kind: 'ok', value: 5 });
  });

  it('HTTP 500 with {"error"} is rejected; with junk it is ambiguous', async () => {
    server.handler = (_req, res) => send(res, 500, { error: 'Invalid signature' });
    expect(await client.countOrders({})).toEqual({ kind: 'rejected', status: 500, message: 'Invalid signature' });
    server.handler = (_req, res) => send(res, 500, '<b>Fatal error</b>');
    expect((await client.countOrders({})).kind).toBe('ambiguous');
  });
});

describe('cancelOrder', () => {
  it('sends a signed DELETE with the id', async () => {
    server.handler = (req, res) =>
      send(res, 200, verifies(req) ? { order: { id: '871204', deleted: 'true' } } : { error: 'Invalid signature' });
    expect(await client.cancelOrder('871204')).toEqual({ kind: 'ok', value: undefined });
    const req = server.requests[0]!;
    expect(req.method).toBe('DELETE');
    expect(req.path).toBe('/api/orders.php');
    expect(splitSigned(req).signed).toBe(`AppId=${APP_ID}&id=871204`);
  });

  it('accepts an empty 200/204', async () => {
    server.handler = (_req, res) => {
      res.writeHead(204, { Connection: 'close' });
      res.end();
    };
    expect((await client.cancelOrder('1')).kind).toBe('ok');
  });

  it('{"error"} is rejected; 5xx is ambiguous', async () => {
    server.handler = (_req, res) => send(res, 200, { error: 'Order cannot be cancelled' });
    expect(await client.cancelOrder('1')).toEqual({
      kind: 'rejected',
      status: 200,
      message: 'Order cannot be cancelled',
    });
    server.handler = (_req, res) => send(res, 503, '');
    expect((await client.cancelOrder('1')).kind).toBe('ambiguous');
  });
});

describe('testConnection', () => {
  it('ok when a signed page of one order is answered (never the count, which answers 500 and gets throttled)', async () => {
    server.handler = (req, res) =>
      send(res, verifies(req) ? 200 : 500, verifies(req) ? { orders: [] } : { error: 'Invalid signature' });
    expect(await client.testConnection()).toEqual({ kind: 'ok', value: undefined });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.path).toBe('/api/orders.php');
    expect(server.requests[0]!.rawQuery).toContain('limit=1');
  });

  it('a wrong secret is rejected with "check your App ID and Secret key"', async () => {
    server.handler = (req, res) => send(res, 200, verifies(req) ? { orders: [] } : { error: 'Invalid signature' });
    const wrong = new InkClient({ appId: APP_ID, secretKey: 'wrong-secret' }, { baseUrl: `${server.url}/api` });
    const r = await wrong.testConnection();
    expect(r.kind).toBe('rejected');
    if (r.kind === 'rejected') {
      expect(r.message).toMatch(/check your App ID and Secret key/);
      expect(r.message).toContain('Invalid signature');
      expect(r.message).not.toContain('wrong-secret');
    }
  });

  it('a 403 without a body is rejected the same way', async () => {
    server.handler = (_req, res) => send(res, 403, '');
    const r = await client.testConnection();
    expect(r).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: expect.stringMatching(/check your App ID and Secret key/),
    });
  });

  it('network trouble is ambiguous, not a credentials problem', async () => {
    const c = new InkClient({ appId: APP_ID, secretKey: SECRET }, { baseUrl: await deadUrl() });
    const r = await c.testConnection();
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.message).not.toMatch(/check your App ID/);
    server.handler = () => undefined; // stall
    const slow = new InkClient({ appId: APP_ID, secretKey: SECRET }, { baseUrl: server.url, timeoutMs: 200 });
    expect(await slow.testConnection()).toMatchObject({
      kind: 'ambiguous',
      message: expect.stringMatching(/did not answer/),
    });
  });

  it('empty credentials are refused without a request', async () => {
    const c = new InkClient({ appId: ' ', secretKey: '' }, { baseUrl: server.url });
    expect(await c.testConnection()).toMatchObject({ kind: 'rejected', status: 0 });
    expect(server.requests).toHaveLength(0);
  });
});
