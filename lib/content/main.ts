/**
 * The content script's wiring: the features, navigation following (WXT's `wxt:locationchange`),
 * the background's change notices, and cleanup when the extension is reloaded or removed.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ChangedNotice } from '../protocol';
import { createChangeHub, createRunner, type Feature, type Runner } from './runner';
import { MARK_START, orderPageFeature } from './order-page';
import { ordersListFeature } from './orders-list';
import { productPageFeature } from './product-page';
import { mark } from '../marks';

export const FEATURES: readonly Feature[] = [orderPageFeature, ordersListFeature, productPageFeature];

/** How often an orphaned overlay (the extension reloaded or removed) looks for it: cheap, and soon enough. */
const INVALIDATION_CHECK_MS = 1500;

function isChangedNotice(msg: unknown): msg is ChangedNotice {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'ink:changed';
}

export function startOverlay(ctx: ContentScriptContext, doc: Document = document, win: Window = window): Runner {
  mark(MARK_START);
  const hub = createChangeHub();
  const onMessage = (msg: unknown): undefined => {
    if (isChangedNotice(msg))
      hub.emit(Array.isArray(msg.orderIds) ? msg.orderIds.filter((id) => typeof id === 'string') : null);
    // Never answer: replies belong to the background.
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  const runner = createRunner({ features: FEATURES, doc, win, hub });
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    runner.stop();
  });
  // When the extension is reloaded, updated or removed, this script is orphaned: nothing tells it,
  // and with the Navigation API WXT polls nothing. ctx's timers check the extension is still there
  // on every tick and invalidate the context (which removes everything above) when it is not.
  ctx.setInterval(() => undefined, INVALIDATION_CHECK_MS);
  // Where the page is once the navigation has happened, not where it was announced to go: a
  // download (a saved page report, the admin's CSV export) is announced as a navigation too, and
  // leaves the page where it was.
  ctx.addEventListener(win, 'wxt:locationchange', () => {
    ctx.setTimeout(() => runner.navigate(new URL(win.location.href)), 0);
  });
  runner.navigate(new URL(win.location.href));
  return runner;
}
