/**
 * Property tests at every boundary where outside data comes in: the Big Cartel JSON:API
 * normaliser, the Inkthreadable client's reply handling, the message checks, the links import
 * and the admin page reader. Random inputs, and valid inputs mutated at a random place: nothing
 * throws past the boundary, and each input is either accepted or refused with a clear message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BcDocumentError,
  normaliseAccountDocument,
  normaliseOrderDocument,
  normaliseProductDocument,
  readPaging,
} from '@/lib/bigcartel/normalise';
import { InkClient } from '@/lib/inkthreadable';
import { checkMessage } from '@/lib/worker/messages';
import { parseRequest } from '@/lib/requests';
import { exportLinks, importLinks } from '@/lib/linkfile';
import { makeLink } from '@/lib/links';
import { findKnownOrderId, findOrderRows, placeItems } from '@/lib/bigcartel/page';
import type { LineItem } from '@/lib/types';
import { sampleBody } from './fixtures/ink-body';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const tried: Record<string, number> = {};
const count = (what: string) => {
  tried[what] = (tried[what] ?? 0) + 1;
};
afterAll(() => {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'figures.jsonl'), `${JSON.stringify({ suite: 'boundaries-property', inputs: tried })}\n`);
});

const fixture = (p: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', p), 'utf8'));

// ---- mutation of valid inputs -----------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const mutation = fc.record({
  path: fc.array(fc.nat(), { maxLength: 8 }),
  op: fc.constantFrom('replace', 'delete', 'null', 'stringify', 'wrap', 'huge', 'number', 'proto'),
  value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
});

/** A copy of `doc` with one change at a random place (a path of indexes into keys/elements). */
function mutate(doc: unknown, m: { path: number[]; op: string; value: Json }): unknown {
  const root = structuredClone(doc) as Json;
  const box: { v: Json } = { v: root };
  let parent: Record<string, Json> | Json[] = box as unknown as Record<string, Json>;
  let key: string | number = 'v';
  for (const step of m.path) {
    const cur: Json | undefined = (parent as Record<string, Json>)[key as string];
    if (cur === null || typeof cur !== 'object') break;
    const keys: (string | number)[] = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur;
    key = keys[step % keys.length]!;
  }
  const p = parent as Record<string, Json>;
  const k = key as string;
  switch (m.op) {
    case 'replace':
      p[k] = m.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(k), 1);
      else delete p[k];
      break;
    case 'null':
      p[k] = null;
      break;
    case 'stringify':
      p[k] = JSON.stringify(p[k] ?? null);
      break;
    case 'wrap':
      p[k] = [p[k] ?? null];
      break;
    case 'huge':
      p[k] = 'x'.repeat(100_000);
      break;
    case 'number':
      p[k] = -1e308;
      break;
    case 'proto':
      p[k] = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Json;
      break;
  }
  return box.v;
}

afterAll(() => {
  // Nothing reached Object.prototype.
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});

// ---- Big Cartel JSON:API -----------------------------------------------------------------------

/** The normalisers either read a document (every problem with a message) or refuse it as unreadable. */
function normaliserHolds(doc: unknown): void {
  for (const [name, fn] of [
    ['orders', () => normaliseOrderDocument(doc)],
    ['products', () => normaliseProductDocument(doc)],
    ['accounts', () => normaliseAccountDocument(doc)],
    ['paging', () => readPaging(doc)],
  ] as const) {
    let out: unknown;
    try {
      out = fn();
    } catch (err) {
      expect(err, `${name} threw something other than "could not read"`).toBeInstanceOf(BcDocumentError);
      expect((err as Error).message).toMatch(/^Big Cartel sent a reply the extension could not read \(.+\)$/);
      continue;
    }
    if (name === 'orders' || name === 'products') {
      const r = out as { orders?: unknown[]; products?: unknown[]; problems: { id: string; message: string }[] };
      for (const p of r.problems) expect(p.message.trim().length).toBeGreaterThan(0);
      for (const o of (r.orders ?? []) as { id: string; items: { quantity: number }[] }[]) {
        expect(typeof o.id).toBe('string');
        expect(o.id.length).toBeGreaterThan(0);
        for (const i of o.items) expect(Number.isInteger(i.quantity) && i.quantity > 0).toBe(true);
      }
    }
    if (name === 'paging') {
      const r = out as { next: string | null; count: number | null };
      expect(r.next === null || typeof r.next === 'string').toBe(true);
      expect(r.count === null || (Number.isInteger(r.count) && r.count >= 0)).toBe(true);
    }
  }
}

