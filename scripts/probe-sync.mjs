// A probe of the first import and the quiet poll: the production build in Chromium against the
// loopback sandbox, with a store of N orders (every one unshipped, 80% with every item linked and
// paid: each would be sendable but for the import's hold). While the import runs, the poll alarm
// is fired (as Chrome fires it on schedule, whatever the import is doing): the imported orders
// must stay held and the running pass must be left alone, so Inkthreadable gets no request.
//
//   node scripts/probe-sync.mjs                 10,000 orders (builds first)
//   node scripts/probe-sync.mjs --orders 2000 --no-build
//
// Prints the import's time, the requests per service during it (Big Cartel order pages, its
// catalogue pages, Inkthreadable), then a quiet poll's time and requests. Exits 1 when
// Inkthreadable was asked anything during the import.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { control } from '../sandbox/control.mjs';
import { SANDBOX_CREDENTIALS, startSandbox } from '../sandbox/server.mjs';
import { EXTENSION_DIR, ROOT, launchBrowser } from './lib/chromium.mjs';

const args = process.argv.slice(2);
const ordersAt = args.indexOf('--orders');
const ORDERS = ordersAt >= 0 ? Number(args[ordersAt + 1]) : 10_000;
if (!Number.isInteger(ORDERS) || ORDERS < 1) throw new Error('--orders needs a whole number above 0');
const log = (/** @type {unknown[]} */ ...a) => console.log('[probe]', ...a);

/** Requests the sandbox received since the last reset, by service. */
/** @param {{ httpUrl: string }} sb */
async function counts(sb) {
  /** @type {{ service: string, path: string }[]} */
  const list = await control(sb, 'GET', '/requests');
  const bc = list.filter((r) => r.service === 'bc');
  const catalogue = bc.filter((r) => /\/products(?:\/|$|\?)/.test(r.path)).length;
  const ink = list.filter((r) => r.service === 'ink');
  return { bcOrders: bc.length - catalogue, bcCatalogue: catalogue, ink: ink.length, inkPaths: ink.map((r) => r.path) };
}

/** Fire the poll alarm now, from the worker. */
const firePoll = (/** @type {import('playwright-core').Worker} */ worker) =>
  worker.evaluate(() => /** @type {any} */ (globalThis).chrome.alarms.create('bigcartel-poll', { when: Date.now() }));

/** The last poll's time from the worker's marks, once it has ended (null until then). */
const pollTook = (/** @type {import('playwright-core').Worker} */ worker) =>
  worker.evaluate(() => {
    const s = performance.getEntriesByName('ink:poll:start')[0];
    const e = performance.getEntriesByName('ink:poll:end')[0];
    return s && e && e.startTime >= s.startTime ? e.startTime - s.startTime : null;
  });

/**
 * @template T
 * @param {() => Promise<T | null | false>} fn @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
async function waitFor(fn, ms, what) {
  const t0 = performance.now();
  for (;;) {
    const v = await fn();
    if (v !== null && v !== false) return v;
    if (performance.now() - t0 > ms) throw new Error(`${what} did not happen within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  if (!args.includes('--no-build') || !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    log('building the production extension');
    if (spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0)
      throw new Error('build failed');
  }
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const clean = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() === '';
  const seed = {
    large: { orders: ORDERS, products: 3000, years: 2, seed: 1, unshipped: 1, linked: 5000, unlinkedShare: 0.2 },
  };
  const sb = await startSandbox({ seed });
  const b = await launchBrowser(sb);
  try {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    const send = async (/** @type {{ type: string, [key: string]: unknown }} */ msg) => {
      const reply = await page.evaluate((m) => /** @type {any} */ (globalThis).chrome.runtime.sendMessage(m), msg);
      if (!reply?.ok) throw new Error(`${msg.type}: ${reply?.error ?? 'no answer'}`);
      return reply.data;
    };
    const links = await control(sb, 'GET', '/links');
    // The links as the options page sends them after reading a links file.
    await send({ type: 'importLinks', links: links.map((/** @type {object} */ l) => ({ neverFulfil: false, ...l })) });
    const since = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString().slice(0, 10);
    await send({
      type: 'saveSettings',
      settings: { importSince: since, autoSend: true, notifications: false, pollMinutes: 60 },
    });
    const { bigcartel: bc, inkthreadable: ink } = SANDBOX_CREDENTIALS;
    await send({
      type: 'saveCredentials',
      bigcartel: { kind: 'basic', subdomain: bc.subdomain, password: bc.password },
      inkthreadable: { appId: ink.appId, secretKey: ink.secretKey },
    });
    const worker = b.context.serviceWorkers().find((w) => w.url().includes(String(b.extensionId)));
    if (!worker) throw new Error('no service worker');
    await control(sb, 'DELETE', '/requests');
    const built = process.env.INK_EXTENSION_DIR
      ? `the build in ${EXTENSION_DIR}`
      : `commit ${head}${clean ? '' : ' (uncommitted changes)'}`;
    log(`${built}: first import of ${ORDERS} orders`);
    const t0 = performance.now();
    const importing = send({ type: 'syncNow' });
    importing.catch(() => undefined); // awaited below; a failure meanwhile is reported there
    // The poll alarm fires while the import runs, once its first pages are stored.
    await waitFor(async () => (await counts(sb)).bcOrders >= 3, 60_000, 'the import reading its third page');
    await worker.evaluate(() => performance.clearMarks());
    await firePoll(worker);
    await importing;
    const seconds = (performance.now() - t0) / 1000;
    const during = await counts(sb);
    // Before the fix, that poll sent imported orders beside the import and ran on after it.
    const pollDuring = await waitFor(() => pollTook(worker), 600_000, 'the poll fired during the import');
    const status = await send({ type: 'getStatus' });
    log(`import: ${seconds.toFixed(1)} s, ${status.pending ?? '?'} orders waiting for the merchant`);
    log(
      `  Big Cartel: ${during.bcOrders} order requests (fewest: ${1 + Math.ceil(ORDERS / 100)}), ${during.bcCatalogue} catalogue requests`,
    );
    log(`  Inkthreadable: ${during.ink} requests${during.ink ? ` (${[...new Set(during.inkPaths)].join(', ')})` : ''}`);
    log(`  a poll fired during it ended in ${pollDuring.toFixed(1)} ms`);
    await page.close();
    const polls = [];
    for (let i = 0; i < 3; i++) {
      await control(sb, 'DELETE', '/requests');
      await worker.evaluate(() => performance.clearMarks());
      await firePoll(worker);
      const ms = await waitFor(() => pollTook(worker), 60_000, 'a quiet poll');
      const c = await counts(sb);
      polls.push({ ms, requests: c.bcOrders + c.bcCatalogue + c.ink });
    }
    log(
      `quiet poll: ${polls.map((p) => `${p.ms.toFixed(1)} ms / ${p.requests} request${p.requests === 1 ? '' : 's'}`).join(', ')}`,
    );
    if (during.ink > 0) {
      console.error('[probe] Inkthreadable was asked during the first import');
      process.exitCode = 1;
    }
  } finally {
    await b.close();
    await sb.close();
  }
}

main().catch((err) => {
  console.error('[probe] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
