/**
 * The message protocol's types and the typed call used by content scripts, the popup and the
 * options page. Type-only imports: the zod schemas that check messages live in the background
 * (lib/worker/messages.ts), so the content script stays small.
 */
import { browser } from 'wxt/browser';
import type { DraftState, InkOrderInfo, ItemDisposition, Link, ShippingMethod } from './types';
import type { Settings } from './worker/settings';
import type { LinkInput } from './links';
import type { ShippingDefaults, ShippingSource } from './shipping';
import type { ReportTerm } from './bigcartel/report';
import type { CatalogueView, ProductPageView } from './worker/catalogue';
import type { AttentionView } from './worker/attention';

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

export type Request =
  | { type: 'getOrder'; orderId: string }
  | { type: 'getOrderChips'; orderIds: string[] }
  | { type: 'reportTerms'; orderId: string }
  | { type: 'listOrders'; view: 'needsAction' | 'recentSent'; offset: number; limit: number }
  | { type: 'saveLink'; link: LinkInput }
  | { type: 'saveLinks'; links: LinkInput[] }
  | { type: 'deleteLink'; key: string }
  | { type: 'listLinks' }
  | { type: 'getProductOptions'; productId: string }
  | { type: 'getProductPage'; productId: string }
  | { type: 'getCatalogue' }
  | { type: 'refreshCatalogue'; force: boolean }
  | { type: 'send'; orderId: string }
  | { type: 'completeWithout'; orderId: string }
  | { type: 'setOrderShipping'; orderId: string; method: ShippingMethod | null }
  | { type: 'syncNow' }
  | { type: 'pageVisit'; origin: string; orderId: string | null }
  | { type: 'getStatus' }
  | { type: 'getSettings' }
  | { type: 'saveSettings'; settings: Partial<Settings> }
  | { type: 'saveShipping'; shipping: ShippingDefaults }
  | {
      type: 'saveCredentials';
      bigcartel?: { kind: 'basic'; subdomain: string; password?: string } | { kind: 'token'; token?: string } | null;
      inkthreadable?: { appId: string; secretKey?: string } | null;
    }
  | { type: 'testConnection' }
  | { type: 'exportLinks' }
  | { type: 'importLinks'; text: string; format: 'json' | 'csv' }
  | { type: 'previewImport'; text: string; format: 'json' | 'csv' }
  | { type: 'getLastImport' }
  | { type: 'restoreImport' };

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
  getCatalogue: CatalogueView;
  refreshCatalogue: CatalogueView;
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
  exportLinks: { filename: string; text: string };
  importLinks: ImportReport;
  previewImport: ImportPreview;
  getLastImport: { at: string; replaced: number; added: number } | null;
  restoreImport: { restored: number; removed: number };
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

/** Broadcast from the background to extension pages and admin tabs after data changed. */
export interface ChangedNotice {
  type: 'ink:changed';
  orderIds: string[] | null;
}

export class CallError extends Error {}

/** Ask the background; throws CallError with a message fit to show the merchant. */
export async function call<T extends Request>(req: T): Promise<Responses[T['type']]> {
  let reply: Reply<Responses[T['type']]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(req)) as Reply<Responses[T['type']]> | undefined;
  } catch (err) {
    throw new CallError(
      /context invalidated/i.test(String(err))
        ? 'The extension was updated or reloaded: reload this page.'
        : 'The extension did not answer. Reload this page, or the extension, and try again.',
    );
  }
  if (!reply || typeof reply !== 'object') throw new CallError('The extension did not answer. Try again.');
  if (!reply.ok) throw new CallError(reply.error);
  return reply.data;
}
