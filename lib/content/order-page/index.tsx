/** @jsxImportSource @/lib/content/ui/dom */
/**
 * The order page feature: one getOrder message, then synchronous placement of a mark and a link
 * button beside every line item the page shows, the order panel near the top, and the link
 * dialog. Late items (SPA rendering, web components) are caught by a MutationObserver and placed
 * in the same task; background changes (`ink:changed`) re-fetch and update in place.
 */
import { call, CallError, type ItemInfo, type OrderView } from '../../protocol';
import type { ShippingMethod } from '../../types';
import {
  findKnownOrderId,
  isOrdersListPath,
  orderIdCandidates,
  orderIdFromPath,
  placeItems,
} from '../../bigcartel/page';
import { mountItemControls } from '@/lib/content/ui/ItemControls';
import { OrderPanel, type PanelAction } from '@/lib/content/ui/OrderPanel';
import { createHost, isPlacedAfter, placeHosts, type Host } from '../host';
import { budgeted, watchDom, type DomWatcher } from '../watch';
import { afterLoad, type Feature, type FeatureEnv } from '../runner';
import type { SaveResult } from '../../link-dialog';
import { saveLinks } from '../../link-save';
import { openLinkDialog, savedNotice, type OpenDialog } from '../dialog';
import { mark } from '../../marks';
import { type ActionPage, messageOf, runAction } from './actions';
import { returnFocus, toLineItem } from './items';
import { placePanel } from './panel';
import { storedView } from '../first-draw';

/** How long a panel placed without the page's main content keeps looking for it. */
const PANEL_SETTLE_MS = 10_000;

export const MARK_START = 'ink:overlay:start';
export const MARKS_DONE = 'ink:overlay:marks-done';
/** The order's answer arrived from the background (the benchmark's breakdown). */
const MARK_ORDER = 'ink:overlay:order';

/** Pages that may show one order: under /orders (or /order), not the list itself. */
function isOrderPagePath(pathname: string): boolean {
  return !isOrdersListPath(pathname) && /(?:^|\/)orders?(?:\/|$)/i.test(pathname);
}

export const orderPageFeature: Feature = {
  name: 'order-page',
  include: (url) => isOrderPagePath(url.pathname),
  init: (env) => new OrderPage(env).start(),
};

interface ItemHost {
  host: Host;
  anchor: Element;
  show?: (item: ItemInfo) => void;
}

class OrderPage implements ActionPage {
  orderId = '';
  view: OrderView | null | undefined = undefined;
  loadError = '';
  private busy: PanelAction | null = null;
  /** The shipping method being set while busy with 'shipping'. */
  private shippingPending: ShippingMethod | null = null;
  error = '';
  notice = '';
  private readonly hosts = new Map<string, ItemHost>();
  unplaced: ItemInfo[] = [];
  private panel: Host | null = null;
  /** The panel is where it stays (main content found, or PANEL_SETTLE_MS passed). */
  private panelFinal = false;
  private dialog: { open: OpenDialog; itemId: string; opener: HTMLElement | null } | null = null;
  private watcher: DomWatcher | null = null;
  private marksDone = false;
  private fetchSeq = 0;
  private readonly startedAt = Date.now();
  private readonly scheduleScan: () => void;
  private visited = false;

  constructor(readonly env: FeatureEnv) {
    this.scheduleScan = budgeted(() => this.scan(), env);
  }

  private get aborted(): boolean {
    return this.env.signal.aborted;
  }

  /** Run an async step; an unexpected error in it switches the feature off (logged once). */
  private spawn(p: Promise<unknown>): void {
    p.catch((err) => this.env.fail(err));
  }

  async start(): Promise<void> {
    const { env } = this;
    env.signal.addEventListener('abort', () => this.teardown(), { once: true });
    const pathId = orderIdFromPath(env.url.pathname);
    if (pathId) this.stored = storedView(pathId, env.guard(this.take), env.signal);
    env.onChanged((ids) => {
      if (this.view === null || (this.view === undefined && !this.loadError)) this.spawn(this.resolve());
      else if (ids === null || ids.includes(this.orderId)) this.spawn(this.refresh());
    });
    await this.resolve();
  }

