/**
 * The order page's first draw from the worker's copy of its view in storage.session
 * (lib/content/first-draw.ts): drawn without a message when it is there, asked of the worker when
 * it is not, followed while the page is open; of two views, the one the worker read later is
 * drawn, whichever way it came (no step back to an older state).
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ItemInfo, OrderView } from '@/lib/protocol';
import { encodeView, viewKey } from '@/lib/first-draw';
import { MARKS_DONE } from '@/lib/content/order-page';
import {
  fakeBackground,
  ITEMS,
  view,
  adminPage,
  loadPage,
  start,
  hostsOf,
  itemHost,
  markName,
  panel,
  settle,
  useOverlayPage,
} from './helpers/overlay-page';

useOverlayPage();

const KEY = viewKey('MOTH-100234');
/** Every item linked: the order ready. */
const linked: ItemInfo[] = ITEMS.map((i) => ({
  ...i,
  disposition: 'linked',
  link: { key: `k-${i.id}`, pn: 'GD001-BLK-S', designs: {}, mockups: {}, neverFulfil: false, optionId: null },
}));
const ready = (at: number): OrderView => view({ state: 'ready', label: 'Ready to send', toLink: 0, items: linked, at });

const marks = () => ITEMS.map((i) => markName(itemHost(i.id)!));

describe('order page: the first draw from storage.session', () => {
  it('draws the stored view with no message to the worker, then follows the views written later', async () => {
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(view({ at: 100 })) });
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(marks()).toEqual([
      'Not linked',
      'Linked to Inkthreadable',
      'Never fulfilled by Inkthreadable',
      'Not linked',
    ]);
    expect(performance.getEntriesByName(MARKS_DONE)).toHaveLength(1);
    expect(bg.of('getOrder')).toEqual([]);

    // The worker writes the order's next view: the page follows.
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(ready(200)) });
    await vi.waitFor(() => expect(marks().every((m) => m === 'Linked to Inkthreadable')).toBe(true));
    // A view read before the one shown never takes its place.
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(view({ at: 150 })) });
    await settle();
    expect(marks().every((m) => m === 'Linked to Inkthreadable')).toBe(true);
    expect(bg.of('getOrder')).toEqual([]);
  });

  it('asks the worker when the order has no stored view; a view written later still updates the page', async () => {
    const bg = fakeBackground({ getOrder: () => view({ at: 100 }), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(bg.of('getOrder')).toEqual([{ type: 'getOrder', orderId: 'MOTH-100234' }]);
    expect(marks()[0]).toBe('Not linked');
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(ready(200)) });
    await vi.waitFor(() => expect(marks()[0]).toBe('Linked to Inkthreadable'));
  });

  it('a newer answer of the worker wins over the stored view, and an older one does not', async () => {
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(view({ at: 100 })) });
    let answer = ready(200);
    fakeBackground({ getOrder: () => answer, pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    const { hub } = start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(marks()[0]).toBe('Not linked');

    // The worker says the order changed: its answer, read later, is drawn.
    hub.emit(['MOTH-100234']);
    await vi.waitFor(() => expect(marks()[0]).toBe('Linked to Inkthreadable'));
    // The stored view, written before that answer was read, arrives late: not drawn.
    await fakeBrowser.storage.session.set({ [KEY]: encodeView(view({ at: 150, label: 'stale' })) });
    await settle();
    expect(marks()[0]).toBe('Linked to Inkthreadable');
    // An answer read before the view shown is not drawn either.
    answer = view({ at: 120 });
    hub.emit(['MOTH-100234']);
    await settle();
    expect(marks()[0]).toBe('Linked to Inkthreadable');
    expect(panel().textContent).toContain('Ready to send');
  });

  it('a page that cannot read storage.session (Firefox) asks the worker, as before', async () => {
    const get = vi
      .spyOn(fakeBrowser.storage.session, 'get')
      .mockRejectedValue(new Error('Access to storage is not allowed from this context.'));
    const bg = fakeBackground({ getOrder: () => view(), pageVisit: () => null });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('item')).toHaveLength(4));
    expect(get).toHaveBeenCalled();
    expect(bg.of('getOrder')).toHaveLength(1);
  });
});
