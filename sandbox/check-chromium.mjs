#!/usr/bin/env node
// By-hand check (not a vitest test): Debian's Chromium reaches the sandbox under the real
// hostnames with chromiumArgs(), and every admin layout shows order MOTH-100234's items.
//   node sandbox/check-chromium.mjs [--headed]
// Exits 1 when a check fails.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { chromiumArgs, SANDBOX_CREDENTIALS, startSandbox } from './server.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const sb = await startSandbox();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: !process.argv.includes('--headed'),
  args: [
    ...chromiumArgs(sb),
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failures = 0;
/** @param {string} name @param {boolean} ok @param {string} [detail] */
const check = (name, ok, detail = '') => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
};

const EXPECTED = ['Moth Logo Hoodie', 'Black / L', 'Moth Tee', 'Sticker Pack <3 & "Friends"'];

/** Every text in the page, open shadow roots included. @param {import('playwright-core').Page} page */
const deepText = (page) =>
  page.evaluate(() => {
    /** @param {Node} n @returns {string} */
    const walk = (n) => {
      let s = '';
      if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
      if (n instanceof HTMLScriptElement || n instanceof HTMLStyleElement) return ''; // JSON data islands are not shown
      if (n instanceof Element && n.shadowRoot) s += walk(n.shadowRoot);
      for (const c of n.childNodes) s += walk(c);
      return s;
    };
    return walk(document.body).replace(/\s+/g, ' ');
  });

