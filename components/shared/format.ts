/** Formatting shared by the popup and the options page: plain functions, easy to test. */

const numberFormat = new Intl.NumberFormat('en-GB');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 order", "2 orders". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** How long ago, in words: "just now", "2 min ago", "3 h ago", "yesterday", "on 3 Nov". */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const ms = now.getTime() - then.getTime();
  if (Number.isNaN(ms)) return 'at an unknown time';
  if (ms < 45_000) return 'just now';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${Math.max(1, min)} min ago`;
  const h = Math.round(ms / 3_600_000);
  if (h < 24) return `${h} h ago`;
  if (h < 48) return 'yesterday';
  return `on ${shortDate(iso, now)}`;
}

// One formatter each, made on first use: toLocaleString builds a new one on every call, which
// costs a list of 50 orders tens of milliseconds.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    formatters.set(key, f);
  }
  return f;
}

/** "3 Nov" this year, "3 Nov 2025" otherwise; "" when the date is missing or broken. */
export function shortDate(iso: string, now: Date = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameYear = d.getFullYear() === now.getFullYear();
  return sameYear
    ? dateFormat('dm', { day: 'numeric', month: 'short' }).format(d)
    : dateFormat('dmy', { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** Date and time for a tooltip: "3 Nov 2026, 14:02". */
export function fullDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dateFormat('full', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Inkthreadable's order status in words. */
export function inkStatusText(status: string): string {
  const s = status.trim().toLowerCase();
  switch (s) {
    case 'received':
      return 'Awaiting payment';
    case '':
      return 'Status not known yet';
    default: {
      const words = s.replace(/[_-]+/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/** The message of whatever was thrown, fit to show. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Try again.';
}
