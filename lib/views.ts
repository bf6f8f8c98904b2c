/**
 * What the worker answers, defined once: the views the content script and the extension pages
 * draw (orders, the catalogue, the status, the settings), and the answer to each request type.
 * Types only: nothing here reaches a bundle, and no page imports the worker's modules for them.
 */
import type { BcProduct, DraftState, InkOrderInfo, ItemDisposition, Link, ShippingMethod } from './types';
import type { Settings } from './settings-schema';
import type { ShippingSource } from './shipping';
import type { ReportTerm } from './bigcartel/report';

export interface ItemInfo {
  id: string;
  productId: string | null;
  optionId: string | null;
  productName: string;
  optionName: string;
  quantity: number;
  price: number;
  disposition: ItemDisposition;
  link: Pick<Link, 'key' | 'pn' | 'designs' | 'mockups' | 'neverFulfil' | 'optionId'> | null;
}

export interface OrderView {
  id: string;
  customerName: string;
  createdAt: string;
  state: DraftState;
  /** the state in words */
  label: string;
  needsAction: boolean;
  toLink: number;
  items: ItemInfo[];
  shipping: { method: ShippingMethod; source: ShippingSource };
  ink: InkOrderInfo | null;
  /** the last error or notice, in words ('' when none) */
  message: string;
  completedWithout: boolean;
  paymentComplete: boolean;
  /** ready and about to be sent automatically */
  autoSendPending: boolean;
  /** should have gone out more than 5 minutes ago and has not: since when, and why */
  overdue?: { since: string; reason: string } | null;
  /** a service refusing or not answering, for an order not sent yet: "Inkthreadable: ..." */
  serviceProblems?: string[];
  /** when the worker read it (ms since 1970): of two views of an order, the later one is drawn */
  at?: number;
}

/** The small summary the orders list shows as a chip. */
export interface OrderChip {
  id: string;
  state: DraftState;
  toLink: number;
}

export interface OrderListEntry {
  id: string;
  customerName: string;
  createdAt: string;
  state: DraftState;
  label: string;
  toLink: number;
  itemCount: number;
  message: string;
  ink: InkOrderInfo | null;
}

export type ServiceState =
  | { state: 'unconfigured'; message: string }
  | { state: 'ok'; message: string }
  | { state: 'auth'; message: string }
  | { state: 'error'; message: string };

export interface StatusView {
  storeName: string;
  bigcartel: ServiceState;
  inkthreadable: ServiceState;
  lastSyncAt: string | null;
  syncing: boolean;
  import: { running: boolean; read: number; total: number | null } | null;
  pending: number;
  linksNeedingAttention: number;
  /** options sold in the last 90 days that are not linked (the "Link your catalogue" hint) */
  catalogueToLink?: number;
  adminOrigin: string;
  /** counted on the badge besides the orders needing action: overdue, unpaid, refusals */
  attention?: AttentionView;
  /** the stored settings failed their schema: loaded with automatic sending off */
  settingsUnreadable?: boolean;
  /** another browser (or tool) sends this store's orders too: the last sign of it */
  otherSender?: OtherSenderView;
}

/** An order this browser went to send by itself and found already at Inkthreadable (or twice). */
export interface OtherSenderView {
  orderId: string;
  /** when it was seen (ISO) */
  at: string;
}

export interface SettingsView {
  settings: Settings;
  /** the stored settings failed their schema: loaded with automatic sending off */
  unreadable?: boolean;
  bigcartel:
    | { kind: 'basic'; subdomain: string; passwordMasked: string }
    | { kind: 'token'; tokenMasked: string }
    | null;
  inkthreadable: { appId: string; secretKeyMasked: string } | null;
}

export interface ImportReport {
  added: number;
  changed: number;
  unchanged: number;
}

/** A link an import would add, or change (with the stored version it replaces). */
export type ImportPreviewEntry = { kind: 'added'; after: Link } | { kind: 'changed'; before: Link; after: Link };

/** What an import would do, before anything is written. */
export interface ImportPreview extends ImportReport {
  /** changed links that would lose something (a code, design or mockup files) */
  removing: number;
  /** the first links added, then changed (the counts cover all) */
  entries: ImportPreviewEntry[];
}

// ---------------------------------------------------------------------------------------------
// The catalogue

export interface CatalogueMeta {
  /** the last read that ended well (complete or not) */
  refreshedAt: string | null;
  /** the last read attempted */
  attemptAt: string | null;
  running: boolean;
  /** the last read listed every product (only then are missing products marked deleted) */
  complete: boolean;
  count: number;
  /** why the last read failed, in words; '' when it did not */
  message: string;
}

