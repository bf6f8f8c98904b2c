// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  BcDocumentError,
  money,
  normaliseAccountDocument,
  normaliseOrderDocument,
  normaliseProductDocument,
  readPaging,
} from '@/lib/bigcartel/normalise';
import type { BcOrder } from '@/lib/types';
import { fixture } from './fixtures/test-server';

type Doc = {
  data: Record<string, any> | Record<string, any>[];
  included: Record<string, any>[];
  [k: string]: unknown;
};
const orderDoc = () => fixture<Doc>('bigcartel/order.json');
const pageDoc = () => fixture<Doc>('bigcartel/orders-page.json');
const productDoc = () => fixture<Doc>('bigcartel/product.json');
const lineItem = (doc: Doc, id: string) => doc.included.find((r) => r.type === 'order_line_items' && r.id === id)!;
const onlyOrder = (doc: unknown): BcOrder => {
  const r = normaliseOrderDocument(doc);
  expect(r.problems).toEqual([]);
  expect(r.orders).toHaveLength(1);
  return r.orders[0]!;
};

describe('readPaging', () => {
  it('reads links.next and meta.count, and takes anything unreadable there as absent', () => {
    const page = (extra: Record<string, unknown>) => ({ data: [], ...extra });
    expect(readPaging(page({ links: { next: 'https://n' }, meta: { count: 4 } }))).toEqual({
      next: 'https://n',
      count: 4,
    });
    expect(readPaging(page({}))).toEqual({ next: null, count: null });
    expect(readPaging(page({ links: null, meta: null }))).toEqual({ next: null, count: null });
    for (const bad of [5, 'x', [], true]) {
      expect(readPaging(page({ links: bad, meta: bad }))).toEqual({ next: null, count: null });
    }
    for (const bad of [5, {}, [], true]) {
      expect(readPaging(page({ links: { next: bad }, meta: { count: 2 } }))).toEqual({ next: null, count: 2 });
    }
    expect(readPaging(page({ links: { next: '  ' }, meta: { count: -1 } }))).toEqual({ next: null, count: null });
  });
});

