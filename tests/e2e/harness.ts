/**
 * End-to-end harness: the production build (.output/chrome-mv3, unmodified) in a real Chromium,
 * reaching the loopback sandbox under the real hostnames.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { appendFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, chromiumArgs, SANDBOX_CREDENTIALS } from '../../sandbox/server.mjs';
import { control as controlApi } from '../../sandbox/control.mjs';
import { baseArgs, EXTENSION_DIR as BUILT } from '../../scripts/lib/chromium.mjs';
import { exposeClosedRootsEverywhere } from '../../scripts/lib/closed-roots.mjs';

export const EXTENSION_DIR = BUILT;
const ARTIFACTS = resolve(__dirname, '../../test-results');
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
export const control: <T = unknown>(sb: Sandbox, method: string, path: string, body?: unknown) => Promise<T> =
  controlApi;

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
    args: [...baseArgs(true), ...chromiumArgs(sb.raw)],
  });
  // The overlay's shadow roots are closed; the driver reads them as the inspector does.
  await exposeClosedRootsEverywhere(context);
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
      const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), msg)) as {
        ok: boolean;
        data?: T;
        error?: string;
      };
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
        if (t.type === 'service_worker' && t.url.includes(extensionId))
          await cdp.send('Target.closeTarget', { targetId: t.targetId });
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

export async function until<T>(
  what: string,
  fn: () => Promise<T | false | null | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
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

// ---- shared set-up for the reliability suites ----------------------------------------------------

export type RawSb = Sandbox & { raw: RawSandbox };

/** What a reliability suite needs: a sandbox, a connected browser, and order helpers. */
export interface Rig {
  sb: RawSb;
  b: Browser;
  /** Close the browser and open it again on the same profile (needs `keepProfile`). */
  reopen(): Promise<void>;
  /** Close the browser without the clean-up (as when the merchant quits it). */
  quit(): Promise<void>;
}

/**
 * Registers beforeAll/afterAll for a sandbox and one connected browser (auto-send on by default).
 * The returned object's fields are filled once beforeAll has run. `keepProfile`: the browser's
 * profile survives `quit()`/`reopen()` (removed after the suite).
 */
export function rig(
  hooks: {
    beforeAll(fn: () => Promise<void>, timeout?: number): void;
    afterAll(fn: () => Promise<void>, timeout?: number): void;
  },
  opts: { seed?: Seed; autoSend?: boolean; connect?: boolean; keepProfile?: boolean } = {},
): Rig {
  const profile = opts.keepProfile ? mkdtempSync(join(tmpdir(), 'ink-e2e-kept-')) : undefined;
  let open = false;
  const r = {
    async quit() {
      if (open) await r.b.context.close();
      open = false;
    },
    async reopen() {
      if (!profile) throw new Error('reopen() needs keepProfile');
      await r.quit();
      r.b = await launch(r.sb, { profile });
      open = true;
    },
  } as Rig;
  hooks.beforeAll(async () => {
    r.sb = await sandbox(opts.seed ?? 'empty');
    r.b = await launch(r.sb, profile ? { profile } : {});
    open = true;
    if (opts.connect !== false) await connect(r.b, { autoSend: opts.autoSend ?? true });
  }, 90_000);
  hooks.afterAll(async () => {
    if (open) await r.b?.close().catch(() => undefined);
    if (profile) rmSync(profile, { recursive: true, force: true });
    await r.sb?.close();
  }, 60_000);
  return r;
}

export interface ItemSpec {
  productId: string;
  optionId: string | null;
  quantity: number;
}

/** Adds a Big Cartel order at the sandbox; returns its id. */
export async function addOrder(sb: Sandbox, items: ItemSpec[], country = 'GB'): Promise<string> {
  const o = await control<{ id?: string; data?: { id: string } }>(sb, 'POST', '/bc/orders', { items, country });
  return (o.id ?? o.data?.id)!;
}

