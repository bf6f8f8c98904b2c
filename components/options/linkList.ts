import { call } from '@/lib/protocol';
import { optionLabel } from '@/lib/links';
import type { Link } from '@/lib/types';

export const LINKS_PAGE_SIZE = 50;
/** larger files are refused before they are read */
export const MAX_IMPORT_CHARS = 20_000_000;

/** The CSV template's columns: those the links file reads. */
export { CSV_HEADER as CSV_TEMPLATE_HEADER } from '@/lib/linkfile';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byName(a: Link, b: Link): number {
  return (
    collator.compare(a.productName, b.productName) ||
    collator.compare(a.productId, b.productId) ||
    (a.optionId === null
      ? -1
      : b.optionId === null
        ? 1
        : collator.compare(a.optionName, b.optionName) || collator.compare(a.optionId, b.optionId))
  );
}

export function linkTitle(l: Pick<Link, 'productName' | 'productId' | 'optionId' | 'optionName'>): string {
  const product = l.productName || `Product ${l.productId}`;
  if (l.optionId === null) return `${product} (all options)`;
  return l.optionName ? optionLabel(product, l.optionName) : `${product} / option ${l.optionId}`;
}

/** Everything a search can match in one link, lower-cased. */
export function haystack(l: Link): string {
  return [
    l.productName,
    l.optionName,
    l.pn,
    l.productId,
    l.optionId ?? '',
    ...Object.keys(l.designs),
    l.neverFulfil ? 'never fulfil' : '',
  ]
    .join('\u0000')
    .toLowerCase();
}

export function importFormat(filename: string): 'json' | 'csv' | null {
  const name = filename.toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  return null;
}

export async function fetchLinks(): Promise<Link[]> {
  return (await call({ type: 'listLinks' })).sort(byName);
}

export type Notice = { kind: 'ok' | 'error'; text: string } | null;
export type Busy = 'export' | 'import' | 'delete' | 'restore' | null;
