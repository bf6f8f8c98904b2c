/**
 * Reading Inkthreadable for the send path: a complete list read for one order's copies, the
 * count cross-check before a re-POST, several copies settled (the oldest kept, the others
 * cancelled while unpaid), orders of Inkthreadable's own integration, and the words for what was
 * found. Pure reads and messages: nothing here writes the outbox.
 */
import type { OrderRecord } from './db';
import type { EngineContext } from './engine';
import { compareOrder, type Expected, type Match } from './inkmatch';
import type { InkOrderInfo } from '../types';
import type { InkClient, InkOrder } from '../inkthreadable';

/** Reconciliation looks at Inkthreadable orders created since the Big Cartel order, minus this. */
export const RECONCILE_MARGIN_MS = 6 * 3_600_000;
/** An order of Inkthreadable's own integration is created within a day of the Big Cartel order. */
const FOREIGN_WINDOW_MS = 86_400_000;
/** Clock differences between the two services. */
const FOREIGN_SKEW_MS = 3_600_000;
/** At most this many orders of unknown origin are read one by one for their details per send. */
const MAX_DETAIL_READS = 20;

export function info(o: InkOrderInfo): InkOrderInfo {
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

export type Reading =
  | { kind: 'ok'; mine: InkOrder[]; deleted: Set<string>; listed: InkOrder[]; read: number; createdAtMin: string }
  | { kind: 'unavailable'; message: string };

function createdAtMinFor(rec: OrderRecord, now: Date): string {
  const since = rec.order.createdAt ? new Date(rec.order.createdAt).getTime() : now.getTime() - 30 * 86_400_000;
  return isoSeconds(Math.min(since, now.getTime()) - RECONCILE_MARGIN_MS);
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A complete read of the Inkthreadable orders created since the Big Cartel order (or unknown):
 * the live ones carrying its id, oldest first, and every live order listed.
 */
export async function findExisting(ink: InkClient, rec: OrderRecord, now: Date): Promise<Reading> {
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
export async function countAgrees(ink: InkClient, reading: Extract<Reading, { kind: 'ok' }>): Promise<string | null> {
  const count = await ink.countOrders({ createdAtMin: reading.createdAtMin });
  if (count.kind !== 'ok') return `Inkthreadable's order count could not be read to check the list (${count.message})`;
  if (count.value !== reading.read)
    return `Inkthreadable's order list (${reading.read}) and its count (${count.value}) disagree; the list may be incomplete`;
  return null;
}

/** The order with its recipient and items: from the list when it shows them, else read alone. */
export async function withDetails(ink: InkClient, o: InkOrder): Promise<InkOrder | null> {
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
export async function settleCopies<T extends { id: string; status: string }>(
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

export function duplicateMessage(kept: string, left: readonly string[]): string {
  const ids = [kept, ...left];
  const n = ids.length;
  return `Inkthreadable holds this order ${n === 2 ? 'twice' : `${n} times`} (orders ${ids.join(' and ')}), and the extra ${left.length === 1 ? 'one' : 'ones'} (${left.join(', ')}) could not be cancelled: already paid or in production. Cancel or refund ${left.length === 1 ? 'it' : 'them'} in Inkthreadable; order ${kept} is the one kept.`;
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

export function mismatchMessage(o: InkOrder, m: Exclude<Match, { kind: 'match' }>, e: Expected | null): string {
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
export async function findForeign(
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

export function foreignMessage(orders: readonly InkOrder[]): string {
  const names = orders.map(
    (o) => `${o.id}${o.externalId ? ` (“${o.externalId}”)` : ''}${o.createdAt ? `, created ${o.createdAt}` : ''}`,
  );
  return `${FOREIGN_WARNING}: its order ${names.join('; ')} is for the same customer, postcode and products, and was not sent by this extension. It was not sent automatically. If Inkthreadable's integration is also connected to this store, turn one of the two off. Send sends it anyway.`;
}
