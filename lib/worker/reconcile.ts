/** Tracking's look for late copies of the orders sent (see `reconcileSent`). */
import type { EngineContext } from './engine';
import { duplicateMessage, info, isoSeconds, RECONCILE_MARGIN_MS, settleCopies } from './ink-reads';
import { putOutbox } from './outbox-record';
import type { InkOrderInfo, OutboxRecord } from '../types';
import type { InkClient, InkOrder } from '../inkthreadable';

/** Tracking reads look for late copies of orders sent within this long. */
const LATE_COPY_WINDOW_MS = 3 * 86_400_000;

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
