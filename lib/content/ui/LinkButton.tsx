/** @jsxImportSource @/lib/content/ui/dom */
import type { ItemInfo } from '@/lib/protocol';
import { linkButtonLabel } from './marks';

export type OpenLink = (item: ItemInfo, opener: HTMLElement) => void;

export function LinkButton({ item, onOpen }: { item: ItemInfo; onOpen: OpenLink }) {
  return (
    <button
      type="button"
      class="btn btn-small"
      data-ink-item={item.id}
      onClick={(e) => {
        // Our button may sit inside the admin's clickable row: the click is ours alone.
        e.preventDefault();
        e.stopPropagation();
        onOpen(item, e.currentTarget as HTMLElement);
      }}
    >
      {linkButtonLabel(item)}
    </button>
  );
}
