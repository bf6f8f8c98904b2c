/**
 * Modules the admin pages' content script loads only when the merchant needs them (the link
 * dialog, the page report), so that every admin page does not carry them. Each is web-accessible
 * to the admin pages only (wxt.config.ts); once evaluated in the content script's isolated world
 * it leaves what it offers under a symbol of that world's global object (never the page's).
 */
import { browser } from 'wxt/browser';

const loading = new Map<string, Promise<unknown>>();

/** What an already evaluated module left under `key`, or null. */
export function present<T>(key: symbol): T | null {
  const value = (globalThis as Record<symbol, unknown>)[key];
  return typeof value === 'function' ? (value as T) : null;
}

/** What the module at `path` leaves under `key`: already there, or loaded now from the extension. */
export function loadOnDemand<T>(path: string, key: symbol, failure: string): Promise<T> {
  const ready = present<T>(key);
  if (ready) return Promise.resolve(ready);
  let p = loading.get(path) as Promise<T> | undefined;
  if (!p) {
    p = (async () => {
      // getURL itself throws once the extension has been reloaded under the page.
      await import(/* @vite-ignore */ browser.runtime.getURL(path as '/link-dialog.js'));
      const value = present<T>(key);
      if (!value) throw new Error(failure);
      return value;
    })().catch(() => {
      // A failed load is tried again next time.
      loading.delete(path);
      throw new Error(failure);
    });
    loading.set(path, p);
  }
  return p;
}

/** The page report's module and the key its builder is left under. */
export const REPORT_MODULE = '/page-report.js';
export const REPORT_KEY = Symbol.for('inkthreadable.pageReport');
export const REPORT_LOAD_ERROR =
  'The page could not be saved: the extension may have been updated. Reload the page and try again.';
