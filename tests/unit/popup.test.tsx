/**
 * The toolbar popup, driven the way the merchant uses it. The background is stood in for by a
 * runtime.onMessage listener with canned replies (the real transport of `call()`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup, PAGE_SIZE, RENDERED_MARK, readSnapshot, startEarlyLoad } from '@/components/popup/Popup';
import { SNAPSHOT_KEY, SNAPSHOT_VERSION, snapshotArea, type PopupSnapshot } from '@/lib/snapshot';
import { COUNTRY_CODES } from '@/components/shared/countries';
import { timeAgo } from '@/components/shared/format';
import type { OrderListEntry, SettingsView, StatusView } from '@/lib/protocol';
import { DEFAULT_SETTINGS } from '@/lib/worker/settings';
import {
  type Handlers,
  fakeBackground,
  never,
  textOf,
  accName,
  allByRole,
  getByRole,
  queryByRole,
  getByText,
  waitFor,
  tick,
  choose,
  mount,
  unmountAll,
} from './helpers/dom';

// ---------------------------------------------------------------- helpers (DOM + fake background)

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------- fixtures

const NOW = new Date('2026-11-27T12:00:00Z');
const clock = () => NOW;

function status(over: Partial<StatusView> = {}): StatusView {
  return {
    storeName: 'Moth Press',
    bigcartel: { state: 'ok', message: 'Connected to Moth Press' },
    inkthreadable: { state: 'ok', message: 'Connected' },
    lastSyncAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
    syncing: false,
    import: null,
    pending: 0,
    linksNeedingAttention: 0,
    adminOrigin: 'https://my.bigcartel.com',
    ...over,
  };
}

function settingsView(over: Partial<SettingsView['settings']> = {}): SettingsView {
  return {
    settings: { ...DEFAULT_SETTINGS, ...over },
    bigcartel: { kind: 'basic', subdomain: 'mothpress', passwordMasked: '••••1234' },
    inkthreadable: { appId: 'app-1', secretKeyMasked: '••••cret' },
  };
}

function entry(i: number, over: Partial<OrderListEntry> = {}): OrderListEntry {
  return {
    id: `MOTH-${100000 + i}`,
    customerName: `Customer ${i}`,
    createdAt: new Date(NOW.getTime() - i * 3_600_000).toISOString(),
    state: 'needs-linking',
    label: '2 of 3 items to link',
    toLink: 2,
    itemCount: 3,
    message: '',
    ink: null,
    ...over,
  };
}

/** A background holding `pending` orders needing action. */
function standardHandlers(pending: OrderListEntry[], over: Handlers = {}): Handlers {
  return {
    getStatus: () => status({ pending: pending.length }),
    listOrders: (req) =>
      req.view === 'needsAction'
        ? { total: pending.length, entries: pending.slice(req.offset, req.offset + req.limit) }
        : { total: 0, entries: [] },
    getSettings: () => settingsView(),
    ...over,
  };
}

beforeEach(() => {
  performance.clearMarks();
  fakeBrowser.runtime.openOptionsPage = vi.fn(async () => undefined) as never;
});

// ---------------------------------------------------------------- tests