type LinkIssueKind = 'product-deleted' | 'option-deleted' | 'option-renamed';

export interface LinkIssue {
  key: string;
  kind: LinkIssueKind;
  /** the option's name in Big Cartel now (renamed only) */
  currentName?: string;
  message: string;
}

export interface CatalogueOption {
  /** the option id; null for a product without options (linked as a whole) */
  id: string | null;
  name: string;
  disposition: Exclude<ItemDisposition, 'excluded'>;
  /** which link decides: the option's own, the product's, or none */
  via: 'option' | 'product' | null;
  /** the link to edit (the option's own, even when it no longer fits, else the product's) */
  link: ItemInfo['link'];
  /** no longer in Big Cartel (kept because a link still points at it) */
  deleted: boolean;
  issue: LinkIssue | null;
  sold30: number;
  sold90: number;
}

export interface CatalogueProduct {
  id: string;
  name: string;
  status: string;
  imageUrl: string | null;
  deleted: boolean;
  /** "no linked option left" and the like, in words; '' when fine */
  notice: string;
  options: CatalogueOption[];
}

/** A product as stored: when it was read, and when a complete read no longer listed it. */
export type StoredProduct = BcProduct & { fetchedAt: string; deletedAt?: string | null };

/** The stored records the Products view is built from (lib/catalogue-view.ts). */
export interface CatalogueData {
  /** as stored (a read cut short may still say running) */
  meta: CatalogueMeta;
  products: StoredProduct[];
  links: Link[];
  /** quantities sold per `productId|optionId` key in the last 30 and 90 days */
  sold30: [string, number][];
  sold90: [string, number][];
}

export interface CatalogueView {
  meta: CatalogueMeta;
  products: CatalogueProduct[];
  needingAttention: number;
  /** options sold in the last 90 days (from the stored orders) that are not linked, most sold first */
  toLink: { productId: string; optionId: string | null; productName: string; optionName: string; sold90: number }[];
}

export interface ProductPageView {
  product: { id: string; name: string } | null;
  /** one per option (id = option id), or one for the whole product when it has no options */
  items: ItemInfo[];
}

// ---------------------------------------------------------------------------------------------
// Attention

export interface OverdueOrder {
  id: string;
  /** ISO: since when it should have gone out */
  since: string;
  reason: string;
}

export interface DueAmount {
  amount: number;
  currency: string;
}

export interface UnpaidSummary {
  count: number;
  orderIds: string[];
  /** per currency; null when any of them has no total Inkthreadable gave in a readable shape */
  due: DueAmount[] | null;
}

export interface AttentionView {
  overdue: OverdueOrder[];
  unpaid: UnpaidSummary;
  /** services whose answers refuse the credentials */
  refused: ('bigcartel' | 'inkthreadable')[];
  /** orders Big Cartel listed that could not be read: how many, and the first few with why */
  unreadable?: { count: number; items: { id: string; message: string }[] };
}

// ---------------------------------------------------------------------------------------------
// Answers

export interface Responses {
  getOrder: OrderView | null;
  getOrderChips: OrderChip[];
  /** the order's personal details, to replace in a page report; null when the order is unknown */
  reportTerms: ReportTerm[] | null;
  listOrders: { total: number; entries: OrderListEntry[] };
  saveLink: { link: Link; completes: number };
  saveLinks: { saved: number; completes: number };
  deleteLink: { deleted: boolean };
  listLinks: Link[];
  getProductOptions: { id: string; name: string }[];
  getProductPage: ProductPageView;
  getCatalogue: CatalogueData;
  refreshCatalogue: CatalogueData;
  send: OrderView | null;
  completeWithout: OrderView | null;
  setOrderShipping: OrderView | null;
  syncNow: StatusView;
  pageVisit: null;
  getStatus: StatusView;
  getSettings: SettingsView;
  saveSettings: SettingsView;
  saveShipping: SettingsView;
  saveCredentials: SettingsView;
  testConnection: { bigcartel: ServiceState; inkthreadable: ServiceState };
  importLinks: ImportReport;
  getLastImport: { at: string; replaced: number; added: number } | null;
  restoreImport: { restored: number; removed: number };
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

/** Broadcast from the background to extension pages and admin tabs after data changed. */
export interface ChangedNotice {
  type: 'ink:changed';
  orderIds: string[] | null;
}
