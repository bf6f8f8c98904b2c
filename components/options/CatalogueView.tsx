import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, type ItemInfo } from '@/lib/protocol';
import type { CatalogueOption, CatalogueProduct, CatalogueView as View } from '@/lib/views';
import { optionLabel } from '@/lib/links';
import type { SaveResult } from '@/components/dialog/LinkDialog';
import { mountLinkDialog } from '@/components/dialog/mountLinkDialog';
import { saveLinks, showLinkDialog } from '@/lib/content/dialog';
import { errorMessage, formatCount, plural, timeAgo } from '../shared/format';
import { useResource } from '../shared/resource';
import { Spinner } from '../shared/Spinner';
import { useChanged } from '../shared/useChanged';
import { Pager } from '../shared/Pager';
import { SearchBox } from '../shared/SearchBox';

export const PRODUCTS_PAGE_SIZE = 25;
export const FIRST_RUN_SHOWN = 10;

export type CatalogueFilter = 'all' | 'unlinked' | 'sold30' | 'attention';
export const FILTERS: { value: CatalogueFilter; label: string }[] = [
  { value: 'all', label: 'All products' },
  { value: 'unlinked', label: 'Not linked' },
  { value: 'sold30', label: 'Sold in the last 30 days' },
  { value: 'attention', label: 'Links needing attention' },
];

function optionMatches(o: CatalogueOption, filter: CatalogueFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unlinked':
      return o.disposition === 'unlinked' && !o.deleted;
    case 'sold30':
      return o.sold30 > 0;
    case 'attention':
      return o.issue !== null;
  }
}

/**
 * The products to show, each with the options to show: words of the query must all appear in the
 * product's name or id, or in an option's name or code; the filter keeps the options that fit.
 */
