/**
 * The catalogue: a product's options, the product page overlay's view, and the Products view's
 * stored records (the options page builds the view from them, lib/catalogue-view.ts) and their refresh.
 */
import { getMeta } from '../db';
import type { EngineContext } from '../engine';
import { CATALOGUE_FRESH_MS, catalogueMeta, refreshCatalogue } from '../catalogue';
import { catalogueData, productPageView } from '../catalogue-views';
import { refreshLinkHealth } from '../link-health';
import type { AccountMeta } from '../sync-meta';
import type { Responses } from '../../protocol';
import { UserError } from './errors';
import type { Handlers } from './types';

/** A product's options: from the stored catalogue, else read from Big Cartel (and stored). */
async function productOptions(ctx: EngineContext, productId: string): Promise<Responses['getProductOptions']> {
  const product = await ctx.db.get('products', productId);
  if (product) return product.options.map((o) => ({ id: o.id, name: o.name }));
  const creds = await ctx.credentials();
  const account = await getMeta<AccountMeta>(ctx.db, 'account');
  if (!creds.bigcartel || !account) return [];
  const res = await ctx.bcClient(creds.bigcartel).getProduct(account.id, productId);
  if (res.kind !== 'ok') return [];
  await ctx.db.put('products', { ...res.value, fetchedAt: ctx.now().toISOString() });
  await refreshLinkHealth(ctx.db, ctx.now());
  return res.value.options.map((o) => ({ id: o.id, name: o.name }));
}

export const catalogueHandlers: Handlers<'getProductOptions' | 'getProductPage' | 'getCatalogue' | 'refreshCatalogue'> =
  {
    getProductOptions: (ctx, req) => productOptions(ctx, req.productId),
    getProductPage: (ctx, req) => productPageView(ctx, req.productId),
    getCatalogue: (ctx) => catalogueData(ctx),

    async refreshCatalogue(ctx, req) {
      const meta = await catalogueMeta(ctx.db);
      const fresh =
        meta.refreshedAt && !meta.message && ctx.now().getTime() - Date.parse(meta.refreshedAt) < CATALOGUE_FRESH_MS;
      if (req.force || !fresh) {
        // A failed read is kept in the view's meta (shown there); a read that could not start is said when asked for.
        const res = await refreshCatalogue(ctx);
        if (req.force && !res.ran && !/already/.test(res.message)) throw new UserError(res.message);
      }
      return catalogueData(ctx);
    },
  };
