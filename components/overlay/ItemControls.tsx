import type { ItemInfo } from '@/lib/protocol';
import { StatusMark } from './StatusMark';
import { LinkButton, type OpenLink } from './LinkButton';

/** What goes beside a line item on the order page: the mark, the product code, the button. */
export function ItemControls({ item, onOpen }: { item: ItemInfo; onOpen: OpenLink }) {
  return (
    <span class="item" data-ink-item={item.id}>
      <StatusMark disposition={item.disposition} />
      {item.disposition === 'linked' && item.link?.pn ? <span class="pn">{item.link.pn}</span> : null}
      <LinkButton item={item} onOpen={onOpen} />
    </span>
  );
}
