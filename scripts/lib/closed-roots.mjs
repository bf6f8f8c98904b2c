// The overlay draws into closed shadow roots: page scripts (and element.shadowRoot) cannot reach
// them. A test driver, like a merchant's eyes, still has to. This gives every page of a Chromium
// context a way in through the DevTools protocol, the same access the browser's own inspector has:
// for every closed root hosted by one of the overlay's elements ([data-ink-overlay]) it defines
// `shadowRoot` on that host's wrapper in the worlds the driver uses (Playwright's utility world,
// where locators run, and the page's main world, where `page.evaluate` runs). The platform's own
// getter (Element.prototype.shadowRoot) still answers null to any page script; the security e2e
// checks that it does.

const HOST = 'data-ink-overlay';
const DEFINE = `function (root) {
  Object.defineProperty(this, 'shadowRoot', { configurable: true, get() { return root; } });
}`;

/**
 * @typedef {{ send(method: string, params?: object): Promise<any>, on(event: string, fn: (e: any) => void): unknown, detach(): Promise<void> }} Cdp
 * @typedef {{ id: number, name: string, auxData?: { frameId?: string, isDefault?: boolean, type?: string } }} Ctx
 */

/**
 * Closed roots of the overlay's hosts in a DOM tree from `DOM.getDocument({ pierce: true })`.
 * @param {any} node
 * @param {{ host: number, root: number }[]} out
 */
function findRoots(node, out = []) {
  const attrs = node.attributes ?? [];
  const isHost = attrs.some((/** @type {string} */ a, /** @type {number} */ i) => i % 2 === 0 && a === HOST);
  for (const sr of node.shadowRoots ?? []) {
    if (isHost && sr.shadowRootType === 'closed') out.push({ host: node.backendNodeId, root: sr.backendNodeId });
    findRoots(sr, out);
  }
  for (const child of node.children ?? []) findRoots(child, out);
  if (node.contentDocument) findRoots(node.contentDocument, out);
  if (node.templateContent) findRoots(node.templateContent, out);
  return out;
}

/**
 * Whether a world is one the driver reads through: the main world or Playwright's utility world.
 * @param {Ctx} c
 */
const driverWorld = (c) => c.auxData?.isDefault === true || c.name.startsWith('__playwright_utility_world');

/**
 * Expose the closed roots there are now (one pass), for a script that reads the overlay once.
 * @param {{ newCDPSession(page: any): Promise<any> }} context
 * @param {any} page
 */
export async function exposeClosedRootsOnce(context, page) {
  /** @type {Cdp} */
  const cdp = await context.newCDPSession(page);
  /** @type {Map<number, Ctx>} */
  const contexts = new Map();
  cdp.on('Runtime.executionContextCreated', (e) => contexts.set(e.context.id, e.context));
  await cdp.send('Runtime.enable');
  await exposePass(cdp, contexts, new Set());
  await cdp.detach().catch(() => undefined);
}

/**
 * One look at the page: define `shadowRoot` on every overlay host not yet done, in every driver world.
 * @param {Cdp} cdp
 * @param {Map<number, Ctx>} contexts
 * @param {Set<string>} done
 */
async function exposePass(cdp, contexts, done) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  for (const { host, root: shadow } of findRoots(root)) {
    for (const ctx of contexts.values()) {
      if (!driverWorld(ctx)) continue;
      const key = `${ctx.id}:${host}`;
      if (done.has(key)) continue;
      try {
        const h = await cdp.send('DOM.resolveNode', { backendNodeId: host, executionContextId: ctx.id });
        const s = await cdp.send('DOM.resolveNode', { backendNodeId: shadow, executionContextId: ctx.id });
        await cdp.send('Runtime.callFunctionOn', {
          objectId: h.object.objectId,
          functionDeclaration: DEFINE,
          arguments: [{ objectId: s.object.objectId }],
        });
        done.add(key);
      } catch {
        // A world of another frame, or one that went away with a navigation.
      }
    }
  }
}

