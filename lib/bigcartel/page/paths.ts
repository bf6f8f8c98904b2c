/** Reading Big Cartel admin URLs: which page is this, and which order or product is it about. */

/** Second path segments after /orders/ that are pages, not order numbers. */
const ORDER_RESERVED = new Set([
  'new',
  'export',
  'exports',
  'import',
  'imports',
  'search',
  'filter',
  'filters',
  'bulk',
  'batch',
  'print',
  'labels',
  'label',
  'packing_slips',
  'packing-slips',
  'invoices',
  'archive',
  'archived',
  'all',
  'shipped',
  'unshipped',
  'pending',
  'completed',
  'cancelled',
  'canceled',
  'refunded',
  'page',
  'settings',
  'edit',
  'stats',
  'reports',
  'recent',
  'drafts',
  'index',
]);

/** Second path segments after /products/ that are pages, not product ids. */
const PRODUCT_RESERVED = new Set([
  'new',
  'export',
  'exports',
  'import',
  'imports',
  'search',
  'filter',
  'filters',
  'bulk',
  'batch',
  'categories',
  'category',
  'sort',
  'reorder',
  'page',
  'settings',
  'edit',
  'inventory',
  'options',
  'archived',
  'all',
  'index',
]);

/** Segments after /orders that still show the orders list (tabs, filters). */
const ORDER_LIST_TABS = new Set([
  'all',
  'shipped',
  'unshipped',
  'pending',
  'completed',
  'cancelled',
  'canceled',
  'archived',
  'refunded',
  'search',
]);

function pathSegments(pathname: string): string[] {
  let p = typeof pathname === 'string' ? pathname : '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      /* keep p */
    }
  }
  p = p.replace(/[?#][\s\S]*$/, '');
  return p.split('/').filter((s) => s.length > 0);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Does s hold a C0 control character or DEL? */
function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function idAfter(pathname: string, keyword: string, reserved: Set<string>): string | null {
  const segs = pathSegments(pathname);
  for (let i = 0; i < segs.length - 1; i++) {
    if (segs[i]!.toLowerCase() !== keyword) continue;
    const id = decodeSegment(segs[i + 1]!).trim();
    if (!id) return null;
    if (reserved.has(id.toLowerCase())) return null;
    // A file (orders/export.csv), not an id; ids never hold control characters.
    if (/\.(csv|json|xml|pdf|txt|html?|zip)$/i.test(id)) return null;
    if (hasControlChar(id)) return null;
    return id;
  }
  return null;
}

/**
 * The order number of a single-order page: `/orders/MOTH-100234`, with a trailing slash,
 * `/orders/<id>/edit`, URL-encoded, behind a path prefix, or given a full URL.
 */
export function orderIdFromPath(pathname: string): string | null {
  try {
    return idAfter(pathname, 'orders', ORDER_RESERVED);
  } catch {
    return null;
  }
}

/** The product id of a product page: `/products/330011` (also `/products/330011/edit`). */
export function productIdFromPath(pathname: string): string | null {
  try {
    return idAfter(pathname, 'products', PRODUCT_RESERVED);
  } catch {
    return null;
  }
}

/** The orders list: `/orders`, `/orders/`, `/orders?all=true`, `/orders/unshipped`, `/orders/page/2`. */
export function isOrdersListPath(pathname: string): boolean {
  try {
    const segs = pathSegments(pathname).map((s) => decodeSegment(s).toLowerCase());
    const i = segs.lastIndexOf('orders');
    if (i < 0) return false;
    const rest = segs.slice(i + 1);
    if (rest.length === 0) return true;
    if (rest.length === 1 && ORDER_LIST_TABS.has(rest[0]!)) return true;
    if (rest.length === 2 && rest[0] === 'page' && /^\d+$/.test(rest[1]!)) return true;
    return false;
  } catch {
    return false;
  }
}
