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
 * - Another browser seen sending this store's orders (lib/worker/other-sender.ts): a first
 *   automatic POST waits a random moment and reads the list again, so two rarely race.
 * - Every read that finds more than one live order for one Big Cartel order (before a send,
 *   after a create, and the tracking reads) keeps the oldest and cancels the others while unpaid;
 *   one that cannot be cancelled is named on the order and counted on the badge.
 */
import { noteOtherSender, readOtherSender } from './other-sender';
import type { EngineContext } from './engine';
import type { OrderRecord } from './db';
import { compareOrder, expectedFromBody, type Expected, type Match } from './inkmatch';
import type { buildInkOrder } from './orders';
import {
  countAgrees,
  duplicateMessage,
  findExisting,
  findForeign,
  foreignMessage,
  info,
  mismatchMessage,
  type Reading,
  settleCopies,
  withDetails,
} from './ink-reads';
import { backoff, putOutbox, restoreOutbox, setNotice } from './outbox-record';
import { bodyFor, sentExpectation, stillCurrent } from './outbox-body';
import { shippingWait } from '../shipping';
import type { InkOrderInfo, OutboxRecord } from '../types';
import type { InkClient, InkOrder } from '../inkthreadable';
import { refusalInWords } from '../inkthreadable/words';

/** An ambiguous POST is given this long to land before "not found" can mean "not sent". */
export const SETTLE_MS = 90_000;
/** Automatic sends started again in a row after a link or the order changed during a send. */
const STALE_TRIES = 3;
/** The longest wait before a first automatic POST while another sender is about (see yieldToOtherSender). */
export const OTHER_SENDER_WAIT_MS = 15_000;

export type SendOutcome =
  | { kind: 'sent'; ink: InkOrderInfo; adopted: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'pending'; message: string; unreachable?: true; stale?: true }
  | { kind: 'held'; message: string }
  | { kind: 'skipped'; message: string };

type SendOpts = { manual: boolean; ifIdle?: boolean };
type Found = Extract<Reading, { kind: 'ok' }>;

/** One send in progress (inside the order's lock): what it knows before reading Inkthreadable. */
interface Attempt {
  ctx: EngineContext;
  orderId: string;
  opts: SendOpts;
  ink: InkClient;
  rec: OrderRecord;
  prior: OutboxRecord | undefined;
  now: Date;
  method: OutboxRecord['shippingMethod'];
  built: ReturnType<typeof buildInkOrder>;
  /** What an Inkthreadable order for it must show: what was sent last, else what would be sent now. */
  expected: Expected | null;
}

/**
 * Send one order (or adopt the Inkthreadable order that already carries its id).
 * `manual`: the merchant asked (Send / Retry): a failed order is tried again, and what was shown
 * to the merchant (a foreign order, a mismatching one) is taken as decided.
 */
export async function sendOrder(ctx: EngineContext, orderId: string, opts: SendOpts): Promise<SendOutcome> {
  return ctx.locks.request(`ink-send:${orderId}`, { ifAvailable: !!opts.ifIdle }, async (held) => {
    if (!held) return { kind: 'pending', message: 'Already being sent.' };
    for (let tries = 1; ; tries++) {
      const start = await startAttempt(ctx, orderId, opts);
      const out = 'kind' in start ? start : await sendLocked(start);
      // Nothing went: the order or a link changed during the send. By itself it starts again from
      // what is stored now (a few times); the merchant's own Send says so and lets them look.
      if (!(out.kind === 'pending' && out.stale) || opts.manual || tries >= STALE_TRIES) return out;
    }
  });
}

/** The order's steps once it may be sent, in the order that keeps it from going twice. */
async function sendLocked(a: Attempt): Promise<SendOutcome> {
  // 1. Does Inkthreadable already hold it? (A lost answer, another browser, an earlier session.)
  const existing = await findExisting(a.ink, a.rec, a.now);
  if (existing.kind === 'unavailable') return unreachable(a, existing.message);
  if (existing.mine[0]) return adoptExisting(a, existing, existing.mine[0]);
  // Not found. If an earlier POST may still be landing, wait before sending again.
  const waiting = await beforeResend(a, existing);
  if (waiting) return waiting;
  // 2. An order Inkthreadable's own Big Cartel integration may have made: the merchant decides.
  const foreign = await checkForeign(a, existing);
  if (foreign) return foreign;
  // 3. The body must be sendable.
  if (!a.built.ok) return unsendable(a, a.built.message);
  // 4. Another browser seen sending this store's orders lately: let it go first, maybe.
  const other = await yieldToOtherSender(a);
  if (other) return other;
  return postAndConfirm(a, a.built);
}

