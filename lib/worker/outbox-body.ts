/** The body an order is sent with, built from what is stored: at the start of a send and right before its POST. */
import type { OrderRecord } from './db';
import { expectedFromBody, type Expected } from './inkmatch';
import type { OutboxRecord } from '../types';
import { loadLinksFor, type EngineContext } from './engine';
import { buildInkOrder } from './orders';
import { chooseShipping } from '../shipping';

/** The shipping method and the body for an order as stored, with the links and settings as they are now. */
export async function bodyFor(ctx: EngineContext, rec: OrderRecord) {
  // Only the links the order's items can resolve to (a store may hold thousands).
  const [links, settings] = await Promise.all([loadLinksFor(ctx.db, rec.productIds), ctx.settings()]);
  const method = chooseShipping(settings.shipping, rec.order, rec.shippingChoice).method;
  const facts = {
    order: rec.order,
    completedWithout: rec.completedWithout,
    history: rec.history,
    holdAutoSend: rec.holdAutoSend,
  };
  return { method, built: buildInkOrder(facts, links, method, settings.brandName) };
}

/**
 * Whether the body about to leave (shipping method included) is still the one the order, its links
 * and the settings make now.
 * Inkthreadable was read since it was built: a link saved meanwhile (another code, "never
 * fulfil") or a changed order must not go out stale.
 */
export async function stillCurrent(ctx: EngineContext, orderId: string, json: string): Promise<boolean> {
  const rec = await ctx.db.get('orders', orderId);
  if (!rec) return false;
  const now = await bodyFor(ctx, rec);
  return now.built.ok && now.built.json === json;
}

/** What an earlier POST sent (for comparing with what Inkthreadable holds), or null. */
export function sentExpectation(prior: OutboxRecord | undefined): Expected | null {
  if (!prior?.body) return null;
  try {
    return expectedFromBody(JSON.parse(prior.body) as Parameters<typeof expectedFromBody>[0]);
  } catch {
    return null;
  }
}
