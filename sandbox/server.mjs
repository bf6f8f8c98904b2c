#!/usr/bin/env node
// The sandbox: one request handler served over HTTPS (for Chromium, under the real hostnames via
// --host-resolver-rules) and plain HTTP (for Node tests at 127.0.0.1). Requests are routed by
// PATH, never by Host:
//   /v1/...          Big Cartel API v1 (JSON:API)           service "bc"
//   /api/...         Inkthreadable order API                service "ink"
//   /__sandbox/...   control API for tests (JSON)           not recorded
//   anything else    Big Cartel seller admin pages (HTML)   service "admin"
// Node standard library only; run `node sandbox/server.mjs --help` for the CLI.
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { handleAdmin, LAYOUTS } from './admin.mjs';
import { BAD_JSONAPI, BC_CREDENTIALS, bcError, handleBigCartel, orderDocument } from './bigcartel.mjs';
import { ensureCert } from './cert.mjs';
import { handleInk, inkJson, inkOrderJson, inkPreflight, INK_CREDENTIALS, validateCreate } from './inkthreadable.mjs';
import { HttpError, SandboxState } from './model.mjs';
import { iso, parseIso, prng, sleep } from './util.mjs';

/** @typedef {import('./bigcartel.mjs').Reply} Reply */
/** @typedef {import('./bigcartel.mjs').Ctx} Ctx */

export const SANDBOX_CREDENTIALS = Object.freeze({
  bigcartel: Object.freeze({
    accountId: BC_CREDENTIALS.accountId,
    subdomain: BC_CREDENTIALS.subdomain,
    password: BC_CREDENTIALS.password,
    token: BC_CREDENTIALS.token,
  }),
  inkthreadable: Object.freeze({ appId: INK_CREDENTIALS.appId, secretKey: INK_CREDENTIALS.secretKey }),
});

/** Hostnames Chromium is pointed at the sandbox for. */
export const SANDBOX_HOSTS = Object.freeze([
  'my.bigcartel.com',
  'app.bigcartel.com',
  'api.bigcartel.com',
  'www.inkthreadable.co.uk',
  'images.bigcartel.com',
]);

export const FAULT_KINDS = Object.freeze([
  '500',
  '429',
  '401',
  'stall',
  'malformed',
  'error200',
  'drop-after-store',
  'hold',
  'bad-jsonapi',
]);

/** What chaos mode may inject, per service, when no list of kinds is given. */
export const CHAOS_KINDS = Object.freeze({
  ink: Object.freeze(['500', '429', 'malformed', 'error200', 'drop-after-store', '500-store', 'stall']),
  bc: Object.freeze(['500', '429', 'malformed', 'bad-jsonapi', 'stall']),
});

const MAX_BODY = 10 * 1024 * 1024;

/** @param {string} path */
function serviceOf(path) {
  if (path === '/v1' || path.startsWith('/v1/')) return 'bc';
  if (path === '/api' || path.startsWith('/api/')) return 'ink';
  if (path === '/__sandbox' || path.startsWith('/__sandbox/')) return 'control';
  return 'admin';
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<Buffer>} */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** @param {unknown} body @param {number} [status] @returns {Reply} */
function controlJson(body, status = 200) {
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    },
    body: JSON.stringify(body, null, 2),
  };
}

/**
 * @param {string} service @param {string} kind
 * @returns {Reply}
 */
