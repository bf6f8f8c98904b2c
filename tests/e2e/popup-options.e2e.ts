/** Popup and options in Chromium against the sandbox: connect through the UI, test, sync, shipping override, links round trip. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { artifact, CREDS, externalIdOf, inkOrders, launch, rig, until } from './harness';

const r = rig({ beforeAll, afterAll }, { seed: 'demo', connect: false });

describe('popup and options', () => {
  it('connects both services through the options page; Test connection fails and passes as it should', async () => {
    const options = await r.b.extPage('options.html');
    await options.getByLabel('Store subdomain').fill(CREDS.bigcartel.subdomain);
    await options.getByLabel('Store password').fill('wrong-password');
    await options.getByLabel('App ID').fill(CREDS.inkthreadable.appId);
    await options.getByLabel('Secret key').fill('wrong-secret');
    await options.getByLabel('Brand name').fill('Moth Merch');
    await options.getByRole('button', { name: 'Test connection' }).click();
    const results = options.getByRole('list', { name: 'Connection test results' });
    await expect
      .poll(() => results.innerText(), { timeout: 15_000 })
      .toMatch(/Big Cartel: .*(refused|password|reconnect)/i);
    expect(await results.innerText()).toMatch(/Inkthreadable: .*(App ID|Secret key)/i);
    await options.getByLabel('Store password').fill(CREDS.bigcartel.password);
    await options.getByLabel('Secret key').fill(CREDS.inkthreadable.secretKey);
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => results.innerText(), { timeout: 15_000 }).toMatch(/Big Cartel: Connected/);
    expect(await results.innerText()).toMatch(/Inkthreadable: Connected/);
    // Secrets never appear on the page again.
    await options.reload();
    const html = await options.content();
    expect(html).not.toContain(CREDS.bigcartel.password);
    expect(html).not.toContain(CREDS.inkthreadable.secretKey);
    await options.close();
  });

  it('Sync now fills the list of orders needing action and the badge', async () => {
    const popup = await r.b.extPage('popup.html');
    await popup.getByRole('button', { name: 'Sync now' }).click();
    const list = popup.getByRole('list', { name: 'Orders needing action' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const status = await r.b.send<{ pending: number }>({ type: 'getStatus' });
    expect(await list.getByRole('listitem').count()).toBe(Math.min(status.pending, 50));
    expect(await r.b.badge()).toBe(String(status.pending));
    expect(await list.innerText()).toContain('MOTH-100234');
    await popup.setViewportSize({ width: 400, height: 640 });
    await popup.screenshot({ path: artifact('popup.png') });
    const shown = await list.getByRole('listitem').allInnerTexts();
    await popup.close();

    // The worker keeps the popup's first screen ready (in storage.local, closed to content scripts):
    // the next popup draws the same orders, the same count, before any answer comes.
    const reader = await r.b.extPage('options.html');
    type Snap = { status: { pending: number }; needs: { total: number; entries: { id: string }[] } };
    const snap = async () =>
      (
        await reader.evaluate(() =>
          (
            globalThis as unknown as {
              chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
            }
          ).chrome.storage.local.get('popupSnapshot'),
        )
      ).popupSnapshot as Snap | undefined;
    await expect.poll(async () => (await snap())?.status.pending, { timeout: 10_000 }).toBe(status.pending);
    const s = (await snap())!;
    expect(s.needs.total).toBe(status.pending);
    expect(s.needs.entries.map((e) => e.id)).toEqual(shown.map((t) => t.match(/MOTH-\d+/)![0]));
    await reader.close();
    const again = await r.b.extPage('popup.html');
    expect(await again.getByRole('list', { name: 'Orders needing action' }).getByRole('listitem').count()).toBe(
      Math.min(status.pending, 50),
    );
    await again.close();
  });

  it('a country override changes the shipping method of the next order sent', async () => {
    const popup = await r.b.extPage('popup.html');
    const add = popup.getByRole('group', { name: 'Add a country override' });
    await add.getByRole('combobox').nth(0).selectOption('DE');
    await add.getByRole('combobox').nth(1).selectOption('courier');
    await popup.getByRole('button', { name: 'Add country override' }).click();
    await expect
      .poll(
        async () =>
          (await r.b.send<{ settings: { shipping: { overrides: Record<string, string> } } }>({ type: 'getSettings' }))
            .settings.shipping.overrides.DE,
      )
      .toBe('courier');
    // MOTH-100236 ships to Germany: link its items and send it.
    await r.b.send({
      type: 'saveLink',
      link: {
        productId: '330011',
        optionId: null,
        productName: 'Moth Logo Hoodie',
        optionName: '',
        pn: 'JH001-JBK-L',
        designs: { front: 'https://cdn.mothmerch.example/f.png' },
        neverFulfil: false,
      },
    });
    await until('the German order at Inkthreadable', async () => {
      const v = await r.b.send<{ state: string } | null>({ type: 'getOrder', orderId: 'MOTH-100236' });
      if (v?.state === 'ready') await r.b.send({ type: 'send', orderId: 'MOTH-100236' });
      return (await inkOrders(r.sb)).find((o) => externalIdOf(o) === 'MOTH-100236');
    });
    const sent = (await inkOrders(r.sb)).filter((o) => externalIdOf(o) === 'MOTH-100236');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(String(sent[0]!.rawBody)).shipping.shippingMethod).toBe('courier');
    await popup.close();
  });

  it('export, then import into a fresh profile, restores every link', async () => {
    const before = await r.b.send<{ key: string; pn: string }[]>({ type: 'listLinks' });
    expect(before.length).toBeGreaterThan(0);
    const options = await r.b.extPage('options.html');
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export links' }).click(),
    ]);
    const file = artifact('links-export.json');
    await download.saveAs(file);
    await options.close();

    const fresh = await launch(r.sb);
    try {
      const opts2 = await fresh.extPage('options.html');
      await opts2.getByLabel('Import links').setInputFiles(file);
      // The preview first: what will be added; nothing is written until Import is chosen.
      const preview = opts2.getByRole('group', { name: /^Import .*\?$/ });
      await expect
        .poll(() => preview.innerText(), { timeout: 15_000 })
        .toMatch(new RegExp(`${before.length} added, 0 changed`));
      expect(await fresh.send<unknown[]>({ type: 'listLinks' })).toEqual([]);
      await preview.getByRole('button', { name: new RegExp(`^Import ${before.length} links?$`) }).click();
      await expect
        .poll(() => opts2.locator('body').innerText(), { timeout: 15_000 })
        .toMatch(new RegExp(`Imported .*: ${before.length} added`));
      const after = await fresh.send<{ key: string; pn: string }[]>({ type: 'listLinks' });
      const norm = (l: { key: string; pn: string }[]) => l.map((x) => `${x.key}=${x.pn}`).sort();
      expect(norm(after)).toEqual(norm(before));
      expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