  /** Find the order (URL, else a known order number in the page's text) and show it. */
  private async resolve(textOnly = false): Promise<void> {
    const pathId = orderIdFromPath(this.env.url.pathname);
    if (!this.orderId && pathId) this.orderId = pathId;
    const seq = ++this.fetchSeq;
    let view: OrderView | null = null;
    try {
      if (pathId && !textOnly) {
        // The worker's copy in storage.session when there is one (no message), else its answer.
        const stored = this.stored;
        this.stored = undefined;
        const answer = (async () => (await stored) ?? call({ type: 'getOrder', orderId: pathId }))();
        // The page loads first (its load event, or LOAD_WAIT_MS at most): the overlay's work
        // never holds up the admin's own.
        if (!this.marksDone) {
          await afterLoad(this.env);
          if (this.aborted || seq !== this.fetchSeq) return;
        }
        view = await answer;
        if (!this.marksDone) mark(MARK_ORDER);
      }
      if (this.aborted || seq !== this.fetchSeq) return;
      if (!view) {
        const id = await this.idFromText(pathId);
        if (this.aborted || seq !== this.fetchSeq) return;
        if (id) {
          view = await call({ type: 'getOrder', orderId: id });
          if (this.aborted || seq !== this.fetchSeq) return;
        }
      }
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      if (this.aborted || seq !== this.fetchSeq) return;
      if (pathId || this.view !== undefined) {
        this.loadError = messageOf(err);
        this.startWatching();
        this.scan();
      }
      return;
    }
    this.loadError = '';
    if (view) {
      this.orderId = view.id;
      this.take(view);
    } else if (pathId) {
      // Shown as "not synced yet"; a known order number may still render later.
      if (this.view !== null) this.setView(null);
    } else {
      this.startWatching();
    }
    this.visit();
  }

  /** The stored view's read, until the first load takes it. */
  private stored: Promise<OrderView | undefined> | undefined;

  /** Show a view unless the one shown was read later by the worker (never a step back). */
  private readonly take = (v: OrderView | null): void => {
    if (v && this.view && (v.at ?? 0) < (this.view.at ?? 0)) return;
    this.loadError = '';
    this.setView(v);
  };

  private readonly askedIds = new Set<string>();
  private readonly knownIds = new Set<string>();

  /** A known order number shown on the page; asks the background only about numbers not asked before. */
  private async idFromText(pathId: string | null): Promise<string | null> {
    const fresh = orderIdCandidates(this.env.doc).filter((c) => c !== pathId && !this.askedIds.has(c));
    if (fresh.length > 0) {
      for (const c of fresh) this.askedIds.add(c);
      const chips = await call({ type: 'getOrderChips', orderIds: fresh });
      for (const c of chips) this.knownIds.add(c.id);
    }
    return this.knownIds.size ? findKnownOrderId(this.env.doc, [...this.knownIds]) : null;
  }

  /** Tell the background which admin host the merchant uses (for notification links); once. */
  private visit(): void {
    if (this.visited) return;
    this.visited = true;
    const origin = this.env.url.origin;
    call({ type: 'pageVisit', origin, orderId: this.orderId || null }).catch(() => undefined);
  }

  private setView(view: OrderView | null): void {
    this.view = view;
    this.startWatching();
    this.scan();
  }

  private async refresh(): Promise<void> {
    if (!this.orderId) return;
    const seq = ++this.fetchSeq;
    let view: OrderView | null;
    try {
      view = await call({ type: 'getOrder', orderId: this.orderId });
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      if (this.aborted || seq !== this.fetchSeq) return;
      this.error = messageOf(err);
      this.render();
      return;
    }
    if (this.aborted || seq !== this.fetchSeq) return;
    this.take(view);
  }

  private lastUnresolvedScan = 0;

  private startWatching(): void {
    if (this.watcher) return;
    const { env } = this;
    this.watcher = watchDom(
      env.doc,
      env.guard(() => this.onMutation()),
      env.signal,
    );
    // Shadow roots attached after their host was inserted are invisible to the observer:
    // look again now and then while something is still missing.
    const stop = env.setInterval(() => {
      if (Date.now() - this.startedAt > 60_000) return stop();
      if (this.view && this.unplaced.length === 0 && this.panel?.el.isConnected && this.panelFinal) return;
      this.watcher?.observeShadows(env.doc);
      this.onMutation();
    }, 1000);
  }

  private onMutation(): void {
    if (this.aborted) return;
    if (!this.view && !this.loadError) {
      // No order shown yet: look for a known order number in the text, at most every 500 ms.
      const now = Date.now();
      if (now - this.lastUnresolvedScan >= 500 && now - this.startedAt < 30_000) {
        this.lastUnresolvedScan = now;
        this.spawn(this.resolve(true));
      }
    }
    if (this.view !== undefined || this.loadError) {
      if (this.needsScan()) this.scheduleScan();
    }
  }

  private needsScan(): boolean {
    if (!this.panel?.el.isConnected || !this.panelFinal) return true;
    if (!this.view) return false;
    if (this.unplaced.length > 0) return true;
    for (const h of this.hosts.values()) if (!isPlacedAfter(h.host.el, h.anchor)) return true;
    return false;
  }

