import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DEFAULT_ADMIN_ORIGIN } from '@/lib/hosts';
import { call, type OrderListEntry, type StatusView } from '@/lib/protocol';
import { mark } from '@/lib/marks';
import {
  asSnapshot,
  SNAPSHOT_KEY,
  snapshotArea,
  SNAPSHOT_NEEDS,
  SNAPSHOT_RECENT,
  type PopupSnapshot,
} from '@/lib/snapshot';
import type { ShippingDefaults as Defaults } from '@/lib/shipping';
import { errorMessage } from '../shared/format';
import { useChanged } from '../shared/useChanged';
import { type Resource, useResource } from '../shared/resource';
import { Header } from './Header';
import { CatalogueHint, LinkHealth } from './LinkHealth';
import { Attention } from './Attention';
import { NeedsActionList, RecentSentList, type Page } from './OrderLists';
import { ShippingDefaults } from './ShippingDefaults';
import { SyncPanel } from './SyncPanel';

export const PAGE_SIZE = SNAPSHOT_NEEDS;
const RECENT_SIZE = SNAPSHOT_RECENT;
/** the protocol's largest page */
const MAX_LIMIT = 500;
export const RENDERED_MARK = 'ink:popup:rendered';

/** Read the first `count` orders needing action, in pages the protocol accepts. */
async function fetchNeeds(count: number): Promise<Page> {
  const entries: OrderListEntry[] = [];
  let total = 0;
  for (let offset = 0; offset < count; offset += MAX_LIMIT) {
    const page = await call({
      type: 'listOrders',
      view: 'needsAction',
      offset,
      limit: Math.min(MAX_LIMIT, count - offset),
    });
    total = page.total;
    entries.push(...page.entries);
    if (page.entries.length < Math.min(MAX_LIMIT, count - offset)) break;
  }
  return { total, entries };
}

function dedupe(entries: readonly OrderListEntry[]): OrderListEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
}

const fetchStatus = () => call({ type: 'getStatus' });
const fetchRecent = () => call({ type: 'listOrders', view: 'recentSent', offset: 0, limit: RECENT_SIZE });
const fetchSettings = () => call({ type: 'getSettings' });

/** The popup's first questions to the background, asked before Preact has drawn anything. */
export interface EarlyLoad {
  status: ReturnType<typeof fetchStatus>;
  needs: ReturnType<typeof fetchNeeds>;
  recent: ReturnType<typeof fetchRecent>;
  settings: ReturnType<typeof fetchSettings>;
}

/**
 * The worker's snapshot of this popup (lib/worker/snapshot.ts), or null: none yet, unreadable, or not
 * there within `waitMs` (the popup then draws as the answers come).
 */
export async function readSnapshot(waitMs = 50): Promise<PopupSnapshot | null> {
  try {
    const area = snapshotArea(browser.storage);
    if (!area) return null;
    const got = await Promise.race([
      area.get(SNAPSHOT_KEY),
      new Promise<null>((r) => setTimeout(() => r(null), waitMs)),
    ]);
    return got ? asSnapshot((got as Record<string, unknown>)[SNAPSHOT_KEY]) : null;
  } catch {
    return null;
  }
}

export function startEarlyLoad(): EarlyLoad {
  const early = {
    status: fetchStatus(),
    needs: fetchNeeds(PAGE_SIZE),
    recent: fetchRecent(),
    settings: fetchSettings(),
  };
  // Errors are shown once the popup uses these; never an unhandled rejection meanwhile.
  for (const p of Object.values(early)) (p as Promise<unknown>).catch(() => undefined);
  return early;
}

/** `fetch`, except that its first call answers with `first` when given. */
function firstFrom<T, A extends unknown[]>(
  first: Promise<T> | undefined,
  fetch: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let pending = first;
  return (...args) => {
    const p = pending;
    pending = undefined;
    return p ?? fetch(...args);
  };
}

type SettingsView = Awaited<ReturnType<typeof fetchSettings>>;
type ShipState = { saving: boolean; saved: boolean; error: string | null };

