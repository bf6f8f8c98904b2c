/**
 * The order-page feature end to end in happy-dom: the sandbox's admin page layouts, a stand-in
 * background answering through fakeBrowser.runtime.onMessage (the real transport of `call()`),
 * and assertions on what the merchant sees (marks, buttons, panel, dialog) and on the requests
 * the background received.
 */
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { OrderView } from '@/lib/protocol';
import { startOverlay } from '@/lib/content/main';
import { MARKS_DONE } from '@/lib/content/order-page';
import { LOAD_WAIT_MS } from '@/lib/content/runner';
import { DIALOG_LOAD_ERROR } from '@/lib/content/dialog';
import { REPORT_KEY } from '@/lib/content/on-demand';
import { pageReport } from '@/lib/bigcartel/report';
import {
  HOSTILE,
  ORIGIN,
  ORDER_URL,
  fakeBackground,
  info,
  ITEMS,
  view,
  adminPage,
  loadPage,
  runner,
  logged,
  start,
  hostsOf,
  itemHost,
  markName,
  buttonText,
  panel,
  dialog,
  buttonIn,
  fieldIn,
  type,
  ourShadowRoots,
  settle,
  useOverlayPage,
  dialogModuleLoaded,
} from './helpers/overlay-page';

useOverlayPage();

// ---- tests ---------------------------------------------------------------------------------------

