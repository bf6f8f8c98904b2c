/**
 * Firefox end-to-end harness: the production Firefox build (.output/firefox-mv2, unmodified) in
 * Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi, reaching the same loopback
 * sandbox as the Chromium suite under the real hostnames (scripts/lib/firefox.mjs). The sandbox
 * helpers (orders, requests, links) are the Chromium suite's own (../harness).
 */
import type { Browser as PBrowser, ElementHandle, Page } from 'puppeteer-core';
import { exposeClosedRootsBidi } from '../../../scripts/lib/closed-roots.mjs';
import { launchFirefox } from '../../../scripts/lib/firefox.mjs';
import { CREDS, until, type RawSb } from '../harness';

export { until, type RawSb };

export interface FxBrowser {
  browser: PBrowser;
  /** moz-extension://<uuid> */
  origin: string;
  /** What the test proxy refused (any host but the sandboxed ones). */
  refused: string[];
  /** An extension page (popup.html by default), loaded. */
  extPage(path?: string): Promise<Page>;
  /** Send a protocol message to the background from an extension page. */
  send<T = unknown>(msg: unknown): Promise<T>;
  /** The toolbar badge's text, read through browserAction from an extension page. */
  badge(): Promise<string>;
  /** Reload the MV2 background page (as Firefox does when it restarts it), and wait until it answers. */
  reloadBackground(): Promise<void>;
  /** Reload the whole add-on (as an update does): its pages close, a new background page starts. */
  reloadExtension(): Promise<void>;
  /** A tab on a sandboxed admin page; alerts from the page are recorded in `dialogs`. */
  adminPage(url: string): Promise<{ page: Page; dialogs: string[] }>;
  close(): Promise<void>;
}

/** Opens a page without waiting for `load` (extension pages never report it over BiDi), then waits for it. */
async function open(page: Page, url: string): Promise<void> {
  page.goto(url).catch(() => undefined);
  // Polled from here: a wait inside the page does not survive the navigation over BiDi.
  await until(
    `${url} to load`,
    async () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url),
    20_000,
  );
}

export async function launch(sb: RawSb): Promise<FxBrowser> {
  const ff = await launchFirefox(sb.raw);
  const origin = ff.extensionOrigin;
  let page: Page | null = null;
  const messenger = async () => {
    if (!page || page.isClosed()) page = await b.extPage('popup.html');
    return page;
  };
  const b: FxBrowser = {
    browser: ff.browser,
    origin,
    refused: ff.proxy.refused,
    async extPage(path = 'popup.html') {
      const p = await ff.browser.newPage();
      exposeClosedRootsBidi(ff.browser, p);
      await open(p, `${origin}/${path}`);
      return p;
    },
    async send<T>(msg: unknown): Promise<T> {
      const p = await messenger();
      const reply = (await p.evaluate((m) => browser.runtime.sendMessage(m), msg as object)) as {
        ok: boolean;
        data?: T;
        error?: string;
      };
      if (!reply?.ok) throw new Error(`message ${JSON.stringify(msg).slice(0, 80)} failed: ${reply?.error}`);
      return reply.data as T;
    },
    async badge() {
      const p = await messenger();
      return p.evaluate(() => browser.browserAction.getBadgeText({}));
    },
    async reloadBackground() {
      const p = await messenger();
      const before = await p.evaluate(() => browser.extension.getBackgroundPage()?.performance.timeOrigin ?? 0);
      await p.evaluate(() => {
        browser.extension.getBackgroundPage()!.location.reload();
      });
      await until(
        'the background page to start again',
        async () => {
          const now = await p.evaluate(() => browser.extension.getBackgroundPage()?.performance.timeOrigin ?? 0);
          if (!now || now === before) return false;
          // It answers messages again.
          const reply = (await p.evaluate(() => browser.runtime.sendMessage({ type: 'getStatus' }))) as
            | { ok?: boolean }
            | undefined;
          return reply?.ok === true;
        },
        30_000,
      );
    },
    async reloadExtension() {
      const p = await messenger();
      await p.evaluate(() => {
        setTimeout(() => browser.runtime.reload(), 0);
      });
      await until(
        'the extension page to close',
        async () => p.isClosed() || (await p.evaluate(() => location.href).catch(() => '')) !== `${origin}/popup.html`,
        15_000,
      );
      page = null;
      await until(
        'the extension to answer again',
        async () => {
          const fresh = await b.extPage('popup.html').catch(() => null);
          if (!fresh) return false;
          const reply = (await fresh
            .evaluate(() => browser.runtime.sendMessage({ type: 'getStatus' }))
            .catch(() => null)) as { ok?: boolean } | null;
          if (reply?.ok) {
            page = fresh;
            return true;
          }
          await fresh.close().catch(() => undefined);
          return false;
        },
        30_000,
      );
    },
    async adminPage(url: string) {
      const p = await ff.browser.newPage();
      // The overlay's shadow roots are closed; the driver reads them as the inspector does.
      exposeClosedRootsBidi(ff.browser, p);
      const dialogs: string[] = [];
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss().catch(() => undefined);
      });
      await p.goto(url, { waitUntil: 'load' });
      return { page: p, dialogs };
    },
    close: () => ff.close(),
  };
  return b;
}

