import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deepElements, placeItems } from '@/lib/bigcartel/page';
import type { LineItem } from '@/lib/types';
import { fill, item, page, where } from './pages/dom';

/** The fixture order (shared/fixtures/bigcartel/order.json), as the normaliser gives it. */
function fixtureItems() {
  return {
    hoodie: item('Moth Logo Hoodie', 'Black / L', 2, '9001'),
    tee: item('Moth Tee', '', 1, '9002'),
    sticker: item('Sticker Pack <3 & "Friends"', 'Default', 1, '9003'),
  };
}

describe('placeItems: table layout', () => {
  const html = `<!doctype html><html><head><title>Order MOTH-100234 - Moth Tee</title></head><body>
    <nav><a href="/orders">Orders</a><a href="/products">Products</a></nav>
    <main>
      <h1>Order #MOTH-100234</h1>
      <aside>
        <h2>Activity</h2>
        <ul>
          <li>Ada Lovelace bought Moth Logo Hoodie (Black / L) × 2</li>
          <li>Ada Lovelace bought Moth Tee</li>
          <li>Payment completed</li>
        </ul>
      </aside>
      <section>
        <h2>Items</h2>
        <table>
          <thead><tr><th>Product</th><th>Option</th><th>Qty</th><th>Price</th><th>Total</th></tr></thead>
          <tbody>
            <tr data-t="r1"><td><img src="hoodie.jpg" alt=""><a href="/products/330011" data-t="n1">Moth Logo Hoodie</a></td><td>Black / L</td><td>2</td><td>£35.00</td><td>£70.00</td></tr>
            <tr data-t="r2"><td><a href="/products/330012" data-t="n2">Moth Tee</a></td><td></td><td>1</td><td>£12.00</td><td>£12.00</td></tr>
            <tr data-t="r3"><td><a href="/products/330013" data-t="n3">Sticker Pack &lt;3 &amp; &quot;Friends&quot;</a></td><td>Default</td><td>1</td><td>£5.00</td><td>£5.00</td></tr>
          </tbody>
          <tfoot><tr><td colspan="4">Subtotal</td><td>£87.00</td></tr></tfoot>
        </table>
      </section>
      <section><h2>Customer</h2><p>Ada Lovelace</p><p>ada@example.org</p>
        <p>Note: Gift, please no invoice — the Moth Tee is a present</p></section>
    </main></body></html>`;

  it('puts every item on its own table row, not on the activity log or the note', () => {
    const { hoodie, tee, sticker } = fixtureItems();
    const r = placeItems(page(html), [hoodie, tee, sticker]);
    expect(where(r)).toEqual({ at: { '9001': 'r1/n1', '9002': 'r2/n2', '9003': 'r3/n3' }, unplaced: [] });
  });

  it('gives the same answer whatever order the items come in', () => {
    const { hoodie, tee, sticker } = fixtureItems();
    const r = placeItems(page(html), [sticker, tee, hoodie]);
    expect(where(r).at).toEqual({ '9001': 'r1/n1', '9002': 'r2/n2', '9003': 'r3/n3' });
    expect(r.placed.map((p) => p.item.id)).toEqual(['9003', '9002', '9001']);
  });

  it('returns elements of the document it was given', () => {
    const doc = page(html);
    const { tee } = fixtureItems();
    const r = placeItems(doc, [tee]);
    expect(r.placed[0]?.row.ownerDocument).toBe(doc);
    expect(doc.body.contains(r.placed[0]!.nameEl)).toBe(true);
  });

  it('reads an element root as well as a document', () => {
    const doc = page(html);
    const { hoodie, tee, sticker } = fixtureItems();
    const table = doc.querySelector('table')!;
    expect(where(placeItems(table, [hoodie, tee, sticker])).at).toEqual({
      '9001': 'r1/n1',
      '9002': 'r2/n2',
      '9003': 'r3/n3',
    });
    // Only the activity log: names there are inside sentences (last resort), the sticker not at all.
    const log = doc.querySelector('aside')!;
    const onlyLog = where(placeItems(log, [hoodie, tee, sticker]));
    expect(onlyLog.unplaced).toEqual(['9003']);
  });
});

