import { DEFAULT_ADMIN_ORIGIN } from '@/lib/hosts';
import type { StatusView } from '@/lib/protocol';
import type { DueAmount } from '@/lib/views';
import { formatCount } from '../shared/format';
import { adminOrderUrl, INKTHREADABLE_PAY_URL, newTabClick, openSettings } from './openers';

/** "£55.52" (and "£55.52 + $10.00" across currencies); "" when the total is not known. */
export function dueText(due: readonly DueAmount[] | null): string {
  if (!due || due.length === 0) return '';
  return due
    .map(({ amount, currency }) => {
      try {
        return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
      } catch {
        return `${amount.toFixed(2)} ${currency}`;
      }
    })
    .join(' + ');
}

type AttentionView = NonNullable<StatusView['attention']>;

const orderUrl = (status: StatusView, id: string) => adminOrderUrl(status.adminOrigin || DEFAULT_ADMIN_ORIGIN, id);

function SettingsUnreadable() {
  return (
    <div class="notice error" role="alert">
      <p>
        Your settings could not be read (another version of the extension may have written them). Automatic sending is
        off until you turn it on again in Settings.
      </p>
      <button type="button" onClick={openSettings}>
        Open settings
      </button>
    </div>
  );
}

/** Another browser (or tool) sends this store's orders too: keep automatic sending in one. */
function OtherSender({ orderId }: { orderId: string }) {
  return (
    <div class="notice warn" role="status">
      <p>
        Another browser with this extension (or another tool) is sending this store's orders too: order {orderId} also
        reached Inkthreadable from it. Keep automatic sending on in one browser only: two sending the same order at the
        same moment can create it twice.
      </p>
      <button type="button" onClick={openSettings}>
        Open settings
      </button>
    </div>
  );
}

function OverdueOrders({ status, overdue }: { status: StatusView; overdue: AttentionView['overdue'] }) {
  return (
    <section class="orders overdue" aria-labelledby="overdue-heading">
      <h2 id="overdue-heading">
        Not sent yet <span class="count">({formatCount(overdue.length)})</span>
      </h2>
      <ul class="order-list" aria-label="Orders not sent yet">
        {overdue.map((o) => {
          const url = orderUrl(status, o.id);
          return (
            <li key={o.id}>
              <a class="order" href={url} onClick={newTabClick(url)}>
                <span class="order-line">
                  <span class="order-id">{o.id}</span>
                </span>
                <span class="missing failed">{o.reason}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function UnreadableOrders({
  status,
  unreadable,
}: {
  status: StatusView;
  unreadable: NonNullable<AttentionView['unreadable']>;
}) {
  const one = unreadable.count === 1;
  return (
    <section class="orders unreadable" aria-labelledby="unreadable-heading">
      <h2 id="unreadable-heading">
        Could not be read <span class="count">({formatCount(unreadable.count)})</span>
      </h2>
      <p class="muted">
        Big Cartel listed {one ? 'an order' : 'orders'} the extension could not read, so nothing was sent for{' '}
        {one ? 'it' : 'them'}. Fulfil {one ? 'it' : 'them'} by hand in Big Cartel, or correct {one ? 'it' : 'them'}{' '}
        there and sync again.
      </p>
      <ul class="order-list" aria-label="Orders that could not be read">
        {unreadable.items.map((p, i) => {
          const url = p.id ? orderUrl(status, p.id) : '';
          return (
            <li key={p.id || `unnamed-${i}`}>
              {url ? (
                <a class="order" href={url} onClick={newTabClick(url)}>
                  <span class="order-line">
                    <span class="order-id">{p.id}</span>
                  </span>
                  <span class="missing failed">{p.message}</span>
                </a>
              ) : (
                <span class="order">
                  <span class="missing failed">{p.message}</span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Unpaid({ unpaid }: { unpaid: NonNullable<AttentionView['unpaid']> }) {
  const due = dueText(unpaid.due ?? null);
  return (
    <fieldset class="notice warn unpaid" aria-label="Waiting for payment">
      <p>
        {unpaid.count === 1 ? '1 order waits' : `${formatCount(unpaid.count)} orders wait`} for payment in Inkthreadable
        {due ? `: ${due} due` : ''}. Printing starts once paid.
      </p>
      <a class="pay" href={INKTHREADABLE_PAY_URL} onClick={newTabClick(INKTHREADABLE_PAY_URL)}>
        Pay in Inkthreadable
      </a>
    </fieldset>
  );
}

/**
 * What the badge counts besides the orders needing action, each explained: settings that could
 * not be read, orders that should have gone out and have not (with the reason), orders waiting
 * for payment at Inkthreadable (how many, and what they come to when known).
 */
export function Attention({ status }: { status: StatusView | null }) {
  if (!status) return null;
  const a = status.attention;
  const overdue = a?.overdue ?? [];
  const unpaid = a?.unpaid;
  return (
    <>
      {status.settingsUnreadable && <SettingsUnreadable />}
      {status.otherSender && <OtherSender orderId={status.otherSender.orderId} />}
      {overdue.length > 0 && <OverdueOrders status={status} overdue={overdue} />}
      {a?.unreadable && a.unreadable.count > 0 && <UnreadableOrders status={status} unreadable={a.unreadable} />}
      {unpaid && unpaid.count > 0 && <Unpaid unpaid={unpaid} />}
    </>
  );
}
