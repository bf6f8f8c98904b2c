import type { ItemDisposition } from '@/lib/types';

/** The accessible name of each mark, exactly. */
export const MARK_NAMES: Record<ItemDisposition, string> = {
  linked: 'Linked to Inkthreadable',
  unlinked: 'Not linked',
  never: 'Never fulfilled by Inkthreadable',
  excluded: 'Not sent: completed without it',
};

function Glyph({ disposition }: { disposition: ItemDisposition }) {
  const common = { viewBox: '0 0 10 10', 'aria-hidden': 'true' as const, focusable: 'false' as const, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round' as const, 'stroke-linejoin': 'round' as const };
  switch (disposition) {
    case 'linked':
      return (
        <svg {...common}>
          <path d="M2 5.3 4.1 7.4 8 2.8" />
        </svg>
      );
    case 'unlinked':
      return (
        <svg {...common}>
          <path d="M2.6 2.6 7.4 7.4M7.4 2.6 2.6 7.4" />
        </svg>
      );
    case 'never':
      return (
        <svg {...common}>
          <path d="M2.3 5h5.4" />
        </svg>
      );
    case 'excluded':
      return (
        <svg {...common}>
          <path d="M2.8 7.2 7.2 2.8" />
        </svg>
      );
  }
}

/** A tick, cross or dash whose accessible name says how the item will be handled. */
export function StatusMark({ disposition }: { disposition: ItemDisposition }) {
  const name = MARK_NAMES[disposition];
  return (
    <span class={`mark mark-${disposition}`} role="img" aria-label={name} title={name} data-disposition={disposition}>
      <Glyph disposition={disposition} />
    </span>
  );
}
