import type { ItemDisposition } from '@/lib/types';

/** The accessible name of each mark, exactly. */
export const MARK_NAMES: Record<ItemDisposition, string> = {
  linked: 'Linked to Inkthreadable',
  unlinked: 'Not linked',
  never: 'Never fulfilled by Inkthreadable',
  excluded: 'Not sent: completed without it',
};

/** Each mark's glyph (a 10×10 stroke): tick, cross, dash, slash. */
export const MARK_GLYPHS: Record<ItemDisposition, string> = {
  linked: 'M2 5.3 4.1 7.4 8 2.8',
  unlinked: 'M2.6 2.6 7.4 7.4M7.4 2.6 2.6 7.4',
  never: 'M2.3 5h5.4',
  excluded: 'M2.8 7.2 7.2 2.8',
};

/** The glyph's SVG attributes (decoration only: the mark's name says it all). */
export const GLYPH_ATTRS = {
  viewBox: '0 0 10 10',
  'aria-hidden': 'true',
  focusable: 'false',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '1.8',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

/** "Link product", or "Edit link" when the item already has a link (including never-fulfil). */
export function linkButtonLabel(item: { link: unknown }): string {
  return item.link ? 'Edit link' : 'Link product';
}
