/**
 * The page reader against saved admin-like pages (tests/unit/pages/*.html), written by hand in
 * styles unlike the sandbox's: a CSS grid with ARIA roles and editable quantities, nested web
 * components with declarative shadow roots, an orders list of link "rows" under a banner.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findKnownOrderId, findOrderRows, placeItems } from '@/lib/bigcartel/page';
import type { LineItem } from '@/lib/types';
import { item, page, tag, where } from './pages/dom';

const saved = (name: string) => page(readFileSync(resolve(process.cwd(), 'tests/unit/pages', name), 'utf8'));

describe('saved page: order-grid.html (grid rows, quantity inputs, timeline, upsell)', () => {
  const items: LineItem[] = [
    item('Moth Logo Hoodie', 'Black / L', 2, '9001'),
    item('Moth Tee', '', 1, '9002'),
    item('Sticker Pack <3 & "Friends"', 'Default', 1, '9003'),
  ];

  it('places every item on its grid row', () => {
    expect(where(placeItems(saved('order-grid.html'), items))).toEqual({
      at: { '9001': 'row-9001/name-9001', '9002': 'row-9002/name-9002', '9003': 'row-9003/name-9003' },
      unplaced: [],
    });
  });

  it('reads the order number from the heading', () => {
    expect(findKnownOrderId(saved('order-grid.html'), ['MOTH-100235', 'MOTH-100234'])).toBe('MOTH-100234');
  });

  it('an item of another order is not found in the timeline or the upsell strip by mistake', () => {
    const deluxe = item('Moth Tee Deluxe', '', 1);
    const r = placeItems(saved('order-grid.html'), [...items, deluxe]);
    // "Moth Tee Deluxe" shows only as an upsell link: it is placed there (it is what the page
    // shows), and it takes nothing from the real rows.
    expect(where(r).at).toMatchObject({ '9001': 'row-9001/name-9001', '9002': 'row-9002/name-9002' });
    expect(r.placed.find((p) => p.item === deluxe)?.row.localName).toBe('li');
  });
});

describe('saved page: order-components.html (nested declarative shadow roots)', () => {
  const items: LineItem[] = [
    item('Moth Tee', 'Black / XL', 1, 'a'),
    item('Moth Tee', 'White / M', 2, 'b'),
    item('Retired Beanie', 'Grey', 1, 'c'),
    item('<img src=x onerror=alert(1)>', 'One Size', 1, 'd'),
  ];

  it('places each item inside its own component', () => {
    expect(where(placeItems(saved('order-components.html'), items))).toEqual({
      at: { a: 'row-2/name-2', b: 'row-1/name-1', c: 'row-3/name-3', d: 'row-4/name-4' },
      unplaced: [],
    });
  });

  it('finds the order number slotted into a shadow heading', () => {
    expect(findKnownOrderId(saved('order-components.html'), ['MOTH-100236', 'MOTH-100234'])).toBe('MOTH-100236');
  });

  it('an item missing from the page is unplaced, the others unaffected', () => {
    const ghost = item('Moth Enamel Pin', 'Gold', 1, 'e');
    const r = placeItems(saved('order-components.html'), [ghost, ...items]);
    expect(where(r).unplaced).toEqual(['e']);
    expect(r.placed).toHaveLength(4);
  });
});

describe('saved page: orders-list.html (link rows, a banner repeating a number)', () => {
  it('one row per known order, from the list rather than the banner', () => {
    const rows = findOrderRows(saved('orders-list.html'), ['MOTH-100234', 'MOTH-100235', 'MOTH-100236', 'MOTH-000001']);
    expect(rows.map((r) => [r.id, tag(r.row), tag(r.idEl)])).toEqual([
      ['MOTH-100236', 'row-100236', 'id-100236'],
      ['MOTH-100235', 'row-100235', 'id-100235'],
      ['MOTH-100234', 'row-100234', 'id-100234'],
    ]);
  });
});
