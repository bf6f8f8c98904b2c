/**
 * Exactly-once sending to Inkthreadable.
 *
 * - One send per order at a time: a Web Lock named after the order.
 * - Before every POST, Inkthreadable's order list is read in full (complete or unknown: see
 *   `InkClient.listAllOrders`) and searched for our external_id (the Big Cartel order id). An
 *   order found is adopted only when its recipient postcode and product codes match; otherwise
 *   the order waits for the merchant with both shown. An unknown list sends nothing.
 * - The same read looks for an order Inkthreadable's own Big Cartel integration may have made
 *   (another external id, same recipient name, postcode and products, created within the day
 *   after the Big Cartel order): such an order is never sent automatically.
 * - The outbox record `sending` (with the time) is written, with strict durability, before the
 *   POST. A definite answer ends it (`sent` with the Inkthreadable id, or `failed`). An ambiguous
 *   end (network error, timeout, 5xx, the worker killed) leaves `sending`: after the settle time,
 *   if a complete read still finds nothing, ONE automatic re-POST is made; if that one is
 *   ambiguous too, the merchant decides (counted on the badge, explained, a Send button), while
 *   every later read keeps looking for the order to adopt it.
 * - Every read that finds more than one live order for one Big Cartel order (before a send,
 *   after a create, and the tracking reads) keeps the oldest and cancels the others while unpaid;
 *   one that cannot be cancelled is named on the order and counted on the badge.
 */
import { loadLinks, recompute, type EngineContext } from './engine';
import type { OrderRecord } from './db';
import { compareOrder, expectedFromBody, type Expected, type Match } from './inkmatch';
import { buildInkOrder } from './orders';
import { chooseShipping, shippingWait } from '../shipping';
import { noteUnsent } from './attention';
import type { InkNotice, InkOrderInfo, OutboxRecord } from '../types';
import type { InkClient, InkOrder } from '../inkthreadable';
import { refusalInWords } from '../inkthreadable/words';

/** An ambiguous POST is given this long to land before "not found" can mean "not sent". */
export const SETTLE_MS = 90_000;
/** Reconciliation looks at Inkthreadable orders created since the Big Cartel order, minus this. */
const RECONCILE_MARGIN_MS = 6 * 3_600_000;
const BACKOFF_MS = [60_000, 120_000, 300_000, 900_000, 1_800_000];
/** Tracking reads look for late copies of orders sent within this long. */
const LATE_COPY_WINDOW_MS = 3 * 86_400_000;
/** An order of Inkthreadable's own integration is created within a day of the Big Cartel order. */
const FOREIGN_WINDOW_MS = 86_400_000;
/** Clock differences between the two services. */
const FOREIGN_SKEW_MS = 3_600_000;
/** At most this many orders of unknown origin are read one by one for their details per send. */
const MAX_DETAIL_READS = 20;

export type SendOutcome =
  | { kind: 'sent'; ink: InkOrderInfo; adopted: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'pending'; message: string; unreachable?: true }
  | { kind: 'held'; message: string }
  | { kind: 'skipped'; message: string };

