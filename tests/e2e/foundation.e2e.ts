/** The production build loads in Chromium: worker, popup, options, and the content script on an admin order page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EXTENSION_DIR, rig } from './harness';

const r = rig({ beforeAll, afterAll }, { seed: 'demo', connect: false });

describe('the extension in Chromium', () => {
  it('runs its service worker with exactly the permissions it needs', async () => {
    const w = await r.b.worker();
    expect(w.url()).toBe(`chrome-extension://${r.b.extensionId}/background.js`);
    const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'notifications', 'storage']);
    expect([...manifest.host_permissions].sort()).toEqual([
      'https://api.bigcartel.com/*',
      'https://app.bigcartel.com/*',
      'https://my.bigcartel.com/*',
      'https://www.inkthreadable.co.uk/*',
    ]);
    expect(manifest.content_security_policy).toBeUndefined();
  });

  it('opens the popup and the options page', async () => {
    const popup = await r.b.extPage('popup.html');
    await expect.poll(() => popup.getByRole('button', { name: 'Sync now' }).count()).toBe(1);
    const options = await r.b.extPage('options.html');
    await expect.poll(() => options.getByLabel('App ID').count()).toBe(1);
    await popup.close();
    await options.close();
  });

  it('runs the content script on a sandboxed admin order page', async () => {
    const page = await r.b.context.newPage();
    await page.goto('https://my.bigcartel.com/orders/MOTH-100234');
    await expect.poll(() => page.locator('[data-ink-overlay]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
