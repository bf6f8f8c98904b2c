/** @jsxImportSource @/lib/content/ui/dom */
/**
 * The product page feature (`/products/<id>` on either admin host): the order page's marks, Link
 * buttons and dialog beside each option the Big Cartel API lists for the product. Options are
 * found by their names (the page reader's placeItems, open shadow roots included); an option that cannot
 * be placed is listed in our own panel, never dropped.
 */
import { call, CallError, type ItemInfo } from '../protocol';
import type { LineItem } from '../types';
import { deepElements, placeItems, productIdFromPath } from '../bigcartel/page';
import { mountItemControls } from '@/lib/content/ui/ItemControls';
import type { SaveResult } from '../link-dialog';
import { saveLinks } from '../link-save';
import { openLinkDialog, savedNotice, type OpenDialog } from './dialog';
import { ProductPanel } from '@/lib/content/ui/ProductPanel';
import { createHost, placeHosts, type Host } from './host';
import { budgeted, watchDom } from './watch';
import { afterLoad, type Feature, type FeatureEnv } from './runner';

export const productPageFeature: Feature = {
  name: 'product-page',
  include: (url) => productIdFromPath(url.pathname) !== null,
  init: (env) => new ProductPage(env, productIdFromPath(env.url.pathname)!).start(),
};

/** An option as the page reader looks for it: by its own name (the product's when it has no options). */
function asLineItem(i: ItemInfo): LineItem {
  return {
    id: i.id,
    productId: i.productId,
    optionId: i.optionId,
    productName: i.optionName || i.productName,
    optionName: '',
    quantity: NaN,
    price: 0,
    imageUrl: null,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong in the extension. Try again.';
}

class ProductPage {
  private name: string | null | undefined = undefined;
  private items: ItemInfo[] = [];
  private unplaced: ItemInfo[] = [];
  private error = '';
  private notice = '';
  private readonly hosts = new Map<string, { host: Host; anchor: Element; show?: (item: ItemInfo) => void }>();
  private panel: Host | null = null;
  private inMain = false;
  private dialog: OpenDialog | null = null;
  private seq = 0;
  private readonly scan: () => void;

  constructor(
    private readonly env: FeatureEnv,
    private readonly productId: string,
  ) {
    this.scan = budgeted(() => this.place(), env);
  }

  async start(): Promise<void> {
    const { env } = this;
    env.signal.addEventListener('abort', () => this.teardown(), { once: true });
    env.onChanged(() => void this.load().catch(env.fail));
    const watcher = watchDom(
      env.doc,
      env.guard(() => this.scan()),
      env.signal,
    );
    const stop = env.setInterval(() => {
      if (this.name !== undefined && this.unplaced.length === 0 && this.panel?.el.isConnected) return stop();
      watcher.observeShadows(env.doc);
      this.scan();
    }, 1000);
    env.setTimeout(stop, 60_000);
    await this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    try {
      const answer = call({ type: 'getProductPage', productId: this.productId });
      // The first time, the page loads before anything is drawn (see afterLoad).
      if (seq === 1) {
        answer.catch(() => undefined);
        await afterLoad(this.env);
      }
      const view = await answer;
      if (this.env.signal.aborted || seq !== this.seq) return;
      this.name = view.product?.name ?? null;
      this.items = view.items;
      this.error = '';
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      if (this.env.signal.aborted || seq !== this.seq) return;
      this.error = messageOf(err);
    }
    this.place();
  }

  /** Place each option's controls beside its name; list the rest in the panel. */
  private place(): void {
    if (this.env.signal.aborted) return;
    const { doc } = this.env;
    const placed = placeItems(doc, this.items.map(asLineItem)).placed;
    const shown = placeHosts(
      doc,
      'item',
      this.hosts,
      placed.map((p) => ({ id: p.item.id, anchor: p.nameEl })),
    );
    this.unplaced = this.items.filter((i) => !shown.has(i.id));
    if (!this.panel) this.panel = createHost(doc, 'panel');
    // At the start of the main content; at the top of the body until that exists (the page may still be loading).
    if (!this.panel.el.isConnected || !this.inMain) {
      const main = deepElements(doc.body ?? doc.documentElement).find(
        (el) => el.localName === 'main' || el.getAttribute('role') === 'main',
      );
      const parent = main ?? doc.body;
      this.inMain = !!main;
      if (parent && (parent !== this.panel.el.parentNode || !this.panel.el.isConnected))
        parent.insertBefore(this.panel.el, parent.firstChild);
    }
    this.render();
  }

  private render(): void {
    for (const [id, h] of this.hosts) {
      const info = this.items.find((i) => i.id === id);
      if (!info) continue;
      h.show ??= mountItemControls(h.host.root, this.open);
      h.show(info);
    }
    this.panel?.render(
      <ProductPanel
        name={this.name}
        items={this.items}
        unplaced={this.unplaced}
        error={this.error}
        notice={this.notice}
        onLink={this.open}
      />,
    );
  }

  private readonly open = (item: ItemInfo, opener: HTMLElement): void =>
    this.env.guard(() => {
      if (this.dialog) return;
      const { guard } = this.env;
      const done = () => {
        this.dialog = null;
        if (opener.isConnected) opener.focus();
      };
      this.dialog = openLinkDialog(
        this.env.doc,
        {
          item,
          loadOptions: async () =>
            this.items.filter((i) => i.optionId).map((i) => ({ id: i.optionId!, name: i.optionName })),
          save: saveLinks,
          onClose: guard((result: SaveResult | null) => {
            this.dialog?.close();
            if (result) {
              this.notice = savedNotice(result);
              void this.load().catch(this.env.fail);
            }
            done();
          }),
        },
        guard((message: string) => {
          this.error = message;
          this.render();
          done();
        }),
      );
    })();

  private teardown(): void {
    this.dialog?.close();
    for (const h of this.hosts.values()) h.host.destroy();
    this.hosts.clear();
    this.panel?.destroy();
    this.panel = null;
  }
}
