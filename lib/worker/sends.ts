/**
 * The sends a pass makes by itself: every order ready to go, and the unfinished sends whose next
 * try has come (each through sendOrder, one order at a time).
 */
import type { OrderRecord } from './db';
import type { EngineContext } from './engine';
import { noteUnsent } from './attention';
import { sendOrder } from './outbox';

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
