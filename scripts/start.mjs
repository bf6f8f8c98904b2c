// `npm start`: build the production extension, start the sandbox with demo data, and open
// Chromium with the extension loaded on the sandboxed Big Cartel admin, already connected.
// With a display it stays open until Ctrl-C; without one it walks the demo headless and saves
// screenshots to demo-screenshots/.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, SANDBOX_CREDENTIALS } from '../sandbox/server.mjs';
import { ROOT as root, findChromium, launchBrowser } from './lib/chromium.mjs';

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
console.log(`Sandbox running: Big Cartel admin, Big Cartel API and Inkthreadable API on ${sb.httpsUrl} (HTTPS) and ${sb.httpUrl} (HTTP)`);
const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const { context, extensionId } = await launchBrowser(sb, { headless });

// Connect the extension to the sandboxed store and Inkthreadable account, as the options page would.
const popup = await context.newPage();
await popup.goto(`chrome-extension://${extensionId}/popup.html`);
const send = (m) => popup.evaluate((msg) => chrome.runtime.sendMessage(msg), m);
const { bigcartel, inkthreadable } = SANDBOX_CREDENTIALS;
await send({ type: 'saveCredentials', bigcartel: { kind: 'basic', subdomain: bigcartel.subdomain, password: bigcartel.password }, inkthreadable: { appId: inkthreadable.appId, secretKey: inkthreadable.secretKey } });
await send({ type: 'saveSettings', settings: { brandName: 'Moth Merch' } });
await send({ type: 'saveLink', link: { productId: '330011', optionId: '1180021', productName: 'Moth Logo Hoodie', optionName: 'Black / L', pn: 'JH001-JBK-L', designs: { front: 'https://cdn.mothmerch.example/moth-front.png' }, neverFulfil: false } });
await send({ type: 'saveLink', link: { productId: '330013', optionId: null, productName: 'Sticker Pack', optionName: '', pn: '', designs: {}, neverFulfil: true } });
await send({ type: 'syncNow' });
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
  const shots = [];
  const shot = async (p, name) => {
    const file = join(dir, name);
    await p.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  await page.goto('https://my.bigcartel.com/orders');
  await page.waitForTimeout(1500);
  await shot(page, '1-orders-list.png');
  await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
  await page.locator('[data-ink-overlay]').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(800);
  await shot(page, '2-order-page.png');
  const link = page.getByRole('button', { name: 'Link product' }).first();
  if (await link.count()) {
    await link.click();
    await page.getByRole('dialog').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
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
