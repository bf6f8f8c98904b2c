// Small helpers shared by the sandbox modules. Node standard library only.

/**
 * mulberry32: a tiny deterministic PRNG. Returns a function giving floats in [0, 1).
 * @param {number} seed
 */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    /** integer in [min, max] */
    int: (/** @type {number} */ min, /** @type {number} */ max) => min + Math.floor(next() * (max - min + 1)),
    /** @template T @param {readonly T[]} arr @returns {T} */
    pick: (arr) => /** @type {any} */ (arr[Math.floor(next() * arr.length)]),
  });
}

/**
 * Money as Big Cartel prints it: a decimal string like "35.0", "12.5", "12.99".
 * @param {number} n
 */
export function bcMoney(n) {
  const r = Math.round(n * 100) / 100;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

/** @param {number} ms ISO 8601 with milliseconds and Z. */
export function iso(ms) {
  return new Date(ms).toISOString();
}

/** @param {number} ms Inkthreadable's PHP-style date: 2026-11-20T14:05:02+00:00 */
export function inkDate(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * Parses an ISO 8601 date; a value without a zone is read as UTC. Returns NaN when invalid.
 * @param {string | null | undefined} s
 */
export function parseIso(s) {
  if (!s) return NaN;
  let v = s.trim();
  // "2026-11-20 14:05:02" -> "2026-11-20T14:05:02"
  v = v.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  // A '+' in a query string arrives decoded as a space: "...14:05:02 00:00".
  v = v.replace(/ (\d{2}:?\d{2})$/, '+$1');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v += 'T00:00:00Z';
  else if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v += 'Z';
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return NaN;
  return Date.parse(v);
}

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 * @param {unknown} v
 */
export function esc(v) {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside a <script> element (no "</script>", no HTML comment openers).
 * @param {unknown} v
 */
export function scriptJson(v) {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** @param {string} s */
export function slug(s) {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}

/**
 * A sleep that can be cut short (the sandbox cancels pending timers when it closes).
 * @param {number} ms
 * @param {Set<() => void>} registry
 */
export function sleep(ms, registry) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      registry.delete(done);
      resolve(undefined);
    };
    const t = setTimeout(done, ms);
    registry.add(done);
  });
}
