/**
 * The overlay's first draw without the worker: the worker keeps the view of every order not
 * shipped in storage.session (lib/worker/view-store.ts), which it opens to content scripts; the
 * order page reads its order's view there (lib/content/first-draw.ts). The key of an order's view.
 */
export const viewKey = (orderId: string): string => `view:${orderId}`;
