/**
 * Domain types shared by every part of the extension.
 * Plain data only: everything here is stored in IndexedDB and may cross the message boundary.
 */

/**
 * Inkthreadable's shipping services a store can use, listed once: the request and settings schemas
 * (z.enum), the Inkthreadable order schema and every type below derive from it.
 */
export const SHIPPING_METHODS = ['regular', 'recorded', 'courier'] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];
export const SHIPPING_LABELS: Record<ShippingMethod, string> = {
  regular: 'Regular',
  recorded: 'Recorded',
  courier: 'Courier',
};

/** A Big Cartel order line item, normalised from JSON:API. */
export interface LineItem {
  /** order_line_items id */
  id: string;
  /** null when the product was deleted in Big Cartel */
  productId: string | null;
  /** null when the item has no option relationship (or the option was deleted) */
  optionId: string | null;
  productName: string;
  /** "" when the product has no options */
  optionName: string;
  quantity: number;
  /** unit price in the store's currency */
  price: number;
  imageUrl: string | null;
}

export interface Address {
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  /** Big Cartel's shipping_state */
  state: string;
  /** Big Cartel's shipping_zip */
  zip: string;
  /** Full English country name, e.g. "United Kingdom" */
  countryName: string;
  /** ISO 3166-1 alpha-2 when known, e.g. "GB"; "" when unknown */
  countryCode: string;
  phone: string;
}

/** A Big Cartel order, normalised. */
export interface BcOrder {
  /** the order number the seller sees, e.g. MOTH-100234 */
  id: string;
  customerName: string;
  customerEmail: string;
  note: string;
  address: Address;
  /** "unshipped" | "shipped" | other values passed through */
  shippingStatus: string;
  /** "completed" | other values passed through; "" when missing */
  paymentStatus: string;
  /** ISO 8601; "" when missing */
  createdAt: string;
  updatedAt: string;
  completedAt: string;
  total: number;
  currency: string;
  items: LineItem[];
}

/** The Big Cartel account the extension is connected to. */
export interface BcAccount {
  id: string;
  subdomain: string;
  storeName: string;
  currency: string;
}

/** A Big Cartel product with its options (the catalogue). */
export interface BcProduct {
  id: string;
  name: string;
  permalink: string;
  status: string;
  imageUrl: string | null;
  options: { id: string; name: string; sold: number | null }[];
}

/** Design placements: placement name (front, back, left, right, neck, ...) -> https URL. */
export type Placements = Record<string, string>;

/**
 * A link from a Big Cartel product (and optionally one option) to an Inkthreadable product.
 * Keyed by productId + optionId; optionId null means "the whole product" and covers every
 * option that has no link of its own.
 */
export interface Link {
  key: string;
  productId: string;
  optionId: string | null;
  productName: string;
  optionName: string;
  /** Inkthreadable product code, e.g. JH001-JBK-L; "" when neverFulfil */
  pn: string;
  designs: Placements;
  mockups: Placements;
  /** Never send this product/option to Inkthreadable. */
  neverFulfil: boolean;
  updatedAt: string;
}

/** How one line item will be handled. */
export type ItemDisposition =
  | 'linked' // sent with the link's pn
  | 'never' // never fulfilled by Inkthreadable
  | 'unlinked' // needs linking
  | 'excluded'; // left out when the merchant completed the order without unlinked items

export type DraftState = 'needs-linking' | 'ready' | 'sending' | 'sent' | 'failed' | 'nothing-to-fulfil' | 'history';

/** What Inkthreadable told us about an order we sent. */
export interface InkOrderInfo {
  id: string;
  status: string;
  trackingNumber: string;
  shippedAt: string;
  shippingMethod: string;
  createdAt: string;
  deleted: boolean;
  /**
   * What the order comes to, from its `summary`, when Inkthreadable gave a total in a shape the
   * extension can read (else null or absent: nothing is shown rather than a wrong figure).
   */
  due?: { amount: number; currency: string } | null;
}

/** The exactly-once record of sending one Big Cartel order. */
export interface OutboxRecord {
  orderId: string;
  /**
   * sending: a POST may have reached Inkthreadable (written before every POST);
   * sent: Inkthreadable confirmed (inkId known);
   * failed: a definite rejection (message kept); the merchant retries.
   */
  status: 'sending' | 'sent' | 'failed';
  /** ISO time the last POST began (reconciliation lists orders created since then) */
  attemptAt: string;
  attempts: number;
  /** The exact JSON body sent last, for the record */
  body: string;
  shippingMethod: ShippingMethod;
  /** Items (line item id -> quantity) sent */
  sentItems: Record<string, number>;
  ink: InkOrderInfo | null;
  /** Last error message, if any (ambiguous or rejected) */
  message: string;
  /** Earliest time of the next automatic try for an ambiguous send */
  nextTryAt: string;
  /** Set once the Big Cartel shipment has been created from Inkthreadable's tracking */
  bcShipment: 'none' | 'creating' | 'created';
  /** sending: this POST was the one automatic re-POST after an ambiguous one (no other follows) */
  autoResent?: boolean;
  /** sending: no clear answer and no order found; the merchant decides (counted on the badge) */
  needsMerchant?: boolean;
  /** sent: other live Inkthreadable orders for this order that could not be cancelled (paid) */
  duplicates?: string[];
}

/**
 * Found in Inkthreadable's list before sending: an order that may already be this one but is not
 * adopted automatically. The order waits for the merchant, with this shown.
 * foreign: made by something else (Inkthreadable's own Big Cartel integration), same recipient
 * and products; mismatch: carries this order's number but another postcode or other products.
 */
export interface InkNotice {
  kind: 'foreign' | 'mismatch';
  message: string;
  inkIds: string[];
}
