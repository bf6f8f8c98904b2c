/**
 * The Big Cartel admin hosts, defined once for the worker: an origin a content script reports
 * (or one read back from storage) is used only when it is one of these.
 */
export const ADMIN_ORIGINS = ['https://my.bigcartel.com', 'https://app.bigcartel.com'] as const;
const DEFAULT_ADMIN_ORIGIN = ADMIN_ORIGINS[0];

/** Whether `origin` is exactly one of the admin origins (scheme, host and no port or path). */
export function isAdminOrigin(origin: unknown): origin is (typeof ADMIN_ORIGINS)[number] {
  return typeof origin === 'string' && (ADMIN_ORIGINS as readonly string[]).includes(origin);
}

/** The admin origin to open: the one stored when it is an admin origin, else the default. */
export function adminOriginOr(stored: unknown): string {
  return isAdminOrigin(stored) ? stored : DEFAULT_ADMIN_ORIGIN;
}
