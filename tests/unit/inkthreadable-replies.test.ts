// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildQuery, encodeQueryValue, serialiseCreateOrderBody, sign } from '@/lib/inkthreadable';
import type { InkCreateOrderBody } from '@/lib/inkthreadable';
import {
  inkCountReplySchema,
  inkListElementSchema,
  inkListReplySchema,
  inkOrderSchema,
  inkSingleOrderReplySchema,
  readInkError,
} from '@/lib/inkthreadable/schemas';
import { fixture } from './fixtures/test-server';
import { sampleBody } from './fixtures/ink-body';

const sha1 = (s: string) => createHash('sha1').update(Buffer.from(s, 'utf8')).digest('hex');

describe('sign', () => {
  it('is lowercase hex SHA-1 of payload + secret (checked against node:crypto)', async () => {
    const body = JSON.stringify(sampleBody());
    const got = await sign(body, 'S3cr3t-key');
    expect(got).toBe(sha1(`${body}S3cr3t-key`));
    expect(got).toMatch(/^[0-9a-f]{40}$/);
  });

  it('matches the published SHA-1 test vector ("abc")', async () => {
    expect(await sign('ab', 'c')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', async () => {
    const payload = '{"description":"Café £5 – 🦋"}';
    expect(await sign(payload, 'ключ')).toBe(sha1(`${payload}ключ`));
  });
});

describe('query building', () => {
  it("puts AppId first and encodes every value, including ! ' ( ) *", () => {
    expect(buildQuery('APP-1', [['id', '42']])).toBe('AppId=APP-1&id=42');
    expect(encodeQueryValue("it's (a) test*!")).toBe('it%27s%20%28a%29%20test%2A%21');
    expect(buildQuery('APP 1', [['created_at_min', '2026-11-20T00:00:00+00:00']])).toBe(
      'AppId=APP%201&created_at_min=2026-11-20T00%3A00%3A00%2B00%3A00',
    );
  });
});

describe('create-order body', () => {
  it('serialises the caller object unchanged (byte-identical to JSON.stringify)', () => {
    const body = sampleBody();
    const r = serialiseCreateOrderBody(body);
    expect(r).toEqual({ ok: true, json: JSON.stringify(body) });
  });

  it.each([
    [
      'an http design URL',
      (b: InkCreateOrderBody) => (b.items[0]!.designs = { front: 'http://x.example/a.png' }),
      'https',
    ],
    ['a zero quantity', (b: InkCreateOrderBody) => (b.items[0]!.quantity = 0), 'item 1'],
    ['a blank product code', (b: InkCreateOrderBody) => (b.items[0]!.pn = '  '), 'product code'],
    ['no items', (b: InkCreateOrderBody) => (b.items = []), 'no items'],
    ['no country', (b: InkCreateOrderBody) => (b.shipping_address.country = ''), 'country'],
    [
      'an unknown shipping method',
      (b: InkCreateOrderBody) => ((b.shipping as { shippingMethod: string }).shippingMethod = 'express'),
      'shippingMethod',
    ],
    ['an unknown key', (b: InkCreateOrderBody) => ((b as unknown as Record<string, unknown>).extra = 1), 'extra'],
  ])('refuses %s', (_name, mutate, words) => {
    const body = sampleBody();
    mutate(body);
    const r = serialiseCreateOrderBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^The order cannot be sent/);
      expect(r.message).toContain(words);
    }
  });
});