describe('placeItems: single item', () => {
  it('finds the row of the only item without swallowing the whole page', () => {
    const doc = page(`<body><main>
      <h1>Order MOTH-100300</h1>
      <section><h2>Items</h2>
        <table><tbody>
          <tr data-t="row"><td><a data-t="name">Moth Tee</a></td><td>White / M</td><td>1</td><td>£12.00</td></tr>
        </tbody></table>
        <dl><dt>Subtotal</dt><dd>£12.00</dd><dt>Shipping</dt><dd>£4.50</dd><dt>Items</dt><dd>1</dd></dl>
      </section>
      <section><h2>Activity</h2><p>Ada bought <a>Moth Tee</a></p></section>
    </main></body>`);
    const tee = item('Moth Tee', 'White / M', 1);
    expect(where(placeItems(doc, [tee])).at).toEqual({ [tee.id]: 'row/name' });
  });

  it('prefers the row over a linked name in the activity log that comes first', () => {
    const doc = page(`<body>
      <section><h2>Activity</h2><ol><li>Ada Lovelace bought <a href="/products/1">Moth Tee</a></li></ol></section>
      <section><h2>Items</h2><ul><li data-t="row"><img src="x.jpg"><span data-t="name">Moth Tee</span><span>£12.00</span></li></ul></section>
    </body>`);
    const tee = item('Moth Tee', '', 1);
    expect(where(placeItems(doc, [tee])).at).toEqual({ [tee.id]: 'row/name' });
  });

  it('uses the activity log only when the name shows nowhere else', () => {
    const doc = page(`<body><section><h2>Activity</h2><ul>
      <li data-t="log">Ada Lovelace bought Moth Tee</li><li>Payment completed</li></ul></section></body>`);
    const tee = item('Moth Tee', '', 1);
    const r = placeItems(doc, [tee]);
    expect(where(r).at).toEqual({ [tee.id]: 'log/log' });
  });
});

describe('placeItems: cards built from spans', () => {
  // Generated markup: no whitespace between elements at all.
  const html =
    '<body><div><h2>Items</h2><div>' +
    '<article data-t="c1"><img src="a.jpg"><div><span data-t="n1">Moth Logo Hoodie</span><span>Black / L</span></div><div><span>Qty: 2</span><span>£70.00</span></div><button>Refund</button></article>' +
    '<article data-t="c2"><img src="b.jpg"><div><span data-t="n2">Moth Tee</span><span>White / M</span></div><div><span>Qty: 1</span><span>£12.00</span></div><button>Refund</button></article>' +
    '<article data-t="c3"><img src="c.jpg"><div><span data-t="n3">Moth Tee</span><span>Black / S</span></div><div><span>Qty: 3</span><span>£36.00</span></div><button>Refund</button></article>' +
    '</div></div></body>';

  it('places each card, using the option to tell the two Moth Tees apart', () => {
    const a = item('Moth Logo Hoodie', 'Black / L', 2);
    const b = item('Moth Tee', 'Black / S', 3);
    const c = item('Moth Tee', 'White / M', 1);
    expect(where(placeItems(page(html), [a, b, c]))).toEqual({
      at: { [a.id]: 'c1/n1', [b.id]: 'c3/n3', [c.id]: 'c2/n2' },
      unplaced: [],
    });
  });

  it('tells the same names apart by quantity alone when the options are not shown', () => {
    const b = item('Moth Tee', 'Some option the page does not show', 3);
    const c = item('Moth Tee', 'Another hidden option', 1);
    expect(where(placeItems(page(html), [b, c])).at).toEqual({ [b.id]: 'c3/n3', [c.id]: 'c2/n2' });
  });

  it('accepts the option written differently ("Black/L", "Colour: Black, Size: L")', () => {
    const doc = page(`<body><ul>
      <li data-t="a"><b data-t="na">Moth Tee</b> <i>Colour: White, Size: M</i></li>
      <li data-t="b"><b data-t="nb">Moth Tee</b> <i>Black/L</i></li>
    </ul></body>`);
    const bl = item('Moth Tee', 'Black / L', 1);
    const wm = item('Moth Tee', 'White / M', 1);
    expect(where(placeItems(doc, [bl, wm])).at).toEqual({ [bl.id]: 'b/nb', [wm.id]: 'a/na' });
  });
  it('an option shown only word by word ("Colour: Black, Size: L") still tells rows apart', () => {
    const doc = page(`<body><ul>
      <li data-t="a"><b data-t="na">Moth Tee</b> <i>Colour: Black, Size: S</i> <button>Refund</button></li>
      <li data-t="b"><b data-t="nb">Moth Tee</b> <i>Colour: Black, Size: L</i> <button>Refund</button></li>
    </ul></body>`);
    const bl = item('Moth Tee', 'Black / L', 1);
    const bs = item('Moth Tee', 'Black / S', 1);
    expect(where(placeItems(doc, [bl, bs])).at).toEqual({ [bl.id]: 'b/nb', [bs.id]: 'a/na' });
  });
});

