/**
 * The overlay in Firefox on the sandboxed Big Cartel admin: marks and Link buttons in every page
 * layout, the link dialog loaded on demand, an order linked there sent once with the exact signed
 * body, never-fulfil, complete-without, hostile names shown as text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { control, CREDS, externalIdOf, inkOrders, postsOf, sandbox, type RawSb } from '../harness';
import { FIREFOX_EXTENSION_DIR } from '../../../scripts/lib/firefox.mjs';
import { button, buttons, connect, deepAll, field, fill, launch, marks, poll, textOf, type FxBrowser } from './harness';

let sb: RawSb;
let b: FxBrowser;

beforeAll(async () => {
  sb = await sandbox('demo');
  b = await launch(sb);
  await connect(b);
  await b.send({ type: 'syncNow' });
});
afterAll(async () => {
  await b?.close();
  await sb?.close();
});

const region = async (page: Page) => (await deepAll(page, '[role="region"][aria-label="Inkthreadable"]'))[0];
const regionText = async (page: Page) => {
  const r = await region(page);
  return r ? textOf(r) : '';
};
const dialog = async (page: Page) => (await deepAll(page, '[role="dialog"]'))[0];

async function closeDialog(page: Page): Promise<void> {
  const d = await dialog(page);
  if (!d) return;
  await (await button(d, 'Cancel')).click();
  await poll(
    'the dialog to close',
    async () => (await dialog(page)) === undefined,
    (gone) => gone,
    10_000,
  );
}

/** Opens the link dialog from the first button named `name` (or the given index). */
async function openDialog(page: Page, which: 'first' | 'last' = 'first') {
  const found = await poll(
    'a Link product button',
    () => buttons(page, 'Link product'),
    (l) => l.length > 0,
    15_000,
  );
  await found[which === 'first' ? 0 : found.length - 1]!.click();
  return poll(
    'the link dialog',
    () => dialog(page),
    (d) => d !== undefined,
    15_000,
  ).then((d) => d!);
}

describe('order and product pages in Firefox, every admin layout', () => {
  for (const layout of ['table', 'cards', 'shadow', 'delayed', 'spa']) {
    it(`${layout}: a "Not linked" mark and a Link product button beside every line item, and the order panel`, async () => {
      const { page, dialogs } = await b.adminPage(`https://my.bigcartel.com/orders/MOTH-100234?layout=${layout}`);
      // Placed beside the items (until an item is on the page, it is listed in the panel instead).
      await poll(
        'a mark beside each item',
        async () => (await deepAll(page, '[data-ink-overlay="item"]')).length,
        (n) => n === 3,
        20_000,
      );
      // Each mark is read through the driver's view of its closed root, which follows the host.
      await poll(
        'the three marks',
        async () => (await marks(page, 'Not linked')).length,
        (n) => n === 3,
        10_000,
      );
      expect((await buttons(page, 'Link product')).length).toBe(3);
      expect(
        await poll(
          'the order panel',
          () => regionText(page),
          (t) => t.includes('Review draft order'),
        ),
      ).toContain('Review draft order');
      // The sandbox served the page in that layout.
      const served = await control<{ path: string; query: string }[]>(
        sb,
        'GET',
        '/requests?service=admin&path=/orders/MOTH-100234',
      );
      expect(served.some((r) => r.query.includes(`layout=${layout}`))).toBe(true);
      expect(dialogs).toEqual([]);
      await page.close();
    });

    it(`${layout}: a product page carries a mark and a Link product button beside every option`, async () => {
      const { page, dialogs } = await b.adminPage(`https://app.bigcartel.com/products/330011?layout=${layout}`);
      await poll(
        'the product panel',
        () => regionText(page),
        (t) => t.length > 0,
        20_000,
      );
      // Moth Logo Hoodie has three options, none linked yet, each placed beside its option (until
      // an option is on the page, it is listed in the panel instead).
      await poll(
        'a mark beside each option',
        async () => (await deepAll(page, '[data-ink-overlay="item"]')).length,
        (n) => n === 3,
        20_000,
      );
      // Each mark is read through the driver's view of its closed root, which follows the host.
      await poll(
        'the three marks',
        async () => (await marks(page, 'Not linked')).length,
        (n) => n === 3,
        10_000,
      );
      expect((await buttons(page, 'Link product')).length).toBe(3);
      expect(dialogs).toEqual([]);
      await page.close();
    });
  }
});

