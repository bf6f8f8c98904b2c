/** Links: saving one or several (from the link dialog and the options page), deleting, listing. */
import type { OrderRecord } from '../db';
import { linksWritten, recompute, type EngineContext } from '../engine';
import { refreshLinkHealth } from '../link-health';
import { sendReady } from '../sends';
import { makeLink, type LinkInput } from '../../links';
import type { Link } from '../../types';
import { UserError } from './errors';
import type { Handlers } from './types';

/** Save links and recompute the orders they touch; returns how many waiting orders became complete. */
async function saveLinks(
  ctx: EngineContext,
  inputs: readonly LinkInput[],
): Promise<{ links: Link[]; completes: number }> {
  const now = ctx.now();
  const links: Link[] = [];
  for (const input of inputs) {
    const made = makeLink(input, now);
    if (!made.ok)
      throw new UserError(
        inputs.length > 1 ? `${input.productName} ${input.optionName}: ${made.message}` : made.message,
      );
    links.push(made.link);
  }
  const tx = ctx.db.transaction('links', 'readwrite');
  await Promise.all([...links.map((l) => tx.store.put(l)), tx.done]);
  const completes = await afterLinksChanged(ctx, [...new Set(links.map((l) => l.productId))]);
  return { links, completes };
}

/**
 * After links of some products were written or deleted: the link health, the orders holding those
 * products recomputed (and sent when ready); returns how many waiting orders became complete.
 */
export async function afterLinksChanged(ctx: EngineContext, productIds: readonly string[]): Promise<number> {
  linksWritten(ctx.db);
  await refreshLinkHealth(ctx.db, ctx.now());
  const ids = new Set<string>();
  const before = new Map<string, OrderRecord>();
  for (const pid of productIds) {
    for (const rec of await ctx.db.getAllFromIndex('orders', 'byProduct', pid)) {
      ids.add(rec.id);
      before.set(rec.id, rec);
    }
  }
  const changed = await recompute(ctx, [...ids]);
  const completes = changed.filter(
    (r) => before.get(r.id)?.state === 'needs-linking' && r.state !== 'needs-linking',
  ).length;
  await ctx.changed(changed.length ? changed.map((r) => r.id) : null);
  void sendReady(
    ctx,
    changed.map((r) => r.id),
  ).catch((err) => console.error('Sending after a link failed', err));
  return completes;
}

export const linkHandlers: Handlers<'saveLink' | 'saveLinks' | 'deleteLink' | 'listLinks'> = {
  async saveLink(ctx, req) {
    const { links, completes } = await saveLinks(ctx, [req.link]);
    return { link: links[0]!, completes };
  },

  async saveLinks(ctx, req) {
    const { links, completes } = await saveLinks(ctx, req.links);
    return { saved: links.length, completes };
  },

  async deleteLink(ctx, req) {
    const link = await ctx.db.get('links', req.key);
    if (!link) return { deleted: false };
    await ctx.db.delete('links', req.key);
    await afterLinksChanged(ctx, [link.productId]);
    return { deleted: true };
  },

  listLinks: (ctx) => ctx.db.getAll('links'),
};