/**
 * Shipping saves run one after another; only the last one's answer is shown, and a refused save
 * puts back what the background last confirmed. `inFlight` counts the saves not answered yet.
 */
function useShippingSaves(
  settingsData: SettingsView | null,
  setSettings: (update: (data: SettingsView) => SettingsView) => void,
) {
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const seq = useRef(0);
  const inFlight = useRef(0);
  const [state, setState] = useState<ShipState>({ saving: false, saved: false, error: null });
  const confirmed = useRef<Defaults | null>(null);

  useEffect(() => {
    if (settingsData && inFlight.current === 0) confirmed.current = settingsData.settings.shipping;
  }, [settingsData]);

  const save = (next: Defaults) => {
    setSettings((d) => ({ ...d, settings: { ...d.settings, shipping: next } }));
    const mine = ++seq.current;
    inFlight.current++;
    setState({ saving: true, saved: false, error: null });
    const run = queue.current.then(() => call({ type: 'saveShipping', shipping: next }));
    queue.current = run.catch(() => undefined);
    run.then(
      (view) => {
        inFlight.current--;
        confirmed.current = view.settings.shipping;
        if (mine === seq.current) {
          setSettings(() => view);
          setState({ saving: false, saved: true, error: null });
        }
      },
      (err: unknown) => {
        inFlight.current--;
        if (mine === seq.current) {
          const back = confirmed.current;
          if (back) setSettings((d) => ({ ...d, settings: { ...d.settings, shipping: back } }));
          setState({ saving: false, saved: false, error: errorMessage(err) });
        }
      },
    );
  };
  return { state, save, inFlight };
}

/** "Show more" for the orders needing action: the next page, appended, focus on its first row. */
function useShowMore(
  needs: Page | null,
  setNeeds: (update: (data: Page) => Page) => void,
  wanted: { current: number },
) {
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  const showMore = async () => {
    if (loadingMore || !needs) return;
    const from = needs.entries.length;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await call({ type: 'listOrders', view: 'needsAction', offset: from, limit: PAGE_SIZE });
      wanted.current = from + PAGE_SIZE;
      setNeeds((d) => ({ total: page.total, entries: dedupe([...d.entries, ...page.entries]) }));
      setFocusFrom(page.entries.length ? from : null);
    } catch (err) {
      setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };
  return { loadingMore, moreError, focusFrom, showMore };
}

/** "Last synced 2 min ago" stays true while the popup is open. */
function useNow(clock: () => Date): [Date, (d: Date) => void] {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const t = setInterval(() => setNow(clock()), 30_000);
    return () => clearInterval(t);
  }, [clock]);
  return [now, setNow];
}

/** First render with data, as soon as it is in the DOM: the mark the benchmark reads. */
function useRenderedMark(ready: boolean): void {
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (!marked.current && ready) {
      marked.current = true;
      mark(RENDERED_MARK);
    }
  }, [ready]);
}

/** While a sync or the import runs, follow its progress (change notices may be far apart). */
function usePollWhile(running: boolean, load: () => Promise<void>): void {
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [running, load]);
}

