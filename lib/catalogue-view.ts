/**
 * The catalogue as the merchant sees it, built from the stored records alone (pure: no database,
 * no request): each product's options with the link that decides them, what is wrong with a link
 * against the catalogue, and the whole Products view. The worker builds the product page
 * overlay's view and counts the links needing attention with it; the options page builds the
 * Products view from the records the worker returns.
 *
 * Health: a link is judged only against a catalogue read made after the link was saved (an
 * option newer than our copy of the catalogue is not "deleted").
 */
import { linkFitsItem, linkKey, resolveLink } from './links';
import type { Link } from './types';
import type {
  CatalogueData,
  CatalogueOption,
  CatalogueProduct,
  CatalogueView,
  ItemInfo,
  LinkIssue,
  StoredProduct,
} from './views';

const STALE_RUN_MS = 5 * 60_000;

function quoted(s: string): string {
  return `“${s}”`;
}

/**
 * What is wrong with a link, judged against the stored catalogue; null when nothing is (or
 * nothing can be known: the product was never read, or not read since the link was saved).
 */
export function linkIssue(link: Link, product: StoredProduct | undefined): LinkIssue | null {
  if (!product) return null;
  const readAt = product.deletedAt || product.fetchedAt;
  if (!readAt || readAt <= link.updatedAt) return null;
  if (product.deletedAt) {
    return {
      key: link.key,
      kind: 'product-deleted',
      message: 'The product was deleted in Big Cartel: no new order can hold it. Remove the link.',
    };
  }
  if (link.optionId === null) return null;
  const option = product.options.find((o) => o.id === link.optionId);
  if (!option) {
    return {
      key: link.key,
      kind: 'option-deleted',
      message: `The option ${quoted(link.optionName || link.optionId)} was deleted in Big Cartel: no new order can hold it. Remove the link, or link the option that replaced it.`,
    };
  }
  // An option whose details Big Cartel left out has no name to compare: nothing is said.
  if (option.name && !linkFitsItem(link, option.name)) {
    return {
      key: link.key,
      kind: 'option-renamed',
      currentName: option.name,
      message: `Renamed: the link was made for ${quoted(link.optionName)}, and Big Cartel now calls this option ${quoted(option.name)}. Orders under the new name wait for you until you keep or edit the link.`,
    };
  }
  return null;
}

/** Every link needing attention. */
export function linkIssues(links: Iterable<Link>, products: ReadonlyMap<string, StoredProduct>): LinkIssue[] {
  const out: LinkIssue[] = [];
  for (const link of links) {
    const issue = linkIssue(link, products.get(link.productId));
    if (issue) out.push(issue);
  }
  return out;
}

/** What a view shows of a link (an order item's, an option's): no timestamps, no names. */
export function linkInfo(link: Link | null): ItemInfo['link'] {
  return link
    ? {
        key: link.key,
        pn: link.pn,
        designs: link.designs,
        mockups: link.mockups,
        neverFulfil: link.neverFulfil,
        optionId: link.optionId,
      }
    : null;
}

function dispositionOf(link: Link | null): CatalogueOption['disposition'] {
  if (link?.neverFulfil) return 'never';
  if (link?.pn) return 'linked';
  return 'unlinked';
}