describe('placeItems: definition lists', () => {
  it('one <dl> per item', () => {
    const doc = page(`<body><div>
      <dl data-t="d1"><dt>Product</dt><dd data-t="n1">Moth Logo Hoodie</dd><dt>Option</dt><dd>Black / L</dd><dt>Quantity</dt><dd>2</dd></dl>
      <dl data-t="d2"><dt>Product</dt><dd data-t="n2">Moth Tee</dd><dt>Option</dt><dd>—</dd><dt>Quantity</dt><dd>1</dd></dl>
    </div></body>`);
    const a = item('Moth Logo Hoodie', 'Black / L', 2);
    const b = item('Moth Tee', '', 1);
    expect(where(placeItems(doc, [a, b])).at).toEqual({ [a.id]: 'd1/n1', [b.id]: 'd2/n2' });
  });

  it('one flat <dl> for all items: the row is the <dt>, the option in the <dd> after it still counts', () => {
    const doc = page(`<body><dl>
      <dt data-t="t1">Moth Tee</dt><dd>White / M · Qty 1</dd>
      <dt data-t="t2">Moth Tee</dt><dd>Black / L · Qty 2</dd>
      <dt data-t="t3">Moth Logo Hoodie</dt><dd>Black / L · Qty 1</dd>
    </dl></body>`);
    const bl = item('Moth Tee', 'Black / L', 2);
    const wm = item('Moth Tee', 'White / M', 1);
    const h = item('Moth Logo Hoodie', 'Black / L', 1);
    expect(where(placeItems(doc, [bl, h, wm])).at).toEqual({
      [bl.id]: 't2/t2',
      [wm.id]: 't1/t1',
      [h.id]: 't3/t3',
    });
  });

  it('a CSS-grid list of bare cells (no row elements) works the same way', () => {
    const doc = page(
      '<body><div>' +
        '<span>Product</span><span>Option</span><span>Qty</span>' +
        '<span data-t="g1">Moth Tee</span><span>Black / L</span><span>2</span>' +
        '<span data-t="g2">Moth Tee</span><span>White / M</span><span>1</span>' +
        '</div></body>',
    );
    const wm = item('Moth Tee', 'White / M', 1);
    const bl = item('Moth Tee', 'Black / L', 2);
    expect(where(placeItems(doc, [wm, bl])).at).toEqual({ [wm.id]: 'g2/g2', [bl.id]: 'g1/g1' });
  });
});

describe('placeItems: name and option in one cell', () => {
  it('"Moth Logo Hoodie — Black / L" in one cell, quantity in the next', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Logo Hoodie — Black / L</td><td>× 2</td><td>£70.00</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Logo Hoodie — Grey / M</td><td>× 1</td><td>£35.00</td></tr>
      <tr data-t="r3"><td data-t="n3">Moth Tee x1</td><td></td><td>£12.00</td></tr>
    </tbody></table></body>`);
    const grey = item('Moth Logo Hoodie', 'Grey / M', 1);
    const black = item('Moth Logo Hoodie', 'Black / L', 2);
    const tee = item('Moth Tee', '', 1);
    expect(where(placeItems(doc, [grey, black, tee])).at).toEqual({
      [grey.id]: 'r2/n2',
      [black.id]: 'r1/n1',
      [tee.id]: 'r3/n3',
    });
  });

  it('name and option as two lines of one cell', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Tee<br><small>White / M</small></td><td>1</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Tee<br>Black / L</td><td>1</td></tr>
    </tbody></table></body>`);
    const bl = item('Moth Tee', 'Black / L', 1);
    const wm = item('Moth Tee', 'White / M', 1);
    expect(where(placeItems(doc, [bl, wm])).at).toEqual({ [bl.id]: 'r2/n2', [wm.id]: 'r1/n1' });
  });
});

