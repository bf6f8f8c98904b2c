/**
 * The signed Inkthreadable order API client. The only module that knows how to sign.
 *
 * Results, never exceptions:
 *  - ok:        the reply parsed as the expected success shape;
 *  - rejected:  a definite "no" (`{"error": msg}`, usually with HTTP 200, or a 4xx). For a POST the
 *               order was NOT created;
 *  - ambiguous: network error, timeout, 429, 5xx, an unreadable or unexpected reply. For a POST the
 *               order MAY exist: reconcile by external_id before sending again.
 *
 * Credentials are passed in and never logged or put into messages (server text is redacted too).
 */
import type { z } from '../zod';
import { fetchText, globalFetch, parseJson, parseRetryAfter, redact, type FetchLike, type HttpOutcome } from '../http';
import { sign } from './sign';
import {
  inkCountReplySchema,
  inkCreateOrderBodySchema,
  inkListElementSchema,
  inkListReplySchema,
  inkSingleOrderReplySchema,
  readInkError,
  toText,
  type InkCreateOrderBody,
  type InkOrder,
} from './schemas';

export interface InkCredentials {
  appId: string;
  secretKey: string;
}

/** A list element that could not be read (left out of the list, reported here). */
export interface InkSkipped {
  /** position in the reply's list */
  index: number;
  /** the element's external_id when it could still be seen, else null */
  externalId: string | null;
  message: string;
}

export type InkResult<T> =
  | {
      kind: 'ok';
      value: T;
      /** list calls only: elements that did not parse and were left out */
      skipped?: InkSkipped[];
    }
  | { kind: 'rejected'; message: string; status: number }
  | { kind: 'ambiguous'; message: string; retryAfterMs?: number };

export interface InkListQuery {
  ids?: string[];
  /** default 50 on the service, max 250 */
  limit?: number;
  /** from 1 */
  page?: number;
  sinceId?: string;
  /** ISO 8601 */
  createdAtMin?: string;
  /** ISO 8601 */
  createdAtMax?: string;
  status?: string;
}

export type InkCountQuery = Omit<InkListQuery, 'limit' | 'page'>;

export interface InkClientOptions {
  /** default https://www.inkthreadable.co.uk/api */
  baseUrl?: string;
  /** overrides both defaults: 45 000 ms for POST, 20 000 ms for GET/DELETE */
  timeoutMs?: number;
  fetch?: FetchLike;
}

const INK_BASE_URL = 'https://www.inkthreadable.co.uk/api';
const INK_MAX_LIMIT = 250;
const POST_TIMEOUT_MS = 45_000;
const GET_TIMEOUT_MS = 20_000;

export const INK_CHECK_CREDENTIALS =
  'Inkthreadable did not accept the App ID and Secret key: check your App ID and Secret key in Settings';

/**
 * encodeURIComponent, plus the five characters it leaves alone (`! ' ( ) *`). The URL parser
 * percent-encodes `'` in a query on its own, which would make the wire query differ from the
 * signed one; encoding them here keeps the two byte-identical.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `AppId=...&k=v...`: the exact string that is signed and sent (without Signature). */
export function buildQuery(appId: string, params: readonly (readonly [string, string])[]): string {
  return [['AppId', appId] as const, ...params]
    .map(([k, v]) => `${encodeQueryValue(k)}=${encodeQueryValue(v)}`)
    .join('&');
}

/**
 * Validates the body and serialises it once. Send exactly the returned string (and keep it for
 * the outbox record) with {@link InkClient.createOrderJson}.
 */
export function serialiseCreateOrderBody(
  body: InkCreateOrderBody,
): { ok: true; json: string } | { ok: false; message: string } {
  const r = inkCreateOrderBodySchema.safeParse(body);
  if (!r.success) return { ok: false, message: describeBodyIssue(r.error) };
  // the caller's object, not zod's copy: JSON.stringify(body) elsewhere gives the same bytes
  return { ok: true, json: JSON.stringify(body) };
}

function describeBodyIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The order cannot be sent: its details are incomplete';
  const path = issue.path.map((p) => (typeof p === 'number' ? `item ${p + 1}` : String(p))).join(' > ');
  return `The order cannot be sent: ${path ? `${path}: ` : ''}${issue.message}`;
}

type Params = [string, string][];

