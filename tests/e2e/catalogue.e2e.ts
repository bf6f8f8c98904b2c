/**
 * The catalogue in Chromium against the sandbox: options of a product that has never sold are
 * linked from the Products view (with the size siblings), the first order for one of them is
 * sent on the next sync without the merchant touching it, exactly once; options deleted or
 * renamed in Big Cartel show as links needing attention in the Products view and the popup; the
 * admin's product page carries the same marks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  artifact,
  connect,
  control,
  externalIdOf,
  inkOrders,
  inkRequests,
  launch,
  sandbox,
  until,
  type Browser,
} from './harness';

const PRODUCT = { id: '330030', name: 'Luna Moth Beanie Hoodie' };
const OPTION = { S: '1180300', M: '1180301', L: '1180302', XL: '1180303' } as const;
const FRONT = 'https://cdn.mothmerch.example/luna-front.png';

let sb: Awaited<ReturnType<typeof sandbox>>;
let b: Browser;
let orderId = '';

beforeAll(async () => {
  sb = await sandbox('demo');
  // A product that has never sold: no order holds it.
  await control(sb, 'POST', '/bc/products', {
    id: PRODUCT.id,
    name: PRODUCT.name,
    price: 40,
    options: [
      { id: OPTION.S, name: 'Black / S' },
      { id: OPTION.M, name: 'Black / M' },
      { id: OPTION.L, name: 'Black / L' },
      { id: OPTION.XL, name: 'Black / XL' },
    ],
  });
  b = await launch(sb);
  await connect(b, { autoSend: true });
  // The first sync imports the orders and reads the catalogue.
  await b.send({ type: 'syncNow' });
});

afterAll(async () => {
  await b?.close();
  await sb?.close();
});

async function productsView(): Promise<Page> {
  const options = await b.extPage('options.html');
  const products = options.getByRole('region', { name: 'Products' });
  await expect.poll(() => products.getByRole('list', { name: 'Products' }).count(), { timeout: 20_000 }).toBe(1);
  return options;
}

function productItem(page: Page) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: PRODUCT.name, exact: true }) });
}

describe('catalogue', () => {
  it('after connecting, Link your catalogue counts the options sold in 90 days and not linked, in the popup and the Products view', async () => {
    const popup = await b.extPage('popup.html');
    const hint = popup.getByRole('group', { name: 'Link your catalogue' });
    await expect.poll(() => hint.count(), { timeout: 20_000 }).toBe(1);
    const count = Number(/^(\d+) options? sold in the last 90 days/.exec(await hint.innerText())?.[1]);
    expect(count).toBeGreaterThan(0);
    await popup.close();
    const page = await productsView();
    const firstRun = page.getByRole('region', { name: 'Link your catalogue' });
    expect(await firstRun.innerText()).toContain(`${count} options sold in the last 90 days are not linked`);
    // Most sold first: the demo store's tote bag (6 sold in the imported orders) leads.
    expect(await firstRun.getByRole('listitem').first().innerText()).toMatch(/^Moth Tote Bag \(\d+ sold\)/);
    await page.close();
  });

  it('links three options of a never-sold product from the Products view, two of them as size siblings', async () => {
    const page = await productsView();
    const region = page.getByRole('region', { name: 'Products' });
    await region.getByRole('searchbox', { name: 'Search products' }).fill('Beanie Hoodie');
    await region.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Not linked' });
    const item = productItem(page);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByRole('row').count()).toBe(5); // header + 4 options, none linked

    await item.getByRole('button', { name: `Link ${PRODUCT.name} / Black / L`, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('heading').innerText()).toBe(`Link ${PRODUCT.name} / Black / L`);
    await dialog.getByLabel('Inkthreadable product code').fill('JH001-JBK-L');
    await dialog.getByLabel('Front design URL').fill(FRONT);
    const sizes = dialog.getByRole('group', { name: 'Also link the other sizes (same designs)' });
    await expect.poll(() => sizes.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(3);
    await sizes.getByRole('checkbox', { name: 'Black / M as JH001-JBK-M' }).check();
    await sizes.getByRole('checkbox', { name: 'Black / XL as JH001-JBK-XL' }).check();
    await page.screenshot({ path: artifact('catalogue-link-dialog.png') });
    await dialog.getByRole('button', { name: 'Save link' }).click();
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => region.innerText(), { timeout: 10_000 }).toContain('3 links saved');

    // Only Black / S is left among the options not linked; all of them show with their codes.
    await expect.poll(() => item.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
    expect(await item.innerText()).toContain('Black / S');
    await region.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All products' });
    const text = await item.innerText();
    for (const code of ['JH001-JBK-M', 'JH001-JBK-L', 'JH001-JBK-XL']) expect(text).toContain(code);
    await page.screenshot({ path: artifact('catalogue-products.png'), fullPage: true });

    const links = await b.send<{ key: string; pn: string; designs: Record<string, string> }[]>({ type: 'listLinks' });
    expect(
      links
        .filter((l) => l.key.startsWith(`${PRODUCT.id}|`))
        .map((l) => `${l.key}=${l.pn}`)
        .sort(),
    ).toEqual(
      [
        `${PRODUCT.id}|${OPTION.M}=JH001-JBK-M`,
        `${PRODUCT.id}|${OPTION.L}=JH001-JBK-L`,
        `${PRODUCT.id}|${OPTION.XL}=JH001-JBK-XL`,
      ].sort(),
    );
    await page.close();
  });

  it('the first order for a linked option arrives on the next sync already ready and is sent once, untouched', async () => {
    const created = await control<{ data: { id: string } }>(sb, 'POST', '/bc/orders', {
      items: [{ productId: PRODUCT.id, optionId: OPTION.L, quantity: 2 }],
      country: 'GB',
    });
    orderId = created.data.id;
    // Nobody clicks anything: the polling alarm reads the order, and it is sent.
    await until(
      'the order at Inkthreadable',
      async () => (await inkOrders(sb)).find((o) => externalIdOf(o) === orderId),
      150_000,
    );
    const sent = (await inkOrders(sb)).filter((o) => externalIdOf(o) === orderId);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(String(sent[0]!.rawBody)) as {
      external_id: string;
      items: { pn: string; quantity: number; designs: Record<string, string> }[];
    };
    expect(body.external_id).toBe(orderId);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ pn: 'JH001-JBK-L', quantity: 2, designs: { front: FRONT } });
    // The sandbox holds it as soon as the POST arrives; the extension writes 'sent' when the answer does.
    await expect
      .poll(async () => (await b.send<{ state: string }>({ type: 'getOrder', orderId })).state, { timeout: 30_000 })
      .toBe('sent');
    // Another sync sends nothing more.
    await b.send({ type: 'syncNow' });
    expect((await inkOrders(sb)).filter((o) => externalIdOf(o) === orderId)).toHaveLength(1);
    const posts = (await inkRequests(sb)).filter(
      (r) => r.method === 'POST' && r.body.includes(`"external_id":"${orderId}"`),
    );
    expect(posts).toHaveLength(1);
  });

  it('an option deleted and another renamed in Big Cartel show as links needing attention in the Products view and the popup', async () => {
    await control(sb, 'DELETE', `/bc/products/${PRODUCT.id}/options/${OPTION.XL}`);
    await control(sb, 'PATCH', `/bc/products/${PRODUCT.id}/options/${OPTION.M}`, { name: 'Charcoal / M' });

    // A new order for the renamed option: its link was made for "Black / M", so it is not used.
    const renamed = (
      await control<{ data: { id: string } }>(sb, 'POST', '/bc/orders', {
        items: [{ productId: PRODUCT.id, optionId: OPTION.M, quantity: 1 }],
        country: 'GB',
      })
    ).data.id;

    const popup = await b.extPage('popup.html');
    await popup.getByRole('button', { name: 'Sync now' }).click();
    const health = popup.getByRole('group', { name: 'Link health' });
    await expect.poll(() => health.count(), { timeout: 30_000 }).toBe(1);
    expect(await health.innerText()).toContain('2 links need attention');
    await expect
      .poll(() => popup.getByRole('list', { name: 'Orders needing action' }).innerText(), { timeout: 20_000 })
      .toContain(renamed);
    await popup.close();
    const waiting = await b.send<{ state: string; items: { optionName: string; disposition: string }[] }>({
      type: 'getOrder',
      orderId: renamed,
    });
    expect(waiting.state).toBe('needs-linking');
    expect(waiting.items).toEqual([expect.objectContaining({ optionName: 'Charcoal / M', disposition: 'unlinked' })]);
    expect((await inkOrders(sb)).filter((o) => externalIdOf(o) === renamed)).toHaveLength(0);

    const page = await productsView();
    const region = page.getByRole('region', { name: 'Products' });
    await expect
      .poll(() => region.getByRole('group', { name: 'Links needing attention' }).innerText())
      .toContain('2 links need attention');
    await region.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Links needing attention' });
    const item = productItem(page);
    await expect.poll(() => item.getByRole('row').count()).toBe(3);
    const text = await item.innerText();
    expect(text).toContain('“Black / XL” was deleted in Big Cartel');
    expect(text).toContain(
      'Renamed: the link was made for “Black / M”, and Big Cartel now calls this option “Charcoal / M”',
    );
    expect(await item.getByRole('button', { name: `Remove link for ${PRODUCT.name} / Black / XL` }).count()).toBe(1);
    expect(await item.getByRole('button', { name: `Keep link for ${PRODUCT.name} / Charcoal / M` }).count()).toBe(1);
    await page.screenshot({ path: artifact('catalogue-attention.png'), fullPage: true });

    // Removing the dead link leaves one to look at, in the popup too.
    await item.getByRole('button', { name: `Remove link for ${PRODUCT.name} / Black / XL` }).click();
    await expect.poll(() => item.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
    expect((await b.send<{ linksNeedingAttention: number }>({ type: 'getStatus' })).linksNeedingAttention).toBe(1);
    await page.close();
  });

  for (const layout of ['table', 'cards', 'shadow', 'delayed']) {
    it(`the admin product page (${layout} layout) carries a mark and a button beside every option`, async () => {
      const page = await b.context.newPage();
      await page.goto(`https://app.bigcartel.com/products/${PRODUCT.id}?layout=${layout}`);
      const region = page.getByRole('region', { name: 'Inkthreadable' });
      await expect.poll(() => region.count(), { timeout: 15_000 }).toBe(1);
      // One mark beside each of the three options (the panel lists none: every one was placed).
      await expect.poll(() => page.locator('[data-ink-overlay="item"]').count(), { timeout: 15_000 }).toBe(3);
      await expect.poll(() => region.innerText()).toContain('1 of 3 options linked');
      // S never linked; M renamed since its link (waits for the merchant); L linked.
      await expect.poll(() => page.getByRole('img', { name: 'Linked to Inkthreadable', exact: true }).count()).toBe(1);
      await expect.poll(() => page.getByRole('img', { name: 'Not linked', exact: true }).count()).toBe(2);
      await expect.poll(() => page.getByRole('button', { name: 'Edit link' }).count()).toBe(2);
      await expect.poll(() => page.getByRole('button', { name: 'Link product' }).count()).toBe(1);
      expect(await region.innerText()).toContain('1 of 3 options linked');
      expect(await region.getByRole('list', { name: 'Options not found on the page' }).count()).toBe(0);
      if (layout === 'table') await page.screenshot({ path: artifact('catalogue-product-page.png') });
      await page.close();
    });
  }

  it('follows in-app navigation from the products list to a product page', async () => {
    const page = await b.context.newPage();
    await page.goto('https://my.bigcartel.com/products?layout=spa');
    await page.getByRole('link', { name: PRODUCT.name, exact: true }).click();
    await expect.poll(() => page.url()).toContain(`/products/${PRODUCT.id}`);
    await expect.poll(() => page.locator('[data-ink-overlay="item"]').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => page.getByRole('img', { name: 'Linked to Inkthreadable', exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: 'Not linked', exact: true }).count()).toBe(2);
    expect(await page.getByRole('region', { name: 'Inkthreadable' }).innerText()).toContain(
      `Links for ${PRODUCT.name}`,
    );
    await page.close();
  });
});
