/**
 * The last gate before a POST (checkQuantities) and the body it guards: every sent body holds the
 * linked items in full, nothing else, and an order whose quantities cannot be sent is refused
 * with the reason. Tried against the mutant `checkQuantities = () => ({ ok: true })`: these fail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInkOrder, checkQuantities, itemViews } from '@/lib/worker/orders';
import { sendOrder } from '@/lib/worker/outbox';
import { runSync } from '@/lib/worker/sync';
import type { Link, LineItem } from '@/lib/types';
import { bcOrder, item, link, productLink, world } from './helpers/services';

function views(items: LineItem[], links: Link[], completedWithout = false) {
  const order = bcOrder('MOTH-1', items, '2026-11-20T12:00:00.000Z');
  return { order, views: itemViews(order, new Map(links.map((l) => [l.key, l])), completedWithout) };
}

function body(lines: { pn: string; quantity: number }[]): string {
  return JSON.stringify({ items: lines.map((l) => ({ ...l, retailPrice: 20, description: '' })) });
}

describe('checkQuantities', () => {
  const hoodie = item('p1', null, 2, 'Hoodie');
  const sticker = item('p2', null, 3, 'Sticker');
  const cap = item('p3', null, 1, 'Cap');
  const links = [
    productLink('p1', 'JH001-JBK-L'),
    productLink('p2', '', { neverFulfil: true }),
    productLink('p3', 'BB10-BLK'),
  ];

  it('accepts a body holding exactly the linked items (never-fulfil items accounted for)', () => {
    const { order, views: v } = views([hoodie, sticker, cap], links);
    expect(
      checkQuantities(
        order,
        v,
        body([
          { pn: 'JH001-JBK-L', quantity: 2 },
          { pn: 'BB10-BLK', quantity: 1 },
        ]),
      ),
    ).toEqual({ ok: true });
  });

  it.each([
    [
      'a quantity changed',
      [
        { pn: 'JH001-JBK-L', quantity: 1 },
        { pn: 'BB10-BLK', quantity: 1 },
      ],
      'The quantity of "Hoodie" in the prepared order does not match Big Cartel; nothing was sent.',
    ],
    [
      'a product code changed',
      [
        { pn: 'JH001-JBK-L', quantity: 2 },
        { pn: 'JH001-JBK-L', quantity: 1 },
      ],
      'The quantity of "Cap" in the prepared order does not match Big Cartel; nothing was sent.',
    ],
    [
      'a linked item left out',
      [{ pn: 'JH001-JBK-L', quantity: 2 }],
      'The prepared order does not hold every linked item; nothing was sent.',
    ],
    [
      'an item added',
      [
        { pn: 'JH001-JBK-L', quantity: 2 },
        { pn: 'BB10-BLK', quantity: 1 },
        { pn: 'X', quantity: 3 },
      ],
      'The prepared order does not hold every linked item; nothing was sent.',
    ],
  ])('refuses a body with %s', (_n, lines, message) => {
    const { order, views: v } = views([hoodie, sticker, cap], links);
    expect(checkQuantities(order, v, body(lines))).toEqual({ ok: false, message });
  });

  it('refuses what is not JSON, and an unlinked item', () => {
    const { order, views: v } = views([hoodie, cap], links);
    expect(checkQuantities(order, v, '{"items": [')).toEqual({
      ok: false,
      message: 'The order could not be prepared (internal error); nothing was sent.',
    });
    const unlinked = views([hoodie, item('p9', null, 1, 'Mug')], links);
    expect(checkQuantities(unlinked.order, unlinked.views, body([{ pn: 'JH001-JBK-L', quantity: 2 }]))).toEqual({
      ok: false,
      message: '"Mug" is not linked; nothing was sent.',
    });
  });

  it.each([0, -1, 1.5])('refuses quantity %s, even on an item never fulfilled', (q) => {
    const { order, views: v } = views([hoodie, { ...sticker, quantity: q }], links);
    expect(checkQuantities(order, v, body([{ pn: 'JH001-JBK-L', quantity: 2 }]))).toEqual({
      ok: false,
      message: `"Sticker" has quantity ${q}, which cannot be sent.`,
    });
  });
});

describe('an order whose quantity cannot be sent', () => {
  it('is refused before anything reaches Inkthreadable, and the merchant reads why', async () => {
    const w = await world({ autoSend: false });
    await w.db.put('links', link('p1', null, 'JH001-JBK-L'));
    w.bc.orders.push(bcOrder('MOTH-5', [item('p1', null, 0, 'Moth Logo Hoodie')], w.clock.now().toISOString()));
    await runSync(w.ctx, { manual: true });
    const out = await sendOrder(w.ctx, 'MOTH-5', { manual: true });
    expect(out).toEqual({ kind: 'failed', message: '"Moth Logo Hoodie" has quantity 0, which cannot be sent.' });
    expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    expect((await w.db.get('orders', 'MOTH-5'))!.state).toBe('failed');
  });
});

describe('property: every body built holds the linked items in full, and nothing else', () => {
  const PRODUCTS = ['p1', 'p2', 'p3', 'p4'];
  const OPTIONS = [null, 'a', 'b'];
  const linkArb = fc.record({
    product: fc.constantFrom(...PRODUCTS),
    option: fc.constantFrom(...OPTIONS),
    kind: fc.constantFrom('code', 'never'),
    pn: fc.constantFrom('JH001-JBK-L', 'GD01-WHT-M', 'BB10-BLK'),
    back: fc.boolean(),
    mockup: fc.boolean(),
  });
  const itemArb = fc.record({
    product: fc.constantFrom(...PRODUCTS),
    option: fc.constantFrom(...OPTIONS),
    quantity: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 9 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -2, 1.5) },
    ),
  });

  it('holds', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 6 }),
        fc.array(linkArb, { maxLength: 8 }),
        fc.boolean(),
        (rawItems, rawLinks, completedWithout) => {
          const items = rawItems.map((i) => item(i.product, i.option, i.quantity, `Product ${i.product}`));
          const links = new Map<string, Link>();
          for (const l of rawLinks) {
            const made = link(l.product, l.option, l.kind === 'never' ? '' : l.pn, {
              neverFulfil: l.kind === 'never',
              designs:
                l.kind === 'never'
                  ? {}
                  : {
                      front: `https://cdn.example.com/${l.pn}-f.png`,
                      ...(l.back ? { back: `https://cdn.example.com/${l.pn}-b.png` } : {}),
                    },
              mockups: l.mockup && l.kind !== 'never' ? { front: `https://cdn.example.com/${l.pn}-m.png` } : {},
            });
            links.set(made.key, made);
          }
          const order = bcOrder('MOTH-9', items, '2026-11-20T12:00:00.000Z');
          const built = buildInkOrder(
            { order, completedWithout, history: false, holdAutoSend: false },
            links,
            'regular',
            'Moth',
          );
          const v = itemViews(order, links, completedWithout);
          const linked = v.filter((x) => x.disposition === 'linked');
          const badQuantity = items.some((i) => !Number.isInteger(i.quantity) || i.quantity < 1);
          if (!built.ok) {
            // Refused only for a reason the merchant is told: unlinked, nothing linked, a bad quantity.
            expect(v.some((x) => x.disposition === 'unlinked') || linked.length === 0 || badQuantity).toBe(true);
            return;
          }
          expect(badQuantity).toBe(false);
          const sent = JSON.parse(built.json) as {
            items: { pn: string; quantity: number; designs: unknown; mockups?: unknown }[];
          };
          // Every linked item, in full, with its link's code, designs and mockups; nothing else.
          expect(sent.items).toEqual(
            linked.map(({ item: i, link: l }) => ({
              pn: l!.pn,
              quantity: i.quantity,
              retailPrice: i.price,
              description: i.optionName ? `${i.productName} / ${i.optionName}` : i.productName,
              designs: l!.designs,
              ...(Object.keys(l!.mockups).length ? { mockups: l!.mockups } : {}),
            })),
          );
          expect(built.sentItems).toEqual(Object.fromEntries(linked.map(({ item: i }) => [i.id, i.quantity])));
          // Sent plus left out (never fulfil, completed without) is the whole order.
          const leftOut = v
            .filter((x) => x.disposition === 'never' || x.disposition === 'excluded')
            .reduce((s, x) => s + x.item.quantity, 0);
          expect(sent.items.reduce((s, i) => s + i.quantity, 0) + leftOut).toBe(
            items.reduce((s, i) => s + i.quantity, 0),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
