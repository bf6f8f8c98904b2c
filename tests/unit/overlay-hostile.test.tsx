/**
 * The overlay on hostile admin pages: names holding markup and script, look-alike names, a huge
 * order, and items the page removes and adds back (or replaces) while the overlay renders. Every
 * item ends with exactly one mark (or in the panel's list), nothing we draw runs page markup.
 * Same stand-in background and page helpers as the order-page tests (tests/unit/helpers/overlay-page.tsx).
 */
import { describe, expect, it, vi } from 'vitest';
import type { ItemInfo } from '@/lib/protocol';
import {
  HOSTILE,
  fakeBackground,
  info,
  ITEMS,
  view,
  adminPage,
  loadPage,
  logged,
  start,
  hostsOf,
  itemHost,
  markName,
  panel,
  ourShadowRoots,
  settle,
  useOverlayPage,
} from './helpers/overlay-page';

useOverlayPage();

// ---- tests ---------------------------------------------------------------------------------------

const SCRIPTY = '<script>window.__pwned = 1</script>Moth Tee';
const LOOKALIKES: ItemInfo[] = [
  info('la-1', 'Moth Tee', 'Black / M', 1, 'unlinked'),
  info('la-2', 'Moth Tee Deluxe', 'Black / M', 1, 'linked', 'JH-DLX'),
  info('la-3', 'Moth  tee', 'Black / L', 2, 'never'),
  info('la-4', 'Moth Tee', 'Black / M', 3, 'linked', 'JH-TEE'),
];

/** Each item has exactly one mark on the page or one line in the panel's list, never both, never two. */
function everyItemOnce(items: ItemInfo[]): void {
  for (const it of items) {
    const marks = hostsOf('item').filter((h) => h.shadowRoot?.querySelector(`[data-ink-item="${it.id}"]`));
    const listed = hostsOf('panel')[0]?.shadowRoot?.querySelectorAll(`li[data-ink-item="${it.id}"]`).length ?? 0;
    expect(marks.length + listed, it.id).toBe(1);
  }
}

describe('hostile admin pages', () => {
  it('names holding markup and script are shown as text, nothing of them runs or becomes an element', async () => {
    const items = [
      info('h-1', HOSTILE, '<b>bold</b>', 1, 'unlinked'),
      info('h-2', SCRIPTY, '', 2, 'linked', 'JH-1'),
      info('h-3', '"><svg onload=alert(1)>', '', 1, 'unlinked'),
    ];
    fakeBackground({ getOrder: () => view({ items, toLink: 2 }), pageVisit: () => null });
    loadPage(adminPage(items));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    await settle();
    everyItemOnce(items);
    for (const root of ourShadowRoots()) {
      expect(root.querySelector('img, script, svg[onload], b')).toBeNull();
      expect(root.innerHTML).not.toContain('<img src=x');
    }
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('look-alike names (a longer name, spacing and case, the same name twice): each item gets its own mark', async () => {
    fakeBackground({ getOrder: () => view({ items: LOOKALIKES }), pageVisit: () => null });
    loadPage(adminPage(LOOKALIKES));
    start();
    await vi.waitFor(() =>
      expect(
        hostsOf('item').length + (hostsOf('panel')[0]?.shadowRoot?.querySelectorAll('li[data-ink-item]').length ?? 0),
      ).toBeGreaterThanOrEqual(4),
    );
    await settle();
    everyItemOnce(LOOKALIKES);
    // The deluxe tee's mark is the deluxe tee's (linked), not the plain tee's.
    const deluxe = itemHost('la-2');
    if (deluxe) expect(markName(deluxe)).toBe('Linked to Inkthreadable');
  });

  it('a huge order (300 items) on a page with 5 000 other rows: every item once', { timeout: 60_000 }, async () => {
    const items = Array.from({ length: 300 }, (_, i) =>
      info(
        `big-${i}`,
        `Product number ${i}`,
        `Size ${i % 9}`,
        1 + (i % 4),
        i % 3 ? 'linked' : 'unlinked',
        i % 3 ? `PN-${i}` : '',
      ),
    );
    fakeBackground({ getOrder: () => view({ items }), pageVisit: () => null });
    loadPage(adminPage(items));
    const noise = document.createElement('section');
    for (let i = 0; i < 5000; i++) {
      const p = document.createElement('p');
      p.textContent = `Activity ${i}: stock changed for Other thing ${i}`;
      noise.append(p);
    }
    document.body.append(noise);
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(300), { timeout: 50_000 });
    everyItemOnce(items);
  });

  it('items removed and added back by the page while the overlay renders: one mark each, none left on removed rows', async () => {
    let answer!: () => void;
    const replied = new Promise<void>((r) => (answer = r));
    fakeBackground({
      getOrder: async () => {
        await replied;
        return view();
      },
      pageVisit: () => null,
    });
    loadPage(adminPage(ITEMS));
    start();
    const tbody = document.querySelector('table tbody')!;
    const rows = Array.from(tbody.children);
    // The page takes rows away while the overlay waits for its answer...
    rows[1]!.remove();
    rows[3]!.remove();
    answer();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    await settle();
    everyItemOnce(ITEMS);
    // ...then puts them back, re-renders one as a new element, and removes another for good.
    tbody.append(rows[1]!, rows[3]!);
    const copy = rows[0]!.cloneNode(true) as Element;
    for (const h of hostsOf('item', copy)) h.remove();
    rows[0]!.replaceWith(copy);
    for (let i = 0; i < 3; i++) {
      rows[2]!.remove();
      await Promise.resolve();
      tbody.append(rows[2]!);
      await Promise.resolve();
    }
    await settle();
    await vi.waitFor(() => everyItemOnce(ITEMS));
    // No mark was left behind on a row that is no longer in the page.
    for (const h of hostsOf('item')) expect(h.isConnected).toBe(true);
    expect(hostsOf('item', rows[0]!)).toHaveLength(0);
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
  });

  it('the page replaces every row many times in a burst: still one mark per item, no error', async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    const tbody = document.querySelector('table tbody')!;
    const fresh = () =>
      Array.from(new DOMParser().parseFromString(adminPage(ITEMS), 'text/html').querySelectorAll('table tbody tr')).map(
        (r) => document.importNode(r, true),
      );
    for (let i = 0; i < 25; i++) {
      tbody.replaceChildren(...fresh());
      if (i % 5 === 0) await Promise.resolve();
    }
    await settle();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    everyItemOnce(ITEMS);
    expect(logged).toEqual([]);
  });
});

describe('what the panel says about a sent order', () => {
  it('an order Inkthreadable holds twice says so on the order page', async () => {
    const warning =
      'Inkthreadable holds this order twice (871301 and 871302): another browser sent it at the same moment. Cancel one in Inkthreadable.';
    const items = ITEMS.map((i) => ({
      ...i,
      disposition: 'linked' as const,
      link: i.link ?? {
        key: `${i.productId}|*`,
        pn: 'JH-1',
        designs: { front: 'https://cdn.example.com/f.png' },
        mockups: {},
        neverFulfil: false,
        optionId: null,
      },
    }));
    fakeBackground({
      getOrder: () =>
        view({
          items,
          state: 'sent',
          label: 'Sent to Inkthreadable',
          needsAction: false,
          toLink: 0,
          message: warning,
          ink: {
            id: '871301',
            status: 'received',
            trackingNumber: '',
            shippedAt: '',
            shippingMethod: 'regular',
            createdAt: '',
            deleted: false,
          },
        }),
      pageVisit: () => null,
    });
    loadPage(adminPage(items));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    await vi.waitFor(() => expect(panel().textContent).toContain(warning));
  });
});
