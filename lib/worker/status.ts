/** The status the popup, the options page and the overlay show: both services, the sync, the badge's reasons. */
import { getMeta } from './db';
import type { EngineContext } from './engine';
import { readAttention } from './attention';
import { linkHealthSummary } from './link-health';
import { readOtherSender } from './other-sender';
import { readSettings } from './settings';
import { getStatusMeta, UNCONFIGURED, type AccountMeta, type SyncMeta } from './sync-meta';
import { adminOriginOr } from '../hosts';
import type { StatusView } from '../views';

export async function statusView(ctx: EngineContext): Promise<StatusView> {
  const [status, sync, account, pending, adminOrigin, health] = await Promise.all([
    getStatusMeta(ctx.db),
    getMeta<SyncMeta>(ctx.db, 'sync'),
    getMeta<AccountMeta>(ctx.db, 'account'),
    ctx.db.countFromIndex('orders', 'byNeedsAction', IDBKeyRange.bound([1, ''], [1, '\uffff'])),
    getMeta<string>(ctx.db, 'adminOrigin'),
    linkHealthSummary(ctx.db, ctx.now()),
  ]);
  const creds = await ctx.credentials();
  const [attention, stored, otherSender] = await Promise.all([
    readAttention(ctx.db, ctx.now(), creds),
    readSettings(),
    readOtherSender(ctx.db, ctx.now()),
  ]);
  return {
    storeName: account?.storeName || account?.subdomain || '',
    bigcartel: creds.bigcartel ? status.bigcartel : UNCONFIGURED.bigcartel,
    inkthreadable: creds.inkthreadable
      ? status.inkthreadable.state === 'unconfigured'
        ? { state: 'ok', message: 'Connected' }
        : status.inkthreadable
      : UNCONFIGURED.inkthreadable,
    lastSyncAt: sync?.lastSyncAt ?? null,
    syncing: status.syncing,
    import: sync && sync.phase !== 'poll' ? { running: true, read: sync.importRead, total: sync.importTotal } : null,
    pending,
    linksNeedingAttention: health.count,
    catalogueToLink: health.toLink,
    adminOrigin: adminOriginOr(adminOrigin),
    attention,
    ...(stored.unreadable ? { settingsUnreadable: true } : {}),
    // Said while this browser sends by itself: it is the pair of automatic senders that races.
    ...(otherSender && stored.settings.autoSend ? { otherSender } : {}),
  };
}
