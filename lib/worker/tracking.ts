/** Following orders sent to Inkthreadable until they ship, and marking them shipped in Big Cartel. */
import { getMeta, setMeta } from './db';
import type { EngineContext } from './engine';
import { info } from './ink-reads';
import { reconcileSent } from './reconcile';
import type { AccountMeta, SyncMeta } from './sync-meta';

const TRACK_EVERY_MS = 10 * 60_000;

/**
 * Follow orders sent to Inkthreadable until they ship; optionally mark them shipped in Big
 * Cartel (once) with the tracking number.
 */
export async function trackSent(ctx: EngineContext, force: boolean): Promise<void> {
  const sync = await getMeta<SyncMeta>(ctx.db, 'sync');
  const now = ctx.now();
  if (!force && sync?.lastTrackAt && now.getTime() - Date.parse(sync.lastTrackAt) < TRACK_EVERY_MS) return;
  const creds = await ctx.credentials();
  if (!creds.inkthreadable) return;
  const ink = ctx.inkClient(creds.inkthreadable);
  const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
  const open = sent.filter((r) => r.ink && !r.ink.deleted && !r.ink.trackingNumber && !r.ink.shippedAt);
  for (let i = 0; i < open.length; i += 50) {
    const chunk = open.slice(i, i + 50);
    const res = await ink.listOrders({ ids: chunk.map((r) => r.ink!.id), limit: 250 });
    if (res.kind !== 'ok') break;
    const byId = new Map(res.value.map((o) => [o.id, o]));
    for (const rec of chunk) {
      const o = byId.get(rec.ink!.id);
      if (!o) continue;
      const ink2 = info(o);
      if (JSON.stringify(ink2) !== JSON.stringify(rec.ink)) await ctx.db.put('outbox', { ...rec, ink: ink2 });
    }
    await ctx.changed(chunk.map((r) => r.orderId));
  }
  // Copies that landed late (after a resend) or duplicates the merchant has cancelled since.
  await reconcileSent(ctx, ink);
  if (sync)
    await setMeta(ctx.db, 'sync', {
      ...((await getMeta<SyncMeta>(ctx.db, 'sync')) ?? sync),
      lastTrackAt: now.toISOString(),
    });
  await markShippedInBigCartel(ctx);
}

async function markShippedInBigCartel(ctx: EngineContext): Promise<void> {
  const settings = await ctx.settings();
  if (!settings.markShipped) return;
  const creds = await ctx.credentials();
  const account = await getMeta<AccountMeta>(ctx.db, 'account');
  if (!creds.bigcartel || !account) return;
  const bc = ctx.bcClient(creds.bigcartel);
  const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
  for (const rec of sent) {
    if (!rec.ink || !(rec.ink.trackingNumber || rec.ink.shippedAt) || rec.bcShipment === 'created') continue;
    if (rec.bcShipment === 'creating') {
      // A shipment may have been made before an interruption: look before making another.
      const cur = await bc.getOrder(account.id, rec.orderId);
      if (cur.kind !== 'ok') continue;
      if (cur.value.shippingStatus === 'shipped') {
        await ctx.db.put('outbox', { ...rec, bcShipment: 'created' });
        continue;
      }
    }
    const order = await ctx.db.get('orders', rec.orderId);
    const items = Object.entries(rec.sentItems).map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
    if (!order || items.length === 0) continue;
    await ctx.db.put('outbox', { ...rec, bcShipment: 'creating' });
    const res = await bc.createShipment(account.id, rec.orderId, {
      items,
      carrier: 'Inkthreadable',
      trackingNumber: rec.ink.trackingNumber,
      notifyCustomer: true,
    });
    if (res.kind === 'ok') await ctx.db.put('outbox', { ...rec, bcShipment: 'created' });
  }
}