try {
  const page = await browser.newPage();
  /** @type {string[]} */
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  for (const layout of ['table', 'cards', 'shadow', 'delayed', 'spa']) {
    const url = `https://my.bigcartel.com/orders/MOTH-100234?layout=${layout}`;
    const t0 = Date.now();
    const res = await page.goto(url, { waitUntil: 'load' });
    const status = res?.status();
    if (layout === 'delayed') {
      const before = await deepText(page);
      check(`${layout}: items absent at load`, !before.includes('Moth Logo Hoodie'));
      await page.waitForSelector('#order-items[data-loaded]', { timeout: 5000 });
    }
    const text = await deepText(page);
    const missing = EXPECTED.filter((t) => !text.includes(t));
    check(
      `${layout}: ${url} -> ${status}, "Order #MOTH-100234"`,
      status === 200 && text.includes('Order #MOTH-100234'),
      `${Date.now() - t0} ms`,
    );
    check(
      `${layout}: items shown`,
      missing.length === 0,
      missing.length ? `missing ${missing.join(', ')}` : EXPECTED.join(' | '),
    );
    if (layout === 'shadow') {
      const inShadow = await page.evaluate(() => {
        const host = document.querySelector('bc-order-items');
        return (
          !!host?.shadowRoot &&
          host.shadowRoot.textContent?.includes('Moth Logo Hoodie') &&
          !document.body.innerText.includes('Moth Logo Hoodie')
        );
      });
      check('shadow: items live only inside the open shadow root', !!inShadow);
    }
    if (layout === 'spa') {
      await page.evaluate(() => {
        /** @type {any} */ (window).__marker = 'same-document';
      });
      await page.click('a[rel="next"]');
      await page.waitForFunction(() => !location.pathname.endsWith('MOTH-100234'));
      await page.waitForFunction(() => !document.body.textContent?.includes('Order #MOTH-100234'));
      const after = await page.evaluate(() => ({
        path: location.pathname,
        marker: /** @type {any} */ (window).__marker,
        h1: document.querySelector('h1')?.textContent,
      }));
      check(
        'spa: next-order link changes route without a page load',
        after.marker === 'same-document' && after.h1 === `Order #${after.path.split('/').pop()}`,
        JSON.stringify(after),
      );
      await page.click('a:text("All orders")');
      await page.waitForFunction(() => location.pathname === '/orders');
      const list = await page.evaluate(() => ({
        marker: /** @type {any} */ (window).__marker,
        rows: document.querySelectorAll('tr.order-row').length,
      }));
      check(
        'spa: back to /orders without a page load',
        list.marker === 'same-document' && list.rows > 5,
        JSON.stringify(list),
      );
      await page.goBack();
      await page.waitForFunction(() => location.pathname !== '/orders');
      check(
        'spa: history back re-renders the order',
        (await page.evaluate(() => document.querySelector('h1')?.textContent ?? '')).startsWith('Order #'),
      );
    }
  }
  for (const layout of ['table', 'cards', 'shadow', 'delayed']) {
    await page.goto(`https://app.bigcartel.com/orders/MOTH-100239?layout=${layout}`, { waitUntil: 'load' });
    if (layout === 'delayed') await page.waitForSelector('#order-items[data-loaded]');
    const text = await deepText(page);
    check(
      `${layout}: hostile product name shown as text on app.bigcartel.com`,
      text.includes('<img src=x onerror=alert(1)>') && text.includes('<b>Please</b> leave with neighbour'),
    );
  }
  await page.goto('https://my.bigcartel.com/products/330014');
  check(
    'product page shows a hostile option name as text',
    (await deepText(page)).includes('"><script>alert("option")</script>'),
  );
  await page.goto('https://my.bigcartel.com/orders?layout=table');
  check('orders list lists MOTH-100234', (await page.textContent('body'))?.includes('#MOTH-100234') ?? false);
  check('no script from data ever ran (no dialogs)', dialogs.length === 0, dialogs.join(', '));

  // The API hosts, from a page on the admin origin (Inkthreadable answers CORS).
  const { appId, secretKey } = SANDBOX_CREDENTIALS.inkthreadable;
  const qs = `AppId=${appId}&id=871190`;
  const sig = createHash('sha1')
    .update(qs + secretKey)
    .digest('hex');
  const ink = await page.evaluate(
    async (u) => (await fetch(u)).json(),
    `https://www.inkthreadable.co.uk/api/order.php?${qs}&Signature=${sig}`,
  );
  check(
    'www.inkthreadable.co.uk reachable with CORS, signature accepted',
    ink?.order?.id === '871190',
    JSON.stringify(ink).slice(0, 80),
  );

  // A dropped connection after the order is stored must not make Chromium resend the POST:
  // the sandbox answers API calls with Connection: close, so no request rides a reused socket.
  const post = async (/** @type {string} */ externalId) => {
    const body = JSON.stringify({
      external_id: externalId,
      shipping_address: {
        firstName: 'A',
        lastName: 'B',
        address1: '1 Row',
        city: 'London',
        postcode: 'N1',
        country: 'United Kingdom',
      },
      shipping: { shippingMethod: 'regular' },
      items: [{ pn: 'JH001-JBK-L', quantity: 1, designs: { front: 'https://cdn.mothmerch.example/a.png' } }],
    });
    const url = `https://www.inkthreadable.co.uk/api/orders.php?AppId=${appId}&Signature=${createHash('sha1')
      .update(body + secretKey)
      .digest('hex')}`;
    return page.evaluate(
      async (/** @type {[string, string]} */ [u, b]) => {
        try {
          const r = await fetch(u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: b });
          return `${r.status} ${await r.text()}`.slice(0, 60);
        } catch (e) {
          return `network error: ${e}`;
        }
      },
      /** @type {[string, string]} */ ([url, body]),
    );
  };
  await post('WARM-1'); // warm the connection pool
  await fetch(`${sb.httpUrl}/__sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify({ service: 'ink', method: 'POST', kind: 'drop-after-store' }),
  });
  const dropped = await post('DROP-1');
  const stored = /** @type {any[]} */ (await (await fetch(`${sb.httpUrl}/__sandbox/ink/orders`)).json());
  check(
    'drop-after-store: Chromium sees a network error and does not resend',
    dropped.startsWith('network error') && stored.filter((o) => o.external_id === 'DROP-1').length === 1,
    `${dropped}; stored ${stored.filter((o) => o.external_id === 'DROP-1').length}`,
  );

  const apiPage = await browser.newPage();
  const api = await apiPage.goto('https://api.bigcartel.com/v1/accounts');
  check('api.bigcartel.com reachable (a navigation lacks the JSON:API Accept header: 406)', api?.status() === 406);
  const img = await apiPage.goto('https://images.bigcartel.com/product_images/1/hoodie.jpg');
  check('images.bigcartel.com placeholder served', img?.status() === 200);
} catch (e) {
  failures++;
  console.log('FAIL', e);
} finally {
  await browser.close();
  await sb.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all Chromium checks passed');
process.exit(failures ? 1 : 0);
