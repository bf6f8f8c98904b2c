/**
 * The service worker's wiring: the engine context on real browser APIs, the message router,
 * alarms, badge and notifications. Listeners are registered synchronously at start-up; all
 * state lives in IndexedDB and storage.local (the worker may be stopped at any moment).
 */
import { browser } from 'wxt/browser';
import { z } from '../zod';
import { getDb, getMeta, storageErrorMessage } from './db';
import { badgeText, platformLocks, recompute, type EngineContext } from './engine';
import { badgeCount, badgeTitle, reviewAttention } from './attention';
import { watchBc, watchInk } from './health';
import { handle, UserError } from './handlers';
import { InkClient } from '../inkthreadable';
import { BcClient } from '../bigcartel/client';
import { checkMessage } from './messages';
import { ADMIN_MATCHES, adminOriginOr, isAdminOrderUrl } from '../hosts';
import { processDueSends, sendReady } from './sends';
import { ensureAlarm, POLL_ALARM, tick } from './poll';
import { loadCredentials, loadSettings } from './settings';
import { getStatusMeta } from './sync-meta';
import { setMeta } from './db';
import type { ChangedNotice, Reply } from '../protocol';
import { buildSnapshot, snapshotWriter } from './snapshot';
import { SNAPSHOT_KEY, snapshotArea } from '../snapshot';
import { viewWriter } from './view-store';

async function context(): Promise<EngineContext> {
  const db = await getDb();
  const ctx: EngineContext = {
    db,
    now: () => new Date(),
    settings: loadSettings,
    credentials: loadCredentials,
    // Every answer of either service updates its state (lib/worker/health.ts).
    inkClient: (c) => watchInk(new InkClient(c), ctx),
    bcClient: (c) => watchBc(new BcClient(c), ctx),
    locks: platformLocks(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
    changed: (ids, scope) => changed(db, ids, scope),
    notify,
  };
  return ctx;
}

/** The popup's first screen, rewritten shortly after every change (see lib/worker/snapshot.ts). */
const snapshot = snapshotWriter({
  build: async () => {
    const ctx = await context();
    return buildSnapshot({
      status: () => handle(ctx, { type: 'getStatus' }),
      list: (view, limit) => handle(ctx, { type: 'listOrders', view, offset: 0, limit }),
      settings: () => handle(ctx, { type: 'getSettings' }),
      now: ctx.now,
    });
  },
  write: async (s) => {
    await snapshotArea(browser.storage)?.set({ [SNAPSHOT_KEY]: s });
  },
  setTimer: (fn, ms) => setTimeout(fn, ms),
});

/** The order pages' views in storage.session, once it is open to them (see lib/worker/view-store.ts). */
let sessionOpen = Promise.resolve(false);
const views = viewWriter({
  ctx: context,
  area: browser.storage.session,
  enabled: () => sessionOpen,
  setTimer: (fn, ms) => setTimeout(fn, ms),
});

/** Redraw the badge from stored states and tell open pages what changed. */
async function changed(
  db: Awaited<ReturnType<typeof getDb>>,
  orderIds: string[] | null,
  scope?: 'status',
): Promise<void> {
  snapshot.schedule();
  if (scope !== 'status') {
    views.schedule(orderIds);
    await updateBadge(db);
  }
  const notice: ChangedNotice = { type: 'ink:changed', orderIds };
  // Extension pages (popup, options).
  browser.runtime.sendMessage(notice).catch(() => undefined);
  // Admin tabs with the overlay.
  try {
    const tabs = await browser.tabs.query({ url: ADMIN_MATCHES });
    await Promise.all(
      tabs.map((t) => (t.id === undefined ? undefined : browser.tabs.sendMessage(t.id, notice).catch(() => undefined))),
    );
  } catch {
    /* no admin tabs */
  }
}

/** The badge, derived from storage: orders needing the merchant, overdue, unpaid, refusals. */
async function updateBadge(db: Awaited<ReturnType<typeof getDb>>): Promise<void> {
  const count = await badgeCount(db, new Date(), await loadCredentials());
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ text: badgeText(count.total) });
  await action.setBadgeBackgroundColor({ color: '#c2410c' });
  await action.setTitle({ title: badgeTitle(count) });
}

