/** @jsxImportSource @/lib/content/ui/dom */
import type { Child } from './dom/jsx-runtime';
import type { ItemInfo, OrderView } from '@/lib/protocol';
import { SHIPPING_LABELS, SHIPPING_METHODS, type ShippingMethod } from '@/lib/types';
import { optionLabel } from '@/lib/links';
import { StatusMark } from './StatusMark';
import { LinkButton, type OpenLink } from './LinkButton';

/** Inkthreadable's page listing the account's orders, where unpaid orders are paid. */
export const INK_ORDERS_URL = 'https://www.inkthreadable.co.uk/account/orders';

export type PanelAction = 'send' | 'complete' | 'shipping' | 'sync' | 'reload' | 'report';

export interface OrderPanelProps {
  orderId: string;
  /** undefined while loading, null when the extension does not know the order */
  view: OrderView | null | undefined;
  /** getOrder failed: in words */
  loadError: string;
  /** items the page does not show (or that could not be placed) */
  unplaced: readonly ItemInfo[];
  busy: PanelAction | null;
  /** the shipping method being set (busy 'shipping'), shown until the answer comes */
  shippingPending?: ShippingMethod | null;
  /** the last action's error, in words */
  error: string;
  /** the last action's outcome, in words */
  notice: string;
  onSend(): void;
  onComplete(): void;
  onShipping(method: ShippingMethod): void;
  onSync(): void;
  onReload(): void;
  /** save a copy of the page (personal details replaced) for a bug report */
  onReport(): void;
  onLink: OpenLink;
}

const COMPLETE_STATES = new Set(['sent', 'nothing-to-fulfil', 'history']);

/** "Review draft order" while anything needs the merchant or is still a draft; "View order" once complete. */
function panelHeading(view: OrderView): string {
  return COMPLETE_STATES.has(view.state) ? 'View order' : 'Review draft order';
}

const SOURCE_WORDS = {
  order: 'chosen for this order',
  country: "default for the customer's country",
  default: 'store default',
  'unknown-country': "the customer's country is unknown: choose the method for this order",
} as const;

function Busy({
  busy,
  label,
  busyLabel,
  onClick,
  primary,
}: {
  busy: boolean;
  label: string;
  busyLabel: string;
  onClick(): void;
  primary?: boolean;
}) {
  return (
    <button
      type="button"
      class={primary ? 'btn btn-primary' : 'btn'}
      aria-disabled={busy ? 'true' : undefined}
      aria-busy={busy ? 'true' : undefined}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        if (!busy) onClick();
      }}
    >
      {busy ? busyLabel : label}
    </button>
  );
}

function itemLine(item: ItemInfo): string {
  return `${optionLabel(item.productName, item.optionName)} × ${item.quantity}`;
}

function Actions(p: OrderPanelProps & { view: OrderView }) {
  const { view, busy } = p;
  const anyBusy = busy !== null;
  switch (view.state) {
    case 'needs-linking': {
      const linked = view.items.filter((i) => i.disposition === 'linked').length;
      const hint =
        linked > 0
          ? `Sends the ${linked} linked item${linked === 1 ? '' : 's'} now and leaves the ${view.toLink} unlinked out.`
          : `Nothing is linked yet: this marks the order as having nothing for Inkthreadable.`;
      return (
        <div class="row">
          <Busy
            busy={busy === 'complete'}
            label="Complete without unlinked items"
            busyLabel="Completing…"
            onClick={anyBusy ? () => undefined : p.onComplete}
          />
          <span class="hint">{hint}</span>
        </div>
      );
    }
    case 'ready': {
      // "In a moment" only while nothing stands in the way: a service refusing or not answering,
      // or the order already late, and the merchant gets the button instead.
      const showSend = !view.autoSendPending || !!view.message || !!view.overdue || !!view.serviceProblems?.length;
      return (
        <div class="row">
          {showSend ? (
            <Busy
              busy={busy === 'send'}
              label="Send to Inkthreadable"
              busyLabel="Sending…"
              onClick={anyBusy ? () => undefined : p.onSend}
              primary
            />
          ) : (
            <span class="muted">It will be sent to Inkthreadable automatically in a moment.</span>
          )}
          {!view.paymentComplete ? <span class="hint">Big Cartel has not marked this order as paid.</span> : null}
        </div>
      );
    }
    case 'failed':
      return (
        <div class="row">
          <Busy
            busy={busy === 'send'}
            label="Retry"
            busyLabel="Sending…"
            onClick={anyBusy ? () => undefined : p.onSend}
            primary
          />
        </div>
      );
    case 'sending':
      // Unconfirmed after the one automatic retry (or held with what Inkthreadable showed): the merchant decides.
      return view.needsAction ? (
        <div class="row">
          <Busy
            busy={busy === 'send'}
            label="Send to Inkthreadable"
            busyLabel="Sending…"
            onClick={anyBusy ? () => undefined : p.onSend}
            primary
          />
        </div>
      ) : null;
    default:
      return null;
  }
}

