/** The order's line items on the page: as the page reader takes them, and their link buttons. */
import type { ItemInfo } from '../../protocol';
import type { LineItem } from '../../types';

export function toLineItem(i: ItemInfo): LineItem {
  return {
    id: i.id,
    productId: i.productId,
    optionId: i.optionId,
    productName: i.productName,
    optionName: i.optionName,
    quantity: i.quantity,
    price: i.price,
    imageUrl: null,
  };
}

/**
 * Focus back where the merchant was after the link dialog: its opener if still on the page, else
 * the item's link button in the first of `roots` (the item's host, the panel) that shows one.
 */
export function returnFocus(itemId: string, opener: HTMLElement | null, roots: (HTMLElement | undefined)[]): void {
  if (opener?.isConnected) {
    opener.focus();
    return;
  }
  for (const root of roots) {
    const btn = Array.from(root?.querySelectorAll<HTMLElement>('button[data-ink-item]') ?? []).find(
      (b) => b.getAttribute('data-ink-item') === itemId,
    );
    if (btn) {
      btn.focus();
      return;
    }
  }
}
