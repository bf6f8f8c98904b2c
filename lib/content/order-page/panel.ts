/** Where the order panel goes on the page. */
import { deepElements } from '../../bigcartel/page';

/**
 * Where the panel goes: the start of the main content, else after the first heading, else the top
 * of the body. `final`: the main content was found (a later look would not find a better place).
 */
function panelSlot(doc: Document): { at: [ParentNode, Node | null]; final: boolean } | null {
  const body = doc.body;
  if (!body) return null;
  const inMain = (el: Element): { at: [ParentNode, Node | null]; final: true } => {
    // A web component's light children only show when slotted: go inside its shadow root.
    const sr = el.shadowRoot;
    return { at: sr && sr.mode === 'open' ? [sr, sr.firstChild] : [el, el.firstChild], final: true };
  };
  // Usually in the document itself (one native query); else inside open shadow roots.
  const main = body.querySelector('main, [role="main"]');
  if (main) return inMain(main);
  let heading: Element | null = null;
  for (const el of deepElements(body)) {
    if (el.localName === 'main' || el.getAttribute('role') === 'main') return inMain(el);
    if (!heading && el.localName === 'h1' && el.parentNode) heading = el;
  }
  if (heading) return { at: [heading.parentNode!, heading.nextSibling], final: false };
  return { at: [body, body.firstChild], final: false };
}

/**
 * Puts the panel's element in its slot (moving it only into the main content once found).
 * Returns whether that place is final, or null when the page has no body yet.
 */
export function placePanel(doc: Document, el: Element): boolean | null {
  const slot = panelSlot(doc);
  if (!slot) return null;
  const [parent, before] = slot.at;
  if (!el.isConnected || (slot.final && el.parentNode !== parent))
    parent.insertBefore(el, before === el ? el.nextSibling : before);
  return slot.final;
}
