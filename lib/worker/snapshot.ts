/**
 * The popup's first screen, kept ready by the worker: what the popup would ask for when it opens
 * (the status, the first page of orders needing action, the last sent, the settings), written a
 * moment after anything changes. The popup draws it at once and then asks the worker as before, so
 * the answers replace it within a blink; the worker stays off the path between a click on the
 * toolbar button and the list. It is kept where only extension pages can read it, never content
 * scripts (`snapshotArea`: storage.local in Chrome, storage.session in Firefox).
 * Nothing is decided from it: every action goes to the worker, which checks the stored state.
 */
import { SNAPSHOT_NEEDS, SNAPSHOT_RECENT, SNAPSHOT_VERSION, type ListPage, type PopupSnapshot } from '../snapshot';
import type { SettingsView, StatusView } from '../views';

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
 * (The order pages' views are written the same way: lib/worker/view-store.ts.)
 */
export function snapshotWriter<T = PopupSnapshot>(opts: {
  build(): Promise<T>;
  write(s: T): Promise<void>;
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
