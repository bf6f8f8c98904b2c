/**
 * The product-page feature in happy-dom on the sandbox's admin product page: a mark and a Link
 * button beside every option the API lists, options the page does not show listed in our panel,
 * open shadow roots searched, and linking with the order page's dialog (size siblings included).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderProductPage } from '../../sandbox/admin.mjs';
import type { ItemInfo, Request } from '@/lib/protocol';
import { createChangeHub, createRunner, type Runner } from '@/lib/content/runner';
import { FEATURES } from '@/lib/content/main';
import { productPageFeature } from '@/lib/content/product-page';
import { fakeBackground } from './helpers/dom';
import { dialogModuleLoaded, loadPage } from './helpers/overlay-page';

beforeEach(() => dialogModuleLoaded(true));

const ORIGIN = 'https://app.bigcartel.com';
const URL_ = `${ORIGIN}/products/330011`;

const OPTIONS: [string, string][] = [
  ['1180020', 'Black / M'],
  ['1180021', 'Black / L'],
  ['1180022', 'Black / XL'],
];

function items(linked: Record<string, string> = {}): ItemInfo[] {
  return OPTIONS.map(([id, name]) => ({
    id,
    productId: '330011',
    optionId: id,
    productName: 'Moth Logo Hoodie',
    optionName: name,
    quantity: 0,
    price: 0,
    disposition: linked[id] ? 'linked' : 'unlinked',
    link: linked[id]
      ? {
          key: `330011|${id}`,
          pn: linked[id]!,
          designs: { front: 'https://cdn.example/f.png' },
          mockups: {},
          neverFulfil: false,
          optionId: id,
        }
      : null,
  }));
}

function page(layout: string, options = OPTIONS): string {
  return renderProductPage(
    {
      id: '330011',
      name: 'Moth Logo Hoodie',
      imageUrl: null,
      price: 35,
      options: options.map(([id, name]) => ({ id, name, sold: 3 })),
    },
    { layout },
  );
}

let runner: Runner | null = null;
function start(url = URL_): void {
  runner = createRunner({
    features: FEATURES,
    doc: document,
    win: window,
    hub: createChangeHub(),
    log: () => undefined,
  });
  runner.navigate(new URL(url));
}
afterEach(() => {
  runner?.stop();
  runner = null;
  document.body.replaceChildren();
});

const hosts = (kind: string) => Array.from(document.querySelectorAll<HTMLElement>(`[data-ink-overlay="${kind}"]`));
const hostOf = (id: string) => hosts('item').find((h) => h.shadowRoot?.querySelector(`[data-ink-item="${id}"]`));
const mark = (h: HTMLElement) => h.shadowRoot!.querySelector('[role="img"]')!.getAttribute('aria-label');
const panel = () => hosts('panel')[0]!.shadowRoot!;

describe('product page', () => {
  it('runs on /products/<id> of both admin hosts, not on the products list', () => {
    for (const origin of ['https://my.bigcartel.com', ORIGIN]) {
      expect(productPageFeature.include(new URL(`${origin}/products/330011`))).toBe(true);
      expect(productPageFeature.include(new URL(`${origin}/products/330011/edit`))).toBe(true);
      expect(productPageFeature.include(new URL(`${origin}/products`))).toBe(false);
      expect(productPageFeature.include(new URL(`${origin}/products/new`))).toBe(false);
    }
  });

  it.each(['table', 'cards'])('%s layout: a mark and a button right after each option name', async (layout) => {
    const calls = fakeBackground({
      getProductPage: () => ({
        product: { id: '330011', name: 'Moth Logo Hoodie' },
        items: items({ 1180021: 'JH001-JBK-L' }),
      }),
    });
    loadPage(page(layout));
    start();
    await vi.waitFor(() => expect(hosts('item')).toHaveLength(3));
    expect(calls.filter((c) => c.type === 'getProductPage')).toEqual([{ type: 'getProductPage', productId: '330011' }]);
    expect(mark(hostOf('1180020')!)).toBe('Not linked');
    expect(mark(hostOf('1180021')!)).toBe('Linked to Inkthreadable');
    expect(hostOf('1180021')!.shadowRoot!.textContent).toContain('JH001-JBK-L');
    for (const [id, name] of OPTIONS) {
      const host = hostOf(id)!;
      expect(host.previousElementSibling?.textContent?.trim() ?? host.parentElement!.textContent).toContain(name);
    }
    expect(panel().textContent).toContain('1 of 3 options linked');
    expect(panel().querySelector('[aria-label="Options not found on the page"]')).toBeNull();
  });

  it('asks at once, and draws once the admin page has loaded', async () => {
    const calls = fakeBackground({
      getProductPage: () => ({ product: { id: '330011', name: 'Moth Logo Hoodie' }, items: items() }),
    });
    loadPage(page('table'));
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    try {
      start();
      await vi.waitFor(() => expect(calls.filter((c) => c.type === 'getProductPage')).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 60));
      expect(hosts('item')).toHaveLength(0);
      Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
      window.dispatchEvent(new Event('load'));
      await vi.waitFor(() => expect(hosts('item')).toHaveLength(3));
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState;
    }
  });

  it('lists an option the page does not show in its panel, never dropping it', async () => {
    fakeBackground({ getProductPage: () => ({ product: { id: '330011', name: 'Moth Logo Hoodie' }, items: items() }) });
    loadPage(page('table', OPTIONS.slice(0, 2)));
    start();
    await vi.waitFor(() =>
      expect(panel().querySelector('[aria-label="Options not found on the page"]')).not.toBeNull(),
    );
    expect(hosts('item')).toHaveLength(2);
    const listed = panel().querySelector('[aria-label="Options not found on the page"]')!;
    expect(listed.textContent).toContain('Black / XL');
    expect(listed.querySelector('button')!.textContent).toBe('Link product');
  });

  it('finds options inside an open shadow root', async () => {
    fakeBackground({ getProductPage: () => ({ product: { id: '330011', name: 'Moth Logo Hoodie' }, items: items() }) });
    loadPage(page('shadow'));
    const el = document.querySelector('bc-product-options')!;
    const root = el.attachShadow({ mode: 'open' });
    for (const [, name] of OPTIONS) {
      const row = document.createElement('div');
      row.setAttribute('role', 'listitem');
      const n = document.createElement('span');
      n.textContent = name;
      const price = document.createElement('span');
      price.textContent = '£35.00';
      row.append(n, price);
      root.appendChild(row);
    }
    start();
    await vi.waitFor(() => expect(hosts('item')).toHaveLength(0));
    await vi.waitFor(() => expect(root.querySelectorAll('[data-ink-overlay="item"]')).toHaveLength(3));
  });

  it('links an option with the order page dialog and offers its other sizes with the size swapped', async () => {
    const calls = fakeBackground({
      getProductPage: () => ({ product: { id: '330011', name: 'Moth Logo Hoodie' }, items: items() }),
      saveLinks: (req) => ({ saved: req.links.length, completes: 0 }),
    });
    loadPage(page('table'));
    start();
    await vi.waitFor(() => expect(hosts('item')).toHaveLength(3));
    hostOf('1180021')!.shadowRoot!.querySelector('button')!.click();
    const dlg = hosts('dialog')[0]!.shadowRoot!;
    expect(dlg.querySelector('h2')!.textContent).toBe('Link Moth Logo Hoodie / Black / L');
    const input = (id: string) => dlg.getElementById(id) as HTMLInputElement;
    input('ink-pn').value = 'jh001-jbk-l';
    input('ink-pn').dispatchEvent(new Event('input', { bubbles: true }));
    input('ink-front').value = 'https://cdn.example/front.png';
    input('ink-front').dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(dlg.querySelector('fieldset')?.textContent).toContain('Black / XL as JH001-JBK-XL'));
    const boxes = Array.from(dlg.querySelectorAll<HTMLInputElement>('fieldset input[type="checkbox"]'));
    expect(boxes.map((b) => b.parentElement!.textContent)).toEqual([
      'Black / M as JH001-JBK-M',
      'Black / XL as JH001-JBK-XL',
    ]);
    for (const b of boxes) b.click();
    dlg.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.type === 'saveLinks')).toBe(true));
    const saved = calls.find((c) => c.type === 'saveLinks') as Extract<Request, { type: 'saveLinks' }>;
    expect(saved.links.map((l) => [l.optionId, l.optionName, l.pn, l.designs.front])).toEqual([
      ['1180021', 'Black / L', 'JH001-JBK-L', 'https://cdn.example/front.png'],
      ['1180020', 'Black / M', 'JH001-JBK-M', 'https://cdn.example/front.png'],
      ['1180022', 'Black / XL', 'JH001-JBK-XL', 'https://cdn.example/front.png'],
    ]);
    await vi.waitFor(() => expect(hosts('dialog')).toHaveLength(0));
    expect(panel().textContent).toContain('3 links saved.');
  });
});