describe('the first draw in Firefox', () => {
  it('content scripts cannot read storage.session here: the worker keeps no views there and the page asks it', async () => {
    const { page } = await b.adminPage('https://my.bigcartel.com/orders/MOTH-100234');
    await poll(
      'a mark beside each item',
      async () => (await deepAll(page, '[data-ink-overlay="item"]')).length,
      (n) => n === 3,
      20_000,
    );
    await page.close();
    // Firefox has no storage.session.setAccessLevel: the area stays closed to content scripts,
    // nothing is written there for them, and the popup's snapshot (no content script's business)
    // is kept there.
    const ext = await b.extPage('popup.html');
    const keys = await ext.evaluate(async () => Object.keys(await browser.storage.session.get(null)));
    await ext.close();
    expect(keys.filter((k) => k.startsWith('view'))).toEqual([]);
  });
});

describe('in-app navigation in Firefox', () => {
  it('follows an in-app route change (spa layout) and draws the marks for the new order, with no page load', async () => {
    const { page } = await b.adminPage('https://my.bigcartel.com/orders/MOTH-100234?layout=spa');
    await poll(
      'three marks',
      async () => (await marks(page, 'Not linked')).length,
      (n) => n === 3,
      20_000,
    );
    let loads = 0;
    page.on('load', () => loads++);
    // The previous order in the list: MOTH-100235, imported and waiting.
    const prev = await page.$('a[rel="prev"]');
    expect(prev).not.toBeNull();
    await prev!.click();
    const path = await poll(
      'the route to change',
      () => page.evaluate(() => location.pathname),
      (p) => p !== '/orders/MOTH-100234',
      10_000,
    );
    const id = decodeURIComponent(path.split('/').pop()!);
    expect(id).toBe('MOTH-100235');
    const view = await b.send<{ items: unknown[] } | null>({ type: 'getOrder', orderId: id });
    expect(view?.items.length).toBeGreaterThan(0);
    await poll(
      'a mark beside every item of the new order',
      async () => (await deepAll(page, '[data-ink-overlay="item"]')).length,
      (n) => n === view!.items.length,
      15_000,
    );
    expect(loads).toBe(0);
    await page.close();
  });
});