function listParams(q: InkListQuery): Params {
  const p: Params = [];
  if (q.ids && q.ids.length > 0) p.push(['ids', q.ids.join(',')]);
  if (q.limit !== undefined) p.push(['limit', String(Math.trunc(q.limit))]);
  if (q.page !== undefined) p.push(['page', String(Math.trunc(q.page))]);
  if (q.sinceId) p.push(['since_id', q.sinceId]);
  if (q.createdAtMin) p.push(['created_at_min', q.createdAtMin]);
  if (q.createdAtMax) p.push(['created_at_max', q.createdAtMax]);
  if (q.status) p.push(['status', q.status]);
  return p;
}

type Method = 'GET' | 'POST' | 'DELETE';

export class InkClient {
  readonly #creds: InkCredentials;
  readonly #baseUrl: string;
  readonly #timeoutMs: number | undefined;
  readonly #fetch: FetchLike;

  constructor(creds: InkCredentials, opts: InkClientOptions = {}) {
    this.#creds = { appId: creds.appId, secretKey: creds.secretKey };
    this.#baseUrl = (opts.baseUrl ?? INK_BASE_URL).replace(/\/+$/, '');
    this.#timeoutMs = opts.timeoutMs;
    this.#fetch = opts.fetch ?? globalFetch;
  }

  /** Validates, serialises once, signs that string and POSTs it. */
  async createOrder(body: InkCreateOrderBody): Promise<InkResult<InkOrder>> {
    const s = serialiseCreateOrderBody(body);
    if (!s.ok) return { kind: 'rejected', status: 0, message: s.message };
    return this.createOrderJson(s.json);
  }

