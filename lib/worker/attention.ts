/**
 * What could go wrong without a word, counted on the badge and explained where the merchant looks
 * (derived from storage every time, never counted in memory):
 *  - orders needing the merchant (their derived `needsAction`);
 *  - orders that should have gone out and have not: ready to go by themselves, or with a send
 *    left unconfirmed, for more than 5 minutes, whatever the reason;
 *  - orders sent but still unpaid at Inkthreadable after the merchant's setting (24 hours);
 *  - a service refusing the credentials;
 *  - orders Big Cartel listed that the extension could not read (kept by the sync as problems).
 * One notification per episode: an order newly overdue or unreadable, a service newly refusing.
 */
import { getMeta, setMeta, type Db, type OrderRecord } from './db';
import { countNeedingAction, type EngineContext } from './engine';
import type { Credentials } from './settings';
import type { AttentionView, OverdueOrder, ServiceState, UnpaidSummary } from '../views';
import type { OutboxRecord } from '../types';
import { getStatusMeta, type StatusMeta } from './sync-meta';

/** Ready (or a send unconfirmed) for this long, and not sent: the merchant is told. */
const OVERDUE_MS = 5 * 60_000;
/** The unpaid orders are read again at most this often (a pass over every sent order). */
const UNPAID_EVERY_MS = 10 * 60_000;

/** Shown in the popup at most. */
const UNREADABLE_SHOWN = 20;

async function unreadableOrders(db: Db): Promise<NonNullable<AttentionView['unreadable']>> {
  const problems = (await getMeta<{ id: string; message: string }[]>(db, 'problems')) ?? [];
  return {
    count: problems.length,
    items: problems.slice(0, UNREADABLE_SHOWN).map(({ id, message }) => ({ id, message })),
  };
}

/** Stored: the unpaid summary of the last pass, and who was already notified in this episode. */
interface AttentionMeta {
  unpaid: UnpaidSummary;
  unpaidAt: string | null;
  notifiedOverdue: string[];
  notifiedRefused: string[];
  notifiedUnreadable?: string[];
}

const NO_UNPAID: UnpaidSummary = { count: 0, orderIds: [], due: null };
const EMPTY_META: AttentionMeta = { unpaid: NO_UNPAID, unpaidAt: null, notifiedOverdue: [], notifiedRefused: [] };

async function attentionMeta(db: Db): Promise<AttentionMeta> {
  return { ...EMPTY_META, ...((await getMeta<Partial<AttentionMeta>>(db, 'attention')) ?? {}) };
}

/** What is wrong with the services, for an order not sent yet: in words, naming the service. */
function serviceProblems(status: StatusMeta, creds: Credentials): string[] {
  const out: string[] = [];
  if (!creds.inkthreadable) out.push('Inkthreadable: not connected. Connect it in Settings to send orders.');
  else if (problem(status.inkthreadable)) out.push(`Inkthreadable: ${status.inkthreadable.message}`);
  if (creds.bigcartel && problem(status.bigcartel)) out.push(`Big Cartel: ${status.bigcartel.message}`);
  return out;
}

function problem(s: ServiceState): boolean {
  return s.state === 'auth' || s.state === 'error';
}

/** The last reason a send did not happen, per order (kept until the order goes out). */
export async function noteUnsent(db: Db, orderId: string, message: string, at: Date): Promise<void> {
  const notes = (await getMeta<Record<string, { message: string; at: string }>>(db, 'unsent')) ?? {};
  if (notes[orderId]?.message === message) return;
  notes[orderId] = { message, at: at.toISOString() };
  await setMeta(db, 'unsent', notes);
}

/** Forget the reasons kept for orders no longer waiting to go out by themselves. */
async function pruneUnsentNotes(db: Db): Promise<void> {
  const notes = await getMeta<Record<string, { message: string; at: string }>>(db, 'unsent');
  if (!notes || !Object.keys(notes).length) return;
  const waiting = new Set(await db.getAllKeysFromIndex('orders', 'bySendable', ['ready', 0]));
  const kept = Object.fromEntries(Object.entries(notes).filter(([id]) => waiting.has(id)));
  if (Object.keys(kept).length !== Object.keys(notes).length) await setMeta(db, 'unsent', kept);
}

