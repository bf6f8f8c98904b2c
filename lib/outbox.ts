/**
 * Exactly-once sending to Inkthreadable.
 *
 * - One send per order at a time: a Web Lock named after the order.
 * - Before every POST, Inkthreadable is asked whether an order with our external_id (the Big
 *   Cartel order id) already exists; if so it is adopted, never sent again. This covers a second
 *   browser with the extension, and a POST whose answer was lost.
 * - The outbox record `sending` (with the time) is written before the POST. A definite answer
 *   ends it (`sent` with the Inkthreadable id, or `failed` with the message). An ambiguous end
 *   (network error, timeout, 5xx, the worker killed) leaves `sending`: the order is not POSTed
 *   again until a reconciliation has looked for it and the first attempt had time to land.
 * - After a create, a second look: if two live orders carry our external_id (two browsers raced),
 *   every one but the oldest is cancelled while still unpaid, the same choice in every browser.
 */
import { loadLinks, recompute, type EngineContext } from './engine';
import type { OrderRecord } from './db';
import { buildInkOrder } from './orders';
import { chooseShipping, shippingWait } from './shipping';
import { noteUnsent } from './attention';
import type { InkOrderInfo, OutboxRecord } from './types';
import type { InkClient, InkOrder } from './inkthreadable';
import { refusalInWords } from './inkthreadable/words';

/** An ambiguous POST is given this long to land before "not found" can mean "not sent". */
export const SETTLE_MS = 90_000;
/** Reconciliation looks at Inkthreadable orders created since the Big Cartel order, minus this. */
const RECONCILE_MARGIN_MS = 6 * 3_600_000;
const BACKOFF_MS = [60_000, 120_000, 300_000, 900_000, 1_800_000];

export type SendOutcome =
  | { kind: 'sent'; ink: InkOrderInfo; adopted: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'pending'; message: string; unreachable?: true }
  | { kind: 'skipped'; message: string };

function info(o: InkOrder): InkOrderInfo {
  return {
    id: o.id,
    status: o.status,
    trackingNumber: o.trackingNumber,
    shippedAt: o.shippedAt,
    shippingMethod: o.shippingMethod,
    createdAt: o.createdAt,
    deleted: o.deleted,
    due: o.due ?? null,
  };
}