  /**
   * POSTs exactly `json` (signed as is). For the outbox, which records the exact body before
   * sending. The string must parse as a valid create-order body, else nothing is sent.
   */
  async createOrderJson(json: string): Promise<InkResult<InkOrder>> {
    const parsed = parseJson(json);
    const valid = parsed.ok ? inkCreateOrderBodySchema.safeParse(parsed.value) : null;
    if (!valid?.success) {
      return {
        kind: 'rejected',
        status: 0,
        message: valid ? describeBodyIssue(valid.error) : 'The order cannot be sent: its body is not JSON',
      };
    }
    const sentExternalId = valid.data.external_id;
    const out = await this.#exchange('POST', '/orders.php', [], json);
    return this.#interpret(out, 'POST', (v) => {
      const r = inkSingleOrderReplySchema.safeParse(v);
      if (!r.success) return null;
      if (r.data.externalId && r.data.externalId !== sentExternalId) {
        return {
          kind: 'ambiguous',
          message: `Inkthreadable answered with a different order (${r.data.externalId}) than the one sent (${sentExternalId})`,
        };
      }
      return { kind: 'ok', value: r.data };
    });
  }

  async getOrder(id: string): Promise<InkResult<InkOrder>> {
    const out = await this.#exchange('GET', '/order.php', [['id', id]]);
    return this.#interpret(out, 'GET', (v) => {
      const r = inkSingleOrderReplySchema.safeParse(v);
      return r.success ? { kind: 'ok', value: r.data } : null;
    });
  }

  async listOrders(q: InkListQuery = {}): Promise<InkResult<InkOrder[]>> {
    const r = await this.#listPage(q);
    if (r.kind !== 'ok') return r;
    const { orders, skipped } = r.value;
    return skipped.length > 0 ? { kind: 'ok', value: orders, skipped } : { kind: 'ok', value: orders };
  }

  /**
   * A complete read, or `ambiguous` (unknown): every page (limit 250) until an EMPTY page (a
   * short page is not taken as the last: the service has been seen answering one mid-list), then
   * the count endpoint with the same filters must agree with the number of distinct orders read
   * (unreadable elements included). Any disagreement, a failing page or count, or more than
   * `maxPages` pages is `ambiguous`: reconciliation must never take an incomplete list for the
   * whole. Orders are de-duplicated by id.
   *
   * `checkCount: false` leaves the count out: Chromium refuses an extension's requests to a URL
   * for a while after a few 5xx answers in a row (its anti-DDoS throttling), and the live count
   * endpoint always answers 500, so a count asked on every read would soon never be answered.
   * Callers then check the count themselves where a decision depends on it ({@link countOrders}).
   */
  async listAllOrders(
    q: Omit<InkListQuery, 'page' | 'limit'> = {},
    maxPages = 40,
    opts: { checkCount?: boolean } = {},
  ): Promise<InkResult<InkOrder[]>> {
    const seen = new Map<string, InkOrder>();
    const skipped: InkSkipped[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const r = await this.#listPage({ ...q, limit: INK_MAX_LIMIT, page });
      if (r.kind !== 'ok') return r;
      for (const o of r.value.orders) if (!seen.has(o.id)) seen.set(o.id, o);
      for (const s of r.value.skipped) skipped.push({ ...s, message: `page ${page}: ${s.message}` });
      if (r.value.rawCount === 0) {
        if (opts.checkCount === false) {
          const value = [...seen.values()];
          return skipped.length > 0 ? { kind: 'ok', value, skipped } : { kind: 'ok', value };
        }
        const { ids, sinceId, createdAtMin, createdAtMax, status } = q;
        const count = await this.countOrders({ ids, sinceId, createdAtMin, createdAtMax, status });
        if (count.kind !== 'ok') {
          return {
            kind: 'ambiguous',
            message: `Inkthreadable's order count could not be read to check the list (${count.message})`,
          };
        }
        const read = seen.size + skipped.length;
        if (count.value !== read) {
          return {
            kind: 'ambiguous',
            message: `Inkthreadable's order list (${read}) and its count (${count.value}) disagree; the list may be incomplete`,
          };
        }
        const value = [...seen.values()];
        return skipped.length > 0 ? { kind: 'ok', value, skipped } : { kind: 'ok', value };
      }
    }
    return {
      kind: 'ambiguous',
      message: `Inkthreadable listed more than ${(maxPages - 1) * INK_MAX_LIMIT} orders; the list was not read to the end`,
    };
  }

  /** `GET /orders/count.php`. Reads the body on any status: the service answers 500 with a valid body. */
  async countOrders(q: InkCountQuery = {}): Promise<InkResult<number>> {
    const { ids, sinceId, createdAtMin, createdAtMax, status } = q;
    const out = await this.#exchange(
      'GET',
      '/orders/count.php',
      listParams({ ids, sinceId, createdAtMin, createdAtMax, status }),
    );
    const parseCount = (v: unknown): InkResult<number> | null => {
      const r = inkCountReplySchema.safeParse(v);
      return r.success ? { kind: 'ok', value: r.data.count } : null;
    };
    if (out.kind === 'response' && out.status >= 500) {
      const j = parseJson(out.text);
      if (j.ok) {
        const ok = parseCount(j.value);
        if (ok) return ok;
        const err = readInkError(j.value);
        if (err !== null) return { kind: 'rejected', status: out.status, message: this.#clean(err) };
      }
    }
    return this.#interpret(out, 'GET', parseCount);
  }

  /** `DELETE /orders.php?id=N`: cancels an unpaid (`received`) order. */
  async cancelOrder(id: string): Promise<InkResult<void>> {
    const out = await this.#exchange('DELETE', '/orders.php', [['id', id]]);
    return this.#interpret(
      out,
      'DELETE',
      (v) => (v !== null && typeof v === 'object' ? { kind: 'ok', value: undefined } : null),
      true,
    );
  }

  /**
   * A cheap signed GET (one order of the list) that tells a bad App ID / Secret key (rejected,
   * "check your App ID and Secret key") from network trouble (ambiguous). Not the count: the live
   * service answers it with HTTP 500, and Chromium then throttles the extension's requests to it,
   * so a merchant pressing Test connection a few times would be told the service is unreachable.
   */
  async testConnection(): Promise<InkResult<void>> {
    if (!this.#creds.appId.trim() || !this.#creds.secretKey) {
      return { kind: 'rejected', status: 0, message: 'Enter your Inkthreadable App ID and Secret key' };
    }
    const r = await this.listOrders({ limit: 1 });
    switch (r.kind) {
      case 'ok':
        return { kind: 'ok', value: undefined };
      case 'rejected':
        return {
          kind: 'rejected',
          status: r.status,
          message: `${INK_CHECK_CREDENTIALS} (Inkthreadable said: "${r.message}")`,
        };
      case 'ambiguous':
        return {
          ...r,
          message: `Could not check the App ID and Secret key: ${r.message}`,
        };
    }
  }

  // -------------------------------------------------------------------------------------------

  async #listPage(
    q: InkListQuery,
  ): Promise<InkResult<{ orders: InkOrder[]; skipped: InkSkipped[]; rawCount: number }>> {
    const out = await this.#exchange('GET', '/orders.php', listParams(q));
    return this.#interpret(out, 'GET', (v) => {
      const r = inkListReplySchema.safeParse(v);
      if (!r.success) return null;
      const orders: InkOrder[] = [];
      const skipped: InkSkipped[] = [];
      r.data.orders.forEach((el, index) => {
        const e = inkListElementSchema.safeParse(el);
        if (e.success) orders.push(e.data);
        else skipped.push({ index, externalId: peekExternalId(el), message: 'an order in the list could not be read' });
      });
      return { kind: 'ok', value: { orders, skipped, rawCount: r.data.orders.length } };
    });
  }

  async #exchange(method: Method, path: string, params: Params, body?: string): Promise<HttpOutcome> {
    const query = buildQuery(this.#creds.appId, params);
    const signature = await sign(method === 'POST' ? (body ?? '') : query, this.#creds.secretKey);
    const url = `${this.#baseUrl}${path}?${query}&Signature=${signature}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    const timeout = this.#timeoutMs ?? (method === 'POST' ? POST_TIMEOUT_MS : GET_TIMEOUT_MS);
    return fetchText(
      this.#fetch,
      url,
      { method, headers, body: method === 'POST' ? body : undefined, cache: 'no-store', credentials: 'omit' },
      timeout,
    );
  }

  /**
   * Maps an exchange to a result. `success` returns the ok (or an override) for a parsed 2xx
   * body, or null when the body is not the expected shape.
   */
  #interpret<T>(
    out: HttpOutcome,
    method: Method,
    success: (json: unknown) => InkResult<T> | null,
    emptyIsOk = false,
  ): InkResult<T> {
    const mayExist = method === 'POST' ? ': the order may or may not have reached Inkthreadable' : '';
    if (out.kind === 'network') {
      const timeout = this.#timeoutMs ?? (method === 'POST' ? POST_TIMEOUT_MS : GET_TIMEOUT_MS);
      return {
        kind: 'ambiguous',
        message: out.timedOut
          ? `Inkthreadable did not answer within ${Math.round(timeout / 100) / 10} s${mayExist}`
          : `Could not reach Inkthreadable (${out.detail})${mayExist}`,
      };
    }
    const { status } = out;
    const json = parseJson(out.text);
    const serverError = json.ok ? readInkError(json.value) : null;
    const said = serverError !== null ? `: "${this.#clean(serverError)}"` : '';

    if (status === 429) {
      const retryAfterMs = parseRetryAfter(out.headers.get('Retry-After'));
      return {
        kind: 'ambiguous',
        message: `Inkthreadable is busy (HTTP 429)${said}${mayExist}`,
        ...(retryAfterMs !== null ? { retryAfterMs } : {}),
      };
    }
    if (status >= 500 || status === 408) {
      const retryAfterMs = parseRetryAfter(out.headers.get('Retry-After'));
      return {
        kind: 'ambiguous',
        message: `Inkthreadable had a problem (HTTP ${status})${said}${mayExist}`,
        ...(retryAfterMs !== null ? { retryAfterMs } : {}),
      };
    }
    if (status >= 400) {
      if (serverError !== null) return { kind: 'rejected', status, message: this.#clean(serverError) };
      return {
        kind: 'rejected',
        status,
        message:
          status === 401 || status === 403
            ? `${INK_CHECK_CREDENTIALS} (HTTP ${status})`
            : `Inkthreadable refused the request (HTTP ${status})`,
      };
    }
    if (status < 200 || status >= 300) {
      return { kind: 'ambiguous', message: `Inkthreadable sent an unexpected answer (HTTP ${status})${mayExist}` };
    }
    // 2xx
    if (!json.ok) {
      if (emptyIsOk && out.text.trim() === '') {
        return { kind: 'ok', value: undefined as T };
      }
      return { kind: 'ambiguous', message: `Inkthreadable sent a reply the extension could not read${mayExist}` };
    }
    if (serverError !== null) return { kind: 'rejected', status, message: this.#clean(serverError) };
    const r = success(json.value);
    if (r) return r;
    return { kind: 'ambiguous', message: `Inkthreadable sent an unexpected reply${mayExist}` };
  }

  /** Server text with our credentials removed (in case the service echoes them). */
  #clean(message: string): string {
    return redact(message, [this.#creds.secretKey, this.#creds.appId]);
  }
}

function peekExternalId(el: unknown): string | null {
  if (!el || typeof el !== 'object') return null;
  const o = el as Record<string, unknown>;
  const inner = o.order && typeof o.order === 'object' ? (o.order as Record<string, unknown>) : o;
  return toText(inner.external_id) || null;
}
