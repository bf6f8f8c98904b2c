/** What the sync keeps in the meta store (progress, the services' state, problems), and its constants. */
import type { Db } from './db';
import { getMeta, setMeta } from './db';
import type { ServiceState } from '../protocol';
import type { BcAccount } from '../types';

export const PAGE_SIZE = 100;
/** Each poll reads again what changed in the last minutes before the previous pass began. */
export const CURSOR_OVERLAP_MS = 10 * 60_000;
/** Every unshipped order is read again this often. */
export const RESCAN_EVERY_MS = 24 * 3_600_000;
export const MAX_PAGES_PER_RUN = 1_000;

export interface AccountMeta extends BcAccount {
  connectedAt: string;
}

export interface SyncMeta {
  /** import: the fast first pass; catchup: a keyset re-read after the list shifted; poll: incremental */
  phase: 'import' | 'catchup' | 'poll';
  importSince: string;
  importNext: string | null;
  importRead: number;
  importTotal: number | null;
  importStartedAt: string | null;
  importShifted: boolean;
  catchup: { from: string | null; offset: number } | null;
  cursor: string | null;
  lastSyncAt: string | null;
  lastTrackAt: string | null;
  /** when every unshipped order was last read (the import counts as one); absent before it */
  lastRescanAt?: string | null;
  /** list requests the last daily rescan made (for the benchmark) */
  rescanRequests?: number;
}

export interface Backoff {
  failures: number;
  nextAttemptAt: string | null;
}

export interface StatusMeta {
  bigcartel: ServiceState;
  inkthreadable: ServiceState;
  syncing: boolean;
}

export interface Problem {
  id: string;
  message: string;
  at: string;
}

export const UNCONFIGURED: StatusMeta = {
  bigcartel: { state: 'unconfigured', message: 'Connect your Big Cartel store in Settings.' },
  inkthreadable: { state: 'unconfigured', message: 'Connect your Inkthreadable account in Settings.' },
  syncing: false,
};

export async function getStatusMeta(db: Db): Promise<StatusMeta> {
  return (await getMeta<StatusMeta>(db, 'status')) ?? UNCONFIGURED;
}

export async function setServiceState(
  db: Db,
  service: 'bigcartel' | 'inkthreadable',
  state: ServiceState,
): Promise<void> {
  const cur = await getStatusMeta(db);
  const was = cur[service];
  if (was && was.state === state.state && was.message === state.message) return;
  await setMeta(db, 'status', { ...cur, [service]: state });
}

export interface SyncResult {
  /** The pass ran (and then also sent what was ready and retried what was due), failed or not. */
  ran: boolean;
  /** Not run because another pass was already running (left alone to finish). */
  busy?: boolean;
  /** orders stored: new, or changed since last read (those read again unchanged are not counted) */
  read: number;
  newNeedingAction: string[];
  message: string;
}

/** Forget the store: the next sync imports again (after reconnecting to another store). */
export async function resetSync(db: Db): Promise<void> {
  // The other store's catalogue goes too: its products are not this store's.
  const tx = db.transaction(['meta', 'products'], 'readwrite');
  const meta = tx.objectStore('meta');
  await Promise.all([
    meta.delete('sync'),
    meta.delete('account'),
    meta.delete('catalogue'),
    meta.delete('linkHealth'),
    tx.objectStore('products').clear(),
    tx.done,
  ]);
}