/**
 * Two browsers that went for the same order at the same moment both find nothing and would both
 * create it. Once another sender has been seen (the popup says so), a first automatic attempt
 * waits a moment chosen at random and looks once more: the browser that waited less has created
 * it by then, and the other adopts it. Null: nothing found, send.
 */
async function yieldToOtherSender(a: Attempt): Promise<SendOutcome | null> {
  if (a.prior || a.opts.manual || !(await readOtherSender(a.ctx.db, a.now))) return null;
  await a.ctx.sleep(Math.floor(a.ctx.random() * OTHER_SENDER_WAIT_MS));
  a.now = a.ctx.now();
  const again = await findExisting(a.ink, a.rec, a.now);
  if (again.kind === 'unavailable') return unreachable(a, again.message);
  return again.mine[0] ? adoptExisting(a, again, again.mine[0]) : null;
}

/** Everything that stops a send before Inkthreadable is read, or the attempt to make. */
async function startAttempt(ctx: EngineContext, orderId: string, opts: SendOpts): Promise<Attempt | SendOutcome> {
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
  // The body from the current links, and what an Inkthreadable order for it must show.
  const { method, built } = await bodyFor(ctx, rec);
  const expected = sentExpectation(prior) ?? (built.ok ? expectedFromBody(built.body) : null);
  return { ctx, orderId, opts, ink, rec, prior, now, method, built, expected };
}

/** Inkthreadable's list could not be read: nothing is sent, an unfinished send is looked at later. */
async function unreachable(a: Attempt, why: string): Promise<SendOutcome> {
  const { prior } = a;
  if (prior?.status === 'sending') {
    await putOutbox(a.ctx, {
      ...prior,
      message: `Checking with Inkthreadable: ${why}`,
      nextTryAt: backoff(a.now, prior.attempts),
    });
  }
  return {
    kind: 'pending',
    unreachable: true,
    message: `Inkthreadable could not be reached (${why}). Nothing was sent; it will be tried again.`,
  };
}

/** Hold the order for the merchant with what was found, an unfinished send included. */
async function holdFor(a: Attempt, notice: NonNullable<OrderRecord['inkNotice']>): Promise<SendOutcome> {
  await setNotice(a.ctx, a.orderId, notice);
  const { prior } = a;
  if (prior?.status === 'sending')
    await putOutbox(a.ctx, {
      ...prior,
      needsMerchant: true,
      message: notice.message,
      nextTryAt: backoff(a.now, prior.attempts),
    });
  return { kind: 'held', message: notice.message };
}

