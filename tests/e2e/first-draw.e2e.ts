/**
 * The order page's first draw with the worker stopped, as Chrome stops it after 30 s idle: the
 * marks come from the view the worker keeps in storage.session, drawn before the worker has even
 * started again (no message reaches it first); a change in the worker then updates the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connect, launch, LINKS, sandbox, until, type Browser, type RawSb } from './harness';

const ORDER = 'MOTH-100234';
const marks = (page: Page, name: string) => page.getByRole('img', { name, exact: true });

let sb: RawSb;
let b: Browser;
beforeAll(async () => {
  sb = await sandbox('demo');
  b = await launch(sb);
  await connect(b, { autoSend: false });
  await b.send({ type: 'syncNow' });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await sb?.close();
});

/** Whether the extension's service worker is running, from the browser's own list of targets. */
async function workerRunning(): Promise<boolean> {
  const p = await b.context.newPage();
  const cdp = await b.context.newCDPSession(p);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.includes(b.extensionId));
  } finally {
    await cdp.detach();
    await p.close();
  }
}

describe('the first draw with the worker stopped', () => {
  it('draws the marks from storage.session before the worker starts, then follows a change in the worker', async () => {
    const reader = await b.extPage('options.html');
    const key = `view:${ORDER}`;
    await until(
      "the order's view in storage.session",
      async () =>
        !!(
          await reader.evaluate(
            (k) =>
              (
                globalThis as unknown as {
                  chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
                }
              ).chrome.storage.session.get(k),
            key,
          )
        )[key],
      10_000,
    );
    for (const p of b.context.pages()) await p.close();
    await b.killWorker();
    await until('the worker stopped', async () => !(await workerRunning()), 10_000);

    const page = await b.context.newPage();
    await page.goto(`https://my.bigcartel.com/orders/${ORDER}`);
    await expect.poll(() => marks(page, 'Not linked').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.getByRole('button', { name: 'Link product' }).count()).toBe(3);
    // When the marks were drawn, and when the worker started again (the page's visit note wakes
    // it, after the draw): the draw did not wait for it.
    const drawnAt = await page.evaluate(
      () => performance.timeOrigin + performance.getEntriesByName('ink:overlay:marks-done')[0]!.startTime,
    );
    const worker = await until(
      'the worker started again',
      async () => b.context.serviceWorkers().find((w) => w.url().includes(b.extensionId)) ?? null,
      10_000,
    );
    const startedAt = await worker.evaluate(() => performance.timeOrigin);
    expect(drawnAt).toBeLessThan(startedAt);

    // A change in the worker (a link saved from an extension page) reaches the open page.
    await b.send({ type: 'saveLink', link: LINKS.hoodieL });
    await expect.poll(() => marks(page, 'Linked to Inkthreadable').count(), { timeout: 10_000 }).toBe(1);
    expect(await marks(page, 'Not linked').count()).toBe(2);
    await page.close();
  });
});
