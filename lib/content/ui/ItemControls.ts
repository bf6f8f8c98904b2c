/**
 * What goes beside each line item on an admin page: the mark, the product code, the link button.
 * Built from one cloned template and updated in place, without Preact: an order page draws one
 * per item, and this is the overlay's hot path (see the benchmark). Same markup, names and
 * behaviour as StatusMark and LinkButton in the order panel.
 */
import type { ItemInfo } from '@/lib/protocol';
import { GLYPH_ATTRS, MARK_GLYPHS, MARK_NAMES, linkButtonLabel } from './marks';
import type { OpenLink } from './LinkButton';

const SVG = 'http://www.w3.org/2000/svg';
const templates = new WeakMap<Document, HTMLElement>();

function template(doc: Document): HTMLElement {
  let t = templates.get(doc);
  if (!t) {
    t = doc.createElement('span');
    t.className = 'item';
    const mark = doc.createElement('span');
    mark.setAttribute('role', 'img');
    const svg = doc.createElementNS(SVG, 'svg');
    for (const [k, v] of Object.entries(GLYPH_ATTRS)) svg.setAttribute(k, v);
    svg.appendChild(doc.createElementNS(SVG, 'path'));
    mark.appendChild(svg);
    const pn = doc.createElement('span');
    pn.className = 'pn';
    const btn = doc.createElement('button');
    btn.type = 'button';
    btn.className = 'btn btn-small';
    t.append(mark, pn, btn);
    templates.set(doc, t);
  }
  return t;
}

/** Draws the controls into `root`; returns the function that shows an item in them. */
export function mountItemControls(root: HTMLElement, onOpen: OpenLink): (item: ItemInfo) => void {
  const doc = root.ownerDocument;
  const el = template(doc).cloneNode(true) as HTMLElement;
  const mark = el.firstElementChild as HTMLElement;
  const path = mark.firstElementChild!.firstElementChild!;
  const pn = mark.nextElementSibling as HTMLElement;
  const btn = pn.nextElementSibling as HTMLButtonElement;
  let current: ItemInfo | null = null;
  let shown: { id: string; disposition: string; pn: string | null | undefined; label: string } = {
    id: '',
    disposition: '',
    pn: undefined,
    label: '',
  };
  btn.addEventListener('click', (e) => {
    // Our button may sit inside the admin's clickable row: the click is ours alone.
    e.preventDefault();
    e.stopPropagation();
    // Only the merchant's own click opens the dialog (never a script's click()).
    if (current && e.isTrusted) onOpen(current, btn);
  });
  root.appendChild(el);
  return (item) => {
    current = item;
    const d = item.disposition;
    const code = d === 'linked' && item.link?.pn ? item.link.pn : null;
    const label = linkButtonLabel(item);
    if (shown.id !== item.id) {
      el.setAttribute('data-ink-item', item.id);
      btn.setAttribute('data-ink-item', item.id);
    }
    if (shown.disposition !== d) {
      const name = MARK_NAMES[d];
      mark.className = `mark mark-${d}`;
      mark.setAttribute('aria-label', name);
      mark.title = name;
      mark.setAttribute('data-disposition', d);
      path.setAttribute('d', MARK_GLYPHS[d]);
    }
    if (shown.pn !== code) {
      pn.textContent = code ?? '';
      pn.hidden = code === null;
    }
    if (shown.label !== label) btn.textContent = label;
    shown = { id: item.id, disposition: d, pn: code, label };
  };
}