/** Live (not deleted) Inkthreadable orders at the sandbox carrying this Big Cartel order id. */
export async function liveAt(sb: Sandbox, id: string): Promise<SandboxInkOrder[]> {
  return (await inkOrders(sb)).filter(
    (o) =>
      externalIdOf(o) === id && String((o.order as { deleted?: unknown } | undefined)?.deleted ?? o.deleted) !== 'true',
  );
}

/** How many live Inkthreadable orders carry each Big Cartel order id. */
export async function liveCounts(sb: Sandbox): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const o of await inkOrders(sb)) {
    if (String((o.order as { deleted?: unknown } | undefined)?.deleted ?? o.deleted) === 'true') continue;
    const id = externalIdOf(o);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** POSTs of this order that reached the sandbox (whatever their answer). */
export async function postsOf(sb: Sandbox, id: string): Promise<InkRequest[]> {
  return (await inkRequests(sb)).filter(
    (r) => r.method === 'POST' && r.path.endsWith('/orders.php') && JSON.parse(r.body || '{}').external_id === id,
  );
}

/** The order as the extension shows it (null when unknown). */
export interface OrderViewLite {
  id: string;
  state: string;
  label: string;
  toLink: number;
  message: string;
  needsAction: boolean;
  ink: { id: string; status: string } | null;
}

export const viewOf = (b: Browser, id: string): Promise<OrderViewLite | null> =>
  b.send<OrderViewLite | null>({ type: 'getOrder', orderId: id });

/** Links for the demo catalogue's products used by the reliability suites. */
export const LINKS = {
  hoodieL: {
    productId: '330011',
    optionId: '1180021',
    productName: 'Moth Logo Hoodie',
    optionName: 'Black / L',
    pn: 'JH001-JBK-L',
    designs: { front: 'https://cdn.mothmerch.example/front.png' },
    neverFulfil: false,
  },
  poster: {
    productId: '330016',
    optionId: null,
    productName: 'Night Moth Poster',
    optionName: '',
    pn: 'POSTER-A3',
    designs: { front: 'https://cdn.mothmerch.example/poster.png' },
    neverFulfil: false,
  },
  tote: {
    productId: '330015',
    optionId: null,
    productName: 'Moth Tote Bag',
    optionName: '',
    pn: 'TOTE-NAT',
    designs: { front: 'https://cdn.mothmerch.example/tote.png' },
    neverFulfil: false,
  },
} as const;

/** Records a figure for the reliability report (read by scripts/reliability.mjs). */
export function recordFigure(suite: string, figure: Record<string, unknown>): void {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'figures.jsonl'), `${JSON.stringify({ suite, ...figure })}\n`);
}

/**
 * Every copy Inkthreadable holds of each order (cancelled ones included), for the reliability
 * figures: `createdTwice` counts the orders Inkthreadable ever held more than once, `leftTwice`
 * those it still holds live more than once, `lost` those it does not hold live at all (only
 * among `mustArrive`). Without `ids`, every order the sandbox's Inkthreadable holds.
 */
export async function inkCopies(
  sb: Sandbox,
  ids?: readonly string[],
  mustArrive: readonly string[] = ids ?? [],
): Promise<{ orders: number; createdTwice: string[]; leftTwice: string[]; lost: string[] }> {
  const all = new Map<string, number>();
  const live = new Map<string, number>();
  for (const o of await inkOrders(sb)) {
    const id = externalIdOf(o);
    all.set(id, (all.get(id) ?? 0) + 1);
    if (String((o.order as { deleted?: unknown } | undefined)?.deleted ?? o.deleted) !== 'true')
      live.set(id, (live.get(id) ?? 0) + 1);
  }
  const of = ids ?? [...all.keys()];
  return {
    orders: of.length,
    createdTwice: of.filter((id) => (all.get(id) ?? 0) > 1),
    leftTwice: of.filter((id) => (live.get(id) ?? 0) > 1),
    lost: mustArrive.filter((id) => !live.get(id)),
  };
}
