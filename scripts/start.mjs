// `npm start`: build the production extension, start the sandbox with demo data, and open
// Chromium with the extension loaded on the sandboxed Big Cartel admin, already connected.
// With a display it stays open until Ctrl-C; without one it walks the demo headless and saves
// screenshots to demo-screenshots/. `npm start -- --firefox` does the same in Firefox with the
// Firefox build (scripts/lib/firefox.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, SANDBOX_CREDENTIALS } from '../sandbox/server.mjs';
import { ROOT as root, findChromium, launchBrowser } from './lib/chromium.mjs';
import { findFirefox, launchFirefox } from './lib/firefox.mjs';

const { bigcartel, inkthreadable } = SANDBOX_CREDENTIALS;
/** What connects the extension to the sandboxed store and account, as the options page would. */
const DEMO_MESSAGES = [
  {
    type: 'saveCredentials',
    bigcartel: { kind: 'basic', subdomain: bigcartel.subdomain, password: bigcartel.password },
    inkthreadable: { appId: inkthreadable.appId, secretKey: inkthreadable.secretKey },
  },
  { type: 'saveSettings', settings: { brandName: 'Moth Merch' } },
  {
    type: 'saveLink',
    link: {
      productId: '330011',
      optionId: '1180021',
      productName: 'Moth Logo Hoodie',
      optionName: 'Black / L',
      pn: 'JH001-JBK-L',
      designs: { front: 'https://cdn.mothmerch.example/moth-front.png' },
      neverFulfil: false,
    },
  },
  {
    type: 'saveLink',
    link: {
      productId: '330013',
      optionId: null,
      productName: 'Sticker Pack',
      optionName: '',
      pn: '',
      designs: {},
      neverFulfil: true,
    },
  },
  { type: 'syncNow' },
];
const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

// In Firefox: the demo, then exit (or wait for Ctrl-C with a display); the rest is Chromium's.
if (process.argv.includes('--firefox')) await startFirefox();

async function startFirefox() {
  try {
    findFirefox();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  console.log('Building the production extension for Firefox…');
  const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const sb = await startSandbox({ seed: 'demo' });
  console.log(
    `Sandbox running: Big Cartel admin, Big Cartel API and Inkthreadable API on ${sb.httpsUrl} (HTTPS) and ${sb.httpUrl} (HTTP)`,
  );
  const ff = await launchFirefox(sb, { headless });
  const popup = await ff.browser.newPage();
  const popupUrl = `${ff.extensionOrigin}/popup.html`;
  // Extension pages never report `load` over WebDriver BiDi: wait for the page itself.
  const openExt = async () => {
    popup.goto(popupUrl).catch(() => undefined);
    for (let i = 0; i < 200; i++) {
      const ready = await popup
        .evaluate((u) => location.href === u && document.readyState === 'complete', popupUrl)
        .catch(() => false);
      if (ready) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`The extension's popup did not open at ${popupUrl}`);
  };
  await openExt();
  for (const m of DEMO_MESSAGES)
    await popup.evaluate((msg) => /** @type {any} */ (globalThis).browser.runtime.sendMessage(msg), m);
  await openExt();
  const page = await ff.browser.newPage();
  await page.goto('https://my.bigcartel.com/orders', { waitUntil: 'load' });
  if (!headless) {
    console.log(
      'Firefox is open on the sandboxed Big Cartel admin with the extension installed (temporary add-on). Press Ctrl-C to stop.',
    );
    const stop = async () => {
      await ff.close().catch(() => undefined);
      await sb.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    ff.browser.on('disconnected', stop);
    await new Promise(() => undefined);
  }
  const dir = join(root, 'demo-screenshots');
  mkdirSync(dir, { recursive: true });
  /** @type {string[]} */
  const shots = [];
  const shot = async (
    /** @type {{ screenshot(o: { path: string, fullPage: boolean }): Promise<unknown> }} */ p,
    /** @type {string} */ name,
  ) => {
    const file = join(dir, name);
    await p.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  const settle = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
  await settle(1500);
  await shot(page, 'firefox-1-orders-list.png');
  await page.goto('https://my.bigcartel.com/orders/MOTH-100234', { waitUntil: 'load' });
  await page.waitForSelector('[data-ink-overlay]', { timeout: 15_000 }).catch(() => undefined);
  await settle(800);
  await shot(page, 'firefox-2-order-page.png');
  const buttons = await page.$$('>>> button[data-ink-item]');
  const first = buttons[0];
  if (first) {
    await first.click();
    await page.waitForSelector('>>> [role="dialog"]', { timeout: 5_000 }).catch(() => undefined);
    await settle(300);
    await shot(page, 'firefox-3-link-dialog.png');
  }
  await popup.setViewport({ width: 400, height: 640 });
  await settle(800);
  await shot(popup, 'firefox-4-popup.png');
  console.log('Headless demo in Firefox done (no display found). Screenshots:');
  for (const s of shots) console.log(`  ${s}`);
  await ff.close();
  await sb.close();
  process.exit(0);
}

try {
  findChromium();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

console.log('Building the production extension…');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const sb = await startSandbox({ seed: 'demo' });
console.log(
  `Sandbox running: Big Cartel admin, Big Cartel API and Inkthreadable API on ${sb.httpsUrl} (HTTPS) and ${sb.httpUrl} (HTTP)`,
);
const { context, extensionId } = await launchBrowser(sb, { headless, exposeRoots: true });

// Connect the extension to the sandboxed store and Inkthreadable account, as the options page would.
const popup = await context.newPage();
await popup.goto(`chrome-extension://${extensionId}/popup.html`);
const send = (/** @type {unknown} */ m) =>
  popup.evaluate((msg) => /** @type {any} */ (globalThis).chrome.runtime.sendMessage(msg), m);
for (const m of DEMO_MESSAGES) await send(m);
await popup.reload();

const page = await context.newPage();
if (!headless) {
  await page.goto('https://my.bigcartel.com/orders');
  console.log('Chromium is open on the sandboxed Big Cartel admin with the extension loaded. Press Ctrl-C to stop.');
  const stop = async () => {
    await context.close().catch(() => undefined);
    await sb.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  context.on('close', stop);
} else {
  const dir = join(root, 'demo-screenshots');
  mkdirSync(dir, { recursive: true });
  /** @type {string[]} */
  const shots = [];
  const shot = async (
    /** @type {{ screenshot(o: { path: string, fullPage: boolean }): Promise<unknown> }} */ p,
    /** @type {string} */ name,
  ) => {
    const file = join(dir, name);
    await p.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  await page.goto('https://my.bigcartel.com/orders');
  await page.waitForTimeout(1500);
  await shot(page, '1-orders-list.png');
  await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
  await page
    .locator('[data-ink-overlay]')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(800);
  await shot(page, '2-order-page.png');
  const link = page.getByRole('button', { name: 'Link product' }).first();
  if (await link.count()) {
    await link.click();
    await page
      .getByRole('dialog')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page.waitForTimeout(300);
    await shot(page, '3-link-dialog.png');
  }
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.waitForTimeout(800);
  await shot(popup, '4-popup.png');
  console.log('Headless demo done (no display found). Screenshots:');
  for (const s of shots) console.log(`  ${s}`);
  await context.close();
  await sb.close();
}