describe('placeItems: shadow roots', () => {
  it('finds items inside an open shadow root attached by script', () => {
    const doc = page(
      '<body><main><h1>Order MOTH-100234</h1><bc-order-items></bc-order-items><p>Notes</p></main></body>',
    );
    const host = doc.querySelector('bc-order-items')!;
    const sr = host.attachShadow({ mode: 'open' });
    fill(
      sr,
      `<style>td { padding: 4px }</style><table><tbody>
        <tr data-t="s1"><td><span data-t="sn1">Moth Logo Hoodie</span></td><td>Black / L</td><td>2</td></tr>
        <tr data-t="s2"><td><span data-t="sn2">Moth Tee</span></td><td></td><td>1</td></tr>
      </tbody></table>`,
    );
    const { hoodie, tee } = fixtureItems();
    const r = placeItems(doc, [hoodie, tee]);
    expect(where(r)).toEqual({ at: { '9001': 's1/sn1', '9002': 's2/sn2' }, unplaced: [] });
    expect(r.placed[0]!.row.getRootNode()).toBe(sr);
  });

  it('finds items in nested shadow roots and in slotted light children', () => {
    const doc = page('<body><bc-order><bc-order-items></bc-order-items></bc-order></body>');
    const outer = doc.querySelector('bc-order')!.attachShadow({ mode: 'open' });
    fill(outer, '<section><h2>Items</h2><slot></slot></section>');
    const items = doc.querySelector('bc-order-items')!.attachShadow({ mode: 'open' });
    fill(
      items,
      '<div data-t="list"><bc-line-item data-t="li1"></bc-line-item><bc-line-item data-t="li2"></bc-line-item><bc-line-item data-t="li3"><span data-t="light3">Moth Tee</span></bc-line-item></div>',
    );
    const [li1, li2, li3] = Array.from(items.querySelectorAll('bc-line-item'));
    fill(
      li1!.attachShadow({ mode: 'open' }),
      '<div data-t="row1"><img src="h.jpg"><p data-t="n1">Moth Logo Hoodie</p><p>Black / L</p><p>Qty 2</p></div>',
    );
    fill(
      li2!.attachShadow({ mode: 'open' }),
      '<div data-t="row2"><p data-t="n2">Moth Tee</p><p>White / M</p><p>Qty 1</p></div>',
    );
    // The third item's name is a light child shown through a <slot>; its quantity is in the shadow.
    fill(li3!.attachShadow({ mode: 'open' }), '<div><slot></slot><p>Black / S</p><p>Qty 3</p></div>');
    const a = item('Moth Logo Hoodie', 'Black / L', 2);
    const b = item('Moth Tee', 'White / M', 1);
    const c = item('Moth Tee', 'Black / S', 3);
    expect(where(placeItems(doc, [c, b, a]))).toEqual({
      at: { [a.id]: 'row1/n1', [b.id]: 'row2/n2', [c.id]: 'li3/light3' },
      unplaced: [],
    });
  });

  it('does not see into closed shadow roots (and does not fail on them)', () => {
    const doc = page('<body><bc-order-items></bc-order-items></body>');
    const sr = doc.querySelector('bc-order-items')!.attachShadow({ mode: 'closed' });
    fill(sr, '<p>Moth Tee</p>');
    const tee = item('Moth Tee');
    expect(where(placeItems(doc, [tee])).unplaced).toEqual([tee.id]);
  });
});

