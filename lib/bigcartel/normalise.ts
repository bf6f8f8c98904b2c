/**
 * Pure functions: Big Cartel JSON:API documents (`data` + `included`) -> the domain types.
 *
 * An order is never silently shortened: if a line item it lists is missing from `included`,
 * has a bad quantity, or the quantities do not add up to `item_count`, the order goes to
 * `problems` (with a message a merchant can read) and is left out of `orders`.
 */
import type { Address, BcAccount, BcOrder, BcProduct, LineItem } from '../types';
import {
  jsonApiDocument,
  resourceObject,
  toManyRelationship,
  toOneRelationship,
  type JsonApiDocument,
  type ResourceObject,
} from './schemas';

/** The reply is not a JSON:API document at all (no `data`, not an object...). */
export class BcDocumentError extends Error {
  constructor(detail: string) {
    super(`Big Cartel sent a reply the extension could not read (${detail})`);
    this.name = 'BcDocumentError';
  }
}

export interface BcProblem {
  /** the order (or product) id; "" when even that could not be read */
  id: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Scalars

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** "100.0" / 100 / "1,234.50" -> number; missing, null or unreadable -> 0. */
export function money(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  if (typeof v === 'string') {
    const cleaned = v.replace(/[,\s]/g, '').replace(/^[^\d.-]+/, '');
    if (cleaned === '') return 0;
    const n = Number(cleaned);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** A whole number given as a number or digits; null otherwise (negative numbers included). */
function wholeNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(v)) return Number(v);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Documents and included resources

/** JSON:API type names, singular or plural, to one spelling. */
const CANONICAL_TYPES: Record<string, string> = {
  product: 'products',
  product_option: 'product_options',
  option: 'product_options',
  order_line_item: 'order_line_items',
  country: 'countries',
  currency: 'currencies',
  order: 'orders',
  account: 'accounts',
};
function canonicalType(type: string | undefined): string {
  const t = (type ?? '').trim().toLowerCase();
  return CANONICAL_TYPES[t] ?? t;
}

function parseDocument(doc: unknown): JsonApiDocument {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BcDocumentError('not a JSON:API document');
  }
  const r = jsonApiDocument.safeParse(doc);
  if (!r.success) throw new BcDocumentError('no "data" in the reply');
  return r.data;
}

/** `data` as a list. */
function dataList(d: JsonApiDocument): unknown[] {
  return Array.isArray(d.data) ? d.data : [d.data];
}

class Included {
  readonly #byKey = new Map<string, ResourceObject>();
  constructor(included: readonly unknown[]) {
    for (const raw of included) {
      const r = resourceObject.safeParse(raw);
      if (!r.success) continue;
      const key = `${canonicalType(r.data.type)}:${r.data.id}`;
      if (!this.#byKey.has(key)) this.#byKey.set(key, r.data);
    }
  }
  get(type: string, id: string): ResourceObject | undefined {
    return this.#byKey.get(`${canonicalType(type)}:${id}`);
  }
}

/**
 * A to-one relationship's id when its type is one of `types` (any spelling) or absent; null
 * when the relationship is missing, null, unreadable or of another type.
 */
function toOneId(rels: Record<string, unknown>, name: string, type: string): string | null {
  const r = toOneRelationship.safeParse(rels[name]);
  if (!r.success || !r.data.data) return null;
  const t = r.data.data.type;
  if (t !== undefined && canonicalType(t) !== canonicalType(type)) return null;
  return r.data.data.id;
}

const ISO_COUNTRY = /^[A-Za-z]{2}$/;

/** An id given as an attribute (`product_id: 12` or `"12"`); null when missing or empty. */
function idAttribute(v: unknown): string | null {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : null;
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Orders

export function normaliseOrderDocument(doc: unknown): { orders: BcOrder[]; problems: BcProblem[] } {
  const d = parseDocument(doc);
  const included = new Included(d.included);
  const orders: BcOrder[] = [];
  const problems: BcProblem[] = [];
  for (const raw of dataList(d)) {
    const r = readOrder(raw, included);
    if (r.ok) orders.push(r.order);
    else problems.push(r.problem);
  }
  return { orders, problems };
}

/**
 * An order's line items: every one listed must be present and sound, and add up to the order's
 * item count when it gives one. A string says what is wrong.
 */
function readItems(rels: Record<string, unknown>, a: Record<string, unknown>, included: Included): LineItem[] | string {
  const itemsRel = toManyRelationship.safeParse(rels.items);
  if (!itemsRel.success || itemsRel.data.data.length === 0) {
    return "Big Cartel's reply lists no line items for this order";
  }
  const items: LineItem[] = [];
  for (const ref of itemsRel.data.data) {
    const res = included.get('order_line_items', ref.id);
    if (!res) {
      return `line item ${ref.id} is listed but its details are missing from Big Cartel's reply`;
    }
    const ia = res.attributes;
    const productName = text(ia.product_name);
    const quantity = wholeNumber(ia.quantity);
    if (quantity === null || quantity <= 0) {
      const shown = ia.quantity === undefined ? 'missing' : JSON.stringify(ia.quantity);
      return `line item ${ref.id}${productName ? ` (${productName})` : ''} has an invalid quantity (${shown})`;
    }
    const imageUrl = text(ia.image_url);
    items.push({
      id: res.id,
      // The relationships first; some replies carry the ids as attributes instead.
      productId: toOneId(res.relationships, 'product', 'products') ?? idAttribute(ia.product_id),
      optionId: toOneId(res.relationships, 'product_option', 'product_options') ?? idAttribute(ia.product_option_id),
      productName,
      optionName: text(ia.product_option_name),
      quantity,
      price: money(ia.price),
      imageUrl: imageUrl || null,
    });
  }
  if (a.item_count !== undefined && a.item_count !== null) {
    const declared = wholeNumber(a.item_count);
    const sum = items.reduce((s, i) => s + i.quantity, 0);
    if (declared === null) return `Big Cartel sent an unreadable item count (${JSON.stringify(a.item_count)})`;
    if (declared !== sum) {
      return `Big Cartel says ${declared} item${declared === 1 ? '' : 's'} but the line items add up to ${sum}`;
    }
  }
  return items;
}

type OrderRead = { ok: true; order: BcOrder } | { ok: false; problem: BcProblem };

function readOrder(raw: unknown, included: Included): OrderRead {
  const r = resourceObject.safeParse(raw);
  if (!r.success) {
    const id = raw && typeof raw === 'object' ? text((raw as Record<string, unknown>).id) : '';
    return { ok: false, problem: { id, message: 'Big Cartel sent an order without a readable order number' } };
  }
  const { id, attributes: a, relationships: rels } = r.data;
  const fail = (message: string): OrderRead => ({ ok: false, problem: { id, message: `Order ${id}: ${message}` } });
  if (r.data.type !== undefined && canonicalType(r.data.type) !== 'orders') {
    return fail(`Big Cartel sent a "${r.data.type}" where an order was expected`);
  }

  const items = readItems(rels, a, included);
  if (typeof items === 'string') return fail(items);

  // Country: Big Cartel names a country by its ISO 3166 code as the resource id ("US"); there is
  // no `code` attribute. The code comes from the relationship's id, else `shipping_country_id`,
  // and only as two letters (anything else is left unknown, and the order then waits for the
  // merchant where a per-country shipping method could apply). The name comes from the included
  // country, else `shipping_country_name`.
  const relCountry = toOneId(rels, 'shipping_country', 'countries');
  const attrCountry = text(a.shipping_country_id).trim();
  const countryCode = [relCountry?.trim() ?? '', attrCountry].find((c) => ISO_COUNTRY.test(c))?.toUpperCase() ?? '';
  const country =
    (relCountry ? included.get('countries', relCountry) : undefined) ??
    (attrCountry ? included.get('countries', attrCountry) : undefined);
  const countryName = text(country?.attributes.name).trim() || text(a.shipping_country_name).trim();

  const firstName = text(a.customer_first_name);
  const lastName = text(a.customer_last_name);
  const address: Address = {
    firstName,
    lastName,
    company: '',
    address1: text(a.shipping_address_1),
    address2: text(a.shipping_address_2),
    city: text(a.shipping_city),
    state: text(a.shipping_state),
    zip: text(a.shipping_zip),
    countryName,
    countryCode,
    phone: text(a.customer_phone_number),
  };

  const currencyId = toOneId(rels, 'currency', 'currencies');
  const currencyRes = currencyId ? included.get('currencies', currencyId) : undefined;
  // A currency is named like a country: its ISO code is the resource id ("USD").
  const currency = currencyId || text(currencyRes?.attributes.code) || text(a.currency);

  return {
    ok: true,
    order: {
      id,
      customerName: [firstName, lastName].filter(Boolean).join(' '),
      customerEmail: text(a.customer_email),
      note: text(a.customer_note),
      address,
      shippingStatus: text(a.shipping_status),
      paymentStatus: text(a.payment_status),
      createdAt: text(a.created_at),
      updatedAt: text(a.updated_at),
      completedAt: text(a.completed_at),
      total: money(a.total),
      currency,
      items,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Products

/**
 * Products (with their options) from a document whose `data` is one product or a list. An option
 * listed in `relationships.options` but missing from `included` is kept by id (name "", sold
 * null): links are keyed by id, so it stays linkable. A product without a readable id goes to
 * `problems`.
 */
export function normaliseProductDocument(doc: unknown): { products: BcProduct[]; problems: BcProblem[] } {
  const d = parseDocument(doc);
  const included = new Included(d.included);
  const products: BcProduct[] = [];
  const problems: BcProblem[] = [];
  for (const raw of dataList(d)) {
    const r = resourceObject.safeParse(raw);
    if (!r.success) {
      const id = raw && typeof raw === 'object' ? text((raw as Record<string, unknown>).id) : '';
      problems.push({ id, message: 'Big Cartel sent a product without a readable id' });
      continue;
    }
    const { id, attributes: a, relationships: rels } = r.data;
    if (r.data.type !== undefined && canonicalType(r.data.type) !== 'products') {
      problems.push({ id, message: `Big Cartel sent a "${r.data.type}" where a product was expected` });
      continue;
    }
    const optionsRel = toManyRelationship.safeParse(rels.options);
    const options: BcProduct['options'] = [];
    if (optionsRel.success) {
      for (const ref of optionsRel.data.data) {
        const o = included.get('product_options', ref.id);
        const sold = o ? wholeNumber(o.attributes.sold) : null;
        options.push({ id: ref.id, name: text(o?.attributes.name), sold: sold !== null && sold >= 0 ? sold : null });
      }
    }
    const image = text(a.primary_image_url);
    products.push({
      id,
      name: text(a.name),
      permalink: text(a.permalink),
      status: text(a.status),
      imageUrl: image || null,
      options,
    });
  }
  return { products, problems };
}

// ---------------------------------------------------------------------------------------------
// Accounts and paging

export function normaliseAccountDocument(doc: unknown): BcAccount[] {
  const d = parseDocument(doc);
  const accounts: BcAccount[] = [];
  for (const raw of dataList(d)) {
    const r = resourceObject.safeParse(raw);
    if (!r.success) continue;
    const a = r.data.attributes;
    accounts.push({
      id: r.data.id,
      subdomain: text(a.subdomain),
      storeName: text(a.store_name),
      currency: text(a.currency),
    });
  }
  return accounts;
}

/** `links.next` (raw, unchecked) and `meta.count`. */
export function readPaging(doc: unknown): { next: string | null; count: number | null } {
  const d = parseDocument(doc);
  const next = d.links?.next ?? null;
  const count = wholeNumber(d.meta?.count);
  return { next: next?.trim() ? next : null, count: count !== null && count >= 0 ? count : null };
}