function numericOrder(a: InkOrder, b: InkOrder): number {
  const na = Number(a.id);
  const nb = Number(b.id);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Live Inkthreadable orders that carry this Big Cartel order id, oldest first; null if unknown. */
async function findExisting(
  ink: InkClient,
  rec: OrderRecord,
  now: Date,
): Promise<{ kind: 'ok'; orders: InkOrder[]; deleted: Set<string> } | { kind: 'unavailable'; message: string }> {
  const since = rec.order.createdAt ? new Date(rec.order.createdAt).getTime() : now.getTime() - 30 * 86_400_000;
  const createdAtMin = new Date(Math.min(since, now.getTime()) - RECONCILE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const res = await ink.listAllOrders({ createdAtMin });
  if (res.kind !== 'ok') return { kind: 'unavailable', message: res.message };
  // An unreadable list element might be this very order: "not found" cannot be concluded.
  if (res.skipped?.some((s) => s.externalId === null || s.externalId === rec.id)) {
    return { kind: 'unavailable', message: 'Inkthreadable listed an order the extension could not read' };
  }
  const mine = res.value.filter((o) => o.externalId === rec.id);
  return {
    kind: 'ok',
    orders: mine.filter((o) => !o.deleted).sort(numericOrder),
    deleted: new Set(mine.filter((o) => o.deleted).map((o) => o.id)),
  };
}

async function putOutbox(ctx: EngineContext, rec: OutboxRecord): Promise<void> {
  await ctx.db.put('outbox', rec);
  await recompute(ctx, [rec.orderId]);
  await ctx.changed([rec.orderId]);
}

/**
 * Send one order (or adopt the Inkthreadable order that already carries its id).
 * `manual`: the merchant asked (Send / Retry): a failed order is tried again.
 */
export async function sendOrder(
  ctx: EngineContext,
  orderId: string,
  opts: { manual: boolean; ifIdle?: boolean },
): Promise<SendOutcome> {
  return ctx.locks.request(`ink-send:${orderId}`, { ifAvailable: !!opts.ifIdle }, async (held) => {
    if (!held) return { kind: 'pending', message: 'Already being sent.' };
    const creds = await ctx.credentials();
    if (!creds.inkthreadable) return { kind: 'skipped', message: 'Connect Inkthreadable in Settings first.' };
    const ink = ctx.inkClient(creds.inkthreadable);
    const rec = await ctx.db.get('orders', orderId);
    if (!rec) return { kind: 'skipped', message: `Order ${orderId} is not known yet: sync first.` };
    const prior = await ctx.db.get('outbox', orderId);
    const now = ctx.now();
    if (prior?.status === 'sent') return { kind: 'sent', ink: prior.ink!, adopted: false };
    if (prior?.status === 'failed' && !opts.manual) return { kind: 'failed', message: prior.message };
    if (!prior && rec.state !== 'ready') {
      return { kind: 'skipped', message: rec.state === 'needs-linking' ? 'Link every item (or complete the order without them) before sending.' : 'There is nothing to send on this order.' };
    }
    if (!prior && !opts.manual && rec.needsAction !== 0) {
      return { kind: 'skipped', message: 'This order waits for the merchant to send it.' };
    }
    if (!prior || prior.status === 'failed') {
      // A per-country method that cannot be chosen (the country is unknown): the merchant chooses.
      const wait = shippingWait((await ctx.settings()).shipping, rec.order, rec.shippingChoice);
      if (wait) return { kind: 'skipped', message: wait };
    }

    // 1. Does Inkthreadable already hold it? (A lost answer, another browser, an earlier session.)
    const existing = await findExisting(ink, rec, now);
    if (existing.kind === 'unavailable') {
      if (prior?.status === 'sending') {
        await putOutbox(ctx, { ...prior, message: `Checking with Inkthreadable: ${existing.message}`, nextTryAt: backoff(now, prior.attempts) });
      }
      return { kind: 'pending', unreachable: true, message: `Inkthreadable could not be reached (${existing.message}). Nothing was sent; it will be tried again.` };
    }
    const found = existing.orders[0];
    if (found) {
      const sentItems = prior?.sentItems ?? {};
      await putOutbox(ctx, {
        orderId,
        status: 'sent',
        attemptAt: prior?.attemptAt ?? now.toISOString(),
        attempts: prior?.attempts ?? 0,
        body: prior?.body ?? '',
        shippingMethod: prior?.shippingMethod ?? ((found.shippingMethod as OutboxRecord['shippingMethod']) || 'regular'),
        sentItems,
        ink: info(found),
        message: prior?.status === 'sending' ? '' : 'Already in Inkthreadable: linked to the existing order instead of sending it again.',
        nextTryAt: '',
        bcShipment: prior?.bcShipment ?? 'none',
      });
      return { kind: 'sent', ink: info(found), adopted: true };
    }
    // Not found. If an earlier POST may still be landing, wait before sending again.
    if (prior?.status === 'sending' && now.getTime() - Date.parse(prior.attemptAt) < SETTLE_MS) {
      return { kind: 'pending', message: 'The last attempt has not been confirmed yet; waiting before trying again.' };
    }

    // 2. Build and check the body from the current links.
    const [links, settings] = await Promise.all([loadLinks(ctx.db), ctx.settings()]);
    const method = chooseShipping(settings.shipping, rec.order, rec.shippingChoice).method;
    const facts = { order: rec.order, completedWithout: rec.completedWithout, history: rec.history, holdAutoSend: rec.holdAutoSend };
    const built = buildInkOrder(facts, links, method, settings.brandName);
    if (!built.ok) {
      await putOutbox(ctx, {
        orderId,
        status: 'failed',
        attemptAt: prior?.attemptAt ?? now.toISOString(),
        attempts: prior?.attempts ?? 0,
        body: prior?.body ?? '',
        shippingMethod: method,
        sentItems: {},
        ink: null,
        message: built.message,
        nextTryAt: '',
        bcShipment: 'none',
      });
      return { kind: 'failed', message: built.message };
    }

    // 3. Record the attempt, then POST.
    const attempts = (prior?.attempts ?? 0) + 1;
    const sending: OutboxRecord = {
      orderId,
      status: 'sending',
      attemptAt: now.toISOString(),
      attempts,
      body: built.json,
      shippingMethod: method,
      sentItems: built.sentItems,
      ink: null,
      message: '',
      nextTryAt: new Date(now.getTime() + SETTLE_MS).toISOString(),
      bcShipment: 'none',
    };
    await putOutbox(ctx, sending);
    const res = await ink.createOrder(built.body);
    const after = ctx.now();
    if (res.kind === 'rejected') {
      const message = refusalInWords(res.message);
      await putOutbox(ctx, { ...sending, status: 'failed', message, nextTryAt: '' });
      return { kind: 'failed', message };
    }
    if (res.kind === 'ambiguous') {
      await putOutbox(ctx, {
        ...sending,
        message: `No clear answer from Inkthreadable (${res.message}); checking before any retry.`,
        nextTryAt: new Date(Math.max(after.getTime(), Date.parse(sending.attemptAt) + SETTLE_MS)).toISOString(),
      });
      return { kind: 'pending', message: res.message };
    }
    let kept = res.value;
    let message = '';
    // 4. A second look for a race with another browser. The oldest live copy is kept, the same
    // choice in every browser, even when the only one left is the other browser's (it may have
    // cancelled ours already).
    const again = await findExisting(ink, rec, after);
    // Ours counts even when the list does not show it yet, unless it was cancelled.
    const copies = again.kind === 'ok' ? [...again.orders] : [];
    if (again.kind === 'ok' && !copies.some((o) => o.id === res.value.id) && !again.deleted.has(res.value.id)) copies.push(res.value);
    copies.sort(numericOrder);
    if (copies.length > 0) {
      kept = copies[0]!;
      const extras = copies.slice(1);
      let left: string[] = [];
      for (const extra of extras) {
        const cancelled = extra.status === 'received' && (await ink.cancelOrder(extra.id)).kind === 'ok';
        if (!cancelled) left.push(extra.id);
      }
      // Never a silent duplicate: one that could not be cancelled (paid already, or the cancel
      // failed) is named for the merchant, once a last look confirms it is still there (the other
      // browser may have cancelled it meanwhile).
      if (left.length) {
        const last = await findExisting(ink, rec, ctx.now());
        left = last.kind === 'ok' ? left.filter((id) => last.orders.some((o) => o.id === id)) : left;
      }
      if (left.length) {
        const ids = [kept.id, ...left].sort();
        message = `Inkthreadable holds this order ${ids.length === 2 ? 'twice' : `${ids.length} times`} (${ids.join(' and ')}): another browser sent it at the same moment. Cancel ${ids.length === 2 ? 'one' : 'the extra ones'} in Inkthreadable.`;
      }
    }
    await putOutbox(ctx, { ...sending, status: 'sent', ink: info(kept), message, nextTryAt: '' });
    return { kind: 'sent', ink: info(kept), adopted: false };
  });
}

function backoff(now: Date, attempts: number): string {
  const ms = BACKOFF_MS[Math.min(Math.max(attempts - 1, 0), BACKOFF_MS.length - 1)]!;
  return new Date(now.getTime() + ms).toISOString();
}

/**
 * Unfinished sends: reconcile them (and resend only if not found once settled). At start-up
 * (`all`) every one is looked at at once: a send left by a stopped worker is found without
 * waiting; otherwise only those whose next try is due. One being sent right now is skipped.
 */
export async function processDueSends(ctx: EngineContext, opts: { all?: boolean } = {}): Promise<void> {
  const pending = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sending');
  const now = ctx.now().getTime();
  for (const rec of pending) {
    if (!opts.all && rec.nextTryAt && Date.parse(rec.nextTryAt) > now) continue;
    await sendOrder(ctx, rec.orderId, { manual: false, ifIdle: true });
  }
}

/** Send every order that is ready to go automatically. */
export async function sendReady(ctx: EngineContext, ids?: readonly string[]): Promise<void> {
  const settings = await ctx.settings();
  if (!settings.autoSend) return;
  const candidates = ids
    ? await (async () => {
        // One transaction for all of them (an import may touch thousands).
        const tx = ctx.db.transaction('orders');
        return (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((r): r is OrderRecord => !!r);
      })()
    : await ctx.db.getAllFromIndex('orders', 'bySendable', ['ready', 0]);
  // In a random order: two browsers sending for the same store at the same moment then mostly
  // work on different orders, and each adopts what the other has just created instead of racing
  // it (a race still ends with one order, the extra one cancelled, but is best avoided).
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  for (const rec of candidates) {
    if (rec.state === 'ready' && rec.needsAction === 0) {
      const out = await sendOrder(ctx, rec.id, { manual: false });
      // Why it did not go, kept for the order's page should it stay unsent (lib/attention.ts).
      if (out.kind !== 'sent') await noteUnsent(ctx.db, rec.id, out.message, ctx.now());
      // Inkthreadable cannot be listed: the others would fail the same way; try next time.
      if (out.kind === 'pending' && out.unreachable) break;
    }
  }
}
