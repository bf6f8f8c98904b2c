import { describe, expect, it } from 'vitest';
import {
  findKnownOrderId,
  findOrderRows,
  isOrdersListPath,
  orderIdFromPath,
  productIdFromPath,
} from '@/lib/bigcartel/page';
import { fill, page, tag } from './pages/dom';

describe('orderIdFromPath', () => {
  it.each([
    ['/orders/MOTH-100234', 'MOTH-100234'],
    ['/orders/MOTH-100234/', 'MOTH-100234'],
    ['/orders/MOTH-100234/edit', 'MOTH-100234'],
    ['/orders/MOTH-100234/shipments/new', 'MOTH-100234'],
    ['/orders/MOTH%2D100234', 'MOTH-100234'],
    ['/orders/LMFN-543196?layout=cards', 'LMFN-543196'],
    ['/orders/LMFN-543196#activity', 'LMFN-543196'],
    ['https://my.bigcartel.com/orders/MOTH-100234?all=true', 'MOTH-100234'],
    ['/mothmerch/orders/MOTH-100234', 'MOTH-100234'],
    ['/admin/orders/12345', '12345'],
    ['/Orders/moth-100234', 'moth-100234'],
    ['/orders/%E2%9C%93-1', '\u2713-1'],
    ['/orders/%E0%A4%A', '%E0%A4%A'], // malformed escape: kept as written
  ])('%s -> %s', (path, id) => {
    expect(orderIdFromPath(path)).toBe(id);
  });

  it.each([
    '/orders',
    '/orders/',
    '/orders?all=true',
    '/orders/new',
    '/orders/export',
    '/orders/exports',
    '/orders/search?q=moth',
    '/orders/unshipped',
    '/orders/page/2',
    '/orders/export.csv',
    '/orders_exports.csv',
    '/products/330011',
    '/',
    '',
    '/orders/%20',
  ])('%s -> null', (path) => {
    expect(orderIdFromPath(path)).toBeNull();
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 42, {}, 'http://[bad', '////', '/orders//x']) {
      expect(() => orderIdFromPath(junk as unknown as string)).not.toThrow();
    }
    expect(orderIdFromPath('/orders//x')).toBe('x');
  });
});

describe('productIdFromPath', () => {
  it.each([
    ['/products/330011', '330011'],
    ['/products/330011/', '330011'],
    ['/products/330011/edit', '330011'],
    ['https://app.bigcartel.com/products/330011?tab=options', '330011'],
    ['/products/moth-tee', 'moth-tee'],
  ])('%s -> %s', (path, id) => {
    expect(productIdFromPath(path)).toBe(id);
  });
  it.each(['/products', '/products/', '/products/new', '/products/categories', '/orders/MOTH-1', '/product/moth-tee'])(
    '%s -> null',
    (path) => {
      expect(productIdFromPath(path)).toBeNull();
    },
  );
});

describe('isOrdersListPath', () => {
  it.each([
    '/orders',
    '/orders/',
    '/orders?all=true',
    '/orders?shipping_status=unshipped&page=2',
    '/orders/unshipped',
    '/orders/page/3',
    'https://my.bigcartel.com/orders?search=ada',
    '/mothmerch/orders',
  ])('%s is the list', (path) => {
    expect(isOrdersListPath(path)).toBe(true);
  });
  it.each(['/orders/MOTH-100234', '/orders/MOTH-100234/edit', '/orders_exports.csv', '/products', '/', '/ordersx', ''])(
    '%s is not',
    (path) => {
      expect(isOrdersListPath(path)).toBe(false);
    },
  );
});

describe('findKnownOrderId', () => {
  const known = ['MOTH-099870', 'MOTH-100234', 'MOTH-100235'];

  it('prefers the number in a heading over earlier mentions', () => {
    const doc = page(`<body>
      <aside><h2>Recent</h2><a href="/orders/MOTH-099870">MOTH-099870</a></aside>
      <main><p>Previous order by this customer: #MOTH-100235</p><h1>Order #MOTH-100234</h1></main>
    </body>`);
    expect(findKnownOrderId(doc, known)).toBe('MOTH-100234');
  });

  it('reads headings inside open shadow roots and role="heading"', () => {
    const doc = page('<body><p>See also MOTH-099870</p><bc-order-header></bc-order-header></body>');
    fill(
      doc.querySelector('bc-order-header')!.attachShadow({ mode: 'open' }),
      '<div role="heading" aria-level="1">Order <b>MOTH-100235</b></div>',
    );
    expect(findKnownOrderId(doc, known)).toBe('MOTH-100235');
  });

  it('is case-insensitive and whole-word', () => {
    expect(findKnownOrderId(page('<body><h1>Order moth-100234</h1></body>'), known)).toBe('MOTH-100234');
    // MOTH-10023 is a prefix of the number on the page, not the number.
    expect(findKnownOrderId(page('<body><h1>Order MOTH-100234</h1></body>'), ['MOTH-10023'])).toBeNull();
    expect(findKnownOrderId(page('<body><h1>Order XMOTH-100234</h1></body>'), known)).toBeNull();
  });

  it('without a heading: the document title, then the first mention', () => {
    const titled = page(
      '<html><head><title>Order MOTH-100235 | Big Cartel</title></head><body><p>MOTH-100234</p></body></html>',
    );
    expect(findKnownOrderId(titled, known)).toBe('MOTH-100235');
    expect(findKnownOrderId(page('<body><p>Was MOTH-099870, now MOTH-100234</p></body>'), known)).toBe('MOTH-099870');
  });

  it('ignores our overlay, scripts and hidden text; null when nothing is known', () => {
    const doc = page(`<body><div data-ink-overlay><h1>MOTH-100234</h1></div><script>"MOTH-100235"</script>
      <h1 hidden>MOTH-099870</h1><p>Nothing here</p></body>`);
    expect(findKnownOrderId(doc, known)).toBeNull();
    expect(findKnownOrderId(page('<h1>MOTH-100234</h1>'), [])).toBeNull();
    expect(findKnownOrderId(null as unknown as ParentNode, known)).toBeNull();
  });
});