describe('popup: loading, error and empty states', () => {
  it('shows a loading state while the background has not answered', async () => {
    fakeBackground({ getStatus: never, listOrders: never, getSettings: never });
    mount(<Popup clock={clock} />);
    await waitFor(() => getByRole('status', /Loading orders/));
    expect(queryByRole('list', 'Orders needing action')).toBeNull();
    expect(performance.getEntriesByName(RENDERED_MARK)).toHaveLength(0);
  });

  it('says what failed when the background does not answer, and recovers with "Try again"', async () => {
    let broken = true;
    const pending = [entry(1)];
    const ok = standardHandlers(pending);
    fakeBackground({
      getStatus: (r) => (broken ? Promise.reject(new Error('The database is locked.')) : ok.getStatus!(r)),
      listOrders: (r) => (broken ? Promise.reject(new Error('The database is locked.')) : ok.listOrders!(r)),
      getSettings: (r) => (broken ? Promise.reject(new Error('The database is locked.')) : ok.getSettings!(r)),
    });
    mount(<Popup clock={clock} />);
    const alert = await waitFor(() => getByRole('alert', /Could not load/));
    expect(textOf(alert)).toContain('The database is locked.');
    expect(textOf(alert)).toContain('orders');
    broken = false;
    getByRole('button', 'Try again').click();
    await waitFor(() => getByRole('list', 'Orders needing action'));
    expect(queryByRole('alert')).toBeNull();
  });

  it('asks the background before it is drawn, and uses those answers: each question once', async () => {
    const pending = Array.from({ length: 3 }, (_, i) => entry(i));
    const calls = fakeBackground(standardHandlers(pending));
    const early = startEarlyLoad();
    expect(calls.map((c) => c.type).sort()).toEqual(['getSettings', 'getStatus', 'listOrders', 'listOrders']);
    mount(<Popup clock={clock} early={early} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    expect(list.querySelectorAll('li')).toHaveLength(3);
    expect(performance.getEntriesByName(RENDERED_MARK)).toHaveLength(1);
    // Nothing asked twice on the way to the first render.
    expect(calls.map((c) => c.type).sort()).toEqual(['getSettings', 'getStatus', 'listOrders', 'listOrders']);
  });

  it("draws the worker's snapshot before any answer, then the answers replace it", async () => {
    const before = Array.from({ length: 60 }, (_, i) => entry(i));
    const snapshot: PopupSnapshot = {
      v: SNAPSHOT_VERSION,
      at: NOW.toISOString(),
      status: status({ pending: 60 }),
      needs: { total: 60, entries: before.slice(0, PAGE_SIZE) },
      recent: { total: 0, entries: [] },
      settings: settingsView(),
    };
    // Where the worker keeps it (storage.local where content scripts can be kept out of it, as here).
    await snapshotArea(fakeBrowser.storage)!.set({ [SNAPSHOT_KEY]: snapshot });
    // The worker has not answered yet.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const now = before.slice(1);
    fakeBackground(
      standardHandlers(now, {
        getStatus: async () => {
          await gate;
          return status({ pending: now.length });
        },
        listOrders: async (req) => {
          await gate;
          return req.view === 'needsAction'
            ? { total: now.length, entries: now.slice(req.offset, req.offset + req.limit) }
            : { total: 0, entries: [] };
        },
        getSettings: async () => {
          await gate;
          return settingsView();
        },
      }),
    );
    const early = startEarlyLoad();
    const snap = await readSnapshot();
    expect(snap).toEqual(snapshot);
    mount(<Popup clock={clock} early={early} snapshot={snap} />);
    const list = getByRole('list', 'Orders needing action');
    expect(allByRole('listitem', undefined, list)).toHaveLength(PAGE_SIZE);
    expect(textOf(getByRole('heading', /^Orders needing action/))).toBe('Orders needing action (60)');
    expect(getByText('MOTH-100000')).toBeTruthy();
    expect(performance.getEntriesByName(RENDERED_MARK)).toHaveLength(1);

    // MOTH-100000 was dealt with meanwhile: the worker's answer wins.
    release();
    await waitFor(() =>
      expect(textOf(getByRole('heading', /^Orders needing action/))).toBe('Orders needing action (59)'),
    );
    expect(() => getByText('MOTH-100000')).toThrow();
    expect(performance.getEntriesByName(RENDERED_MARK)).toHaveLength(1);
  });

  it('ignores a snapshot it cannot use (none, another version, malformed) and waits for the answers', async () => {
    expect(await readSnapshot()).toBeNull();
    for (const bad of [{ v: 99 }, 'text', { v: SNAPSHOT_VERSION, at: 'x', status: {}, needs: [], recent: null }]) {
      await snapshotArea(fakeBrowser.storage)!.set({ [SNAPSHOT_KEY]: bad });
      expect(await readSnapshot()).toBeNull();
    }
  });

  it('shows the empty state when nothing needs the merchant', async () => {
    fakeBackground(standardHandlers([]));
    mount(<Popup clock={clock} />);
    await waitFor(() => getByText('Nothing needs you: every order is linked and sent'));
    expect(queryByRole('list', 'Orders needing action')).toBeNull();
    expect(queryByRole('button', 'Show more')).toBeNull();
  });

  it('does not claim all is done when Big Cartel is not connected yet', async () => {
    fakeBackground({
      ...standardHandlers([]),
      getStatus: () =>
        status({
          storeName: '',
          bigcartel: { state: 'unconfigured', message: 'Connect your Big Cartel store in Settings.' },
        }),
    });
    mount(<Popup clock={clock} />);
    await waitFor(() => getByText(/once your Big Cartel store is connected/));
    expect(document.body.textContent).not.toContain('Nothing needs you');
  });
});

describe('popup: header and connections', () => {
  it('shows the store name and "Connected" for both services', async () => {
    fakeBackground(standardHandlers([]));
    mount(<Popup clock={clock} />);
    await waitFor(() => getByRole('heading', 'Moth Press'));
    const services = getByRole('list', 'Connections');
    expect(allByRole('listitem', undefined, services).map(textOf)).toEqual([
      'Big Cartel: Connected',
      'Inkthreadable: Connected',
    ]);
    // settings stay one click away, under the same name
    getByRole('button', 'Open settings').click();
    await waitFor(() => expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledTimes(1));
  });

  it('says what is wrong and offers "Open settings"', async () => {
    fakeBackground({
      ...standardHandlers([]),
      getStatus: () =>
        status({
          bigcartel: { state: 'auth', message: 'Big Cartel refused the store password.' },
          inkthreadable: { state: 'unconfigured', message: 'Connect your Inkthreadable account in Settings.' },
        }),
    });
    mount(<Popup clock={clock} />);
    const services = await waitFor(() => getByRole('list', 'Connections'));
    expect(textOf(services)).toContain('Big Cartel: Big Cartel refused the store password.');
    expect(textOf(services)).toContain('Inkthreadable: Connect your Inkthreadable account in Settings.');
    const fix = getByRole('button', 'Open settings');
    expect(textOf(fix)).toBe('Open settings');
    fix.click();
    await waitFor(() => expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledTimes(1));
  });
});

describe('popup: orders needing action', () => {
  it('fetches and renders only the first page of 2,000 orders, then marks the first render', async () => {
    const pending = Array.from({ length: 2000 }, (_, i) => entry(i));
    const calls = fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    expect(allByRole('listitem', undefined, list)).toHaveLength(PAGE_SIZE);
    const needsCalls = calls.filter((c) => c.type === 'listOrders' && c.view === 'needsAction');
    expect(needsCalls).toEqual([{ type: 'listOrders', view: 'needsAction', offset: 0, limit: 50 }]);
    expect(textOf(getByRole('heading', /^Orders needing action/))).toBe('Orders needing action (2,000)');
    expect(getByText('Showing 50 of 2,000')).toBeTruthy();
    await waitFor(() => expect(performance.getEntriesByName(RENDERED_MARK)).toHaveLength(1));
  });

  it('shows id, customer, date and what is missing, or the failure message', async () => {
    const pending = [
      entry(1),
      entry(2, {
        state: 'failed',
        label: 'Not sent: Inkthreadable refused it',
        message: 'Invalid postcode for United Kingdom',
      }),
    ];
    fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    const [first, second] = allByRole('listitem', undefined, list);
    expect(textOf(first!)).toContain('MOTH-100001');
    expect(textOf(first!)).toContain('Customer 1');
    expect(textOf(first!)).toContain('2 of 3 items to link');
    expect(first!.querySelector('time')?.getAttribute('datetime')).toBe(pending[0]!.createdAt);
    expect(textOf(second!)).toContain('Invalid postcode for United Kingdom');
    expect(textOf(second!)).not.toContain('Inkthreadable refused it');
  });

  it("an order held for the merchant (a possible copy by Inkthreadable's own integration, a duplicate) shows why", async () => {
    const pending = [
      entry(3, {
        state: 'ready',
        label: 'Ready to send',
        toLink: 0,
        message:
          'Inkthreadable may already have this order from its own Big Cartel integration: its order 860001 is for the same customer.',
      }),
      entry(4, {
        state: 'sent',
        label: 'Sent to Inkthreadable',
        toLink: 0,
        message: 'Inkthreadable holds this order twice (orders 871300 and 871301).',
      }),
    ];
    fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    const [held, twice] = allByRole('listitem', undefined, list);
    expect(textOf(held!)).toContain('Inkthreadable may already have this order from its own Big Cartel integration');
    expect(textOf(held!)).not.toContain('Ready to send');
    expect(textOf(twice!)).toContain('Inkthreadable holds this order twice (orders 871300 and 871301)');
  });

  it('opens the order in the Big Cartel admin in a new tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    fakeBackground({
      ...standardHandlers([entry(7)]),
      getStatus: () => status({ adminOrigin: 'https://app.bigcartel.com' }),
    });
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    const link = getByRole<HTMLAnchorElement>('link', /MOTH-100007/, list);
    expect(link.getAttribute('href')).toBe('https://app.bigcartel.com/orders/MOTH-100007');
    link.click();
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: 'https://app.bigcartel.com/orders/MOTH-100007' }));
  });

  it('"Show more" reads the next page and moves the focus to it', async () => {
    const pending = Array.from({ length: 120 }, (_, i) => entry(i));
    const calls = fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    getByRole('button', 'Show more').click();
    await waitFor(() => expect(allByRole('listitem', undefined, list)).toHaveLength(100));
    expect(calls).toContainEqual({ type: 'listOrders', view: 'needsAction', offset: 50, limit: 50 });
    await waitFor(() => expect(document.activeElement?.textContent).toContain('MOTH-100050'));
    getByRole('button', 'Show more').click();
    await waitFor(() => expect(allByRole('listitem', undefined, list)).toHaveLength(120));
    expect(queryByRole('button', 'Show more')).toBeNull();
  });

  it('refreshes when the background announces a change', async () => {
    const pending = [entry(1)];
    fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Orders needing action'));
    expect(allByRole('listitem', undefined, list)).toHaveLength(1);
    pending.push(entry(2), entry(3));
    await fakeBrowser.runtime.onMessage.trigger({ type: 'ink:changed', orderIds: null }, {}, () => undefined);
    await waitFor(() =>
      expect(allByRole('listitem', undefined, getByRole('list', 'Orders needing action'))).toHaveLength(3),
    );
    expect(textOf(getByRole('heading', /^Orders needing action/))).toBe('Orders needing action (3)');
  });

  it('keeps the pages already shown when refreshing', async () => {
    const pending = Array.from({ length: 80 }, (_, i) => entry(i));
    const calls = fakeBackground(standardHandlers(pending));
    mount(<Popup clock={clock} />);
    await waitFor(() => getByRole('list', 'Orders needing action'));
    getByRole('button', 'Show more').click();
    await waitFor(() =>
      expect(allByRole('listitem', undefined, getByRole('list', 'Orders needing action'))).toHaveLength(80),
    );
    calls.length = 0;
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'ink:changed', orderIds: ['MOTH-100001'] },
      {},
      () => undefined,
    );
    await waitFor(() =>
      expect(calls).toContainEqual({ type: 'listOrders', view: 'needsAction', offset: 0, limit: 100 }),
    );
    await tick();
    expect(allByRole('listitem', undefined, getByRole('list', 'Orders needing action'))).toHaveLength(80);
  });
});