describe('reply schemas', () => {
  it('reads order-created.json (strings for numbers, designs as an array, shiped_at)', () => {
    const r = inkSingleOrderReplySchema.parse(fixture('inkthreadable/order-created.json'));
    expect(r).toEqual({
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
    });
  });

  it('reads orders-list.json: wrapped and bare elements, both deleted and shipped spellings', () => {
    const list = inkListReplySchema.parse(fixture('inkthreadable/orders-list.json'));
    const orders = list.orders.map((el) => inkListElementSchema.parse(el));
    expect(orders.map((o) => [o.id, o.externalId, o.status, o.deleted, o.trackingNumber, o.shippedAt])).toEqual([
      ['871204', 'MOTH-100234', 'printing', false, '', ''],
      ['871190', 'MOTH-100199', 'paid', false, 'RM123456785GB', '2026-11-21T10:00:00+00:00'],
    ]);
    // List elements show neither recipient nor items: adoption has to read the order itself.
    expect(orders.map((o) => [o.recipient, o.items])).toEqual([
      [null, []],
      [null, []],
    ]);
  });

  it.each([
    ['"true"', 'true', true],
    ['true', true, true],
    ['"false"', 'false', false],
    ['false', false, false],
    ['"1"', '1', true],
    ['missing', undefined, false],
    ['null', null, false],
  ])('deleted %s', (_n, deleted, expected) => {
    const o = inkOrderSchema.parse({ id: '1', ...(deleted === undefined ? {} : { deleted }) });
    expect(o.deleted).toBe(expected);
  });

  it('accepts designs as an object or as [{title, src}], numbers as strings, a numeric id', () => {
    const asObject = inkOrderSchema.parse({
      id: 5,
      items: [{ pn: 'A', quantity: '3', designs: { front: 'https://a' }, mockups: { back: 'https://b' } }],
    });
    const asArray = inkOrderSchema.parse({
      id: '5',
      items: [{ pn: 'A', quantity: 3, designs: [{ title: 'front', src: 'https://a' }], mockups: [] }],
    });
    expect(asObject).toEqual(asArray);
    expect(asObject.id).toBe('5');
    expect(asObject.items).toEqual([{ pn: 'A', quantity: 3 }]);
  });

  it('fills missing fields with "" / false / [] (only id is required)', () => {
    expect(inkOrderSchema.parse({ id: '9' })).toEqual({
      id: '9',
      externalId: '',
      status: '',
      trackingNumber: '',
      shippedAt: '',
      shippingMethod: '',
      createdAt: '',
      deleted: false,
      due: null,
      brand: '',
      items: [],
      recipient: null,
    });
    expect(inkOrderSchema.safeParse({ external_id: 'X' }).success).toBe(false);
    expect(inkOrderSchema.safeParse({ id: '' }).success).toBe(false);
  });

  it('prefers a non-empty shipped_at when shiped_at is empty', () => {
    const o = inkOrderSchema.parse({ id: '1', shipping: { shiped_at: '', shipped_at: '2026-01-01' } });
    expect(o.shippedAt).toBe('2026-01-01');
  });

  it('accepts a bare single order only when it has id and external_id', () => {
    expect(inkSingleOrderReplySchema.safeParse({ id: '1', external_id: 'A' }).success).toBe(true);
    expect(inkSingleOrderReplySchema.safeParse({ id: '1', status: 'ok' }).success).toBe(false);
    expect(inkSingleOrderReplySchema.safeParse({ ok: true }).success).toBe(false);
  });

  it('accepts a PHP object-keyed orders list, refuses a non-list', () => {
    const r = inkListReplySchema.parse({ orders: { '2': { id: 'b' }, '0': { id: 'a' } } });
    expect(r.orders).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(inkListReplySchema.safeParse({ orders: null }).success).toBe(false);
    expect(inkListReplySchema.safeParse({ orders: { order: { id: 'a' } } }).success).toBe(false);
    expect(inkListReplySchema.safeParse([]).success).toBe(false);
  });

  it('reads counts given as numbers or digit strings', () => {
    expect(inkCountReplySchema.parse(fixture('inkthreadable/count.json')).count).toBe(2);
    expect(inkCountReplySchema.parse({ count: '7' }).count).toBe(7);
    expect(inkCountReplySchema.safeParse({ count: -1 }).success).toBe(false);
    expect(inkCountReplySchema.safeParse({ count: 'many' }).success).toBe(false);
    expect(inkCountReplySchema.safeParse({}).success).toBe(false);
  });

  it('reads {"error"} in its variants', () => {
    expect(readInkError(fixture('inkthreadable/error-not-found.json'))).toBe('Order not found');
    expect(readInkError({ error: { message: 'Bad pn' } })).toBe('Bad pn');
    expect(readInkError({ error: ['a', 'b'] })).toBe('a; b');
    expect(readInkError({ error: true })).toMatch(/without saying why/);
    expect(readInkError({ error: null, order: {} })).toBeNull();
    expect(readInkError({ error: '' })).toBeNull();
    expect(readInkError({ order: {} })).toBeNull();
    expect(readInkError('error')).toBeNull();
  });
});

describe('refusals in words', () => {
  it('turns known refusals into an action and shows unknown ones verbatim', async () => {
    const { refusalInWords } = await import('@/lib/inkthreadable/words');
    expect(refusalInWords(' name is not defined. ')).toBe(
      'Inkthreadable needs a brand name for your orders: enter one under Inkthreadable in the extension’s settings (or set your brand in your Inkthreadable account), then press Retry. (Inkthreadable said: “name is not defined.”)',
    );
    expect(refusalInWords('Invalid signature')).toMatch(
      /^Inkthreadable refused the App ID and Secret key: .* \(Inkthreadable said: “Invalid signature”\)$/,
    );
    expect(refusalInWords('Product code JH999 not recognised')).toBe('Product code JH999 not recognised');
    expect(refusalInWords('Brand name is not defined for product X')).toBe('Brand name is not defined for product X');
  });
});
