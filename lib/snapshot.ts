/**
 * The popup's snapshot as both sides read it: the worker writes it (lib/worker/snapshot.ts), the
 * popup draws it. Its key, version and page sizes, its shape, and the check of a stored one.
 */
import type { OrderListEntry, SettingsView, StatusView } from './views';

export const SNAPSHOT_KEY = 'popupSnapshot';
export const SNAPSHOT_VERSION = 1;
/** Orders needing action in the first page, and sent orders listed: the popup's own page sizes. */
export const SNAPSHOT_NEEDS = 50;
export const SNAPSHOT_RECENT = 10;

export interface ListPage {
  total: number;
  entries: OrderListEntry[];
}

export interface PopupSnapshot {
  v: typeof SNAPSHOT_VERSION;
  /** when it was read from the store (ISO) */
  at: string;
  status: StatusView;
  needs: ListPage;
  recent: ListPage;
  settings: SettingsView;
}

type Area = { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };

/**
 * Where the snapshot is kept: out of the content scripts' reach, like the credentials. Chrome
 * closes storage.local to them (the worker asks at every start) and opens storage.session to them
 * for the order pages' views (lib/first-draw.ts): there it is storage.local. Firefox can do
 * neither: there it is storage.session, which Firefox keeps from content scripts.
 */
export function snapshotArea(areas: { local: unknown; session?: unknown }): Area | undefined {
  const local = areas.local as { setAccessLevel?: unknown };
  return (typeof local.setAccessLevel === 'function' ? local : areas.session) as Area | undefined;
}

function isPage(x: unknown): x is ListPage {
  return (
    !!x && typeof x === 'object' && typeof (x as ListPage).total === 'number' && Array.isArray((x as ListPage).entries)
  );
}

/** The stored snapshot when it is one this version wrote, else null. */
export function asSnapshot(x: unknown): PopupSnapshot | null {
  if (!x || typeof x !== 'object') return null;
  const s = x as Partial<PopupSnapshot>;
  if (s.v !== SNAPSHOT_VERSION || typeof s.at !== 'string') return null;
  if (!s.status || typeof s.status !== 'object' || typeof s.status.pending !== 'number') return null;
  if (!isPage(s.needs) || !isPage(s.recent)) return null;
  if (!s.settings || typeof s.settings !== 'object' || !s.settings.settings) return null;
  return s as PopupSnapshot;
}