describe('linking from the order page in Firefox', () => {
  it('the dialog is a module of its own, loaded when first opened; linking every item sends the order once, signed, with the exact body', async () => {
    // The form is not in the admin pages' content script: it can only come from link-dialog.js.
    expect(readFileSync(join(FIREFOX_EXTENSION_DIR, 'content-scripts/bigcartel.js'), 'utf8')).not.toContain(
      'Inkthreadable product code',
    );
    expect(readFileSync(join(FIREFOX_EXTENSION_DIR, 'link-dialog.js'), 'utf8')).toContain('Inkthreadable product code');

    const { page, dialogs } = await b.adminPage('https://my.bigcartel.com/orders/MOTH-100234');
    await poll(
      'three marks',
      async () => (await marks(page, 'Not linked')).length,
      (n) => n === 3,
      20_000,
    );
    expect(await dialog(page)).toBeUndefined();

    // Hoodie: linked through the dialog.
    let d = await openDialog(page);
    expect(await textOf(d)).toContain('Moth Logo Hoodie');
    await fill(d, 'Inkthreadable product code', 'JH001-JBK-L');
    await fill(d, 'Front design URL', 'https://cdn.mothmerch.example/moth-front.png');
    await (await button(d, 'Save link')).click();
    await poll(
      'the hoodie linked',
      async () => (await marks(page, 'Linked to Inkthreadable')).length,
      (n) => n === 1,
      15_000,
    );
    await closeDialog(page);

    // Sticker pack: never fulfilled.
    d = await openDialog(page, 'last');
    expect(await textOf(d)).toContain('Sticker Pack');
    await (await field(d, 'Never fulfil this product')).click();
    await (await button(d, 'Save link')).click();
    await poll(
      'the sticker never fulfilled',
      async () => (await marks(page, 'Never fulfilled by Inkthreadable')).length,
      (n) => n === 1,
      15_000,
    );
    await closeDialog(page);
    expect((await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100234')).toHaveLength(0);

    // The tee, last: the order is complete and goes to Inkthreadable by itself.
    d = await openDialog(page);
    expect(await textOf(d)).toContain('Moth Tee');
    await fill(d, 'Inkthreadable product code', 'GD001-BLK-S');
    await fill(d, 'Front design URL', 'https://cdn.mothmerch.example/tee.png');
    await (await button(d, 'Save link')).click();
    await poll(
      'the order at Inkthreadable',
      async () => (await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100234').length,
      (n) => n === 1,
      30_000,
    );
    await closeDialog(page);
    expect(
      await poll(
        'the panel',
        () => regionText(page),
        (t) => t.includes('View order'),
        15_000,
      ),
    ).toContain('View order');
    expect((await marks(page, 'Linked to Inkthreadable')).length).toBe(2);
    expect(dialogs).toEqual([]);

    // At the sandbox: one POST, signed over its exact body, carrying exactly what was linked.
    const posts = await postsOf(sb, 'MOTH-100234');
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    const params = new URLSearchParams(post.query);
    expect(params.get('AppId')).toBe(CREDS.inkthreadable.appId);
    expect(params.get('Signature')).toBe(
      createHash('sha1')
        .update(post.body + CREDS.inkthreadable.secretKey)
        .digest('hex'),
    );
    const body = JSON.parse(post.body);
    expect(body.external_id).toBe('MOTH-100234');
    expect(body.brandName).toBe('Moth Merch');
    expect(body.comment).toBe('Big Cartel order MOTH-100234');
    expect(
      body.items.map((i: { pn: string; quantity: number; designs: unknown }) => [i.pn, i.quantity, i.designs]),
    ).toEqual([
      ['JH001-JBK-L', 2, { front: 'https://cdn.mothmerch.example/moth-front.png' }],
      ['GD001-BLK-S', 1, { front: 'https://cdn.mothmerch.example/tee.png' }],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/Sticker/);
    expect(body.shipping_address.country).toBe('United Kingdom');
    // The stored order is the body that was signed, byte for byte.
    const stored = (await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100234');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.rawBody).toBe(post.body);
    await page.close();
  });

  it('Complete without unlinked items sends only the linked item, once', async () => {
    await b.send({
      type: 'saveLink',
      link: {
        productId: '330011',
        optionId: '1180020',
        productName: 'Moth Logo Hoodie',
        optionName: 'Black / M',
        pn: 'JH001-JBK-M',
        designs: { front: 'https://cdn.mothmerch.example/f.png' },
        neverFulfil: false,
      },
    });
    const { page } = await b.adminPage('https://my.bigcartel.com/orders/MOTH-100236?layout=cards');
    const complete = await poll(
      'Complete without unlinked items',
      () => buttons(page, 'Complete without unlinked items'),
      (l) => l.length === 1,
      20_000,
    );
    expect(await inkOrders(sb).then((o) => o.filter((x) => externalIdOf(x) === 'MOTH-100236'))).toHaveLength(0);
    await complete[0]!.click();
    await poll(
      'the order at Inkthreadable',
      async () => (await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100236').length,
      (n) => n === 1,
      30_000,
    );
    expect(
      await poll(
        'the panel',
        () => regionText(page),
        (t) => t.includes('View order'),
        15_000,
      ),
    ).toContain('View order');
    const posts = await postsOf(sb, 'MOTH-100236');
    expect(posts).toHaveLength(1);
    const body = JSON.parse(posts[0]!.body);
    expect(body.items.map((i: { pn: string; quantity: number }) => [i.pn, i.quantity])).toEqual([['JH001-JBK-M', 1]]);
    expect(
      createHash('sha1')
        .update(posts[0]!.body + CREDS.inkthreadable.secretKey)
        .digest('hex'),
    ).toBe(new URLSearchParams(posts[0]!.query).get('Signature'));
    await page.close();
  });
});

describe('hostile names in Firefox', () => {
  it('markup in product and option names is shown as text and runs no script', async () => {
    const { page, dialogs } = await b.adminPage('https://my.bigcartel.com/orders/MOTH-100239');
    await poll(
      'the order panel',
      () => regionText(page),
      (t) => t.length > 0,
      20_000,
    );
    const hostile = '<img src=x onerror=alert(1)>';
    // The hostile product's Link button opens a dialog naming it, in plain text.
    const items = await deepAll(page, 'button[data-ink-item]');
    let shown = '';
    for (const btn of items) {
      await btn.click();
      const d = await poll(
        'the link dialog',
        () => dialog(page),
        (x) => x !== undefined,
        15_000,
      );
      const title = await d!.$eval('h2', (h) => h.textContent ?? '');
      await closeDialog(page);
      if (title.includes('<img')) {
        shown = title;
        break;
      }
    }
    expect(shown).toContain(hostile);
    const injected = await page.evaluate(() => {
      let n = 0;
      for (const host of document.querySelectorAll('[data-ink-overlay]'))
        n += host.shadowRoot?.querySelectorAll('img[src="x"], script').length ?? 0;
      return n;
    });
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    // Only the sandboxed hosts were ever asked for (the proxy refuses the rest).
    expect(b.refused.filter((r) => /bigcartel|inkthreadable/.test(r))).toEqual([]);
    await page.close();
  });
});
