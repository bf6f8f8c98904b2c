/** Writing an order's outbox record and its notice, each followed by the order's recompute. */
import { recompute, type EngineContext } from './engine';
import type { InkNotice, OutboxRecord } from '../types';

const BACKOFF_MS = [60_000, 120_000, 300_000, 900_000, 1_800_000];

export async function putOutbox(
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
export async function setNotice(ctx: EngineContext, orderId: string, notice: InkNotice | null): Promise<void> {
  const cur = await ctx.db.get('orders', orderId);
  if (!cur) return;
  if (!notice && !cur.inkNotice) return;
  await ctx.db.put('orders', notice ? { ...cur, inkNotice: notice, holdAutoSend: true } : { ...cur, inkNotice: null });
  await recompute(ctx, [orderId]);
  await ctx.changed([orderId]);
}

/** When an unfinished send is looked at again, after `attempts` tries. */
export function backoff(now: Date, attempts: number): string {
  const ms = BACKOFF_MS[Math.min(Math.max(attempts - 1, 0), BACKOFF_MS.length - 1)]!;
  return new Date(now.getTime() + ms).toISOString();
}

/** Put the outbox back as it was before an attempt that sent nothing. */
export async function restoreOutbox(
  ctx: EngineContext,
  orderId: string,
  prior: OutboxRecord | undefined,
): Promise<void> {
  if (prior) return putOutbox(ctx, prior);
  await ctx.db.delete('outbox', orderId);
  await recompute(ctx, [orderId]);
  await ctx.changed([orderId]);
}
