import type { ItemInfo } from '@/lib/protocol';
import { StatusMark } from './StatusMark';
import { LinkButton, type OpenLink } from './LinkButton';
import { PanelMessages } from './OrderPanel';

export interface ProductPanelProps {
  /** undefined while loading, null when the extension does not know the product */
  name: string | null | undefined;
  items: readonly ItemInfo[];
  /** options the page does not show beside a name we could find */
  unplaced: readonly ItemInfo[];
  error: string;
  notice: string;
  onLink: OpenLink;
}

/** The product page's panel: how many options are linked, and those the page could not place. */
export function ProductPanel(p: ProductPanelProps) {
  const linked = p.items.filter((i) => i.disposition !== 'unlinked').length;
  return (
    <section class="panel" role="region" aria-label="Inkthreadable">
      <div class="panel-head">
        <span class="brand" aria-hidden="true">
          Inkthreadable
        </span>
        <h2>{p.name ? `Links for ${p.name}` : 'Product links'}</h2>
      </div>
      {p.name === undefined ? (
        <p class="muted">{p.error ? '' : 'Loading…'}</p>
      ) : p.name === null ? (
        <p>This product is not in the extension's copy of your catalogue: refresh the Products view in the settings.</p>
      ) : (
        <p class="state">
          {linked} of {p.items.length} option{p.items.length === 1 ? '' : 's'} linked or never fulfilled
        </p>
      )}
      {p.unplaced.length > 0 ? (
        <ul class="unplaced" aria-label="Options not found on the page">
          {p.unplaced.map((item) => (
            <li key={item.id} data-ink-item={item.id}>
              <StatusMark disposition={item.disposition} />
              <span class="name">{item.optionName || item.productName}</span>
              <LinkButton item={item} onOpen={p.onLink} />
            </li>
          ))}
        </ul>
      ) : null}
      <PanelMessages notice={p.notice} error={p.error} />
    </section>
  );
}