/** Inkthreadable holds an order with this order's id: adopt it if it matches, else hold. */
async function adoptExisting(a: Attempt, existing: Found, oldest: InkOrder): Promise<SendOutcome> {
  const { ctx, ink, rec, prior, now, orderId } = a;
  const detailed = await withDetails(ink, oldest);
  if (!detailed) {
    return {
      kind: 'pending',
      unreachable: true,
      message: `Inkthreadable's order ${oldest.id} could not be read to check it. Nothing was sent; it will be tried again.`,
    };
  }
  const m: Match = a.expected
    ? compareOrder(a.expected, detailed, false)
    : { kind: 'unknown', missing: 'order details' };
  const decided = a.opts.manual && rec.inkNotice?.kind === 'mismatch' && rec.inkNotice.inkIds.includes(oldest.id);
  if (m.kind !== 'match' && !decided) {
    const message = mismatchMessage(detailed, m, a.expected);
    return holdFor(a, { kind: 'mismatch', message, inkIds: existing.mine.map((o) => o.id) });
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
  // Going by itself, this browser found the order already sent: not by it, so by another sender.
  if (!prior && !a.opts.manual) await noteOtherSender(ctx.db, orderId, now);
  return { kind: 'sent', ink: info(kept), adopted: true };
}

/**
 * An earlier POST was ambiguous and the order is not listed: wait out the settle time, allow ONE
 * automatic re-POST (then the merchant decides), and only after the count confirms the list was
 * complete. Null: go on.
 */
async function beforeResend(a: Attempt, existing: Found): Promise<SendOutcome | null> {
  const { prior, now } = a;
  if (prior?.status !== 'sending') return null;
  if (now.getTime() - Date.parse(prior.attemptAt) < SETTLE_MS) {
    return {
      kind: 'pending',
      message: 'The last attempt has not been confirmed yet; waiting before trying again.',
    };
  }
  // One automatic re-POST after an ambiguous one, never more: then the merchant decides.
  if (!a.opts.manual && (prior.autoResent || prior.needsMerchant)) {
    const message = `Inkthreadable gave no clear answer to ${prior.attempts} attempts to send this order, and its order list does not show it (last attempt ${prior.attemptAt}). It may still appear there: check your orders in Inkthreadable before sending it again. Send checks once more and sends it only if Inkthreadable still does not list it.`;
    await putOutbox(a.ctx, { ...prior, needsMerchant: true, message, nextTryAt: backoff(now, prior.attempts) });
    return { kind: 'held', message };
  }
  // "Not found" counts only when the list was complete: its count must agree.
  const unknown = await countAgrees(a.ink, existing);
  if (!unknown) return null;
  await putOutbox(a.ctx, {
    ...prior,
    message: `Checking with Inkthreadable: ${unknown}`,
    nextTryAt: backoff(now, prior.attempts),
  });
  return { kind: 'pending', unreachable: true, message: `${unknown}. Nothing was sent; it will be checked again.` };
}

/** An order of Inkthreadable's own integration for the same customer: held (null: none found). */
async function checkForeign(a: Attempt, existing: Found): Promise<SendOutcome | null> {
  if (!a.built.ok || (a.opts.manual && a.rec.inkNotice?.kind === 'foreign')) return null;
  const foreign = await findForeign(a.ctx, a.ink, a.rec, existing.listed, expectedFromBody(a.built.body));
  if (foreign.kind === 'unknown') {
    return {
      kind: 'pending',
      unreachable: true,
      message: `${foreign.message}. Nothing was sent; it will be tried again.`,
    };
  }
  if (foreign.kind === 'none') return null;
  const message = foreignMessage(foreign.orders);
  return holdFor(a, { kind: 'foreign', message, inkIds: foreign.orders.map((o) => o.id) });
}

/** The body cannot be built (an item without a code, a quantity that does not add up...). */
async function unsendable(a: Attempt, message: string): Promise<SendOutcome> {
  const { prior, now } = a;
  await putOutbox(a.ctx, {
    orderId: a.orderId,
    status: 'failed',
    attemptAt: prior?.attemptAt ?? now.toISOString(),
    attempts: prior?.attempts ?? 0,
    body: prior?.body ?? '',
    shippingMethod: a.method,
    sentItems: {},
    ink: null,
    message,
    nextTryAt: '',
    bcShipment: 'none',
  });
  return { kind: 'failed', message };
}

/**
 * 4. Record the attempt (strict durability: it must survive a crash the POST may not), POST, and
 * 5. look again for a copy (another browser at the same moment, a late-landing earlier attempt).
 */
async function postAndConfirm(a: Attempt, built: Extract<Attempt['built'], { ok: true }>): Promise<SendOutcome> {
  const { ctx, ink, rec, prior, now } = a;
  const sending: OutboxRecord = {
    orderId: a.orderId,
    status: 'sending',
    attemptAt: now.toISOString(),
    attempts: (prior?.attempts ?? 0) + 1,
    body: built.json,
    shippingMethod: a.method,
    sentItems: built.sentItems,
    ink: null,
    message: '',
    nextTryAt: new Date(now.getTime() + SETTLE_MS).toISOString(),
    bcShipment: 'none',
    autoResent: prior?.status === 'sending' && !a.opts.manual,
  };
  await putOutbox(ctx, sending, 'strict');
  // Checked after the record is written and nothing awaited between the check and the POST: what
  // leaves is what is stored now. Otherwise nothing is sent; the next attempt builds it afresh.
  if (!(await stillCurrent(ctx, a.orderId, built.json))) {
    await restoreOutbox(ctx, a.orderId, prior);
    return {
      kind: 'pending',
      stale: true,
      message:
        'Nothing was sent: the order or its links changed as it was being sent. Send it again to send it as it is now.',
    };
  }
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
  // The oldest live copy is kept, the same choice in every browser, even when the only one left
  // is another's (it may have cancelled ours already).
  const again = await findExisting(ink, rec, after);
  // Ours counts even when the list does not show it yet, unless it was cancelled.
  const copies = again.kind === 'ok' ? [...again.mine] : [];
  if (again.kind === 'ok' && !copies.some((o) => o.id === res.value.id) && !again.deleted.has(res.value.id))
    copies.push(res.value);
  let kept = res.value;
  let left: string[] = [];
  // Another copy on a first attempt: created by another sender at the same moment.
  if (!prior && copies.some((o) => o.id !== res.value.id)) await noteOtherSender(ctx.db, a.orderId, after);
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
  await setNotice(ctx, a.orderId, null);
  return { kind: 'sent', ink: info(kept), adopted: false };
}