describe('normaliseOrderDocument', () => {
  it('reads order.json completely', () => {
    expect(onlyOrder(orderDoc())).toEqual<BcOrder>({
      id: 'MOTH-100234',
      customerName: 'Ada Lovelace',
      customerEmail: 'ada@example.org',
      note: 'Gift, please no invoice in the parcel',
      address: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        company: '',
        address1: '12 Analytical Row',
        address2: 'Flat 3',
        city: 'London',
        state: 'Greater London',
        zip: 'N1 9GU',
        countryName: 'United Kingdom',
        countryCode: 'GB',
        phone: '+44 20 7946 0000',
      },
      shippingStatus: 'unshipped',
      paymentStatus: 'completed',
      createdAt: '2026-11-20T14:02:11.000Z',
      updatedAt: '2026-11-20T14:02:40.000Z',
      completedAt: '2026-11-20T14:02:40.000Z',
      total: 91.5,
      currency: 'GBP',
      items: [
        {
          id: '9001',
          productId: '330011', // type "products"
          optionId: '1180021', // type "product_options"
          productName: 'Moth Logo Hoodie',
          optionName: 'Black / L',
          quantity: 2,
          price: 35,
          imageUrl: 'https://images.bigcartel.com/product_images/1/hoodie.jpg',
        },
        {
          id: '9002',
          productId: '330012', // type "product"
          optionId: '1180030', // type "product_option"
          productName: 'Moth Tee',
          optionName: '',
          quantity: 1,
          price: 12,
          imageUrl: 'https://images.bigcartel.com/product_images/2/tee.jpg',
        },
        {
          id: '9003',
          productId: '330013',
          optionId: null, // {"data": null}
          productName: 'Sticker Pack <3 & "Friends"',
          optionName: '', // a product without options
          quantity: 1,
          price: 5,
          imageUrl: null,
        },
      ],
    });
  });

  it('reads orders-page.json: country from the attribute or the included resource', () => {
    const r = normaliseOrderDocument(pageDoc());
    expect(r.problems).toEqual([]);
    expect(r.orders.map((o) => [o.id, o.address.countryName, o.address.countryCode, o.total, o.items.length])).toEqual([
      ['MOTH-100235', 'United States', 'US', 21, 1],
      ['MOTH-099870', 'United Kingdom', '', 39.5, 1],
    ]);
    const turing = r.orders[1]!;
    expect(turing.customerEmail).toBe('');
    expect(turing.address.state).toBe('');
    expect(turing.address.phone).toBe('');
    expect(turing.currency).toBe('');
    expect(readPaging(pageDoc())).toEqual({
      next: 'https://api.bigcartel.com/v1/accounts/4721901/orders?page%5Blimit%5D=2&page%5Boffset%5D=2&sort=-updated_at',
      count: 3,
    });
  });

  it('takes the country name from the included country when the attribute is missing', () => {
    const doc = orderDoc();
    delete (doc.data as Record<string, any>).attributes.shipping_country_name;
    const o = onlyOrder(doc);
    expect(o.address.countryName).toBe('United Kingdom');
    expect(o.address.countryCode).toBe('GB');
  });

  it('uses shipping_country_id when there is no shipping_country relationship', () => {
    const doc = orderDoc();
    const d = doc.data as Record<string, any>;
    delete d.relationships.shipping_country;
    delete d.attributes.shipping_country_name;
    expect(onlyOrder(doc).address).toMatchObject({ countryName: 'United Kingdom', countryCode: 'GB' });
  });

  it("reads Big Cartel's documented shape: the country's ISO code is its id, no shipping_country_* attributes", () => {
    const doc = orderDoc();
    const d = doc.data as Record<string, any>;
    delete d.attributes.shipping_country_id;
    delete d.attributes.shipping_country_name;
    d.relationships.shipping_country = { data: { type: 'countries', id: 'US' } };
    doc.included = doc.included.filter((r) => r.type !== 'countries');
    doc.included.push({ id: 'US', type: 'countries', attributes: { name: 'United States' } });
    expect(onlyOrder(doc).address).toMatchObject({ countryName: 'United States', countryCode: 'US' });
  });

  it('the relationship id wins over shipping_country_id, and only two letters count as a code', () => {
    const doc = orderDoc();
    const d = doc.data as Record<string, any>;
    d.relationships.shipping_country = { data: { type: 'country', id: 'ie' } };
    d.attributes.shipping_country_id = 'GB';
    expect(onlyOrder(doc).address.countryCode).toBe('IE');

    d.relationships.shipping_country = { data: { type: 'countries', id: '42' } };
    expect(onlyOrder(doc).address.countryCode).toBe('GB');

    d.attributes.shipping_country_id = 'GBR';
    expect(onlyOrder(doc).address).toMatchObject({ countryCode: '', countryName: 'United Kingdom' });

    d.attributes.shipping_country_id = 826;
    d.relationships.shipping_country = { data: null };
    expect(onlyOrder(doc).address.countryCode).toBe('');
  });

  it("the country's name comes from the included country first, then shipping_country_name", () => {
    const doc = orderDoc();
    (doc.data as Record<string, any>).attributes.shipping_country_name = 'UK';
    expect(onlyOrder(doc).address.countryName).toBe('United Kingdom');
    doc.included = doc.included.filter((r) => r.type !== 'countries');
    expect(onlyOrder(doc).address).toMatchObject({ countryName: 'UK', countryCode: 'GB' });
  });

  it('a currency is read from its id (the ISO code)', () => {
    expect(onlyOrder(orderDoc()).currency).toBe('GBP');
  });

  it('line items fall back to product_id / product_option_id attributes when relationships are missing or null', () => {
    const doc = orderDoc();
    const a = lineItem(doc, '9001');
    delete a.relationships;
    a.attributes.product_id = 330011;
    a.attributes.product_option_id = '1180021';
    const b = lineItem(doc, '9003');
    b.relationships = { product: { data: null }, product_option: null };
    b.attributes.product_id = '330013';
    b.attributes.product_option_id = 1180040;
    const c = lineItem(doc, '9002');
    c.attributes.product_id = '999'; // the relationship is there: it wins
    c.attributes.product_option_id = '';
    const items = onlyOrder(doc).items;
    expect(items.map((i) => [i.id, i.productId, i.optionId])).toEqual([
      ['9001', '330011', '1180021'],
      ['9002', '330012', '1180030'],
      ['9003', '330013', '1180040'],
    ]);
  });

  it('an order with a line item missing from included is a problem, never a shorter order', () => {
    const doc = pageDoc();
    doc.included = doc.included.filter((r) => r.id !== '7001');
    const r = normaliseOrderDocument(doc);
    expect(r.orders.map((o) => o.id)).toEqual(['MOTH-100235']);
    expect(r.problems).toEqual([
      {
        id: 'MOTH-099870',
        message: expect.stringMatching(/Order MOTH-099870: line item 7001 is listed but its details are missing/),
      },
    ]);
  });

  it('also when item_count is absent (order.json without item 9002)', () => {
    const doc = orderDoc();
    delete (doc.data as Record<string, any>).attributes.item_count;
    doc.included = doc.included.filter((r) => r.id !== '9002');
    const r = normaliseOrderDocument(doc);
    expect(r.orders).toEqual([]);
    expect(r.problems[0]!.message).toContain('line item 9002');
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['text', 'two'],
    ['null', null],
    ['missing', undefined],
  ])('a %s quantity makes the order a problem', (_n, quantity) => {
    const doc = orderDoc();
    const item = lineItem(doc, '9002');
    if (quantity === undefined) delete item.attributes.quantity;
    else item.attributes.quantity = quantity;
    const r = normaliseOrderDocument(doc);
    expect(r.orders).toEqual([]);
    expect(r.problems).toEqual([
      { id: 'MOTH-100234', message: expect.stringMatching(/line item 9002 \(Moth Tee\) has an invalid quantity/) },
    ]);
  });

  it('reads a quantity given as a digit string', () => {
    const doc = orderDoc();
    lineItem(doc, '9001').attributes.quantity = '2';
    expect(onlyOrder(doc).items[0]!.quantity).toBe(2);
  });

  it('item_count that differs from the sum of quantities is a problem', () => {
    const doc = orderDoc();
    (doc.data as Record<string, any>).attributes.item_count = 5;
    const r = normaliseOrderDocument(doc);
    expect(r.orders).toEqual([]);
    expect(r.problems[0]!.message).toMatch(/says 5 items but the line items add up to 4/);
    (doc.data as Record<string, any>).attributes.item_count = '4';
    expect(onlyOrder(doc).id).toBe('MOTH-100234');
  });

  it('an order without line items is a problem', () => {
    const doc = orderDoc();
    (doc.data as Record<string, any>).relationships.items = { data: [] };
    expect(normaliseOrderDocument(doc).problems[0]!.message).toMatch(/lists no line items/);
    delete (doc.data as Record<string, any>).relationships;
    expect(normaliseOrderDocument(doc).problems[0]!.message).toMatch(/lists no line items/);
  });

  it('null, missing or foreign product/option relationships give null ids', () => {
    const doc = orderDoc();
    lineItem(doc, '9001').relationships = { product: { data: null }, product_option: null };
    delete lineItem(doc, '9002').relationships;
    lineItem(doc, '9003').relationships = { product: { data: { type: 'bundles', id: '1' } } };
    (doc.data as Record<string, any>).attributes.item_count = 4;
    const o = onlyOrder(doc);
    expect(o.items.map((i) => [i.productId, i.optionId])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('numeric ids become strings; an included line item typed singular is found', () => {
    const doc = orderDoc();
    const d = doc.data as Record<string, any>;
    d.relationships.items.data[0] = { type: 'order_line_items', id: 9001 };
    const item = lineItem(doc, '9001');
    item.type = 'order_line_item';
    item.relationships.product.data.id = 330011;
    const o = onlyOrder(doc);
    expect(o.items[0]).toMatchObject({ id: '9001', productId: '330011' });
  });

  it('missing or null attributes become "" and 0', () => {
    const doc = orderDoc();
    const d = doc.data as Record<string, any>;
    d.attributes = null;
    delete d.relationships.shipping_country;
    delete d.relationships.currency;
    for (const r of doc.included) if (r.type === 'order_line_items') r.attributes = { quantity: 1 };
    const o = onlyOrder(doc);
    expect(o).toMatchObject({
      id: 'MOTH-100234',
      customerName: '',
      customerEmail: '',
      note: '',
      shippingStatus: '',
      paymentStatus: '',
      createdAt: '',
      total: 0,
      currency: '',
    });
    expect(o.address).toEqual({
      firstName: '',
      lastName: '',
      company: '',
      address1: '',
      address2: '',
      city: '',
      state: '',
      zip: '',
      countryName: '',
      countryCode: '',
      phone: '',
    });
    expect(o.items[0]).toEqual({
      id: '9001',
      productId: '330011',
      optionId: '1180021',
      productName: '',
      optionName: '',
      quantity: 1,
      price: 0,
      imageUrl: null,
    });
  });

  it('customer name from whichever of first/last is present', () => {
    const doc = orderDoc();
    (doc.data as Record<string, any>).attributes.customer_first_name = null;
    expect(onlyOrder(doc).customerName).toBe('Lovelace');
  });

  it('an unreadable element of data is a problem; the others are read', () => {
    const doc = pageDoc();
    (doc.data as unknown[]).push({ type: 'orders', attributes: {} }, 'junk');
    const r = normaliseOrderDocument(doc);
    expect(r.orders).toHaveLength(2);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]!.message).toMatch(/without a readable order number/);
  });

  it.each([
    ['no data', { included: [] }],
    ['data null', { data: null }],
    ['data a string', { data: 'x' }],
    ['an array', [{ data: [] }]],
    ['null', null],
    ['a string', 'hello'],
  ])('a structurally wrong document (%s) throws BcDocumentError', (_n, doc) => {
    expect(() => normaliseOrderDocument(doc)).toThrow(BcDocumentError);
    expect(() => normaliseOrderDocument(doc)).toThrow(/could not read/);
  });

  it('an empty list is fine', () => {
    expect(normaliseOrderDocument({ data: [] })).toEqual({ orders: [], problems: [] });
  });
});

