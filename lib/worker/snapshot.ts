/**
 * The popup's first screen, kept ready by the worker: what the popup would ask for when it opens
 * (the status, the first page of orders needing action, the last sent, the settings), written to
 * `storage.session` a moment after anything changes. The popup draws it at once and then asks the
 * worker as before, so the answers replace it within a blink; the worker stays off the path
 * between a click on the toolbar button and the list. `storage.session` lives in memory, for
 * this browser session only, and only extension pages can read it (never content scripts).
 * Nothing is decided from it: every action goes to the worker, which checks the stored state.
 */
import type { OrderListEntry, SettingsView, StatusView } from '../protocol';

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

export interface SnapshotSources {
  status(): Promise<StatusView>;
  list(view: 'needsAction' | 'recentSent', limit: number): Promise<ListPage>;
  settings(): Promise<SettingsView>;
  now(): Date;
}

export async function buildSnapshot(src: SnapshotSources): Promise<PopupSnapshot> {
  const [status, needs, recent, settings] = await Promise.all([
    src.status(),
    src.list('needsAction', SNAPSHOT_NEEDS),
    src.list('recentSent', SNAPSHOT_RECENT),
    src.settings(),
  ]);
  return { v: SNAPSHOT_VERSION, at: src.now().toISOString(), status, needs, recent, settings };
}

/**
 * Writes the snapshot `delayMs` after the first change it hears of (later changes in that
 * window ride along), never two at once; a change during a write brings another write after it.
 * A failed write is dropped: the popup then waits for the worker's answers, as without it.
 */
export function snapshotWriter(opts: {
  build(): Promise<PopupSnapshot>;
  write(s: PopupSnapshot): Promise<void>;
  setTimer(fn: () => void, ms: number): unknown;
  delayMs?: number;
}): { schedule(): void; flush(): Promise<void> } {
  const delay = opts.delayMs ?? 400;
  let timer = false;
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          try {
            await opts.write(await opts.build());
          } catch {
            /* the popup asks the worker instead */
          }
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return {
    schedule() {
      if (timer) return;
      timer = true;
      opts.setTimer(() => {
        timer = false;
        void run();
      }, delay);
    },
    flush: run,
  };
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