function faultReply(service, kind) {
  const jsonType = { 'Content-Type': 'application/json; charset=utf-8' };
  if (kind === '401') {
    if (service === 'bc') return bcError(401, 'Unauthorized: the store password or token was not accepted');
    if (service === 'ink') return inkJson({ error: 'Unauthorized' }, 401);
    return {
      status: 401,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: '<h1>401</h1><p>Simulated error</p>',
    };
  }
  if (kind === '500' || kind === '429') {
    const status = Number(kind);
    /** @type {Record<string, string>} */
    const extra = kind === '429' ? { 'Retry-After': '1' } : {};
    if (service === 'bc') {
      const r = bcError(status, kind === '429' ? 'Rate limit exceeded, retry later' : 'Simulated server error');
      return { ...r, headers: { ...r.headers, ...extra } };
    }
    if (service === 'ink') {
      const r = inkJson({ error: kind === '429' ? 'Too many requests' : 'Internal Server Error' }, status);
      return { ...r, headers: { ...r.headers, ...extra } };
    }
    return {
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...extra },
      body: `<h1>${status}</h1><p>Simulated error</p>`,
    };
  }
  if (kind === 'malformed') {
    return {
      status: 200,
      headers: service === 'bc' ? { 'Content-Type': 'application/vnd.api+json; charset=utf-8' } : jsonType,
      body: service === 'bc' ? '{"data": [{"id": "MOTH-10' : '{"order": {"id": "8713',
    };
  }
  if (kind === 'error200')
    return { status: 200, headers: jsonType, body: JSON.stringify({ error: 'Simulated rejection' }) };
  if (kind === 'bad-jsonapi')
    return { status: 200, headers: { 'Content-Type': 'application/vnd.api+json; charset=utf-8' }, body: BAD_JSONAPI };
  throw new Error(`no canned reply for ${kind}`);
}

/** @typedef {Awaited<ReturnType<typeof startSandbox>>} Sandbox a running sandbox */

/**
 * Starts the sandbox on loopback.
 * @param {{ httpsPort?: number, httpPort?: number, host?: string,
 *   seed?: import('./model.mjs').Seed, now?: string | number | Date, quiet?: boolean }} [opts]
 */
