/**
 * Big Cartel API v1 client (JSON:API). Results, never exceptions.
 *
 * - GETs retry on network errors, timeouts, 408, 429 and 5xx with exponential backoff (honouring
 *   Retry-After up to a cap), then answer `unavailable`.
 * - Writes retry only on 429 (the request was not processed); anything else uncertain is
 *   `unavailable` with a message saying so.
 * - Credentials go only to the configured API origin: a `links.next` elsewhere is refused, and
 *   redirects are not followed.
 */
import type { BcAccount, BcOrder, BcProduct } from '../types';
import { defaultSleep, fetchText, globalFetch, parseJson, parseRetryAfter, redact, type FetchLike } from '../http';
import {
  BcDocumentError,
  normaliseAccountDocument,
  normaliseOrderDocument,
  normaliseProductDocument,
  readPaging,
  type BcProblem,
} from './normalise';
import { jsonApiErrors, shipmentInput } from './schemas';

export type BcCredentials = { kind: 'basic'; subdomain: string; password: string } | { kind: 'token'; token: string };

export type BcResult<T> =
  | { kind: 'ok'; value: T; serverDate: string | null }
  | { kind: 'auth'; message: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'unavailable'; message: string };

export interface BcClientOptions {
  /** default https://api.bigcartel.com */
  baseUrl?: string;
  /** per request; default 20 000 ms for GET, 30 000 ms for writes */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** retries after the first try, for GETs (and writes answered 429); default 3 */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BcOrdersQuery {
  /** default 100 */
  limit?: number;
  offset?: number;
  shippingStatus?: 'unshipped' | 'shipped';
  updatedAtFrom?: string;
  completedAtFrom?: string;
  sort?: string;
  search?: string;
}

export interface BcProductsQuery {
  /** default 100 */
  limit?: number;
  offset?: number;
}

export interface BcShipment {
  items: { lineItemId: string; quantity: number }[];
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  notifyCustomer: boolean;
}

export interface BcOrdersPage {
  orders: BcOrder[];
  /** orders that could not be read completely (left out of `orders`) */
  problems: BcProblem[];
  /** `links.next` as Big Cartel sent it (already checked to be on the API origin) */
  next: string | null;
  count: number | null;
}

export interface BcProductsPage {
  products: BcProduct[];
  next: string | null;
  count: number | null;
  /** products that could not be read (left out of `products`) */
  problems: BcProblem[];
}

const BC_API_ORIGIN = 'https://api.bigcartel.com';
export const BC_AUTH_MESSAGE = 'Big Cartel refused the store name/password or token: reconnect in Settings';
export const BC_READ_ERROR = 'Big Cartel sent a reply the extension could not read';
export const BC_FOREIGN_LINK =
  "Big Cartel's next-page link points outside api.bigcartel.com; the extension did not follow it";

const GET_TIMEOUT_MS = 20_000;
const WRITE_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
const DEFAULT_PAGE_LIMIT = 100;

function base64Utf8(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function isoDate(header: string | null): string | null {
  if (!header) return null;
  const t = Date.parse(header);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

type Failure = Exclude<BcResult<never>, { kind: 'ok' }>;
type Raw = { kind: 'ok'; status: number; text: string; serverDate: string | null } | Failure;
type Mapped<T> = { kind: 'value'; value: T } | Failure;
const value = <T>(v: T): Mapped<T> => ({ kind: 'value', value: v });

export class BcClient {
  readonly #authorization: string;
  readonly #secrets: string[];
  readonly #base: URL;
  readonly #baseHref: string;
  readonly #timeoutMs: number | undefined;
  readonly #fetch: FetchLike;
  readonly #retries: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(creds: BcCredentials, opts: BcClientOptions = {}) {
    if (creds.kind === 'basic') {
      this.#authorization = `Basic ${base64Utf8(`${creds.subdomain}:${creds.password}`)}`;
      this.#secrets = [creds.password];
    } else {
      this.#authorization = `Bearer ${creds.token}`;
      this.#secrets = [creds.token];
    }
    this.#baseHref = (opts.baseUrl ?? BC_API_ORIGIN).replace(/\/+$/, '');
    this.#base = new URL(this.#baseHref);
    this.#timeoutMs = opts.timeoutMs;
    this.#fetch = opts.fetch ?? globalFetch;
    this.#retries = Math.max(0, Math.trunc(opts.retries ?? 3));
    this.#sleep = opts.sleep ?? defaultSleep;
  }

  async getAccount(): Promise<BcResult<BcAccount>> {
    return this.#getDoc<BcAccount>('/v1/accounts', (doc) => {
      const [first] = normaliseAccountDocument(doc);
      if (!first) return { kind: 'rejected', status: 200, message: 'Big Cartel found no store for these credentials' };
      return value(first);
    });
  }

