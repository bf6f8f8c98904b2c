/**
 * The orders-list chips (sandbox list page, stand-in background over fakeBrowser) and the
 * feature runner's isolation: a failing feature is logged once and switched off, the rest and
 * the page keep working.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderOrdersList } from '../../sandbox/admin.mjs';
import type { OrderChip } from '@/lib/protocol';
import { createChangeHub, createRunner, type Feature, type Runner } from '@/lib/content/runner';
import { FEATURES } from '@/lib/content/main';
import { fakeBackground } from './helpers/dom';
import { loadPage } from './helpers/overlay-page';

const ORIGIN = 'https://my.bigcartel.com';

function order(id: string) {
  return {
    id,
    customerName: 'Ada Lovelace',
    items: [{ id: `${id}-1`, productName: 'Moth Tee', optionName: '', quantity: 1, price: 12 }],
  };
}

function chipOf(id: string): string | null {
  const row = document.getElementById(`order_${id}`);
  const host = row?.querySelector('[data-ink-overlay="chip"]');
  return host ? host.shadowRoot!.querySelector('.ink')!.textContent : null;
}

let runner: Runner | null = null;
let logged: unknown[][] = [];
function start(url = `${ORIGIN}/orders`) {
  const hub = createChangeHub();
  runner = createRunner({ features: FEATURES, doc: document, win: window, hub, log: (...a) => logged.push(a) });
  runner.navigate(new URL(url));
  return { hub, runner };
}

beforeEach(() => {
  logged = [];
});
afterEach(() => {
  runner?.stop();
  runner = null;
  document.body.replaceChildren();
});

describe('orders list: chips', () => {
  const chips: Record<string, OrderChip> = {
    'MOTH-100001': { id: 'MOTH-100001', state: 'needs-linking', toLink: 2 },
    'MOTH-100002': { id: 'MOTH-100002', state: 'ready', toLink: 0 },
    'MOTH-100003': { id: 'MOTH-100003', state: 'sent', toLink: 0 },
    'MOTH-100004': { id: 'MOTH-100004', state: 'failed', toLink: 0 },
    'MOTH-100005': { id: 'MOTH-100005', state: 'history', toLink: 0 },
    'MOTH-100006': { id: 'MOTH-100006', state: 'nothing-to-fulfil', toLink: 0 },
  };
  const answer = (req: { orderIds: string[] }) => req.orderIds.map((id) => chips[id]).filter(Boolean);

  it('one getOrderChips call, a chip beside each order number; none for history, nothing to fulfil or unknown orders', async () => {
    const calls = fakeBackground({ getOrderChips: answer });
    const ids = [...Object.keys(chips), 'MOTH-100007'];
    loadPage(renderOrdersList(ids.map(order)));
    start();
    await vi.waitFor(() => expect(document.querySelectorAll('[data-ink-overlay="chip"]')).toHaveLength(4));
    expect(Object.fromEntries(ids.map((id) => [id, chipOf(id)]))).toEqual({
      'MOTH-100001': '2 to link',
      'MOTH-100002': 'ready',
      'MOTH-100003': 'sent',
      'MOTH-100004': 'failed',
      'MOTH-100005': null,
      'MOTH-100006': null,
      'MOTH-100007': null,
    });
    expect(calls.map((c) => c.type)).toEqual(['getOrderChips']);
    expect((calls[0] as { orderIds: string[] }).orderIds).toEqual(expect.arrayContaining(ids));
    // Right after the order number's link, inside its cell.
    const host = document.querySelector('#order_MOTH-100001 [data-ink-overlay="chip"]')!;
    expect(host.previousElementSibling!.textContent).toBe('#MOTH-100001');
    expect(host.shadowRoot!.querySelector('.chip')!.getAttribute('title')).toBe('Inkthreadable: 2 items to link');
  });

  it('draws its chips only once the admin page has loaded', async () => {
    fakeBackground({ getOrderChips: answer });
    loadPage(renderOrdersList(Object.keys(chips).map(order)));
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    try {
      start();
      await new Promise((r) => setTimeout(r, 60));
      expect(document.querySelectorAll('[data-ink-overlay="chip"]')).toHaveLength(0);
      Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
      window.dispatchEvent(new Event('load'));
      await vi.waitFor(() => expect(document.querySelectorAll('[data-ink-overlay="chip"]')).toHaveLength(4));
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState;
    }
  });

  it('finds rows inside an open shadow root (a web component table)', async () => {
    fakeBackground({ getOrderChips: answer });
    loadPage(
      '<html><head><title>Orders</title></head><body><main><h1>Orders</h1><bc-orders-table></bc-orders-table></main></body></html>',
    );
    const sr = document.querySelector('bc-orders-table')!.attachShadow({ mode: 'open' });
    const table = new DOMParser()
      .parseFromString(renderOrdersList([order('MOTH-100001'), order('MOTH-100003')]), 'text/html')
      .querySelector('table')!;
    sr.appendChild(document.importNode(table, true));
    start();
    await vi.waitFor(() => expect(sr.querySelectorAll('[data-ink-overlay="chip"]')).toHaveLength(2));
    const texts = Array.from(sr.querySelectorAll('[data-ink-overlay="chip"]')).map(
      (h) => h.shadowRoot!.querySelector('.ink')!.textContent,
    );
    expect(texts).toEqual(['2 to link', 'sent']);
  });

  it('rows rendered later get chips, asking only about the new order numbers', async () => {
    const calls = fakeBackground({ getOrderChips: answer });
    loadPage(renderOrdersList([order('MOTH-100001')]));
    start();
    await vi.waitFor(() => expect(chipOf('MOTH-100001')).toBe('2 to link'));
    const more = new DOMParser().parseFromString(
      renderOrdersList([order('MOTH-100002'), order('MOTH-100004')]),
      'text/html',
    );
    const tbody = document.querySelector('tbody')!;
    for (const tr of Array.from(more.querySelectorAll('tbody tr'))) tbody.appendChild(document.importNode(tr, true));
    await vi.waitFor(() => expect(chipOf('MOTH-100004')).toBe('failed'));
    expect(chipOf('MOTH-100002')).toBe('ready');
    expect(calls).toHaveLength(2);
    expect((calls[1] as { orderIds: string[] }).orderIds).not.toContain('MOTH-100001');
  });

  it('updates chips when the background says orders changed', async () => {
    const calls = fakeBackground({ getOrderChips: answer });
    loadPage(renderOrdersList([order('MOTH-100001'), order('MOTH-100002')]));
    const { hub } = start();
    await vi.waitFor(() => expect(chipOf('MOTH-100001')).toBe('2 to link'));
    chips['MOTH-100001'] = { id: 'MOTH-100001', state: 'sent', toLink: 0 };
    hub.emit(['MOTH-100001']);
    await vi.waitFor(() => expect(chipOf('MOTH-100001')).toBe('sent'));
    expect((calls[1] as { orderIds: string[] }).orderIds).toEqual(['MOTH-100001']);
    chips['MOTH-100001'] = { id: 'MOTH-100001', state: 'history', toLink: 0 };
    hub.emit(null);
    await vi.waitFor(() => expect(chipOf('MOTH-100001')).toBeNull());
    chips['MOTH-100001'] = { id: 'MOTH-100001', state: 'needs-linking', toLink: 2 };
  });

  it('no answer from the extension: no chips, the page untouched', async () => {
    fakeBackground({
      getOrderChips: () => {
        throw new Error('The extension did not answer.');
      },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    loadPage(renderOrdersList([order('MOTH-100001')]));
    const before = document.body.innerHTML;
    start();
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(document.body.innerHTML).toBe(before);
    warn.mockRestore();
  });
});

describe('feature runner', () => {
  function feature(
    name: string,
    init: Feature['init'],
    include: Feature['include'] = () => true,
  ): Feature & { inits: number } {
    const f = {
      name,
      include,
      inits: 0,
      init: (env: Parameters<Feature['init']>[0]) => {
        f.inits++;
        return init(env);
      },
    };
    return f;
  }

  it('a feature that throws (at once, later, or in a callback) is logged once and switched off; the others run', async () => {
    const log = vi.fn();
    const okTeardown = vi.fn();
    let callback: (() => void) | null = null;
    let syncAbort = false;
    const features = [
      feature('throws', () => {
        throw new Error('boom');
      }),
      feature('rejects', async () => {
        throw new Error('later boom');
      }),
      feature(
        'bad-include',
        () => undefined,
        () => {
          throw new Error('include boom');
        },
      ),
      feature('callback', (env) => {
        env.signal.addEventListener('abort', () => (syncAbort = true));
        callback = env.guard(() => {
          throw new Error('callback boom');
        });
      }),
      feature('ok', (env) => env.signal.addEventListener('abort', okTeardown)),
    ];
    const r = createRunner({ features, doc: document, win: window, hub: createChangeHub(), log });
    r.navigate(new URL(`${ORIGIN}/orders/A-1`));
    await Promise.resolve();
    await Promise.resolve();
    callback!();
    callback!();
    expect(syncAbort).toBe(true);
    expect(log.mock.calls.map((c) => (c[0] as string).match(/"(.+?)"/)![1])).toEqual([
      'throws',
      'bad-include',
      'rejects',
      'callback',
    ]);
    expect(r.active()).toEqual(['ok']);
    expect(okTeardown).not.toHaveBeenCalled();
    // The same failures again on the next page: still logged once each.
    r.navigate(new URL(`${ORIGIN}/orders/A-2`));
    await Promise.resolve();
    await Promise.resolve();
    expect(okTeardown).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(4);
    r.stop();
  });

  it('follows navigation: same page no restart, another page restarts, include decides', () => {
    const seen: string[] = [];
    const orders = feature(
      'order',
      (env) => void seen.push(`order ${env.url.pathname}`),
      (u) => u.pathname.startsWith('/orders/'),
    );
    const list = feature(
      'list',
      (env) => void seen.push(`list ${env.url.pathname}`),
      (u) => u.pathname === '/orders',
    );
    const r = createRunner({ features: [orders, list], doc: document, win: window, hub: createChangeHub() });
    r.navigate(new URL(`${ORIGIN}/orders/A-1`));
    r.navigate(new URL(`${ORIGIN}/orders/A-1#notes`));
    r.navigate(new URL(`${ORIGIN}/orders`));
    r.navigate(new URL(`${ORIGIN}/orders/A-2`));
    expect(seen).toEqual(['order /orders/A-1', 'list /orders', 'order /orders/A-2']);
    r.stop();
    expect(r.active()).toEqual([]);
  });

  it('change notices reach only the features of the current page', () => {
    const hub = createChangeHub();
    const got: (string[] | null)[] = [];
    const f = feature('f', (env) => env.onChanged((ids) => void got.push(ids)));
    const r = createRunner({ features: [f], doc: document, win: window, hub });
    r.navigate(new URL(`${ORIGIN}/a`));
    hub.emit(['A-1']);
    r.navigate(new URL(`${ORIGIN}/b`));
    hub.emit(null);
    r.stop();
    hub.emit(['A-2']);
    expect(got).toEqual([['A-1'], null]);
  });
});
