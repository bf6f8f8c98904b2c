import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, type ItemInfo } from '@/lib/protocol';
import type { CatalogueOption, CatalogueProduct } from '@/lib/views';
import { buildCatalogueView } from '@/lib/catalogue-view';
import { mountLinkDialog } from '@/components/dialog/mountLinkDialog';
import { type SaveResult, showLinkDialog } from '@/lib/link-dialog';
import { saveLinks } from '@/lib/link-save';
import { errorMessage, formatCount, plural, timeAgo } from '../shared/format';
import { useResource } from '../shared/resource';
import { Spinner } from '../shared/Spinner';
import { useChanged } from '../shared/useChanged';
import { Pager } from '../shared/Pager';
import { SearchBox } from '../shared/SearchBox';
import { AttentionNotice, FirstRun, LoadState, type OptionActions, ProductList } from './CatalogueProducts';
import { type CatalogueFilter, FILTERS, filterCatalogue, optionTitle, PRODUCTS_PAGE_SIZE } from './catalogueFilter';

export { filterCatalogue } from './catalogueFilter';

function itemOf(p: CatalogueProduct, o: CatalogueOption): ItemInfo {
  return {
    id: `${p.id}|${o.id ?? '*'}`,
    productId: p.id,
    optionId: o.id,
    productName: p.name,
    optionName: o.name,
    quantity: 0,
    price: 0,
    disposition: o.disposition,
    link: o.link,
  };
}

function savedText(title: string, r: SaveResult): string {
  const links =
    r.saved > 1 ? `${formatCount(r.saved)} links saved (${title} and its other sizes).` : `Link saved for ${title}.`;
  return r.completes > 0 ? `${links} ${plural(r.completes, 'waiting order')} can now be sent.` : links;
}

type Notice = { kind: 'ok' | 'error'; text: string } | null;
type Catalogue = ReturnType<typeof useCatalogue>;

/** The catalogue from the background, refreshed from Big Cartel on opening and on demand. */
function useCatalogue() {
  const [records, load, setRecords] = useResource(() => call({ type: 'getCatalogue' }));
  // The worker returns the stored records; the view is built here (it stays out of the worker's bundle).
  const view = useMemo(
    () => ({ ...records, data: records.data && buildCatalogueView(records.data, Date.now()) }),
    [records],
  );
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const loaded = useRef(false);
  loaded.current = view.data !== null;

  const refresh = async (force: boolean) => {
    setRefreshing(true);
    if (force) setNotice(null);
    try {
      const v = await call({ type: 'refreshCatalogue', force });
      if (loaded.current) setRecords(() => v);
      else await load();
    } catch (err) {
      setNotice({ kind: 'error', text: `The products could not be read: ${errorMessage(err)}` });
    } finally {
      setRefreshing(false);
    }
  };

  useEffect(() => {
    void load().then(() => refresh(false));
  }, []);
  // Links saved here reload at once; changes from elsewhere (an admin tab, a sync) every few seconds at most.
  useChanged(() => {
    if (document.visibilityState !== 'hidden') void load();
  }, 3000);
  return { view, load, refresh, refreshing, notice, setNotice };
}

/** The row buttons: the link dialog (one at a time, focus back to its opener), keep and remove. */
function useOptionActions({ load, setNotice }: Catalogue): OptionActions {
  const dialogOpen = useRef(false);
  const open = (p: CatalogueProduct, o: CatalogueOption, opener: HTMLElement) => {
    if (dialogOpen.current) return;
    dialogOpen.current = true;
    const title = optionTitle(p, o);
    const close = showLinkDialog(document, mountLinkDialog, {
      item: itemOf(p, o),
      loadOptions: (productId) => call({ type: 'getProductOptions', productId }),
      save: saveLinks,
      onClose: (result) => {
        close();
        dialogOpen.current = false;
        if (result) {
          setNotice({ kind: 'ok', text: savedText(title, result) });
          void load();
        }
        if (opener.isConnected) opener.focus();
      },
    });
  };

  const act = async (what: string, run: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await run();
      setNotice({ kind: 'ok', text: what });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  };

  const keep = (p: CatalogueProduct, o: CatalogueOption) => {
    const l = o.link;
    const name = o.issue?.currentName ?? o.name;
    if (!l) return;
    void act(`The link now applies to ${p.name} / ${name}.`, () =>
      call({
        type: 'saveLink',
        link: {
          productId: p.id,
          optionId: o.id,
          productName: p.name,
          optionName: name,
          pn: l.pn,
          designs: l.designs,
          mockups: l.mockups,
          neverFulfil: l.neverFulfil,
        },
      }),
    );
  };

  const remove = (p: CatalogueProduct, o: CatalogueOption) => {
    const l = o.link;
    if (!l) return;
    void act(`Removed the link for ${optionTitle(p, o)}.`, () => call({ type: 'deleteLink', key: l.key }));
  };
  return { open, keep, remove };
}