export async function startSandbox({
  httpsPort = 0,
  httpPort = 0,
  host = '127.0.0.1',
  seed = 'demo',
  now,
  quiet = true,
} = {}) {
  const state = new SandboxState({ seed, now });
  /** @type {Set<() => void>} pending stalls, cut short on close */
  const timers = new Set();
  let closing = false;

  /** @param {import('node:http').ServerResponse} res @param {Reply} reply @param {string} service */
  const send = (res, reply, service) => {
    if (res.destroyed || res.writableEnded || res.socket?.destroyed) return;
    const headers = { ...(reply.headers ?? {}) };
    if (service === 'ink') headers['Access-Control-Allow-Origin'] = '*';
    res.writeHead(reply.status, headers);
    res.end(reply.body ?? '');
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const handle = async (req, res) => {
    res.on('error', () => {});
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const rawQuery = qi < 0 ? '' : rawUrl.slice(qi + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const service = serviceOf(path);
    res.setHeader('Date', new Date(state.now()).toUTCString());
    // Never let a client reuse a socket for an API call: a POST retried by the browser on a
    // stale keep-alive socket would look like a duplicate sent by the extension.
    if (service === 'bc' || service === 'ink') res.setHeader('Connection', 'close');
    let body;
    try {
      body = await readBody(req);
    } catch (e) {
      send(res, controlJson({ error: String(/** @type {Error} */ (e).message) }, 413), service);
      return;
    }
    /** @type {Ctx} */
    const ctx = {
      method,
      path,
      query: new URLSearchParams(rawQuery),
      rawQuery,
      headers: req.headers,
      body,
      bodyText: body.toString('utf8'),
      state,
    };

    if (service === 'control') {
      let reply;
      try {
        reply = await control(ctx);
      } catch (e) {
        reply =
          e instanceof HttpError ? controlJson({ error: e.message }, e.status) : controlJson({ error: String(e) }, 500);
      }
      send(res, reply, service);
      return;
    }

    /** @type {Record<string, any>} */
    const record = {
      seq: ++state.requestSeq,
      service,
      method,
      path,
      query: rawQuery,
      headers: { ...req.headers },
      body: ctx.bodyText,
      status: null,
      at: iso(state.now()),
    };
    state.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
      record.durationMs = Date.now() - started;
    });
    res.on('close', () => {
      if (!res.writableFinished) {
        record.status = record.status ?? 0;
        record.aborted = true;
      }
    });

    const dispatch = () =>
      service === 'bc' ? handleBigCartel(ctx) : service === 'ink' ? handleInk(ctx) : handleAdmin(ctx);

    if (service === 'ink' && method === 'OPTIONS') {
      send(res, inkPreflight(req.headers), service);
      return;
    }

    const fault = takeFault(service, method, path, rawQuery) ?? chaosFault(service, method);
    if (!fault) {
      send(res, dispatch(), service);
      return;
    }
    record.fault = fault.kind;
    switch (fault.kind) {
      case 'stall':
        await sleep(fault.ms ?? 30_000, timers);
        send(res, dispatch(), service);
        return;
      case 'drop-after-store':
        dispatch();
        record.status = 0;
        record.dropped = true;
        req.socket.destroy();
        return;
      case 'hold': {
        /** @type {() => void} */
        let release = () => {};
        const released = new Promise((r) => {
          release = () => r(undefined);
        });
        /** @type {() => void} */
        let finish = () => {};
        const done = new Promise((r) => {
          finish = () => r(undefined);
        });
        state.held.push({
          id: ++state.heldSeq,
          service,
          method,
          path,
          release,
          done: /** @type {Promise<void>} */ (done),
        });
        record.held = true;
        await released;
        try {
          // Store even when the client has gone away meanwhile.
          send(res, dispatch(), service);
        } finally {
          finish();
        }
        return;
      }
      default:
        if (fault.store) dispatch();
        send(res, faultReply(service, fault.kind), service);
    }
  };

  /** @param {string} service @param {string} method @param {string} path @param {string} rawQuery */
  const takeFault = (service, method, path, rawQuery) => {
    const i = state.faults.findIndex(
      (f) =>
        f.service === service &&
        (!f.method || f.method === method) &&
        (!f.path || path.startsWith(f.path)) &&
        (!f.query || decodeURIComponent(rawQuery.replace(/\+/g, ' ')).includes(f.query)),
    );
    if (i < 0) return null;
    const f = state.faults[i];
    // `skip`: let this many matching requests through first (a page failing halfway through).
    if (f.skip > 0) {
      f.skip -= 1;
      return null;
    }
    f.remaining -= 1;
    if (f.remaining <= 0) state.faults.splice(i, 1);
    return f;
  };

  /**
   * Chaos mode: each API request of a chosen service gets a random fault with probability
   * `rate`, from a seeded generator (the same seed gives the same sequence of decisions), until
   * `max` faults were injected or `untilMs` (sandbox wall time) passed.
   * @type {null | { seed: number, rate: number, services: string[], kinds: Record<string, string[]>, max: number, untilMs: number | null, stallMs: number, rand: ReturnType<typeof prng>, injected: Record<string, number>, total: number, decisions: number }}
   */
  let chaos = null;
  /** @param {string} service @param {string} method */
  const chaosFault = (service, method) => {
    if (!chaos?.services.includes(service)) return null;
    if (chaos.total >= chaos.max || (chaos.untilMs !== null && Date.now() > chaos.untilMs)) return null;
    chaos.decisions++;
    const roll = chaos.rand();
    const kinds = chaos.kinds[service] ?? [];
    const kind = chaos.rand.pick(kinds);
    if (roll >= chaos.rate || !kind) return null;
    chaos.total++;
    const key = `${service}:${method}:${kind}`;
    chaos.injected[key] = (chaos.injected[key] ?? 0) + 1;
    const store = kind === '500-store';
    return { service, kind: store ? '500' : kind, store, ms: chaos.stallMs, chaos: true };
  };
  const chaosView = () =>
    chaos
      ? {
          active: true,
          seed: chaos.seed,
          rate: chaos.rate,
          services: chaos.services,
          max: chaos.max,
          total: chaos.total,
          decisions: chaos.decisions,
          injected: chaos.injected,
        }
      : { active: false, total: 0, injected: {} };

  /** @param {number} [count] */
  const release = async (count) => {
    const n = count === undefined ? state.held.length : Math.max(0, count);
    const entries = state.held.splice(0, n);
    for (const e of entries) e.release();
    await Promise.all(entries.map((e) => e.done));
    return entries.length;
  };

  /** @param {Ctx} ctx @returns {Promise<Reply>} */
  const control = async (ctx) => {
    const { method } = ctx;
    const parts = ctx.path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const route = `${method} /${parts.map((p, i) => (i > 0 && /^(orders|products|options)$/.test(parts[i - 1] ?? '') ? ':id' : p)).join('/')}`;
    /** @returns {any} */
    const input = () => {
      if (!ctx.bodyText.trim()) return {};
      try {
        return JSON.parse(ctx.bodyText);
      } catch {
        throw new HttpError(400, 'Body is not valid JSON');
      }
    };
    if (method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'Content-Type',
        },
      };
    }
    switch (route) {
      case 'GET /state':
        return controlJson(state.summary());
      case 'GET /requests': {
        const q = ctx.query;
        const svc = q.get('service');
        const m = q.get('method');
        const p = q.get('path');
        return controlJson(
          state.requests.filter(
            (r) => (!svc || r.service === svc) && (!m || r.method === m.toUpperCase()) && (!p || r.path.startsWith(p)),
          ),
        );
      }
      case 'DELETE /requests': {
        const n = state.requests.length;
        state.requests.length = 0;
        return controlJson({ cleared: n });
      }
      case 'POST /reset': {
        const b = input();
        await release();
        state.faults.length = 0;
        state.requests.length = 0;
        chaos = null;
        state.inkSecretKey = null;
        if (b.now !== undefined) state.setNow(b.now, !!b.frozen);
        state.reset(b.seed ?? 'demo');
        if (b.layout !== undefined) setLayout(b.layout);
        else state.layout = 'table';
        return controlJson(state.summary());
      }
      case 'GET /faults':
        return controlJson(state.faults);
      case 'POST /faults': {
        const b = input();
        const list = Array.isArray(b) ? b : [b];
        for (const f of list) state.faults.push(parseFault(f));
        return controlJson(state.faults);
      }
      case 'DELETE /faults': {
        const n = state.faults.length;
        state.faults.length = 0;
        return controlJson({ cleared: n });
      }
      case 'GET /chaos':
        return controlJson(chaosView());
      case 'POST /chaos': {
        chaos = parseChaos(input());
        return controlJson(chaosView());
      }
      case 'DELETE /chaos': {
        const view = chaosView();
        chaos = null;
        return controlJson({ ...view, active: false });
      }
      case 'POST /release': {
        const b = input();
        return controlJson({ released: await release(b.count) });
      }
      case 'GET /held':
        return controlJson(state.held.map(({ id, service, method, path }) => ({ id, service, method, path })));
      case 'GET /clock':
        return controlJson({ now: iso(state.now()), frozen: state.frozenMs !== null });
      case 'POST /clock': {
        const b = input();
        if (b.now !== undefined) state.setNow(b.now, !!b.frozen);
        else if (b.frozen === true) state.setNow(state.now(), true);
        else if (b.frozen === false) state.setNow(state.now(), false);
        if (b.advanceMs !== undefined) {
          if (typeof b.advanceMs !== 'number' || !Number.isFinite(b.advanceMs))
            throw new HttpError(400, 'advanceMs must be a number');
          state.advance(b.advanceMs);
        }
        return controlJson({ now: iso(state.now()), frozen: state.frozenMs !== null });
      }
      case 'POST /layout':
        setLayout(input().layout);
        return controlJson({ layout: state.layout });
      case 'POST /ink/secret': {
        // The merchant changed the Secret key at Inkthreadable: calls signed with any other key
        // are answered {"error": "Invalid signature"} with HTTP 200. `null` puts the seed's back.
        const b = input();
        if (b.secretKey !== null && (typeof b.secretKey !== 'string' || !b.secretKey))
          throw new HttpError(400, 'secretKey must be a non-empty string or null');
        state.inkSecretKey = b.secretKey;
        return controlJson({ changed: b.secretKey !== null });
      }
      case 'GET /ink/orders':
        return controlJson(
          [...state.ink.orders.values()]
            .sort((a, b) => Number(a.id) - Number(b.id))
            .map((o) => ({ ...inkOrderJson(o), rawBody: o.rawBody })),
        );
      case 'POST /ink/behaviour': {
        const b = input();
        for (const k of /** @type {const} */ (['listLagMs', 'pageCap', 'countOffset'])) {
          if (b[k] === undefined) continue;
          if (typeof b[k] !== 'number' || !Number.isInteger(b[k]) || (k !== 'countOffset' && b[k] < 0))
            throw new HttpError(400, `${k} must be an integer`);
          state.inkBehaviour[k] = b[k];
        }
        return controlJson(state.inkBehaviour);
      }
      case 'POST /ink/orders': {
        // An order made by something else than the extension (Inkthreadable's own Big Cartel
        // integration, the merchant by hand): not recorded as a request.
        const b = input();
        const err = validateCreate(b.body);
        if (err) throw new HttpError(400, err);
        const createdMs = b.createdAt === undefined ? undefined : parseIso(String(b.createdAt));
        if (createdMs !== undefined && !Number.isFinite(createdMs))
          throw new HttpError(400, 'createdAt must be ISO 8601');
        const rec = state.makeInkOrder(b.body, JSON.stringify(b.body), undefined, createdMs);
        if (b.status !== undefined) rec.status = String(b.status);
        state.ink.orders.set(rec.id, rec);
        return controlJson({ order: inkOrderJson(rec) }, 201);
      }
      case 'POST /ink/orders/:id': {
        const o = state.getInkOrder(/** @type {string} */ (parts[2]));
        if (!o) throw new HttpError(404, `Inkthreadable order ${parts[2]} not found`);
        const b = input();
        if (b.status !== undefined) o.status = String(b.status);
        if (b.trackingNumber !== undefined) o.trackingNumber = String(b.trackingNumber);
        if (b.deleted !== undefined) o.deleted = !!b.deleted;
        if (b.shipped === true) {
          o.shippedMs = state.now();
          if (!o.trackingNumber)
            o.trackingNumber = `RM${String(Number(o.id) * 7919)
              .slice(-9)
              .padStart(9, '0')}GB`;
        } else if (b.shipped === false) o.shippedMs = null;
        return controlJson({ order: inkOrderJson(o) });
      }
      case 'POST /bc/orders':
        return controlJson(orderDocument(state, state.addOrder(input())), 201);
      case 'GET /bc/orders/:id':
        return controlJson(orderDocument(state, state.getOrder(/** @type {string} */ (parts[2]))));
      case 'PATCH /bc/orders/:id': {
        const b = input();
        const attrs = b.data?.attributes ?? b.attributes ?? b;
        return controlJson(orderDocument(state, state.patchOrder(/** @type {string} */ (parts[2]), attrs)));
      }
      case 'DELETE /bc/orders/:id': {
        const id = /** @type {string} */ (parts[2]);
        state.getOrder(id);
        state.orders.delete(id);
        state.version++;
        return controlJson({ deleted: id });
      }
      case 'GET /bc/shipments':
        return controlJson(
          state.shipments
            .filter((s) => !s.seeded || ctx.query.get('all') === '1')
            .map((s) => ({ ...s, created_at: iso(s.createdMs) })),
        );
      case 'POST /bc/products':
        return controlJson(state.addProduct(input()), 201);
      case 'DELETE /bc/products/:id':
        state.deleteProduct(/** @type {string} */ (parts[2]));
        return controlJson({ deleted: parts[2] });
      case 'DELETE /bc/products/:id/options/:id':
        return controlJson({
          deleted: state.deleteOption(/** @type {string} */ (parts[2]), /** @type {string} */ (parts[4])),
        });
      case 'PATCH /bc/products/:id/options/:id':
        return controlJson(
          state.patchOption(/** @type {string} */ (parts[2]), /** @type {string} */ (parts[4]), input()),
        );
      case 'GET /links':
        return controlJson(suggestedLinks(state, ctx.query));
      default:
        throw new HttpError(404, `No control route ${route}`);
    }
  };

  /** @param {unknown} layout */
  const setLayout = (layout) => {
    if (typeof layout !== 'string' || !LAYOUTS.includes(layout))
      throw new HttpError(400, `layout must be one of ${LAYOUTS.join(', ')}`);
    state.layout = layout;
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const listener = (req, res) => {
    handle(req, res).catch((e) => {
      if (!quiet) console.error('[sandbox]', e);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Sandbox error: ${String(e?.stack ?? e)}`);
      }
    });
  };

  const { key, cert } = ensureCert();
  const httpsServer = https.createServer({ key, cert }, listener);
  const httpServer = http.createServer(listener);
  for (const s of [httpsServer, httpServer]) {
    s.keepAliveTimeout = 5000;
    s.requestTimeout = 0; // stalls and holds may outlast Node's default
  }
  /** @param {import('node:net').Server} s @param {number} port */
  const listen = (s, port) =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolve(/** @type {import('node:net').AddressInfo} */ (s.address()).port);
      });
    });
  const realHttpsPort = /** @type {number} */ (await listen(httpsServer, httpsPort));
  let realHttpPort;
  try {
    realHttpPort = /** @type {number} */ (await listen(httpServer, httpPort));
  } catch (e) {
    httpsServer.close();
    throw e;
  }

  const hostResolverRules = SANDBOX_HOSTS.map((h) => `MAP ${h} ${host}:${realHttpsPort}`).join(', ');

  const close = async () => {
    if (closing) return;
    closing = true;
    for (const t of [...timers]) t();
    await release();
    await Promise.all(
      [httpsServer, httpServer].map(
        (s) =>
          new Promise((resolve) => {
            s.close(() => resolve(undefined));
            s.closeAllConnections();
          }),
      ),
    );
  };

  return {
    httpsPort: realHttpsPort,
    httpPort: realHttpPort,
    host,
    httpUrl: `http://${host}:${realHttpPort}`,
    httpsUrl: `https://${host}:${realHttpsPort}`,
    hostResolverRules,
    state,
    close,
  };
}

/**
 * @param {any} f
 */
function parseFault(f) {
  if (!f || typeof f !== 'object') throw new HttpError(400, 'A fault is an object');
  if (!['ink', 'bc', 'admin'].includes(f.service)) throw new HttpError(400, 'service must be ink, bc or admin');
  const kind = String(f.kind);
  if (!FAULT_KINDS.includes(kind)) throw new HttpError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
  const count = f.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new HttpError(400, 'count must be a positive integer');
  if (f.ms !== undefined && (typeof f.ms !== 'number' || f.ms < 0))
    throw new HttpError(400, 'ms must be a non-negative number');
  const skip = f.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw new HttpError(400, 'skip must be a non-negative integer');
  if (f.query !== undefined && typeof f.query !== 'string') throw new HttpError(400, 'query must be a string');
  return {
    service: f.service,
    method: f.method ? String(f.method).toUpperCase() : undefined,
    path: f.path ? String(f.path) : undefined,
    kind,
    count,
    remaining: count,
    ms: f.ms,
    store: !!f.store,
    skip,
    query: f.query,
  };
}

/**
 * @param {any} c `{ seed, rate, services?, kinds?: {ink?: string[], bc?: string[]}, max?, durationMs?, stallMs? }`
 */
function parseChaos(c) {
  if (!c || typeof c !== 'object') throw new HttpError(400, 'Chaos settings are an object');
  const seed = c.seed ?? 1;
  if (!Number.isInteger(seed)) throw new HttpError(400, 'seed must be an integer');
  const rate = c.rate ?? 0.2;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new HttpError(400, 'rate must be between 0 and 1');
  const services = c.services ?? ['ink', 'bc'];
  if (!Array.isArray(services) || !services.every((s) => s === 'ink' || s === 'bc'))
    throw new HttpError(400, 'services must list ink and/or bc');
  /** @type {Record<string, string[]>} */
  const kinds = {};
  for (const s of /** @type {const} */ (['ink', 'bc'])) {
    const k = c.kinds?.[s] ?? [...CHAOS_KINDS[s]];
    if (!Array.isArray(k) || !k.every((x) => CHAOS_KINDS[s].includes(x))) {
      throw new HttpError(400, `kinds.${s} must be a list of ${CHAOS_KINDS[s].join(', ')}`);
    }
    kinds[s] = k;
  }
  const max = c.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(max) || max < 0) throw new HttpError(400, 'max must be a non-negative integer');
  const stallMs = c.stallMs ?? 1500;
  if (typeof stallMs !== 'number' || stallMs < 0 || stallMs > 60_000)
    throw new HttpError(400, 'stallMs must be between 0 and 60000');
  if (c.durationMs !== undefined && (typeof c.durationMs !== 'number' || c.durationMs < 0))
    throw new HttpError(400, 'durationMs must be a non-negative number');
  return {
    seed,
    rate,
    services,
    kinds,
    max,
    untilMs: c.durationMs === undefined ? null : Date.now() + c.durationMs,
    stallMs,
    rand: prng(seed),
    injected: /** @type {Record<string, number>} */ ({}),
    total: 0,
    decisions: 0,
  };
}

/**
 * Deterministic links for the benchmark: a fraction of all options, each with a product code
 * and an https design. Query: fraction (default seed.large.links ?? 0.9).
 * @param {SandboxState} state @param {URLSearchParams} q
 */
function suggestedLinks(state, q) {
  const seed = /** @type {any} */ (state.seed);
  const fraction = Number(q.get('fraction') ?? seed?.large?.links ?? 0.9);
  // A store seeded with `linked` options: exactly those, unless a fraction is asked for.
  const seededOnly = seed?.large?.linked !== undefined && !q.has('fraction');
  const out = [];
  let k = 0;
  for (const p of state.liveProducts()) {
    const opts = p.options.length ? p.options : [null];
    for (const o of opts) {
      k++;
      if (seededOnly) {
        if (!o?.linked) continue;
      } else if (((k * 2654435761) >>> 0) / 4294967296 >= fraction) continue; // deterministic spread
      out.push({
        productId: p.id,
        optionId: o ? o.id : null,
        productName: p.name,
        optionName: o ? o.name : '',
        pn: `JH001-${(o?.name ?? 'ONE')
          .replace(/[^A-Za-z0-9]+/g, '')
          .toUpperCase()
          .slice(0, 6)}-${p.id}`,
        designs: { front: `https://cdn.mothmerch.example/designs/${p.id}-front.png` },
        mockups: {},
      });
    }
  }
  return out;
}

/**
 * Chromium flags that send the real hostnames to the sandbox's HTTPS port.
 * Spread them into chromium.launch({ args: [...chromiumArgs(sb), ...] }).
 * @param {{ hostResolverRules: string }} sb
 * @param {{ hermetic?: boolean }} [opts] hermetic: every other hostname fails to resolve
 * @returns {string[]}
 */
export function chromiumArgs(sb, opts = {}) {
  const rules = opts.hermetic
    ? `${sb.hostResolverRules}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost`
    : sb.hostResolverRules;
  return [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'];
}

// ---- CLI ---------------------------------------------------------------------------------------
/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ httpsPort: number, httpPort: number, host: string, seed: any, now?: string }} */
  const o = { httpsPort: 0, httpPort: 0, host: '127.0.0.1', seed: 'demo' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--https-port') o.httpsPort = Number(v());
    else if (a === '--http-port') o.httpPort = Number(v());
    else if (a === '--host') o.host = v();
    else if (a === '--now') o.now = v();
    else if (a === '--seed') {
      const s = v();
      if (s === 'demo' || s === 'empty') o.seed = s;
      else if (s === 'large') o.seed = { large: {} };
      else if (s.startsWith('{')) o.seed = JSON.parse(s);
      else throw new Error(`unknown seed ${s} (demo, empty, large or a JSON object)`);
    } else if (a === '--help' || a === '-h') {
      console.log(
        'Usage: node sandbox/server.mjs [--https-port N] [--http-port N] [--host 127.0.0.1] [--seed demo|empty|large|JSON] [--now ISO]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const sb = await startSandbox({ ...opts, quiet: false });
  const s = sb.state.summary();
  console.log(
    `Sandbox up (${Date.now() - t0} ms): ${s.bc.orders} orders, ${s.bc.products} products, ${s.ink.orders} Inkthreadable orders; clock ${s.now}`,
  );
  console.log(`  HTTPS  ${sb.httpsUrl}   (Chromium: https://my.bigcartel.com/orders)`);
  console.log(`  HTTP   ${sb.httpUrl}   (Node tests; control API at ${sb.httpUrl}/__sandbox/state)`);
  console.log(
    `  Big Cartel: ${SANDBOX_CREDENTIALS.bigcartel.subdomain} / ${SANDBOX_CREDENTIALS.bigcartel.password} (or Bearer ${SANDBOX_CREDENTIALS.bigcartel.token})`,
  );
  console.log(
    `  Inkthreadable: App ID ${SANDBOX_CREDENTIALS.inkthreadable.appId}, secret ${SANDBOX_CREDENTIALS.inkthreadable.secretKey}`,
  );
  console.log('Chromium flags:');
  for (const a of chromiumArgs(sb)) console.log(`  '${a}'`);
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