async function notify(title: string, message: string, orderId: string): Promise<void> {
  const db = await getDb();
  const origin = adminOriginOr(await getMeta<string>(db, 'adminOrigin'));
  await browser.notifications.create(`order:${origin}/orders/${encodeURIComponent(orderId)}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title,
    message,
  });
}

async function startUp(): Promise<void> {
  const ctx = await context();
  const status = await getStatusMeta(ctx.db);
  if (status.syncing) await setMeta(ctx.db, 'status', { ...status, syncing: false });
  await ensureAlarm();
  await recompute(ctx, null);
  await reviewAttention(ctx, { force: true });
  await updateBadge(ctx.db);
  snapshot.schedule();
  await views.start();
  await sendReady(ctx);
  await processDueSends(ctx, { all: true });
}

function logError(what: string) {
  return (err: unknown) => console.error(`Inkthreadable overlay: ${what} failed`, err);
}

/**
 * The credentials live in storage.local, which browsers open to content scripts by default. No
 * content script of this extension reads storage.local (they ask the worker), so Chrome is told to
 * keep it to the extension's own pages and worker. The setting persists; it is asked for at every
 * start. Firefox cannot restrict storage.local yet: there it stays open (and holds no secret).
 * storage.session is the other way round: closed to content scripts unless opened, and opened
 * (where the browser can: Chrome) for the order pages' views, the only thing kept there that a
 * content script reads. (The parameter is not called `storage`: WXT would auto-import its own
 * storage module for that name, 3 KB gzipped in the worker.)
 */
export async function closeStorageToContentScripts(areas: typeof browser.storage = browser.storage): Promise<boolean> {
  return setAccess(areas.local, 'TRUSTED_CONTEXTS');
}

export async function openSessionToContentScripts(areas: typeof browser.storage = browser.storage): Promise<boolean> {
  return setAccess(areas.session, 'TRUSTED_AND_UNTRUSTED_CONTEXTS');
}

async function setAccess(area: unknown, accessLevel: string): Promise<boolean> {
  const a = area as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } | undefined;
  if (typeof a?.setAccessLevel !== 'function') return false;
  try {
    await a.setAccessLevel({ accessLevel });
    return true;
  } catch {
    return false;
  }
}

export function main(): void {
  // The extension's CSP forbids eval: tell zod not to try compiling validators with Function().
  z.config({ jitless: true });
  void closeStorageToContentScripts();
  sessionOpen = openSessionToContentScripts();
  // The browsers' own API (no polyfill): the reply goes through sendResponse, kept open by
  // returning true, which Chrome and Firefox both honour (a returned promise is not in every Chrome).
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse: (reply: Reply<unknown>) => void) => {
    const checked = checkMessage(raw, sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!checked.ok) {
      // Our own broadcasts come back to the worker too: ignore them silently.
      if (typeof raw === 'object' && raw && (raw as { type?: unknown }).type === 'ink:changed') return undefined;
      sendResponse({ ok: false, error: checked.error });
      return undefined;
    }
    void (async (): Promise<Reply<unknown>> => {
      try {
        const ctx = await context();
        return { ok: true, data: await handle(ctx, checked.request) };
      } catch (err) {
        if (err instanceof UserError) return { ok: false, error: err.message };
        console.error('Inkthreadable overlay: request failed', checked.request.type, err);
        if (
          err instanceof DOMException ||
          (err instanceof Error && /IDB|IndexedDB|Quota/i.test(err.name + err.message))
        ) {
          return { ok: false, error: storageErrorMessage(err) };
        }
        return { ok: false, error: 'Something went wrong in the extension; nothing was changed. Try again.' };
      }
    })().then(sendResponse);
    return true;
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM)
      context()
        .then((ctx) => tick(ctx, updateBadge))
        .catch(logError('sync'));
  });

  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith('order:')) return;
    const url = id.slice('order:'.length);
    if (isAdminOrderUrl(url)) {
      browser.tabs.create({ url }).catch(logError('opening the order'));
    }
    browser.notifications.clear(id).catch(() => undefined);
  });

  // storage.local only: a write to storage.session (the order pages' views) must not start a
  // stopped worker again. (The snapshot itself is kept in storage.local in Chrome: its own writes
  // are not a change.)
  browser.storage.local.onChanged.addListener((changes) => {
    if (changes.settings) ensureAlarm().catch(logError('scheduling'));
    if (Object.keys(changes).some((k) => k !== SNAPSHOT_KEY)) snapshot.schedule();
  });

  browser.runtime.onInstalled.addListener(() => {
    startUp().catch(logError('start-up'));
  });
  browser.runtime.onStartup.addListener(() => {
    startUp().catch(logError('start-up'));
  });
  // Every time the worker starts (not only at browser start): alarms may be lost.
  startUp().catch(logError('start-up'));
}
