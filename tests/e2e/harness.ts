/**
 * End-to-end harness: the production build (.output/chrome-mv3, unmodified) in a real Chromium,
 * reaching the loopback sandbox under the real hostnames.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, chromiumArgs, SANDBOX_CREDENTIALS } from '../../sandbox/server.mjs';

export const EXTENSION_DIR = resolve(__dirname, '../../.output/chrome-mv3');
export const ARTIFACTS = resolve(__dirname, '../../test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface Sandbox {
  httpUrl: string;
  close(): Promise<void>;
}

export interface Creds {
  bigcartel: { subdomain: string; password: string; token: string };
  inkthreadable: { appId: string; secretKey: string };
}

export const CREDS: Creds = SANDBOX_CREDENTIALS;

type RawSandbox = Awaited<ReturnType<typeof startSandbox>>;
type Seed = NonNullable<Parameters<typeof startSandbox>[0]>['seed'];

export async function sandbox(seed: Seed = 'demo'): Promise<Sandbox & { raw: RawSandbox }> {
  const sb = await startSandbox({ seed });
  return { raw: sb, httpUrl: sb.httpUrl, close: () => sb.close() };
}

/** Call the sandbox's control API. */
export async function control<T = unknown>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sb.httpUrl}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface InkRequest {
  service: string;
  method: string;
  path: string;
  query: string;
  body: string;
  status: number;
}

export async function inkRequests(sb: Sandbox): Promise<InkRequest[]> {
  const r = await control<InkRequest[] | { requests: InkRequest[] }>(sb, 'GET', '/requests?service=ink');
  return Array.isArray(r) ? r : r.requests;
}

export interface SandboxInkOrder {
  id: string;
  external_id?: string;
  externalId?: string;
  deleted?: boolean | string;
  body?: unknown;
  rawBody?: string;
  [k: string]: unknown;
}

export async function inkOrders(sb: Sandbox): Promise<SandboxInkOrder[]> {
  const r = await control<SandboxInkOrder[] | { orders: SandboxInkOrder[] }>(sb, 'GET', '/ink/orders');
  return Array.isArray(r) ? r : r.orders;
}

export function externalIdOf(o: SandboxInkOrder): string {
  const order = (o.order as SandboxInkOrder | undefined) ?? o;
  return String(order.external_id ?? order.externalId ?? '');
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  profile: string;
  worker(): Promise<Worker>;
  /** An extension page (popup.html by default) to send messages from. */
  extPage(path?: string): Promise<Page>;
  /** Send a protocol message to the background from an extension page. */
  send<T = unknown>(msg: unknown): Promise<T>;
  badge(): Promise<string>;
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launch(sb: Sandbox & { raw: RawSandbox }, opts: { profile?: string } = {}): Promise<Browser> {
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'ink-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...chromiumArgs(sb.raw),
    ],
  });
  let sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(sw.url()).host;
  let page: Page | null = null;
  const b: Browser = {
    context,
    extensionId,
    profile,
    async worker() {
      const live = context.serviceWorkers().filter((w) => w.url().includes(extensionId));
      if (live.length) return live[live.length - 1]!;
      return context.waitForEvent('serviceworker', { timeout: 20_000 });
    },
    async extPage(path = 'popup.html') {
      const p = await context.newPage();
      await p.goto(`chrome-extension://${extensionId}/${path}`);
      return p;
    },
    async send<T>(msg: unknown): Promise<T> {
      if (!page || page.isClosed()) page = await b.extPage('popup.html');
      const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), msg)) as { ok: boolean; data?: T; error?: string };
      if (!reply?.ok) throw new Error(`message ${JSON.stringify(msg).slice(0, 80)} failed: ${reply?.error}`);
      return reply.data as T;
    },
    async badge() {
      if (!page || page.isClosed()) page = await b.extPage('popup.html');
      return page.evaluate(() => chrome.action.getBadgeText({}));
    },
    async killWorker() {
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      const { targetInfos } = await cdp.send('Target.getTargets');
      for (const t of targetInfos) {
        if (t.type === 'service_worker' && t.url.includes(extensionId)) await cdp.send('Target.closeTarget', { targetId: t.targetId });
      }
      await cdp.detach();
      await p.close();
    },
    async close() {
      await context.close();
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
  return b;
}

/** Connect both services through messages (the options page e2e does it through the UI). */
export async function connect(b: Browser, opts: { autoSend?: boolean } = {}): Promise<void> {
  await b.send({ type: 'saveCredentials', bigcartel: { kind: 'basic', subdomain: CREDS.bigcartel.subdomain, password: CREDS.bigcartel.password }, inkthreadable: { appId: CREDS.inkthreadable.appId, secretKey: CREDS.inkthreadable.secretKey } });
  await b.send({ type: 'saveSettings', settings: { brandName: 'Moth Merch', autoSend: opts.autoSend ?? true, notifications: true } });
}

export async function until<T>(what: string, fn: () => Promise<T | false | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

declare const chrome: {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  action: { getBadgeText(d: object): Promise<string> };
};
