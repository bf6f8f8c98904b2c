/** The status: reading it, "Sync now", and the admin page a content script reports. */
import { getMeta, setMeta } from '../db';
import { afterSync } from '../catalogue';
import { reviewAttention } from '../attention';
import { runSync } from '../sync';
import { statusView } from '../status';
import { isAdminOrigin } from '../../hosts';
import { UserError } from './errors';
import type { Handlers } from './types';

export const statusHandlers: Handlers<'syncNow' | 'pageVisit' | 'getStatus'> = {
  async syncNow(ctx) {
    await afterSync(ctx, { manual: true, ordersRead: (await runSync(ctx, { manual: true })).read });
    await reviewAttention(ctx, { force: true });
    return statusView(ctx);
  },

  async pageVisit(ctx, req) {
    // The origin is what the content script says: stored only when it is an admin host (it is
    // opened from the popup and notifications). Every admin page says so: write only on a change.
    if (!isAdminOrigin(req.origin)) throw new UserError('That page is not a Big Cartel admin page.');
    if ((await getMeta<string>(ctx.db, 'adminOrigin')) !== req.origin) await setMeta(ctx.db, 'adminOrigin', req.origin);
    return null;
  },

  getStatus: (ctx) => statusView(ctx),
};