describe('Big Cartel JSON:API normaliser', () => {
  const docs = [
    'bigcartel/order.json',
    'bigcartel/orders-page.json',
    'bigcartel/product.json',
    'bigcartel/accounts.json',
  ].map(fixture);

  it('random JSON: read or refused as unreadable, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (doc) => {
        count('bc-jsonapi-random');
        normaliserHolds(doc);
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON:API-shaped documents (data, included, relationships of any type)', () => {
    const resource = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        type: fc.constantFrom(
          'orders',
          'order',
          'order_line_items',
          'products',
          'product_options',
          'countries',
          'accounts',
          'x',
        ),
        attributes: fc.dictionary(
          fc.constantFrom(
            'quantity',
            'product_name',
            'price',
            'created_at',
            'updated_at',
            'shipping_status',
            'payment_status',
            'customer_first_name',
            'name',
            'subdomain',
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        relationships: fc.dictionary(
          fc.constantFrom('items', 'product', 'products', 'option', 'country', 'options', 'events'),
          fc.record({
            data: fc.oneof(
              fc.constant(null),
              fc.record({ id: fc.string(), type: fc.string() }),
              fc.array(fc.record({ id: fc.string(), type: fc.string() }), { maxLength: 3 }),
            ),
          }),
        ),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(
        fc.oneof(resource, fc.array(resource, { maxLength: 4 })),
        fc.array(resource, { maxLength: 6 }),
        fc.jsonValue({ maxDepth: 2 }),
        (data, included, meta) => {
          count('bc-jsonapi-shaped');
          normaliserHolds({ data, included, meta, links: { next: meta } });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the real documents mutated at a random place', () => {
    fc.assert(
      fc.property(fc.constantFrom(...docs), mutation, (doc, m) => {
        count('bc-jsonapi-mutated');
        normaliserHolds(mutate(doc, m));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

// ---- Inkthreadable replies ---------------------------------------------------------------------

/** An InkClient whose every request is answered with the given status, headers and body. */
function clientAnswering(status: number, body: string, headers: Record<string, string> = {}) {
  const fetchImpl = (async () => new Response(body, { status, headers })) as typeof fetch;
  return new InkClient(
    { appId: 'APP-1', secretKey: 'secret-key-123' },
    { baseUrl: 'https://ink.test/api', fetch: fetchImpl },
  );
}

async function inkHolds(status: number, body: string, headers: Record<string, string> = {}) {
  const c = clientAnswering(status, body, headers);
  const results = [
    await c.createOrder(sampleBody()),
    await c.getOrder('871204'),
    await c.listOrders({ ids: ['871204'] }),
    await c.listAllOrders({}),
    await c.countOrders({}),
    await c.cancelOrder('871204'),
    await c.testConnection(),
  ];
  for (const r of results) {
    expect(['ok', 'rejected', 'ambiguous']).toContain(r.kind);
    if (r.kind !== 'ok') {
      expect(r.message.trim().length).toBeGreaterThan(0);
      // The secret never comes back in a message, even when the reply echoes it.
      expect(r.message).not.toContain('secret-key-123');
    }
  }
  // A POST that was not clearly accepted or refused is never taken as "not sent".
  const post = results[0]!;
  if (status >= 500 || status === 429) expect(post.kind).toBe('ambiguous');
  return results;
}

describe('Inkthreadable reply handling', () => {
  const replies = [
    'inkthreadable/order-created.json',
    'inkthreadable/orders-list.json',
    'inkthreadable/count.json',
    'inkthreadable/error-not-found.json',
  ].map(fixture);
  const status = fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 408, 422, 429, 500, 502, 503);

  it('random bodies with any status: ok, refused or unclear, each with a message; never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        status,
        fc.oneof(
          fc.string(),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom<Record<string, string>>(
          {},
          { 'Retry-After': '1' },
          { 'Retry-After': 'soon' },
          { 'Retry-After': '-5' },
        ),
        async (s, body, h) => {
          count('ink-reply-random');
          await inkHolds(s, s === 204 || s === 301 ? '' : body, h);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('real replies mutated at a random place, and replies echoing the secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...replies), mutation, fc.boolean(), async (doc, m, echo) => {
        count('ink-reply-mutated');
        const text = JSON.stringify(mutate(doc, m)) ?? '';
        await inkHolds(
          200,
          echo ? JSON.stringify({ error: `Invalid signature for secret-key-123 ${text.slice(0, 50)}` }) : text,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('network failures of every kind are unclear for a POST, never "not sent"', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'x'), async (code) => {
        count('ink-network');
        const err = Object.assign(new TypeError('fetch failed https://ink.test/api?AppId=APP-1&Signature=abc'), {
          cause: { code },
        });
        const c = new InkClient(
          { appId: 'APP-1', secretKey: 'secret-key-123' },
          { fetch: (async () => Promise.reject(err)) as typeof fetch },
        );
        const r = await c.createOrder(sampleBody());
        expect(r.kind).toBe('ambiguous');
        if (r.kind === 'ambiguous') expect(r.message).not.toMatch(/Signature|AppId|secret/);
      }),
      { numRuns: 20 },
    );
  });
});

// ---- messages ----------------------------------------------------------------------------------

describe('message checks, on valid messages mutated', () => {
  const EXT = 'abcdefghijklmnopabcdefghijklmnop';
  const ORIGIN = `chrome-extension://${EXT}/`;
  const link = {
    productId: '330011',
    optionId: '1180021',
    productName: 'Hoodie',
    optionName: 'Black / L',
    pn: 'JH001-JBK-L',
    designs: { front: 'https://x.example/f.png' },
    neverFulfil: false,
  };
  const valid: unknown[] = [
    { type: 'getOrder', orderId: 'MOTH-1' },
    { type: 'getOrderChips', orderIds: ['MOTH-1', 'MOTH-2'] },
    { type: 'listOrders', view: 'needsAction', offset: 0, limit: 50 },
    { type: 'saveLink', link },
    { type: 'saveLinks', links: [link, { ...link, optionId: null }] },
    { type: 'send', orderId: 'MOTH-1' },
    { type: 'setOrderShipping', orderId: 'MOTH-1', method: 'recorded' },
    { type: 'saveShipping', shipping: { default: 'regular', overrides: { US: 'courier' } } },
    {
      type: 'saveCredentials',
      bigcartel: { kind: 'basic', subdomain: 'moth', password: 'pw' },
      inkthreadable: { appId: 'A', secretKey: 'S' },
    },
    { type: 'importLinks', links: [link] },
    { type: 'pageVisit', origin: 'https://my.bigcartel.com', orderId: null },
  ];
  const senders = [
    { id: EXT, url: `${ORIGIN}popup.html` },
    { id: EXT, url: 'https://my.bigcartel.com/orders/MOTH-1', tab: { id: 1 } },
    { id: EXT, url: 'https://evil.example/', tab: { id: 2 } },
    { id: 'other-extension', url: `chrome-extension://other/bg.js` },
    {},
  ];

  it('accepted means it is a well-formed request from an allowed sender; refused comes with a reason', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), mutation, fc.constantFrom(...senders), (msg, m, sender) => {
        count('message-mutated');
        const raw = mutate(msg, m);
        const r = checkMessage(raw, sender, EXT, ORIGIN);
        if (r.ok) {
          expect(parseRequest(r.request)).not.toBeNull();
          expect(sender.id).toBe(EXT);
        } else {
          expect(r.error).toMatch(
            /^(Messages from other extensions are not accepted\.|Malformed ".{0,40}" message refused\.|".+" is not available from this page\.|A page may only report its own address\.)$/,
          );
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

// ---- links import ------------------------------------------------------------------------------

describe('links import', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const good = [
    makeLink(
      {
        productId: '330011',
        optionId: '1180021',
        productName: 'Hoodie',
        optionName: 'Black / L',
        pn: 'JH001-JBK-L',
        designs: { front: 'https://x.example/f.png' },
        neverFulfil: false,
      },
      now,
    ),
    makeLink(
      {
        productId: '330016',
        optionId: null,
        productName: 'Poster',
        optionName: '',
        pn: 'POSTER-A3',
        designs: { front: 'https://x.example/p.png', back: 'https://x.example/b.png' },
        mockups: { front: 'https://x.example/m.png' },
        neverFulfil: false,
      },
      now,
    ),
    makeLink(
      {
        productId: '330013',
        optionId: null,
        productName: 'Stickers <3 & "Friends"',
        optionName: '',
        pn: '',
        designs: {},
        neverFulfil: true,
      },
      now,
    ),
  ].map((r) => {
    if (!r.ok) throw new Error(r.message);
    return r.link;
  });
  const exported = JSON.parse(exportLinks(good, now).text) as unknown;

  const holds = (text: string, format: 'json' | 'csv') => {
    const r = importLinks(text, format, now);
    if (r.ok) {
      for (const l of r.links) {
        for (const u of [...Object.values(l.designs), ...Object.values(l.mockups)])
          expect(new URL(u).protocol).toBe('https:');
        if (!l.neverFulfil) expect(l.pn.length).toBeGreaterThan(0);
      }
    } else {
      expect(r.message.trim().length).toBeGreaterThan(0);
      expect(r.message.length).toBeLessThan(1000);
    }
    return r;
  };

  it('random text as JSON or CSV: a list of valid links or a clear refusal', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000 }),
        fc.constantFrom('json', 'csv') as fc.Arbitrary<'json' | 'csv'>,
        (text, format) => {
          count('links-import-random');
          holds(text, format);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an exported file mutated at a random place', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        count('links-import-mutated');
        holds(JSON.stringify(mutate(exported, m)) ?? '', 'json');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('random CSV grids with the real header', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        'https://x.example/a.png',
        'http://x.example/a.png',
        'javascript:alert(1)',
        'yes',
        'no',
        '330011',
        '',
        '"',
        '""',
        '\n',
        ',',
      ),
    );
    const header =
      'Big Cartel product id,Option id,Product name,Option name,Inkthreadable code,Front design,Back design,Never fulfil';
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 10 }), { maxLength: 8 }), (rows) => {
        count('links-import-csv');
        const q = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
        holds([header, ...rows.map((r) => r.map(q).join(','))].join('\n'), 'csv');
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- admin page reading ------------------------------------------------------------------------

describe('admin page reading', () => {
  const names = [
    'Moth Tee',
    'Moth Tee Deluxe',
    'Moth',
    '<img src=x onerror=alert(1)>',
    'Sticker Pack <3 & "Friends"',
    'Ünïcødé Hoodie',
    '',
    '   ',
    'a'.repeat(300),
  ];
  const fragment = fc.array(
    fc.oneof(
      fc.constantFrom(...names).map((n) => ({ tag: 'td', text: n })),
      fc.string({ maxLength: 40 }).map((t) => ({ tag: 'span', text: t })),
      fc
        .constantFrom('× 2', 'Qty: 3', '£12.00', 'Black / L', 'MOTH-100234', '#MOTH-1')
        .map((t) => ({ tag: 'div', text: t })),
    ),
    { maxLength: 30 },
  );
  const lineItem = fc.record({
    id: fc.string({ minLength: 1, maxLength: 5 }),
    productId: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
    optionId: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
    productName: fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 20 })),
    optionName: fc.oneof(fc.constantFrom('', 'Black / L', 'A3'), fc.string({ maxLength: 10 })),
    quantity: fc.integer({ min: 1, max: 5 }),
    price: fc.constant(10),
    imageUrl: fc.constant(null),
  }) as fc.Arbitrary<LineItem>;

  const build = (parts: { tag: string; text: string }[], shadow: boolean): Document => {
    const doc = document.implementation.createHTMLDocument('order');
    let host: ParentNode = doc.body;
    if (shadow) {
      const el = doc.createElement('bc-items');
      doc.body.append(el);
      host = el.attachShadow({ mode: 'open' });
    }
    let row = doc.createElement('tr');
    const table = doc.createElement('table');
    host.appendChild(table);
    for (const [i, p] of parts.entries()) {
      const el = doc.createElement(p.tag);
      el.textContent = p.text; // text, never markup
      row.append(el);
      if (i % 3 === 2) {
        table.append(row);
        row = doc.createElement('tr');
      }
    }
    table.append(row);
    return doc;
  };

  it('random pages and random items: every item placed once or listed as not found; never an exception', () => {
    fc.assert(
      fc.property(fragment, fc.array(lineItem, { maxLength: 6 }), fc.boolean(), (parts, items, shadow) => {
        count('page-reading');
        const doc = build(parts, shadow);
        const { placed, unplaced } = placeItems(doc, items);
        expect(placed.length + unplaced.length).toBe(items.length);
        const placedItems = placed.map((p) => p.item);
        expect(new Set(placedItems).size).toBe(placedItems.length);
        for (const it of unplaced) expect(items).toContain(it);
        const ids = items.map((i) => i.id);
        expect(() => findOrderRows(doc, ids)).not.toThrow();
        const known = findKnownOrderId(doc, ids);
        expect(known === null || ids.includes(known)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a huge page (20 000 rows) with the items somewhere in it is read without failing', () => {
    count('page-reading-huge');
    const doc = document.implementation.createHTMLDocument('order');
    const table = doc.createElement('table');
    doc.body.append(table);
    for (let i = 0; i < 20_000; i++) {
      const tr = doc.createElement('tr');
      tr.innerHTML = `<td>Other product ${i}</td><td>Size ${i % 7}</td><td>${1 + (i % 4)}</td>`; // test fixture, not the extension
      table.append(tr);
    }
    const tr = doc.createElement('tr');
    tr.innerHTML = '<td>Moth Tee</td><td>Black / L</td><td>2</td>';
    table.insertBefore(tr, table.children[12_345]!);
    const items: LineItem[] = [
      {
        id: '1',
        productId: 'p',
        optionId: 'o',
        productName: 'Moth Tee',
        optionName: 'Black / L',
        quantity: 2,
        price: 10,
        imageUrl: null,
      },
      {
        id: '2',
        productId: 'q',
        optionId: null,
        productName: 'Not on the page',
        optionName: '',
        quantity: 1,
        price: 10,
        imageUrl: null,
      },
    ];
    const { placed, unplaced } = placeItems(doc, items);
    expect(placed.map((p) => p.item.id)).toEqual(['1']);
    expect(unplaced.map((i) => i.id)).toEqual(['2']);
  });
});