describe('popup: sync', () => {
  it('shows when the last sync was', async () => {
    fakeBackground(standardHandlers([]));
    mount(<Popup clock={clock} />);
    await waitFor(() => getByText('Last synced 2 min ago'));
  });

  it('"Sync now" asks the background, shows progress with counts, then refreshes the list', async () => {
    let finish!: (s: StatusView) => void;
    const pending: OrderListEntry[] = [];
    let current = status();
    const calls = fakeBackground({
      ...standardHandlers(pending),
      getStatus: () => current,
      syncNow: () => new Promise<StatusView>((r) => (finish = r)),
    });
    mount(<Popup clock={clock} />);
    await waitFor(() => getByText('Nothing needs you: every order is linked and sent'));
    expect(queryByRole('progressbar')).toBeNull();

    getByRole('button', 'Sync now').click();
    await waitFor(() => expect(calls.some((c) => c.type === 'syncNow')).toBe(true));
    // the background reports the import's progress
    current = status({ syncing: true, import: { running: true, read: 120, total: 450 } });
    await fakeBrowser.runtime.onMessage.trigger({ type: 'ink:changed', orderIds: null }, {}, () => undefined);
    const bar = await waitFor(() => getByRole('progressbar', 'Importing orders: 120 of 450'));
    expect(bar.getAttribute('aria-valuenow')).toBe('120');
    expect(bar.getAttribute('aria-valuemax')).toBe('450');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(getByRole('button', 'Sync now').getAttribute('aria-disabled')).toBe('true');

    // a second click while running does not start another sync
    getByRole('button', 'Sync now').click();
    await tick();
    expect(calls.filter((c) => c.type === 'syncNow')).toHaveLength(1);

    pending.push(entry(1));
    current = status({ lastSyncAt: NOW.toISOString() });
    finish(current);
    await waitFor(() => getByRole('list', 'Orders needing action'));
    await waitFor(() => expect(queryByRole('progressbar')).toBeNull());
    expect(getByText('Last synced just now')).toBeTruthy();
    expect(getByRole('button', 'Sync now').getAttribute('aria-disabled')).toBeNull();
  });

  it('shows an import in progress when the popup opens mid-import, without a total yet', async () => {
    fakeBackground({
      ...standardHandlers([]),
      getStatus: () => status({ syncing: true, import: { running: true, read: 40, total: null } }),
    });
    mount(<Popup clock={clock} />);
    const bar = await waitFor(() => getByRole('progressbar', 'Importing orders: 40 so far'));
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(getByText('Orders that need you will show here as the import reads them.')).toBeTruthy();
  });

  it('says why a sync failed', async () => {
    fakeBackground({
      ...standardHandlers([]),
      syncNow: () => Promise.reject(new Error('No network: check your connection.')),
    });
    mount(<Popup clock={clock} />);
    await waitFor(() => getByRole('list', 'Connections'));
    getByRole('button', 'Sync now').click();
    const alert = await waitFor(() => getByRole('alert', /Sync failed/));
    expect(textOf(alert)).toBe('Sync failed: No network: check your connection.');
  });
});