/** Orders that should have gone out by now and have not, each with the reason. */
async function overdueOrders(db: Db, now: Date, status: StatusMeta, creds: Credentials): Promise<OverdueOrder[]> {
  const tx = db.transaction(['orders', 'outbox', 'meta']);
  const [ready, sending, notes] = await Promise.all([
    tx.objectStore('orders').index('bySendable').getAll(['ready', 0]),
    tx.objectStore('outbox').index('byStatus').getAll('sending'),
    tx.objectStore('meta').get('unsent') as Promise<Record<string, { message: string }> | undefined>,
  ]);
  const late = (iso: string | undefined) => !!iso && now.getTime() - Date.parse(iso) >= OVERDUE_MS;
  const services = serviceProblems(status, creds).filter((p) => p.startsWith('Inkthreadable'));
  const out: OverdueOrder[] = [];
  for (const rec of ready as OrderRecord[]) {
    if (!late(rec.readySince)) continue;
    const note = notes?.[rec.id]?.message;
    const reason =
      services[0] ??
      (note
        ? `Not sent yet: ${note}`
        : 'Not sent yet, and no answer says why. Send it now: if it fails, the reason shows here.');
    out.push({ id: rec.id, since: rec.readySince!, reason });
  }
  // A send left unconfirmed (no clear answer, the check not possible yet): counted unless the
  // order already needs the merchant for another reason (then it is counted once, there).
  const sendingOrders = sending.length
    ? await Promise.all((sending as OutboxRecord[]).map((s) => db.get('orders', s.orderId)))
    : [];
  (sending as OutboxRecord[]).forEach((s, i) => {
    if (!late(s.attemptAt) || sendingOrders[i]?.needsAction === 1) return;
    out.push({
      id: s.orderId,
      since: s.attemptAt,
      reason:
        services[0] ??
        (s.message ? `Not confirmed yet: ${s.message}` : 'Sent, but Inkthreadable has not confirmed it yet.'),
    });
  });
  return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
}

/** When an Inkthreadable order was sent: our first attempt, or Inkthreadable's date if earlier. */
function sentAt(ob: OutboxRecord): number {
  const ours = Date.parse(ob.attemptAt);
  const theirsText = ob.ink?.createdAt ?? '';
  // Only a date with its time zone: a bare local time could be hours off.
  const theirs = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(theirsText) ? Date.parse(theirsText) : NaN;
  if (Number.isFinite(theirs) && (!Number.isFinite(ours) || theirs < ours)) return theirs;
  return ours;
}

/** An order Inkthreadable holds, unpaid (`received`), not shipped, for `hours` or more. */
function unpaidAged(ob: OutboxRecord, now: Date, hours: number): boolean {
  const ink = ob.ink;
  if (ob.status !== 'sent' || !ink || ink.deleted || ink.trackingNumber || ink.shippedAt) return false;
  if (ink.status.trim().toLowerCase() !== 'received') return false;
  const at = sentAt(ob);
  return Number.isFinite(at) && now.getTime() - at >= hours * 3_600_000;
}

/** How many sent orders wait for payment past the setting, and what they come to. */
async function unpaidSummary(db: Db, now: Date, hours: number): Promise<UnpaidSummary> {
  const sent = (await db.getAllFromIndex('outbox', 'byStatus', 'sent')).filter((ob) => unpaidAged(ob, now, hours));
  const byCurrency = new Map<string, number>();
  let known = true;
  for (const ob of sent) {
    const due = ob.ink?.due;
    if (!due) known = false;
    else byCurrency.set(due.currency, (byCurrency.get(due.currency) ?? 0) + Math.round(due.amount * 100));
  }
  const orderIds = sent.map((ob) => ob.orderId).sort();
  return {
    count: orderIds.length,
    orderIds,
    due: known && sent.length ? [...byCurrency].map(([currency, cents]) => ({ currency, amount: cents / 100 })) : null,
  };
}

function refusedServices(status: StatusMeta, creds: Credentials): AttentionView['refused'] {
  const out: AttentionView['refused'] = [];
  if (creds.bigcartel && status.bigcartel.state === 'auth') out.push('bigcartel');
  if (creds.inkthreadable && status.inkthreadable.state === 'auth') out.push('inkthreadable');
  return out;
}

/** Everything counted besides the orders' own states, read from storage now. */
export async function readAttention(db: Db, now: Date, creds: Credentials): Promise<AttentionView> {
  const [status, meta] = await Promise.all([getStatusMeta(db), attentionMeta(db)]);
  return {
    overdue: await overdueOrders(db, now, status, creds),
    unpaid: meta.unpaid,
    refused: refusedServices(status, creds),
    unreadable: await unreadableOrders(db),
  };
}

export interface BadgeCount {
  total: number;
  needsAction: number;
  attention: AttentionView;
}

/** The badge's number: orders needing the merchant, overdue, unpaid past the setting, refusals. */
export async function badgeCount(db: Db, now: Date, creds: Credentials): Promise<BadgeCount> {
  const [needsAction, attention] = await Promise.all([countNeedingAction(db), readAttention(db, now, creds)]);
  return {
    total:
      needsAction +
      attention.overdue.length +
      attention.unpaid.count +
      attention.refused.length +
      (attention.unreadable?.count ?? 0),
    needsAction,
    attention,
  };
}

/** The badge's tooltip: what the number counts, in words. */
export function badgeTitle(b: BadgeCount): string {
  const parts: string[] = [];
  const n = (k: number, one: string, many: string) => (k === 1 ? one : many.replace('#', String(k)));
  if (b.needsAction) parts.push(n(b.needsAction, '1 order needs you', '# orders need you'));
  if (b.attention.overdue.length)
    parts.push(n(b.attention.overdue.length, '1 order not sent yet', '# orders not sent yet'));
  if (b.attention.unpaid.count)
    parts.push(n(b.attention.unpaid.count, '1 order waits for payment', '# orders wait for payment'));
  for (const s of b.attention.refused)
    parts.push(`${s === 'bigcartel' ? 'Big Cartel' : 'Inkthreadable'} refused the credentials`);
  const unreadable = b.attention.unreadable?.count ?? 0;
  if (unreadable)
    parts.push(n(unreadable, '1 Big Cartel order could not be read', '# Big Cartel orders could not be read'));
  return parts.length ? `Inkthreadable: ${parts.join('; ')}` : 'Inkthreadable orders';
}