describe('placeItems: activity log and other mentions', () => {
  it('never places an item on a log line, a note or a recommendation when its row exists', () => {
    const doc = page(`<body>
      <section><h2>Activity</h2><ul>
        <li>Ada Lovelace bought <a>Moth Tee</a> (White / M) × 1</li>
        <li>Ada Lovelace bought <a>Moth Logo Hoodie</a> (Black / L) × 2</li>
        <li>Shipping label bought for Moth Tee and Moth Logo Hoodie</li>
      </ul></section>
      <section><h2>Items</h2><table><tbody>
        <tr data-t="r1"><td data-t="n1">Moth Logo Hoodie</td><td>Black / L</td><td>2</td><td><button>Refund</button></td></tr>
        <tr data-t="r2"><td data-t="n2">Moth Tee</td><td>White / M</td><td>1</td><td><button>Refund</button></td></tr>
      </tbody></table></section>
      <section><h2>You may also like</h2><p>Moth Tee Deluxe</p><p>Moth Tee</p></section>
      <section><h2>Note from Ada</h2><p>Please wrap the Moth Tee</p></section>
    </body>`);
    const tee = item('Moth Tee', 'White / M', 1);
    const hoodie = item('Moth Logo Hoodie', 'Black / L', 2);
    expect(where(placeItems(doc, [tee, hoodie]))).toEqual({
      at: { [tee.id]: 'r2/n2', [hoodie.id]: 'r1/n1' },
      unplaced: [],
    });
  });

  it('leaves an identical second item unplaced rather than putting it on a log line', () => {
    const doc = page(`<body>
      <table><tbody><tr data-t="r1"><td data-t="n1">Moth Tee</td><td>1</td></tr></tbody></table>
      <ul><li>Ada bought Moth Tee</li><li>Ada bought Moth Tee</li></ul>
    </body>`);
    const a = item('Moth Tee', '', 1);
    const b = item('Moth Tee', '', 1);
    expect(where(placeItems(doc, [a, b]))).toEqual({ at: { [a.id]: 'r1/n1' }, unplaced: [b.id] });
  });

  it('gives the same answer after our marks are inserted beside the names', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Tee</td><td>Black / L</td><td>1</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Tee</td><td>White / M</td><td>1</td></tr>
    </tbody></table></body>`);
    const wm = item('Moth Tee', 'White / M', 1);
    const bl = item('Moth Tee', 'Black / L', 1);
    const first = placeItems(doc, [wm, bl]);
    for (const p of first.placed) {
      // What the overlay adds: a host after the name, whose text names the item again.
      const host = doc.createElement('span');
      host.setAttribute('data-ink-overlay', '');
      host.textContent = `✗ Link product ${p.item.productName} ${p.item.optionName} × 1`;
      p.nameEl.after(host);
    }
    const again = placeItems(doc, [wm, bl]);
    expect(where(again)).toEqual(where(first));
    expect(where(again).at).toEqual({ [wm.id]: 'r2/n2', [bl.id]: 'r1/n1' });
  });

  it('ignores our own overlay (data-ink-overlay) and hidden elements', () => {
    const doc = page(`<body>
      <div data-ink-overlay=""><ul><li>Moth Tee</li><li>Moth Logo Hoodie</li></ul></div>
      <div hidden><p>Moth Logo Hoodie</p></div>
      <div style="display: none"><p>Moth Logo Hoodie</p></div>
      <template><p>Moth Logo Hoodie</p></template>
      <script>var s = "Moth Logo Hoodie";</script>
      <select><option>Moth Logo Hoodie</option></select>
      <table><tbody><tr data-t="r2"><td data-t="n2">Moth Tee</td><td>1</td></tr></tbody></table>
    </body>`);
    const tee = item('Moth Tee', '', 1);
    const hoodie = item('Moth Logo Hoodie', 'Black / L', 2);
    expect(where(placeItems(doc, [tee, hoodie]))).toEqual({ at: { [tee.id]: 'r2/n2' }, unplaced: [hoodie.id] });
  });
});

describe('placeItems: nothing to place', () => {
  it('a page with no items leaves every item unplaced, in order', () => {
    const doc = page('<body><h1>Orders</h1><p>No orders yet.</p></body>');
    const items = [item('Moth Tee'), item('Moth Logo Hoodie', 'Black / L', 2)];
    expect(where(placeItems(doc, items))).toEqual({ at: {}, unplaced: items.map((i) => i.id) });
  });

  it('no items at all', () => {
    expect(placeItems(page('<body><p>Moth Tee</p></body>'), [])).toEqual({ placed: [], unplaced: [] });
  });

  it('an empty or punctuation-only name is never matched', () => {
    const doc = page('<body><table><tr><td>—</td><td></td></tr></table></body>');
    const items = [item(''), item('—'), item('   ')];
    expect(where(placeItems(doc, items)).unplaced).toEqual(items.map((i) => i.id));
  });

  it('a very short name is placed only where it stands alone, not inside sentences', () => {
    const doc = page(
      '<body><p>Ada bought a gift: A Tee</p><table><tr data-t="r"><td data-t="n">A</td><td>1</td></tr></table></body>',
    );
    const a = item('A', '', 1);
    expect(where(placeItems(doc, [a])).at).toEqual({ [a.id]: 'r/n' });
    const doc2 = page('<body><p>Ada bought a gift: A Tee</p></body>');
    expect(where(placeItems(doc2, [a])).unplaced).toEqual([a.id]);
  });
});

describe('placeItems: duplicates', () => {
  it('the same product twice with different options goes on two rows', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Tee</td><td>Black / L</td><td>1</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Tee</td><td>White / M</td><td>1</td></tr>
    </tbody></table></body>`);
    const wm = item('Moth Tee', 'White / M', 1);
    const bl = item('Moth Tee', 'Black / L', 1);
    expect(where(placeItems(doc, [wm, bl])).at).toEqual({ [wm.id]: 'r2/n2', [bl.id]: 'r1/n1' });
  });

  it('identical name and option twice: two rows, in document order', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Tee</td><td>Black / L</td><td>1</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Tee</td><td>Black / L</td><td>1</td></tr>
    </tbody></table></body>`);
    const first = item('Moth Tee', 'Black / L', 1);
    const second = item('Moth Tee', 'Black / L', 1);
    expect(where(placeItems(doc, [first, second])).at).toEqual({ [first.id]: 'r1/n1', [second.id]: 'r2/n2' });
    expect(where(placeItems(doc, [second, first])).at).toEqual({ [second.id]: 'r1/n1', [first.id]: 'r2/n2' });
  });

  it('identical name and option, different quantities: the quantity decides', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1">Moth Tee</td><td>Black / L</td><td>3</td></tr>
      <tr data-t="r2"><td data-t="n2">Moth Tee</td><td>Black / L</td><td>1</td></tr>
    </tbody></table></body>`);
    const one = item('Moth Tee', 'Black / L', 1);
    const three = item('Moth Tee', 'Black / L', 3);
    expect(where(placeItems(doc, [one, three])).at).toEqual({ [one.id]: 'r2/n2', [three.id]: 'r1/n1' });
  });

  it('three identical items and two rows: two placed, the third unplaced, never two on one row', () => {
    const doc = page(`<body><ul>
      <li data-t="r1"><span data-t="n1">Moth Tee</span> <span>Qty 1</span></li>
      <li data-t="r2"><span data-t="n2">Moth Tee</span> <span>Qty 1</span></li>
    </ul></body>`);
    const items = [item('Moth Tee'), item('Moth Tee'), item('Moth Tee')];
    const r = placeItems(doc, items);
    expect(where(r)).toEqual({
      at: { [items[0]!.id]: 'r1/n1', [items[1]!.id]: 'r2/n2' },
      unplaced: [items[2]!.id],
    });
    expect(new Set(r.placed.map((p) => p.row)).size).toBe(r.placed.length);
  });
});