function info(o: InkOrderInfo): InkOrderInfo {
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

function numericOrder(a: { id: string }, b: { id: string }): number {
  const na = Number(a.id);
  const nb = Number(b.id);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type Reading =
  | { kind: 'ok'; mine: InkOrder[]; deleted: Set<string>; listed: InkOrder[]; read: number; createdAtMin: string }
  | { kind: 'unavailable'; message: string };

function createdAtMinFor(rec: OrderRecord, now: Date): string {
  const since = rec.order.createdAt ? new Date(rec.order.createdAt).getTime() : now.getTime() - 30 * 86_400_000;
  return isoSeconds(Math.min(since, now.getTime()) - RECONCILE_MARGIN_MS);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A complete read of the Inkthreadable orders created since the Big Cartel order (or unknown):
 * the live ones carrying its id, oldest first, and every live order listed.
 */
async function findExisting(ink: InkClient, rec: OrderRecord, now: Date): Promise<Reading> {
  const createdAtMin = createdAtMinFor(rec, now);
  // Read to an empty page; the count is asked only where a re-POST depends on it (countAgrees).
  const res = await ink.listAllOrders({ createdAtMin }, undefined, { checkCount: false });
  if (res.kind !== 'ok') return { kind: 'unavailable', message: res.message };
  // An unreadable list element might be this very order: "not found" cannot be concluded.
  if (res.skipped?.some((s) => s.externalId === null || s.externalId === rec.id)) {
    return { kind: 'unavailable', message: 'Inkthreadable listed an order the extension could not read' };
  }
  const mine = res.value.filter((o) => o.externalId === rec.id);
  return {
    kind: 'ok',
    mine: mine.filter((o) => !o.deleted).sort(numericOrder),
    deleted: new Set(mine.filter((o) => o.deleted).map((o) => o.id)),
    listed: res.value.filter((o) => !o.deleted),
    read: res.value.length + (res.skipped?.length ?? 0),
    createdAtMin,
  };
}

/**
 * Before a re-POST after an ambiguous one: Inkthreadable's count (same filter) must agree with
 * the list read, else the read is unknown. (Asked only here: see `InkClient.listAllOrders`.)
 */
async function countAgrees(ink: InkClient, reading: Extract<Reading, { kind: 'ok' }>): Promise<string | null> {
  const count = await ink.countOrders({ createdAtMin: reading.createdAtMin });
  if (count.kind !== 'ok') return `Inkthreadable's order count could not be read to check the list (${count.message})`;
  if (count.value !== reading.read)
    return `Inkthreadable's order list (${reading.read}) and its count (${count.value}) disagree; the list may be incomplete`;
  return null;
}

/** The order with its recipient and items: from the list when it shows them, else read alone. */
async function withDetails(ink: InkClient, o: InkOrder): Promise<InkOrder | null> {
  if (o.recipient && o.items.length) return o;
  const one = await ink.getOrder(o.id);
  if (one.kind !== 'ok') return null;
  return { ...o, recipient: one.value.recipient, items: one.value.items };
}

/**
 * Several live copies of one order: keep the oldest (the same choice in every browser), cancel
 * the others while unpaid (`received`). Returns those left standing, after a last look (another
 * browser may have cancelled them meanwhile).
 */
async function settleCopies<T extends { id: string; status: string }>(
  ink: InkClient,
  copies: readonly T[],
  lookAgain: () => Promise<readonly { id: string }[] | null>,
): Promise<{ kept: T; left: string[] }> {
  const sorted = [...copies].sort(numericOrder);
  const kept = sorted[0]!;
  let left: string[] = [];
  for (const extra of sorted.slice(1)) {
    const cancelled = extra.status === 'received' && (await ink.cancelOrder(extra.id)).kind === 'ok';
    if (!cancelled) left.push(extra.id);
  }
  if (left.length) {
    const last = await lookAgain();
    if (last) left = left.filter((id) => last.some((o) => o.id === id));
  }
  return { kept, left };
}

function duplicateMessage(kept: string, left: readonly string[]): string {
  const ids = [kept, ...left];
  const n = ids.length;
  return `Inkthreadable holds this order ${n === 2 ? 'twice' : `${n} times`} (orders ${ids.join(' and ')}), and the extra ${left.length === 1 ? 'one' : 'ones'} (${left.join(', ')}) could not be cancelled: already paid or in production. Cancel or refund ${left.length === 1 ? 'it' : 'them'} in Inkthreadable; order ${kept} is the one kept.`;
}

async function putOutbox(
  ctx: EngineContext,
  rec: OutboxRecord,
  durability: 'strict' | 'default' = 'default',
): Promise<void> {
  const tx = ctx.db.transaction('outbox', 'readwrite', { durability });
  await Promise.all([tx.store.put(rec), tx.done]);
  await recompute(ctx, [rec.orderId]);
  await ctx.changed([rec.orderId]);
}

/** Hold the order for the merchant with what was found (or clear that once it is settled). */
async function setNotice(ctx: EngineContext, orderId: string, notice: InkNotice | null): Promise<void> {
  const cur = await ctx.db.get('orders', orderId);
  if (!cur) return;
  if (!notice && !cur.inkNotice) return;
  await ctx.db.put('orders', notice ? { ...cur, inkNotice: notice, holdAutoSend: true } : { ...cur, inkNotice: null });
  await recompute(ctx, [orderId]);
  await ctx.changed([orderId]);
}

function whatItHolds(o: InkOrder): string {
  const r = o.recipient;
  const to = r ? `${r.name || 'no name'}, ${r.postcode || 'no postcode'}` : 'recipient not shown';
  const pns = o.items.length ? o.items.map((i) => `${i.pn} × ${i.quantity}`).join(', ') : 'products not shown';
  return `for ${to}; ${pns}`;
}

function expectedText(e: Expected): string {
  return `for ${e.name || 'no name'}, ${e.postcode || 'no postcode'}; ${e.pns.join(', ')}`;
}

function mismatchMessage(o: InkOrder, m: Exclude<Match, { kind: 'match' }>, e: Expected | null): string {
  const why =
    m.kind === 'mismatch'
      ? `differs (${m.differences.join('; ')})`
      : `could not be compared (Inkthreadable did not show its ${m.missing})`;
  return `Inkthreadable already holds order ${o.id} with this order's number, but it ${why}. Inkthreadable's order: ${whatItHolds(o)}. Big Cartel's order: ${e ? expectedText(e) : 'not ready to send'}. It was not linked and nothing was sent: correct or cancel order ${o.id} in Inkthreadable. Send links this order to it; once it is cancelled, Send sends a new one.`;
}

/**
 * Orders the extension did not create (their external id is no Big Cartel order it knows) for the
 * same recipient name, postcode and products, created within the day after the Big Cartel order.
 */
async function findForeign(
  ctx: EngineContext,
  ink: InkClient,
  rec: OrderRecord,
  listed: readonly InkOrder[],
  expected: Expected,
): Promise<{ kind: 'none' } | { kind: 'found'; orders: InkOrder[] } | { kind: 'unknown'; message: string }> {
  const placed = Date.parse(rec.order.createdAt);
  if (!Number.isFinite(placed)) return { kind: 'none' };
  const near = listed.filter((o) => {
    if (o.externalId === rec.id) return false;
    const at = Date.parse(o.createdAt);
    return Number.isFinite(at) && at >= placed - FOREIGN_SKEW_MS && at <= placed + FOREIGN_WINDOW_MS;
  });
  if (!near.length) return { kind: 'none' };
  const tx = ctx.db.transaction('orders');
  const known = await Promise.all(
    near.map((o) => (o.externalId ? tx.store.getKey(o.externalId) : Promise.resolve(undefined))),
  );
  const others = near.filter((_, i) => known[i] === undefined);
  if (others.length > MAX_DETAIL_READS) {
    return {
      kind: 'unknown',
      message: `Inkthreadable lists ${others.length} orders the extension did not send around this order's date; they could not all be checked`,
    };
  }
  const found: InkOrder[] = [];
  for (const o of others) {
    const d = await withDetails(ink, o);
    if (!d)
      return {
        kind: 'unknown',
        message: `Inkthreadable's order ${o.id} could not be read to compare it with this order`,
      };
    if (compareOrder(expected, d, true).kind === 'match') found.push(d);
  }
  return found.length ? { kind: 'found', orders: found } : { kind: 'none' };
}

export const FOREIGN_WARNING = 'Inkthreadable may already have this order from its own Big Cartel integration';

function foreignMessage(orders: readonly InkOrder[]): string {
  const names = orders.map(
    (o) => `${o.id}${o.externalId ? ` (“${o.externalId}”)` : ''}${o.createdAt ? `, created ${o.createdAt}` : ''}`,
  );
  return `${FOREIGN_WARNING}: its order ${names.join('; ')} is for the same customer, postcode and products, and was not sent by this extension. It was not sent automatically. If Inkthreadable's integration is also connected to this store, turn one of the two off. Send sends it anyway.`;
}

/**
 * Send one order (or adopt the Inkthreadable order that already carries its id).
 * `manual`: the merchant asked (Send / Retry): a failed order is tried again, and what was shown
 * to the merchant (a foreign order, a mismatching one) is taken as decided.
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
      return {
        kind: 'skipped',
        message:
          rec.state === 'needs-linking'
            ? 'Link every item (or complete the order without them) before sending.'
            : 'There is nothing to send on this order.',
      };
    }
    if (!prior && !opts.manual && rec.needsAction !== 0) {
      return { kind: 'skipped', message: 'This order waits for the merchant to send it.' };
    }
    if (!prior || prior.status === 'failed') {
      // A per-country method that cannot be chosen (the country is unknown): the merchant chooses.
      const wait = shippingWait((await ctx.settings()).shipping, rec.order, rec.shippingChoice);
      if (wait) return { kind: 'skipped', message: wait };
    }

    // The body from the current links, and what an Inkthreadable order for it must show: what
    // was sent last, else what would be sent now.
    const [links, settings] = await Promise.all([loadLinks(ctx.db), ctx.settings()]);
    const method = chooseShipping(settings.shipping, rec.order, rec.shippingChoice).method;
    const facts = {
      order: rec.order,
      completedWithout: rec.completedWithout,
      history: rec.history,
      holdAutoSend: rec.holdAutoSend,
    };
    const built = buildInkOrder(facts, links, method, settings.brandName);
    const expected = sentExpectation(prior) ?? (built.ok ? expectedFromBody(built.body) : null);

    // 1. Does Inkthreadable already hold it? (A lost answer, another browser, an earlier session.)
    const existing = await findExisting(ink, rec, now);
    if (existing.kind === 'unavailable') {
      if (prior?.status === 'sending') {
        await putOutbox(ctx, {
          ...prior,
          message: `Checking with Inkthreadable: ${existing.message}`,
          nextTryAt: backoff(now, prior.attempts),
        });
      }
      return {
        kind: 'pending',
        unreachable: true,
        message: `Inkthreadable could not be reached (${existing.message}). Nothing was sent; it will be tried again.`,
      };
    }
    const oldest = existing.mine[0];
    if (oldest) {
      const detailed = await withDetails(ink, oldest);
      if (!detailed) {
        return {
          kind: 'pending',
          unreachable: true,
          message: `Inkthreadable's order ${oldest.id} could not be read to check it. Nothing was sent; it will be tried again.`,
        };
      }
      const m: Match = expected
        ? compareOrder(expected, detailed, false)
        : { kind: 'unknown', missing: 'order details' };
      const decided = opts.manual && rec.inkNotice?.kind === 'mismatch' && rec.inkNotice.inkIds.includes(oldest.id);
      if (m.kind !== 'match' && !decided) {
        const message = mismatchMessage(detailed, m, expected);
        await setNotice(ctx, orderId, { kind: 'mismatch', message, inkIds: existing.mine.map((o) => o.id) });
        if (prior?.status === 'sending')
          await putOutbox(ctx, { ...prior, needsMerchant: true, message, nextTryAt: backoff(now, prior.attempts) });
        return { kind: 'held', message };
      }
      const { kept, left } = await settleCopies(ink, existing.mine, async () => {
        const again = await findExisting(ink, rec, ctx.now());
        return again.kind === 'ok' ? again.mine : null;
      });
      const message = left.length
        ? duplicateMessage(kept.id, left)
        : prior?.status === 'sending'
          ? ''
          : 'Already in Inkthreadable: linked to the existing order instead of sending it again.';
      await putOutbox(ctx, {
        orderId,
        status: 'sent',
        attemptAt: prior?.attemptAt ?? now.toISOString(),
        attempts: prior?.attempts ?? 0,
        body: prior?.body ?? '',
        shippingMethod: prior?.shippingMethod ?? ((kept.shippingMethod as OutboxRecord['shippingMethod']) || 'regular'),
        sentItems: prior?.sentItems ?? {},
        ink: info(kept),
        message,
        nextTryAt: '',
        bcShipment: prior?.bcShipment ?? 'none',
        ...(left.length ? { duplicates: left } : {}),
      });
      await setNotice(ctx, orderId, null);
      return { kind: 'sent', ink: info(kept), adopted: true };
    }
    // Not found. If an earlier POST may still be landing, wait before sending again.
    if (prior?.status === 'sending') {
      if (now.getTime() - Date.parse(prior.attemptAt) < SETTLE_MS) {
        return {
          kind: 'pending',
          message: 'The last attempt has not been confirmed yet; waiting before trying again.',
        };
      }
      // One automatic re-POST after an ambiguous one, never more: then the merchant decides.
      if (!opts.manual && (prior.autoResent || prior.needsMerchant)) {
        const message = `Inkthreadable gave no clear answer to ${prior.attempts} attempts to send this order, and its order list does not show it (last attempt ${prior.attemptAt}). It may still appear there: check your orders in Inkthreadable before sending it again. Send checks once more and sends it only if Inkthreadable still does not list it.`;
        await putOutbox(ctx, { ...prior, needsMerchant: true, message, nextTryAt: backoff(now, prior.attempts) });
        return { kind: 'held', message };
      }
      // "Not found" counts only when the list was complete: its count must agree.
      const unknown = await countAgrees(ink, existing);
      if (unknown) {
        await putOutbox(ctx, {
          ...prior,
          message: `Checking with Inkthreadable: ${unknown}`,
          nextTryAt: backoff(now, prior.attempts),
        });
        return {
          kind: 'pending',
          unreachable: true,
          message: `${unknown}. Nothing was sent; it will be checked again.`,
        };
      }
    }

    // 2. An order Inkthreadable's own Big Cartel integration may have made: the merchant decides.
    if (built.ok && !(opts.manual && rec.inkNotice?.kind === 'foreign')) {
      const foreign = await findForeign(ctx, ink, rec, existing.listed, expectedFromBody(built.body));
      if (foreign.kind === 'unknown') {
        return {
          kind: 'pending',
          unreachable: true,
          message: `${foreign.message}. Nothing was sent; it will be tried again.`,
        };
      }
      if (foreign.kind === 'found') {
        const message = foreignMessage(foreign.orders);
        await setNotice(ctx, orderId, { kind: 'foreign', message, inkIds: foreign.orders.map((o) => o.id) });
        if (prior?.status === 'sending')
          await putOutbox(ctx, { ...prior, needsMerchant: true, message, nextTryAt: backoff(now, prior.attempts) });
        return { kind: 'held', message };
      }
    }

    // 3. The body must be sendable.
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

    // 4. Record the attempt (strict durability: it must survive a crash the POST may not), then POST.
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
      autoResent: prior?.status === 'sending' && !opts.manual,
    };
    await putOutbox(ctx, sending, 'strict');
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
    // 5. A second look for a copy (another browser at the same moment, a late-landing earlier
    // attempt). The oldest live copy is kept, the same choice in every browser, even when the
    // only one left is another's (it may have cancelled ours already).
    const again = await findExisting(ink, rec, after);
    // Ours counts even when the list does not show it yet, unless it was cancelled.
    const copies = again.kind === 'ok' ? [...again.mine] : [];
    if (again.kind === 'ok' && !copies.some((o) => o.id === res.value.id) && !again.deleted.has(res.value.id))
      copies.push(res.value);
    let kept = res.value;
    let left: string[] = [];
    if (copies.length > 0) {
      ({ kept, left } = await settleCopies(ink, copies, async () => {
        const last = await findExisting(ink, rec, ctx.now());
        return last.kind === 'ok' ? last.mine : null;
      }));
    }
    await putOutbox(ctx, {
      ...sending,
      status: 'sent',
      ink: info(kept),
      message: left.length ? duplicateMessage(kept.id, left) : '',
      nextTryAt: '',
      ...(left.length ? { duplicates: left } : {}),
    });
    await setNotice(ctx, orderId, null);
    return { kind: 'sent', ink: info(kept), adopted: false };
  });
}

/** What an earlier POST sent (for comparing with what Inkthreadable holds), or null. */
function sentExpectation(prior: OutboxRecord | undefined): Expected | null {
  if (!prior?.body) return null;
  try {
    return expectedFromBody(JSON.parse(prior.body) as Parameters<typeof expectedFromBody>[0]);
  } catch {
    return null;
  }
}

/**
 * Tracking's look for late copies: one complete read of the orders created since the oldest
 * recent send, then, for each order sent, every live Inkthreadable order carrying its id. A copy
 * that landed late (an earlier ambiguous POST, after the resend) is found here: the oldest is
 * kept, the others cancelled while unpaid, the rest named. A duplicate the merchant has since
 * cancelled stops being counted.
 */
export async function reconcileSent(ctx: EngineContext, ink: InkClient): Promise<void> {
  const now = ctx.now().getTime();
  const sent = (await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent')).filter(
    (r) => r.ink && (r.duplicates?.length || now - Date.parse(r.attemptAt) < LATE_COPY_WINDOW_MS),
  );
  if (!sent.length) return;
  const from = Math.min(...sent.map((r) => Date.parse(r.attemptAt)).filter(Number.isFinite), now);
  const res = await ink.listAllOrders({ createdAtMin: isoSeconds(from - RECONCILE_MARGIN_MS) }, undefined, {
    checkCount: false,
  });
  if (res.kind !== 'ok') return;
  const byExternal = new Map<string, InkOrder[]>();
  const deleted = new Set<string>();
  for (const o of res.value) {
    if (o.deleted) deleted.add(o.id);
    else byExternal.set(o.externalId, [...(byExternal.get(o.externalId) ?? []), o]);
  }
  for (const rec of sent) {
    const ours = rec.ink!;
    const copies: InkOrderInfo[] = [...(byExternal.get(rec.orderId) ?? [])];
    if (!copies.some((o) => o.id === ours.id) && !deleted.has(ours.id) && !ours.deleted) copies.push(ours);
    if (copies.length === 0) continue;
    const { kept, left } =
      copies.length === 1
        ? { kept: copies[0]!, left: [] as string[] }
        : await settleCopies(ink, copies, async () => {
            const again = await ink.listAllOrders({ createdAtMin: isoSeconds(from - RECONCILE_MARGIN_MS) }, undefined, {
              checkCount: false,
            });
            return again.kind === 'ok' ? again.value.filter((o) => o.externalId === rec.orderId && !o.deleted) : null;
          });
    const hadDuplicates = !!rec.duplicates?.length;
    if (kept.id === ours.id && !left.length && !hadDuplicates) continue;
    const next: OutboxRecord = {
      ...rec,
      ink: kept.id === ours.id ? ours : info(kept),
      message: left.length ? duplicateMessage(kept.id, left) : '',
    };
    if (left.length) next.duplicates = left;
    else delete next.duplicates;
    if (JSON.stringify(next) !== JSON.stringify(rec)) await putOutbox(ctx, next);
  }
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
      // Why it did not go, kept for the order's page should it stay unsent (lib/worker/attention.ts).
      if (out.kind !== 'sent') await noteUnsent(ctx.db, rec.id, out.message, ctx.now());
      // Inkthreadable cannot be listed: the others would fail the same way; try next time.
      if (out.kind === 'pending' && out.unreachable) break;
    }
  }
}
