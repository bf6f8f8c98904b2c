/**
 * The Products view (options page) and the popup's link-health line, driven the way the merchant
 * uses them; the background is a runtime.onMessage listener with canned replies.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatalogueView, filterCatalogue } from '@/components/options/CatalogueView';
import { CatalogueHint, LinkHealth } from '@/components/popup/LinkHealth';
import type { CatalogueOption, CatalogueProduct, CatalogueView as View } from '@/lib/views';
import type { Request } from '@/lib/protocol';
import { fakeBackground } from './helpers/dom';

// The worker answers with the stored records and the page builds the view from them
// (lib/catalogue-view.ts, tested in catalogue.test.ts); here the canned answers are views already.
vi.mock('@/lib/catalogue-view', () => ({ buildCatalogueView: (view: unknown) => view }));

function option(id: string | null, name: string, over: Partial<CatalogueOption> = {}): CatalogueOption {
  return {
    id,
    name,
    disposition: 'unlinked',
    via: null,
    link: null,
    deleted: false,
    issue: null,
    sold30: 0,
    sold90: 0,
    ...over,
  };
}
const linkOf = (pid: string, oid: string | null, pn: string) => ({
  key: `${pid}|${oid ?? '*'}`,
  pn,
  designs: { front: 'https://cdn.example/f.png' },
  mockups: {},
  neverFulfil: false,
  optionId: oid,
});

const HOODIE: CatalogueProduct = {
  id: '1',
  name: 'Moth Hoodie',
  status: 'active',
  imageUrl: null,
  deleted: false,
  notice: '',
  options: [
    option('11', 'Black / M', { sold30: 2, sold90: 3 }),
    option('12', 'Black / L', { sold90: 7 }),
    option('13', 'Black / XL'),
    option('14', 'Grey / L', {
      disposition: 'unlinked',
      via: null,
      link: linkOf('1', '14', 'JH001-GRY-L'),
      issue: {
        key: '1|14',
        kind: 'option-renamed',
        currentName: 'Grey / L',
        message: 'Renamed: the link was made for “Grey / Large”, and Big Cartel now calls this option “Grey / L”.',
      },
    }),
  ],
};
const POSTER: CatalogueProduct = {
  id: '2',
  name: 'Night Poster',
  status: 'active',
  imageUrl: 'https://images.example/p.jpg',
  deleted: false,
  notice: '',
  options: [
    option('21', 'A3', { disposition: 'linked', via: 'option', link: linkOf('2', '21', 'PST-A3') }),
    option('22', 'A2', { disposition: 'never', via: 'option', link: { ...linkOf('2', '22', ''), neverFulfil: true } }),
  ],
};

function catalogue(over: Partial<View> = {}): View {
  return {
    meta: {
      refreshedAt: '2026-11-20T11:59:00.000Z',
      attemptAt: '2026-11-20T11:59:00.000Z',
      running: false,
      complete: true,
      count: 2,
      message: '',
    },
    products: [HOODIE, POSTER],
    needingAttention: 1,
    toLink: [
      { productId: '1', optionId: '12', productName: 'Moth Hoodie', optionName: 'Black / L', sold90: 7 },
      { productId: '1', optionId: '11', productName: 'Moth Hoodie', optionName: 'Black / M', sold90: 3 },
    ],
    ...over,
  };
}

let container: HTMLElement | null = null;
function mount(vnode: preact.ComponentChild): HTMLElement {
  container = document.createElement('div');
  document.body.appendChild(container);
  render(vnode, container);
  return container;
}
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = null;
  for (const n of document.querySelectorAll('[data-ink-overlay]')) n.remove();
});

const button = (root: ParentNode, name: string) => {
  const found = Array.from(root.querySelectorAll('button')).filter(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name,
  );
  if (found.length !== 1) throw new Error(`expected one button "${name}", found ${found.length}`);
  return found[0]!;
};
const rowsOf = (root: ParentNode) =>
  Array.from(root.querySelectorAll('ul[aria-label="Products"] tbody tr')).map((r) =>
    r.querySelector('td')!.textContent!.trim(),
  );
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

describe('Products view', () => {
  it('filters by words and by link state', () => {
    const all = [HOODIE, POSTER];
    expect(filterCatalogue(all, '', 'unlinked').map((p) => [p.id, p.options.map((o) => o.name)])).toEqual([
      ['1', ['Black / M', 'Black / L', 'Black / XL', 'Grey / L']],
    ]);
    expect(filterCatalogue(all, '', 'sold30').flatMap((p) => p.options.map((o) => o.name))).toEqual(['Black / M']);
    expect(filterCatalogue(all, '', 'attention').flatMap((p) => p.options.map((o) => o.name))).toEqual(['Grey / L']);
    expect(filterCatalogue(all, 'pst-a3', 'all').flatMap((p) => p.options.map((o) => o.name))).toEqual(['A3']);
    expect(filterCatalogue(all, 'hoodie xl', 'all').flatMap((p) => p.options.map((o) => o.name))).toEqual([
      'Black / XL',
    ]);
    expect(filterCatalogue(all, 'nothing-like-this', 'all')).toEqual([]);
  });

  it('shows every product with its options, the link states, what needs attention and what sold unlinked', async () => {
    const calls = fakeBackground({ getCatalogue: () => catalogue(), refreshCatalogue: () => catalogue() });
    const root = mount(<CatalogueView clock={() => new Date('2026-11-20T12:00:00.000Z')} />);
    await vi.waitFor(() => expect(rowsOf(root)).toHaveLength(6));
    // Opening the view asks for a refresh (the background decides whether it is due).
    expect(calls.map((c) => c.type)).toEqual(['getCatalogue', 'refreshCatalogue']);
    expect(calls[1]).toEqual({ type: 'refreshCatalogue', force: false });
    const poster = root.querySelector('li[aria-labelledby="product-2"]')!;
    const cells = Array.from(poster.querySelectorAll('tbody tr')).map((r) =>
      Array.from(r.querySelectorAll('td')).map(text),
    );
    expect(cells).toEqual([
      ['A3', 'Linked PST-A3', '0', 'Edit link'],
      ['A2', 'Never fulfil', '0', 'Edit link'],
    ]);
    const firstRun = root.querySelector('section[aria-labelledby="first-run-heading"]')!;
    expect(text(firstRun)).toContain('2 options sold in the last 90 days are not linked');
    expect(Array.from(firstRun.querySelectorAll('li')).map(text)).toEqual([
      'Moth Hoodie / Black / L (7 sold) Link',
      'Moth Hoodie / Black / M (3 sold) Link',
    ]);
    const attention = root.querySelector('[aria-label="Links needing attention"]')!;
    expect(text(attention)).toContain('1 link needs attention');
    button(attention, 'Show them').click();
    await vi.waitFor(() => expect(rowsOf(root)).toEqual(['Grey / L']));
    expect(text(root.querySelector('ul[aria-label="Products"]')!)).toContain(
      'Renamed: the link was made for “Grey / Large”, and Big Cartel now calls this option “Grey / L”.',
    );
  });

  it('keeps a renamed option’s link for its new name', async () => {
    const calls = fakeBackground({
      getCatalogue: () => catalogue(),
      refreshCatalogue: () => catalogue(),
      saveLink: () => ({ link: {}, completes: 1 }),
    });
    const root = mount(<CatalogueView />);
    await vi.waitFor(() => expect(rowsOf(root)).toHaveLength(6));
    button(root, 'Keep link for Moth Hoodie / Grey / L').click();
    await vi.waitFor(() => expect(calls.some((c) => c.type === 'saveLink')).toBe(true));
    expect((calls.find((c) => c.type === 'saveLink') as Extract<Request, { type: 'saveLink' }>).link).toEqual({
      productId: '1',
      optionId: '14',
      productName: 'Moth Hoodie',
      optionName: 'Grey / L',
      pn: 'JH001-GRY-L',
      designs: { front: 'https://cdn.example/f.png' },
      mockups: {},
      neverFulfil: false,
    });
    await vi.waitFor(() => expect(root.textContent).toContain('The link now applies to Moth Hoodie / Grey / L.'));
  });

  it('links from the view with the order page dialog, the other sizes offered with the size swapped', async () => {
    const calls = fakeBackground({
      getCatalogue: () => catalogue(),
      refreshCatalogue: () => catalogue(),
      getProductOptions: () => HOODIE.options.map((o) => ({ id: o.id!, name: o.name })),
      saveLinks: (req) => ({ saved: req.links.length, completes: 0 }),
    });
    const root = mount(<CatalogueView />);
    await vi.waitFor(() => expect(rowsOf(root)).toHaveLength(6));
    const opener = button(root.querySelector('ul[aria-label="Products"]')!, 'Link Moth Hoodie / Black / L');
    opener.click();
    const dlg = document.querySelector<HTMLElement>('[data-ink-overlay="dialog"]')!.shadowRoot!;
    expect(dlg.querySelector('[role="dialog"] h2')!.textContent).toBe('Link Moth Hoodie / Black / L');
    const input = (id: string) => dlg.getElementById(id) as HTMLInputElement;
    input('ink-pn').value = 'JH001-JBK-L';
    input('ink-pn').dispatchEvent(new Event('input', { bubbles: true }));
    input('ink-front').value = 'https://cdn.example/front.png';
    input('ink-front').dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(dlg.querySelectorAll('fieldset input[type="checkbox"]')).toHaveLength(2));
    const boxes = Array.from(dlg.querySelectorAll<HTMLInputElement>('fieldset input[type="checkbox"]'));
    expect(boxes.map((b) => b.parentElement!.textContent)).toEqual([
      'Black / M as JH001-JBK-M',
      'Black / XL as JH001-JBK-XL',
    ]);
    for (const b of boxes) b.click();
    dlg.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-ink-overlay="dialog"]')).toBeNull());
    const saved = calls.find((c) => c.type === 'saveLinks') as Extract<Request, { type: 'saveLinks' }>;
    expect(saved.links.map((l) => `${l.optionId}=${l.pn}`)).toEqual([
      '12=JH001-JBK-L',
      '11=JH001-JBK-M',
      '13=JH001-JBK-XL',
    ]);
    await vi.waitFor(() =>
      expect(root.textContent).toContain('3 links saved (Moth Hoodie / Black / L and its other sizes).'),
    );
    expect(document.activeElement).toBe(opener);
  });

  it('links every option of a product with the same designs ("Only this option" off)', async () => {
    const calls = fakeBackground({
      getCatalogue: () => catalogue(),
      refreshCatalogue: () => catalogue(),
      getProductOptions: () => HOODIE.options.map((o) => ({ id: o.id!, name: o.name })),
      saveLink: () => ({ link: {}, completes: 2 }),
    });
    const root = mount(<CatalogueView />);
    await vi.waitFor(() => expect(rowsOf(root)).toHaveLength(6));
    button(root.querySelector('ul[aria-label="Products"]')!, 'Link Moth Hoodie / Black / XL').click();
    const dlg = document.querySelector<HTMLElement>('[data-ink-overlay="dialog"]')!.shadowRoot!;
    const input = (id: string) => dlg.getElementById(id) as HTMLInputElement;
    input('ink-pn').value = 'JH001-JBK';
    input('ink-pn').dispatchEvent(new Event('input', { bubbles: true }));
    input('ink-front').value = 'https://cdn.example/front.png';
    input('ink-front').dispatchEvent(new Event('input', { bubbles: true }));
    const only = Array.from(dlg.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find(
      (b) => b.parentElement!.textContent === 'Only this option',
    )!;
    expect(only.checked).toBe(true);
    only.click();
    await vi.waitFor(() =>
      expect(dlg.textContent).toContain('Applies to every option of Moth Hoodie without a link of its own.'),
    );
    dlg.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.type === 'saveLink')).toBe(true));
    expect((calls.find((c) => c.type === 'saveLink') as Extract<Request, { type: 'saveLink' }>).link).toMatchObject({
      productId: '1',
      optionId: null,
      optionName: '',
      pn: 'JH001-JBK',
      designs: { front: 'https://cdn.example/front.png' },
    });
    await vi.waitFor(() =>
      expect(root.textContent).toContain('Link saved for Moth Hoodie / Black / XL. 2 waiting orders can now be sent.'),
    );
  });

  it('says when the product list could not be read', async () => {
    const failed = catalogue({
      meta: {
        ...catalogue().meta,
        message: 'The product list could not be read: Big Cartel is having trouble (HTTP 503); try again later',
      },
    });
    fakeBackground({ getCatalogue: () => failed, refreshCatalogue: () => failed });
    const root = mount(<CatalogueView />);
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('HTTP 503'));
  });
});

describe('popup link health', () => {
  it('counts the links needing attention, and says nothing when there are none', () => {
    const root = mount(<LinkHealth count={2} />);
    expect(root.querySelector('[aria-label="Link health"]')!.textContent).toContain('2 links need attention');
    render(<LinkHealth count={1} />, root);
    expect(root.textContent).toContain('1 link needs attention');
    render(<LinkHealth count={0} />, root);
    expect(root.querySelector('[aria-label="Link health"]')).toBeNull();
  });

  it('points at the catalogue while options that sell are not linked', () => {
    const root = mount(<CatalogueHint count={15} />);
    const hint = root.querySelector('[aria-label="Link your catalogue"]')!;
    expect(hint.textContent).toBe(
      '15 options sold in the last 90 days are not linked: link them before the next order.Link your catalogue',
    );
    render(<CatalogueHint count={1} />, root);
    expect(root.textContent).toContain(
      '1 option sold in the last 90 days is not linked: link it before the next order.',
    );
    render(<CatalogueHint count={0} />, root);
    expect(root.textContent).toBe('');
  });
});
