/** Which catalogue products and options to show, and how an option is named. */
import type { CatalogueOption, CatalogueProduct } from '@/lib/views';
import { optionLabel } from '@/lib/links';

export const PRODUCTS_PAGE_SIZE = 25;
export const FIRST_RUN_SHOWN = 10;

export type CatalogueFilter = 'all' | 'unlinked' | 'sold30' | 'attention';
export const FILTERS: { value: CatalogueFilter; label: string }[] = [
  { value: 'all', label: 'All products' },
  { value: 'unlinked', label: 'Not linked' },
  { value: 'sold30', label: 'Sold in the last 30 days' },
  { value: 'attention', label: 'Links needing attention' },
];

function optionMatches(o: CatalogueOption, filter: CatalogueFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unlinked':
      return o.disposition === 'unlinked' && !o.deleted;
    case 'sold30':
      return o.sold30 > 0;
    case 'attention':
      return o.issue !== null;
  }
}

/**
 * The products to show, each with the options to show: words of the query must all appear in the
 * product's name or id, or in an option's name or code; the filter keeps the options that fit.
 */
export function filterCatalogue(
  products: readonly CatalogueProduct[],
  query: string,
  filter: CatalogueFilter,
): CatalogueProduct[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: CatalogueProduct[] = [];
  for (const p of products) {
    const productHay = `${p.name}\u0000${p.id}`.toLowerCase();
    const options = p.options.filter((o) => {
      if (!optionMatches(o, filter)) return false;
      const hay = `${productHay}\u0000${o.name}\u0000${o.link?.pn ?? ''}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    const productMatches = words.every((w) => productHay.includes(w));
    if (options.length > 0 || (filter === 'all' && productMatches)) out.push({ ...p, options });
  }
  return out;
}

/** "Moth Logo Hoodie / Black / L", or the product alone when it has no options. */
export function optionTitle(p: Pick<CatalogueProduct, 'name'>, o: Pick<CatalogueOption, 'id' | 'name'>): string {
  if (o.id === null) return p.name;
  return o.name ? optionLabel(p.name, o.name) : `${p.name} / option ${o.id}`;
}
