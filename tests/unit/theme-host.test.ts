/**
 * The overlay's hosts as lib/theme/host.ts makes them, for the admin page and for the options
 * page's link dialog: what each kind holds, and the light or dark palette read from the page the
 * merchant looks at (its painted background first, then its colour scheme and the system's).
 * Each page here is a real document whose window is a stand-in reporting the computed styles and
 * media queries a browser would (happy-dom computes neither from a stylesheet).
 */
import { describe, expect, it } from 'vitest';
import { createShadowHost, type HostKind, pageIsDark, refreshScheme } from '@/lib/theme/host';
import { CONTROLS_CSS, OVERLAY_CSS } from '@/lib/theme/styles';

interface PageSetup {
  /** the body's computed background-color ('' or transparent: unpainted) */
  body?: string;
  /** the root element's */
  root?: string;
  /** the root's computed color-scheme */
  scheme?: string;
  /** whether the system asks for dark */
  systemDark?: boolean;
  readyState?: DocumentReadyState;
  noBody?: boolean;
}

interface Page {
  doc: Document;
  set(patch: PageSetup): void;
  /** the listeners the page's window holds: the scheme's media query and the load event */
  schemeListeners: (() => void)[];
  loadListeners: { fn: () => void; once: boolean }[];
  styleReads: number;
}

function page(setup: PageSetup = {}): Page {
  const doc = document.implementation.createHTMLDocument('Big Cartel admin');
  let state: PageSetup = { body: '', root: '', scheme: 'normal', systemDark: false, readyState: 'complete', ...setup };
  if (state.noBody) doc.body.remove();
  const p: Page = {
    doc,
    set(patch) {
      state = { ...state, ...patch };
    },
    schemeListeners: [],
    loadListeners: [],
    styleReads: 0,
  };
  const view = {
    getComputedStyle(el: Element | null) {
      // As a browser does: no element, no style.
      if (!(el instanceof Element)) throw new TypeError('getComputedStyle: argument 1 is not an Element');
      p.styleReads++;
      const bg = el === doc.documentElement ? state.root : state.body;
      return { backgroundColor: bg || 'rgba(0, 0, 0, 0)', colorScheme: el === doc.documentElement ? state.scheme : '' };
    },
    matchMedia(query: string) {
      return {
        matches: query === '(prefers-color-scheme: dark)' && !!state.systemDark,
        addEventListener(type: string, fn: () => void) {
          if (type === 'change' && query === '(prefers-color-scheme: dark)') p.schemeListeners.push(fn);
        },
      };
    },
    addEventListener(type: string, fn: () => void, options?: { once?: boolean }) {
      if (type === 'load') p.loadListeners.push({ fn, once: !!options?.once });
    },
  };
  Object.defineProperty(doc, 'defaultView', { configurable: true, get: () => view });
  Object.defineProperty(doc, 'readyState', { configurable: true, get: () => state.readyState });
  return p;
}

describe('light or dark: the page the merchant sees', () => {
  it.each([
    ['a near-black admin', 'rgb(18, 18, 20)', true],
    ['a near-white admin', 'rgb(250, 250, 250)', false],
    ['mid grey #808080', 'rgb(128, 128, 128)', true],
    ['light grey #919191', 'rgb(145, 145, 145)', false],
    ['pure red (dim to the eye)', 'rgb(255, 0, 0)', true],
    ['pure green (bright to the eye)', 'rgb(0, 255, 0)', false],
    ['pure blue (dim to the eye)', 'rgb(0, 0, 255)', true],
    ['a sky blue, bright through its green and blue together', 'rgb(0, 149, 255)', false],
    ['nearly black, in the linear part of the curve', 'rgb(10, 10, 10)', true],
  ])('%s (%s) is dark: %s', (_name, colour, dark) => {
    expect(pageIsDark(page({ body: colour }).doc)).toBe(dark);
  });

  it('a see-through body does not decide: the root element behind it does', () => {
    expect(pageIsDark(page({ body: 'rgba(10, 10, 10, 0.4)', root: 'rgb(250, 250, 250)' }).doc)).toBe(false);
    expect(pageIsDark(page({ body: 'rgba(10, 10, 10, 0.5)', root: 'rgb(250, 250, 250)' }).doc)).toBe(false);
    expect(pageIsDark(page({ body: 'rgba(250, 250, 250, 0.5)', root: 'rgb(10, 10, 10)' }).doc)).toBe(true);
    // Mostly opaque: the body decides.
    expect(pageIsDark(page({ body: 'rgba(10, 10, 10, 0.6)', root: 'rgb(250, 250, 250)' }).doc)).toBe(true);
    expect(pageIsDark(page({ body: 'rgba(250, 250, 250, 0.9)', root: 'rgb(10, 10, 10)' }).doc)).toBe(false);
  });

  it('a page without a body is read from its root element', () => {
    expect(pageIsDark(page({ noBody: true, root: 'rgb(13, 17, 23)' }).doc)).toBe(true);
    expect(pageIsDark(page({ noBody: true, root: 'rgb(255, 255, 255)' }).doc)).toBe(false);
  });

  it('with nothing painted, dark only when the page allows a dark scheme and the system asks for it', () => {
    expect(pageIsDark(page({ scheme: 'light dark', systemDark: true }).doc)).toBe(true);
    expect(pageIsDark(page({ scheme: 'dark', systemDark: true }).doc)).toBe(true);
    expect(pageIsDark(page({ scheme: 'light dark', systemDark: false }).doc)).toBe(false);
    expect(pageIsDark(page({ scheme: 'normal', systemDark: true }).doc)).toBe(false);
    expect(pageIsDark(page({ scheme: '', systemDark: true }).doc)).toBe(false);
    expect(pageIsDark(page({ scheme: 'darkish', systemDark: true }).doc)).toBe(false);
  });

  it('a document without a window, or a window that cannot say, is light', () => {
    expect(pageIsDark(document.implementation.createHTMLDocument('detached'))).toBe(false);
    const p = page({ body: 'rgb(0, 0, 0)' });
    Object.defineProperty(p.doc, 'defaultView', {
      get: () => ({
        getComputedStyle() {
          throw new Error('no styles here');
        },
      }),
    });
    expect(pageIsDark(p.doc)).toBe(false);
  });
});

