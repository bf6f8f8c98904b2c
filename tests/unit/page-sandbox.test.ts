/**
 * The page reader over the sandbox's admin pages (sandbox/admin.mjs), in every layout it has.
 *
 * The reader is not fitted to these pages: it never looks at their classes or ids. The tests
 * below use the sandbox's ids/classes only to check the answer (which rendered row belongs to
 * which line item). The pages' own scripts run (shadow roots, delayed rendering), in a happy-dom
 * Window with script evaluation on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closePageWindows, loadPage } from './helpers/page-window';
import {
  findKnownOrderId,
  findOrderRows,
  isOrdersListPath,
  orderIdFromPath,
  placeItems,
  readPage,
} from '@/lib/bigcartel/page';
import type { LineItem } from '@/lib/types';

const ADMIN = resolve(process.cwd(), 'sandbox/admin.mjs');
const hasSandbox = existsSync(ADMIN);

type Admin = typeof import('../../sandbox/admin.mjs');
let admin: Admin;
beforeAll(async () => {
  if (hasSandbox) admin = await import('../../sandbox/admin.mjs');
});

closePageWindows();

/** Loads a page with its scripts and waits for them (and their timers) to finish. */
async function load(html: string, url: string, settle = true): Promise<Document> {
  return (await loadPage(html, url, settle)).doc;
}

let seq = 0;
function li(productName: string, optionName: string, quantity: number, productId: string | null = `p${seq}`): LineItem {
  seq += 1;
  return {
    id: `s${seq}`,
    productId,
    optionId: optionName ? `o${seq}` : null,
    productName,
    optionName,
    quantity,
    price: 12,
    imageUrl: seq % 2 ? `https://images.bigcartel.com/${seq}.jpg` : null,
  };
}

function order(id: string, items: LineItem[], events?: { at: string; text: string }[]) {
  return {
    id,
    customerName: 'Ada Lovelace',
    customerEmail: 'ada@example.org',
    note: 'Please wrap the Moth Tee nicely',
    shippingStatus: 'unshipped',
    paymentStatus: 'completed',
    createdAt: '2026-11-20T14:02:11.000Z',
    completedAt: '2026-11-20T14:02:40.000Z',
    total: items.reduce((s, i) => s + i.price * i.quantity, 0),
    currency: 'GBP',
    items,
    ...(events ? { events } : {}),
  };
}

/** The shared fixture order, as a JSON:API document, and its line items. */
function fixtureOrder(): { doc: { data: unknown; included?: unknown[] }; items: LineItem[] } {
  const doc = JSON.parse(readFileSync('/work/shared/fixtures/bigcartel/order.json', 'utf8')) as {
    data: { id: string; relationships: { items: { data: { id: string }[] } } };
    included: {
      id: string;
      type: string;
      attributes: Record<string, unknown>;
      relationships?: Record<string, { data: { id: string } | null }>;
    }[];
  };
  const ids = doc.data.relationships.items.data.map((r) => r.id);
  const items = ids.map((id) => {
    const inc = doc.included.find((x) => x.id === id && x.type === 'order_line_items')!;
    const a = inc.attributes;
    return {
      id,
      productId: inc.relationships?.product?.data?.id ?? null,
      optionId: inc.relationships?.product_option?.data?.id ?? null,
      productName: String(a.product_name),
      optionName: String(a.product_option_name ?? ''),
      quantity: Number(a.quantity),
      price: Number(a.price),
      imageUrl: (a.image_url as string | null) ?? null,
    };
  });
  return { doc, items };
}