describe('order page: marks beside every item', () => {
  it.each(['table', 'cards'])(
    '%s layout: a mark and a button after each item name, from one getOrder message',
    async (layout) => {
      const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
      loadPage(adminPage(ITEMS, layout));
      start();
      await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));

      const expected: Record<string, [string, string]> = {
        'li-1': ['Not linked', 'Link product'],
        'li-2': ['Linked to Inkthreadable', 'Edit link'],
        'li-3': ['Never fulfilled by Inkthreadable', 'Edit link'],
        'li-4': ['Not linked', 'Link product'],
      };
      for (const item of ITEMS) {
        const host = itemHost(item.id)!;
        expect(markName(host)).toBe(expected[item.id]![0]);
        expect(buttonText(host)).toBe(expected[item.id]![1]);
        // Right after the element holding the item's name.
        expect(host.previousElementSibling?.textContent?.trim()).toBe(item.productName);
      }
      expect(bg.of('getOrder')).toEqual([{ type: 'getOrder', orderId: 'MOTH-100234' }]);
      await settle();
      expect(bg.of('pageVisit')).toEqual([{ type: 'pageVisit', origin: ORIGIN, orderId: 'MOTH-100234' }]);
      expect(bg.calls.map((c) => c.type).sort()).toEqual(['getOrder', 'pageVisit']);
      expect(performance.getEntriesByName(MARKS_DONE)).toHaveLength(1);
    },
  );

  it('renders a hostile product name as text on the page and in our UI, never as markup', async () => {
    fakeBackground({
      getOrder: () => view({ items: [ITEMS[3]!, info('li-9', 'Not On Page', '', 1, 'unlinked')] }),
      pageVisit: () => null,
    });
    loadPage(adminPage([ITEMS[3]!]));
    start();
    await vi.waitFor(() => expect(itemHost('li-4')).toBeDefined());
    expect(itemHost('li-4')!.previousElementSibling?.textContent).toBe(HOSTILE);
    // Open the dialog for it: the title shows the name as text.
    buttonText(itemHost('li-4')!);
    itemHost('li-4')!.shadowRoot!.querySelector('button')!.click();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    expect(dialog()!.querySelector('h2')!.textContent).toBe(`Link ${HOSTILE}`);
    for (const root of ourShadowRoots()) expect(root.querySelector('img')).toBeNull();
    expect(document.querySelectorAll('img[src="x"]')).toHaveLength(0);
  });

  it('lists in the panel the items the page does not show, never drops them', async () => {
    const missing = info('li-5', 'Gift Wrap', '', 1, 'unlinked');
    fakeBackground({ getOrder: () => view({ items: [...ITEMS.slice(0, 2), missing] }), pageVisit: () => null });
    loadPage(adminPage(ITEMS.slice(0, 2)));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(2));
    const list = panel().querySelector('ul')!;
    expect(list.textContent).toContain('Gift Wrap × 1');
    expect(list.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('Not linked');
    expect(buttonIn(list, 'Link product')).toBeDefined();
  });

  it('offers a page report when an item cannot be placed: the saved copy keeps no personal detail', async () => {
    const missing = info('li-5', 'Gift Wrap', '', 1, 'unlinked');
    const bg = fakeBackground({
      getOrder: () => view({ items: [...ITEMS.slice(0, 2), missing] }),
      pageVisit: () => null,
      reportTerms: () => [
        { kind: 'name', value: 'Ada Lovelace' },
        { kind: 'email', value: 'ada@example.org' },
        { kind: 'phone', value: '+44 20 7946 0000' },
        { kind: 'address', value: '12 Analytical Row' },
      ],
    });
    // What the page report's module leaves when the content script loads it.
    (globalThis as Record<symbol, unknown>)[REPORT_KEY] = pageReport;
    loadPage(adminPage(ITEMS.slice(0, 2)));
    const customer = document.createElement('aside');
    customer.textContent = 'Ada Lovelace, ada@example.org, 020 7946 0000, 12 Analytical Row';
    document.body.append(customer);
    start();
    await vi.waitFor(() => expect(panel().querySelector('ul')?.textContent).toContain('Gift Wrap'));
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:report';
    });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      buttonIn(panel(), 'Save this page for a bug report').click();
      await vi.waitFor(() => expect(clicked).toHaveLength(1));
    } finally {
      create.mockRestore();
      click.mockRestore();
    }
    expect(bg.of('reportTerms')).toEqual([{ type: 'reportTerms', orderId: 'MOTH-100234' }]);
    expect(clicked[0]!.download).toBe('inkthreadable-page-report-MOTH-100234.html');
    const saved = await blobs[0]!.text();
    expect(saved).toContain('Moth Tee');
    expect(saved).toContain('[customer name], [customer e-mail], [customer phone], [customer address]');
    expect(saved).not.toMatch(/Lovelace|ada@|7946|Analytical/);
    expect(saved).toContain('(1 item not placed on the page)');
    await vi.waitFor(() =>
      expect(panel().textContent).toContain(
        "Page saved for a bug report (the customer's details replaced): check it before you send it.",
      ),
    );
  });

  it('a page report whose module cannot be loaded says so in the panel and saves nothing', async () => {
    delete (globalThis as Record<symbol, unknown>)[REPORT_KEY];
    const bg = fakeBackground({
      getOrder: () => view({ items: [...ITEMS.slice(0, 1), info('li-5', 'Gift Wrap', '', 1, 'unlinked')] }),
      pageVisit: () => null,
      reportTerms: () => [],
    });
    loadPage(adminPage(ITEMS.slice(0, 1)));
    start();
    await vi.waitFor(() => expect(panel().querySelector('ul')?.textContent).toContain('Gift Wrap'));
    buttonIn(panel(), 'Save this page for a bug report').click();
    await vi.waitFor(() =>
      expect(panel().querySelector('[role="alert"]')?.textContent).toBe(
        'The page could not be saved: the extension may have been updated. Reload the page and try again.',
      ),
    );
    expect(bg.of('reportTerms')).toEqual([]);
  });

  it('places items that render late in the same task (before the next frame), and takes them off the panel list', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS.slice(0, 1)));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(1));
    expect(panel().querySelector('ul')!.textContent).toContain('Moth Tee');

    // The admin renders the rest of the items: no timer runs between this and the check.
    const tbody = document.querySelector('table tbody') ?? document.querySelector('.item-cards')!;
    const later = new DOMParser().parseFromString(adminPage(ITEMS), 'text/html').querySelectorAll('table tbody tr');
    for (const row of Array.from(later).slice(1)) tbody.appendChild(document.importNode(row, true));
    await Promise.resolve();
    await Promise.resolve();
    expect(hostsOf('item')).toHaveLength(4);
    expect(markName(itemHost('li-2')!)).toBe('Linked to Inkthreadable');
    expect(panel().querySelector('ul')).toBeNull();
  });

  it.each([
    [
      'rows added',
      (doc: Document) => {
        const tbody = doc.querySelector('table tbody')!;
        const others = ITEMS.filter((i) => i.productName !== 'Moth Tee');
        const later = new DOMParser()
          .parseFromString(adminPage(others), 'text/html')
          .querySelectorAll('table tbody tr');
        for (const row of Array.from(later)) tbody.appendChild(doc.importNode(row, true));
      },
      4,
    ],
    [
      'a name edited in place',
      (doc: Document) => {
        const el = [...doc.querySelectorAll('td.product, td.product *')]
          .reverse()
          .find((e) => e.textContent?.trim() === 'Moth Tee')!;
        const text = [...el.childNodes].find((n) => n.nodeType === 3 && n.nodeValue!.includes('Moth Tee'))!;
        text.nodeValue = 'Moth Logo Hoodie';
      },
      1,
    ],
    [
      'a row hidden',
      (doc: Document) => {
        doc.querySelector('table tbody tr')!.setAttribute('hidden', '');
      },
      0,
    ],
  ] as const)(
    'the page changing while the order is on its way (%s): placement reads it again',
    async (_what, change, expected) => {
      let answer!: (v: OrderView) => void;
      fakeBackground({ getOrder: () => new Promise<OrderView>((r) => (answer = r)), pageVisit: () => null });
      const first = ITEMS.find((i) => i.productName === 'Moth Tee')!;
      loadPage(adminPage([first]));
      start();
      await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
      change(document);
      const shown =
        expected === 1
          ? [{ ...first, productName: 'Moth Logo Hoodie' }]
          : ITEMS.filter((i) => expected === 4 || i === first);
      answer(view({ items: shown }));
      if (expected === 0) {
        // Hidden: not beside it, listed in the panel instead.
        await vi.waitFor(() => expect(panel().querySelector('ul')!.textContent).toContain('Moth Tee'));
        expect(hostsOf('item')).toHaveLength(0);
        return;
      }
      await vi.waitFor(() => expect(performance.getEntriesByName(MARKS_DONE)).toHaveLength(1));
      expect(hostsOf('item')).toHaveLength(expected);
      for (const s of shown) expect(itemHost(s.id)!.previousElementSibling?.textContent?.trim()).toBe(s.productName);
    },
  );

  it('waits for the admin page to finish loading before drawing, in a task after its load event', async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    try {
      start();
      // The order is asked for at once (right after the stored view's read found none)...
      await vi.waitFor(() => expect(bg.of('getOrder')).toHaveLength(1), { interval: 1 });
      await new Promise((r) => setTimeout(r, 50));
      // ...but nothing is drawn while the page loads.
      expect(hostsOf('item')).toHaveLength(0);
      expect(hostsOf('panel')).toHaveLength(0);
      Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
      window.dispatchEvent(new Event('load'));
      // Not in the load event's own task (its microtasks included): in a later one.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      expect(hostsOf('item')).toHaveLength(0);
      await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState;
    }
  });

  it('draws anyway when the page is still loading after LOAD_WAIT_MS (a slow image must not hide the marks)', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    try {
      const t0 = performance.now();
      start();
      await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4), { timeout: 3000 });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(LOAD_WAIT_MS - 5);
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState;
    }
  });

  it('finds items inside open shadow roots, including content rendered there later', async () => {
    fakeBackground({ getOrder: () => view({ items: ITEMS.slice(0, 2) }), pageVisit: () => null });
    loadPage(
      `<html><head><title>Order</title></head><body><main><h1>Order #MOTH-100234</h1><bc-order-items></bc-order-items></main></body></html>`,
    );
    const sr = document.querySelector('bc-order-items')!.attachShadow({ mode: 'open' });
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    expect(panel().querySelector('ul')!.textContent).toContain('Moth Logo Hoodie');

    const list = document.createElement('ul');
    for (const [name, option, qty] of [
      ['Moth Logo Hoodie', 'Black / L', 2],
      ['Moth Tee', 'White / M', 1],
    ] as const) {
      const li = document.createElement('li');
      const n = document.createElement('span');
      n.textContent = name;
      const o = document.createElement('span');
      o.textContent = ` ${option} × ${qty}`;
      li.append(n, o);
      list.appendChild(li);
    }
    sr.appendChild(list);
    await Promise.resolve();
    await Promise.resolve();
    expect(hostsOf('item', sr)).toHaveLength(2);
    expect(markName(itemHost('li-1', sr)!)).toBe('Not linked');
    expect(panel().querySelector('ul')).toBeNull();
  });

  it('keeps CSS-grid rows intact: in a grid cell the mark goes inside the name cell, not beside it as a new cell', async () => {
    fakeBackground({ getOrder: () => view({ items: ITEMS.slice(0, 2) }), pageVisit: () => null });
    loadPage(
      `<html><head><title>Order</title></head><body><main><bc-order-items></bc-order-items></main></body></html>`,
    );
    const sr = document.querySelector('bc-order-items')!.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = '.row{display:grid;grid-template-columns:1fr 140px 60px}';
    sr.appendChild(style);
    for (const [name, option, qty] of [
      ['Moth Logo Hoodie', 'Black / L', 2],
      ['Moth Tee', 'White / M', 1],
    ] as const) {
      const row = document.createElement('div');
      row.className = 'row';
      for (const [cls, text] of [
        ['name', name],
        ['option', option],
        ['qty', String(qty)],
      ]) {
        const cell = document.createElement('span');
        cell.className = cls!;
        cell.textContent = text!;
        row.appendChild(cell);
      }
      sr.appendChild(row);
    }
    start();
    await vi.waitFor(() => expect(hostsOf('item', sr)).toHaveLength(2));
    for (const row of Array.from(sr.querySelectorAll('.row'))) {
      expect(row.children).toHaveLength(3);
      expect(row.querySelector('.name [data-ink-overlay="item"]')).not.toBeNull();
    }
  });

  it('puts the order panel at the top of the main content, once', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    expect(document.querySelector('main')!.firstElementChild).toBe(hostsOf('panel')[0]);
    const region = panel().querySelector('[role="region"]')!;
    expect(region.getAttribute('aria-label')).toBe('Inkthreadable');
    expect(region.querySelector('h2')!.textContent).toBe('Review draft order');
    expect(region.textContent).toContain('2 of 4 items to link');
  });

  it('moves the panel into the main content when the order arrived before the admin drew it', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    // The admin has drawn only its navigation so far: no main content, no heading.
    const full = new DOMParser().parseFromString(adminPage(ITEMS), 'text/html');
    const main = full.querySelector('main')!;
    main.remove();
    loadPage(full.documentElement.outerHTML);
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    expect(hostsOf('panel')[0]!.parentElement).toBe(document.body);
    // Then the main content arrives.
    document.body.appendChild(document.importNode(main, true));
    await vi.waitFor(() => expect(document.querySelector('main')!.firstElementChild).toBe(hostsOf('panel')[0]));
    expect(hostsOf('panel')).toHaveLength(1);
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
  });

  it('puts the panel back when the admin re-renders its content', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    // The admin renders its content again from scratch.
    const main = document.querySelector('main')!;
    const fresh = new DOMParser().parseFromString(adminPage(ITEMS), 'text/html').querySelector('main')!;
    main.replaceChildren(...Array.from(fresh.childNodes).map((n) => document.importNode(n, true)));
    expect(hostsOf('panel')).toHaveLength(0);
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
  });
});