describe('hosts follow their page', () => {
  it('a new host takes the palette of its page, read once per page', () => {
    const dark = page({ body: 'rgb(13, 17, 23)' });
    const a = createShadowHost(dark.doc, 'panel');
    expect(a.root.className).toBe('ink dark');
    const reads = dark.styleReads;
    // Until something tells the overlay the page changed, the first answer stands.
    dark.set({ body: 'rgb(255, 255, 255)' });
    const b = createShadowHost(dark.doc, 'item');
    expect(b.root.className).toBe('ink dark');
    expect(dark.styleReads).toBe(reads);
    expect(createShadowHost(page({ body: 'rgb(255, 255, 255)' }).doc, 'panel').root.className).toBe('ink');
  });

  it("the system switching light or dark repaints the page's hosts", () => {
    const p = page({ scheme: 'light dark', systemDark: false });
    const h = createShadowHost(p.doc, 'panel');
    createShadowHost(p.doc, 'chip');
    expect(h.root.classList.contains('dark')).toBe(false);
    // One listener per page, however many hosts.
    expect(p.schemeListeners).toHaveLength(1);
    p.set({ systemDark: true });
    p.schemeListeners[0]!();
    expect(h.root.classList.contains('dark')).toBe(true);
  });

  it('a page still loading is looked at again once loaded (its stylesheets may come late)', () => {
    const p = page({ readyState: 'loading' });
    const h = createShadowHost(p.doc, 'panel');
    expect(h.root.classList.contains('dark')).toBe(false);
    expect(p.loadListeners).toHaveLength(1);
    expect(p.loadListeners[0]!.once).toBe(true);
    p.set({ body: 'rgb(18, 18, 20)', readyState: 'complete' });
    p.loadListeners[0]!.fn();
    expect(h.root.classList.contains('dark')).toBe(true);
    // A page already loaded waits for no load event.
    const loaded = page();
    createShadowHost(loaded.doc, 'panel');
    expect(loaded.loadListeners).toHaveLength(0);
  });

  it("repainting one page leaves another page's hosts, and destroyed hosts, alone", () => {
    const one = page({ body: 'rgb(255, 255, 255)' });
    const two = page({ body: 'rgb(255, 255, 255)' });
    const a = createShadowHost(one.doc, 'panel');
    const b = createShadowHost(two.doc, 'panel');
    const gone = createShadowHost(one.doc, 'item');
    gone.destroy();
    one.set({ body: 'rgb(0, 0, 0)' });
    refreshScheme(one.doc);
    expect(a.root.classList.contains('dark')).toBe(true);
    expect(b.root.classList.contains('dark')).toBe(false);
    expect(gone.root.classList.contains('dark')).toBe(false);
  });
});

describe('what each kind of host holds', () => {
  const shadowOf = (el: HTMLElement) => el.shadowRoot!;

  it.each([
    ['item', 'span', 'inline-block', CONTROLS_CSS],
    ['chip', 'span', 'inline-block', CONTROLS_CSS],
    ['panel', 'div', 'block', OVERLAY_CSS],
    ['dialog', 'div', 'block', OVERLAY_CSS],
  ] as const)('%s: a %s in a closed root with its rules, displayed %s', (kind: HostKind, tag, display, css) => {
    const h = createShadowHost(document, kind);
    expect(h.el.localName).toBe(`ink-overlay-${kind}`);
    expect(h.el.getAttribute('data-ink-overlay')).toBe(kind);
    expect(h.el.getAttribute('style')).toMatch(new RegExp(`^all:initial;display:${display};`));
    expect(h.root.localName).toBe(tag);
    expect(shadowOf(h.el).querySelector('style')!.textContent).toBe(css);
    h.destroy();
  });

  it("marks and chips carry only the controls' rules; panels and the dialog the panels' too", () => {
    expect(OVERLAY_CSS.startsWith(CONTROLS_CSS)).toBe(true);
    expect(OVERLAY_CSS.length).toBeGreaterThan(CONTROLS_CSS.length);
    expect(CONTROLS_CSS).toContain('.mark');
    expect(CONTROLS_CSS).not.toContain('.panel{');
    expect(OVERLAY_CSS).toMatch(/\.panel\s*\{/);
  });

  it('the dialog covers the whole window, above the page', () => {
    const h = createShadowHost(document, 'dialog');
    expect(h.el.getAttribute('style')).toContain('position:fixed;inset:0;z-index:2147483647');
    h.destroy();
  });

  it('marks and chips sit beside the name with a gap; panels leave room below', () => {
    expect(createShadowHost(document, 'item').el.getAttribute('style')).toContain('margin:0 0 0 8px');
    expect(createShadowHost(document, 'chip').el.getAttribute('style')).toContain('margin:0 0 0 6px');
    expect(createShadowHost(document, 'panel').el.getAttribute('style')).toContain('margin:0 0 16px 0');
  });
});
