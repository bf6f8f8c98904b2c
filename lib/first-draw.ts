/**
 * The overlay's first draw without the worker: the worker keeps the view of every order not
 * shipped in storage.session (lib/worker/view-store.ts), which it opens to content scripts; the
 * order page reads its order's view there (lib/content/first-draw.ts). The key of an order's view,
 * and the view as stored.
 */
import type { OrderView } from './views';

export const viewKey = (orderId: string): string => `view:${orderId}`;

/**
 * A view as stored: its JSON text. Chrome counts an object in storage.session by the memory each
 * of its keys and values takes, well over its JSON text; as text, more orders' views fit in the
 * area's 10 MB (`views.stored` in docs/PERFORMANCE.md).
 */
export const encodeView = (view: OrderView): string => JSON.stringify(view);

/** A stored view (text, or an object as stored before): undefined when it is neither. */
export function decodeView(stored: unknown): OrderView | undefined {
  try {
    const v: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    return v && typeof v === 'object' ? (v as OrderView) : undefined;
  } catch {
    return undefined;
  }
}
