import type { StatusView } from '@/lib/protocol';
import { formatCount, fullDateTime, timeAgo } from '../shared/format';
import { Spinner } from '../shared/Spinner';

interface Props {
  status: StatusView | null;
  /** a "Sync now" started here is running */
  busy: boolean;
  error: string | null;
  now: Date;
  onSync: () => void;
}

/** "Sync now", when the last sync was, and a progress bar while the import or a sync runs. */
export function SyncPanel({ status, busy, error, now, onSync }: Props) {
  const imp = status?.import?.running ? status.import : null;
  const running = busy || !!status?.syncing || !!imp;
  return (
    <section class="sync" aria-label="Sync">
      <div class="sync-row">
        <button
          type="button"
          class="primary"
          aria-disabled={running ? 'true' : undefined}
          onClick={() => !running && onSync()}
        >
          {running && <Spinner />}
          Sync now
        </button>
        <p class="muted last-sync" aria-live="polite">
          {status?.lastSyncAt ? (
            <span title={fullDateTime(status.lastSyncAt)}>Last synced {timeAgo(status.lastSyncAt, now)}</span>
          ) : status ? (
            'Not synced yet'
          ) : (
            ''
          )}
        </p>
      </div>
      {running && <Progress read={imp?.read ?? null} total={imp?.total ?? null} />}
      {error && (
        <p class="notice error" role="alert">
          Sync failed: {error}
        </p>
      )}
    </section>
  );
}

function Progress({ read, total }: { read: number | null; total: number | null }) {
  const label =
    read === null
      ? 'Checking for new orders…'
      : total !== null
        ? `Importing orders: ${formatCount(read)} of ${formatCount(total)}`
        : `Importing orders: ${formatCount(read)} so far`;
  const determinate = read !== null && total !== null && total > 0;
  const pct = determinate ? Math.min(100, Math.round((read / total) * 100)) : 0;
  return (
    <div class="progress">
      <p id="sync-progress-label" class="progress-label">
        {label}
      </p>
      <div
        class={`bar${determinate ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-labelledby="sync-progress-label"
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? total : undefined}
        aria-valuenow={determinate ? read : undefined}
        aria-valuetext={determinate ? `${formatCount(read)} of ${formatCount(total)} orders` : undefined}
      >
        <span style={{ width: determinate ? `${pct}%` : undefined }} />
      </div>
    </div>
  );
}
