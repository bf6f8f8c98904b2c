/**
 * Shadow-root hosts: the only elements the overlay adds to the page. Each carries
 * `data-ink-overlay` (so page reading skips it and our own mutations are recognised), an inline
 * style that page CSS cannot easily override, an open shadow root (reachable by tests and
 * assistive technology) with our stylesheet as text, and one container the overlay renders into
 * (lib/content/ui/dom; the link dialog with Preact).
 */
import { render, type Child } from '@/lib/content/ui/dom/jsx-runtime';
import { CONTROLS_CSS, OVERLAY_CSS } from './styles';

export type HostKind = 'item' | 'panel' | 'dialog' | 'chip';

const TAGS: Record<HostKind, string> = {
  item: 'ink-overlay-item',
  chip: 'ink-overlay-chip',
  panel: 'ink-overlay-panel',
  dialog: 'ink-overlay-dialog',
};

const HOST_STYLE: Record<HostKind, string> = {
  item: 'all:initial;display:inline-block;vertical-align:middle;margin:0 0 0 8px;',
  chip: 'all:initial;display:inline-block;vertical-align:middle;margin:0 0 0 6px;',
  panel: 'all:initial;display:block;margin:0 0 16px 0;',
  dialog: 'all:initial;display:block;position:fixed;inset:0;z-index:2147483647;',
};

export interface Host {
  kind: HostKind;
  /** the element in the page */
  el: HTMLElement;
  /** the container inside the shadow root, which `render` fills */
  root: HTMLElement;
  render(content: Child): void;
  destroy(): void;
}

export function isOverlayNode(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).hasAttribute('data-ink-overlay');
}

// ---- light or dark: follow the admin page itself ------------------------------------------------
// The overlay matches what the page shows, not the system setting alone: a light admin under a
// dark system stays light beside it, a dark admin gets the dark palette.

const roots = new Set<HTMLElement>();
const schemes = new WeakMap<Document, boolean>();
const watched = new WeakSet<Document>();

function rgba(css: string): number[] {
  return (css.match(/[\d.]+/g) ?? []).map(Number);
}

function luminance([r = 0, g = 0, b = 0]: number[]): number {
  const lin = (c: number) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Whether the page paints dark: its body's or root's background, else its colour scheme. */
export function pageIsDark(doc: Document): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  try {
    for (const el of [doc.body, doc.documentElement]) {
      if (!el) continue;
      const c = rgba(view.getComputedStyle(el).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || (c[3] ?? 1) > 0.5)) return luminance(c) < 0.25;
    }
    // Nothing painted: the browser's canvas, dark only when the page allows it and the system asks.
    const allowed = /\bdark\b/.test(view.getComputedStyle(doc.documentElement).colorScheme || '');
    return allowed && view.matchMedia('(prefers-color-scheme: dark)').matches;
  } catch {
    return false;
  }
}

/** Look at the page again and repaint every host to match. */
export function refreshScheme(doc: Document): void {
  const dark = pageIsDark(doc);
  schemes.set(doc, dark);
  for (const root of roots) if (root.ownerDocument === doc) root.classList.toggle('dark', dark);
}

function schemeOf(doc: Document): boolean {
  let dark = schemes.get(doc);
  if (dark === undefined) {
    dark = pageIsDark(doc);
    schemes.set(doc, dark);
  }
  if (!watched.has(doc)) {
    watched.add(doc);
    const view = doc.defaultView;
    try {
      view?.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => refreshScheme(doc));
      // Stylesheets may apply only once the page has loaded.
      if (doc.readyState !== 'complete') view?.addEventListener('load', () => refreshScheme(doc), { once: true });
    } catch {
      /* no media queries: keep the first answer */
    }
  }
  return dark;
}

export function createHost(doc: Document, kind: HostKind): Host {
  const el = doc.createElement(TAGS[kind]);
  el.setAttribute('data-ink-overlay', kind);
  el.setAttribute('style', HOST_STYLE[kind]);
  // Closed: page scripts cannot reach the overlay's controls or read what it shows (host.shadowRoot
  // is null to them); the overlay keeps its own reference.
  const shadow = el.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = kind === 'item' || kind === 'chip' ? CONTROLS_CSS : OVERLAY_CSS;
  shadow.appendChild(style);
  const root = doc.createElement(kind === 'item' || kind === 'chip' ? 'span' : 'div');
  root.className = schemeOf(doc) ? 'ink dark' : 'ink';
  shadow.appendChild(root);
  roots.add(root);
  let alive = true;
  // Focus bookkeeping must never switch the overlay off (a DOM that cannot say counts as "no").
  const hasFocus = (): boolean => {
    try {
      return shadow.activeElement != null;
    } catch {
      return false;
    }
  };
  return {
    kind,
    el,
    root,
    render(content) {
      if (!alive) return;
      // A control the merchant was on may go with the change (Send, once sent): the focus then
      // goes to the host's fallback (a panel's heading), not to the top of the page.
      const focused = hasFocus();
      render(root, content);
      if (focused && !hasFocus()) root.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
    },
    destroy() {
      if (!alive) return;
      alive = false;
      roots.delete(root);
      root.replaceChildren();
      el.remove();
    },
  };
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
