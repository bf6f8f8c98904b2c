// The benchmark: speed, cost and scale of the production build in a real Chromium against the
// loopback sandbox. It measures and reports; it judges nothing (the test suite judges correctness).
//
//   npm run bench                      full run (10,000 orders), writes bench-results/ and the table in docs/PERFORMANCE.md
//   npm run bench -- --smoke           a small, quick run (CI runs it so the benchmark cannot rot)
//   npm run bench -- --orders 20000 --products 5000 --links 8000 --loads 40 --no-build
//   npm run bench -- --overlay         the order page only (warm and cold worker): prints its figures, writes nothing
//
// Writes bench-results/results.json (flat keys, stamped with the commit, whether the tree was
// clean and the Chromium version), bench-results/details.json (every sample) and
// bench-results/results.md (the table with the machine, the date, the commit and the targets).
// The table in docs/PERFORMANCE.md is replaced only by a full run (default sizes) on a clean tree,
// so the document always describes a commit that exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { startSandbox, SANDBOX_CREDENTIALS } from '../sandbox/server.mjs';
import { control } from '../sandbox/control.mjs';
import { EXTENSION_DIR, ROOT, findChromium, launchBrowser } from './lib/chromium.mjs';
import { exposeClosedRootsOnce } from './lib/closed-roots.mjs';
import { BUDGETS, bundleSizes } from './lib/bundles.mjs';

// ---- options -------------------------------------------------------------------------------------
const SMOKE = {
  orders: 400,
  products: 120,
  links: 200,
  uiOrders: 120,
  loads: 3,
  pageLoads: 3,
  popupLoads: 3,
  imports: 1,
  polls: 3,
  items: [50, 200],
};
const FULL = {
  orders: 10_000,
  products: 3000,
  links: 5000,
  uiOrders: 2000,
  loads: 20,
  pageLoads: 15,
  popupLoads: 10,
  imports: 3,
  polls: 10,
  items: [50, 200],
};

/** @typedef {typeof FULL} Cfg the sizes of a run */
/** @typedef {Awaited<ReturnType<typeof launchBrowser>>} Browser a launched Chromium profile */
/** @typedef {{ type: string, [key: string]: unknown }} Message a message to the extension's worker */
/** @typedef {(msg: Message) => Promise<any>} Send */
/** @typedef {{ httpUrl: string }} Sb the running sandbox, as the control API needs it */

/** @param {string[]} argv */
function parseArgs(argv) {
  const o = { smoke: false, build: true, docs: true, overlay: false, out: join(ROOT, 'bench-results') };
  /** @type {Partial<Cfg>} */
  const sizes = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a whole number above 0`);
      return v;
    };
    if (a === '--smoke') o.smoke = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--overlay') o.overlay = true;
    else if (a === '--no-docs' || a === '--no-readme') o.docs = false;
    else if (a === '--out') {
      const dir = argv[++i];
      if (!dir) throw new Error('--out needs a directory');
      o.out = dir;
    } else if (a === '--orders') sizes.orders = num();
    else if (a === '--products') sizes.products = num();
    else if (a === '--links') sizes.links = num();
    else if (a === '--pending') sizes.uiOrders = num();
    else if (a === '--loads') sizes.loads = num();
    else if (a === '--imports') sizes.imports = num();
    else if (a === '--polls') sizes.polls = num();
    else if (a === '--help' || a === '-h') {
      console.log(
        'Usage: npm run bench -- [--smoke] [--overlay] [--no-build] [--orders N] [--products N] [--links N] [--pending N] [--loads N] [--imports N] [--polls N] [--out DIR] [--no-docs]',
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${a} (try --help)`);
  }
  const cfg = { ...(o.smoke ? SMOKE : FULL), ...sizes };
  // The document keeps the figures of a full run at the default sizes only.
  const full = !o.smoke && !o.overlay && Object.keys(sizes).length === 0;
  return { ...o, full, cfg };
}

