import { browser } from 'wxt/browser';

export const INKTHREADABLE_PAY_URL = 'https://www.inkthreadable.co.uk/';

/** The order's page in the Big Cartel admin. */
export function adminOrderUrl(adminOrigin: string, orderId: string): string {
  return `${adminOrigin.replace(/\/+$/, '')}/orders/${encodeURIComponent(orderId)}`;
}

/** Open a URL in a new tab (the popup closes by itself when the tab takes focus). */
export function openTab(url: string): void {
  Promise.resolve()
    .then(() => browser.tabs.create({ url }))
    .catch((err: unknown) => console.error('Opening a tab failed', err));
}

export function openSettings(): void {
  Promise.resolve()
    .then(() => browser.runtime.openOptionsPage())
    .catch((err: unknown) => console.error('Opening settings failed', err));
}

/** onClick for an <a href> that should open in a new tab through the tabs API. */
export function newTabClick(url: string) {
  return (e: MouseEvent) => {
    e.preventDefault();
    openTab(url);
  };
}
