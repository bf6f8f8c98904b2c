import { useEffect, useRef } from 'preact/hooks';
import type { OrderListEntry } from '@/lib/protocol';
import { formatCount, fullDateTime, inkStatusText, shortDate } from '../shared/format';
import { Spinner } from '../shared/Spinner';
import { adminOrderUrl, INKTHREADABLE_PAY_URL, newTabClick } from './openers';

export interface Page {
  total: number;
  entries: OrderListEntry[];
}

/** What the merchant has to do about an order, in words. */
function whatIsMissing(e: OrderListEntry): string {
  // A refusal, or what Inkthreadable showed that the merchant must decide on (a duplicate, an
  // unconfirmed send, an order that may be Inkthreadable's own integration's).
  if (e.message) return e.message;
  return e.label;
}

function LoadingRows({ label }: { label: string }) {
  return (
    <div class="loading" role="status">
      <Spinner /> {label}
    </div>
  );
}

interface NeedsProps {
  page: Page | null;
  error: string | null;
  adminOrigin: string;
  /** an empty list means "nothing to do" only once Big Cartel is connected and imported */
  emptyText: string;
  loadingMore: boolean;
  /** index of the first entry added by "Show more": it takes the focus */
  focusFrom: number | null;
  onMore: () => void;
}

export function NeedsActionList({ page, error, adminOrigin, emptyText, loadingMore, focusFrom, onMore }: NeedsProps) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusFrom === null) return;
    listRef.current?.children[focusFrom]?.querySelector('a')?.focus();
  }, [focusFrom]);
  return (
    <section class="orders" aria-labelledby="needs-heading">
      <h2 id="needs-heading">
        Orders needing action
        {page && page.total > 0 && <span class="count"> ({formatCount(page.total)})</span>}
      </h2>
      {page === null ? (
        error ? (
          <p class="empty">Orders could not be loaded.</p>
        ) : (
          <LoadingRows label="Loading orders…" />
        )
      ) : (
        <>
          {error && (
            <p class="notice error" role="alert">
              Could not refresh: {error}
            </p>
          )}
          {page.entries.length === 0 ? (
            <p class="empty">{emptyText}</p>
          ) : (
            <ul class="order-list" aria-label="Orders needing action" ref={listRef}>
              {page.entries.map((e) => {
                const url = adminOrderUrl(adminOrigin, e.id);
                return (
                  <li key={e.id}>
                    <a class="order" href={url} onClick={newTabClick(url)}>
                      <span class="order-line">
                        <span class="order-id">{e.id}</span>
                        {e.createdAt && (
                          <time class="muted" dateTime={e.createdAt} title={fullDateTime(e.createdAt)}>
                            {shortDate(e.createdAt)}
                          </time>
                        )}
                      </span>
                      <span class="customer">{e.customerName || 'No customer name'}</span>
                      <span class={`missing ${e.state}`}>{whatIsMissing(e)}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          )}
          {page.entries.length < page.total && (
            <div class="more">
              <span class="muted" id="needs-shown">
                Showing {formatCount(page.entries.length)} of {formatCount(page.total)}
              </span>
              <button
                type="button"
                onClick={onMore}
                aria-disabled={loadingMore ? 'true' : undefined}
                aria-describedby="needs-shown"
              >
                {loadingMore && <Spinner />}
                Show more
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

interface RecentProps {
  page: Page | null;
  error: string | null;
  adminOrigin: string;
}

export function RecentSentList({ page, error, adminOrigin }: RecentProps) {
  return (
    <section class="orders" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recently sent</h2>
      {page && error && (
        <p class="notice error" role="alert">
          Could not refresh: {error}
        </p>
      )}
      {page === null ? (
        error ? (
          <p class="empty">Sent orders could not be loaded.</p>
        ) : (
          <LoadingRows label="Loading sent orders…" />
        )
      ) : page.entries.length === 0 ? (
        <p class="empty">No orders sent to Inkthreadable yet.</p>
      ) : (
        <ul class="order-list" aria-label="Recently sent">
          {page.entries.map((e) => {
            const url = adminOrderUrl(adminOrigin, e.id);
            const status = e.ink?.deleted ? 'Deleted in Inkthreadable' : inkStatusText(e.ink?.status ?? '');
            const unpaid = !e.ink?.deleted && e.ink?.status.trim().toLowerCase() === 'received';
            const idRef = `sent-${e.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
            return (
              <li key={e.id} class="sent">
                <a class="order" href={url} onClick={newTabClick(url)}>
                  <span class="order-line">
                    <span class="order-id" id={idRef}>
                      {e.id}
                    </span>
                    {e.createdAt && (
                      <time class="muted" dateTime={e.createdAt} title={fullDateTime(e.createdAt)}>
                        {shortDate(e.createdAt)}
                      </time>
                    )}
                  </span>
                  <span class="customer">{e.customerName || 'No customer name'}</span>
                  <span class={`ink-status${unpaid ? ' unpaid' : ''}`}>
                    {status}
                    {e.ink?.trackingNumber ? ` · tracking ${e.ink.trackingNumber}` : ''}
                  </span>
                </a>
                {unpaid && (
                  <a
                    class="pay"
                    href={INKTHREADABLE_PAY_URL}
                    onClick={newTabClick(INKTHREADABLE_PAY_URL)}
                    aria-describedby={idRef}
                  >
                    Pay in Inkthreadable
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {page && page.total > page.entries.length && (
        <p class="muted small">
          The {formatCount(page.entries.length)} most recent of {formatCount(page.total)} sent orders.
        </p>
      )}
    </section>
  );
}