describe('money', () => {
  it.each([
    ['100.0', 100],
    ['87.50', 87.5],
    [12, 12],
    ['1,234.50', 1234.5],
    ['£5.00', 5],
    ['', 0],
    [null, 0],
    [undefined, 0],
    ['abc', 0],
  ])('%j -> %j', (v, n) => expect(money(v)).toBe(n));
});

describe('normaliseProductDocument', () => {
  it('reads product.json with its options in relationship order', () => {
    expect(normaliseProductDocument(productDoc())).toEqual({
      products: [
        {
          id: '330011',
          name: 'Moth Logo Hoodie',
          permalink: 'moth-logo-hoodie',
          status: 'active',
          imageUrl: 'https://images.bigcartel.com/product_images/1/hoodie.jpg',
          options: [
            { id: '1180020', name: 'Black / M', sold: 14 },
            { id: '1180021', name: 'Black / L', sold: 22 },
            { id: '1180022', name: 'Black / XL', sold: 9 },
          ],
        },
      ],
      problems: [],
    });
  });

  it('reads a list, singular option types, missing options and attributes', () => {
    const doc = productDoc();
    doc.included = doc.included.filter((r) => r.id !== '1180022');
    doc.included[0]!.type = 'product_option';
    delete doc.included[1]!.attributes.sold;
    const second = { id: 330012, type: 'products', attributes: { name: 'Moth Tee', primary_image_url: null } };
    const r = normaliseProductDocument({ data: [doc.data, second, { type: 'products' }], included: doc.included });
    expect(r.products.map((p) => [p.id, p.name, p.status, p.imageUrl])).toEqual([
      ['330011', 'Moth Logo Hoodie', 'active', 'https://images.bigcartel.com/product_images/1/hoodie.jpg'],
      ['330012', 'Moth Tee', '', null],
    ]);
    expect(r.products[0]!.options).toEqual([
      { id: '1180020', name: 'Black / M', sold: 14 },
      { id: '1180021', name: 'Black / L', sold: null },
      { id: '1180022', name: '', sold: null }, // listed, not included: kept by id
    ]);
    expect(r.products[1]!.options).toEqual([]);
    expect(r.problems).toEqual([{ id: '', message: expect.stringMatching(/without a readable id/) }]);
  });

  it('throws BcDocumentError without data', () => {
    expect(() => normaliseProductDocument({ errors: [] })).toThrow(BcDocumentError);
  });
});

describe('normaliseAccountDocument', () => {
  it('reads accounts.json', () => {
    expect(normaliseAccountDocument(fixture('bigcartel/accounts.json'))).toEqual([
      { id: '4721901', subdomain: 'mothmerch', storeName: 'Moth Merch', currency: 'GBP' },
    ]);
  });
});