/** The admin page with ITEMS drawn and its first item's link button clicked (the button returned). */
async function clickFirstLinkButton(): Promise<HTMLButtonElement> {
  loadPage(adminPage(ITEMS));
  start();
  await vi.waitFor(() => expect(itemHost('li-1')).toBeDefined());
  const button = itemHost('li-1')!.shadowRoot!.querySelector('button')!;
  button.click();
  return button;
}

describe('order page: the link dialog', () => {
  it('links an item: saveLink sent, dialog closed, focus back on the button, the cross becomes a tick', async () => {
    let linked = false;
    const bg = fakeBackground({
      getOrder: () =>
        view(
          linked
            ? {
                items: ITEMS.map((i) =>
                  i.id === 'li-1' ? info('li-1', 'Moth Logo Hoodie', 'Black / L', 2, 'linked', 'JH001-JBK-L') : i,
                ),
                label: '1 of 4 items to link',
                toLink: 1,
              }
            : {},
        ),
      pageVisit: () => null,
      getProductOptions: () => [
        { id: 'o-li-1', name: 'Black / L' },
        { id: 'o-m', name: 'Black / M' },
      ],
      saveLink: () => {
        linked = true;
        return { link: {}, completes: 1 };
      },
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(itemHost('li-1')).toBeDefined());
    const host = itemHost('li-1')!;
    const button = host.shadowRoot!.querySelector('button')!;
    button.focus();
    button.click();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    const d = dialog()!;
    const dlg = d.querySelector('[role="dialog"]')!;
    expect(dlg.getAttribute('aria-modal')).toBe('true');
    expect(d.getElementById(dlg.getAttribute('aria-labelledby')!)!.textContent).toBe(
      'Link Moth Logo Hoodie / Black / L',
    );
    expect(d.activeElement).toBe(fieldIn(d, 'Inkthreadable product code'));

    type(fieldIn(d, 'Inkthreadable product code'), 'JH001-JBK-L');
    type(fieldIn(d, 'Front design URL'), 'https://cdn.example.com/moth-front.png');
    await vi.waitFor(() => expect(d.textContent).toContain('Black / M as JH001-JBK-M'));
    buttonIn(d, 'Save link').click();

    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(bg.of('saveLink')).toEqual([
      {
        type: 'saveLink',
        link: {
          productId: 'p-li-1',
          optionId: 'o-li-1',
          productName: 'Moth Logo Hoodie',
          optionName: 'Black / L',
          pn: 'JH001-JBK-L',
          designs: { front: 'https://cdn.example.com/moth-front.png' },
          mockups: {},
          neverFulfil: false,
        },
      },
    ]);
    expect(bg.of('saveLinks')).toEqual([]);
    expect(host.shadowRoot!.activeElement).toBe(button);
    expect(panel().querySelector('[role="status"]')!.textContent).toBe(
      'Link saved. This link completes 1 waiting order.',
    );
    await vi.waitFor(() => expect(markName(itemHost('li-1')!)).toBe('Linked to Inkthreadable'));
    expect(itemHost('li-1')).toBe(host);
    expect(buttonText(host)).toBe('Edit link');
    expect(panel().textContent).toContain('1 of 4 items to link');
  });

  it('sends the confirmed other sizes with saveLinks', async () => {
    const bg = fakeBackground({
      getOrder: () => view(),
      pageVisit: () => null,
      getProductOptions: () => [
        { id: 'o-li-1', name: 'Black / L' },
        { id: 'o-m', name: 'Black / M' },
        { id: 'o-s', name: 'Black / S' },
      ],
      saveLinks: (req: { links: unknown[] }) => ({ saved: req.links.length, completes: 2 }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(itemHost('li-1')).toBeDefined());
    itemHost('li-1')!.shadowRoot!.querySelector('button')!.click();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    const d = dialog()!;
    type(fieldIn(d, 'Inkthreadable product code'), 'JH001-JBK-L');
    type(fieldIn(d, 'Front design URL'), 'https://cdn.example.com/f.png');
    await vi.waitFor(() => expect(d.textContent).toContain('Black / S as JH001-JBK-S'));
    const small = Array.from(d.querySelectorAll('label'))
      .find((l) => l.textContent === 'Black / S as JH001-JBK-S')!
      .querySelector('input')!;
    expect(small.checked).toBe(false);
    small.click();
    buttonIn(d, 'Save link').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(bg.of('getProductOptions')).toEqual([{ type: 'getProductOptions', productId: 'p-li-1' }]);
    const links = bg.of('saveLinks')[0].links;
    expect(links.map((l: { optionId: string; pn: string }) => `${l.optionId}=${l.pn}`)).toEqual([
      'o-li-1=JH001-JBK-L',
      'o-s=JH001-JBK-S',
    ]);
    expect(panel().querySelector('[role="status"]')!.textContent).toBe(
      '2 links saved. These links complete 2 waiting orders.',
    );
  });

  it('Escape closes the dialog without saving and focus returns to the button', async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    const button = await clickFirstLinkButton();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    dialog()!.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    expect(dialog()).toBeNull();
    expect(itemHost('li-1')!.shadowRoot!.activeElement).toBe(button);
    expect(bg.calls.filter((c) => c.type.startsWith('save'))).toEqual([]);
  });

  it('the dialog cannot be loaded (the extension was updated): the panel says so, focus returns, nothing saved; the next click tries again', async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    dialogModuleLoaded(false);
    const button = await clickFirstLinkButton();
    await vi.waitFor(() => expect(panel().querySelector('[role=alert]')?.textContent).toBe(DIALOG_LOAD_ERROR));
    expect(dialog()).toBeNull();
    expect(itemHost('li-1')!.shadowRoot!.activeElement).toBe(button);
    expect(bg.calls.filter((c) => c.type.startsWith('save'))).toEqual([]);
    dialogModuleLoaded(true);
    button.click();
    expect(dialog()!.querySelector('h2')!.textContent).toBe('Link Moth Logo Hoodie / Black / L');
    // The dialog brings its own stylesheet into its host.
    expect(Array.from(dialog()!.querySelectorAll('style')).some((s) => /\.backdrop\s*\{/.test(s.textContent!))).toBe(
      true,
    );
  });

  it('the extension was reloaded under the page (its URL cannot even be asked for): the panel says so, the page keeps working', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    dialogModuleLoaded(false);
    const getURL = vi.spyOn(fakeBrowser.runtime, 'getURL').mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    await clickFirstLinkButton();
    await vi.waitFor(() => expect(panel().querySelector('[role=alert]')?.textContent).toBe(DIALOG_LOAD_ERROR));
    expect(getURL).toHaveBeenCalled();
    expect(logged).toEqual([]);
    expect(dialog()).toBeNull();
    expect(itemHost('li-2')!.shadowRoot!.querySelector('button')).not.toBeNull();
  });

  it('a dialog that fails to draw: the panel says why, no host is left behind, and the next click opens it', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    dialogModuleLoaded(() => {
      throw new Error('The dialog could not be drawn.');
    });
    const button = await clickFirstLinkButton();
    await vi.waitFor(() =>
      expect(panel().querySelector('[role=alert]')?.textContent).toBe('The dialog could not be drawn.'),
    );
    expect(hostsOf('dialog')).toHaveLength(0);
    dialogModuleLoaded(true);
    button.click();
    expect(dialog()!.querySelector('h2')!.textContent).toBe('Link Moth Logo Hoodie / Black / L');
  });
});

