/**
 * The overlay's hosts on the admin page (lib/theme/host.ts makes them), drawn with the overlay's
 * own DOM runtime, and where each goes in the page.
 */
import { render, type Child } from '@/lib/content/ui/dom/jsx-runtime';
import { createShadowHost, type HostKind, type ShadowHost } from '@/lib/theme/host';

export { isOverlayNode, type HostKind } from '@/lib/theme/host';

/** A host on the admin page, drawn with the overlay's DOM runtime. */
export type Host = ShadowHost<Child>;

export function createHost(doc: Document, kind: HostKind): Host {
  return createShadowHost(doc, kind, render);
}

const XHTML = 'http://www.w3.org/1999/xhtml';
/** Anchors whose siblings must be of their own kind: the host goes inside, at the end. */
const APPEND_INSIDE = new Set(['td', 'th', 'li', 'dt', 'dd', 'caption']);
/** Anchors next to (or in) which no inline element may go. */
const REFUSE = new Set([
  'html',
  'head',
  'body',
  'tr',
  'tbody',
  'thead',
  'tfoot',
  'table',
  'colgroup',
  'ul',
  'ol',
  'dl',
  'select',
  'option',
  'optgroup',
  'datalist',
  'textarea',
  'script',
  'style',
  'template',
]);
/** Elements that cannot hold our host. */
const VOID = new Set([
  'img',
  'input',
  'br',
  'hr',
  'wbr',
  'area',
  'embed',
  'source',
  'track',
  'video',
  'audio',
  'canvas',
  'iframe',
  'object',
  'picture',
]);
/** Interactive ancestors our buttons must not end up inside. */
const INTERACTIVE = new Set(['a', 'button', 'label', 'summary']);
/** Containers whose children are cells of a layout: one more child would shift the columns. */
const CELL_LAYOUT = /^(?:inline-)?grid$|^(?:inline-)?table|^table-/;

type Mode = 'inside' | 'after' | 'none';
/**
 * Where the host goes for each anchor, decided once (reading the layout costs a style pass).
 * While the page loads its stylesheets may not apply yet: such a decision holds for one placement
 * pass only (`gen`), and is made again in the next.
 */
const modes = new WeakMap<Element, { target: Element; mode: Mode; gen: number }>();
const FINAL = -1;
let generation = 0;

/**
 * Start a placement pass. Callers decide every slot first (canPlaceAfter: reads the layout) and
 * only then insert hosts: reading the layout after each insertion would restyle the page once
 * per item.
 */
function newPlacementPass(): void {
  generation++;
}

function laysOutCells(target: Element): boolean {
  const parent = target.parentNode;
  const box = parent?.nodeType === 11 ? (parent as ShadowRoot).host : (parent as Element | null);
  if (box?.nodeType !== 1) return false;
  try {
    const view = box.ownerDocument.defaultView;
    const display = view ? view.getComputedStyle(box).display : '';
    return CELL_LAYOUT.test(display || '');
  } catch {
    return false;
  }
}

function decide(anchor: Element): { target: Element; mode: Mode } {
  let target: Element = anchor;
  // Never put a button inside a link or button: go after the outermost one.
  for (let el: Element | null = anchor, i = 0; el && i < 6; el = el.parentElement, i++) {
    if (INTERACTIVE.has(el.localName)) target = el;
  }
  const tag = target.localName;
  if (target.namespaceURI !== XHTML || REFUSE.has(tag)) return { target, mode: 'none' };
  if (APPEND_INSIDE.has(tag)) return { target, mode: 'inside' };
  const parent = target.parentNode;
  if (!parent) return { target, mode: 'none' };
  if (parent.nodeType === 1 && REFUSE.has((parent as Element).localName)) return { target, mode: 'none' };
  // A grid or table cell holding the name: stay inside it rather than add a cell.
  if (!VOID.has(tag) && !INTERACTIVE.has(tag) && laysOutCells(target)) return { target, mode: 'inside' };
  return { target, mode: 'after' };
}

/** Where a host for `anchor` goes: [parent, the node it goes before], or null when nowhere. */
function slotFor(anchor: Element): [ParentNode, Node | null] | null {
  let d = modes.get(anchor);
  if (!d || (d.gen !== FINAL && d.gen !== generation)) {
    d = { ...decide(anchor), gen: anchor.ownerDocument.readyState === 'complete' ? FINAL : generation };
    modes.set(anchor, d);
  }
  const { target, mode } = d;
  if (mode === 'none') return null;
  if (mode === 'inside') return [target, null];
  const parent = target.parentNode;
  return parent ? [parent, target.nextSibling] : null;
}

/** Whether placeAfter can put a host beside `anchor` at all. */
export function canPlaceAfter(anchor: Element): boolean {
  try {
    return slotFor(anchor) !== null;
  } catch {
    return false;
  }
}

/**
 * Put `host` right after `anchor` (the element holding the item's name): at the end of it when
 * it is a table cell or list item, after the link or button holding it when there is one.
 * Returns false when it cannot be placed (the item is then listed in the panel).
 */
export function placeAfter(host: HTMLElement, anchor: Element): boolean {
  try {
    if (isPlacedAfter(host, anchor)) return true;
    const slot = slotFor(anchor);
    if (!slot) return false;
    const [parent, before] = slot;
    parent.insertBefore(host, before);
    return true;
  } catch {
    return false;
  }
}

/** True when `host` sits where placeAfter(host, anchor) puts it. */
export function isPlacedAfter(host: HTMLElement, anchor: Element): boolean {
  try {
    if (!host.isConnected || !anchor.isConnected) return false;
    const slot = slotFor(anchor);
    if (!slot) return false;
    const [parent, before] = slot;
    if (host.parentNode !== parent) return false;
    return before === null ? parent.lastChild === host : before === host;
  } catch {
    return false;
  }
}

/** A host placed beside an anchor (the element holding an item's name or an order number). */
export interface PlacedHost {
  host: Host;
  anchor: Element;
}

/**
 * Put one host of `kind` beside each target's anchor: a host already made for that id moves
 * there (or stays), a new one is made only where a slot exists; every slot is read before
 * anything is inserted. Hosts of ids not shown are destroyed and forgotten. Returns the ids shown.
 */
export function placeHosts<T extends PlacedHost>(
  doc: Document,
  kind: HostKind,
  hosts: Map<string, T>,
  targets: readonly { id: string; anchor: Element }[],
): Set<string> {
  const shown = new Set<string>();
  newPlacementPass();
  const placeable = new Set(targets.filter((t) => canPlaceAfter(t.anchor)));
  for (const t of targets) {
    if (shown.has(t.id)) continue;
    let h = hosts.get(t.id);
    if (!h && !placeable.has(t)) continue;
    if (!h) {
      // Every field a caller adds to its hosts is optional: filled in when it draws.
      h = { host: createHost(doc, kind), anchor: t.anchor } as T;
      hosts.set(t.id, h);
    }
    h.anchor = t.anchor;
    if (placeAfter(h.host.el, t.anchor)) shown.add(t.id);
  }
  for (const [id, h] of hosts) {
    if (!shown.has(id)) {
      h.host.destroy();
      hosts.delete(id);
    }
  }
  return shown;
}
