/**
 * The options page and the popup in Firefox against the sandbox: connect through the options page
 * (Test connection fails and passes as it should), where the credentials are kept (Firefox's
 * content scripts can read storage.local), Sync now filling the list and the badge, a country
 * override applied to the next order sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrder, control, CREDS, externalIdOf, inkOrders, postsOf, sandbox, type RawSb } from '../harness';
import { button, buttons, deepAll, field, fill, launch, poll, textOf, type FxBrowser } from './harness';

let sb: RawSb;
let b: FxBrowser;

beforeAll(async () => {
  sb = await sandbox('demo');
  b = await launch(sb);
});
afterAll(async () => {
  await b?.close();
  await sb?.close();
});

const SECRETS = [CREDS.bigcartel.password, CREDS.inkthreadable.secretKey];

describe('options page in Firefox', () => {
  it('connects both services through the options page; Test connection fails and passes as it should', async () => {
    const options = await b.extPage('options.html');
    await poll(
      'the connection form',
      () => deepAll(options, 'form'),
      (f) => f.length > 0,
      15_000,
    );
    await fill(options, 'Store subdomain', CREDS.bigcartel.subdomain);
    await fill(options, 'Store password', 'wrong-password');
    await fill(options, 'App ID', CREDS.inkthreadable.appId);
    await fill(options, 'Secret key', 'wrong-secret');
    await fill(options, 'Brand name', 'Moth Merch');
    await (await button(options, 'Test connection')).click();
    const results = async () => {
      const ul = (await deepAll(options, 'ul[aria-label="Connection test results"]'))[0];
      return ul ? textOf(ul) : '';
    };
    const refused = await poll(
      'both refusals',
      results,
      (t) => /Big Cartel: .*(refused|password|reconnect)/i.test(t) && /Inkthreadable: .*(App ID|Secret key)/i.test(t),
      20_000,
    );
    expect(refused).not.toMatch(/Connected/);

    await fill(options, 'Store password', CREDS.bigcartel.password);
    await fill(options, 'Secret key', CREDS.inkthreadable.secretKey);
    await (await button(options, 'Test connection')).click();
    const ok = await poll(
      'both connected',
      results,
      (t) => /Big Cartel: Connected/.test(t) && /Inkthreadable: Connected/.test(t),
      20_000,
    );
    expect(ok).toMatch(/Big Cartel: Connected/);
    // The sandbox saw the right credentials: Basic auth for Big Cartel, signed requests for Inkthreadable.
    const bc = await control<{ status: number; headers: Record<string, string> }[]>(sb, 'GET', '/requests?service=bc');
    const basic = `Basic ${Buffer.from(`${CREDS.bigcartel.subdomain}:${CREDS.bigcartel.password}`).toString('base64')}`;
    expect(bc.some((r) => r.headers.authorization === basic && r.status === 200)).toBe(true);
    const ink = await control<{ status: number; query: string }[]>(sb, 'GET', '/requests?service=ink');
    expect(ink.some((r) => r.query.includes(`AppId=${CREDS.inkthreadable.appId}`) && r.status === 200)).toBe(true);

    // The secrets never appear on the page again.
    await options.close();
    const again = await b.extPage('options.html');
    const subdomain = await poll(
      'the saved subdomain',
      async () => (await field(again, 'Store subdomain')).evaluate((e) => (e as HTMLInputElement).value),
      (v) => v === CREDS.bigcartel.subdomain,
      15_000,
    );
    expect(subdomain).toBe(CREDS.bigcartel.subdomain);
    const html = await again.content();
    for (const s of SECRETS) expect(html).not.toContain(s);
    await again.close();
  });

  it("storage.local, which Firefox's content scripts can read, holds no secret; the background still has the credentials after a restart", async () => {
    const page = await b.extPage('popup.html');
    // Firefox cannot close storage.local to content scripts (no setAccessLevel): whatever is there,
    // the admin pages' content script could read.
    expect(
      await page.evaluate(() => typeof (browser.storage.local as { setAccessLevel?: unknown }).setAccessLevel),
    ).toBe('undefined');
    const local = JSON.stringify(await page.evaluate(() => browser.storage.local.get(null)));
    expect(local).toContain('Moth Merch');
    for (const s of SECRETS) expect(local).not.toContain(s);
    // The session area (the popup's first screen) holds none either.
    const session = JSON.stringify(await page.evaluate(() => browser.storage.session.get(null)));
    for (const s of SECRETS) expect(session).not.toContain(s);

    // Kept across a restart of the background page: the connection still passes.
    await b.reloadBackground();
    const tested = await b.send<{
      bigcartel: { state: string; message: string };
      inkthreadable: { state: string; message: string };
    }>({ type: 'testConnection' });
    expect([tested.bigcartel.state, tested.inkthreadable.state]).toEqual(['ok', 'ok']);
    await page.close();
  });
});

describe('popup in Firefox', () => {
  it('Sync now fills the list of orders needing action and the badge', async () => {
    const popup = await b.extPage('popup.html');
    const sync = await poll(
      'Sync now',
      () => buttons(popup, 'Sync now'),
      (l) => l.length === 1,
      15_000,
    );
    await sync[0]!.click();
    const items = () => deepAll(popup, 'ul[aria-label="Orders needing action"] > li');
    await poll(
      'the list',
      async () => (await items()).length,
      (n) => n > 0,
      30_000,
    );
    const status = await b.send<{ pending: number; syncing: boolean }>({ type: 'getStatus' });
    expect(status.pending).toBeGreaterThan(0);
    const shown = await Promise.all((await items()).map((li) => textOf(li)));
    expect(shown).toHaveLength(Math.min(status.pending, 50));
    expect(shown.join('\n')).toContain('MOTH-100234');
    // What the sandbox holds: every unshipped order in the import window needs linking.
    expect(await b.badge()).toBe(String(status.pending));
    await popup.close();
  });

  it('a country override set in the popup changes the shipping method of the next order sent there', async () => {
    const popup = await b.extPage('popup.html');
    const group = await poll(
      'the override form',
      () => deepAll(popup, 'fieldset.add-override'),
      (l) => l.length === 1,
    );
    await (await field(group[0]!, 'Country')).select('DE');
    await (await field(group[0]!, 'Method for that country')).select('courier');
    await (await button(popup, 'Add country override')).click();
    await poll(
      'the override saved',
      async () =>
        (await b.send<{ settings: { shipping: { overrides: Record<string, string> } } }>({ type: 'getSettings' }))
          .settings.shipping.overrides.DE,
      (m) => m === 'courier',
      10_000,
    );
    await popup.close();

    // A new German order and a British one, both linked: each goes by its country's method.
    await b.send({
      type: 'saveLink',
      link: {
        productId: '330015',
        optionId: null,
        productName: 'Moth Tote Bag',
        optionName: '',
        pn: 'TOTE-NAT',
        designs: { front: 'https://cdn.mothmerch.example/tote.png' },
        neverFulfil: false,
      },
    });
    const de = await addOrder(sb, [{ productId: '330015', optionId: null, quantity: 1 }], 'DE');
    const gb = await addOrder(sb, [{ productId: '330015', optionId: null, quantity: 2 }], 'GB');
    await b.send({ type: 'syncNow' });
    await poll(
      'both orders at Inkthreadable',
      async () => (await inkOrders(sb)).filter((o) => [de, gb].includes(externalIdOf(o))).length,
      (n) => n === 2,
      30_000,
    );
    const [dePost] = await postsOf(sb, de);
    const [gbPost] = await postsOf(sb, gb);
    expect(await postsOf(sb, de)).toHaveLength(1);
    expect(JSON.parse(dePost!.body).shipping.shippingMethod).toBe('courier');
    expect(JSON.parse(dePost!.body).shipping_address.country).toBe('Germany');
    expect(JSON.parse(gbPost!.body).shipping.shippingMethod).toBe('regular');
  });
});

declare const browser: {
  storage: { local: { get(k: null): Promise<unknown> }; session: { get(k: null): Promise<unknown> } };
};