  /** Place (or re-place) every item's host, list the rest in the panel, render. Synchronous. */
  private scan(): void {
    if (this.aborted) return;
    const { doc } = this.env;
    const view = this.view;
    if (view) {
      const { placed } = placeItems(doc, view.items.map(toLineItem));
      const shown = placeHosts(
        doc,
        'item',
        this.hosts,
        placed.map((p) => ({ id: p.item.id, anchor: p.nameEl })),
      );
      this.unplaced = view.items.filter((i) => !shown.has(i.id));
    } else {
      for (const h of this.hosts.values()) h.host.destroy();
      this.hosts.clear();
      this.unplaced = [];
    }
    this.ensurePanel();
    this.render();
    if (view && !this.marksDone) {
      const settled = doc.readyState === 'complete' && Date.now() - this.startedAt > 2000;
      if (this.unplaced.length === 0 || settled) {
        this.marksDone = true;
        mark(MARKS_DONE, { orderId: view.id, placed: this.hosts.size, unplaced: this.unplaced.length });
      }
    }
  }

  /**
   * Put the panel in its place. Until the main content is found (or a while has passed), look
   * again on later scans: the order may arrive before the admin has drawn its main content.
   */
  private ensurePanel(): void {
    if (!this.panel) this.panel = createHost(this.env.doc, 'panel');
    if (this.panel.el.isConnected && this.panelFinal) return;
    const final = placePanel(this.env.doc, this.panel.el);
    if (final === null) return;
    // Single-page admins draw their content after the document has loaded: keep looking a while.
    this.panelFinal = final || Date.now() - this.startedAt > PANEL_SETTLE_MS;
  }

  private render(): void {
    if (this.aborted) return;
    const view = this.view;
    if (view) {
      const byId = new Map(view.items.map((i) => [i.id, i]));
      for (const [id, h] of this.hosts) {
        const info = byId.get(id);
        if (!info) continue;
        h.show ??= mountItemControls(h.host.root, this.openLink);
        h.show(info);
      }
    }
    this.panel?.render(
      <OrderPanel
        orderId={this.orderId}
        view={view}
        loadError={this.loadError}
        unplaced={this.unplaced}
        busy={this.busy}
        shippingPending={this.busy === 'shipping' ? this.shippingPending : null}
        error={this.error}
        notice={this.notice}
        onSend={() => this.spawn(this.act('send'))}
        onComplete={() => this.spawn(this.act('complete'))}
        onShipping={(m) => this.spawn(this.act('shipping', m))}
        onSync={() => this.spawn(this.act('sync'))}
        onReload={() => this.spawn(this.act('reload'))}
        onReport={() => this.spawn(this.act('report'))}
        onLink={this.openLink}
      />,
    );
  }

  private async act(kind: PanelAction, method?: ShippingMethod): Promise<void> {
    if (this.busy || this.aborted) return;
    this.busy = kind;
    this.shippingPending = kind === 'shipping' ? (method ?? null) : null;
    this.error = '';
    this.notice = '';
    this.render();
    try {
      await runAction.call(this, kind, method);
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      if (kind === 'reload') this.loadError = messageOf(err);
      else this.error = messageOf(err);
    } finally {
      this.busy = null;
    }
    if (this.aborted) return;
    this.scan();
  }

  private readonly openLink = (item: ItemInfo, opener: HTMLElement): void =>
    this.env.guard(() => this.showDialog(item, opener))();

  private showDialog(item: ItemInfo, opener: HTMLElement): void {
    if (this.dialog || this.aborted) return;
    const { guard } = this.env;
    const open = openLinkDialog(
      this.env.doc,
      {
        item,
        loadOptions: (productId) => call({ type: 'getProductOptions', productId }),
        save: saveLinks,
        onClose: guard((result: SaveResult | null) => this.closeDialog(result)),
      },
      guard((message: string) => {
        this.dialog = null;
        this.error = message;
        this.render();
        returnFocus(item.id, opener, [this.hosts.get(item.id)?.host.root, this.panel?.root]);
      }),
    );
    this.dialog = { open, itemId: item.id, opener };
  }

  private closeDialog(result: SaveResult | null): void {
    const d = this.dialog;
    if (!d) return;
    this.dialog = null;
    d.open.close();
    if (result) {
      this.notice = savedNotice(result);
      this.error = '';
      this.render();
      this.spawn(this.refresh());
    }
    returnFocus(d.itemId, d.opener, [this.hosts.get(d.itemId)?.host.root, this.panel?.root]);
  }

  private teardown(): void {
    this.dialog?.open.close();
    this.dialog = null;
    for (const h of this.hosts.values()) h.host.destroy();
    this.hosts.clear();
    this.panel?.destroy();
    this.panel = null;
  }
}
