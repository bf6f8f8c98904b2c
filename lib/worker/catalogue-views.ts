/** The catalogue's views: the Products view's records, and the product page overlay's view. */
import type { ProductRecord } from './db';
import { getMeta } from './db';
import type { EngineContext } from './engine';
import { catalogueMeta } from './catalogue';
import { refreshLinkHealth, salesSince } from './link-health';
import { buildCatalogueView, productOptions } from '../catalogue-view';
import { linkKey } from '../links';
import type { CatalogueData, CatalogueView, ItemInfo, ProductPageView } from '../views';
import type { BcAccount } from '../types';

const DAY_MS = 86_400_000;

/** The stored records the Products view is built from (no request to Big Cartel). */
export async function catalogueData(ctx: EngineContext): Promise<CatalogueData> {
  const now = ctx.now().getTime();
  const [meta, products, links, sold30, sold90] = await Promise.all([
    catalogueMeta(ctx.db),
    ctx.db.getAll('products'),
    ctx.db.getAll('links'),
    salesSince(ctx.db, new Date(now - 30 * DAY_MS).toISOString()),
    salesSince(ctx.db, new Date(now - 90 * DAY_MS).toISOString()),
  ]);
  return { meta, products, links, sold30: [...sold30], sold90: [...sold90] };
}

/** Everything the Products view shows, as the options page builds it from catalogueData (tests use it). */
export async function catalogueView(ctx: EngineContext): Promise<CatalogueView> {
  return buildCatalogueView(await catalogueData(ctx), ctx.now().getTime());
}

/** The product page overlay's data: each option of the product with its link state. */
export async function productPageView(ctx: EngineContext, productId: string): Promise<ProductPageView> {
  let product: ProductRecord | undefined = await ctx.db.get('products', productId);
  if (!product) {
    const creds = (await ctx.credentials()).bigcartel;
    const account = await getMeta<BcAccount>(ctx.db, 'account');
    if (creds && account) {
      const res = await ctx.bcClient(creds).getProduct(account.id, productId);
      if (res.kind === 'ok') {
        product = { ...res.value, fetchedAt: ctx.now().toISOString(), deletedAt: null };
        await ctx.db.put('products', product);
        await refreshLinkHealth(ctx.db, ctx.now());
      }
    }
  }
  if (!product) return { product: null, items: [] };
  const links = new Map((await ctx.db.getAllFromIndex('links', 'byProduct', productId)).map((l) => [l.key, l]));
  const items = productOptions(product, links)
    .filter((o) => !o.deleted)
    .map(
      (o): ItemInfo => ({
        id: o.id ?? linkKey(productId, null),
        productId,
        optionId: o.id,
        productName: product.name,
        optionName: o.name,
        quantity: 0,
        price: 0,
        disposition: o.disposition,
        link: o.link,
      }),
    );
  return { product: { id: product.id, name: product.name }, items };
}