describe('popup: recently sent', () => {
  it('shows the Inkthreadable status and "Pay in Inkthreadable" only while unpaid', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const ink = (status: string, trackingNumber = '') => ({
      id: '9001',
      status,
      trackingNumber,
      shippedAt: '',
      shippingMethod: 'regular',
      createdAt: NOW.toISOString(),
      deleted: false,
    });
    const sent = [
      entry(11, { state: 'sent', label: 'Sent to Inkthreadable', ink: ink('received') }),
      entry(12, { state: 'sent', label: 'Sent to Inkthreadable', ink: ink('shipped', 'RM123456789GB') }),
    ];
    fakeBackground({
      ...standardHandlers([]),
      listOrders: (req) => (req.view === 'recentSent' ? { total: 2, entries: sent } : { total: 0, entries: [] }),
    });
    mount(<Popup clock={clock} />);
    const list = await waitFor(() => getByRole('list', 'Recently sent'));
    const [unpaid, shipped] = allByRole('listitem', undefined, list);
    expect(textOf(unpaid!)).toContain('Awaiting payment');
    expect(textOf(shipped!)).toContain('Shipped · tracking RM123456789GB');
    expect(queryByRole('link', 'Pay in Inkthreadable', shipped)).toBeNull();
    const pay = getByRole<HTMLAnchorElement>('link', 'Pay in Inkthreadable', unpaid);
    expect(pay.href).toBe('https://www.inkthreadable.co.uk/');
    expect(textOf(document.getElementById(pay.getAttribute('aria-describedby')!))).toBe('MOTH-100011');
    pay.click();
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: 'https://www.inkthreadable.co.uk/' }));
  });

  it('says so when nothing was sent yet', async () => {
    fakeBackground(standardHandlers([]));
    mount(<Popup clock={clock} />);
    await waitFor(() => getByText('No orders sent to Inkthreadable yet.'));
  });
});