describe('order page: the panel', () => {
  it('Complete without unlinked items: one completeWithout request, the panel follows the reply', async () => {
    const ink = {
      id: 'INK-5001',
      status: 'received',
      trackingNumber: '',
      shippedAt: '',
      shippingMethod: 'regular',
      createdAt: '',
      deleted: false,
    };
    const bg = fakeBackground({
      getOrder: () => view(),
      pageVisit: () => null,
      completeWithout: () =>
        view({
          state: 'sent',
          label: 'Sent to Inkthreadable',
          completedWithout: true,
          ink,
          items: ITEMS.map((i) => (i.disposition === 'unlinked' ? { ...i, disposition: 'excluded' as const } : i)),
        }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    buttonIn(panel(), 'Complete without unlinked items').click();
    await vi.waitFor(() => expect(panel().querySelector('h2')!.textContent).toBe('View order'));
    expect(bg.of('completeWithout')).toEqual([{ type: 'completeWithout', orderId: 'MOTH-100234' }]);
    expect(panel().textContent).toContain('INK-5001');
    expect(panel().querySelector('a')!.textContent).toBe('Pay in Inkthreadable');
    expect(markName(itemHost('li-1')!)).toBe('Not sent: completed without it');
  });

  it('Send by keyboard: once sent the button is gone and the focus is on the panel heading, not the top of the page', async () => {
    let finish: () => void = () => undefined;
    const ink = {
      id: 'INK-5002',
      status: 'received',
      trackingNumber: '',
      shippedAt: '',
      shippingMethod: 'regular',
      createdAt: '',
      deleted: false,
    };
    fakeBackground({
      getOrder: () => view({ state: 'ready', label: 'Ready to send', toLink: 0, needsAction: true }),
      pageVisit: () => null,
      send: () =>
        new Promise((resolve) => {
          finish = () =>
            resolve(view({ state: 'sent', label: 'Sent to Inkthreadable', toLink: 0, needsAction: false, ink }));
        }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    const send = buttonIn(panel(), 'Send to Inkthreadable');
    send.focus();
    expect(panel().activeElement).toBe(send);
    send.click();
    // While it is being sent, the focus stays on the same button (now saying so).
    await vi.waitFor(() => expect(send.textContent).toBe('Sending…'));
    expect(panel().activeElement).toBe(send);
    finish();
    await vi.waitFor(() => expect(panel().querySelector('h2')!.textContent).toBe('View order'));
    expect(panel().querySelector('[role="status"]')!.textContent).toBe('Sent to Inkthreadable as order INK-5002.');
    expect(panel().activeElement).toBe(panel().querySelector('h2'));
  });

  it('Send to Inkthreadable when ready; a refusal shows in words', async () => {
    const bg = fakeBackground({
      getOrder: () => view({ state: 'ready', label: 'Ready to send', toLink: 0, needsAction: true }),
      pageVisit: () => null,
      send: () => {
        throw new Error('Inkthreadable refused the order: unknown product code JH001-XXX.');
      },
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    buttonIn(panel(), 'Send to Inkthreadable').click();
    await vi.waitFor(() => expect(panel().querySelector('[role="alert"]')).not.toBeNull());
    expect(panel().querySelector('[role="alert"]')!.textContent).toBe(
      'Inkthreadable refused the order: unknown product code JH001-XXX.',
    );
    expect(bg.of('send')).toEqual([{ type: 'send', orderId: 'MOTH-100234' }]);
    expect(buttonIn(panel(), 'Send to Inkthreadable')).toBeDefined();
  });

  it('the shipping method changes through setOrderShipping', async () => {
    const bg = fakeBackground({
      getOrder: () => view(),
      pageVisit: () => null,
      setOrderShipping: (req: { method: 'courier' }) => view({ shipping: { method: req.method, source: 'order' } }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    const select = panel().querySelector('select')!;
    expect(panel().querySelector(`label[for="${select.id}"]`)!.textContent!.trim()).toBe('Shipping method');
    select.value = 'courier';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() =>
      expect(panel().querySelector('[role="status"]')!.textContent).toBe('Shipping method set to Courier.'),
    );
    expect(bg.of('setOrderShipping')).toEqual([
      { type: 'setOrderShipping', orderId: 'MOTH-100234', method: 'courier' },
    ]);
    expect(panel().querySelector('select')!.value).toBe('courier');
  });

  it('updates in place when the background says the order changed', async () => {
    let state: OrderView = view();
    const bg = fakeBackground({ getOrder: () => state, pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const { hub } = start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    const host = itemHost('li-4')!;
    state = view({
      items: ITEMS.map((i) => (i.id === 'li-4' ? info('li-4', HOSTILE, '', 1, 'never') : i)),
      label: '1 of 4 items to link',
    });
    hub.emit(['MOTH-999999']);
    await settle();
    expect(bg.of('getOrder')).toHaveLength(1);
    hub.emit(['MOTH-100234']);
    await vi.waitFor(() => expect(markName(host)).toBe('Never fulfilled by Inkthreadable'));
    expect(itemHost('li-4')).toBe(host);
    expect(panel().textContent).toContain('1 of 4 items to link');
    hub.emit(null);
    await vi.waitFor(() => expect(bg.of('getOrder')).toHaveLength(3));
  });

  it('an order not synced yet: says so, "Check Big Cartel now" syncs and shows it', async () => {
    let known = false;
    const bg = fakeBackground({
      getOrder: () => (known ? view() : null),
      pageVisit: () => null,
      syncNow: () => {
        known = true;
        return { bigcartel: { state: 'ok', message: '' } };
      },
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    expect(panel().textContent).toContain('MOTH-100234 is not in the extension yet');
    expect(hostsOf('item')).toHaveLength(0);
    buttonIn(panel(), 'Check Big Cartel now').click();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(bg.of('syncNow')).toHaveLength(1);
    expect(panel().querySelector('h2')!.textContent).toBe('Review draft order');
  });

  it('the extension not answering: the panel says what to do, and "Try again" recovers', async () => {
    let fail = true;
    fakeBackground({
      getOrder: () => {
        if (fail) throw new Error('The extension did not answer. Try again.');
        return view();
      },
      pageVisit: () => null,
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    expect(panel().querySelector('[role="alert"]')!.textContent).toBe('The extension did not answer. Try again.');
    fail = false;
    buttonIn(panel(), 'Try again').click();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(logged).toEqual([]);
  });

  it('finds the order by a known order number in the page when the URL holds none', async () => {
    const bg = fakeBackground({
      getOrder: (req: { orderId: string }) => (req.orderId === 'MOTH-100234' ? view() : null),
      getOrderChips: (req: { orderIds: string[] }) =>
        req.orderIds.filter((id) => id === 'MOTH-100234').map((id) => ({ id, state: 'needs-linking', toLink: 2 })),
      pageVisit: () => null,
    });
    loadPage(adminPage(ITEMS));
    start(`${ORIGIN}/orders/88412345`);
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(bg.of('getOrder').map((c) => c.orderId)).toEqual(['88412345', 'MOTH-100234']);
    expect(bg.of('getOrderChips')[0].orderIds).toContain('MOTH-100234');
  });
});

describe('order page: scale and failures', () => {
  it('200 items: every one gets its mark in the one synchronous pass after the reply', async () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      info(
        `li-${i}`,
        `Moth Design ${i}`,
        i % 2 ? 'Black / M' : 'White / L',
        1 + (i % 3),
        i % 3 ? 'unlinked' : 'linked',
        'JH001-JBK-M',
      ),
    );
    const bg = fakeBackground({
      getOrder: () => view({ items: many, label: '133 of 200 items to link' }),
      pageVisit: () => null,
    });
    loadPage(adminPage(many));
    start();
    await vi.waitFor(() => expect(performance.getEntriesByName(MARKS_DONE)).toHaveLength(1), { timeout: 10_000 });
    expect(hostsOf('item')).toHaveLength(200);
    expect((performance.getEntriesByName(MARKS_DONE)[0] as PerformanceMark).detail).toMatchObject({
      placed: 200,
      unplaced: 0,
    });
    expect(markName(itemHost('li-0')!)).toBe('Linked to Inkthreadable');
    expect(markName(itemHost('li-199')!)).toBe('Not linked');
    expect(bg.of('getOrder')).toHaveLength(1);
  });

  it('an internal failure is logged once, the overlay removes itself and the page is left as it was', async () => {
    fakeBackground({ getOrder: () => ({ ...view(), items: null }), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const before = document.body.innerHTML;
    start();
    await vi.waitFor(() => expect(logged).toHaveLength(1));
    expect(String(logged[0]![0])).toContain('"order-page"');
    expect(document.querySelectorAll('[data-ink-overlay]')).toHaveLength(0);
    expect(document.body.innerHTML).toBe(before);
    expect(runner!.active()).toEqual([]);
  });
});

describe('order page: navigation and clean-up', () => {
  it("follows in-app navigation (history.pushState) through WXT's wxt:locationchange", async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const ctx = new ContentScriptContext('bigcartel');
    startOverlay(ctx);
    history.pushState({}, '', '/orders/MOTH-100234');
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4), { timeout: 5_000 });
    history.pushState({}, '', '/products');
    await vi.waitFor(() => expect(document.querySelectorAll('[data-ink-overlay]')).toHaveLength(0), { timeout: 5_000 });
    ctx.notifyInvalidated();
    expect(bg.of('getOrder')).toHaveLength(1);
  });

  it('a navigation that leaves the page where it is (a download) leaves the overlay in place', async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const was = location.href;
    history.replaceState({}, '', '/orders/MOTH-100234');
    onTestFinished(() => history.replaceState({}, '', was));
    const ctx = new ContentScriptContext('bigcartel');
    const listen = ctx.addEventListener.bind(ctx);
    let announce: ((e: { newUrl: URL; oldUrl: URL }) => void) | null = null;
    vi.spyOn(ctx, 'addEventListener').mockImplementation(((
      target: never,
      type: string,
      handler: never,
      options: never,
    ) => {
      if (type === 'wxt:locationchange') announce = handler;
      return listen(target, type as never, handler, options);
    }) as never);
    startOverlay(ctx);
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    // As WXT announces a download's navigate event: to a blob: URL, the page staying put.
    expect(announce).not.toBeNull();
    announce!({ newUrl: new URL('blob:https://my.bigcartel.com/5d3f'), oldUrl: new URL(location.href) });
    await settle();
    await new Promise((r) => setTimeout(r, 20));
    expect(hostsOf('item')).toHaveLength(4);
    expect(panel()).not.toBeNull();
    ctx.notifyInvalidated();
    expect(bg.of('getOrder')).toHaveLength(1);
  });

  it('tears down on navigation to another page and sets up the next order', async () => {
    fakeBackground({
      getOrder: (req: { orderId: string }) =>
        req.orderId === 'MOTH-100234'
          ? view()
          : view({ id: 'MOTH-100235', items: [ITEMS[1]!], label: 'Ready to send', state: 'ready', toLink: 0 }),
      pageVisit: () => null,
    });
    loadPage(adminPage(ITEMS));
    const { runner } = start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    runner.navigate(new URL(`${ORIGIN}/products`));
    expect(document.querySelectorAll('[data-ink-overlay]')).toHaveLength(0);
    loadPage(adminPage([ITEMS[1]!], 'table', 'MOTH-100235'));
    runner.navigate(new URL(`${ORIGIN}/orders/MOTH-100235`));
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(1));
    expect(panel().textContent).toContain('Ready to send');
  });

  it('the content script: invalidation (extension reloaded or removed) removes everything and stops listening', async () => {
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const ctx = new ContentScriptContext('bigcartel');
    const r = startOverlay(ctx);
    r.navigate(new URL(ORDER_URL));
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'ink:changed', orderIds: ['MOTH-100234'] } as never,
      {} as never,
      (() => undefined) as never,
    );
    await vi.waitFor(() => expect(bg.of('getOrder')).toHaveLength(2));
    ctx.notifyInvalidated();
    expect(document.querySelectorAll('[data-ink-overlay]')).toHaveLength(0);
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'ink:changed', orderIds: null } as never,
      {} as never,
      (() => undefined) as never,
    );
    await settle();
    expect(bg.of('getOrder')).toHaveLength(2);
    expect(performance.getEntriesByName('ink:overlay:start').length).toBeGreaterThan(0);
  });
});
