import type { ItemInfo } from '@/lib/protocol';

export type OpenLink = (item: ItemInfo, opener: HTMLElement) => void;

/** "Link product", or "Edit link" when the item already has a link (including never-fulfil). */
export function linkButtonLabel(item: ItemInfo): string {
  return item.link ? 'Edit link' : 'Link product';
}

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
