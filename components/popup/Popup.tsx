import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { call, type OrderListEntry } from '@/lib/protocol';
import { mark } from '@/lib/marks';
import { asSnapshot, SNAPSHOT_KEY, SNAPSHOT_NEEDS, SNAPSHOT_RECENT, type PopupSnapshot } from '@/lib/snapshot';
import type { ShippingDefaults as Defaults } from '@/lib/shipping';
import { errorMessage } from '../shared/format';
import { useChanged } from '../shared/useChanged';
import { useResource } from '../shared/resource';
import { Header } from './Header';
import { CatalogueHint, LinkHealth } from './LinkHealth';
import { Attention } from './Attention';
import { NeedsActionList, RecentSentList, type Page } from './OrderLists';
import { ShippingDefaults } from './ShippingDefaults';
import { SyncPanel } from './SyncPanel';

export const PAGE_SIZE = SNAPSHOT_NEEDS;
export const RECENT_SIZE = SNAPSHOT_RECENT;
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
    const session = browser.storage.session;
    if (!session) return null;
    const got = await Promise.race([
      session.get(SNAPSHOT_KEY),
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
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  const [syncBusy, setSyncBusy] = useState(false);
  const [syncError, setSyncError] = useState<string | null>(null);
  const [now, setNow] = useState(clock);
  /** shipping saves run one after another; only the last one's answer is shown */
  const shipQueue = useRef<Promise<unknown>>(Promise.resolve());
  const shipSeq = useRef(0);
  const shipInFlight = useRef(0);
  const [shipState, setShipState] = useState<{ saving: boolean; saved: boolean; error: string | null }>({
    saving: false,
    saved: false,
    error: null,
  });
  const confirmedShipping = useRef<Defaults | null>(null);

  const refresh = useCallback(() => {
    void loadStatus();
    void loadNeeds(wanted.current);
    void loadRecent();
    if (shipInFlight.current === 0) void loadSettings();
  }, [loadStatus, loadNeeds, loadRecent, loadSettings]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useChanged(refresh);

  useEffect(() => {
    if (settings.data && shipInFlight.current === 0) confirmedShipping.current = settings.data.settings.shipping;
  }, [settings.data]);

  // "Last synced 2 min ago" stays true while the popup is open.
  useEffect(() => {
    const t = setInterval(() => setNow(clock()), 30_000);
    return () => clearInterval(t);
  }, [clock]);

  // First render with data, as soon as it is in the DOM: the mark the benchmark reads.
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (!marked.current && needs.data && status.data) {
      marked.current = true;
      mark(RENDERED_MARK);
    }
  }, [needs.data, status.data]);

  // While a sync or the import runs, follow its progress (change notices may be far apart).
  const running = syncBusy || !!status.data?.syncing || !!status.data?.import?.running;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void loadStatus(), 1000);
    return () => clearInterval(t);
  }, [running, loadStatus]);

  const syncNow = async () => {
    setSyncBusy(true);
    setSyncError(null);
    try {
      const s = await call({ type: 'syncNow' });
      setStatusData(() => s);
      setNow(clock());
      await Promise.all([loadNeeds(wanted.current), loadRecent()]);
    } catch (err) {
      setSyncError(errorMessage(err));
      void loadStatus();
    } finally {
      setSyncBusy(false);
    }
  };

  const showMore = async () => {
    if (loadingMore || !needs.data) return;
    const from = needs.data.entries.length;
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

  const saveShipping = (next: Defaults) => {
    setSettings((d) => ({ ...d, settings: { ...d.settings, shipping: next } }));
    const mine = ++shipSeq.current;
    shipInFlight.current++;
    setShipState({ saving: true, saved: false, error: null });
    const run = shipQueue.current.then(() => call({ type: 'saveShipping', shipping: next }));
    shipQueue.current = run.catch(() => undefined);
    run.then(
      (view) => {
        shipInFlight.current--;
        confirmedShipping.current = view.settings.shipping;
        if (mine === shipSeq.current) {
          setSettings(() => view);
          setShipState({ saving: false, saved: true, error: null });
        }
      },
      (err: unknown) => {
        shipInFlight.current--;
        if (mine === shipSeq.current) {
          const back = confirmedShipping.current;
          if (back) setSettings((d) => ({ ...d, settings: { ...d.settings, shipping: back } }));
          setShipState({ saving: false, saved: false, error: errorMessage(err) });
        }
      },
    );
  };

  const failed = [
    { what: 'the connection state', res: status },
    { what: 'orders', res: needs },
    { what: 'sent orders', res: recent },
    { what: 'shipping defaults', res: settings },
  ].flatMap(({ what, res }) => (res.data === null && res.error ? [{ what, error: res.error }] : []));
  const s = status.data;
  const adminOrigin = s?.adminOrigin || 'https://my.bigcartel.com';
  const emptyText =
    s && s.bigcartel.state === 'unconfigured'
      ? 'Orders will show here once your Big Cartel store is connected.'
      : s?.import?.running
        ? 'Orders that need you will show here as the import reads them.'
        : 'Nothing needs you: every order is linked and sent';

  return (
    <div class="popup">
      <Header status={s} />
      <main>
        {failed.length > 0 && (
          <div class="notice error" role="alert">
            <p>
              Could not load {failed.map((f) => f.what).join(', ')}: {failed[0]!.error}
            </p>
            <button type="button" onClick={refresh}>
              Try again
            </button>
          </div>
        )}
        <SyncPanel status={s} busy={syncBusy} error={syncError} now={now} onSync={() => void syncNow()} />
        <Attention status={s} />
        <LinkHealth count={s?.linksNeedingAttention ?? 0} />
        <CatalogueHint count={s?.catalogueToLink ?? 0} />
        <NeedsActionList
          page={needs.data}
          error={needs.error ?? moreError}
          adminOrigin={adminOrigin}
          emptyText={emptyText}
          loadingMore={loadingMore}
          focusFrom={focusFrom}
          onMore={() => void showMore()}
        />
        <RecentSentList page={recent.data} error={recent.error} adminOrigin={adminOrigin} />
        {settings.data ? (
          <ShippingDefaults
            value={settings.data.settings.shipping}
            saving={shipState.saving}
            saved={shipState.saved}
            error={shipState.error}
            onChange={saveShipping}
          />
        ) : settings.error ? (
          <section class="shipping" aria-labelledby="shipping-heading">
            <h2 id="shipping-heading">Shipping defaults</h2>
            <p class="empty">The shipping defaults could not be loaded.</p>
          </section>
        ) : null}
      </main>
    </div>
  );
}