/** Connect both services through messages (the options page test does it through the UI). */
export async function connect(b: FxBrowser, opts: { autoSend?: boolean } = {}): Promise<void> {
  await b.send({
    type: 'saveCredentials',
    bigcartel: { kind: 'basic', subdomain: CREDS.bigcartel.subdomain, password: CREDS.bigcartel.password },
    inkthreadable: { appId: CREDS.inkthreadable.appId, secretKey: CREDS.inkthreadable.secretKey },
  });
  await b.send({
    type: 'saveSettings',
    settings: { brandName: 'Moth Merch', autoSend: opts.autoSend ?? true, notifications: true },
  });
}

// ---- reading the page as the merchant sees it (open shadow roots included) ----------------------
// WebDriver BiDi's accessibility locator does not reach into shadow roots, where the overlay lives:
// these find controls by role and accessible name (aria-label, a label's text, or the text).

type Scope = Page | ElementHandle<Element>;

/** Every element matching `css`, in the document and every open shadow root below `scope`. */
export async function deepAll(scope: Scope, css: string): Promise<ElementHandle<Element>[]> {
  return scope.$$(`>>> ${css}`);
}

/** The rendered text of an element (innerText), shadow roots included (innerText does not enter them). */
export async function textOf(el: ElementHandle<Element>): Promise<string> {
  return el.evaluate((root) => {
    const hasHost = (e: Element) => !!e.shadowRoot || [...e.querySelectorAll('*')].some((x) => x.shadowRoot);
    const text = (e: Element): string => {
      if (e.shadowRoot) return [...e.shadowRoot.children].map(text).join('\n');
      if (!hasHost(e)) return (e as HTMLElement).innerText ?? e.textContent ?? '';
      return [...e.children].map(text).join('\n');
    };
    return text(root)
      .replace(/[ \t]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim();
  });
}

/** Elements of `css` whose accessible name (aria-label, else text) is `name`. */
async function byName(scope: Scope, css: string, name: string): Promise<ElementHandle<Element>[]> {
  const all = await deepAll(scope, css);
  const out: ElementHandle<Element>[] = [];
  for (const el of all) {
    const n = await el.evaluate((e) =>
      (e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    if (n === name) out.push(el);
  }
  return out;
}

/** Marks (role img) named `name`, e.g. "Not linked". */
export const marks = (scope: Scope, name: string) => deepAll(scope, `[role="img"][aria-label="${name}"]`);
export const buttons = (scope: Scope, name: string) => byName(scope, 'button', name);

export async function button(scope: Scope, name: string): Promise<ElementHandle<Element>> {
  const found = await buttons(scope, name);
  if (!found.length) throw new Error(`no button "${name}"`);
  return found[0]!;
}

/** The form control a label names (label[for], a wrapping label, or aria-label). */
export async function field(scope: Scope, label: string): Promise<ElementHandle<Element>> {
  for (const l of await deepAll(scope, 'label')) {
    const handle = await l.evaluateHandle((el, want) => {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      const own = el.querySelector('span')?.textContent?.trim();
      if (text !== want && own !== want) return null;
      const forId = el.getAttribute('for');
      if (forId) return (el.getRootNode() as Document | ShadowRoot).getElementById(forId);
      return el.querySelector('input, select, textarea');
    }, label);
    const el = handle.asElement() as ElementHandle<Element> | null;
    if (el) return el;
    await handle.dispose();
  }
  const byAria = await deepAll(
    scope,
    `input[aria-label="${label}"], select[aria-label="${label}"], textarea[aria-label="${label}"]`,
  );
  if (byAria.length) return byAria[0]!;
  throw new Error(`no field labelled "${label}"`);
}

/** Types into a field, replacing what it held. */
export async function fill(scope: Scope, label: string, value: string): Promise<void> {
  const el = await field(scope, label);
  await el.evaluate((e) => {
    (e as HTMLInputElement).focus();
    (e as HTMLInputElement).select();
  });
  await el.type(value);
  const now = await el.evaluate((e) => (e as HTMLInputElement).value);
  if (now !== value) throw new Error(`"${label}" holds ${JSON.stringify(now)}, not ${JSON.stringify(value)}`);
}

/** Polls `fn` until `ok(value)`; returns the value (never a timing assertion: a bound on waiting). */
export async function poll<T>(
  what: string,
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  let last: T | undefined;
  await until(
    what,
    async () => {
      last = await fn();
      return ok(last);
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message} (last: ${JSON.stringify(last)})`);
  });
  return last as T;
}

declare const browser: {
  runtime: { sendMessage(m: unknown): Promise<unknown>; reload(): void };
  browserAction: { getBadgeText(d: object): Promise<string> };
  extension: { getBackgroundPage(): (Window & typeof globalThis) | null };
};