/** The search box, the filter and "Refresh products" with what it is doing. */
function Toolbar(props: {
  query: string;
  filter: CatalogueFilter;
  busy: boolean;
  status: string;
  onSearch: (query: string) => void;
  onFilter: (filter: CatalogueFilter) => void;
  onRefresh: () => void;
}) {
  const { busy } = props;
  return (
    <div class="toolbar">
      <SearchBox id="products-search" label="Search products" value={props.query} onSearch={props.onSearch} />
      <div class="search">
        <label for="products-filter">Show</label>
        <select
          id="products-filter"
          value={props.filter}
          onChange={(e) => props.onFilter(e.currentTarget.value as CatalogueFilter)}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div class="file-actions">
        <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && props.onRefresh()}>
          {busy && <Spinner />}
          Refresh products
        </button>
        <span class="muted" role="status">
          {props.status}
        </span>
      </div>
    </div>
  );
}

function Notices({ message, notice }: { message?: string | null; notice: Notice }) {
  return (
    <>
      {message && (
        <p class="notice error" role="alert">
          {message}
        </p>
      )}
      <div role="status" class="links-status">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      {notice?.kind === 'error' && (
        <p class="notice error" role="alert">
          {notice.text}
        </p>
      )}
    </>
  );
}

/** The search, the filter (from the page's #attention on opening) and the page of products shown. */
function useProductQuery(all: CatalogueProduct[]) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<CatalogueFilter>(() => (location.hash === '#attention' ? 'attention' : 'all'));
  const [page, setPage] = useState(0);
  const shownProducts = useMemo(() => filterCatalogue(all, query, filter), [all, query, filter]);
  const pages = Math.max(1, Math.ceil(shownProducts.length / PRODUCTS_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = shownProducts.slice(current * PRODUCTS_PAGE_SIZE, (current + 1) * PRODUCTS_PAGE_SIZE);
  const search = (q: string) => {
    setQuery(q);
    setPage(0);
  };
  const showFilter = (f: CatalogueFilter) => {
    setFilter(f);
    setPage(0);
  };
  return { query, filter, search, showFilter, matching: shownProducts.length, shown, current, pages, setPage };
}

/** Every Big Cartel product and option, with its link state; link from here before anything sells. */
export function CatalogueView({ clock = () => new Date() }: { clock?: () => Date }) {
  const catalogue = useCatalogue();
  const { view, load, refresh, refreshing, notice } = catalogue;
  const actions = useOptionActions(catalogue);
  const rootRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (location.hash === '#attention' || location.hash === '#products') rootRef.current?.scrollIntoView();
  }, []);

  const all = view.data?.products ?? [];
  const { query, filter, search, showFilter, matching, shown, current, pages, setPage } = useProductQuery(all);

  const v = view.data;
  const meta = v?.meta;
  const busy = refreshing || !!meta?.running;
  const optionCount = all.reduce((n, p) => n + p.options.filter((o) => !o.deleted).length, 0);
  const status = busy
    ? 'Reading products from Big Cartel…'
    : meta?.refreshedAt
      ? `Read from Big Cartel ${timeAgo(meta.refreshedAt, clock())}`
      : '';

  return (
    <section class="card catalogue" id="products" aria-labelledby="products-heading" ref={rootRef}>
      <div class="card-head">
        <h2 id="products-heading">Products</h2>
        {v && (
          <span class="muted">
            {plural(all.length, 'product')}, {plural(optionCount, 'option')}
          </span>
        )}
      </div>
      <p class="muted">
        Every product in your Big Cartel store. Link options before they sell, and the first order for them is ready at
        once.
      </p>
      <Toolbar
        query={query}
        filter={filter}
        busy={busy}
        status={status}
        onSearch={search}
        onFilter={showFilter}
        onRefresh={() => void refresh(true)}
      />
      <Notices message={meta?.message} notice={notice} />
      {v && (
        <AttentionNotice
          count={v.needingAttention}
          showing={filter === 'attention'}
          onShow={() => showFilter('attention')}
        />
      )}
      {v && <FirstRun view={v} all={all} open={actions.open} />}
      {!v ? (
        <LoadState error={view.error} onRetry={() => void load()} />
      ) : all.length === 0 ? (
        <p class="empty">
          {busy ? 'Reading your products…' : 'No products yet: connect your Big Cartel store, then refresh.'}
        </p>
      ) : matching === 0 ? (
        <p class="empty" role="status">
          No products match.
        </p>
      ) : (
        <>
          <ProductList shown={shown} actions={actions} />
          <Pager label="Products pages" current={current} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
