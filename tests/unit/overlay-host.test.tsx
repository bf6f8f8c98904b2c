/** @jsxImportSource @/lib/content/ui/dom */
/**
 * Where the overlay's hosts go beside the admin's elements: never a new table or grid cell, never
 * a button inside a link, never where an inline element would be invalid; and what a host is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canPlaceAfter, createHost, isPlacedAfter, placeAfter } from '@/lib/content/host';
import { createShadowHost, isOverlayNode, pageIsDark, refreshScheme } from '@/lib/theme/host';
import { overlayRootModes } from './helpers/closed-roots';

function build(html: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(`<body><div id="root">${html}</div></body>`, 'text/html');
  const root = document.importNode(parsed.getElementById('root')!, true) as HTMLElement;
  document.body.appendChild(root);
  return root;
}

afterEach(() => document.body.replaceChildren());

describe('createHost', () => {
  it('is marked data-ink-overlay, styled inline, with a closed shadow root holding our stylesheet and one container', () => {
    overlayRootModes.length = 0;
    const h = createHost(document, 'item');
    // Closed to page scripts: every host the overlay makes asks for a closed root.
    expect(overlayRootModes).toEqual(['closed']);
    createHost(document, 'panel');
    createHost(document, 'dialog');
    expect(overlayRootModes).toEqual(['closed', 'closed', 'closed']);
    expect(h.el.localName).toBe('ink-overlay-item');
    expect(h.el.getAttribute('data-ink-overlay')).toBe('item');
    expect(isOverlayNode(h.el)).toBe(true);
    expect(h.el.getAttribute('style')).toContain('all:initial');
    expect(h.el.shadowRoot!.mode).toBe('closed');
    expect(h.el.shadowRoot!.querySelector('style')!.textContent).toContain('.mark');
    expect(h.root.className).toBe('ink');
    document.body.appendChild(h.el);
    h.render(<b>hi</b>);
    expect(h.root.textContent).toBe('hi');
    h.destroy();
    expect(h.el.isConnected).toBe(false);
    h.render(<b>again</b>);
    expect(h.root.textContent).toBe('');
  });

  it('a host made without a renderer (for the link dialog, which Preact draws into) ignores render', () => {
    const d = createShadowHost(document, 'dialog');
    expect(d.el.localName).toBe('ink-overlay-dialog');
    expect(d.root.localName).toBe('div');
    d.root.textContent = 'drawn by the dialog';
    expect(() => d.render(undefined as never)).not.toThrow();
    expect(d.root.textContent).toBe('drawn by the dialog');
    d.destroy();
    d.destroy();
    expect(d.root.textContent).toBe('');
  });
});

describe('light or dark, as the admin page is', () => {
  afterEach(() => {
    document.body.removeAttribute('style');
    refreshScheme(document);
  });

  it('reads the page: a dark body is dark, a light or unpainted one is not', () => {
    document.body.setAttribute('style', 'background-color: rgb(18, 18, 20)');
    expect(pageIsDark(document)).toBe(true);
    document.body.setAttribute('style', 'background-color: rgb(250, 250, 250)');
    expect(pageIsDark(document)).toBe(false);
    document.body.setAttribute('style', 'background-color: rgba(0, 0, 0, 0)');
    expect(pageIsDark(document)).toBe(false);
  });

  it("gives new hosts the page's palette and repaints live hosts when the page changes", () => {
    refreshScheme(document);
    const light = createHost(document, 'panel');
    expect(light.root.classList.contains('dark')).toBe(false);
    document.body.setAttribute('style', 'background-color: rgb(13, 17, 23)');
    refreshScheme(document);
    expect(light.root.classList.contains('dark')).toBe(true);
    const dark = createHost(document, 'item');
    expect(dark.root.className).toBe('ink dark');
    // A destroyed host is no longer repainted.
    dark.destroy();
    document.body.setAttribute('style', 'background-color: rgb(255, 255, 255)');
    refreshScheme(document);
    expect(light.root.classList.contains('dark')).toBe(false);
    expect(dark.root.classList.contains('dark')).toBe(true);
    light.destroy();
  });
});

describe('placeAfter', () => {
  it('puts the host right after a plain name element', () => {
    const root = build('<p><span id="n">Moth Tee</span> × 2</p>');
    const h = createHost(document, 'item');
    const n = root.querySelector('#n')!;
    expect(placeAfter(h.el, n)).toBe(true);
    expect(n.nextSibling).toBe(h.el);
    expect(isPlacedAfter(h.el, n)).toBe(true);
    // Something slipped in between: no longer in place, and placing again moves it back.
    n.after(document.createTextNode('!'));
    expect(isPlacedAfter(h.el, n)).toBe(false);
    expect(placeAfter(h.el, n)).toBe(true);
    expect(n.nextSibling).toBe(h.el);
  });

  it('goes inside a table cell (a sibling would be a new cell)', () => {
    const root = build('<table><tbody><tr><td id="n">Moth Tee</td><td>2</td></tr></tbody></table>');
    const h = createHost(document, 'item');
    const n = root.querySelector('#n')!;
    expect(placeAfter(h.el, n)).toBe(true);
    expect(n.lastChild).toBe(h.el);
    expect(root.querySelector('tr')!.children).toHaveLength(2);
  });

  it('goes after the link holding the name, never inside it', () => {
    const root = build(
      '<table><tbody><tr><td><a href="/p/1"><span id="n">Moth Tee</span></a></td></tr></tbody></table>',
    );
    const h = createHost(document, 'item');
    expect(placeAfter(h.el, root.querySelector('#n')!)).toBe(true);
    expect(h.el.closest('a')).toBeNull();
    expect(root.querySelector('a')!.nextSibling).toBe(h.el);
  });

  it('refuses places where an inline element would be invalid', () => {
    const root = build(
      '<table><tbody><tr id="n"><td>Moth Tee</td></tr></tbody></table><select><option id="o">Moth Tee</option></select>',
    );
    const h = createHost(document, 'item');
    for (const id of ['#n', '#o']) {
      expect(canPlaceAfter(root.querySelector(id)!)).toBe(false);
      expect(placeAfter(h.el, root.querySelector(id)!)).toBe(false);
    }
    expect(h.el.isConnected).toBe(false);
  });
});