function Shipping(p: OrderPanelProps & { view: OrderView }) {
  const { view } = p;
  if (view.state === 'history' || view.state === 'nothing-to-fulfil') return null;
  const locked = view.state === 'sent' || view.state === 'sending';
  // The country is unknown while per-country methods exist: nothing is preselected, so that the
  // merchant's choice (the store default included) is a change the worker hears of.
  const unknown = view.shipping.source === 'unknown-country' && !locked;
  const shown = p.shippingPending ?? (unknown ? '' : view.shipping.method);
  const id = 'ink-shipping';
  return (
    <div class="row">
      <label for={id} class="label">
        Shipping method
      </label>
      {/* Busy, it stays enabled (a disabled select would drop the keyboard's focus) and shows the
          method being set; a change meanwhile is put back. */}
      <select
        id={id}
        value={shown}
        disabled={locked}
        aria-disabled={p.busy !== null ? 'true' : undefined}
        aria-busy={p.busy === 'shipping' ? 'true' : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const select = e.currentTarget as HTMLSelectElement;
          const method = select.value as ShippingMethod;
          if (p.busy !== null) select.value = shown;
          else if (method && (unknown || method !== view.shipping.method)) p.onShipping(method);
        }}
      >
        {unknown ? (
          <option value="" disabled>
            Choose…
          </option>
        ) : null}
        {SHIPPING_METHODS.map((m) => (
          <option value={m} key={m}>
            {SHIPPING_LABELS[m]}
          </option>
        ))}
      </select>
      <span class="hint" id={`${id}-hint`}>
        {locked ? 'used for this order' : SOURCE_WORDS[view.shipping.source]}
      </span>
    </div>
  );
}

function SentFacts({ view }: { view: OrderView }) {
  const ink = view.ink;
  if (!ink) return null;
  return (
    <>
      <dl class="facts">
        <dt>Inkthreadable order</dt>
        <dd>{ink.id}</dd>
        <dt>Status</dt>
        <dd>{ink.deleted ? 'deleted in Inkthreadable' : ink.status || 'unknown'}</dd>
        {ink.trackingNumber ? (
          <>
            <dt>Tracking number</dt>
            <dd>{ink.trackingNumber}</dd>
          </>
        ) : null}
      </dl>
      {ink.status === 'received' && !ink.deleted ? (
        <p class="row">
          <a class="btn btn-primary" href={INK_ORDERS_URL} target="_blank" rel="noopener noreferrer">
            Pay in Inkthreadable
          </a>
          <span class="hint">Inkthreadable starts printing once the order is paid.</span>
        </p>
      ) : null}
    </>
  );
}

function Unplaced(p: OrderPanelProps) {
  const items = p.unplaced;
  if (items.length === 0) return null;
  return (
    <div>
      <p class="label">
        {items.length === 1 ? 'This item is' : `These ${items.length} items are`} not shown beside the page's items:
      </p>
      <UnplacedList label="Items not found on the page" items={items} nameOf={itemLine} onLink={p.onLink} />
      <ReportRow {...p} />
    </div>
  );
}