/** "Sync now": `then` with the fresh status once synced; on a failure, the error and `reload`. */
function useSyncNow(then: (status: StatusView) => Promise<unknown>, reload: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await then(await call({ type: 'syncNow' }));
    } catch (err) {
      setError(errorMessage(err));
      void reload();
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** What could not be loaded at all (data shown from before hides a later error). */
function failures(parts: { what: string; res: Resource<unknown> }[]): { what: string; error: string }[] {
  return parts.flatMap(({ what, res }) => (res.data === null && res.error ? [{ what, error: res.error }] : []));
}

function emptyTextFor(s: StatusView | null): string {
  if (s && s.bigcartel.state === 'unconfigured')
    return 'Orders will show here once your Big Cartel store is connected.';
  if (s?.import?.running) return 'Orders that need you will show here as the import reads them.';
  return 'Nothing needs you: every order is linked and sent';
}

function LoadFailures({ failed, onRetry }: { failed: { what: string; error: string }[]; onRetry: () => void }) {
  if (failed.length === 0) return null;
  return (
    <div class="notice error" role="alert">
      <p>
        Could not load {failed.map((f) => f.what).join(', ')}: {failed[0]!.error}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

function ShippingSection({
  settings,
  ship,
}: {
  settings: Resource<SettingsView>;
  ship: { state: ShipState; save: (next: Defaults) => void };
}) {
  if (settings.data)
    return (
      <ShippingDefaults
        value={settings.data.settings.shipping}
        saving={ship.state.saving}
        saved={ship.state.saved}
        error={ship.state.error}
        onChange={ship.save}
      />
    );
  if (!settings.error) return null;
  return (
    <section class="shipping" aria-labelledby="shipping-heading">
      <h2 id="shipping-heading">Shipping defaults</h2>
      <p class="empty">The shipping defaults could not be loaded.</p>
    </section>
  );
}

export function Popup({
  clock = () => new Date(),
  early,
  snapshot,
}: {
  clock?: () => Date;
  early?: EarlyLoad;
  snapshot?: PopupSnapshot | null;
}) {
  const fetchers = useMemo(
    () => ({
      status: firstFrom(early?.status, fetchStatus),
      needs: firstFrom(early?.needs, fetchNeeds),
      recent: firstFrom(early?.recent, fetchRecent),
      settings: firstFrom(early?.settings, fetchSettings),
    }),
    [early],
  );
  // The worker's snapshot, when there is one, is drawn at once; the answers replace it.
  const [status, loadStatus, setStatusData] = useResource(fetchers.status, snapshot?.status);
  const [needs, loadNeeds, setNeeds] = useResource(fetchers.needs, snapshot?.needs);
  const [recent, loadRecent] = useResource(fetchers.recent, snapshot?.recent);
  const [settings, loadSettings, setSettings] = useResource(fetchers.settings, snapshot?.settings);

  /** how many needing-action orders the merchant has asked to see */
  const wanted = useRef(PAGE_SIZE);
  const more = useShowMore(needs.data, setNeeds, wanted);
  const [now, setNow] = useNow(clock);
  const sync = useSyncNow(async (s) => {
    setStatusData(() => s);
    setNow(clock());
    await Promise.all([loadNeeds(wanted.current), loadRecent()]);
  }, loadStatus);
  const ship = useShippingSaves(settings.data, setSettings);

  const refresh = useCallback(() => {
    void loadStatus();
    void loadNeeds(wanted.current);
    void loadRecent();
    if (ship.inFlight.current === 0) void loadSettings();
  }, [loadStatus, loadNeeds, loadRecent, loadSettings]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useChanged(refresh);
  useRenderedMark(!!needs.data && !!status.data);
  usePollWhile(sync.busy || !!status.data?.syncing || !!status.data?.import?.running, loadStatus);

  const failed = failures([
    { what: 'the connection state', res: status },
    { what: 'orders', res: needs },
    { what: 'sent orders', res: recent },
    { what: 'shipping defaults', res: settings },
  ]);
  const s = status.data;
  const adminOrigin = s?.adminOrigin || DEFAULT_ADMIN_ORIGIN;

  return (
    <div class="popup">
      <Header status={s} />
      <main>
        <LoadFailures failed={failed} onRetry={refresh} />
        <SyncPanel status={s} busy={sync.busy} error={sync.error} now={now} onSync={() => void sync.run()} />
        <Attention status={s} />
        <LinkHealth count={s?.linksNeedingAttention ?? 0} />
        <CatalogueHint count={s?.catalogueToLink ?? 0} />
        <NeedsActionList
          page={needs.data}
          error={needs.error ?? more.moreError}
          adminOrigin={adminOrigin}
          emptyText={emptyTextFor(s)}
          loadingMore={more.loadingMore}
          focusFrom={more.focusFrom}
          onMore={() => void more.showMore()}
        />
        <RecentSentList page={recent.data} error={recent.error} adminOrigin={adminOrigin} />
        <ShippingSection settings={settings} ship={ship} />
      </main>
    </div>
  );
}
