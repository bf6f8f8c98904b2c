/**
 * The overlay on the sandboxed Big Cartel admin, in every page layout: marks with the right
 * names, linking through the dialog, never-fulfil, the order sent once, route changes, hostile names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifact, connect, control, externalIdOf, inkOrders, launch, sandbox, until } from './harness';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function setup(layout: string) {
  const sb = await sandbox('demo');
  const b = await launch(sb);
  cleanup.push(
    () => sb.close(),
    () => b.close(),
  );
  await connect(b);
  await control(sb, 'POST', '/layout', { layout });
  await b.send({ type: 'syncNow' });
  const page = await b.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { sb, b, page, dialogs };
}

const marks = (page: Page, name: string) => page.getByRole('img', { name, exact: true });

for (const layout of ['table', 'cards', 'shadow', 'delayed']) {
  describe(`order page, ${layout} layout`, () => {
    it('puts a mark and a Link product button beside every line item', async () => {
      const { page } = await setup(layout);
      await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
      await expect.poll(() => marks(page, 'Not linked').count(), { timeout: 15_000 }).toBe(3);
      expect(await page.getByRole('button', { name: 'Link product' }).count()).toBe(3);
      await expect.poll(() => page.getByRole('region', { name: 'Inkthreadable' }).count()).toBe(1);
      expect(await page.getByRole('region', { name: 'Inkthreadable' }).innerText()).toContain('Review draft order');
    });
  });
}

describe('linking from the order page', () => {
  it('links through the dialog, marks a product never fulfilled, and the order is sent once', async () => {
    const { sb, page } = await setup('table');
    await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
    await expect.poll(() => marks(page, 'Not linked').count(), { timeout: 15_000 }).toBe(3);

    // Hoodie: link through the dialog.
    await page.getByRole('button', { name: 'Link product' }).first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    await page.screenshot({ path: artifact('link-dialog.png') });
    await dialog.getByLabel('Inkthreadable product code').fill('JH001-JBK-L');
    await dialog.getByLabel('Front design URL').fill('https://cdn.mothmerch.example/moth-front.png');
    await dialog.getByRole('button', { name: 'Save link' }).click();
    await expect.poll(() => marks(page, 'Linked to Inkthreadable').count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Escape');

    // Sticker pack: never fulfilled.
    const buttons = page.getByRole('button', { name: 'Link product' });
    await buttons.last().click();
    await dialog.getByLabel('Never fulfil this product').check();
    await dialog.getByRole('button', { name: 'Save link' }).click();
    await expect.poll(() => marks(page, 'Never fulfilled by Inkthreadable').count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Escape');

    // The tee, last: the order is complete and goes to Inkthreadable by itself.
    await page.getByRole('button', { name: 'Link product' }).first().click();
    await dialog.getByLabel('Inkthreadable product code').fill('GD001-BLK-S');
    await dialog.getByLabel('Front design URL').fill('https://cdn.mothmerch.example/tee.png');
    await dialog.getByRole('button', { name: 'Save link' }).click();
    await until('the order at Inkthreadable', async () =>
      (await inkOrders(sb)).some((o) => externalIdOf(o) === 'MOTH-100234'),
    );
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByRole('region', { name: 'Inkthreadable' }).innerText(), { timeout: 10_000 })
      .toContain('View order');
    await page.screenshot({ path: artifact('order-page.png'), fullPage: true });
    expect((await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100234')).toHaveLength(1);
  });

  it('sends an order by the shipping method chosen on its page, without its unlinked items', async () => {
    const { sb, b, page } = await setup('cards');
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
    await page.goto('https://my.bigcartel.com/orders/MOTH-100236');
    const region = page.getByRole('region', { name: 'Inkthreadable' });
    await expect
      .poll(() => region.getByRole('button', { name: 'Complete without unlinked items' }).count(), { timeout: 15_000 })
      .toBe(1);
    // This order goes by courier: chosen with the keyboard in the panel; the panel says so and
    // redraws around the select, which keeps the focus and shows the choice.
    const select = region.getByRole('combobox', { name: 'Shipping method' });
    await select.focus();
    // The merchant's own keys (selectOption's events are a script's, which the overlay ignores).
    await select.press('End');
    await expect
      .poll(() => region.getByRole('status').innerText(), { timeout: 10_000 })
      .toBe('Shipping method set to Courier.');
    expect(
      await select.evaluate((el) => [
        (el as HTMLSelectElement).value,
        (el.getRootNode() as ShadowRoot).activeElement === el,
      ]),
    ).toEqual(['courier', true]);
    expect(await region.innerText()).toContain('chosen for this order');
    await region.getByRole('button', { name: 'Complete without unlinked items' }).click();
    await until('the order at Inkthreadable', async () =>
      (await inkOrders(sb)).some((o) => externalIdOf(o) === 'MOTH-100236'),
    );
    // The button went with the change; the focus is on the panel's heading, not the top of the page.
    await expect
      .poll(() => region.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement?.textContent ?? null), {
        timeout: 10_000,
      })
      .toBe('View order');
    const sent = (await inkOrders(sb)).filter((o) => externalIdOf(o) === 'MOTH-100236');
    expect(sent).toHaveLength(1);
    const body = JSON.parse(String(sent[0]!.rawBody));
    expect(body.items.map((i: { pn: string; quantity: number }) => [i.pn, i.quantity])).toEqual([['JH001-JBK-M', 1]]);
    expect(body.shipping.shippingMethod).toBe('courier');
  });
});

describe('hostile pages and navigation', () => {
  it('shows markup in product names as text and runs no script', async () => {
    const { page, dialogs } = await setup('table');
    await page.goto('https://my.bigcartel.com/orders/MOTH-100239');
    const region = page.getByRole('region', { name: 'Inkthreadable' });
    await expect.poll(() => region.count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    const overlayImgs = await page.evaluate(() => {
      let n = 0;
      for (const host of document.querySelectorAll('[data-ink-overlay]'))
        n += host.shadowRoot?.querySelectorAll('img[src="x"]').length ?? 0;
      return n;
    });
    expect(overlayImgs).toBe(0);
  });

  it('follows in-app route changes and re-renders for the new order', async () => {
    const { b, page } = await setup('spa');
    await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
    await expect.poll(() => marks(page, 'Not linked').count(), { timeout: 15_000 }).toBe(3);
    let loads = 0;
    page.on('load', () => loads++);
    await page.locator('a[rel="next"]').first().click();
    await expect.poll(() => page.evaluate(() => location.pathname)).not.toBe('/orders/MOTH-100234');
    const id = decodeURIComponent((await page.evaluate(() => location.pathname)).split('/').pop()!);
    const view = await b.send<{ items: unknown[] } | null>({ type: 'getOrder', orderId: id });
    const expected = view ? view.items.length : 0;
    await expect
      .poll(() => page.locator('[data-ink-overlay]').evaluateAll((hosts) => hosts.length), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () => (await marks(page, 'Not linked').count()) + (await marks(page, 'Linked to Inkthreadable').count()),
        { timeout: 15_000 },
      )
      .toBe(expected);
    expect(loads).toBe(0);
  });
});