describe('findOrderRows', () => {
  it('a table: the <tr> of each known order, unknown orders ignored', () => {
    const doc = page(`<body><h1>Orders</h1><table>
      <thead><tr><th>Order</th><th>Customer</th><th>Total</th></tr></thead>
      <tbody>
        <tr data-t="r1"><td><a href="/orders/MOTH-100235" data-t="i1">#MOTH-100235</a></td><td>Ada</td><td>£16.50</td></tr>
        <tr data-t="r2"><td><a href="/orders/MOTH-100240">#MOTH-100240</a></td><td>Grace</td><td>£12.00</td></tr>
        <tr data-t="r3"><td><a href="/orders/MOTH-100234" data-t="i3">#MOTH-100234</a></td><td>Ada</td><td>£91.50</td></tr>
      </tbody></table></body>`);
    const rows = findOrderRows(doc, ['MOTH-100234', 'MOTH-100235', 'MOTH-099870']);
    expect(rows.map((r) => [r.id, tag(r.row), tag(r.idEl)])).toEqual([
      ['MOTH-100235', 'r1', 'i1'],
      ['MOTH-100234', 'r3', 'i3'],
    ]);
  });

  it('cards made of links, with the number also in a "recently viewed" box', () => {
    const doc = page(`<body>
      <aside><h2>Recently viewed</h2><p>MOTH-100234</p></aside>
      <div>
        <a href="/orders/MOTH-100235" data-t="c1"><div><strong data-t="i1">#MOTH-100235</strong><span>Unshipped</span></div><div>Ada Lovelace · 1 item · £16.50</div></a>
        <a href="/orders/MOTH-100234" data-t="c2"><div><strong data-t="i2">#MOTH-100234</strong><span>Unshipped</span></div><div>Ada Lovelace · 4 items · £91.50</div></a>
        <a href="/orders/MOTH-100233" data-t="c3"><div><strong>#MOTH-100233</strong><span>Shipped</span></div><div>Alan Turing · 1 item · £5.00</div></a>
      </div></body>`);
    const rows = findOrderRows(doc, ['MOTH-100234', 'MOTH-100235']);
    expect(rows.map((r) => [r.id, tag(r.row), tag(r.idEl)])).toEqual([
      ['MOTH-100235', 'c1', 'i1'],
      ['MOTH-100234', 'c2', 'i2'],
    ]);
  });

  it('the same number twice in one row (a wide and a narrow layout) is one row', () => {
    const doc = page(`<body><ul>
      <li data-t="l1"><span data-t="i1">MOTH-100234</span><span>Ada</span><small>Order MOTH-100234</small></li>
      <li data-t="l2"><span data-t="i2">MOTH-100235</span><span>Grace</span><small>Order MOTH-100235</small></li>
    </ul></body>`);
    const rows = findOrderRows(doc, ['MOTH-100234', 'MOTH-100235']);
    expect(rows.map((r) => [r.id, tag(r.row), tag(r.idEl)])).toEqual([
      ['MOTH-100234', 'l1', 'i1'],
      ['MOTH-100235', 'l2', 'i2'],
    ]);
  });

  it('a list with one order only still gives its row, not the page', () => {
    const doc = page(`<body><main><h1>Orders</h1><table><tbody>
      <tr data-t="r"><td><a data-t="i">#MOTH-100234</a></td><td>Ada</td><td>£91.50</td></tr>
    </tbody></table><p>Page 1 of 1</p></main></body>`);
    expect(findOrderRows(doc, ['MOTH-100234']).map((r) => [tag(r.row), tag(r.idEl)])).toEqual([['r', 'i']]);
  });

  it('rows inside an open shadow root; never our overlay', () => {
    const doc = page('<body><div data-ink-overlay><p>MOTH-100234</p></div><bc-orders-table></bc-orders-table></body>');
    fill(
      doc.querySelector('bc-orders-table')!.attachShadow({ mode: 'open' }),
      `<table><tbody><tr data-t="s1"><td data-t="i1">#MOTH-100234</td><td>Ada</td></tr>
       <tr data-t="s2"><td data-t="i2">#MOTH-100235</td><td>Grace</td></tr></tbody></table>`,
    );
    expect(findOrderRows(doc, ['MOTH-100234', 'MOTH-100235']).map((r) => [r.id, tag(r.row), tag(r.idEl)])).toEqual([
      ['MOTH-100234', 's1', 'i1'],
      ['MOTH-100235', 's2', 'i2'],
    ]);
  });

  it('nothing known, nothing shown, junk in: an empty list', () => {
    expect(findOrderRows(page('<body><p>No orders yet.</p></body>'), ['MOTH-100234'])).toEqual([]);
    expect(findOrderRows(page('<body><p>MOTH-100234</p></body>'), [])).toEqual([]);
    expect(findOrderRows(null as unknown as ParentNode, ['MOTH-100234'])).toEqual([]);
  });
});