export function filterCatalogue(
  products: readonly CatalogueProduct[],
  query: string,
  filter: CatalogueFilter,
): CatalogueProduct[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: CatalogueProduct[] = [];
  for (const p of products) {
    const productHay = `${p.name}\u0000${p.id}`.toLowerCase();
    const options = p.options.filter((o) => {
      if (!optionMatches(o, filter)) return false;
      const hay = `${productHay}\u0000${o.name}\u0000${o.link?.pn ?? ''}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    const productMatches = words.every((w) => productHay.includes(w));
    if (options.length > 0 || (filter === 'all' && productMatches)) out.push({ ...p, options });
  }
  return out;
}

/** "Moth Logo Hoodie / Black / L", or the product alone when it has no options. */
export function optionTitle(p: Pick<CatalogueProduct, 'name'>, o: Pick<CatalogueOption, 'id' | 'name'>): string {
  if (o.id === null) return p.name;
  return o.name ? optionLabel(p.name, o.name) : `${p.name} / option ${o.id}`;
}

function stateText(o: CatalogueOption): string {
  if (o.deleted) return 'Deleted in Big Cartel';
  if (o.disposition === 'never') return 'Never fulfil';
  if (o.disposition === 'linked') return o.via === 'product' ? 'Linked (every option)' : 'Linked';
  return 'Not linked';
}

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

/** Every Big Cartel product and option, with its link state; link from here before anything sells. */
export function CatalogueView({ clock = () => new Date() }: { clock?: () => Date }) {
  const [view, load, setView] = useResource(() => call({ type: 'getCatalogue' }));
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<CatalogueFilter>(() => (location.hash === '#attention' ? 'attention' : 'all'));
  const [page, setPage] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const dialogOpen = useRef(false);
  const loaded = useRef(false);
  loaded.current = view.data !== null;
  const rootRef = useRef<HTMLElement>(null);

  const refresh = async (force: boolean) => {
    setRefreshing(true);
    if (force) setNotice(null);
    try {
      const v = await call({ type: 'refreshCatalogue', force });
      if (loaded.current) setView(() => v);
      else await load();
    } catch (err) {
      setNotice({ kind: 'error', text: `The products could not be read: ${errorMessage(err)}` });
    } finally {
      setRefreshing(false);
    }
  };

  useEffect(() => {
    void load().then(() => refresh(false));
    if (location.hash === '#attention' || location.hash === '#products') rootRef.current?.scrollIntoView();
  }, []);
  // Links saved here reload at once; changes from elsewhere (an admin tab, a sync) every few seconds at most.
  useChanged(() => {
    if (document.visibilityState !== 'hidden') void load();
  }, 3000);

  const all = view.data?.products ?? [];
  const shownProducts = useMemo(() => filterCatalogue(all, query, filter), [all, query, filter]);
  const pages = Math.max(1, Math.ceil(shownProducts.length / PRODUCTS_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = shownProducts.slice(current * PRODUCTS_PAGE_SIZE, (current + 1) * PRODUCTS_PAGE_SIZE);

  const openDialog = (p: CatalogueProduct, o: CatalogueOption, opener: HTMLElement) => {
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

  const v: View | null = view.data;
  const meta = v?.meta;
  const busy = refreshing || !!meta?.running;
  const optionCount = all.reduce((n, p) => n + p.options.filter((o) => !o.deleted).length, 0);
  const firstRun = v?.toLink ?? [];

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
      <div class="toolbar">
        <SearchBox
          id="products-search"
          label="Search products"
          value={query}
          onSearch={(q) => {
            setQuery(q);
            setPage(0);
          }}
        />
        <div class="search">
          <label for="products-filter">Show</label>
          <select
            id="products-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.currentTarget.value as CatalogueFilter);
              setPage(0);
            }}
          >
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div class="file-actions">
          <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && void refresh(true)}>
            {busy && <Spinner />}
            Refresh products
          </button>
          <span class="muted" role="status">
            {busy
              ? 'Reading products from Big Cartel…'
              : meta?.refreshedAt
                ? `Read from Big Cartel ${timeAgo(meta.refreshedAt, clock())}`
                : ''}
          </span>
        </div>
      </div>
      {meta?.message && (
        <p class="notice error" role="alert">
          {meta.message}
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
      {v && v.needingAttention > 0 && (
        <fieldset class="notice warn attention-notice" aria-label="Links needing attention">
          <p>
            {v.needingAttention === 1
              ? '1 link needs attention'
              : `${formatCount(v.needingAttention)} links need attention`}
            : an option was deleted or renamed in Big Cartel.
          </p>
          {filter !== 'attention' && (
            <button
              type="button"
              onClick={() => {
                setFilter('attention');
                setPage(0);
              }}
            >
              Show them
            </button>
          )}
        </fieldset>
      )}
      {firstRun.length > 0 && (
        <section class="first-run" aria-labelledby="first-run-heading">
          <h3 id="first-run-heading">Link your catalogue</h3>
          <p>
            {firstRun.length === 1
              ? '1 option sold in the last 90 days is not linked.'
              : `${formatCount(firstRun.length)} options sold in the last 90 days are not linked.`}{' '}
            Most sold first; link them before the next order.
          </p>
          <ol>
            {firstRun.slice(0, FIRST_RUN_SHOWN).map((t) => {
              const p = all.find((x) => x.id === t.productId);
              const o = p?.options.find((x) => x.id === t.optionId);
              if (!p || !o) return null;
              const title = optionTitle(p, o);
              return (
                <li key={`${t.productId}|${t.optionId}`}>
                  <span>
                    {title} <span class="muted">({plural(t.sold90, 'sold', 'sold')})</span>
                  </span>{' '}
                  <button type="button" aria-label={`Link ${title}`} onClick={(e) => openDialog(p, o, e.currentTarget)}>
                    Link
                  </button>
                </li>
              );
            })}
          </ol>
          {firstRun.length > FIRST_RUN_SHOWN && (
            <p class="muted">
              And {formatCount(firstRun.length - FIRST_RUN_SHOWN)} more: show “Not linked” below to see every option
              still to link.
            </p>
          )}
        </section>
      )}
      {!v ? (
        view.error ? (
          <div class="notice error" role="alert">
            <p>Could not load the products: {view.error}</p>
            <button type="button" onClick={() => void load()}>
              Try again
            </button>
          </div>
        ) : (
          <p class="loading" role="status">
            <Spinner /> Loading products…
          </p>
        )
      ) : all.length === 0 ? (
        <p class="empty">
          {busy ? 'Reading your products…' : 'No products yet: connect your Big Cartel store, then refresh.'}
        </p>
      ) : shownProducts.length === 0 ? (
        <p class="empty" role="status">
          No products match.
        </p>
      ) : (
        <>
          <ul class="products" aria-label="Products">
            {shown.map((p) => (
              <li key={p.id} class="product" aria-labelledby={`product-${p.id}`}>
                <div class="product-head">
                  {p.imageUrl ? (
                    <img src={p.imageUrl} alt="" width={40} height={40} loading="lazy" />
                  ) : (
                    <span class="no-image" aria-hidden="true" />
                  )}
                  <h3 id={`product-${p.id}`}>{p.name || `Product ${p.id}`}</h3>
                  <span class="muted">{p.deleted ? 'Deleted' : p.status.replace(/_/g, ' ')}</span>
                </div>
                {p.notice && <p class="notice warn">{p.notice}</p>}
                <table>
                  <caption class="visually-hidden">Options of {p.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Option</th>
                      <th scope="col">Link</th>
                      <th scope="col">Sold, 30 days</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.options.map((o) => {
                      const title = optionTitle(p, o);
                      return (
                        <tr key={o.id ?? '*'} class={o.issue ? 'attention' : undefined}>
                          <td>
                            {o.id === null ? (
                              <span class="muted">No options</span>
                            ) : (
                              o.name || <span class="muted">Option {o.id}</span>
                            )}
                          </td>
                          <td>
                            <span class={`state state-${o.deleted ? 'never' : o.disposition}`}>{stateText(o)}</span>
                            {o.link?.pn && (o.disposition === 'linked' || o.deleted) ? (
                              <>
                                {' '}
                                <code>{o.link.pn}</code>
                              </>
                            ) : null}
                            {o.issue && <p class="issue">{o.issue.message}</p>}
                          </td>
                          <td>{formatCount(o.sold30)}</td>
                          <td class="row-actions">
                            {o.issue?.kind === 'option-renamed' && (
                              <button
                                type="button"
                                aria-label={`Keep link for ${p.name} / ${o.name}`}
                                onClick={() => keep(p, o)}
                              >
                                Keep link
                              </button>
                            )}
                            {o.issue && o.issue.kind !== 'option-renamed' ? (
                              <button
                                type="button"
                                class="danger"
                                aria-label={`Remove link for ${title}`}
                                onClick={() => remove(p, o)}
                              >
                                Remove link
                              </button>
                            ) : (
                              <button
                                type="button"
                                aria-label={`${o.link ? 'Edit link for' : 'Link'} ${title}`}
                                onClick={(e) => openDialog(p, o, e.currentTarget)}
                              >
                                {o.link ? 'Edit link' : 'Link'}
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </li>
            ))}
          </ul>
          <Pager label="Products pages" current={current} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