/** The page could not be read as expected: a copy of it, safe to send, helps fix that. */
function ReportRow(p: OrderPanelProps) {
  return (
    <div class="row">
      <Busy
        busy={p.busy === 'report'}
        label="Save this page for a bug report"
        busyLabel="Saving…"
        onClick={p.busy !== null ? () => undefined : p.onReport}
      />
      <span class="hint">No scripts, no customer details.</span>
    </div>
  );
}

/** The order panel: a region named "Inkthreadable" near the top of the order page. */
export function OrderPanel(p: OrderPanelProps) {
  const { view } = p;
  let heading = 'Review draft order';
  let body: Child;
  if (view === undefined) {
    if (p.loadError) {
      body = (
        <>
          <p class="alert" role="alert">
            {p.loadError}
          </p>
          <div class="row">
            <Busy busy={p.busy === 'reload'} label="Try again" busyLabel="Loading…" onClick={p.onReload} />
          </div>
        </>
      );
    } else {
      body = <p class="muted">Loading…</p>;
    }
  } else if (view === null) {
    heading = 'Order not synced yet';
    body = (
      <>
        <p>Order {p.orderId} is not in the extension yet: it is read from Big Cartel every few minutes.</p>
        <div class="row">
          <Busy busy={p.busy === 'sync'} label="Check Big Cartel now" busyLabel="Checking…" onClick={p.onSync} />
        </div>
        <ReportRow {...p} />
      </>
    );
  } else {
    heading = panelHeading(view);
    body = (
      <>
        <p class="state">
          {view.label}
          {view.completedWithout ? <span class="muted"> · completed without unlinked items</span> : null}
        </p>
        {view.message &&
        (view.state === 'failed' || view.state === 'sending' || view.state === 'ready' || view.state === 'sent') ? (
          <p class={view.state === 'failed' || view.needsAction ? 'alert' : 'muted'}>{view.message}</p>
        ) : null}
        {view.serviceProblems?.map((p) => (
          <p class="alert" role="alert" key={p}>
            {p}
          </p>
        ))}
        {view.overdue && !view.serviceProblems?.includes(view.overdue.reason) ? (
          <p class="alert" role="alert">
            {view.overdue.reason}
          </p>
        ) : null}
        <Shipping {...p} view={view} />
        <Actions {...p} view={view} />
        <SentFacts view={view} />
        <Unplaced {...p} />
      </>
    );
  }
  return (
    <PanelFrame heading={heading} notice={p.notice} error={p.error}>
      {body}
    </PanelFrame>
  );
}

/** A panel of the overlay: a region named "Inkthreadable", its heading, its body, its news. */
export function PanelFrame({
  heading,
  notice,
  error,
  children,
}: {
  heading: string;
  notice: string;
  error: string;
  children: Child;
}) {
  return (
    // biome-ignore lint/a11y/noRedundantRoles: kept explicit, the panel is found by [role="region"] (tests, the Firefox run)
    <section class="panel" role="region" aria-label="Inkthreadable">
      <div class="panel-head">
        <span class="brand" aria-hidden="true">
          Inkthreadable
        </span>
        <h2 tabindex={-1}>{heading}</h2>
      </div>
      {children}
      <PanelMessages notice={notice} error={error} />
    </section>
  );
}

/** Items the page does not show, each with its mark and link button, listed in a panel. */
export function UnplacedList({
  label,
  items,
  nameOf,
  onLink,
}: {
  label: string;
  items: readonly ItemInfo[];
  nameOf(item: ItemInfo): string;
  onLink: OpenLink;
}) {
  return (
    <ul class="unplaced" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} data-ink-item={item.id}>
          <StatusMark disposition={item.disposition} />
          <span class="name">{nameOf(item)}</span>
          <LinkButton item={item} onOpen={onLink} />
        </li>
      ))}
    </ul>
  );
}

/** A panel's news (announced politely) and its error (announced at once). */
function PanelMessages({ notice, error }: { notice: string; error: string }) {
  return (
    <>
      <p class={notice ? 'notice' : 'sr'} role="status">
        {notice}
      </p>
      {error ? (
        <p class="alert" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
