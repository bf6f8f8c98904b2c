/**
 * The order page's first draw without waiting for the worker: its view as the worker keeps it in
 * storage.session (lib/first-draw.ts), read at once and followed while the page is open. Where a
 * content script cannot read storage.session (Firefox; Chrome before the worker opened it), or the
 * order has no view there, undefined: the page asks the worker, as before.
 */
import { browser } from 'wxt/browser';
import { decodeView, viewKey } from '../first-draw';
import type { OrderView } from '../views';

/** The order's stored view; `onView` gets every view written for it while `signal` is not aborted. */
export function storedView(
  orderId: string,
  onView: (v: OrderView) => void,
  signal: AbortSignal,
): Promise<OrderView | undefined> {
  const key = viewKey(orderId);
  // Only storage.session holds `view:` keys.
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    const v = decodeView(changes[key]?.newValue);
    if (v) onView(v);
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener));
  const read = async () => decodeView((await browser.storage.session.get(key))[key]);
  return read().catch(() => undefined);
}