/** One product's options with their link state, as the merchant sees them (`links`: at least this product's). */
export function productOptions(
  product: Pick<StoredProduct, 'id' | 'name' | 'options'> & Partial<Pick<StoredProduct, 'fetchedAt' | 'deletedAt'>>,
  links: ReadonlyMap<string, Link>,
  sold30: ReadonlyMap<string, number> = new Map(),
  sold90: ReadonlyMap<string, number> = new Map(),
): CatalogueOption[] {
  const rec: StoredProduct = { fetchedAt: '', status: '', permalink: '', imageUrl: null, ...product };
  const options: CatalogueOption[] = [];
  const entries: { id: string | null; name: string }[] = product.options.length
    ? product.options
    : [{ id: null, name: '' }];
  for (const o of entries) {
    const item = {
      id: '',
      productId: product.id,
      optionId: o.id,
      productName: product.name,
      optionName: o.name,
      quantity: 1,
      price: 0,
      imageUrl: null,
    };
    const applies = resolveLink(item, links);
    const own = o.id ? (links.get(linkKey(product.id, o.id)) ?? null) : null;
    const key = linkKey(product.id, o.id);
    options.push({
      id: o.id,
      name: o.name,
      disposition: dispositionOf(applies),
      via: applies ? (applies.optionId === null ? 'product' : 'option') : null,
      link: linkInfo(own ?? applies),
      deleted: false,
      issue: own ? linkIssue(own, rec) : applies ? linkIssue(applies, rec) : null,
      sold30: sold30.get(key) ?? 0,
      sold90: sold90.get(key) ?? 0,
    });
  }
  // Links to options Big Cartel no longer has: shown so the merchant can remove them.
  const known = new Set(product.options.map((o) => o.id));
  for (const link of links.values()) {
    if (link.productId !== product.id || link.optionId === null || known.has(link.optionId)) continue;
    const issue = linkIssue(link, rec);
    if (!issue) continue;
    options.push({
      id: link.optionId,
      name: link.optionName,
      disposition: dispositionOf(link),
      via: 'option',
      link: linkInfo(link),
      deleted: true,
      issue,
      sold30: 0,
      sold90: 0,
    });
  }
  return options;
}

// Pure: the worker, which imports this module for productOptions, leaves it out.
const collator = /* @__PURE__ */ new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Links by product id. */
function linksByProduct(linkList: readonly Link[]): Map<string, Map<string, Link>> {
  const byProduct = new Map<string, Map<string, Link>>();
  for (const l of linkList) {
    const m = byProduct.get(l.productId) ?? new Map<string, Link>();
    m.set(l.key, l);
    byProduct.set(l.productId, m);
  }
  return byProduct;
}

/** What the Products view says of a product as a whole: deleted, or no linked option left. */
function productNotice(p: StoredProduct, links: ReadonlyMap<string, Link>): string {
  if (p.deletedAt) return 'Deleted in Big Cartel.';
  const ownLinks = [...links.values()].filter((l) => l.optionId !== null);
  const liveOwn = ownLinks.filter((l) => p.options.some((o) => o.id === l.optionId));
  return ownLinks.length > 0 && liveOwn.length === 0 && !links.get(linkKey(p.id, null))
    ? 'No linked option is left: every option that was linked was deleted in Big Cartel.'
    : '';
}

/** Everything the Products view shows, built from the stored records the worker returns (`now`: ms). */
export function buildCatalogueView(data: CatalogueData, now: number): CatalogueView {
  const stored = data.meta;
  // A read that was cut short (the worker stopped) does not stay "running" for ever.
  const meta = {
    ...stored,
    running: stored.running && !!stored.attemptAt && now - Date.parse(stored.attemptAt) < STALE_RUN_MS,
  };
  const sold30 = new Map(data.sold30);
  const sold90 = new Map(data.sold90);
  const byProduct = linksByProduct(data.links);
  const none = new Map<string, Link>();
  const out: CatalogueProduct[] = [];
  const toLink: CatalogueView['toLink'] = [];
  for (const p of data.products) {
    const links = byProduct.get(p.id) ?? none;
    if (p.deletedAt && links.size === 0) continue;
    const options = productOptions(p, links, sold30, sold90);
    for (const o of options) {
      if (!p.deletedAt && !o.deleted && o.disposition === 'unlinked' && o.sold90 > 0) {
        toLink.push({ productId: p.id, optionId: o.id, productName: p.name, optionName: o.name, sold90: o.sold90 });
      }
    }
    const { id, name, status, imageUrl } = p;
    out.push({ id, name, status, imageUrl, deleted: !!p.deletedAt, notice: productNotice(p, links), options });
  }
  out.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
  toLink.sort(
    (a, b) =>
      b.sold90 - a.sold90 ||
      collator.compare(a.productName, b.productName) ||
      collator.compare(a.optionName, b.optionName),
  );
  const byId = new Map(data.products.map((p) => [p.id, p]));
  return { meta, products: out, needingAttention: linkIssues(data.links, byId).length, toLink };
}
