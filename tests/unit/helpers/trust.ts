/**
 * Whether an event was made by the user (`Event.isTrusted`). happy-dom marks no event, so the
 * unit tests say it: every event a test makes stands for the merchant's own input, except those
 * made inside `asPageScript`, which stand for a page script's or another extension's
 * (`click()`, `dispatchEvent`, `requestSubmit`), as a browser marks them. The e2e suite checks the
 * same in Chromium, where the browser itself marks them.
 */
let pageScripts = 0;

export function markTrustedEvents(): void {
  // Only where events are not marked (happy-dom); Node's own Event (node environment) marks them.
  if (typeof Event === 'undefined' || 'isTrusted' in Event.prototype) return;
  Object.defineProperty(Event.prototype, 'isTrusted', {
    configurable: true,
    get: () => pageScripts === 0,
  });
}

/** Run `fn` as a page script would: every event it makes is untrusted. */
export function asPageScript<T>(fn: () => T): T {
  pageScripts++;
  try {
    return fn();
  } finally {
    pageScripts--;
  }
}