// ---- small statistics ------------------------------------------------------------------------------
const sorted = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b);
/** @param {number[]} xs @param {number} q */
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  const pos = (s.length - 1) * q;
  const lo = /** @type {number} */ (s[Math.floor(pos)]);
  const hi = /** @type {number} */ (s[Math.ceil(pos)]);
  return lo + (hi - lo) * (pos - Math.floor(pos));
}
const median = (/** @type {number[]} */ xs) => quantile(xs, 0.5);
const round = (/** @type {number} */ x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (/** @type {unknown[]} */ ...a) => console.log('[bench]', ...a);

// ---- the extension, driven through its own messages -------------------------------------------------
/** @param {Browser} b */
async function extensionDriver(b) {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  /** @type {Send} */
  const send = async (msg) => {
    const reply = await page.evaluate((m) => /** @type {any} */ (globalThis).chrome.runtime.sendMessage(m), msg);
    if (!reply?.ok) throw new Error(`${msg.type}: ${reply?.error ?? 'no answer'}`);
    return reply.data;
  };
  return { page, send };
}

/**
 * The poll alarm's first firing an hour away (saving the settings schedules it a minute away):
 * no poll runs beside what is measured; the benchmark fires the polls it measures itself.
 * @param {import('playwright-core').Page} page an extension page
 */
async function postponePoll(page) {
  for (let i = 0; i < 50; i++) {
    const later = await page.evaluate(async () => {
      const alarms = /** @type {any} */ (globalThis).chrome.alarms;
      await alarms.create('bigcartel-poll', { delayInMinutes: 60, periodInMinutes: 60 });
      await new Promise((r) => setTimeout(r, 100));
      const a = await alarms.get('bigcartel-poll');
      return !!a && a.scheduledTime > Date.now() + 50 * 60_000;
    });
    if (later) return;
  }
  throw new Error('The poll alarm could not be moved an hour away');
}

/** @param {Send} send @param {Record<string, unknown>} settings */
async function connect(send, settings) {
  await send({ type: 'saveSettings', settings });
  await send({
    type: 'saveCredentials',
    bigcartel: {
      kind: 'basic',
      subdomain: SANDBOX_CREDENTIALS.bigcartel.subdomain,
      password: SANDBOX_CREDENTIALS.bigcartel.password,
    },
    inkthreadable: {
      appId: SANDBOX_CREDENTIALS.inkthreadable.appId,
      secretKey: SANDBOX_CREDENTIALS.inkthreadable.secretKey,
    },
  });
}

/** Requests the sandbox received, by service; Big Cartel's catalogue reads counted apart from the orders. */
/** @param {Sb} sb */
async function requestCounts(sb) {
  /** @type {{ service: string, path: string }[] | { requests: { service: string, path: string }[] }} */
  const all = await control(sb, 'GET', '/requests');
  const list = Array.isArray(all) ? all : all.requests;
  const bc = list.filter((r) => r.service === 'bc');
  const catalogue = bc.filter((r) => /\/products(?:\/|$|\?)/.test(r.path)).length;
  return { bc: bc.length - catalogue, catalogue, ink: list.filter((r) => r.service === 'ink').length };
}

/**
 * The daily rescan's cost: the stored sync record is set as if the last rescan were a day old
 * (the one change made to the extension's storage), then the poll alarm fires; the figure is the
 * Big Cartel order requests the sandbox received, less the poll's own one.
 */
/** @param {Sb} sb @param {import('playwright-core').Worker} worker */
async function measureRescan(sb, worker) {
  await syncRecord(worker, new Date(Date.now() - 25 * 3_600_000).toISOString());
  await control(sb, 'DELETE', '/requests');
  await worker.evaluate(() => performance.clearMarks());
  const firedAt = await worker.evaluate(() => Date.now());
  await worker.evaluate(() =>
    /** @type {any} */ (globalThis).chrome.alarms.create('bigcartel-poll', { when: Date.now() }),
  );
  const p0 = performance.now();
  let done = false;
  while (!done && performance.now() - p0 < 120_000) {
    done = await worker.evaluate(() => {
      const s = performance.getEntriesByName('ink:poll:start')[0];
      const e = performance.getEntriesByName('ink:poll:end')[0];
      return !!(s && e && e.startTime >= s.startTime);
    });
    if (!done) await new Promise((r) => setTimeout(r, 50));
  }
  if (!done) throw new Error('The poll with the rescan did not finish within two minutes');
  const c = await requestCounts(sb);
  // The worker's own record of it: a poll that did not rescan (its record still a day old) is
  // reported as such, not as a rescan that cost nothing.
  const sync = await syncRecord(worker);
  const s = /** @type {{ phase?: string, lastRescanAt?: string, rescanRequests?: number } | undefined} */ (sync);
  if (c.bc - 1 < 1 || s?.rescanRequests === undefined || !s.lastRescanAt || Date.parse(s.lastRescanAt) < firedAt)
    throw new Error(
      `The poll did not run the daily rescan (sync phase ${s?.phase}, last rescan ${s?.lastRescanAt}; ${c.bc} order requests)`,
    );
  console.log(`rescan: ${c.bc - 1} order requests at the sandbox, ${s?.rescanRequests} by the worker's count`);
  return c.bc - 1;
}

/**
 * The worker's sync record, read from its database in the worker; with `lastRescanAt`, that field
 * set first (the one change the benchmark makes to the extension's storage).
 * @param {import('playwright-core').Worker} worker @param {string} [lastRescanAt]
 * @returns {Promise<unknown>}
 */
function syncRecord(worker, lastRescanAt) {
  return worker.evaluate(
    (at) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('inkthreadable-overlay');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('meta', at ? 'readwrite' : 'readonly');
          const store = tx.objectStore('meta');
          const get = store.get('sync');
          /** @type {unknown} */
          let record;
          get.onsuccess = () => {
            record = get.result;
            if (!record) return reject(new Error('no sync record'));
            if (at) {
              record = { .../** @type {object} */ (record), lastRescanAt: at };
              store.put(record, 'sync');
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve(record);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    lastRescanAt,
  );
}

/**
 * The order views the worker keeps in storage.session for the order pages' first draw: how many,
 * and the bytes they take of the area's 10 MB quota, once the writer has settled (two readings a
 * second apart agree).
 * @param {import('playwright-core').Worker} worker
 * @returns {Promise<{ views: number, bytes: number }>}
 */
async function sessionViews(worker) {
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const r = await worker.evaluate(async () => {
      const area = /** @type {any} */ (globalThis).chrome.storage.session;
      const all = await area.get(null);
      return {
        views: Object.keys(all).filter((k) => k.startsWith('view:')).length,
        bytes: Number(await area.getBytesInUse(null)),
      };
    });
    if (r.views === last) return r;
    last = r.views;
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error('The order views in storage.session did not settle within two minutes');
}

/** The JS heap of the service worker, after a garbage collection, read over the DevTools protocol. */
/** @param {Browser} b */
async function workerHeap(b) {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const t = targetInfos.find((x) => x.type === 'service_worker' && x.url.includes(String(b.extensionId)));
    if (!t) throw new Error('The service worker is not running');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
    let id = 0;
    /** @type {Map<number, (m: any) => void>} */
    const waiting = new Map();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
    /** @param {string} method @param {object} [params] @returns {Promise<any>} */
    const call = (method, params = {}) =>
      new Promise((res) => {
        const n = ++id;
        waiting.set(n, res);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    if (!usage.result) throw new Error(`Runtime.getHeapUsage: ${JSON.stringify(usage.error)}`);
    return usage.result.usedSize;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

// ---- bundles -------------------------------------------------------------------------------------
// Every bundle with the chunks it imports, gzipped, read from the build output by the module the
// size budgets (`npm run size`) use too: the benchmark reports the same figures the tests judge.

// ---- the worker, stopped as Chrome stops it after 30 s idle ----------------------------------------
/** Stops the extension's service worker over the DevTools protocol and waits until it is gone. */
/** @param {Browser} b */
async function stopWorker(b) {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  try {
    const workers = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.filter(
        (t) => t.type === 'service_worker' && t.url.includes(String(b.extensionId)),
      );
    // An event may start it again at once (the poll alarm's first firing, a minute after
    // connecting): each worker seen is closed, until none has been seen for 300 ms.
    const closed = new Set();
    const t0 = performance.now();
    let quietSince = performance.now();
    while (performance.now() - quietSince < 300) {
      const running = await workers();
      if (running.length) quietSince = performance.now();
      for (const t of running)
        if (!closed.has(t.targetId)) {
          closed.add(t.targetId);
          await cdp.send('Target.closeTarget', { targetId: t.targetId }).catch(() => {});
        }
      if (performance.now() - t0 > 10_000)
        throw new Error(`The service worker did not stop within 10 s (${closed.size} closed, ${running.length} left)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/** Whether the extension's service worker is running now. */
/** @param {Browser} b */
async function workerRunning(b) {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  try {
    return (await cdp.send('Target.getTargets')).targetInfos.some(
      (t) => t.type === 'service_worker' && t.url.includes(String(b.extensionId)),
    );
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

// ---- phases --------------------------------------------------------------------------------------
/** First import of a large store in a fresh profile; then polls with nothing new; then the worker's heap. */
/**
 * @typedef {{ seconds: number, bcRequests: number, catalogueRequests: number, inkRequests: number,
 *   stored: number, pending: number, links: unknown, store: any,
 *   polls?: { ms: number, requests: number }[], rescanRequests?: number, heapBytes?: number,
 *   sessionViews?: { views: number, bytes: number } }} ImportRun
 */
/** @param {Cfg} cfg @param {boolean} withPolls @returns {Promise<ImportRun>} */
async function importPhase(cfg, withPolls) {
  const seed = {
    large: {
      orders: cfg.orders,
      products: cfg.products,
      years: 2,
      seed: 1,
      unshipped: 1,
      linked: cfg.links,
      unlinkedShare: 0.2,
    },
  };
  const sb = await startSandbox({ seed });
  const b = await launchBrowser(sb);
  try {
    const { page: driver, send } = await extensionDriver(b);
    /** @type {object[]} */
    const links = await control(sb, 'GET', '/links');
    // The links as the options page sends them after reading a links file.
    const imported = await send({ type: 'importLinks', links: links.map((l) => ({ neverFulfil: false, ...l })) });
    const since = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString().slice(0, 10);
    // The hourly poll, its first firing an hour away: the alarm stays out of what is measured.
    await connect(send, { importSince: since, autoSend: true, notifications: false, pollMinutes: 60 });
    await postponePoll(driver);
    const unshipped = /** @type {{ bc: any }} */ (await control(sb, 'GET', '/state')).bc;
    await control(sb, 'DELETE', '/requests');
    const t0 = performance.now();
    await send({ type: 'syncNow' });
    const seconds = (performance.now() - t0) / 1000;
    const counts = await requestCounts(sb);
    const needs = await send({ type: 'listOrders', view: 'needsAction', offset: 0, limit: 1 });
    const status = await send({ type: 'getStatus' });
    /** @type {ImportRun} */
    const run = {
      seconds,
      bcRequests: counts.bc,
      catalogueRequests: counts.catalogue,
      inkRequests: counts.ink,
      stored: needs.total,
      pending: status.pending,
      links: imported,
      store: unshipped,
    };
    if (withPolls) {
      // The regular poll, as the alarm runs it (Sync now also refreshes the catalogue): fire the
      // poll alarm at once from the worker, wait for the sync to finish, count what it asked for.
      /** @type {{ ms: number, requests: number }[]} */
      const polls = [];
      run.polls = polls;
      const worker = b.context.serviceWorkers().find((w) => w.url().includes(String(b.extensionId)));
      if (!worker) throw new Error('The service worker is not running');
      // No extension page open (an open settings page reloads its lists after every poll).
      await driver.close();
      for (let i = 0; i < cfg.polls; i++) {
        await control(sb, 'DELETE', '/requests');
        await worker.evaluate(() => performance.clearMarks());
        const p0 = performance.now();
        await worker.evaluate(() =>
          /** @type {any} */ (globalThis).chrome.alarms.create('bigcartel-poll', { when: Date.now() }),
        );
        // The poll's own time, from the worker's marks around it (the alarm itself fires up to a
        // second late: that wait is the browser's, not the poll's).
        /** @type {number | null} */
        let took = null;
        while (took === null && performance.now() - p0 < 60_000) {
          took = await worker.evaluate(() => {
            const s = performance.getEntriesByName('ink:poll:start')[0];
            const e = performance.getEntriesByName('ink:poll:end')[0];
            return s && e && e.startTime >= s.startTime ? e.startTime - s.startTime : null;
          });
          if (took === null) await new Promise((r) => setTimeout(r, 20));
        }
        if (took === null) throw new Error('The poll did not finish within a minute');
        const c = await requestCounts(sb);
        polls.push({ ms: took, requests: c.bc + c.catalogue + c.ink });
      }
      // The daily rescan of every unshipped order: make it due (as a day later), run one poll,
      // count the order-list requests the sandbox received beyond the poll's own one.
      run.rescanRequests = await measureRescan(sb, worker);
      run.heapBytes = await workerHeap(b);
      run.sessionViews = await sessionViews(worker);
    }
    return run;
  } finally {
    await b.close();
    await sb.close();
  }
}

/** One load of an order page with n items: from the content script's start to every mark drawn. */
/**
 * @typedef {{ ms: number, ownMs: number | null, answerMs: number | null, parsedMs: number | null,
 *   placed: number, unplaced: number, marks: number }} OverlaySample
 */
/** @param {import('playwright-core').Page} page @param {string} url @param {number} n @returns {Promise<OverlaySample>} */
async function overlayLoad(page, url, n) {
  await page.goto(url, { waitUntil: 'load' });
  const m = await page.waitForFunction(
    () => {
      const start = performance.getEntriesByName('ink:overlay:start')[0];
      const order = performance.getEntriesByName('ink:overlay:order')[0];
      const done = performance.getEntriesByName('ink:overlay:marks-done')[0];
      const nav = /** @type {PerformanceNavigationTiming | undefined} */ (
        performance.getEntriesByType('navigation')[0]
      );
      return start && done
        ? {
            ms: done.startTime - start.startTime,
            // after the order's answer: the overlay's own reading of the page and drawing
            ownMs: order ? done.startTime - Math.max(order.startTime, 0) : null,
            answerMs: order ? order.startTime - start.startTime : null,
            parsedMs: nav ? nav.domInteractive - start.startTime : null,
            detail: /** @type {PerformanceMark} */ (done).detail,
          }
        : null;
    },
    null,
    { timeout: 20_000, polling: 50 },
  );
  const r = await m.jsonValue();
  if (!r) throw new Error('The overlay was not measured');
  if (r.detail.placed + r.detail.unplaced !== n)
    throw new Error(`The overlay showed ${r.detail.placed + r.detail.unplaced} of ${n} items`);
  // The overlay's roots are closed: read them as the inspector does, once the timing is taken.
  await exposeClosedRootsOnce(page.context(), page);
  const marks = await page
    .getByRole('img', { name: /^(Linked to Inkthreadable|Not linked|Never fulfilled by Inkthreadable)$/ })
    .count();
  return {
    ms: r.ms,
    ownMs: r.ownMs,
    answerMs: r.answerMs,
    parsedMs: r.parsedMs,
    placed: r.detail.placed,
    unplaced: r.detail.unplaced,
    marks,
  };
}

/** Order pages with many items, the page with and without the extension, the popup with many orders waiting. */
/**
 * @typedef {{ overlay: Record<number, OverlaySample[]>, pageLoad: { with: number[], without: number[] },
 *   popup: number[], pending: number, coldWorker: OverlaySample[], dialog: number[] }} UiRun
 */
/** @param {Cfg} cfg @param {boolean} [overlayOnly] stop after the order page's loads @returns {Promise<UiRun>} */
async function uiPhase(cfg, overlayOnly = false) {
  const seed = {
    large: {
      orders: cfg.uiOrders - cfg.items.length,
      products: cfg.products,
      years: 2,
      seed: 2,
      unshipped: 1,
      itemOrders: cfg.items,
    },
  };
  const sb = await startSandbox({ seed });
  const b = await launchBrowser(sb);
  const plain = await launchBrowser(sb, { extension: false });
  // pending, coldWorker and dialog are filled in below, in this order (the order details.json keeps)
  /** @type {{ overlay: UiRun['overlay'], pageLoad: UiRun['pageLoad'], popup: number[] }} */
  const start = { overlay: {}, pageLoad: { with: [], without: [] }, popup: [] };
  const out = /** @type {UiRun} */ (start);
  try {
    const { page: driver, send } = await extensionDriver(b);
    const since = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString().slice(0, 10);
    await connect(send, { importSince: since, autoSend: true, notifications: false, pollMinutes: 60 });
    await postponePoll(driver);
    await send({ type: 'syncNow' });
    out.pending = (await send({ type: 'getStatus' })).pending;

    // The overlay: from the content script's start to every mark in the DOM, the order already stored.
    const page = await b.context.newPage();
    for (const n of cfg.items) {
      const url = `https://my.bigcartel.com/orders/MOTH-ITEMS-${n}`;
      const samples = [];
      for (let i = 0; i < cfg.loads + 1; i++) {
        const s = await overlayLoad(page, url, n);
        // the first load warms the caches
        if (i > 0) samples.push(s);
      }
      out.overlay[n] = samples;
    }

    // The same order page after the worker was stopped, as Chrome stops it after 30 s idle: the
    // overlay's first message starts it again, and the worker's caches start empty.
    out.coldWorker = [];
    {
      const n = /** @type {number} */ (cfg.items[0]);
      const url = `https://my.bigcartel.com/orders/MOTH-ITEMS-${n}`;
      for (let i = 0; i < cfg.loads; i++) {
        await page.goto('about:blank');
        await stopWorker(b);
        if (await workerRunning(b))
          throw new Error('The service worker started again before the order page was opened');
        out.coldWorker.push(await overlayLoad(page, url, n));
      }
    }
    if (overlayOnly) return out;

    // The link dialog's first open on a page (its module loaded then): from the click to the form.
    out.dialog = [];
    for (let i = 0; i < cfg.loads + 1; i++) {
      await page.goto(`https://my.bigcartel.com/orders/MOTH-ITEMS-${cfg.items[0]}`, { waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('ink:overlay:marks-done').length > 0, null, {
        timeout: 20_000,
        polling: 50,
      });
      // The driver finds the button through the closed roots before the clock starts.
      await exposeClosedRootsOnce(page.context(), page);
      // A real click (the overlay acts on the merchant's own input only): the page notes when it
      // came and looks for the dialog from then on.
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.__inkClickAt = null;
        w.__inkDialogAt = null;
        document.addEventListener('click', () => (w.__inkClickAt ??= performance.now()), { capture: true, once: true });
        // The dialog's root is closed: it marks the timeline when it is drawn.
        const look = () => {
          const drawn = performance.getEntriesByName('ink:dialog:open').at(-1);
          if (drawn && w.__inkClickAt !== null && drawn.startTime >= w.__inkClickAt) w.__inkDialogAt = drawn.startTime;
          else setTimeout(look, 0);
        };
        look();
      });
      await page
        .getByRole('button', { name: /^(Link product|Edit link)$/ })
        .first()
        .click();
      await page.waitForFunction(() => /** @type {any} */ (window).__inkDialogAt !== null, null, {
        timeout: 10_000,
        polling: 50,
      });
      const h = await page.evaluate(
        () => /** @type {any} */ (window).__inkDialogAt - /** @type {any} */ (window).__inkClickAt,
      );
      if (i > 0) out.dialog.push(h);
    }

    // The same admin page with and without the extension, loads interleaved.
    const plainPage = await plain.context.newPage();
    const url = `https://my.bigcartel.com/orders/MOTH-ITEMS-${cfg.items[0]}`;
    const loadTime = async (/** @type {import('playwright-core').Page} */ p) => {
      await p.goto(url, { waitUntil: 'load' });
      return p.evaluate(
        () => /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]).loadEventEnd,
      );
    };
    await loadTime(page);
    await loadTime(plainPage);
    for (let i = 0; i < cfg.pageLoads; i++) {
      out.pageLoad.with.push(await loadTime(page));
      out.pageLoad.without.push(await loadTime(plainPage));
    }

    // The popup: first render with its data, many orders waiting.
    for (let i = 0; i < cfg.popupLoads + 1; i++) {
      const p = await b.context.newPage();
      await p.goto(`chrome-extension://${b.extensionId}/popup.html`);
      const h = await p.waitForFunction(
        () => performance.getEntriesByName('ink:popup:rendered')[0]?.startTime ?? null,
        null,
        { timeout: 20_000, polling: 20 },
      );
      const ms = /** @type {number} */ (await h.jsonValue());
      if (i > 0) out.popup.push(ms);
      await p.close();
    }
  } finally {
    await plain.close();
    await b.close();
    await sb.close();
  }
  return out;
}

// ---- report --------------------------------------------------------------------------------------
/** @type {Record<string, { max?: number, eq?: number, text: string } | null>} */
const TARGETS = {
  'import.orders': null,
  'import.seconds': { max: 30, text: '< 30 s for 10,000' },
  'import.requests': { text: '= import.minRequests' },
  'import.minRequests': null,
  'import.inkRequests': { eq: 0, text: '0' },
  'poll.requests': { eq: 1, text: '1' },
  'poll.ms': null,
  'rescan.requests': { text: 'rescan.minRequests to + 1 (once a day)' },
  'rescan.minRequests': null,
  'overlay.items50.p50ms': { max: 25, text: '<= 25' },
  'overlay.items50.p95ms': null,
  'overlay.items200.p50ms': { max: 50, text: '<= 50' },
  'overlay.coldWorker.p50ms': { max: 40, text: '<= 40 (50 items, worker stopped)' },
  'pageLoad.ratio': { max: 1.05, text: '<= 1.05' },
  'popup.pending': { text: '2,000' },
  'popup.firstRenderMs': { max: 100, text: '<= 100' },
  // the budgets `npm run size` enforces
  'bundle.contentGz': { max: BUDGETS.content, text: `<= ${BUDGETS.content / 1024} KB` },
  'bundle.dialogGz': { max: BUDGETS.linkDialog, text: `<= ${BUDGETS.linkDialog / 1024} KB` },
  'bundle.popupGz': { max: BUDGETS.popup, text: `<= ${BUDGETS.popup / 1024} KB` },
  'bundle.optionsGz': { max: BUDGETS.options, text: `<= ${BUDGETS.options / 1024} KB` },
  'bundle.backgroundGz': { max: BUDGETS.background, text: `<= ${BUDGETS.background / 1024} KB` },
  'worker.heapBytes': { max: 30 * 1024 * 1024, text: '<= 30 MB' },
  // every order not shipped has its view for the first draw, inside storage.session's quota
  'views.stored': { text: '= import.orders' },
  'views.sessionBytes': { max: 10 * 1024 * 1024, text: '<= 10 MB (the quota)' },
};

/** @param {string} key @param {any} value @param {Record<string, any>} results */
function verdict(key, value, results) {
  const t = TARGETS[key];
  if (!t) return '';
  if (key === 'import.requests') return value === results['import.minRequests'] ? 'met' : 'missed';
  // One page more than the fewest when orders share an updated_at (the page after them starts by
  // offset). Fewer than the fewest means it did not read every unshipped order.
  if (key === 'rescan.requests') {
    const min = results['rescan.minRequests'];
    return value >= min && value <= min + 1 ? 'met' : 'missed';
  }
  if (key === 'popup.pending') return '';
  if (key === 'views.stored') return value === results['import.orders'] ? 'met' : 'missed';
  if (t.eq !== undefined) return value === t.eq ? 'met' : 'missed';
  if (t.max !== undefined) return value <= t.max ? 'met' : 'missed';
  return '';
}

/** @param {string} key @param {unknown} v */
function show(key, v) {
  if (typeof v !== 'number') return String(v);
  if (key.startsWith('bundle.')) return `${(v / 1024).toFixed(1)} KB`;
  if (key === 'worker.heapBytes' || key === 'views.sessionBytes') return `${(v / 1024 / 1024).toFixed(1)} MB`;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(round(v, 2));
  return String(v);
}

/**
 * @typedef {{ date: string, machine: string, chromium: string, commit: string, treeClean: boolean,
 *   catalogueRequests: number, importSeconds: number[], pageReportGz: number, dialogMs: number, sizes: string,
 *   overlay: { answer50: number, parsed50: number, own50: number, own200: number, coldAnswer50: number } }} Meta
 */
/** @param {Record<string, unknown>} results @param {Meta} meta */
function markdown(results, meta) {
  const lines = [
    `Measured ${meta.date} at commit \`${meta.commit}\`${meta.treeClean ? '' : ' with uncommitted changes'} on ${meta.machine}, Chromium ${meta.chromium}; ${meta.sizes}.`,
    '',
    `Overlay, median per load: the content script started ${meta.overlay.parsed50 < 0 ? `${-meta.overlay.parsed50} ms after the page was parsed` : `${meta.overlay.parsed50} ms before the page was parsed`}; the order's answer was in hand, and the page loaded, ${meta.overlay.answer50} ms after the start (50 items); the overlay's own work then (reading the page, placing and drawing every mark) took ${meta.overlay.own50} ms for 50 items and ${meta.overlay.own200} ms for 200. With the worker stopped before each load (as Chrome stops it after 30 s idle), the answer came ${meta.overlay.coldAnswer50} ms after the start.`,
    '',
    `\`bundle.contentGz\` is the content script every admin page runs. The link dialog is a module of its own (\`bundle.dialogGz\`) that the content script loads the first time the merchant opens the dialog on a page: the form was there ${meta.dialogMs} ms after the click (median of first opens). The page report's module, loaded the same way when the merchant asks for a report, is ${show('bundle.', meta.pageReportGz)} gzipped.`,
    '',
    `\`import.requests\` counts the account and order-list requests; the same first sync also read the product catalogue in ${meta.catalogueRequests} requests (one per 100 products), and the import took ${meta.importSeconds.map((x) => `${round(x, 1)} s`).join(', ')}.`,
    '',
    '| Figure | Value | Target | |',
    '|---|---:|---|---|',
  ];
  for (const key of Object.keys(TARGETS)) {
    lines.push(
      `| \`${key}\` | ${show(key, results[key])} | ${TARGETS[key]?.text ?? ''} | ${verdict(key, results[key], results)} |`,
    );
  }
  return lines.join('\n');
}

/** The commit checked out, and whether the tree matches it (untracked files count; ignored ones do not). */
function gitStamp() {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0 || status.status !== 0)
    throw new Error(`git could not say which commit is measured: ${head.stderr || status.stderr}`);
  return { commit: head.stdout.trim(), treeClean: status.stdout.trim() === '' };
}

// ---- main ----------------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { cfg } = opts;
  if (opts.build || !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    log('building the production extension');
    const r = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('The build failed');
  }
  // What is measured: the commit, and whether the tree held changes beyond it (read before the build).
  const stamp = gitStamp();
  if (!stamp.treeClean) log('the tree has uncommitted changes: the results say so, and the docs keep their table');
  const chromiumPath = findChromium();
  const chromiumVersion = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^\D+/, '');

  if (opts.overlay) return overlayOnly(cfg, stamp);
  log('bundle sizes');
  const bundles = bundleSizes(EXTENSION_DIR);

  /** @type {ImportRun[]} */
  const imports = [];
  for (let i = 0; i < cfg.imports; i++) {
    log(`import ${i + 1}/${cfg.imports}: ${cfg.orders} orders, ${cfg.products} products, ${cfg.links} links`);
    const run = await importPhase(cfg, i === cfg.imports - 1);
    imports.push(run);
    log(
      `  ${round(run.seconds, 2)} s, ${run.bcRequests} Big Cartel order requests (+${run.catalogueRequests} for the catalogue), ${run.inkRequests} Inkthreadable requests, ${run.stored} orders waiting`,
    );
  }
  const last = imports[imports.length - 1];
  const polls = last?.polls;
  if (!last || !polls || last.rescanRequests === undefined || last.heapBytes === undefined || !last.sessionViews)
    throw new Error('The last import did not measure the polls, the rescan, the heap and the stored views');
  log(`ui: ${cfg.uiOrders} orders waiting, pages with ${cfg.items.join(' and ')} items`);
  const ui = await uiPhase(cfg);

  const orders = last.store.orders ?? cfg.orders;
  const items50 = ui.overlay[50] ?? [];
  const items200 = ui.overlay[200] ?? [];
  const results = {
    'import.orders': last.stored,
    'import.seconds': round(median(imports.map((r) => r.seconds)), 2),
    'import.requests': median(imports.map((r) => r.bcRequests)),
    'import.minRequests': 1 + Math.ceil(orders / 100),
    'import.inkRequests': Math.max(...imports.map((r) => r.inkRequests)),
    'poll.requests': median(polls.map((p) => p.requests)),
    'poll.ms': round(median(polls.map((p) => p.ms)), 1),
    'rescan.requests': last.rescanRequests,
    // A keyset read: each page after the first starts at the last order seen (Big Cartel's
    // updated_at_from is inclusive, so an order moved meanwhile is not skipped) and brings 99 new.
    'rescan.minRequests': Math.ceil(orders / 99),
    'overlay.items50.p50ms': round(median(items50.map((s) => s.ms)), 1),
    'overlay.items50.p95ms': round(
      quantile(
        items50.map((s) => s.ms),
        0.95,
      ),
      1,
    ),
    'overlay.items200.p50ms': round(median(items200.map((s) => s.ms)), 1),
    'overlay.coldWorker.p50ms': round(median(ui.coldWorker.map((s) => s.ms)), 1),
    'pageLoad.ratio': round(median(ui.pageLoad.with) / median(ui.pageLoad.without), 3),
    'popup.pending': ui.pending,
    'popup.firstRenderMs': round(median(ui.popup), 1),
    'bundle.contentGz': bundles.content.bytes,
    'bundle.dialogGz': bundles.linkDialog.bytes,
    'bundle.popupGz': bundles.popup.bytes,
    'bundle.optionsGz': bundles.options.bytes,
    'bundle.backgroundGz': bundles.background.bytes,
    'worker.heapBytes': last.heapBytes,
    'views.stored': last.sessionViews.views,
    'views.sessionBytes': last.sessionViews.bytes,
    // what was measured
    'run.commit': stamp.commit,
    'run.treeClean': stamp.treeClean,
    'run.chromium': chromiumVersion,
  };
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.versions.node}`,
    chromium: chromiumVersion,
    commit: stamp.commit,
    treeClean: stamp.treeClean,
    catalogueRequests: last.catalogueRequests,
    overlay: {
      answer50: round(median(items50.map((x) => x.answerMs ?? NaN)), 1),
      parsed50: round(median(items50.map((x) => x.parsedMs ?? NaN)), 1),
      own50: round(median(items50.map((x) => x.ownMs ?? NaN)), 1),
      own200: round(median(items200.map((x) => x.ownMs ?? NaN)), 1),
      coldAnswer50: round(median(ui.coldWorker.map((x) => x.answerMs ?? NaN)), 1),
    },
    importSeconds: imports.map((r) => r.seconds),
    pageReportGz: bundles.pageReport.bytes,
    dialogMs: round(median(ui.dialog), 1),
    sizes: `${cfg.orders.toLocaleString('en-GB')} orders (all unshipped) over 2 years, ${cfg.products.toLocaleString('en-GB')} products, ${cfg.links.toLocaleString('en-GB')} links, 20% of orders with an unlinked item; medians of ${cfg.imports} imports, ${cfg.polls} polls, ${cfg.loads} overlay loads (warm and cold each), ${cfg.pageLoads} page loads each way, ${cfg.popupLoads} popup opens${opts.smoke ? ' (smoke run)' : ''}`,
  };
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  // details.bundles.dialog: the link dialog's module (the name the reports have always used)
  const { linkDialog, ...others } = bundles;
  writeFileSync(
    join(opts.out, 'details.json'),
    `${JSON.stringify({ meta, cfg, bundles: { ...others, dialog: linkDialog }, imports, ui }, null, 2)}\n`,
  );
  const table = markdown(results, meta);
  writeFileSync(join(opts.out, 'results.md'), `${table}\n`);
  console.log(`\n${table}\n`);
  if (!opts.docs) log('docs/PERFORMANCE.md left as it was (--no-docs)');
  else if (!opts.full)
    log('docs/PERFORMANCE.md left as it was: only a full run at the default sizes replaces its table');
  else if (!stamp.treeClean)
    log(
      'docs/PERFORMANCE.md left as it was: the tree had uncommitted changes, so no commit describes what was measured',
    );
  else {
    const docPath = join(ROOT, 'docs/PERFORMANCE.md');
    const doc = readFileSync(docPath, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const a = doc.indexOf(start);
    const z = doc.indexOf(end);
    if (a < 0 || z < a) log('docs/PERFORMANCE.md has no bench markers: table not copied');
    else {
      writeFileSync(docPath, `${doc.slice(0, a + start.length)}\n${table}\n${doc.slice(z)}`);
      log(`docs/PERFORMANCE.md table replaced (commit ${stamp.commit})`);
    }
  }
  log(`results in ${join(opts.out, 'results.json')}`);
}

/**
 * `--overlay`: the order page's figures alone (a before/after of a change to the overlay without
 * the imports' minutes), printed with the commit; nothing is written.
 * @param {Cfg} cfg @param {{ commit: string, treeClean: boolean }} stamp
 */
async function overlayOnly(cfg, stamp) {
  log(`overlay: ${cfg.uiOrders} orders waiting, pages with ${cfg.items.join(' and ')} items`);
  const ui = await uiPhase(cfg, true);
  const ms = (/** @type {OverlaySample[]} */ xs, /** @type {'ms' | 'answerMs'} */ k) =>
    round(median(xs.map((s) => s[k] ?? NaN)), 1);
  const figures = {
    'overlay.items50.p50ms': ms(ui.overlay[50] ?? [], 'ms'),
    'overlay.items200.p50ms': ms(ui.overlay[200] ?? [], 'ms'),
    'overlay.coldWorker.p50ms': ms(ui.coldWorker, 'ms'),
    'overlay.items50.answerMs': ms(ui.overlay[50] ?? [], 'answerMs'),
    'overlay.coldWorker.answerMs': ms(ui.coldWorker, 'answerMs'),
    'run.commit': stamp.commit,
    'run.treeClean': stamp.treeClean,
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((err) => {
  console.error('[bench] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
