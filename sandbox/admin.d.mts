// Types for admin.mjs: pure renderers of the sandbox's Big Cartel admin pages.
import type { BcOrder, BcProduct } from '../lib/types.ts';

export type Layout = 'table' | 'cards' | 'shadow' | 'delayed' | 'spa';
export const LAYOUTS: Layout[];
/** Delay of the 'delayed' layout, in ms after load. */
export const DELAY_MS: number;

export interface ViewItem {
  id: string;
  productId?: string | null;
  optionId?: string | null;
  productName: string;
  optionName: string;
  quantity: number;
  price: number;
  imageUrl?: string | null;
}
/** lib/types.ts's BcOrder, with every field but id, customerName and items optional. */
export interface ViewOrder {
  id: string;
  customerName: string;
  customerEmail?: string;
  note?: string;
  address?: Partial<BcOrder['address']>;
  shippingStatus?: string;
  paymentStatus?: string;
  createdAt?: string;
  updatedAt?: string;
  completedAt?: string;
  total?: number;
  currency?: string;
  items: ViewItem[];
  itemTotal?: number;
  shippingTotal?: number;
  discountTotal?: number;
  taxTotal?: number;
  events?: { at: string; text: string }[];
}
/** A JSON:API document as the Big Cartel API (or the shared fixtures) give it. */
export interface JsonApiDoc {
  data: unknown;
  included?: unknown[];
}

export interface PageOptions {
  layout?: Layout | string;
  storeName?: string;
  /** appended to internal links, e.g. "layout=cards" */
  linkQuery?: string;
}

export function renderOrderPage(
  order: BcOrder | ViewOrder | JsonApiDoc,
  opts?: PageOptions & { prevId?: string | null; nextId?: string | null },
): string;
export function renderOrdersList(
  orders: (BcOrder | ViewOrder)[] | JsonApiDoc,
  opts?: PageOptions & { status?: string; search?: string; page?: number; pages?: number; total?: number },
): string;
export function renderProductPage(
  product: Omit<BcProduct, 'options' | 'permalink' | 'status'> & {
    permalink?: string;
    status?: string;
    price?: number;
    options: { id: string; name: string; price?: number; sold?: number | null }[];
  },
  opts?: PageOptions & { currency?: string },
): string;
export function toViewOrder(input: BcOrder | ViewOrder | JsonApiDoc): ViewOrder;
export function ordersFromJsonApi(doc: JsonApiDoc): ViewOrder[];
export function money(n: number | undefined, currency?: string): string;