describe('popup: shipping defaults', () => {
  function shippingBackground(initial = settingsView()) {
    let stored = initial;
    const calls = fakeBackground({
      ...standardHandlers([]),
      getSettings: () => stored,
      saveShipping: (req) => {
        stored = { ...stored, settings: { ...stored.settings, shipping: req.shipping } };
        return stored;
      },
    });
    return calls;
  }

  it('saves the default method at once', async () => {
    const calls = shippingBackground();
    mount(<Popup clock={clock} />);
    const select = await waitFor(() => getByRole<HTMLSelectElement>('combobox', 'Default shipping method'));
    expect(select.value).toBe('regular');
    expect([...select.options].map((o) => o.text)).toEqual(['Regular', 'Recorded', 'Courier']);
    choose(select, 'courier');
    await waitFor(() =>
      expect(calls).toContainEqual({ type: 'saveShipping', shipping: { default: 'courier', overrides: {} } }),
    );
    await waitFor(() => expect(textOf(getByRole('status', 'Saved'))).toBe('Saved'));
  });

  it('adds, changes and removes a country override', async () => {
    const calls = shippingBackground();
    mount(<Popup clock={clock} />);
    const country = await waitFor(() => getByRole<HTMLSelectElement>('combobox', 'Country'));
    // every ISO country, named in English, plus the prompt
    expect(country.options).toHaveLength(COUNTRY_CODES.length + 1);
    expect([...country.options].find((o) => o.value === 'DE')?.text).toBe('Germany');
    choose(country, 'DE');
    choose(getByRole<HTMLSelectElement>('combobox', 'Method for that country'), 'courier');
    getByRole('button', 'Add country override').click();
    await waitFor(() =>
      expect(calls).toContainEqual({
        type: 'saveShipping',
        shipping: { default: 'regular', overrides: { DE: 'courier' } },
      }),
    );

    const overrides = await waitFor(() => getByRole('list', 'Country overrides'));
    expect(textOf(overrides)).toContain('Germany (DE)');
    // Germany is no longer offered
    expect([...getByRole<HTMLSelectElement>('combobox', 'Country').options].some((o) => o.value === 'DE')).toBe(false);

    choose(getByRole<HTMLSelectElement>('combobox', 'Shipping method for Germany'), 'recorded');
    await waitFor(() =>
      expect(calls).toContainEqual({
        type: 'saveShipping',
        shipping: { default: 'regular', overrides: { DE: 'recorded' } },
      }),
    );

    getByRole('button', 'Remove override for Germany').click();
    await waitFor(() =>
      expect(calls).toContainEqual({ type: 'saveShipping', shipping: { default: 'regular', overrides: {} } }),
    );
    await waitFor(() => expect(queryByRole('list', 'Country overrides')).toBeNull());
  });

  it('asks for a country before adding an override', async () => {
    const calls = shippingBackground();
    mount(<Popup clock={clock} />);
    (await waitFor(() => getByRole('button', 'Add country override'))).click();
    await waitFor(() => getByText('Choose a country first.'));
    expect(getByRole('combobox', 'Country').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(getByRole('combobox', 'Country'));
    expect(calls.some((c) => c.type === 'saveShipping')).toBe(false);
  });

  it('puts the old value back and says why when saving fails', async () => {
    fakeBackground({ ...standardHandlers([]), saveShipping: () => Promise.reject(new Error('Storage is full.')) });
    mount(<Popup clock={clock} />);
    const select = await waitFor(() => getByRole<HTMLSelectElement>('combobox', 'Default shipping method'));
    choose(select, 'recorded');
    const alert = await waitFor(() => getByRole('alert', /Not saved/));
    expect(textOf(alert)).toBe('Not saved: Storage is full.');
    await waitFor(() =>
      expect(getByRole<HTMLSelectElement>('combobox', 'Default shipping method').value).toBe('regular'),
    );
  });
});

describe('popup: accessibility', () => {
  it('gives every control an accessible name', async () => {
    const pending = Array.from({ length: 60 }, (_, i) => entry(i));
    fakeBackground({
      ...standardHandlers(pending),
      getSettings: () => settingsView({ shipping: { default: 'regular', overrides: { FR: 'courier' } } }),
    });
    const container = mount(<Popup clock={clock} />);
    await waitFor(() => getByRole('list', 'Country overrides'));
    const controls = [...container.querySelectorAll('button, a[href], input, select, textarea, [role=progressbar]')];
    expect(controls.length).toBeGreaterThan(55);
    for (const el of controls) expect(accName(el), el.outerHTML.slice(0, 120)).not.toBe('');
    expect(getByRole('heading', /^Orders needing action/).tagName).toBe('H2');
  });
});

describe('format', () => {
  it('says how long ago', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(timeAgo('2026-11-27T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-11-27T11:58:00Z', now)).toBe('2 min ago');
    expect(timeAgo('2026-11-27T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-26T06:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('not a date', now)).toBe('at an unknown time');
  });
});
