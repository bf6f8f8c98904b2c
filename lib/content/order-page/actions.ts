/**
 * What the order panel's buttons do: send, complete without the unlinked items, set the shipping
 * method, sync, reload, and save the page for a bug report.
 *
 * They are the order page's methods kept in a file of their own: written with `this` and called
 * with `.call(page)`, they minify as the class's methods do (about 30 B gzipped less in the
 * content script than passing the page as an argument).
 */
import { call, type ItemInfo, type OrderView } from '../../protocol';
import type { ShippingMethod } from '../../types';
import { SHIPPING_LABELS } from '../../types';
import type { pageReport } from '../../bigcartel/report';
import type { PanelAction } from '@/lib/content/ui/OrderPanel';
import type { FeatureEnv } from '../runner';
import { loadOnDemand, REPORT_KEY, REPORT_LOAD_ERROR, REPORT_MODULE } from '../on-demand';

/** What an action reads and sets on the order page (OrderPage, in index.tsx). */
export interface ActionPage {
  readonly env: FeatureEnv;
  readonly orderId: string;
  view: OrderView | null | undefined;
  readonly unplaced: readonly ItemInfo[];
  loadError: string;
  error: string;
  notice: string;
}

export function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong in the extension. Try again.';
}

/** Runs one action of the panel on `this` page; a failed call throws its CallError. */
export async function runAction(this: ActionPage, kind: PanelAction, method?: ShippingMethod): Promise<void> {
  const orderId = this.orderId;
  switch (kind) {
    case 'send': {
      const v = await call({ type: 'send', orderId });
      if (v) {
        this.view = v;
        if (v.state === 'sent') this.notice = `Sent to Inkthreadable${v.ink ? ` as order ${v.ink.id}` : ''}.`;
      }
      break;
    }
    case 'complete': {
      const v = await call({ type: 'completeWithout', orderId });
      if (v) {
        this.view = v;
        this.notice =
          v.state === 'sent'
            ? 'Completed: the linked items were sent to Inkthreadable.'
            : v.state === 'nothing-to-fulfil'
              ? 'Completed: nothing on this order goes to Inkthreadable.'
              : 'Completed without the unlinked items.';
      }
      break;
    }
    case 'shipping': {
      if (!method) break;
      const v = await call({ type: 'setOrderShipping', orderId, method });
      if (v) {
        this.view = v;
        this.notice = `Shipping method set to ${SHIPPING_LABELS[v.shipping.method]}.`;
      }
      break;
    }
    case 'sync': {
      const status = await call({ type: 'syncNow' });
      const v = await call({ type: 'getOrder', orderId });
      if (v) this.view = v;
      else if (status.bigcartel.state !== 'ok') this.error = status.bigcartel.message;
      else this.notice = `Big Cartel does not list order ${orderId} among the orders read so far.`;
      break;
    }
    case 'reload': {
      const v = await call({ type: 'getOrder', orderId });
      this.loadError = '';
      this.view = v;
      break;
    }
    case 'report':
      await saveReport.call(this);
      break;
  }
}

/**
 * Download a copy of the page for a bug report: scripts removed, the customer's details (from
 * the extension's copy of the order) replaced; everything masked when the order is unknown.
 */
async function saveReport(this: ActionPage): Promise<void> {
  const { doc } = this.env;
  const orderId = this.orderId;
  let build: typeof pageReport;
  try {
    build = await loadOnDemand<typeof pageReport>(REPORT_MODULE, REPORT_KEY, REPORT_LOAD_ERROR);
  } catch (err) {
    this.error = messageOf(err);
    return;
  }
  const terms = this.view && orderId ? await call({ type: 'reportTerms', orderId }) : null;
  if (this.env.signal.aborted) return;
  const n = this.unplaced.length;
  const reason = this.view ? `${n} item${n === 1 ? '' : 's'} not placed on the page` : 'the order was not found';
  const note = `Inkthreadable overlay page report: ${this.env.url.pathname} (${reason}), saved ${new Date().toISOString()}`;
  const html = build(doc, terms, note);
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = `inkthreadable-page-report-${(orderId || 'page').replace(/[^\w-]+/g, '_')}.html`;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  this.notice = `Page saved for a bug report (${terms ? "the customer's details replaced" : 'its text masked'}): check it before you send it.`;
}