/** A hard order: two products called "Moth Tee", a look-alike, markup as names, twins, a deleted product. */
function trickyOrder() {
  const items = [
    li('Moth Tee', 'Black / L', 1),
    li('Moth Tee Deluxe', 'Black / L', 1),
    li('Moth Tee', 'Kids / 5-6', 2),
    li('<img src=x onerror=alert(1)>', '"><script>alert("option")</script>', 1),
    li('Sticker Pack <3 & "Friends"', '', 3),
    li('Moth Logo Hoodie', 'Black / L', 1),
    li('Moth Logo Hoodie', 'Black / L', 1),
    li('Retired Beanie', 'Grey', 1, null),
  ];
  const events = [
    { at: '2026-11-20T14:02:11.000Z', text: 'Ada Lovelace bought Moth Tee and Moth Logo Hoodie' },
    { at: '2026-11-20T14:02:12.000Z', text: 'Moth Tee (Black / L) was low on stock' },
    { at: '2026-11-20T14:02:40.000Z', text: 'Payment completed' },
  ];
  return order('MOTH-100299', items, events);
}

/** The rendered rows of an order page, in item order (found with the sandbox's own markup). */
function renderedRows(doc: Document, layout: string): Element[] {
  if (layout === 'cards') return Array.from(doc.querySelectorAll('.item-card'));
  if (layout === 'shadow') {
    const sr = doc.querySelector('bc-order-items')?.shadowRoot;
    return sr ? Array.from(sr.querySelectorAll('[role=listitem]')) : [];
  }
  return Array.from(doc.querySelectorAll('tr.order-item'));
}

const sig = (i: LineItem) => `${i.productName}\u0000${i.optionName}\u0000${i.quantity}`;

function expectRightRows(doc: Document, layout: string, items: LineItem[]) {
  const rows = renderedRows(doc, layout);
  expect(rows).toHaveLength(items.length);
  const r = placeItems(doc, items);
  expect(r.unplaced.map((i) => i.productName)).toEqual([]);
  expect(new Set(r.placed.map((p) => p.row)).size).toBe(items.length);
  for (const p of r.placed) {
    // The rendered row of this item, or of an identical line (same name, option and quantity).
    const own = rows.filter((_, k) => sig(items[k]!) === sig(p.item));
    const host = own.find((row) => row.contains(p.row));
    expect(host, `${p.item.productName} / ${p.item.optionName} placed outside its row`).toBeDefined();
    expect(p.row.contains(p.nameEl)).toBe(true);
    expect((p.nameEl.textContent ?? '').replace(/\s+/g, ' ')).toContain(p.item.productName);
    if (layout !== 'cards' && layout !== 'shadow') expect(p.row).toBe(host); // the <tr> itself
  }
  return r;
}

