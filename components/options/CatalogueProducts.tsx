import type { CatalogueOption, CatalogueProduct, CatalogueView as View } from '@/lib/views';
import { formatCount, plural } from '../shared/format';
import { Spinner } from '../shared/Spinner';
import { FIRST_RUN_SHOWN, optionTitle } from './catalogueFilter';

function stateText(o: CatalogueOption): string {
  if (o.deleted) return 'Deleted in Big Cartel';
  if (o.disposition === 'never') return 'Never fulfil';
  if (o.disposition === 'linked') return o.via === 'product' ? 'Linked (every option)' : 'Linked';
  return 'Not linked';
}

/** What a row's buttons do: link or edit in the dialog, keep a renamed option's link, remove a link. */
export interface OptionActions {
  open(p: CatalogueProduct, o: CatalogueOption, opener: HTMLElement): void;
  keep(p: CatalogueProduct, o: CatalogueOption): void;
  remove(p: CatalogueProduct, o: CatalogueOption): void;
}

function OptionButtons({ p, o, actions }: { p: CatalogueProduct; o: CatalogueOption; actions: OptionActions }) {
  const title = optionTitle(p, o);
  return (
    <td class="row-actions">
      {o.issue?.kind === 'option-renamed' && (
        <button type="button" aria-label={`Keep link for ${p.name} / ${o.name}`} onClick={() => actions.keep(p, o)}>
          Keep link
        </button>
      )}
      {o.issue && o.issue.kind !== 'option-renamed' ? (
        <button
          type="button"
          class="danger"
          aria-label={`Remove link for ${title}`}
          onClick={() => actions.remove(p, o)}
        >
          Remove link
        </button>
      ) : (
        <button
          type="button"
          aria-label={`${o.link ? 'Edit link for' : 'Link'} ${title}`}
          onClick={(e) => actions.open(p, o, e.currentTarget)}
        >
          {o.link ? 'Edit link' : 'Link'}
        </button>
      )}
    </td>
  );
}

function OptionRow({ p, o, actions }: { p: CatalogueProduct; o: CatalogueOption; actions: OptionActions }) {
  return (
    <tr class={o.issue ? 'attention' : undefined}>
      <td>
        {o.id === null ? <span class="muted">No options</span> : o.name || <span class="muted">Option {o.id}</span>}
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
      <OptionButtons p={p} o={o} actions={actions} />
    </tr>
  );
}

function ProductItem({ p, actions }: { p: CatalogueProduct; actions: OptionActions }) {
  return (
    <li class="product" aria-labelledby={`product-${p.id}`}>
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
          {p.options.map((o) => (
            <OptionRow key={o.id ?? '*'} p={p} o={o} actions={actions} />
          ))}
        </tbody>
      </table>
    </li>
  );
}

export function ProductList({ shown, actions }: { shown: CatalogueProduct[]; actions: OptionActions }) {
  return (
    <ul class="products" aria-label="Products">
      {shown.map((p) => (
        <ProductItem key={p.id} p={p} actions={actions} />
      ))}
    </ul>
  );
}

/** The options sold lately and not linked, most sold first. */
export function FirstRun({ view, all, open }: { view: View; all: CatalogueProduct[]; open: OptionActions['open'] }) {
  const firstRun = view.toLink;
  if (firstRun.length === 0) return null;
  return (
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
              <button type="button" aria-label={`Link ${title}`} onClick={(e) => open(p, o, e.currentTarget)}>
                Link
              </button>
            </li>
          );
        })}
      </ol>
      {firstRun.length > FIRST_RUN_SHOWN && (
        <p class="muted">
          And {formatCount(firstRun.length - FIRST_RUN_SHOWN)} more: show “Not linked” below to see every option still
          to link.
        </p>
      )}
    </section>
  );
}

export function AttentionNotice({ count, showing, onShow }: { count: number; showing: boolean; onShow: () => void }) {
  if (count <= 0) return null;
  return (
    <fieldset class="notice warn attention-notice" aria-label="Links needing attention">
      <p>
        {count === 1 ? '1 link needs attention' : `${formatCount(count)} links need attention`}: an option was deleted
        or renamed in Big Cartel.
      </p>
      {!showing && (
        <button type="button" onClick={onShow}>
          Show them
        </button>
      )}
    </fieldset>
  );
}

export function LoadState({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  return error ? (
    <div class="notice error" role="alert">
      <p>Could not load the products: {error}</p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  ) : (
    <p class="loading" role="status">
      <Spinner /> Loading products…
    </p>
  );
}
