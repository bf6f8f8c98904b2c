/**
 * A small fetch wrapper shared by the API clients: one timeout that covers the whole exchange
 * (headers *and* body), and a result instead of an exception.
 *
 * Runs in the background service worker and in vitest on Node: fetch + AbortController only.
 * Never puts the URL (which may carry credentials or signatures) into a message.
 */

export type FetchLike = typeof fetch;

export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | {
      kind: 'network';
      /** true when our own timeout fired (the server may still be working on the request) */
      timedOut: boolean;
      /** a short, credential-free description, e.g. "ECONNRESET" or "network error" */
      detail: string;
    };

/** The global fetch, called unbound-safe (browsers throw "Illegal invocation" otherwise). */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * Fetches `url` and reads the whole body as text, all within `timeoutMs`.
 * Never throws.
 */
export async function fetchText(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetchImpl(url, { ...init, signal: controller.signal });
    const text = await res.text();
    return { kind: 'response', status: res.status, headers: res.headers, text };
  } catch (err) {
    return { kind: 'network', timedOut, detail: timedOut ? 'timeout' : describeNetworkError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A short code for a network failure, without anything from the request (URLs carry
 * AppId/Signature; error messages of some fetch implementations quote the URL).
 */
function describeNetworkError(err: unknown): string {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes[0] ?? 'network error';
}

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP date. null when absent or
 * unreadable. Negative values become 0.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.max(0, Math.round(Number(v) * 1000));
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

/** JSON.parse that reports failure instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Replaces every occurrence of each secret (length >= 3) in `text` with "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join('[redacted]');
  }
  return out;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