describe('placeItems: look-alike names', () => {
  const html = (rows: string) => `<body><table><tbody>${rows}</tbody></table></body>`;
  const deluxeRow = '<tr data-t="rd"><td data-t="nd">Moth Tee Deluxe</td><td>1</td></tr>';
  const teeRow = '<tr data-t="rt"><td data-t="nt">Moth Tee</td><td>1</td></tr>';

  it('"Moth Tee" and "Moth Tee Deluxe" each find their own row, in either order', () => {
    for (const rows of [deluxeRow + teeRow, teeRow + deluxeRow]) {
      const tee = item('Moth Tee', '', 1);
      const deluxe = item('Moth Tee Deluxe', '', 1);
      expect(where(placeItems(page(html(rows)), [tee, deluxe])).at).toEqual({
        [tee.id]: 'rt/nt',
        [deluxe.id]: 'rd/nd',
      });
    }
  });

  it("a longer name never lands on the shorter name's row", () => {
    const deluxe = item('Moth Tee Deluxe', '', 1);
    expect(where(placeItems(page(html(teeRow)), [deluxe])).unplaced).toEqual([deluxe.id]);
  });

  it('"Moth Tee" prefers its exact row over a row whose name merely contains it', () => {
    const tee = item('Moth Tee', '', 1);
    expect(where(placeItems(page(html(deluxeRow + teeRow)), [tee])).at).toEqual({ [tee.id]: 'rt/nt' });
  });

  it('whole words only: "Moth Tee" is not in "Moth Teeth", "Tee" is not in "Teepee"', () => {
    const doc = page(html('<tr><td>Moth Teeth Print</td><td>1</td></tr><tr><td>Teepee</td><td>1</td></tr>'));
    const items = [item('Moth Tee'), item('Tee')];
    expect(where(placeItems(doc, items)).unplaced).toEqual(items.map((i) => i.id));
  });

  it('numbers are whole too: "Print 1" is not "Print 10"', () => {
    const doc = page(
      html(
        '<tr data-t="r10"><td data-t="n10">Print 10</td><td>1</td></tr><tr data-t="r1"><td data-t="n1">Print 1</td><td>1</td></tr>',
      ),
    );
    const p1 = item('Print 1');
    const p10 = item('Print 10');
    expect(where(placeItems(doc, [p1, p10])).at).toEqual({ [p1.id]: 'r1/n1', [p10.id]: 'r10/n10' });
  });
});