  async listOrdersPage(accountId: string, q: BcOrdersQuery | { url: string }): Promise<BcResult<BcOrdersPage>> {
    return this.#listPage(
      accountId,
      'orders',
      q,
      (p, o) => {
        if (o.shippingStatus) p.set('filter[shipping_status]', o.shippingStatus);
        if (o.updatedAtFrom) p.set('filter[updated_at_from]', o.updatedAtFrom);
        if (o.completedAtFrom) p.set('filter[completed_at_from]', o.completedAtFrom);
        if (o.sort) p.set('sort', o.sort);
        if (o.search) p.set('search', o.search);
      },
      (doc) => normaliseOrderDocument(doc),
    );
  }

  async getOrder(accountId: string, id: string): Promise<BcResult<BcOrder>> {
    return this.#getDoc<BcOrder>(`${this.#accountPath(accountId)}/orders/${encodeURIComponent(id)}`, (doc) => {
      const { orders, problems } = normaliseOrderDocument(doc);
      const order = orders[0];
      if (order) return value(order);
      const problem = problems[0];
      return {
        kind: 'unavailable',
        message: problem ? `Big Cartel's reply for this order was incomplete. ${problem.message}` : BC_READ_ERROR,
      };
    });
  }

  async getProduct(accountId: string, id: string): Promise<BcResult<BcProduct>> {
    return this.#getDoc<BcProduct>(`${this.#accountPath(accountId)}/products/${encodeURIComponent(id)}`, (doc) => {
      const { products, problems } = normaliseProductDocument(doc);
      const product = products[0];
      if (product) return value(product);
      return { kind: 'unavailable', message: problems[0]?.message ?? BC_READ_ERROR };
    });
  }

  async listProductsPage(accountId: string, q: BcProductsQuery | { url: string }): Promise<BcResult<BcProductsPage>> {
    return this.#listPage(
      accountId,
      'products',
      q,
      () => undefined,
      (doc) => normaliseProductDocument(doc),
    );
  }

  /**
   * `POST /v1/accounts/{account}/orders/{id}/shipments`. Not retried except on 429: an
   * uncertain end is `unavailable` and says the shipment may exist.
   */
  async createShipment(accountId: string, orderId: string, s: BcShipment): Promise<BcResult<void>> {
    const valid = shipmentInput.safeParse(s);
    if (!valid.success) {
      const issue = valid.error.issues[0];
      return {
        kind: 'rejected',
        status: 0,
        message: `The shipment cannot be sent: ${issue?.message ?? 'invalid details'}`,
      };
    }
    const attributes: Record<string, unknown> = {
      notify_customer: s.notifyCustomer,
      items: s.items.map((i) => ({ order_line_item_id: i.lineItemId, quantity: i.quantity })),
    };
    // As Big Cartel's own clients do: the carrier and tracking only with a tracking number, never empty.
    const tracking = s.trackingNumber.trim();
    if (tracking) {
      attributes.carrier = s.carrier;
      attributes.tracking_number = tracking;
      if (s.trackingUrl !== undefined) attributes.tracking_url = s.trackingUrl;
    }
    const body = JSON.stringify({ data: { type: 'shipments', attributes } });
    const raw = await this.#request(
      'POST',
      `${this.#accountPath(accountId)}/orders/${encodeURIComponent(orderId)}/shipments`,
      body,
    );
    if (raw.kind !== 'ok') return raw;
    return { kind: 'ok', value: undefined, serverDate: raw.serverDate };
  }

  // -------------------------------------------------------------------------------------------

  /**
   * One page of a paged collection (orders, products): the first page from a query, the next
   * ones from `links.next` (only when it is on the API origin). `read` turns the document into
   * the page's records; paging (`links.next`, `meta.count`) is read the same way for every list.
   */
  async #listPage<Q extends { limit?: number; offset?: number }, R extends object>(
    accountId: string,
    collection: 'orders' | 'products',
    q: Q | { url: string },
    filters: (p: URLSearchParams, q: Q) => void,
    read: (doc: unknown) => R,
  ): Promise<BcResult<R & { next: string | null; count: number | null }>> {
    let url: string;
    if ('url' in q) {
      const resolved = this.#resolveLink(q.url);
      if (!resolved) return { kind: 'unavailable', message: BC_FOREIGN_LINK };
      url = resolved;
    } else {
      const p = new URLSearchParams();
      p.set('page[limit]', String(q.limit ?? DEFAULT_PAGE_LIMIT));
      if (q.offset !== undefined) p.set('page[offset]', String(q.offset));
      filters(p, q);
      url = `${this.#accountPath(accountId)}/${collection}?${p.toString()}`;
    }
    return this.#getDoc(url, (doc) => {
      const records = read(doc);
      const paging = readPaging(doc);
      if (paging.next !== null && !this.#resolveLink(paging.next)) {
        return { kind: 'unavailable', message: BC_FOREIGN_LINK };
      }
      return value({ ...records, next: paging.next, count: paging.count });
    });
  }

  #accountPath(accountId: string): string {
    return `/v1/accounts/${encodeURIComponent(accountId)}`;
  }

  /**
   * A link from a reply -> the URL to fetch, or null when it is not on the API origin (or the
   * configured baseUrl's origin). Links on api.bigcartel.com are rewritten onto baseUrl.
   */
  #resolveLink(link: string): string | null {
    let u: URL;
    try {
      u = new URL(link, `${BC_API_ORIGIN}/`);
    } catch {
      return null;
    }
    if (u.username || u.password) return null;
    if (u.origin === this.#base.origin) return u.href;
    if (u.origin === BC_API_ORIGIN) return `${this.#baseHref}${u.pathname}${u.search}`;
    return null;
  }

  /** GET a JSON:API document and map it; BcDocumentError -> unavailable. */
  async #getDoc<T>(pathOrUrl: string, map: (doc: unknown) => Mapped<T>): Promise<BcResult<T>> {
    const raw = await this.#request('GET', pathOrUrl);
    if (raw.kind !== 'ok') return raw;
    const json = parseJson(raw.text);
    if (!json.ok) return { kind: 'unavailable', message: BC_READ_ERROR };
    try {
      const mapped = map(json.value);
      if (mapped.kind !== 'value') return mapped;
      return { kind: 'ok', value: mapped.value, serverDate: raw.serverDate };
    } catch (err) {
      if (err instanceof BcDocumentError) return { kind: 'unavailable', message: BC_READ_ERROR };
      throw err;
    }
  }

  async #request(method: 'GET' | 'POST', pathOrUrl: string, body?: string): Promise<Raw> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.#baseHref}${pathOrUrl}`;
    const isGet = method === 'GET';
    const headers: Record<string, string> = {
      Accept: 'application/vnd.api+json',
      Authorization: this.#authorization,
    };
    if (!isGet) headers['Content-Type'] = 'application/vnd.api+json';
    const timeout = this.#timeoutMs ?? (isGet ? GET_TIMEOUT_MS : WRITE_TIMEOUT_MS);
    const uncertain = isGet ? '' : ': it may or may not have been saved; check the order in Big Cartel';

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.#retries;
      const out = await fetchText(
        this.#fetch,
        url,
        { method, headers, body, cache: 'no-store', credentials: 'omit', redirect: 'error' },
        timeout,
      );
      if (out.kind === 'network') {
        if (isGet && canRetry) {
          await this.#sleep(backoff(attempt));
          continue;
        }
        return {
          kind: 'unavailable',
          message: out.timedOut
            ? `Big Cartel did not answer within ${Math.round(timeout / 100) / 10} s${uncertain}`
            : `Could not reach Big Cartel (${out.detail})${uncertain}`,
        };
      }
      const { status } = out;
      const retryable = status === 429 || (isGet && (status >= 500 || status === 408));
      if (retryable) {
        const retryAfter = parseRetryAfter(out.headers.get('Retry-After'));
        if (retryAfter !== null && retryAfter > BACKOFF_CAP_MS) {
          return {
            kind: 'unavailable',
            message: `Big Cartel asked to wait ${Math.ceil(retryAfter / 1000)} s (HTTP ${status}); try again later`,
          };
        }
        if (canRetry) {
          await this.#sleep(retryAfter ?? backoff(attempt));
          continue;
        }
        return {
          kind: 'unavailable',
          message:
            status === 429
              ? 'Big Cartel is limiting requests (HTTP 429); try again in a minute'
              : `Big Cartel is having trouble (HTTP ${status}); try again later`,
        };
      }
      if (status === 401) return { kind: 'auth', message: BC_AUTH_MESSAGE };
      if (status >= 200 && status < 300) {
        return { kind: 'ok', status, text: out.text, serverDate: isoDate(out.headers.get('Date')) };
      }
      if (status >= 400 && status < 500) {
        return { kind: 'rejected', status, message: this.#errorMessage(status, out.text) };
      }
      // 5xx on a write, or 1xx/3xx
      return { kind: 'unavailable', message: `Big Cartel answered HTTP ${status}${uncertain}` };
    }
  }

  #errorMessage(status: number, body: string): string {
    const json = parseJson(body);
    const errs = json.ok ? jsonApiErrors.safeParse(json.value) : null;
    const said = errs?.success
      ? errs.data.errors
          .map((e) => (e.detail || e.title || '').trim())
          .filter(Boolean)
          .join('; ')
          .slice(0, 500)
      : '';
    const generic =
      status === 404
        ? 'Big Cartel could not find it (HTTP 404)'
        : status === 402
          ? 'Big Cartel could not complete the request (HTTP 402)'
          : status === 422
            ? 'Big Cartel did not accept the details (HTTP 422)'
            : `Big Cartel refused the request (HTTP ${status})`;
    return redact(said ? `${generic}: ${said}` : generic, this.#secrets);
  }
}

function backoff(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
}
