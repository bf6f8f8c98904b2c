/** @jsxImportSource @/lib/content/ui/dom */
import type { ItemInfo } from '@/lib/protocol';
import type { OpenLink } from './LinkButton';
import { PanelFrame, UnplacedList } from './OrderPanel';

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
    <PanelFrame heading={p.name ? `Links for ${p.name}` : 'Product links'} notice={p.notice} error={p.error}>
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
        <UnplacedList
          label="Options not found on the page"
          items={p.unplaced}
          nameOf={(item) => item.optionName || item.productName}
          onLink={p.onLink}
        />
      ) : null}
    </PanelFrame>
  );
}