describe('placeItems: text split across elements, entities, hostile names', () => {
  it('a name split across inline elements and whitespace, in any case', () => {
    const doc = page(`<body><table><tbody>
      <tr data-t="r1"><td data-t="n1"><b>MOTH</b>   <i>logo</i><span>Hoodie</span></td><td>Black / L</td><td>2</td></tr>
      <tr data-t="r2"><td data-t="n2"><mark>Mo</mark>th&nbsp;Tee</td><td>1</td></tr>
    </tbody></table></body>`);
    const h = item('Moth Logo Hoodie', 'Black / L', 2);
    const t = item('moth tee', '', 1);
    expect(where(placeItems(doc, [h, t])).at).toEqual({ [h.id]: 'r1/n1', [t.id]: 'r2/n2' });
  });

  it('entities are decoded text; curly quotes and dashes match straight ones', () => {
    const doc = page(`<body><ul>
      <li data-t="r1"><span data-t="n1">Sticker Pack &lt;3 &amp; &ldquo;Friends&rdquo;</span> <span>× 1</span></li>
      <li data-t="r2"><span data-t="n2">&lt;img src=x onerror=alert(1)&gt;</span> <span>× 2</span></li>
      <li data-t="r3"><span data-t="n3">Tee (XL) [v2] $5 * ^_^ \\ .*+?</span> <span>× 1</span></li>
      <li data-t="r4"><span data-t="n4">Café Ünïcödé 🦋 Tee</span> <span>× 1</span></li>
    </ul></body>`);
    const sticker = item('Sticker Pack <3 & "Friends"', '', 1);
    const xss = item('<img src=x onerror=alert(1)>', '', 2);
    const regex = item('Tee (XL) [v2] $5 * ^_^ \\ .*+?', '', 1);
    const uni = item('CAFÉ ÜNÏCÖDÉ 🦋 TEE', '', 1);
    const r = placeItems(doc, [sticker, xss, regex, uni]);
    expect(where(r)).toEqual({
      at: { [sticker.id]: 'r1/n1', [xss.id]: 'r2/n2', [regex.id]: 'r3/n3', [uni.id]: 'r4/n4' },
      unplaced: [],
    });
    // The hostile name stayed text: nothing was parsed into an element.
    expect(doc.querySelector('img')).toBeNull();
  });

  it('the page-reading modules never touch innerHTML', () => {
    const dir = resolve(process.cwd(), 'lib/bigcartel/page');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const src = readFileSync(resolve(dir, f), 'utf8');
      expect(src, f).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});

describe('placeItems: robustness', () => {
  it('never throws, whatever it is given', () => {
    const items = [item('Moth Tee')];
    const weird: unknown[] = [
      null,
      undefined,
      {},
      42,
      'Moth Tee',
      document.createDocumentFragment(),
      document.createElement('div'),
    ];
    for (const root of weird) {
      const r = placeItems(root as ParentNode, items);
      expect(r.placed).toEqual([]);
      expect(r.unplaced).toEqual(items);
    }
    expect(() => placeItems(page('<p>x</p>'), null as unknown as LineItem[])).not.toThrow();
    expect(() => placeItems(page('<p>x</p>'), [null, { productName: 5 }] as unknown as LineItem[])).not.toThrow();
  });

  it('survives a hostile element (throwing getters) and still places the rest', () => {
    const doc = page(`<body><div id="bad"><p>Moth Logo Hoodie</p></div>
      <table><tbody><tr data-t="r"><td data-t="n">Moth Tee</td><td>1</td></tr></tbody></table></body>`);
    const bad = doc.getElementById('bad')!;
    Object.defineProperty(bad, 'shadowRoot', {
      get: () => {
        throw new Error('nope');
      },
    });
    Object.defineProperty(bad, 'hasAttribute', {
      value: () => {
        throw new Error('nope');
      },
    });
    const tee = item('Moth Tee', '', 1);
    const r = placeItems(doc, [tee]);
    expect(where(r).at).toEqual({ [tee.id]: 'r/n' });
  });

  it('a deep DOM (3000 levels) does not overflow the stack', () => {
    const doc = page('<body></body>');
    let el: Element = doc.body;
    for (let i = 0; i < 3000; i++) {
      const d = doc.createElement('div');
      el.appendChild(d);
      el = d;
    }
    const row = doc.createElement('p');
    row.textContent = 'Moth Tee × 1';
    el.appendChild(row);
    const tee = item('Moth Tee', '', 1);
    const r = placeItems(doc, [tee]);
    expect(r.placed[0]?.nameEl).toBe(row);
    expect(deepElements(doc).length).toBeGreaterThan(3000);
  });
});

describe('deepElements', () => {
  it('walks open shadow roots recursively, skipping overlays, scripts and closed roots', () => {
    const doc = page(`<body><div data-t="a"><script>1</script><style>p{}</style><noscript><p>x</p></noscript>
      <template><p>t</p></template><x-host data-t="host"><i data-t="light"></i></x-host>
      <div data-ink-overlay data-t="ours"><b>mark</b></div><x-closed data-t="closed"></x-closed></div></body>`);
    const host = doc.querySelector('x-host')!;
    const sr = host.attachShadow({ mode: 'open' });
    fill(sr, '<p data-t="s1"><x-inner data-t="inner"></x-inner></p>');
    fill(
      sr.querySelector('x-inner')!.attachShadow({ mode: 'open' }),
      '<span data-t="deep"></span><div data-ink-overlay data-t="ours2"></div>',
    );
    fill(doc.querySelector('x-closed')!.attachShadow({ mode: 'closed' }), '<span data-t="hidden"></span>');
    const tags = deepElements(doc).map((e) => e.getAttribute('data-t') ?? e.localName);
    expect(tags).toEqual(['html', 'head', 'body', 'a', 'host', 's1', 'inner', 'deep', 'light', 'closed']);
    // An element root is included; an overlay root yields nothing.
    expect(deepElements(host).map((e) => e.getAttribute('data-t'))).toEqual(['host', 's1', 'inner', 'deep', 'light']);
    expect(deepElements(doc.querySelector('[data-ink-overlay]')!)).toEqual([]);
    expect(deepElements(null as unknown as ParentNode)).toEqual([]);
  });
});

describe('placeItems: 200 items', () => {
  const colours = ['Black', 'White', 'Grey', 'Navy', 'Sand'];
  const sizes = ['S', 'M', 'L', 'XL'];
  const tenNames = [
    'Moth Tee',
    'Moth Tee Deluxe',
    'Moth Logo Hoodie',
    'Night Moth Tote',
    'Sticker Pack <3 & "Friends"',
    'Lantern Print 1',
    'Lantern Print 10',
    'Moth Cap',
    'Luna Moth Poster',
    'Moth Socks',
  ];
  const adjectives = ['Moth', 'Luna', 'Night', 'Lantern', 'Dusk', 'Ember', 'Velvet', 'Paper', 'Silver', 'Moon'];
  const nouns = ['Tee', 'Tee Deluxe', 'Hoodie', 'Tote', 'Print 1', 'Print 10', 'Cap', 'Poster', 'Socks', 'Mug'];

  /** 50 products (look-alikes included), 4 options each; a few lines repeat with another quantity. */
  function realisticOrder(): LineItem[] {
    const items: LineItem[] = [];
    for (let i = 0; i < 200; i++) {
      const p = Math.floor(i / 4);
      const name = `${adjectives[p % 10]} ${nouns[Math.floor(p / 10) % 10]}`;
      const option = i % 20 === 19 ? items[i - 1]!.optionName : `${colours[p % 5]} / ${sizes[i % 4]}`;
      items.push(item(name, option, i % 20 === 19 ? 5 : 1 + (i % 3), `big-${i}`));
    }
    return items;
  }

  /** 10 names only: every name has 20 rows, and pairs of rows differ only by quantity. */
  function repetitiveOrder(): LineItem[] {
    const items: LineItem[] = [];
    for (let i = 0; i < 200; i++) {
      const name = tenNames[i % 10]!;
      // Items i and i+50 share name and option: only the quantity tells their rows apart.
      const option = `${colours[Math.floor(i / 10) % colours.length]} / ${sizes[Math.floor(i / 100) % sizes.length]}`;
      items.push(item(name, option, 1 + (i % 3), `rep-${i}`));
    }
    return items;
  }

  function bigPage(items: LineItem[]): { doc: Document; expected: Record<string, string> } {
    const doc = page(
      '<body><header><nav></nav></header><main><h1>Order MOTH-200000</h1><section><table><tbody></tbody></table></section><aside><ul></ul></aside></main></body>',
    );
    const tbody = doc.querySelector('tbody')!;
    const log = doc.querySelector('aside ul')!;
    // Rows in a scrambled order, with filler cells, images and buttons.
    const order = items.map((_, i) => (i * 37) % items.length);
    const expected: Record<string, string> = {};
    for (const i of order) {
      const it = items[i]!;
      const tr = doc.createElement('tr');
      tr.setAttribute('data-t', `row-${i}`);
      const c1 = doc.createElement('td');
      const img = doc.createElement('img');
      img.setAttribute('src', `/img/${i}.jpg`);
      const a = doc.createElement('a');
      a.setAttribute('data-t', `name-${i}`);
      a.textContent = it.productName;
      const sku = doc.createElement('small');
      sku.textContent = `SKU ${1000 + i}`;
      c1.append(img, a, sku);
      const cells = [
        it.optionName,
        String(it.quantity),
        `£${(10 + i).toFixed(2)}`,
        `£${((10 + i) * it.quantity).toFixed(2)}`,
      ];
      tr.append(c1);
      for (const text of cells) {
        const td = doc.createElement('td');
        const span = doc.createElement('span');
        span.textContent = text;
        td.append(span);
        tr.append(td);
      }
      const btn = doc.createElement('td');
      const b = doc.createElement('button');
      b.textContent = 'Refund';
      btn.append(b);
      tr.append(btn);
      tbody.append(tr);
      expected[it.id] = `row-${i}/name-${i}`;
      const li = doc.createElement('li');
      li.textContent = `Ada bought ${it.productName} (${it.optionName}) × ${it.quantity}`;
      log.append(li);
    }
    return { doc, expected };
  }

  /** Wall time and process CPU time (the latter hardly moved by other processes on the machine). */
  function clock<T>(f: () => T): { value: T; wall: number; cpu: number } {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = f();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { value, wall, cpu: (c.user + c.system) / 1000 };
  }

  function timed(label: string, doc: Document, items: LineItem[]) {
    const elements = deepElements(doc).length;
    const cold = clock(() => placeItems(doc, items));
    const warm = Array.from({ length: 5 }, () => clock(() => placeItems(doc, items)));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(1);
    // Timing is reported, not asserted (shared machines are noisy).
    console.log(
      `placeItems (${label}): ${items.length} items on ${elements} elements: ` +
        `first run ${cold.wall.toFixed(1)} ms wall / ${cold.cpu.toFixed(1)} ms CPU; ` +
        `warm median ${median(warm.map((w) => w.wall))} ms wall / ${median(warm.map((w) => w.cpu))} ms CPU`,
    );
    return { r: cold.value, elements };
  }

  it('places all 200 items of a big order on the right rows, quickly', () => {
    const items = realisticOrder();
    expect(new Set(items.map((i) => i.productName)).size).toBe(50);
    const { doc, expected } = bigPage(items);
    const { r, elements } = timed('50 products x 4 options', doc, items);
    expect(elements).toBeGreaterThan(2500);
    expect(where(r)).toEqual({ at: expected, unplaced: [] });
    expect(new Set(r.placed.map((p) => p.row)).size).toBe(200);
  });

  it('still right when 10 names fill 200 rows and only quantities tell pairs apart', () => {
    const items = repetitiveOrder();
    const { doc, expected } = bigPage(items);
    const { r } = timed('10 names x 20 rows', doc, items);
    expect(where(r)).toEqual({ at: expected, unplaced: [] });
  });
});
