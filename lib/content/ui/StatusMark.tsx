/** @jsxImportSource @/lib/content/ui/dom */
import type { ItemDisposition } from '@/lib/types';
import { GLYPH_ATTRS, MARK_GLYPHS, MARK_NAMES } from './marks';

export { MARK_NAMES } from './marks';

/** A tick, cross or dash whose accessible name says how the item will be handled. */
export function StatusMark({ disposition }: { disposition: ItemDisposition }) {
  const name = MARK_NAMES[disposition];
  return (
    <span class={`mark mark-${disposition}`} role="img" aria-label={name} title={name} data-disposition={disposition}>
      {/* biome-ignore lint/a11y/noSvgWithoutTitle: GLYPH_ATTRS hides the glyph (aria-hidden); the mark's name says it */}
      <svg {...GLYPH_ATTRS}>
        <path d={MARK_GLYPHS[disposition]} />
      </svg>
    </span>
  );
}