describe.skipIf(!hasSandbox)('sandbox admin pages: order page, every layout', () => {
  for (const layout of ['table', 'cards', 'shadow', 'delayed', 'spa']) {
    it(`${layout}: the shared fixture order`, async () => {
      const { doc: json, items } = fixtureOrder();
      const doc = await load(admin.renderOrderPage(json, { layout }), 'https://my.bigcartel.com/orders/MOTH-100234');
      expectRightRows(doc, layout, items);
      expect(findKnownOrderId(doc, ['MOTH-099870', 'MOTH-100234', 'MOTH-100235'])).toBe('MOTH-100234');
    });

    it(`${layout}: look-alikes, same names, markup as names, twins, a deleted product, a noisy log`, async () => {
      const o = trickyOrder();
      const doc = await load(admin.renderOrderPage(o, { layout }), 'https://my.bigcartel.com/orders/MOTH-100299');
      expectRightRows(doc, layout, o.items);
      // Nothing in the names was turned into markup by reading them.
      expect(doc.querySelector('script[src], img[src="x"]')).toBeNull();
    });

    it(`${layout}: a page read ahead places every item exactly as a fresh read, and lists the shadow roots it read`, async () => {
      const o = trickyOrder();
      const doc = await load(admin.renderOrderPage(o, { layout }), 'https://my.bigcartel.com/orders/MOTH-100299');
      const reading = readPage(doc);
      const ahead = placeItems(doc, o.items, reading);
      const fresh = expectRightRows(doc, layout, o.items);
      expect(ahead.placed.map((p) => [p.item.id, p.row, p.nameEl])).toEqual(
        fresh.placed.map((p) => [p.item.id, p.row, p.nameEl]),
      );
      expect(reading.shadows.length > 0).toBe(layout === 'shadow');
      // A reading of another root is not used for this one.
      expect(placeItems(doc.body, o.items, reading).placed.map((p) => p.row)).toEqual(fresh.placed.map((p) => p.row));
    });

    it(`${layout}: a single item`, async () => {
      const o = order('MOTH-100300', [li('Luna Moth Crewneck', 'Black / M', 1)]);
      const doc = await load(admin.renderOrderPage(o, { layout }), 'https://my.bigcartel.com/orders/MOTH-100300');
      expectRightRows(doc, layout, o.items);
    });

    it(`${layout}: 60 items`, async () => {
      const names = [
        'Moth Tee',
        'Moth Tee Deluxe',
        'Night Moth Poster',
        'Moth Enamel Pin',
        'Moth Tote Bag',
        'Luna Moth Crewneck',
      ];
      const opts = ['Black / S', 'Black / M', 'White / M', 'A3', ''];
      const items = Array.from({ length: 60 }, (_, i) => li(names[i % 6]!, opts[Math.floor(i / 6) % 5]!, 1 + (i % 4)));
      const doc = await load(
        admin.renderOrderPage(order('MOTH-100301', items), { layout }),
        'https://my.bigcartel.com/orders/MOTH-100301',
      );
      expectRightRows(doc, layout, items);
    });
  }

  it('delayed: before the items arrive nothing is placed (nothing guessed); after, all are', async () => {
    const { doc: json, items } = fixtureOrder();
    const { doc, win } = await loadPage(
      admin.renderOrderPage(json, { layout: 'delayed' }),
      'https://my.bigcartel.com/orders/MOTH-100234',
      false,
    );
    const before = placeItems(doc, items);
    expect(before.placed).toEqual([]);
    expect(before.unplaced).toHaveLength(items.length);
    await win.happyDOM.waitUntilComplete();
    expect(placeItems(doc, items).unplaced).toEqual([]);
  });
});

describe.skipIf(!hasSandbox)('sandbox admin pages: orders list, every layout', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `MOTH-1002${String(30 + i).padStart(2, '0')}`);
  const orders = ids.map((id, i) => order(id, [li(i % 2 ? 'Moth Tee' : 'Moth Logo Hoodie', 'Black / L', 1 + (i % 3))]));
  // The extension knows some orders only (the others are older, or not yet synced), and one
  // it knows is not on this page.
  const known = [ids[0]!, ids[3]!, ids[4]!, ids[11]!, 'MOTH-099999'];

  for (const layout of ['table', 'cards', 'shadow', 'delayed', 'spa']) {
    it(`${layout}: one row per known order shown`, async () => {
      const doc = await load(admin.renderOrdersList(orders, { layout }), 'https://my.bigcartel.com/orders');
      const rows = findOrderRows(doc, known);
      expect(rows.map((r) => r.id)).toEqual([ids[0], ids[3], ids[4], ids[11]]);
      expect(new Set(rows.map((r) => r.row)).size).toBe(4);
      for (const r of rows) {
        const text = (r.row.textContent ?? '').replace(/\s+/g, ' ');
        expect(text).toContain(r.id);
        expect(text).toContain('Ada Lovelace');
        // No other order number inside the row.
        for (const other of ids) if (other !== r.id) expect(text).not.toContain(other);
        expect(r.row.contains(r.idEl)).toBe(true);
        if (layout !== 'cards') expect(r.row.localName).toBe('tr');
        else expect(r.row.classList.contains('order-card')).toBe(true);
        // The link in the row leads to the order page, whose path we read back.
        const a = r.row.querySelector('a[href*="/orders/"]');
        expect(orderIdFromPath(new URL(a!.getAttribute('href')!, 'https://my.bigcartel.com').pathname)).toBe(r.id);
      }
      expect(isOrdersListPath(new URL(doc.URL).pathname + new URL(doc.URL).search)).toBe(true);
    });
  }
});
