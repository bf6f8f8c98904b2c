/**
 * The Big Cartel admin hosts, defined once: the manifest's matches and host permissions
 * (wxt.config.ts), the content script's matches, the worker's tab queries and link checks, and the
 * pages' default all derive from this list. An origin a content script reports (or one read back
 * from storage) is used only when it is one of these.
 */
export const ADMIN_ORIGINS = ['https://my.bigcartel.com', 'https://app.bigcartel.com'] as const;
export const DEFAULT_ADMIN_ORIGIN = ADMIN_ORIGINS[0];

/** Match patterns for every admin page, e.g. `https://my.bigcartel.com/*`. */
export const ADMIN_MATCHES: string[] = ADMIN_ORIGINS.map((origin) => `${origin}/*`);

/** Whether `origin` is exactly one of the admin origins (scheme, host and no port or path). */
export function isAdminOrigin(origin: unknown): origin is (typeof ADMIN_ORIGINS)[number] {
  return typeof origin === 'string' && (ADMIN_ORIGINS as readonly string[]).includes(origin);
}

/** Whether `url` is an order page of the admin (`https://my.bigcartel.com/orders/...`). */
export function isAdminOrderUrl(url: string): boolean {
  return ADMIN_ORIGINS.some((origin) => url.startsWith(`${origin}/orders/`));
}

/** The admin origin to open: the one stored when it is an admin origin, else the default. */
export function adminOriginOr(stored: unknown): string {
  return isAdminOrigin(stored) ? stored : DEFAULT_ADMIN_ORIGIN;
}
