/** @jsxImportSource @/lib/content/ui/dom */
/**
 * The orders list: a chip beside each order number the background knows ("2 to link", "ready",
 * "sent", "failed"; nothing for history or nothing-to-fulfil). One getOrderChips call per batch
 * of order numbers newly seen on the page; rows rendered later (pagination, filters) are picked
 * up by the MutationObserver; `ink:changed` re-fetches the chips shown.
 */
import { call, CallError, type OrderChip as Chip } from '../protocol';
import { findOrderRows, isOrdersListPath, orderIdCandidates } from '../bigcartel/page';
import { OrderChip, chipText } from '@/lib/content/ui/OrderChip';
import { isPlacedAfter, placeHosts, type Host } from './host';
import { watchDom } from './watch';
import { afterLoad, type Feature, type FeatureEnv } from './runner';

export const ordersListFeature: Feature = {
  name: 'orders-list',
  include: (url) => isOrdersListPath(url.pathname),
  init: (env) => new OrdersList(env).start(),
};

class OrdersList {
  /** id -> chip; null when the background does not know the order */
  private readonly chips = new Map<string, Chip | null>();
  private readonly hosts = new Map<string, { host: Host; anchor: Element }>();
  private asking = false;
  private again = false;
  private timer = false;
  private lastKey = '';

  constructor(private readonly env: FeatureEnv) {}

  async start(): Promise<void> {
    const { env } = this;
    env.signal.addEventListener('abort', () => this.teardown(), { once: true });
    env.onChanged((ids) => this.refetch(ids).catch(env.fail));
    await afterLoad(env);
    if (env.signal.aborted) return;
    watchDom(env.doc, () => this.schedule(), env.signal);
    await this.update();
  }

  /** Coalesce mutation bursts: one look per 150 ms at most. */
  private schedule(): void {
    if (this.timer) return;
    this.timer = true;
    this.env.setTimeout(() => {
      this.timer = false;
      this.update().catch(this.env.fail);
    }, 150);
  }

  private async update(): Promise<void> {
    if (this.env.signal.aborted) return;
    if (this.asking) {
      this.again = true;
      return;
    }
    const candidates = orderIdCandidates(this.env.doc);
    const key = candidates.join(' ');
    const fresh = candidates.filter((id) => !this.chips.has(id));
    if (fresh.length === 0 && key === this.lastKey && this.allPlaced()) return;
    this.lastKey = key;
    if (fresh.length > 0) {
      this.asking = true;
      // Asked once: a failure is not retried on every mutation (a change notice asks again).
      for (const id of fresh) this.chips.set(id, null);
      try {
        const reply = await call({ type: 'getOrderChips', orderIds: fresh });
        for (const c of reply) this.chips.set(c.id, c);
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
        // The extension is unreachable (reloaded): no chips, the page is untouched.
        console.warn('Inkthreadable overlay: order chips unavailable', err.message);
      } finally {
        this.asking = false;
      }
      if (this.env.signal.aborted) return;
    }
    this.place();
    if (this.again) {
      this.again = false;
      this.schedule();
    }
  }

  private allPlaced(): boolean {
    for (const h of this.hosts.values()) if (!isPlacedAfter(h.host.el, h.anchor)) return false;
    return true;
  }

  private async refetch(ids: string[] | null): Promise<void> {
    const shown = [...this.chips.entries()].filter(([, c]) => c !== null).map(([id]) => id);
    const unknown = [...this.chips.entries()].filter(([, c]) => c === null).map(([id]) => id);
    // A sync may have brought orders the page already shows: ask about those too.
    const ask = ids === null ? [...shown, ...unknown] : ids.filter((id) => this.chips.has(id));
    if (ask.length === 0) return;
    let reply: Chip[];
    try {
      reply = await call({ type: 'getOrderChips', orderIds: ask });
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      console.warn('Inkthreadable overlay: order chips unavailable', err.message);
      return;
    }
    if (this.env.signal.aborted) return;
    for (const id of ask) this.chips.set(id, null);
    for (const c of reply) this.chips.set(c.id, c);
    this.place();
  }

  private place(): void {
    const { doc } = this.env;
    const known = [...this.chips.values()].filter((c): c is Chip => c !== null && chipText(c) !== null);
    const byId = new Map(known.map((c) => [c.id, c]));
    const rows = known.length
      ? findOrderRows(
          doc,
          known.map((c) => c.id),
        )
      : [];
    const targets = rows.filter((r) => byId.has(r.id)).map((r) => ({ id: r.id, anchor: r.idEl }));
    for (const id of placeHosts(doc, 'chip', this.hosts, targets))
      this.hosts.get(id)!.host.render(<OrderChip chip={byId.get(id)!} />);
  }

  private teardown(): void {
    for (const h of this.hosts.values()) h.host.destroy();
    this.hosts.clear();
  }
}
