/**
 * The overlay's life on a real admin page: light and dark colour schemes (readable in both), and
 * the extension being reloaded or removed while the page is open (everything it added goes, the
 * page keeps working).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { artifact, connect, launch, sandbox, until } from './harness';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function setup() {
  const sb = await sandbox('demo');
  const b = await launch(sb);
  cleanup.push(
    () => sb.close(),
    () => b.close(),
  );
  await connect(b);
  await b.send({ type: 'syncNow' });
  const page = await b.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { sb, b, page, errors };
}

const ORDER = 'https://my.bigcartel.com/orders/MOTH-100234';
const MARK = /^(Linked to Inkthreadable|Not linked|Never fulfilled by Inkthreadable)$/;
const marks = (page: Page) => page.getByRole('img', { name: MARK });
const panel = (page: Page) => page.getByRole('region', { name: 'Inkthreadable' });

/** The panel's text colour and the first opaque background behind it, as [r, g, b]. */
async function colours(region: Locator): Promise<{ fg: number[]; bg: number[] }> {
  return region.evaluate((el) => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const fg = rgb(getComputedStyle(el).color);
    let bg: number[] = [];
    for (let n: Element | null = el; n; n = n.parentElement ?? (n.getRootNode() as ShadowRoot).host ?? null) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3]! > 0.5)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    return { fg: fg.slice(0, 3), bg };
  });
}

function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function contrast(a: number[], b: number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('colour schemes', () => {
  it('matches the admin page: light beside a light admin (even on a dark system), dark beside a dark one, readable in both', async () => {
    const { b, page, errors } = await setup();
    const cases = [
      { name: 'light', system: 'light' as const, darkAdmin: false },
      { name: 'light-admin-dark-system', system: 'dark' as const, darkAdmin: false },
      { name: 'dark', system: 'dark' as const, darkAdmin: true },
    ];
    for (const c of cases) {
      const p = c.darkAdmin ? await b.context.newPage() : page;
      // An admin with a dark theme: its own stylesheet, there from the start.
      if (c.darkAdmin) {
        await p.addInitScript(() => {
          document.addEventListener('DOMContentLoaded', () => {
            const style = document.createElement('style');
            style.textContent =
              'html,body,main,header,nav,section,article,aside,div,table,tr,td,th{background-color:#111418 !important;color:#e6e6e6 !important;border-color:#30363d !important}';
            document.head.appendChild(style);
          });
        });
      }
      await p.emulateMedia({ colorScheme: c.system });
      await p.goto(ORDER);
      await expect.poll(() => marks(p).count(), { timeout: 15_000 }).toBe(3);
      await expect
        .poll(async () => luminance((await colours(panel(p))).bg) < 0.1, { timeout: 5_000 })
        .toBe(c.darkAdmin);
      const { fg, bg } = await colours(panel(p));
      expect(bg, 'the panel has a background of its own').toHaveLength(3);
      if (!c.darkAdmin) expect(luminance(bg)).toBeGreaterThan(0.8);
      // WCAG AA for body text.
      expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
      await p.screenshot({ path: artifact(`order-page-${c.name}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});

describe('the extension reloaded under an open admin page', () => {
  it('removes everything it added and leaves the page working', async () => {
    const { b, page, errors } = await setup();
    await page.goto(ORDER);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(3);
    const pageText = await page.locator('body').innerText();
    expect(await page.locator('[data-ink-overlay]').count()).toBeGreaterThan(3);

    // Reload the extension from its own worker, as chrome://extensions or an update does.
    const worker = await b.worker();
    await worker.evaluate(() => {
      setTimeout(
        () => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(),
        50,
      );
    });

    // The orphaned content script notices within a couple of seconds and removes its hosts.
    await until(
      'the old overlay to be removed',
      async () => (await page.locator('[data-ink-overlay]').count()) === 0,
      15_000,
    );
    expect(await marks(page).count()).toBe(0);
    expect(await panel(page).count()).toBe(0);
    // The admin's own content is untouched and the page still responds.
    expect(await page.locator('body').innerText()).toBe(pageText);
    expect(pageText).toContain('MOTH-100234');
    expect(await page.evaluate(() => document.title.length > 0)).toBe(true);

    // (Headless Chromium does not bring back an extension loaded from the command line after
    // runtime.reload(): for the page this is the extension removed. Nothing of ours is left.)
    await page.waitForTimeout(2000);
    expect(await page.locator('[data-ink-overlay]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