/**
 * Keep the overlay's closed roots reachable for the driver in `page` until it closes.
 * @param {{ newCDPSession(page: any): Promise<any> }} context
 * @param {any} page
 * @param {{ everyMs?: number }} [opts]
 */
async function exposeClosedRoots(context, page, opts = {}) {
  /** @type {Cdp} */
  const cdp = await context.newCDPSession(page);
  /** @type {Map<number, Ctx>} */
  const contexts = new Map();
  /** @type {Set<string>} */
  const done = new Set();
  cdp.on('Runtime.executionContextCreated', (e) => contexts.set(e.context.id, e.context));
  cdp.on('Runtime.executionContextDestroyed', (e) => contexts.delete(e.executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  let stopped = false;
  page.on('close', () => {
    stopped = true;
  });
  const pass = () => exposePass(cdp, contexts, done);
  const every = opts.everyMs ?? 50;
  const loop = async () => {
    while (!stopped) {
      await pass().catch(() => undefined);
      await new Promise((r) => setTimeout(r, every));
    }
    await cdp.detach().catch(() => undefined);
  };
  void loop();
}

/**
 * Expose the overlay's closed roots in every page of a Chromium context, now and later.
 * @param {{ pages(): any[], on(event: 'page', fn: (p: any) => void): unknown, newCDPSession(page: any): Promise<any> }} context
 */
export async function exposeClosedRootsEverywhere(context) {
  context.on('page', (p) => {
    void exposeClosedRoots(context, p).catch(() => undefined);
  });
  for (const p of context.pages()) await exposeClosedRoots(context, p).catch(() => undefined);
}

// ---- Firefox, over WebDriver BiDi ---------------------------------------------------------------

/** Every overlay host in the document and the page's own open shadow roots. */
const FIND_HOSTS = `() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.hasAttribute('data-ink-overlay')) out.push(el);
      else if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}`;

/**
 * The same access in Firefox: BiDi serialises a closed shadow root when asked to
 * (`includeShadowTree: 'all'`); `shadowRoot` is then defined on the host in the page's main realm,
 * where puppeteer's queries (`>>>`) and `evaluate` run.
 * @param {object} browser a puppeteer browser over BiDi (its `connection` sends raw BiDi commands)
 * @param {any} page
 * @param {{ everyMs?: number }} [opts]
 */
export function exposeClosedRootsBidi(browser, page, opts = {}) {
  /** @type {{ send(method: string, params: object): Promise<any> }} */
  const conn = /** @type {any} */ (browser).connection;
  /** @type {Set<string>} */
  const done = new Set();
  let stopped = false;
  page.on('close', () => {
    stopped = true;
  });
  const pass = async () => {
    const context = page.mainFrame()._id;
    const res = await conn.send('script.callFunction', {
      functionDeclaration: FIND_HOSTS,
      awaitPromise: false,
      target: { context },
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 1 },
    });
    // Every realm of the page: the main one (evaluate) and puppeteer's own sandbox (queries).
    const realms = await conn.send('script.getRealms', { context, type: 'window' });
    for (const host of res.result?.result?.value ?? []) {
      const root = host.value?.shadowRoot;
      if (!host.sharedId || !root?.sharedId || root.value?.mode !== 'closed') continue;
      for (const realm of realms.result?.realms ?? []) {
        const key = `${realm.realm}:${host.sharedId}`;
        if (done.has(key)) continue;
        await conn.send('script.callFunction', {
          functionDeclaration: DEFINE,
          this: { sharedId: host.sharedId },
          arguments: [{ sharedId: root.sharedId }],
          awaitPromise: false,
          target: { realm: realm.realm },
        });
        done.add(key);
      }
    }
  };
  const every = opts.everyMs ?? 50;
  void (async () => {
    while (!stopped) {
      await pass().catch(() => undefined);
      await new Promise((r) => setTimeout(r, every));
    }
  })();
}
