/**
 * The overlay's shadow-root hosts: the only elements the extension adds to a page (the admin's,
 * or the options page's for the link dialog). Each carries `data-ink-overlay` (so page reading
 * skips it and the overlay's own mutations are recognised), an inline style that page CSS cannot
 * easily override, a closed shadow root with the overlay's stylesheet as text, and one container
 * to draw into; light or dark to match the page it is on.
 */
import { CONTROLS_CSS, OVERLAY_CSS } from './styles';

export type HostKind = 'item' | 'panel' | 'dialog' | 'chip';

const HOST_STYLE: Record<HostKind, string> = {
  item: 'all:initial;display:inline-block;vertical-align:middle;margin:0 0 0 8px;',
  chip: 'all:initial;display:inline-block;vertical-align:middle;margin:0 0 0 6px;',
  panel: 'all:initial;display:block;margin:0 0 16px 0;',
  dialog: 'all:initial;display:block;position:fixed;inset:0;z-index:2147483647;',
};

/** A host and what draws into it: `C` is what `render` takes (the overlay's DOM JSX children). */
export interface ShadowHost<C = never> {
  kind: HostKind;
  /** the element in the page */
  el: HTMLElement;
  /** the container inside the shadow root, drawn into */
  root: HTMLElement;
  /** Draw into the container (nothing once destroyed); keeps the focus inside the host. */
  render(content: C): void;
  /** Take the host out of the page (again: nothing more happens). */
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

/**
 * A host of `kind` for `doc`; `draw` is what its render draws with (the overlay's DOM runtime,
 * which this module does not load itself: the link dialog draws with Preact into `root`).
 */
export function createShadowHost<C = never>(
  doc: Document,
  kind: HostKind,
  draw?: (root: HTMLElement, content: C) => void,
): ShadowHost<C> {
  // Its own element name (ink-overlay-panel...): no page rule for a known tag reaches it.
  const el = doc.createElement(`ink-overlay-${kind}`);
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
      if (!alive || !draw) return;
      // A control the merchant was on may go with the change (Send, once sent): the focus then
      // goes to the host's fallback (a panel's heading), not to the top of the page.
      const focused = hasFocus();
      draw(root, content);
      if (focused && !hasFocus()) root.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
    },
    destroy() {
      alive = false;
      roots.delete(root);
      root.replaceChildren();
      el.remove();
    },
  };
}