/**
 * The regular pass (every poll, and at start-up): the unpaid summary when due (or `force`), and
 * one notification per episode for orders newly overdue and services newly refusing. Tells the
 * pages and redraws the badge when what it counts changed.
 */
export async function reviewAttention(ctx: EngineContext, opts: { force?: boolean } = {}): Promise<AttentionView> {
  const now = ctx.now();
  const [settings, creds] = await Promise.all([ctx.settings(), ctx.credentials()]);
  const meta = await attentionMeta(ctx.db);
  let unpaid = meta.unpaid;
  let unpaidAt = meta.unpaidAt;
  if (opts.force || !unpaidAt || now.getTime() - Date.parse(unpaidAt) >= UNPAID_EVERY_MS) {
    unpaid = await unpaidSummary(ctx.db, now, settings.unpaidHours);
    unpaidAt = now.toISOString();
  }
  const status = await getStatusMeta(ctx.db);
  const overdue = await overdueOrders(ctx.db, now, status, creds);
  const refused = refusedServices(status, creds);
  const unreadable = await unreadableOrders(ctx.db);
  const unreadableIds = unreadable.items.map((p) => p.id);
  const newUnreadable = unreadable.items.filter((p) => !(meta.notifiedUnreadable ?? []).includes(p.id));

  const overdueIds = overdue.map((o) => o.id);
  const newOverdue = overdueIds.filter((id) => !meta.notifiedOverdue.includes(id));
  const newRefused = refused.filter((s) => !meta.notifiedRefused.includes(s));
  if (settings.notifications) {
    if (newOverdue.length) {
      const first = overdue.find((o) => o.id === newOverdue[0])!;
      await ctx.notify(
        newOverdue.length === 1
          ? `Order ${first.id} has not gone to Inkthreadable`
          : `${newOverdue.length} orders have not gone to Inkthreadable`,
        first.reason,
        first.id,
      );
    }
    for (const s of newRefused) {
      const st = status[s];
      await ctx.notify(`${s === 'bigcartel' ? 'Big Cartel' : 'Inkthreadable'} refused the extension`, st.message, '');
    }
    if (newUnreadable.length) {
      await ctx.notify(
        newUnreadable.length === 1
          ? 'A Big Cartel order could not be read'
          : `${newUnreadable.length} Big Cartel orders could not be read`,
        `${newUnreadable[0]!.message}. Fulfil it by hand in Big Cartel, or correct it there and sync again.`,
        newUnreadable[0]!.id,
      );
    }
  }
  await pruneUnsentNotes(ctx.db);
  const next: AttentionMeta = {
    unpaid,
    unpaidAt,
    notifiedOverdue: overdueIds,
    notifiedRefused: refused,
    notifiedUnreadable: unreadableIds,
  };
  const counted = (m: AttentionMeta) =>
    JSON.stringify([m.unpaid, m.notifiedOverdue, m.notifiedRefused, m.notifiedUnreadable ?? []]);
  const changed = counted(next) !== counted(meta);
  if (changed || next.unpaidAt !== meta.unpaidAt) await setMeta(ctx.db, 'attention', next);
  if (changed) {
    const ids = [...new Set([...overdueIds, ...meta.notifiedOverdue, ...unpaid.orderIds, ...meta.unpaid.orderIds])];
    await ctx.changed(ids.length ? ids : null);
  }
  return { overdue, unpaid, refused, unreadable };
}

const UNSENT_STATES = new Set(['needs-linking', 'ready', 'sending', 'failed']);

export type OrderAttention = { overdue: { since: string; reason: string } | null; serviceProblems: string[] };
const NO_ATTENTION: OrderAttention = { overdue: null, serviceProblems: [] };

/**
 * For orders' views: the services' problems while an order is not sent, and why it is overdue.
 * What they need is read once, when first needed, for any number of orders.
 */
export function attentionOf(db: Db, now: Date, creds: Credentials): (rec: OrderRecord) => Promise<OrderAttention> {
  let status: Promise<StatusMeta> | undefined;
  let late: Promise<OverdueOrder[]> | undefined;
  return async (rec) => {
    if (!UNSENT_STATES.has(rec.state)) return NO_ATTENTION;
    status ??= getStatusMeta(db);
    const s = await status;
    const mayBeLate = (rec.state === 'ready' && rec.needsAction === 0) || rec.state === 'sending';
    if (mayBeLate) late ??= overdueOrders(db, now, s, creds);
    const o = mayBeLate ? (await late)!.find((x) => x.id === rec.id) : undefined;
    return { overdue: o ? { since: o.since, reason: o.reason } : null, serviceProblems: serviceProblems(s, creds) };
  };
}
